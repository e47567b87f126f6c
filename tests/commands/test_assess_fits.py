"""``aiopgap assess`` fits the terminal: at 80x24 and 120x40, in a real pseudo-terminal, every level of a
walked question is seen whole before it is chosen, with help open too, and the header and key bar
never wrap. The normal suite walks a sample (the five wordiest questions, the hardest to fit);
tests/trust/test_assess_walk.py walks every question.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files import resources
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.questionnaire import Question
from tests.assess_screen_walk import check_choice, expected_choices, flat, selected, walk
from tests.pty_terminal import DOWN, UP, Terminal

pytestmark = pytest.mark.slow

SIZES = [(80, 24), (120, 40)]


def wordiest(count: int) -> set[str]:
    """The ids of the ``count`` questions with the most text: the hardest to fit."""
    questions = load_questionnaire(resources.default_questionnaire()).questions()
    ranked = sorted(questions, key=lambda q: len(q.prompt) + sum(len(t) for t in q.levels.values()), reverse=True)
    return {q.id for q in ranked[:count]}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_sample_of_questions_shows_every_level_whole_before_it_is_chosen(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    sample = wordiest(5)
    assert walk(tmp_path, size, lambda _, question: question.id in sample) == len(sample)


def first_question_screen(tmp_path: Path, size: tuple[int, int]) -> tuple[Terminal, Question]:
    question = load_questionnaire(resources.default_questionnaire()).questions()[0]
    term = Terminal(
        "assess",
        "a.yaml",
        "--org",
        "Acme",
        "--period",
        "2026-Q3",
        "--respondent",
        "Ann",
        "--role",
        "CDO",
        cwd=tmp_path,
        size=size,
    )
    term.wait_for_question(question.id)
    return term, question


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_with_help_open_every_level_can_still_be_seen_and_chosen(tmp_path: Path, size: tuple[int, int]) -> None:
    term, question = first_question_screen(tmp_path, size)
    term.send("?")
    screen = term.wait_for("Help:")
    assert "best describes your organisation today" in flat(screen)
    choices = expected_choices(question)
    for label, text in choices:  # down through every level, help open all along
        term.send(DOWN)
        check_choice(term, question, label, text, size[0])
        assert "Help:" in term.text()
    for label, text in reversed(choices[:-1]):  # and back up
        term.send(UP)
        check_choice(term, question, label, text, size[0])
    term.send("\x03")
    assert term.wait_exit() == 130


def test_header_and_key_bar_shorten_rather_than_wrap(tmp_path: Path) -> None:
    """At 80 columns (every width from 60 to 200 is in tests/render/test_assess_layout.py)."""
    term, _ = first_question_screen(tmp_path, (80, 24))
    rows = term.wait_for("? help").splitlines()
    header = next(i for i, row in enumerate(rows) if row.startswith("Acme"))
    assert rows[header + 1].startswith("owne")  # the per-dimension progress, on the next line
    assert rows[header + 2].startswith("──")  # and the rule right after: nothing wrapped
    keys = next(row for row in rows if "? help" in row)
    assert keys.startswith("↑↓")
    assert keys.rstrip().endswith("stop")
    assert selected(term.text()) is None
    term.send("\x03")
    assert term.wait_exit() == 130
