"""The trend's lines for a slide, as geometry: ``report_templates/trend.svg.j2`` places it.

One chart, every dimension and the overall score over the periods, on the fixed 0..scale_max scale
of :func:`aiopgap.render.charts.line_chart` (whose geometry each line is), with titled axes and a
legend beside it. A period without a score breaks that line, and the legend says so in words
("no score in 2026-Q1") rather than with a mark.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiopgap.model.trend import Series, Trend
from aiopgap.render.charts import Chart, line_chart, wrap
from aiopgap.render.vocabulary import score

WIDTH = 980
PLOT_RIGHT = 330
"""Room right of the plot, for the legend."""
MARGINS = (84.0, PLOT_RIGHT, 48.0, 70.0)
LEGEND_LINE = 16
LEGEND_CHARACTERS = 34
DETAIL_CHARACTERS = 40
MIN_HEIGHT = 480

PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#8c6d31", "#7f7f7f")
"""Colours told apart by most readers, colour-blind ones included; the overall line is black."""
DASHES = ("", "7 4", "2 3")
"""After the palette runs out, the colours come back with another dash pattern."""


@dataclass(frozen=True)
class Line:
    name: str
    colour: str
    dash: str
    width: float
    chart: Chart
    """The line's geometry: its runs of scored periods and its points."""
    legend_y: float
    legend: tuple[str, ...]
    """The name, in lines."""
    detail: tuple[str, ...]
    """The latest score, and the periods without one in words, in lines."""


@dataclass(frozen=True)
class Lines:
    width: int
    height: int
    title: str
    left: float
    right: float
    top: float
    bottom: float
    grid: tuple[tuple[float, str], ...]
    ticks: tuple[tuple[float, str], ...]
    y_title: str
    x_title: str
    legend_x: float
    lines: tuple[Line, ...]


def _detail(series: Series) -> str:
    scored = [p for p in series.points if p.score is not None]
    latest = f"latest {score(scored[-1].score)} ({scored[-1].period})" if scored else "never scored"
    missing = [p.period for p in series.points if p.score is None]
    if missing and scored:
        latest += "; no score in " + ", ".join(missing)
    return latest


def _style(index: int) -> tuple[str, str]:
    return PALETTE[index % len(PALETTE)], DASHES[(index // len(PALETTE)) % len(DASHES)]


def trend_lines(trend: Trend) -> Lines:
    every = [trend.overall, *trend.dimensions]
    texts = [(wrap(s.name, LEGEND_CHARACTERS), wrap(_detail(s), DETAIL_CHARACTERS, 4)) for s in every]
    legend_rows = sum(len(names) + len(detail) for names, detail in texts)
    height = max(MIN_HEIGHT, int(MARGINS[2] + legend_rows * LEGEND_LINE + len(every) * 10 + 20))
    lines = []
    y = MARGINS[2] + 4
    for index, (series, (names, detail)) in enumerate(zip(every, texts, strict=True)):
        overall = index == 0
        colour, dash = ("#1d2430", "") if overall else _style(index - 1)
        chart = line_chart(trend.periods, series.scores, trend.scale_max, None, WIDTH, height, MARGINS)
        lines.append(Line(series.name, colour, dash, 4.0 if overall else 2.5, chart, y, names, detail))
        y += (len(names) + len(detail)) * LEGEND_LINE + 10
    frame = lines[0].chart
    return Lines(
        width=WIDTH,
        height=height,
        title=f"{trend.subject}: score by period, {trend.periods[0]} to {trend.periods[-1]}",
        left=frame.left,
        right=frame.right,
        top=frame.top,
        bottom=frame.bottom,
        grid=frame.grid,
        ticks=frame.ticks,
        y_title=f"Score (0 to {trend.scale_max})",
        x_title="Assessment period",
        legend_x=frame.right + 36,
        lines=tuple(lines),
    )
