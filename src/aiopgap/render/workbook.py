"""The questionnaire as a workbook a respondent fills in offline (``questionnaire export --format xlsx``).

An "Instructions" sheet first (how to fill it in, the respondent's name and role, the organisation
and period, where to send it back), then one sheet per dimension: one row per question with its id,
its prompt, one column of descriptor per level, the level cell (a drop-down) and a note cell.
:mod:`aiopgap.files.workbook` reads a filled one back; the labels and headers it looks for are here.

Every text from the questionnaire is written as text, never as a formula. The file is the same
bytes for the same questionnaire and options: the document dates are fixed and the zip is
rewritten with fixed entry times in a fixed order. openpyxl is imported only inside the functions
that write, so no other command pays for it.
"""

from __future__ import annotations

import datetime
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass
from typing import Any

from aiopgap.files.destinations import reason
from aiopgap.files.workbook import (
    ID_HEADER,
    INSTRUCTIONS,
    LEVEL_HEADER,
    NAME_LABEL,
    NOTE_HEADER,
    ORGANISATION_LABEL,
    PERIOD_LABEL,
    QUESTION_HEADER,
    QUESTIONNAIRE_LABEL,
    ROLE_LABEL,
    UNIT_LABEL,
)
from aiopgap.model.errors import UsageError
from aiopgap.model.questionnaire import Dimension, Question, Questionnaire
from aiopgap.model.text import formula_like, shown

LABEL_COLUMN = 1
"""Labels are in column A of the Instructions sheet, the value in the cell right of the label."""
NOT_APPLICABLE = "n/a"

FIXED_TIME = datetime.datetime(2020, 1, 1, 0, 0, 0)
"""The document's created and modified dates: fixed, so identical input gives identical bytes."""
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_SHEET_TITLE_LIMIT = 31
_ILLEGAL_IN_TITLE = re.compile(r"[\[\]:*?/\\]")
# what a cell cannot hold (XML 1.0): C0 controls but tab, newline and carriage return
_ILLEGAL_IN_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class Cover:
    """What the Instructions sheet says beyond the questionnaire: who it is for and where it goes back."""

    organisation: str | None = None
    period: str | None = None
    return_to: str | None = None
    unit: str | None = None
    """The unit the answers are for (a business unit, a team), when not the whole organisation."""


def sheet_titles(dimensions: tuple[Dimension, ...]) -> list[str]:
    """One legal, unique sheet title per dimension: its name without []:*?/\\, at most 31 characters."""
    taken = {INSTRUCTIONS.casefold()}
    titles: list[str] = []
    for dimension in dimensions:
        base = " ".join(_ILLEGAL_IN_TITLE.sub(" ", cell_text(dimension.name)).split()).strip("'") or dimension.id
        title = base[:_SHEET_TITLE_LIMIT].strip()
        number = 2
        while title.casefold() in taken:
            suffix = f" ({number})"
            title = base[: _SHEET_TITLE_LIMIT - len(suffix)].strip() + suffix
            number += 1
        taken.add(title.casefold())
        titles.append(title)
    return titles


def level_columns(questionnaire: Questionnaire) -> tuple[int, int]:
    """The 1-based columns of the level cell and the note cell on a dimension sheet."""
    level = 3 + questionnaire.scale_max + 1
    return level, level + 1


def level_choices(question: Question) -> list[str]:
    """What the level drop-down offers: 0..max, and n/a only where the question allows it."""
    return [str(n) for n in range(question.max_level + 1)] + ([NOT_APPLICABLE] if question.allow_na else [])


def workbook_bytes(questionnaire: Questionnaire, cover: Cover) -> bytes:
    """The questionnaire workbook, byte-identical for the same questionnaire and cover."""
    from openpyxl import Workbook

    book = Workbook()
    _instructions(book.active, questionnaire, cover)
    for dimension, title in zip(questionnaire.dimensions, sheet_titles(questionnaire.dimensions), strict=True):
        _dimension_sheet(book.create_sheet(title), questionnaire, dimension)
    return book_bytes(book, questionnaire.title)


def book_bytes(book: Any, title: str) -> bytes:
    """``book`` saved as bytes that are the same for the same content: fixed dates, a rewritten zip.

    The one way a workbook aiopgap writes is saved (the questionnaire and the report workbook).
    """
    from openpyxl.writer.excel import ExcelWriter

    book.properties.creator = "aiopgap"
    book.properties.lastModifiedBy = "aiopgap"
    book.properties.title = cell_text(title)
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    raw = io.BytesIO()
    try:
        with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(book, archive).save()
    except OSError as exc:  # the library lays each sheet out in a temporary file first
        folder = tempfile.gettempdir()
        raise UsageError(
            f"cannot build the workbook: {reason(exc)} in the temporary folder {shown(folder)} "
            "(set TMPDIR to a folder with room); nothing was written"
        ) from None
    return _stable_zip(raw.getvalue())


def _stable_zip(data: bytes) -> bytes:
    """The same zip with fixed entry times and attributes, [Content_Types].xml first, the rest sorted."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        names = sorted(source.namelist(), key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


def cell_text(text: str) -> str:
    """User text a cell can hold: characters XML cannot carry become visible escapes (``\\x07``)."""
    return _ILLEGAL_IN_CELL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def put(sheet: Any, row: int, column: int, text: str | None, **style: Any) -> Any:
    """Write ``text`` as text, never a formula, with a style.

    The cell is a string cell, which no spreadsheet evaluates; text a spreadsheet would run if it were
    typed (:func:`~aiopgap.model.text.formula_like`) is also marked quote-prefixed, so editing the
    cell keeps it text. The text itself is kept whole: nothing the user wrote is changed.
    """
    cell = sheet.cell(row=row, column=column)
    if text is not None:
        cell.value = cell_text(text)
        cell.data_type = "s"
        if formula_like(text):
            cell.quotePrefix = True
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


_INSTRUCTION_LINES = (
    "How to fill in this workbook",
    "1. Write your name and your role in the yellow cells at the top of this sheet.",
    "2. Each of the next sheets is one part of how your organisation runs AI work.",
    "3. On every row, read the question and the level descriptions beside it, then pick the level "
    "that best matches what happens today (not what is planned) in the yellow 'Your level' cell.",
    "4. Pick n/a only where the drop-down offers it and the question truly does not apply.",
    "5. Add a note if you want to explain your choice or give an example; notes are optional.",
    "6. Do not change the question ids in column A or rename the columns; you may resize them.",
    "7. Save the file as an Excel workbook (.xlsx) and send it back.",
)


def _instructions(sheet: Any, questionnaire: Questionnaire, cover: Cover) -> None:
    """Title; the respondent's name and role (yellow) and what the workbook is for; then how to answer."""
    from openpyxl.styles import Alignment, Font, PatternFill

    sheet.title = INSTRUCTIONS
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    put(sheet, 1, 1, questionnaire.title, font=Font(bold=True, size=14))
    yellow = PatternFill("solid", fgColor="FFF2CC")
    row = 2
    for label in (NAME_LABEL, ROLE_LABEL):
        put(sheet, row, LABEL_COLUMN, label, font=bold)
        put(sheet, row, LABEL_COLUMN + 1, None, fill=yellow)
        row += 1
    version = f"{questionnaire.id} {questionnaire.version}"
    named = ((ORGANISATION_LABEL, cover.organisation), (UNIT_LABEL, cover.unit), (PERIOD_LABEL, cover.period))
    for label, value in named:
        if value is not None:
            put(sheet, row, LABEL_COLUMN, label, font=bold)
            put(sheet, row, LABEL_COLUMN + 1, value, alignment=wrap)
            row += 1
    put(sheet, row, LABEL_COLUMN, QUESTIONNAIRE_LABEL, font=bold)
    put(sheet, row, LABEL_COLUMN + 1, version)
    row += 2
    back = cover.return_to or "the person who sent it to you"
    lines = [*_INSTRUCTION_LINES, f"Send the filled workbook back to: {back}", "", questionnaire.description]
    for number, text in enumerate(lines):
        if text:
            put(sheet, row, 1, text, alignment=wrap, font=Font(bold=number in (0, len(_INSTRUCTION_LINES))))
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=2)
            lines_of_text = 1 + len(text) // 90 + text.count("\n")
            sheet.row_dimensions[row].height = min(409, 15 * lines_of_text)  # merged cells do not grow by themselves
        row += 1
    sheet.column_dimensions["A"].width = 22
    sheet.column_dimensions["B"].width = 70


def _dimension_sheet(sheet: Any, questionnaire: Questionnaire, dimension: Dimension) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="E7E6E6")
    yellow = PatternFill("solid", fgColor="FFF2CC")
    level_column, note_column = level_columns(questionnaire)
    headers = [ID_HEADER, QUESTION_HEADER] + [f"Level {n}" for n in range(questionnaire.scale_max + 1)]
    for column, text in enumerate([*headers, LEVEL_HEADER, NOTE_HEADER], start=1):
        put(sheet, 1, column, text, font=bold, alignment=wrap, fill=grey if column == 1 else yellow)
    choices: dict[tuple[str, ...], list[str]] = {}
    for row, question in enumerate(dimension.questions, start=2):
        put(sheet, row, 1, question.id, font=Font(size=8, color="595959"), fill=grey, alignment=wrap)
        put(sheet, row, 2, f"{question.prompt}\n\n{question.help}", alignment=wrap)
        for level, text in sorted(question.levels.items()):
            put(sheet, row, 3 + level, text, alignment=wrap)
        put(sheet, row, level_column, None, fill=yellow, alignment=Alignment(horizontal="center", vertical="top"))
        put(sheet, row, note_column, None, fill=yellow, alignment=wrap)
        choices.setdefault(tuple(level_choices(question)), []).append(f"{get_column_letter(level_column)}{row}")
    for options, cells in choices.items():
        rule = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        rule.error = "Pick a level from the list: " + ", ".join(options)
        rule.errorTitle = "Not a level"
        rule.prompt = "Pick the level that matches today"
        rule.showErrorMessage = True
        rule.showInputMessage = True
        for cell in cells:
            rule.add(cell)
        sheet.add_data_validation(rule)
    sheet.freeze_panes = "C2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # printed: every column on one page across
    widths = {1: 14, 2: 48, level_column: 11, note_column: 40}
    for column in range(1, note_column + 1):
        sheet.column_dimensions[get_column_letter(column)].width = widths.get(column, 30)
