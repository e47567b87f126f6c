"""``aiopgap assess``: the interactive questionnaire, one respondent at a time.

A new answers file is created from the questionnaire; an existing one resumes at the
respondent's first unanswered question. Every confirmed answer is saved at once.

The flow: open (or create) the file, settle who is answering, run the interview on the question
screen, then print the respondent's summary. What is printed lives in
:mod:`aiopgap.render.assess_messages`, the question screen in :mod:`aiopgap.render.assess_screen`,
the order of questions in :mod:`aiopgap.analysis.interview`.
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from aiopgap.files import resources
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.render.assess_messages import AssessMessages
from aiopgap.render.console import stdout

if TYPE_CHECKING:
    from aiopgap.files.store import AnswersStore
    from aiopgap.model.answers import Answers, Unit
    from aiopgap.model.questionnaire import Dimension, Question

NEEDS_TERMINAL = (
    "aiopgap assess is interactive and needs a terminal, but {what} is not one "
    "(a pipe, a file, or CI). To check an answers file without a terminal, run "
    "`aiopgap validate FILE`; to score it, `aiopgap report FILE`."
)


@dataclass
class _Request:
    """The command line as given; what is missing is asked for (or found in the file)."""

    answers: Path | None
    questionnaire: Path | None
    respondent: str | None
    role: str | None
    dimension: str | None
    organisation: str | None
    period: str | None
    unit: str | None = None
    parent: str | None = None


def run(
    answers: Path | None,
    questionnaire: Path | None,
    respondent: str | None,
    role: str | None,
    dimension: str | None,
    organisation: str | None,
    period: str | None,
    unit: tuple[str | None, str | None] = (None, None),
) -> int:
    """Run one respondent's session; ``unit`` is the unit a new file assesses and its parent, if given."""
    if unit[1] is not None and unit[0] is None:
        raise UsageError("--parent names the unit that --unit belongs to: give --unit too")
    for stream, what in ((sys.stdin, "standard input"), (sys.stdout, "standard output")):
        if not stream.isatty():
            raise UsageError(NEEDS_TERMINAL.format(what=what))
    say = AssessMessages(stdout())
    request = _Request(answers, questionnaire, respondent, role, dimension, organisation, period, *unit)
    resume_hint: list[str] = []  # the command that carries on, once the respondent is known
    try:
        return _session(say, request, resume_hint)
    except KeyboardInterrupt:
        say.stopped(resume_hint[0] if resume_hint else None)
        return ExitCode.INTERRUPTED


def _one_line(text: str) -> str:
    """A name, role, organisation or period as typed: on one line, spaces collapsed, storable."""
    from aiopgap.model.text import typed_text

    return " ".join(typed_text(text).split())


def _ask(label: str, default: str = "", hint: str = "") -> str:
    """Ask for one line of text until something of at most 500 characters is typed."""
    from aiopgap.render.assess_terminal import read_line

    while True:
        value = _one_line(read_line(f"{label}{f' [{hint}]' if hint else ''}: ", default=default))
        if value and len(value) <= 500:
            return value
        if value:
            default = value  # what was typed stays, to shorten
            print(f"That is {len(value):,} characters; please shorten it to at most 500.")
        else:
            print("Please type something.")


def _session(say: AssessMessages, request: _Request, resume_hint: list[str]) -> int:
    from aiopgap.analysis.interview import interview, session_questions
    from aiopgap.model.answers import subject_name
    from aiopgap.render.assess_layout import SessionInfo
    from aiopgap.render.assess_terminal import TerminalPrompter

    store, answers_path = _open_store(say, request)
    questionnaire = store.questionnaire
    dimension = request.dimension
    if dimension is not None and questionnaire.dimension(dimension) is None:
        known = ", ".join(d.id for d in questionnaire.dimensions)
        raise UsageError(f"no dimension {dimension!r} in {questionnaire.id} (known: {known})")
    questions = session_questions(questionnaire, dimension)
    respondent, role = _settle_respondent(say, store, request)

    command = ["aiopgap", "assess", str(answers_path), "--respondent", respondent]
    if request.questionnaire is not None:
        command += ["--questionnaire", str(request.questionnaire)]
    if dimension is not None:
        command += ["--dimension", dimension]
    resume_hint.append(shlex.join(command))

    assert store.answers is not None
    subject = subject_name(store.answers.organisation, store.answers.unit)
    info = SessionInfo(subject, store.answers.period, respondent, role, str(answers_path))
    outcome = interview(store, respondent, questions, TerminalPrompter(info))
    say.not_saved(str(answers_path), outcome.unsaved)
    say.skipped_notes(outcome.notes)
    if outcome.interrupted:
        raise KeyboardInterrupt
    _finish(say, store, request, answers_path, questions, respondent, role, resume_hint[0])
    return ExitCode.OK


def _open_store(say: AssessMessages, request: _Request) -> tuple[AnswersStore, Path]:
    """The answers file named (or named after the organisation and period), resumed or created."""
    from aiopgap.analysis.interview import default_answers_name
    from aiopgap.files.documents import load_questionnaire
    from aiopgap.files.store import AnswersStore

    answers_path, organisation, period = request.answers, request.organisation, request.period
    if answers_path is not None and answers_path.is_dir():
        raise UsageError(f"{answers_path} is a folder; name an answers file (e.g. {answers_path / 'answers.yaml'})")
    if answers_path is None or not answers_path.exists():
        organisation = _ask("Organisation") if organisation is None else _one_line(organisation)
        period = _ask("Period", hint="e.g. 2026-Q3") if period is None else _one_line(period)
        if answers_path is None:
            answers_path = Path(default_answers_name(organisation, period, request.unit and _one_line(request.unit)))
    if answers_path.exists():
        store = AnswersStore.open(answers_path, request.questionnaire)
        assert store.answers is not None
        _refuse_another(answers_path, store.answers, request)
        say.resuming(str(answers_path), store.answers)
        return store, answers_path
    q_file = request.questionnaire or resources.default_questionnaire()
    assert organisation is not None
    assert period is not None
    store = AnswersStore.create(answers_path, load_questionnaire(q_file), q_file, organisation, period, _unit(request))
    say.new_file(str(answers_path))
    return store, answers_path


def _unit(request: _Request) -> Unit | None:
    """The unit a new file assesses (--unit, --parent), or None for the whole organisation."""
    from pydantic import ValidationError

    from aiopgap.model.answers import Unit

    if request.unit is None:
        return None
    parent = None if request.parent is None else _one_line(request.parent)
    try:
        return Unit(name=_one_line(request.unit), parent=parent)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        option = "--parent" if first["loc"][:1] == ("parent",) else "--unit"
        raise UsageError(f"{option} cannot be used: {first['msg']}") from None


def _refuse_another(path: Path, answers: Answers, request: _Request) -> None:
    """``--org``/``--unit``/``--period`` that name another subject or period than the file's are refused (exit 2).

    Compared by :func:`aiopgap.model.answers.name_key`, the identity rule for names: ``acme`` is ``Acme``.
    """
    from aiopgap.model.answers import name_key

    for option, given, held in (
        ("--org", request.organisation, answers.organisation),
        ("--unit", request.unit, "" if answers.unit is None else answers.unit.name),
        ("--parent", request.parent, "" if answers.unit is None else answers.unit.parent or ""),
        ("--period", request.period, answers.period),
    ):
        if given is not None and name_key(given) != name_key(held):
            whose = {
                "--org": f"organisation {held!r}",
                "--unit": f"unit {held!r}" if held else "the whole organisation",
                "--parent": f"a unit of {held!r}" if held else "a unit of the organisation itself",
                "--period": f"period {held!r}",
            }[option]
            raise UsageError(
                f"{path} holds the answers of {whose}, not {_one_line(given)!r} ({option}); "
                f"nothing was written. Name another file for {_one_line(given)!r}, or leave {option} out to carry on "
                f"with {whose}."
            )


def _settle_respondent(say: AssessMessages, store: AnswersStore, request: _Request) -> tuple[str, str]:
    """Who is answering, and their role: a respondent already in the file keeps the role it has there."""
    names = store.respondent_names()
    respondent = request.respondent
    if respondent is None:
        if names:
            total = len(store.questionnaire.questions())
            say.respondents_so_far([(n, len(store.answers_of(n))) for n in names], total)
        respondent = _ask("Your name")
    respondent = _one_line(respondent)
    if not respondent:
        raise UsageError("--respondent must not be empty")
    known = store.known_as(respondent)  # "dana  reyes" typed in a hurry resumes "Dana Reyes"
    if known is not None:
        respondent = known
        stored_role = store.role_of(respondent) or ""
        if request.role is not None and request.role != stored_role:
            say.keeping_role(respondent, stored_role)
        say.welcome_back(respondent)
        return respondent, stored_role
    role = _ask("Your role", hint="e.g. Chief Data Officer") if request.role is None else request.role
    role = _one_line(role)
    if not role:
        raise UsageError("--role must not be empty")
    notice = store.add_respondent(respondent, role)
    if notice:
        say.notice(notice)
    return respondent, role


def _finish(
    say: AssessMessages,
    store: AnswersStore,
    request: _Request,
    answers_path: Path,
    questions: list[tuple[Dimension, Question]],
    respondent: str,
    role: str,
    resume_command: str,
) -> None:
    """The respondent's own scores, what is left to answer, and how to see everyone's report."""
    from aiopgap.analysis.interview import respondent_report

    assert store.answers is not None
    report = respondent_report(store.questionnaire, store.answers, respondent)
    say.summary(report, respondent, role, request.dimension, store.questionnaire.scale_max)
    own = store.answers_of(respondent)
    missing = [q.id for _, q in questions if q.id not in own]
    if missing:
        say.still_unanswered(len(missing), resume_command)
    else:
        say.all_answered(request.dimension)
    report_cmd = ["aiopgap", "report", str(answers_path)]
    if request.questionnaire is not None:
        report_cmd += ["--questionnaire", str(request.questionnaire)]
    say.full_report(shlex.join(report_cmd))
