"""The whole analysis of one assessment: scores, inventory facts, symptoms, recommendations. Pure, no I/O."""

from __future__ import annotations

from aiopgap.inventory import summarise
from aiopgap.models import Answers, Questionnaire
from aiopgap.recommend import recommend
from aiopgap.results import Report
from aiopgap.scoring import score
from aiopgap.symptoms import evaluate


def analyse(questionnaire: Questionnaire, answers: Answers) -> Report:
    """Score ``answers`` and add the inventory, the symptoms flagged and the recommendations."""
    report = score(questionnaire, answers)
    inventory = summarise(answers.initiatives, questionnaire.stuck_pilot_months) if answers.initiatives else None
    symptoms = evaluate(questionnaire, report, inventory)
    return report.model_copy(
        update={
            "inventory": inventory,
            "symptoms": symptoms,
            "recommendations": recommend(questionnaire, report, symptoms),
        }
    )
