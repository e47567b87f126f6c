"""What the interview behind ``aiopgap assess`` and its screen pass each other.

:mod:`aiopgap.analysis.interview` decides which question comes next and hands a screen a
:class:`Step`; the screen (:mod:`aiopgap.render.assess_screen`, or a scripted one in tests) hands
back a :class:`Reply`. Both sides import these shapes from here, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from aiopgap.model.answers import Answer
from aiopgap.model.evidence import EvidenceItem
from aiopgap.model.questionnaire import Dimension, Question


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
    evidence: tuple[EvidenceItem, ...] = ()

    @classmethod
    def answer(cls, level: int, note: str | None = None, evidence: tuple[EvidenceItem, ...] = ()) -> Reply:
        return cls(Action.ANSWER, level, note, evidence)

    @classmethod
    def na(cls, note: str | None = None, evidence: tuple[EvidenceItem, ...] = ()) -> Reply:
        return cls(Action.NA, None, note, evidence)

    @classmethod
    def skip(cls, note: str | None = None) -> Reply:
        """Leave the question for later; ``note`` is what was typed in its note field, kept for next time."""
        return cls(Action.SKIP, note=note)

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
    """1-based place of the question in the questionnaire (with ``--dimension``, in that dimension's questions).

    The screen says "question K of N" with it, the same however many questions a resumed session skips.
    """
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
    draft_note: str | None = None
    """A note typed on this question when it was skipped earlier in the session, to continue."""
