"""The road from the gap to the targets: recommended moves sequenced into quarters, scores projected. Pure.

Moves come from the recommendations (:func:`~aiopgap.analysis.recommend.recommend`: priority order,
then catalogue order); a move raises one practice one step (:mod:`aiopgap.model.plan` fixes the words).

* A practice recommended for a dimension below target keeps needing moves while some question that
  probes it, in a dimension with a target, is projected below that target (and below its top level);
  a practice recommended only for a flagged symptom gets exactly one move, lifting its questions below
  their dimension's target (below the top where the dimension has no target). A move that would lift
  no question (every one already at its target, say) is never planned.
* Each quarter walks the practices in priority order and gives one move to each practice that still
  needs one, until the quarter holds ``capacity`` moves. A practice's first move comes only in a
  quarter strictly after the last move of every practice it builds on that is in the plan at all.
* Moves that do not fit in the quarters go to ``later``, in the order further quarters would take them.

The projection is :data:`ASSUMPTION`: moves are applied one after another in their quarter's order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from aiopgap.analysis.recommend import fitted, levels_of, recommend
from aiopgap.model.answers import QuestionnaireRef
from aiopgap.model.numbers import below, rounded, weighted_mean
from aiopgap.model.plan import Baseline, Move, Plan, PlannedQuarter
from aiopgap.model.questionnaire import Practice, Question, Questionnaire
from aiopgap.model.report import Report

ASSUMPTION = (
    "Each move lifts, by one level, every question that probes its practice and is still below its "
    "dimension's target: to the next whole level, never past the question's top level. A practice "
    "recommended only because of a flagged symptom gets a single move, which lifts the same questions, or, "
    "in a dimension without a target, each of its questions below the top level; a move that would lift "
    "nothing is not planned. Dimension scores are then recomputed as the report computes them (the weighted "
    "mean of their question scores), and the overall score as the weighted mean of the dimensions. Nothing "
    "else is assumed to change."
)

MAX_EXTRA_QUARTERS = 400
"""How far past the plan's quarters the sequencing looks for the moves it lists under ``later``."""


@dataclass
class _State:
    """The projection as it goes: question scores by id, and each practice's moves so far."""

    scores: dict[str, float | None]
    last_quarter: dict[str, int] = field(default_factory=dict)
    moved: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Probed:
    question: Question
    target: float | None
    """The target of the question's dimension, when it has one."""


def _probed(q: Questionnaire, targets: dict[str, float]) -> dict[str, tuple[_Probed, ...]]:
    found: dict[str, list[_Probed]] = {p.id: [] for p in q.practices}
    for dimension in q.dimensions:
        for question in dimension.questions:
            for practice in question.probes.practices:
                if practice in found:
                    found[practice].append(_Probed(question, targets.get(dimension.id)))
    return {p: tuple(items) for p, items in found.items()}


def _short(score: float | None, probe: _Probed, symptom_only: bool) -> bool:
    """Whether a move of a practice probed by this question would lift it."""
    if score is None or not below(score, probe.question.max_level):
        return False
    if probe.target is None:  # a dimension without a target: only a symptom's move lifts it, up to the top
        return symptom_only
    return below(score, probe.target)  # never past a target the organisation has already reached


def projected(q: Questionnaire, scores: dict[str, float | None]) -> tuple[dict[str, float], float | None]:
    """Dimension scores and the overall score from question scores, computed as scoring does."""
    dimensions: dict[str, float] = {}
    for dimension in q.dimensions:
        mean = weighted_mean(
            [(s, question.weight) for question in dimension.questions if (s := scores.get(question.id)) is not None]
        )
        if mean is not None:
            dimensions[dimension.id] = rounded(mean)
    overall = weighted_mean([(dimensions[d.id], d.weight) for d in q.dimensions if d.id in dimensions])
    return dimensions, None if overall is None else rounded(overall)


class _Sequencer:
    """Hands out moves quarter by quarter, projecting each one as it is made."""

    def __init__(self, q: Questionnaire, report: Report, capacity: int) -> None:
        self.q = q
        self.capacity = capacity
        targets = {d.id: d.target for d in report.dimensions if d.target is not None}
        self.probed = _probed(q, targets)
        recommendations = recommend(q, report, report.symptoms)
        self.order = [r.practice for r in recommendations]
        self.symptom_only = {r.practice for r in recommendations if not r.dimensions}
        self.practices: dict[str, Practice] = {p.id: p for p in q.practices}
        scores: dict[str, float | None] = {question.id: None for question in q.questions()}
        for result in report.questions():
            if result.id in scores:
                scores[result.id] = result.score
        self.state = _State(scores)

    def needs(self, practice: str) -> bool:
        """Whether a move of ``practice`` would lift anything: a move that raises no question is never planned."""
        symptom_only = practice in self.symptom_only
        if symptom_only and practice in self.state.moved:
            return False
        return any(_short(self.state.scores[p.question.id], p, symptom_only) for p in self.probed[practice])

    def ready(self, practice: str, quarter: int) -> bool:
        """Every practice it builds on is in place: never in the plan, or done before ``quarter``."""
        for before in self.practices[practice].builds_on:
            if before not in self.order:
                continue
            if self.needs(before):
                return False
            last = self.state.last_quarter.get(before)
            if last is not None and last >= quarter:
                return False
        return True

    def move(self, practice: str, quarter: int) -> Move:
        """One move of ``practice`` in ``quarter``, applied to the projection."""
        symptom_only = practice in self.symptom_only
        before = self._level(practice)
        for probe in self.probed[practice]:
            score = self.state.scores[probe.question.id]
            if score is not None and _short(score, probe, symptom_only):
                self.state.scores[probe.question.id] = float(min(math.floor(score) + 1, probe.question.max_level))
        self.state.moved.add(practice)
        self.state.last_quarter[practice] = quarter
        steps, _ = fitted(self.practices[practice].actions, before)
        return Move(
            practice=practice, step=steps[0] if steps else None, from_level=before, to_level=self._level(practice)
        )

    def _level(self, practice: str) -> float | None:
        _, overall = projected(self.q, self.state.scores)
        return levels_of(self.q, self.state.scores, overall)[practice]

    def quarter(self, index: int) -> tuple[Move, ...]:
        moves: list[Move] = []
        for practice in self.order:
            if len(moves) == self.capacity:
                break
            if not self.needs(practice):
                continue
            if practice not in self.state.moved and not self.ready(practice, index):
                continue
            moves.append(self.move(practice, index))
        return tuple(moves)


def make_plan(q: Questionnaire, report: Report, periods: tuple[str, ...], capacity: int) -> Plan:
    """The plan for ``report`` (scored against ``q``) over the quarters ``periods``, ``capacity`` moves each."""
    sequencer = _Sequencer(q, report, capacity)
    start_scores, start_overall = projected(q, sequencer.state.scores)
    quarters = []
    for index, period in enumerate(periods):
        moves = sequencer.quarter(index)
        expected, overall = projected(q, sequencer.state.scores)
        quarters.append(PlannedQuarter(period=period, moves=moves, expected=expected, overall=overall))
    later: list[Move] = []
    for index in range(len(periods), len(periods) + MAX_EXTRA_QUARTERS):
        moves = sequencer.quarter(index)
        if not moves and not any(sequencer.needs(p) for p in sequencer.order):
            break
        later.extend(moves)
    return Plan(
        organisation=report.organisation,
        unit=None if report.unit is None else report.unit.name,
        questionnaire=QuestionnaireRef(id=q.id, version=q.version),
        baseline=Baseline(period=report.period, scores=start_scores, overall=start_overall),
        capacity=capacity,
        assumption=ASSUMPTION,
        targets={d.id: d.target for d in report.dimensions if d.target is not None},
        quarters=tuple(quarters),
        later=tuple(later),
        unplanned=tuple(p for p in sequencer.order if p not in sequencer.state.moved),
    )
