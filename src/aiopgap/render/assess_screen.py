"""The terminal side of ``aiopgap assess``: a prompt_toolkit screen per question.

prompt_toolkit is used rather than hand-written terminal handling: one small ``Application``
per question gives arrow keys, number keys, an editable note field and a help toggle, redraws
on resize, and has its own test input (``create_pipe_input``) for driving it without a terminal.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from prompt_toolkit.application import Application, get_app
from prompt_toolkit.filters import Condition, has_focus
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


@dataclass(frozen=True)
class SessionInfo:
    organisation: str
    period: str
    respondent: str
    role: str
    file: str


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


def wrap(style: str, text: str, first: str = "", rest: str = "") -> StyleAndTextTuples:
    """``text`` wrapped at spaces to the terminal's width, ``first``/``rest`` as line prefixes."""
    width = max(20, get_app().output.get_size().columns - 1)
    lines = textwrap.wrap(text, width=width, initial_indent=first, subsequent_indent=rest, break_on_hyphens=False)
    return [(style, "\n".join(lines or [first]))]


class TerminalPrompter:
    """A :class:`aiopgap.assess.Prompter` for a real terminal."""

    def __init__(self, info: SessionInfo, input: Input | None = None, output: Output | None = None) -> None:
        self.info = info
        self.input = input
        self.output = output

    # ------------------------------------------------------------------ one question

    def ask(self, step: Step) -> Reply:
        question = step.question
        levels = sorted(question.levels)
        choices: list[int | str] = [*levels, *([NA_CHOICE] if question.allow_na else [])]
        selected: list[int | None] = [None]
        if step.current is not None:
            current = NA_CHOICE if step.current.level == NA else step.current.level
            selected[0] = choices.index(current) if current in choices else None
        show_help = [False]
        message = [f"{step.error} Press Enter to try again." if step.error else ""]

        note = TextArea(
            text=(step.current.note or "") if step.current else "",
            multiline=False,
            prompt=[("class:note-label", "Note: ")],
            wrap_lines=True,
            height=None,
        )
        note.buffer.cursor_position = len(note.text)  # typing continues an existing note

        def choice_lines() -> StyleAndTextTuples:
            lines: StyleAndTextTuples = []
            for index, choice in enumerate(choices):
                is_selected = selected[0] == index
                is_current = step.current is not None and (
                    (choice == NA_CHOICE and step.current.level == NA) or choice == step.current.level
                )
                marker = "❯ " if is_selected else "  "
                style = "class:choice.selected" if is_selected else "class:choice"
                if choice == NA_CHOICE:
                    label, text = "n", "n/a: does not apply here"
                else:
                    label, text = str(choice), question.levels[int(choice)]
                if is_current:
                    text += "   (current answer)"
                lines += wrap(style, text, first=f"{marker}{label:>3}  ", rest=" " * 7)
                lines.append(("", "\n"))
            return lines

        choices_control = FormattedTextControl(choice_lines, focusable=True, show_cursor=False)
        choices_window = Window(choices_control, wrap_lines=True, dont_extend_height=True)

        def header() -> StyleAndTextTuples:
            info = self.info
            return [
                ("class:header", f"{info.organisation} · {info.period}"),
                ("", "   respondent: "),
                ("class:header", info.respondent),
                ("", f" ({info.role})"),
                ("", "   "),
                ("bold", overall(step.progress)),
                ("", "\n"),
                *progress_line(step.progress),
            ]

        def rule() -> StyleAndTextTuples:
            width = max(20, get_app().output.get_size().columns - 1)
            label = f" every answer is saved to {self.info.file} when you press Enter "
            return [("class:dim", ("──" + label).ljust(width, "─")[:width])]

        def question_text() -> StyleAndTextTuples:
            dim = step.dimension
            return [
                ("class:dimension", f"{dim.name}"),
                ("class:dim", f" · {dim.question}   question {step.number_in_dimension} of {step.dimension_count}"),
                ("class:dim", f" · {step.number} of {step.count} in this session\n\n"),
                *wrap("class:prompt", f"{question.prompt}  [{question.id}]"),
            ]

        def footer() -> StyleAndTextTuples:
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

        help_window = ConditionalContainer(
            Window(
                FormattedTextControl(lambda: wrap("class:help", f"Help: {question.help}")),
                wrap_lines=True,
                dont_extend_height=True,
            ),
            filter=Condition(lambda: show_help[0]),
        )

        def _text(get: Callable[[], StyleAndTextTuples]) -> Window:
            return Window(FormattedTextControl(get), wrap_lines=True, dont_extend_height=True)

        layout = Layout(
            HSplit(
                [
                    _text(header),
                    _text(rule),
                    _text(question_text),
                    help_window,
                    Window(height=1),
                    choices_window,
                    note,
                    _text(lambda: wrap("class:message", message[0]) if message[0] else []),
                    _text(lambda: wrap("class:notice", step.notice) if step.notice else []),
                    _text(footer),
                ]
            ),
            focused_element=choices_window,
        )

        kb = KeyBindings()
        on_choices = has_focus(choices_window)
        on_note = has_focus(note)

        def exit_with(event: KeyPressEvent, reply: Reply) -> None:
            event.app.exit(result=reply)

        def confirm(event: KeyPressEvent) -> None:
            if selected[0] is None:
                message[0] = f"Choose a level first (0-{question.max_level}, or ↑↓), or press s to skip."
                event.app.layout.focus(choices_window)
                return
            choice = choices[selected[0]]
            text = note.text.strip() or None
            if choice == NA_CHOICE:
                exit_with(event, Reply.na(text))
            else:
                exit_with(event, Reply.answer(int(choice), text))

        def select(index: int) -> None:
            selected[0] = index
            message[0] = ""

        @kb.add("up", filter=on_choices)
        @kb.add("k", filter=on_choices)
        def _up(event: KeyPressEvent) -> None:
            select(len(choices) - 1 if selected[0] is None else max(0, selected[0] - 1))

        @kb.add("down", filter=on_choices)
        @kb.add("j", filter=on_choices)
        def _down(event: KeyPressEvent) -> None:
            select(0 if selected[0] is None else min(len(choices) - 1, selected[0] + 1))

        for level in levels:
            if level > 9:
                break

            @kb.add(str(level), filter=on_choices)
            def _digit(event: KeyPressEvent, level: int = level) -> None:
                select(choices.index(level))

        if question.allow_na:

            @kb.add("n", filter=on_choices)
            def _na(event: KeyPressEvent) -> None:
                select(choices.index(NA_CHOICE))

        @kb.add("enter", filter=on_choices | on_note)
        def _enter(event: KeyPressEvent) -> None:
            confirm(event)

        @kb.add("tab", filter=on_choices)
        def _to_note(event: KeyPressEvent) -> None:
            event.app.layout.focus(note)

        @kb.add("tab", filter=on_note)
        @kb.add("escape", filter=on_note)
        @kb.add("s-tab", filter=on_note)
        def _to_choices(event: KeyPressEvent) -> None:
            event.app.layout.focus(choices_window)

        @kb.add("?", filter=on_choices)
        @kb.add("h", filter=on_choices)
        def _help(event: KeyPressEvent) -> None:
            show_help[0] = not show_help[0]

        @kb.add("s", filter=on_choices)
        def _skip(event: KeyPressEvent) -> None:
            exit_with(event, Reply.skip())

        if step.can_go_back:

            @kb.add("b", filter=on_choices)
            @kb.add("left", filter=on_choices)
            def _back(event: KeyPressEvent) -> None:
                exit_with(event, Reply.back())

        @kb.add("c-c")
        @kb.add("c-d")
        def _quit(event: KeyPressEvent) -> None:
            exit_with(event, Reply.quit())

        app: Application[Reply] = Application(
            layout=layout,
            key_bindings=kb,
            style=STYLE,
            erase_when_done=True,
            input=self.input,
            output=self.output,
        )
        return app.run()

    # ------------------------------------------------------------------ feedback

    def saved(self, step: Step, answer: Answer, seconds: float) -> None:
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
