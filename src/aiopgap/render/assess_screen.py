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

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from prompt_toolkit.application import get_app
from prompt_toolkit.filters import Condition, FilterOrBool, has_focus
from prompt_toolkit.formatted_text import StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import ConditionalContainer, Dimension, HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl, GetLinePrefixCallable, UIContent, UIControl
from prompt_toolkit.styles import Style
from prompt_toolkit.widgets import TextArea

from aiopgap.model.base import NA
from aiopgap.model.interview import Reply, Step
from aiopgap.render.assess_evidence import EvidenceDraft, EvidenceFields, EvidenceRefused
from aiopgap.render.assess_layout import (
    Block,
    Line,
    SessionInfo,
    body,
    footer,
    header,
    help_versions,
    lines_of,
    question_text,
    rows_of,
    rule,
    wrap,
)

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
        """The note the note field opens with: the earlier answer's (or one typed before a skip), so nothing is lost."""
        current = self.step.current
        return (current.note or "") if current else (self.step.draft_note or "")

    def skip(self, note: str) -> Reply:
        """``s``: leave the question for later, keeping a note that was typed (one the file already has is not news)."""
        typed = note.strip()
        saved = (self.step.current.note or "") if self.step.current else ""
        return Reply.skip(typed if typed and typed != saved else None)

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


def choice_rows(state: QuestionState, width: int) -> tuple[list[Line], list[Block]]:
    """One block of rows per choice (wrapped under its text): ❯ on the selected one, the earlier answer marked."""
    rows: list[Line] = []
    blocks: list[Block] = []
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
        block = lines_of(wrap(style, text, width, first=f"{marker}{label:>3}  ", rest=" " * 7))
        blocks.append(Block(len(rows), len(block)))
        rows += block
    return rows, blocks


def choice_lines(state: QuestionState, width: int) -> StyleAndTextTuples:
    """Every choice's rows as one text (what a terminal tall enough shows)."""
    rows, _ = choice_rows(state, width)
    parts: StyleAndTextTuples = []
    for row in rows:
        parts += [*row, ("", "\n")]
    return parts


class ChoicesControl(UIControl):
    """The help (while open) and the choices, laid out for the rows the screen leaves them (:func:`body`)."""

    def __init__(self, state: QuestionState) -> None:
        self.state = state
        self.top = 0
        """The first choice row shown last time, so the list scrolls only as far as it must."""

    def is_focusable(self) -> bool:
        return True

    def _parts(self, width: int) -> tuple[list[Line], list[Block], Block, list[list[Line]]]:
        rows, blocks = choice_rows(self.state, width)
        block = blocks[self.state.selected or 0]
        helps = help_versions(self.state.step, width) if self.state.show_help else []
        return rows, blocks, block, helps

    def preferred_height(
        self, width: int, max_available_height: int, wrap_lines: bool, get_line_prefix: GetLinePrefixCallable | None
    ) -> int:
        rows, _, _, helps = self._parts(width)
        return len(rows) + (len(helps[0]) + 1 if helps else 0)

    def minimum_height(self, width: int) -> int:
        """The selected choice whole, and a line for hidden choices above and below it."""
        rows, _, block, _ = self._parts(width)
        return min(len(rows), block.size + 2)

    def create_content(self, width: int, height: int) -> UIContent:
        rows, blocks, block, helps = self._parts(width)
        starts = [b.start for b in blocks]
        shown, where = body(rows, block, helps, height, self.top, starts)
        self.top = where.top
        return UIContent(get_line=lambda i: shown[i], line_count=len(shown), show_cursor=False)


def _width() -> int:
    """The width text is wrapped to: the running screen's, less one column, at least 20."""
    return max(20, get_app().output.get_size().columns - 1)


def _exact(get: Callable[[int], StyleAndTextTuples]) -> Window:
    """A part of the screen as tall as its text at the screen's width: never squeezed by the choices."""
    return Window(
        FormattedTextControl(lambda: get(_width())),
        height=lambda: Dimension.exact(rows_of(get(_width()), get_app().output.get_size().columns)),
        wrap_lines=True,
    )


def _optional(style: str, get: Callable[[], str | None]) -> Window:
    """A line that is there only while ``get`` has something to say."""
    return _exact(lambda width: wrap(style, text, width) if (text := get()) else [])


class QuestionScreen:
    """The layout of one question, top to bottom: header, rule, question, help and choices, note, messages, keys.

    Every part but the choices is as tall as its text; the choices (and the help, while open) get the
    rows left, at least enough for the selected choice whole, and scroll within them.
    """

    def __init__(self, info: SessionInfo, state: QuestionState) -> None:
        step = state.step
        self.note = TextArea(
            text=state.note,
            multiline=False,
            prompt=[("class:note-label", "Note: ")],
            wrap_lines=True,
            height=Dimension(min=1, max=3),
        )
        self.note.buffer.cursor_position = len(self.note.text)  # typing continues an existing note
        self.evidence = EvidenceFields(state.evidence)
        has_kind = Condition(lambda: state.evidence.kind is not None)
        control = ChoicesControl(state)
        self.choices = Window(
            control,
            height=lambda: Dimension(min=control.minimum_height(_width()), weight=10),
            dont_extend_height=True,
        )
        self.layout = Layout(
            HSplit(
                [
                    _exact(lambda width: header(info, step.progress, width)),
                    _exact(lambda width: rule(info.file, width)),
                    _exact(lambda width: question_text(step, width)),
                    Window(height=1),
                    self.choices,
                    self.note,
                    _exact(lambda _: state.evidence.lines()),
                    ConditionalContainer(HSplit([self.evidence.reference, self.evidence.date]), filter=has_kind),
                    _optional("class:message", lambda: state.message),
                    _optional("class:notice", lambda: step.notice),
                    _exact(lambda width: footer(step, state.evidence.kind is not None, width)),
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
    bind("s", lambda: get_app().exit(result=state.skip(screen.note.text)))
    if state.step.can_go_back:
        bind("b left", end(Reply.back()))
    bind("c-c c-d", end(Reply.quit()), True)
    return kb
