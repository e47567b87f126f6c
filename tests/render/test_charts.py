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


def test_line_chart_names_the_periods_without_a_score() -> None:
    chart = line_chart(["2026-Q1", "2026-Q2", "2026-Q3"], [1.0, None, 2.0], 4)
    assert chart.missing == ("2026-Q2",)
    assert line_chart(["a", "b"], [1.0, 2.0], 4).missing == ()


def test_trend_pages_draw_readable_titled_charts() -> None:
    import re

    from aiopgap.render.formats import Format
    from aiopgap.render.trend import render
    from tests.render.test_chart_files import trend_of

    trend = trend_of("meridian-2025-Q4.yaml", "meridian-2026-Q1.yaml", "meridian-2026-Q3.yaml")
    first = trend.dimensions[0]
    gap = first.points[1].model_copy(update={"score": None})
    broken = first.model_copy(update={"points": (first.points[0], gap, first.points[2])})
    html = render(trend.model_copy(update={"dimensions": (broken, *trend.dimensions[1:])}), Format.html)
    charts = re.findall(r'<svg class="chart".*?</svg>', html, re.S)
    assert len(charts) == 1 + len(trend.dimensions)
    for svg in charts:
        assert 'font-size="12"' in svg
        assert ">Score</text>" in svg
        assert ">Period" in svg
        assert 'font-size="1' not in svg.replace('font-size="12"', "")  # nothing smaller
    assert f"Period (no score in {gap.period})" in html
    assert "· ·" not in html
