"""The interview behind ``aiopgap assess``, independent of any terminal.

:func:`interview` walks one respondent through a questionnaire's questions. It talks to the
person only through a :class:`Prompter` (ask a question, get a reply; hear that an answer was
saved), so tests drive it with a scripted prompter and the real command with a terminal one.
Every confirmed answer is handed to the store, which saves the file before the next question.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from pydantic import ValidationError

from aiopgap.analysis.scoring import score
from aiopgap.model.answers import Answer, Answers, name_key
from aiopgap.model.base import NA
from aiopgap.model.errors import AiopgapError
from aiopgap.model.interview import Action, DimensionProgress, Progress, Reply, Step
from aiopgap.model.questionnaire import Dimension, Question, Questionnaire
from aiopgap.model.report import Report
from aiopgap.model.text import typed_text


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
    notes: dict[str, str] = field(default_factory=dict)
    """Notes typed on questions skipped and still unanswered when the session ended, by question id."""


class NotSaved(AiopgapError):
    """An answer that cannot be saved as given; ``kept`` holds it exactly as typed, to offer again."""

    def __init__(self, message: str, kept: Answer) -> None:
        super().__init__(message)
        self.kept = kept


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
    Evidence items come built and checked by the screen, their references made storable like the note.
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
        return Answer(level=level, note=note or None, evidence=reply.evidence)
    except ValidationError as exc:
        kept = Answer.model_construct(level=level, note=note, evidence=reply.evidence)
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
    unanswered question in order, skipped ones included: going back to change an answer comes
    forward again through every question still open, then on to where the respondent was. Back
    goes to the question shown before (or, right after resuming, to the one before in
    questionnaire order). A note typed on a skipped question is kept for when it comes again and
    reported in ``Outcome.notes`` (never written to the file without a level).
    """
    session = _Session(store, respondent, questions, prompter, clock)
    index = first_unanswered(questions, session.answers)
    while index is not None:
        index = session.ask(index)
    return session.outcome


class _Session:
    """One respondent's way through the questions: what is answered, skipped, and where they came from."""

    def __init__(
        self,
        store: Store,
        respondent: str,
        questions: Sequence[tuple[Dimension, Question]],
        prompter: Prompter,
        clock: Callable[[], float],
    ) -> None:
        self.store, self.respondent, self.questions = store, respondent, questions
        self.prompter, self.clock = prompter, clock
        self.outcome = Outcome()
        self.answers = store.answers_of(respondent)
        self.history: list[int] = []  # the questions shown before this one, most recent last: where back goes
        self.error: str | None = None
        self.notice: str | None = None
        self.unsaved = self.outcome.unsaved  # given but refused by the file: offered again, reported at the end

    def ask(self, index: int) -> int | None:
        """Show the question at ``index``; the index to show next, or None when the session ends."""
        step = self.step(index)
        self.error, self.notice = None, None
        reply = self.prompter.ask(step)
        if reply.action is Action.QUIT:
            self.outcome.interrupted = True
            return None
        if reply.action is Action.BACK:
            return self.history.pop() if self.history else max(0, index - 1)
        if reply.action is Action.SKIP:
            self.skip(step.question, reply.note)
        elif not self.save(step, reply):
            return index  # the same question again, with the answer kept and the reason shown
        following = self.next_index(index)
        if following is not None:
            self.history.append(index)
        return following

    def step(self, index: int) -> Step:
        dim, question = self.questions[index]
        in_dim = [q for d, q in self.questions if d.id == dim.id]
        return Step(
            question=question,
            dimension=dim,
            number=index + 1,
            count=len(self.questions),
            number_in_dimension=in_dim.index(question) + 1,
            dimension_count=len(in_dim),
            current=self.unsaved.get(question.id) or self.answers.get(question.id),
            draft_note=self.outcome.notes.get(question.id),
            can_go_back=bool(self.history) or index > 0,
            progress=progress(self.questions, self.answers),
            error=self.error,
            notice=self.notice,
        )

    def next_index(self, after: int) -> int | None:
        """The next unanswered question in order, skipped ones included (they are behind, unless back was used)."""
        for j in range(after + 1, len(self.questions)):
            if self.questions[j][1].id not in self.answers:
                return j
        return None

    def skip(self, question: Question, note: str | None) -> None:
        """Leave ``question`` for later; a note typed on it is kept (shown again, reported at the end)."""
        if note and note.strip():
            self.outcome.notes[question.id] = note.strip()
        if question.id not in self.answers and question.id not in self.outcome.skipped:
            self.outcome.skipped.append(question.id)

    def save(self, step: Step, reply: Reply) -> bool:
        """Hand the answer to the store; False (and the reason kept to show) when it is not saved."""
        question = step.question
        try:
            answer = reply_to_answer(question, reply)
        except NotSaved as exc:
            self.error, self.unsaved[question.id] = f"NOT SAVED: {exc}.", exc.kept
            return False
        started = self.clock()
        try:
            self.notice = self.store.record(self.respondent, question.id, answer)
        except AiopgapError as exc:
            # nothing is lost: the file keeps every earlier answer, and this one is offered again
            self.error, self.unsaved[question.id] = f"NOT SAVED (earlier answers are safe in the file): {exc}.", answer
            return False
        seconds = self.clock() - started
        self.unsaved.pop(question.id, None)
        self.outcome.notes.pop(question.id, None)
        self.answers[question.id] = answer
        if question.id in self.outcome.skipped:
            self.outcome.skipped.remove(question.id)
        self.outcome.answered.append(question.id)
        self.outcome.save_seconds.append(seconds)
        self.prompter.saved(step, answer, seconds)
        return True


def respondent_report(questionnaire: Questionnaire, answers: Answers, respondent: str) -> Report:
    """The scores of one respondent's answers alone (their own view, before anyone else's)."""
    own = tuple(r for r in answers.respondents if name_key(r.name) == name_key(respondent))
    return score(questionnaire, answers.model_copy(update={"respondents": own}))


SLUG_LIMIT = 60
_LATIN = str.maketrans({"æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th", "ı": "i"})
"""Latin letters that have no decomposition, spelled as a reader of a file name would expect."""


def slug(text: str) -> str:
    """``text`` as part of a file name: ``Société Générale`` -> ``societe-generale``; never empty.

    Accents are folded (NFKD, the combining marks after a plain Latin letter dropped; ``æ`` -> ``ae``); letters and
    digits of other scripts are kept as they are (``東京``); everything else becomes one hyphen.
    At most 60 characters, cut at a hyphen where possible; ``answers`` when nothing is left.
    """
    folded: list[str] = []
    for char in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(char) and folded and folded[-1].isascii():
            continue
        folded.append(char)
    kept = unicodedata.normalize("NFC", "".join(folded)).casefold().translate(_LATIN)
    words = re.sub(r"[\W_]+", "-", kept).strip("-")
    if len(words) > SLUG_LIMIT:
        cut = words[:SLUG_LIMIT]
        words = (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-")
    return words or "answers"


def default_answers_name(organisation: str, period: str, unit: str | None = None) -> str:
    """Where answers go when no file is named: ``<org-slug>-<period-slug>.yaml``, and for a unit
    ``<org-slug>-<unit-slug>-<period-slug>.yaml``, so two units of one organisation never share a name."""
    of_unit = "" if unit is None else f"{slug(unit)}-"
    return f"{slug(organisation)}-{of_unit}{slug(period)}.yaml"
