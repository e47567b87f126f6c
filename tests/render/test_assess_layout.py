"""The assess screen's fitting: lines that shorten at every width, choices that scroll, help that folds."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.interview import progress, session_questions
from aiopgap.files import resources
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.interview import Step
from aiopgap.render.assess_layout import (
    Block,
    SessionInfo,
    body,
    footer,
    header,
    help_versions,
    plain,
    question_place,
    rule,
    view,
)

QUESTIONNAIRE = load_questionnaire(resources.default_questionnaire())
QUESTIONS = session_questions(QUESTIONNAIRE)
LONG = SessionInfo(
    "Société Générale des Opérations Numériques et Financières",
    "2026-Q3",
    "Marie-Hélène Dubois-Lefèvre",
    "Directrice des opérations et de la transformation",
    "societe-generale-2026-q3.yaml",
)
SHORT = SessionInfo("Acme", "2026-Q2", "Ann", "CDO", "acme.yaml")


def step_at(index: int, back: bool = True) -> Step:
    dim, question = QUESTIONS[index]
    in_dim = [q.id for d, q in QUESTIONS if d.id == dim.id]
    return Step(
        question, dim, index + 1, len(QUESTIONS), in_dim.index(question.id) + 1, len(in_dim), None, back,
        progress(QUESTIONS, {}),
    )  # fmt: skip


def rows(parts: object) -> list[str]:
    return plain(parts).split("\n")  # type: ignore[arg-type]


@pytest.mark.parametrize("width", range(60, 201))
def test_header_question_line_rule_and_keys_fit_every_width_from_60_to_200(width: int) -> None:
    step = replace(step_at(34), question=QUESTIONS[34][1].model_copy(update={"allow_na": True}))
    for info in (SHORT, LONG):
        assert [len(row) <= width for row in rows(header(info, step.progress, width))] == [True, True]
        assert len(rows(rule(info.file, width))[0]) == width
    for parts in (question_place(step, width), footer(step, False, width), footer(step, True, width)):
        assert len(rows(parts)) == 1
        assert len(rows(parts)[0]) <= width
    keys = plain(footer(step, True, width))
    assert "Enter" in keys
    assert "? help" in keys


def test_lines_shorten_by_words_not_mid_word() -> None:
    step = step_at(0, back=False)
    assert plain(footer(step, False, 200)).startswith("↑↓ move  0-4 choose  Enter confirm + save  Tab note")
    assert (
        plain(footer(step, False, 79)) == "↑↓ 0-4 choose  Enter save  Tab note  e evidence  ? help  s skip  Ctrl-C stop"
    )
    assert plain(footer(step, False, 60)) == "↑↓ 0-4 choose  Enter save  Tab note  ? help  s skip"
    assert rows(header(SHORT, step.progress, 120)) == [
        "Acme · 2026-Q2   respondent: Ann (CDO)   Overall 0/35 answered (0%)",
        "ownership □□□□□□□ 0/7   structure □□□□□□□ 0/7   governance □□□□□□□ 0/7   process □□□□□□□ 0/7   "
        "metrics □□□□□□□ 0/7",
    ]
    assert rows(header(SHORT, step.progress, 79)) == [
        "Acme · 2026-Q2   respondent: Ann (CDO)   Overall 0/35 answered (0%)",
        "ownership 0/7 · structure 0/7 · governance 0/7 · process 0/7 · metrics 0/7",
    ]
    assert (
        plain(question_place(step, 79)) == "Ownership and accountability   question 1 of 35 · 1 of 7 in this dimension"
    )
    assert plain(question_place(step, 59)) == "Ownership and accountability   question 1 of 35"


def test_the_question_says_its_place_in_the_questionnaire_however_many_were_answered_before() -> None:
    resumed = step_at(2)  # a session resumed after two answers opens on the third question
    place = plain(question_place(resumed, 120))
    assert "question 3 of 35" in place
    assert "3 of 7 in this dimension" in place
    assert "session" not in place


def test_help_speaks_to_the_respondent_and_names_the_keys() -> None:
    step = step_at(0)
    full = " ".join(plain(row) for row in help_versions(step, 79)[0])
    assert full.startswith("Help: choose the level that best describes your organisation today")
    for keys in ("↑↓ or 0-4 choose a level", "Enter saves it", "Tab writes a note", "s leaves the question", "b goes"):
        assert keys in full
    assert step.question.help[:40] not in full  # the facilitator's guidance is not the respondent's help
    short = help_versions(step, 79)[-2]
    assert [plain(row) for row in short] == [
        "Help: choose the level that best describes your organisation today (? closes)."
    ]


def choice_rows(sizes: list[int]) -> tuple[list[list[tuple[str, str]]], list[Block]]:
    rows: list[list[tuple[str, str]]] = []
    blocks = []
    for number, size in enumerate(sizes):
        blocks.append(Block(len(rows), size))
        rows += [[("", f"choice {number} row {r}")] for r in range(size)]
    return rows, blocks


@settings(max_examples=300, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 5), min_size=1, max_size=12),
    height=st.integers(1, 40),
    moves=st.lists(st.integers(0, 11), max_size=8),
    help_size=st.integers(0, 12),
)
def test_the_selected_choice_is_always_whole_on_screen(
    sizes: list[int], height: int, moves: list[int], help_size: int
) -> None:
    rows, blocks = choice_rows(sizes)
    helps = [[[("", "help")]] * help_size, [[("", "short help")]]] if help_size else []
    top = 0
    for move in moves:
        block = blocks[move % len(blocks)]
        shown, where = body(rows, block, helps, height, top, [b.start for b in blocks])
        top = where.top
        assert len(shown) <= height
        if block.size + 2 <= height:
            texts = [plain(row) for row in shown]
            assert all(f"choice {move % len(blocks)} row {r}" in texts for r in range(block.size))
        if len(rows) <= height and not helps:
            assert len(shown) == len(rows)  # everything fits: no scrolling, no markers


def test_help_folds_to_one_line_when_the_choices_need_the_room() -> None:
    rows, blocks = choice_rows([3, 3, 3, 3])
    helps = [[[("", "long help")]] * 6, [[("", "short help")]]]
    shown, _ = body(rows, blocks[3], helps, 20, 0, [b.start for b in blocks])
    assert [plain(r) for r in shown][:7] == ["long help"] * 6 + [""]
    shown, _ = body(rows, blocks[3], helps, 8, 0, [b.start for b in blocks])
    texts = [plain(r) for r in shown]
    assert texts[:2] == ["short help", ""]
    assert texts[-3:] == ["choice 3 row 0", "choice 3 row 1", "choice 3 row 2"]
    shown, _ = body(rows, blocks[3], helps, 4, 0, [b.start for b in blocks])
    assert "short help" not in [plain(r) for r in shown]  # no room: the choice comes first


def test_the_list_scrolls_by_whole_choices_and_keeps_still_while_it_can() -> None:
    starts = [0, 3, 6, 9]
    first = view(12, 8, Block(9, 3), 0, starts)
    assert first.top in starts
    assert first.above
    assert not first.below
    assert view(12, 8, Block(6, 3), first.top, starts).top == first.top  # still visible: no jump
    assert view(12, 8, Block(0, 3), first.top, starts) == view(12, 8, Block(0, 3), 0, starts)
