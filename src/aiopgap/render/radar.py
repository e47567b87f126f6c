"""The radar of dimension scores, as geometry: ``report_templates/radar.svg.j2`` only places it.

One drawing serves the HTML report (included inline) and the chart file ``radar.svg`` that
``report --charts`` writes for slides, so the two always agree. What it shows:

* rings at every level, labelled along the line halfway between the first two spokes, each label
  on a light background so neither the filled area nor a target marker hides it;
* the current scores as a filled outline (and the evidenced scores and the targets as dashed ones);
  an unscored dimension has no point at all: the outlines skip it and its label says "not scored";
* a dimension scored from less than half of its questions gets a hollow point and "low coverage";
* the legend beside the chart, not below it.

Every number is written by :func:`aiopgap.render.vocabulary.score`, as the tables write it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from aiopgap.model.report import DimensionResult, Report
from aiopgap.render.charts import scale_ticks, stacked, wrap
from aiopgap.render.vocabulary import score

RADIUS = 180
PAD_X = 170
"""Room left and right of the rings for the axis labels."""
PAD_Y = 76
"""Room above and below the rings for the axis labels."""
CENTRE_X = PAD_X + RADIUS
CENTRE_Y = PAD_Y + RADIUS
LEGEND_X = 2 * CENTRE_X + 16
LEGEND_WIDTH = 220
WIDTH = LEGEND_X + LEGEND_WIDTH
HEIGHT = 2 * CENTRE_Y
LABEL_GAP = 14
LINE = 17
"""Baseline to baseline of the label lines."""
NAME_CHARACTERS = 20
"""Characters of a dimension name per label line (two lines at most)."""
LEGEND_CHARACTERS = 26


@dataclass(frozen=True)
class LabelLine:
    text: str
    kind: str
    """"name", "score" or "warning" (low coverage, not scored)."""
    dy: int
    """How far below the line before it (0 for the first, and for the empty padding of short names)."""


@dataclass(frozen=True)
class Axis:
    id: str
    name: str
    x: float
    y: float
    """The spoke's end, on the outer ring."""
    label_x: float
    label_y: float
    """Baseline of the first label line."""
    anchor: str
    lines: tuple[LabelLine, ...]
    score: float | None
    target: float | None


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    hollow: bool
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    """Baseline of the label (the background box is drawn around it)."""
    text: str
    box_x: float
    box_y: float
    box_width: float


@dataclass(frozen=True)
class LegendItem:
    kind: str
    """"current", "evidenced", "target", "low", "missing" or "note": what swatch is drawn."""
    y: float
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Radar:
    """Geometry of the radar chart, precomputed so templates only place elements."""

    width: int
    height: int
    view_box: str
    centre_x: float
    centre_y: float
    radius: float
    title: str
    axes: tuple[Axis, ...]
    rings: tuple[tuple[int, str], ...]
    """(level, polygon points) for each grid ring from 1 to scale_max."""
    ticks: tuple[Tick, ...]
    current: str | None
    """Polygon points of the scored dimensions' current scores (an unscored one is skipped)."""
    current_points: tuple[Point, ...]
    target: str | None
    """Polygon points of the targets, when every dimension has one."""
    target_points: tuple[Point, ...]
    evidenced: str | None
    """Polygon points of the evidenced scores (score x confidence); None when every scored dimension
    rests wholly on evidence, so the two outlines are the same."""
    legend_x: float
    legend: tuple[LegendItem, ...]


def _angle(i: float, n: int) -> float:
    return -math.pi / 2 + 2 * math.pi * i / n


def _at(i: float, n: int, distance: float) -> tuple[float, float]:
    a = _angle(i, n)
    return round(CENTRE_X + distance * math.cos(a), 1) + 0.0, round(CENTRE_Y + distance * math.sin(a), 1) + 0.0


def _distance(value: float, scale_max: int) -> float:
    if scale_max <= 0 or not math.isfinite(value):
        return 0.0
    return RADIUS * max(0.0, min(value, scale_max)) / scale_max


def _points(pairs: list[tuple[float, float]] | list[Point]) -> str:
    return " ".join(f"{p[0]:g},{p[1]:g}" if isinstance(p, tuple) else f"{p.x:g},{p.y:g}" for p in pairs)


def _label_lines(d: DimensionResult, low: bool) -> tuple[LabelLine, ...]:
    value, target = d.score, d.target
    lines = [LabelLine(part, "name", dy) for part, dy in stacked(wrap(d.name, NAME_CHARACTERS), 2, LINE)]
    if value is None:
        lines.append(LabelLine("not scored", "warning", LINE))
        return tuple(lines)
    lines.append(LabelLine(score(value) + ("" if target is None else f" · target {score(target)}"), "score", LINE))
    if low:
        lines.append(LabelLine("low coverage", "warning", LINE))
    return tuple(lines)


def _axis(i: int, n: int, d: DimensionResult, low: bool) -> Axis:
    x, y = _at(i, n, RADIUS)
    lx, ly = _at(i, n, RADIUS + LABEL_GAP)
    cos, sin = math.cos(_angle(i, n)), math.sin(_angle(i, n))
    anchor = "middle" if abs(cos) < 0.2 else ("start" if cos > 0 else "end")
    lines = _label_lines(d, low)
    block = sum(line.dy for line in lines)
    if sin < -0.2:  # above the centre: the block ends at the label point
        first = ly - block - 2
    elif sin > 0.2:  # below: it starts there
        first = ly + 13
    else:
        first = ly - block / 2 + 5
    return Axis(d.id, d.name, x, y, lx, round(first, 1) + 0.0, anchor, lines, d.score, d.target)


def _ticks(n: int, top: int) -> tuple[Tick, ...]:
    ticks = []
    for level in scale_ticks(top):
        if level <= 0:
            continue
        x, y = _at(0.5, n, _distance(level, top))  # halfway between the first two spokes
        text = str(level)
        width = 8.0 * len(text) + 8
        ticks.append(Tick(x, round(y + 4.5, 1), text, round(x - width / 2, 1), round(y - 9, 1), width))
    return tuple(ticks)


def _legend(
    current: bool, evidenced: bool, cited: bool, target: bool, low: bool, missing: bool, top: int
) -> tuple[LegendItem, ...]:
    entries = [("current", "Current score")] if current else []
    if evidenced and cited:
        entries.append(("evidenced", "Evidenced score (score × confidence)"))
    elif evidenced:  # an outline at the centre would look like a chart error
        entries.append(("note", "No answer cites evidence, so there is no evidenced outline"))
    if target:
        entries.append(("target", "Target"))
    if low:
        entries.append(("low", "Hollow point: low coverage, scored from under half of its questions"))
    if missing:
        entries.append(("missing", "Not scored: no point is drawn and the outline skips it"))
    entries.append(("note", f"Rings mark levels 1 to {top}" if top > 1 else "Scale 0 to 1"))
    items, y = [], 40.0
    for kind, text in entries:
        lines = wrap(text, LEGEND_CHARACTERS, 4)
        items.append(LegendItem(kind, y, lines))
        y += LINE * len(lines) + 14
    return tuple(items)


def radar(report: Report) -> Radar:
    dims = report.dimensions
    n = max(len(dims), 3)
    top = report.scale_max
    lows = [d.low_coverage() for d in dims]
    axes = tuple(_axis(i, n, d, lows[i]) for i, d in enumerate(dims))
    levels = [level for level in scale_ticks(top) if level > 0]
    rings = tuple((level, _points([_at(i, n, _distance(level, top)) for i in range(n)])) for level in levels)
    current = [
        Point(*_at(i, n, _distance(d.score, top)), lows[i], f"{d.name}: {score(d.score)}")
        for i, d in enumerate(dims)
        if d.score is not None
    ]
    targets = [
        Point(*_at(i, n, _distance(d.target, top)), False, f"{d.name}: target {score(d.target)}")
        for i, d in enumerate(dims)
        if d.target is not None
    ]
    differs = any(d.confidence is not None and d.confidence < 1 for d in dims if d.score is not None)
    cited = any((d.evidenced_score or 0) > 0 for d in dims if d.score is not None)
    evidenced = [
        _at(i, n, _distance(d.evidenced_score, top))
        for i, d in enumerate(dims)
        if d.score is not None and d.evidenced_score is not None
    ]
    missing = any(d.score is None for d in dims)
    title = f"{report.subject()} ({report.period}): current score"
    title += (", evidenced score" if differs and cited else "") + (" and target" if targets else "")
    title += f" per dimension, 0 to {top}"
    return Radar(
        width=WIDTH,
        height=HEIGHT,
        view_box=f"0 0 {WIDTH} {HEIGHT}",
        centre_x=CENTRE_X,
        centre_y=CENTRE_Y,
        radius=RADIUS,
        title=title,
        axes=axes,
        rings=rings,
        ticks=_ticks(n, top),
        current=_points(current) if current else None,
        current_points=tuple(current),
        target=_points(targets) if len(targets) == len(dims) >= 3 else None,
        target_points=tuple(targets),
        evidenced=_points(evidenced) if differs and cited and evidenced else None,
        legend_x=LEGEND_X,
        legend=_legend(bool(current), differs, cited, bool(targets), any(lows), missing, top),
    )
