"""aiopgap validate on evidence: one located message per bad item, exit 2; old files still valid and self-reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import ROOT

runner = CliRunner()

OWNER = "respondents[0].answers.ownership.single-accountable-owner"
FILE = """\
questionnaire: {{id: aiopgap-default, version: 1.1.0}}
organisation: Acme
period: 2026-Q3
assessed_on: {assessed_on}
respondents:
  - name: Ann
    role: CDO
    answers:
      ownership.single-accountable-owner:
        level: 3
        evidence:
          - {{kind: artifact, date: 2026-08-14, reference: RACI v3}}
          - {second}
      ownership.owner-decision-rights: 2
"""


def answers_file(tmp_path: Path, second: str = "observed", assessed_on: str = "2026-08-20") -> Path:
    path = tmp_path / "acme.yaml"
    path.write_text(FILE.format(second=second, assessed_on=assessed_on))
    return path


def validate(path: Path) -> tuple[int, list[str]]:
    result = runner.invoke(app, ["validate", str(path)])
    return result.exit_code, [line for line in result.output.splitlines() if line.startswith("error")]


def test_a_file_with_good_evidence_is_valid(tmp_path: Path) -> None:
    assert validate(answers_file(tmp_path))[0] == 0


def test_an_unknown_kind_names_the_three_kinds(tmp_path: Path) -> None:
    path = answers_file(tmp_path, second="{kind: rumour, reference: heard it}")
    code, errors = validate(path)
    assert code == 2
    assert errors == [
        f"error {path}:13:14: input should be 'artifact', 'observed' or 'self-report' ({OWNER}.evidence[1].kind)"
    ]
    # a bare kind is checked the same way
    code, errors = validate(answers_file(tmp_path, second="hearsay"))
    assert code == 2
    assert errors == [
        f"error {path}:13:13: input should be 'artifact', 'observed' or 'self-report' ({OWNER}.evidence[1].kind)"
    ]


@pytest.mark.parametrize("date", ["2026-13-01", "20260801", "yesterday", "2026-02-30", "'2026-08-01T10:00'"])
def test_a_bad_date_is_one_located_message(tmp_path: Path, date: str) -> None:
    path = answers_file(tmp_path, second=f"{{kind: observed, date: {date}}}")
    code, errors = validate(path)
    assert code == 2
    [error] = errors
    assert error.startswith(f"error {path}:13:30: ")
    assert error.endswith(f"a date is written YYYY-MM-DD, e.g. 2026-08-14 ({OWNER}.evidence[1].date)")


def test_a_reference_too_long_is_refused(tmp_path: Path) -> None:
    path = answers_file(tmp_path, second="{kind: artifact, reference: " + "x" * 501 + "}")
    code, errors = validate(path)
    assert code == 2
    assert errors == [f"error {path}:13:30: string should have at most 500 characters ({OWNER}.evidence[1].reference)"]


def test_evidence_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(
        FILE.format(second="observed", assessed_on="2026-08-20").replace(
            "ownership.owner-decision-rights: 2", "ownership.owner-decision-rights: {level: 2, evidence: artifact}"
        )
    )
    code, errors = validate(path)
    assert code == 2
    assert errors == [
        f"error {path}:14:51: expected a list, got text 'artifact' "
        "(respondents[0].answers.ownership.owner-decision-rights.evidence)"
    ]


@pytest.mark.parametrize("day", ["2026-13-01", "20260801", "yesterday", "1899-12-31"])
def test_a_bad_assessment_day_is_refused(tmp_path: Path, day: str) -> None:
    path = answers_file(tmp_path, assessed_on=day)
    code, errors = validate(path)
    assert code == 2
    [error] = errors
    assert error.startswith(f"error {path}:4:1: ")
    assert error.endswith("(assessed_on)")
    assert "YYYY-MM-DD" in error or "between 1900-01-01 and 2999-12-31" in error


def test_bad_evidence_in_a_real_process_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    path = answers_file(tmp_path, second="{kind: rumour, date: yesterday}", assessed_on="soon")
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "validate", path], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert f"{path}:4:1: a date is written YYYY-MM-DD" in done.stderr
    assert f"({OWNER}.evidence[1].kind)" in done.stderr
    assert f"({OWNER}.evidence[1].date)" in done.stderr
    assert "3 problems" in done.stderr


def test_an_old_answers_file_is_valid_and_every_answer_self_reported() -> None:
    old = ROOT / "examples" / "lumen-2026-Q3.yaml"
    assert "version: 1.0.0" in old.read_text()
    assert "evidence:" not in old.read_text()
    assert validate(old) == (0, [])
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", old, "-f", "json"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    responses = [r for d in report["dimensions"] for q in d["questions"] for r in q["responses"]]
    assert responses
    assert all(r["evidence"] == [] and r["weight"] == 0 for r in responses)
    assert report["confidence"] == 0
    assert {d["confidence"] for d in report["dimensions"] if d["score"] is not None} == {0}
