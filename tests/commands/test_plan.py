"""``aiopgap plan`` end to end: CliRunner in-process and one real ``python -m aiopgap`` process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from aiopgap.files.catalogue import catalogue
from aiopgap.files.plan_file import open_plan
from aiopgap.model.plan import Plan
from tests.cli.test_cli import run_cli, run_process
from tests.conftest import EXAMPLES

MERIDIAN = EXAMPLES / "meridian-2026-Q3.yaml"


def saved(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "plan.yaml"
    code, _, err = run_cli("plan", MERIDIAN, "--save", out, *args)
    assert code == 0, err
    return out


def test_terminal_plan_names_quarters_moves_capacity_and_assumption() -> None:
    code, out, _ = run_cli("plan", MERIDIAN, "--quarters", "3", "--capacity", "1")
    assert code == 0
    for period in ("2026-Q4", "2027-Q1", "2027-Q2"):
        assert f"{period}: moves" in out
    assert "2027-Q3" not in out
    assert "Embedded governance" in out  # the top recommendation moves first
    assert "at most 1 move a quarter" in out
    assert "Assumption: Each move lifts" in out
    assert "Later: moves still needed" in out  # one move a quarter cannot hold them all


def test_saved_plan_reads_back_equal_and_renders_the_same(tmp_path: Path) -> None:
    out = saved(tmp_path, "-f", "json", "-o", tmp_path / "made.json")
    opened = open_plan(out, catalogue([]))
    made = Plan.model_validate_json((tmp_path / "made.json").read_text(encoding="utf-8"))
    assert opened.plan == made
    code, again, _ = run_cli("plan", out, "-f", "json")
    assert code == 0
    assert again == (tmp_path / "made.json").read_text(encoding="utf-8")
    assert json.loads(again)["format"] == "aiopgap.plan/1"
    assert out.read_text(encoding="utf-8").startswith("# aiopgap plan: Meridian Retail Group")


def test_save_never_replaces_a_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    out.write_text("mine\n", encoding="utf-8")
    code, _, err = run_cli("plan", MERIDIAN, "--save", out)
    assert code == 2
    assert "already exists; pass --force" in err
    assert out.read_text(encoding="utf-8") == "mine\n"
    assert run_cli("plan", MERIDIAN, "--save", out, "--force")[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# aiopgap plan")


def test_save_refuses_to_write_over_its_input(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    answers.write_text(MERIDIAN.read_text(encoding="utf-8"), encoding="utf-8")
    code, _, err = run_cli("plan", answers, "--save", answers, "--force")
    assert code == 2
    assert "input file" in err
    assert answers.read_text(encoding="utf-8") == MERIDIAN.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--quarters", "0"], "--quarters"),
        (["--quarters", "21"], "--quarters"),
        (["--capacity", "0"], "--capacity"),
        (["--capacity", "21"], "--capacity"),
        (["--force"], "--save"),
        (["-f", "pdf"], "--output"),
    ],
)
def test_bad_options_are_usage_errors(args: list[str], said: str) -> None:
    code, _, err = run_cli("plan", MERIDIAN, *args)
    assert code == 2
    assert said in err


def test_a_plan_file_keeps_its_own_quarters_and_capacity(tmp_path: Path) -> None:
    out = saved(tmp_path)
    code, _, err = run_cli("plan", out, "--quarters", "2")
    assert code == 2
    assert "a plan file keeps its own" in err


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
def test_every_format_is_byte_identical_across_runs(tmp_path: Path, fmt: str) -> None:
    plan = saved(tmp_path)
    one, two, three = tmp_path / "one", tmp_path / "two", tmp_path / "three"
    assert run_cli("plan", MERIDIAN, "-f", fmt, "-o", one)[0] == 0
    assert run_cli("plan", MERIDIAN, "-f", fmt, "-o", two)[0] == 0
    assert run_cli("plan", plan, "-f", fmt, "-o", three)[0] == 0
    assert one.read_bytes() == two.read_bytes() == three.read_bytes()


def test_html_embeds_the_timeline_and_loads_nothing() -> None:
    code, out, _ = run_cli("plan", MERIDIAN, "-f", "html")
    assert code == 0
    assert '<svg id="plan-timeline"' in out
    assert "Overall score" in out
    assert "Later" in out
    assert "http://" not in out.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in out
    assert "<script" not in out


def test_markdown_shows_moves_expected_scores_and_changes() -> None:
    code, out, _ = run_cli("plan", MERIDIAN, "-f", "markdown", "--quarters", "2")
    assert code == 0
    assert "## 2026-Q4" in out
    assert "## 2027-Q1" in out
    assert "| Ownership and accountability | 2.28 | 3.00 (+0.72) |" in out
    assert "1.75 → 2.58" in out
    assert "Capacity: at most 2 moves a quarter" in out


def test_saved_plan_is_plain_yaml_a_person_can_edit(tmp_path: Path) -> None:
    out = saved(tmp_path, "--quarters", "2")
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["capacity"] == 2
    assert [q["period"] for q in data["quarters"]] == ["2026-Q4", "2027-Q1"]
    first = data["quarters"][0]["moves"][0]
    assert first["practice"] == "embedded-guardrails"
    assert first["from_level"] == 1.75


def test_a_json_report_plans_like_its_answers(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    assert run_cli("report", MERIDIAN, "-f", "json", "-o", report)[0] == 0
    assert run_cli("plan", report, "-f", "json")[1] == run_cli("plan", MERIDIAN, "-f", "json")[1]


def test_a_unit_is_carried_into_the_plan(tmp_path: Path) -> None:
    text = MERIDIAN.read_text(encoding="utf-8").replace(
        "period:", "unit: {name: Online Retail, parent: Commerce}\nperiod:", 1
    )
    answers = tmp_path / "unit.yaml"
    answers.write_text(text, encoding="utf-8")
    code, out, _ = run_cli("plan", answers, "-f", "json")
    assert code == 0
    assert json.loads(out)["unit"] == "Online Retail"
    assert "Meridian Retail Group / Online Retail" in run_cli("plan", answers)[1]


@pytest.mark.parametrize(("period", "first"), [("2026-09", "2026-Q4"), ("2026", "2027-Q1"), ("2026-H1", "2026-Q3")])
def test_quarters_follow_any_placeable_period(tmp_path: Path, period: str, first: str) -> None:
    text = MERIDIAN.read_text(encoding="utf-8").replace("period: 2026-Q3", f"period: {period!r}", 1)
    answers = tmp_path / "a.yaml"
    answers.write_text(text, encoding="utf-8")
    code, out, err = run_cli("plan", answers, "-f", "json")
    assert code == 0, err
    assert json.loads(out)["quarters"][0]["period"] == first


def test_a_period_that_cannot_be_placed_is_located(tmp_path: Path) -> None:
    text = MERIDIAN.read_text(encoding="utf-8")
    assert "period: 2026-Q3\n" in text
    answers = tmp_path / "a.yaml"
    answers.write_text(text.replace("period: 2026-Q3\n", "period: Spring review\n", 1), encoding="utf-8")
    line = text.splitlines().index("period: 2026-Q3") + 1
    code, _, err = run_cli("plan", answers)
    assert code == 2
    assert f"a.yaml:{line}:" in err
    assert "cannot place period 'Spring review'" in err
    assert "Traceback" not in err


def test_save_then_render_in_a_real_process(tmp_path: Path) -> None:
    out = tmp_path / "plan.yaml"
    made = run_process("plan", MERIDIAN, "--save", out, "-f", "json")
    assert made.returncode == 0, made.stderr
    shown = run_process("plan", out, "-f", "markdown")
    assert shown.returncode == 0, shown.stderr
    assert "# Plan: Meridian Retail Group" in shown.stdout
    assert Plan.model_validate_json(made.stdout) == open_plan(out, catalogue([])).plan
    help_text = run_process("plan", "--help")
    assert "Example:" in help_text.stdout
    assert "--capacity" in help_text.stdout


def test_nothing_to_plan_says_why(tmp_path: Path) -> None:
    data = yaml.safe_load((EXAMPLES / "lumen-2026-Q3.yaml").read_text(encoding="utf-8"))
    data.pop("targets", None)
    answers = tmp_path / "lumen.yaml"
    answers.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    code, out, err = run_cli("plan", answers, "-f", "markdown")
    assert code == 0, err
    assert "No moves: nothing is recommended" in out
    assert "No move this quarter." in out
