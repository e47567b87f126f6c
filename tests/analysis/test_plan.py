"""The plan's sequencing and projection, on generated questionnaires, answers and prerequisite graphs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.periods import quarters_after
from aiopgap.analysis.plan import make_plan, projected
from aiopgap.analysis.recommend import practice_levels
from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.files.plan_file import plan_to_yaml
from aiopgap.model.answers import Answers
from aiopgap.model.checks import questionnaire_problems
from aiopgap.model.numbers import TOLERANCE
from aiopgap.model.plan import Move, Plan
from aiopgap.model.plan_checks import plan_problems
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Report
from tests.conftest import EXAMPLES

EXAMPLE_FILES = [
    EXAMPLES / "meridian-2026-Q3.yaml",
    EXAMPLES / "lumen-2026-Q3.yaml",
    EXAMPLES / "northbank-2026-Q3.yaml",
    EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml",
]


@st.composite
def cases(draw: st.DrawFn) -> tuple[Questionnaire, Answers]:
    """A questionnaire with practices that build on earlier ones (in a shuffled catalogue), and answers to it."""
    scale = draw(st.integers(2, 5))
    count = draw(st.integers(1, 6))
    ids = [f"p{i}" for i in range(count)]
    builds_on = {
        p: draw(st.lists(st.sampled_from(ids[:i]), unique=True, max_size=3)) if i else [] for i, p in enumerate(ids)
    }
    catalogue = draw(st.permutations(ids))
    practices = [
        {
            "id": p,
            "name": f"Practice {p}",
            "description": "d",
            "builds_on": builds_on[p],
            "actions": [{"text": f"{p} early", "suits": [0, 1]}, f"{p} always"],
        }
        for p in catalogue
    ]
    dimensions, levels, targets = [], {}, {}
    for d in range(draw(st.integers(1, 3))):
        questions = []
        for n in range(draw(st.integers(1, 4))):
            qid = f"d{d}.q{n}"
            probed = draw(st.lists(st.sampled_from(ids), unique=True, max_size=3))
            questions.append(
                {
                    "id": qid,
                    "prompt": "p",
                    "help": "h",
                    "weight": draw(st.sampled_from([0.5, 1.0, 2.0, 3.0])),
                    "levels": {i: f"level {i}" for i in range(scale + 1)},
                    "probes": {"practices": probed},
                }
            )
            if draw(st.booleans()) or n == 0:
                levels[qid] = draw(st.integers(0, scale))
        dimensions.append(
            {"id": f"d{d}", "name": f"D{d}", "question": "q", "description": "d", "questions": questions,
             "weight": draw(st.sampled_from([1.0, 2.0]))}
        )  # fmt: skip
        if draw(st.booleans()):
            targets[f"d{d}"] = draw(st.sampled_from([x / 2 for x in range(2 * scale + 1)]))
    q = Questionnaire.model_validate(
        {"id": "gen", "version": "1.0.0", "title": "t", "description": "d", "scale_max": scale,
         "maturity": [{"name": "low", "min_score": 0, "description": "d"},
                      {"name": "high", "min_score": 1, "description": "d"}],
         "dimensions": dimensions, "practices": practices}
    )  # fmt: skip
    assert questionnaire_problems(q) == []
    answers = Answers.model_validate(
        {"questionnaire": {"id": "gen", "version": "1.0.0"}, "organisation": "Gen", "period": "2026-Q2",
         "respondents": [{"name": "A", "role": "R", "answers": levels}], "targets": targets}
    )  # fmt: skip
    return q, answers


def plan_of(q: Questionnaire, answers: Answers, quarters: int, capacity: int) -> tuple[Plan, Report]:
    report = analyse(q, answers)
    periods = quarters_after(report.period, quarters)
    assert periods is not None
    return make_plan(q, report, periods, capacity), report


def placed(plan: Plan) -> list[tuple[int, Move]]:
    """Every move with its rank: the quarter's index, then one rank per later move."""
    ranks = [(i, m) for i, quarter in enumerate(plan.quarters) for m in quarter.moves]
    return ranks + [(len(plan.quarters) + i, m) for i, m in enumerate(plan.later)]


def check_plan(plan: Plan, q: Questionnaire, capacity: int) -> None:
    builds_on = {p.id: p.builds_on for p in q.practices}
    moves = placed(plan)
    for rank, move in moves:
        for before in builds_on[move.practice]:
            assert all(r < rank for r, m in moves if m.practice == before), (move.practice, before)
    for quarter in plan.quarters:
        assert len(quarter.moves) <= capacity
        practices = [m.practice for m in quarter.moves]
        assert len(practices) == len(set(practices))
    assert plan_problems(plan, q) == []
    scores, overall = plan.baseline.scores, plan.baseline.overall
    for quarter in plan.quarters:  # scores never fall and never pass the top of the scale
        for dim, value in quarter.expected.items():
            assert value >= scores.get(dim, value) - TOLERANCE
            assert value <= q.scale_max
        if quarter.overall is not None and overall is not None:
            assert quarter.overall >= overall - TOLERANCE
        scores, overall = quarter.expected, quarter.overall
    for _, move in moves:
        assert move.from_level is not None
        assert move.to_level is not None
        assert move.to_level >= move.from_level - TOLERANCE
        assert move.to_level <= q.scale_max


@settings(max_examples=50)
@given(cases(), st.integers(1, 6), st.integers(1, 4))
def test_generated_plans_keep_every_rule(case: tuple[Questionnaire, Answers], quarters: int, capacity: int) -> None:
    q, answers = case
    plan, report = plan_of(q, answers, quarters, capacity)
    check_plan(plan, q, capacity)
    again, _ = plan_of(q, answers, quarters, capacity)
    assert plan_to_yaml(again, "x") == plan_to_yaml(plan, "x")
    assert again.model_dump_json() == plan.model_dump_json()
    assert plan.baseline.scores == {d.id: d.score for d in report.dimensions if d.score is not None}
    assert plan.baseline.overall == report.score


@settings(max_examples=50)
@given(cases(), st.integers(1, 4))
def test_moves_come_from_the_recommendations_in_priority_order(
    case: tuple[Questionnaire, Answers], capacity: int
) -> None:
    """Only recommended practices move; the first quarter opens with the most urgent one that is free to start."""
    q, answers = case
    plan, report = plan_of(q, answers, 20, capacity)
    order = [r.practice for r in report.recommendations]
    assert {m.practice for _, m in placed(plan)} <= set(order)
    free = [p for p in order if not set(q.practices[[x.id for x in q.practices].index(p)].builds_on) & set(order)]
    if free:
        assert plan.quarters[0].moves
        assert plan.quarters[0].moves[0].practice == free[0]


def test_levels_of_projected_scores_match_the_report() -> None:
    """practice_levels on a report and on its question scores give the same levels."""
    assessment = load_assessment(EXAMPLE_FILES[0])
    report = analyse(assessment.questionnaire, assessment.answers)
    for recommendation in report.recommendations:
        assert practice_levels(assessment.questionnaire, report)[recommendation.practice] == recommendation.level


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.name)
@pytest.mark.parametrize("capacity", [1, 2, 3])
def test_example_plans(path: Path, capacity: int) -> None:
    assessment = load_assessment(path)
    q = assessment.questionnaire
    plan, report = plan_of(q, assessment.answers, 4, capacity)
    check_plan(plan, q, capacity)
    scores, overall = projected(q, {r.id: r.score for r in report.questions()})
    assert scores == plan.baseline.scores
    assert overall == report.score
    assert plan.quarters[0].moves, "a plan with recommendations moves in its first quarter"


def test_prerequisites_hold_back_a_practice_on_the_bundled_questionnaire() -> None:
    """Portfolio investment builds on end-to-end ownership and learning metrics: it starts after both."""
    assessment = load_assessment(EXAMPLE_FILES[0])
    plan, _ = plan_of(assessment.questionnaire, assessment.answers, 6, 3)
    rank = {}
    for r, move in placed(plan):
        rank.setdefault(move.practice, []).append(r)
    assert min(rank["portfolio-investment"]) > max(rank["end-to-end-ownership"])
    assert min(rank["portfolio-investment"]) > max(rank["learning-metrics"])
    assert min(rank["lifecycle-thinking"]) > max(rank["embedded-guardrails"])


def test_symptom_only_practice_gets_one_move() -> None:
    q = Questionnaire.model_validate(_symptom_questionnaire())
    answers = Answers.model_validate(
        {"questionnaire": {"id": "sym", "version": "1.0.0"}, "organisation": "S", "period": "2026",
         "respondents": [{"name": "A", "role": "R", "answers": {"d.a": 1, "d.b": 0}}]}
    )  # fmt: skip
    plan, report = plan_of(q, answers, 3, 2)
    assert [r.practice for r in report.recommendations] == ["calm"]
    assert [m.practice for _, m in placed(plan)] == ["calm"]
    assert plan.quarters[0].period == "2027-Q1"
    assert plan.quarters[0].expected == {"d": 1.5}  # both questions lifted one level, no target needed


def _symptom_questionnaire() -> dict[str, Any]:
    return {
        "id": "sym", "version": "1.0.0", "title": "t", "description": "d", "scale_max": 3,
        "maturity": [{"name": "low", "min_score": 0, "description": "d"},
                     {"name": "high", "min_score": 2, "description": "d"}],
        "dimensions": [{"id": "d", "name": "D", "question": "q", "description": "d", "questions": [
            {"id": "d.a", "prompt": "p", "help": "h", "levels": {0: "a", 1: "b", 2: "c", 3: "d"},
             "probes": {"practices": ["calm"]}},
            {"id": "d.b", "prompt": "p", "help": "h", "levels": {0: "a", 1: "b", 2: "c", 3: "d"},
             "probes": {"practices": ["calm"]}}]}],
        "root_causes": [{"id": "cause", "name": "Cause", "description": "d"}],
        "practices": [{"id": "calm", "name": "Calm", "description": "d", "actions": ["Breathe."]}],
        "symptoms": [{"id": "noise", "name": "Noise", "description": "d", "root_causes": ["cause"],
                      "practices": ["calm"], "severity": "high",
                      "rule": {"question": "d.a", "at_most": 1}}],
    }  # fmt: skip
