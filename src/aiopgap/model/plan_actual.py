"""What comparing a plan with later assessments produces: the plan section of ``trend`` and ``diff``.

The words are the plan's (:mod:`aiopgap.model.plan`): each assessment is set against the quarter
it falls in (the last quarter at or before its period; the baseline before the first quarter); a
dimension is ``ahead``, ``on plan`` or ``behind`` by more than the tolerance, or ``unknown`` when
either score is missing; each planned move is ``done``, ``partly``, ``not yet`` or ``not due`` at
the latest assessment. The arithmetic is in :mod:`aiopgap.analysis.plan_actual`.
"""

from __future__ import annotations

from typing import Literal

from aiopgap.model.answers import Unit, subject_name
from aiopgap.model.base import Result

Standing = Literal["ahead", "on plan", "behind", "unknown"]
MoveState = Literal["done", "partly", "not yet", "not due"]


class DimensionStanding(Result):
    """One dimension (or the overall score) of one assessment against the plan's expected score."""

    id: str
    name: str
    expected: float | None
    actual: float | None
    delta: float | None
    """Actual minus expected, rounded; None unless both are known."""
    standing: Standing


class PeriodStanding(Result):
    """One assessment against the plan: which quarter it was compared with, and each dimension."""

    period: str
    """The assessment's period."""
    compared_with: str
    """The plan's quarter it was set against, or ``baseline 2026-Q2`` before the plan's first quarter."""
    overall: DimensionStanding
    dimensions: tuple[DimensionStanding, ...]

    @property
    def behind(self) -> tuple[DimensionStanding, ...]:
        return tuple(d for d in self.dimensions if d.standing == "behind")


class MoveProgress(Result):
    """One planned move at the latest assessment: where its practice stands and whether it happened."""

    quarter: str
    practice: str
    name: str
    """The practice's name in the plan's questionnaire (its id when the questionnaire does not name it)."""
    step: str | None
    from_level: float | None
    to_level: float | None
    level: float | None
    """The practice's level at the latest assessment (see :func:`aiopgap.analysis.recommend.practice_levels`)."""
    state: MoveState


class PlanComparison(Result):
    """A plan set against the assessments that followed it."""

    organisation: str
    unit: str | None = None
    baseline: str
    """The period the plan starts from."""
    quarters: tuple[str, ...]
    """The plan's quarters, in order."""
    assumption: str
    tolerance: float
    periods: tuple[PeriodStanding, ...]
    """One per assessment compared, oldest first."""
    latest: str
    """The period of the assessment the moves are judged at."""
    moves: tuple[MoveProgress, ...]

    @property
    def subject(self) -> str:
        return subject_name(self.organisation, None if self.unit is None else Unit(name=self.unit))
