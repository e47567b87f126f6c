"""Filling an exported questionnaire workbook as a respondent would, for tests of the workbook and import.

:func:`fill_workbook` opens a workbook ``questionnaire export --format xlsx`` wrote, types the name
and role into the Instructions sheet and a level and note into each question's row (found by its
id, wherever its sheet and row are), and saves it. A level or note given as ``None`` is left empty;
questions not named are left unanswered.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import openpyxl

LevelGiven = int | float | str | None


def _put(cell: openpyxl.cell.cell.Cell, value: object) -> None:
    """A value as a respondent types it into a cell formatted as text: a string never becomes a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def _find_label(sheet: openpyxl.worksheet.worksheet.Worksheet, label: str) -> int:
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, 1).value == label:
            return row
    raise AssertionError(f"no {label!r} label on the {sheet.title} sheet")


def _columns(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(cell.value): cell.column for cell in sheet[1] if cell.value is not None}


def question_cells(path: Path) -> dict[str, tuple[str, str, str]]:
    """Each question id -> (sheet title, level cell, note cell) as the workbook lays them out."""
    book = openpyxl.load_workbook(path)
    cells: dict[str, tuple[str, str, str]] = {}
    for sheet in book.worksheets[1:]:
        columns = _columns(sheet)
        for row in range(2, sheet.max_row + 1):
            question = sheet.cell(row, 1).value
            if question:
                level = sheet.cell(row, columns["Your level"]).coordinate
                note = sheet.cell(row, columns["Your note"]).coordinate
                cells[str(question)] = (sheet.title, level, note)
    return cells


def fill_workbook(
    path: Path,
    name: str | None,
    role: str | None,
    levels: Mapping[str, LevelGiven],
    notes: Mapping[str, str | None] | None = None,
    out: Path | None = None,
) -> Path:
    """Fill the workbook at ``path`` (saved to ``out``, or over ``path``); returns where it was saved.

    Text is written as text: a name or note starting with ``=`` stays a string, as a respondent's
    typed text would in a cell formatted as text (a real formula is a test's own ``cell.value = "=..."``).
    """
    book = openpyxl.load_workbook(path)
    instructions = book["Instructions"]
    for label, value in (("Your name", name), ("Your role", role)):
        _put(instructions.cell(_find_label(instructions, label), 2), value)
    notes = notes or {}
    wanted = set(levels) | set(notes)
    for sheet in book.worksheets[1:]:
        columns = _columns(sheet)
        for row in range(2, sheet.max_row + 1):
            question = sheet.cell(row, 1).value
            if question in wanted:
                if question in levels:
                    _put(sheet.cell(row, columns["Your level"]), levels[question])
                if question in notes:
                    _put(sheet.cell(row, columns["Your note"]), notes[question])
                wanted.discard(question)
    assert not wanted, f"questions not in the workbook: {sorted(wanted)}"
    target = out or path
    book.save(target)
    return target
