"""The questionnaire workbook as a respondent opens it: sheets, rows, drop-downs, and the same bytes every time."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest

from aiopgap.files import resources
from aiopgap.files.catalogue import load_questionnaire
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.render.workbook import Cover, level_columns, sheet_titles, workbook_bytes

QUESTIONNAIRE = load_questionnaire(resources.default_questionnaire())


def opened(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def renamed(questionnaire: Questionnaire, names: list[str]) -> Questionnaire:
    dimensions = tuple(d.model_copy(update={"name": n}) for d, n in zip(questionnaire.dimensions, names, strict=False))
    return questionnaire.model_copy(update={"dimensions": dimensions + questionnaire.dimensions[len(names) :]})


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return opened(workbook_bytes(QUESTIONNAIRE, Cover("Acme Bank", "2026-Q3", "ai-review@acme.example")))


def test_instructions_first_then_one_sheet_per_dimension(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == ["Instructions", *[d.name for d in QUESTIONNAIRE.dimensions]]


def test_instructions_say_who_where_and_how(book: openpyxl.Workbook) -> None:
    sheet = book["Instructions"]
    pairs = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(1, sheet.max_row + 1)}
    text = " ".join(str(v) for v in pairs if v)
    assert pairs["Your name"] is None
    assert pairs["Your role"] is None
    assert pairs["Organisation"] == "Acme Bank"
    assert pairs["Period"] == "2026-Q3"
    assert pairs["Questionnaire"] == f"{QUESTIONNAIRE.id} {QUESTIONNAIRE.version}"
    assert "ai-review@acme.example" in text
    assert "drop-down" in text
    assert sheet["B2"].fill.fgColor.rgb.endswith("FFF2CC")  # the name cell is marked for filling in


def test_without_cover_the_sheet_names_no_organisation(book: openpyxl.Workbook) -> None:
    sheet = opened(workbook_bytes(QUESTIONNAIRE, Cover()))["Instructions"]
    labels = [sheet.cell(r, 1).value for r in range(1, sheet.max_row + 1)]
    assert "Organisation" not in labels
    assert "Period" not in labels
    assert any("the person who sent it to you" in str(label) for label in labels)


def test_each_question_is_a_row_with_its_levels_a_level_cell_and_a_note_cell(book: openpyxl.Workbook) -> None:
    level_column, note_column = level_columns(QUESTIONNAIRE)
    for dimension in QUESTIONNAIRE.dimensions:
        sheet = book[dimension.name]
        headers = [c.value for c in sheet[1]]
        assert headers[:2] == ["Question id", "Question"]
        assert headers[level_column - 1 :] == ["Your level", "Your note"]
        assert sheet.freeze_panes == "C2"
        assert sheet.print_title_rows == "$1:$1"  # printed, every page repeats the header
        assert sheet.page_setup.orientation == "landscape"
        for row, question in enumerate(dimension.questions, start=2):
            assert sheet.cell(row, 1).value == question.id
            assert sheet.cell(row, 2).value.startswith(question.prompt)
            assert [sheet.cell(row, 3 + n).value for n in question.levels] == list(question.levels.values())
            assert sheet.cell(row, 3).alignment.wrap_text
            assert sheet.cell(row, level_column).value is None
            assert sheet.cell(row, note_column).value is None
        assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_the_drop_down_offers_n_a_only_where_the_question_allows_it(book: openpyxl.Workbook) -> None:
    level_column, _ = level_columns(QUESTIONNAIRE)
    for dimension in QUESTIONNAIRE.dimensions:
        sheet = book[dimension.name]
        offered: dict[str, str] = {}
        for rule in sheet.data_validations.dataValidation:
            assert rule.type == "list"
            for cell_range in rule.sqref.ranges:
                for row, _column in cell_range.cells:
                    offered[str(sheet.cell(row, 1).value)] = rule.formula1
                assert cell_range.min_col == level_column
        for question in dimension.questions:
            expected = ",".join(str(n) for n in range(question.max_level + 1))
            expected += ",n/a" if question.allow_na else ""
            assert offered[question.id] == f'"{expected}"'


def test_two_exports_are_the_same_bytes_and_another_organisation_differs() -> None:
    first = workbook_bytes(QUESTIONNAIRE, Cover("Acme", "2026-Q3"))
    assert workbook_bytes(QUESTIONNAIRE, Cover("Acme", "2026-Q3")) == first
    assert workbook_bytes(QUESTIONNAIRE, Cover("Globex", "2026-Q3")) != first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        names = archive.namelist()
        assert names[0] == "[Content_Types].xml"
        assert names[1:] == sorted(names[1:])
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2020-01-01T00:00:00Z" in core


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Ownership"], ["Ownership"]),
        (["Who [decides]? a/b\\c:d*"], ["Who decides a b c d"]),
        (["x" * 40, "x" * 40], ["x" * 31, "x" * 27 + " (2)"]),
        (["Instructions"], ["Instructions (2)"]),
        (["Team", "TEAM"], ["Team", "TEAM (2)"]),
        (["'quoted'"], ["quoted"]),
        (["???"], None),
    ],
)
def test_sheet_titles_are_legal_unique_and_short(names: list[str], expected: list[str] | None) -> None:
    questionnaire = renamed(QUESTIONNAIRE, names)
    titles = sheet_titles(questionnaire.dimensions)
    assert len({t.casefold() for t in titles}) == len(titles)
    for title in titles:
        assert 0 < len(title) <= 31
        assert not re.search(r"[\[\]:*?/\\]", title)
    if expected is not None:
        assert titles[: len(expected)] == expected
    else:
        assert titles[0] == questionnaire.dimensions[0].id
    assert opened(workbook_bytes(questionnaire, Cover())).sheetnames[1:] == titles


def test_text_that_looks_like_a_formula_is_written_as_text() -> None:
    hostile = "=cmd|' /C calc'!A0"
    dimension = QUESTIONNAIRE.dimensions[0]
    question = dimension.questions[0]
    levels = dict(question.levels) | {0: "+1+1", 1: "-2", 2: "@SUM(A1)"}
    changed = question.model_copy(update={"prompt": hostile, "levels": levels})
    dimension = dimension.model_copy(update={"questions": (changed, *dimension.questions[1:])})
    questionnaire = QUESTIONNAIRE.model_copy(update={"dimensions": (dimension, *QUESTIONNAIRE.dimensions[1:])})
    data = workbook_bytes(questionnaire, Cover(organisation='=HYPERLINK("http://x")', period="@now"))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name)
                assert b"<f " not in archive.read(name)
    sheet = opened(data)[dimension.name]
    assert sheet["B2"].data_type == "s"
    assert sheet["B2"].value.startswith(hostile)
    assert [sheet.cell(2, c).value for c in (3, 4, 5)] == ["+1+1", "-2", "@SUM(A1)"]


def test_control_characters_in_questionnaire_text_become_visible_instead_of_breaking_the_file() -> None:
    dimension = QUESTIONNAIRE.dimensions[0].model_copy(update={"name": "Own\x07ership\x1b"})
    questionnaire = QUESTIONNAIRE.model_copy(update={"dimensions": (dimension, *QUESTIONNAIRE.dimensions[1:])})
    book = opened(workbook_bytes(questionnaire, Cover(organisation="Ac\x00me")))
    assert book.sheetnames[1] == "Own x07ership x1b"  # the escape's backslash is not allowed in a title
    pairs = {book["Instructions"].cell(r, 1).value: book["Instructions"].cell(r, 2).value for r in range(1, 30)}
    assert pairs["Organisation"] == "Ac\\x00me"
