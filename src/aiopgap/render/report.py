"""The report, in every format: the terminal tables here, Markdown and HTML from
``report_templates/report.{md,html}.j2``, JSON from the model.

The HTML report is one self-contained file: everything is inline (CSS, the SVG radar chart and
heatmap of :mod:`aiopgap.render.charts`); the page loads nothing, runs no script and its
Content-Security-Policy forbids both, so it can be mailed, archived or printed to PDF as it is.

rich is imported inside the terminal builders only: the Markdown, HTML and JSON reports never load
it (start-up time: see README, Performance).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from aiopgap import __version__
from aiopgap.model.report import DimensionResult, Report
from aiopgap.model.workshop import WorkshopResult
from aiopgap.render.agreements import agreed_table
from aiopgap.render.charts import text_bar
from aiopgap.render.findings import contradiction_items, quotes, symptom_table, unverified_table
from aiopgap.render.formats import Document, Format
from aiopgap.render.heatmap import heatmap
from aiopgap.render.radar import radar
from aiopgap.render.text import user
from aiopgap.render.vocabulary import claimed, gap, percent, priority, question_score, score

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from aiopgap.render.stacked import Fitted

WIDTH = 100
"""Columns of the terminal form written to a file."""


def document(report: Report, width: int = WIDTH) -> Document:
    return Document(
        "report",
        report,
        lambda: renderables(report),
        lambda: {
            "report": report,
            "subject": report.subject(),  # "Organisation / Unit": the report's title in every format
            "radar": radar(report),
            "heatmap": heatmap(report),
            "version": __version__,
            "mode": mode_statement(report),
            "withheld": withheld_lines(report),
            # the dimensions scored from too few of their questions, marked in the report documents
            "thin": [d.id for d in report.dimensions if d.low_coverage()],
        },
        width,
    )


def render(report: Report, fmt: Format, *, template_dir: Path | None = None, width: int = WIDTH) -> str:
    """``report`` as text in ``fmt``. Identical inputs give identical text."""
    return document(report, width).render(fmt, template_dir)


def mode_statement(report: Report) -> str:
    """Whether ``report`` names its respondents or shows them by role and number, in one sentence."""
    if not report.anonymised:
        return "Named: respondents are shown by name (report --anonymise shows them by role and number instead)."
    statement = (
        "Anonymised: respondents are shown by role and number, roles with fewer than three respondents are "
        "shown as Other roles, and names are taken out of notes."
    )
    few = report.small_fold()
    if few:
        statement += (
            f" Other roles holds only {few} respondent{'s' if few != 1 else ''} here: "
            "who they are may still be guessed from who took part."
        )
    return statement


def withheld_lines(report: Report) -> list[str]:
    """One line per role the workshop section leaves out to keep an anonymised report anonymous."""
    if report.workshop is None:
        return []
    return [
        f"{w.role} ({w.respondents} respondent{'s' if w.respondents != 1 else ''}) not shown separately: "
        "too few to stay anonymous"
        for w in report.workshop.withheld
    ]


def _style(value: float | None, maximum: float) -> str:
    if value is None or not maximum > 0:
        return "dim"
    share = value / maximum
    return "red" if share < 0.35 else "yellow" if share < 0.65 else "green"


def renderables(report: Report) -> list[RenderableType]:
    """The terminal form: each table as it is, or stacked in a terminal too narrow for it."""
    from rich.table import Table

    from aiopgap.render.stacked import fitted

    return [fitted(item) if isinstance(item, Table) else item for item in _sections(report)]


DIMENSION_LABELS = ("Dimension", "Score\nEvidenced score", "", "Maturity", "Target", "Gap", "Coverage\nConfidence")
"""The dimension table's columns, spelled out for its stacked form."""


def _sections(report: Report) -> list[RenderableType]:
    items: list[RenderableType] = [_summary(report), _dimension_table(report), _weakest_table(report)]
    if report.workshop is not None:
        items.extend(workshop_tables(report))
    agreed = agreed_table(report)
    if agreed is not None:
        items.append(agreed)
    unverified = unverified_table(report)
    if unverified is not None:
        items.append(unverified)
    items.extend(contradiction_items(report))
    if report.symptoms:
        items.append(symptom_table(report))
    if report.recommendations:
        items.append(recommendation_table(report))
    if report.inventory is not None:
        items.append(inventory_table(report))
    return items


def _summary(report: Report) -> Panel:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    header = user(report.subject(), style="bold")
    header.append_text(user(f"  ·  {report.period}  ·  {report.questionnaire_title} {report.questionnaire_version}"))
    overall = Text()
    overall.append("Overall ")
    overall.append(
        f"{score(report.score)} / {report.scale_max}", style=f"bold {_style(report.score, report.scale_max)}"
    )
    overall.append_text(user(f"  {report.maturity or 'not scored'}  ·  coverage {percent(report.coverage)}"))
    unverified = sum(d.unverified for d in report.dimensions)
    evidence = claimed(report) + (f" · {unverified} unverified" if unverified else "")
    if report.assessed_on:
        evidence += f" · evidence aged to {report.assessed_on}"
    overall.append_text(user(f"\n{evidence}"))
    if report.respondents:
        names = ", ".join(f"{r.name} ({r.role})" for r in report.respondents)
        overall.append_text(user(f"\nRespondents: {names}", style="dim"))
    if report.anonymised:
        overall.append_text(user(f"\n{mode_statement(report)}", style="dim"))
    return Panel(Group(header, overall), expand=False)


def _dimension_table(report: Report) -> Fitted:
    from rich.table import Table
    from rich.text import Text

    from aiopgap.render.stacked import fitted

    caption = "Second lines: the evidenced score (score x confidence) and the confidence."
    if any(d.low_coverage() for d in report.dimensions):
        caption += "\nLow coverage: scored from fewer than half of its questions; read the score with care."
    table = Table(title="Dimensions", title_justify="left", expand=False, caption=caption, caption_justify="left")
    table.add_column("Dimension", no_wrap=True)  # narrower than its names, the table is stacked
    table.add_column("Score\nevid.", justify="right", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=12)
    table.add_column("Maturity", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)
    table.add_column("Gap", justify="right", no_wrap=True)
    table.add_column("Coverage\nconfid.", justify="right", no_wrap=True)
    for d in report.dimensions:
        style = _style(d.score, report.scale_max)
        table.add_row(
            dimension_name(d),
            Text.assemble((score(d.score), style), (f"\n{score(d.evidenced_score)}", "dim")),
            Text(text_bar(d.score, report.scale_max, 12), style=style),
            user(d.maturity or "not scored", style="" if d.score is not None else "dim"),
            Text(score(d.target)),
            Text(gap(d.gap)),
            Text.assemble(percent(d.coverage), (f"\n{percent(d.confidence)}", "dim")),
        )
    return fitted(table, DIMENSION_LABELS)


def dimension_name(d: DimensionResult) -> Text:
    """A dimension's name with what a reader should weigh its score by, each on a line of its own:
    ``low coverage: 1 of 7 answered`` and ``2 unverified``."""
    from rich.text import Text

    name = user(d.name)
    if d.low_coverage():
        name.append_text(Text(f"\nlow coverage: {d.answered + d.not_applicable} of {d.total} answered", style="red"))
    if d.unverified:
        name.append_text(Text(f"\n{d.unverified} unverified", style="dark_orange"))
    return name


def _weakest_table(report: Report) -> Table:
    from rich.table import Table
    from rich.text import Text

    weakest = Table(title="Lowest-scoring questions", title_justify="left")
    weakest.add_column("Question")
    weakest.add_column("Score", justify="right")
    weakest.add_column("Spread", justify="right")
    weakest.add_column("Confidence", justify="right")
    scored = [q for q in report.questions() if q.score is not None]
    for q in sorted(scored, key=lambda q: (q.score, q.id))[:8]:
        title = user(q.id, style="bold")
        title.append_text(user(f"\n{q.prompt}"))
        weakest.add_row(
            title,
            Text(question_score(q) + (" unverified" if q.unverified else "")),
            Text("–" if q.spread is None else str(q.spread)),
            Text(percent(q.confidence)),
        )
    return weakest


def workshop_tables(report: Report, limit: int = 8) -> list[RenderableType]:
    """The roles x dimensions heatmap, the widest perception gaps and the questions nobody answered."""
    from rich.text import Text

    ws = report.workshop
    assert ws is not None
    items: list[RenderableType] = [_heat_table(report, ws)] if ws.roles else []
    items.extend(user(line, style="dim") for line in withheld_lines(report))
    if ws.gaps:
        items.append(_gap_table(ws, limit))
    else:
        items.append(Text(f"No perception gaps: no roles are {ws.threshold} or more levels apart.", style="dim"))
    unanswered = ", ".join(ws.unanswered) if ws.unanswered else "none"
    items.append(user(f"Questions nobody answered: {unanswered}", style="dim"))
    return items


def _heat_table(report: Report, ws: WorkshopResult) -> Table:
    from rich.table import Table
    from rich.text import Text

    heat = Table(
        title=f"Workshop: {len(report.respondents)} respondents in {len(ws.roles)} roles, score by role",
        title_justify="left",
    )
    heat.add_column("Role", ratio=1, min_width=14)
    for d in ws.dimensions:
        heat.add_column(user(d.name.split(" ")[0]), justify="right", no_wrap=True)
    marks: dict[tuple[str, str], str] = {}
    for item in ws.gaps:
        if item.kind == "dimension":
            marks.update({(item.ref, role): " ▲" for role in item.high.roles})
            marks.update({(item.ref, role): " ▼" for role in item.low.roles})
    for g in ws.roles:
        cells: list[RenderableType] = [user(f"{g.role}\n{', '.join(g.respondents)}")]
        for d in ws.dimensions:
            value = next((r.score for r in d.by_role if r.role == g.role), None)
            cells.append(Text(score(value) + marks.get((d.id, g.role), ""), style=_style(value, report.scale_max)))
        heat.add_row(*cells)
    return heat


def _gap_table(ws: WorkshopResult, limit: int) -> Table:
    from rich.table import Table
    from rich.text import Text

    gaps = Table(
        title=f"Perception gaps: {len(ws.gaps)} ({ws.threshold}+ levels between roles)"
        + (f", widest {limit} shown" if len(ws.gaps) > limit else ""),
        title_justify="left",
    )
    gaps.add_column("Question or dimension", ratio=2)
    gaps.add_column("Apart", justify="right", no_wrap=True)
    gaps.add_column("Higher", ratio=1)
    gaps.add_column("Lower", ratio=1)
    for item in ws.gaps[:limit]:
        label = user(f"{item.ref}\n", style="bold")
        label.append_text(user(item.label))
        notes = [f"“{r.note}” ({r.respondent})" for r in item.notes]
        if notes:
            label.append_text(quotes(notes))
        gaps.add_row(
            label,
            Text(score(item.width)),
            user(f"{'; '.join(item.high.roles)} ({score(item.high.score)})"),
            user(f"{'; '.join(item.low.roles)} ({score(item.low.score)})"),
        )
    return gaps


def recommendation_table(report: Report, limit: int | None = None) -> Table:
    """Every recommendation, or the first ``limit`` with a caption saying how many more there are."""
    from rich.table import Table
    from rich.text import Text

    shown = report.recommendations if limit is None else report.recommendations[:limit]
    more = len(report.recommendations) - len(shown)
    table = Table(
        title="What to do next quarter",
        title_justify="left",
        caption=f"and {more} more (see the HTML report)" if more else None,
        caption_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Practice", ratio=1, min_width=16)
    table.add_column("Priority", justify="right", no_wrap=True)
    table.add_column("First actions", ratio=2)
    for i, rec in enumerate(shown, start=1):
        why = [d.name for d in rec.dimensions] + [s.name for s in rec.symptoms]
        name = user(rec.name, style="bold")
        name.append_text(user("\n" + "; ".join(why), style="dim"))
        actions = user("\n".join(f"• {a}" for a in rec.actions[:2]))
        if rec.passed:
            actions.append(f"\n{rec.passed} earlier step{'s' if rec.passed > 1 else ''} left out", style="dim")
        table.add_row(Text(str(i)), name, Text(priority(rec.priority)), actions)
    return table


def inventory_table(report: Report) -> Table:
    from rich.table import Table

    assert report.inventory is not None
    table = Table(title="AI initiative inventory", title_justify="left")
    table.add_column("Fact")
    table.add_column("Value")
    for fact in report.inventory.facts:
        table.add_row(user(fact.label), user(fact.display))
    return table
