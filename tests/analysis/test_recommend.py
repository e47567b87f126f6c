"""Recommendations: practices ranked by weighted gap plus symptom severity."""

from __future__ import annotations

from typing import Any

import yaml

from aiopgap.analysis.report import analyse
from aiopgap.model.answers import Answers
from aiopgap.model.questionnaire import Questionnaire
from tests.conftest import FIXTURES


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
