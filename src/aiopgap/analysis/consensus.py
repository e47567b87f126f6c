"""Which perception gaps a workshop walks, in what order, and the agreement it records. Pure, no I/O.

* The walk is the report's question gaps (:func:`~aiopgap.analysis.workshop.workshop_result`),
  widest first; a question the file already records an agreement for is left out unless it is
  walked again on purpose (``redo``). Dimension gaps are not walked: the room agrees levels of
  questions, and a dimension's score follows from them.
* An agreement is settled from what the facilitator typed: a level on the question's scale (or
  n/a where the question allows it), a rationale, and dissenters named as they are in the file
  (one person however the name is cased or spaced). Each dissenter keeps the level they gave.
  A level is written in ASCII digits (``2``, not ``２``); a rationale or note longer than an answers
  file holds, or one person named twice with two different notes, is refused rather than cut or dropped
  (named twice with one note, or a note only once, they are one dissenter with that note).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from aiopgap.analysis.workshop import question_by_role, role_groups
from aiopgap.model.answers import NOTE_LIMIT, Agreement, Answers, Dissent, level_value, name_key
from aiopgap.model.base import NA
from aiopgap.model.errors import UsageError
from aiopgap.model.questionnaire import Question
from aiopgap.model.report import QuestionResult, Report
from aiopgap.model.text import shown
from aiopgap.model.workshop import PerceptionGap, RoleScore


@dataclass(frozen=True)
class Topic:
    """One question gap the room discusses: the gap, the question's results and each role's view."""

    gap: PerceptionGap
    question: QuestionResult
    by_role: tuple[RoleScore, ...]


def topics(report: Report, redo: bool = False) -> list[Topic]:
    """The question gaps of ``report`` to walk, widest first; agreed ones only when ``redo``."""
    if report.workshop is None:
        return []
    results = {q.id: q for q in report.questions()}
    groups = role_groups(report)
    out = []
    for gap in report.workshop.gaps:
        question = results.get(gap.ref)
        if gap.kind != "question" or question is None or (question.agreed is not None and not redo):
            continue
        out.append(Topic(gap, question, question_by_role(question, groups)))
    return out


def agreed_count(report: Report) -> int:
    """How many questions of ``report`` carry an agreement."""
    return sum(1 for q in report.questions() if q.agreed is not None)


def parse_agree(text: str) -> tuple[str, str]:
    """``QID=LEVEL`` as typed after ``--agree``: the question id and the level text."""
    question_id, sep, level = text.partition("=")
    if not sep or not question_id.strip() or not level.strip():
        raise UsageError(f"--agree takes QUESTION=LEVEL (e.g. governance.decision-latency=2), not {shown(text)}")
    return question_id.strip(), level.strip()


_DIGITS = re.compile("[0-9]+")


def storable(what: str, text: str | None) -> str | None:
    """A rationale or note as it is stored (trimmed; blank is none), refused if a file cannot hold it."""
    kept = (text or "").strip()
    if len(kept) > NOTE_LIMIT:
        raise UsageError(
            f"{what} is {len(kept):,} characters long and an answers file holds at most {NOTE_LIMIT:,}: shorten it"
        )
    return kept or None


def parse_level(question: Question, text: str) -> int | Literal["n/a"]:
    """A level typed for ``question``: a level on its scale, or n/a where it allows n/a."""
    typed = text.strip()
    value = level_value(typed) if typed.lower() in {"n/a", "na"} else None
    if _DIGITS.fullmatch(typed):  # ASCII digits only: int() would also read '２' or '٢' as 2
        value = int(typed)
    top = question.max_level
    if value == NA and question.allow_na:
        return NA
    if isinstance(value, int) and 0 <= value <= top:
        return value
    allowed = f"0 to {top}" + (" or n/a" if question.allow_na else "")
    raise UsageError(f"{shown(text)} is not a level of {question.id}: give {allowed}")


def settle(
    question: Question,
    answers: Answers,
    level: str,
    rationale: str | None,
    dissent: Sequence[tuple[str, str | None]] = (),
) -> Agreement:
    """The agreement typed for ``question``: checked level, rationale, and each dissenter with their level."""
    agreed = parse_level(question, level)
    why = storable("the rationale", rationale)
    people: dict[str, Dissent] = {}
    given: dict[str, str] = {}
    for name, typed in dissent:
        respondent = next((r for r in answers.respondents if name_key(r.name) == name_key(name)), None)
        if respondent is None:
            known = ", ".join(r.name for r in answers.respondents) or "none"
            raise UsageError(f"{shown(name)} is not a respondent of this file, so cannot dissent (known: {known})")
        note = storable(f"the note of {respondent.name}'s dissent", typed)
        key = name_key(respondent.name)
        if key in people and note is not None:
            if people[key].note not in (None, note):  # keeping either note would drop the other without a word
                raise UsageError(
                    f"{shown(given[key])} and {shown(name)} are one dissenter ({respondent.name}) given twice "
                    "with different notes: name them once, with one note"
                )
            people[key] = people[key].model_copy(update={"note": note})
            given[key] = name
        if key not in people:
            held = respondent.answers.get(question.id)
            people[key] = Dissent(name=respondent.name, level=None if held is None else held.level, note=note)
            given[key] = name
    return Agreement(level=agreed, rationale=why, dissent=tuple(people.values()))
