"""The one checker of imported answers: what workbooks, CSV files and form exports held, made answers.

Every reader turns its file into :class:`~aiopgap.model.intake.Intake` s; :func:`check_intakes`
turns them all into one :class:`~aiopgap.model.answers.Answers`, or lists every problem with the
cell it is in. No value is dropped silently: a level or a note read ends up in the answers or in a
problem. A blank level is a question left unanswered, counted in the summary, never an error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import ValidationError

from aiopgap.model.answers import Answer, Answers, QuestionnaireRef, Respondent, name_key
from aiopgap.model.base import NA
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.evidence import EVIDENCE_KINDS, MAX_EVIDENCE, EvidenceItem
from aiopgap.model.intake import CellValue, GivenAnswer, GivenRespondent, Intake, Read
from aiopgap.model.questionnaire import Question, Questionnaire
from aiopgap.model.text import has_unsafe, shown

MAX_NOTE = 4000
"""The longest note an answer holds (as in answers files)."""
MAX_TEXT = 500
"""The longest name or role."""

Level = int | Literal["n/a"]

# "2", "2 - Emerging", "2: Emerging", "2) Emerging", "2. Emerging", "2 Emerging"; never "2.5" or "2nd".
# Only ASCII digits are a level: Python's int() also reads "２" and "٢", which nobody types as a level.
_LEADING_NUMBER = re.compile(r"([0-9]{1,3})(?:\s*[-\u2013\u2014:)]\s*(\S.*)|\.\s+(\S.*)|\s+(\S.*))?", re.DOTALL)
_WHOLE_DECIMAL = re.compile(r"[0-9]{1,3}\.0+")
_NOTHING_WORDS = {"absent", "none", "not started", "nothing", "not at all", "never", "non-existent", "nonexistent"}
"""Labels that say a practice is missing: they go with level 0 only (``4 - Absent`` contradicts itself)."""
_NA_WORDS = {"n/a", "na", "not applicable"}
_EVIDENCE_SPLIT = re.compile("; (?=(?:" + "|".join(EVIDENCE_KINDS) + r")(?: |;|$))")
_DATE = re.compile(r"(\d{4}-\d\d-\d\d)(?: |$)")
_STALE = " (stale)"


@dataclass(frozen=True)
class FileSummary:
    """What one file gave: respondents, answers and questions left blank."""

    file: str
    respondents: int
    answers: int
    blanks: int


@dataclass(frozen=True)
class Imported:
    answers: Answers
    files: tuple[FileSummary, ...]


class _NotALevel(ValueError):
    """A level cell that holds something other than a level."""


def level_of(value: CellValue) -> Level | None:
    """The level a cell holds: a whole number, ``n/a``, or text starting with the level
    (``2 - Emerging``); None when the cell is blank. Anything else raises :class:`_NotALevel`.
    """
    return labelled_level(value)[0]


def labelled_level(value: CellValue) -> tuple[Level | None, str | None]:
    """The level a cell holds (as :func:`level_of`) and the label written after its number, if any.

    A label naming another number (``2 or 3``, ``2-3``, ``2 - Practised;3 - Managed`` from a
    checkbox) or saying the practice is missing beside a level above 0 (``4 - Absent``) is refused.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    if isinstance(value, bool):
        raise _NotALevel(f"{shown(value)} is not a level")
    if isinstance(value, float):
        if not value.is_integer():
            raise _NotALevel(f"{shown(value)} is not a level: levels are whole numbers")
        return int(value), None
    if isinstance(value, int):
        return value, None
    text = " ".join(value.split())
    if text.casefold() in _NA_WORDS:
        return NA, None
    if _WHOLE_DECIMAL.fullmatch(text):  # "2.0", as a spreadsheet may save a whole number
        return int(text.split(".")[0]), None
    match = _LEADING_NUMBER.fullmatch(text)
    if match is None:
        digits = " (write it with the digits 0-9)" if any(c.isdigit() and not c.isascii() for c in text) else ""
        raise _NotALevel(f"{shown(text)} is not a level: give a whole number (or n/a where allowed){digits}")
    level = int(match.group(1))
    label = next((g for g in match.groups()[1:] if g is not None), None)
    if label is not None and any(c.isdigit() for c in label):
        raise _NotALevel(f"{shown(text)} names more than one number: give one level (a single choice)")
    if label is not None and level != 0 and label.casefold().rstrip(".") in _NOTHING_WORDS:
        raise _NotALevel(f"{shown(text)} contradicts itself: {shown(label)} is level 0, not {level}; give one level")
    return level, label


def evidence_of(text: str) -> list[EvidenceItem]:
    """Evidence from one cell as ``export`` writes it: ``artifact 2026-08-14 RACI v3 (stale); observed``.

    Items are separated by ``; `` before a kind; each is its kind, then a date and a reference when
    it has them; the ``(stale)`` mark ``export`` adds is dropped (staleness is worked out again).
    ValueError (from the item's own checks) when an item is not evidence.
    """
    items = []
    for part in _EVIDENCE_SPLIT.split(text.strip()):
        kind, _, rest = part.strip().partition(" ")
        if rest == _STALE.strip():
            rest = ""
        elif rest.endswith(_STALE):
            rest = rest[: -len(_STALE)]
        date = _DATE.match(rest)
        reference = (rest[date.end() :] if date else rest).strip()
        fields = {"kind": kind, "date": date.group(1) if date else None, "reference": reference or None}
        items.append(EvidenceItem.model_validate(fields))
    return items


def _text(read: Read, what: str, limit: int, problems: list[Problem]) -> str | None:
    """A name, role or note cell as text: None (and a problem) when it cannot be one."""
    value = read.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if what != "note":
        text = " ".join(text.split()) if "\n" in text else text
    if not text:
        return None
    if has_unsafe(text):
        problems.append(Problem(read.where, f"the {what} holds a control character; remove it ({shown(text)})"))
        return None
    if len(text) > limit:
        problems.append(Problem(read.where, f"the {what} is {len(text):,} characters long; at most {limit:,} fit"))
        return None
    return text


@dataclass
class _Checker:
    questionnaire: Questionnaire
    problems: list[Problem]

    def __post_init__(self) -> None:
        self.questions: dict[str, Question] = {q.id: q for q in self.questionnaire.questions()}
        self.replaced: dict[str, list[str]] = {}
        self.labels: dict[str, tuple[Level, Location]] = {}
        """Each answer label of the file being checked (``Practised``), with the level it first came with."""
        for q in self.questionnaire.questions():
            for old in q.replaces:
                self.replaced.setdefault(old, []).append(q.id)

    def problem(self, where: Location, message: str) -> None:
        self.problems.append(Problem(where, message))

    def unknown(self, question: str) -> str:
        if question in self.replaced:
            return f"unknown question id {question!r}; it was replaced by " + ", ".join(self.replaced[question])
        close = difflib.get_close_matches(question, list(self.questions), n=1, cutoff=0.6)
        return f"unknown question id {question!r}" + (f"; did you mean {close[0]!r}?" if close else "")

    def level(self, given: GivenAnswer, question: Question | None) -> Level | Literal[False] | None:
        """The answer's level; None when blank; False (and a problem) when it is not a level for the question."""
        try:
            level, label = labelled_level(given.level.value)
        except _NotALevel as exc:
            self.problem(given.level.where, str(exc))
            return False
        if label is not None and level is not None and not self.same_label(label, level, given.level.where):
            return False
        if level is None or question is None:
            return level
        if level == NA and not question.allow_na:
            self.problem(given.level.where, f"question {question.id!r} does not allow n/a")
            return False
        if isinstance(level, int) and not 0 <= level <= question.max_level:
            span = f"0 to {question.max_level}"
            self.problem(given.level.where, f"level {level} is out of range for {question.id!r} ({span})")
            return False
        return level

    def same_label(self, label: str, level: Level, where: Location) -> bool:
        """Whether ``label`` goes with the level it went with elsewhere in the file (a problem when not)."""
        key = " ".join(label.split()).casefold()
        first = self.labels.setdefault(key, (level, where))
        if first[0] != level:
            self.problem(
                where, f"{shown(label)} is level {level} here but level {first[0]} at {first[1]}; give one level"
            )
            return False
        return True

    def evidence(self, given: GivenAnswer) -> list[EvidenceItem] | None:
        cell = given.evidence
        if cell is None or cell.value is None or not str(cell.value).strip():
            return []
        try:
            items = evidence_of(str(cell.value))
        except ValidationError as exc:
            first = exc.errors(include_url=False)[0]
            self.problem(cell.where, f"not evidence as `export` writes it: {first['msg']} ({shown(cell.value)})")
            return None
        if len(items) > MAX_EVIDENCE:
            self.problem(cell.where, f"{len(items)} evidence items; at most {MAX_EVIDENCE} fit one answer")
            return None
        return items

    # long because: one answer's every rule (blank, note alone, question, duplicate, level, evidence) in order
    def answer(self, given: GivenAnswer, seen: dict[str, Location]) -> tuple[str, Answer] | Literal[False] | None:
        """One answer, None when it is left blank, False when it has a problem (recorded)."""
        note = _text(given.note, "note", MAX_NOTE, self.problems) if given.note is not None else None
        question = self.questions.get(given.question)
        level = self.level(given, question)
        evidence = self.evidence(given)
        if level is None:
            has_evidence = bool(evidence) or (evidence is None)
            if note is not None or has_evidence:
                where = given.note.where if note is not None and given.note is not None else given.level.where
                self.problem(where, f"a note or evidence for {given.question!r} without a level: give the level")
                return False
            return None
        if question is None:
            self.problem(given.level.where, self.unknown(given.question))
            return False
        if question.id in seen:
            first = seen[question.id]
            self.problem(given.level.where, f"{question.id!r} is answered twice by this respondent (also at {first})")
            return False
        seen[question.id] = given.level.where
        if level is False or evidence is None:
            return False
        return question.id, Answer(level=level, note=note, evidence=tuple(evidence))

    def respondent(self, given: GivenRespondent) -> tuple[Respondent | None, int]:
        """The respondent and the number of questions left blank."""
        before = len(self.problems)
        name = _text(given.name, "name", MAX_TEXT, self.problems)
        role = _text(given.role, "role", MAX_TEXT, self.problems)
        if name is None and len(self.problems) == before:
            self.problem(given.name.where, "the respondent's name is empty; every respondent needs a name")
        if role is None and len(self.problems) == before:
            self.problem(given.role.where, "the respondent's role is empty; every respondent needs a role")
        answers: dict[str, Answer] = {}
        seen: dict[str, Location] = {}
        blanks = 0
        for given_answer in given.answers:
            found = self.answer(given_answer, seen)
            if found is None:
                blanks += 1
            elif found is not False:
                answers[found[0]] = found[1]
        if name is None or role is None or len(self.problems) != before:
            return None, blanks
        return Respondent(name=name, role=role, answers=answers), blanks


_OPTIONS = {"organisation": "--org", "unit": "--unit", "period": "--period"}
"""The option that names each fact a file may state."""


def _settle(what: str, option: str | None, reads: list[Read | None], problems: list[Problem]) -> str | None:
    """The organisation (unit, period): the option, or what the files say; contradictions are problems."""
    named = [(r, " ".join(str(r.value).split())) for r in reads if r is not None and r.value is not None]
    named = [(r, text) for r, text in named if text]
    flag = _OPTIONS[what]
    if option is not None:
        for read, text in named:
            if name_key(text) != name_key(option):
                problems.append(Problem(read.where, f"this file is for {what} {text!r}, but {flag} says {option!r}"))
        return option
    if not named:
        return None
    first, chosen = named[0]
    for read, text in named[1:]:
        if name_key(text) != name_key(chosen):
            problems.append(Problem(read.where, f"{what} {text!r} here, but {chosen!r} at {first.where}"))
    return chosen


def check_intakes(
    intakes: Sequence[Intake],
    questionnaire: Questionnaire,
    organisation: str | None,
    period: str | None,
    unit: str | None = None,
    parent: str | None = None,
) -> Imported:
    """All respondents of all files as one set of answers; :class:`InputError` listing every problem.

    The unit is ``unit`` or the one the files name (none: the whole organisation); ``parent`` is the
    unit it belongs to, and needs a unit.
    """
    problems: list[Problem] = []
    checker = _Checker(questionnaire, problems)
    org = _settle("organisation", organisation, [i.organisation for i in intakes], problems)
    per = _settle("period", period, [i.period for i in intakes], problems)
    assessed = _settle("unit", unit, [i.unit for i in intakes], problems)
    respondents: list[Respondent] = []
    summaries: list[FileSummary] = []
    seen: dict[str, Location] = {}
    for intake in intakes:
        checker.labels = {}
        if not intake.respondents:
            problems.append(Problem(Location(intake.file), "no respondents found: the file holds no answers"))
        answered = blanks = 0
        for given in intake.respondents:
            respondent, left_blank = checker.respondent(given)
            blanks += left_blank
            key = name_key("" if given.name.value is None else str(given.name.value))
            if key in seen:
                message = f"respondent {shown(given.name.value)} appears twice (also at {seen[key]})"
                problems.append(Problem(given.name.where, message))
                continue
            if key:
                seen[key] = given.name.where
            if respondent is None:
                continue
            respondents.append(respondent)
            answered += len(respondent.answers)
        summaries.append(FileSummary(intake.file, len(intake.respondents), answered, blanks))
    first_file = Location(intakes[0].file) if intakes else Location("-")
    if org is None:
        problems.append(Problem(first_file, "no file names the organisation; give it with --org"))
    if per is None:
        problems.append(Problem(first_file, "no file names the period; give it with --period (e.g. 2026-Q3)"))
    if parent is not None and assessed is None:
        problems.append(Problem(first_file, "--parent names the parent of a unit, but no unit is named: add --unit"))
    if problems or org is None or per is None:
        raise InputError(problems)
    subject = (org, None if assessed is None else (assessed, parent))
    return Imported(_answers(questionnaire, subject, per, respondents, first_file), tuple(summaries))


def _answers(
    questionnaire: Questionnaire,
    subject: tuple[str, tuple[str, str | None] | None],
    period: str,
    respondents: list[Respondent],
    at: Location,
) -> Answers:
    """The answers of ``subject``: the organisation, and the unit's name and parent when there is one."""
    ref = QuestionnaireRef(id=questionnaire.id, version=questionnaire.version)
    org, unit = subject
    assessed = None if unit is None else {"name": unit[0], "parent": unit[1]}
    given = {"questionnaire": ref, "organisation": org, "unit": assessed, "period": period}
    try:
        return Answers.model_validate({**given, "respondents": tuple(respondents)})
    except ValidationError as exc:
        reasons = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False))
        raise InputError([Problem(at, f"the organisation, unit or period cannot be used ({reasons})")]) from None
