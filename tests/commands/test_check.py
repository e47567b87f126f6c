"""`aiopgap check` run as CI runs it: a real process, no terminal, CI=true."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.cli.test_cli import run_cli, runner
from tests.conftest import EXAMPLES


def ci_run(*args: str | Path, cwd: Path, extra_env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    env.update({"CI": "true", "COLUMNS": "100", **(extra_env or {})})
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", "check", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


@pytest.fixture
def meridian(tmp_path: Path) -> Path:
    """Meridian scores overall 1.98 (Emerging), governance 1.86, process 1.78."""
    target = tmp_path / "assessments" / "meridian.yaml"
    target.parent.mkdir()
    shutil.copy(EXAMPLES / "meridian-2026-Q3.yaml", target)
    return target


def test_passing_gates_exit_0(meridian: Path) -> None:
    proc = ci_run(meridian, "--min-overall", "Emerging", "--min", "governance=1.5", cwd=meridian.parent)
    assert proc.returncode == 0, proc.stderr
    assert "PASSED all 2 gate(s)" in proc.stdout
    assert "FAIL" not in proc.stdout


def test_failing_overall_gate_exit_1_and_is_named(meridian: Path) -> None:
    proc = ci_run(meridian, "--min-overall", "Defined", "--min", "governance=1.5", cwd=meridian.parent)
    assert proc.returncode == 1
    assert "FAILED 1 of 2 gate(s): min-overall" in proc.stdout
    assert "1.98 (Emerging)" in proc.stdout


def test_failing_dimension_gate_exit_1(meridian: Path) -> None:
    proc = ci_run(meridian, "--min", "process=2", cwd=meridian.parent)
    assert proc.returncode == 1
    assert "min process" in proc.stdout


def test_gates_from_config_file_and_override(meridian: Path) -> None:
    (meridian.parent / "aiopgap.toml").write_text('min-overall = "Emerging"\n[min]\ngovernance = 2.5\n')
    proc = ci_run(meridian, cwd=meridian.parent.parent)
    assert proc.returncode == 1
    assert "FAILED 1 of 2 gate(s): min governance" in proc.stdout
    assert "aiopgap.toml" in proc.stdout
    proc = ci_run(meridian, "--min", "governance=1.5", cwd=meridian.parent.parent)
    assert proc.returncode == 0, proc.stdout
    proc = ci_run(meridian, "--no-config", "--min-overall", "1", cwd=meridian.parent.parent)
    assert proc.returncode == 0
    assert "aiopgap.toml" not in proc.stdout


def test_no_gates_is_a_usage_error(meridian: Path) -> None:
    proc = ci_run(meridian, cwd=meridian.parent)
    assert proc.returncode == 2
    assert "no gates to check" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--min", "governance"], "write DIMENSION=LEVEL"),
        (["--min", "govrnance=2"], "unknown dimension 'govrnance'"),
        (["--min-overall", "Superb"], "neither a maturity level"),
        (["--min-overall", "9"], "outside the scale"),
    ],
)
def test_bad_gate_values_exit_2(meridian: Path, args: list[str], message: str) -> None:
    proc = ci_run(meridian, *args, cwd=meridian.parent)
    assert proc.returncode == 2
    assert message in proc.stderr
    assert "Traceback" not in proc.stderr


def test_bad_answers_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: [\n")
    proc = ci_run(bad, "--min-overall", "1", cwd=tmp_path)
    assert proc.returncode == 2
    assert f"{bad}:" in proc.stderr


def test_bad_config_exit_2(meridian: Path) -> None:
    (meridian.parent / "aiopgap.toml").write_text("min-overal = 2\n")
    proc = ci_run(meridian, cwd=meridian.parent)
    assert proc.returncode == 2
    assert "min-overal" in proc.stderr
    assert "unknown setting" in proc.stderr


def test_symptom_gates_end_to_end(meridian: Path) -> None:
    """Meridian flags slow-decisions and roadmap-uncertainty; vendor-driven-strategy is not flagged."""
    proc = ci_run(meridian, "--fail-on-symptom", "vendor-driven-strategy", cwd=meridian.parent)
    assert proc.returncode == 0, proc.stdout
    # in 2026-Q1 data science is a near miss (watch): not flagged, so its gate passes, saying how close it came
    proc = ci_run(EXAMPLES / "trend" / "meridian-2026-Q1.yaml", "--fail-on-symptom", "data-science-disconnected",
                  cwd=meridian.parent, extra_env={"COLUMNS": "200"})  # fmt: skip
    assert proc.returncode == 0, proc.stdout
    assert "watch (2 more condition(s) would flag it)" in proc.stdout
    proc = ci_run(meridian, "--fail-on-symptom", "slow-decisions", cwd=meridian.parent)
    assert proc.returncode == 1
    assert "symptom slow-decisions" in proc.stdout
    proc = ci_run(meridian, "--fail-on-symptom", "any", cwd=meridian.parent)
    assert proc.returncode == 1
    assert "roadmap-uncertainty" in proc.stdout
    proc = ci_run(meridian, "--fail-on-symptom", "slow-decision", cwd=meridian.parent)
    assert proc.returncode == 2
    assert "unknown symptom 'slow-decision'; did you mean 'slow-decisions'?" in proc.stderr


def test_step_summary_is_appended(meridian: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n")
    proc = ci_run(
        meridian, "--min-overall", "Defined", cwd=meridian.parent, extra_env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    assert proc.returncode == 1
    text = summary.read_text()
    assert text.startswith("# earlier step\n")
    assert "## aiopgap check: ❌ failed" in text
    assert "| min-overall | overall ≥ Defined (2) | 1.98 (Emerging) | FAIL |" in text
    assert "# AI operating model gap: Meridian Retail Group" in text


def test_baseline_gate_fails_on_a_regression_and_honours_the_tolerance(tmp_path: Path) -> None:
    """Structure drops from 1.90 (2026-Q1) to 1.70 (2026-Q2) in the example series."""
    series = EXAMPLES / "trend"
    q1, q2 = series / "meridian-2026-Q1.yaml", series / "meridian-2026-Q2.yaml"
    proc = ci_run(q2, "--baseline", q1, cwd=tmp_path)
    assert proc.returncode == 1
    assert "regression structure" in proc.stdout
    assert "1.90 → 1.70 (-0.20)" in proc.stdout
    proc = ci_run(q2, "--baseline", q1, "--tolerance", "0.25", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert "no regression" in proc.stdout
    proc = ci_run(q2, "--baseline", tmp_path / "missing.yaml", cwd=tmp_path)
    assert proc.returncode == 2
    assert "file not found" in proc.stderr


def test_baseline_and_tolerance_from_config(tmp_path: Path) -> None:
    folder = tmp_path / "assessments"
    folder.mkdir()
    for quarter in ("2026-Q1", "2026-Q2"):
        shutil.copy(EXAMPLES / "trend" / f"meridian-{quarter}.yaml", folder)
    (folder / "aiopgap.toml").write_text('baseline = "meridian-2026-Q1.yaml"\n')
    proc = ci_run(folder / "meridian-2026-Q2.yaml", cwd=tmp_path)
    assert proc.returncode == 1
    assert "regression structure" in proc.stdout
    (folder / "aiopgap.toml").write_text('baseline = "meridian-2026-Q1.yaml"\ntolerance = 0.25\n')
    proc = ci_run(folder / "meridian-2026-Q2.yaml", cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout


# ------------------------------------------------------------ evidence gates
# Meridian 2026-Q3 with evidence added by hand (any evidence the example carries is removed first):
# Ana shows the RACI (an artifact of 2026-08-01: 45 days old on 2026-09-15) for single ownership, was observed
# monitoring production (no date), and cites the risk-tiering template of 2024-01-10 (979 days old).
# Two more initiatives are vendor-led (4 of 8, 50%) while both respondents rate strategy ownership 3: the
# strategy claim is contradicted.


def evidenced_answers(
    folder: Path, *, assessed_on: str | None = "2026-09-15", contradicted: bool = True, period: str = "2026-Q3"
) -> Path:
    data = yaml.safe_load((EXAMPLES / "meridian-2026-Q3.yaml").read_text(encoding="utf-8"))
    data["questionnaire"]["version"] = "1.1.0"
    data["period"] = period
    data.pop("assessed_on", None)
    if assessed_on is not None:
        data["assessed_on"] = assessed_on
    for respondent in data["respondents"]:
        for answer in respondent["answers"].values():
            if isinstance(answer, dict):
                answer.pop("evidence", None)
    ana = data["respondents"][0]["answers"]
    ana["ownership.single-accountable-owner"] = {
        "level": 3,
        "evidence": [{"kind": "artifact", "date": "2026-08-01", "reference": "RACI v3"}],
    }
    ana["process.production-monitoring"] = {"level": 3, "evidence": ["observed"]}
    ana["governance.risk-tiering"] = {
        "level": 1,
        "evidence": [{"kind": "artifact", "date": "2024-01-10", "reference": "Tiering <template> | v1"}],
    }
    if contradicted:
        ana["ownership.ai-strategy-ownership"] = 3
        for initiative in data["initiatives"][:2]:
            initiative["vendor_led"] = True
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"meridian-{period}.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def wide_check(*args: str | Path) -> tuple[int, str]:
    """``check`` in-process on a terminal wide enough that no verdict cell wraps; the exit code and stdout."""
    from aiopgap.cli import app

    result = runner.invoke(app, ["check", *[str(a) for a in args]], env={"COLUMNS": "300"}, catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def evidenced(tmp_path: Path) -> Path:
    return evidenced_answers(tmp_path / "assessments")


def _confidence(answers: Path) -> float:
    code, out, _ = run_cli("report", answers, "-f", "json")
    assert code == 0
    confidence = json.loads(out)["confidence"]
    assert isinstance(confidence, float)
    return confidence


def test_min_confidence_gate_passes_and_fails_on_the_reports_confidence(evidenced: Path) -> None:
    confidence = _confidence(evidenced)
    assert 0 < confidence < 0.2  # a handful of evidenced answers among dozens of self-reported ones
    shown = f"{confidence * 100:.1f}".removesuffix(".0") + "%"
    proc = ci_run(evidenced, "--min-confidence", "50%", cwd=evidenced.parent)
    assert proc.returncode == 1, proc.stdout
    assert "FAILED 1 of 1 gate(s): min-confidence" in proc.stdout
    assert "confidence ≥ 50%" in proc.stdout
    assert shown in proc.stdout
    proc = ci_run(evidenced, "--min-confidence", "0.01", cwd=evidenced.parent)
    assert proc.returncode == 0, proc.stdout
    assert "confidence ≥ 1%" in proc.stdout
    code, out, _ = run_cli("check", evidenced, "--min-confidence", f"{confidence}")
    assert code == 0, out  # exactly at the threshold passes
    code, out, _ = run_cli("check", evidenced, "--min-confidence", f"{confidence + 0.001}")
    assert code == 1, out


def test_a_report_with_no_scored_answer_has_no_confidence_and_fails(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text(
        "questionnaire: {id: aiopgap-default, version: 1.1.0}\norganisation: Empty Co\nperiod: 2026-Q3\n"
        "respondents:\n  - {name: Bo, role: CTO, answers: {}}\n",
        encoding="utf-8",
    )
    code, out = wide_check(empty, "--min-confidence", "0")
    assert code == 1
    assert "no confidence: no question is scored" in out


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nan", "'nan' is not a confidence: write a share from 0 to 1 (0.6) or a percentage (60%)"),
        ("-5%", "'-5%' is outside 0 to 1 (0% to 100%)"),
        ("101%", "'101%' is outside 0 to 1 (0% to 100%)"),
        ("60", "'60' is outside 0 to 1 (0% to 100%); for a percentage write 60%"),
        ("sixty", "'sixty' is not a confidence"),
        ("inf", "'inf' is not a confidence"),
    ],
)
def test_bad_min_confidence_is_a_usage_error(evidenced: Path, value: str, message: str) -> None:
    code, _, err = run_cli("check", evidenced, "--min-confidence", value)
    assert code == 2
    assert f"--min-confidence: {message}" in " ".join(err.split())
    assert "Traceback" not in err


def test_contradiction_gate_names_the_claim_and_the_facts(evidenced: Path, tmp_path: Path) -> None:
    proc = ci_run(evidenced, "--fail-on-contradiction", cwd=evidenced.parent, extra_env={"COLUMNS": "250"})
    assert proc.returncode == 1, proc.stdout
    assert "contradiction strategy-claim" in proc.stdout
    assert (
        "claim ownership.ai-strategy-ownership: 3 (rule ≥ 3) · facts vendor_led_share: 4 of 8 (50%) (rule ≥ 0.4)"
        in proc.stdout
    )
    consistent = evidenced_answers(tmp_path / "consistent", contradicted=False)
    code, out = wide_check(consistent, "--fail-on-contradiction")
    assert code == 0, out
    assert "none of 5 checks contradicted" in out


def test_evidence_age_gate_lists_what_is_too_old_and_what_cannot_be_aged(evidenced: Path) -> None:
    proc = ci_run(evidenced, "--max-evidence-age", "365", cwd=evidenced.parent, extra_env={"COLUMNS": "300"})
    assert proc.returncode == 1, proc.stdout
    assert (
        "1 of 2 dated item(s) older: governance.risk-tiering (Ana Lindqvist: Tiering <template> | v1, 979 days);"
        " 1 item(s) without a date cannot be aged" in proc.stdout
    )
    assert run_cli("check", evidenced, "--max-evidence-age", "979")[0] == 0  # at most DAYS old passes
    code, out, _ = run_cli("check", evidenced, "--max-evidence-age", "978")
    assert code == 1
    assert "max-evidence-age" in out


def test_evidence_without_an_assessment_day_cannot_be_aged(tmp_path: Path) -> None:
    answers = evidenced_answers(tmp_path, assessed_on=None, period="Autumn review")
    code, out = wide_check(answers, "--max-evidence-age", "0")
    assert code == 0, out
    assert "no dated evidence; no assessment day (assessed_on), so 3 item(s) cannot be aged" in out


@pytest.mark.parametrize("value", ["-1", "1.5", "a year", "", "365d"])
def test_bad_max_evidence_age_is_a_usage_error(evidenced: Path, value: str) -> None:
    proc = ci_run(evidenced, "--max-evidence-age", value, cwd=evidenced.parent)
    assert proc.returncode == 2
    assert "--max-evidence-age must be a whole number of days, 0 or more" in " ".join(proc.stderr.split())
    assert "Traceback" not in proc.stderr


def test_evidence_gates_from_the_config_file(evidenced: Path) -> None:
    config = evidenced.parent / "aiopgap.toml"
    config.write_text('min-confidence = "50%"\nfail-on-contradiction = true\nmax-evidence-age = 365\n')
    proc = ci_run(evidenced, cwd=evidenced.parent.parent)
    assert proc.returncode == 1, proc.stdout
    assert "FAILED 3 of 3 gate(s): min-confidence, contradiction strategy-claim, max-evidence-age" in " ".join(
        proc.stdout.split()
    )
    # options override the config, gate by gate
    proc = ci_run(evidenced, "--min-confidence", "0", "--max-evidence-age", "1000", cwd=evidenced.parent.parent)
    assert proc.returncode == 1
    assert "FAILED 1 of 3 gate(s): contradiction strategy-claim" in " ".join(proc.stdout.split())
    config.write_text("min-confidence = 0.01\nfail-on-contradiction = false\nmax-evidence-age = 1000\n")
    assert ci_run(evidenced, cwd=evidenced.parent.parent).returncode == 0


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('min-confidence = "lots"', "min-confidence: 'lots' is not a confidence"),
        ("min-confidence = 1.5", "min-confidence: '1.5' is outside 0 to 1"),
        ("max-evidence-age = -3", "max-evidence-age"),
        ("max-evidence-age = 1.5", "max-evidence-age"),
        ('fail-on-contradiction = "yes"', "fail-on-contradiction"),
    ],
)
def test_bad_evidence_gates_in_the_config_file_exit_2(evidenced: Path, setting: str, message: str) -> None:
    (evidenced.parent / "aiopgap.toml").write_text(setting + "\n")
    code, _, err = run_cli("check", evidenced)
    assert code == 2
    assert message in " ".join(err.split())
    assert "aiopgap.toml" in err
    assert "Traceback" not in err


def test_step_summary_shows_the_evidence_gates_with_user_text_escaped(evidenced: Path, tmp_path: Path) -> None:
    summary = tmp_path / "summary.md"
    proc = ci_run(
        evidenced,
        "--fail-on-contradiction",
        "--max-evidence-age",
        "365",
        cwd=evidenced.parent,
        extra_env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert proc.returncode == 1
    text = summary.read_text(encoding="utf-8")
    assert "| contradiction strategy-claim | claims consistent with the facts | claim ownership.ai-strategy" in text
    assert "Tiering \\<template\\> \\| v1" in text
    assert "<template>" not in text.split("<details>")[0]
    assert " · confidence 4%" in text
