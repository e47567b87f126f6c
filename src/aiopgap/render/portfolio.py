"""The portfolio in every format: the terminal tables here, Markdown and HTML from
``report_templates/portfolio.{md,html}.j2`` (the HTML with a units x dimensions heatmap drawn by
``heatmap.svg.j2``), JSON from the model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from aiopgap.model.portfolio import Node, Portfolio
from aiopgap.render.formats import Document, Format
from aiopgap.render.heatmap import Heatmap, grid
from aiopgap.render.stacked import fitted
from aiopgap.render.text import user
from aiopgap.render.vocabulary import score

WIDTH = 160
"""Columns of the terminal form written to a file."""
INDENT_LIMIT = 12
"""Deeper units are indented no further (their depth is still stated)."""
CELL_W = 124
NOT_ASSESSED = "not assessed itself"
LIST_LIMIT = 8
"""The most unit names a spread or a roll-up's missing children lists; past it, how many more."""


def document(result: Portfolio) -> Document:
    return Document("portfolio", result, lambda: renderables(result), lambda: context(result), WIDTH)


def render(result: Portfolio, fmt: Format, template_dir: Path | None = None) -> str:
    """``result`` as text in ``fmt``; the same portfolio always gives the same text."""
    return document(result).render(fmt, template_dir)


def heading(result: Portfolio) -> str:
    units = len(result.units())
    assessed = sum(1 for n in result.units() if n.assessed)
    return (
        f"{result.organisation}  ·  {result.period}  ·  {units} units ({assessed} assessed)  ·  "
        f"roll-ups {result.weighting()}"
    )


def indent(node: Node) -> str:
    return "  " * min(node.depth, INDENT_LIMIT)


def listed(names: Sequence[str], limit: int = LIST_LIMIT) -> str:
    """Names joined with commas; past ``limit`` of them, the first few and how many more."""
    if len(names) <= limit:
        return ", ".join(names)
    return ", ".join(names[: limit - 1]) + f" and {len(names) - limit + 1} more"


def extreme(names: Sequence[str], value: float | None) -> str:
    """The units at one end of a spread, with their score: ``Markets (2.28)``; – when there is no spread."""
    return f"{listed(names)} ({score(value)})" if names else "–"


def rests_on(node: Node) -> str:
    """How many children a parent's roll-up rests on and, per dimension, which are missing, in words."""
    if node.rollup_overall is None:
        return ""
    count = len(node.children)
    text = f"{node.rollup_overall.children} of {count} {'child' if count == 1 else 'children'}"
    for rolled in (*node.rollup, node.rollup_overall):
        if rolled.missing:
            text += f"; {rolled.id}: missing {listed(rolled.missing)}"
    return text


def context(result: Portfolio) -> dict[str, Any]:
    return {
        "portfolio": result,
        "heading": heading(result),
        "weighting": result.weighting(),
        "parents": result.parents(),
        "indents": [min(n.depth, INDENT_LIMIT) for n in result.nodes],
        "heatmap": heatmap(result),
        "not_assessed": NOT_ASSESSED,
        "extremes": [(extreme(s.highest, s.high), extreme(s.lowest, s.low)) for s in result.spreads],
    }


def renderables(result: Portfolio) -> list[RenderableType]:
    items: list[RenderableType] = [user(heading(result), style="bold")]
    if len(result.questionnaires) > 1:
        items.append(user("Questionnaires: " + ", ".join(result.questionnaires), style="dim"))
    items.append(fitted(_units_table(result)))
    items.append(fitted(_findings_table(result)))
    if result.parents():
        items.append(fitted(_rollup_table(result)))
    items.append(fitted(_spread_table(result)))
    if result.absent:
        items.append(fitted(_absent_table(result)))
    return items


def _table(title: str) -> Table:
    return Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)


def _units_table(result: Portfolio) -> Table:
    table = _table(f"Units side by side, {result.period} (scores 0 to {result.scale_max})")
    table.add_column("Unit")
    for ref in result.dimensions:
        table.add_column(user(ref.id), justify="right", no_wrap=True)
    table.add_column("Overall", justify="right", no_wrap=True)
    table.add_column("Maturity")
    for node in result.nodes:
        name = user(indent(node) + node.name, style="bold" if node.depth == 0 else "")
        if not node.assessed:
            why = NOT_ASSESSED + (f" (last {node.last_period})" if node.last_period else "")
            table.add_row(
                name, *[Text("") for _ in result.dimensions], Text(""), user(why, style="dim"), Text(""), Text("")
            )
            continue
        table.add_row(
            name,
            *[Text(score(d.score)) for d in node.dimensions],
            Text(score(node.overall.score if node.overall else None)),
            user((node.overall.maturity if node.overall else None) or "not scored"),
        )
    return table


def _findings_table(result: Portfolio) -> Table:
    table = _table("Flagged symptoms and contradicted claims per unit")
    table.add_column("Unit")
    table.add_column("Flagged symptoms")
    table.add_column("Contradicted claims")
    for node in result.nodes:
        if node.assessed:
            table.add_row(
                user(node.name), user(", ".join(node.flagged) or "–"), user(", ".join(node.contradicted) or "–")
            )
    return table


def _rollup_table(result: Portfolio) -> Table:
    table = _table(
        f"Roll-up over each parent's direct children, {result.weighting()}; a child without a score is left out, "
        "never counted as zero"
    )
    table.add_column("Parent")
    for ref in result.dimensions:
        table.add_column(user(ref.id), justify="right", no_wrap=True)
    table.add_column("Overall", justify="right", no_wrap=True)
    table.add_column("Maturity")
    table.add_column("Rests on")
    for node in result.parents():
        table.add_row(
            user(node.name, style="bold"),
            *[Text(score(r.score)) for r in node.rollup],
            Text(score(node.rollup_overall.score if node.rollup_overall else None)),
            user((node.rollup_overall.maturity if node.rollup_overall else None) or "not scored"),
            user(rests_on(node)),
        )
        if node.assessed and node.overall is not None:
            table.add_row(
                user("  its own assessment", style="dim"),
                *[Text(score(d.score), style="dim") for d in node.dimensions],
                Text(score(node.overall.score), style="dim"),
                user(node.overall.maturity or "not scored", style="dim"),
            )
    return table


def _spread_table(result: Portfolio) -> Table:
    table = _table("Spread between assessed units (highest minus lowest)")
    table.add_column("Dimension")
    table.add_column("Spread", justify="right", no_wrap=True)
    table.add_column("Highest")
    table.add_column("Lowest")
    for s in result.spreads:
        table.add_row(
            user(s.name),
            Text(score(s.width)),
            user(extreme(s.highest, s.high)),
            user(extreme(s.lowest, s.low)),
        )
    return table


def _absent_table(result: Portfolio) -> Table:
    table = _table(f"Not assessed in {result.period}: left out of every roll-up")
    table.add_column("Unit")
    table.add_column("Latest period")
    table.add_column("File")
    for a in result.absent:
        table.add_row(user(a.name), user(a.period), user(a.file))
    return table


def heatmap(result: Portfolio) -> Heatmap | None:
    """The assessed nodes x dimensions (and overall) heatmap, each cell coloured by its score."""
    rows = [n for n in result.nodes if n.assessed]
    if not rows:
        return None
    values = [[d.score for d in n.dimensions] + [n.overall.score if n.overall else None] for n in rows]
    return grid(
        f"{result.organisation} ({result.period}): each unit's score per dimension, 0 to {result.scale_max}",
        [d.name for d in result.dimensions] + ["Overall"],
        [n.name for n in rows],
        [list(column) for column in zip(*values, strict=True)],
        result.scale_max,
        empty="not scored",
        cell_w=CELL_W,
        title_note="",
        legend_note="– not scored",
    )
