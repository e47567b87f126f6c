"""What ``aiopgap assess`` prints around its question screen (:mod:`aiopgap.render.assess_screen`).

Before the first question: which file is resumed or created, who has answered so far, welcome back.
After the last one (or Ctrl-C): the respondent's own scores, what is still unanswered, the command
to carry on, and any answer the file refused, printed in full so nothing typed is lost.
Every name, role and file name is user text, so it goes through :func:`aiopgap.render.text.user`.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aiopgap.model.answers import Answer, Answers
from aiopgap.model.report import Report
from aiopgap.model.text import visible
from aiopgap.render.assess_evidence import item_text
from aiopgap.render.text import line, user
from aiopgap.render.vocabulary import score


class AssessMessages:
    """The lines printed to ``console``, one method per message."""

    def __init__(self, console: Console) -> None:
        self.console = console

    # ------------------------------------------------------------------ before the questions

    def resuming(self, file: str, answers: Answers) -> None:
        self.console.print(
            line(
                "Resuming ",
                user(file, "bold"),
                f": {answers.organisation}, {answers.period}, ",
                f"{len(answers.respondents)} respondent(s) so far.",
            )
        )

    def new_file(self, file: str) -> None:
        self.console.print(line("New answers file ", user(file, "bold"), " (written after the first name)."))

    def respondents_so_far(self, answered: list[tuple[str, int]], total: int) -> None:
        """``answered``: each respondent in the file with how many of the ``total`` questions they answered."""
        listed = ", ".join(f"{name} ({count}/{total})" for name, count in answered)
        self.console.print(line(f"Respondents so far: {listed}. Type one of them to resume, or a new name."))

    def keeping_role(self, respondent: str, role: str) -> None:
        self.console.print(user(f"Keeping {respondent}'s role from the file: {role}", "dim"))

    def welcome_back(self, respondent: str) -> None:
        self.console.print(line("Welcome back, ", user(respondent, "bold"), "."))

    def notice(self, text: str) -> None:
        """Something the store said while adding the respondent (another session changed the file)."""
        self.console.print(line(("Note:", "yellow"), " ", visible(text, keep_newlines=False)))

    # ------------------------------------------------------------------ after the questions

    def not_saved(self, file: str, unsaved: dict[str, Answer]) -> None:
        """Answers the file refused, in full, so nothing typed is lost when the session ends."""
        if not unsaved:
            return
        self.console.print(
            line(("NOT SAVED", "bold red"), " in ", visible(file, keep_newlines=False), " (copy them to keep them):")
        )
        for question_id, answer in unsaved.items():
            text = f"  {question_id}: {answer.level}"
            if answer.note:
                text += f", note: {answer.note}"
            if answer.evidence:
                text += ", evidence: " + "; ".join(item_text(item) for item in answer.evidence)
            self.console.print(user(text), soft_wrap=True)

    def skipped_notes(self, notes: dict[str, str]) -> None:
        """Notes typed on questions left skipped: an answer needs a level, so they are printed in full instead."""
        if not notes:
            return
        self.console.print(
            line(
                ("Notes on skipped questions", "bold"),
                " (not in the file: an answer needs a level; copy them to keep them):",
            )
        )
        for question_id, note in notes.items():
            self.console.print(user(f"  {question_id}: {note}"), soft_wrap=True)

    def summary(self, report: Report, respondent: str, role: str, dimension: str | None, scale_max: int) -> None:
        """The respondent's own scores per dimension (only ``dimension`` when the session was limited to it)."""
        self.console.print()
        self.console.print(summary_table(report, respondent, role, dimension, scale_max))

    def still_unanswered(self, count: int, resume_command: str) -> None:
        self.console.print(
            line(f"{count} question(s) still unanswered. To answer them later:\n  ", user(resume_command, "bold"))
        )

    def all_answered(self, dimension: str | None) -> None:
        scope = f"{dimension} questions" if dimension else "questions"
        self.console.print(user(f"All {scope} answered.", "green"))

    def full_report(self, report_command: str) -> None:
        self.console.print(line("Full report for everyone in the file:\n  ", user(report_command, "bold")))

    def stopped(self, resume_command: str | None) -> None:
        """Ctrl-C: how to carry on, or that nothing was written when no respondent was chosen yet."""
        self.console.print()
        if resume_command:
            self.console.print(
                line(
                    ("Stopped.", "bold"),
                    " Every confirmed answer is saved. To carry on where you left off:\n  ",
                    user(resume_command, "bold"),
                )
            )
        else:
            self.console.print(line(("Stopped", "bold"), " before any answer was given; nothing was written."))


def summary_table(report: Report, respondent: str, role: str, dimension: str | None, scale_max: int) -> Table:
    table = Table(title=user(f"{respondent}'s answers ({role})", "table.title"), title_justify="left")
    table.add_column("Dimension")
    table.add_column("Answered", justify="right")
    table.add_column("n/a", justify="right")
    table.add_column("Score", justify="right")
    table.add_column("Maturity")
    for dim in report.dimensions:
        if dimension is not None and dim.id != dimension:
            continue
        table.add_row(
            user(dim.name),
            Text(f"{dim.answered + dim.not_applicable}/{dim.total}"),
            Text(str(dim.not_applicable)),
            Text("–" if dim.score is None else f"{score(dim.score)} / {scale_max}"),
            user(dim.maturity or "–"),
        )
    return table
