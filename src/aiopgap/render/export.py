"""Rows for spreadsheet export: pure functions from assessments to tables. No I/O."""

from __future__ import annotations

from collections.abc import Iterable

from aiopgap.files.documents import Assessment
from aiopgap.model.report import Report

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
