"""Every chart, as geometry or text: templates and terminal tables only place what is computed here.

* text charts: :func:`text_bar` (a score bar) and :func:`sparkline` (one block per period);
* :func:`line_chart`: a small SVG line chart of one score over periods (diff and trend pages);
* :func:`radar` and :func:`heatmap`: the HTML report's radar of dimension scores and its
  roles x dimensions heatmap;
* :func:`scale_ticks`: where any of them draws its scale lines, bounded whatever the scale.

Every function is total: a scale of 0, a negative, infinite or huge maximum, NaN or infinite values
give a bounded drawing, never an error or a loop.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from aiopgap.model.report import Report
from aiopgap.render.sandbox import bounded
from aiopgap.render.vocabulary import score


def _share(value: float, maximum: float) -> float:
    """Where ``value`` sits on a 0..``maximum`` scale, from 0 to 1 (0 when the scale is unusable)."""
    return max(0.0, min(value, maximum)) / maximum if 0 < maximum < math.inf else 0.0


# --------------------------------------------------------------------------- text charts


def text_bar(value: float | None, maximum: float, width: int = 20) -> str:
    width = bounded(width, "bar width", 1_000)
    if value is None or not math.isfinite(value) or not math.isfinite(maximum) or maximum <= 0:
        return "·" * width
    filled = round(width * max(0.0, min(value, maximum)) / maximum)
    return "█" * filled + "░" * (width - filled)


def scale_ticks(maximum: float, most: int = 10) -> list[int]:
    """Where a chart draws its scale lines from 0 to ``maximum``: every whole level, or an even step
    (2, 5, 10, 20, ...) that keeps them to at most ``most`` + 1, however large the scale."""
    if not isinstance(maximum, int) and not math.isfinite(maximum):
        return [0]
    if maximum <= 0:
        return [0]
    step = 1
    if maximum > most:
        power = 10 ** max(0, int(math.log10(maximum / most)) - 1)
        step = next(m * p for p in (power, power * 10, power * 100) for m in (1, 2, 5) if maximum // (m * p) <= most)
    return [i * step for i in range(int(maximum // step) + 1)]


_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], maximum: float) -> str:
    """One block character per value on a fixed 0..maximum scale; ``·`` where there is no score."""
    out = []
    for value in values:
        if value is None:
            out.append("·")
        else:
            out.append(_BLOCKS[round(_share(value, maximum) * (len(_BLOCKS) - 1))])
    return "".join(out)


# --------------------------------------------------------------------------- SVG line chart


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    """Geometry of a small line chart; the template draws it as inline SVG."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    lines: tuple[str, ...]
    """SVG ``points`` strings, one per run of consecutive scored periods."""
    points: tuple[ChartPoint, ...]
    grid: tuple[tuple[float, str], ...]
    """(y, label) of the horizontal scale lines."""
    ticks: tuple[tuple[float, str], ...]
    """(x, label) of the periods."""
    target_y: float | None


def line_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    maximum: float,
    target: float | None = None,
    width: int = 340,
    height: int = 150,
) -> Chart:
    left, right, top, bottom = 36.0, width - 30.0, 12.0, height - 28.0

    def x_at(i: int) -> float:
        if len(labels) == 1:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * i / (len(labels) - 1), 1)

    def y_at(value: float) -> float:
        return round(bottom - (bottom - top) * _share(value, maximum), 1)

    lines: list[str] = []
    run: list[str] = []
    points = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
            continue
        x, y = x_at(i), y_at(value)
        run.append(f"{x},{y}")
        points.append(ChartPoint(x, y, label, score(value, 2)))
    if len(run) > 1:
        lines.append(" ".join(run))
    grid = tuple((y_at(v), str(v)) for v in scale_ticks(maximum))
    ticks = tuple((x_at(i), label) for i, label in enumerate(labels))
    return Chart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        tuple(lines),
        tuple(points),
        grid,
        ticks,
        None if target is None else y_at(target),
    )


# --------------------------------------------------------------------------- the HTML report's charts


SIZE = 440
CENTRE = SIZE / 2
RADIUS = 140
LABEL_GAP = 18
MARGIN = 80


@dataclass(frozen=True)
class Axis:
    id: str
    name: str
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    score: float | None
    target: float | None


@dataclass(frozen=True)
class Radar:
    """Geometry of the radar chart, precomputed so templates only place elements."""

    size: int
    view_box: str
    """Wider than the chart so that axis labels left and right are never clipped."""
    centre: float
    radius: float
    axes: tuple[Axis, ...]
    rings: tuple[tuple[int, str], ...]
    """(level, polygon points) for each grid ring from 1 to scale_max."""
    current: str
    """Polygon points of the current scores (an unscored dimension sits at 0)."""
    target: str | None
    """Polygon points of the targets, when every dimension has one."""
    target_points: tuple[tuple[float, float], ...]
    """A marker per dimension that has a target (for partial targets)."""
    current_points: tuple[tuple[float, float], ...]
    evidenced: str | None = None
    """Polygon points of the evidenced scores (score x confidence), drawn beside the current ones; None
    when every scored dimension rests wholly on evidence, so the two outlines are the same."""


def _angle(i: int, n: int) -> float:
    return -math.pi / 2 + 2 * math.pi * i / n


def _point(i: int, n: int, value: float, scale_max: int) -> tuple[float, float]:
    if scale_max <= 0 or not math.isfinite(value):
        value, scale_max = 0.0, 1
    r = RADIUS * max(0.0, min(value, scale_max)) / scale_max
    a = _angle(i, n)
    return round(CENTRE + r * math.cos(a), 1) + 0.0, round(CENTRE + r * math.sin(a), 1) + 0.0


def _points(pairs: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:g},{y:g}" for x, y in pairs)


def radar(report: Report) -> Radar:
    dims = report.dimensions
    n = max(len(dims), 3)
    top = report.scale_max
    axes = []
    for i, d in enumerate(dims):
        x, y = _point(i, n, top, top)
        a = _angle(i, n)
        lx = round(CENTRE + (RADIUS + LABEL_GAP) * math.cos(a), 1) + 0.0
        ly = round(CENTRE + (RADIUS + LABEL_GAP) * math.sin(a) + 4, 1) + 0.0
        anchor = "middle" if abs(lx - CENTRE) < 1 else ("start" if lx > CENTRE else "end")
        axes.append(Axis(d.id, d.name, x, y, lx, ly, anchor, d.score, d.target))
    levels = [level for level in scale_ticks(top) if level > 0]
    rings = tuple((level, _points([_point(i, n, level, top) for i in range(n)])) for level in levels)
    current = [_point(i, n, d.score or 0.0, top) for i, d in enumerate(dims)]
    targets = [(i, d.target) for i, d in enumerate(dims) if d.target is not None]
    target_points = tuple(_point(i, n, t, top) for i, t in targets)
    full_target = len(targets) == len(dims) and len(dims) >= 3
    differs = any(d.confidence is not None and d.confidence < 1 for d in dims)
    evidenced = [_point(i, n, d.evidenced_score or 0.0, top) for i, d in enumerate(dims)] if differs else None
    return Radar(
        size=SIZE,
        view_box=f"{-MARGIN} 0 {SIZE + 2 * MARGIN} {SIZE}",
        centre=CENTRE,
        radius=RADIUS,
        axes=tuple(axes),
        rings=rings,
        current=_points(current),
        target=_points(list(target_points)) if full_target else None,
        target_points=target_points,
        current_points=tuple(current),
        evidenced=None if evidenced is None else _points(evidenced),
    )


HEAT_LABEL_WIDTH = 230
HEAT_HEADER = 34
HEAT_CELL_W = 120
HEAT_CELL_H = 36
HEAT_LEGEND = 40


@dataclass(frozen=True)
class HeatCell:
    x: float
    y: float
    fill: str
    text: str
    title: str
    mark: str
    """"high" or "low" where this role is on that side of a dimension's perception gap, else ""."""


@dataclass(frozen=True)
class Heatmap:
    """Geometry of the roles x dimensions heatmap: a row per role, a column per dimension."""

    width: int
    height: int
    columns: tuple[tuple[float, str], ...]
    """(centre x, dimension name) per column."""
    rows: tuple[tuple[float, str], ...]
    """(baseline y, role) per row."""
    cells: tuple[HeatCell, ...]
    cell_w: int
    cell_h: int
    legend: tuple[tuple[float, str, str], ...]
    """(x, fill, level) swatches from 0 to scale_max."""
    legend_y: float
    label_x: float
    """Where role labels end (they are right-aligned to the cells)."""


def heat_colour(score: float | None, scale_max: int) -> str:
    """A light fill from red (0) through amber to green (scale_max); grey when there is no score."""
    if score is None or not math.isfinite(score) or scale_max <= 0:
        return "#eef0f3"
    share = max(0.0, min(score / scale_max, 1.0))
    stops = ((0.0, (0xF4, 0xA5, 0x9C)), (0.5, (0xF7, 0xD9, 0x8B)), (1.0, (0x9F, 0xD8, 0xA9)))
    for (a, ca), (b, cb) in itertools.pairwise(stops):
        if share <= b + 1e-9:
            t = (share - a) / (b - a)
            rgb = tuple(round(x + (y - x) * t) for x, y in zip(ca, cb, strict=True))
            return "#" + "".join(f"{c:02x}" for c in rgb)
    return "#9fd8a9"  # pragma: no cover


def heatmap(report: Report) -> Heatmap | None:
    workshop = report.workshop
    if workshop is None or not workshop.dimensions or not workshop.roles:
        return None
    roles = [g.role for g in workshop.roles]
    marks: dict[tuple[str, str], str] = {}
    for gap in workshop.gaps:
        if gap.kind == "dimension":
            for role in gap.high.roles:
                marks[(gap.ref, role)] = "high"
            for role in gap.low.roles:
                marks[(gap.ref, role)] = "low"
    columns = tuple(
        (HEAT_LABEL_WIDTH + HEAT_CELL_W * (i + 0.5), d.name.split(" ")[0]) for i, d in enumerate(workshop.dimensions)
    )
    rows = tuple((HEAT_HEADER + HEAT_CELL_H * (j + 0.5) + 5, role) for j, role in enumerate(roles))
    cells = []
    for i, dim in enumerate(workshop.dimensions):
        scores = {r.role: r.score for r in dim.by_role}
        for j, role in enumerate(roles):
            value = scores.get(role)
            shown = score(value)
            cells.append(
                HeatCell(
                    x=HEAT_LABEL_WIDTH + HEAT_CELL_W * i,
                    y=HEAT_HEADER + HEAT_CELL_H * j,
                    fill=heat_colour(value, report.scale_max),
                    text=shown,
                    title=f"{role}, {dim.name}: {'no level given' if value is None else shown}",
                    mark=marks.get((dim.id, role), ""),
                )
            )
    height = HEAT_HEADER + HEAT_CELL_H * len(roles)
    legend = tuple(
        (HEAT_LABEL_WIDTH + 44.0 * i, heat_colour(float(level), report.scale_max), str(level))
        for i, level in enumerate(scale_ticks(report.scale_max))
    )
    return Heatmap(
        width=HEAT_LABEL_WIDTH + HEAT_CELL_W * len(workshop.dimensions) + 8,
        height=height + HEAT_LEGEND,
        columns=columns,
        rows=rows,
        cells=tuple(cells),
        cell_w=HEAT_CELL_W,
        cell_h=HEAT_CELL_H,
        legend=legend,
        legend_y=height + 14,
        label_x=HEAT_LABEL_WIDTH - 10,
    )
