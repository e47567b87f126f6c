"""``aiopgap export``: answers and dimension scores as CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from aiopgap.errors import ExitCode, InputError, Problem, UsageError
from aiopgap.export import DIMENSION_COLUMNS, RESPONSE_COLUMNS, dimension_rows, response_rows
from aiopgap.loader import Assessment, load_assessment
from aiopgap.scoring import score


class ExportFormat(StrEnum):
    csv = "csv"


class Table(StrEnum):
    responses = "responses"
    dimensions = "dimensions"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas in text cells; numbers pass unchanged."""
    if value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def csv_text(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return buffer.getvalue()


def load_all(files: Sequence[Path], questionnaire: Path | None) -> list[Assessment]:
    assessments: list[Assessment] = []
    problems: list[Problem] = []
    for path in files:
        try:
            assessments.append(load_assessment(path, questionnaire))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return assessments


def run(
    files: Sequence[Path],
    questionnaire: Path | None,
    table: Table,
    output: Path | None,
    output_dir: Path | None,
) -> int:
    assessments = load_all(files, questionnaire)

    def make(which: Table) -> str:
        if which is Table.responses:
            return csv_text(RESPONSE_COLUMNS, response_rows(assessments))
        reports = [score(a.questionnaire, a.answers) for a in assessments]
        return csv_text(DIMENSION_COLUMNS, dimension_rows(reports))

    from aiopgap.output import write_atomic

    if output_dir is not None:
        if not output_dir.is_dir():
            raise UsageError(f"--output-dir {output_dir}: folder does not exist")
        for which in Table:
            write_atomic(output_dir / f"{which.value}.csv", make(which))
        return ExitCode.OK
    text = make(table)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)
    return ExitCode.OK
