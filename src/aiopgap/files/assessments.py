"""Reading one assessment for ``diff`` and ``trend``: an answers file or a JSON report.

An answers YAML file is scored against its questionnaire; an ``aiopgap.report/1``
JSON report is read back as it was written. Either way the result is a
:class:`~aiopgap.results.Report`, with the questionnaire it answered when one can
be found (needed to map questions a newer version renamed or split).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import (
    answers_problems,
    bundled_questionnaires,
    first_problems,
    load_questionnaire,
    looks_like_questionnaire,
    validate_model,
    versions_compatible,
)
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.answers import Answers
from aiopgap.model.checks import report_problems
from aiopgap.model.errors import InputError
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import REPORT_FORMAT, Report
from aiopgap.model.text import shown


@dataclass(frozen=True)
class Loaded:
    """One side of a comparison."""

    file: str
    report: Report
    questionnaire: Questionnaire | None
    questionnaire_file: str | None


Catalogue = Sequence[tuple[Path, Questionnaire]]


def catalogue(extra: Sequence[Path]) -> list[tuple[Path, Questionnaire]]:
    """The questionnaires given with ``--questionnaire`` first, then the bundled ones."""
    return [(p, load_questionnaire(p)) for p in extra] + bundled_questionnaires()


def pick(questionnaires: Catalogue, qid: str, version: str) -> tuple[Path, Questionnaire] | None:
    """The first questionnaire with this id whose major.minor version matches."""
    for path, questionnaire in questionnaires:
        if questionnaire.id == qid and versions_compatible(version, questionnaire.version):
            return path, questionnaire
    return None


def load(path: Path, questionnaires: Catalogue) -> Loaded:
    """Read an answers file (and analyse it) or a JSON report. Raises :class:`InputError`."""
    return load_document(path, read_file(path), questionnaires)


def is_report(doc: Document) -> bool:
    """A JSON report (``aiopgap.report/1``) carries a ``format`` key; answers and questionnaires do not."""
    return isinstance(doc.data, dict) and "format" in doc.data


def is_questionnaire(doc: Document) -> bool:
    return looks_like_questionnaire(doc) and not is_report(doc)


def load_document(path: Path, doc: Document, questionnaires: Catalogue) -> Loaded:
    """:func:`load` for a file already read (so a caller that inspects it first reads it once)."""
    data = doc.data
    if is_questionnaire(doc):
        raise InputError([doc.problem((), "this is a questionnaire; expected an answers file or a JSON report")])
    if is_report(doc):
        if data["format"] != REPORT_FORMAT:
            raise InputError(
                [doc.problem(("format",), f"unsupported format {shown(data['format'])} (expected {REPORT_FORMAT!r})")]
            )
        report = validate_model(doc, Report, "JSON report")
        problems = [doc.problem(where, message) for where, message in report_problems(report)]
        if problems:
            raise InputError(first_problems(iter(problems)))
        found = pick(questionnaires, report.questionnaire_id, report.questionnaire_version)
        if found is None:
            return Loaded(str(path), report, None, None)
        return Loaded(str(path), report, found[1], str(found[0]))
    answers = validate_model(doc, Answers, "answers file")
    ref = answers.questionnaire
    found = pick(questionnaires, ref.id, ref.version)
    if found is None:
        known = ", ".join(f"{q.id} {q.version}" for _, q in questionnaires) or "none"
        raise InputError(
            [
                doc.problem(
                    ("questionnaire",),
                    f"no questionnaire {ref.id} {ref.version} among --questionnaire files or bundled ones "
                    f"(available: {known}); pass --questionnaire FILE",
                )
            ]
        )
    q_path, questionnaire = found
    problems = answers_problems(answers, questionnaire, doc)
    if problems:
        raise InputError(problems)
    return Loaded(str(path), analyse(questionnaire, answers), questionnaire, str(q_path))
