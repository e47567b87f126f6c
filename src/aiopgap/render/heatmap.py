"""The workshop's roles x dimensions heatmap, as geometry: ``report_templates/heatmap.svg.j2`` places it.

One drawing serves the HTML report (included inline) and the chart file ``heatmap.svg`` of
``report --charts``. A row per role, a column per dimension; each cell is the role's score on a light
red-amber-green scale, grey where the role gave no level; the two sides of a dimension's perception
gap are outlined and marked ▲ (highest) and ▼ (lowest).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

from aiopgap.model.report import Report
from aiopgap.render.charts import scale_ticks, stacked, wrap
from aiopgap.render.vocabulary import score

HEAT_LABEL_WIDTH = 230
HEAT_HEADER = 62
HEAT_CELL_W = 132
HEAT_CELL_H = 36
HEAT_LEGEND = 62


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
    title: str
    columns: tuple[tuple[float, float, tuple[tuple[str, int], ...], str], ...]
    """(centre x, baseline of the first line, the dimension name as (line, dy) tspans, the full name)."""
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
    title_note: str = "; outlined cells are the two sides of a perception gap"
    """Said after the title: what the outlines mean (the workshop's), or anything else the drawing adds."""
    legend_note: str = "▲ highest and ▼ lowest role of a perception gap (outlined); – no level given"


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
    names = [wrap(d.name, 15, 3) for d in workshop.dimensions]
    columns = tuple(
        (HEAT_LABEL_WIDTH + HEAT_CELL_W * (i + 0.5), 50.0 - 15 * (len(lines) - 1), stacked(lines, 3, 15), d.name)
        for i, (d, lines) in enumerate(zip(workshop.dimensions, names, strict=True))
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
        title=f"{report.organisation} ({report.period}): each role's score per dimension, 0 to {report.scale_max}",
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
