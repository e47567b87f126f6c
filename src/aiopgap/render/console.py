"""The two consoles (the screen and stderr), and printing errors for people: one line per problem, on stderr.

File names, field paths and messages quote what the user wrote, so every piece goes through
:func:`aiopgap.render.text.user`: control characters shown as escapes, nothing read as markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from aiopgap.model.errors import AiopgapError, InputError
from aiopgap.render.text import line, user

if TYPE_CHECKING:  # rich loads with the first console: a report written to a file never needs it
    from rich.console import Console


QUIET, NORMAL, VERBOSE = -1, 0, 1
_verbosity = NORMAL


def set_verbosity(level: int) -> None:
    """How much a command says besides its result: ``--quiet`` (QUIET) or ``--verbose`` (VERBOSE)."""
    global _verbosity
    _verbosity = level


def verbosity() -> int:
    """QUIET: only results, warnings and errors; NORMAL; VERBOSE: also what was read and decided."""
    return _verbosity


NARROWEST = 60
"""Documents are laid out at least this wide: below it a table has no room left for its columns and
would cut findings to nothing; the terminal wraps the longer lines instead, so nothing is lost."""


def stdout() -> Console:
    """The screen, for documents shown in the terminal; nothing in user text is highlighted."""
    from rich.console import Console

    class _Screen(Console):
        def on_broken_pipe(self) -> None:
            # rich's own handling exits 1, which reads as "a gate failed"; a reader that left (`| head`)
            # is the shell's broken pipe, and the command's last-resort path ends it quietly with 141
            self.quiet = True
            raise BrokenPipeError

    screen = _Screen(highlight=False)
    if screen.width < NARROWEST:
        screen.width = NARROWEST
    return screen


def stderr() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)  # "f.yaml:100:3" is not ":100:"


def notes() -> Console:
    """stderr for notes and progress ("wrote charts/radar.svg", "merged 3 respondents"): silent under --quiet."""
    console = stderr()
    console.quiet = _verbosity == QUIET
    return console


def _one_line(text: str) -> str:
    from aiopgap.model.text import visible

    return visible(text, keep_newlines=False)


def print_error(exc: AiopgapError) -> None:
    from rich.text import Text

    console = stderr()
    if isinstance(exc, InputError):
        for problem in exc.problems:
            # one line per problem: a newline in a quoted key or file name is shown as an escape, so user
            # text can never start a line of its own (a forged `::warning` in a CI log, say)
            where, said = _one_line(str(problem.location)), _one_line(problem.message)
            message = line(("error", "bold red"), " ", where, ": ", said)
            if problem.location.field:
                message.append(" ")
                message.append_text(user(_one_line(f"({problem.location.field})"), style="dim"))
            console.print(message)
        count = len(exc.problems)
        if count > 1:
            console.print(Text(f"{count} problems", style="red"))
    else:
        console.print(line(("error", "bold red"), " ", str(exc)))
