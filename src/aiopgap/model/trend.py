"""What ``trend`` produces: each dimension's trajectory over several assessments of one organisation or unit.

These models are what the JSON format of ``trend`` writes (``aiopgap.trend/1``); the arithmetic
that fills them is in :mod:`aiopgap.analysis.trend`.
"""

from __future__ import annotations

from typing import Literal

from aiopgap.model.answers import Unit, subject_name
from aiopgap.model.base import Result
from aiopgap.model.diff import UNSCORED, Change, GapKind
from aiopgap.model.plan_actual import PlanComparison

TREND_FORMAT: Literal["aiopgap.trend/1"] = "aiopgap.trend/1"


class Point(Result):
    period: str
    score: float | None
    maturity: str | None


class Series(Result):
    """One dimension (or the overall score) over the periods, oldest first."""

    id: str
    name: str
    points: tuple[Point, ...]
    target: float | None
    """The latest target set for it, if any."""
    change: Change
    """From the first scored period to the last."""
    last_change: Change
    """From the previous period to the last."""

    @property
    def scores(self) -> tuple[float | None, ...]:
        return tuple(p.score for p in self.points)


class SymptomTimeline(Result):
    id: str
    name: str
    statuses: tuple[str | None, ...]
    """Status per period ("flagged", "watch", "not flagged", "not evaluable"), None when not reported."""
    appeared: tuple[str, ...]
    """Periods in which it became flagged."""
    resolved: tuple[str, ...]
    """Periods in which it stopped being flagged (to not flagged or watch: a watched symptom is not flagged)."""


class GapTimeline(Result):
    """How far apart the roles were on one question or dimension in each period, oldest first."""

    kind: Literal["question", "dimension"]
    ref: str
    label: str
    dimension: str
    widths: tuple[float | None, ...]
    """Highest role's view minus the lowest role's per period; None where fewer than two roles gave a level
    or the period has fewer than two respondents."""
    change: GapKind
    """From the first period with a width to the last (see :class:`~aiopgap.model.diff.GapChange`)."""


class Trend(Result):
    format: Literal["aiopgap.trend/1"] = TREND_FORMAT
    organisation: str
    unit: str | None = None
    """The unit followed; None for the whole organisation (and in a trend written before units)."""
    periods: tuple[str, ...]
    questionnaires: tuple[str, ...]
    """``id version`` answered in each period."""
    scale_max: int
    overall: Series
    coverage: tuple[float, ...]
    dimensions: tuple[Series, ...]
    symptoms: tuple[SymptomTimeline, ...] = ()
    confidence: tuple[float | None, ...] = ()
    """Overall confidence per period (share of the score resting on evidence); None for a report without one."""
    confidence_change: Change = UNSCORED
    """From the first period with a confidence to the last."""
    contradictions: tuple[int | None, ...] = ()
    """Contradicted checks per period; None for a report that ran no contradiction checks."""
    gaps: tuple[GapTimeline, ...] = ()
    """Questions and dimensions that were a perception gap in any period (a trend written before gaps
    were followed reads back with none)."""

    plan: PlanComparison | None = None
    """The plan overlaid (``trend --plan``): each period against it, and which moves happened."""

    @property
    def subject(self) -> str:
        """Who the trend follows, as a reader sees it: ``Organisation / Unit``."""
        return subject_name(self.organisation, None if self.unit is None else Unit(name=self.unit))

    def dimension(self, dimension_id: str) -> Series | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)
