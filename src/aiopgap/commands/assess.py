"""``aiopgap assess``: the interactive questionnaire, one respondent at a time.

A new answers file is created from the questionnaire; an existing one resumes at the
respondent's first unanswered question. Every confirmed answer is saved at once.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from aiopgap.files import resources
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.model.text import visible

if TYPE_CHECKING:
    from aiopgap.model.answers import Answer
from aiopgap.render.text import line, user

NEEDS_TERMINAL = (
    "aiopgap assess is interactive and needs a terminal, but {what} is not one "
    "(a pipe, a file, or CI). To check an answers file without a terminal, run "
    "`aiopgap validate FILE`; to score it, `aiopgap report FILE`."
)


def _one_line(text: str) -> str:
    """A name, role, organisation or period as typed: on one line, spaces collapsed, storable."""
    from aiopgap.analysis.interview import typed_text

    return " ".join(typed_text(text).split())


def _ask(label: str, default: str = "", hint: str = "") -> str:
    """Ask for one line of text; Ctrl-C and Ctrl-D interrupt the session."""
    from prompt_toolkit import prompt

    while True:
        try:
            value = prompt(f"{label}{f' [{hint}]' if hint else ''}: ", default=default)
        except EOFError:
            raise KeyboardInterrupt from None
        value = _one_line(value)
        if value and len(value) <= 500:
            return value
        if value:
            default = value  # what was typed stays, to shorten
            print(f"That is {len(value):,} characters; please shorten it to at most 500.")
        else:
            print("Please type something.")


def run(
    answers: Path | None,
    questionnaire: Path | None,
    respondent: str | None,
    role: str | None,
    dimension: str | None,
    organisation: str | None,
    period: str | None,
) -> int:
    for stream, what in ((sys.stdin, "standard input"), (sys.stdout, "standard output")):
        if not stream.isatty():
            raise UsageError(NEEDS_TERMINAL.format(what=what))
    console = Console(highlight=False)
    resume_hint: list[str] = []
    try:
        return _session(console, answers, questionnaire, respondent, role, dimension, organisation, period, resume_hint)
    except KeyboardInterrupt:
        console.print()
        if resume_hint:
            console.print(
                line(
                    ("Stopped.", "bold"),
                    " Every confirmed answer is saved. To carry on where you left off:\n  ",
                    user(resume_hint[0], "bold"),
                )
            )
        else:
            console.print(line(("Stopped", "bold"), " before any answer was given; nothing was written."))
        return ExitCode.INTERRUPTED


def _session(
    console: Console,
    answers_path: Path | None,
    questionnaire_path: Path | None,
    respondent: str | None,
    role: str | None,
    dimension: str | None,
    organisation: str | None,
    period: str | None,
    resume_hint: list[str],
) -> int:
    from aiopgap.analysis.interview import default_answers_name, interview, respondent_report, session_questions
    from aiopgap.files.documents import load_questionnaire
    from aiopgap.files.store import AnswersStore
    from aiopgap.render.assess_screen import SessionInfo, TerminalPrompter

    if answers_path is not None and answers_path.is_dir():
        raise UsageError(f"{answers_path} is a folder; name an answers file (e.g. {answers_path / 'answers.yaml'})")
    if answers_path is None or not answers_path.exists():
        organisation = _ask("Organisation") if organisation is None else _one_line(organisation)
        period = _ask("Period", hint="e.g. 2026-Q3") if period is None else _one_line(period)
        if answers_path is None:
            answers_path = Path(default_answers_name(organisation, period))
    if answers_path.exists():
        store = AnswersStore.open(answers_path, questionnaire_path)
        assert store.answers is not None
        console.print(
            line(
                "Resuming ",
                user(str(answers_path), "bold"),
                f": {store.answers.organisation}, {store.answers.period}, ",
                f"{len(store.answers.respondents)} respondent(s) so far.",
            )
        )
    else:
        q_file = questionnaire_path or resources.default_questionnaire()
        questionnaire = load_questionnaire(q_file)
        assert organisation is not None
        assert period is not None
        store = AnswersStore.create(answers_path, questionnaire, q_file, organisation, period)
        console.print(line("New answers file ", user(str(answers_path), "bold"), " (written after the first name)."))
    questionnaire = store.questionnaire
    if dimension is not None and questionnaire.dimension(dimension) is None:
        known = ", ".join(d.id for d in questionnaire.dimensions)
        raise UsageError(f"no dimension {dimension!r} in {questionnaire.id} (known: {known})")
    questions = session_questions(questionnaire, dimension)

    names = store.respondent_names()
    if respondent is None:
        if names:
            total = len(questionnaire.questions())
            listed = ", ".join(f"{n} ({len(store.answers_of(n))}/{total})" for n in names)
            console.print(line(f"Respondents so far: {listed}. Type one of them to resume, or a new name."))
        respondent = _ask("Your name")
    respondent = _one_line(respondent)
    if not respondent:
        raise UsageError("--respondent must not be empty")
    same = [n for n in names if n.casefold() == respondent.casefold()]
    if respondent not in names and len(same) == 1:
        respondent = same[0]  # "dana reyes" typed in a hurry resumes "Dana Reyes"
    if respondent in names:
        stored_role = store.role_of(respondent) or ""
        if role is not None and role != stored_role:
            console.print(user(f"Keeping {respondent}'s role from the file: {stored_role}", "dim"))
        role = stored_role
        console.print(line("Welcome back, ", user(respondent, "bold"), "."))
    else:
        if role is None:
            role = _ask("Your role", hint="e.g. Chief Data Officer")
        role = _one_line(role)
        if not role:
            raise UsageError("--role must not be empty")
        notice = store.add_respondent(respondent, role)
        if notice:
            console.print(line(("Note:", "yellow"), " ", visible(notice, keep_newlines=False)))

    command = ["aiopgap", "assess", str(answers_path), "--respondent", respondent]
    if questionnaire_path is not None:
        command += ["--questionnaire", str(questionnaire_path)]
    if dimension is not None:
        command += ["--dimension", dimension]
    resume_hint.append(shlex.join(command))

    assert store.answers is not None
    info = SessionInfo(store.answers.organisation, store.answers.period, respondent, role, str(answers_path))
    outcome = interview(store, respondent, questions, TerminalPrompter(info))
    _report_unsaved(console, outcome.unsaved, str(answers_path))
    if outcome.interrupted:
        raise KeyboardInterrupt

    assert store.answers is not None
    report = respondent_report(questionnaire, store.answers, respondent)
    own = store.answers_of(respondent)
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
            Text("–" if dim.score is None else f"{dim.score:.2f} / {questionnaire.scale_max}"),
            user(dim.maturity or "–"),
        )
    console.print()
    console.print(table)
    missing = [q.id for _, q in questions if q.id not in own]
    if missing:
        console.print(
            line(
                f"{len(missing)} question(s) still unanswered. To answer them later:\n  ",
                user(resume_hint[0], "bold"),
            )
        )
    else:
        scope = f"{dimension} questions" if dimension else "questions"
        console.print(user(f"All {scope} answered.", "green"))
    report_cmd = ["aiopgap", "report", str(answers_path)]
    if questionnaire_path is not None:
        report_cmd += ["--questionnaire", str(questionnaire_path)]
    console.print(line("Full report for everyone in the file:\n  ", user(shlex.join(report_cmd), "bold")))
    return ExitCode.OK


def _report_unsaved(console: Console, unsaved: dict[str, Answer], file: str) -> None:
    """Answers the file refused are printed in full, so nothing typed is lost when the session ends."""
    if not unsaved:
        return
    console.print(
        line(("NOT SAVED", "bold red"), " in ", visible(file, keep_newlines=False), " (copy them to keep them):")
    )
    for question_id, answer in unsaved.items():
        text = f"  {question_id}: {answer.level}"
        if answer.note:
            text += f", note: {answer.note}"
        console.print(user(text), soft_wrap=True)
