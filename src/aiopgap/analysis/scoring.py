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
from statistics import median
from typing import Literal

from aiopgap.analysis.evidence import assessment_day, combined, evidenced, question_confidence, question_unverified
from aiopgap.analysis.evidence import response as weighed_response
from aiopgap.model.answers import Answers
from aiopgap.model.base import NA
from aiopgap.model.numbers import rounded, weighted_mean
from aiopgap.model.questionnaire import Dimension, Question, Questionnaire
from aiopgap.model.report import DimensionResult, QuestionResult, Report, RespondentSummary


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
    numeric = [int(r.level) for r in responses if r.level != NA]
    middle = rounded(float(median(numeric))) if numeric else None
    spread = max(numeric) - min(numeric) if len(numeric) > 1 else None
    agreed = answers.consensus.get(question.id)
    status: Literal["scored", "n/a", "unanswered"]
    score: float | None = None if agreed is None else (None if agreed.level == NA else float(agreed.level))
    if agreed is None:
        score = middle
    if score is not None:
        status = "scored"
        descriptor: str | None = question.levels[math.floor(score)]
    else:
        descriptor = None
        status = "n/a" if responses or agreed is not None else "unanswered"
    confidence = None if score is None else question_confidence(responses)
    return QuestionResult(
        id=question.id,
        dimension=dimension.id,
        prompt=question.prompt,
        weight=question.weight,
        score=score,
        level_descriptor=descriptor,
        status=status,
        spread=spread,
        responses=responses,
        confidence=confidence,
        evidenced_score=evidenced(score, confidence),
        unverified=question_unverified(score, responses),
        median=middle,
        agreed=agreed,
    )


def score_dimension(
    dimension: Dimension, questionnaire: Questionnaire, answers: Answers, day: datetime.date | None = None
) -> DimensionResult:
    results = tuple(score_question(q, dimension, answers, questionnaire, day) for q in dimension.questions)
    mean = weighted_mean([(r.score, r.weight) for r in results if r.score is not None])
    score = None if mean is None else rounded(mean)
    confidence, evidenced_score = combined((r.confidence, r.evidenced_score, r.weight) for r in results)
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
        coverage=rounded(sum(r.status != "unanswered" for r in results) / len(results)),
        confidence=confidence,
        evidenced_score=evidenced_score,
        unverified=sum(r.unverified for r in results),
        answered=sum(r.status == "scored" for r in results),
        not_applicable=sum(r.status == "n/a" for r in results),
        total=len(results),
        questions=results,
    )


def score(questionnaire: Questionnaire, answers: Answers) -> Report:
    """Score ``answers`` against ``questionnaire`` (already checked to fit each other)."""
    day = assessment_day(answers)
    dimensions = tuple(score_dimension(d, questionnaire, answers, day) for d in questionnaire.dimensions)
    mean = weighted_mean([(d.score, d.weight) for d in dimensions if d.score is not None])
    overall = None if mean is None else rounded(mean)
    confidence, evidenced_score = combined((d.confidence, d.evidenced_score, d.weight) for d in dimensions)
    question_ids = {q.id for q in questionnaire.questions()}
    total_questions = len(question_ids)
    responded = sum(1 for d in dimensions for q in d.questions if q.status != "unanswered")
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
