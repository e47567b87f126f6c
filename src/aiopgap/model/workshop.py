"""A workshop compared: the roles, their views by question and dimension, and where they disagree."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from aiopgap.model.base import Result
from aiopgap.model.responses import Response
from aiopgap.model.scales import MAX_SCALE, Level, Score

OTHER_ROLES = "Other roles"
"""The role an anonymised report shows the respondents of small roles under (analysis/anonymity.py)."""
MIN_GROUP = 3
"""Respondents a role needs to be shown as itself in an anonymised report; fewer are Other roles."""


class RoleGroup(Result):
    """The respondents who gave the same role (compared case-insensitively)."""

    role: str
    """The role as first written."""
    respondents: tuple[str, ...]


class WithheldRole(Result):
    """A role of an anonymised report too small to be shown on its own (fewer than :data:`MIN_GROUP`
    respondents): its answers count in every score, but it has no view of its own in the workshop section."""

    role: str
    respondents: Annotated[int, Field(ge=1)]


class RoleScore(Result):
    role: str
    score: Score | None
    """The role's median level on a question, or its score on a dimension; None when it gave no level."""


class QuestionSpread(Result):
    """How the respondents' levels on one question are spread, overall and by role."""

    id: str
    dimension: str
    prompt: str
    median: Score | None
    spread: Level | None
    """Highest minus lowest level given (two or more levels)."""
    iqr: Score | None
    """Interquartile range of the levels given (two or more levels)."""
    by_role: tuple[RoleScore, ...]


class DimensionRoles(Result):
    """One row of the roles x dimensions heatmap."""

    id: str
    name: str
    score: Score | None
    by_role: tuple[RoleScore, ...]


class GapSide(Result):
    roles: tuple[str, ...]
    score: Score


class PerceptionGap(Result):
    """Roles whose views of a question or dimension are at least the threshold apart."""

    kind: Literal["question", "dimension"]
    ref: str
    label: str
    dimension: str
    width: Score
    """Highest role's view minus the lowest role's, in levels."""
    high: GapSide
    low: GapSide
    notes: tuple[Response, ...] = ()
    """Notes of the respondents on either side (for a question gap)."""


class WorkshopResult(Result):
    """Several respondents compared: roles, their views by dimension, and where they disagree."""

    threshold: Annotated[int, Field(ge=1, le=MAX_SCALE)]
    """Levels apart that make a perception gap."""
    roles: tuple[RoleGroup, ...]
    """The roles shown, each with its views (``by_role``) and its side of any perception gap."""
    withheld: tuple[WithheldRole, ...] = ()
    """Roles of an anonymised report too small to be shown: left out of ``roles``, every ``by_role`` and the gaps."""
    dimensions: tuple[DimensionRoles, ...]
    questions: tuple[QuestionSpread, ...]
    gaps: tuple[PerceptionGap, ...]
    """Widest first."""
    unanswered: tuple[str, ...]
    """Questions nobody answered (not even n/a)."""
