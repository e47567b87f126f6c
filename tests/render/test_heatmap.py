"""The workshop heatmap as geometry: whole dimension names over the columns, a cell per role and
dimension, the two sides of a perception gap marked."""

from __future__ import annotations

from aiopgap.render.heatmap import heatmap
from tests.conftest import EXAMPLES
from tests.render.chart_fixtures import WORKSHOP, report_of


def test_the_columns_carry_whole_dimension_names() -> None:
    report = report_of(WORKSHOP)
    grid = heatmap(report)
    assert grid is not None
    for (_, _, lines, name), dimension in zip(grid.columns, report.dimensions, strict=True):
        assert name == dimension.name
        assert " ".join(line for line, _ in lines if line) == name  # wrapped, never cut, for the bundled questionnaire
        assert len(lines) == 3  # always three tspans: a name's length never changes the drawing's elements


def test_a_cell_per_role_and_dimension_with_the_gap_marked() -> None:
    report = report_of(WORKSHOP)
    grid = heatmap(report)
    assert grid is not None
    assert report.workshop is not None
    assert len(grid.cells) == len(report.workshop.roles) * len(report.workshop.dimensions)
    assert {c.mark for c in grid.cells} == {"", "high", "low"}
    assert grid.title.startswith("Orbital Insurance (2026-Q3)")


def test_one_respondent_has_no_heatmap() -> None:
    assert heatmap(report_of(EXAMPLES / "lumen-2026-Q3.yaml")) is None
