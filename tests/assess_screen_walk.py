"""Walking ``aiopgap assess`` in a real pseudo-terminal: every level of a question seen whole before it is chosen.

:func:`walk` answers the bundled questionnaire in a terminal of a given size. On each question it
walks, it presses ↓ through every choice and checks, on the screen as a person sees it, that the
selected choice is there with its whole descriptor, that the question and the key bar are there
too and no line runs past the edge; then it confirms the last choice. Questions it does not walk
it answers with a number key, unchecked, to get past them quickly.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from aiopgap.files import resources
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.questionnaire import Question
from tests.pty_terminal import CTRL_C, DOWN, ENTER, Terminal

MORE = ("       ↑ ", "       ↓ ")


def flat(text: str) -> str:
    return " ".join(text.split())


def selected(screen: str) -> tuple[str, str] | None:
    """The selected choice on ``screen``: its label and its whole text as shown (wrapped rows joined)."""
    rows = screen.splitlines()
    for i, row in enumerate(rows):
        if row.startswith("❯"):
            label, _, text = row[1:].strip().partition("  ")
            for more in rows[i + 1 :]:
                if not more.startswith(" " * 7) or more.startswith(MORE):
                    break
                text += " " + more.strip()
            return label, flat(text)
    return None


def expected_choices(question: Question) -> list[tuple[str, str]]:
    levels = [(str(level), flat(text)) for level, text in sorted(question.levels.items())]
    return levels + ([("n", "n/a: does not apply here")] if question.allow_na else [])


def check_choice(term: Terminal, question: Question, label: str, text: str, columns: int) -> None:
    def shows(screen: str) -> bool:
        # the whole text, not only the label: a screen caught mid-redraw holds a mix of old and new rows
        return selected(screen) == (label, text)

    screen = term.wait_until(shows, f"{question.id} level {label} shown whole")
    assert f"[{question.id}]" in flat(screen), f"{question.id}: the question left the screen:\n{screen}"
    assert "? help" in screen, f"{question.id}: the key bar left the screen:\n{screen}"
    assert all(len(row) <= columns for row in screen.splitlines())


def walk(tmp_path: Path, size: tuple[int, int], chosen: Callable[[int, Question], bool]) -> int:
    """Answer the questions in a ``size`` terminal, walking those ``chosen(index, question)`` picks; how many.

    It stops (Ctrl-C) after the last question picked, or answers them all when every one is.
    """
    questionnaire = load_questionnaire(resources.default_questionnaire())
    picked = [i for i, q in enumerate(questionnaire.questions()) if chosen(i, q)]
    term = Terminal(
        "assess",
        "walk.yaml",
        "--org",
        "Société Générale des Opérations Numériques",
        "--period",
        "2026-Q3",
        "--respondent",
        "Marie-Hélène Dubois-Lefèvre",
        "--role",
        "Directrice des opérations",
        cwd=tmp_path,
        size=size,
    )
    walked = 0
    for index, question in enumerate(questionnaire.questions()):
        term.wait_until(lambda screen, q=question: f"[{q.id}]" in flat(screen), f"question {question.id}")
        if not chosen(index, question):
            term.send(f"{question.max_level}{ENTER}")
            continue
        walked += 1
        for label, text in expected_choices(question):
            term.send(DOWN)
            check_choice(term, question, label, text, size[0])
        if index == picked[-1] and len(picked) < len(questionnaire.questions()):
            term.send(CTRL_C)
            assert term.wait_exit() == 130
            return walked
        term.send(ENTER)
    term.wait_for("All questions answered.")
    assert term.wait_exit() == 0
    return walked
