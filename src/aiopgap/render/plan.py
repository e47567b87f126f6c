"""A plan in every format: the terminal tables here, Markdown and HTML from
``report_templates/plan.{md,html}.j2`` (the HTML with the timeline of :mod:`aiopgap.render.plan_timeline`),
JSON the plan document itself (``aiopgap.plan/1``).

Every form says the same things: per quarter its moves (practice, step, from → to) and each
dimension's expected score with its change from the baseline; the moves left for later; the capacity
and the assumption the scores were projected under.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from aiopgap.model.plan import Move, Plan
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.text import visible
from aiopgap.render.formats import Document
from aiopgap.render.plan_timeline import timeline
from aiopgap.render.stacked import fitted
from aiopgap.render.text import user
from aiopgap.render.vocabulary import gap, score

WIDTH = 120
"""Columns of the terminal form written to a file."""
NOTHING = (
    "No moves: nothing is recommended, as no dimension is below its target and no symptom is flagged. "
    "Set targets in the answers file to plan towards them."
)


@dataclass(frozen=True)
class MoveRow:
    practice: str
    name: str
    step: str
    from_level: float | None
    to_level: float | None


@dataclass(frozen=True)
class Expected:
    """One dimension (or the overall score) across the plan: the baseline, then each quarter's score and change."""

    id: str
    name: str
    baseline: float | None
    target: float | None
    scores: tuple[float | None, ...]
    changes: tuple[float | None, ...]
    """Each quarter's expected score minus the baseline."""


@dataclass(frozen=True)
class QuarterRow:
    period: str
    moves: tuple[MoveRow, ...]


@dataclass(frozen=True)
class PlanView:
    """What the plan's templates are given besides the plan itself."""

    subject: str
    heading: str
    quarters: tuple[QuarterRow, ...]
    dimensions: tuple[Expected, ...]
    overall: Expected
    later: tuple[MoveRow, ...]
    unplanned: str
    """The recommended practices given no move, named, or "" when there are none."""
    scale_max: int
    nothing: str
    """Why there are no moves at all, or "" when there are some."""


def _moves(moves: tuple[Move, ...], names: dict[str, str]) -> tuple[MoveRow, ...]:
    return tuple(
        MoveRow(m.practice, names.get(m.practice, m.practice), m.step or "", m.from_level, m.to_level) for m in moves
    )


def _expected(
    id: str, name: str, start: float | None, target: float | None, scores: tuple[float | None, ...]
) -> Expected:
    changes = tuple(None if start is None or s is None else round(s - start, 3) for s in scores)
    return Expected(id, name, start, target, scores, changes)


def view(plan: Plan, q: Questionnaire) -> PlanView:
    names = {p.id: p.name for p in q.practices}
    subject = plan.organisation + ("" if plan.unit is None else f" / {plan.unit}")
    dimensions = tuple(
        _expected(
            d.id,
            d.name,
            plan.baseline.scores.get(d.id),
            plan.targets.get(d.id),
            tuple(quarter.expected.get(d.id) for quarter in plan.quarters),
        )
        for d in q.dimensions
    )
    overall = _expected(
        "overall", "Overall", plan.baseline.overall, None, tuple(quarter.overall for quarter in plan.quarters)
    )
    count = len(plan.quarters)
    heading = (
        f"{subject}  ·  plan from {plan.baseline.period}  ·  {count} quarter{'s' if count != 1 else ''}, "
        f"{plan.quarters[0].period} → {plan.quarters[-1].period}  ·  at most {plan.capacity} "
        f"move{'s' if plan.capacity != 1 else ''} a quarter"
    )
    return PlanView(
        subject=subject,
        heading=heading,
        quarters=tuple(QuarterRow(quarter.period, _moves(quarter.moves, names)) for quarter in plan.quarters),
        dimensions=dimensions,
        overall=overall,
        later=_moves(plan.later, names),
        unplanned=_unplanned(plan, names),
        scale_max=q.scale_max,
        nothing="" if any(quarter.moves for quarter in plan.quarters) or plan.later else NOTHING,
    )


def _unplanned(plan: Plan, names: dict[str, str]) -> str:
    if not plan.unplanned:
        return ""
    listed = ", ".join(names.get(p, p) for p in plan.unplanned)
    return (
        f"Recommended but given no move: {listed}. Every question behind them is at its target already, "
        "so a move would lift nothing."
    )


def document(plan: Plan, q: Questionnaire) -> Document:
    shown = view(plan, q)
    return Document(
        "plan",
        plan,
        lambda: renderables(shown, plan),
        lambda: {"plan": plan, "view": shown, "timeline": timeline(plan, q)},
        WIDTH,
    )


def with_change(value: float | None, change: float | None) -> str:
    """An expected score with its change from the baseline: ``2.50 (+0.22)``."""
    return score(value) if change is None else f"{score(value)} ({gap(change)})"


def renderables(shown: PlanView, plan: Plan) -> list[RenderableType]:
    items: list[RenderableType] = [user(shown.heading, style="bold")]
    if shown.nothing:
        items.append(Text(shown.nothing))
    for quarter in shown.quarters:
        items.append(fitted(_move_table(f"{visible(quarter.period)}: moves", quarter.moves)))
    items.append(fitted(_score_table(shown, plan)))
    if shown.later:
        items.append(fitted(_move_table("Later: moves still needed that did not fit, in order", shown.later)))
    else:
        items.append(Text("Later: nothing; the quarters hold every move the targets need.", style="dim"))
    if shown.unplanned:
        items.append(user(shown.unplanned, style="dim"))
    items.append(user(f"Capacity: at most {plan.capacity} moves a quarter, one per practice.", style="dim"))
    items.append(user("Assumption: " + plan.assumption, style="dim"))
    return items


def _move_table(title: str, moves: tuple[MoveRow, ...]) -> Table:
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("Practice")
    table.add_column("Step")
    table.add_column("From → to", justify="right", no_wrap=True)
    for move in moves:
        table.add_row(
            user(move.name), user(move.step or "–"), Text(f"{score(move.from_level)} → {score(move.to_level)}")
        )
    if not moves:
        table.add_row(Text("no move", style="dim"), Text(""), Text(""))
    return table


def _score_table(shown: PlanView, plan: Plan) -> Table:
    table = Table(
        title="Expected scores (change from baseline)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    table.add_column("Dimension")
    table.add_column(user(f"{plan.baseline.period} (now)"), justify="right", no_wrap=True)
    for quarter in shown.quarters:
        table.add_column(user(quarter.period), justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)
    for row in (*shown.dimensions, shown.overall):
        bold = "bold" if row is shown.overall else ""
        table.add_row(
            user(row.name if row is shown.overall else row.id, style=bold),
            Text(score(row.baseline), style=bold),
            *[Text(with_change(v, c), style=bold) for v, c in zip(row.scores, row.changes, strict=True)],
            Text(score(row.target)),
            end_section=row is shown.dimensions[-1],
        )
    return table
