"""Reading a filled questionnaire workbook: the respondent, every level and note, each with its cell."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from aiopgap.files import resources
from aiopgap.files.catalogue import load_questionnaire
from aiopgap.files.workbook import read_workbook
from aiopgap.model.errors import InputError, Location
from aiopgap.model.intake import GivenAnswer, Intake
from aiopgap.render.workbook import Cover, workbook_bytes
from tests.workbook_helpers import fill_workbook, question_cells

QUESTIONNAIRE = load_questionnaire(resources.default_questionnaire())
IDS = [q.id for d in QUESTIONNAIRE.dimensions for q in d.questions]
FIRST = QUESTIONNAIRE.dimensions[0]


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    path = tmp_path / "questionnaire.xlsx"
    path.write_bytes(workbook_bytes(QUESTIONNAIRE, Cover("Acme", "2026-Q3")))
    return path


def answers_of(intake: Intake) -> dict[str, GivenAnswer]:
    return {a.question: a for a in intake.respondents[0].answers}


def problem(excinfo: pytest.ExceptionInfo[InputError]) -> tuple[str, str]:
    (found,) = excinfo.value.problems
    return str(found.location), found.message


def test_a_filled_workbook_reads_back_with_every_cell(exported: Path) -> None:
    levels = {IDS[0]: 3, IDS[1]: 4, IDS[7]: 0}
    fill_workbook(exported, "Dana Reyes", "CTO", levels, {IDS[0]: "three teams share it", IDS[7]: "none yet"})
    intake = read_workbook(exported, QUESTIONNAIRE)
    file = str(exported)
    (respondent,) = intake.respondents
    assert (respondent.name.value, respondent.name.where) == ("Dana Reyes", Location(file, cell="Instructions!B2"))
    assert (respondent.role.value, str(respondent.role.where)) == ("CTO", f"{file}:Instructions!B3")
    assert intake.organisation is not None
    assert intake.organisation.value == "Acme"
    assert intake.period is not None
    assert intake.period.value == "2026-Q3"
    answers = answers_of(intake)
    assert list(answers) == IDS  # every question row, in the questionnaire's order
    cells = question_cells(exported)
    for question, level in levels.items():
        sheet, level_cell, note_cell = cells[question]
        assert answers[question].level.value == level
        assert answers[question].level.where == Location(file, cell=f"{sheet}!{level_cell}")
        assert answers[question].note is not None
        assert answers[question].note.where == Location(file, cell=f"{sheet}!{note_cell}")
    assert answers[IDS[0]].note is not None
    assert answers[IDS[0]].note.value == "three teams share it"
    assert answers[IDS[2]].level.value is None  # left empty: handed on as empty, with its cell
    assert str(answers[IDS[0]].level.where) == f"{file}:{FIRST.name}!H2"


RAW_LEVELS: list[int | float | str | bool] = [2, 2.5, "2", " 2 ", "n/a", "N/A", 7, -1, "two", True]


def test_levels_are_handed_on_as_the_cell_holds_them(exported: Path) -> None:
    """Numbers, text, n/a where it is not allowed, out of range: judging them is the checker's work."""
    given = dict(zip(IDS, RAW_LEVELS, strict=False))
    fill_workbook(exported, "Dana", "CTO", given)
    answers = answers_of(read_workbook(exported, QUESTIONNAIRE))
    cells = question_cells(exported)
    for question, raw in given.items():
        level = answers[question].level
        assert (level.value, type(level.value)) == (raw, type(raw))
        assert level.where.cell == f"{cells[question][0]}!{cells[question][1]}"


def test_renamed_and_reordered_sheets_and_moved_rows_still_read(exported: Path) -> None:
    fill_workbook(exported, "Dana", "CTO", {FIRST.questions[0].id: 1, FIRST.questions[1].id: 2})
    book = openpyxl.load_workbook(exported)
    sheet = book[FIRST.name]
    sheet.title = "My answers"
    book.move_sheet(sheet, offset=3)
    sheet.insert_rows(2, amount=3)  # blank rows above the questions
    sheet.move_range("A5:I5", rows=10)  # the first question moved further down
    extra = book.create_sheet("Scratch")
    extra["A1"] = "my own working"
    book.save(exported)
    answers = answers_of(read_workbook(exported, QUESTIONNAIRE))
    assert answers[FIRST.questions[0].id].level.value == 1
    assert answers[FIRST.questions[0].id].level.where.cell == "My answers!H15"
    assert answers[FIRST.questions[1].id].level.where.cell == "My answers!H6"


SECOND = QUESTIONNAIRE.dimensions[1].name
SHAPE_PROBLEMS = {
    "a question row twice": (SECOND, "A20", IDS[0], "A20", f"appears twice (also at {FIRST.name}!A2)"),
    "an unknown question id": (FIRST.name, "A3", "ownership.made-up", "A3", "'ownership.made-up' is not a question"),
    "ids without a header row": (FIRST.name, "A1", "Id", "A2", "no 'Question id' header row"),
    "no level column": (FIRST.name, "H1", "Level", "A1", "no 'Your level' column"),
    "a formula as level": (FIRST.name, "H2", "=1+1", "H2", "the level is a formula"),
    "a formula as note": (FIRST.name, "I2", "=cmd|' /C calc'!A0", "I2", "the note is a formula"),
    "a formula as name": ("Instructions", "B2", "=A1", "B2", "the name is a formula"),
    "no role label": ("Instructions", "A3", "Job", "A1", "no 'Your role' label"),
    "another questionnaire": ("Instructions", "B6", "someone-else 1.0.0", "B6", "(--questionnaire)"),
    "another major version": ("Instructions", "B6", f"{QUESTIONNAIRE.id} 9.0.0", "B6", "'9.0.0', and its answers"),
    "a later minor version": ("Instructions", "B6", f"{QUESTIONNAIRE.id} 1.9.0", "B6", "do not fit"),
    "a version that is not one": ("Instructions", "B6", f"{QUESTIONNAIRE.id} latest", "B6", "'latest'"),
    "a level in a row with no id": (FIRST.name, "H40", 3, "H40", "in a row with no question id"),
    "a note in a row with no id": (FIRST.name, "I9", "the real answer", "I9", "put the level and note on"),
    "text beside the answer columns": (FIRST.name, "K2", "level 3 really", "K2", "move it into your note (column I)"),
}


@pytest.mark.parametrize("case", list(SHAPE_PROBLEMS))
def test_a_problem_of_the_workbook_is_refused_at_its_cell(exported: Path, case: str) -> None:
    sheet, cell, value, where, expected = SHAPE_PROBLEMS[case]
    book = openpyxl.load_workbook(exported)
    book[sheet][cell] = value
    book.save(exported)
    with pytest.raises(InputError) as excinfo:
        read_workbook(exported, QUESTIONNAIRE)
    found, message = problem(excinfo)
    assert found == f"{exported}:{sheet}!{where}"
    assert expected in message


def test_a_column_a_respondent_adds_with_its_own_header_is_not_read_silently(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    book[FIRST.name]["J1"] = "My comments"
    book[FIRST.name]["J3"] = "ask Priya"
    book.save(exported)
    with pytest.raises(InputError) as excinfo:
        read_workbook(exported, QUESTIONNAIRE)
    assert problem(excinfo) == (
        f"{exported}:{FIRST.name}!J3",
        "'ask Priya' is beside the answer columns, where nothing is read; move it into your note (column I) "
        "or delete it",
    )


def test_a_workbook_of_an_earlier_compatible_version_reads_and_says_which(exported: Path) -> None:
    fill_workbook(exported, "Dana", "CTO", {IDS[0]: 2})
    book = openpyxl.load_workbook(exported)
    book["Instructions"]["B6"] = f"{QUESTIONNAIRE.id} 1.0.0"
    book.save(exported)
    intake = read_workbook(exported, QUESTIONNAIRE)
    assert intake.questionnaire is not None
    assert (intake.questionnaire.value, intake.questionnaire.where.cell) == (
        f"{QUESTIONNAIRE.id} 1.0.0",
        "Instructions!B6",
    )
    assert answers_of(intake)[IDS[0]].level.value == 2


def test_a_workbook_without_its_instructions_sheet_is_refused(exported: Path) -> None:
    book = openpyxl.load_workbook(exported)
    book["Instructions"].title = "Read me"
    book.save(exported)
    with pytest.raises(InputError, match="no 'Instructions' sheet"):
        read_workbook(exported, QUESTIONNAIRE)


def test_notes_with_control_characters_and_formula_text_arrive_as_typed(exported: Path) -> None:
    notes = {IDS[0]: "=cmd|' /C calc'!A0", IDS[1]: "+44 20 7946 0000", IDS[2]: "line one\nline two\ttab"}
    fill_workbook(exported, "@admin", "-CTO", {}, notes)
    intake = read_workbook(exported, QUESTIONNAIRE)
    answers = answers_of(intake)
    for question, note in notes.items():
        assert answers[question].note is not None
        assert answers[question].note.value == note
    assert intake.respondents[0].name.value == "@admin"


def test_openpyxl_parses_xml_through_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML
