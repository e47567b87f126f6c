"""Formatting shared by the ``diff`` and ``trend`` outputs: deltas, arrows, SVG line charts."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from aiopgap.model.diff import AnswerSide, Change, QuestionChange, ResponseChange
from aiopgap.render.templates import scale_ticks

ARROWS = {"up": "▲", "down": "▼", "same": "=", "new": "new", "gone": "gone", "unscored": "–"}


def num(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def delta(item: Change, digits: int = 2) -> str:
    """``▲ +0.33``, ``▼ -0.50``, ``= 0.00``, or ``new``/``gone`` when one side has no value."""
    if item.delta is None:
        return ARROWS[item.direction]
    if item.direction == "same":
        return f"= {0:.{digits}f}"
    return f"{ARROWS[item.direction]} {item.delta:+.{digits}f}"


def pct_delta(item: Change) -> str:
    if item.delta is None:
        return ARROWS[item.direction]
    if item.direction == "same":
        return "= 0 pts"
    return f"{ARROWS[item.direction]} {item.delta * 100:+.0f} pts"


def span(old: str | None, new: str | None, empty: str = "not scored") -> str:
    """``A → B``, or just ``A`` when nothing changed."""
    a, b = old or empty, new or empty
    return a if a == b else f"{a} → {b}"


def gap_word(item: Change) -> str:
    """How a change in gap (or shortfall) reads: negative deltas close the gap."""
    if item.delta is None:
        return ""
    if item.direction == "down":
        return f"closing by {-item.delta:.2f}"
    if item.direction == "up":
        return f"widening by {item.delta:.2f}"
    return "unchanged"


def level(value: int | str | None) -> str:
    return "–" if value is None else str(value)


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


# --------------------------------------------------------------------------- SVG line chart


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    """Geometry of a small line chart; the template draws it as inline SVG."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    lines: tuple[str, ...]
    """SVG ``points`` strings, one per run of consecutive scored periods."""
    points: tuple[ChartPoint, ...]
    grid: tuple[tuple[float, str], ...]
    """(y, label) of the horizontal scale lines."""
    ticks: tuple[tuple[float, str], ...]
    """(x, label) of the periods."""
    target_y: float | None


def line_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    maximum: float,
    target: float | None = None,
    width: int = 340,
    height: int = 150,
) -> Chart:
    left, right, top, bottom = 36.0, width - 30.0, 12.0, height - 28.0

    def x_at(i: int) -> float:
        if len(labels) == 1:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * i / (len(labels) - 1), 1)

    def y_at(value: float) -> float:
        share = max(0.0, min(value, maximum)) / maximum if 0 < maximum < math.inf else 0.0
        return round(bottom - (bottom - top) * share, 1)

    lines: list[str] = []
    run: list[str] = []
    points = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
            continue
        x, y = x_at(i), y_at(value)
        run.append(f"{x},{y}")
        points.append(ChartPoint(x, y, label, num(value)))
    if len(run) > 1:
        lines.append(" ".join(run))
    grid = tuple((y_at(v), str(v)) for v in scale_ticks(maximum))
    ticks = tuple((x_at(i), label) for i, label in enumerate(labels))
    return Chart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        tuple(lines),
        tuple(points),
        grid,
        ticks,
        None if target is None else y_at(target),
    )


HELPERS: dict[
    str, Callable[..., Any]
] = {  # each takes the diff and trend models or their plain Records alike (fields read as attributes)
    "num": num,
    "pct": pct,
    "delta": delta,
    "pct_delta": pct_delta,
    "span": span,
    "gap_word": gap_word,
    "level": level,
    "levels_text": levels_text,
    "notes_of": notes_of,
    "kind_text": kind_text,
    "line_chart": line_chart,
}
"""Functions the diff and trend templates call (passed in the template context)."""
