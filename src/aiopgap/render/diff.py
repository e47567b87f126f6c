"""Rendering a :class:`~aiopgap.diff.Diff`: terminal tables, Markdown, HTML and JSON."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aiopgap.model.diff import Change, Diff
from aiopgap.render import Format
from aiopgap.render.compare import HELPERS, delta, gap_word, kind_text, levels_text, notes_of, num, pct, pct_delta, span
from aiopgap.render.templates import render_template
from aiopgap.render.text import plain_text, print_all, user

TEMPLATES = {Format.markdown: "diff.md.j2", Format.html: "diff.html.j2"}


def _style(item: Change, good_when_up: bool = True) -> str:
    if item.direction not in {"up", "down"}:
        return "dim" if item.direction == "same" else ""
    return "green" if (item.direction == "up") == good_when_up else "red"


def _heading(diff: Diff) -> str:
    old, new = diff.old, diff.new
    org = old.organisation if old.organisation == new.organisation else f"{old.organisation} → {new.organisation}"
    return f"{org}  ·  {old.period} → {new.period}"


def renderables(diff: Diff) -> list[RenderableType]:
    head = user(_heading(diff), style="bold")
    if (diff.old.questionnaire_id, diff.old.questionnaire_version) != (
        diff.new.questionnaire_id,
        diff.new.questionnaire_version,
    ):
        head.append_text(
            user(
                f"\nQuestionnaire {diff.old.questionnaire_id} {diff.old.questionnaire_version}"
                f" → {diff.new.questionnaire_id} {diff.new.questionnaire_version}"
            )
        )
    summary = Text()
    summary.append(f"Overall {num(diff.overall.old)} → {num(diff.overall.new)} / {diff.scale_max}  ")
    summary.append(delta(diff.overall), style=_style(diff.overall))
    summary.append_text(user(f"  {span(diff.maturity_old, diff.maturity_new)}"))
    if diff.shortfall.old is not None or diff.shortfall.new is not None:
        summary.append(f"\nShortfall to target {num(diff.shortfall.old)} → {num(diff.shortfall.new)}  ")
        summary.append(gap_word(diff.shortfall), style=_style(diff.shortfall, good_when_up=False))
    summary.append(f"\nCoverage {pct(diff.coverage.old)} → {pct(diff.coverage.new)}  {pct_delta(diff.coverage)}")
    items: list[RenderableType] = [Panel(Group(head, summary), expand=False)]
    for note in diff.notes:
        items.append(user(f"Note: {note}", style="yellow"))

    table = Table(title="Dimensions", title_justify="left")
    table.add_column("Dimension", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("Maturity", min_width=10)
    table.add_column("Gap to target", no_wrap=True)
    table.add_column("Coverage", no_wrap=True)
    for d in diff.dimensions:
        gap = "–" if d.gap.old is None and d.gap.new is None else f"{num(d.gap.old)} → {num(d.gap.new)}"
        if gap_word(d.gap):
            gap += f" ({gap_word(d.gap)})"
        table.add_row(
            user(d.name),
            Text(f"{num(d.score.old)} → {num(d.score.new)}"),
            Text(delta(d.score), style=_style(d.score)),
            user(span(d.maturity_old, d.maturity_new)),
            Text(gap),
            Text(f"{pct(d.coverage.old)} → {pct(d.coverage.new)}"),
        )
    items.append(table)

    if diff.symptoms:
        symptoms = Table(title="Symptoms", title_justify="left")
        symptoms.add_column("Change", no_wrap=True)
        symptoms.add_column("Symptom")
        symptoms.add_column("Evidence", overflow="fold")
        for s in diff.symptoms:
            if s.evidence_changes:
                lines = [e.text for e in s.evidence_changes]
            else:
                lines = [f"+ {e}" for e in s.evidence_added] + [f"- {e}" for e in s.evidence_removed]
                lines = lines or list(s.evidence)
            style = {"appeared": "red", "resolved": "green", "persists": "yellow"}.get(s.change, "dim")
            symptoms.add_row(user(s.change, style=style), user(s.name), user("\n".join(lines)))
        items.append(symptoms)

    if diff.initiatives:
        initiatives = Table(title="Initiatives", title_justify="left")
        initiatives.add_column("Change", no_wrap=True)
        initiatives.add_column("Initiative")
        initiatives.add_column("Stage")
        for i in diff.initiatives:
            initiatives.add_row(user(i.change), user(i.name), user(span(i.stage_old, i.stage_new, empty="–")))
        items.append(initiatives)

    changed = diff.changed_questions
    questions = Table(
        title=f"Questions that changed ({len(changed)} of {len(diff.questions)})", title_justify="left", show_lines=True
    )
    questions.add_column("Question", ratio=2, overflow="fold")
    questions.add_column("Score", justify="right", no_wrap=True)
    questions.add_column("Answers that changed", ratio=3)
    for q in changed:
        title = user(", ".join(q.new_ids or q.old_ids), style="bold")
        title.append_text(user(f"\n{q.prompt}"))
        if kind_text(q):
            title.append_text(user(f"\n{kind_text(q)}", style="italic"))
        lines = []
        for r in q.responses:
            line = f"{r.respondent}: {levels_text(r, q)}" if r.level_changed else f"{r.respondent}: level unchanged"
            if r.note_changed:
                now, was = notes_of(r.after), notes_of(r.before)
                if now:
                    line += f"\n  now: {now}"
                if was:
                    line += f"\n  was: {was}"
            lines.append(line)
        score = Text(f"{num(q.score.old)} → {num(q.score.new)}\n")
        score.append(delta(q.score), style=_style(q.score))
        questions.add_row(title, score, user("\n".join(lines)))
    items.append(questions)
    return items


def print_diff(diff: Diff, console: Console) -> None:
    print_all(renderables(diff), console)


def render_text(diff: Diff, width: int = 120) -> str:
    return plain_text(renderables(diff), width)


def render(diff: Diff, fmt: Format, template_dir: Path | None = None) -> str:
    """``diff`` as text in ``fmt``; the same diff always gives the same text."""
    if fmt is Format.json:
        from aiopgap.render import json

        return json.render(diff)
    if fmt is Format.terminal:
        return render_text(diff)
    return render_template(TEMPLATES[fmt], template_dir, diff=diff, helpers=HELPERS)
