"""One number, or one named maturity level, before and after. Pure, no I/O.

A change is ``up``, ``down`` or ``same`` (after rounding to the scoring precision), or
``new``/``gone`` when only one side has a value, ``unscored`` when neither has.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiopgap.model.diff import Change, Direction
from aiopgap.model.numbers import rounded


def change(old: float | None, new: float | None) -> Change:
    """Compare two optional numbers."""
    if old is None and new is None:
        return Change(old=None, new=None, delta=None, direction="unscored")
    if old is None:
        return Change(old=None, new=new, delta=None, direction="new")
    if new is None:
        return Change(old=old, new=None, delta=None, direction="gone")
    delta = rounded(new - old)
    direction: Direction = "up" if delta > 0 else "down" if delta < 0 else "same"
    return Change(old=old, new=new, delta=delta, direction=direction)


def step_direction(names: Sequence[str], old: str | None, new: str | None) -> Direction:
    """Direction between two named maturity levels, ordered as in ``names``."""
    if old is None or new is None:
        return "unscored" if old == new else ("new" if old is None else "gone")
    if old not in names or new not in names:
        return "same" if old == new else "up"  # unknown order: only say whether it changed
    a, b = names.index(old), names.index(new)
    return "up" if b > a else "down" if b < a else "same"
