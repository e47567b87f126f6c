"""``questionnaire show --format json``: the ``aiopgap.questionnaire/1`` document, what the terminal shows."""

from __future__ import annotations

from collections.abc import Sequence

from aiopgap.model.machine import (
    DimensionShown,
    Finding,
    LevelText,
    MaturityShown,
    QuestionnaireShown,
    QuestionShown,
)
from aiopgap.model.questionnaire import Dimension, Questionnaire
from aiopgap.render.questionnaire import rule_text


def _dimension(dimension: Dimension, levels: bool) -> DimensionShown:
    questions = tuple(
        QuestionShown(
            id=q.id,
            prompt=q.prompt,
            help=q.help,
            weight=q.weight,
            allow_na=q.allow_na,
            replaces=q.replaces,
            levels=tuple(LevelText(level=n, descriptor=t) for n, t in sorted(q.levels.items())) if levels else (),
        )
        for q in dimension.questions
    )
    return DimensionShown(
        id=dimension.id,
        name=dimension.name,
        question=dimension.question,
        description=dimension.description,
        weight=dimension.weight,
        questions=questions,
    )


def document(questionnaire: Questionnaire, dimensions: Sequence[Dimension], levels: bool) -> QuestionnaireShown:
    """The questionnaire as shown: the dimensions given; its symptoms, contradiction checks and practices
    only when the whole questionnaire is shown (as on the terminal), not one dimension of it."""
    whole = tuple(dimensions) == questionnaire.dimensions
    symptoms = tuple(
        Finding(
            id=s.id,
            name=s.name,
            description=s.description,
            severity=s.severity,
            rule=None if s.rule is None else rule_text(s.rule),
            core=None if s.core is None else rule_text(s.core),
        )
        for s in questionnaire.symptoms
    )
    contradictions = tuple(
        Finding(id=c.id, name=c.name, description=c.description, claim=rule_text(c.claim), facts=rule_text(c.facts))
        for c in questionnaire.contradictions
    )
    practices = tuple(Finding(id=p.id, name=p.name, description=p.description) for p in questionnaire.practices)
    return QuestionnaireShown(
        id=questionnaire.id,
        version=questionnaire.version,
        title=questionnaire.title,
        description=questionnaire.description,
        scale_max=questionnaire.scale_max,
        maturity=tuple(
            MaturityShown(name=m.name, min_score=m.min_score, description=m.description) for m in questionnaire.maturity
        ),
        dimensions=tuple(_dimension(d, levels) for d in dimensions),
        symptoms=symptoms if whole else (),
        contradictions=contradictions if whole else (),
        practices=practices if whole else (),
    )
