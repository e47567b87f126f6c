"""The plan set against the assessments that followed it (``trend --plan``, ``diff --plan``), on the
terminal; Markdown and HTML are ``report_templates/plan_actual.{md,html}.j2``, included by the trend
and diff templates, JSON is the ``plan`` section of their documents."""

from __future__ import annotations

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from aiopgap.model.plan_actual import DimensionStanding, PlanComparison
from aiopgap.render.stacked import fitted
from aiopgap.render.text import user
from aiopgap.render.vocabulary import score

STYLES = {"behind": "bold red", "ahead": "green", "on plan": "", "unknown": "dim"}
MOVE_STYLES = {"done": "green", "partly": "yellow", "not yet": "bold red", "not due": "dim"}


def introduction(plan: PlanComparison) -> str:
    """What was compared with what, under which assumption, and what behind means."""
    within = f"more than {score(plan.tolerance)} above or below" if plan.tolerance else "above or below"
    return (
        f"Plan for {plan.subject} from {plan.baseline}, quarters {', '.join(plan.quarters)}. "
        f"Each assessment is compared with the plan's quarter it falls in; ahead or behind means {within} "
        f"the expected score. Assumption: {plan.assumption}"
    )


def standing_text(d: DimensionStanding) -> str:
    """``1.86 vs 2.20 behind``: the score, the expected one, and the standing when both are known."""
    text = f"{score(d.actual)} vs {score(d.expected)}"
    return text if d.standing == "unknown" else f"{text} {d.standing}"


def renderables(plan: PlanComparison) -> list[RenderableType]:
    items: list[RenderableType] = [Text("Against the plan", style="bold"), user(introduction(plan), "dim")]
    items.append(Text("Each cell: the score vs the score the plan expected, and where that leaves it.", style="dim"))
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)
    table.add_column("Dimension", no_wrap=True)
    for period in plan.periods:
        table.add_column(user(period.period), no_wrap=True)
    table.add_row(Text("Compared with", style="dim"), *[user(p.compared_with, "dim") for p in plan.periods])
    ids: dict[str, str] = {}
    for period in plan.periods:
        ids |= {d.id: d.name for d in period.dimensions if d.id not in ids}
    for did in (*ids, "overall"):
        cells = []
        for period in plan.periods:
            row = period.overall if did == "overall" else next((d for d in period.dimensions if d.id == did), None)
            cells.append(Text("–") if row is None else user(standing_text(row), STYLES[row.standing]))
        table.add_row(user("Overall" if did == "overall" else did), *cells, end_section=did == list(ids)[-1])
    items.append(fitted(table))
    if plan.moves:
        moves = Table(title=user(f"Planned moves at {plan.latest}", "table.title"), title_justify="left")
        for column in ("Quarter", "Practice", "From → to", "Level now", "State"):
            moves.add_column(column, no_wrap=column != "Practice")
        for m in plan.moves:
            moves.add_row(
                user(m.quarter),
                user(m.name),
                Text(f"{score(m.from_level)} → {score(m.to_level)}"),
                Text(score(m.level)),
                Text(m.state, style=MOVE_STYLES[m.state]),
            )
        items.append(fitted(moves))
    return items
