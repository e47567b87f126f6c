"""Formatting helpers shared by the diff and trend outputs."""

from __future__ import annotations

from aiopgap.analysis.changes import change
from aiopgap.render.compare import delta, gap_word, line_chart, pct_delta, span


def test_delta_shows_direction_and_sign() -> None:
    assert delta(change(1.0, 1.5)) == "▲ +0.50"
    assert delta(change(2.0, 1.8)) == "▼ -0.20"
    assert delta(change(2.0, 2.0)) == "= 0.00"
    assert delta(change(None, 2.0)) == "new"
    assert pct_delta(change(0.8, 0.91)) == "▲ +11 pts"


def test_gap_words_read_a_falling_gap_as_closing() -> None:
    assert gap_word(change(1.0, 0.75)) == "closing by 0.25"
    assert gap_word(change(0.5, 0.75)) == "widening by 0.25"
    assert gap_word(change(None, 0.75)) == ""
    assert span("Emerging", "Emerging") == "Emerging"
    assert span("Emerging", "Defined") == "Emerging → Defined"


def test_line_chart_scales_to_the_fixed_range_and_breaks_at_gaps() -> None:
    chart = line_chart(["a", "b", "c", "d"], [0.0, 4.0, None, 2.0], 4, target=3.0, width=340, height=150)
    assert [p.label for p in chart.points] == ["a", "b", "d"]
    zero, four, two = chart.points
    assert zero.y == chart.bottom
    assert four.y == chart.top
    assert two.y == (chart.top + chart.bottom) / 2
    assert chart.lines == (f"{zero.x},{zero.y} {four.x},{four.y}",)  # d stands alone after the gap
    assert chart.target_y is not None
    assert chart.top < chart.target_y < two.y
    assert [label for _, label in chart.grid] == ["0", "1", "2", "3", "4"]
    assert chart.ticks[0][0] == chart.left
    assert chart.ticks[-1][0] == chart.right
