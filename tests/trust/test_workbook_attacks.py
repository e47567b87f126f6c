"""[trust] hostile workbooks handed to the reader: a located InputError (exit 2) or inert text, never a crash.

Each attack is a file a respondent could send back, by mistake or on purpose: empty, random bytes,
text, a zip of something else, a zip bomb, an old .xls, a password-protected or macro workbook, an
OpenDocument file, damaged or entity-expanding XML, a sheet of a million rows, too many cells, and
workbooks with their bytes flipped at random. Text a respondent typed (control characters, a DDE
formula as text) arrives whole and as text, never evaluated.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from aiopgap.files import resources, workbook
from aiopgap.files.catalogue import load_questionnaire
from aiopgap.files.workbook import read_workbook
from aiopgap.model.errors import ExitCode, InputError, Problem
from aiopgap.render.workbook import Cover, workbook_bytes
from tests.conftest import examples
from tests.trust.test_output import FRAGMENTS, hostile_text, questionnaire_with, write_yaml
from tests.workbook_helpers import fill_workbook

QUESTIONNAIRE = load_questionnaire(resources.default_questionnaire())
EXPORTED = workbook_bytes(QUESTIONNAIRE, Cover("Acme", "2026-Q3"))
FIRST_SHEET = "xl/worksheets/sheet2.xml"


def rezipped(data: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(name, replace.get(name, source.read(name)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def zipped(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def refused(tmp_path: Path, data: bytes, name: str = "filled.xlsx") -> tuple[str, str]:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as excinfo:
        read_workbook(path, QUESTIONNAIRE)
    assert excinfo.value.exit_code == ExitCode.BAD_INPUT
    (problem,) = excinfo.value.problems
    assert problem.location.file == str(path)
    return problem.location.cell or "", problem.message


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;">]><worksheet>&lol3;</worksheet>'
)
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

ATTACKS: dict[str, tuple[bytes, str]] = {
    "zero bytes": (b"", "file is empty"),
    "random bytes": (bytes(range(256)) * 40, "not an Excel workbook"),
    "a CSV file": (b"respondent,role,question,level\nDana,CTO,ownership.x,3\n", "CSV files are imported as CSV"),
    "a zip of something else": (zipped({"notes.txt": b"hello"}), "a zip file, but not an Excel workbook"),
    "a zip bomb": (zipped({"[Content_Types].xml": b"", "xl/workbook.xml": b"\0" * (60 * 2**20)}), "unpacks to more"),
    "a zip of many parts": (zipped({f"x/{n}": b"" for n in range(workbook.MAX_ENTRIES + 1)}), "parts"),
    "an old .xls": (OLE + b"\0" * 600, "save it as an Excel Workbook (.xlsx)"),
    "a password": (OLE + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600, "protected with a password"),
    "an .ods": (zipped({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "OpenDocument"),
    "a truncated workbook": (EXPORTED[: len(EXPORTED) // 2], "not an Excel workbook"),
    "damaged sheet XML": (rezipped(EXPORTED, {FIRST_SHEET: b"<worksheet><sheetData><row"}), "damaged"),
    "an entity bomb": (rezipped(EXPORTED, {FIRST_SHEET: ENTITY_BOMB}), "damaged"),
    "a macro workbook": (
        rezipped(EXPORTED, {"[Content_Types].xml": b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"}),
        "holds macros (.xlsm)",
    ),
}


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_a_hostile_file_is_refused_with_its_name_and_a_reason(tmp_path: Path, attack: str) -> None:
    data, expected = ATTACKS[attack]
    _, message = refused(tmp_path, data)
    assert expected in message


def test_an_xlsm_file_name_is_refused_and_told_what_to_do(tmp_path: Path) -> None:
    _, message = refused(tmp_path, EXPORTED, "filled.xlsm")
    assert "save it as an Excel Workbook (.xlsx)" in message


def test_the_library_s_remarks_stay_off_the_screen(tmp_path: Path) -> None:
    """A name pointing at a sheet that is not there makes the library warn; the user sees no such line."""
    with zipfile.ZipFile(io.BytesIO(EXPORTED)) as archive:
        book = archive.read("xl/workbook.xml").replace(b'localSheetId="1"', b'localSheetId="99"')
    path = tmp_path / "odd.xlsx"
    path.write_bytes(rezipped(EXPORTED, {"xl/workbook.xml": book}))
    with pytest.warns(UserWarning, match="cannot be located"):
        openpyxl.load_workbook(path, read_only=True).close()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        intake = read_workbook(path, QUESTIONNAIRE)
    assert len(intake.respondents[0].answers) == sum(len(d.questions) for d in QUESTIONNAIRE.dimensions)


def test_a_folder_and_a_missing_file_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read the workbook"):
        read_workbook(tmp_path, QUESTIONNAIRE)
    with pytest.raises(InputError, match="workbook not found"):
        read_workbook(tmp_path / "absent.xlsx", QUESTIONNAIRE)


def test_a_sheet_of_a_million_rows_stops_at_the_row_limit(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(io.BytesIO(EXPORTED))
    book.worksheets[1]["A1048576"] = "x"
    out = io.BytesIO()
    book.save(out)
    cell, message = refused(tmp_path, out.getvalue())
    assert cell == f"{QUESTIONNAIRE.dimensions[0].name}!A{workbook.MAX_ROWS + 1}"
    assert "more than 20,000 rows" in message


def test_too_many_cells_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_CELLS", 100)
    _, message = refused(tmp_path, EXPORTED)
    assert "more than 100 cells" in message


def test_a_file_larger_than_the_limit_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workbook, "MAX_FILE_BYTES", 1000)
    _, message = refused(tmp_path, EXPORTED)
    assert "larger than" in message


def test_an_array_formula_in_a_level_cell_is_refused(tmp_path: Path) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    book = openpyxl.load_workbook(io.BytesIO(EXPORTED))
    sheet = book.worksheets[1]
    sheet["H2"] = ArrayFormula("H2", "=MAX(1,2)")
    out = io.BytesIO()
    book.save(out)
    cell, message = refused(tmp_path, out.getvalue())
    assert cell == f"{sheet.title}!H2"
    assert "formula" in message


def test_typed_text_arrives_whole_and_as_text(tmp_path: Path) -> None:
    path = tmp_path / "filled.xlsx"
    path.write_bytes(EXPORTED)
    ids = [q.id for q in QUESTIONNAIRE.dimensions[0].questions]
    notes = {ids[0]: "=cmd|' /C calc'!A0", ids[1]: "@SUM(1+1)*cmd|' /C calc'!A0", ids[2]: "<b>bold</b> & {{ x }}"}
    fill_workbook(path, '=HYPERLINK("http://evil","x")', "+CTO", {ids[0]: "=1+1"}, notes)
    intake = read_workbook(path, QUESTIONNAIRE)
    (respondent,) = intake.respondents
    assert respondent.name.value == '=HYPERLINK("http://evil","x")'
    answers = {a.question: a for a in respondent.answers}
    assert answers[ids[0]].level.value == "=1+1"  # typed as text: a string for the checker to refuse
    for question, note in notes.items():
        assert answers[question].note is not None
        assert answers[question].note.value == note


def test_control_characters_a_cell_escapes_arrive_as_text(tmp_path: Path) -> None:
    """Excel stores a control character as ``_x001B_``; whatever the library makes of it, it is text."""
    with zipfile.ZipFile(io.BytesIO(EXPORTED)) as archive:
        sheet = archive.read(FIRST_SHEET).decode()
    note = '<c r="I2" t="inlineStr"><is><t>_x001B_[2J_x0007_ bell\u202e</t></is></c>'
    sheet = sheet.replace('<c r="I2" s="', '<c r="I2x" s="', 1)
    sheet = sheet.replace('<c r="I2x"', note + '<c r="J2"', 1)
    path = tmp_path / "filled.xlsx"
    path.write_bytes(rezipped(EXPORTED, {FIRST_SHEET: sheet.encode()}))
    intake = read_workbook(path, QUESTIONNAIRE)
    first = intake.respondents[0].answers[0]
    assert first.note is not None
    assert isinstance(first.note.value, str)
    assert "bell" in first.note.value
    assert first.note.where.cell == f"{QUESTIONNAIRE.dimensions[0].name}!I2"


@settings(max_examples=examples(25, 2000), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, len(EXPORTED) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_flipped_bytes_give_an_intake_or_a_located_error(tmp_path: Path, flips: list[tuple[int, int]]) -> None:
    data = bytearray(EXPORTED)
    for offset, value in flips:
        data[offset] = value
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(bytes(data))
    problems: list[Problem] = []
    try:
        intake = read_workbook(path, QUESTIONNAIRE)
    except InputError as exc:
        problems = exc.problems
    else:
        assert intake.file == str(path)
    assert all(p.location.file == str(path) for p in problems)


@settings(max_examples=examples(5, 500), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=hostile_text())
@example(text="=cmd|' /C calc'!A0 " + "".join(FRAGMENTS))
def test_hostile_questionnaire_text_exports_inert_and_reads_back(tmp_path: Path, text: str) -> None:
    """Every text field of a custom questionnaire hostile: the workbook opens, holds no formula, reads back."""
    path = write_yaml(tmp_path / "q.yaml", questionnaire_with(text))
    try:
        questionnaire = load_questionnaire(path)
    except InputError:
        return  # refused when loaded, as every command refuses it
    data = workbook_bytes(questionnaire, Cover(text, text, text))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert b"<f>" not in archive.read(name)
    out = tmp_path / "filled.xlsx"
    out.write_bytes(data)
    first = questionnaire.dimensions[0].questions[0].id
    typed = ILLEGAL_CHARACTERS_RE.sub("", text)  # what a cell can hold, so what a respondent can type
    fill_workbook(out, typed[:100] or "x", "CTO", {first: 1}, {first: typed})
    intake = read_workbook(out, questionnaire)
    answers = {a.question: a for a in intake.respondents[0].answers}
    assert len(answers) == sum(len(d.questions) for d in questionnaire.dimensions)
    assert answers[first].level.value == 1
    assert answers[first].note is not None
    assert answers[first].note.value == (typed.replace("\r\n", "\n").replace("\r", "\n") or None)  # XML line ends
