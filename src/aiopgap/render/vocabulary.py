"""The one formatting vocabulary: how every document says a number, a change, a span or a mark.

Each word is a plain function the terminal renderers call by its name, and :func:`words` registers
every one, under the same name, in every template environment, both as a filter and as a function:
``{{ d.score | score }}`` and ``{{ score(d.score) }}`` say the same. The functions take our
models or their plain :class:`~aiopgap.render.plain.Record` mappings alike (fields read as attributes).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from aiopgap.render.markdown import md_code, md_escape
from aiopgap.render.sandbox import bounded

if TYPE_CHECKING:
    from aiopgap.model.diff import (
        AnswerSide,
        Change,
        ContradictionChange,
        QuestionChange,
        ResponseChange,
        SymptomChange,
    )
    from aiopgap.model.responses import EvidenceSeen

NONE = "–"
"""What a missing number reads as."""

ARROWS = {"up": "▲", "down": "▼", "same": "=", "new": "new", "gone": "gone", "unscored": NONE}

MARKS = {"flagged": "●", "watch": "◐", "not flagged": "○", "not evaluable": "?", None: "·"}
"""A symptom's status in a timeline cell."""


# --------------------------------------------------------------------------- numbers


SCORE_DIGITS = 2
"""Decimals of every score, level, target and gap a document shows: one number format everywhere."""


def score(value: float | None, digits: int = SCORE_DIGITS) -> str:
    """A score with ``digits`` decimals (``2.50``), or ``–``."""
    return NONE if value is None else f"{value:.{bounded(digits, 'digits', 20)}f}"


def percent(value: float | None) -> str:
    """A share as a whole percentage (``0.875`` reads ``88%``), or ``–``."""
    return NONE if value is None else f"{value * 100:.0f}%"


def gap(value: float | None) -> str:
    """A signed gap to target with two decimals, as scores have; a gap under 0.005 either way reads ``0.00``."""
    if value is None:
        return NONE
    return f"{value:+.{SCORE_DIGITS}f}" if abs(value) >= 0.005 else f"{0:.{SCORE_DIGITS}f}"


def priority(value: float | None) -> str:
    """A recommendation's priority with one decimal (``25.8``), or ``–``: a ranking, not a score."""
    return NONE if value is None else f"{value:.1f}"


# --------------------------------------------------------------------------- changes


def delta(item: Change, digits: int = SCORE_DIGITS) -> str:
    """``▲ +0.33``, ``▼ -0.50``, ``= 0.00``, or ``new``/``gone`` when one side has no value."""
    if item.delta is None:
        return ARROWS[item.direction]
    if item.direction == "same":
        return f"= {0:.{digits}f}"
    return f"{ARROWS[item.direction]} {item.delta:+.{digits}f}"


def percent_delta(item: Change) -> str:
    """A change in a share, in percentage points: ``▲ +12 pts``."""
    if item.delta is None:
        return ARROWS[item.direction]
    if item.direction == "same":
        return "= 0 pts"
    return f"{ARROWS[item.direction]} {item.delta * 100:+.0f} pts"


def gap_word(item: Change) -> str:
    """How a change in gap (or shortfall) reads: negative deltas close the gap."""
    if item.delta is None:
        return ""
    if item.direction == "down":
        return f"closing by {score(-item.delta)}"
    if item.direction == "up":
        return f"widening by {score(item.delta)}"
    return "unchanged"


def span(old: str | None, new: str | None, empty: str = "not scored") -> str:
    """``A → B``, or just ``A`` when nothing changed."""
    a, b = old or empty, new or empty
    return a if a == b else f"{a} → {b}"


def level(value: int | str | None) -> str:
    return NONE if value is None else str(value)


def mark(status: str | None) -> str:
    """``●`` flagged, ``◐`` watch, ``○`` not flagged, ``?`` not evaluable, ``·`` not reported."""
    return MARKS.get(status, "?")


# --------------------------------------------------------------------------- answers and questions


def _answers(sides: Sequence[AnswerSide], with_ids: bool) -> str:
    if not sides:
        return "no answer"
    if with_ids:
        return ", ".join(f"{a.question} {a.level}" for a in sides)
    return ", ".join(str(a.level) for a in sides)


def levels_text(response: ResponseChange, question: QuestionChange) -> str:
    """How one respondent's level moved: ``2 → 3``, or with question ids across a split or merge."""
    with_ids = question.kind in {"split", "merged", "restructured"}
    return f"{_answers(response.before, with_ids)} → {_answers(response.after, with_ids)}"


def notes_of(sides: Sequence[AnswerSide]) -> str | None:
    notes = [a.note for a in sides if a.note]
    return " / ".join(notes) if notes else None


def kind_text(question: QuestionChange) -> str:
    """How the question itself changed between questionnaire versions, if it did."""
    old = ", ".join(question.old_ids)
    return {
        "same": "",
        "renamed": f"renamed from {old}",
        "split": f"split from {old}",
        "merged": f"merged from {old}",
        "restructured": f"replaces {old}",
        "added": "new question",
        "removed": "no longer asked",
    }[question.kind]


def words() -> dict[str, Callable[..., Any]]:
    """Every word by the name templates use; each template environment registers all of them."""
    from aiopgap.render.charts import line_chart, sparkline, text_bar  # charts label their points with score()

    return {
        "md": md_escape,
        "code": md_code,
        "score": score,
        "percent": percent,
        "gap": gap,
        "priority": priority,
        "bar": text_bar,
        "delta": delta,
        "percent_delta": percent_delta,
        "gap_word": gap_word,
        "span": span,
        "level": level,
        "mark": mark,
        "levels_text": levels_text,
        "notes_of": notes_of,
        "kind_text": kind_text,
        "sparkline": sparkline,
        "line_chart": line_chart,
        **_EVIDENCE_WORDS,
        "state_change": state_change,
        "marks_legend": marks_legend,
        **_AGREEMENT_WORDS,
    }


# --------------------------------------------------------------------------- claims and evidence

OUTCOMES = {"true": "holds", "false": "does not hold", "unknown": "unknown", "n/a": "not applicable"}
"""How a rule condition's outcome reads."""


def outcome(value: str) -> str:
    """``holds``, ``does not hold``, ``unknown`` or ``not applicable``."""
    return OUTCOMES.get(value, value)


def claimed(item: Any, digits: int = SCORE_DIGITS) -> str:
    """A score as claimed and as evidenced: ``2.64 claimed · 0.60 evidenced · confidence 28%``."""
    if item.score is None:
        return "not scored"
    evidenced = score(item.evidenced_score, digits)
    return f"{score(item.score, digits)} claimed · {evidenced} evidenced · confidence {percent(item.confidence)}"


def evidence_item(item: EvidenceSeen) -> str:
    """One evidence item: ``artifact · 2025-01-10 · RACI chart v3 · stale`` (the reference is user text)."""
    parts = [item.kind, item.date or "", item.reference or "", "stale" if item.stale else ""]
    return " · ".join(p for p in parts if p)


def found(item: Any) -> str:
    """What a rule condition found: a question's or dimension's score in the one number format
    (``1.50``), anything else (a count, a share, "unanswered") as the analysis said it."""
    if item.kind in ("question", "dimension") and item.value is not None:
        return score(item.value)
    return str(item.display)


_EVIDENCE_WORDS: dict[str, Callable[..., Any]] = {
    "found": found,
    "outcome": outcome,
    "claimed": claimed,
    "evidence_item": evidence_item,
}


# --------------------------------------------------------------------------- findings over time


def state_change(item: SymptomChange | ContradictionChange) -> str:
    """How a finding moved, with its states when one is watch or not evaluable: ``resolved (flagged → watch)``."""
    old, new = item.status_old, item.status_new
    if old and new and {old, new} & {"watch", "not evaluable"}:
        return f"{item.change} ({old} → {new})"
    return item.change


def marks_legend(separator: str = ", ") -> str:
    """What each timeline mark means, in :data:`MARKS` order: ``● flagged, ◐ watch, ...``; the mark of a
    period with no report is said in words, and never sits beside a ``·`` separator."""
    return separator.join(f"{symbol} {status or 'not reported that period'}" for status, symbol in MARKS.items())


# --------------------------------------------------------------------------- workshop agreements


def question_score(question: Any) -> str:
    """A question's score as reports show it: ``agreed 2 (median 3.0)`` where the workshop agreed a
    level, else the score, or the status of a question without one (``n/a``, ``unanswered``)."""
    agreed = getattr(question, "agreed", None)
    if agreed is not None:
        return f"agreed {agreed.level} (median {score(getattr(question, 'median', None))})"
    return score(question.score) if question.status == "scored" else str(question.status)


def agreed_questions(report: Any) -> list[Any]:
    """The questions of ``report`` the workshop agreed a level for, in questionnaire order."""
    # templates hand in the plain, method-free view of a report (render/plain.py): walk its fields
    return [q for d in report.dimensions for q in d.questions if getattr(q, "agreed", None) is not None]


def agreed_on(report: Any, ref: str) -> Any:
    """The question ``ref`` of ``report`` when the workshop agreed a level for it, else None."""
    return next((q for q in agreed_questions(report) if q.id == ref), None)


def dissent_text(agreement: Any) -> str:
    """Who dissented, with the level each held and their note: ``Ana Lima (level 1): too high; Bo``.
    User text: every format escapes it as it escapes notes."""
    people = []
    for person in agreement.dissent:
        held = "" if person.level is None else f" (level {person.level})"
        people.append(f"{person.name}{held}" + (f": {person.note}" if person.note else ""))
    return "; ".join(people)


def gap_width_change(item: Any) -> str:
    """A perception gap's width before and after and what happened: ``3.0 → 1.0 narrowed``."""
    return f"{score(item.old)} → {score(item.new)} {item.change}"


_AGREEMENT_WORDS: dict[str, Callable[..., Any]] = {
    "gap_width_change": gap_width_change,
    "question_score": question_score,
    "agreed_questions": agreed_questions,
    "agreed_on": agreed_on,
    "dissent_text": dissent_text,
}
