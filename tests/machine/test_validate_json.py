"""``validate --format json`` and ``questionnaire show --format json``: versioned documents, schemas, stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from aiopgap.commands import validate
from aiopgap.render.console import NORMAL, QUIET, set_verbosity
from aiopgap.render.formats import ResultFormat
from tests.cli.test_cli import run_cli, run_process
from tests.conftest import EXAMPLES
from tests.machine.helpers import MINI, assert_valid_against, write_known


def test_each_file_with_its_kind_or_its_problems(tmp_path: Path) -> None:
    good = write_known(tmp_path, "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("metrics.learning: 3", "metrics.nope: 3"), encoding="utf-8")
    code, out, err = run_cli("validate", good, bad, MINI, "-Q", MINI, "-f", "json")
    assert code == 2
    assert err == ""  # the problems are in the document
    document = assert_valid_against("validation", out)
    assert document["format"] == "aiopgap.validation/1"
    assert document["valid"] is False
    files = document["files"]
    assert [(f["file"], f["kind"], f["ok"]) for f in files] == [
        (str(good), "answers", True),
        (str(bad), None, False),
        (str(MINI), "questionnaire", True),
    ]
    (problem,) = files[1]["problems"]
    assert (problem["file"], problem["line"], problem["column"]) == (str(bad), 16, 7)
    assert problem["field"] == "respondents[1].answers.metrics.nope"
    assert problem["cell"] is None
    assert "metrics.nope" in problem["message"]


def test_a_valid_set_is_valid_and_byte_identical(tmp_path: Path) -> None:
    write_known(tmp_path, "a.yaml")
    args = ("validate", "a.yaml", "-Q", MINI, "-f", "json")
    first, second = run_process(*args, cwd=tmp_path), run_process(*args, cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert json.loads(first.stdout) == {
        "format": "aiopgap.validation/1",
        "valid": True,
        "files": [{"file": "a.yaml", "kind": "answers", "ok": True, "problems": []}],
    }


def test_folders_plans_and_json_reports_are_validated(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    code, _, err = run_cli("report", EXAMPLES / "lumen-2026-Q3.yaml", "-f", "json", "-o", report)
    assert code == 0, err
    code, out, err = run_cli("validate", EXAMPLES / "plans", report, "-f", "json")
    assert code == 0, err
    kinds = [f["kind"] for f in json.loads(out)["files"]]
    assert kinds == ["plan", "report"]


def test_ok_lines_are_on_stdout_and_quiet_leaves_them_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answers = write_known(tmp_path)
    code, out, err = run_cli("validate", answers, "-Q", MINI)
    assert code == 0
    assert f"ok {answers} (answers)" in out
    assert err == ""
    set_verbosity(QUIET)
    try:
        assert validate.run([answers], MINI, ResultFormat.terminal) == 0
    finally:
        set_verbosity(NORMAL)
    said = capsys.readouterr()
    assert said.out == ""
    assert said.err == ""


def test_ok_lines_to_a_file(tmp_path: Path) -> None:
    answers = write_known(tmp_path)
    result = run_process("validate", answers.name, "-Q", MINI, "-o", "ok.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == ""
    assert (tmp_path / "ok.txt").read_text(encoding="utf-8") == "ok answers.yaml (answers)\n"


def test_an_output_over_an_input_is_refused(tmp_path: Path) -> None:
    answers = write_known(tmp_path)
    before = answers.read_text(encoding="utf-8")
    code, _, err = run_cli("validate", answers, "-Q", MINI, "-f", "json", "-o", answers)
    assert code == 2
    assert "error" in err
    assert answers.read_text(encoding="utf-8") == before


def test_questionnaire_show_json_is_the_questionnaire_as_shown() -> None:
    code, out, err = run_cli("questionnaire", "show", MINI, "-f", "json")
    assert code == 0, err
    document = json.loads(out)
    assert document["format"] == "aiopgap.questionnaire/1"
    assert (document["id"], document["version"], document["scale_max"]) == ("mini", "1.2.0", 4)
    assert [d["id"] for d in document["dimensions"]] == ["ownership", "metrics"]
    owner = document["dimensions"][0]["questions"][0]
    assert owner["id"] == "ownership.owner"
    assert owner["levels"][0] == {"level": 0, "descriptor": "None."}
    assert [m["name"] for m in document["maturity"]] == ["Low", "Middle", "High"]


def test_questionnaire_show_json_filters_and_drops_levels() -> None:
    code, out, _ = run_cli("questionnaire", "show", "-f", "json", "--dimension", "governance", "--no-levels")
    assert code == 0
    document = json.loads(out)
    assert [d["id"] for d in document["dimensions"]] == ["governance"]
    assert all(q["levels"] == [] for q in document["dimensions"][0]["questions"])
    assert document["symptoms"] == []  # as on the terminal: one dimension shows no findings
    code, whole, _ = run_cli("questionnaire", "show", "-f", "json")
    full = json.loads(whole)
    assert full["symptoms"]
    assert full["contradictions"]
    assert full["practices"]
    assert all(s["rule"] for s in full["symptoms"])
    code, again, _ = run_cli("questionnaire", "show", "-f", "json")
    assert again == whole


def test_questionnaire_show_terminal_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "q.txt"
    code, out, _ = run_cli("questionnaire", "show", MINI, "-o", target)
    assert code == 0
    assert out == ""
    assert "ownership.owner" in target.read_text(encoding="utf-8")


def test_questionnaire_show_json_to_dash_and_an_unknown_dimension() -> None:
    code, out, _ = run_cli("questionnaire", "show", MINI, "-f", "json", "-o", "-")
    assert code == 0
    assert json.loads(out)["id"] == "mini"
    code, out, err = run_cli("questionnaire", "show", MINI, "-f", "json", "--dimension", "nope")
    assert code == 2
    assert out == ""
    assert "no dimension 'nope' (known: ownership, metrics)" in err


def test_validate_names_standard_input_stdin_and_refuses_it_twice(tmp_path: Path) -> None:
    text = (EXAMPLES / "northbank-2026-Q3.yaml").read_bytes()
    for fmt in ("terminal", "json"):
        proc = subprocess.run(
            [sys.executable, "-m", "aiopgap", "validate", "-", "-f", fmt],
            input=text,
            capture_output=True,
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert b"<stdin>" in proc.stdout
        assert b'"-"' not in proc.stdout
        assert b"ok - " not in proc.stdout
    twice = [sys.executable, "-m", "aiopgap", "validate", "-", "-"]
    proc = subprocess.run(twice, input=text, capture_output=True, timeout=120, check=False)
    assert proc.returncode == 2
    assert b"only once" in proc.stderr
    assert b"Traceback" not in proc.stderr
