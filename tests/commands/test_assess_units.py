"""``aiopgap assess --unit --parent``: a new answers file for one unit of the organisation, in a real terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Unit
from tests.cli.test_cli import run_cli
from tests.conftest import FIXTURES
from tests.pty_terminal import CTRL_C, ENTER, Terminal

QUESTIONNAIRE = FIXTURES / "mini-questionnaire.yaml"


def assess(tmp_path: Path, *args: str) -> Terminal:
    return Terminal("assess", *args, "--questionnaire", QUESTIONNAIRE, cwd=tmp_path)


def said(term: Terminal) -> str:
    return " ".join("".join(term.screen.display).split())  # the message, however the terminal wrapped it


@pytest.mark.slow
def test_a_new_file_names_the_unit_and_its_parent_and_a_file_of_another_unit_is_refused(tmp_path: Path) -> None:
    unit = ["--unit", "Remote Diagnostics", "--parent", "Field Services"]
    term = assess(tmp_path, "--org", "Kestrel", "--period", "2026-Q3", *unit, "--respondent", "Ann", "--role", "CDO")
    screen = term.wait_for_question("ownership.owner")
    assert "Kestrel / Remote Diagnostics · 2026-Q3   respondent: Ann (CDO)" in screen
    term.send(f"2{ENTER}")
    term.wait_for_question("ownership.budget")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    path = tmp_path / "kestrel-remote-diagnostics-2026-q3.yaml"
    answers = load_assessment(path, QUESTIONNAIRE).answers
    assert answers.unit == Unit(name="Remote Diagnostics", parent="Field Services")
    assert path.read_text().startswith("# aiopgap answers: Kestrel / Remote Diagnostics, 2026-Q3.\n")

    before = path.read_bytes()
    refused = assess(tmp_path, path.name, "--unit", "Flow Systems", "--respondent", "Bob", "--role", "CFO")
    assert refused.wait_exit() == 2
    assert f"{path.name} holds the answers of unit 'Remote Diagnostics', not 'Flow Systems' (--unit)" in said(refused)
    assert path.read_bytes() == before

    same = assess(tmp_path, path.name, "--unit", "remote  diagnostics", "--respondent", "Bob", "--role", "CFO")
    same.wait_for_question("ownership.owner")  # names are matched as people type them
    same.send(CTRL_C)
    assert same.wait_exit() == 130


@pytest.mark.slow
def test_a_unit_for_a_file_of_the_whole_organisation_is_refused(tmp_path: Path) -> None:
    whole = tmp_path / "acme.yaml"
    whole.write_text(
        "questionnaire: {id: mini, version: 1.0.0}\norganisation: Acme\nperiod: 2026-Q3\nrespondents: []\n"
    )
    refused = assess(tmp_path, whole.name, "--unit", "Retail", "--respondent", "Bob", "--role", "CFO")
    assert refused.wait_exit() == 2
    assert "acme.yaml holds the answers of the whole organisation, not 'Retail' (--unit)" in said(refused)


def test_a_parent_without_a_unit_is_a_usage_error_before_anything_else() -> None:
    code, _, err = run_cli("assess", "--org", "Acme", "--period", "2026-Q3", "--parent", "Field Services")
    assert code == 2
    assert "--parent names the unit that --unit belongs to: give --unit too" in err


def test_assess_help_teaches_the_unit_options() -> None:
    code, out, _ = run_cli("assess", "--help")
    assert code == 0
    words = " ".join(out.split())
    assert '--unit "Remote Diagnostics" --parent "Field Services"' in words
    assert "ORG[-UNIT]-PERIOD.yaml" in words  # not eaten as markup
