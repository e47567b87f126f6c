"""What ``portfolio`` produces: an organisation's units side by side in one period, and their roll-ups.

These models are what the JSON format of ``portfolio`` writes (``aiopgap.portfolio/1``); like every
document aiopgap writes they forbid unknown fields and keep numbers finite and in range, so a
portfolio read back (``Portfolio.model_validate_json``) is checked as strictly as a report. The
arithmetic that fills them is in :mod:`aiopgap.analysis.portfolio`.

Words: a *node* is the organisation (the root) or one of its units. A node is *assessed* when an
answers file (or JSON report) of the chosen period assesses it; a node only named as the ``parent``
of assessed units is *not assessed itself*. A parent's *roll-up* is, per dimension and overall, the
weighted mean over its direct children, each counting with its own score when assessed, else with
its own roll-up; a child without that score is *missing* from it, never counted as zero.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from aiopgap.model.base import Result, Slug
from aiopgap.model.scales import MAX_SCALE, Count, Score

PORTFOLIO_FORMAT: Literal["aiopgap.portfolio/1"] = "aiopgap.portfolio/1"

Size = Annotated[float, Field(gt=0, le=1e21)]
"""A unit's declared size, or the sum of its children's when it was not assessed itself."""


class DimensionRef(Result):
    id: str
    name: str


class OwnScore(Result):
    """One dimension's score (or the overall score, id ``overall``) as a node's own assessment gives it."""

    id: str
    score: Score | None
    maturity: str | None


class Rolled(Result):
    """One dimension's (or the overall) roll-up over a node's direct children."""

    id: str
    score: Score | None
    """The weighted mean of the children that have a score; None when none has."""
    maturity: str | None
    children: Count
    """How many children the score rests on."""
    missing: tuple[str, ...] = ()
    """The children without a score for it, by name: left out, never counted as zero."""


class Node(Result):
    """The organisation or one of its units, in tree order (a parent before its children)."""

    name: str
    parent: str | None
    """The parent's name; None for the organisation itself."""
    depth: Count
    """0 for the organisation, 1 for the units that belong to it directly, and so on."""
    assessed: bool
    """Assessed itself in the period; False for a parent named by its units but assessed by no file."""
    file: str | None = None
    last_period: str | None = None
    """For a node not assessed itself in the period: the latest earlier period that assessed it, if any."""
    size: Size | None = None
    """What it weighs in its parent's roll-up, when the portfolio is weighted by a declared size."""
    overall: OwnScore | None = None
    """Its own overall score and maturity; None when not assessed itself."""
    dimensions: tuple[OwnScore, ...] = ()
    """Its own score per dimension, in the portfolio's dimension order; () when not assessed itself."""
    flagged: tuple[str, ...] = ()
    """The names of the symptoms its assessment flags."""
    contradicted: tuple[str, ...] = ()
    """The names of the claims its inventory contradicts."""
    children: tuple[str, ...] = ()
    rollup: tuple[Rolled, ...] = ()
    """Per dimension, over its direct children; () without children."""
    rollup_overall: Rolled | None = None

    def own(self, dimension_id: str) -> OwnScore | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def rolled(self, dimension_id: str) -> Rolled | None:
        return next((r for r in self.rollup if r.id == dimension_id), None)


class Absent(Result):
    """A unit assessed in an earlier period but not in the chosen one: left out of every roll-up."""

    name: str
    parent: str | None
    file: str
    period: str
    """Its latest period."""


class Spread(Result):
    """How far apart the assessed units are on one dimension (or overall, id ``overall``)."""

    id: str
    name: str
    width: Annotated[float, Field(ge=0, le=MAX_SCALE)] | None
    """Highest minus lowest score; None when fewer than two units have a score."""
    high: Score | None
    low: Score | None
    highest: tuple[str, ...] = ()
    lowest: tuple[str, ...] = ()
    units: Count
    """How many units have a score for it."""


class Portfolio(Result):
    format: Literal["aiopgap.portfolio/1"] = PORTFOLIO_FORMAT
    organisation: str
    period: str
    weight_by: Slug | None = None
    """The declared size each child weighs in a roll-up; None: every child counts equally."""
    scale_max: Annotated[int, Field(ge=1, le=MAX_SCALE)]
    questionnaires: tuple[str, ...]
    """``id version`` of the questionnaires the period's assessments answered."""
    dimensions: tuple[DimensionRef, ...]
    nodes: tuple[Node, ...] = Field(min_length=1)
    """The organisation first, then every unit in tree order."""
    absent: tuple[Absent, ...] = ()
    spreads: tuple[Spread, ...] = ()

    def weighting(self) -> str:
        """How roll-ups weigh children, in words: ``weighted equally`` or ``weighted by headcount``."""
        return "weighted equally" if self.weight_by is None else f"weighted by {self.weight_by}"

    def units(self) -> tuple[Node, ...]:
        """Every node but the organisation itself."""
        return self.nodes[1:]

    def parents(self) -> tuple[Node, ...]:
        """The nodes with children, in tree order: those that have a roll-up."""
        return tuple(n for n in self.nodes if n.children)
