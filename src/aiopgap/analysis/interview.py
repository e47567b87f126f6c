"""The interview behind ``aiopgap assess``, independent of any terminal.

:func:`interview` walks one respondent through a questionnaire's questions. It talks to the
person only through a :class:`Prompter` (ask a question, get a reply; hear that an answer was
saved), so tests drive it with a scripted prompter and the real command with a terminal one.
Every confirmed answer is handed to the store, which saves the file before the next question.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from pydantic import ValidationError

from aiopgap.analysis.scoring import score
from aiopgap.model.answers import Answer, Answers, person_key
from aiopgap.model.base import NA
from aiopgap.model.errors import AiopgapError
from aiopgap.model.questionnaire import Dimension, Question, Questionnaire
from aiopgap.model.report import Report


class Action(StrEnum):
    ANSWER = "answer"
    NA = "n/a"
    SKIP = "skip"
    BACK = "back"
    QUIT = "quit"


@dataclass(frozen=True)
class Reply:
    """What the respondent did with a question."""

    action: Action
    level: int | None = None
    note: str | None = None

    @classmethod
    def answer(cls, level: int, note: str | None = None) -> Reply:
        return cls(Action.ANSWER, level, note)

    @classmethod
    def na(cls, note: str | None = None) -> Reply:
        return cls(Action.NA, None, note)

    @classmethod
    def skip(cls) -> Reply:
        return cls(Action.SKIP)

    @classmethod
    def back(cls) -> Reply:
        return cls(Action.BACK)

    @classmethod
    def quit(cls) -> Reply:
        return cls(Action.QUIT)


@dataclass(frozen=True)
class DimensionProgress:
    id: str
    name: str
    answered: int
    """Questions with a response from this respondent (a level or n/a)."""
    total: int


@dataclass(frozen=True)
class Progress:
    dimensions: tuple[DimensionProgress, ...]

    @property
    def answered(self) -> int:
        return sum(d.answered for d in self.dimensions)

    @property
    def total(self) -> int:
        return sum(d.total for d in self.dimensions)


@dataclass(frozen=True)
class Step:
    """Everything a prompter needs to show one question."""

    question: Question
    dimension: Dimension
    number: int
    """1-based position of the question in this session's list."""
    count: int
    number_in_dimension: int
    dimension_count: int
    current: Answer | None
    """The respondent's answer so far (when going back or resuming), to preselect."""
    can_go_back: bool
    progress: Progress
    error: str | None = None
    """Why the last answer to this question could not be saved (it is kept in ``current`` to retry)."""
    notice: str | None = None
    """Something the respondent should know about the last save (another session changed the file)."""


class Prompter(Protocol):
    def ask(self, step: Step) -> Reply:
        """Show ``step`` and return what the respondent chose."""

    def saved(self, step: Step, answer: Answer, seconds: float) -> None:
        """Tell the respondent that ``answer`` is safely in the file (``seconds`` to save it)."""


class Store(Protocol):
    def answers_of(self, name: str) -> dict[str, Answer]: ...

    def record(self, name: str, question_id: str, answer: Answer) -> str | None:
        """Save one answer; raise :class:`aiopgap.errors.AiopgapError` if it cannot be saved.

        May return a one-line notice for the respondent (another session changed the file).
        """


@dataclass
class Outcome:
    interrupted: bool = False
    answered: list[str] = field(default_factory=list)
    """Question ids answered (or changed) in this session, in order."""
    skipped: list[str] = field(default_factory=list)
    save_seconds: list[float] = field(default_factory=list)
    unsaved: dict[str, Answer] = field(default_factory=dict)
    """Answers given but not saved when the session stopped (the file refused them), by question id."""


class NotSaved(AiopgapError):
    """An answer that cannot be saved as given; ``kept`` holds it exactly as typed, to offer again."""

    def __init__(self, message: str, kept: Answer) -> None:
        super().__init__(message)
        self.kept = kept


def typed_text(text: str) -> str:
    """Text typed at a terminal, made storable: bytes that were not UTF-8 become U+FFFD.

    Python (for command-line arguments) and prompt_toolkit keep such bytes as lone surrogates,
    which no file can hold; everything else is kept exactly.
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        return re.sub("[\ud800-\udfff]", "\ufffd", text)


def session_questions(questionnaire: Questionnaire, dimension: str | None = None) -> list[tuple[Dimension, Question]]:
    """The questions a session asks, in questionnaire order, optionally of one dimension only."""
    return [(d, q) for d in questionnaire.dimensions if dimension is None or d.id == dimension for q in d.questions]


def progress(questions: Sequence[tuple[Dimension, Question]], answers: dict[str, Answer]) -> Progress:
    dims: dict[str, DimensionProgress] = {}
    for dim, question in questions:
        prev = dims.get(dim.id, DimensionProgress(dim.id, dim.name, 0, 0))
        dims[dim.id] = DimensionProgress(dim.id, dim.name, prev.answered + (question.id in answers), prev.total + 1)
    return Progress(tuple(dims.values()))


def first_unanswered(questions: Sequence[tuple[Dimension, Question]], answers: dict[str, Answer]) -> int | None:
    return next((i for i, (_, q) in enumerate(questions) if q.id not in answers), None)


def reply_to_answer(question: Question, reply: Reply) -> Answer:
    """The answer a reply gives; a level out of range or an n/a not allowed is a prompter bug.

    A note the answers file cannot hold (too long) raises :class:`NotSaved`, keeping the note as typed.
    """
    note = typed_text(reply.note).strip() if reply.note else ""
    level: int | str
    if reply.action is Action.NA:
        if not question.allow_na:
            raise ValueError(f"question {question.id!r} does not allow n/a")
        level = NA
    elif reply.level is None or not 0 <= reply.level <= question.max_level:
        raise ValueError(f"level {reply.level!r} is out of range for {question.id!r}")
    else:
        level = reply.level
    try:
        return Answer(level=level, note=note or None)
    except ValidationError as exc:
        kept = Answer.model_construct(level=level, note=note)
        raise NotSaved(_why_not(exc, note), kept) from None


def _why_not(exc: ValidationError, note: str) -> str:
    for error in exc.errors():
        if error["type"] == "string_too_long" and error["loc"][:1] == ("note",):
            limit = int(error.get("ctx", {}).get("max_length", 0))
            return (
                f"the note is {len(note):,} characters long and an answers file holds at most {limit:,}; "
                "what you typed is kept in the note: shorten it (Tab)"
            )
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())


def interview(
    store: Store,
    respondent: str,
    questions: Sequence[tuple[Dimension, Question]],
    prompter: Prompter,
    clock: Callable[[], float] = time.perf_counter,
) -> Outcome:
    """Ask ``respondent`` every unanswered question, saving each confirmed answer at once.

    Starts at the first unanswered question. After an answer or a skip it moves on to the next
    question that is neither answered nor skipped in this session, so going back to change an
    answer returns to where the respondent was. Back goes to the question shown before (or,
    right after resuming, to the one before in questionnaire order).
    """
    outcome = Outcome()
    answers = store.answers_of(respondent)
    start = first_unanswered(questions, answers)
    if start is None:
        return outcome
    skipped: set[str] = set()
    history: list[int] = []
    index = start

    def next_index(after: int) -> int | None:
        for j in range(after + 1, len(questions)):
            qid = questions[j][1].id
            if qid not in answers and qid not in skipped:
                return j
        return None

    error: str | None = None
    notice: str | None = None
    unsaved = outcome.unsaved  # given but refused by the file: offered again, reported if the session stops
    while True:
        dim, question = questions[index]
        in_dim = [q for d, q in questions if d.id == dim.id]
        step = Step(
            question=question,
            dimension=dim,
            number=index + 1,
            count=len(questions),
            number_in_dimension=in_dim.index(question) + 1,
            dimension_count=len(in_dim),
            current=unsaved.get(question.id) or answers.get(question.id),
            can_go_back=bool(history) or index > 0,
            progress=progress(questions, answers),
            error=error,
            notice=notice,
        )
        error, notice = None, None
        reply = prompter.ask(step)
        if reply.action is Action.QUIT:
            outcome.interrupted = True
            return outcome
        if reply.action is Action.BACK:
            if history:
                index = history.pop()
            elif index > 0:
                index -= 1
            continue
        if reply.action is Action.SKIP:
            if question.id not in answers:
                skipped.add(question.id)
                if question.id not in outcome.skipped:
                    outcome.skipped.append(question.id)
        else:
            try:
                answer = reply_to_answer(question, reply)
            except NotSaved as exc:
                error, unsaved[question.id] = f"NOT SAVED: {exc}.", exc.kept
                continue
            started = clock()
            try:
                notice = store.record(respondent, question.id, answer)
            except AiopgapError as exc:
                # nothing is lost: the file keeps every earlier answer, and this one is offered again
                error, unsaved[question.id] = f"NOT SAVED (earlier answers are safe in the file): {exc}.", answer
                continue
            seconds = clock() - started
            unsaved.pop(question.id, None)
            answers[question.id] = answer
            skipped.discard(question.id)
            if question.id in outcome.skipped:
                outcome.skipped.remove(question.id)
            outcome.answered.append(question.id)
            outcome.save_seconds.append(seconds)
            prompter.saved(step, answer, seconds)
        following = next_index(index)
        if following is None:
            return outcome
        history.append(index)
        index = following


def respondent_report(questionnaire: Questionnaire, answers: Answers, respondent: str) -> Report:
    """The scores of one respondent's answers alone (their own view, before anyone else's)."""
    own = tuple(r for r in answers.respondents if person_key(r.name) == person_key(respondent))
    return score(questionnaire, answers.model_copy(update={"respondents": own}))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "answers"


def default_answers_name(organisation: str, period: str) -> str:
    """Where answers go when no file is named: ``<org-slug>-<period-slug>.yaml``."""
    return f"{slug(organisation)}-{slug(period)}.yaml"
