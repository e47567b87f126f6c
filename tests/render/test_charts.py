"""Chart geometry and text charts: fixed scales, gaps in a series."""

from __future__ import annotations

from aiopgap.render.charts import line_chart, sparkline


def test_sparkline_uses_a_fixed_scale() -> None:
    assert sparkline([0, 2, 4, None], 4) == "▁▅█·"
    assert sparkline([2, 2], 4) == "▅▅"  # flat stays flat, not stretched to full height


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
