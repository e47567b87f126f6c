"""The plan's timeline, as geometry: ``report_templates/plan_timeline.svg.j2`` draws it inline in the HTML.

Quarters run across (a last column ``Later`` when moves did not fit); one row per practice that has a
move, in the order of its first move, each move a box in its quarter reading ``from → to``; under the
rows, the projected overall score as a line from the baseline through every quarter, on the fixed
0..scale_max scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiopgap.model.plan import Move, Plan
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.render.charts import wrap
from aiopgap.render.vocabulary import score

LABEL_WIDTH = 250
COLUMN = 130
HEADER = 44
ROW = 40
PANEL = 150
"""Height of the overall-score panel under the rows."""
BOTTOM = 34
LABEL_CHARACTERS = 32


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    text: str
    title: str
    moves: int


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    title: str
    column: int
    row: int
    label_x: float
    columns: tuple[tuple[float, str], ...]
    """Each column's centre and its heading (the baseline period first)."""
    rows: tuple[tuple[float, tuple[str, ...]], ...]
    """Each practice row's top and the practice's name in at most two lines, cut to fit."""
    names: tuple[str, ...]
    """Each row's full name, for its tooltip."""
    boxes: tuple[Box, ...]
    panel_top: float
    panel_bottom: float
    points: tuple[Point, ...]
    line: str
    """The overall score's polyline points."""
    grid: tuple[tuple[float, str], ...]


def _level(value: float | None) -> str:
    return score(value)


def timeline(plan: Plan, q: Questionnaire) -> Timeline:
    names = {p.id: p.name for p in q.practices}
    periods = [plan.baseline.period, *(quarter.period for quarter in plan.quarters)]
    headings = [f"{periods[0]} (now)", *periods[1:]] + (["Later"] if plan.later else [])
    placed = [(index + 1, move) for index, quarter in enumerate(plan.quarters) for move in quarter.moves]
    placed += [(len(periods), move) for move in plan.later]
    order: list[str] = []
    for _, move in placed:
        if move.practice not in order:
            order.append(move.practice)
    width = LABEL_WIDTH + COLUMN * len(headings) + 20
    rows_bottom = HEADER + ROW * len(order)
    height = rows_bottom + PANEL + BOTTOM
    centre = [LABEL_WIDTH + COLUMN * i + COLUMN / 2 for i in range(len(headings))]
    row_of = {practice: HEADER + ROW * i for i, practice in enumerate(order)}
    cells: dict[tuple[int, str], list[Move]] = {}
    for column, move in placed:  # the later moves of one practice share its Later cell
        cells.setdefault((column, move.practice), []).append(move)
    boxes = []
    for (column, practice), moves in cells.items():
        text = f"{_level(moves[0].from_level)} → {_level(moves[-1].to_level)}"
        steps = "; ".join(m.step or "no step named" for m in moves)
        title = f"{names.get(practice, practice)}, {headings[column]}: {steps}"
        boxes.append(Box(LABEL_WIDTH + COLUMN * column, row_of[practice], text, title, len(moves)))
    top, bottom = rows_bottom + 24, rows_bottom + PANEL - 10
    scale = max(q.scale_max, 1)

    def y_of(value: float) -> float:
        return round(bottom - (bottom - top) * value / scale, 1)

    overall = [plan.baseline.overall, *(quarter.overall for quarter in plan.quarters)]
    points = tuple(
        Point(round(centre[i], 1), y_of(value), periods[i], score(value))
        for i, value in enumerate(overall)
        if value is not None
    )
    return Timeline(
        width=width,
        height=height,
        title=f"Planned moves by quarter and the projected overall score, {periods[0]} to {periods[-1]}",
        column=COLUMN,
        row=ROW,
        label_x=LABEL_WIDTH - 12,
        columns=tuple((round(c, 1), h) for c, h in zip(centre, headings, strict=True)),
        rows=tuple((row_of[p], wrap(names.get(p, p), LABEL_CHARACTERS, 2)) for p in order),
        names=tuple(names.get(p, p) for p in order),
        boxes=tuple(boxes),
        panel_top=top,
        panel_bottom=bottom,
        points=points,
        line=" ".join(f"{p.x},{p.y}" for p in points),
        grid=tuple((y_of(level), str(level)) for level in range(0, scale + 1)),
    )
