"""The example portfolio (examples/portfolio/) tells the stories its file comments tell.

Kestrel Forge Group is assessed unit by unit over three quarters. The expectations below were
written from the prose in the files' top comments before the tool was run on them: Flow Systems
improves each quarter along its plan (ownership first); Field Services stays stuck, its pilots not
scaling and its vendors setting the agenda; Customer Digital has strong teams and weak measures;
Remote Diagnostics, a team inside Field Services, is ahead of its unit but waits on its unit's
approvals. Every check runs the real command line (`report -f json`).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_cli import run_cli, run_process
from tests.conftest import EXAMPLES

PORTFOLIO = EXAMPLES / "portfolio"
PERIODS = ("2026-Q1", "2026-Q2", "2026-Q3")
UNITS = {
    "flow-systems": ("Flow Systems", None),
    "field-services": ("Field Services", None),
    "customer-digital": ("Customer Digital", None),
    "remote-diagnostics": ("Remote Diagnostics", "Field Services"),
}


def answers_file(slug: str, period: str) -> Path:
    return PORTFOLIO / f"{slug}-{period}.yaml"


@cache
def report(slug: str, period: str) -> dict[str, Any]:
    code, out, err = run_cli("report", answers_file(slug, period), "-f", "json")
    assert code == 0, err
    parsed: dict[str, Any] = json.loads(out)
    return parsed


def overall(slug: str, period: str) -> float:
    return float(report(slug, period)["score"])


def dimension(slug: str, period: str, dimension_id: str) -> float:
    scores = {d["id"]: d["score"] for d in report(slug, period)["dimensions"]}
    return float(scores[dimension_id])


def flagged(slug: str, period: str) -> set[str]:
    return {s["id"] for s in report(slug, period)["symptoms"] if s["status"] == "flagged"}


def test_the_portfolio_is_one_file_per_unit_and_quarter() -> None:
    expected = {answers_file(slug, period).name for slug in UNITS for period in PERIODS}
    assert {p.name for p in PORTFOLIO.glob("*.yaml")} == expected


def test_every_file_validates_in_a_real_process() -> None:
    result = run_process("validate", *sorted(PORTFOLIO.glob("*.yaml")))
    assert result.returncode == 0, result.stdout + result.stderr
    said = result.stdout + result.stderr
    assert said.count("ok ") == len(UNITS) * len(PERIODS)


@pytest.mark.parametrize("slug", sorted(UNITS))
@pytest.mark.parametrize("period", PERIODS)
def test_every_report_names_its_organisation_unit_parent_and_sizes(slug: str, period: str) -> None:
    shown = report(slug, period)
    name, parent = UNITS[slug]
    assert shown["organisation"] == "Kestrel Forge Group"
    assert shown["period"] == period
    assert shown["unit"]["name"] == name
    assert shown["unit"]["parent"] == parent
    assert set(shown["unit"]["sizes"]) == {"headcount", "ai-spend"}
    assert {d["target"] for d in shown["dimensions"]} == {3.0}
    assert shown["coverage"] == 1.0


def test_flow_systems_improves_every_quarter_ownership_first() -> None:
    scores = [overall("flow-systems", period) for period in PERIODS]
    assert scores == sorted(scores)
    assert len(set(scores)) == len(scores)
    gains = {
        d: dimension("flow-systems", "2026-Q2", d) - dimension("flow-systems", "2026-Q1", d)
        for d in ("ownership", "structure", "governance", "process", "metrics")
    }
    assert max(gains, key=lambda d: gains[d]) == "ownership"


def test_flow_systems_stops_flagging_pilots_not_scaling_once_its_models_scale() -> None:
    assert "pilots-not-scaling" in flagged("flow-systems", "2026-Q1")
    assert "pilots-not-scaling" not in flagged("flow-systems", "2026-Q3")


@pytest.mark.parametrize("period", PERIODS)
def test_field_services_is_stuck_with_vendor_led_pilots_every_quarter(period: str) -> None:
    assert {"pilots-not-scaling", "vendor-driven-strategy"} <= flagged("field-services", period)


def test_field_services_slips_rather_than_improves() -> None:
    assert overall("field-services", "2026-Q3") < overall("field-services", "2026-Q1")


@pytest.mark.parametrize("period", PERIODS)
def test_customer_digital_is_strong_on_structure_and_weak_on_metrics(period: str) -> None:
    scores = {d["id"]: d["score"] for d in report("customer-digital", period)["dimensions"]}
    assert max(scores, key=lambda d: scores[d]) == "structure"
    assert min(scores, key=lambda d: scores[d]) == "metrics"
    assert scores["structure"] - scores["metrics"] >= 1.5
    assert "unclear-ownership" not in flagged("customer-digital", period)


def test_customer_digital_roadmaps_models_on_fixed_dates() -> None:
    assert "roadmap-uncertainty" in flagged("customer-digital", "2026-Q1")


@pytest.mark.parametrize("period", PERIODS)
def test_remote_diagnostics_is_ahead_of_its_unit_but_waits_on_its_approvals(period: str) -> None:
    assert overall("remote-diagnostics", period) > overall("field-services", period) + 1
    scores = {d["id"]: d["score"] for d in report("remote-diagnostics", period)["dimensions"]}
    assert min(scores, key=lambda d: scores[d]) == "governance"
    assert "slow-decisions" in flagged("remote-diagnostics", period)
    assert "pilots-not-scaling" not in flagged("remote-diagnostics", period)


@pytest.mark.parametrize("period", PERIODS)
def test_the_units_spread_enough_for_a_portfolio_to_show(period: str) -> None:
    scores = [overall(slug, period) for slug in UNITS]
    assert max(scores) - min(scores) >= 1.0
