"""The ``export`` tables: rows from assessments and reports, written as CSV or TSV for spreadsheets."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import TextIO

from aiopgap.files.documents import Assessment
from aiopgap.model.report import Report
from aiopgap.model.text import visible
from aiopgap.render.formats import ExportFormat

RESPONSE_COLUMNS = (
    "organisation",
    "period",
    "respondent",
    "role",
    "dimension",
    "question_id",
    "question",
    "level",
    "note",
)
DIMENSION_COLUMNS = (
    "organisation",
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
)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def response_rows(assessments: Iterable[Assessment]) -> list[tuple[str, ...]]:
    """One row per respondent and question, in questionnaire order; unanswered questions have no level."""
    rows: list[tuple[str, ...]] = []
    for assessment in assessments:
        answers = assessment.answers
        for respondent in answers.respondents:
            for dimension in assessment.questionnaire.dimensions:
                for question in dimension.questions:
                    answer = respondent.answers.get(question.id)
                    rows.append(
                        (
                            answers.organisation,
                            answers.period,
                            respondent.name,
                            respondent.role,
                            dimension.id,
                            question.id,
                            question.prompt,
                            "" if answer is None else str(answer.level),
                            "" if answer is None or answer.note is None else answer.note,
                        )
                    )
    return rows


def dimension_rows(reports: Iterable[Report]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for report in reports:
        for d in report.dimensions:
            rows.append(
                (
                    report.organisation,
                    report.period,
                    d.id,
                    d.name,
                    _number(d.score),
                    d.maturity or "",
                    _number(d.target),
                    _number(d.gap),
                    _number(d.coverage),
                    str(d.answered),
                    str(d.not_applicable),
                    str(d.total),
                )
            )
        rows.append(
            (
                report.organisation,
                report.period,
                "overall",
                "Overall",
                _number(report.score),
                report.maturity or "",
                "",
                "",
                _number(report.coverage),
                "",
                "",
                "",
            )
        )
    return rows


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_DELIMITERS = {ExportFormat.csv: ",", ExportFormat.tsv: "\t"}


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas and control characters in text cells; numbers pass unchanged.

    A CSV often lands on a terminal (`aiopgap export x.yaml | less`): an escape sequence in a note
    is shown as ``\\x1b`` there and in the spreadsheet alike, as every other output shows it.
    """
    value = visible(value)
    if value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


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
