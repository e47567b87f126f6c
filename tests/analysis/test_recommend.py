"""Recommendations: practices ranked by weighted gap plus symptom severity, their actions fitted to the level."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.recommend import fitted, practice_levels
from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.answers import Answers
from aiopgap.model.questionnaire import Action, Questionnaire
from tests.conftest import FIXTURES, ROOT, examples


def questionnaire(symptom_rule: dict[str, Any] | None = None) -> Questionnaire:
    data = yaml.safe_load((FIXTURES / "mini-questionnaire.yaml").read_text())
    data["practices"] = [
        {"id": "own", "name": "Own it", "description": "One owner.", "actions": ["Name one owner per product."]},
        {"id": "measure", "name": "Measure it", "description": "Track learning.", "actions": ["Track overrides."]},
        {"id": "unused", "name": "Unused", "description": "Nothing points here."},
    ]
    dims = data["dimensions"]
    dims[0]["questions"][0]["probes"] = {"practices": ["own"]}  # ownership.owner, weight 2, dimension weight 2
    dims[0]["questions"][1]["probes"] = {"practices": ["own", "measure"]}  # ownership.budget
    dims[1]["questions"][0]["probes"] = {"practices": ["measure"]}  # metrics.learning
    if symptom_rule is not None:
        data["symptoms"] = [
            {
                "id": "s",
                "name": "Symptom",
                "description": "x",
                "root_causes": ["fragmented"],
                "practices": ["measure"],
                "severity": "high",
                "rule": symptom_rule,
            }
        ]
    return Questionnaire.model_validate(data)


def answers(targets: dict[str, float]) -> Answers:
    data = yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text())
    data["targets"] = targets
    return Answers.model_validate(data)


def test_ranked_by_gap_times_weight() -> None:
    # ownership.owner 3, ownership.budget 2 (dimension weight 2); metrics.learning 1 (weight 1)
    report = analyse(questionnaire(), answers({"ownership": 3.5, "metrics": 2}))
    ranked = [(r.practice, r.priority) for r in report.recommendations]
    # own: owner (3.5-3)*2*2 = 2 + budget (3.5-2)*1*2 = 3 -> 5; measure: budget 3 + learning (2-1)*1*1 = 1 -> 4
    assert ranked == [("own", 5.0), ("measure", 4.0)]
    own = report.recommendations[0]
    assert [d.question for d in own.drivers] == ["ownership.budget", "ownership.owner"]
    assert own.drivers[0].next_level == 3
    assert own.drivers[0].next_level_descriptor == "Most."
    assert own.actions == ("Name one owner per product.",)
    assert [d.id for d in own.dimensions] == ["ownership"]


def test_flagged_symptom_adds_its_severity() -> None:
    rule = {"question": "metrics.learning", "at_most": 1}
    report = analyse(questionnaire(rule), answers({"ownership": 3.5, "metrics": 2}))
    assert report.flagged()
    ranked = [(r.practice, r.priority) for r in report.recommendations]
    assert ranked == [("measure", 7.0), ("own", 5.0)]
    assert [s.id for s in report.recommendations[0].symptoms] == ["s"]


def test_nothing_to_recommend_at_target() -> None:
    report = analyse(questionnaire({"question": "metrics.learning", "at_least": 4}), answers({"ownership": 1}))
    assert report.recommendations == ()


# --------------------------------------------------------------------------- fitted to the level


def steps(*ranges: tuple[float, float] | None) -> tuple[Action, ...]:
    return tuple(Action(text=f"S{i}", suits=r) for i, r in enumerate(ranges))


LADDER = steps((0, 1), (1, 2), (1, 3), (2, 3), (3, 4))


def test_fitting_steps_come_first_then_the_ones_above_nearest_first() -> None:
    assert fitted(LADDER, 1.5) == (("S1", "S2", "S3", "S4"), 1)
    assert fitted(steps((3, 4), (2, 3), (0, 1)), 0.5) == (("S2", "S1", "S0"), 0)


def test_a_step_is_taken_at_the_top_of_its_range() -> None:
    assert fitted(LADDER, 2.0) == (("S2", "S3", "S4"), 2)
    assert fitted(LADDER, 3.0) == (("S4",), 4)
    assert fitted(LADDER, 2.9999999999) == (("S4",), 4)  # 3 within the tolerance of threshold comparisons
    assert fitted(LADDER, 2.999) == (("S2", "S3", "S4"), 2)


def test_past_every_step_the_most_advanced_stay() -> None:
    assert fitted(LADDER, 4.0) == (("S4",), 4)
    assert fitted(steps((0, 2), (1, 3), (2, 3)), 3.5) == (("S1", "S2"), 1)


def test_a_plain_step_fits_every_level_and_without_a_level_all_show() -> None:
    mixed = (Action(text="Always."), *steps((0, 1), (3, 4)))
    assert fitted(mixed, 4.0) == (("Always.",), 2)
    assert fitted(mixed, 0.0) == (("Always.", "S0", "S1"), 0)
    assert fitted(LADDER, None) == (("S0", "S1", "S2", "S3", "S4"), 0)


def test_the_level_is_the_weighted_mean_of_the_probing_questions() -> None:
    q = questionnaire()
    report = analyse(q, answers({"ownership": 3.5, "metrics": 2}))
    levels = practice_levels(q, report)
    # own: owner 3 (weight 2 x 2), budget 2 (1 x 2) -> (12 + 4) / 6; measure: budget 2 (1 x 2), learning 1 (1 x 1)
    assert levels["own"] == round(16 / 6, 3)
    assert levels["measure"] == round(5 / 3, 3)
    assert levels["unused"] == report.score  # nothing probes it: the overall score
    assert [(r.practice, r.level, r.passed) for r in report.recommendations] == [
        ("own", round(16 / 6, 3), 0),
        ("measure", round(5 / 3, 3), 0),
    ]


def test_a_recommendation_leaves_out_the_steps_already_taken() -> None:
    data = questionnaire().model_dump()
    data["practices"][0]["actions"] = [
        {"text": "Name owners.", "suits": [0, 1]},
        {"text": "Give them budgets.", "suits": [1, 2.5]},
        {"text": "Let them decide.", "suits": [2.5, 4]},
    ]
    q = Questionnaire.model_validate(data)
    own = analyse(q, answers({"ownership": 3.5, "metrics": 2})).recommendations[0]
    assert own.practice == "own"
    assert own.actions == ("Let them decide.",)
    assert own.passed == 2


# --------------------------------------------------------------------------- maturing never brings a step back

QUESTIONNAIRE = load_questionnaire(ROOT / "questionnaires" / "default.yaml")
QUESTION_IDS = [question.id for question in QUESTIONNAIRE.questions()]


def bundled_answers(levels: list[int]) -> Answers:
    return Answers.model_validate(
        {
            "questionnaire": {"id": QUESTIONNAIRE.id, "version": QUESTIONNAIRE.version},
            "organisation": "Maturing Co",
            "period": "2026-Q3",
            "respondents": [{"name": "A", "role": "CEO", "answers": dict(zip(QUESTION_IDS, levels, strict=True))}],
            "targets": {d.id: 4 for d in QUESTIONNAIRE.dimensions},
        }
    )


def taken(levels: dict[str, float | None]) -> dict[str, set[str]]:
    """Per practice, the steps an organisation at ``levels`` is past: its level reaches the top of
    their range (the most advanced steps excepted: they stay when every step is taken)."""
    out: dict[str, set[str]] = {}
    for p in QUESTIONNAIRE.practices:
        level = levels[p.id]
        top = max(a.suits[1] for a in p.actions if a.suits is not None)
        out[p.id] = {
            a.text
            for a in p.actions
            if level is not None and a.suits is not None and a.suits[1] < top and level >= a.suits[1] - 1e-9
        }
    return out


@settings(max_examples=examples(40, 1000), deadline=None)
@given(st.lists(st.integers(0, 4), min_size=len(QUESTION_IDS), max_size=len(QUESTION_IDS)))
def test_raising_every_answer_one_level_never_brings_back_a_taken_step(levels: list[int]) -> None:
    before = analyse(QUESTIONNAIRE, bundled_answers(levels))
    after = analyse(QUESTIONNAIRE, bundled_answers([min(level + 1, 4) for level in levels]))
    was_taken = taken(practice_levels(QUESTIONNAIRE, before))
    for rec in after.recommendations:
        assert not set(rec.actions) & was_taken[rec.practice], rec.practice
        assert rec.passed >= len(was_taken[rec.practice])
