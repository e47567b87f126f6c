"""The whole analysis of one assessment: scores, inventory facts, symptoms, recommendations. Pure, no I/O."""

from __future__ import annotations

from aiopgap.analysis.contradictions import check_all
from aiopgap.analysis.inventory import inventory_result
from aiopgap.analysis.judge import Context
from aiopgap.analysis.recommend import recommend
from aiopgap.analysis.scoring import score
from aiopgap.analysis.summary import summarise
from aiopgap.analysis.symptoms import evaluate
from aiopgap.analysis.workshop import workshop_result
from aiopgap.model.answers import Answers
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Report


def analyse(
    questionnaire: Questionnaire,
    answers: Answers,
    gap_threshold: int | None = None,
    *,
    anonymised: bool = False,
    advice: bool = True,
) -> Report:
    """Score ``answers`` and add the inventory, the symptoms flagged and the recommendations.

    With two or more respondents the report also gets a workshop section; a perception gap is
    ``gap_threshold`` levels between roles (default: the questionnaire's ``perception_gap_levels``).
    ``anonymised``: ``answers`` come from :func:`~aiopgap.analysis.anonymity.anonymised`; the report
    says so, and its workshop section shows no role too small to stay anonymous.
    Without ``advice`` the report has no recommendations and no summary (which is drawn from them):
    for a trend, which shows neither.
    """
    report = score(questionnaire, answers).model_copy(update={"anonymised": anonymised})
    threshold = questionnaire.perception_gap_levels if gap_threshold is None else gap_threshold
    report = report.model_copy(update={"workshop": workshop_result(report, threshold)})
    inventory = inventory_result(answers.initiatives, questionnaire.stuck_pilot_months) if answers.initiatives else None
    ctx = Context(report, inventory, questionnaire)
    contradictions = check_all(ctx)
    ctx = Context(report, inventory, questionnaire, {c.id: c for c in contradictions})
    symptoms = evaluate(ctx)
    report = report.model_copy(update={"inventory": inventory, "contradictions": contradictions, "symptoms": symptoms})
    if not advice:
        return report
    report = report.model_copy(update={"recommendations": recommend(questionnaire, report, symptoms)})
    return report.model_copy(update={"summary": summarise(report)})


def report_of(content: Answers | Report, questionnaire: Questionnaire | None, *, advice: bool = True) -> Report:
    """A JSON report as it was written, or answers analysed against the questionnaire they answer
    (without recommendations and summary when not ``advice``, see :func:`analyse`)."""
    if isinstance(content, Report):
        return content
    if questionnaire is None:  # pragma: no cover - answers are always opened with their questionnaire
        raise ValueError("answers need their questionnaire to be analysed")
    return analyse(questionnaire, content, advice=advice)
