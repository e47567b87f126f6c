"""End to end: a JSON report lists each practice's actions fitted to the organisation's level."""

from __future__ import annotations

import json
import subprocess
import sys

from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES, ROOT


def test_lumen_json_report_skips_the_steps_it_has_taken() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", str(EXAMPLES / "lumen-2026-Q3.yaml"), "-f", "json"],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr
    recs = json.loads(proc.stdout)["recommendations"]
    guardrails = recs[0]
    assert guardrails["practice"] == "embedded-guardrails"
    assert guardrails["level"] > 3
    assert guardrails["passed"] == 5
    assert guardrails["actions"][0].startswith("Turn the checks every release repeats")
    assert not any("risk tiering at intake" in a for r in recs for a in r["actions"])
    assert all(r["passed"] >= 4 for r in recs)  # an AI-native organisation is past the foundations everywhere


def test_northbank_json_report_starts_from_the_foundations() -> None:
    result = CliRunner().invoke(app, ["report", str(EXAMPLES / "northbank-2026-Q3.yaml"), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    recs = json.loads(result.stdout)["recommendations"]
    assert [r["passed"] for r in recs if r["practice"] != "cross-functional-teams"] == [0] * 5
    guardrails = next(r for r in recs if r["practice"] == "embedded-guardrails")
    assert guardrails["level"] < 1
    assert guardrails["actions"][0].startswith("Write down who must approve an AI product")
    assert (
        guardrails["actions"][1]
        == "Introduce risk tiering at intake, with a lighter, pre-approved route for low-risk patterns."
    )
