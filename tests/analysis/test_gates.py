"""Gate evaluation on a hand-checked report."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.gates import GateSettings, Threshold, evaluate, parse_threshold
from aiopgap.analysis.scoring import score
from aiopgap.files.documents import load_assessment
from aiopgap.model.report import Report
from aiopgap.model.verdict import passed


@pytest.fixture
def report(mini_answers: Path, mini_questionnaire: Path) -> Report:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    return score(assessment.questionnaire, assessment.answers)  # overall 2.111, ownership 2.667, metrics 1.0


def test_thresholds_accept_maturity_names_and_numbers(report: Report) -> None:
    assert parse_threshold("middle", report) == Threshold("Middle", 1.5)
    assert parse_threshold("2.5", report) == Threshold("2.5", 2.5)
    with pytest.raises(ValueError, match=r"neither a maturity level \(Low, Middle, High\) nor a number"):
        parse_threshold("Great", report)
    with pytest.raises(ValueError, match="outside the scale"):
        parse_threshold("7", report)


def test_overall_and_dimension_gates(report: Report) -> None:
    settings = GateSettings(
        min_overall=Threshold("Middle", 1.5),
        min_dimension={"metrics": Threshold("1.5", 1.5), "ownership": Threshold("2.6", 2.6)},
    )
    results = evaluate(report, settings)
    assert [(r.gate, r.status) for r in results] == [
        ("min-overall", "pass"),
        ("min ownership", "pass"),  # questionnaire order, not option order
        ("min metrics", "fail"),
    ]
    assert results[2].actual == "1.00 (Low)"
    assert not passed(results)
    assert passed(results[:2])


def test_gate_exactly_at_threshold_passes(report: Report) -> None:
    results = evaluate(report, GateSettings(min_dimension={"metrics": Threshold("1", 1.0)}))
    assert results[0].status == "pass"


def test_unscored_dimension_fails_its_gate(report: Report) -> None:
    ownership = report.dimension("ownership")
    assert ownership is not None
    unscored = report.model_copy(
        update={"dimensions": (ownership.model_copy(update={"score": None, "maturity": None}),)}
    )
    [result] = evaluate(unscored, GateSettings(min_dimension={"ownership": Threshold("0", 0.0)}))
    assert result.status == "fail"
    assert result.actual == "not scored"


def test_symptom_gates(report: Report) -> None:
    from aiopgap.model.report import SymptomResult

    def symptom(symptom_id: str, status: str) -> SymptomResult:
        return SymptomResult.model_validate(
            {
                "id": symptom_id,
                "name": symptom_id,
                "description": "d",
                "severity": "high",
                "status": status,
                "evidence": [],
                "coverage": 1.0,
                "conditions": 2,
                "root_causes": [],
                "practices": [],
            }
        )

    with_symptoms = report.model_copy(
        update={"symptoms": (symptom("unclear-ownership", "flagged"), symptom("slow-decisions", "not flagged"))}
    )
    results = evaluate(with_symptoms, GateSettings(fail_on_symptoms=("any",)))
    assert [(r.gate, r.status, r.actual) for r in results] == [("no symptoms", "fail", "unclear-ownership")]
    results = evaluate(with_symptoms, GateSettings(fail_on_symptoms=("slow-decisions", "unclear-ownership")))
    assert [(r.gate, r.status) for r in results] == [
        ("symptom slow-decisions", "pass"),
        ("symptom unclear-ownership", "fail"),
    ]
    unknown = report.model_copy(update={"symptoms": (symptom("slow-decisions", "not evaluable"),)})
    [result] = evaluate(unknown, GateSettings(fail_on_symptoms=("slow-decisions",)))
    assert (result.status, result.actual) == ("fail", "not evaluable")
    [result] = evaluate(unknown, GateSettings(fail_on_symptoms=("any",)))
    assert (result.status, result.actual) == ("fail", "none flagged; not evaluable: slow-decisions")
