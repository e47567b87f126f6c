"""Matching questions across questionnaire versions, and the notes that say how they were matched."""

from __future__ import annotations

from aiopgap.analysis.questions import match_questions, question_mapping, replacement_links
from aiopgap.files.catalogue import catalogue
from tests.conftest import FIXTURES, Side
from tests.conftest import open_side as load

MINI_12 = FIXTURES / "mini-questionnaire.yaml"
MINI_13 = FIXTURES / "mini-questionnaire-1.3.yaml"


def _load(name: str) -> Side:
    return load(FIXTURES / name, catalogue([MINI_12, MINI_13]))


def test_match_questions_groups_components_in_new_order() -> None:
    groups = match_questions(["a", "b", "c", "x"], ["c", "b2", "b3", "d"], [("b", "b2"), ("b", "b3"), ("zz", "d")])
    assert groups == [(("c",), ("c",)), (("b",), ("b2", "b3")), ((), ("d",)), (("a",), ()), (("x",), ())]


def test_replacement_links_from_either_side() -> None:
    assert replacement_links({"n.b2": ("o.b",)}, {"o.x": ("n.y",)}) == (("o.b", "n.b2"), ("o.x", "n.y"))


def test_the_newer_questionnaire_maps_renamed_and_split_questions() -> None:
    old, new = _load("mini-answers.yaml"), _load("mini-answers-1.3.yaml")
    links, notes = question_mapping(old.report, new.report, old.questionnaire, new.questionnaire)
    assert ("ownership.budget", "ownership.budget-holder") in links
    assert ("metrics.override", "metrics.override-rate") in links
    assert notes == []
    backward, notes = question_mapping(new.report, old.report, new.questionnaire, old.questionnaire)
    assert ("ownership.budget-holder", "ownership.budget") in backward
    assert notes == []


def test_without_the_newer_questionnaire_the_note_says_which_to_pass() -> None:
    old, new = _load("mini-answers.yaml"), _load("mini-answers-1.3.yaml")
    links, notes = question_mapping(old.report, new.report, old.questionnaire, None)
    assert links == ()
    assert notes == [
        "questionnaire mini 1.3.0 (NEW) was not found, so questions it renamed or split are not mapped;"
        " pass it with --questionnaire"
    ]
    _, notes = question_mapping(new.report, old.report, None, old.questionnaire)
    assert notes[0].startswith("questionnaire mini 1.3.0 (OLD) was not found")


def test_the_same_version_or_different_questionnaires_need_no_mapping() -> None:
    old = _load("mini-answers.yaml")
    assert question_mapping(old.report, old.report, None, None) == ((), [])
    other = old.report.model_copy(update={"questionnaire_id": "other"})
    links, [note] = question_mapping(old.report, other, old.questionnaire, None)
    assert links == ()
    assert note == (
        "the assessments answer different questionnaires (mini and other); only questions with the same id are compared"
    )
