"""A plan set against the assessments that followed it: pure functions, no I/O.

The rules are the plan's (:mod:`aiopgap.model.plan`): an assessment is compared with the last
quarter at or before its period (the baseline before the first quarter, the last quarter after the
plan ends); a dimension is behind when its score is below the expected one by more than the
tolerance (exactly at the tolerance is on plan), ahead when above by more; a move is done when its
practice reached ``to_level`` (within the tolerance), partly done when it rose above ``from_level``,
and not due when its quarter is after the latest assessment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aiopgap.analysis.periods import PeriodKey, period_key
from aiopgap.model.answers import Unit, subject_key, subject_name
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.numbers import above, at_least, rounded
from aiopgap.model.plan import Move, Plan
from aiopgap.model.plan_actual import (
    DimensionStanding,
    MoveProgress,
    MoveState,
    PeriodStanding,
    PlanComparison,
    Standing,
)
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Report


def _unit(plan: Plan) -> Unit | None:
    return None if plan.unit is None else Unit(name=plan.unit)


def plan_subject(plan: Plan) -> str:
    """Who the plan is for, as a reader sees it."""
    return subject_name(plan.organisation, _unit(plan))


def check_subject(plan: Plan, plan_file: str, reports: Sequence[tuple[str, Report]]) -> None:
    """Refuse a plan made for another organisation or unit than the assessments (InputError, exit 2)."""
    wanted = subject_key(plan.organisation, _unit(plan))
    problems = [
        Problem(
            Location(plan_file, field="unit" if plan.unit is not None or report.unit is not None else "organisation"),
            f"the plan is for {plan_subject(plan)}, but {file} assesses {report.subject()}; "
            "a plan is compared only with assessments of its own subject",
        )
        for file, report in reports
        if report.subject_key() != wanted
    ]
    if problems:
        raise InputError(problems)


def _key(plan_file: str, field: tuple[str | int, ...], period: str) -> PeriodKey:
    key = period_key(period)
    if key is None:
        where = ".".join(str(part) for part in field)
        raise InputError([Problem(Location(plan_file, field=where), f"cannot place period {period!r} in time")])
    return key


def quarter_for(
    plan: Plan, period: str, plan_file: str = "plan", report_file: str = "assessment"
) -> tuple[str, Mapping[str, float], float | None]:
    """The quarter an assessment of ``period`` is compared with: its label, expected scores and overall."""
    key = period_key(period)
    if key is None:
        raise InputError(
            [
                Problem(
                    Location(report_file, field="period"),
                    f"cannot place period {period!r} in time to compare it with the plan; "
                    "write it like 2026-Q3, 2026-H2, 2026-09 or 2026",
                )
            ]
        )
    chosen: tuple[str, Mapping[str, float], float | None] = (
        f"baseline {plan.baseline.period}",
        plan.baseline.scores,
        plan.baseline.overall,
    )
    for index, quarter in enumerate(plan.quarters):
        if _key(plan_file, ("quarters", index, "period"), quarter.period) <= key:
            chosen = (quarter.period, quarter.expected, quarter.overall)
    return chosen


def standing(did: str, name: str, expected: float | None, actual: float | None, tolerance: float) -> DimensionStanding:
    """One score against its expected value: ahead or behind by more than ``tolerance``, else on plan."""
    if expected is None or actual is None:
        return DimensionStanding(id=did, name=name, expected=expected, actual=actual, delta=None, standing="unknown")
    delta = rounded(actual - expected)
    state: Standing = (
        "behind"
        if above(expected - actual, tolerance)
        else "ahead"
        if above(actual - expected, tolerance)
        else "on plan"
    )
    return DimensionStanding(id=did, name=name, expected=expected, actual=actual, delta=delta, standing=state)


def period_standing(
    plan: Plan, report: Report, tolerance: float, plan_file: str = "plan", report_file: str = "assessment"
) -> PeriodStanding:
    """``report`` against the quarter it falls in, each dimension the plan expects a score for."""
    label, expected, overall = quarter_for(plan, report.period, plan_file, report_file)
    dimensions = []
    for did in expected:  # the dimensions the plan expects a score for, in its order
        result = report.dimension(did)
        name = did if result is None else result.name
        actual = None if result is None else result.score
        dimensions.append(standing(did, name, expected.get(did), actual, tolerance))
    return PeriodStanding(
        period=report.period,
        compared_with=label,
        overall=standing("overall", "Overall", overall, report.score, tolerance),
        dimensions=tuple(dimensions),
    )


def move_state(move: Move, level: float | None, tolerance: float) -> MoveState:
    """Done, partly or not yet: where the practice stands now against the move's levels."""
    if level is None:
        return "not yet"
    if move.to_level is not None and at_least(level, move.to_level - tolerance):
        return "done"
    if move.from_level is not None and above(level, move.from_level):
        return "done" if move.to_level is None else "partly"
    return "not yet"


def move_progress(
    plan: Plan,
    questionnaire: Questionnaire | None,
    levels: Mapping[str, float | None],
    latest: str,
    tolerance: float,
    plan_file: str = "plan",
) -> tuple[MoveProgress, ...]:
    """Each planned move at the assessment of period ``latest``, with its practice's level there."""
    names = {} if questionnaire is None else {p.id: p.name for p in questionnaire.practices}
    now = period_key(latest)
    due = {
        q.period: now is not None and _key(plan_file, ("quarters", i, "period"), q.period) <= now
        for i, q in enumerate(plan.quarters)
    }
    progress = []
    for quarter, move in plan.moves():
        level = levels.get(move.practice)
        state: MoveState = move_state(move, level, tolerance) if due[quarter] else "not due"
        progress.append(
            MoveProgress(
                quarter=quarter,
                practice=move.practice,
                name=names.get(move.practice, move.practice),
                step=move.step,
                from_level=move.from_level,
                to_level=move.to_level,
                level=level,
                state=state,
            )
        )
    return tuple(progress)


def compare(
    plan: Plan,
    reports: Sequence[Report],
    latest_levels: Mapping[str, float | None],
    questionnaire: Questionnaire | None,
    tolerance: float = 0.0,
    plan_file: str = "plan",
) -> PlanComparison:
    """The plan against ``reports`` (in period order); moves judged at the last of them."""
    if not reports:
        raise ValueError("a plan is compared with at least one assessment")
    latest = reports[-1].period
    return PlanComparison(
        organisation=plan.organisation,
        unit=plan.unit,
        baseline=plan.baseline.period,
        quarters=tuple(q.period for q in plan.quarters),
        assumption=plan.assumption,
        tolerance=tolerance,
        periods=tuple(period_standing(plan, r, tolerance, plan_file) for r in reports),
        latest=latest,
        moves=move_progress(plan, questionnaire, latest_levels, latest, tolerance, plan_file),
    )
