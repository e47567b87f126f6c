"""Reading CSV files to import: delimiters, byte order marks, line ends, and the responses layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files.csv_intake import read_table, responses_intake, unguarded
from aiopgap.model.errors import InputError


def write(tmp_path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    path = tmp_path / "answers.csv"
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig"])
def test_commas_semicolons_tabs_crlf_and_a_byte_order_mark_all_read_alike(
    tmp_path: Path, delimiter: str, newline: str, encoding: str
) -> None:
    rows = [["respondent", "role", "question_id", "level", "note"], ["Zoë", "CDO", "ownership.owner", "2", "a; b, c"]]
    text = "\n".join(delimiter.join(f'"{c}"' if ("," in c or ";" in c) else c for c in row) for row in rows) + "\n"
    table = read_table(write(tmp_path, text, encoding, newline))
    assert table.header == tuple(rows[0])
    assert [r.cells for r in table.rows] == [tuple(rows[1])]
    assert table.rows[0].line == 2


def test_a_note_over_several_lines_keeps_its_lines_and_later_rows_their_line_numbers(tmp_path: Path) -> None:
    text = 'respondent,role,question_id,level,note\nAnn,CDO,ownership.owner,2,"one\r\ntwo"\n'
    text += "Bob,CFO,ownership.owner,x,\n"
    table = read_table(write(tmp_path, text))
    intake, problems = responses_intake(table)
    assert problems == []
    assert [r.line for r in table.rows] == [2, 4]
    assert intake.respondents[1].answers[0].level.where.line == 4


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n , \n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8"),
        ("respondent,role\n".encode("utf-16"), "UTF-16"),
        (b'respondent,role,question_id,level\nAnn,"CDO\n', "not readable as CSV"),
    ],
)
def test_files_that_are_not_csv_are_located_errors(tmp_path: Path, raw: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(raw)
    with pytest.raises(InputError, match=message) as caught:
        read_table(path)
    assert caught.value.problems[0].location.file == str(path)


def test_missing_columns_and_cells_beyond_the_header_are_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing column\(s\) level"):
        responses_intake(read_table(write(tmp_path, "respondent,role,question_id\nAnn,CDO,ownership.owner\n")))
    table = read_table(write(tmp_path, "respondent,role,question_id,level\nAnn,CDO,ownership.owner,2,lost\n"))
    _, problems = responses_intake(table)
    assert [str(p) for p in problems] == [f"{table.file}:2:5: a filled cell beyond the last column of the header row"]


def test_one_respondent_with_two_roles_or_two_organisations_in_one_file_are_problems(tmp_path: Path) -> None:
    text = (
        "organisation,period,respondent,role,question_id,level\n"
        "Acme,2026-Q3,Ann,CDO,ownership.owner,1\n"
        "Globex,2026-Q3,Ann,CFO,ownership.budget,1\n"
    )
    _, problems = responses_intake(read_table(write(tmp_path, text)))
    assert [(p.location.line, p.location.column) for p in problems] == [(3, 1), (3, 4)]


def test_the_formula_guard_export_adds_is_taken_off_again() -> None:
    assert unguarded("'=SUM(A1)") == "=SUM(A1)"
    assert unguarded("'-- a dash list") == "-- a dash list"
    assert unguarded("'quoted'") == "'quoted'"
