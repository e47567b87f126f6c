"""The radar as a board member reads it: large, its ticks readable, unscored dimensions missing (not
zero), low-coverage dimensions marked, the numbers those of the tables."""

from __future__ import annotations

import math
from pathlib import Path

from aiopgap.render.charts import wrap
from aiopgap.render.radar import RADIUS, radar
from aiopgap.render.vocabulary import score
from tests.conftest import EXAMPLES
from tests.render.chart_fixtures import partial_workshop, report_of


def test_the_radar_is_drawn_large_with_its_legend_beside_it() -> None:
    chart = radar(report_of(EXAMPLES / "meridian-2026-Q3.yaml"))
    assert chart.width >= 420
    assert chart.view_box == f"0 0 {chart.width} {chart.height}"
    assert 2 * chart.radius >= 340
    rightmost_label = max(a.label_x for a in chart.axes)
    assert chart.legend_x > rightmost_label  # beside the chart, not below it
    assert all(item.y < chart.height for item in chart.legend)


def test_labels_use_the_tables_number_format() -> None:
    report = report_of(EXAMPLES / "meridian-2026-Q3.yaml")
    chart = radar(report)
    for axis, dimension in zip(chart.axes, report.dimensions, strict=True):
        texts = [line.text for line in axis.lines]
        assert dimension.score is not None
        assert dimension.target is not None
        assert f"{score(dimension.score)} · target {score(dimension.target)}" in texts
        assert score(dimension.score).count(".") == 1
        assert len(score(dimension.score).split(".")[1]) == 2


def test_tick_labels_sit_between_spokes_on_a_background() -> None:
    chart = radar(report_of(EXAMPLES / "lumen-2026-Q3.yaml"))
    assert [t.text for t in chart.ticks] == ["1", "2", "3", "4"]
    n = len(chart.axes)
    for tick in chart.ticks:
        centre_y = tick.box_y + 8.5
        angle = math.atan2(centre_y - chart.centre_y, tick.x - chart.centre_x)
        spokes = [-math.pi / 2 + 2 * math.pi * i / n for i in range(n)]
        nearest = min(abs(math.remainder(angle - spoke, 2 * math.pi)) for spoke in spokes)
        assert nearest > math.radians(20)  # never on a spoke, where the points and target markers are
        assert tick.box_x < tick.x < tick.box_x + tick.box_width


def test_an_unscored_dimension_has_no_point_and_says_so(tmp_path: Path) -> None:
    report = report_of(partial_workshop(tmp_path))
    metrics = next(d for d in report.dimensions if d.id == "metrics")
    assert metrics.score is None
    chart = radar(report)
    assert len(chart.current_points) == len(report.dimensions) - 1
    assert chart.current is not None
    assert len(chart.current.split()) == len(report.dimensions) - 1
    for point in chart.current_points:  # nothing at the centre
        assert math.hypot(point.x - chart.centre_x, point.y - chart.centre_y) > 0
    axis = next(a for a in chart.axes if a.id == "metrics")
    assert ("not scored", "warning") in [(line.text, line.kind) for line in axis.lines]
    assert any(item.kind == "missing" for item in chart.legend)


def test_a_low_coverage_dimension_gets_a_hollow_point_and_a_word(tmp_path: Path) -> None:
    report = report_of(partial_workshop(tmp_path))
    process = next(d for d in report.dimensions if d.id == "process")
    assert process.low_coverage()
    chart = radar(report)
    hollow = [p for p in chart.current_points if p.hollow]
    assert len(hollow) == 1
    assert "low coverage" in [line.text for line in next(a for a in chart.axes if a.id == "process").lines]
    assert any(item.kind == "low" for item in chart.legend)
    full = radar(report_of(EXAMPLES / "meridian-2026-Q3.yaml"))
    assert not any(p.hollow for p in full.current_points)
    assert not any(item.kind in ("low", "missing") for item in full.legend)


def test_points_sit_at_their_score() -> None:
    report = report_of(EXAMPLES / "northbank-2026-Q3.yaml")
    chart = radar(report)
    for point, dimension in zip(chart.current_points, report.dimensions, strict=True):
        assert dimension.score is not None
        distance = math.hypot(point.x - chart.centre_x, point.y - chart.centre_y)
        assert math.isclose(distance, RADIUS * dimension.score / report.scale_max, abs_tol=0.2)


def test_long_names_wrap_to_two_lines_at_most() -> None:
    assert wrap("Ownership and accountability", 20) == ("Ownership and", "accountability")
    assert wrap("a " * 40, 10) == ("a a a a a", "a a a a a…")
    assert wrap("", 10) == ("",)
    assert all(len(line) <= 12 for line in wrap("Supercalifragilisticexpialidocious words", 12))


def test_with_no_evidence_cited_there_is_no_evidenced_outline_collapsed_at_the_centre() -> None:
    report = report_of(EXAMPLES / "northbank-2026-Q3.yaml")  # every level self-reported: confidence 0
    assert all(d.evidenced_score == 0 for d in report.dimensions)
    chart = radar(report)
    assert chart.evidenced is None
    assert not any(item.kind == "evidenced" for item in chart.legend)
    said = " ".join(" ".join(item.lines) for item in chart.legend)
    assert "No answer cites evidence" in said
