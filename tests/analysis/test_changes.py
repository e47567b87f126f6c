"""One number, or one named maturity level, before and after."""

from __future__ import annotations

import pytest

from aiopgap.analysis.changes import change, step_direction


@pytest.mark.parametrize(
    ("old", "new", "direction", "delta"),
    [(1.0, 1.5, "up", 0.5), (2.0, 1.25, "down", -0.75), (2.0, 2.0, "same", 0.0), (None, 1.0, "new", None)],
)
def test_change_direction(old: float | None, new: float | None, direction: str, delta: float | None) -> None:
    result = change(old, new)
    assert (result.direction, result.delta) == (direction, delta)
    assert change(1.0, None).direction == "gone"
    assert change(None, None).direction == "unscored"


def test_a_delta_is_rounded_to_the_scoring_precision() -> None:
    assert change(2.111, 2.667).delta == 0.556
    assert change(0.1, 0.3).delta == 0.2  # not 0.19999999999999998


def test_maturity_steps_follow_the_questionnaire_order() -> None:
    names = ["Low", "Middle", "High"]
    assert step_direction(names, "Low", "High") == "up"
    assert step_direction(names, "High", "Middle") == "down"
    assert step_direction(names, "Middle", "Middle") == "same"
    assert (step_direction(names, None, "Low"), step_direction(names, "Low", None)) == ("new", "gone")
    assert step_direction(names, None, None) == "unscored"
    assert step_direction(names, "Low", "Renamed") == "up"  # unknown order: only that it changed
