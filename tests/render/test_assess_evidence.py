"""Evidence on the assess screen: e marks the kind, r and d the reference and date, + another item."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from aiopgap.model.answers import Answer
from aiopgap.model.evidence import EvidenceItem
from aiopgap.model.interview import Reply
from aiopgap.render.assess_evidence import EvidenceDraft, item_text
from aiopgap.render.assess_screen import QuestionState, footer
from tests.render.test_assess_screen import TAB, ask, run_screen, step_for, text_of

RACI = EvidenceItem(kind="artifact", date=datetime.date(2026, 8, 14), reference="RACI v3")
BACKSPACE = "\x7f"
BACK_TAB = "\x1b[Z"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input, create_app_session(input=pipe_input, output=DummyOutput()):
        yield pipe_input


@pytest.mark.parametrize(
    ("keys", "evidence"),
    [
        ("3\r", ()),
        ("3e\r", (EvidenceItem(kind="artifact"),)),
        ("e3e\r", (EvidenceItem(kind="observed"),)),
        ("3eee\r", (EvidenceItem(kind="self-report"),)),
        ("3eeee\r", ()),  # round to none again
        (f"3erRACI v3{TAB}2026-08-14\r", (RACI,)),  # Tab from the reference goes to the date
        (f"3ed 2026-08-14 {BACK_TAB}rRACI v3\r", (RACI,)),  # Shift-Tab back to the choices
        (
            f"3erRACI v3{BACK_TAB}+e\r",
            (EvidenceItem(kind="artifact", reference="RACI v3"), EvidenceItem(kind="observed")),
        ),
        # keys typed in a field are text: e, r, d, s, + and digits do not act there
        ("3erers+d 1\r", (EvidenceItem(kind="artifact", reference="ers+d 1"),)),
    ],
)
def test_evidence_keys(
    pipe: PipeInput, mini_questionnaire: Path, keys: str, evidence: tuple[EvidenceItem, ...]
) -> None:
    assert ask(pipe, step_for(mini_questionnaire, "ownership.owner"), keys) == Reply.answer(3, None, evidence)


def test_na_answers_carry_evidence_too(pipe: PipeInput, mini_questionnaire: Path) -> None:
    reply = ask(pipe, step_for(mini_questionnaire, "ownership.vendor"), "neerno vendor contracts\r")
    assert reply == Reply.na(None, (EvidenceItem(kind="observed", reference="no vendor contracts"),))


@pytest.mark.parametrize("typed", ["2026-13-01", "20260801", "yesterday", "2026-02-30"])
def test_a_bad_date_is_refused_on_the_screen_and_kept_to_correct(
    pipe: PipeInput, mini_questionnaire: Path, typed: str
) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    state.choose(3)
    state.cycle_evidence()
    assert state.confirm("", "RACI v3", typed) is None
    assert state.refused == "date"
    assert state.message.startswith("Date: ")
    assert "a date is written YYYY-MM-DD" in state.message
    # through the keys: Enter stays on the date field, what was typed is there to correct
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    keys = f"3ed{typed}\r{BACKSPACE * len(typed)}2026-08-14\r"
    assert run_screen(pipe, state, keys) == Reply.answer(3, None, (EvidenceItem(kind="artifact", date=RACI.date),))


def test_a_reference_too_long_is_refused_with_its_length(mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    state.choose(2)
    state.cycle_evidence()
    assert state.confirm("", "x" * 501, "") is None
    assert state.refused == "reference"
    assert state.message.startswith("Reference: 501 characters, and an answers file holds at most 500")
    reply = state.confirm("", "x" * 500, "")
    assert reply is not None
    assert reply.evidence == (EvidenceItem(kind="artifact", reference="x" * 500),)


def test_going_back_opens_the_last_item_to_edit_and_keeps_the_others(pipe: PipeInput, mini_questionnaire: Path) -> None:
    current = Answer(level=3, note="seen", evidence=(RACI, EvidenceItem(kind="observed")))
    step = step_for(mini_questionnaire, "ownership.owner", current=current)
    assert ask(pipe, step, "\r") == Reply.answer(3, "seen", current.evidence)
    # the observation becomes self-report; the RACI chart stays as it was
    assert ask(pipe, step, "e\r") == Reply.answer(3, "seen", (RACI, EvidenceItem(kind="self-report")))
    # the open item is taken away by stepping its kind round to none
    assert ask(pipe, step, "ee\r") == Reply.answer(3, "seen", (RACI,))
    step = step_for(mini_questionnaire, "ownership.owner", current=Answer(level=2, evidence=(RACI,)))
    edited = f"d{BACKSPACE * 2}20{TAB}\r"
    assert ask(pipe, step, edited) == Reply.answer(
        2, None, (RACI.model_copy(update={"date": datetime.date(2026, 8, 20)}),)
    )


def test_the_screen_shows_the_evidence_and_its_keys(mini_questionnaire: Path) -> None:
    draft = EvidenceDraft.of(Answer(level=3, evidence=(RACI, EvidenceItem(kind="observed"))))
    assert text_of(draft.lines()) == "Evidence: artifact 2026-08-14 RACI v3\n   and:   observed   (e: change)"
    assert (draft.reference, draft.date) == ("", "")
    none = EvidenceDraft.of(None)
    assert text_of(none.lines()) == "Evidence: none (e: artifact, observed, self-report)"
    assert item_text(RACI) == "artifact 2026-08-14 RACI v3"
    step = step_for(mini_questionnaire, "ownership.owner")
    assert "e evidence" in text_of(footer(step))
    assert "r/d reference/date" not in text_of(footer(step))
    assert "r/d reference/date  + another item" in text_of(footer(step, evidence_kind=True))


def test_plus_without_a_kind_says_to_choose_one(mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    assert not state.add_evidence("RACI", "")
    assert state.message == "Choose a kind of evidence first (e)."
    state.cycle_evidence()
    assert not state.add_evidence("RACI", "14/08/2026")
    assert state.refused == "date"


def test_bytes_that_were_not_utf8_in_a_reference_are_kept_as_replacement_characters(mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    state.choose(1)
    state.cycle_evidence()
    reply = state.confirm("", "RACI \udcff v3", "")
    assert reply is not None
    assert reply.evidence == (EvidenceItem(kind="artifact", reference="RACI \ufffd v3"),)
