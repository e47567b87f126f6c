"""``aiopgap export``: answers and dimension scores as CSV or TSV, or every table in one workbook."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

from aiopgap.analysis.anonymity import anonymised
from aiopgap.analysis.scoring import score
from aiopgap.commands._output import opened
from aiopgap.files.documents import Assessment, answering, open_answers
from aiopgap.model.errors import ExitCode, InputError, Problem, UsageError
from aiopgap.render.export import DIMENSION_COLUMNS, RESPONSE_COLUMNS, dimension_rows, response_rows, write_table
from aiopgap.render.formats import ExportFormat, ExportTable


def stream_assessments(
    files: Sequence[Path], questionnaire: Path | None, problems: list[Problem], anonymise: bool = False
) -> Iterator[Assessment]:
    """Load files one at a time, so memory stays flat however many there are.

    Files with problems are skipped and their problems collected; the caller raises them at the end.
    With ``anonymise`` each file's respondents are shown by role and number (numbered per file).
    """
    known = answering(questionnaire)  # located and read once for every file, not once per file
    for path in files:
        try:
            if path in _from_folder and _not_answers(path):
                continue
            assessment = open_answers(path, known)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        yield replace(assessment, answers=anonymised(assessment.answers)) if anonymise else assessment


_from_folder: set[Path] = set()  # files found in a folder given as input, for this run


def _not_answers(path: Path) -> bool:
    """What a folder may hold besides answers files: JSON reports, questionnaires, plans and the like."""
    from aiopgap.files.validation import skipped_in_folder
    from aiopgap.files.yaml_reader import read_file

    return path.suffix.lower() == ".json" or skipped_in_folder(read_file(path))


def expanded(paths: Sequence[Path]) -> list[Path]:
    """Folders among the inputs as the answers files they hold (sorted by name); files as given."""
    from aiopgap.files.folders import expand

    listed = expand(list(paths), "answers files")
    _from_folder.clear()
    _from_folder.update(path for path, from_folder in listed if from_folder)
    return [path for path, _ in listed]


def rows_for(which: ExportTable, assessments: Iterable[Assessment]) -> tuple[Sequence[str], Iterable[Sequence[str]]]:
    if which is ExportTable.responses:
        scored = ((a, score(a.questionnaire, a.answers)) for a in assessments)
        return RESPONSE_COLUMNS, (row for a, report in scored for row in response_rows(a, report))
    reports = (score(a.questionnaire, a.answers, detail=False) for a in assessments)  # the table shows no question
    return DIMENSION_COLUMNS, (row for r in reports for row in dimension_rows([r]))


def run(
    files: Sequence[Path],
    questionnaire: Path | None,
    table: ExportTable | None,
    output: Path | None,
    output_dir: Path | None,
    fmt: ExportFormat = ExportFormat.csv,
    anonymise: bool = False,
) -> int:
    from aiopgap.files.atomic import atomic_files
    from aiopgap.files.destinations import check_outputs

    files = expanded(files)
    if fmt is ExportFormat.xlsx:
        return _workbook(files, questionnaire, table, output, output_dir, anonymise)
    table = table or ExportTable.responses
    problems: list[Problem] = []
    if output_dir is not None:
        if not output_dir.is_dir():
            raise UsageError(f"--output-dir {output_dir}: folder does not exist")
        targets = [output_dir / f"{which.value}.{fmt.value}" for which in ExportTable]
        check_outputs(targets, [*files, questionnaire])
        # both files are written before either replaces its old version: never a new table beside an old one
        with atomic_files(targets, newline="") as handles:
            for which, handle in zip(ExportTable, handles, strict=True):
                loaded = stream_assessments(files, questionnaire, problems, anonymise)
                write_table(handle, fmt, *rows_for(which, loaded))
                if problems:
                    raise InputError(problems)
        return ExitCode.OK
    if output is not None:
        check_outputs([output], [*files, questionnaire])
    with opened(output, newline="") as handle:
        write_table(handle, fmt, *rows_for(table, stream_assessments(files, questionnaire, problems, anonymise)))
        if problems and output is not None:
            raise InputError(problems)  # the old file stays; nothing half-written replaces it
    if problems:
        raise InputError(problems)
    return ExitCode.OK


def _workbook(
    files: Sequence[Path],
    questionnaire: Path | None,
    table: ExportTable | None,
    output: Path | None,
    output_dir: Path | None,
    anonymise: bool,
) -> int:
    """Every table of every file in one workbook, written to ``output`` whole or not at all.

    Without ``--output`` the workbook goes to standard output, but only when that is a file or a
    pipe: a binary workbook is never poured onto a terminal.
    """
    from aiopgap.analysis.report import analyse
    from aiopgap.files.atomic import atomic_writer
    from aiopgap.files.destinations import check_outputs, refuse_terminal
    from aiopgap.render.plain import check_input_size
    from aiopgap.render.report_workbook import report_workbook

    if output_dir is not None:
        raise UsageError("--output-dir writes one file per table; a workbook holds every table: use -o FILE.xlsx")
    if table is not None:
        raise UsageError(f"--table {table.value} picks one table of a CSV or TSV export; a workbook holds every table")
    refuse_terminal(output, "a workbook", "FILE.xlsx")
    if output is not None:
        check_outputs([output], [*files, questionnaire])
    problems: list[Problem] = []
    assessed = []
    for assessment in stream_assessments(files, questionnaire, problems, anonymise):
        report = analyse(assessment.questionnaire, assessment.answers, anonymised=anonymise)
        check_input_size(assessment.answers_file, report)
        assessed.append((assessment, report))
    if problems:
        raise InputError(problems)
    data = report_workbook(assessed)
    if output is None:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return ExitCode.OK
    with atomic_writer(output) as handle:
        handle.flush()
        handle.buffer.write(data)
    return ExitCode.OK
