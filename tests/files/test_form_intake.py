"""Reading form exports: the mapping file, the columns it names, and each answer with its cell."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from aiopgap.files.catalogue import load_questionnaire
from aiopgap.files.form_intake import csv_grid, form_intake, load_mapping, xlsx_grid
from aiopgap.model.errors import InputError
from aiopgap.model.form_mapping import FormMapping
from tests.conftest import EXAMPLES, ROOT

FORMS = EXAMPLES / "forms"
DEFAULT = ROOT / "questionnaires" / "default.yaml"


def mini_mapping(**changes: Any) -> FormMapping:
    data: dict[str, Any] = {
        "name": "Your name",
        "role": "Your role",
        "questions": {"ownership.owner": {"level": "Who owns it?", "note": "Why?"}, "ownership.vendor": "Vendors?"},
        "levels": {"Not started": 0, "Does not apply": "n/a"},
    }
    data.update(changes)
    return FormMapping.model_validate(data)


def sheet(tmp_path: Path, rows: list[list[Any]], title: str = "Sheet1") -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = title
    for row in rows:
        ws.append(row)
    path = tmp_path / "form.xlsx"
    book.save(path)
    return path


def test_the_example_mapping_reads_and_names_known_questions() -> None:
    mapping = load_mapping(FORMS / "mapping.yaml", load_questionnaire(DEFAULT))
    assert mapping.name == "Your name"
    assert mapping.level_for("does NOT apply to us ") == "n/a"


def test_a_mapping_with_an_unknown_question_or_field_is_located(tmp_path: Path) -> None:
    path = tmp_path / "map.yaml"
    path.write_text("name: N\nrole: R\nquestions:\n  ownership.ownr: Q1\n")
    with pytest.raises(InputError, match=r"map.yaml:4:3: .*unknown question id 'ownership.ownr'; did you mean"):
        load_mapping(path, load_questionnaire(ROOT / "tests" / "fixtures" / "mini-questionnaire.yaml"))
    path.write_text("name: N\nrole: R\nquestion:\n  ownership.owner: Q1\n")
    with pytest.raises(InputError, match=r"map.yaml:3:1"):
        load_mapping(path, load_questionnaire(DEFAULT))


def test_a_mapping_needs_one_source_of_roles_and_distinct_columns() -> None:
    with pytest.raises(ValueError, match="either `role`"):
        mini_mapping(default_role="Leader")
    with pytest.raises(ValueError, match="mapped twice"):
        mini_mapping(questions={"ownership.owner": "your ROLE"})


def test_an_xlsx_export_gives_each_answer_its_cell_and_maps_answer_texts(tmp_path: Path) -> None:
    path = sheet(
        tmp_path,
        [
            ["ID", "Your name", "Your role", "Who owns it?", "Why?", "Vendors?"],
            [1, "Ann", "CDO", "2 - Practised", "three teams", "Does not apply"],
            [2, "Bob", "CFO", "Not started", None, "=1+1"],
        ],
    )
    intake, problems, ignored = form_intake(xlsx_grid(path, None), mini_mapping())
    assert ignored == ["ID"]
    assert [str(p) for p in problems] == [f"{path}:Sheet1!F3: a formula where a value belongs; type the value instead"]
    ann, bob = intake.respondents
    assert (ann.name.value, str(ann.name.where)) == ("Ann", f"{path}:Sheet1!B2")
    owner, vendor = ann.answers
    assert (owner.level.value, owner.note.value if owner.note else None) == ("2 - Practised", "three teams")
    assert (vendor.level.value, str(vendor.level.where)) == ("n/a", f"{path}:Sheet1!F2")
    assert bob.answers[0].level.value == 0
    assert str(bob.answers[0].note.where if bob.answers[0].note else None) == f"{path}:Sheet1!E3"


def test_a_mapped_column_missing_from_the_export_is_named_with_the_closest_header(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text("Your name,Your role,Who owns it ??,Why?,Vendors?\nAnn,CDO,1,,2\n")
    with pytest.raises(InputError, match=r"form.csv:1:1: the mapping names column 'Who owns it\?'.*did you mean"):
        form_intake(csv_grid(path), mini_mapping())


def test_a_missing_sheet_an_empty_file_and_a_non_workbook_are_located(tmp_path: Path) -> None:
    path = sheet(tmp_path, [["Your name"]], title="Responses")
    with pytest.raises(InputError, match="no sheet named 'Sheet1'"):
        xlsx_grid(path, "Sheet1")
    path.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        xlsx_grid(path, None)
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"not an Excel workbook \(.xlsx\)"):
        xlsx_grid(path, None)


def test_columns_line_up_across_gaps_and_text_starting_with_equals_is_text(tmp_path: Path) -> None:
    path = sheet(
        tmp_path,
        [
            ["Your name", "Your role", None, "Who owns it?", "Why?", "Vendors?"],
            ["Ann", "CDO", None, None, "= not sure", "1"],
            [None, None, None, None, None, None],
            ["Bob", "CFO", "stray", "3"],
        ],
    )
    book = openpyxl.load_workbook(path)
    note = book.active["E2"]  # type: ignore[index]
    note.value, note.data_type = "= not sure", "s"
    book.save(path)
    intake, problems, ignored = form_intake(xlsx_grid(path, None), mini_mapping())
    assert [str(p) for p in problems] == [f"{path}:Sheet1!C4: a filled cell in a column with no header; what is it?"]
    assert ignored == []
    ann, bob = intake.respondents
    assert ann.answers[0].level.value is None
    assert ann.answers[0].note is not None
    assert ann.answers[0].note.value == "= not sure"
    assert (ann.answers[1].level.value, str(ann.answers[1].level.where)) == ("1", f"{path}:Sheet1!F2")
    assert (bob.answers[0].level.value, str(bob.answers[0].level.where)) == ("3", f"{path}:Sheet1!D4")
    assert (bob.answers[1].level.value, str(bob.answers[1].level.where)) == (None, f"{path}:Sheet1!F4")


def test_a_numbered_answer_whose_label_the_mapping_gives_another_level_is_a_problem(tmp_path: Path) -> None:
    path = tmp_path / "form.csv"
    path.write_text("Your name,Your role,Who owns it?,Why?,Vendors?\nAnn,CDO,3 - Not started,,0 - not started\n")
    _intake, problems, _ignored = form_intake(csv_grid(path), mini_mapping())
    assert [str(p) for p in problems] == [
        f"{path}:2:3: '3 - Not started' says level 3, but the mapping makes 'Not started' 0"
    ]
