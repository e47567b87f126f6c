"""``diff`` and ``trend`` end to end: CliRunner in-process and real ``python -m aiopgap`` processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from aiopgap.diff import Diff
from aiopgap.trend import Trend

from .conftest import EXAMPLES, FIXTURES
from .test_cli import run_cli, run_process

SERIES = EXAMPLES / "trend"
Q1, Q2, Q3 = (SERIES / f"meridian-2026-Q{n}.yaml" for n in (1, 2, 3))
MINI_12 = FIXTURES / "mini-questionnaire.yaml"
MINI_13 = FIXTURES / "mini-questionnaire-1.3.yaml"


def test_help_lists_the_new_commands(tmp_path: Path) -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "diff" in out
    assert "trend" in out
    code, out, _ = run_cli("diff", "--help")
    assert code == 0
    assert "--fail-on-regression" in out
    assert run_cli("diff", Q1, Q2, "-f", "html", "-o", tmp_path / "d.html")[0] == 0
    assert run_cli("diff", Q1, Q2, "-f", "pdf")[0] == 2


def test_terminal_diff_of_two_example_quarters() -> None:
    code, out, _ = run_cli("diff", Q2, Q3)
    assert code == 0
    assert "Meridian Retail Group  ·  2026-Q2 → 2026-Q3" in out
    assert "Overall 1.71 → 1.98 / 4" in out
    assert "Questions that changed" in out
    assert "structure.persistent-teams" in out


def test_json_diff_is_a_versioned_document_with_the_deltas() -> None:
    code, out, _ = run_cli("diff", Q1, Q2, "--format", "json")
    assert code == 0
    assert json.loads(out)["format"] == "aiopgap.diff/1"
    diff = Diff.model_validate_json(out)
    structure = diff.dimension("structure")
    assert structure is not None
    assert structure.score.direction == "down"
    assert structure.score.delta == pytest.approx(-0.2, abs=1e-3)


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
def test_diff_and_trend_outputs_are_byte_identical_across_runs(fmt: str, tmp_path: Path) -> None:
    for command in (["diff", Q2, Q3], ["trend", SERIES]):
        first, second = tmp_path / f"{command[0]}-1", tmp_path / f"{command[0]}-2"
        assert run_cli(*command, "-f", fmt, "-o", first)[0] == 0
        proc = run_process(*command, "-f", fmt, "-o", second)
        assert proc.returncode == 0, proc.stderr
        assert first.read_bytes() == second.read_bytes()
        assert len(first.read_bytes()) > 500


def test_regression_gate_exit_codes_in_a_real_process() -> None:
    dropped = run_process("diff", Q1, Q2, "--fail-on-regression", "-f", "json")
    assert dropped.returncode == 1
    assert "regression Team structure dropped 0.20 (1.90 → 1.70)" in dropped.stderr
    assert Diff.model_validate_json(dropped.stdout).new.period == "2026-Q2"  # the diff is still written
    tolerated = run_process("diff", Q1, Q2, "--fail-on-regression", "--tolerance", "0.25", "-f", "json")
    assert tolerated.returncode == 0
    assert "no dimension dropped by more than 0.25" in tolerated.stderr
    improved = run_process("diff", Q2, Q3, "--fail-on-regression", "-f", "json")
    assert improved.returncode == 0
    assert run_process("diff", Q1, Q2, "-f", "json").returncode == 0  # no gate, no failure


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tolerance", "0.1"], "--tolerance only applies together with --fail-on-regression"),
        (["--fail-on-regression", "--tolerance", "-1"], "--tolerance must be zero or more"),
    ],
)
def test_bad_gate_options_are_usage_errors(args: list[str], message: str) -> None:
    code, _, err = run_cli("diff", Q1, Q2, *args)
    assert code == 2
    assert message in err


def _json_report(answers: Path, questionnaire: Path, target: Path) -> Path:
    code, _, err = run_cli("report", answers, "-q", questionnaire, "-f", "json", "-o", target)
    assert code == 0, err
    return target


def test_diff_of_json_reports_across_questionnaire_versions(tmp_path: Path) -> None:
    old = _json_report(FIXTURES / "mini-answers.yaml", MINI_12, tmp_path / "q2.json")
    new = _json_report(FIXTURES / "mini-answers-1.3.yaml", MINI_13, tmp_path / "q3.json")
    code, out, _ = run_cli("diff", old, new, "-q", MINI_13, "-f", "json")
    assert code == 0
    diff = Diff.model_validate_json(out)
    renamed = diff.question("ownership.budget-holder")
    assert renamed is not None
    assert (renamed.kind, renamed.old_ids) == ("renamed", ("ownership.budget",))
    assert diff.notes == ()
    # without the newer questionnaire the ids cannot be mapped: said plainly, nothing compared wrongly
    code, out, _ = run_cli("diff", old, new, "-f", "json")
    assert code == 0
    unmapped = Diff.model_validate_json(out)
    assert any("mini 1.3.0 (NEW) was not found" in note for note in unmapped.notes)
    budget = unmapped.question("ownership.budget")
    assert budget is not None
    assert budget.kind == "removed"


def test_answers_files_on_two_questionnaire_versions_with_repeated_questionnaire_option() -> None:
    code, out, err = run_cli(
        "diff", FIXTURES / "mini-answers.yaml", FIXTURES / "mini-answers-1.3.yaml", "-q", MINI_12, "-q", MINI_13,
        "-f", "markdown",
    )  # fmt: skip
    assert code == 0, err
    assert "*(renamed from ownership.budget)*" in out
    assert "*(split from metrics.override)*" in out
    assert "*(no longer asked)*" in out
    assert "| **Metrics** | 1.00 → 2.00 | ▲ +1.00 | Low → Middle |" in out


def test_diff_html_is_self_contained_escaped_and_charts_each_dimension(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(Q2.read_text().replace("Privacy and fairness reviews", "<script>alert(1)</script> reviews"))
    code, out, _ = run_cli("diff", old, Q3, "-f", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; reviews" in out
    assert out.count("<svg") == 5
    assert "http://" not in out
    assert "https://" not in out


def test_trend_of_a_folder_in_every_format(tmp_path: Path) -> None:
    code, out, _ = run_cli("trend", SERIES)
    assert code == 0
    assert "2025-Q4" in out
    assert "2026-Q3" in out
    assert "▃" in out or "▄" in out  # sparklines
    code, out, _ = run_cli("trend", SERIES, "-f", "json")
    trend = Trend.model_validate_json(out)
    assert trend.periods == ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
    code, out, _ = run_cli("trend", SERIES, "-f", "markdown")
    assert "| Team structure | `" in out
    code, out, _ = run_cli("trend", SERIES, "-f", "html")
    assert out.count("<svg") == 6  # overall and five dimensions
    assert "<polyline" in out
    assert "http" not in out


def test_trend_accepts_files_and_reports_in_any_order(tmp_path: Path) -> None:
    q2_json = tmp_path / "q2.json"
    assert run_cli("report", Q2, "-f", "json", "-o", q2_json)[0] == 0
    code, out, _ = run_cli("trend", Q3, q2_json, Q1, "-f", "json")
    assert code == 0
    assert Trend.model_validate_json(out).periods == ("2026-Q1", "2026-Q2", "2026-Q3")


def test_trend_refuses_duplicates_and_single_assessments(tmp_path: Path) -> None:
    folder = tmp_path / "series"
    folder.mkdir()
    for source in (Q1, Q2):
        shutil.copy(source, folder / source.name)
    shutil.copy(Q2, folder / "meridian-copy.yaml")
    shutil.copy(MINI_12, folder / "questionnaire.yaml")  # skipped: a questionnaire is not an assessment
    proc = run_process("trend", folder)
    assert proc.returncode == 2
    assert "Meridian Retail Group 2026-Q2 is assessed twice" in proc.stderr
    assert "Traceback" not in proc.stderr
    code, _, err = run_cli("trend", Q1)
    assert code == 2
    assert "a trend needs at least two assessments" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_cli("trend", empty)
    assert code == 2
    assert "no answers files or JSON reports" in err


def test_bad_input_to_diff_is_one_located_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(Q2.read_text().replace("structure.team-composition:", "structure.team-compositon:"))
    proc = run_process("diff", bad, Q3)
    assert proc.returncode == 2
    assert f"{bad}:" in proc.stderr
    assert "did you mean 'structure.team-composition'" in proc.stderr
    assert proc.stdout == ""


def test_a_diff_run_backwards_says_so() -> None:
    code, out, _ = run_cli("diff", Q3, Q2, "-f", "json")
    assert code == 0
    assert (
        "OLD (2026-Q3) is later than NEW (2026-Q2), so every change reads backwards"
        in Diff.model_validate_json(out).notes
    )
