"""The one front door for opening a user's document: an answers file, a JSON report or a questionnaire.

Every command opens its inputs here. An answers file goes through one sequence, written once in
:func:`answers_from`: parse, refuse a questionnaire, validate the model, find its questionnaire
(:func:`~aiopgap.files.catalogue.find_questionnaire`), check the answers against it, raise every
problem located in the file. Nothing here scores anything: the caller analyses what it opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aiopgap.files.catalogue import (
    Catalogue,
    answering,
    catalogue,
    find_questionnaire,
    load_questionnaire,
    parse_questionnaire,
    pick,
)
from aiopgap.files.collector import collector_paused
from aiopgap.files.validation import (
    answers_problems,
    first_problems,
    is_questionnaire,
    is_report,
    validate_model,
)
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.answers import Answers
from aiopgap.model.checks import report_problems
from aiopgap.model.errors import InputError, UsageError
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import REPORT_FORMAT, Report
from aiopgap.model.text import shown


@dataclass(frozen=True)
class Assessment:
    """An answers file together with the questionnaire it answers."""

    questionnaire: Questionnaire
    answers: Answers
    answers_file: str
    questionnaire_file: str


@dataclass(frozen=True)
class Opened:
    """An answers file or a JSON report, as read (one side of a ``diff``, one point of a ``trend``).

    ``content`` is the answers (then ``questionnaire`` is the one they were checked against) or the
    report as it was written (then ``questionnaire`` is the one it answered, when one is known).
    """

    file: str
    content: Answers | Report
    questionnaire: Questionnaire | None
    questionnaire_file: str | None


def answers_from(doc: Document, questionnaires: Catalogue, expected: str = "an answers file") -> Assessment:
    """The answers in ``doc``, checked against their questionnaire: the one sequence every command runs."""
    with collector_paused():
        return _answers_from(doc, questionnaires, expected)


def _answers_from(doc: Document, questionnaires: Catalogue, expected: str) -> Assessment:
    if is_questionnaire(doc):
        raise InputError([doc.problem((), f"this is a questionnaire; expected {expected}")])
    answers = validate_model(doc, Answers, "answers file")
    q_path, questionnaire = find_questionnaire(questionnaires, answers.questionnaire, doc)
    problems = answers_problems(answers, questionnaire, doc)
    if problems:
        raise InputError(problems)
    return Assessment(questionnaire, answers, doc.file, str(q_path))


def open_answers(path: Path, questionnaires: Catalogue) -> Assessment:
    """Read an answers file and check it against its questionnaire. Raises :class:`InputError`."""
    with collector_paused():
        return answers_from(read_file(path), questionnaires)


def load_assessment(answers_path: Path, questionnaire_path: Path | None = None) -> Assessment:
    """:func:`open_answers` with one optional ``--questionnaire FILE``, as most commands take it."""
    return open_answers(answers_path, answering(questionnaire_path))


def open_document(path: Path, questionnaires: Catalogue, doc: Document | None = None) -> Opened:
    """Read an answers file or a JSON report (``doc`` when the caller has read it already)."""
    with collector_paused():
        return _open_document(path, questionnaires, read_file(path) if doc is None else doc)


def _open_document(path: Path, questionnaires: Catalogue, doc: Document) -> Opened:
    if not is_report(doc):
        found = answers_from(doc, questionnaires, "an answers file or a JSON report")
        return Opened(str(path), found.answers, found.questionnaire, found.questionnaire_file)
    data = doc.data
    if data["format"] != REPORT_FORMAT:
        message = f"unsupported format {shown(data['format'])} (expected {REPORT_FORMAT!r})"
        raise InputError([doc.problem(("format",), message)])
    report = validate_model(doc, Report, "JSON report")
    problems = [doc.problem(where, message) for where, message in report_problems(report)]
    if problems:
        raise InputError(first_problems(iter(problems)))
    known = pick(questionnaires, report.questionnaire_id, report.questionnaire_version)
    if known is None:
        return Opened(str(path), report, None, None)
    return Opened(str(path), report, known[1], str(known[0]))


def validate_file(
    path: Path, questionnaire_path: Path | None = None
) -> Literal["questionnaire", "answers", "plan", "report"]:
    """Validate a questionnaire, answers file, plan file or JSON report; return what it was. Raises InputError."""
    from aiopgap.files.plan_file import is_plan, open_plan  # only validate reads plans here

    doc = read_file(path)
    if is_questionnaire(doc):
        parse_questionnaire(doc)
        return "questionnaire"
    if is_plan(doc):
        open_plan(path, answering(questionnaire_path), doc)
        return "plan"
    if is_report(doc):
        open_document(path, answering(questionnaire_path), doc)
        return "report"
    answers_from(doc, answering(questionnaire_path))
    return "answers"


__all__ = [
    "Assessment",
    "Catalogue",
    "Opened",
    "answering",
    "answers_from",
    "catalogue",
    "load_assessment",
    "load_questionnaire",
    "open_answers",
    "open_document",
    "validate_file",
]


def write_answers(out: Path, text: str, answers: Answers, questionnaires: Catalogue, replace: bool, made: str) -> None:
    """Write answers YAML ``text`` to ``out`` only once it reads back as ``answers`` through the
    checks every command applies: atomically over an existing file when ``replace``, otherwise
    created exclusively (of several runs racing to create ``out``, exactly one writes it).

    ``made`` names the answers in messages ("merged", "imported"). A failure to read back is a
    writer bug, never the user's input: it says so and never blames ``out``, left unwritten.
    """
    from aiopgap.files.yaml_reader import parse_text

    write_read_back(out, text, replace, lambda: answers_from(parse_text(text, str(out)), questionnaires).answers,
                    answers, f"{made} answers")  # fmt: skip


def write_read_back(
    out: Path, text: str, replace: bool, read: Callable[[], object], expected: object, what: str
) -> None:
    """Write ``text`` to ``out`` only when ``read()`` (reading ``text`` back) gives ``expected``.

    Over an existing file only when ``replace`` (atomically); otherwise created exclusively. A failure
    to read back is a writer bug, never the user's input: ``what`` names the document in the message.
    """
    from aiopgap.files.atomic import write_atomic, write_new

    try:
        again = read()
    except InputError as exc:  # pragma: no cover - a writer bug, never the user's input
        raise UsageError(f"the {what} would not read back ({exc}); nothing was written to {out}") from None
    if again != expected:  # pragma: no cover - a writer bug, never the user's input
        raise UsageError(f"the {what} would not read back as written; nothing was written to {out}")
    if replace:
        write_atomic(out, text)
    else:
        write_new(out, text)
