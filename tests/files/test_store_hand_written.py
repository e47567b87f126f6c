"""assess on answers files a person started by hand, or changed under a running session.

Each test runs ``python -m aiopgap assess`` in a real pseudo-terminal.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Answer
from tests.conftest import FIXTURES
from tests.pty_terminal import CTRL_C, ENTER, Terminal

pytestmark = pytest.mark.slow

QUESTIONNAIRE = FIXTURES / "mini-questionnaire.yaml"
HEAD = "questionnaire: {id: mini, version: 1.2.0}\norganisation: Acme\nperiod: 2026-Q2\n"


def assess(tmp_path: Path, *args: str) -> Terminal:
    return Terminal("assess", *args, "--questionnaire", QUESTIONNAIRE, cwd=tmp_path)


def answers(path: Path) -> dict[str, dict[str, Answer]]:
    return {r.name: dict(r.answers) for r in load_assessment(path, QUESTIONNAIRE).answers.respondents}


def answer_first_question(term: Terminal) -> None:
    term.wait_for_question("ownership.owner")
    term.send(f"2{ENTER}")
    term.wait_for_question("ownership.budget")
    term.send(CTRL_C)
    assert term.wait_exit() == 130


def test_a_file_with_no_respondents_yet_gets_the_first_one(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HEAD, encoding="utf-8")
    answer_first_question(assess(tmp_path, "acme.yaml", "--respondent", "Ann", "--role", "CDO"))
    assert answers(path) == {"Ann": {"ownership.owner": Answer(level=2)}}
    assert path.read_text(encoding="utf-8").startswith(HEAD)


def test_a_respondent_written_without_answers_gets_them(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(HEAD + "respondents:\n  - name: Dee\n    role: CTO\n", encoding="utf-8")
    answer_first_question(assess(tmp_path, "acme.yaml", "--respondent", "Dee"))
    assert answers(path) == {"Dee": {"ownership.owner": Answer(level=2)}}


def test_an_answers_file_deleted_mid_session_is_written_again_with_every_answer(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    term = assess(tmp_path, "acme.yaml", "--org", "Acme", "--period", "2026-Q2", "--respondent", "Ann", "--role", "CDO")
    term.wait_for_question("ownership.owner")
    term.send(f"1{ENTER}")
    term.wait_for_question("ownership.budget")
    path.unlink()  # someone tidied the folder while Ann was answering
    term.send(f"3{ENTER}")
    screen = term.wait_for("written again")
    assert "had been removed; it is written again with every answer this session knows" in screen.replace("\n", "")
    term.wait_for_question("ownership.vendor")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    assert answers(path) == {"Ann": {"ownership.owner": Answer(level=1), "ownership.budget": Answer(level=3)}}


def test_a_new_file_in_a_missing_folder_is_refused_before_any_question(tmp_path: Path) -> None:
    term = assess(tmp_path, "nowhere/acme.yaml", "--org", "Acme", "--period", "2026-Q2", "--respondent", "Ann")
    screen = term.wait_for("does not exist")
    assert term.wait_exit() == 2
    assert "cannot write nowhere/acme.yaml: folder nowhere does not exist" in screen.replace("\n", "")
    assert list(tmp_path.iterdir()) == []
