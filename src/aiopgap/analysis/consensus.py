"""Which perception gaps a workshop walks, in what order, and the agreement it records. Pure, no I/O.

* The walk is the report's question gaps (:func:`~aiopgap.analysis.workshop.workshop_result`),
  widest first; a question the file already records an agreement for is left out unless it is
  walked again on purpose (``redo``). Dimension gaps are not walked: the room agrees levels of
  questions, and a dimension's score follows from them.
* An agreement is settled from what the facilitator typed: a level on the question's scale (or
  n/a where the question allows it), a rationale, and dissenters named as they are in the file
  (one person however the name is cased or spaced). Each dissenter keeps the level they gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from aiopgap.analysis.workshop import question_by_role, role_groups
from aiopgap.model.answers import Agreement, Answers, Dissent, level_value, name_key
from aiopgap.model.base import NA
from aiopgap.model.errors import UsageError
from aiopgap.model.questionnaire import Question
from aiopgap.model.report import PerceptionGap, QuestionResult, Report, RoleScore
from aiopgap.model.text import shown


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
    results = {q.id: q for d in report.dimensions for q in d.questions}
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
    return sum(1 for d in report.dimensions for q in d.questions if q.agreed is not None)


def parse_agree(text: str) -> tuple[str, str]:
    """``QID=LEVEL`` as typed after ``--agree``: the question id and the level text."""
    question_id, sep, level = text.partition("=")
    if not sep or not question_id.strip() or not level.strip():
        raise UsageError(f"--agree takes QUESTION=LEVEL (e.g. governance.owner=2), not {shown(text)}")
    return question_id.strip(), level.strip()


def parse_level(question: Question, text: str) -> int | Literal["n/a"]:
    """A level typed for ``question``: a level on its scale, or n/a where it allows n/a."""
    try:
        value = level_value(text.strip() if text.strip().lower() in {"n/a", "na"} else int(text))
    except ValueError:
        value = None
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
    people: list[Dissent] = []
    seen: set[str] = set()
    for name, note in dissent:
        respondent = next((r for r in answers.respondents if name_key(r.name) == name_key(name)), None)
        if respondent is None:
            known = ", ".join(r.name for r in answers.respondents) or "none"
            raise UsageError(f"{shown(name)} is not a respondent of this file, so cannot dissent (known: {known})")
        if name_key(respondent.name) in seen:
            continue
        seen.add(name_key(respondent.name))
        held = respondent.answers.get(question.id)
        people.append(
            Dissent(name=respondent.name, level=None if held is None else held.level, note=(note or "").strip() or None)
        )
    return Agreement(level=agreed, rationale=(rationale or "").strip() or None, dissent=tuple(people))
