"""Inventory facts, checked by hand on a small portfolio."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aiopgap.analysis.inventory import compute_facts, inventory_result
from aiopgap.files.documents import load_assessment
from aiopgap.model.errors import InputError
from aiopgap.model.inventory import Initiative


def make(name: str, stage: str, horizon: str = "near", **extra: Any) -> Initiative:
    return Initiative.model_validate({"name": name, "stage": stage, "horizon": horizon, **extra})


PORTFOLIO = [
    make("idea", "idea", "long"),
    make("young pilot", "pilot", "mid", owners=["Ann"], months_in_pilot=3),
    make("old pilot", "pilot", "near", owners=["Ann", "Bob"], months_in_pilot=14, vendor_led=True),
    make("undated pilot", "pilot", "near"),
    make("live", "production", "near", owners="Cy", monitored=True),
    make("dark", "production", "mid", owners=["Di"], monitored=False, vendor_led=True),
    make("scaled", "scaled", "near", owners=["Ed"]),  # monitoring unknown
    make("gone", "retired", "long", owners=["Fay"], vendor_led=True),
]


def facts(initiatives: list[Initiative], months: int = 9) -> dict[str, tuple[float | None, str]]:
    return {f.name: (f.value, f.display) for f in compute_facts(initiatives, months)}


def test_facts_on_a_hand_checked_portfolio() -> None:
    found = facts(PORTFOLIO)
    # 7 active (retired left out); 6 past the idea stage, 3 of them live
    assert found["initiatives"] == (7, "7")
    assert found["pilot_conversion"] == (0.5, "3 of 6 (50%)")
    assert found["scaled_share"] == (pytest.approx(1 / 6, abs=0.001), "1 of 6 (17%)")
    assert found["single_owner_share"] == (pytest.approx(4 / 7, abs=0.001), "4 of 7 (57%)")
    # near 4, mid 2, long 1 -> 1/4
    assert found["horizon_balance"] == (0.25, "0.25 (near 4 / mid 2 / long 1)")
    assert found["near_term_share"][0] == pytest.approx(4 / 7, abs=0.001)
    assert found["vendor_led_share"] == (pytest.approx(2 / 7, abs=0.001), "2 of 7 (29%)")
    # "scaled" has unknown monitoring, so 1 of the 2 known live systems is dark
    assert found["unmonitored_production_share"] == (0.5, "1 of 2 (50%)")
    assert found["stuck_pilots"] == (1, "1 of 3 pilots")
    assert found["stuck_pilot_share"][0] == pytest.approx(1 / 3, abs=0.001)


def test_stuck_threshold_is_strictly_longer_than() -> None:
    assert facts(PORTFOLIO, months=14)["stuck_pilots"][0] == 0
    assert facts(PORTFOLIO, months=13)["stuck_pilots"][0] == 1
    summary = inventory_result(PORTFOLIO, 13)
    assert [i.name for i in summary.initiatives if i.stuck] == ["old pilot"]


def test_facts_without_a_denominator_have_no_value() -> None:
    found = facts([make("only an idea", "idea")])
    assert found["pilot_conversion"] == (None, "nothing past the idea stage")
    assert found["unmonitored_production_share"][0] is None
    assert found["stuck_pilot_share"] == (None, "no pilots")
    assert found["stuck_pilots"][0] == 0
    empty = facts([])
    assert all(value is None for value, _ in empty.values())


def test_initiatives_are_validated_with_locations(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(
        "questionnaire: {id: mini, version: 1.2.0}\norganisation: Acme\nperiod: 2026-Q2\n"
        "initiatives:\n"
        "  - {name: Bot, stage: pilot, horizon: near}\n"
        "  - {name: Bot, stage: piloting, horizon: someday, months_in_pilot: -1}\n"
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, mini_questionnaire)
    messages = [str(p) for p in info.value.problems]
    assert any(":6:" in m and "initiatives[1].stage" in m for m in messages), messages
    assert any("initiatives[1].horizon" in m for m in messages), messages
    assert any("initiatives[1].months_in_pilot" in m for m in messages), messages
    path.write_text(
        path.read_text().replace("stage: piloting, horizon: someday, months_in_pilot: -1", "stage: idea, horizon: long")
    )
    with pytest.raises(InputError) as info:
        load_assessment(path, mini_questionnaire)
    [message] = [str(p) for p in info.value.problems]
    assert ":6:" in message
    assert f"initiative 'Bot' appears twice (also initiatives[0], at {path}:5:6)" in message
