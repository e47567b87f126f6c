"""Cross-field checks of a plan against its questionnaire, each problem with the path of its field.

A plan file is edited by hand, so what one field's type cannot say is checked here: the practices
and dimensions it names exist; each move comes after every move of the practices it builds on (none
in the same quarter or a later one, nor listed later); no quarter holds more moves than the capacity,
nor two moves of one practice; every period can be placed in time, the quarters in strictly
increasing order after the baseline; and every score is on the questionnaire's scale.
"""

from __future__ import annotations

from collections.abc import Mapping

from aiopgap.model.base import FieldPath
from aiopgap.model.periods import PeriodKey, period_key
from aiopgap.model.plan import Move, Plan
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.text import shown

Problems = list[tuple[FieldPath, str]]

MAX_LISTED = 12
"""Known ids quoted in one message."""


def _known(ids: list[str]) -> str:
    listed = ", ".join(ids[:MAX_LISTED]) + (", ..." if len(ids) > MAX_LISTED else "")
    return listed or "none defined"


def plan_problems(plan: Plan, q: Questionnaire) -> Problems:
    """Every cross-field problem of ``plan`` read against ``q``."""
    return _id_problems(plan, q) + _quarter_problems(plan) + _order_problems(plan, q) + _scale_problems(plan, q)


def _id_problems(plan: Plan, q: Questionnaire) -> Problems:
    practices = [p.id for p in q.practices]
    dimensions = [d.id for d in q.dimensions]
    known_practices, known_dimensions = set(practices), set(dimensions)
    problems: Problems = []

    def dimension_ids(where: FieldPath, scores: Mapping[str, float]) -> None:
        for key in scores:
            if key not in known_dimensions:
                problems.append(((*where, key), f"unknown dimension {shown(key)} (known: {_known(dimensions)})"))

    def practice_id(where: FieldPath, move: Move) -> None:
        if move.practice not in known_practices:
            message = f"unknown practice {shown(move.practice)} (known: {_known(practices)})"
            problems.append(((*where, "practice"), message))

    dimension_ids(("baseline", "scores"), plan.baseline.scores)
    dimension_ids(("targets",), plan.targets)
    for qi, quarter in enumerate(plan.quarters):
        dimension_ids(("quarters", qi, "expected"), quarter.expected)
        for mi, move in enumerate(quarter.moves):
            practice_id(("quarters", qi, "moves", mi), move)
    for li, move in enumerate(plan.later):
        practice_id(("later", li), move)
    for ui, unplanned in enumerate(plan.unplanned):
        if unplanned not in known_practices:
            problems.append((("unplanned", ui), f"unknown practice {shown(unplanned)} (known: {_known(practices)})"))
    return problems


def _quarter_problems(plan: Plan) -> Problems:
    problems: Problems = []
    previous: tuple[str, PeriodKey] | None = None
    start = period_key(plan.baseline.period)
    if start is None:
        problems.append((("baseline", "period"), _unplaced(plan.baseline.period)))
    else:
        previous = (f"the baseline, {shown(plan.baseline.period)}", start)
    for qi, quarter in enumerate(plan.quarters):
        where: FieldPath = ("quarters", qi)
        key = period_key(quarter.period)
        if key is None:
            problems.append(((*where, "period"), _unplaced(quarter.period)))
        elif previous is not None and key <= previous[1]:
            problems.append(((*where, "period"), f"{shown(quarter.period)} must come after {previous[0]}"))
        if key is not None:
            previous = (f"the quarter before it, {shown(quarter.period)}", key)
        if len(quarter.moves) > plan.capacity:
            message = (
                f"{shown(quarter.period)} holds {len(quarter.moves)} moves, more than the capacity of "
                f"{plan.capacity}: this move and those after it belong in another quarter"
            )
            problems.append(((*where, "moves", plan.capacity, "practice"), message))
        seen: set[str] = set()
        for mi, move in enumerate(quarter.moves):
            if move.practice in seen:
                message = f"practice {shown(move.practice)} has a second move in {shown(quarter.period)}; one a quarter"
                problems.append(((*where, "moves", mi, "practice"), message))
            seen.add(move.practice)
    return problems


def _unplaced(period: str) -> str:
    return f"cannot place period {shown(period)} in time; write it as 2026-Q3, 2026-07 or 2026-07-01"


def _order_problems(plan: Plan, q: Questionnaire) -> Problems:
    """Moves scheduled in the same quarter as a move of a practice they build on, or before it."""
    builds_on = {p.id: p.builds_on for p in q.practices}
    # every move in order: quarters by index, then the later moves after all of them
    placed: list[tuple[FieldPath, int, Move, str]] = [
        (("quarters", qi, "moves", mi), qi, move, quarter.period)
        for qi, quarter in enumerate(plan.quarters)
        for mi, move in enumerate(quarter.moves)
    ]
    end = len(plan.quarters)
    placed += [(("later", li), end + li, move, "later") for li, move in enumerate(plan.later)]
    last: dict[str, tuple[int, str]] = {}
    for _, rank, move, when in placed:
        last[move.practice] = (rank, when)
    problems: Problems = []
    for where, rank, move, _ in placed:
        for before in builds_on.get(move.practice, ()):
            found = last.get(before)
            if found is None or found[0] < rank:
                continue
            place = "later" if found[0] >= end else f"in {shown(found[1])}"
            message = (
                f"{shown(move.practice)} builds on {shown(before)}, which still has a move {place}: "
                f"move {shown(move.practice)} to a quarter after that one"
            )
            problems.append(((*where, "practice"), message))
    return problems


def _scale_problems(plan: Plan, q: Questionnaire) -> Problems:
    top = q.scale_max
    problems: Problems = []

    def check(where: FieldPath, value: float | None) -> None:
        if value is not None and value > top:
            problems.append((where, f"{value:g} is above the questionnaire's scale (0 to {top})"))

    def moves(where: FieldPath, listed: tuple[Move, ...]) -> None:
        for mi, move in enumerate(listed):
            check((*where, mi, "from_level"), move.from_level)
            check((*where, mi, "to_level"), move.to_level)

    for key, value in plan.baseline.scores.items():
        check(("baseline", "scores", key), value)
    check(("baseline", "overall"), plan.baseline.overall)
    for key, value in plan.targets.items():
        check(("targets", key), value)
    for qi, quarter in enumerate(plan.quarters):
        for key, value in quarter.expected.items():
            check(("quarters", qi, "expected", key), value)
        check(("quarters", qi, "overall"), quarter.overall)
        moves(("quarters", qi, "moves"), quarter.moves)
    moves(("later",), plan.later)
    return problems
