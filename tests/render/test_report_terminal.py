"""The terminal report as a leader reads it: every recommendation (or how many more there are), each
dimension name on one line with its maturity in a column of its own, unscored dimensions saying so and
dimensions scored from few answers marked."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from rich.console import Console

from aiopgap.files.documents import catalogue
from aiopgap.model.report import Report
from aiopgap.render.formats import Format
from aiopgap.render.report import WIDTH, recommendation_table, render
from aiopgap.render.vocabulary import priority
from tests.conftest import EXAMPLES, open_side
from tests.render.narrow import in_a_terminal

NORTHBANK = EXAMPLES / "northbank-2026-Q3.yaml"

PARTIAL = """\
questionnaire:
  id: aiopgap-default
  version: 1.0.0
organisation: Partial Co
period: 2026-Q3
respondents:
  - name: Ana
    role: Chief Data Officer
    answers:
      ownership.single-accountable-owner: 3
      structure.persistent-teams: 2
      structure.team-composition: 2
      structure.embedded-risk-partners: 1
      structure.data-science-placement: 2
"""


def _report(path: Path) -> Report:
    return open_side(path, catalogue([])).report


@pytest.fixture(scope="module")
def northbank() -> Report:
    return _report(NORTHBANK)


def _text(renderable: object, width: int = WIDTH) -> str:
    console = Console(width=width, record=True, file=open(os.devnull, "w"), color_system=None)  # noqa: SIM115
    console.print(renderable)
    return console.export_text()


def test_the_terminal_report_lists_every_recommendation(northbank: Report) -> None:
    assert len(northbank.recommendations) == 6
    text = render(northbank, Format.terminal)
    for rec in northbank.recommendations:
        assert priority(rec.priority) in text
    assert "Lifecycle thinking over launch thinking" in text  # the sixth, once dropped
    assert "more (see the HTML report)" not in text


def test_a_capped_recommendation_table_says_how_many_more_there_are(northbank: Report) -> None:
    text = _text(recommendation_table(northbank, limit=4))
    assert "and 2 more (see the HTML report)" in text
    assert priority(northbank.recommendations[3].priority) in text
    assert priority(northbank.recommendations[4].priority) not in text


def test_each_dimension_name_stays_on_one_line_beside_its_own_maturity_column(northbank: Report) -> None:
    lines = render(northbank, Format.terminal).splitlines()
    header = next(line for line in lines if "Maturity" in line)
    for d in northbank.dimensions:
        row = next(line for line in lines if d.name in line)  # whole, on one line
        assert d.maturity is not None
        assert row.index(d.maturity) == header.index("Maturity")  # in the Maturity column, not under the name
    assert all(len(line) <= WIDTH for line in lines)


def test_unscored_and_low_coverage_dimensions_say_so_in_plain_words(tmp_path: Path) -> None:
    answers = tmp_path / "partial.yaml"
    answers.write_text(PARTIAL, encoding="utf-8")
    report = _report(answers)
    text = render(report, Format.terminal)
    rows = {d.id: d for d in report.dimensions}
    assert rows["ownership"].low_coverage()
    assert not rows["structure"].low_coverage()
    assert f"low coverage: 1 of {rows['ownership'].total} answered" in text
    assert text.count("low coverage:") == 1  # structure, scored from 4 of 7, is not marked
    governance = next(line for line in text.splitlines() if "Governance and decision-making" in line)
    assert "not scored" in governance
    assert "Low coverage: scored from fewer than half of its questions" in text  # the caption says what it means


def test_the_command_prints_all_six_recommendations() -> None:
    done = in_a_terminal(["report", str(NORTHBANK)], columns=WIDTH)
    assert done.returncode == 0, done.stderr
    section = done.stdout.split("What to do next quarter", 1)[1]
    for shown in ("35.0", "29.5", "25.8", "25.5", "25.2", "22.8"):
        assert shown in section
    assert "Lifecycle thinking over launch thinking" in section
