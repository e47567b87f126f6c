"""The terminal side of ``aiopgap assess``: a prompt_toolkit screen per question.

prompt_toolkit is used rather than hand-written terminal handling: one small ``Application``
per question gives arrow keys, number keys, an editable note field and a help toggle, redraws
on resize, and has its own test input (``create_pipe_input``) for driving it without a terminal.

A question's screen is put together from parts that can be read and tested alone:
:class:`QuestionState` (the selected choice, help, the message, what Enter gives; no prompt_toolkit),
the drawing functions (the text of each part for a state and a width), :class:`QuestionScreen`
(the parts stacked into a layout, with the note field) and :func:`key_bindings`. The evidence
line and fields are in :mod:`aiopgap.render.assess_evidence`; the prompter that runs a screen per
question is in :mod:`aiopgap.render.assess_terminal`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition, FilterOrBool, has_focus
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import ConditionalContainer, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import Style
from prompt_toolkit.widgets import TextArea

from aiopgap.model.base import NA
from aiopgap.model.interview import Progress, Reply, Step
from aiopgap.render.assess_evidence import EvidenceDraft, EvidenceFields, EvidenceRefused

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
        "evidence": "bold #00afaf",
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
    evidence: EvidenceDraft = field(default_factory=EvidenceDraft)
    refused: str | None = None
    """The evidence field (reference or date) the last Enter refused, to go back to."""

    @classmethod
    def of(cls, step: Step) -> QuestionState:
        """The state a question opens in: an earlier answer preselected, a failed save explained."""
        question = step.question
        choices: tuple[Choice, ...] = (*sorted(question.levels), *([NA_CHOICE] if question.allow_na else []))
        message = f"{step.error} Press Enter to try again." if step.error else ""
        state = cls(step, choices, message=message, evidence=EvidenceDraft.of(step.current))
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

    def confirm(self, note: str, reference: str = "", date: str = "") -> Reply | None:
        """Enter: the reply for the selected choice, ``note`` and the evidence, or None (and a message) if not yet.

        ``reference`` and ``date`` are the evidence fields as typed; one the file cannot hold is named in
        the message and in :attr:`refused`.
        """
        self.refused = None
        if self.selected is None:
            self.message = f"Choose a level first (0-{self.step.question.max_level}, or ↑↓), or press s to skip."
            return None
        try:
            evidence = self.evidence.items(reference, date)
        except EvidenceRefused as exc:
            self.message, self.refused = str(exc), exc.field
            return None
        choice = self.choices[self.selected]
        text = note.strip() or None
        if choice == NA_CHOICE:
            return Reply.na(text, evidence)
        return Reply.answer(int(choice), text, evidence)

    def cycle_evidence(self) -> None:
        """``e``: the next kind of evidence for this answer."""
        self.evidence.cycle()
        self.message = ""

    def add_evidence(self, reference: str, date: str) -> bool:
        """``+``: keep the evidence item being edited and start another; False (and a message) when it cannot."""
        self.refused = None
        try:
            if self.evidence.add(reference, date):
                self.message = ""
                return True
        except EvidenceRefused as exc:
            self.message, self.refused = str(exc), exc.field
            return False
        self.message = "Choose a kind of evidence first (e)." if self.evidence.kind is None else "No more items fit."
        return False


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


def footer(step: Step, evidence_kind: bool = False) -> StyleAndTextTuples:
    """The keys this question answers to (n/a, back and the evidence fields only where they apply)."""
    question = step.question
    keys: list[tuple[str, str]] = [
        ("↑↓", "move"),
        (f"0-{question.max_level}", "choose"),
        *([("n", "n/a")] if question.allow_na else []),
        ("Enter", "confirm + save"),
        ("Tab", "note"),
        ("e", "evidence"),
        *([("r/d", "reference/date"), ("+", "another item")] if evidence_kind else []),
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
        self.evidence = EvidenceFields(state.evidence)
        has_kind = Condition(lambda: state.evidence.kind is not None)
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
                    _text(state.evidence.lines),
                    ConditionalContainer(HSplit([self.evidence.reference, self.evidence.date]), filter=has_kind),
                    _optional("class:message", lambda: state.message),
                    _optional("class:notice", lambda: step.notice),
                    _text(lambda: footer(step, state.evidence.kind is not None)),
                ]
            ),
            focused_element=self.choices,
        )


# ---------------------------------------------------------------------- the keys


def key_bindings(state: QuestionState, screen: QuestionScreen) -> KeyBindings:
    """Keys on the choices move, choose, skip, go back, mark evidence and toggle help; Enter confirms from any field."""
    kb = KeyBindings()
    on_choices = has_focus(screen.choices)
    on_note = has_focus(screen.note)
    fields = screen.evidence
    on_reference, on_date = has_focus(fields.reference), has_focus(fields.date)
    has_kind = Condition(lambda: state.evidence.kind is not None)

    def bind(keys: str, action: Callable[[], object], where: FilterOrBool = on_choices) -> None:
        """Each of the space-separated ``keys``, while ``where`` holds, does ``action``."""

        def handler(event: KeyPressEvent) -> None:
            action()

        for key in keys.split():
            kb.add(key, filter=where)(handler)

    def end(reply: Reply) -> Callable[[], None]:
        return lambda: get_app().exit(result=reply)

    def focus(window: Window | TextArea) -> Callable[[], None]:
        return lambda: get_app().layout.focus(window)

    def enter() -> None:
        reply = state.confirm(screen.note.text, fields.reference.text, fields.date.text)
        if reply is None:
            get_app().layout.focus(fields.field(state.refused) if state.refused else screen.choices)
        else:
            get_app().exit(result=reply)

    def another() -> None:
        if state.add_evidence(fields.reference.text, fields.date.text):
            fields.clear()
        elif state.refused:
            get_app().layout.focus(fields.field(state.refused))

    bind("up k", state.up)
    bind("down j", state.down)
    for level in state.number_keys:
        bind(str(level), partial(state.choose, level))
    if state.step.question.allow_na:
        bind("n", lambda: state.choose(NA_CHOICE))
    bind("enter", enter, on_choices | on_note | on_reference | on_date)
    bind("tab", focus(screen.note))
    bind("tab escape s-tab", focus(screen.choices), on_note)
    bind("e", state.cycle_evidence)
    bind("r", focus(fields.reference), on_choices & has_kind)
    bind("d", focus(fields.date), on_choices & has_kind)
    bind("+", another, on_choices & has_kind)
    bind("tab", focus(fields.date), on_reference)
    bind("tab", focus(screen.choices), on_date)
    bind("escape s-tab", focus(screen.choices), on_reference | on_date)
    bind("? h", state.toggle_help)
    bind("s", end(Reply.skip()))
    if state.step.can_go_back:
        bind("b left", end(Reply.back()))
    bind("c-c c-d", end(Reply.quit()), True)
    return kb
