"""Gate evaluation on a hand-checked report."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.gates import (
    GateSettings,
    Threshold,
    check_age,
    evaluate,
    parse_confidence,
    parse_threshold,
)
from aiopgap.analysis.scoring import score
from aiopgap.files.documents import load_assessment
from aiopgap.model.errors import UsageError
from aiopgap.model.report import ContradictionResult, Evidence, Report
from aiopgap.model.responses import EvidenceSeen
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

    def symptom(symptom_id: str, status: str, to_flag: int | None = None) -> SymptomResult:
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
                "to_flag": to_flag,
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
    # a symptom on watch is not flagged: its gate passes and says how close it came
    watched = report.model_copy(update={"symptoms": (symptom("slow-decisions", "watch", to_flag=1),)})
    [result] = evaluate(watched, GateSettings(fail_on_symptoms=("slow-decisions",)))
    assert (result.status, result.actual) == ("pass", "watch (1 more condition(s) would flag it)")
    [result] = evaluate(watched, GateSettings(fail_on_symptoms=("any",)))
    assert (result.status, result.actual) == ("pass", "none flagged; watch: slow-decisions")


# ------------------------------------------------------------ evidence gates


def test_confidence_thresholds_read_shares_and_percentages() -> None:
    assert parse_confidence("0.6") == Threshold("60%", 0.6)
    assert parse_confidence(" 60 % ") == Threshold("60%", 0.6)
    assert parse_confidence("59.5%") == Threshold("59.5%", pytest.approx(0.595))
    assert parse_confidence("1") == Threshold("100%", 1.0)
    assert parse_confidence("0") == Threshold("0%", 0.0)
    for bad in ("nan", "NaN%", "inf", "-0.1", "-5%", "100.1%", "1.01", "", "%", "sixty", "6O%", "١٢%"):
        with pytest.raises(ValueError, match=r"not a confidence|outside 0 to 1"):
            parse_confidence(bad)
    with pytest.raises(ValueError, match="for a percentage write 60%"):
        parse_confidence("60")


def test_evidence_ages_are_whole_days() -> None:
    assert check_age("365") == 365
    assert check_age(0) == 0
    for bad in ("-1", "1.5", "", "a year", "１２", True, -3, 2.0):
        with pytest.raises(UsageError, match="must be a whole number of days, 0 or more"):
            check_age(bad)
    with pytest.raises(UsageError):
        GateSettings(max_evidence_age=-1)
    assert not GateSettings(fail_on_contradiction=True).empty


def test_confidence_gate(report: Report) -> None:
    scored = report.model_copy(update={"confidence": 0.596, "evidenced_score": 1.258})
    [result] = evaluate(scored, GateSettings(min_confidence=parse_confidence("60%")))
    # 59.6% is not rounded up to the 60% it must reach
    assert (result.gate, result.requirement, result.status) == ("min-confidence", "confidence ≥ 60%", "fail")
    assert result.actual == "59.6% (evidenced score 1.26 of 2.11)"
    [result] = evaluate(scored, GateSettings(min_confidence=parse_confidence("0.596")))
    assert result.status == "pass"
    unscored = report.model_copy(update={"confidence": None})
    [result] = evaluate(unscored, GateSettings(min_confidence=parse_confidence("0")))
    assert (result.status, result.actual) == ("fail", "no confidence: no question is scored")


def _leaf(kind: str, ref: str, condition: str, display: str, outcome: str) -> Evidence:
    return Evidence.model_validate(
        {"kind": kind, "ref": ref, "label": ref, "condition": condition, "value": None, "display": display,
         "outcome": outcome}
    )  # fmt: skip


def _contradiction(cid: str, status: str) -> ContradictionResult:
    return ContradictionResult(
        id=cid,
        name=cid,
        description="d",
        status=status,  # type: ignore[arg-type]
        claim=(
            _leaf("question", "ownership.lifecycle", "≥ 3", "3.5", "true"),
            _leaf("question", "process.monitoring", "≥ 3", "2", "false"),
        ),
        facts=(_leaf("fact", "unmonitored_share", "≥ 0.3", "2 of 4 (50%)", "true"),),
    )


def test_contradiction_gate_names_each_contradiction_with_the_conditions_that_hold(report: Report) -> None:
    settings = GateSettings(fail_on_contradiction=True)
    none = evaluate(report.model_copy(update={"contradictions": ()}), settings)
    assert [(r.gate, r.status, r.actual) for r in none] == [
        ("no contradiction", "pass", "no contradiction checks in this report")
    ]
    checks = (_contradiction("a", "consistent"), _contradiction("b", "not evaluable"))
    [result] = evaluate(report.model_copy(update={"contradictions": checks}), settings)
    assert (result.status, result.actual) == ("pass", "none of 2 checks contradicted; not evaluable: b")
    checks = (_contradiction("lifecycle", "contradicted"), _contradiction("b", "consistent"))
    [result] = evaluate(report.model_copy(update={"contradictions": checks}), settings)
    assert (result.gate, result.status) == ("contradiction lifecycle", "fail")
    assert result.actual == (
        "claim ownership.lifecycle: 3.5 (rule ≥ 3) · facts unmonitored_share: 2 of 4 (50%) (rule ≥ 0.3)"
    )


def _aged(report: Report, ages: list[int | None], assessed_on: str | None = "2026-09-30") -> Report:
    """``report`` with one artifact of each age on its first question's first response (None: undated)."""
    dimension = report.dimensions[0]
    question = dimension.questions[0]
    artifacts = [
        EvidenceSeen(kind="artifact", date=None if age is None else "2026-01-01", reference=f"doc {i}", age_days=age)
        for i, age in enumerate(ages)
    ]
    evidence = (*artifacts, EvidenceSeen(kind="self-report"))
    response = question.responses[0].model_copy(update={"evidence": evidence})
    question = question.model_copy(update={"responses": (response, *question.responses[1:])})
    dimension = dimension.model_copy(update={"questions": (question, *dimension.questions[1:])})
    return report.model_copy(update={"dimensions": (dimension, *report.dimensions[1:]), "assessed_on": assessed_on})


def test_evidence_age_gate_lists_the_first_few_then_counts_the_rest(report: Report) -> None:
    settings = GateSettings(max_evidence_age=30)
    question = report.dimensions[0].questions[0]
    who = question.responses[0].respondent
    [result] = evaluate(_aged(report, [400, 31, 30, None, 500, 90]), settings)
    assert (result.gate, result.requirement, result.status) == ("max-evidence-age", "evidence ≤ 30 days old", "fail")
    assert result.actual == (
        f"4 of 5 dated item(s) older: {question.id} ({who}: doc 0, 400 days); {question.id} ({who}: doc 1, 31 days);"
        f" {question.id} ({who}: doc 4, 500 days); and 1 more; 1 item(s) without a date cannot be aged"
    )
    [result] = evaluate(_aged(report, [30, 0]), settings)
    assert (result.status, result.actual) == ("pass", "all 2 dated item(s) within 30 days")
    [result] = evaluate(_aged(report, []), settings)
    assert (result.status, result.actual) == ("pass", "no artifact or observed evidence cited")
    [result] = evaluate(_aged(report, [None, None], assessed_on=None), settings)
    assert (result.status, result.actual) == (
        "pass",
        "no dated evidence; no assessment day (assessed_on), so 2 item(s) cannot be aged",
    )
