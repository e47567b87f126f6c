"""The portfolio as a reader sees it: the heatmap's cells, the stated weighting, the roll-up's
missing children, and unit names kept inert in every format."""

from __future__ import annotations

import json
import re

from aiopgap.analysis.portfolio import portfolio
from aiopgap.render.formats import Format
from aiopgap.render.heatmap import heat_colour
from aiopgap.render.portfolio import heatmap, render
from tests.portfolio_helpers import unit_entry


def _sample(weight_by: str | None = None):
    return portfolio(
        [
            unit_entry(
                "Cards", {"ownership": 1, "metrics": 2}, parent="Consumer", sizes={"headcount": 10}, overall=1.5
            ),
            unit_entry(
                "Loans", {"ownership": 3, "metrics": None}, parent="Consumer", sizes={"headcount": 30}, overall=3
            ),
            unit_entry("Markets", {"ownership": 4, "metrics": 0.5}, sizes={"headcount": 40}, overall=2.25),
        ],
        weight_by=weight_by,
    )


def test_every_assessed_unit_has_a_coloured_cell_per_dimension_with_its_score_written() -> None:
    result = _sample()
    grid = heatmap(result)
    assert grid is not None
    assert [label for _, label in grid.rows] == ["Cards", "Loans", "Markets"]
    assert len(grid.cells) == 3 * 3  # two dimensions and overall
    cards_ownership = grid.cells[0]
    assert cards_ownership.text == "1.00"
    assert cards_ownership.fill == heat_colour(1.0, result.scale_max)
    loans_metrics = grid.cells[4]
    assert loans_metrics.text == "–"
    assert loans_metrics.fill == heat_colour(None, result.scale_max)
    html = render(result, Format.html)
    assert html.count('class="cell"') == 9
    assert "perception gap" not in html  # the workshop's words stay in the workshop's heatmap


def test_the_weighting_is_stated_in_every_format() -> None:
    for weight_by, words in ((None, "weighted equally"), ("headcount", "weighted by headcount")):
        result = _sample(weight_by)
        for fmt in (Format.terminal, Format.markdown, Format.html):
            assert words in render(result, fmt), (weight_by, fmt)
        assert json.loads(render(result, Format.json))["weight_by"] == weight_by


def test_a_missing_dimension_is_named_beside_the_roll_up() -> None:
    result = _sample()
    assert "metrics: missing Loans" in render(result, Format.terminal)
    assert "Consumer, metrics: rests on 1 child; missing Loans." in render(result, Format.markdown)
    assert "metrics: missing Loans" in render(result, Format.html)


def test_a_parent_no_file_assesses_is_shown_as_such() -> None:
    result = _sample()
    assert "Consumer" in render(result, Format.terminal)
    assert re.search(r"Consumer.*\n?.*not assessed itself", render(result, Format.markdown))


def test_unit_names_are_inert_in_markdown_html_and_the_terminal() -> None:
    result = portfolio([unit_entry("<b>x</b> | *y*", {"ownership": 1}, parent="[p](javascript:alert(1))\x1b[2J")])
    html = render(result, Format.html)
    assert "<b>x</b>" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    md = render(result, Format.markdown)
    assert "| *y*" not in md
    assert "[p](javascript:" not in md
    assert "\\[p\\](javascript:" in md  # brackets escaped: no link
    assert "\x1b" not in render(result, Format.terminal)
