"""`aiopgap check` run as CI runs it: a real process, no terminal, CI=true."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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
