"""The terminal prompter: its keys through prompt_toolkit's own pipe input (no terminal needed), then its parts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from prompt_toolkit.application import Application, create_app_session
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.input import PipeInput, create_pipe_input
from prompt_toolkit.output import DummyOutput

from aiopgap.analysis.interview import progress, session_questions
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.answers import Answer
from aiopgap.model.base import NA
from aiopgap.model.interview import Action, Reply, Step
from aiopgap.render.assess_layout import SessionInfo, footer, header, progress_line, question_text, rule
from aiopgap.render.assess_screen import NA_CHOICE, QuestionScreen, QuestionState, choice_lines, key_bindings
from aiopgap.render.assess_terminal import TerminalPrompter

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
    line = "".join(text for _, text, *_ in progress_line(state, bars=True))
    assert line == "ownership ■□□ 1/3   metrics □□ 0/2"
    assert text_of(header(INFO, state, 100)).splitlines()[0].endswith("Overall 1/5 answered (20%)")


# ---------------------------------------------------------------------- the parts, one at a time


def text_of(parts: StyleAndTextTuples) -> str:
    return "".join(text for _, text, *_ in parts)


def test_up_from_nothing_goes_to_the_last_choice_and_stops_at_the_first(mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.vendor"))
    assert state.choices == (0, 1, 2, 3, 4, NA_CHOICE)
    assert state.selected is None
    state.up()
    assert state.choices[state.selected or 0] == NA_CHOICE
    for _ in range(10):
        state.up()
    assert state.selected == 0
    for _ in range(10):
        state.down()
    assert state.selected == 5


def test_enter_with_nothing_chosen_asks_to_choose_and_choosing_clears_it(mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    assert state.confirm("a note") is None
    assert state.message == "Choose a level first (0-4, or ↑↓), or press s to skip."
    state.choose(2)
    assert state.message == ""
    assert state.confirm("  a note  ") == Reply.answer(2, "a note")
    assert state.confirm("   ") == Reply.answer(2)


def test_going_back_shows_the_earlier_answer_with_its_note(mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.vendor", Answer(level=NA, note="no vendors")))
    assert state.choices[state.selected or 0] == NA_CHOICE
    assert state.note == "no vendors"
    assert state.confirm(state.note) == Reply.na("no vendors")
    lines = text_of(choice_lines(state, 80)).splitlines()
    assert lines[-1] == "❯   n  n/a: does not apply here   (current answer)"
    assert lines[0] == "    0  None."


def test_an_answer_the_file_refused_is_offered_again_with_the_reason(mini_questionnaire: Path) -> None:
    step = replace(step_for(mini_questionnaire, "ownership.owner", Answer(level=3, note="kept")), error="NOT SAVED: x.")
    state = QuestionState.of(step)
    assert state.message == "NOT SAVED: x. Press Enter to try again."
    assert state.confirm(state.note) == Reply.answer(3, "kept")


def test_number_keys_choose_levels_0_to_9_only(mini_questionnaire: Path) -> None:
    step = step_for(mini_questionnaire, "ownership.owner")
    many = step.question.model_copy(update={"levels": {n: f"Level {n}." for n in range(12)}})
    assert QuestionState.of(replace(step, question=many)).number_keys == list(range(10))
    assert QuestionState.of(step).number_keys == [0, 1, 2, 3, 4]


def test_long_choices_wrap_under_their_text(mini_questionnaire: Path) -> None:
    step = step_for(mini_questionnaire, "ownership.owner")
    wordy = step.question.model_copy(update={"levels": {0: "None at all.", 1: "Some of it, in a few teams."}})
    state = QuestionState.of(replace(step, question=wordy))
    state.choose(1)
    assert text_of(choice_lines(state, 24)).splitlines() == [
        "    0  None at all.",
        "❯   1  Some of it, in a",
        "       few teams.",
    ]


def test_the_footer_offers_back_and_na_only_where_they_apply(mini_questionnaire: Path) -> None:
    first = text_of(footer(step_for(mini_questionnaire, "ownership.owner", back=False)))
    assert "b/← back" not in first
    assert "n n/a" not in first
    later = text_of(footer(step_for(mini_questionnaire, "ownership.vendor")))
    assert "b/← back" in later
    assert "n n/a" in later
    assert later.startswith("↑↓ move  0-4 choose  n n/a  Enter confirm + save  Tab note  e evidence  ? help  s skip")


def test_header_rule_and_question_say_who_where_and_which(mini_questionnaire: Path) -> None:
    step = step_for(mini_questionnaire, "ownership.budget")
    assert text_of(header(INFO, step.progress, 100)).splitlines() == [
        "Acme · 2026-Q2   respondent: Ann (CDO)   Overall 0/5 answered (0%)",
        "ownership □□□ 0/3   metrics □□ 0/2",
    ]
    assert text_of(rule("acme.yaml", 70)) == "── every answer is saved to acme.yaml when you press Enter " + "─" * 11
    assert len(text_of(rule("a-very-long-file-name.yaml", 40))) == 40
    assert text_of(question_text(step, 80)).splitlines() == [
        "Ownership · Who owns what?   question 2 of 5 · 1 of 3 in this dimension",
        "",
        "Who holds the budget?  [ownership.budget]",
    ]


def run_screen(pipe: PipeInput, state: QuestionState, keys: str) -> Reply:
    """The screen and its keys, put together here rather than by the prompter, so the state can be read after."""
    screen = QuestionScreen(INFO, state)
    pipe.send_text(keys)
    app: Application[Reply] = Application(
        layout=screen.layout, key_bindings=key_bindings(state, screen), input=pipe, output=DummyOutput()
    )
    return app.run()


def test_help_key_toggles_help_and_ctrl_c_stops(pipe: PipeInput, mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    assert run_screen(pipe, state, "?j\x03") == Reply.quit()
    assert state.show_help
    assert state.selected == 0
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    assert run_screen(pipe, state, "?h\x04") == Reply.quit()
    assert not state.show_help


def test_a_note_survives_moving_between_the_note_and_the_choices(pipe: PipeInput, mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    keys = f"2{TAB}three teams{ESC}{DOWN}{TAB}, one budget\x1b[Z{UP}{UP}\r"
    assert run_screen(pipe, state, keys) == Reply.answer(1, "three teams, one budget")


def test_keys_on_the_note_type_text_rather_than_choose(pipe: PipeInput, mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.vendor"))
    assert run_screen(pipe, state, f"1{TAB}n s b 3 ?\r") == Reply.answer(1, "n s b 3 ?")
    assert not state.show_help


def test_enter_on_the_note_with_nothing_chosen_returns_to_the_choices(
    pipe: PipeInput, mini_questionnaire: Path
) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    assert run_screen(pipe, state, f"{TAB}draft\r4\r") == Reply.answer(4, "draft")


def test_skip_keeps_a_typed_note_and_a_draft_opens_in_the_note_field(pipe: PipeInput, mini_questionnaire: Path) -> None:
    state = QuestionState.of(step_for(mini_questionnaire, "ownership.owner"))
    assert run_screen(pipe, state, f"{TAB}half a thought{ESC}s") == Reply.skip("half a thought")
    drafted = replace(step_for(mini_questionnaire, "ownership.owner"), draft_note="half a thought")
    assert QuestionState.of(drafted).note == "half a thought"
    assert ask(pipe, drafted, f"2{TAB}, more\r") == Reply.answer(2, "half a thought, more")
    # skipping an answered question with its note untouched hands back nothing new
    answered = step_for(mini_questionnaire, "ownership.owner", Answer(level=1, note="as saved"))
    assert ask(pipe, answered, "s") == Reply.skip()
