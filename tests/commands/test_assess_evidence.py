"""``aiopgap assess`` records evidence: the real command in a pseudo-terminal, saved with each answer."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from aiopgap.model.answers import Answer
from aiopgap.model.evidence import EvidenceItem
from tests.commands.test_assess import answers_in, new_session
from tests.pty_terminal import CTRL_C, ENTER, TAB, Terminal

pytestmark = pytest.mark.slow

RACI = EvidenceItem(kind="artifact", date=datetime.date(2026, 8, 14), reference="RACI v3: owners #1")
BACKSPACE = "\x7f"


def test_evidence_is_saved_with_the_answer_shown_and_editable_when_going_back(tmp_path: Path) -> None:
    term = new_session(tmp_path)
    screen = term.wait_for_question("ownership.owner")
    assert "Evidence: none (e: artifact, observed, self-report)" in screen
    assert "e evidence" in screen
    term.send("3e")
    screen = term.wait_for("Reference:")
    assert "Evidence: artifact   (e: change)" in screen
    assert "r/d ref/date" in screen
    term.send(f"rRACI v3: owners #1{TAB}2026-8-14{ENTER}")  # a date not written YYYY-MM-DD
    screen = term.wait_for("Date: a date is written YYYY-MM-DD")
    assert "[ownership.owner]" in screen
    assert "ownership.owner" not in answers_in(tmp_path / "acme.yaml", "Ann")  # nothing saved yet
    term.send(f"{BACKSPACE * 4}08-14{ENTER}")  # corrected in place: the reference was kept
    screen = term.wait_for_question("ownership.budget")
    assert "✓ ownership.owner → 3 · Most.  (evidence: artifact)  saved in " in screen
    assert answers_in(tmp_path / "acme.yaml", "Ann") == {"ownership.owner": Answer(level=3, evidence=(RACI,))}
    term.send("b")  # back: the evidence is shown, its last item open to edit
    screen = term.wait_for("(current answer)")
    assert "Evidence: artifact   (e: change)" in screen
    assert "Reference: RACI v3: owners #1" in screen
    assert "Date (YYYY-MM-DD): 2026-08-14" in screen
    term.send(f"+e{ENTER}")  # keep the chart, add an observation
    term.wait_for_question("ownership.budget")
    assert answers_in(tmp_path / "acme.yaml", "Ann")["ownership.owner"].evidence == (
        RACI,
        EvidenceItem(kind="observed"),
    )
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    text = (tmp_path / "acme.yaml").read_text()
    assert "- {kind: artifact, date: 2026-08-14, reference: 'RACI v3: owners #1'}" in text
    assert "- observed" in text


def test_ctrl_c_in_a_reference_keeps_every_saved_answer_and_resumes(tmp_path: Path) -> None:
    term = new_session(tmp_path)
    term.wait_for_question("ownership.owner")
    term.send(f"2ee{ENTER}")  # observed, no reference
    term.wait_for_question("ownership.budget")
    term.send("4erhalf-typed refer")
    term.wait_for("Reference: half-typed refer")
    term.send(CTRL_C)
    screen = term.wait_for("To carry on")
    assert term.wait_exit() == 130
    assert answers_in(tmp_path / "acme.yaml", "Ann") == {
        "ownership.owner": Answer(level=2, evidence=(EvidenceItem(kind="observed"),))
    }
    command = next(line.strip() for line in screen.splitlines() if line.strip().startswith("aiopgap assess"))
    resumed = Terminal(*command.split()[1:], cwd=tmp_path)
    resumed.wait_for_question("ownership.budget")
    resumed.send("b")
    assert "Evidence: observed   (e: change)" in resumed.wait_for("(current answer)")
    resumed.send(CTRL_C)
    assert resumed.wait_exit() == 130
