"""The committed example plan is what `aiopgap plan` makes today from the example it names, so the
README's plan-against-actual commands never run on a stale plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_cli import run_cli
from tests.conftest import ROOT


def test_the_example_plan_is_what_plan_makes_from_flow_systems_2026_q1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    made = tmp_path / "plan.yaml"
    code, _, err = run_cli(
        "plan", "examples/portfolio/flow-systems-2026-Q1.yaml", "--quarters", "4", "--capacity", "2", "--save", made
    )
    assert code == 0, err
    committed = ROOT / "examples" / "plans" / "flow-systems-2026.yaml"
    assert made.read_bytes() == committed.read_bytes()


def test_the_example_unit_is_held_to_its_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    plan = "examples/plans/flow-systems-2026.yaml"
    code, out, _ = run_cli(
        "check", "examples/portfolio/flow-systems-2026-Q3.yaml", "--against-plan", plan, "--no-config"
    )
    assert code == 1  # ownership and governance are behind what the plan expected by 2026-Q3
    assert "behind" in out
    code, _, _ = run_cli(
        "check",
        "examples/portfolio/flow-systems-2026-Q3.yaml",
        "--against-plan",
        plan,
        "--tolerance",
        "0.6",
        "--no-config",
    )
    assert code == 0
