"""How aiopgap does arithmetic on scores: one precision, one weighted mean, one tolerance.

* Every score, gap, coverage, spread and delta a document carries is :func:`rounded` to
  ``DIGITS`` places, so the same answers give the same bytes on every machine.
* A weighted mean uses an exact float sum (``math.fsum``) and has no value without a positive
  total weight.
* Comparisons with a threshold (a maturity level's ``min_score``, a rule's limit, a gate's
  minimum, a perception-gap width, a regression tolerance) allow ``TOLERANCE`` either way, so a
  score that is exactly on a threshold after rounding counts as reaching it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

DIGITS = 3
"""Decimal places of every computed score, gap, share and delta."""

TOLERANCE = 1e-9
"""How far apart two numbers may be and still count as equal when compared with a threshold."""


def rounded(value: float) -> float:
    """``value`` to ``DIGITS`` places; a ``-0.0`` given comes back as ``0.0``."""
    return round(value + 0.0, DIGITS)


def weighted_mean(pairs: Iterable[tuple[float, float]]) -> float | None:
    """Weighted mean of (value, weight) pairs, not rounded; None when there are none or the weights sum to 0."""
    pairs = list(pairs)
    total = math.fsum(w for _, w in pairs)
    if not pairs or total <= 0:
        return None
    return math.fsum(v * w for v, w in pairs) / total


def at_least(value: float, limit: float) -> bool:
    """``value >= limit``, allowing for ``TOLERANCE``."""
    return value >= limit - TOLERANCE


def at_most(value: float, limit: float) -> bool:
    """``value <= limit``, allowing for ``TOLERANCE``."""
    return value <= limit + TOLERANCE


def below(value: float, limit: float) -> bool:
    """``value < limit`` by more than ``TOLERANCE``."""
    return value < limit - TOLERANCE


def above(value: float, limit: float) -> bool:
    """``value > limit`` by more than ``TOLERANCE``."""
    return value > limit + TOLERANCE
