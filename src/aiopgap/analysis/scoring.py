"""The scoring engine: pure functions from answers to a report. No I/O.

* A question's score is the median level of the respondents who gave a level
  (n/a and missing answers are left out), or the level the workshop agreed when the answers
  file records one (``consensus:``); its spread is max - min of the responses.
* A dimension's score is the weighted mean of its scored questions.
* Coverage is the share of questions with any response (a level or n/a).
* The overall score is the weighted mean of the scored dimensions.
* Maturity names come from the questionnaire's thresholds; gap = target - score.
* Each score also gets a confidence and an evidenced score (see :mod:`aiopgap.analysis.evidence`).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from statistics import median
from typing import Literal, NamedTuple

from aiopgap.analysis.evidence import (
    Weighted,
    assessment_day,
    combined,
    evidenced,
    question_confidence,
    question_unverified,
    weighed,
)
from aiopgap.analysis.evidence import response as weighed_response
from aiopgap.model.answers import Agreement, Answers
from aiopgap.model.base import NA
from aiopgap.model.numbers import rounded, weighted_mean
from aiopgap.model.questionnaire import Dimension, Question, Questionnaire
from aiopgap.model.report import DimensionResult, QuestionResult, Report, RespondentSummary


class QuestionNumbers(NamedTuple):
    """What a dimension's figures are computed from, of one question: a :class:`QuestionResult` has the same."""

    score: float | None
    status: Literal["scored", "n/a", "unanswered"]
    weight: float
    spread: int | None
    median: float | None
    confidence: float | None
    evidenced_score: float | None
    unverified: bool


def question_numbers(question: Question, responses: Sequence[Weighted], agreed: Agreement | None) -> QuestionNumbers:
    """A question's score, status and confidence from its weighed responses and the level agreed, if any."""
    numeric = [int(r.level) for r in responses if r.level != NA]
    middle = rounded(float(median(numeric))) if numeric else None
    spread = max(numeric) - min(numeric) if len(numeric) > 1 else None
    score: float | None = None if agreed is None else (None if agreed.level == NA else float(agreed.level))
    if agreed is None:
        score = middle
    status: Literal["scored", "n/a", "unanswered"] = (
        "scored" if score is not None else "n/a" if responses or agreed is not None else "unanswered"
    )
    confidence = None if score is None else question_confidence(responses)
    unverified = question_unverified(score, responses)
    return QuestionNumbers(
        score, status, question.weight, spread, middle, confidence, evidenced(score, confidence), unverified
    )


def score_question(
    question: Question,
    dimension: Dimension,
    answers: Answers,
    questionnaire: Questionnaire,
    day: datetime.date | None = None,
) -> QuestionResult:
    responses = tuple(
        weighed_response(r.name, r.role, a, day, questionnaire.evidence)
        for r in answers.respondents
        if (a := r.answers.get(question.id)) is not None
    )
    agreed = answers.consensus.get(question.id)
    n = question_numbers(question, responses, agreed)
    return QuestionResult(
        id=question.id,
        dimension=dimension.id,
        prompt=question.prompt,
        weight=question.weight,
        score=n.score,
        level_descriptor=None if n.score is None else question.levels[math.floor(n.score)],
        status=n.status,
        spread=n.spread,
        responses=responses,
        confidence=n.confidence,
        evidenced_score=n.evidenced_score,
        unverified=n.unverified,
        median=n.median,
        agreed=agreed,
    )


def _numbers_only(
    question: Question, answers: Answers, questionnaire: Questionnaire, day: datetime.date | None
) -> QuestionNumbers:
    """:func:`question_numbers` without building the question's result and responses."""
    responses = [
        weighed(a, day, questionnaire.evidence)
        for r in answers.respondents
        if (a := r.answers.get(question.id)) is not None
    ]
    return question_numbers(question, responses, answers.consensus.get(question.id))


def score_dimension(
    dimension: Dimension,
    questionnaire: Questionnaire,
    answers: Answers,
    day: datetime.date | None = None,
    detail: bool = True,
) -> DimensionResult:
    """A dimension's result; without ``detail`` its per-question results are left out (``questions`` empty)."""
    results: tuple[QuestionResult, ...] = ()
    numbers: Sequence[QuestionNumbers | QuestionResult]
    if detail:
        numbers = results = tuple(
            score_question(q, dimension, answers, questionnaire, day) for q in dimension.questions
        )
    else:
        numbers = [_numbers_only(q, answers, questionnaire, day) for q in dimension.questions]
    mean = weighted_mean([(r.score, r.weight) for r in numbers if r.score is not None])
    score = None if mean is None else rounded(mean)
    confidence, evidenced_score = combined((r.confidence, r.evidenced_score, r.weight) for r in numbers)
    target = answers.targets.get(dimension.id)
    return DimensionResult(
        id=dimension.id,
        name=dimension.name,
        question=dimension.question,
        weight=dimension.weight,
        score=score,
        maturity=None if score is None else questionnaire.maturity_for(score).name,
        target=target,
        gap=None if target is None or score is None else rounded(target - score),
        coverage=rounded(sum(r.status != "unanswered" for r in numbers) / len(numbers)),
        confidence=confidence,
        evidenced_score=evidenced_score,
        unverified=sum(r.unverified for r in numbers),
        answered=sum(r.status == "scored" for r in numbers),
        not_applicable=sum(r.status == "n/a" for r in numbers),
        total=len(numbers),
        questions=results,
    )


def score(questionnaire: Questionnaire, answers: Answers, *, detail: bool = True) -> Report:
    """Score ``answers`` against ``questionnaire`` (already checked to fit each other).

    Without ``detail`` each dimension's per-question results are left out: every other figure is the
    same, computed without building a result for each question and response (for the dimension table).
    """
    day = assessment_day(answers)
    dimensions = tuple(score_dimension(d, questionnaire, answers, day, detail) for d in questionnaire.dimensions)
    mean = weighted_mean([(d.score, d.weight) for d in dimensions if d.score is not None])
    overall = None if mean is None else rounded(mean)
    confidence, evidenced_score = combined((d.confidence, d.evidenced_score, d.weight) for d in dimensions)
    question_ids = {q.id for q in questionnaire.questions()}
    total_questions = len(question_ids)
    responded = sum(d.answered + d.not_applicable for d in dimensions)  # the questions not unanswered
    return Report(
        organisation=answers.organisation,
        unit=answers.unit,
        period=answers.period,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        questionnaire_title=questionnaire.title,
        scale_max=questionnaire.scale_max,
        maturity_levels=tuple((m.name, m.min_score) for m in questionnaire.maturity),
        score=overall,
        maturity=None if overall is None else questionnaire.maturity_for(overall).name,
        coverage=rounded(responded / total_questions) if total_questions else 0.0,
        respondents=tuple(
            RespondentSummary(
                name=r.name,
                role=r.role,
                answered=sum(1 for qid in r.answers if qid in question_ids),
                total=total_questions,
            )
            for r in answers.respondents
        ),
        dimensions=dimensions,
        confidence=confidence,
        evidenced_score=evidenced_score,
        assessed_on=None if day is None else day.isoformat(),
        stale_after_days=questionnaire.evidence.stale_after_days,
    )
