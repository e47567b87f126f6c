"""The consensus walk in a real 80x24 pseudo-terminal: what the room sees, what is saved, Ctrl-C and resume."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tests.pty_terminal as pty_terminal
from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Agreement, Dissent
from tests.conftest import EXAMPLES, FIXTURES
from tests.pty_terminal import CTRL_C, ENTER, Terminal


@pytest.fixture
def small_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pty_terminal, "COLUMNS", 80)
    monkeypatch.setattr(pty_terminal, "LINES", 24)


@pytest.fixture
def room(tmp_path: Path) -> Path:
    shutil.copy(FIXTURES / "mini-answers.yaml", tmp_path / "workshop.yaml")
    shutil.copy(FIXTURES / "mini-questionnaire.yaml", tmp_path / "q.yaml")
    return tmp_path


def walk(room: Path, *args: str) -> Terminal:
    return Terminal("consensus", "workshop.yaml", "-Q", "q.yaml", *args, cwd=room)


def saved(room: Path) -> dict[str, Agreement]:
    return dict(load_assessment(room / "workshop.yaml", room / "q.yaml").answers.consensus)


def type_line(term: Terminal, prompt: str, text: str) -> None:
    term.wait_for(prompt)
    term.send(text + ENTER)


def stop_while_typing(term: Terminal, prompt: str, text: str) -> str:
    """Type ``text`` at ``prompt`` and press Ctrl-C before Enter: exit 130; the last screen, on one line."""
    term.wait_for(prompt)
    term.send(text)
    term.wait_for(text)
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    return " ".join(term.text().split())


@pytest.mark.usefixtures("small_terminal")
def test_the_widest_gap_comes_first_with_every_level_role_and_note_on_an_80x24_screen(room: Path) -> None:
    term = walk(room)
    screen = term.wait_for("Agreed level for metrics.learning (0-4; s skips)")
    assert term.screen.columns == 80
    assert term.screen.lines == 24
    assert "Gap 1 of 3 · 4.00 levels apart · metrics.learning" in screen
    for level in ("0  None.", "1  Some.", "2  Half.", "3  Most.", "4  All."):
        assert level in screen
    assert "CDO                4.0  Ann 4" in screen or ("CDO" in screen and "Ann 4" in screen)
    assert "Median of the responses: 1.0" in screen
    type_line(term, "Agreed level", "s")  # skipped: the next gap
    screen = term.wait_for("Split across three teams.")
    assert "Gap 2 of 3 · 3.00 levels apart · ownership.owner" in screen
    assert "Ann 1 — Split across three teams." in screen
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    assert saved(room) == {}


@pytest.mark.usefixtures("small_terminal")
def test_an_agreement_is_saved_before_the_next_gap_and_ctrl_c_mid_rationale_loses_nothing(room: Path) -> None:
    term = walk(room)
    type_line(term, "Agreed level", "9")  # not a level: said on screen, asked again
    term.wait_for("'9' is not a level of metrics.learning: give 0 to 4")
    term.send("\x15")  # Ctrl-U clears the line
    term.send("2" + ENTER)
    type_line(term, "Rationale", "The dashboard [bold]exists[/bold]")
    type_line(term, "Dissenters", "bob")
    type_line(term, "Note for Bob", "Nobody reads it")
    type_line(term, "Enter records agreed 2", "")
    term.wait_for("Gap 2 of 3")
    assert saved(room) == {
        "metrics.learning": Agreement(
            level=2,
            rationale="The dashboard [bold]exists[/bold]",
            dissent=(Dissent(name="Bob", level=0, note="Nobody reads it"),),
        )
    }
    type_line(term, "Agreed level", "1")
    out = stop_while_typing(term, "Rationale", "Only the CDO owns")
    assert "Not recorded for ownership.owner" in out
    assert "level 1; rationale: Only the CDO owns" in out
    assert "Stopped. 1 agreement(s) are saved in workshop.yaml." in out
    assert "aiopgap consensus workshop.yaml --questionnaire q.yaml" in out
    assert list(saved(room)) == ["metrics.learning"]

    again = walk(room)  # resumes: the agreed gap is not asked again
    screen = again.wait_for("Agreed level")
    assert "Gap 1 of 2" in screen
    assert "ownership.owner" in screen
    type_line(again, "Agreed level", "n/a")
    again.wait_for("give 0 to 4")  # n/a is not allowed on this question
    again.send("\x15" + "1" + ENTER)
    type_line(again, "Rationale", "")
    type_line(again, "Dissenters", "")
    type_line(again, "Enter records", "")
    type_line(again, "Gap 2 of 2", "s")
    assert again.wait_exit() == 0
    assert "Done. 2 agreement(s)" in " ".join(again.text().split())
    assert saved(room)["ownership.owner"] == Agreement(level=1)


@pytest.mark.usefixtures("small_terminal")
def test_redo_walks_agreed_gaps_again_showing_what_was_agreed(room: Path) -> None:
    first = walk(room)
    for prompt, text in (("Agreed level", "2"), ("Rationale", "r"), ("Dissenters", ""), ("Enter records", "")):
        type_line(first, prompt, text)
    first.wait_for("Gap 2 of 3")
    first.send(CTRL_C)
    assert first.wait_exit() == 130
    redo = walk(room, "--redo")
    screen = redo.wait_for("Agreed level")
    assert "Gap 1 of 3" in screen
    assert "agreed before: 2" in screen
    redo.send(CTRL_C)
    assert redo.wait_exit() == 130
    assert saved(room)["metrics.learning"].level == 2


@pytest.mark.usefixtures("small_terminal")
def test_notes_and_names_are_shown_as_typed_never_as_markup_or_escapes(room: Path) -> None:
    answers = room / "workshop.yaml"
    text = answers.read_text(encoding="utf-8").replace("Split across three teams.", '"[bold red]Split[/] \\e[31m"')
    answers.write_text(text.replace("name: Ann", "name: '[link=x]Ann'"), encoding="utf-8")
    term = walk(room)
    term.wait_for("Agreed level")
    type_line(term, "Agreed level", "s")
    screen = term.wait_for("Split[/]")
    assert "[link=x]Ann 1 — [bold red]Split[/] \\x1b[31m" in screen
    term.send(CTRL_C)
    assert term.wait_exit() == 130


@pytest.mark.usefixtures("small_terminal")
def test_a_real_workshop_keeps_every_level_on_screen_when_the_level_is_asked(tmp_path: Path) -> None:
    shutil.copy(EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml", tmp_path / "workshop.yaml")
    term = Terminal("consensus", "workshop.yaml", cwd=tmp_path)
    screen = term.wait_for("Agreed level for")
    for level in range(5):
        assert any(row.startswith(f" {level}  ") for row in screen.splitlines()), screen
    assert "Median of the responses:" in screen
    term.send(CTRL_C)
    assert term.wait_exit() == 130


@pytest.mark.usefixtures("small_terminal")
def test_ctrl_c_in_a_dissent_note_prints_everything_typed_for_that_question(room: Path) -> None:
    term = walk(room)
    type_line(term, "Agreed level", "2")
    type_line(term, "Rationale", "Half the teams")
    type_line(term, "Dissenters", "ann, Cy")
    type_line(term, "Note for Ann", "Too generous")
    out = stop_while_typing(term, "Note for Cy", "Too harsh")
    assert "level 2; rationale: Half the teams; dissent Ann (Too generous); dissent Cy (Too harsh)" in out
    assert "Stopped. 0 agreement(s) are saved in workshop.yaml." in out
    assert saved(room) == {}


@pytest.mark.usefixtures("small_terminal")
def test_a_rationale_too_long_for_the_file_stays_typed_until_shortened_and_a_name_twice_is_asked_once(
    room: Path,
) -> None:
    term = walk(room)
    type_line(term, "Agreed level", "2")
    type_line(term, "Rationale", "y" * 4001)
    screen = term.wait_for("4,001 characters long")
    assert "at most 4,000" in " ".join(screen.split())
    assert saved(room) == {}
    term.send("\x7f" + ENTER)  # one character less: accepted
    type_line(term, "Dissenters", "ann, ANN,  Ann ")
    type_line(term, "Note for Ann", "Too generous")
    screen = term.wait_for("Enter records agreed 2")
    assert screen.count("Note for Ann") == 1
    term.send(ENTER)
    term.wait_for("Gap 2 of 3")
    term.send(CTRL_C)
    assert term.wait_exit() == 130
    assert saved(room) == {
        "metrics.learning": Agreement(
            level=2, rationale="y" * 4000, dissent=(Dissent(name="Ann", level=4, note="Too generous"),)
        )
    }
