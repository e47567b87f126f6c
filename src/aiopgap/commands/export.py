"""``aiopgap export``: answers and dimension scores as CSV for spreadsheets."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TextIO

from aiopgap.analysis.scoring import score
from aiopgap.files.documents import Assessment, load_assessment
from aiopgap.model.errors import ExitCode, InputError, Problem, UsageError
from aiopgap.model.text import visible
from aiopgap.render.export import DIMENSION_COLUMNS, RESPONSE_COLUMNS, dimension_rows, response_rows


class ExportFormat(StrEnum):
    csv = "csv"


class Table(StrEnum):
    responses = "responses"
    dimensions = "dimensions"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    buffer = io.StringIO()
    write_csv(buffer, columns, rows)
    return buffer.getvalue()


def write_csv(handle: TextIO, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
    writer = csv.writer(handle, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(v) for v in row])


def stream_assessments(
    files: Sequence[Path], questionnaire: Path | None, problems: list[Problem]
) -> Iterator[Assessment]:
    """Load files one at a time, so memory stays flat however many there are.

    Files with problems are skipped and their problems collected; the caller raises them at the end.
    """
    for path in files:
        try:
            yield load_assessment(path, questionnaire)
        except InputError as exc:
            problems.extend(exc.problems)


def rows_for(which: Table, assessments: Iterable[Assessment]) -> tuple[Sequence[str], Iterable[Sequence[str]]]:
    if which is Table.responses:
        return RESPONSE_COLUMNS, (row for a in assessments for row in response_rows([a]))
    reports = (score(a.questionnaire, a.answers) for a in assessments)
    return DIMENSION_COLUMNS, (row for r in reports for row in dimension_rows([r]))


def run(
    files: Sequence[Path],
    questionnaire: Path | None,
    table: Table,
    output: Path | None,
    output_dir: Path | None,
) -> int:
    from aiopgap.files.atomic import atomic_files
    from aiopgap.files.destinations import check_outputs

    problems: list[Problem] = []
    if output_dir is not None:
        if not output_dir.is_dir():
            raise UsageError(f"--output-dir {output_dir}: folder does not exist")
        targets = [output_dir / f"{which.value}.csv" for which in Table]
        check_outputs(targets, [*files, questionnaire])
        # both files are written before either replaces its old version: never a new table beside an old one
        with atomic_files(targets, newline="") as handles:
            for which, handle in zip(Table, handles, strict=True):
                write_csv(handle, *rows_for(which, stream_assessments(files, questionnaire, problems)))
                if problems:
                    raise InputError(problems)
        return ExitCode.OK
    if output is None:
        write_csv(sys.stdout, *rows_for(table, stream_assessments(files, questionnaire, problems)))
    else:
        check_outputs([output], [*files, questionnaire])
        with atomic_files([output], newline="") as (handle,):
            write_csv(handle, *rows_for(table, stream_assessments(files, questionnaire, problems)))
            if problems:
                raise InputError(problems)  # the old file stays; nothing half-written replaces it
    if problems:
        raise InputError(problems)
    return ExitCode.OK
