"""Scoring on a hand-computed fixture: medians, weights, n/a, coverage, gaps."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.scoring import score
from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Answers
from aiopgap.model.report import Report


@pytest.fixture
def report(mini_answers: Path, mini_questionnaire: Path) -> Report:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    return score(assessment.questionnaire, assessment.answers)


def test_question_score_is_median_and_spread_is_range(report: Report) -> None:
    ownership = report.dimension("ownership")
    assert ownership is not None
    owner = ownership.questions[0]
    assert owner.id == "ownership.owner"
    assert owner.score == 3.0  # levels 1, 3, 4
    assert owner.spread == 3
    assert owner.level_descriptor == "Most."
    assert [r.note for r in owner.responses] == ["Split across three teams.", None, None]


def test_na_answers_are_excluded_from_the_score_but_count_as_covered(report: Report) -> None:
    ownership = report.dimension("ownership")
    assert ownership is not None
    vendor = ownership.questions[2]
    assert vendor.status == "n/a"
    assert vendor.score is None
    # (3 * weight 2 + 2 * weight 1) / 3; the n/a question is left out
    assert ownership.score == pytest.approx(8 / 3, abs=1e-3)
    assert ownership.coverage == 1.0
    assert (ownership.answered, ownership.not_applicable, ownership.total) == (2, 1, 3)
    assert ownership.maturity == "Middle"
    assert ownership.gap == pytest.approx(3 - 8 / 3, abs=1e-3)


def test_unanswered_question_lowers_coverage_not_score(report: Report) -> None:
    metrics = report.dimension("metrics")
    assert metrics is not None
    assert metrics.score == 1.0  # median of 4, 0, 1
    assert metrics.questions[0].spread == 4
    assert metrics.questions[1].status == "unanswered"
    assert metrics.coverage == 0.5
    assert metrics.maturity == "Low"
    assert metrics.gap == 1.0


def test_overall_score_weights_dimensions(report: Report) -> None:
    # ownership weighs 2, metrics 1
    assert report.score == pytest.approx((8 / 3 * 2 + 1.0) / 3, abs=1e-3)
    assert report.maturity == "Middle"
    assert report.coverage == 0.8  # 4 of 5 questions have a response
    assert [(r.name, r.answered) for r in report.respondents] == [("Ann", 4), ("Bob", 4), ("Cy", 3)]


def test_single_respondent_has_no_spread(mini_answers: Path, mini_questionnaire: Path) -> None:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    only_ann = Answers.model_validate(
        {**assessment.answers.model_dump(), "respondents": [assessment.answers.respondents[0].model_dump()]}
    )
    result = score(assessment.questionnaire, only_ann)
    ownership = result.dimension("ownership")
    assert ownership is not None
    assert ownership.questions[0].score == 1.0
    assert ownership.questions[0].spread is None


def test_even_number_of_respondents_gives_half_levels(mini_answers: Path, mini_questionnaire: Path) -> None:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    two = Answers.model_validate(
        {**assessment.answers.model_dump(), "respondents": [r.model_dump() for r in assessment.answers.respondents[:2]]}
    )
    result = score(assessment.questionnaire, two)
    ownership = result.dimension("ownership")
    assert ownership is not None
    assert ownership.questions[0].score == 2.0  # median of 1 and 3
    metrics = result.dimension("metrics")
    assert metrics is not None
    assert metrics.questions[0].score == 2.0  # median of 4 and 0


def test_no_answers_at_all_scores_nothing(mini_questionnaire: Path, mini_answers: Path) -> None:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    empty = Answers.model_validate({**assessment.answers.model_dump(), "respondents": []})
    result = score(assessment.questionnaire, empty)
    assert result.score is None
    assert result.maturity is None
    assert result.coverage == 0.0
    assert all(d.score is None and d.gap is None for d in result.dimensions)
