"""One respondent's answer to one question as a report shows it, with the evidence behind it."""

from __future__ import annotations

from typing import Literal

from aiopgap.model.base import Result
from aiopgap.model.scales import Days, Level, Share


class EvidenceSeen(Result):
    """One evidence item behind a response, as the report shows it."""

    kind: Literal["artifact", "observed", "self-report"]
    date: str | None = None
    """YYYY-MM-DD, when given."""
    reference: str | None = None
    age_days: Days | None = None
    """Days from the evidence's date to the assessment's; None when either is unknown."""
    stale: bool = False
    """An artifact or observation older than the questionnaire's stale_after_days."""


class Response(Result):
    respondent: str
    role: str
    level: Level | Literal["n/a"]
    note: str | None = None
    evidence: tuple[EvidenceSeen, ...] = ()
    """What backs the level; none means self-reported."""
    weight: Share = 0.0
    """What the evidence is worth: 1 for a fresh artifact or observation, the stale weight for an old
    one, 0 for self-report alone."""
    unverified: bool = False
    """A level of 3 or more resting on self-report alone."""
