"""The formatting vocabulary: how numbers and changes read in every document."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.analysis.diff import change
from aiopgap.cli import app
from aiopgap.render.vocabulary import delta, gap, gap_word, marks_legend, percent_delta, priority, score, span


def test_delta_shows_direction_and_sign() -> None:
    assert delta(change(1.0, 1.5)) == "▲ +0.50"
    assert delta(change(2.0, 1.8)) == "▼ -0.20"
    assert delta(change(2.0, 2.0)) == "= 0.00"
    assert delta(change(None, 2.0)) == "new"
    assert percent_delta(change(0.8, 0.91)) == "▲ +11 pts"


def test_gap_words_read_a_falling_gap_as_closing() -> None:
    assert gap_word(change(1.0, 0.75)) == "closing by 0.25"
    assert gap_word(change(0.5, 0.75)) == "widening by 0.25"
    assert gap_word(change(None, 0.75)) == ""
    assert span("Emerging", "Emerging") == "Emerging"
    assert span("Emerging", "Defined") == "Emerging → Defined"


WORDS_TEMPLATE = (
    "{{ report.score | score(2) }}|{{ score(report.score, 2) }}|{{ percent(report.coverage) }}"
    "|{{ report.coverage | percent }}|{{ sparkline([0, 2, 4, none], 4) }}|{{ mark('flagged') }}\n"
)


def test_scores_gaps_and_changes_have_two_decimals_and_priorities_one() -> None:
    assert (score(3), score(1.3), gap(0.5), gap(0.001)) == ("3.00", "1.30", "+0.50", "0.00")
    assert gap_word(change(1.0, 0.7)) == "closing by 0.30"
    assert (priority(35), priority(25.75)) == ("35.0", "25.8")


def test_the_marks_legend_never_puts_a_dot_between_marks_since_a_dot_is_a_mark() -> None:
    assert marks_legend() == "● flagged, ◐ watch, ○ not flagged, ? not evaluable, · not reported that period"
    assert "· ·" not in marks_legend()


@pytest.mark.parametrize("name", ["report.md.j2", "report.html.j2"])
def test_every_word_is_a_filter_and_a_function_in_every_template(
    name: str, mini_answers: Path, mini_questionnaire: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "brand"
    folder.mkdir()
    (folder / name).write_text(WORDS_TEMPLATE, encoding="utf-8")
    fmt = "markdown" if name.endswith(".md.j2") else "html"
    args = ["report", str(mini_answers), "-Q", str(mini_questionnaire), "-f", fmt, "--template-dir", str(folder)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "2.11|2.11|80%|80%|▁▅█·|●\n"
    proc = subprocess.run([sys.executable, "-m", "aiopgap", *args], capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout) == (0, result.stdout), proc.stderr
