"""An outside attack on the workshop features: import, questionnaire export, consensus, anonymity.

Written from the issue text and each command's --help only. Every test runs the real command line
(in process, or as a subprocess where signals and concurrency matter) and checks the rules a
facilitator relies on:

* never a traceback and never exit 3; bad input exits 2 with a message that names the file and the
  place (``file:Sheet!C7``, ``file:row:col`` or ``file:line:col``);
* on error no output file is written and no existing file is changed;
* no filled level or note is dropped without a word;
* identical inputs give byte-identical outputs;
* text is inert in every output format.

A test whose feature has not landed yet is skipped with the reason. Tests marked ``xfail(strict=True)``
show a bug that is still there: the reason names it.
"""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES, examples

runner = CliRunner()
WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
NORTHBANK = EXAMPLES / "northbank-2026-Q3.yaml"
FORMS = EXAMPLES / "forms"

HEADER = [
    "organisation",
    "period",
    "respondent",
    "role",
    "dimension",
    "question_id",
    "question",
    "level",
    "note",
    "evidence",
    "weight",
    "unverified",
    "question_confidence",
    "median",
    "agreed",
]
QID = "ownership.single-accountable-owner"  # no n/a
QID_NA = "structure.product-ai-fluency"  # allows n/a


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def run(*args: str | Path, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, "COLUMNS": "120"},
    )


def refused(code: int, err: str, named: str, where: str | None = None) -> None:
    """A clean refusal: exit 2, no traceback, the file named (and the place, when given)."""
    assert "Traceback" not in err, err
    assert code == 2, (code, err)
    assert named in err, err
    if where is not None:
        assert where in err, err


def no_crash(code: int, err: str) -> None:
    assert "Traceback" not in err, err
    assert code in (0, 2), (code, err)


def has_command(*words: str) -> bool:
    code, _out, _ = invoke(*words, "--help")
    return code == 0


def has_option(option: str, *words: str) -> bool:
    code, out, _ = invoke(*words, "--help")
    return code == 0 and option in out


needs_import = pytest.mark.skipif(not has_command("import"), reason="import has not landed")
needs_consensus = pytest.mark.skipif(not has_command("consensus"), reason="consensus has not landed")
needs_export_xlsx = pytest.mark.skipif(
    not has_command("questionnaire", "export"), reason="questionnaire export has not landed"
)
needs_anon = pytest.mark.skipif(not has_option("--anonymise", "report"), reason="--anonymise has not landed")


# ---------------------------------------------------------------------------------------------
# Responses CSV (the layout `aiopgap export` writes)


def row(**cells: str) -> list[str]:
    values = dict.fromkeys(HEADER, "")
    values.update(
        organisation="Acme",
        period="2026-Q3",
        respondent="Ana Lima",
        role="CTO",
        dimension="ownership",
        question_id=QID,
        question="q",
        level="2",
    )
    values.update(cells)
    return [values[h] for h in HEADER]


def csv_bytes(rows: list[list[str]], *, delimiter: str = ",", newline: str = "\n", encoding: str = "utf-8") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def import_csv(tmp_path: Path, data: bytes, name: str = "answers.csv", *extra: str) -> tuple[int, str, str, Path]:
    source = tmp_path / name
    source.write_bytes(data)
    out = tmp_path / "out.yaml"
    code, stdout, err = invoke("import", source, "-o", out, *extra)
    return code, stdout, err, out


BAD_LEVELS = {
    "seven": ("7", "out of range"),
    "half": ("2.5", None),
    "huge-float": ("1e308", None),
    "nan": ("NaN", None),
    "inf": ("inf", None),
    "negative": ("-1", None),
    "boolean": ("TRUE", None),
    "date": ("2026-01-01", None),
    "formula": ("=1+1", None),
    "hyperlink": ('=HYPERLINK("http://x.example","2")', None),
    "dde": ("=cmd|' /C calc'!A0", None),
    "plus": ("+2", None),
    "word": ("two", None),
    "level-text": ("Level 2", None),
    "very-long": ("9" * 5000, None),
}


@needs_import
@pytest.mark.parametrize("name", sorted(BAD_LEVELS))
def test_csv_bad_level_is_refused_at_its_cell(tmp_path: Path, name: str) -> None:
    level, words = BAD_LEVELS[name]
    code, _, err, out = import_csv(tmp_path, csv_bytes([row(level=level)]))
    refused(code, err, "answers.csv:2:8", words)
    assert not out.exists()


@needs_import
def test_csv_na_where_not_allowed_is_refused(tmp_path: Path) -> None:
    code, _, err, out = import_csv(tmp_path, csv_bytes([row(level="n/a")]))
    refused(code, err, "answers.csv:2:8", "n/a")
    assert not out.exists()


@needs_import
def test_csv_na_where_allowed_is_kept(tmp_path: Path) -> None:
    code, _, err, out = import_csv(tmp_path, csv_bytes([row(question_id=QID_NA, dimension="structure", level="n/a")]))
    assert code == 0, err
    answers = yaml.safe_load(out.read_text(encoding="utf-8"))["respondents"][0]["answers"]
    assert answers[QID_NA] in ("n/a", {"level": "n/a"})


@needs_import
@pytest.mark.parametrize(
    ("rows", "where"),
    [
        ([row(question_id="ownership.nope")], "answers.csv:2:"),
        ([row(), row(level="3")], "answers.csv:3:"),
        ([row(), row(respondent="ana  LIMA", level="3")], "answers.csv:3:"),
        ([row(level="", note="an important note")], "answers.csv:2:"),
        ([row(respondent="")], "answers.csv:2:3"),
        ([row(role="")], "answers.csv:2:4"),
        ([row(), row(organisation="Other", question_id="ownership.owner-decision-rights")], "answers.csv:3:"),
        ([row(note="x" * 100_000)], "answers.csv:2:9"),
        ([row(note="bell\x07")], "answers.csv:2:9"),
    ],
    ids=[
        "unknown-qid",
        "duplicate-row",
        "duplicate-row-other-spelling",
        "note-without-level",
        "no-name",
        "no-role",
        "two-organisations",
        "note-100k",
        "control-char",
    ],
)
def test_csv_problems_are_located(tmp_path: Path, rows: list[list[str]], where: str) -> None:
    code, _, err, out = import_csv(tmp_path, csv_bytes(rows))
    refused(code, err, where)
    assert not out.exists()


@needs_import
@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x00" * 100,
        bytes(range(256)) * 20,
        ",".join(HEADER).encode() + b'\nAcme,2026-Q3,"Ana,CTO\n',
        "caf\u00e9".encode("latin-1") + b"," + ",".join(HEADER).encode(),
        ",".join(HEADER).encode("utf-16"),
        b"\xef\xbb\xbf\xef\xbb\xbf" + ",".join(HEADER).encode(),
        b"\n\n\n\n",
        b"a" * 200_000,
        b'"' * 10_001,
    ],
    ids=[
        "zero-bytes",
        "nul-bytes",
        "binary",
        "open-quote",
        "latin-1",
        "utf-16",
        "double-bom",
        "blank-lines",
        "one-long-cell",
        "quotes",
    ],
)
def test_csv_hostile_bytes_are_refused_cleanly(tmp_path: Path, data: bytes) -> None:
    code, _, err, out = import_csv(tmp_path, data, "answers.csv", "--org", "Acme", "--period", "2026-Q3")
    refused(code, err, "answers.csv")
    assert not out.exists()


@needs_import
def test_csv_latin1_names_are_refused_with_the_place(tmp_path: Path) -> None:
    data = csv_bytes([row(respondent="Jos\u00e9 N\u00fa\u00f1ez", note="caf\u00e9")], encoding="latin-1")
    code, _, err, out = import_csv(tmp_path, data)
    refused(code, err, "answers.csv:2:")
    assert not out.exists()


@needs_import
@pytest.mark.parametrize(
    "variant",
    ["bom", "crlf", "semicolon", "tab", "bom-crlf-semicolon"],
)
def test_csv_dialects_import_the_same_answers(tmp_path: Path, variant: str) -> None:
    rows = [row(note='He said "no"; then, yes'), row(question_id="ownership.owner-decision-rights", level="0")]
    plain_code, _, plain_err, plain_out = import_csv(tmp_path, csv_bytes(rows), "plain.csv")
    assert plain_code == 0, plain_err
    expected = yaml.safe_load(plain_out.read_text(encoding="utf-8"))["respondents"]
    plain_out.unlink()
    delimiter = {"semicolon": ";", "tab": "\t", "bom-crlf-semicolon": ";"}.get(variant, ",")
    newline = "\r\n" if "crlf" in variant else "\n"
    data = csv_bytes(rows, delimiter=delimiter, newline=newline)
    if "bom" in variant:
        data = b"\xef\xbb\xbf" + data
    code, _, err, out = import_csv(tmp_path, data, "variant.csv")
    if code == 2:  # a clear refusal of a dialect is acceptable; silence or a crash is not
        refused(code, err, "variant.csv")
        return
    assert code == 0, err
    assert yaml.safe_load(out.read_text(encoding="utf-8"))["respondents"] == expected


@needs_import
@pytest.mark.parametrize("digit", ["\uff12", "\u0662"])
def test_csv_level_in_other_digits_is_not_a_level(tmp_path: Path, digit: str) -> None:
    code, _, err, _out = import_csv(tmp_path, csv_bytes([row(level=digit)]))
    refused(code, err, "answers.csv:2:8")


@needs_import
def test_csv_level_with_spaces_round_the_digit(tmp_path: Path) -> None:
    code, _, err, out = import_csv(tmp_path, csv_bytes([row(level=" 2 ")]))
    if code == 0:
        answers = yaml.safe_load(out.read_text(encoding="utf-8"))["respondents"][0]["answers"]
        assert answers[QID] in (2, {"level": 2})
    else:
        refused(code, err, "answers.csv:2:8")


@needs_import
def test_csv_formula_text_in_notes_stays_inert_in_every_output(tmp_path: Path) -> None:
    note = "=cmd|' /C calc'!A0 <script>alert(1)</script> [bold]x[/bold] \u202egnp.exe"
    code, _, err, out = import_csv(tmp_path, csv_bytes([row(note=note)]))
    if code == 2:
        refused(code, err, "answers.csv:2:9")
        return
    assert code == 0, err
    assert_inert_everywhere(tmp_path, out)


def assert_inert_everywhere(tmp_path: Path, answers: Path) -> None:
    code, html, err = invoke("report", answers, "--format", "html")
    assert code == 0, err
    assert "<script>alert" not in html
    code, md, err = invoke("report", answers, "--format", "markdown")
    assert code == 0, err
    assert "<script>" not in md
    code, _term, err = invoke("report", answers)
    assert code == 0, err
    for fmt in ("csv", "tsv"):
        code, table, err = invoke("export", answers, "--format", fmt)
        assert code == 0, err
        sep = "," if fmt == "csv" else "\t"
        for record in csv.reader(io.StringIO(table), delimiter=sep):
            for cell in record:
                assert not cell.startswith(("=", "+", "-", "@")) or cell.lstrip("-").replace(".", "").isdigit(), cell


@needs_import
def test_csv_import_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    source = tmp_path / "r.csv"
    code, _, err = invoke("export", NORTHBANK, "-o", source)
    assert code == 0, err
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert invoke("import", source, "-o", first)[0] == 0
    assert invoke("import", source, "-o", second)[0] == 0
    assert first.read_bytes() == second.read_bytes()


@needs_import
def test_csv_round_trip_keeps_every_answer(tmp_path: Path) -> None:
    """export -> import -> report scores what the original file scores, once targets are taken out."""
    source = tmp_path / "r.csv"
    assert invoke("export", NORTHBANK, "-o", source)[0] == 0
    imported = tmp_path / "imported.yaml"
    code, _, err = invoke("import", source, "-o", imported)
    assert code == 0, err
    original = yaml.safe_load(NORTHBANK.read_text(encoding="utf-8"))
    got = yaml.safe_load(imported.read_text(encoding="utf-8"))
    plain = {k: v for k, v in original.items() if k in ("questionnaire", "organisation", "period", "respondents")}
    plain_path = tmp_path / "plain.yaml"
    plain_path.write_text(yaml.safe_dump(plain, allow_unicode=True), encoding="utf-8")
    assert _report_json(plain_path) == _report_json(imported)
    assert [r["name"] for r in got["respondents"]] == [r["name"] for r in original["respondents"]]


def _report_json(path: Path) -> str:
    code, out, err = invoke("report", path, "--format", "json")
    assert code == 0, err
    return out


@needs_import
def test_csv_two_files_with_the_same_respondent_are_a_conflict(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(csv_bytes([row()]))
    (tmp_path / "b.csv").write_bytes(
        csv_bytes([row(respondent="ANA lima", question_id="ownership.owner-decision-rights")])
    )
    out = tmp_path / "out.yaml"
    code, _, err = invoke("import", tmp_path / "a.csv", tmp_path / "b.csv", "-o", out)
    if code == 0:
        # one person across two files may be merged, but then nothing may be lost
        answers = yaml.safe_load(out.read_text(encoding="utf-8"))["respondents"]
        assert len(answers) == 1
        assert set(answers[0]["answers"]) == {QID, "ownership.owner-decision-rights"}
        return
    refused(code, err, "b.csv")
    assert not out.exists()


@needs_import
def test_csv_same_question_by_same_person_in_two_files_is_a_located_conflict(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(csv_bytes([row(level="1")]))
    (tmp_path / "b.csv").write_bytes(csv_bytes([row(level="3")]))
    out = tmp_path / "out.yaml"
    code, _, err = invoke("import", tmp_path / "a.csv", tmp_path / "b.csv", "-o", out)
    refused(code, err, "b.csv")
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Output paths


@needs_import
def test_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (tmp_path / "a.csv").write_bytes(csv_bytes([row()]))
    code, _, err = invoke("import", tmp_path / "a.csv", "-o", folder)
    refused(code, err, "out")
    assert list(folder.iterdir()) == []


@needs_import
def test_output_under_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("keep me", encoding="utf-8")
    (tmp_path / "a.csv").write_bytes(csv_bytes([row()]))
    code, _, err = invoke("import", tmp_path / "a.csv", "-o", blocker / "out.yaml")
    refused(code, err, "blocker")
    assert blocker.read_text(encoding="utf-8") == "keep me"


@needs_import
def test_existing_output_is_not_touched_without_force(tmp_path: Path) -> None:
    existing = tmp_path / "out.yaml"
    existing.write_bytes(NORTHBANK.read_bytes())
    (tmp_path / "a.csv").write_bytes(csv_bytes([row()]))
    code, _, err = invoke("import", tmp_path / "a.csv", "-o", existing)
    refused(code, err, "out.yaml")
    assert existing.read_bytes() == NORTHBANK.read_bytes()


@needs_import
def test_existing_output_is_not_touched_when_the_input_is_bad_even_with_force(tmp_path: Path) -> None:
    existing = tmp_path / "out.yaml"
    existing.write_bytes(NORTHBANK.read_bytes())
    (tmp_path / "a.csv").write_bytes(csv_bytes([row(level="7")]))
    code, _, err = invoke("import", tmp_path / "a.csv", "-o", existing, "--force")
    refused(code, err, "a.csv:2:8")
    assert existing.read_bytes() == NORTHBANK.read_bytes()


@needs_import
def test_output_that_is_an_input_is_not_overwritten(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    data = csv_bytes([row()])
    source.write_bytes(data)
    code, _, err = invoke("import", source, "-o", source, "--force")
    if code == 0:
        pytest.fail("import wrote its answers over its own input file")
    refused(code, err, "a.csv")
    assert source.read_bytes() == data


@needs_import
def test_import_of_nothing_and_of_other_kinds_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = invoke("import", empty, "-o", tmp_path / "o.yaml")
    refused(code, err, "empty")
    for name in ("a.xlsm", "a.xls", "a.ods", "a.json", "missing.csv"):
        path = tmp_path / name
        if name != "missing.csv":
            path.write_bytes(b"PK\x03\x04" + b"\x00" * 30)
        code, _, err = invoke("import", path, "-o", tmp_path / "o.yaml")
        refused(code, err, name)
    assert not (tmp_path / "o.yaml").exists()


# ---------------------------------------------------------------------------------------------
# Form exports with a mapping file


def mapping_text(**over: object) -> str:
    data = {
        "name": "Your name",
        "role": "Your role",
        "questions": {QID: {"level": "Owner?", "note": "Comment"}, "ownership.owner-decision-rights": "Rights?"},
    }
    data.update(over)
    return yaml.safe_dump(data, allow_unicode=True)


def form_csv(rows: list[dict[str, str]], header: list[str] | None = None) -> bytes:
    header = header or ["Timestamp", "Your name", "Your role", "Owner?", "Comment", "Rights?"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({"Timestamp": "2026/09/02 9:14:03", "Your name": "Ana Lima", "Your role": "CTO", **r})
    return buffer.getvalue().encode()


def import_form(tmp_path: Path, data: bytes, mapping: str, *extra: str) -> tuple[int, str, str, Path]:
    (tmp_path / "form.csv").write_bytes(data)
    (tmp_path / "map.yaml").write_text(mapping, encoding="utf-8")
    out = tmp_path / "out.yaml"
    code, stdout, err = invoke(
        "import",
        tmp_path / "form.csv",
        "-m",
        tmp_path / "map.yaml",
        "--org",
        "Acme",
        "--period",
        "2026-Q3",
        "-o",
        out,
        *extra,
    )
    return code, stdout, err, out


@needs_import
def test_the_bundled_form_examples_import(tmp_path: Path) -> None:
    out = tmp_path / "o.yaml"
    code, _, err = invoke(
        "import",
        FORMS / "google-forms-export.csv",
        "-m",
        FORMS / "mapping.yaml",
        "--org",
        "Harbour Logistics",
        "--period",
        "2026-Q3",
        "-o",
        out,
    )
    assert code == 0, err


@needs_import
@pytest.mark.parametrize(
    ("mapping", "where"),
    [
        ("name: [unclosed\n", "map.yaml:"),
        ("name: Your name\nrole: Your role\nquestions:\n  ownership.nope: Owner?\n", "map.yaml:4:"),
        ("name: Your name\nrole: Your role\nquestions: {}\n", "map.yaml"),
        ("- a list\n", "map.yaml:1:"),
        ("", "map.yaml"),
        ("\x00\x01", "map.yaml"),
        ("name: Your name\nquestions:\n  " + QID + ": Owner?\n", "map.yaml"),
        ("name: Not a column\nrole: Your role\nquestions:\n  " + QID + ": Owner?\n", "form.csv"),
        ("name: Your name\nrole: Your role\nquestions:\n  " + QID + ": Missing column\n", "form.csv"),
        (
            "name: Your name\nrole: Your role\nquestions:\n  "
            + QID
            + ": Owner?\n  ownership.owner-decision-rights: Owner?\n",
            "map.yaml",
        ),
        ("name: Your name\nrole: Your role\nquestions:\n  " + QID + ": Owner?\nlevels:\n  Minus: -1\n", "map.yaml:6:"),
        ("name: Your name\nrole: Your role\nquestions:\n  " + QID + ": Owner?\nanchors: &a [*a]\n", "map.yaml"),
    ],
    ids=[
        "yaml-error",
        "unknown-qid",
        "no-questions",
        "a-list",
        "empty",
        "binary",
        "no-role",
        "name-column-missing",
        "question-column-missing",
        "one-column-twice",
        "level-negative",
        "alias-loop",
    ],
)
def test_bad_mapping_files_are_located(tmp_path: Path, mapping: str, where: str) -> None:
    code, _, err, out = import_form(tmp_path, form_csv([{"Owner?": "2", "Rights?": "1"}]), mapping)
    refused(code, err, where)
    assert not out.exists()


@needs_import
@pytest.mark.parametrize(
    "answer",
    ["7", "7 - Beyond", "2.5", "-1", "Level two", "=1+1", "n/a", "Not applicable", "2, 3", "23", "Seven"],
)
def test_form_bad_answers_are_located(tmp_path: Path, answer: str) -> None:
    mapping = mapping_text(levels={"Seven": 7})
    code, _, err, out = import_form(tmp_path, form_csv([{"Owner?": answer, "Rights?": "1"}]), mapping)
    refused(code, err, "form.csv:2:4")
    assert not out.exists()


@needs_import
@pytest.mark.parametrize("answer", ["2 - Practised;3 - Managed", "2 or 3", "2-3", "2 (but really 4)", "4 - Absent"])
def test_form_answer_naming_two_levels_is_not_read_as_the_first(tmp_path: Path, answer: str) -> None:
    code, _, err, out = import_form(tmp_path, form_csv([{"Owner?": answer, "Rights?": "1"}]), mapping_text())
    refused(code, err, "form.csv:2:4")
    assert not out.exists()


@needs_import
def test_form_note_without_level_is_not_dropped(tmp_path: Path) -> None:
    code, _, err, out = import_form(
        tmp_path, form_csv([{"Owner?": "", "Comment": "we have no owner at all", "Rights?": "1"}]), mapping_text()
    )
    if code == 0:
        assert "we have no owner at all" in out.read_text(encoding="utf-8"), "a filled note was dropped"
    else:
        refused(code, err, "form.csv:2:5")


@needs_import
def test_form_extra_columns_are_listed_not_silently_dropped(tmp_path: Path) -> None:
    header = ["Timestamp", "Your name", "Your role", "Owner?", "Comment", "Rights?", "Anything else?"]
    code, stdout, err, _out = import_form(
        tmp_path,
        form_csv([{"Owner?": "2", "Rights?": "1", "Anything else?": "Our CEO blocks all AI"}], header),
        mapping_text(),
    )
    assert code in (0, 2), err
    assert "Anything else?" in stdout + err, "a filled column the mapping does not name went unmentioned"


@needs_import
def test_form_same_person_twice_is_a_located_conflict(tmp_path: Path) -> None:
    rows = [{"Owner?": "2", "Rights?": "1"}, {"Your name": "ana lima", "Owner?": "3", "Rights?": "1"}]
    code, _, err, out = import_form(tmp_path, form_csv(rows), mapping_text())
    refused(code, err, "form.csv:3:")
    assert not out.exists()


@needs_import
def test_form_header_spacing_and_case_are_forgiven(tmp_path: Path) -> None:
    header = ["Timestamp", " YOUR  name ", "Your Role", "owner?", "Comment", "Rights?"]
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(header)
    w.writerow(["t", "Ana Lima", "CTO", "2", "", "1"])
    code, _, err, _out = import_form(tmp_path, buffer.getvalue().encode(), mapping_text())
    assert code == 0, err


# ---------------------------------------------------------------------------------------------
# Generated responses CSV: whatever the cells hold, a clean verdict, and nothing dropped


CELL = st.one_of(
    st.sampled_from(["", "0", "1", "2", "3", "4", "5", "n/a", "N/A", "=1+1", "2.0", "1e308", "NaN", "-0", "TRUE"]),
    st.text(max_size=30),
)


@needs_import
@settings(max_examples=examples(25, 2000), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    cells=st.lists(
        st.tuples(
            st.sampled_from(["Ana Lima", "Bo", "ana lima", "Zoë Ærø", "\u202eevil", ""]),
            st.sampled_from([QID, QID_NA, "ownership.owner-decision-rights", "nope.nope", ""]),
            CELL,
            st.one_of(st.just(""), st.text(max_size=40)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_generated_responses_csv(
    tmp_path_factory: pytest.TempPathFactory, cells: list[tuple[str, str, str, str]]
) -> None:
    tmp_path = tmp_path_factory.mktemp("gen")
    rows = [row(respondent=n, question_id=q, level=lv, note=note) for n, q, lv, note in cells]
    code, _, err, out = import_csv(tmp_path, csv_bytes(rows))
    no_crash(code, err)
    if code == 2:
        assert "answers.csv" in err
        assert not out.exists()
        return
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    for _, qid, level, note in cells:
        if level.strip():
            assert qid in text
        if note.strip():
            assert (
                any(
                    (a.get("note") if isinstance(a, dict) else None) == note
                    for r in data["respondents"]
                    for a in r["answers"].values()
                )
                or note.strip() in text
            ), f"note {note!r} dropped"


# ---------------------------------------------------------------------------------------------
# Workbooks


_BLANK: dict[str, Path] = {}


def export_workbook(tmp_path: Path, name: str = "blank.xlsx") -> Path:
    out = tmp_path / name
    code, _, err = invoke("questionnaire", "export", "--org", "Acme", "--period", "2026-Q3", "-o", out)
    assert code == 0, err
    return out


def fill(
    blank: Path,
    target: Path,
    *,
    name: object = "Ana Lima",
    role: object = "CTO",
    cells: dict[tuple[str, str], object] | None = None,
    edit=None,  # type: ignore[no-untyped-def]
) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(blank)
    front = book.worksheets[0]
    labels = {str(c.value): c for c in front["A"] if c.value is not None}
    front.cell(row=labels["Your name"].row, column=2, value=name)
    front.cell(row=labels["Your role"].row, column=2, value=role)
    for (sheet, ref), value in (cells or {}).items():
        book[sheet][ref] = value
    if edit is not None:
        edit(book)
    book.save(target)
    return target


def question_rows(blank: Path) -> dict[str, tuple[str, int]]:
    import openpyxl

    book = openpyxl.load_workbook(blank)
    found: dict[str, tuple[str, int]] = {}
    for sheet in book.worksheets[1:]:
        for cell in sheet["A"][1:]:
            if cell.value:
                found[str(cell.value)] = (sheet.title, cell.row)
    return found


def level_columns(blank: Path) -> tuple[str, str]:
    import openpyxl

    sheet = openpyxl.load_workbook(blank).worksheets[1]
    heads = {str(c.value).lower(): c.column_letter for c in sheet[1] if c.value}
    level = next(v for k, v in heads.items() if "level" in k and "your" in k)
    note = next(v for k, v in heads.items() if "note" in k)
    return level, note


@pytest.fixture
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The exported workbook, made once a session; skips while workbooks cannot be exported or imported."""
    if not has_command("questionnaire", "export"):
        pytest.skip("questionnaire export has not landed")
    if "checked" not in _BLANK:
        folder = tmp_path_factory.mktemp("probe")
        path = _cached_blank(tmp_path_factory)
        probe = fill(path, folder / "probe.xlsx")
        _, _, err = invoke("import", probe, "-o", folder / "probe.yaml")
        _BLANK["checked"] = Path("unreadable" if "cannot be imported yet" in err else "readable")
    if _BLANK["checked"].name == "unreadable":
        pytest.skip("workbook import has not landed")
    return _BLANK["blank"]


def cell_of(blank: Path, qid: str, column: str = "level") -> tuple[str, str]:
    sheet, r = question_rows(blank)[qid]
    level, note = level_columns(blank)
    return sheet, f"{level if column == 'level' else note}{r}"


def import_workbooks(tmp_path: Path, *books: Path, extra: tuple[str, ...] = ()) -> tuple[int, str, str, Path]:
    out = tmp_path / "out.yaml"
    code, stdout, err = invoke("import", *books, "-o", out, *extra)
    return code, stdout, err, out


def test_workbook_export_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    if not has_command("questionnaire", "export"):
        pytest.skip("questionnaire export has not landed")
    a = export_workbook(tmp_path, "a.xlsx")
    time.sleep(1.1)  # a time stamp in the zip entries or docProps would show
    b = export_workbook(tmp_path, "b.xlsx")
    assert a.read_bytes() == b.read_bytes()


def test_workbook_export_refuses_to_overwrite_and_to_write_into_a_folder(tmp_path: Path) -> None:
    if not has_command("questionnaire", "export"):
        pytest.skip("questionnaire export has not landed")
    existing = tmp_path / "keep.xlsx"
    existing.write_bytes(b"precious")
    code, _, err = invoke("questionnaire", "export", "-o", existing)
    refused(code, err, "keep.xlsx")
    assert existing.read_bytes() == b"precious"
    folder = tmp_path / "dir.xlsx"
    folder.mkdir()
    code, _, err = invoke("questionnaire", "export", "-o", folder, "--force")
    refused(code, err, "dir.xlsx")
    code, _, err = invoke("questionnaire", "export", "--format", "ods", "-o", tmp_path / "x.ods")
    no_crash(code, err)
    assert code == 2


def test_workbook_export_text_is_inert(tmp_path: Path) -> None:
    """Organisation text that looks like a formula is written as text, not as a formula."""
    if not has_command("questionnaire", "export"):
        pytest.skip("questionnaire export has not landed")
    import openpyxl

    out = tmp_path / "x.xlsx"
    code, _, err = invoke(
        "questionnaire",
        "export",
        "--org",
        '=HYPERLINK("http://evil.example","Acme")',
        "--period",
        "=cmd|' /C calc'!A0",
        "--return-to",
        "@SUM(1)",
        "-o",
        out,
    )
    if code == 2:
        refused(code, err, "")
        return
    assert code == 0, err
    book = openpyxl.load_workbook(out)
    for sheet in book.worksheets:
        for line in sheet.iter_rows():
            for cell in line:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)


def _level_cell(blank: Path, qid: str = QID) -> tuple[str, str]:
    return cell_of(blank, qid, "level")


WORKBOOK_BAD_LEVELS: dict[str, object] = {
    "seven": 7,
    "seven-text": "7",
    "half": 2.5,
    "huge": 1e308,
    "nan-text": "NaN",
    "negative": -1,
    "boolean": True,
    "formula": "=1+1",
    "hyperlink": '=HYPERLINK("http://x.example","2")',
    "dde": "=cmd|' /C calc'!A0",
    "word": "two",
}


@pytest.mark.parametrize("name", sorted(WORKBOOK_BAD_LEVELS))
def test_workbook_bad_level_is_located(tmp_path: Path, blank: Path, name: str) -> None:
    sheet, ref = _level_cell(blank)
    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): WORKBOOK_BAD_LEVELS[name]})
    code, _, err, out = import_workbooks(tmp_path, book)
    refused(code, err, f"filled.xlsx:{sheet}!{ref}")
    assert not out.exists()


def test_workbook_date_in_level_cell_is_located(tmp_path: Path, blank: Path) -> None:
    import datetime

    sheet, ref = _level_cell(blank)
    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): datetime.datetime(2026, 1, 2)})
    code, _, err, out = import_workbooks(tmp_path, book)
    refused(code, err, f"filled.xlsx:{sheet}!{ref}")
    assert not out.exists()


def test_workbook_na_where_not_allowed_is_located(tmp_path: Path, blank: Path) -> None:
    sheet, ref = _level_cell(blank)
    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): "n/a"})
    code, _, err, out = import_workbooks(tmp_path, book)
    refused(code, err, f"filled.xlsx:{sheet}!{ref}", "n/a")
    assert not out.exists()


def test_workbook_whole_number_float_is_read_as_its_level(tmp_path: Path, blank: Path) -> None:
    """Excel stores every number as a float: 2.0 typed as 2 is the level 2, not an error."""
    sheet, ref = _level_cell(blank)
    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): 2.0})
    code, _, err, out = import_workbooks(tmp_path, book)
    assert code == 0, err
    answers = yaml.safe_load(out.read_text(encoding="utf-8"))["respondents"][0]["answers"]
    assert answers[QID] in (2, {"level": 2})


@pytest.mark.parametrize(
    "note",
    [
        "=cmd|' /C calc'!A0",
        "\u202eRTL override\u200f and \u200e marks",
        "x" * 4000,
        "x" * 100_000,
        "tab\tand\nnew line",
    ],
    ids=["dde", "rtl", "4000", "100k", "whitespace"],
)
def test_workbook_notes_are_kept_or_located(tmp_path: Path, blank: Path, note: str) -> None:
    sheet, ref = _level_cell(blank)
    _, note_ref = cell_of(blank, QID, "note")
    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): 2, (sheet, note_ref): note})
    code, _, err, out = import_workbooks(tmp_path, book)
    no_crash(code, err)
    if code == 2:
        assert f"filled.xlsx:{sheet}!{note_ref}" in err, err
        assert not out.exists()
        return
    answers = yaml.safe_load(out.read_text(encoding="utf-8"))["respondents"][0]["answers"]
    assert answers[QID]["note"] == note
    assert_inert_everywhere(tmp_path, out)


def test_workbook_formula_note_is_not_evaluated_or_dropped(tmp_path: Path, blank: Path) -> None:
    sheet, ref = _level_cell(blank)
    _, note_ref = cell_of(blank, QID, "note")
    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): 2, (sheet, note_ref): "=1+1"})
    code, _, err, out = import_workbooks(tmp_path, book)
    no_crash(code, err)
    if code == 2:
        assert f"filled.xlsx:{sheet}!{note_ref}" in err, err
        return
    text = out.read_text(encoding="utf-8")
    assert "1+1" in text, "a formula note vanished"


def test_workbook_duplicated_question_row_is_located(tmp_path: Path, blank: Path) -> None:
    sheet, ref = _level_cell(blank)
    level_col, _ = level_columns(blank)
    rows = question_rows(blank)
    other_sheet, other_row = rows["ownership.owner-decision-rights"]

    def duplicate(book) -> None:  # type: ignore[no-untyped-def]
        book[other_sheet][f"A{other_row}"] = QID
        book[other_sheet][f"{level_col}{other_row}"] = 3

    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): 1}, edit=duplicate)
    code, _, err, out = import_workbooks(tmp_path, book)
    refused(code, err, f"filled.xlsx:{other_sheet}!")
    assert not out.exists()


def test_workbook_unknown_question_id_is_located(tmp_path: Path, blank: Path) -> None:
    sheet, r = question_rows(blank)[QID]
    level_col, _ = level_columns(blank)
    book = fill(
        blank, tmp_path / "filled.xlsx", cells={(sheet, f"A{r}"): "ownership.nope", (sheet, f"{level_col}{r}"): 2}
    )
    code, _, err, out = import_workbooks(tmp_path, book)
    refused(code, err, f"filled.xlsx:{sheet}!A{r}")
    assert not out.exists()


def test_workbook_row_added_below_with_a_level_is_not_dropped(tmp_path: Path, blank: Path) -> None:
    sheet, _ = question_rows(blank)[QID]
    level_col, note_col = level_columns(blank)

    def below(book) -> None:  # type: ignore[no-untyped-def]
        ws = book[sheet]
        r = ws.max_row + 3
        ws[f"{level_col}{r}"] = 4
        ws[f"{note_col}{r}"] = "our real answer is here"

    book = fill(blank, tmp_path / "filled.xlsx", edit=below)
    code, _, err, out = import_workbooks(tmp_path, book)
    no_crash(code, err)
    if code == 0:
        assert "our real answer is here" in out.read_text(encoding="utf-8"), "a filled row was silently dropped"
    else:
        assert f"filled.xlsx:{sheet}!" in err


def test_workbook_text_outside_the_answer_columns_is_not_silently_dropped(tmp_path: Path, blank: Path) -> None:
    sheet, r = question_rows(blank)[QID]
    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, f"K{r}"): "my level is 3, the drop-down did not work"})
    code, stdout, err, _out = import_workbooks(tmp_path, book)
    no_crash(code, err)
    assert f"{sheet}!K{r}" in stdout + err, "text typed beside the answer columns vanished without a word"


@pytest.mark.parametrize("how", ["rename", "reorder", "delete", "hide", "very-hidden", "insert-column", "insert-row"])
def test_workbook_sheet_surgery(tmp_path: Path, blank: Path, how: str) -> None:
    sheet, ref = _level_cell(blank)
    _, note_ref = cell_of(blank, QID, "note")

    def surgery(book) -> None:  # type: ignore[no-untyped-def]
        ws = book[sheet]
        if how == "rename":
            ws.title = "Renamed sheet"
        elif how == "reorder":
            book.move_sheet(ws, offset=len(book.sheetnames))
        elif how == "delete":
            book.remove(ws)
        elif how == "hide":
            ws.sheet_state = "hidden"
        elif how == "very-hidden":
            ws.sheet_state = "veryHidden"
        elif how == "insert-column":
            ws.insert_cols(2)
        elif how == "insert-row":
            ws.insert_rows(2)

    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): 3, (sheet, note_ref): "kept note"}, edit=surgery)
    code, _, err, out = import_workbooks(tmp_path, book)
    no_crash(code, err)
    if how == "delete":
        assert code == 2 or "ownership" not in out.read_text(encoding="utf-8")
        if code == 2:
            assert "filled.xlsx" in err
        return
    if code == 2:
        assert "filled.xlsx" in err
        assert not out.exists()
        return
    text = out.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    answer = data["respondents"][0]["answers"].get(QID)
    assert answer == {"level": 3, "note": "kept note"}, (how, answer)


@pytest.mark.parametrize(
    ("name", "role"),
    [("", "CTO"), ("Ana Lima", ""), (None, "CTO"), ("=1+1", "CTO"), ("x" * 1000, "CTO"), (42, "CTO"), (" ", " ")],
    ids=["no-name", "no-role", "none", "formula-name", "long-name", "number-name", "blank-name-and-role"],
)
def test_workbook_respondent_cells(tmp_path: Path, blank: Path, name: object, role: object) -> None:
    sheet, ref = _level_cell(blank)
    book = fill(blank, tmp_path / "filled.xlsx", name=name, role=role, cells={(sheet, ref): 2})
    code, _, err, out = import_workbooks(tmp_path, book)
    no_crash(code, err)
    if code == 2:
        assert re.search(r"filled\.xlsx:[^!\s]+![A-Z]+\d+", err), err
        assert not out.exists()


def test_workbook_same_respondent_in_two_files_is_a_conflict(tmp_path: Path, blank: Path) -> None:
    sheet, ref = _level_cell(blank)
    a = fill(blank, tmp_path / "a.xlsx", cells={(sheet, ref): 1})
    b = fill(blank, tmp_path / "b.xlsx", name="  ana LIMA ", cells={(sheet, ref): 3})
    code, _, err, out = import_workbooks(tmp_path, a, b)
    refused(code, err, "b.xlsx")
    assert not out.exists()


def _zip(entries: dict[str, bytes], path: Path, compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def test_workbook_hostile_containers(tmp_path: Path, blank: Path) -> None:
    import openpyxl

    cases: dict[str, Path] = {}
    cases["zero"] = tmp_path / "zero.xlsx"
    cases["zero"].write_bytes(b"")
    cases["random"] = tmp_path / "random.xlsx"
    cases["random"].write_bytes(os.urandom(5000))
    cases["not-a-workbook"] = _zip({"hello.txt": b"hi"}, tmp_path / "notbook.xlsx")
    cases["truncated"] = tmp_path / "truncated.xlsx"
    cases["truncated"].write_bytes(blank.read_bytes()[: len(blank.read_bytes()) // 2])
    cases["encrypted"] = tmp_path / "encrypted.xlsx"
    cases["encrypted"].write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504 + os.urandom(4096))
    cases["csv-named-xlsx"] = tmp_path / "csvbook.xlsx"
    cases["csv-named-xlsx"].write_bytes(csv_bytes([row()]))
    empty = openpyxl.Workbook()
    cases["empty-workbook"] = tmp_path / "emptybook.xlsx"
    empty.save(cases["empty-workbook"])
    # the blank workbook, unfilled: nobody's answers
    cases["unfilled"] = tmp_path / "unfilled.xlsx"
    cases["unfilled"].write_bytes(blank.read_bytes())
    for name, path in cases.items():
        code, _, err, out = import_workbooks(tmp_path, path)
        assert "Traceback" not in err, (name, err)
        assert code == 2, (name, code, err)
        assert path.name in err, (name, err)
        assert not out.exists(), name


def test_workbook_zip_bomb_is_refused_quickly(tmp_path: Path, blank: Path) -> None:
    """A sheet that inflates to a gigabyte is refused without inflating it."""
    with zipfile.ZipFile(blank) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in entries if n.startswith("xl/worksheets/sheet"))
    filler = b"<!--" + b" " * (1 << 30) + b"-->"
    body = entries[sheet]
    entries[sheet] = body.replace(b"<sheetData>", filler + b"<sheetData>", 1) if b"<sheetData>" in body else filler
    bomb = _zip(entries, tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 5_000_000
    started = time.monotonic()
    proc = run("import", bomb, "-o", tmp_path / "out.yaml", cwd=tmp_path, timeout=120)
    elapsed = time.monotonic() - started
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "bomb.xlsx" in proc.stderr
    assert elapsed < 20, elapsed


def test_workbook_with_macros_is_refused_or_read_without_running(tmp_path: Path, blank: Path) -> None:
    with zipfile.ZipFile(blank) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    entries["xl/vbaProject.bin"] = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 1000
    entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    )
    for name in ("macros.xlsm", "macros.xlsx"):
        path = _zip(entries, tmp_path / name)
        code, _, err, _out = import_workbooks(tmp_path, path)
        no_crash(code, err)
        if code == 2:
            assert name in err


def test_workbook_shared_strings_with_external_entities_are_not_resolved(tmp_path: Path, blank: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    filled = fill(blank, tmp_path / "filled.xlsx", cells={_level_cell(blank): 2})
    with zipfile.ZipFile(filled) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    target = (
        "xl/sharedStrings.xml"
        if "xl/sharedStrings.xml" in entries
        else next(n for n in entries if n.startswith("xl/worksheets/sheet"))
    )
    body = entries[target]
    decl_end = body.find(b"?>") + 2
    doctype = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'.encode()
    entries[target] = body[:decl_end] + doctype + body[decl_end:].replace(b"Ana Lima", b"&xxe;", 1)
    evil = _zip(entries, tmp_path / "evil.xlsx")
    code, _, err, out = import_workbooks(tmp_path, evil)
    no_crash(code, err)
    if out.exists():
        assert "TOP-SECRET-VALUE" not in out.read_text(encoding="utf-8")
    assert "TOP-SECRET-VALUE" not in err


def test_workbook_billion_laughs_is_refused(tmp_path: Path, blank: Path) -> None:
    filled = fill(blank, tmp_path / "filled.xlsx", cells={_level_cell(blank): 2})
    with zipfile.ZipFile(filled) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    target = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in entries else "xl/workbook.xml"
    body = entries[target]
    decl_end = body.find(b"?>") + 2
    lol = (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9))
        + "]>"
    )
    entries[target] = body[:decl_end] + lol.encode() + body[decl_end:].replace(b"Ana Lima", b"&j;", 1)
    evil = _zip(entries, tmp_path / "lol.xlsx")
    proc = run("import", evil, "-o", tmp_path / "out.yaml", cwd=tmp_path, timeout=60)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 2, (proc.returncode, proc.stderr)


def test_workbook_import_twice_gives_the_same_bytes(tmp_path: Path, blank: Path) -> None:
    sheet, ref = _level_cell(blank)
    book = fill(blank, tmp_path / "filled.xlsx", cells={(sheet, ref): 2})
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    assert invoke("import", book, "-o", a)[0] == 0
    os.utime(book, (0, 0))
    assert invoke("import", book, "-o", b)[0] == 0
    assert a.read_bytes() == b.read_bytes()


def test_workbook_round_trip_equals_the_yaml(tmp_path: Path, blank: Path) -> None:
    """Every respondent of a workshop example, filled into a workbook each, imports to the same report."""
    source = yaml.safe_load(NORTHBANK.read_text(encoding="utf-8"))
    blank = tmp_path / "northbank.xlsx"
    code, _, err = invoke(
        "questionnaire", "export", "--org", source["organisation"], "--period", source["period"], "-o", blank
    )
    assert code == 0, err
    rows = question_rows(blank)
    level_col, note_col = level_columns(blank)
    books = []
    for i, person in enumerate(source["respondents"]):
        cells: dict[tuple[str, str], object] = {}
        for qid, answer in person["answers"].items():
            sheet, r = rows[qid]
            level = answer["level"] if isinstance(answer, dict) else answer
            cells[(sheet, f"{level_col}{r}")] = level
            if isinstance(answer, dict) and answer.get("note"):
                cells[(sheet, f"{note_col}{r}")] = answer["note"]
        books.append(fill(blank, tmp_path / f"{i}.xlsx", name=person["name"], role=person["role"], cells=cells))
    out = tmp_path / "out.yaml"
    code, _, err = invoke("import", *books, "-o", out)
    assert code == 0, err
    plain = {k: source[k] for k in ("questionnaire", "organisation", "period", "respondents")}
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    plain["organisation"], plain["period"] = written["organisation"], written["period"]
    plain_path = tmp_path / "plain.yaml"
    plain_path.write_text(yaml.safe_dump(plain, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert _report_json(out) == _report_json(plain_path)
    for fmt in ("markdown", "html"):
        assert invoke("report", out, "--format", fmt)[1] == invoke("report", plain_path, "--format", fmt)[1]


@settings(max_examples=examples(8, 400), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    values=st.lists(
        st.one_of(
            st.integers(-3, 9),
            st.floats(allow_nan=True, allow_infinity=True),
            st.booleans(),
            st.sampled_from(["n/a", "N/A", " 2 ", "2 - Practised", "=1+1", "", "\u202e2"]),
            st.text(max_size=12),
        ),
        min_size=1,
        max_size=5,
    ),
    note=st.one_of(st.none(), st.text(max_size=60)),
)
def test_generated_workbook_cells(
    tmp_path_factory: pytest.TempPathFactory, values: list[object], note: str | None
) -> None:
    if not has_command("questionnaire", "export"):
        pytest.skip("questionnaire export has not landed")
    tmp_path = tmp_path_factory.mktemp("wb")
    blank = _cached_blank(tmp_path_factory)
    rows = question_rows(blank)
    level_col, note_col = level_columns(blank)
    qids = sorted(rows)[: len(values)]
    cells: dict[tuple[str, str], object] = {}
    for qid, value in zip(qids, values, strict=False):
        sheet, r = rows[qid]
        cells[(sheet, f"{level_col}{r}")] = value
    if note is not None:
        sheet, r = rows[qids[0]]
        cells[(sheet, f"{note_col}{r}")] = note
    try:
        book = fill(blank, tmp_path / "filled.xlsx", cells=cells)
    except Exception:  # openpyxl refuses some strings (control characters): nothing to import
        return
    code, _, err, out = import_workbooks(tmp_path, book)
    if "cannot be imported yet" in err:
        pytest.skip("workbook import has not landed")
    no_crash(code, err)
    if code == 2:
        assert re.search(r"filled\.xlsx(:[^!\s]+![A-Z]+\d+)?", err), err
        assert not out.exists()
        return
    text = out.read_text(encoding="utf-8")
    for qid, value in zip(qids, values, strict=False):
        if value not in (None, "") and not (isinstance(value, str) and not value.strip()):
            assert qid in text, f"{qid} filled with {value!r} vanished"


def _cached_blank(factory: pytest.TempPathFactory) -> Path:
    if "blank" not in _BLANK:
        _BLANK["blank"] = export_workbook(factory.mktemp("blank"))
    return _BLANK["blank"]


# ---------------------------------------------------------------------------------------------
# Consensus


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "workshop.yaml"
    path.write_bytes(WORKSHOP.read_bytes())
    return path


def respondents_of(path: Path) -> list[str]:
    return [r["name"] for r in yaml.safe_load(path.read_text(encoding="utf-8"))["respondents"]]


@needs_consensus
@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--agree", "ownership.nope=2"], "ownership.nope"),
        (["--agree", f"{QID}=7"], "7"),
        (["--agree", f"{QID}=-1"], None),
        (["--agree", f"{QID}=2.5"], None),
        (["--agree", f"{QID}=n/a"], "n/a"),
        (["--agree", f"{QID}="], None),
        (["--agree", f"{QID}"], None),
        (["--agree", "=2"], None),
        (["--agree", f"{QID}=2", "--dissent", "Nobody Here"], "Nobody Here"),
        (["--agree", f"{QID}=2", "--dissent", ""], None),
        (["--rationale", "without agree"], None),
        (["--dissent", "Priya Raman"], None),
        (["--agree", f"{QID}=2", "--threshold", "0"], None),
    ],
    ids=[
        "unknown-qid",
        "level-7",
        "negative",
        "float",
        "na-not-allowed",
        "empty-level",
        "no-equals",
        "no-qid",
        "dissenter-unknown",
        "dissenter-empty",
        "rationale-alone",
        "dissent-alone",
        "threshold-0",
    ],
)
def test_consensus_bad_input_leaves_the_file_alone(workshop: Path, args: list[str], words: str | None) -> None:
    before = workshop.read_bytes()
    code, _, err = invoke("consensus", workshop, *args)
    assert "Traceback" not in err, err
    assert code == 2, (code, err)
    assert words is None or words in err, err
    assert workshop.read_bytes() == before


@needs_consensus
@pytest.mark.parametrize(
    "args",
    [["--rationale", "x" * 4001], ["--dissent", "Priya Raman=" + "x" * 4001], ["--rationale", "x" * 100_000]],
    ids=["rationale-4001", "dissent-note-4001", "rationale-100k"],
)
def test_consensus_text_over_the_limit_is_refused_not_a_crash(workshop: Path, args: list[str]) -> None:
    before = workshop.read_bytes()
    code, _, err = invoke("consensus", workshop, "--agree", f"{QID}=2", *args)
    assert workshop.read_bytes() == before
    assert "Traceback" not in err
    assert code == 2, (code, err)
    assert "4,000" in err or "4000" in err, err


@needs_consensus
def test_consensus_control_characters_are_kept_and_inert(workshop: Path) -> None:
    rationale = "bell\x07 clear\x1b[2J link\x1b]8;;http://evil.example\x1b\\x"
    code, _, err = invoke(
        "consensus", workshop, "--agree", f"{QID}=2", "--rationale", rationale, "--dissent", "Priya Raman=\x1b[31mred"
    )
    no_crash(code, err)
    if code == 2:
        return
    assert yaml.safe_load(workshop.read_text(encoding="utf-8"))["consensus"][QID]["rationale"] == rationale
    for fmt in ("terminal", "markdown", "html", "json"):
        code, out, err = invoke("report", workshop, "--format", fmt)
        assert code == 0, err
        assert "\x1b" not in out, fmt
        assert "\x07" not in out, fmt
    code, out, _ = invoke("export", workshop)
    assert "\x1b" not in out


@needs_consensus
def test_consensus_dissenter_named_another_way_is_the_same_person(workshop: Path) -> None:
    code, _, err = invoke("consensus", workshop, "--agree", f"{QID}=2", "--dissent", "  priya   RAMAN ")
    assert code == 0, err
    agreement = yaml.safe_load(workshop.read_text(encoding="utf-8"))["consensus"][QID]
    assert [d["name"] if isinstance(d, dict) else d for d in agreement["dissent"]] == ["Priya Raman"]


@needs_consensus
def test_consensus_same_dissenter_twice_is_kept_once_or_refused(workshop: Path) -> None:
    before = workshop.read_bytes()
    code, _, err = invoke(
        "consensus", workshop, "--agree", f"{QID}=2", "--dissent", "Priya Raman", "--dissent", "priya raman"
    )
    no_crash(code, err)
    if code == 2:
        assert workshop.read_bytes() == before
        return
    agreement = yaml.safe_load(workshop.read_text(encoding="utf-8"))["consensus"][QID]
    assert len(agreement["dissent"]) == 1


@needs_consensus
def test_consensus_same_dissenter_twice_with_two_notes_loses_neither(workshop: Path) -> None:
    before = workshop.read_bytes()
    code, _, err = invoke(
        "consensus",
        workshop,
        "--agree",
        f"{QID}=2",
        "--dissent",
        "Hannah Feld=first",
        "--dissent",
        "hannah feld=second",
    )
    no_crash(code, err)
    if code == 2:
        assert workshop.read_bytes() == before
        return
    dissent = yaml.safe_load(workshop.read_text(encoding="utf-8"))["consensus"][QID].get("dissent", [])
    notes = " ".join(str(d.get("note")) for d in dissent if isinstance(d, dict))
    assert "first" in notes
    assert "second" in notes


@needs_consensus
@pytest.mark.parametrize("digit", ["\uff12", "\u0662"])
def test_consensus_level_in_other_digits_is_refused(workshop: Path, digit: str) -> None:
    before = workshop.read_bytes()
    code, _, err = invoke("consensus", workshop, "--agree", f"{QID}={digit}")
    assert workshop.read_bytes() == before
    assert code == 2, (code, err)


@needs_consensus
def test_consensus_on_a_file_that_does_not_load_is_located(tmp_path: Path) -> None:
    for name, data in {
        "zero.yaml": b"",
        "broken.yaml": b"respondents: [\n",
        "binary.yaml": os.urandom(500),
        "questionnaire.yaml": (Path(__file__).parents[2] / "questionnaires").glob("*.yaml").__next__().read_bytes(),
    }.items():
        path = tmp_path / name
        path.write_bytes(data)
        code, _, err = invoke("consensus", path, "--agree", f"{QID}=2")
        refused(code, err, name)
        assert path.read_bytes() == data
    code, _, err = invoke("consensus", tmp_path / "missing.yaml", "--agree", f"{QID}=2")
    refused(code, err, "missing.yaml")
    assert not (tmp_path / "missing.yaml").exists()
    code, _, err = invoke("consensus", tmp_path, "--agree", f"{QID}=2")
    no_crash(code, err)
    assert code == 2


@needs_consensus
def test_consensus_text_is_inert_in_every_report(workshop: Path) -> None:
    hostile = "<script>alert(1)</script> [red]x[/red] =cmd|' /C calc'!A0 \u202eevil | pipe ` tick"
    code, _, err = invoke(
        "consensus", workshop, "--agree", f"{QID}=2", "--rationale", hostile, "--dissent", f"Priya Raman={hostile}"
    )
    if code == 2:
        refused(code, err, "")
        return
    assert code == 0, err
    assert_inert_everywhere(workshop.parent, workshop)
    code, md, _ = invoke("report", workshop, "--format", "markdown")
    assert "| pipe" not in md.replace("\\| pipe", "")


@needs_consensus
def test_consensus_agreed_level_scores_and_round_trips(workshop: Path) -> None:
    assert invoke("consensus", workshop, "--agree", f"{QID}=4", "--rationale", "all agreed")[0] == 0
    first = workshop.read_bytes()
    code, out, err = invoke("report", workshop, "--format", "json")
    assert code == 0, err
    assert '"agreed"' in out or "agreed" in out
    # the same agreement again, with --redo, changes nothing
    assert invoke("consensus", workshop, "--agree", f"{QID}=4", "--rationale", "all agreed", "--redo")[0] == 0
    assert workshop.read_bytes() == first
    # without --redo, a second agreement on the same question is refused or leaves the first alone
    code, _, err = invoke("consensus", workshop, "--agree", f"{QID}=1")
    no_crash(code, err)
    if code == 0:
        assert yaml.safe_load(workshop.read_text(encoding="utf-8"))["consensus"][QID]["level"] == 4


@needs_consensus
def test_consensus_keeps_hand_written_comments(workshop: Path) -> None:
    text = workshop.read_text(encoding="utf-8")
    workshop.write_text("# facilitator: keep this line\n" + text, encoding="utf-8")
    assert invoke("consensus", workshop, "--agree", f"{QID}=2")[0] == 0
    assert "# facilitator: keep this line" in workshop.read_text(encoding="utf-8")


@needs_consensus
@pytest.mark.timing
def test_consensus_ctrl_c_mid_write_leaves_a_loadable_file(workshop: Path) -> None:
    """SIGINT at many moments of an --agree run: the file always loads, with or without the agreement."""
    names = respondents_of(workshop)
    # from while the interpreter starts to past the end of a run (a run takes well under a second)
    for delay in [0.1 * i for i in range(1, 10)]:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "aiopgap",
                "consensus",
                str(workshop),
                "--agree",
                f"{QID}=3",
                "--redo",
                "--rationale",
                f"attempt {delay:.2f}",
                "--dissent",
                names[0],
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
        # an interrupt before any aiopgap code runs is the interpreter's own ("Could not import runpy module")
        assert "Traceback" not in err or "aiopgap" not in err, (delay, err)
        # 130, or ended by the signal itself (-2), which a shell also reports as 130
        assert proc.returncode in (0, 130, -signal.SIGINT), (delay, proc.returncode, err)
        code, _, verr = invoke("validate", workshop)
        assert code == 0, (delay, verr)
        assert respondents_of(workshop) == names
        leftovers = [p.name for p in workshop.parent.iterdir() if p.name not in ("workshop.yaml",)]
        assert not [n for n in leftovers if not n.startswith(".workshop.yaml.lock")], leftovers


@needs_consensus
@pytest.mark.timing
def test_two_consensus_runs_at_once_lose_nothing(workshop: Path) -> None:
    """Two facilitators agree different questions at the same moment: both agreements are kept (or one is refused)."""
    data = yaml.safe_load(workshop.read_text(encoding="utf-8"))
    qids = list(data["respondents"][0]["answers"])[:3]
    procs = []
    for qid in qids:
        procs.append(
            (
                qid,
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "aiopgap",
                        "consensus",
                        str(workshop),
                        "--agree",
                        f"{qid}=2",
                        "--rationale",
                        f"agreed {qid}",
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
        )
    outcomes = {}
    for qid, proc in procs:
        _, err = proc.communicate(timeout=60)
        assert "Traceback" not in err, err
        assert proc.returncode in (0, 2), (proc.returncode, err)
        outcomes[qid] = (proc.returncode, err)
    agreed = yaml.safe_load(workshop.read_text(encoding="utf-8")).get("consensus") or {}
    for qid, (code, err) in outcomes.items():
        if code == 0:
            assert qid in agreed, f"{qid} reported as agreed but lost by a concurrent run"
        else:
            assert "workshop.yaml" in err, err


# ---------------------------------------------------------------------------------------------
# Anonymity


def anon_names(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [r["name"] for r in data["respondents"]]


def with_names_in_text(tmp_path: Path) -> Path:
    """The workshop example, with every respondent's name (and its parts) written into notes and evidence."""
    data = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    names = [r["name"] for r in data["respondents"]]
    people = data["respondents"]
    qid = next(iter(people[0]["answers"]))
    mentions = [
        f"As {names[1]} said",
        f"{names[2].upper()} disagrees",
        f"{names[3].split()[0].lower()} thinks so",
        f"per {names[4].split()[-1]}",
        f"see {names[0]}'s memo",
    ]
    for i, person in enumerate(people):
        answer = person["answers"][qid]
        level = answer["level"] if isinstance(answer, dict) else answer
        person["answers"][qid] = {
            "level": level,
            "note": "; ".join(mentions),
            "evidence": [{"kind": "artifact", "reference": f"Memo by {names[(i + 1) % len(names)]}"}],
        }
    # an accented respondent, whose name is written without accents in a note
    people[0]["name"] = "Zoë Ñúñez-Ærø"
    people[1]["answers"][qid]["note"] += "; ZOË ÑÚÑEZ-ÆRØ agreed"
    path = tmp_path / "named.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _leaks(text: str, names: list[str]) -> list[str]:
    import unicodedata

    def fold(s: str) -> str:
        kept = (c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
        return "".join(c for c in kept if unicodedata.category(c) != "Cf").casefold()

    folded = fold(text)
    found = []
    for name in names:
        for part in [name, *name.replace("-", " ").split()]:
            if len(part) >= 4 and fold(part) in folded:
                found.append(part)
    return found


@needs_anon
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
def test_anonymised_report_leaks_no_name(tmp_path: Path, fmt: str) -> None:
    path = with_names_in_text(tmp_path)
    names = anon_names(path)
    code, out, err = invoke("report", path, "--format", fmt, "--anonymise")
    assert code == 0, err
    assert not _leaks(out + err, names), _leaks(out + err, names)


@needs_anon
@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("table", ["responses", "dimensions"])
def test_anonymised_export_leaks_no_name(tmp_path: Path, fmt: str, table: str) -> None:
    path = with_names_in_text(tmp_path)
    names = anon_names(path)
    code, out, err = invoke("export", path, "--format", fmt, "--table", table, "--anonymise")
    assert code == 0, err
    assert not _leaks(out + err, names), _leaks(out + err, names)


@needs_anon
def test_anonymised_export_to_a_folder_leaks_no_name(tmp_path: Path) -> None:
    path = with_names_in_text(tmp_path)
    names = anon_names(path)
    folder = tmp_path / "out"
    folder.mkdir()
    code, _, err = invoke("export", path, "--output-dir", folder, "--anonymise")
    assert code == 0, err
    for written in folder.iterdir():
        assert not _leaks(written.read_text(encoding="utf-8"), names), written.name


@needs_anon
@needs_consensus
def test_anonymised_report_hides_dissenters_and_rationale_names(tmp_path: Path) -> None:
    path = with_names_in_text(tmp_path)
    names = anon_names(path)
    code, _, err = invoke(
        "consensus",
        path,
        "--agree",
        f"{QID}=2",
        "--rationale",
        f"{names[1]} and {names[2]} convinced the room",
        "--dissent",
        f"{names[3]}=I side with {names[4]}",
    )
    assert code == 0, err
    for fmt in ("terminal", "markdown", "html", "json"):
        code, out, err = invoke("report", path, "--format", fmt, "--anonymise")
        assert code == 0, err
        assert not _leaks(out, names), (fmt, _leaks(out, names))
    for fmt in ("csv", "tsv"):
        code, out, err = invoke("export", path, "--format", fmt, "--anonymise")
        assert code == 0, err
        assert not _leaks(out, names), (fmt, _leaks(out, names))


@needs_anon
@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
def test_anonymised_report_shows_no_role_held_by_one_or_two_people(tmp_path: Path, fmt: str) -> None:
    from collections import Counter

    data = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    data.pop("initiatives", None)  # owners of initiatives are the organisation's roles, not respondents
    source = tmp_path / "workshop.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    roles = Counter(" ".join(r["role"].split()).casefold() for r in data["respondents"])
    rare = [role for role, n in roles.items() if n < 3]
    assert rare
    code, out, err = invoke("report", source, "--format", fmt, "--anonymise")
    assert code == 0, err
    text = " ".join(out.split()).casefold()
    shown = [role for role in rare if role in text]
    assert not shown, shown


@needs_anon
def test_anonymised_output_says_so_and_is_deterministic(tmp_path: Path) -> None:
    for fmt in ("markdown", "html"):
        first = invoke("report", WORKSHOP, "--format", fmt, "--anonymise")[1]
        second = invoke("report", WORKSHOP, "--format", fmt, "--anonymise")[1]
        assert first == second
        assert "anonym" in first.casefold()


@needs_anon
def test_anonymised_scores_equal_the_named_scores(tmp_path: Path) -> None:
    import json

    named = json.loads(invoke("report", WORKSHOP, "--format", "json")[1])
    anonymous = json.loads(invoke("report", WORKSHOP, "--format", "json", "--anonymise")[1])
    assert [d.get("score") for d in named["dimensions"]] == [d.get("score") for d in anonymous["dimensions"]]


@needs_anon
@needs_import
def test_anonymised_import_if_offered_leaks_no_name(tmp_path: Path) -> None:
    if not has_option("--anonymise", "import"):
        pytest.skip("import --anonymise is not offered")
    source = tmp_path / "r.csv"
    assert invoke("export", WORKSHOP, "-o", source)[0] == 0
    out = tmp_path / "o.yaml"
    code, _, err = invoke("import", source, "-o", out, "--anonymise")
    assert code == 0, err
    names = anon_names(WORKSHOP)
    assert not _leaks(out.read_text(encoding="utf-8"), names)


@needs_anon
@pytest.mark.parametrize(
    "spelling",
    ["zoe nunez", "Zoe Nunez", "\uff3a\uff4f\uff45 \uff2e\uff55\uff4e\uff45\uff5a", "\u00d1\u00fa\u00ad\u00f1ez"],
    ids=["no-accents", "no-accents-capitals", "full-width", "soft-hyphen"],
)
def test_anonymised_report_takes_out_other_spellings_of_a_name(tmp_path: Path, spelling: str) -> None:
    data = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    data["respondents"][0]["name"] = "Zoë Ñúñez"
    other = data["respondents"][1]
    qid = next(iter(other["answers"]))
    answer = other["answers"][qid]
    level = answer["level"] if isinstance(answer, dict) else answer
    other["answers"][qid] = {"level": level, "note": f"As {spelling} told the room, nobody owns it"}
    path = tmp_path / "named.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for fmt in ("markdown", "json"):
        code, out, err = invoke("report", path, "--format", fmt, "--anonymise")
        assert code == 0, err
        assert not _leaks(out, ["Zoë Ñúñez"]), (fmt, _leaks(out, ["Zoë Ñúñez"]))


@needs_anon
@pytest.mark.parametrize("rare", [1, 2])
def test_anonymised_report_does_not_single_out_a_small_other_roles(tmp_path: Path, rare: int) -> None:
    data = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    for i, person in enumerate(data["respondents"]):
        person["role"] = f"Executive {i}" if i < rare else "Engineer"
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = invoke("report", path, "--format", "markdown", "--anonymise")
    assert code == 0, err
    assert "| Other roles |" not in out
    code, out, err = invoke("report", path, "--format", "json", "--anonymise")
    assert code == 0, err
    assert '"Other roles"' not in out.replace('"role": "Other roles"', "")


def _wait_for(child: object, needle: str, seen: list[str], timeout: float = 20, *others: str) -> str:
    """Read the terminal until its text, escape sequences taken out, shows a needle (case aside): which one."""
    import pexpect

    start = len(" ".join(seen))
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            chunk = child.read_nonblocking(65536, timeout=0.2)  # type: ignore[attr-defined]
        except pexpect.TIMEOUT:
            chunk = ""
        seen.append(re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]|[\r\x08]", "", chunk))
        text = " ".join(" ".join(seen)[start:].split()).casefold()
        for wanted in (needle, *others):
            if wanted.casefold() in text:
                return wanted
    raise AssertionError(f"{needle!r} never shown; the screen ended with {' '.join(seen)[-500:]!r}")


@needs_consensus
@pytest.mark.slow
def test_consensus_walk_ctrl_c_keeps_the_first_agreement_and_prints_the_second(workshop: Path) -> None:
    """In a real terminal: agree one gap, type half of the next, Ctrl-C: the first is saved, the second is shown."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "aiopgap", "consensus", str(workshop)],
        dimensions=(24, 80),
        encoding="utf-8",
        timeout=20,
    )
    seen: list[str] = []
    _wait_for(child, "agreed level", seen)
    child.send("2\r")
    _wait_for(child, "rationale", seen)
    child.send("the room settled on two\r")
    _wait_for(child, "dissent", seen)
    child.send("\r")
    if _wait_for(child, "agreed level", seen, 20, "enter records") == "enter records":
        child.send("\r")
        _wait_for(child, "agreed level", seen)
    child.send("3\r")
    _wait_for(child, "rationale", seen)
    child.send("half typed, about the second gap")
    time.sleep(0.5)
    child.sendintr()
    child.expect(pexpect.EOF)
    seen.append(re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]|[\r\x08]", "", child.before or ""))
    child.close()
    screen = " ".join(" ".join(seen).split())
    assert "Traceback" not in screen
    assert child.exitstatus == 130, (child.exitstatus, child.signalstatus)
    assert "half typed, about the second gap" in screen
    agreed = yaml.safe_load(workshop.read_text(encoding="utf-8")).get("consensus") or {}
    assert len(agreed) == 1, agreed
    assert next(iter(agreed.values()))["rationale"] == "the room settled on two"
    assert invoke("validate", workshop)[0] == 0


# ---------------------------------------------------------------------------------------------
# Hostile questionnaires, default output names, form workbooks


def _hostile_questionnaire(tmp_path: Path, variant: str) -> Path:
    from tests.conftest import FIXTURES

    data = yaml.safe_load((FIXTURES / "mini-questionnaire.yaml").read_text(encoding="utf-8"))
    first, second = data["dimensions"]
    if variant == "names-collide":  # the same first 31 characters: one sheet name
        first["name"] = "Ownership and accountability of AI products, part one"
        second["name"] = "Ownership and accountability of AI products, part two"
    elif variant == "illegal-sheet-characters":
        first["name"] = "Owner[ship]: who/what? *\\"
        second["name"] = "'Metrics'"
    elif variant == "formula-text":
        first["name"] = "=1+1"
        first["questions"][0]["prompt"] = '=HYPERLINK("http://evil.example","Click")'
        first["questions"][0]["levels"][2] = "=cmd|' /C calc'!A0"
        data["title"] = "@SUM(A1)"
    elif variant == "instructions-twice":
        first["name"] = "Instructions"
        second["name"] = "instructions"
    path = tmp_path / f"{variant}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("variant", ["names-collide", "illegal-sheet-characters", "formula-text", "instructions-twice"])
def test_hostile_questionnaire_exports_and_imports_every_answer(tmp_path: Path, variant: str) -> None:
    if not has_command("questionnaire", "export"):
        pytest.skip("questionnaire export has not landed")
    import openpyxl

    questionnaire = _hostile_questionnaire(tmp_path, variant)
    book_path = tmp_path / "q.xlsx"
    code, _, err = invoke(
        "questionnaire", "export", questionnaire, "--org", "Acme", "--period", "2026-Q3", "-o", book_path
    )
    no_crash(code, err)
    if code == 2:
        assert questionnaire.name in err
        return
    book = openpyxl.load_workbook(book_path)
    formulas = [
        (ws.title, c.coordinate)
        for ws in book.worksheets
        for line in ws.iter_rows()
        for c in line
        if c.data_type == "f"
    ]
    assert not formulas, formulas
    front = book.worksheets[0]
    labels = {str(c.value): c for c in front["A"] if c.value is not None}
    front.cell(row=labels["Your name"].row, column=2, value="Ana Lima")
    front.cell(row=labels["Your role"].row, column=2, value="CTO")
    asked = 0
    for sheet in book.worksheets[1:]:
        heads = {str(c.value): c.column_letter for c in sheet[1] if c.value}
        for r in range(2, sheet.max_row + 1):
            if sheet[f"A{r}"].value:
                sheet[f"{heads['Your level']}{r}"] = 2
                asked += 1
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    out = tmp_path / "out.yaml"
    code, _, err = invoke("import", filled, "-Q", questionnaire, "-o", out)
    if "cannot be imported yet" in err:
        pytest.skip("workbook import has not landed")
    assert code == 0, err
    answers = yaml.safe_load(out.read_text(encoding="utf-8"))["respondents"][0]["answers"]
    assert len(answers) == asked == 5


@needs_import
@pytest.mark.parametrize(
    "organisation", ["../../escaped", "/etc/passwd", "a/b\\c", "...", ".hidden", "Société Générale", "💥"]
)
def test_default_output_name_stays_in_the_folder(tmp_path: Path, organisation: str) -> None:
    source = tmp_path / "in" / "a.csv"
    source.parent.mkdir()
    source.write_bytes(csv_bytes([row(organisation=organisation)]))
    here = tmp_path / "here"
    here.mkdir()
    proc = run("import", source, cwd=here)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode == 0, proc.stderr
    written = [p for p in tmp_path.rglob("*.yaml")]
    assert len(written) == 1, written
    assert written[0].parent == here, written
    assert not written[0].name.startswith("."), written


@needs_import
@pytest.mark.parametrize(
    ("value", "where"),
    [(7, "Sheet1!H2"), (2.5, "Sheet1!H2"), (True, "Sheet1!H2"), ("=1+1", "Sheet1!H2")],
    ids=["seven", "half", "boolean", "formula"],
)
def test_form_workbook_bad_cells_are_located(tmp_path: Path, value: object, where: str) -> None:
    import openpyxl

    book = openpyxl.load_workbook(FORMS / "microsoft-forms-export.xlsx")
    sheet = book.worksheets[0]
    column = next(c.column for c in sheet[1] if c.value and "accountable" in str(c.value))
    assert sheet.cell(row=1, column=column).column_letter == "H"
    sheet.cell(row=2, column=column, value=value)  # type: ignore[arg-type]
    path = tmp_path / "ms.xlsx"
    book.save(path)
    out = tmp_path / "o.yaml"
    code, _, err = invoke("import", path, "-m", FORMS / "mapping.yaml", "--org", "A", "--period", "2026-Q3", "-o", out)
    refused(code, err, f"ms.xlsx:{where}")
    assert not out.exists()


@needs_import
def test_the_same_person_in_a_form_and_a_responses_csv_is_a_conflict(tmp_path: Path) -> None:
    form = FORMS / "google-forms-export.csv"
    first = next(csv.DictReader(io.StringIO(form.read_text(encoding="utf-8"))))["Your name"]
    responses = tmp_path / "r.csv"
    responses.write_bytes(csv_bytes([row(organisation="Harbour Logistics", respondent=first.upper())]))
    out = tmp_path / "o.yaml"
    code, _, err = invoke(
        "import",
        form,
        responses,
        "-m",
        FORMS / "mapping.yaml",
        "-o",
        out,
        "--org",
        "Harbour Logistics",
        "--period",
        "2026-Q3",
    )
    refused(code, err, "r.csv")
    assert not out.exists()


@needs_consensus
def test_consensus_keeps_windows_line_endings_whole(workshop: Path) -> None:
    workshop.write_bytes(workshop.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    code, _, err = invoke("consensus", workshop, "--agree", f"{QID}=2", "--rationale", "agreed")
    assert code == 0, err
    data = workshop.read_bytes()
    crlf = data.count(b"\r\n")
    bare = data.count(b"\n") - crlf
    assert crlf == 0 or bare == 0, f"{crlf} CRLF lines and {bare} LF lines"


@needs_consensus
@pytest.mark.parametrize(
    "tail",
    ["consensus:\n", "consensus: []\n", "consensus: {}  # agreed later\n", "consensus:\n  nope.nope: {level: 2}\n"],
    ids=["null", "list", "empty-with-comment", "unknown-question"],
)
def test_consensus_on_an_odd_consensus_section(workshop: Path, tail: str) -> None:
    workshop.write_bytes(workshop.read_bytes() + tail.encode())
    before = workshop.read_bytes()
    code, _, err = invoke("consensus", workshop, "--agree", f"{QID}=2")
    no_crash(code, err)
    if code == 2:
        assert "workshop.yaml:" in err
        assert workshop.read_bytes() == before
        return
    text = workshop.read_text(encoding="utf-8")
    assert yaml.safe_load(text)["consensus"][QID]["level"] == 2
    if "#" in tail:
        assert "# agreed later" in text


NAME_PART = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéèñøåüçłšžőABCDEFGHIJKLMNOPQRSTUVWXYZÉÑØÅÜ")),
    min_size=2,
    max_size=8,
)


@needs_anon
@settings(max_examples=examples(10, 300), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    first=NAME_PART,
    last=NAME_PART,
    how=st.sampled_from(["as-is", "upper", "lower", "last-only", "first-only", "possessive", "two-spaces"]),
    where=st.sampled_from(["note", "evidence", "rationale", "dissent-note"]),
    fmt=st.sampled_from(["terminal", "markdown", "html", "json", "csv"]),
)
def test_generated_names_never_leak_from_an_anonymised_output(
    tmp_path_factory: pytest.TempPathFactory, first: str, last: str, how: str, where: str, fmt: str
) -> None:
    tmp_path = tmp_path_factory.mktemp("anon")
    first, last = f"Zq{first}", f"Xw{last}"  # never a word a report prints of its own
    name = f"{first.capitalize()} {last.capitalize()}"
    spelled = {
        "as-is": name,
        "upper": name.upper(),
        "lower": name.lower(),
        "last-only": last.capitalize(),
        "first-only": first.capitalize(),
        "possessive": f"{name}'s",
        "two-spaces": name.replace(" ", "  "),
    }[how]
    data = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    data["respondents"][0]["name"] = name
    other = data["respondents"][1]
    qid = next(iter(other["answers"]))
    answer = other["answers"][qid]
    level = answer["level"] if isinstance(answer, dict) else answer
    mention = f"as {spelled} said in the room"
    if where == "note":
        other["answers"][qid] = {"level": level, "note": mention}
    elif where == "evidence":
        other["answers"][qid] = {"level": level, "evidence": [{"kind": "artifact", "reference": mention}]}
    path = tmp_path / "named.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if where in ("rationale", "dissent-note"):
        if not has_command("consensus"):
            return
        extra = ["--rationale", mention] if where == "rationale" else ["--dissent", f"{other['name']}={mention}"]
        code, _, err = invoke("consensus", path, "--agree", f"{qid}=2", *extra)
        assert code == 0, err
    if fmt == "csv":
        code, out, err = invoke("export", path, "--anonymise")
    else:
        code, out, err = invoke("report", path, "--format", fmt, "--anonymise")
    assert code == 0, err
    assert not _leaks(out + err, [name]), (spelled, where, fmt, _leaks(out + err, [name]))


EXPORT_COMMAND = [sys.executable, "-m", "aiopgap", "questionnaire", "export", "--org", "Acme", "--period", "2026-Q3"]


def test_workbook_export_does_not_depend_on_time_zone_locale_or_folder(tmp_path: Path) -> None:
    if not has_command("questionnaire", "export"):
        pytest.skip("questionnaire export has not landed")
    digests = set()
    for i, env in enumerate(
        [{"TZ": "UTC"}, {"TZ": "Pacific/Kiritimati", "LANG": "de_DE.UTF-8"}, {"SOURCE_DATE_EPOCH": "0"}]
    ):
        folder = tmp_path / f"run{i}"
        folder.mkdir()
        proc = subprocess.run(
            [*EXPORT_COMMAND, "-o", "book.xlsx"],
            capture_output=True,
            text=True,
            cwd=folder,
            env={**os.environ, **env},
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        digests.add((folder / "book.xlsx").read_bytes())
    assert len(digests) == 1


@needs_import
def test_import_does_not_depend_on_time_zone(tmp_path: Path) -> None:
    source = tmp_path / "r.csv"
    assert invoke("export", WORKSHOP, "-o", source)[0] == 0
    outputs = set()
    for zone in ("UTC", "Pacific/Kiritimati"):
        proc = subprocess.run(
            [sys.executable, "-m", "aiopgap", "import", "r.csv", "-o", f"{zone.replace('/', '-')}.yaml"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "TZ": zone},
            timeout=60,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.add((tmp_path / f"{zone.replace('/', '-')}.yaml").read_bytes())
    assert len(outputs) == 1


@pytest.mark.parametrize("version", ["9.0.0", "1.0.0"])
def test_workbook_of_another_questionnaire_version_is_not_imported_silently(
    tmp_path: Path, blank: Path, version: str
) -> None:
    def other_version(book) -> None:  # type: ignore[no-untyped-def]
        front = book.worksheets[0]
        for cell in front["A"]:
            if cell.value == "Questionnaire":
                current = str(front.cell(row=cell.row, column=2).value)
                front.cell(row=cell.row, column=2, value=f"{current.split()[0]} {version}")

    book = fill(blank, tmp_path / "filled.xlsx", cells={_level_cell(blank): 2}, edit=other_version)
    code, stdout, err, _out = import_workbooks(tmp_path, book)
    no_crash(code, err)
    assert version in stdout + err, "the questionnaire version the workbook names went unmentioned"
