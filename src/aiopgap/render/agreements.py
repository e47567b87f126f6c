"""The workshop's agreements in the terminal report: the agreed level beside the median, why, and
who dissented. Markdown and HTML say the same from the report templates, with the same words
(:func:`~aiopgap.render.vocabulary.question_score`, :func:`~aiopgap.render.vocabulary.dissent_text`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiopgap.model.report import Report
from aiopgap.render.text import user
from aiopgap.render.vocabulary import agreed_questions, dissent_text, question_score

if TYPE_CHECKING:
    from rich.table import Table


def agreed_table(report: Report) -> Table | None:
    """ "Agreed in the workshop": one row per agreed question; None when the file records no agreement."""
    from rich.table import Table

    agreed = agreed_questions(report)
    if not agreed:
        return None
    table = Table(
        title=f"Agreed in the workshop: {len(agreed)} question(s)",
        title_justify="left",
        caption="The agreed level is the question's score; the median of the responses stays beside it.",
        caption_justify="left",
    )
    table.add_column("Question", ratio=2, overflow="fold")
    table.add_column("Level", no_wrap=True)
    table.add_column("Rationale and dissent", ratio=3, overflow="fold")
    for question in agreed:
        title = user(question.id, style="bold")
        title.append_text(user(f"\n{question.prompt}"))
        why = user(question.agreed.rationale or "no rationale recorded")
        dissent = dissent_text(question.agreed)
        if dissent:
            why.append_text(user(f"\nDissent: {dissent}", style="dim"))
        table.add_row(title, user(question_score(question)), why)
    return table
