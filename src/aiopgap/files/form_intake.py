"""Reading form exports to import: Microsoft Forms (.xlsx or .csv) and Google Forms (.csv).

A form export is a table: a header row of question texts, then one row per respondent. A mapping
file (:class:`~aiopgap.model.form_mapping.FormMapping`) says which column holds the name, the role,
and each question's level and note; columns it does not name (time stamps, e-mail addresses) are
left alone and listed in the summary. Answer texts the mapping's ``levels`` name become their
level here; every other answer goes to the checker as written (``2 - Emerging`` reads as 2).

An .xlsx export is opened by :func:`aiopgap.files.workbook.open_xlsx`, with the checks a filled
workbook gets (size, zip directory, macros, passwords).
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiopgap.files.csv_intake import read_table
from aiopgap.files.validation import validate_model
from aiopgap.files.workbook import open_xlsx
from aiopgap.files.yaml_reader import read_file
from aiopgap.model.answers import name_key
from aiopgap.model.errors import AiopgapError, InputError, Location, Problem, input_error
from aiopgap.model.form_mapping import FormMapping
from aiopgap.model.intake import CellValue, GivenAnswer, GivenRespondent, Intake, Read
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.text import shown

MAX_ROWS = 20_000
"""Rows read from one sheet: far more respondents than any workshop has."""
MAX_COLUMNS = 1_000
_NUMBERED = re.compile(r"\s*([0-9]{1,3})(?:\s*[-\u2013\u2014:)]\s*|\.\s+|\s+)(\S.*)", re.DOTALL)
"""An answer written as its number and a label (``2 - Practised``)."""


@dataclass(frozen=True)
class Grid:
    """A sheet or CSV file: header texts, and every later row's cells with their places."""

    file: str
    header: tuple[Read, ...]
    rows: tuple[tuple[Read, ...], ...]
    problems: tuple[Problem, ...] = ()
    """What reading the cells found (a formula where a value belongs)."""

    def header_titles(self) -> list[str]:
        return ["" if h.value is None else str(h.value) for h in self.header]


def load_mapping(path: Path, questionnaire: Questionnaire) -> FormMapping:
    """The mapping file at ``path``, its question ids checked against ``questionnaire``."""
    doc = read_file(path)
    mapping = validate_model(doc, FormMapping, "form mapping file")
    known = [q.id for q in questionnaire.questions()]
    problems = []
    for question_id in mapping.questions:
        if question_id not in known:
            close = difflib.get_close_matches(question_id, known, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(doc.problem(("questions", question_id), f"unknown question id {question_id!r}{hint}"))
    if problems:
        raise InputError(problems)
    return mapping


def csv_grid(path: Path) -> Grid:
    table = read_table(path)
    width = max([len(table.header), *(len(r.cells) for r in table.rows)])
    header = tuple(Read(h, Location(table.file, 1, i + 1)) for i, h in enumerate(table.header))
    rows = tuple(tuple(table.read(row, i) for i in range(width)) for row in table.rows)
    return Grid(table.file, header, rows)


def _cell_value(value: Any) -> CellValue:
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


# long because: one walk over the sheet's cells, turning each into a located value or a problem
def xlsx_grid(path: Path, sheet: str | None) -> Grid:
    """The first sheet (or ``sheet``) of an .xlsx form export as a grid."""
    file = str(path)
    book = open_xlsx(path)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(repr(n) for n in book.sheetnames)
            raise input_error(file, f"no sheet named {sheet!r} (the workbook has {names})")
        if not book.worksheets:
            raise input_error(file, "the workbook has no sheet of cells")
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        title = ws.title
        problems: list[Problem] = []
        rows = _sheet_rows(ws, file, title, problems)
    except AiopgapError:
        raise
    except Exception as exc:  # a damaged sheet part, found while streaming it
        raise input_error(file, f"the workbook is damaged and cannot be read ({type(exc).__name__})") from None
    finally:
        book.close()
    if not rows or not rows[0]:
        raise input_error(file, f"the sheet {title!r} is empty: no header row and no answers")
    width = max(_column_index(_letters(r.where)) + 1 for row in rows for r in row)
    padded = tuple(_padded(r, width, file, title) for r in rows)
    return Grid(file, padded[0], padded[1:], tuple(problems))


def _sheet_rows(ws: Any, file: str, title: str, problems: list[Problem]) -> list[tuple[Read, ...]]:
    """The header row and every later row holding something, each cell with its place; formulas are problems."""
    rows: list[tuple[Read, ...]] = []
    for index, cells in enumerate(ws.iter_rows(max_col=MAX_COLUMNS)):
        if index > MAX_ROWS:
            raise input_error(file, f"the sheet {title!r} has more than {MAX_ROWS:,} rows; refusing to read it")
        row: list[Read] = []
        for cell in cells:
            coordinate = getattr(cell, "coordinate", None)
            if coordinate is None:  # an empty cell read-only mode fills in
                continue
            where = Location(file, cell=f"{title}!{coordinate}")
            value = cell.value
            if cell.data_type == "f":
                problems.append(Problem(where, "a formula where a value belongs; type the value instead"))
                value = None
            row.append(Read(_cell_value(value), where))
        if any(r.value is not None and str(r.value).strip() for r in row) or not rows:
            rows.append(tuple(row))
    return rows


def _letters(where: Location) -> str:
    assert where.cell is not None
    return where.cell.rsplit("!", 1)[-1].rstrip("0123456789")


def _padded(row: tuple[Read, ...], width: int, file: str, title: str) -> tuple[Read, ...]:
    """``row`` with a blank cell for each column read-only mode left out, so columns line up."""
    by_column: dict[int, Read] = {}
    row_number = ""
    for read in row:
        assert read.where.cell is not None
        coordinate = read.where.cell.rsplit("!", 1)[-1]
        letters = _letters(read.where)
        row_number = coordinate[len(letters) :]
        by_column[_column_index(letters)] = read
    return tuple(
        by_column.get(i) or Read(None, Location(file, cell=f"{title}!{_column_letters(i)}{row_number}"))
        for i in range(width)
    )


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def form_grid(path: Path, mapping: FormMapping) -> Grid:
    return xlsx_grid(path, mapping.sheet) if path.suffix.lower() == ".xlsx" else csv_grid(path)


def is_form_export(grid: Grid, mapping: FormMapping) -> bool:
    """Whether the header row holds the mapping's name column (a form export, not another layout)."""
    return name_key(mapping.name) in {name_key(t) for t in grid.header_titles()}


def _against_mapping(text: str, mapping: FormMapping) -> str | None:
    """Why ``text`` (``3 - Not started``) contradicts the mapping's ``levels`` (``Not started: 0``), or None."""
    numbered = _NUMBERED.fullmatch(text)
    if numbered is None:
        return None
    named = mapping.level_for(numbered.group(2))
    if named is None or named == int(numbered.group(1)):
        return None
    label = shown(numbered.group(2))
    return f"{shown(text.strip())} says level {numbered.group(1)}, but the mapping makes {label} {named}"


# long because: the header check and the walk over the rows belong together (each row needs the columns found)
def form_intake(grid: Grid, mapping: FormMapping) -> tuple[Intake, list[Problem], list[str]]:
    """The respondents of a form export, the problems only its layout shows, and the columns left alone."""
    titles = grid.header_titles()
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, title in enumerate(titles):
        key = name_key(title)
        if key in columns and key in {name_key(h) for h in mapping.headers()}:
            problems.append(Problem(grid.header[index].where, f"column {title!r} appears twice; rename one"))
        columns.setdefault(key, index)
    at_header = grid.header[0].where
    for header in mapping.headers():
        if name_key(header) not in columns:
            close = difflib.get_close_matches(header, titles, n=1, cutoff=0.6)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(at_header, f"the mapping names column {header!r}, but the file has none{hint}"))
    if problems:
        raise InputError(problems)
    problems = list(grid.problems)
    mapped = {name_key(h) for h in mapping.headers()}
    ignored = [t for t in titles if t.strip() and name_key(t) not in mapped]

    def at(row: tuple[Read, ...], header: str) -> Read:
        return row[columns[name_key(header)]]

    unheaded = [i for i, title in enumerate(titles) if not title.strip()]
    respondents = []
    for row in grid.rows:
        for index in unheaded + list(range(len(titles), len(row))):
            if index < len(row) and row[index].value is not None and str(row[index].value).strip():
                problems.append(Problem(row[index].where, "a filled cell in a column with no header; what is it?"))
        name = at(row, mapping.name)
        role = at(row, mapping.role) if mapping.role is not None else Read(mapping.default_role, name.where)
        answers = []
        for question_id, where in mapping.questions.items():
            level = at(row, where.level)
            if isinstance(level.value, str) and (known := mapping.level_for(level.value)) is not None:
                level = Read(known, level.where)
            elif isinstance(level.value, str) and (contradiction := _against_mapping(level.value, mapping)):
                problems.append(Problem(level.where, contradiction))
            note = at(row, where.note) if where.note is not None else None
            answers.append(GivenAnswer(question_id, level, note))
        respondents.append(GivenRespondent(name, role, tuple(answers), name.where))
    return Intake(grid.file, tuple(respondents)), problems, ignored
