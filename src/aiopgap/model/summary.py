"""The executive summary: the one page a board reads before anything else in the report.

Built by :func:`aiopgap.analysis.summary.summarise` from a finished report and kept on it
(``Report.summary``). The words are plain: no question ids, no rule thresholds; the numbers stay
numbers, so every document formats them the one way (``render/vocabulary.py``).
"""

from __future__ import annotations

from typing import Literal

from aiopgap.model.base import Result
from aiopgap.model.scales import Gap, Score, Share
from aiopgap.model.workshop import GapSide

FINDINGS = 3
"""Findings the summary names: flagged symptoms by severity, contradicted claims, the widest perception gaps."""

MOVES = 3
"""Moves for next quarter: the first action of each of the top recommendations."""

LOW_EVIDENCE = 0.5
"""Below this share of the score resting on artifacts or observations, the summary warns that confidence is low."""

LOW_ANSWERED = 0.75
"""Below this share of the questions answered, the summary warns that confidence is low."""


class Finding(Result):
    """One thing that matters, said for a leader: what it is and what it means for the business."""

    kind: Literal["symptom", "contradiction", "perception gap"]
    title: str
    meaning: str
    severity: Literal["low", "medium", "high"] | None = None
    """A flagged symptom's severity; None for the other kinds."""
    shows: tuple[str, ...] = ()
    """For a contradicted claim: what the initiative inventory shows, one line per fact."""
    higher: GapSide | None = None
    """For a perception gap: the roles that see it highest."""
    lower: GapSide | None = None


class Move(Result):
    """One move for next quarter: a recommended practice and its first action."""

    practice: str
    action: str


class Confidence(Result):
    """How far the summary can be trusted, in the report's own measures."""

    evidenced: Share | None
    """Share of the score resting on artifacts or observations (the report confidence); None when nothing is scored."""
    answered: Share
    """Share of the questions answered (the report's coverage)."""
    low: bool
    """True when the summary should be read with care: little evidence, few answers, or thin dimensions."""
    thin: tuple[str, ...] = ()
    """Dimensions scored from fewer than half of their questions."""
    unscored: tuple[str, ...] = ()
    """Dimensions with no score at all."""


class Summary(Result):
    """The executive summary of one assessment."""

    score: Score | None
    maturity: str | None
    target: Score | None
    """Weighted mean target of the scored dimensions that have one; None when none has."""
    target_maturity: str | None
    gap: Gap | None
    """Target minus score over those same dimensions: positive means short of target."""
    findings: tuple[Finding, ...]
    more_findings: int = 0
    """Further findings the report holds beyond the ones named here."""
    moves: tuple[Move, ...]
    confidence: Confidence
