"""The evidence sections on any terminal width: contradictions, unverified questions, every symptom
condition and the evidence items, from 1 column to 300, through the real CLI and a real process.

A narrow terminal must never crash a command or drop a finding: the contradicted check and every
symptom state still appear (words may wrap, never vanish). Below 60 columns documents are laid out at
60 and the terminal wraps the lines (render.console.NARROWEST).

From 60 columns to 200, ``diff``, ``trend``, ``report`` and ``questionnaire show`` on the bundled
examples fit the terminal and show every value whole: no line wider than the terminal, no value cut
with an ellipsis, every value of every table (wide or stacked) on one line, every level's text whole.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files import resources
from aiopgap.files.documents import load_questionnaire
from tests.conftest import FIXTURES, examples
from tests.render.narrow import DOCUMENTS, in_a_terminal, level_texts, one_line, problems, shown, values

ANSWERS = FIXTURES / "evidence-answers.yaml"
QUESTIONNAIRE = FIXTURES / "evidence-questionnaire.yaml"
GATES = ("--fail-on-contradiction", "--min-confidence", "1")
COMMANDS = (
    ("report", str(ANSWERS), "-Q", str(QUESTIONNAIRE)),
    ("check", str(ANSWERS), "-Q", str(QUESTIONNAIRE), "--no-config", *GATES),
    ("questionnaire", "show", str(QUESTIONNAIRE), "--no-levels"),
)


def _letters(text: str) -> str:
    """The output with every layout character gone, so wrapped words can still be found."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


@settings(max_examples=examples(25, 300), deadline=None)
@given(width=st.integers(min_value=1, max_value=300), which=st.sampled_from(range(len(COMMANDS))))
def test_every_width_keeps_every_finding(width: int, which: int) -> None:
    args = COMMANDS[which]
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), "LINES": "40"})
    # report and questionnaire show succeed; check fails its gates (exit 1), never anything else
    assert result.exit_code in ((1,) if args[0] == "check" else (0,)), (width, result.output[-400:])
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    found = _letters(result.output)
    if args[0] == "report":
        for state in ("flagged", "watch", "notevaluable", "notflagged", "contradicted"):
            assert state in found, (width, state)
        # the evidence reference survives wrapping (a word may share its line with the next column)
        assert all(word in found for word in ("raci", "chart", "v3", "20250110")), width
    elif args[0] == "check":
        assert "contradiction" in found, width
        assert "confidence" in found, width


def test_a_one_column_terminal_in_a_real_process() -> None:
    done = in_a_terminal(COMMANDS[0], 1, lines=5)
    assert done.returncode == 0, done.stderr[-400:]
    assert done.stderr == ""
    assert "contradicted" in _letters(done.stdout)


def _level_texts() -> list[str]:
    questionnaire = load_questionnaire(resources.default_questionnaire())
    return [one_line(t) for d in questionnaire.dimensions for q in d.questions for _, t in sorted(q.levels.items())]


@settings(max_examples=examples(25, 300), deadline=None)
@given(width=st.integers(min_value=60, max_value=200), name=st.sampled_from([*DOCUMENTS, "questionnaire"]))
def test_every_width_from_60_shows_every_value_whole(width: int, name: str) -> None:
    args = ("questionnaire", "show") if name == "questionnaire" else DOCUMENTS[name]
    at = shown(args, width)
    assert at.exit_code == 0, (width, at.output[-400:])
    if name == "questionnaire":
        assert problems(at.output, width, []) == [], width
        assert level_texts(at.output) == _level_texts(), width
    else:
        expected = values(at.tables)
        assert expected, (name, width)
        assert problems(at.output, width, expected) == [], (name, width)
