"""Placing free-text periods in time, and the note a diff gets when OLD is later than NEW."""

from __future__ import annotations

import pytest

from aiopgap.analysis.diff import compare
from aiopgap.analysis.periods import is_later, period_key
from aiopgap.files.catalogue import catalogue
from tests.conftest import FIXTURES
from tests.conftest import open_side as load


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("2026-Q3", (2026, 7, 0, 2)),
        ("Q3 2026", (2026, 7, 0, 2)),
        ("2026 q1", (2026, 1, 0, 2)),
        ("2025-H2", (2025, 7, 0, 1)),
        ("2026-09", (2026, 9, 0, 3)),
        ("2026-09-30", (2026, 9, 30, 4)),
        ("2026", (2026, 1, 0, 0)),
        ("autumn", None),
        ("2026-13", None),
    ],
)
def test_period_key(text: str, key: tuple[int, int, int, int] | None) -> None:
    assert period_key(text) == key


def test_periods_sort_chronologically_not_alphabetically() -> None:
    texts = ["Q1 2026", "2025-Q4", "2025-09", "2026-H2", "2024"]
    assert sorted(texts, key=lambda t: period_key(t) or (0, 0, 0, 0)) == [
        "2024",
        "2025-09",
        "2025-Q4",
        "Q1 2026",
        "2026-H2",
    ]


def test_is_later_only_for_two_placeable_periods() -> None:
    assert is_later("2026-Q3", "2026-Q2")
    assert not is_later("2026-Q2", "2026-Q3")
    assert not is_later("2026-Q3", "2026-Q3")
    assert not is_later("2026-Q3", "autumn")  # cannot be placed: no claim either way


def test_a_diff_from_later_to_earlier_says_it_reads_backwards() -> None:
    known = catalogue([FIXTURES / "mini-questionnaire.yaml"])
    q2 = load(FIXTURES / "mini-answers.yaml", known).report
    q3 = q2.model_copy(update={"period": "2026-Q3"})
    assert compare(q2, q3).notes == ()
    assert compare(q3, q2).notes == (f"OLD (2026-Q3) is later than NEW ({q2.period}), so every change reads backwards",)
