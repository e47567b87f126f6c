"""The executive summary: what a board reads first, built from a finished report."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.report import analyse
from aiopgap.analysis.summary import summarise
from aiopgap.files.documents import load_assessment
from aiopgap.model.report import Report
from aiopgap.model.summary import FINDINGS, MOVES
from tests.conftest import EXAMPLES, FIXTURES

WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"


def report_of(path: Path, questionnaire: Path | None = None) -> Report:
    assessment = load_assessment(path, questionnaire)
    return analyse(assessment.questionnaire, assessment.answers)


@pytest.fixture(scope="module")
def northbank() -> Report:
    return report_of(EXAMPLES / "northbank-2026-Q3.yaml")


@pytest.fixture(scope="module")
def workshop() -> Report:
    return report_of(WORKSHOP)


def test_the_report_carries_its_summary(northbank: Report) -> None:
    assert northbank.summary == summarise(northbank)
    assert northbank.summary is not None
    assert northbank.summary.score == northbank.score
    assert northbank.summary.maturity == "Ad hoc"


def test_level_and_gap_are_weighted_over_the_dimensions_with_a_target() -> None:
    summary = report_of(EXAMPLES / "meridian-2026-Q3.yaml").summary
    assert summary is not None
    assert (summary.score, summary.maturity) == (1.979, "Emerging")
    assert (summary.target, summary.target_maturity) == (3.0, "Managed")
    assert summary.gap == pytest.approx(1.021)


def test_an_organisation_past_its_targets_has_no_gap_left() -> None:
    report = report_of(EXAMPLES / "lumen-2026-Q3.yaml")
    summary = report.summary
    assert summary is not None
    assert summary.maturity == "AI-native"
    assert summary.gap is not None
    assert summary.gap < 0.5
    assert summary.findings == ()  # nothing flagged, nothing contradicted, one respondent
    assert len(summary.moves) == MOVES


def test_findings_put_the_most_severe_symptoms_first(northbank: Report) -> None:
    summary = northbank.summary
    assert summary is not None
    flagged = northbank.flagged()
    assert len(flagged) == 6
    assert len(summary.findings) == FINDINGS
    assert [f.severity for f in summary.findings] == ["high", "high", "high"]
    assert [f.title for f in summary.findings] == [s.name for s in flagged if s.severity == "high"]
    assert summary.more_findings == 3
    assert all(f.meaning for f in summary.findings)


def test_the_moves_are_the_first_action_of_each_top_recommendation(northbank: Report) -> None:
    summary = northbank.summary
    assert summary is not None
    assert [(m.practice, m.action) for m in summary.moves] == [
        (rec.name, rec.actions[0]) for rec in northbank.recommendations[:3]
    ]


def test_contradicted_claims_come_after_the_symptoms_and_say_what_the_inventory_shows() -> None:
    report = report_of(FIXTURES / "evidence-answers.yaml", FIXTURES / "evidence-questionnaire.yaml")
    summary = summarise(report.model_copy(update={"symptoms": ()}))
    contradiction = report.contradicted()[0]
    assert summary.findings[0].kind == "contradiction"
    assert summary.findings[0].title == contradiction.name
    assert summary.findings[0].shows  # the inventory's numbers, not the rule's thresholds
    assert all(e.condition not in " ".join(summary.findings[0].shows) for e in contradiction.facts)


def test_without_symptoms_the_widest_perception_gaps_are_the_findings(workshop: Report) -> None:
    assert workshop.workshop is not None
    summary = summarise(workshop.model_copy(update={"symptoms": ()}))
    assert [f.kind for f in summary.findings] == ["perception gap"] * FINDINGS
    widest = sorted(workshop.workshop.gaps, key=lambda g: -g.width)[:FINDINGS]
    assert [f.higher for f in summary.findings] == [g.high for g in widest]
    assert [f.lower for f in summary.findings] == [g.low for g in widest]
    ids = {q.id for q in workshop.questions()}
    for finding in summary.findings:
        text = f"{finding.title} {finding.meaning}"
        assert not any(qid in text for qid in ids), text


def test_confidence_is_low_without_evidence_and_names_thin_and_unscored_dimensions(workshop: Report) -> None:
    summary = workshop.summary
    assert summary is not None
    assert summary.confidence.evidenced == 0.0  # no example answer cites an artifact
    assert summary.confidence.answered == workshop.coverage
    assert summary.confidence.low
    first, second, *rest = workshop.dimensions
    thin = first.model_copy(update={"coverage": 0.2})
    unscored = second.model_copy(update={"score": None, "maturity": None, "gap": None, "coverage": 0.0})
    changed = summarise(workshop.model_copy(update={"dimensions": (thin, unscored, *rest)}))
    assert changed.confidence.thin == (first.name,)
    assert changed.confidence.unscored == (second.name,)


def test_well_evidenced_complete_answers_are_not_low_confidence(northbank: Report) -> None:
    sure = northbank.model_copy(update={"confidence": 0.9, "coverage": 1.0})
    assert not summarise(sure).confidence.low


def test_the_summary_reads_back_from_a_json_report(workshop: Report) -> None:
    assert Report.model_validate_json(workshop.model_dump_json()) == workshop


def test_a_report_written_before_the_summary_still_reads() -> None:
    old = Report.model_validate_json((FIXTURES / "meridian-2026-Q2-report-before-evidence.json").read_text())
    assert old.summary is None
