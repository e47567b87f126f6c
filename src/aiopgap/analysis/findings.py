"""Findings compared across two assessments: symptoms and contradiction checks that appeared, persist,
resolved or can no longer be judged, each deciding condition paired with the same condition on the other
side so a reader sees both numbers. Pure, no I/O; :mod:`aiopgap.analysis.diff` puts them in the diff.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Protocol, TypeVar

from aiopgap.analysis.judge import dimension_display, question_display
from aiopgap.model.diff import ContradictionChange, EvidenceChange, EvidenceKind, SymptomChange, SymptomKind
from aiopgap.model.report import ContradictionResult, Evidence, Report, SymptomResult

# --------------------------------------------------------------------------- symptoms


def evidence_text(item: Evidence) -> str:
    """One condition as a reader sees it: ``ref: value (rule condition)``."""
    return f"{item.ref}: {item.display} (rule {item.condition})"


Values = Mapping[tuple[str, str], str]
"""What a report shows for each thing a symptom rule can look at: (kind, ref) -> display."""


def report_values(report: Report) -> dict[tuple[str, str], str]:
    """Every question, dimension, inventory fact and contradiction check of ``report`` as a symptom's
    evidence would show it."""
    values: dict[tuple[str, str], str] = {}
    for d in report.dimensions:
        values["dimension", d.id] = dimension_display(d.score)
        for q in d.questions:
            values["question", q.id] = question_display(q)
    if report.inventory is not None:
        for fact in report.inventory.facts:
            values["fact", fact.name] = fact.display
    for check in report.contradictions:  # shown as a symptom's contradiction condition shows it: its status
        values["contradiction", check.id] = check.status
    return values


def _pair(deciding: Sequence[Evidence], other: Sequence[Evidence]) -> list[tuple[Evidence, Evidence | None]]:
    """Each deciding condition with the same condition (kind, ref and rule) on the other side, if there."""
    left = list(other)
    pairs: list[tuple[Evidence, Evidence | None]] = []
    for e in deciding:
        match = next((o for o in left if (o.kind, o.ref, o.condition) == (e.kind, e.ref, e.condition)), None)
        if match is not None:
            left.remove(match)
        pairs.append((e, match))
    return pairs


def _shown(evidence: Evidence | None, fallback: Evidence, values: Values) -> str | None:
    if evidence is not None:
        return evidence.display
    return values.get((fallback.kind, fallback.ref))


def _evidence_change(
    old: Evidence | None, new: Evidence | None, persists: bool, old_values: Values, new_values: Values
) -> EvidenceChange:
    """``old``/``new`` are the same condition on each side. One may be missing: then the other report's
    value for that question, dimension or fact is shown when known. For a persisting symptom a condition
    that triggers on one side only is ``new`` or ``gone`` whatever its values."""
    reference = new if new is not None else old
    assert reference is not None
    before, after = _shown(old, reference, old_values), _shown(new, reference, new_values)
    kind: EvidenceKind
    paired = old is not None and new is not None
    if paired or (not persists and before is not None and after is not None):
        kind = "same" if before == after else "changed"
    else:
        kind = "new" if old is None else "gone"
    if before is None or after is None:
        value = before if after is None else after
    else:
        value = after if before == after else f"{before} → {after}"
    text = f"{reference.ref}: {value} (rule {reference.condition})"
    if kind == "same":
        text += ", unchanged"
    elif persists and kind in {"new", "gone"}:
        text = f"{kind}: {text}"
    return EvidenceChange(
        ref=reference.ref,
        label=reference.label,
        condition=reference.condition,
        old=before,
        new=after,
        change=kind,
        text=text,
    )


def evidence_changes(
    kind: SymptomKind,
    was: SymptomResult | None,
    now: SymptomResult | None,
    old_values: Values | None = None,
    new_values: Values | None = None,
) -> tuple[EvidenceChange, ...]:
    """The deciding conditions of a symptom change, each paired with the same condition on the other side.

    Appeared: what triggered it, with the value each had before. Resolved (or no longer judgeable):
    what had triggered it, with the value each has now. Persists: the triggering conditions of both
    sides, paired; a condition that triggers on one side only is ``new`` or ``gone``. Where the other
    side's symptom does not carry a condition, its value comes from ``old_values``/``new_values``
    (see :func:`report_values`), when given.
    """
    before = () if was is None else was.evidence
    after = () if now is None else now.evidence
    return paired_conditions(kind, before, after, old_values, new_values)


def paired_conditions(
    kind: SymptomKind,
    before: Sequence[Evidence],
    after: Sequence[Evidence],
    old_values: Values | None = None,
    new_values: Values | None = None,
) -> tuple[EvidenceChange, ...]:
    """Conditions of one finding (a symptom's evidence, a contradiction's claim or facts) on two sides, paired."""
    old_values, new_values = old_values or {}, new_values or {}
    if kind == "appeared":
        return tuple(_evidence_change(o, n, False, old_values, new_values) for n, o in _pair(after, before))
    if kind in {"resolved", "unknown"}:
        return tuple(_evidence_change(o, n, False, old_values, new_values) for o, n in _pair(before, after))
    paired = _pair(after, before)
    used = {id(o) for _, o in paired if o is not None}
    changes = [_evidence_change(o, n, True, old_values, new_values) for n, o in paired]
    changes += [_evidence_change(o, None, True, old_values, new_values) for o in before if id(o) not in used]
    return tuple(changes)


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


Found = TypeVar("Found", bound=_Identified)


def by_id(old: Iterable[Found], new: Iterable[Found]) -> Iterator[tuple[str, Found | None, Found | None]]:
    """Each finding id with its result on either side (None where absent): the newer side's order first."""
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    for fid in [*after, *(i for i in before if i not in after)]:
        yield fid, before.get(fid), after.get(fid)


_ORDER: dict[SymptomKind, int] = {"appeared": 0, "persists": 1, "resolved": 2, "unknown": 3}


def movement(old: str | None, new: str | None, found: str, cleared: frozenset[str]) -> SymptomKind | None:
    """How a finding moved between two statuses; None when it is ``found`` on neither side.

    ``cleared`` are the statuses that resolve it; any other (not evaluable, not reported) leaves it unknown.
    """
    if new == found:
        return "persists" if old == found else "appeared"
    if old == found:
        return "resolved" if new in cleared else "unknown"
    return None


NOT_FLAGGED = frozenset({"not flagged", "watch"})
"""A symptom on watch is not flagged: one that moves from flagged to watch has resolved (the diff shows
the state it moved to)."""


def _symptom_kind(was: SymptomResult | None, now: SymptomResult | None) -> SymptomKind | None:
    """How a symptom moved; None when it is flagged on neither side."""
    return movement(None if was is None else was.status, None if now is None else now.status, "flagged", NOT_FLAGGED)


def symptom_changes(
    old: Iterable[SymptomResult],
    new: Iterable[SymptomResult],
    old_values: Values | None = None,
    new_values: Values | None = None,
) -> tuple[SymptomChange, ...]:
    """Symptoms that appeared, persist, resolved, or can no longer be judged; matched by id.

    Symptoms flagged on neither side are left out. Each deciding condition is paired with its
    counterpart on the other side (:func:`evidence_changes`); for a persisting symptom
    ``evidence_added``/``evidence_removed`` keep the conditions that trigger on one side only.
    """
    changes = []
    for sid, was, now in by_id(old, new):
        kind = _symptom_kind(was, now)
        if kind is None:
            continue
        paired = evidence_changes(kind, was, now, old_values, new_values)
        added: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        if was is not None and now is not None and kind == "persists":  # what the pairing could not match
            added = tuple(evidence_text(e) for e in now.evidence if _lone(e, paired, "new"))
            removed = tuple(evidence_text(e) for e in was.evidence if _lone(e, paired, "gone"))
        shown = now if kind in {"appeared", "persists"} else was
        reference = now if now is not None else was
        assert shown is not None
        assert reference is not None
        changes.append(
            SymptomChange(
                id=sid,
                name=reference.name,
                change=kind,
                status_old=None if was is None else was.status,
                status_new=None if now is None else now.status,
                evidence=tuple(evidence_text(e) for e in shown.evidence),
                evidence_added=added,
                evidence_removed=removed,
                evidence_changes=paired,
            )
        )
    return tuple(sorted(changes, key=lambda c: _ORDER[c.change]))


def _lone(evidence: Evidence, paired: Sequence[EvidenceChange], kind: EvidenceKind) -> bool:
    return any((c.change, c.ref, c.condition) == (kind, evidence.ref, evidence.condition) for c in paired)


# --------------------------------------------------------------------------- contradictions


def contradiction_changes(
    old: Iterable[ContradictionResult],
    new: Iterable[ContradictionResult],
    old_values: Values | None = None,
    new_values: Values | None = None,
) -> tuple[ContradictionChange, ...]:
    """Contradictions that appeared, persist, resolved (now consistent) or can no longer be judged; by id.

    Checks contradicted on neither side are left out. Each side's claim and facts are paired condition by
    condition with the other side's, so a reader sees both numbers.
    """
    changes = []
    for cid, was, now in by_id(old, new):
        kind = movement(
            None if was is None else was.status,
            None if now is None else now.status,
            "contradicted",
            frozenset({"consistent"}),
        )
        if kind is None:
            continue
        reference = now if now is not None else was
        assert reference is not None
        changes.append(
            ContradictionChange(
                id=cid,
                name=reference.name,
                change=kind,
                status_old=None if was is None else was.status,
                status_new=None if now is None else now.status,
                claim=paired_conditions(
                    kind, was.claim if was else (), now.claim if now else (), old_values, new_values
                ),
                facts=paired_conditions(
                    kind, was.facts if was else (), now.facts if now else (), old_values, new_values
                ),
            )
        )
    return tuple(sorted(changes, key=lambda c: _ORDER[c.change]))
