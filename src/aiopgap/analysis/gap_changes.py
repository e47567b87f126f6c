"""Whether perception gaps between roles narrowed from one assessment to the next. Pure, no I/O.

* A side's **width** on a question or dimension is its highest role's view minus its lowest
  (:func:`~aiopgap.analysis.workshop.disagreement`), read from the report's workshop section, so
  JSON reports written earlier compare too. Questions are paired by id.
* An item is listed when either side shows a perception gap there (width at least that side's
  threshold): ``closed`` when the newer side is below its threshold, ``new`` when the older side was,
  otherwise ``narrowed``, ``widened`` or ``same``; ``unknown`` when one side has no width there
  (fewer than two roles gave a level).
* Only assessments with a workshop section (two or more respondents) compare; others are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from aiopgap.analysis.workshop import disagreement
from aiopgap.model.diff import GapChange, GapKind
from aiopgap.model.numbers import TOLERANCE, at_least
from aiopgap.model.report import Report
from aiopgap.model.trend import GapTimeline


@dataclass(frozen=True)
class _Item:
    kind: Literal["question", "dimension"]
    ref: str
    label: str
    dimension: str


def widths(report: Report) -> dict[_Item, float | None]:
    """Every dimension and question of ``report``'s workshop section with its width; empty without one."""
    ws = report.workshop
    if ws is None:
        return {}
    out: dict[_Item, float | None] = {}
    for d in ws.dimensions:
        found = disagreement(d.by_role)
        out[_Item("dimension", d.id, d.name, d.id)] = None if found is None else found.width
    for q in ws.questions:
        found = disagreement(q.by_role)
        out[_Item("question", q.id, q.prompt, q.dimension)] = None if found is None else found.width
    return out


def _is_gap(width: float | None, threshold: int) -> bool:
    return width is not None and at_least(width, threshold)


def classify(old: float | None, new: float | None, old_threshold: int, new_threshold: int) -> GapKind:
    """``closed``, ``new``, ``narrowed``, ``widened``, ``same`` or ``unknown`` (see the module)."""
    if old is None or new is None:
        return "unknown"
    was, now = _is_gap(old, old_threshold), _is_gap(new, new_threshold)
    if was and not now:
        return "closed"
    if now and not was:
        return "new"
    if abs(new - old) <= TOLERANCE:
        return "same"
    return "narrowed" if new < old else "widened"


def _agreed(report: Report, ref: str) -> str | None:
    question = report.question(ref)
    return None if question is None or question.agreed is None else str(question.agreed.level)


def gap_changes(old: Report, new: Report) -> tuple[GapChange, ...]:
    """The perception gaps of either side, before and after; largest narrowing first, then widening."""
    if old.workshop is None or new.workshop is None:
        return ()
    before, after = widths(old), widths(new)
    out = []
    for item in [*after, *(i for i in before if i not in after)]:
        was, now = before.get(item), after.get(item)
        if not (_is_gap(was, old.workshop.threshold) or _is_gap(now, new.workshop.threshold)):
            continue
        out.append(
            GapChange(
                **asdict(item),
                old=was,
                new=now,
                change=classify(was, now, old.workshop.threshold, new.workshop.threshold),
                agreed=_agreed(new, item.ref) if item.kind == "question" else None,
            )
        )
    return tuple(sorted(out, key=lambda g: (_ORDER[g.change], -abs((g.old or 0.0) - (g.new or 0.0)))))


_ORDER: dict[str, int] = {"closed": 0, "narrowed": 1, "widened": 2, "new": 3, "same": 4, "unknown": 5}


def gap_timelines(reports: Sequence[Report]) -> tuple[GapTimeline, ...]:
    """Each question or dimension that was a perception gap in any period, with its width per period."""
    per_period = [widths(r) for r in reports]
    items: list[_Item] = []
    for report, found in zip(reports, per_period, strict=True):
        threshold = report.workshop.threshold if report.workshop is not None else 0
        items += [i for i, w in found.items() if i not in items and _is_gap(w, threshold)]
    out = []
    for item in items:
        row = tuple(found.get(item) for found in per_period)
        sides = [(w, r.workshop.threshold) for w, r in zip(row, reports, strict=True) if r.workshop and w is not None]
        first, last = sides[0], sides[-1]
        kind = classify(first[0], last[0], first[1], last[1]) if len(sides) > 1 else "unknown"
        out.append(GapTimeline(**asdict(item), widths=row, change=kind))
    return tuple(out)
