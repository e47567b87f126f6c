"""The HTML report: one self-contained file rendered from ``report_templates/report.html.j2``.

Everything is inline (CSS, the SVG radar chart); the page loads nothing, runs no
script and its Content-Security-Policy forbids both, so it can be mailed,
archived or printed to PDF as it is. User text is autoescaped by Jinja.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from aiopgap import __version__
from aiopgap.render.templates import render_template
from aiopgap.results import Report

TEMPLATE = "report.html.j2"

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


def _angle(i: int, n: int) -> float:
    return -math.pi / 2 + 2 * math.pi * i / n


def _point(i: int, n: int, value: float, scale_max: int) -> tuple[float, float]:
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
    rings = tuple((level, _points([_point(i, n, level, top) for i in range(n)])) for level in range(1, top + 1))
    current = [_point(i, n, d.score or 0.0, top) for i, d in enumerate(dims)]
    targets = [(i, d.target) for i, d in enumerate(dims) if d.target is not None]
    target_points = tuple(_point(i, n, t, top) for i, t in targets)
    full_target = len(targets) == len(dims) and len(dims) >= 3
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
    )


def render(report: Report, template_dir: Path | None = None) -> str:
    return render_template(TEMPLATE, template_dir, report=report, radar=radar(report), version=__version__)
