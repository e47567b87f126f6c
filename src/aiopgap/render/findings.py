"""The report's findings on the terminal: claims tested against the inventory, symptoms with every
signal checked, and the questions whose high levels rest on self-report alone.

The Markdown and HTML forms of the same findings are in ``report_templates/report.{md,html}.j2``; the
words (outcomes, evidence items, the watch line) come from :mod:`aiopgap.render.vocabulary`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiopgap.model.report import ContradictionResult, Evidence, Report
from aiopgap.model.responses import Response
from aiopgap.render.text import user
from aiopgap.render.vocabulary import evidence_item, found, outcome, percent, score

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text


def quotes(notes: list[str]) -> Text:
    """The first two quoted notes, and how many more there are."""
    more = f"\n… and {len(notes) - 2} more" if len(notes) > 2 else ""
    return user("\n" + "\n".join(notes[:2]) + more, style="dim")


def backing(r: Response) -> str:
    """What backs one response: its evidence items, or ``unverified`` for a high level said, not shown."""
    items = [evidence_item(item) for item in r.evidence]
    if r.unverified:
        items.append("unverified")
    return f" ({'; '.join(items)})" if items else ""


def _condition(e: Evidence) -> str:
    return f"{e.ref} = {found(e)} ({e.condition})"


# --------------------------------------------------------------------------- contradictions


def contradiction_items(report: Report) -> list[RenderableType]:
    """Each contradicted claim with both sides and their numbers, then the rest in one line."""
    from rich.text import Text

    checks = report.contradictions
    if not checks:
        return []
    if report.inventory is None:
        return [Text("Contradictions could not be checked: the answers list no initiatives.", style="yellow")]
    contradicted = report.contradicted()
    if not contradicted:
        return [Text(f"No contradictions found: {len(checks)} claims checked against the inventory.", style="green")]
    items: list[RenderableType] = [
        Text(f"Claims versus the inventory: {len(contradicted)} of {len(checks)} contradicted", style="bold")
    ]
    items.extend(_sides(c) for c in contradicted)
    rest = [
        f"{word}: {', '.join(c.id for c in checks if c.status == status)}"
        for word, status in (("Consistent", "consistent"), ("Not evaluable", "not evaluable"))
        if any(c.status == status for c in checks)
    ]
    if rest:
        items.append(user(" · ".join(rest), style="dim"))
    return items


def _sides(c: ContradictionResult) -> Table:
    """One contradicted claim: its name above, the claim and the facts against it side by side."""
    from rich.table import Table

    table = Table(title=user(f"Contradicted: {c.name}", style="red"), title_justify="left")
    table.add_column("The answers claim", ratio=1, overflow="fold")
    table.add_column("The inventory shows", ratio=1, overflow="fold")
    claim = [_condition(e) for e in c.claim]
    claim += [f"  {r.respondent} {r.level}{backing(r)}" for e in c.claim for r in e.responses]
    facts = [f"{e.label} = {found(e)} ({e.condition})" for e in c.facts]
    facts += [f"  counted: {', '.join(e.initiatives)}" for e in c.facts if e.initiatives]
    table.add_row(user("\n".join(claim)), user("\n".join(facts)))
    return table


# --------------------------------------------------------------------------- symptoms

_STATUS_STYLE = {"flagged": "bold red", "watch": "dark_orange", "not flagged": "green", "not evaluable": "yellow"}
_ORDER = {"flagged": 0, "watch": 1, "not evaluable": 2, "not flagged": 3}


def symptom_table(report: Report) -> Table:
    """Every symptom by state, each with every condition checked and its outcome (one line each)."""
    from rich.table import Table
    from rich.text import Text

    flagged = len(report.flagged())
    table = Table(title=f"Symptoms: {flagged} of {len(report.symptoms)} flagged", title_justify="left")
    table.add_column("Symptom", ratio=1, min_width=16, overflow="fold")
    table.add_column("Status", overflow="fold")
    table.add_column("Signals checked", ratio=2, overflow="fold")
    for s in sorted(report.symptoms, key=lambda s: _ORDER[s.status]):
        status = Text(s.status, style=_STATUS_STYLE[s.status])
        if s.status == "flagged":
            status.append_text(user(f"\n{s.severity}", style="dim"))
            headline = user(f"triggered by {len(s.evidence)} of {s.conditions} signals", style="bold")
        elif s.status == "watch":
            headline = user(s.reason or "", style="dark_orange")
        elif s.reason:
            headline = user(s.reason, style="yellow" if s.status == "not evaluable" else "dim")
        else:
            headline = Text(f"{s.conditions} signals checked, coverage {percent(s.coverage)}", style="dim")
        for e in s.signals:
            line = f"\n{_condition(e)}: {outcome(e.outcome)}{', core' if e.core else ''}"
            headline.append_text(user(line, style="" if e.outcome == "true" else "dim"))
        notes = [f"“{r.note}” ({r.respondent}){backing(r)}" for e in s.evidence for r in e.responses if r.note]
        if s.status == "flagged" and notes:
            headline.append_text(quotes(notes))
        table.add_row(user(s.name), status, headline)
    return table


# --------------------------------------------------------------------------- unverified claims


def unverified_table(report: Report) -> Table | None:
    """Questions scored 3 or more with no response at that level backed by an artifact or observation."""
    from rich.table import Table
    from rich.text import Text

    found = [q for q in report.questions() if q.unverified]
    if not found:
        return None
    table = Table(
        title=f"Unverified: {len(found)} question(s) at level 3 or more on self-report alone", title_justify="left"
    )
    table.add_column("Question", overflow="fold")
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Responses", overflow="fold")
    for q in found:
        title = user(q.id, style="bold")
        title.append_text(user(f"\n{q.prompt}"))
        said = "\n".join(f"{r.respondent} {r.level}{backing(r)}" for r in q.responses if r.level != "n/a")
        table.add_row(title, Text(score(q.score)), user(said))
    return table
