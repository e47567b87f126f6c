"""The terminal prompter of ``aiopgap assess``: each question's screen run as a prompt_toolkit application.

:class:`TerminalPrompter` is the :class:`aiopgap.analysis.interview.Prompter` of a real terminal: it
shows a question (:mod:`aiopgap.render.assess_screen`) until the respondent confirms, skips, goes
back or stops, and leaves one line on screen for every saved answer.
"""

from __future__ import annotations

import shutil

from prompt_toolkit import prompt
from prompt_toolkit.application import Application
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import print_formatted_text

from aiopgap.model.answers import Answer
from aiopgap.model.base import NA
from aiopgap.model.interview import Action, Reply, Step
from aiopgap.render.assess_layout import SessionInfo
from aiopgap.render.assess_screen import STYLE, QuestionScreen, QuestionState, key_bindings


class TerminalPrompter:
    """A :class:`aiopgap.analysis.interview.Prompter` for a real terminal."""

    def __init__(self, info: SessionInfo, input: Input | None = None, output: Output | None = None) -> None:
        self.info, self.input, self.output = info, input, output

    def ask(self, step: Step) -> Reply:
        """Show ``step`` until the respondent confirms, skips, goes back or stops."""
        state = QuestionState.of(step)
        screen = QuestionScreen(self.info, state)
        app: Application[Reply] = Application(
            layout=screen.layout,
            key_bindings=key_bindings(state, screen),
            style=STYLE,
            erase_when_done=True,
            input=self.input,
            output=self.output,
        )
        reply = app.run()
        if reply.action is Action.SKIP:
            self.skipped(step, reply)
        return reply

    def skipped(self, step: Step, reply: Reply) -> None:
        """The line left on screen after a skip: ``– question skipped, left for later  (note kept)``."""
        kept = "  (your note is kept for when you come back to it)" if reply.note else ""
        parts: StyleAndTextTuples = [
            ("class:dim", "– "),
            ("", f"{step.question.id} "),
            ("bold", "skipped"),
            ("class:dim", f", left unanswered for later{kept}"),
        ]
        print_formatted_text(FormattedText(parts), style=STYLE, output=self.output)

    def saved(self, step: Step, answer: Answer, seconds: float) -> None:
        """The line left on screen after a save.

        ``✓ question → level · text  (with note)  (evidence: artifact)  saved in N ms``
        """
        question = step.question
        level = answer.level
        kinds = ", ".join(item.kind for item in answer.evidence)
        tail = ("  (with note)" if answer.note else "") + (f"  (evidence: {kinds})" if kinds else "")
        tail += f"  saved in {seconds * 1000:.0f} ms"
        head = f"✓ {question.id} → "
        chosen = "n/a" if level == NA else f"{level} · {question.levels[int(level)]}"
        width = self._columns() - 1
        chosen = _shorten(chosen, max(12, width - len(head) - len(tail)))
        parts: StyleAndTextTuples = [
            ("class:saved", "✓ "),
            ("", f"{question.id} → "),
            ("bold", chosen),
            ("class:dim", tail),
        ]
        print_formatted_text(FormattedText(parts), style=STYLE, output=self.output)

    def _columns(self) -> int:
        if self.output is not None:
            return self.output.get_size().columns
        return shutil.get_terminal_size().columns


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def read_line(message: str, default: str = "") -> str:
    """One line typed at the terminal (organisation, period, name, role); Ctrl-C and Ctrl-D interrupt."""
    try:
        return prompt(message, default=default)
    except EOFError:
        raise KeyboardInterrupt from None
