"""What a person types at assess's own questions (organisation, name, role) and where the file goes.

Each test runs ``python -m aiopgap assess`` in a real pseudo-terminal and reads the screen.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from rich.console import Console

from aiopgap.commands.assess import _open_store, _Request
from aiopgap.files.documents import load_assessment, load_questionnaire
from aiopgap.files.store import AnswersStore
from aiopgap.model.errors import UsageError
from aiopgap.render.assess_messages import AssessMessages
from tests.conftest import FIXTURES
from tests.pty_terminal import CTRL_C, ENTER, Terminal

pytestmark = pytest.mark.slow

QUESTIONNAIRE = FIXTURES / "mini-questionnaire.yaml"
OWNERSHIP = [  # the bundled questionnaire's ownership questions, in order
    "single-accountable-owner",
    "owner-decision-rights",
    "ai-strategy-ownership",
    "lifecycle-accountability",
    "data-science-outcome-accountability",
    "risk-accountability",
    "adoption-ownership",
]


def assess(tmp_path: Path, *args: str) -> Terminal:
    return Terminal("assess", *args, "--questionnaire", QUESTIONNAIRE, cwd=tmp_path)


def test_with_the_bundled_questionnaire_the_printed_commands_need_no_questionnaire(tmp_path: Path) -> None:
    term = Terminal(
        "assess", "acme.yaml", "--org", "Acme", "--period", "2026-Q2", "--respondent", "Ann", "--role", "CDO",
        "-d", "ownership", cwd=tmp_path,
    )  # fmt: skip
    for question in OWNERSHIP:  # skip each of them
        term.wait_for_question(f"ownership.{question}")
        term.send("s")
    screen = term.wait_for("aiopgap report")
    assert term.wait_exit() == 0
    assert "aiopgap assess acme.yaml --respondent Ann --dimension ownership" in screen
    assert "aiopgap report acme.yaml" in screen
    assert "--questionnaire" not in screen


def test_without_a_name_the_respondents_so_far_are_listed_to_resume(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "mini-answers.yaml", tmp_path / "acme.yaml")
    term = assess(tmp_path, "acme.yaml")
    screen = term.wait_for("Your name:")
    assert "Respondents so far: Ann (4/5), Bob (4/5), Cy (3/5). Type one of them to resume, or a new name." in screen
    term.send(CTRL_C)
    assert term.wait_exit() == 130


def test_an_empty_or_overlong_answer_is_asked_again_and_nothing_is_written(tmp_path: Path) -> None:
    term = assess(tmp_path)
    term.wait_for("Organisation:")
    term.send(f"   {ENTER}")
    term.wait_for("Please type something.")
    term.send("x" * 501 + ENTER)
    term.wait_for("That is 501 characters; please shorten it to at most 500.")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("option", ["--respondent", "--role"])
def test_a_blank_name_or_role_is_a_usage_error(tmp_path: Path, option: str) -> None:
    given = {"--respondent": "Ann", "--role": "CDO", option: " \t "}
    term = assess(
        tmp_path, "acme.yaml", "--org", "Acme", "--period", "2026-Q2", *[a for kv in given.items() for a in kv]
    )
    screen = term.wait_for("must not be empty")
    assert term.wait_exit() == 2
    assert f"{option} must not be empty" in screen


def test_a_respondent_already_in_the_file_keeps_the_role_it_has_there(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    shutil.copy(FIXTURES / "mini-answers.yaml", path)
    term = assess(tmp_path, "acme.yaml", "--respondent", "bob", "--role", "Chief Risk Officer")
    screen = term.wait_for("Welcome back")
    assert "Keeping Bob's role from the file: Head of Risk" in screen
    term.wait_for_question("metrics.override")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    roles = {r.name: r.role for r in load_assessment(path, QUESTIONNAIRE).answers.respondents}
    assert roles["Bob"] == "Head of Risk"


@pytest.mark.parametrize(
    ("organisation", "period", "refused"),
    [
        ("Acme", "2026-Q2", None),
        ("  ACME ", "2026-q2", None),  # the same names, typed differently (name_key)
        ("Acme Bank", "2026-Q2", "organisation 'Acme', not 'Acme Bank' (--org)"),
        ("Acme", "2026-Q3", "period '2026-Q2', not '2026-Q3' (--period)"),
        (None, "2026-Q4", "period '2026-Q2', not '2026-Q4' (--period)"),
    ],
)
def test_org_and_period_must_be_the_files_own(
    tmp_path: Path, organisation: str | None, period: str | None, refused: str | None
) -> None:
    path = tmp_path / "acme.yaml"
    AnswersStore.create(path, load_questionnaire(QUESTIONNAIRE), QUESTIONNAIRE, "Acme", "2026-Q2").add_respondent(
        "Ann", "CDO"
    )
    before = path.read_bytes()
    request = _Request(path, QUESTIONNAIRE, "Ann", "CDO", None, organisation, period)
    console = Console(file=io.StringIO())
    if refused is None:
        store, _ = _open_store(AssessMessages(console), request)
        assert store.answers is not None
        assert store.answers.organisation == "Acme"
        return
    with pytest.raises(UsageError, match=re.escape(refused)) as caught:
        _open_store(AssessMessages(console), request)
    assert "nothing was written" in str(caught.value)
    assert path.read_bytes() == before
