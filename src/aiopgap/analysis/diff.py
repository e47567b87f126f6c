"""What changed between two assessments: pure functions from two reports to a :class:`~aiopgap.model.diff.Diff`.

* Scores, gaps and coverage are compared per dimension and overall (:mod:`aiopgap.analysis.changes`).
* Questions are matched by id and through ``replaces`` links (:mod:`aiopgap.analysis.questions`).
* Symptoms and contradiction checks are compared by id (:mod:`aiopgap.analysis.findings`);
  initiatives are matched by name.
* Perception gaps between roles are compared by width (:mod:`aiopgap.analysis.gap_changes`).
* Overall and per dimension, the confidence (share of the score resting on evidence) and the
  evidenced score are compared like the scores.

No I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aiopgap.analysis.changes import change, step_direction
from aiopgap.analysis.findings import contradiction_changes, report_values, symptom_changes
from aiopgap.analysis.gap_changes import gap_changes
from aiopgap.analysis.periods import is_later
from aiopgap.analysis.questions import question_changes
from aiopgap.model.answers import name_key
from aiopgap.model.diff import Diff, DimensionChange, InitiativeChange, InitiativeKind, Side
from aiopgap.model.numbers import above, rounded
from aiopgap.model.report import DimensionResult, InitiativeResult, Report


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
        confidence=change(None if old is None else old.confidence, None if new is None else new.confidence),
        evidenced_score=change(
            None if old is None else old.evidenced_score, None if new is None else new.evidenced_score
        ),
    )


def dimension_changes(old: Report, new: Report) -> tuple[DimensionChange, ...]:
    names = [name for name, _ in new.maturity_levels]
    ids = [d.id for d in new.dimensions] + [d.id for d in old.dimensions if new.dimension(d.id) is None]
    return tuple(_dimension_change(old.dimension(i), new.dimension(i), names) for i in ids)


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
        unit=None if report.unit is None else report.unit.name,
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
    elif old.subject_key() != new.subject_key():
        all_notes.append(f"this diff compares two units, not one over time: {old.subject()} and {new.subject()}")
    all_notes += _evidence_notes(old, new)
    old_values, new_values = report_values(old), report_values(new)
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
        symptoms=symptom_changes(old.symptoms, new.symptoms, old_values, new_values),
        initiatives=initiative_changes(_initiatives(old), _initiatives(new)),
        confidence=change(old.confidence, new.confidence),
        evidenced_score=change(old.evidenced_score, new.evidenced_score),
        contradictions=contradiction_changes(old.contradictions, new.contradictions, old_values, new_values),
        gaps=gap_changes(old, new),
    )


def _evidence_notes(old: Report, new: Report) -> list[str]:
    """What a reader should know when the older side was written before evidence and contradiction checks."""
    notes = []
    if old.confidence is None and old.score is not None and new.confidence is not None:
        notes.append(f"OLD ({old.period}) carries no confidence (written before evidence was recorded): shown as –")
    if not old.contradictions and new.contradicted():
        notes.append(
            f"OLD ({old.period}) has no contradiction checks, so a contradiction found now is listed as appeared"
        )
    return notes


def regressions(diff: Diff, tolerance: float = 0.0) -> tuple[DimensionChange, ...]:
    """Dimensions whose score dropped by more than ``tolerance``."""
    return tuple(d for d in diff.dimensions if d.score.delta is not None and above(-d.score.delta, tolerance))
