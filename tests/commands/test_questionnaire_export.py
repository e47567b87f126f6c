"""aiopgap questionnaire export: the workbook written through the command line, and nobody else pays for it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files import resources
from aiopgap.files.catalogue import load_questionnaire
from aiopgap.files.workbook import read_workbook
from tests.conftest import EXAMPLES, FIXTURES, ROOT
from tests.workbook_helpers import fill_workbook

runner = CliRunner()
QUESTIONNAIRE = load_questionnaire(resources.default_questionnaire())


def aiopgap(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *args], capture_output=True, text=True, cwd=cwd, timeout=120, check=False
    )


def test_export_writes_a_workbook_a_respondent_can_fill_and_we_can_read(tmp_path: Path) -> None:
    out = tmp_path / "acme.xlsx"
    result = runner.invoke(app, ["questionnaire", "export", "--org", "Acme", "--period", "2026-Q3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr
    assert "aiopgap import" in result.stderr
    fill_workbook(out, "Dana", "CTO", {QUESTIONNAIRE.dimensions[0].questions[0].id: 2})
    intake = read_workbook(out, QUESTIONNAIRE)
    assert intake.respondents[0].answers[0].level.value == 2
    assert intake.organisation is not None
    assert intake.organisation.value == "Acme"


def test_the_default_name_keeps_accented_letters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["questionnaire", "export", "--org", "Société Générale", "--period", "2026/Q3"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == [f"{QUESTIONNAIRE.id}-Société-Générale-2026-Q3.xlsx"]


def test_an_existing_workbook_is_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "filled.xlsx"
    out.write_bytes(b"a respondent's answers")
    result = runner.invoke(app, ["questionnaire", "export", "-o", str(out)])
    assert result.exit_code == 2
    assert "--force" in result.stderr
    assert out.read_bytes() == b"a respondent's answers"
    result = runner.invoke(app, ["questionnaire", "export", "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "Instructions"


def test_a_custom_questionnaire_is_exported(tmp_path: Path) -> None:
    out = tmp_path / "mini.xlsx"
    result = runner.invoke(app, ["questionnaire", "export", str(FIXTURES / "mini-questionnaire.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    mini = load_questionnaire(FIXTURES / "mini-questionnaire.yaml")
    assert len(openpyxl.load_workbook(out).sheetnames) == 1 + len(mini.dimensions)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["-f", "csv"], "xlsx only"),
        (["missing.yaml"], "missing.yaml"),
        (["-o", "no-such-folder/out.xlsx"], "no-such-folder"),
        (["--period", "Q" * 41], "--period must be 1 to 40 characters"),
        (["--org", " "], "--org must be 1 to 500 characters"),
    ],
)
def test_bad_usage_is_exit_2_with_a_message_and_nothing_written(tmp_path: Path, args: list[str], expected: str) -> None:
    result = aiopgap("questionnaire", "export", *args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_two_runs_write_the_same_bytes_and_another_organisation_differs(tmp_path: Path) -> None:
    for name in ("a.xlsx", "b.xlsx"):  # separate processes: nothing of one run's state leaks into the bytes
        assert aiopgap("questionnaire", "export", "--org", "Acme", "-o", name, cwd=tmp_path).returncode == 0
    other = runner.invoke(app, ["questionnaire", "export", "--org", "Globex", "-o", str(tmp_path / "c.xlsx")])
    assert other.exit_code == 0
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()
    assert (tmp_path / "a.xlsx").read_bytes() != (tmp_path / "c.xlsx").read_bytes()


def test_help_teaches_the_options() -> None:
    result = runner.invoke(app, ["questionnaire", "export", "--help"])
    assert result.exit_code == 0
    for word in ("--org", "--period", "--return-to", "--force", "drop-down"):
        assert word in result.output


def test_the_cli_and_a_report_never_load_the_spreadsheet_library(tmp_path: Path) -> None:
    probe = "import sys, aiopgap.cli; print(sorted(m for m in sys.modules if m.split('.')[0] == 'openpyxl'))"
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert loaded.stdout.strip() == "[]"
    report = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "aiopgap", "report", str(EXAMPLES / "northbank-2026-Q3.yaml")],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    assert report.returncode == 0, report.stderr[-2000:]
    assert "openpyxl" not in report.stderr
    assert "aiopgap.cli" in report.stderr  # the probe saw the imports at all
