"""aiopgap import: CSV files and form exports made one answers file, end to end through the CLI."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Answers
from tests.conftest import EXAMPLES, FIXTURES, ROOT

runner = CliRunner()
FORMS = EXAMPLES / "forms"
MINI = FIXTURES / "mini-questionnaire.yaml"
HEADER = "respondent,role,question_id,level,note\n"


def cli(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def exported(tmp_path: Path, answers: Path, questionnaire: Path | None = None) -> Path:
    out = tmp_path / "responses.csv"
    q = ["-Q", questionnaire] if questionnaire else []
    code, output = cli("export", answers, *q, "-o", out)
    assert code == 0, output
    return out


def imported(path: Path, questionnaire: Path | None = None) -> Answers:
    return load_assessment(path, questionnaire).answers


@pytest.mark.parametrize(
    ("answers", "questionnaire"),
    [
        (EXAMPLES / "northbank-2026-Q3.yaml", None),
        (EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml", None),
        (FIXTURES / "evidence-answers.yaml", FIXTURES / "evidence-questionnaire.yaml"),
        (FIXTURES / "mini-answers.yaml", MINI),
    ],
)
def test_an_exported_responses_csv_imports_back_as_the_same_answers(
    tmp_path: Path, answers: Path, questionnaire: Path | None
) -> None:
    csv_file = exported(tmp_path, answers, questionnaire)
    out = tmp_path / "back.yaml"
    q = ["-Q", questionnaire] if questionnaire else []
    code, output = cli("import", csv_file, *q, "-o", out)
    assert code == 0, output
    original, back = imported(answers, questionnaire), imported(out, questionnaire)
    assert back.respondents == original.respondents
    assert (back.organisation, back.period) == (original.organisation, original.period)
    assert f"imported {len(original.respondents)} respondent(s)" in output


def test_the_example_form_exports_import_with_their_mapping(tmp_path: Path) -> None:
    for export in ("google-forms-export.csv", "microsoft-forms-export.xlsx"):
        out = tmp_path / f"{export}.yaml"
        code, output = cli(
            "import", FORMS / export, "-m", FORMS / "mapping.yaml", "--org", "Harbour", "--period", "2026-Q3", "-o", out
        )
        assert code == 0, output
        answers = imported(out)
        assert len(answers.respondents) == 3
        assert "left alone:" in output
        assert answers.respondents[0].answers["ownership.single-accountable-owner"].level in (1, 2)
    code, output = cli("report", tmp_path / "google-forms-export.csv.yaml", "-f", "json")
    assert code == 0, output


def test_all_files_and_folders_become_one_answers_file_named_after_organisation_and_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.csv").write_text(HEADER + "Ann,CDO,ownership.owner,1,\nAnn,CDO,ownership.budget,,\n")
    (folder / "b.csv").write_text(HEADER + "Bob,CFO,ownership.owner,3,ok\n")
    (folder / "notes.txt").write_text("not imported")
    (folder / "~$a.xlsx").write_bytes(b"an office lock file")
    monkeypatch.chdir(tmp_path)
    code, output = cli("import", folder, "-Q", MINI, "--org", "Société Générale", "--period", "2026-Q3")
    assert code == 0, output
    assert "a.csv: 1 respondent(s), 1 answer(s), 1 question(s) left blank" in output
    [written] = tmp_path.glob("*.yaml")
    assert [r.name for r in imported(written, MINI).respondents] == ["Ann", "Bob"]
    assert written.read_text().splitlines()[1].startswith("# Imported by `aiopgap import` from:")


def test_an_existing_answers_file_is_replaced_only_with_force_and_output_is_byte_identical(tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text(HEADER + "Ann,CDO,ownership.owner,1,\n")
    out = tmp_path / "out.yaml"
    out.write_text("keep me")
    args = ("import", source, "-Q", MINI, "--org", "Acme", "--period", "2026-Q3", "-o", out)
    code, output = cli(*args)
    assert (code, out.read_text()) == (2, "keep me")
    assert "already exists; pass --force" in output
    assert cli(*args, "--force")[0] == 0
    first = out.read_bytes()
    assert cli(*args, "--force")[0] == 0
    assert out.read_bytes() == first


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", r"empty.csv: the file is empty"),
        ("binary.csv", b"\x00\x01\xff\xfe\x00garbage", r"binary.csv:1:\d+: file is not UTF-8"),
        ("binary.xlsx", b"\x00\x01\xff\xfe\x00garbage", r"binary.xlsx: not an Excel workbook"),
        ("level7.csv", (HEADER + "Ann,CDO,ownership.owner,7,\n").encode(), r"level7.csv:2:4: level 7 is out of range"),
        ("na.csv", (HEADER + "Ann,CDO,ownership.owner,n/a,\n").encode(), r"na.csv:2:4: .* does not allow n/a"),
        ("q.csv", (HEADER + "Ann,CDO,ownership.ownr,1,\n").encode(), r"q.csv:2:4: unknown question id"),
        ("twice.csv", (HEADER + "Ann,CDO,ownership.owner,1,\n" * 2).encode(), r"twice.csv:3:4: .*answered twice"),
        ("ctl.csv", (HEADER + "Ann\x1b[2J,CDO,ownership.owner,1,\n").encode(), r"ctl.csv:2:1: .*control character"),
        ("formula.csv", (HEADER + "Ann,CDO,ownership.owner,=1+1,\n").encode(), r"formula.csv:2:4: '=1\+1' is not a"),
        ("form.csv", b"Name,Score\nAnn,1\n", r"form.csv:1:1: not the responses layout .* --form-mapping"),
        ("old.xls", b"x", r"old.xls: an old-style .xls workbook"),
        ("notes.txt", b"x", r"notes.txt: cannot import this kind of file"),
        ("map.yml", b"x", r"map.yml: a YAML file, not one to import: .* --form-mapping"),
    ],
)
def test_bad_input_is_a_located_error_and_nothing_is_written(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    out = tmp_path / "out.yaml"
    code, output = cli("import", path, "-Q", MINI, "--org", "Acme", "--period", "2026-Q3", "-o", out)
    assert code == 2, output
    assert list(tmp_path.glob("*.yaml")) == []
    assert "Traceback" not in output
    assert re.search(message, output), output


def test_bom_crlf_and_semicolons_import_like_plain_csv(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + HEADER + 'Zoë,CDO,ownership.owner,2,"un; deux"\n').replace(",", ";").encode())
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    out = tmp_path / "out.yaml"
    code, output = cli("import", path, "-Q", MINI, "--org", "Acme", "--period", "2026-Q3", "-o", out)
    assert code == 0, output
    [zoe] = imported(out, MINI).respondents
    assert (zoe.name, zoe.answers["ownership.owner"].note) == ("Zoë", "un; deux")


def test_every_problem_of_every_file_is_listed_together(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(HEADER + "Ann,CDO,ownership.owner,9,\n")
    (tmp_path / "b.csv").write_text(HEADER + "ann,CDO,ownership.owner,1,\nBob,CFO,metrics.learning,,orphan\n")
    (tmp_path / "c.csv").write_bytes(b"")
    code, output = cli("import", tmp_path, "-Q", MINI, "--org", "Acme", "--period", "2026-Q3")
    assert code == 2
    for where in ("a.csv:2:4:", "b.csv:2:1: respondent 'ann' appears twice", "b.csv:3:5:", "c.csv: the file is empty"):
        assert where in output
    assert "4 problems" in output


def test_a_file_too_large_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("w") as handle:
        handle.write(HEADER)
        line = "Ann,CDO,ownership.owner,1," + "x" * 1000 + "\n"
        for _ in range(6000):
            handle.write(line)
    code, output = cli("import", path, "-Q", MINI, "--org", "Acme", "--period", "2026-Q3")
    assert code == 2
    assert "larger than 5 MiB" in output


def test_import_runs_as_a_real_process(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(HEADER + "Ann,CDO,ownership.owner,1,\n")
    bad.write_text(HEADER + "Ann,CDO,ownership.owner,one,\n")
    base = [sys.executable, "-m", "aiopgap", "import", "-Q", str(MINI), "--org", "Acme", "--period", "2026-Q3"]
    ok = subprocess.run([*base, str(good), "-o", str(tmp_path / "ok.yaml")], capture_output=True, text=True, cwd=ROOT)
    assert ok.returncode == 0, ok.stderr
    assert "imported 1 respondent(s), 1 answer(s) from 1 file(s)" in ok.stderr
    failed = subprocess.run([*base, str(bad), "-o", str(tmp_path / "no.yaml")], capture_output=True, text=True)
    assert failed.returncode == 2
    assert f"{bad}:2:4: 'one' is not a level" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert not (tmp_path / "no.yaml").exists()


def test_a_form_export_with_a_formula_and_a_respondent_also_in_a_csv_lists_both_cells(tmp_path: Path) -> None:
    from tests.files.test_form_intake import sheet

    mapping = tmp_path / "map.yaml"
    mapping.write_text('name: Your name\nrole: Your role\nquestions:\n  ownership.owner: "Who owns it?"\n')
    form = sheet(tmp_path, [["Your name", "Your role", "Who owns it?"], ["Ann", "CDO", "=2"], ["Bob", "CFO", "5"]])
    (tmp_path / "a.csv").write_text(HEADER + "ann,CDO,ownership.owner,1,\n")
    out = tmp_path / "out.yaml"
    code, output = cli(
        "import", tmp_path / "a.csv", form, "-m", mapping, "-Q", MINI, "--org", "A", "--period", "P", "-o", out
    )
    assert code == 2
    assert f"{form}:Sheet1!C2: a formula where a value belongs" in output
    assert f"{form}:Sheet1!A2: respondent 'Ann' appears twice (also at {tmp_path / 'a.csv'}:2:1)" in output
    assert f"{form}:Sheet1!C3: level 5 is out of range" in output
    assert not out.exists()


def test_a_workbook_of_another_version_is_refused_or_named_in_the_summary(tmp_path: Path) -> None:
    import openpyxl

    from tests.workbook_helpers import fill_workbook

    blank = tmp_path / "blank.xlsx"
    code, output = cli("questionnaire", "export", "--format", "xlsx", "-o", blank)
    assert code == 0, output
    book = fill_workbook(blank, "Ana Lima", "CTO", {"ownership.single-accountable-owner": 2}, out=tmp_path / "a.xlsx")
    sheet = openpyxl.load_workbook(book)
    front = sheet["Instructions"]
    cell = next(c for c in front["A"] if c.value == "Questionnaire")
    front.cell(row=cell.row, column=2, value="aiopgap-default 2.0.0")
    sheet.save(book)
    code, output = cli("import", book, "--org", "Acme", "--period", "2026-Q3", "-o", tmp_path / "out.yaml")
    assert code == 2
    assert f"a.xlsx:Instructions!B{cell.row}:" in output
    assert "2.0.0" in output
    assert not (tmp_path / "out.yaml").exists()
    front.cell(row=cell.row, column=2, value="aiopgap-default 1.0.0")
    sheet.save(book)
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", "import", book, "--org", "Acme", "--period", "2026-Q3", "-o", "out.yaml"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    current = imported(tmp_path / "out.yaml").questionnaire.version  # the version answers are recorded as
    assert current.startswith("1.")
    assert current != "1.0.0"
    assert f"exported from aiopgap-default 1.0.0; its answers fit {current}" in proc.stderr
