"""The plan against what happened: which quarter an assessment is compared with, standings at the
edges of the tolerance, and the state of each move."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.plan_actual import move_state, quarter_for, standing
from aiopgap.model.errors import InputError
from aiopgap.model.plan import Move
from tests.plan_helpers import make_plan

PLAN = make_plan(
    [("2026-Q2", {"ownership": 1.9}), ("2026-Q3", {"ownership": 2.2}), ("2026-Q4", {"ownership": 2.5})],
    baseline=("2026-Q1", {"ownership": 1.75}),
)


@pytest.mark.parametrize(
    ("period", "label", "expected"),
    [
        ("2025-Q4", "baseline 2026-Q1", 1.75),  # before the plan
        ("2026-Q1", "baseline 2026-Q1", 1.75),
        ("2026-Q2", "2026-Q2", 1.9),  # at a quarter
        ("2026-05", "2026-Q2", 1.9),  # a month inside a quarter: that quarter
        ("2026-Q4", "2026-Q4", 2.5),
        ("2027-Q3", "2026-Q4", 2.5),  # after the plan ends
    ],
)
def test_an_assessment_is_compared_with_the_last_quarter_at_or_before_it(
    period: str, label: str, expected: float
) -> None:
    found, scores, _ = quarter_for(PLAN, period)
    assert (found, scores["ownership"]) == (label, expected)


def test_a_period_that_cannot_be_placed_is_refused_naming_the_file() -> None:
    with pytest.raises(InputError) as caught:
        quarter_for(PLAN, "after the reorg", "plan.yaml", "answers.yaml")
    assert caught.value.problems[0].location.file == "answers.yaml"


@pytest.mark.parametrize(
    ("actual", "tolerance", "expected_standing"),
    [
        (2.0, 0.0, "on plan"),
        (1.999, 0.0, "behind"),
        (2.001, 0.0, "ahead"),
        (1.75, 0.25, "on plan"),  # exactly at the tolerance is not behind
        (1.749, 0.25, "behind"),
        (2.25, 0.25, "on plan"),
        (2.251, 0.25, "ahead"),
    ],
)
def test_standing_at_the_edges_of_the_tolerance(actual: float, tolerance: float, expected_standing: str) -> None:
    assert standing("ownership", "Ownership", 2.0, actual, tolerance).standing == expected_standing


def test_a_missing_score_is_unknown_not_behind() -> None:
    assert standing("ownership", "Ownership", 2.0, None, 0.0).standing == "unknown"
    assert standing("ownership", "Ownership", None, 2.0, 0.0).standing == "unknown"


@settings(max_examples=50, deadline=None)
@given(
    expected=st.floats(0, 4),
    actual=st.floats(0, 4),
    tolerance=st.floats(0, 2),
)
def test_behind_and_ahead_are_mirror_images(expected: float, actual: float, tolerance: float) -> None:
    one = standing("d", "D", expected, actual, tolerance).standing
    other = standing("d", "D", actual, expected, tolerance).standing
    assert {one, other} == {"on plan"} or {one, other} == {"ahead", "behind"}


@pytest.mark.parametrize(
    ("level", "tolerance", "state"),
    [
        (2.5, 0.0, "done"),
        (2.4, 0.0, "partly"),
        (2.4, 0.1, "done"),  # reached to_level within the tolerance
        (1.2, 0.0, "partly"),
        (1.0, 0.0, "not yet"),
        (0.5, 0.0, "not yet"),
        (None, 0.0, "not yet"),
    ],
)
def test_a_move_is_done_partly_or_not_yet(level: float | None, tolerance: float, state: str) -> None:
    move = Move(practice="embedded-guardrails", from_level=1.0, to_level=2.5)
    assert move_state(move, level, tolerance) == state
