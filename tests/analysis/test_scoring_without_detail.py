"""Scoring without per-question detail (the dimension table's path) gives every figure the full scoring gives."""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.report import analyse
from aiopgap.analysis.scoring import score
from aiopgap.analysis.trend import slim
from aiopgap.files.documents import load_questionnaire
from aiopgap.files.resources import default_questionnaire
from aiopgap.model.answers import Answers
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Report
from aiopgap.render.export import dimension_rows
from tests.conftest import FIXTURES

QUESTIONNAIRES = ("default", "mini-questionnaire.yaml", "evidence-questionnaire.yaml")


@cache
def questionnaire(name: str) -> Questionnaire:
    return load_questionnaire(default_questionnaire() if name == "default" else FIXTURES / name)


DAY = st.dates(datetime.date(1990, 1, 1), datetime.date(2030, 12, 31))
EVIDENCE = st.lists(
    st.fixed_dictionaries(
        {"kind": st.sampled_from(["artifact", "observed", "self-report"])}, optional={"date": DAY.map(str)}
    ),
    max_size=3,
)


@st.composite
def answers_to(draw: st.DrawFn, q: Questionnaire) -> Answers:
    """Answers that fit ``q``: several respondents and roles, n/a, gaps, evidence, agreed levels and targets."""
    questions = q.questions()

    def level(question: Any) -> Any:
        choices = st.integers(0, q.scale_max)
        return draw(choices | st.just("n/a")) if question.allow_na else draw(choices)

    respondents = []
    for i in range(draw(st.integers(0, 5))):
        answers: dict[str, Any] = {}
        for question in questions:
            if draw(st.booleans()):
                continue
            answers[question.id] = {"level": level(question), "evidence": draw(EVIDENCE)}
        respondents.append({"name": f"P{i}", "role": draw(st.sampled_from(["CDO", "CPO", "Risk"])), "answers": answers})
    agreed = draw(st.lists(st.sampled_from(questions), max_size=3, unique_by=lambda x: x.id))
    return Answers.model_validate(
        {
            "questionnaire": {"id": q.id, "version": q.version},
            "organisation": "Prop Org",
            "period": draw(st.sampled_from(["2026-Q3", "2025-H1", "2024-07", "2023", "sometime"])),
            "assessed_on": draw(st.none() | DAY),
            "targets": {d.id: draw(st.integers(0, q.scale_max)) for d in q.dimensions if draw(st.booleans())},
            "respondents": respondents,
            "consensus": {x.id: {"level": level(x)} for x in agreed},
        }
    )


def without_questions(report: Report) -> Report:
    return report.model_copy(
        update={"dimensions": tuple(d.model_copy(update={"questions": ()}) for d in report.dimensions)}
    )


@settings(max_examples=150, deadline=None)
@given(data=st.data(), name=st.sampled_from(QUESTIONNAIRES))
def test_every_figure_without_detail_is_the_full_scorings(data: st.DataObject, name: str) -> None:
    q = questionnaire(name)
    answers = data.draw(answers_to(q))
    full = score(q, answers)
    quick = score(q, answers, detail=False)
    assert all(d.questions == () for d in quick.dimensions)
    assert quick == without_questions(full)
    assert dimension_rows([quick]) == dimension_rows([full])


@settings(max_examples=40, deadline=None)
@given(data=st.data(), name=st.sampled_from(QUESTIONNAIRES))
def test_a_trend_keeps_the_same_of_an_analysis_without_advice(data: st.DataObject, name: str) -> None:
    """Skipping recommendations (and the summary drawn from them) changes nothing else a trend keeps."""
    q = questionnaire(name)
    answers = data.draw(answers_to(q))
    full = analyse(q, answers)
    quick = analyse(q, answers, advice=False)
    assert quick.recommendations == ()
    assert quick.summary is None
    assert quick == full.model_copy(update={"recommendations": (), "summary": None})
    assert slim(quick) == slim(full)
