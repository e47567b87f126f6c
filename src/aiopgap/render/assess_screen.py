"""The terminal side of ``aiopgap assess``: a prompt_toolkit screen per question.

prompt_toolkit is used rather than hand-written terminal handling: one small ``Application``
per question gives arrow keys, number keys, an editable note field and a help toggle, redraws
on resize, and has its own test input (``create_pipe_input``) for driving it without a terminal.

A question's screen is put together from parts that can be read and tested alone:
:class:`QuestionState` (the selected choice, help, the message, what Enter gives; no prompt_toolkit),
the drawing functions (the text of each part for a state and a width), :class:`QuestionScreen`
(the parts stacked into a layout, with the note field) and :func:`key_bindings`.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from prompt_toolkit import prompt
from prompt_toolkit.application import Application, get_app
from prompt_toolkit.filters import Condition, FilterOrBool, has_focus
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style
from prompt_toolkit.widgets import TextArea

from aiopgap.model.answers import Answer
from aiopgap.model.base import NA
from aiopgap.model.interview import Progress, Reply, Step

STYLE = Style.from_dict(
    {
        "header": "bold",
        "dim": "#888888",
        "bar.done": "#00aa00",
        "bar.todo": "#555555",
        "dimension": "bold #5f87ff",
        "prompt": "bold",
        "help": "italic",
        "choice": "",
        "choice.selected": "reverse bold",
        "key": "bold #ffaf00",
        "message": "bold #ff5f5f",
        "notice": "#ffaf00",
        "saved": "#00aa00",
        "note-label": "bold",
    }
)

NA_CHOICE = "n/a"

Choice = int | str
"""A level, or :data:`NA_CHOICE`."""


@dataclass(frozen=True)
class SessionInfo:
    organisation: str
    period: str
    respondent: str
    role: str
    file: str


# ---------------------------------------------------------------------- the state of one question


@dataclass
class QuestionState:
    """One question while the respondent decides: its choices, the one selected, help, the message."""

    step: Step
    choices: tuple[Choice, ...]
    """The levels in order, then n/a where the question allows it."""
    selected: int | None = None
    """Index into ``choices``; None until the respondent picks one (or has an answer already)."""
    show_help: bool = False
    message: str = ""
    """Why the last Enter did not confirm (or why the last save failed)."""

    @classmethod
    def of(cls, step: Step) -> QuestionState:
        """The state a question opens in: an earlier answer preselected, a failed save explained."""
        question = step.question
        choices: tuple[Choice, ...] = (*sorted(question.levels), *([NA_CHOICE] if question.allow_na else []))
        state = cls(step, choices, message=f"{step.error} Press Enter to try again." if step.error else "")
        current = state.current_choice
        if current is not None and current in choices:
            state.selected = choices.index(current)
        return state

    @property
    def current_choice(self) -> Choice | None:
        """The choice of the answer already given (in the file, or refused by it), if any."""
        current = self.step.current
        if current is None:
            return None
        return NA_CHOICE if current.level == NA else current.level

    @property
    def note(self) -> str:
        """The note the note field opens with: the earlier answer's, so going back keeps it."""
        current = self.step.current
        return (current.note or "") if current else ""

    @property
    def number_keys(self) -> list[int]:
        """The levels a single number key chooses (0 to 9)."""
        return [level for level in self.choices if isinstance(level, int) and level <= 9]

    def select(self, index: int) -> None:
        self.selected = index
        self.message = ""

    def choose(self, choice: Choice) -> None:
        """A number key, or n for n/a."""
        self.select(self.choices.index(choice))

    def up(self) -> None:
        """Up from nothing selected goes to the last choice; it stops at the first."""
        self.select(len(self.choices) - 1 if self.selected is None else max(0, self.selected - 1))

    def down(self) -> None:
        self.select(0 if self.selected is None else min(len(self.choices) - 1, self.selected + 1))

    def toggle_help(self) -> None:
        self.show_help = not self.show_help

    def confirm(self, note: str) -> Reply | None:
        """Enter: the reply for the selected choice and ``note``, or None (and a message) if none is."""
        if self.selected is None:
            self.message = f"Choose a level first (0-{self.step.question.max_level}, or ↑↓), or press s to skip."
            return None
        choice = self.choices[self.selected]
        text = note.strip() or None
        if choice == NA_CHOICE:
            return Reply.na(text)
        return Reply.answer(int(choice), text)


# ---------------------------------------------------------------------- what is drawn


def progress_bar(done: int, total: int, width: int) -> StyleAndTextTuples:
    filled = 0 if total == 0 else round(width * done / total)
    return [("class:bar.done", "■" * filled), ("class:bar.todo", "□" * (width - filled))]


def progress_line(progress: Progress) -> StyleAndTextTuples:
    """One bar per dimension (by id, to fit one line), e.g. ``ownership ■■□□□□□ 2/7``."""
    parts: StyleAndTextTuples = []
    for dim in progress.dimensions:
        if parts:
            parts.append(("", "   "))
        parts += [
            ("", f"{dim.id} "),
            *progress_bar(dim.answered, dim.total, dim.total),
            ("", f" {dim.answered}/{dim.total}"),
        ]
    return parts


def overall(progress: Progress) -> str:
    percent = 0 if progress.total == 0 else round(100 * progress.answered / progress.total)
    return f"Overall {progress.answered}/{progress.total} answered ({percent}%)"


def wrap(style: str, text: str, width: int, first: str = "", rest: str = "") -> StyleAndTextTuples:
    """``text`` wrapped at spaces to ``width``, ``first``/``rest`` as line prefixes."""
    lines = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)
    return [(style, "\n".join(lines or [first]))]


def header(info: SessionInfo, progress: Progress) -> StyleAndTextTuples:
    """Who is answering for which organisation, and how far they are, overall and per dimension."""
    return [
        ("class:header", f"{info.organisation} · {info.period}"),
        ("", "   respondent: "),
        ("class:header", info.respondent),
        ("", f" ({info.role})"),
        ("", "   "),
        ("bold", overall(progress)),
        ("", "\n"),
        *progress_line(progress),
    ]


def rule(file: str, width: int) -> StyleAndTextTuples:
    label = f" every answer is saved to {file} when you press Enter "
    return [("class:dim", ("──" + label).ljust(width, "─")[:width])]


def question_text(step: Step, width: int) -> StyleAndTextTuples:
    dim, question = step.dimension, step.question
    return [
        ("class:dimension", f"{dim.name}"),
        ("class:dim", f" · {dim.question}   question {step.number_in_dimension} of {step.dimension_count}"),
        ("class:dim", f" · {step.number} of {step.count} in this session\n\n"),
        *wrap("class:prompt", f"{question.prompt}  [{question.id}]", width),
    ]


def choice_lines(state: QuestionState, width: int) -> StyleAndTextTuples:
    """One line per choice (wrapped under its text): ❯ on the selected one, the earlier answer marked."""
    lines: StyleAndTextTuples = []
    for index, choice in enumerate(state.choices):
        is_selected = state.selected == index
        marker = "❯ " if is_selected else "  "
        style = "class:choice.selected" if is_selected else "class:choice"
        if choice == NA_CHOICE:
            label, text = "n", "n/a: does not apply here"
        else:
            label, text = str(choice), state.step.question.levels[int(choice)]
        if choice == state.current_choice:
            text += "   (current answer)"
        lines += wrap(style, text, width, first=f"{marker}{label:>3}  ", rest=" " * 7)
        lines.append(("", "\n"))
    return lines


def footer(step: Step) -> StyleAndTextTuples:
    """The keys this question answers to (n/a and back only where they apply)."""
    question = step.question
    keys: list[tuple[str, str]] = [
        ("↑↓", "move"),
        (f"0-{question.max_level}", "choose"),
        *([("n", "n/a")] if question.allow_na else []),
        ("Enter", "confirm + save"),
        ("Tab", "note"),
        ("?", "help"),
        ("s", "skip"),
        *([("b/←", "back")] if step.can_go_back else []),
        ("Ctrl-C", "stop (answers are saved)"),
    ]
    parts: StyleAndTextTuples = []
    for key, what in keys:
        parts += [("class:key", key), ("class:dim", f" {what}  ")]
    return parts


def _width() -> int:
    """The width text is wrapped to: the running screen's, less one column, at least 20."""
    return max(20, get_app().output.get_size().columns - 1)


def _text(get: Callable[[], StyleAndTextTuples]) -> Window:
    return Window(FormattedTextControl(get), wrap_lines=True, dont_extend_height=True)


def _optional(style: str, get: Callable[[], str | None]) -> Window:
    """A line that is there only while ``get`` has something to say."""
    return _text(lambda: wrap(style, text, _width()) if (text := get()) else [])


class QuestionScreen:
    """The layout of one question, top to bottom: header, rule, question, help, choices, note, messages, keys."""

    def __init__(self, info: SessionInfo, state: QuestionState) -> None:
        step = state.step
        self.note = TextArea(
            text=state.note, multiline=False, prompt=[("class:note-label", "Note: ")], wrap_lines=True, height=None
        )
        self.note.buffer.cursor_position = len(self.note.text)  # typing continues an existing note
        self.choices = Window(
            FormattedTextControl(lambda: choice_lines(state, _width()), focusable=True, show_cursor=False),
            wrap_lines=True,
            dont_extend_height=True,
        )
        help_window = ConditionalContainer(
            _text(lambda: wrap("class:help", f"Help: {step.question.help}", _width())),
            filter=Condition(lambda: state.show_help),
        )
        self.layout = Layout(
            HSplit(
                [
                    _text(lambda: header(info, step.progress)),
                    _text(lambda: rule(info.file, _width())),
                    _text(lambda: question_text(step, _width())),
                    help_window,
                    Window(height=1),
                    self.choices,
                    self.note,
                    _optional("class:message", lambda: state.message),
                    _optional("class:notice", lambda: step.notice),
                    _text(lambda: footer(step)),
                ]
            ),
            focused_element=self.choices,
        )


# ---------------------------------------------------------------------- the keys


def key_bindings(state: QuestionState, screen: QuestionScreen) -> KeyBindings:
    """Keys on the choices move, choose, skip, go back and toggle help; Enter confirms from either field."""
    kb = KeyBindings()
    on_choices = has_focus(screen.choices)
    on_note = has_focus(screen.note)

    def bind(keys: str, action: Callable[[], object], where: FilterOrBool = on_choices) -> None:
        """Each of the space-separated ``keys``, while ``where`` holds, does ``action``."""

        def handler(event: KeyPressEvent) -> None:
            action()

        for key in keys.split():
            kb.add(key, filter=where)(handler)

    def end(reply: Reply) -> Callable[[], None]:
        return lambda: get_app().exit(result=reply)

    def enter() -> None:
        reply = state.confirm(screen.note.text)
        if reply is None:
            get_app().layout.focus(screen.choices)
        else:
            get_app().exit(result=reply)

    bind("up k", state.up)
    bind("down j", state.down)
    for level in state.number_keys:
        bind(str(level), partial(state.choose, level))
    if state.step.question.allow_na:
        bind("n", lambda: state.choose(NA_CHOICE))
    bind("enter", enter, on_choices | on_note)
    bind("tab", lambda: get_app().layout.focus(screen.note))
    bind("tab escape s-tab", lambda: get_app().layout.focus(screen.choices), on_note)
    bind("? h", state.toggle_help)
    bind("s", end(Reply.skip()))
    if state.step.can_go_back:
        bind("b left", end(Reply.back()))
    bind("c-c c-d", end(Reply.quit()), True)
    return kb


# ---------------------------------------------------------------------- the prompter


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
        return app.run()

    def saved(self, step: Step, answer: Answer, seconds: float) -> None:
        """The line left on screen after a save: ``✓ question → level · text  (with note)  saved in N ms``."""
        question = step.question
        level = answer.level
        tail = ("  (with note)" if answer.note else "") + f"  saved in {seconds * 1000:.0f} ms"
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
