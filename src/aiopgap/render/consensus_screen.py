"""The ``aiopgap consensus`` screen: one perception gap at a time, and the room's agreement typed in.

Each gap is printed (so it stays in the scrollback and scrolls on a small terminal like any
output): each role's view and each respondent's level and note, then the question, its level
descriptors and the median, so that at 80x24 the levels stay on screen above the prompt where one
is chosen. Then four short prompts: the agreed level (``s`` skips the question), the
rationale, the dissenters (names from the file, completed with Tab) with a note each, and a last
Enter to record. Ctrl-C or Ctrl-D at any prompt stops; whatever was typed for the unrecorded
agreement is printed in full, so nothing typed is lost. Every name, note and descriptor is user
text and goes through :func:`aiopgap.render.text.user`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from prompt_toolkit import PromptSession
from prompt_toolkit.completion import DummyCompleter, WordCompleter
from prompt_toolkit.validation import DummyValidator, ValidationError, Validator
from rich.console import Console
from rich.table import Table

from aiopgap.model.answers import name_key
from aiopgap.model.errors import AiopgapError
from aiopgap.model.questionnaire import Question
from aiopgap.model.report import QuestionResult
from aiopgap.model.workshop import PerceptionGap, RoleScore
from aiopgap.render.text import line, user
from aiopgap.render.vocabulary import score

SKIP = "s"


@dataclass
class Decision:
    """What the facilitator typed for one question: level, rationale, dissenters with their notes."""

    level: str = ""
    rationale: str = ""
    dissent: list[tuple[str, str | None]] = field(default_factory=list)
    dissenters: str = ""
    """The dissenters line as typed, kept when Ctrl-C stops before it is confirmed."""

    def typed(self) -> str:
        """Everything typed so far, on one line, for the message when it is not recorded."""
        parts = [f"level {self.level}" if self.level else "", f"rationale: {self.rationale}" if self.rationale else ""]
        parts += [f"dissent {name}" + (f" ({note})" if note else "") for name, note in self.dissent]
        if self.dissenters and not self.dissent:
            parts.append(f"dissenters: {self.dissenters}")
        return "; ".join(p for p in parts if p)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or Ctrl-D at a prompt, with what had been typed for the current question."""

    def __init__(self, question_id: str, decision: Decision) -> None:
        super().__init__(question_id)
        self.question_id = question_id
        self.decision = decision


def gap_view(
    position: int,
    total: int,
    gap: PerceptionGap,
    question: Question,
    result: QuestionResult,
    by_role: Sequence[RoleScore],
) -> list[object]:
    """The renderables that present one gap."""
    head = line(
        (f"Gap {position} of {total}", "bold"),
        (f" · {score(gap.width)} levels apart · ", "dim"),
        user(question.id, "cyan"),
    )
    levels = Table(show_header=False, box=None, padding=(0, 1), expand=False)
    levels.add_column(justify="right", style="bold", no_wrap=True)
    levels.add_column(overflow="fold")
    for number, text in sorted(question.levels.items()):
        levels.add_row(str(number), user(text))
    roles = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    roles.add_column("Role", overflow="fold", ratio=1)
    roles.add_column("View", justify="right", no_wrap=True)
    roles.add_column("Respondents: level and note", overflow="fold", ratio=3)
    for role in by_role:
        said = [r for r in result.responses if name_key(r.role) == name_key(role.role)]
        people = line(*[part for r in said for part in _response_parts(r.respondent, r.level, r.note, r is said[-1])])
        roles.add_row(user(role.role), score(role.score), people)
    middle = line(("Median of the responses: ", "bold"), score(result.median))
    if result.agreed is not None:
        middle.append_text(line(("  ·  agreed before: ", "dim"), str(result.agreed.level)))
    # the roles and notes first: at 80x24 they may scroll up, while the question, its levels and the
    # median stay on screen right above the prompt where the level is chosen
    return [line(""), head, roles, user(result.prompt, "bold"), levels, middle]


def _response_parts(name: str, level: object, note: str | None, last: bool) -> list[str | tuple[str, str]]:
    parts: list[str | tuple[str, str]] = [name, (f" {level}", "bold")]
    if note:
        parts += [(" — ", "dim"), note]
    if not last:
        parts.append(("\n", ""))
    return parts


class ConsensusPrompter:
    """Asks the facilitator for one agreement at a time, at the terminal."""

    def __init__(
        self, console: Console, names: Sequence[str], check_text: Callable[[str, str], object] | None = None
    ) -> None:
        self.console = console
        self.names = list(names)
        self.check_text = check_text
        """Refuses (raising a message) a rationale or note the file cannot hold: ``check_text(what, text)``."""
        self._session: PromptSession[str] = PromptSession()

    def show(self, renderables: Sequence[object]) -> None:
        for item in renderables:
            self.console.print(item)

    def ask(self, question: Question, check_level: Callable[[str], object]) -> Decision | None:
        """The agreement typed for ``question``; None when the facilitator skips it."""
        decision = Decision()
        allowed = f"0-{question.max_level}" + (", n/a" if question.allow_na else "")
        try:
            decision.level = self._line(
                f"Agreed level for {question.id} ({allowed}; {SKIP} skips): ",
                _checked(check_level),
                draft=partial(setattr, decision, "level"),
            )
            if decision.level.lower() == SKIP:
                return None
            decision.rationale = self._line(
                "Rationale (why the room settled here): ",
                self._text_check("the rationale"),
                draft=partial(setattr, decision, "rationale"),
            )
            decision.dissent = self._dissent(decision)
            self._line(f"Enter records agreed {decision.level} for {question.id}; Ctrl-C stops: ")
        except KeyboardInterrupt:
            raise Interrupted(question.id, decision) from None
        return decision

    def _dissent(self, decision: Decision) -> list[tuple[str, str | None]]:
        typed = self._line(
            "Dissenters (names, comma-separated; blank for none): ",
            Validator.from_callable(
                self._known, error_message="not a respondent of this file", move_cursor_to_end=True
            ),
            completer=WordCompleter(self.names, ignore_case=True, sentence=True),
            draft=partial(setattr, decision, "dissenters"),
        )
        names = dict.fromkeys(self._spelling(n) for n in typed.split(",") if n.strip())  # each person once
        for name in filter(None, names):
            decision.dissent.append((name, None))
            note = self._line(
                f"Note for {name} (optional): ",
                self._text_check(f"the note of {name}'s dissent"),
                draft=partial(_note_draft, decision, name),
            )
            decision.dissent[-1] = (name, note.strip() or None)
        return decision.dissent

    def _text_check(self, what: str) -> Validator | None:
        """Text the file cannot hold stays in the prompt, with why, until it is shortened (or Ctrl-C)."""
        check = self.check_text
        return None if check is None else _checked(partial(check, what), skip=False)

    def _known(self, text: str) -> bool:
        return all(self._spelling(n) is not None for n in text.split(",") if n.strip())

    def _spelling(self, name: str) -> str | None:
        return next((n for n in self.names if name_key(n) == name_key(name)), None)

    def _line(
        self,
        message: str,
        validator: Validator | None = None,
        completer: WordCompleter | None = None,
        draft: Callable[[str], object] | None = None,
    ) -> str:
        """One line typed; on Ctrl-C or Ctrl-D, ``draft`` is given what was typed before it stops."""
        try:
            # a session keeps the last validator and completer given: each prompt names its own
            return self._session.prompt(
                message, validator=validator or DummyValidator(), completer=completer or DummyCompleter(), default=""
            )
        except (KeyboardInterrupt, EOFError):
            if draft is not None:
                draft(self._session.default_buffer.text)
            raise KeyboardInterrupt from None


def _note_draft(decision: Decision, name: str, text: str) -> None:
    decision.dissent[-1] = (name, text.strip() or None)


def _checked(check: Callable[[str], object], skip: bool = True) -> Validator:
    """A prompt that accepts only what ``check`` accepts (and, with ``skip``, the skip key)."""

    class _Level(Validator):
        def validate(self, document: object) -> None:
            text = getattr(document, "text", "").strip()
            if skip and text.lower() == SKIP:
                return
            try:
                check(text)
            except AiopgapError as exc:
                raise ValidationError(cursor_position=len(getattr(document, "text", "")), message=str(exc)) from None

    return _Level()


def interrupted_message(console: Console, stop: Interrupted, file: str, agreed: int, resume: str) -> None:
    """What Ctrl-C leaves: the agreement not recorded (typed text in full), what is saved, how to resume."""
    not_recorded(console, stop.question_id, stop.decision)
    console.print(line(("Stopped. ", "bold"), f"{agreed} agreement(s) are saved in ", user(file, "bold"), "."))
    console.print(line("To carry on: ", user(resume, "bold")))


def not_recorded(console: Console, question_id: str, decision: Decision) -> None:
    """An agreement typed but not recorded, printed in full so nothing typed is lost."""
    typed = decision.typed()
    if typed:
        console.print(
            line(
                ("Not recorded for ", "yellow"),
                user(question_id, "bold"),
                (" (typed, shown here so it is not lost): ", "yellow"),
                typed,
            )
        )


def recorded(console: Console, question_id: str, level: object, median: float | None) -> None:
    console.print(line(("✓ ", "green"), user(question_id), (f" agreed {level}", "bold"), f" (median {score(median)})"))


__all__ = [
    "ConsensusPrompter",
    "Decision",
    "Interrupted",
    "gap_view",
    "interrupted_message",
    "not_recorded",
    "recorded",
]
