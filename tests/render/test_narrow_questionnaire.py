"""``questionnaire show`` in a narrow and a wide terminal: a level's text wraps under its text, never back
under the level's number, and every level reads whole once its lines are joined."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from aiopgap.files import resources
from aiopgap.files.documents import load_questionnaire
from tests.render.narrow import in_a_terminal, level_texts, one_line, shown


def _levels() -> list[str]:
    questionnaire = load_questionnaire(resources.default_questionnaire())
    return [
        one_line(text)
        for dimension in questionnaire.dimensions
        for question in dimension.questions
        for _, text in sorted(question.levels.items())
    ]


@pytest.mark.parametrize("width", [80, 120])
def test_level_text_wraps_with_a_hanging_indent(width: int) -> None:
    at = shown(("questionnaire", "show"), width)
    assert at.exit_code == 0, at.output[-400:]
    assert all(cell_len(line) <= width for line in at.output.splitlines())
    shown_levels = level_texts(at.output)
    assert shown_levels == _levels()  # each level, whole, in order: no line of one fell back under its number
    assert any(line.startswith("      ") and line.strip() for line in at.output.splitlines())  # some did wrap


def test_level_continuations_sit_under_the_text_in_a_real_process() -> None:
    done = in_a_terminal(("questionnaire", "show", "--dimension", "governance"), 80)
    assert done.returncode == 0, done.stderr[-400:]
    lines = done.stdout.splitlines()
    first = next(n for n, line in enumerate(lines) if line.startswith("   0  "))
    assert re.match(r" {6}\S", lines[first + 1]), lines[first : first + 3]  # under the text, not the number
    governance = load_questionnaire(resources.default_questionnaire()).dimensions
    expected = [
        one_line(text)
        for d in governance
        if d.id == "governance"
        for q in d.questions
        for _, text in sorted(q.levels.items())
    ]
    assert level_texts(done.stdout) == expected
