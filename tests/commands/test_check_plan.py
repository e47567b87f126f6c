"""``check --against-plan``: a gate that fails when a dimension is behind the plan by more than the tolerance.

Meridian's 2026-Q3 scores: ownership 2.281, structure 2.033, governance 1.857, process 1.781, metrics 1.944.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.cli import app
from tests.cli.test_cli import run_process, runner
from tests.conftest import EXAMPLES
from tests.plan_helpers import make_plan, write_plan
from tests.render.test_report_unit import unit_file


def run_cli(*args: str | Path) -> tuple[int, str, str]:
    """The CLI at a terminal wide enough for a verdict line to stay on one line."""
    result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "300"}, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


Q1, Q2, Q3 = (EXAMPLES / "trend" / f"meridian-2026-Q{n}.yaml" for n in (1, 2, 3))


def _plan(tmp_path: Path, governance_q3: float, **kwargs: object) -> Path:
    quarters = [
        ("2026-Q2", {"ownership": 1.9, "governance": 1.5}),
        ("2026-Q3", {"ownership": 2.2, "governance": governance_q3}),
    ]
    return write_plan(tmp_path / "plan.yaml", make_plan(quarters, **kwargs))  # type: ignore[arg-type]


def test_on_plan_passes_and_says_which_quarter_was_compared(tmp_path: Path) -> None:
    code, out, err = run_cli("check", Q3, "--against-plan", _plan(tmp_path, 1.8), "--no-config")
    assert code == 0, err
    assert "plan governance" in out
    assert "expected by 2026-Q3" in out
    assert "1.86 (+0.06, ahead)" in out
    assert "PASSED" in out


def test_behind_plan_fails_naming_the_dimension_expected_and_actual(tmp_path: Path) -> None:
    code, out, _ = run_cli("check", Q3, "--against-plan", _plan(tmp_path, 2.2), "--no-config")
    assert code == 1
    assert "governance ≥ 2.20 expected by 2026-Q3" in out
    assert "1.86 (-0.34, behind)" in out
    assert "FAILED 1 of 2 gate(s): plan governance" in out


@pytest.mark.parametrize(
    ("tolerance", "code"),
    [("0.343", 0), ("0.3429", 1)],  # 2.2 - 1.857 = 0.343: exactly at the tolerance is not behind
)
def test_a_dimension_exactly_at_the_tolerance_is_not_behind(tmp_path: Path, tolerance: str, code: int) -> None:
    result = run_cli("check", Q3, "--against-plan", _plan(tmp_path, 2.2), "--tolerance", tolerance, "--no-config")
    assert result[0] == code, result


def test_before_the_plan_the_baseline_is_compared_and_after_it_the_last_quarter(tmp_path: Path) -> None:
    plan = _plan(tmp_path, 1.8)
    _, out, _ = run_cli("check", Q1, "--against-plan", plan, "--no-config")
    assert "expected by baseline 2026-Q1" in out
    _, out, _ = run_cli("check", Q2, "--against-plan", plan, "--no-config")
    assert "expected by 2026-Q2" in out
    later = unit_file(tmp_path, Q3, None, "later.yaml")
    later.write_text(later.read_text("utf-8").replace("period: 2026-Q3", "period: 2027-Q2"), "utf-8")
    _, out, _ = run_cli("check", later, "--against-plan", plan, "--no-config")
    assert "expected by 2026-Q3" in out


def test_a_plan_for_another_unit_is_refused_naming_both(tmp_path: Path) -> None:
    answers = unit_file(tmp_path, Q3, "Retail Banking")
    plan = _plan(tmp_path, 1.8, unit="Payments")
    code, _, err = run_cli("check", answers, "--against-plan", plan, "--no-config")
    assert code == 2
    assert "Meridian Retail Group / Payments" in err
    assert "Meridian Retail Group / Retail Banking" in err
    assert "Traceback" not in err
    assert (
        run_cli("check", answers, "--against-plan", _plan(tmp_path, 1.8, unit="retail  BANKING"), "--no-config")[0] == 0
    )


def test_the_config_may_name_the_plan_relative_to_itself(tmp_path: Path) -> None:
    _plan(tmp_path, 2.2)
    answers = unit_file(tmp_path, Q3, None)
    (tmp_path / "aiopgap.toml").write_text('against-plan = "plan.yaml"\n', "utf-8")
    code, out, _ = run_cli("check", answers)
    assert code == 1
    assert "plan governance" in out


def test_a_plan_expecting_a_dimension_the_assessment_did_not_score_fails(tmp_path: Path) -> None:
    import yaml

    data = yaml.safe_load(Q3.read_text())
    for respondent in data["respondents"]:  # nobody answered a metrics question this quarter
        respondent["answers"] = {q: a for q, a in respondent["answers"].items() if not q.startswith("metrics.")}
    answers = tmp_path / "meridian-2026-Q3.yaml"
    answers.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    plan = write_plan(tmp_path / "plan.yaml", make_plan([("2026-Q3", {"metrics": 1.0, "ownership": 1.0})]))
    code, out, _ = run_cli("check", answers, "--against-plan", plan, "--no-config")
    assert code == 1
    assert "not scored" in out


def test_a_plan_expecting_a_dimension_the_questionnaire_lacks_is_refused(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.yaml", make_plan([("2026-Q3", {"unknown-dimension": 1.0})]))
    code, _, err = run_cli("check", Q3, "--against-plan", plan, "--no-config")
    assert code == 2
    assert f"{plan}:" in err
    assert "unknown-dimension" in err


def test_in_a_real_process(tmp_path: Path) -> None:
    result = run_process("check", Q3, "--against-plan", _plan(tmp_path, 2.2), "--tolerance", "0.5", "--no-config")
    assert result.returncode == 0, result.stderr
    assert "(less 0.5)" in result.stdout
