"""The ``export`` tables: rows from assessments and reports, written as CSV or TSV for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from aiopgap.files.documents import Assessment
from aiopgap.model.report import Report
from aiopgap.model.responses import EvidenceSeen
from aiopgap.model.text import formula_like, visible
from aiopgap.render.formats import ExportFormat

RESPONSE_COLUMNS = (
    "organisation",
    "unit",
    "period",
    "respondent",
    "role",
    "dimension",
    "question_id",
    "question",
    "level",
    "note",
    "evidence",
    "weight",
    "unverified",
    "question_confidence",
    "median",
    "agreed",
)
"""A response's evidence, its weight (1, the stale weight, or 0 for self-report only), whether it is a high
level resting on self-report alone, and its question's confidence: four columns after those of before;
then the question's median level and the level the workshop agreed (empty when none): the last two."""
DIMENSION_COLUMNS = (
    "organisation",
    "unit",
    "period",
    "dimension",
    "name",
    "score",
    "maturity",
    "target",
    "gap",
    "coverage",
    "answered",
    "not_applicable",
    "total",
    "confidence",
    "evidenced_score",
    "unverified",
)


Value = str | int | float | None
"""A table cell before it is written: text, a number, or nothing (an empty cell)."""


def _text(value: Value) -> str:
    """A cell as CSV text: nothing is empty, a fraction is written as short as it reads exactly (``0.5``)."""
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def evidence_cell(evidence: Iterable[EvidenceSeen]) -> str:
    """A response's evidence in one cell, items separated by ``; ``: ``artifact 2026-08-14 RACI v3; observed``.

    Each item is its kind, then its date and reference when it has them, and ``(stale)`` when it is
    older than the questionnaire's age limit on the assessment day.
    """
    items = []
    for item in evidence:
        parts = [item.kind, item.date or "", item.reference or "", "(stale)" if item.stale else ""]
        items.append(" ".join(part for part in parts if part))
    return "; ".join(items)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def response_rows(assessment: Assessment, report: Report) -> list[tuple[str, ...]]:
    """:func:`response_values` as text."""
    return [tuple(_text(v) for v in row) for row in response_values(assessment, report)]


def response_values(assessment: Assessment, report: Report) -> list[tuple[Value, ...]]:
    """One row of :data:`RESPONSE_COLUMNS` per respondent and question, in questionnaire order;
    unanswered questions have no level.

    ``report`` is ``assessment`` scored: it gives each response's weight and each question's confidence.
    """
    answers = assessment.answers
    questions = {q.id: q for q in report.questions()}
    rows: list[tuple[Value, ...]] = []
    for respondent in answers.respondents:
        for dimension in assessment.questionnaire.dimensions:
            for question in dimension.questions:
                answer = respondent.answers.get(question.id)
                result = questions.get(question.id)
                seen = None
                if answer is not None and result is not None:
                    seen = next((r for r in result.responses if r.respondent == respondent.name), None)
                rows.append(
                    (
                        answers.organisation,
                        None if answers.unit is None else answers.unit.name,
                        answers.period,
                        respondent.name,
                        respondent.role,
                        dimension.id,
                        question.id,
                        question.prompt,
                        None if answer is None else answer.level,
                        None if answer is None else answer.note,
                        None if seen is None else evidence_cell(seen.evidence),
                        None if seen is None else seen.weight,
                        None if seen is None else _yes_no(seen.unverified),
                        None if result is None else result.confidence,
                        None if result is None else result.median,
                        None if result is None or result.agreed is None else result.agreed.level,
                    )
                )
    return rows


def _unit(report: Report) -> str | None:
    """The ``unit`` cell: the unit's name, empty for the whole organisation."""
    return None if report.unit is None else report.unit.name


def dimension_rows(reports: Iterable[Report]) -> list[tuple[str, ...]]:
    """:func:`dimension_values` as text."""
    return [tuple(_text(v) for v in row) for row in dimension_values(reports)]


def dimension_values(reports: Iterable[Report]) -> list[tuple[Value, ...]]:
    """One row of :data:`DIMENSION_COLUMNS` per dimension of each report, then its overall row."""
    rows: list[tuple[Value, ...]] = []
    for report in reports:
        for d in report.dimensions:
            rows.append(
                (
                    report.organisation,
                    _unit(report),
                    report.period,
                    d.id,
                    d.name,
                    d.score,
                    d.maturity or "",
                    d.target,
                    d.gap,
                    d.coverage,
                    d.answered,
                    d.not_applicable,
                    d.total,
                    d.confidence,
                    d.evidenced_score,
                    d.unverified,
                )
            )
        rows.append(
            (
                report.organisation,
                _unit(report),
                report.period,
                "overall",
                "Overall",
                report.score,
                report.maturity or "",
                None,
                None,
                report.coverage,
                None,
                None,
                None,
                report.confidence,
                report.evidenced_score,
                sum(d.unverified for d in report.dimensions),
            )
        )
    return rows


_DELIMITERS = {ExportFormat.csv: ",", ExportFormat.tsv: "\t"}


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas and control characters in text cells; numbers pass unchanged.

    A CSV often lands on a terminal (`aiopgap export x.yaml | less`): an escape sequence in a note
    is shown as ``\\x1b`` there and in the spreadsheet alike, as every other output shows it.
    """
    value = visible(value)
    return "'" + value if formula_like(value) else value


def write_table(handle: TextIO, fmt: ExportFormat, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    """A header row, then ``rows``, as ``fmt`` (comma- or tab-separated, quoted where needed, CRLF line ends)."""
    writer = csv.writer(handle, delimiter=_DELIMITERS[fmt], lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])


def table_text(columns: Sequence[str], rows: Iterable[Sequence[str]], fmt: ExportFormat = ExportFormat.csv) -> str:
    buffer = io.StringIO()
    write_table(buffer, fmt, columns, rows)
    return buffer.getvalue()
