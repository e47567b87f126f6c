"""Claimed versus evidenced: how much of each score rests on something seen. Pure, no I/O.

* A response's *weight* is what its best evidence item is worth: 1 for an artifact or an
  observation, the questionnaire's ``stale_weight`` when that item is older than
  ``stale_after_days`` on the assessment day, and 0 for self-report alone (or no evidence at all).
* A question's *confidence* is the mean weight of the responses that gave a level; its
  *evidenced score* is its score times that confidence.
* A dimension's (and the overall) confidence and evidenced score are weighted means with the same
  weights as the scores themselves.
* A response at level 3 or more with weight 0 is *unverified*; so is a question scored 3 or more
  when none of its responses at 3 or more is evidenced.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from typing import Literal, NamedTuple, Protocol

from aiopgap.analysis.periods import period_key
from aiopgap.model.answers import Answer, Answers
from aiopgap.model.evidence import UNVERIFIED_FROM, EvidenceItem, EvidenceSettings
from aiopgap.model.numbers import rounded, weighted_mean
from aiopgap.model.responses import EvidenceSeen, Response


def assessment_day(answers: Answers) -> datetime.date | None:
    """The day evidence ages are counted to: ``assessed_on``, else the last day of the period, else None."""
    if answers.assessed_on is not None:
        return answers.assessed_on
    key = period_key(answers.period)
    if key is None:
        return None
    year, month, day, rank = key
    if not 1900 <= year <= 2999:  # the range evidence dates may take: ages stay countable
        return None
    last_month = {0: 12, 1: month + 5, 2: month + 2, 3: month, 4: month}[rank]
    if rank == 4:
        try:
            return datetime.date(year, month, day)
        except ValueError:
            return None
    return datetime.date(year, last_month, calendar.monthrange(year, last_month)[1])


class Weighed(NamedTuple):
    """What scoring needs of one response: its level, what its evidence is worth, and whether a high
    level rests on self-report alone. A :class:`~aiopgap.model.responses.Response` has the same three."""

    level: int | Literal["n/a"]
    weight: float
    unverified: bool


class Weighted(Protocol):
    """A :class:`Weighed` or a :class:`~aiopgap.model.responses.Response`."""

    @property
    def level(self) -> int | Literal["n/a"]: ...
    @property
    def weight(self) -> float: ...
    @property
    def unverified(self) -> bool: ...


def _age(item: EvidenceItem, day: datetime.date | None) -> int | None:
    return None if item.date is None or day is None else (day - item.date).days


def _stale(item: EvidenceItem, age: int | None, settings: EvidenceSettings) -> bool:
    return item.evidenced and age is not None and age > settings.stale_after_days


def seen(item: EvidenceItem, day: datetime.date | None, settings: EvidenceSettings) -> EvidenceSeen:
    """An evidence item as a report shows it, with its age on ``day`` and whether that makes it stale."""
    age = _age(item, day)
    return EvidenceSeen(
        kind=item.kind,
        date=None if item.date is None else item.date.isoformat(),
        reference=item.reference,
        age_days=age,
        stale=_stale(item, age, settings),
    )


def weighed(answer: Answer, day: datetime.date | None, settings: EvidenceSettings) -> Weighed:
    """An answer's level and weight: its best evidence item, 1 fresh, ``stale_weight`` stale, 0 self-report."""
    best = 0.0
    for item in answer.evidence:
        if item.kind != "self-report":
            best = max(best, settings.stale_weight if _stale(item, _age(item, day), settings) else 1.0)
    unverified = not answer.is_na and int(answer.level) >= UNVERIFIED_FROM and best == 0
    return Weighed(answer.level, rounded(best), unverified)


def response(name: str, role: str, answer: Answer, day: datetime.date | None, settings: EvidenceSettings) -> Response:
    """One respondent's answer as the report shows it, with its evidence weighed."""
    weight = weighed(answer, day, settings)
    return Response(
        respondent=name,
        role=role,
        level=answer.level,
        note=answer.note,
        evidence=tuple(seen(item, day, settings) for item in answer.evidence),
        weight=weight.weight,
        unverified=weight.unverified,
    )


def question_confidence(responses: Iterable[Weighted]) -> float | None:
    """Mean weight of the responses that gave a level; None when none did."""
    weights = [r.weight for r in responses if r.level != "n/a"]
    return rounded(sum(weights) / len(weights)) if weights else None


def question_unverified(score: float | None, responses: Iterable[Weighted]) -> bool:
    """Scored 3 or more, and no response at 3 or more is backed by an artifact or observation."""
    if score is None or score < UNVERIFIED_FROM:
        return False
    high = [r for r in responses if r.level != "n/a" and int(r.level) >= UNVERIFIED_FROM]
    return all(r.unverified for r in high)


def evidenced(score: float | None, confidence: float | None) -> float | None:
    """The part of a score that rests on evidence."""
    return None if score is None or confidence is None else rounded(score * confidence)


def combined(parts: Iterable[tuple[float | None, float | None, float]]) -> tuple[float | None, float | None]:
    """Confidence and evidenced score of a whole from its parts' (confidence, evidenced score, weight)."""
    items = [(c, e, w) for c, e, w in parts if c is not None and e is not None]
    confidence = weighted_mean([(c, w) for c, _, w in items])
    score = weighted_mean([(e, w) for _, e, w in items])
    return (None if confidence is None else rounded(confidence)), (None if score is None else rounded(score))
