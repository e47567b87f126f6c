"""Evidence and the assessment day written to YAML read back exactly: merge's writer and assess's store."""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from aiopgap.files.documents import answering, answers_from, load_assessment, load_questionnaire
from aiopgap.files.store import AnswersStore
from aiopgap.files.yaml_reader import parse_text
from aiopgap.files.yaml_writer import to_yaml
from aiopgap.model.answers import Answer, Answers
from aiopgap.model.evidence import EVIDENCE_KINDS, EvidenceItem
from tests.conftest import FIXTURES, examples
from tests.trust.test_store import typed

QUESTIONNAIRE = FIXTURES / "mini-questionnaire.yaml"
HOSTILE_REFERENCES = [
    "RACI v3: owners #1",
    "- leading dash",
    "'single' and \"double\" quotes",
    "line\x85NEL",
    "para\u2028graph\u2029",
    "\x1b[2J\x07 control",
    "? question",
    "2026-08-14",
    "no",
    "https://wiki.example/raci?v=3#owners",
    "x" * 500,
]

references = st.one_of(st.none(), st.sampled_from(HOSTILE_REFERENCES), typed, st.text(min_size=400, max_size=500))
dates = st.one_of(st.none(), st.dates(datetime.date(1900, 1, 1), datetime.date(2999, 12, 31)))
items = st.builds(
    lambda kind, date, reference: {"kind": kind, "date": date, "reference": reference},
    st.sampled_from(EVIDENCE_KINDS),
    dates,
    references,
)


def item_or_reject(data: dict[str, Any]) -> EvidenceItem:
    try:
        return EvidenceItem.model_validate(data)
    except ValidationError:  # a blank or too long reference: not something a file can hold
        assume(False)
        raise


def assessment(evidence: list[EvidenceItem], assessed_on: datetime.date | None) -> Answers:
    return Answers.model_validate(
        {
            "questionnaire": {"id": "mini", "version": "1.2.0"},
            "organisation": "Acme",
            "period": "2026-Q2",
            "assessed_on": assessed_on,
            "respondents": [
                {
                    "name": "Ann",
                    "role": "CDO",
                    "answers": {"ownership.owner": {"level": 3, "evidence": evidence}, "metrics.learning": 1},
                }
            ],
        }
    )


@settings(max_examples=examples(120, 10_000))
@given(raw=st.lists(items, max_size=6), assessed_on=dates)
def test_evidence_and_assessment_day_read_back_identical_through_merge_writer(
    raw: list[dict[str, Any]], assessed_on: datetime.date | None
) -> None:
    evidence = [item_or_reject(data) for data in raw]
    answers = assessment(evidence, assessed_on)
    text = to_yaml(answers, ["a.yaml"])
    again = answers_from(parse_text(text, "merged.yaml"), answering(QUESTIONNAIRE)).answers
    assert again == answers
    assert again.respondents[0].answers["ownership.owner"].evidence == tuple(evidence)
    assert to_yaml(again, ["a.yaml"]) == text  # read, write, read: the same bytes each time


@settings(max_examples=examples(40, 5_000), suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.lists(items, min_size=1, max_size=4), flow=st.booleans())
def test_evidence_saved_by_assess_reads_back_identical(raw: list[dict[str, Any]], flow: bool) -> None:
    evidence = tuple(item_or_reject(data) for data in raw)
    answer = Answer(level=2, note="seen on screen", evidence=evidence)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "acme.yaml"
        if flow:  # a hand-written file whose answer to this question is a flow mapping
            path.write_text((FIXTURES / "mini-answers.yaml").read_text())
            store = AnswersStore.open(path, QUESTIONNAIRE)
        else:
            store = AnswersStore.create(path, load_questionnaire(QUESTIONNAIRE), QUESTIONNAIRE, "Acme", "2026-Q2")
            store.add_respondent("Ann", "CDO")
        store.record("Ann", "ownership.owner", answer)
        assert load_assessment(path, QUESTIONNAIRE).answers.respondents[0].answers["ownership.owner"] == answer


def test_evidence_is_written_in_the_form_people_write_it() -> None:
    evidence = [
        EvidenceItem(kind="artifact", date=datetime.date(2026, 8, 14), reference="RACI v3"),
        EvidenceItem(kind="observed"),
        EvidenceItem(kind="self-report", reference="- said: #1"),
    ]
    text = to_yaml(assessment(evidence, datetime.date(2026, 8, 20)), ["a.yaml"])
    assert "\nassessed_on: 2026-08-20\n" in text
    assert "          - {kind: artifact, date: 2026-08-14, reference: RACI v3}\n" in text
    assert "          - observed\n" in text
    assert "          - {kind: self-report, reference: '- said: #1'}\n" in text
    assert "      metrics.learning: 1\n" in text  # an answer without evidence stays a bare level


def test_an_answers_file_without_evidence_is_written_as_before() -> None:
    text = to_yaml(assessment([], None), ["a.yaml"])
    assert "evidence" not in text
    assert "assessed_on" not in text
    assert "      ownership.owner: 3\n" in text
