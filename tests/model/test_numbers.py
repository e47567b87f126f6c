"""One precision, one weighted mean, one tolerance."""

from __future__ import annotations

from aiopgap.model.numbers import TOLERANCE, above, at_least, at_most, below, rounded, weighted_mean


def test_weighted_mean() -> None:
    assert weighted_mean([]) is None
    assert weighted_mean([(1.0, 1.0), (4.0, 2.0)]) == 3.0
    assert weighted_mean(iter([(2.0, 1.0)])) == 2.0  # any iterable, read once


def test_rounded_to_three_places_and_minus_zero_written_as_zero() -> None:
    assert rounded(2.0 / 3.0) == 0.667
    assert str(rounded(-0.0)) == "0.0"


def test_a_value_on_a_threshold_reaches_it_despite_float_error() -> None:
    third = 0.1 + 0.2  # 0.30000000000000004
    assert at_least(0.3, third)
    assert at_most(third, 0.3)
    assert not below(0.3, third)
    assert not above(third, 0.3)
    assert below(0.3 - 10 * TOLERANCE, 0.3)
    assert above(0.3 + 10 * TOLERANCE, 0.3)
