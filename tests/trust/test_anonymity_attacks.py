"""An attacker's names against `--anonymise`: no respondent's name survives in any format.

The generator names respondents with accented letters, with names hidden inside other words of the
notes ("Ana" in "Analysis"), with names that are role words ("Chief Risk"), and mentions them in
notes, evidence, rationales and dissent in any case. A name part may legitimately appear in an
anonymised report as an ordinary word (a person called "Risk" beside the role "Chief Risk
Officer"), so each word is counted against the same answers with every name replaced by a neutral
one: the anonymised output may hold a name part no more often than that neutral output does, and
never a full name.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.anonymity import anonymised
from aiopgap.analysis.report import analyse
from aiopgap.files.documents import Assessment, load_questionnaire
from aiopgap.model.answers import Answers, name_key
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.render.export import RESPONSE_COLUMNS, response_rows, table_text
from aiopgap.render.formats import Format
from aiopgap.render.report import render
from tests.conftest import FIXTURES, examples

QUESTIONS = ("ownership.owner", "ownership.budget", "metrics.learning")
ROLES = ("Chief Risk Officer", "Head of Data", "CTO", "chief risk officer")
ROLE_WORDS = ("Chief", "Risk", "Officer", "Head", "Data")
HIDDEN = ("Ana", "Lys", "Team", "Own")  # inside the notes' words: Analysis, Analysts, Teams, Owner
LETTERS = "abcdefghijklmnopqrstuvwxyzéèüöñçøåłßíó"
NOTES = (
    "{name} thinks otherwise.",
    "Ask {upper} about the Analysis; the Analysts agree.",
    "{lower_first}'s Teams handle it.",
    "The Owner is {first_last}, or so {name} said.",
    "No one in particular.",
)

part = st.one_of(
    st.sampled_from(("José", "Núñez", "Zoë", "Ærøskøbing", "Łukasz", "Ömer", "Ingrid", "Siân")),
    st.sampled_from(ROLE_WORDS + HIDDEN),
    st.text(alphabet=LETTERS, min_size=3, max_size=9).map(str.capitalize),
)
full_name = st.tuples(part, part).map(" ".join)


def mention(template: str, name: str) -> str:
    first, *rest = name.split()
    return template.format(
        name=name, upper=name.upper(), lower_first=first.lower(), first_last=(rest or [first])[-1].swapcase()
    )


@st.composite
def workshops(draw: st.DrawFn) -> tuple[list[str], list[Any]]:
    """Names, and a plan of who says what about whom that :func:`built` writes out for any names."""
    names = draw(st.lists(full_name, min_size=1, max_size=8, unique_by=name_key))
    pick = st.integers(0, len(names) - 1)
    people = [
        (
            draw(st.sampled_from(ROLES)),
            [draw(st.integers(0, 4)) for _ in QUESTIONS],
            draw(st.sampled_from(NOTES)),
            draw(pick),
        )
        for _ in names
    ]
    return names, [people, draw(st.sampled_from(NOTES)), draw(pick), draw(pick)]


def built(plan: list[Any], names: list[str]) -> dict[str, Any]:
    people, rationale, mentioned, dissenter = plan
    respondents = []
    for name, (role, levels, note, other) in zip(names, people, strict=True):
        answer: dict[str, Any] = dict(zip(QUESTIONS, levels, strict=True))
        answer["ownership.owner"] = {
            "level": answer["ownership.owner"],
            "note": mention(note, names[other]),
            "evidence": [{"kind": "artifact", "reference": f"Deck from {names[other].lower()}"}],
        }
        respondents.append({"name": name, "role": role, "answers": answer})
    return {
        "questionnaire": {"id": "mini", "version": "1.2.0"},
        "organisation": "Acme",
        "period": "2026-Q3",
        "respondents": respondents,
        "consensus": {
            "metrics.learning": {
                "level": 2,
                "rationale": mention(rationale, names[mentioned]),
                "dissent": [{"name": names[dissenter].upper(), "note": mention(NOTES[1], names[dissenter])}],
            }
        },
        "initiatives": [{"name": "Claims bot", "stage": "pilot", "owners": [names[dissenter]], "horizon": "near"}],
    }


def outputs(questionnaire: Questionnaire, data: dict[str, Any]) -> str:
    answers = anonymised(Answers.model_validate(data))
    report = analyse(questionnaire, answers).model_copy(update={"anonymised": True})
    texts = [render(report, fmt) for fmt in (Format.terminal, Format.markdown, Format.html, Format.json)]
    assessment = Assessment(questionnaire, answers, "answers.yaml", "q.yaml")
    texts.append(table_text(RESPONSE_COLUMNS, response_rows(assessment, report)))
    return "\n".join(texts)


def count(words: str, text: str) -> int:
    """Whole-word occurrences of ``words`` in ``text``, in any case (full case folding) and any spacing."""
    pattern = r"\s+".join(re.escape(w) for w in words.casefold().split())
    return len(re.findall(rf"(?<!\w){pattern}(?!\w)", text.casefold()))


@settings(max_examples=examples(15, 1000))
@given(workshop=workshops())
def test_no_name_survives_anonymising_in_any_format(workshop: tuple[list[str], list[Any]]) -> None:
    names, plan = workshop
    neutral_names = [f"Qqneutral{chr(97 + i)} Wwplaceholder{chr(97 + i)}" for i in range(len(names))]
    questionnaire = load_questionnaire(FIXTURES / "mini-questionnaire.yaml")
    anonymous = outputs(questionnaire, built(plan, names))
    neutral = outputs(questionnaire, built(plan, neutral_names))
    for name in names:
        for words in (name, *name.split()):
            assert count(words, anonymous) <= count(words, neutral), words
