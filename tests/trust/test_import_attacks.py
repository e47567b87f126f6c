"""Mutated responses CSV files through ``aiopgap import``: every answer kept (exit 0) or a located error (exit 2).

A valid CSV (what ``export`` writes for the mini fixture) is mutated: cells at and past their limits,
control characters, duplicated rows, reordered or dropped columns, blanked cells, arbitrary text. The
import either succeeds with every filled level and note in the answers file, or fails with exit 2, a
message naming the file and row (and column), no traceback, and no answers file written.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.analysis.intake import level_of
from aiopgap.cli import app
from aiopgap.files.catalogue import load_questionnaire
from aiopgap.files.csv_intake import unguarded
from aiopgap.files.documents import load_assessment
from aiopgap.files.form_intake import load_mapping
from aiopgap.model.answers import name_key
from tests.conftest import EXAMPLES, FIXTURES, ROOT, examples

MINI = FIXTURES / "mini-questionnaire.yaml"
ANSWERS = FIXTURES / "mini-answers.yaml"
LOCATED = re.compile(r"error \S+\.csv(:\d+(:\d+)?)?: ")


def exported_rows() -> list[list[str]]:
    result = CliRunner().invoke(app, ["export", str(ANSWERS), "-Q", str(MINI)])
    assert result.exit_code == 0, result.output
    return [list(row) for row in csv.reader(io.StringIO(result.stdout))]


ROWS = exported_rows()
COLUMNS = len(ROWS[0])
CELL_TEXT = st.one_of(
    st.sampled_from(["", " ", "0", "4", "5", "7", "-1", "n/a", "N/A", "2 - Practised", "2.5", "=1+1", "'=x", "yes"]),
    st.sampled_from(["x" * 500, "x" * 501, "x" * 4000, "x" * 4001, "a\x1bb", "a\x00b", "a\r\nb", "\ufeffa", "é\u202e"]),
    st.text(max_size=30),
)


@st.composite
def mutated(draw: Any) -> list[list[str]]:
    rows = [list(row) for row in ROWS]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "cell", "duplicate", "reorder", "drop", "blank"]))
        body = draw(st.integers(1, len(rows) - 1))
        column = draw(st.integers(0, len(rows[0]) - 1))
        if kind == "cell":
            rows[body][column] = draw(CELL_TEXT)
        elif kind == "duplicate":
            rows.insert(draw(st.integers(1, len(rows))), list(rows[body]))
        elif kind == "reorder":
            order = draw(st.permutations(range(len(rows[0]))))
            rows = [[row[i] if i < len(row) else "" for i in order] for row in rows]
        elif kind == "drop" and len(rows[0]) > 1:
            rows = [row[:column] + row[column + 1 :] for row in rows]
        else:
            rows[body] = ["" for _ in rows[body]]
    return rows


def _kept(rows: list[list[str]], out: Path) -> None:
    """Every filled level (and its note) of the CSV is in the answers file written."""
    header = [name_key(h) for h in rows[0]]
    answers = load_assessment(out, MINI).answers
    people = {name_key(r.name): r for r in answers.respondents}
    for row in rows[1:]:
        cells = dict(zip(header, row, strict=False))
        level = level_of(cells.get("level", ""))
        if level is None:
            continue
        person = people[name_key(unguarded(cells["respondent"]))]
        answer = person.answers[unguarded(cells["question_id"]).strip()]
        assert answer.level == level
        note = unguarded(cells.get("note", "")).replace("\r\n", "\n").strip()
        assert (answer.note or "") == note


@settings(max_examples=examples(60, 3000))
@given(rows=mutated())
def test_a_mutated_responses_csv_keeps_every_answer_or_is_refused_with_its_place(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "in.csv", Path(folder) / "out.yaml"
        with source.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\r\n").writerows(rows)
        result = CliRunner().invoke(
            app, ["import", str(source), "-Q", str(MINI), "-o", str(out)], catch_exceptions=False
        )
        assert result.exit_code in (0, 2), result.output[-2000:]
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            _kept(rows, out)
        else:
            assert LOCATED.search(result.output), result.output[-2000:]
            assert not out.exists()


FORMS = EXAMPLES / "forms"
MAPPING = load_mapping(FORMS / "mapping.yaml", load_questionnaire(ROOT / "questionnaires" / "default.yaml"))
FORM_ROWS = [list(row) for row in csv.reader(io.StringIO((FORMS / "google-forms-export.csv").read_text()))]


@st.composite
def mutated_form(draw: Any) -> list[list[str]]:
    rows = [list(row) for row in FORM_ROWS]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cell", "cell", "duplicate", "reorder", "blank"]))
        body = draw(st.integers(1, len(rows) - 1))
        if kind == "cell":
            rows[body][draw(st.integers(0, len(rows[0]) - 1))] = draw(CELL_TEXT | st.sampled_from(list(MAPPING.levels)))
        elif kind == "duplicate":
            rows.append(list(rows[body]))
        elif kind == "reorder":
            order = draw(st.permutations(range(len(rows[0]))))
            rows = [[row[i] for i in order] for row in rows]
        else:
            rows[body] = ["" for _ in rows[body]]
    return rows


def _form_kept(rows: list[list[str]], out: Path) -> None:
    """Every filled answer and note of the form export is in the answers file written."""
    column = {name_key(h): i for i, h in enumerate(rows[0])}
    people = {name_key(r.name): r for r in load_assessment(out).answers.respondents}
    for row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        person = people[name_key(row[column[name_key(MAPPING.name)]])]
        for question_id, where in MAPPING.questions.items():
            text = row[column[name_key(where.level)]]
            mapped = MAPPING.level_for(text)
            level = mapped if mapped is not None else level_of(text)
            if level is None:
                assert question_id not in person.answers
                continue
            assert person.answers[question_id].level == level
            if where.note is not None:
                note = row[column[name_key(where.note)]].replace("\r\n", "\n").strip()
                assert (person.answers[question_id].note or "") == note


@settings(max_examples=examples(40, 2000))
@given(rows=mutated_form())
def test_a_mutated_form_export_keeps_every_answer_or_is_refused_with_its_place(rows: list[list[str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source, out = Path(folder) / "form.csv", Path(folder) / "out.yaml"
        with source.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        args = ["import", str(source), "-m", str(FORMS / "mapping.yaml"), "--org", "H", "--period", "Q", "-o", str(out)]
        result = CliRunner().invoke(app, args, catch_exceptions=False)
        assert result.exit_code in (0, 2), result.output[-2000:]
        assert "Traceback" not in result.output
        if result.exit_code == 0:
            _form_kept(rows, out)
        else:
            assert LOCATED.search(result.output), result.output[-2000:]
            assert not out.exists()
