"""What changed between two assessments: pure functions from two reports to a :class:`~aiopgap.model.diff.Diff`.

* Scores, gaps and coverage are compared per dimension and overall (:mod:`aiopgap.analysis.changes`).
* Questions are matched by id and through ``replaces`` links (:mod:`aiopgap.analysis.questions`).
* Symptoms are compared by id, each deciding condition paired with the same condition on the other
  side; initiatives are matched by name.

No I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from aiopgap.analysis.changes import change, step_direction
from aiopgap.analysis.judge import dimension_display, question_display
from aiopgap.analysis.periods import is_later
from aiopgap.analysis.questions import question_changes
from aiopgap.model.answers import name_key
from aiopgap.model.diff import (
    Diff,
    DimensionChange,
    EvidenceChange,
    EvidenceKind,
    InitiativeChange,
    InitiativeKind,
    Side,
    SymptomChange,
    SymptomKind,
)
from aiopgap.model.numbers import above, rounded
from aiopgap.model.report import DimensionResult, Evidence, InitiativeResult, Report, SymptomResult


def shortfall(report: Report) -> float | None:
    """Mean positive gap to target over the dimensions that have a target and a score."""
    gaps = [max(0.0, d.gap) for d in report.dimensions if d.gap is not None]
    return rounded(sum(gaps) / len(gaps)) if gaps else None


def _dimension_change(
    old: DimensionResult | None, new: DimensionResult | None, names: Sequence[str]
) -> DimensionChange:
    reference = new if new is not None else old
    assert reference is not None
    maturity_old = None if old is None else old.maturity
    maturity_new = None if new is None else new.maturity
    return DimensionChange(
        id=reference.id,
        name=reference.name,
        score=change(None if old is None else old.score, None if new is None else new.score),
        maturity_old=maturity_old,
        maturity_new=maturity_new,
        maturity_direction=step_direction(names, maturity_old, maturity_new),
        target_old=None if old is None else old.target,
        target_new=None if new is None else new.target,
        gap=change(None if old is None else old.gap, None if new is None else new.gap),
        coverage=change(None if old is None else old.coverage, None if new is None else new.coverage),
    )


def dimension_changes(old: Report, new: Report) -> tuple[DimensionChange, ...]:
    names = [name for name, _ in new.maturity_levels]
    ids = [d.id for d in new.dimensions] + [d.id for d in old.dimensions if new.dimension(d.id) is None]
    return tuple(_dimension_change(old.dimension(i), new.dimension(i), names) for i in ids)


# --------------------------------------------------------------------------- symptoms


def evidence_text(item: Evidence) -> str:
    """One condition as a reader sees it: ``ref: value (rule condition)``."""
    return f"{item.ref}: {item.display} (rule {item.condition})"


Values = Mapping[tuple[str, str], str]
"""What a report shows for each thing a symptom rule can look at: (kind, ref) -> display."""


def report_values(report: Report) -> dict[tuple[str, str], str]:
    """Every question, dimension and inventory fact of ``report`` as a symptom's evidence would show it."""
    values: dict[tuple[str, str], str] = {}
    for d in report.dimensions:
        values["dimension", d.id] = dimension_display(d.score)
        for q in d.questions:
            values["question", q.id] = question_display(q)
    if report.inventory is not None:
        for fact in report.inventory.facts:
            values["fact", fact.name] = fact.display
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
    old_values, new_values = old_values or {}, new_values or {}
    before = () if was is None else was.evidence
    after = () if now is None else now.evidence
    if kind == "appeared":
        return tuple(_evidence_change(o, n, False, old_values, new_values) for n, o in _pair(after, before))
    if kind in {"resolved", "unknown"}:
        return tuple(_evidence_change(o, n, False, old_values, new_values) for o, n in _pair(before, after))
    paired = _pair(after, before)
    used = {id(o) for _, o in paired if o is not None}
    changes = [_evidence_change(o, n, True, old_values, new_values) for n, o in paired]
    changes += [_evidence_change(o, None, True, old_values, new_values) for o in before if id(o) not in used]
    return tuple(changes)


_ORDER: dict[SymptomKind, int] = {"appeared": 0, "persists": 1, "resolved": 2, "unknown": 3}


def _symptom_kind(was: SymptomResult | None, now: SymptomResult | None) -> SymptomKind | None:
    """How a symptom moved; None when it is flagged on neither side."""
    old_flagged = was is not None and was.status == "flagged"
    if now is not None and now.status == "flagged":
        return "persists" if old_flagged else "appeared"
    if old_flagged:
        return "resolved" if now is not None and now.status == "not flagged" else "unknown"
    return None


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
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    changes = []
    for sid in [*after, *(i for i in before if i not in after)]:
        was, now = before.get(sid), after.get(sid)
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


# --------------------------------------------------------------------------- initiatives


def initiative_changes(
    old: Iterable[InitiativeResult], new: Iterable[InitiativeResult]
) -> tuple[InitiativeChange, ...]:
    """Initiatives that are new, moved stage, were retired, or are no longer listed; matched by name.

    A move to the ``retired`` stage is reported as ``retired``; an initiative missing from the newer
    list as ``dropped``.
    """
    before = {name_key(item.name): item for item in old}
    after = {name_key(item.name): item for item in new}
    changes = []
    for key, now in after.items():
        was = before.get(key)
        if was is None:
            changes.append(InitiativeChange(name=now.name, change="new", stage_old=None, stage_new=now.stage))
        elif was.stage != now.stage:
            kind: InitiativeKind = "retired" if now.stage == "retired" else "moved"
            changes.append(InitiativeChange(name=now.name, change=kind, stage_old=was.stage, stage_new=now.stage))
    for key, was in before.items():
        if key not in after:
            changes.append(InitiativeChange(name=was.name, change="dropped", stage_old=was.stage, stage_new=None))
    return tuple(changes)


def _initiatives(report: Report) -> tuple[InitiativeResult, ...]:
    return () if report.inventory is None else report.inventory.initiatives


# --------------------------------------------------------------------------- the diff


def _side(report: Report) -> Side:
    return Side(
        organisation=report.organisation,
        period=report.period,
        questionnaire_id=report.questionnaire_id,
        questionnaire_version=report.questionnaire_version,
    )


def compare(old: Report, new: Report, links: Iterable[tuple[str, str]] = (), notes: Sequence[str] = ()) -> Diff:
    """Everything that changed from ``old`` to ``new``.

    ``links`` are (old question id, new question id) pairs from ``replaces`` declarations (see
    :func:`~aiopgap.analysis.questions.question_mapping`); ``notes`` say how they were found.
    """
    names = [name for name, _ in new.maturity_levels]
    all_notes = list(notes)
    if is_later(old.period, new.period):
        all_notes.append(f"OLD ({old.period}) is later than NEW ({new.period}), so every change reads backwards")
    if name_key(old.organisation) != name_key(new.organisation):
        all_notes.append(
            f"the two assessments are of different organisations: {old.organisation} and {new.organisation}"
        )
    return Diff(
        old=_side(old),
        new=_side(new),
        scale_max=new.scale_max,
        overall=change(old.score, new.score),
        maturity_old=old.maturity,
        maturity_new=new.maturity,
        maturity_direction=step_direction(names, old.maturity, new.maturity),
        shortfall=change(shortfall(old), shortfall(new)),
        coverage=change(old.coverage, new.coverage),
        dimensions=dimension_changes(old, new),
        questions=question_changes(old, new, links),
        notes=tuple(all_notes),
        symptoms=symptom_changes(old.symptoms, new.symptoms, report_values(old), report_values(new)),
        initiatives=initiative_changes(_initiatives(old), _initiatives(new)),
    )


def regressions(diff: Diff, tolerance: float = 0.0) -> tuple[DimensionChange, ...]:
    """Dimensions whose score dropped by more than ``tolerance``."""
    return tuple(d for d in diff.dimensions if d.score.delta is not None and above(-d.score.delta, tolerance))
