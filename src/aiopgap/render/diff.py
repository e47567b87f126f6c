"""The diff of two assessments, in every format: the terminal tables here, Markdown and HTML from
``report_templates/diff.{md,html}.j2``, JSON from the model."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aiopgap.model.diff import Change, ContradictionChange, Diff, DimensionChange, QuestionChange, SymptomChange
from aiopgap.render.formats import Document, Format
from aiopgap.render.gap_changes import diff_gap_table
from aiopgap.render.plan_actual import renderables as plan_renderables
from aiopgap.render.stacked import fitted
from aiopgap.render.text import line, user
from aiopgap.render.vocabulary import (
    delta,
    gap_word,
    kind_text,
    levels_text,
    notes_of,
    percent,
    percent_delta,
    score,
    span,
    state_change,
)

WIDTH = 120
"""Columns of the terminal form written to a file."""


def document(diff: Diff) -> Document:
    return Document("diff", diff, lambda: renderables(diff), lambda: {"diff": diff}, WIDTH)


def render(diff: Diff, fmt: Format, template_dir: Path | None = None) -> str:
    """``diff`` as text in ``fmt``; the same diff always gives the same text."""
    return document(diff).render(fmt, template_dir)


def _style(item: Change, good_when_up: bool = True) -> str:
    if item.direction not in {"up", "down"}:
        return "dim" if item.direction == "same" else ""
    return "green" if (item.direction == "up") == good_when_up else "red"


def _heading(diff: Diff) -> str:
    old, new = diff.old, diff.new
    return f"{diff.subject}  ·  {old.period} → {new.period}"


def _scores(item: Change) -> str:
    """``2.50 → 2.75``: both sides of a change in score."""
    return f"{score(item.old)} → {score(item.new)}"


def renderables(diff: Diff) -> list[RenderableType]:
    items: list[RenderableType] = [_summary(diff)]
    for note in diff.notes:
        items.append(user(f"Note: {note}", style="yellow"))
    tables = [_dimension_table(diff), _confidence_table(diff)]
    if diff.contradictions:
        tables.append(_contradiction_table(diff))
    if diff.symptoms:
        tables.append(_symptom_table(diff))
    if diff.initiatives:
        tables.append(_initiative_table(diff))
    tables.append(_question_table(diff))
    gaps = diff_gap_table(diff)
    if gaps is not None:
        tables.append(gaps)
    items.extend(fitted(table) for table in tables)
    if diff.plan is not None:
        items.extend(plan_renderables(diff.plan))
    return items


def _summary(diff: Diff) -> Panel:
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
    summary.append(f"Overall {_scores(diff.overall)} / {diff.scale_max}  ")
    summary.append(delta(diff.overall), style=_style(diff.overall))
    summary.append_text(user(f"  {span(diff.maturity_old, diff.maturity_new)}"))
    if diff.shortfall.old is not None or diff.shortfall.new is not None:
        summary.append(f"\nShortfall to target {_scores(diff.shortfall)}  ")
        summary.append(gap_word(diff.shortfall), style=_style(diff.shortfall, good_when_up=False))
    coverage = diff.coverage
    summary.append(f"\nCoverage {percent(coverage.old)} → {percent(coverage.new)}  {percent_delta(coverage)}")
    summary.append(f"\nConfidence {_shares(diff.confidence)}  ")
    summary.append(percent_delta(diff.confidence), style=_style(diff.confidence))
    summary.append(f"  evidenced score {_scores(diff.evidenced_score)}")
    return Panel(Group(head, summary), expand=False)


def _shares(item: Change) -> str:
    """``40% → 55%``: both sides of a change in a share."""
    return f"{percent(item.old)} → {percent(item.new)}"


def _dimension_table(diff: Diff) -> Table:
    table = Table(title="Dimensions", title_justify="left")
    table.add_column("Dimension", no_wrap=True)
    table.add_column("Score", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("Maturity", no_wrap=True)
    table.add_column("Gap to target", no_wrap=True)
    table.add_column("Coverage", no_wrap=True)
    for d in diff.dimensions:
        gap = "–" if d.gap.old is None and d.gap.new is None else _scores(d.gap)
        if gap_word(d.gap):
            gap += f"\n{gap_word(d.gap)}"  # its own line: the row stays narrow enough for 120 columns
        table.add_row(
            user(d.name),
            Text(_scores(d.score)),
            Text(delta(d.score), style=_style(d.score)),
            user(span(d.maturity_old, d.maturity_new)),
            Text(gap),
            Text(_shares(d.coverage)),
        )
    return table


def _confidence_table(diff: Diff) -> Table:
    """Per dimension and overall: the share of the score resting on evidence, and the evidenced score."""
    table = Table(title="Confidence (share of the score resting on evidence)", title_justify="left")
    table.add_column("Dimension", no_wrap=True)
    table.add_column("Confidence", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("Evidenced score", justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    rows = [(user(d.name), d.confidence, d.evidenced_score) for d in diff.dimensions]
    rows.append((user("Overall", style="bold"), diff.confidence, diff.evidenced_score))
    for index, (name, confidence, evidenced) in enumerate(rows):
        table.add_row(
            name,
            Text(_shares(confidence)),
            Text(percent_delta(confidence), style=_style(confidence)),
            Text(_scores(evidenced)),
            Text(delta(evidenced), style=_style(evidenced)),
            end_section=index == len(rows) - 2,
        )
    return table


def _symptom_table(diff: Diff) -> Table:
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
        symptoms.add_row(_change_cell(s), user(s.name), user("\n".join(lines)))
    return symptoms


def _change_cell(item: SymptomChange | ContradictionChange) -> Text:
    """The change, coloured, with the states it moved between on a line of their own (a narrow column)."""
    style = {"appeared": "red", "resolved": "green", "persists": "yellow"}.get(item.change, "dim")
    return user(state_change(item).replace(" (", "\n(", 1), style=style)


def _contradiction_table(diff: Diff) -> Table:
    table = Table(title="Contradictions (claims against the inventory)", title_justify="left")
    table.add_column("Change", no_wrap=True)
    table.add_column("Contradiction")
    table.add_column("Claim", overflow="fold")
    table.add_column("Facts", overflow="fold")
    for c in diff.contradictions:
        table.add_row(
            _change_cell(c),
            user(c.name),
            user("\n".join(e.text for e in c.claim)),
            user("\n".join(e.text for e in c.facts)),
        )
    return table


def _initiative_table(diff: Diff) -> Table:
    initiatives = Table(title="Initiatives", title_justify="left")
    initiatives.add_column("Change", no_wrap=True)
    initiatives.add_column("Initiative")
    initiatives.add_column("Stage")
    for i in diff.initiatives:
        initiatives.add_row(user(i.change), user(i.name), user(span(i.stage_old, i.stage_new, empty="–")))
    return initiatives


def _question_table(diff: Diff) -> Table:
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
        cell = Text(f"{_scores(q.score)}\n")
        cell.append(delta(q.score), style=_style(q.score))
        questions.add_row(title, cell, user("\n".join(_answer_lines(q))))
    return questions


def _answer_lines(q: QuestionChange) -> list[str]:
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
    return lines


def gate_lines(dropped: Sequence[DimensionChange], allowed: float) -> list[Text]:
    """The ``--fail-on-regression`` verdict: each dimension that dropped too far, or that none did."""
    lines = []
    for d in dropped:
        assert d.score.delta is not None
        lines.append(
            line(
                ("regression", "bold red"),
                " ",
                d.name,
                f" dropped {score(-d.score.delta)} ({_scores(d.score)}), more than the tolerance {score(allowed)}",
            )
        )
    return lines or [line((f"no dimension dropped by more than {score(allowed)}", "green"))]
