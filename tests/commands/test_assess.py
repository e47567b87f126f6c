"""``aiopgap assess`` end to end: the real command in a pseudo-terminal, as a workshop would run it."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Answer
from aiopgap.model.base import NA
from tests.conftest import FIXTURES
from tests.pty_terminal import CTRL_C, DOWN, ENTER, ESC, TAB, Terminal

pytestmark = pytest.mark.slow

QUESTIONNAIRE = FIXTURES / "mini-questionnaire.yaml"


def assess(tmp_path: Path, *args: str) -> Terminal:
    return Terminal("assess", *args, "--questionnaire", QUESTIONNAIRE, cwd=tmp_path)


def answers_in(path: Path, name: str) -> dict[str, Answer]:
    assessment = load_assessment(path, QUESTIONNAIRE)
    return next(dict(r.answers) for r in assessment.answers.respondents if r.name == name)


def new_session(tmp_path: Path, name: str = "Ann", role: str = "CDO") -> Terminal:
    return assess(tmp_path, "acme.yaml", "--org", "Acme", "--period", "2026-Q2", "--respondent", name, "--role", role)


def test_a_full_session_answer_note_na_back_and_summary(tmp_path: Path) -> None:
    term = new_session(tmp_path)
    screen = term.wait_for_question("ownership.owner")
    assert "Acme · 2026-Q2   respondent: Ann (CDO)   Overall 0/5 answered (0%)" in screen
    assert "── every answer is saved to acme.yaml when you press Enter ──" in screen
    assert "ownership □□□ 0/3   metrics □□ 0/2" in screen
    assert "1  Some." in screen
    term.send("?")
    assert "Help: choose the level that best describes your organisation today" in term.wait_for("Help:")
    term.send(f"1{TAB}Split across three teams{ENTER}")  # number key, then a note
    screen = term.wait_for_question("ownership.budget")
    assert "✓ ownership.owner → 1 · Some.  (with note)  saved in " in screen
    assert "ownership ■□□ 1/3" in screen
    term.send(f"{DOWN}{DOWN}{DOWN}{ENTER}")  # arrow keys: 0, 1, 2
    term.wait_for_question("ownership.vendor")
    term.send("b")  # back to budget, which shows the answer given
    screen = term.wait_for("(current answer)")
    assert "[ownership.budget]" in screen
    term.send(f"3{ENTER}")  # change it, and carry on where we were
    term.wait_for_question("ownership.vendor")
    term.send(f"n{ENTER}")
    term.wait_for_question("metrics.learning")
    term.send("s")  # skip
    term.wait_for_question("metrics.override")
    term.send(f"0{ENTER}")
    screen = term.wait_for("aiopgap report")
    assert term.wait_exit() == 0
    assert "Ann's answers (CDO)" in screen
    assert "1 question(s) still unanswered" in screen
    assert "aiopgap assess acme.yaml --respondent Ann --questionnaire" in screen
    assert answers_in(tmp_path / "acme.yaml", "Ann") == {
        "ownership.owner": Answer(level=1, note="Split across three teams"),
        "ownership.budget": Answer(level=3),
        "ownership.vendor": Answer(level=NA),
        "metrics.override": Answer(level=0),
    }
    # report reads assess output directly
    result = CliRunner().invoke(app, ["report", str(tmp_path / "acme.yaml"), "-Q", str(QUESTIONNAIRE)])
    assert result.exit_code == 0, result.output


def test_ctrl_c_exits_130_and_the_printed_command_resumes(tmp_path: Path) -> None:
    term = new_session(tmp_path)
    term.wait_for_question("ownership.owner")
    term.send(f"2{ENTER}")
    term.wait_for_question("ownership.budget")
    term.send(CTRL_C)
    screen = term.wait_for("To carry on")
    assert term.wait_exit() == 130
    command = next(line.strip() for line in screen.splitlines() if line.strip().startswith("aiopgap assess"))
    assert command.startswith("aiopgap assess acme.yaml --respondent Ann --questionnaire ")
    assert answers_in(tmp_path / "acme.yaml", "Ann") == {"ownership.owner": Answer(level=2)}

    resumed = Terminal(*command.split()[1:], cwd=tmp_path)
    screen = resumed.wait_for_question("ownership.budget")
    assert "Welcome back, Ann." in screen
    assert "Overall 1/5 answered (20%)" in screen
    assert "question 2 of 5 · 2 of 3 in this dimension" in screen  # its place in the questionnaire, not the session
    resumed.send("b")  # going back right after resuming shows the earlier answer
    assert "(current answer)" in resumed.wait_for_question("ownership.owner")
    resumed.send(CTRL_C)
    assert resumed.wait_exit() == 130


def test_kill_9_at_any_moment_leaves_a_valid_file_with_every_confirmed_answer(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    for delay in (0.0, 0.002, 0.01):
        path.unlink(missing_ok=True)
        term = new_session(tmp_path)
        term.wait_for_question("ownership.owner")
        term.send(f"1{ENTER}")
        term.wait_for_question("ownership.budget")
        term.send(f"2{ENTER}")
        term.wait_for_question("ownership.vendor")
        term.send(f"n{ENTER}")  # the third confirm: kill while it may be saving
        time.sleep(delay)
        term.kill(signal.SIGKILL)
        answers = answers_in(path, "Ann")  # loads and validates, whatever moment it died
        assert answers["ownership.owner"] == Answer(level=1)
        assert answers["ownership.budget"] == Answer(level=2)
        assert set(answers) <= {"ownership.owner", "ownership.budget", "ownership.vendor"}
        leftovers = [p.name for p in tmp_path.iterdir() if p.name != "acme.yaml"]
        assert all(name.startswith(".acme.yaml.") for name in leftovers)  # at most a stray temp file


def test_two_respondents_in_turn_share_one_file_and_both_resume(tmp_path: Path) -> None:
    ann = new_session(tmp_path, "Ann", "CDO")
    ann.wait_for_question("ownership.owner")
    ann.send(f"1{ENTER}")
    ann.wait_for_question("ownership.budget")
    ann.send(CTRL_C)
    assert ann.wait_exit() == 130

    bob = assess(tmp_path, "acme.yaml", "--respondent", "Bob", "--role", "Head of Risk")
    screen = bob.wait_for_question("ownership.owner")
    assert "1 respondent(s) so far" in screen
    bob.send(f"4{ENTER}")
    bob.wait_for_question("ownership.budget")
    bob.send(f"4{ENTER}")
    bob.wait_for_question("ownership.vendor")
    bob.send(CTRL_C)
    assert bob.wait_exit() == 130

    assert answers_in(tmp_path / "acme.yaml", "Ann") == {"ownership.owner": Answer(level=1)}
    assert answers_in(tmp_path / "acme.yaml", "Bob") == {
        "ownership.owner": Answer(level=4),
        "ownership.budget": Answer(level=4),
    }
    for name, question in (("Ann", "ownership.budget"), ("bob", "ownership.vendor")):
        again = assess(tmp_path, "acme.yaml", "--respondent", name)
        assert f"Welcome back, {name.capitalize()}." in again.wait_for_question(question)
        again.send(CTRL_C)
        assert again.wait_exit() == 130


def test_missing_details_are_asked_and_the_default_file_is_named_after_them(tmp_path: Path) -> None:
    term = Terminal("assess", "--questionnaire", QUESTIONNAIRE, cwd=tmp_path)
    term.wait_for("Organisation:")
    term.send(f"Acme Ltd{ENTER}")
    term.wait_for("Period")
    term.send(f"2026-Q2{ENTER}")
    assert "New answers file acme-ltd-2026-q2.yaml" in term.wait_for("Your name:")
    term.send(f"Dana Reyes{ENTER}")
    term.wait_for("Your role")
    term.send(f"Chief Data Officer{ENTER}")
    term.wait_for_question("ownership.owner")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    assessment = load_assessment(tmp_path / "acme-ltd-2026-q2.yaml", QUESTIONNAIRE)
    assert assessment.answers.organisation == "Acme Ltd"
    assert [(r.name, r.role) for r in assessment.answers.respondents] == [("Dana Reyes", "Chief Data Officer")]


def test_hand_written_comments_and_order_survive_a_session(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    shutil.copy(FIXTURES / "mini-answers.yaml", path)
    original = path.read_text()
    path.write_text("# Workshop notes: Cy joined late.\n" + original.replace("role: CDO", "role: CDO  # interim"))
    term = assess(tmp_path, "acme.yaml", "--respondent", "Cy")
    term.wait_for_question("ownership.vendor")
    term.send(f"n{ENTER}")
    term.wait_for_question("metrics.override")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    text = path.read_text()
    assert text.startswith("# Workshop notes: Cy joined late.\nquestionnaire: {id: mini, version: 1.2.0}\n")
    assert "    role: CDO  # interim\n" in text
    assert "      ownership.owner: {level: 1, note: Split across three teams.}\n" in text
    assert "      ownership.budget: 4\n      ownership.vendor: n/a\n      metrics.learning: 1\n" in text


def test_a_malformed_file_gives_the_located_error_and_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    broken = (FIXTURES / "mini-answers.yaml").read_text().replace("metrics.learning: 4", "metrics.learnin: 4")
    path.write_text(broken)
    term = assess(tmp_path, "acme.yaml", "--respondent", "Ann")
    screen = term.wait_for("did you mean")
    assert term.wait_exit() == 2
    assert "acme.yaml:14:7: unknown question id 'metrics.learnin'" in screen.replace("\n", "")
    assert path.read_text() == broken


def test_an_unknown_dimension_is_a_usage_error(tmp_path: Path) -> None:
    term = assess(tmp_path, "x.yaml", "--org", "A", "--period", "P", "--respondent", "A", "--dimension", "nope")
    assert "no dimension 'nope'" in term.wait_for("known: ownership, metrics")
    assert term.wait_exit() == 2


def test_dimension_asks_only_that_dimension(tmp_path: Path) -> None:
    term = assess(
        tmp_path, "x.yaml", "--org", "A", "--period", "P", "--respondent", "A", "--role", "R", "-d", "metrics"
    )
    screen = term.wait_for_question("metrics.learning")
    assert "metrics □□ 0/2" in screen
    assert "ownership" not in screen.split("─" * 10)[0]
    term.send(f"2{ENTER}")
    term.wait_for_question("metrics.override")
    term.send(f"3{ENTER}")
    screen = term.wait_for("aiopgap report")
    assert term.wait_exit() == 0
    assert "All metrics questions answered." in screen


def test_without_a_terminal_it_says_so_and_exits_2_at_once(tmp_path: Path) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "aiopgap", "assess", "acme.yaml", "--respondent", "Ann"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=30,
        check=False,
    )
    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert "needs a terminal" in message
    assert "aiopgap validate FILE" in message
    assert "aiopgap report FILE" in message
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "acme.yaml").exists()
    assert time.monotonic() - started < 10
    # in-process too: CliRunner's input is not a terminal either
    in_process = CliRunner().invoke(app, ["assess"])
    assert in_process.exit_code == 2
    assert "needs a terminal" in in_process.stderr


def test_keypress_to_saved_file_latency(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """From sending the confirm key to the new answer being in the file on disk."""
    path = tmp_path / "acme.yaml"
    term = new_session(tmp_path)
    timings: list[float] = []
    for question, key in (
        ("ownership.owner", "1"),
        ("ownership.budget", "2"),
        ("ownership.vendor", "n"),
        ("metrics.learning", "3"),
        ("metrics.override", "4"),
    ):
        term.wait_for_question(question)
        term.send(key)
        time.sleep(0.05)
        before = path.read_bytes()
        started = time.perf_counter()
        term.send(ENTER)
        while path.read_bytes() == before:
            assert time.perf_counter() - started < 5, "the answer was not saved within 5 s"
            term.pump(timeout=0.0005)  # keep the terminal side alive, as a real one is
        timings.append(time.perf_counter() - started)
        assert question in path.read_text()
    assert term.wait_exit() == 0
    timings.sort()
    with capsys.disabled():
        print(
            f"\nassess keypress-to-saved-file: median {timings[2] * 1000:.1f} ms, max {timings[-1] * 1000:.1f} ms "
            f"over {len(timings)} answers"
        )
    assert timings[2] < 1.0


def test_assess_is_listed_with_its_options() -> None:
    result = CliRunner().invoke(app, ["assess", "--help"])
    assert result.exit_code == 0
    for option in ("--questionnaire", "--respondent", "--role", "--dimension", "--org", "--period"):
        assert option in result.stdout
    assert "assess" in CliRunner().invoke(app, ["--help"]).stdout


def test_a_file_broken_by_hand_mid_session_is_not_overwritten_and_the_answer_waits(tmp_path: Path) -> None:
    path = tmp_path / "acme.yaml"
    term = new_session(tmp_path)
    term.wait_for_question("ownership.owner")
    term.send(f"1{ENTER}")
    term.wait_for_question("ownership.budget")
    good = path.read_text()
    path.write_text(good + "oops: [\n")  # someone saves a half-edited file meanwhile
    broken = path.read_text()
    term.send(f"3{ENTER}")
    screen = " ".join(term.wait_for("Press Enter to try again.").split())
    assert "NOT SAVED (earlier answers are safe in the file): acme.yaml:15:1: YAML syntax error" in screen
    assert "[ownership.budget]" in screen
    assert path.read_text() == broken  # their edit is not overwritten
    path.write_text(good)  # they fix it
    term.send(ENTER)
    term.wait_for_question("ownership.vendor")
    assert answers_in(path, "Ann") == {"ownership.owner": Answer(level=1), "ownership.budget": Answer(level=3)}
    term.send(CTRL_C)
    assert term.wait_exit() == 130


def test_skip_with_a_note_leaves_a_line_and_the_note_is_printed_at_the_end(tmp_path: Path) -> None:
    term = new_session(tmp_path)
    term.wait_for_question("ownership.owner")
    term.send(f"{TAB}ask finance first{ESC}s")
    screen = term.wait_for_question("ownership.budget")
    assert "ownership.owner skipped, left unanswered for later  (your note is kept" in screen
    term.send("b")
    screen = term.wait_for_question("ownership.owner")
    assert "Note: ask finance first" in screen  # the note is there again
    term.send("s")
    term.wait_for_question("ownership.budget")
    term.send(CTRL_C)
    screen = term.wait_for("To carry on")
    assert term.wait_exit() == 130
    assert "Notes on skipped questions" in screen
    assert "ownership.owner: ask finance first" in screen


def test_org_of_another_file_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    term = assess(tmp_path, "--org", "Société Générale", "--period", "2026-Q3", "--respondent", "Ann", "--role", "CDO")
    term.wait_for_question("ownership.owner")
    term.send(f"1{ENTER}")
    term.wait_for_question("ownership.budget")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    path = tmp_path / "societe-generale-2026-q3.yaml"  # accents folded, not dropped
    before = path.read_bytes()
    refused = assess(
        tmp_path, path.name, "--org", "Acme", "--period", "2026-Q3", "--respondent", "Bob", "--role", "CFO"
    )
    assert refused.wait_exit() == 2
    said = " ".join("".join(refused.screen.display).split())  # the message, however the terminal wrapped it
    assert f"{path.name} holds the answers of organisation 'Société Générale', not 'Acme' (--org)" in said
    assert "nothing was written." in said
    assert path.read_bytes() == before
