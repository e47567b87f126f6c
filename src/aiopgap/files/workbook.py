"""Reading a filled questionnaire workbook (.xlsx) into an :class:`~aiopgap.model.intake.Intake`.

The workbook is the one ``questionnaire export --format xlsx`` writes (:mod:`aiopgap.render.workbook`);
the labels and headers both sides agree on are here. The reader finds the respondent by the
labels of the Instructions sheet and each question row by its id in the column headed
"Question id", so renamed or reordered sheets still read. Levels and notes are handed on as the
cell holds them (2, 2.0, " 2 ", "n/a", empty), each with its ``Sheet!C7``: judging them is the
common checker's work, so every kind of file gets the same messages.

Problems of the file itself are :class:`InputError` s (exit 2) naming the file and, where there is
one, the cell: not a workbook, an old .xls, a macro workbook, a password-protected one, a zip bomb
(sizes in the zip directory are checked before anything is unpacked), too many cells, a missing
Instructions sheet or name cell, a question id twice or unknown, a formula where a level, note,
name or role belongs. openpyxl is imported only inside :func:`read_workbook`'s helpers, and parses
XML through defusedxml.
"""

from __future__ import annotations

import datetime
import io
import re
import warnings
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from aiopgap.files.reading import TooLarge, read_at_most
from aiopgap.files.validation import versions_compatible
from aiopgap.model.errors import AiopgapError, InputError, Location, Problem
from aiopgap.model.intake import CellValue, GivenAnswer, GivenRespondent, Intake, Read
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.text import shown

INSTRUCTIONS = "Instructions"
"""The first sheet's title; the respondent's name and role are there."""
NAME_LABEL = "Your name"
ROLE_LABEL = "Your role"
ORGANISATION_LABEL = "Organisation"
PERIOD_LABEL = "Period"
UNIT_LABEL = "Unit"
QUESTIONNAIRE_LABEL = "Questionnaire"
"""Labels sit in column A of the Instructions sheet; each value is in the cell right of its label."""
ID_HEADER = "Question id"
QUESTION_HEADER = "Question"
LEVEL_HEADER = "Your level"
NOTE_HEADER = "Your note"

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""The most a workbook may unpack to, summed over the sizes its zip directory declares."""
MAX_ENTRIES = 5_000
MAX_CELLS = 200_000
MAX_ROWS = 20_000
"""Per sheet: a questionnaire has tens of questions, so a sheet this long is not one of ours."""
_HEADER_ROWS = 10
_LABEL_ROWS = 200
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS = "open it in Excel or LibreOffice and save it as an Excel Workbook (.xlsx), then import that file"


def read_workbook(path: Path, questionnaire: Questionnaire) -> Intake:
    """The respondent, levels and notes of one filled workbook, each value with its cell."""
    file = str(path)
    data = _read(path, file)
    _check_container(data, file)
    with warnings.catch_warnings():  # the library's remarks on parts it drops are not the respondent's problem
        warnings.simplefilter("ignore")
        book = _open(data, file)
        try:
            return _intake(book, file, questionnaire)
        except AiopgapError:
            raise
        except Exception as exc:  # a damaged sheet part found while streaming it
            raise _damaged(file, exc) from None
        finally:
            book.close()


def _damaged(file: str, exc: Exception) -> InputError:
    return _error(
        file, None, f"the workbook is damaged and cannot be read ({type(exc).__name__}); open it and save it again"
    )


def _error(file: str, cell: str | None, message: str) -> InputError:
    return InputError([Problem(Location(file, cell=cell), message)])


def _read(path: Path, file: str) -> bytes:
    try:
        data = read_at_most(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise _error(file, None, "workbook not found") from None
    except TooLarge:
        raise _error(file, None, f"file is larger than {MAX_FILE_BYTES // 2**20} MiB; not a questionnaire") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not a readable file"
        raise _error(file, None, f"cannot read the workbook: {reason}") from None
    if not data:
        raise _error(file, None, "file is empty; expected a filled Excel workbook (.xlsx)")
    return data


def _check_container(data: bytes, file: str) -> None:
    """Refuse what is not a plain .xlsx before openpyxl sees it: the zip directory is checked first."""
    if data.startswith(_OLE):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise _error(file, None, "the workbook is protected with a password; remove the password and save it again")
        raise _error(file, None, f"this is an old Excel 97-2003 workbook (.xls); {_SAVE_AS}")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        hint = " (it looks like text: CSV files are imported as CSV)" if _is_text(data) else ""
        raise _error(file, None, f"not an Excel workbook (.xlsx){hint}")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                raise _error(file, None, f"the workbook holds more than {MAX_ENTRIES:,} parts; not a questionnaire")
            if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
                limit = MAX_UNPACKED_BYTES // 2**20
                raise _error(file, None, f"the workbook unpacks to more than {limit} MiB; refusing to open it")
            names = {entry.filename for entry in entries}
            if "mimetype" in names and b"opendocument" in archive.read("mimetype"):
                raise _error(file, None, f"this is an OpenDocument spreadsheet (.ods); {_SAVE_AS}")
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise _error(file, None, "a zip file, but not an Excel workbook (.xlsx)")
            types = archive.read("[Content_Types].xml")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError):
        raise _error(file, None, "the workbook is damaged (its zip structure cannot be read)") from None
    if b"macroEnabled" in types or file.lower().endswith(".xlsm"):
        raise _error(file, None, f"this workbook holds macros (.xlsm), which aiopgap does not open; {_SAVE_AS}")


def _is_text(data: bytes) -> bool:
    sample = data[:4096]
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\x00" not in sample


def _open(data: bytes, file: str) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False, keep_vba=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise _damaged(file, exc) from None


class _Cells:
    """Every sheet's cells as (row, column, cell), counting them against :data:`MAX_CELLS`."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.count = 0

    def rows(self, sheet: Any, max_row: int | None = None) -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, row in enumerate(sheet.iter_rows(min_row=1, max_row=max_row), start=1):
            if number > MAX_ROWS:
                raise _error(self.file, f"{sheet.title}!A{number}", f"sheet has more than {MAX_ROWS:,} rows")
            self.count += len(row)
            if self.count > MAX_CELLS:
                raise _error(self.file, f"{sheet.title}!A{number}", f"workbook has more than {MAX_CELLS:,} cells")
            yield number, row


def _cell(row: tuple[Any, ...], column: int) -> Any:
    return row[column - 1] if column - 1 < len(row) else None


def _value(cell: Any) -> CellValue | datetime.datetime:
    return None if cell is None else cell.value


def _plain(file: str, where: str, cell: Any, what: str) -> Read:
    """The value of a cell the respondent fills in; a formula there is refused, naming the cell."""
    value = _value(cell)
    if cell is not None and getattr(cell, "data_type", None) == "f":
        raise _error(file, where, f"the {what} is a formula ({shown(str(value))}); type the {what} itself")
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        value = value.isoformat()
    if not isinstance(value, str | int | float | bool | type(None)):
        value = str(value)
    return Read(value, Location(file, cell=where))


def _label_key(value: object) -> str:
    return " ".join(str(value).split()).casefold() if isinstance(value, str) else ""


def _intake(book: Any, file: str, questionnaire: Questionnaire) -> Intake:
    cells = _Cells(file)
    sheets = {sheet.title.casefold(): sheet for sheet in book.worksheets}
    instructions = sheets.get(INSTRUCTIONS.casefold())
    if instructions is None:
        raise _error(file, None, f"no {INSTRUCTIONS!r} sheet: this is not a questionnaire workbook aiopgap exported")
    labels = _labels(instructions, file, cells)
    for label in (NAME_LABEL, ROLE_LABEL):
        if label.casefold() not in labels:
            raise _error(file, f"{INSTRUCTIONS}!A1", f"no {label!r} label in column A of the {INSTRUCTIONS} sheet")
    _same_questionnaire(labels.get(QUESTIONNAIRE_LABEL.casefold()), file, questionnaire)
    answers: dict[str, tuple[str, GivenAnswer]] = {}
    for sheet in book.worksheets:
        if sheet is not instructions:
            _read_sheet(sheet, file, questionnaire, cells, answers)
    order = {q.id: n for n, q in enumerate(questionnaire.questions())}
    respondent = GivenRespondent(
        name=labels[NAME_LABEL.casefold()],
        role=labels[ROLE_LABEL.casefold()],
        answers=tuple(answer for _, answer in sorted(answers.values(), key=lambda a: order[a[1].question])),
        where=Location(file),
    )
    return Intake(
        file=file,
        respondents=(respondent,),
        organisation=labels.get(ORGANISATION_LABEL.casefold()),
        period=labels.get(PERIOD_LABEL.casefold()),
        questionnaire=labels.get(QUESTIONNAIRE_LABEL.casefold()),
        unit=labels.get(UNIT_LABEL.casefold()),
    )


def _labels(sheet: Any, file: str, cells: _Cells) -> dict[str, Read]:
    """The value right of each known label in column A of the Instructions sheet, by label."""
    named = (NAME_LABEL, ROLE_LABEL, ORGANISATION_LABEL, UNIT_LABEL, PERIOD_LABEL)
    wanted = {label.casefold(): label for label in named}
    wanted[QUESTIONNAIRE_LABEL.casefold()] = QUESTIONNAIRE_LABEL
    found: dict[str, Read] = {}
    for number, row in cells.rows(sheet, _LABEL_ROWS):
        key = _label_key(_value(_cell(row, 1)))
        if key in wanted and key not in found:
            where = f"{sheet.title}!B{number}"
            found[key] = _plain(file, where, _cell(row, 2), wanted[key].lower().removeprefix("your "))
    return found


def _same_questionnaire(given: Read | None, file: str, questionnaire: Questionnaire) -> None:
    """Refuse a workbook of another questionnaire, or of a version whose answers do not fit this one
    (the rule answers files follow: same major version, same or earlier minor)."""
    if given is None or not isinstance(given.value, str) or not given.value.split():
        return
    named, *rest = given.value.split()
    if named != questionnaire.id:
        raise InputError(
            [
                Problem(
                    given.where,
                    f"the workbook was exported from questionnaire {shown(named)}, not {questionnaire.id!r}; "
                    "import it with that questionnaire (--questionnaire)",
                )
            ]
        )
    version = " ".join(rest)
    if version and not versions_compatible(version, questionnaire.version):
        message = (
            f"the workbook was exported from {questionnaire.id} {shown(version)}, and its answers do not fit "
            f"{questionnaire.id} {questionnaire.version} (they fit the same major version with the same or a later "
            "minor one); import it with the questionnaire it was exported from (--questionnaire)"
        )
        raise InputError([Problem(given.where, message)])


def _header(sheet: Any, file: str, cells: _Cells) -> tuple[int, dict[str, int]] | None:
    """The header row of a question sheet and the columns of its headers, or None when it has none."""
    for number, row in cells.rows(sheet, _HEADER_ROWS):
        columns = {_label_key(_value(cell)): n for n, cell in enumerate(row, start=1) if _label_key(_value(cell))}
        if ID_HEADER.casefold() in columns:
            for header in (LEVEL_HEADER, NOTE_HEADER):
                if header.casefold() not in columns:
                    where = f"{sheet.title}!A{number}"
                    raise _error(file, where, f"the header row has no {header!r} column; keep the columns as exported")
            return number, columns
    return None


def _read_sheet(
    sheet: Any, file: str, questionnaire: Questionnaire, cells: _Cells, answers: dict[str, tuple[str, GivenAnswer]]
) -> None:
    """Every question row of one sheet into ``answers`` (with its id cell); a sheet without ids is ignored."""
    known = {q.id for q in questionnaire.questions()}
    header = _header(sheet, file, cells)
    if header is None:
        for number, row in cells.rows(sheet):
            if any(_label_key(_value(cell)) in known for cell in row):
                where = f"{sheet.title}!A{number}"
                raise _error(file, where, f"the sheet holds question ids but no {ID_HEADER!r} header row")
        return
    top, columns = header
    id_column, level_column, note_column = (columns[h.casefold()] for h in (ID_HEADER, LEVEL_HEADER, NOTE_HEADER))
    letters = {n: _letter(n) for n in (id_column, level_column, note_column)}
    headed = {column for key, column in columns.items() if _ours(key)}
    for number, row in cells.rows(sheet):
        if number <= top:
            continue
        raw = _value(_cell(row, id_column))
        if not _filled(raw):
            _no_stray_cells(sheet.title, file, number, row, None, letters[level_column])
            continue
        _no_stray_cells(sheet.title, file, number, row, headed, letters[note_column])
        where = f"{sheet.title}!{letters[id_column]}{number}"
        question = str(raw).strip()
        if question not in known:
            message = f"{shown(question)} is not a question of {questionnaire.id!r}; leave column A as exported"
            raise _error(file, where, message)
        if question in answers:
            raise _error(file, where, f"question {question!r} appears twice (also at {answers[question][0]})")
        answers[question] = (
            where,
            GivenAnswer(
                question=question,
                level=_plain(file, f"{sheet.title}!{letters[level_column]}{number}", _cell(row, level_column), "level"),
                note=_plain(file, f"{sheet.title}!{letters[note_column]}{number}", _cell(row, note_column), "note"),
            ),
        )


def _ours(header: str) -> bool:
    """Whether a header (as :func:`_label_key` gives it) is one the export writes; a respondent's own is not."""
    mine = {h.casefold() for h in (ID_HEADER, QUESTION_HEADER, LEVEL_HEADER, NOTE_HEADER)}
    return header in mine or re.fullmatch(r"level [0-9]+", header) is not None


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _no_stray_cells(title: str, file: str, number: int, row: tuple[Any, ...], headed: set[int] | None, to: str) -> None:
    """Refuse text the reader would otherwise drop: anything in a row with no question id (``headed`` None),
    or, on a question row, in a column the export did not write (beside the level and note columns)."""
    for column, cell in enumerate(row, start=1):
        if (headed is None or column not in headed) and _filled(_value(cell)):
            where = f"{title}!{_letter(column)}{number}"
            if headed is None:
                message = (
                    f"{shown(_value(cell))} is in a row with no question id, so it answers no question; "
                    f"put the level and note on the question's own row (column {to}) or delete it"
                )
            else:
                message = (
                    f"{shown(_value(cell))} is beside the answer columns, where nothing is read; "
                    f"move it into your note (column {to}) or delete it"
                )
            raise _error(file, where, message)


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def open_xlsx(path: Path) -> Any:
    """Any .xlsx file (a form export too), checked as a filled workbook is and opened read-only, formulas
    as written; the caller closes it. Every failure is a located :class:`InputError`."""
    file = str(path)
    data = _read(path, file)
    _check_container(data, file)
    return _open(data, file)
