"""The one test of formula text, shared by the CSV export, its import and the workbooks."""

from __future__ import annotations

import pytest

from aiopgap.files.csv_intake import unguarded
from aiopgap.model.text import formula_like
from aiopgap.render.export import table_text


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\uff1dSUM(A1)", "\uff0b1", "\t=1"]
)
def test_text_a_spreadsheet_would_run_is_formula_like(text: str) -> None:
    assert formula_like(text)


@pytest.mark.parametrize("text", ["-2.5", "+3", "plain note", "a=b", ""])
def test_numbers_and_plain_text_are_not(text: str) -> None:
    assert not formula_like(text)


@pytest.mark.parametrize("text", ["=1+1", "\uff1dSUM(A1)", "\uff20cmd"])
def test_a_guarded_csv_cell_comes_back_as_typed(text: str) -> None:
    cell = table_text(["note"], [[text]]).splitlines()[1]
    assert cell == "'" + text
    assert unguarded(cell) == text
