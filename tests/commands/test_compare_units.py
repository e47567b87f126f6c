"""``trend`` and ``diff`` follow one organisation or unit: several are refused unless asked for, and
``--plan`` sets the assessments against a committed plan."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from aiopgap.model.diff import Diff
from aiopgap.model.plan import Move
from aiopgap.model.trend import Trend
from tests.cli.test_cli import run_cli, run_process
from tests.conftest import EXAMPLES
from tests.plan_helpers import make_plan, write_plan
from tests.render.test_report_unit import unit_file

SERIES = EXAMPLES / "trend"
Q1, Q2, Q3 = (SERIES / f"meridian-2026-Q{n}.yaml" for n in (1, 2, 3))


def two_units(folder: Path) -> Path:
    """Retail Banking and Payments over 2026-Q2 and 2026-Q3, and the organisation's own 2026-Q3, in one folder."""
    folder.mkdir()
    for source in (Q2, Q3):
        unit_file(folder, source, {"name": "Retail Banking", "parent": "Consumer"}, f"retail-{source.stem[-7:]}.yaml")
        unit_file(folder, source, "Payments", f"payments-{source.stem[-7:]}.yaml")
    unit_file(folder, Q2, None, "whole-2026-Q2.yaml")
    unit_file(folder, Q3, None, "whole-2026-Q3.yaml")
    return folder


def _plan(tmp_path: Path, unit: str | None = "Retail Banking") -> Path:
    moves = {
        "2026-Q2": [Move(practice="end-to-end-ownership", step="Name one owner", from_level=1.5, to_level=2.0)],
        "2026-Q3": [Move(practice="embedded-guardrails", from_level=1.0, to_level=2.5)],
        "2026-Q4": [Move(practice="learning-metrics", from_level=1.5, to_level=2.5)],
    }
    quarters = [
        ("2026-Q2", {"ownership": 1.9, "governance": 1.5}),
        ("2026-Q3", {"ownership": 2.2, "governance": 2.2}),
        ("2026-Q4", {"ownership": 2.5, "governance": 2.5}),
    ]
    return write_plan(tmp_path / "plan.yaml", make_plan(quarters, unit=unit, moves=moves))


# ---------------------------------------------------------------- trend


def test_trend_of_several_units_is_refused_naming_each_with_its_files(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    code, _, err = run_cli("trend", folder)
    assert code == 2
    assert "Meridian Retail Group / Retail Banking (" in err
    assert "retail-2026-Q2.yaml" in err
    assert "Meridian Retail Group / Payments (" in err
    assert "--unit" in err
    assert "Traceback" not in err


def test_trend_unit_keeps_only_that_units_files(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    code, out, err = run_cli("trend", folder, "--unit", "retail  banking", "-f", "json")
    assert code == 0, err
    trend = Trend.model_validate_json(out)
    assert trend.unit == "Retail Banking"
    assert trend.periods == ("2026-Q2", "2026-Q3")
    code, out, _ = run_cli("trend", folder, "--unit", "Retail Banking", "-f", "markdown")
    assert "# Trend: Meridian Retail Group / Retail Banking" in out


def test_trend_unit_naming_the_organisation_keeps_its_own_files(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    code, out, err = run_cli("trend", folder, "--unit", "Meridian Retail Group", "-f", "json")
    assert code == 0, err
    trend = json.loads(out)
    assert trend["unit"] is None
    assert trend["periods"] == ["2026-Q2", "2026-Q3"]


def test_trend_of_an_unknown_unit_is_refused_listing_the_units_found(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    code, _, err = run_cli("trend", folder, "--unit", "Wealth")
    assert code == 2
    assert "'Wealth'" in err
    assert "Meridian Retail Group / Payments" in err
    assert "Meridian Retail Group / Retail Banking" in err


def test_trend_in_a_real_process_picks_a_unit_and_skips_a_plan_file_in_the_folder(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    shutil.copy(_plan(tmp_path), folder / "plan.yaml")
    refused = run_process("trend", folder)
    assert refused.returncode == 2
    assert "Traceback" not in refused.stderr
    picked = run_process("trend", folder, "--unit", "Payments")
    assert picked.returncode == 0, picked.stderr
    assert "Meridian Retail Group / Payments" in picked.stdout


# ---------------------------------------------------------------- trend --plan


def test_trend_plan_sets_each_period_against_its_quarter_and_judges_the_moves(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    code, out, err = run_cli("trend", folder, "--unit", "Retail Banking", "--plan", _plan(tmp_path), "-f", "json")
    assert code == 0, err
    plan = Trend.model_validate_json(out).plan
    assert plan is not None
    assert [(p.period, p.compared_with) for p in plan.periods] == [("2026-Q2", "2026-Q2"), ("2026-Q3", "2026-Q3")]
    governance = {p.period: next(d for d in p.dimensions if d.id == "governance") for p in plan.periods}
    assert governance["2026-Q2"].standing == "ahead"  # 1.571 against 1.5
    assert (governance["2026-Q3"].expected, governance["2026-Q3"].actual) == (2.2, 1.857)
    assert governance["2026-Q3"].standing == "behind"
    assert [(m.practice, m.state) for m in plan.moves] == [
        ("end-to-end-ownership", "done"),
        ("embedded-guardrails", "partly"),
        ("learning-metrics", "not due"),
    ]


def test_trend_plan_before_the_first_quarter_compares_with_the_baseline(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan.yaml", make_plan([("2026-Q3", {"ownership": 2.0})]))
    code, out, _ = run_cli("trend", SERIES, "--plan", plan, "-f", "json")
    assert code == 0
    compared = [p["compared_with"] for p in json.loads(out)["plan"]["periods"]]
    assert compared == ["baseline 2026-Q1"] * 3 + ["2026-Q3"]


def test_trend_plan_in_html_draws_the_expected_scores_dashed_and_in_every_format(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    plan = _plan(tmp_path)
    args = ("trend", folder, "--unit", "Retail Banking", "--plan", plan)
    _, html, _ = run_cli(*args, "-f", "html")
    assert 'class="chart-expected"' in html
    assert 'stroke-dasharray="6 4"' in html
    assert "Against the plan" in html
    _, md, _ = run_cli(*args, "-f", "markdown")
    assert "| 2026-Q3 | 2026-Q3 | Governance and decision-making | 2.20 | 1.86 | -0.34 | behind |" in md
    assert "not due" in md
    _, text, _ = run_cli(*args)
    assert "behind" in text
    plain = run_cli("trend", folder, "--unit", "Retail Banking", "-f", "html")[1]
    assert "chart-expected" not in plain


def test_a_plan_for_another_unit_is_refused_by_trend_and_diff(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    plan = _plan(tmp_path, unit="Payments")
    code, _, err = run_cli("trend", folder, "--unit", "Retail Banking", "--plan", plan)
    assert code == 2
    assert "the plan is for Meridian Retail Group / Payments" in err
    assert "Meridian Retail Group / Retail Banking" in err
    code, _, err = run_cli("diff", folder / "retail-2026-Q2.yaml", folder / "retail-2026-Q3.yaml", "--plan", plan)
    assert code == 2
    assert "Payments" in err


# ---------------------------------------------------------------- diff


def test_diff_of_two_units_is_refused_naming_both(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    code, _, err = run_cli("diff", folder / "retail-2026-Q2.yaml", folder / "payments-2026-Q3.yaml")
    assert code == 2
    assert "Meridian Retail Group / Retail Banking" in err
    assert "Meridian Retail Group / Payments" in err
    assert "--across-units" in err
    process = run_process("diff", folder / "whole-2026-Q2.yaml", folder / "payments-2026-Q3.yaml")
    assert process.returncode == 2
    assert "Traceback" not in process.stderr


def test_diff_across_units_compares_them_and_says_so(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    pair = (folder / "retail-2026-Q3.yaml", folder / "payments-2026-Q3.yaml")
    code, out, err = run_cli("diff", *pair, "--across-units", "-f", "json")
    assert code == 0, err
    diff = Diff.model_validate_json(out)
    assert (diff.old.unit, diff.new.unit) == ("Retail Banking", "Payments")
    assert any("compares two units" in note for note in diff.notes)
    _, md, _ = run_cli("diff", *pair, "--across-units", "-f", "markdown")
    assert "# What changed: Meridian Retail Group / Retail Banking → Meridian Retail Group / Payments" in md


def test_diff_of_one_unit_over_time_names_it(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    code, out, _ = run_cli("diff", folder / "retail-2026-Q2.yaml", folder / "retail-2026-Q3.yaml")
    assert code == 0
    assert "Meridian Retail Group / Retail Banking" in out


def test_diff_plan_sets_new_against_the_plan(tmp_path: Path) -> None:
    folder = two_units(tmp_path / "units")
    args = ("diff", folder / "retail-2026-Q2.yaml", folder / "retail-2026-Q3.yaml", "--plan", _plan(tmp_path))
    code, out, err = run_cli(*args, "-f", "json")
    assert code == 0, err
    plan = Diff.model_validate_json(out).plan
    assert plan is not None
    assert [p.period for p in plan.periods] == ["2026-Q3"]
    assert plan.latest == "2026-Q3"
    assert [m.state for m in plan.moves] == ["done", "partly", "not due"]
    _, html, _ = run_cli(*args, "-f", "html")
    assert "Against the plan" in html


def test_old_trend_and_diff_documents_without_units_or_plans_still_read_back() -> None:
    code, out, _ = run_cli("diff", Q2, Q3, "-f", "json")
    assert code == 0
    data = json.loads(out)
    for side in ("old", "new"):
        del data[side]["unit"]
    del data["plan"]
    assert Diff.model_validate(data).plan is None
    _, out, _ = run_cli("trend", SERIES, "-f", "json")
    data = json.loads(out)
    del data["unit"], data["plan"]
    assert Trend.model_validate(data).subject == "Meridian Retail Group"
