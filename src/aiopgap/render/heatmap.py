"""The workshop's roles x dimensions heatmap, as geometry: ``report_templates/heatmap.svg.j2`` places it.

One drawing serves the HTML report (included inline) and the chart file ``heatmap.svg`` of
``report --charts``; :func:`grid` draws any rows x columns of scores the same way (the portfolio's
units x dimensions). A row per role, a column per dimension; each cell is the role's score on a light
red-amber-green scale, grey where the role gave no level; the two sides of a dimension's perception
gap are outlined and marked ▲ (highest) and ▼ (lowest).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
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
    values = []
    for dim in workshop.dimensions:
        scores = {r.role: r.score for r in dim.by_role}
        values.append([scores.get(role) for role in roles])
    return grid(
        f"{report.organisation} ({report.period}): each role's score per dimension, 0 to {report.scale_max}",
        [d.name for d in workshop.dimensions],
        roles,
        values,
        report.scale_max,
        marks=[[marks.get((d.id, role), "") for role in roles] for d in workshop.dimensions],
    )


def grid(
    title: str,
    columns: Sequence[str],
    rows: Sequence[str],
    values: Sequence[Sequence[float | None]],
    scale_max: int,
    *,
    marks: Sequence[Sequence[str]] | None = None,
    empty: str = "no level given",
    cell_w: int = HEAT_CELL_W,
    wrap_at: int = 15,
    title_note: str | None = None,
    legend_note: str | None = None,
) -> Heatmap:
    """The geometry of any rows x columns heatmap: ``values[i][j]`` is column ``i``'s value in row ``j``
    (None: an empty grey cell, titled ``empty``), ``marks`` outline the cells marked "high" or "low"."""
    names = [wrap(name, wrap_at, 3) for name in columns]
    placed = tuple(
        (HEAT_LABEL_WIDTH + cell_w * (i + 0.5), 50.0 - 15 * (len(lines) - 1), stacked(lines, 3, 15), name)
        for i, (name, lines) in enumerate(zip(columns, names, strict=True))
    )
    cells = []
    for i, name in enumerate(columns):
        for j, row in enumerate(rows):
            value = values[i][j]
            shown = score(value)
            cells.append(
                HeatCell(
                    x=HEAT_LABEL_WIDTH + cell_w * i,
                    y=HEAT_HEADER + HEAT_CELL_H * j,
                    fill=heat_colour(value, scale_max),
                    text=shown,
                    title=f"{row}, {name}: {empty if value is None else shown}",
                    mark="" if marks is None else marks[i][j],
                )
            )
    height = HEAT_HEADER + HEAT_CELL_H * len(rows)
    notes = {"title_note": title_note, "legend_note": legend_note}
    return Heatmap(
        title=title,
        width=HEAT_LABEL_WIDTH + cell_w * len(columns) + 8,
        height=height + HEAT_LEGEND,
        columns=placed,
        rows=tuple((HEAT_HEADER + HEAT_CELL_H * (j + 0.5) + 5, row) for j, row in enumerate(rows)),
        cells=tuple(cells),
        cell_w=cell_w,
        cell_h=HEAT_CELL_H,
        legend=tuple(
            (HEAT_LABEL_WIDTH + 44.0 * i, heat_colour(float(level), scale_max), str(level))
            for i, level in enumerate(scale_ticks(scale_max))
        ),
        legend_y=height + 14,
        label_x=HEAT_LABEL_WIDTH - 10,
        **{key: note for key, note in notes.items() if note is not None},
    )
