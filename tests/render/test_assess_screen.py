"""The terminal prompter's keys, driven through prompt_toolkit's own pipe input (no terminal needed)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from aiopgap.analysis.interview import progress, session_questions
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.answers import Answer
from aiopgap.model.base import NA
from aiopgap.model.interview import Action, Reply, Step
from aiopgap.render.assess_screen import SessionInfo, TerminalPrompter, overall, progress_line

INFO = SessionInfo("Acme", "2026-Q2", "Ann", "CDO", "acme.yaml")
UP, DOWN, LEFT, TAB, ESC = "\x1b[A", "\x1b[B", "\x1b[D", "\t", "\x1b"


@pytest.fixture
def pipe() -> Iterator[PipeInput]:
    with create_pipe_input() as pipe_input, create_app_session(input=pipe_input, output=DummyOutput()):
        yield pipe_input


def step_for(mini_questionnaire: Path, question_id: str, current: Answer | None = None, back: bool = True) -> Step:
    questions = session_questions(load_questionnaire(mini_questionnaire))
    index = next(i for i, (_, q) in enumerate(questions) if q.id == question_id)
    dim, question = questions[index]
    return Step(question, dim, index + 1, len(questions), 1, 3, current, back, progress(questions, {}))


def ask(pipe: PipeInput, step: Step, keys: str) -> Reply:
    pipe.send_text(keys)
    return TerminalPrompter(INFO, input=pipe, output=DummyOutput()).ask(step)


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        ("3\r", Reply.answer(3)),
        ("9\r3\r", Reply.answer(3)),  # 9 is not a level: ignored
        (f"{DOWN}{DOWN}\r", Reply.answer(1)),
        (f"{UP}\r", Reply.answer(4)),  # up from nothing selected goes to the last choice
        (f"4{UP}{UP}k\r", Reply.answer(1)),
        (f"2{TAB}three teams, one budget\r", Reply.answer(2, "three teams, one budget")),
        (f"{TAB}note first{TAB}1\r", Reply.answer(1, "note first")),
        ("\r2\r", Reply.answer(2)),  # Enter with nothing chosen asks to choose first
        ("s", Reply.skip()),
        ("b", Reply.back()),
        (LEFT, Reply.back()),
        ("?2\r", Reply.answer(2)),
        ("\x03", Reply.quit()),
        ("\x04", Reply.quit()),
    ],
)
def test_keys(pipe: PipeInput, mini_questionnaire: Path, keys: str, expected: Reply) -> None:
    assert ask(pipe, step_for(mini_questionnaire, "ownership.owner"), keys) == expected


def test_n_chooses_na_only_where_allowed(pipe: PipeInput, mini_questionnaire: Path) -> None:
    assert ask(pipe, step_for(mini_questionnaire, "ownership.vendor"), "n\r") == Reply.na()
    assert ask(pipe, step_for(mini_questionnaire, "ownership.vendor"), f"{UP}\r") == Reply.na()
    assert ask(pipe, step_for(mini_questionnaire, "ownership.owner"), "n1\r").action is Action.ANSWER


def test_back_is_not_offered_on_the_first_question(pipe: PipeInput, mini_questionnaire: Path) -> None:
    assert ask(pipe, step_for(mini_questionnaire, "ownership.owner", back=False), "b2\r") == Reply.answer(2)


def test_current_answer_and_note_are_preselected(pipe: PipeInput, mini_questionnaire: Path) -> None:
    step = step_for(mini_questionnaire, "ownership.vendor", current=Answer(level=NA, note="no vendors"))
    assert ask(pipe, step, "\r") == Reply.na("no vendors")
    step = step_for(mini_questionnaire, "ownership.owner", current=Answer(level=3, note="old"))
    assert ask(pipe, step, f"{DOWN}{TAB}\x7f\x7f\x7fnew\r") == Reply.answer(4, "new")


def test_progress_line_shows_every_dimension_and_overall(mini_questionnaire: Path) -> None:
    questions = session_questions(load_questionnaire(mini_questionnaire))
    state = progress(questions, {"ownership.owner": Answer(level=1)})
    line = "".join(text for _, text, *_ in progress_line(state))
    assert line == "ownership ■□□ 1/3   metrics □□ 0/2"
    assert overall(state) == "Overall 1/5 answered (20%)"
