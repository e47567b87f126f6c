"""What changed between two assessments: pure functions from two reports to a :class:`Diff`. No I/O.

* Scores, gaps and coverage are compared per dimension and overall; a change is
  ``up``, ``down`` or ``same`` (after rounding to the scoring precision), or
  ``new``/``gone`` when only one side has a score.
* Questions are matched by id, and across questionnaire versions through the
  ``replaces`` links a newer question declares (a rename, a split, a merge).
  Questions found on one side only are listed as ``added`` or ``removed``;
  they are never compared with something else.
* Symptoms and initiatives are compared through small generic functions that
  only need a few attributes, so any report that carries them can be diffed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any, Literal

from aiopgap.model.answers import person_key
from aiopgap.model.report import (
    DimensionResult,
    Evidence,
    InitiativeResult,
    QuestionResult,
    Report,
    Response,
    Result,
    SymptomResult,
)

DIFF_FORMAT: Literal["aiopgap.diff/1"] = "aiopgap.diff/1"
DIGITS = 3

Direction = Literal["up", "down", "same", "new", "gone", "unscored"]
QuestionKind = Literal["same", "renamed", "split", "merged", "restructured", "added", "removed"]
SymptomKind = Literal["appeared", "persists", "resolved", "unknown"]
InitiativeKind = Literal["new", "moved", "retired", "dropped"]
EvidenceKind = Literal["changed", "same", "new", "gone"]


# --------------------------------------------------------------------------- result models


class Change(Result):
    """One number before and after."""

    old: float | None
    new: float | None
    delta: float | None
    """New minus old, rounded; None unless both sides have a value."""
    direction: Direction


class Side(Result):
    """Which assessment one side of the diff is."""

    organisation: str
    period: str
    questionnaire_id: str
    questionnaire_version: str


class DimensionChange(Result):
    id: str
    name: str
    score: Change
    maturity_old: str | None
    maturity_new: str | None
    maturity_direction: Direction
    target_old: float | None
    target_new: float | None
    gap: Change
    """Target minus score on each side; a negative delta means the gap is closing."""
    coverage: Change


class AnswerSide(Result):
    question: str
    level: int | Literal["n/a"]
    note: str | None = None


class ResponseChange(Result):
    """One respondent's answers to one (matched) question, where the level or note changed."""

    respondent: str
    role: str
    before: tuple[AnswerSide, ...]
    after: tuple[AnswerSide, ...]
    level_changed: bool
    note_changed: bool


class QuestionChange(Result):
    kind: QuestionKind
    dimension: str
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    prompt: str
    score: Change
    """Weighted mean of the matched questions' scores on each side."""
    parts: tuple[tuple[str, float | None], ...]
    """Each new question's own score, when one old question became several."""
    status_old: str | None
    status_new: str | None
    responses: tuple[ResponseChange, ...]
    changed: bool


class EvidenceChange(Result):
    """One condition of a symptom rule, before and after, paired by what it looks at (``ref``)."""

    ref: str
    label: str
    condition: str
    old: str | None
    """The value as shown on the older side; None when that side did not report this condition."""
    new: str | None
    change: EvidenceKind
    text: str
    """The line a reader sees, e.g. "governance.risk-tiering: 1 → 1.5 (rule ≤ 1.5)"."""


class SymptomChange(Result):
    id: str
    name: str
    change: SymptomKind
    status_old: str | None
    status_new: str | None
    evidence: tuple[str, ...]
    """The evidence on the newer side (or the older one when the symptom resolved)."""
    evidence_added: tuple[str, ...]
    """Evidence of a persisting symptom found only on the newer side."""
    evidence_removed: tuple[str, ...]
    """Evidence of a persisting symptom found only on the older side."""
    evidence_changes: tuple[EvidenceChange, ...] = ()
    """For reports with structured evidence: the deciding conditions, each paired with its value on the
    other side (how it moved for a persisting symptom; what it was before a symptom appeared, or what it
    became once it resolved)."""


class InitiativeChange(Result):
    name: str
    change: InitiativeKind
    stage_old: str | None
    stage_new: str | None


class Diff(Result):
    format: Literal["aiopgap.diff/1"] = DIFF_FORMAT
    old: Side
    new: Side
    scale_max: int
    overall: Change
    maturity_old: str | None
    maturity_new: str | None
    maturity_direction: Direction
    shortfall: Change
    """Mean shortfall to target (positive gaps only) over the dimensions with a target and a score."""
    coverage: Change
    dimensions: tuple[DimensionChange, ...]
    questions: tuple[QuestionChange, ...]
    notes: tuple[str, ...] = ()
    """What the reader should know about how the two sides were matched."""
    symptoms: tuple[SymptomChange, ...] = ()
    initiatives: tuple[InitiativeChange, ...] = ()

    def dimension(self, dimension_id: str) -> DimensionChange | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def question(self, question_id: str) -> QuestionChange | None:
        return next((q for q in self.questions if question_id in q.new_ids or question_id in q.old_ids), None)

    @property
    def changed_questions(self) -> tuple[QuestionChange, ...]:
        return tuple(q for q in self.questions if q.changed)


# --------------------------------------------------------------------------- numbers


def _round(value: float) -> float:
    return round(value + 0.0, DIGITS)


def change(old: float | None, new: float | None) -> Change:
    """Compare two optional numbers."""
    if old is None and new is None:
        return Change(old=None, new=None, delta=None, direction="unscored")
    if old is None:
        return Change(old=None, new=new, delta=None, direction="new")
    if new is None:
        return Change(old=old, new=None, delta=None, direction="gone")
    delta = _round(new - old)
    direction: Direction = "up" if delta > 0 else "down" if delta < 0 else "same"
    return Change(old=old, new=new, delta=delta, direction=direction)


def _step_direction(names: Sequence[str], old: str | None, new: str | None) -> Direction:
    """Direction between two named maturity levels, ordered as in ``names``."""
    if old is None or new is None:
        return "unscored" if old == new else ("new" if old is None else "gone")
    if old not in names or new not in names:
        return "same" if old == new else "up"  # unknown order: only say whether it changed
    a, b = names.index(old), names.index(new)
    return "up" if b > a else "down" if b < a else "same"


def shortfall(report: Report) -> float | None:
    """Mean positive gap to target over the dimensions that have a target and a score."""
    gaps = [max(0.0, d.gap) for d in report.dimensions if d.gap is not None]
    return _round(sum(gaps) / len(gaps)) if gaps else None


def _weighted(pairs: list[tuple[float | None, float]]) -> float | None:
    scored = [(v, w) for v, w in pairs if v is not None]
    total = sum(w for _, w in scored)
    if not scored or total <= 0:
        return None
    return _round(sum(v * w for v, w in scored) / total)


# --------------------------------------------------------------------------- questions


def replacement_links(
    newer: Mapping[str, Sequence[str]], older: Mapping[str, Sequence[str]] = {}
) -> tuple[tuple[str, str], ...]:
    """(old id, new id) links from each side's ``replaces`` declarations.

    ``newer`` maps a question id of the NEW side to the ids it replaces. ``older``
    does the same for the OLD side, for a diff run backwards (OLD answered the
    later questionnaire).
    """
    links = [(old_id, qid) for qid, olds in newer.items() for old_id in olds]
    links += [(qid, new_id) for qid, news in older.items() for new_id in news]
    return tuple(sorted(set(links)))


def match_questions(
    old_ids: Sequence[str], new_ids: Sequence[str], links: Iterable[tuple[str, str]] = ()
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Group question ids into (old ids, new ids) pairs: same id, or linked by ``replaces``.

    Groups are the connected components of the links; a group with no old ids is an
    added question, one with no new ids a removed question. Ordered by the new
    questionnaire's order, with removed questions last in the old order.
    """
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    def union(a: tuple[str, str], b: tuple[str, str]) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    old_set, new_set = set(old_ids), set(new_ids)
    for qid in old_ids:
        find(("o", qid))
    for qid in new_ids:
        find(("n", qid))
    for qid in old_ids:
        if qid in new_set:
            union(("o", qid), ("n", qid))
    for old_id, new_id in links:
        if old_id in old_set and new_id in new_set:
            union(("o", old_id), ("n", new_id))
    groups: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for qid in new_ids:
        groups.setdefault(find(("n", qid)), ([], []))[1].append(qid)
    for qid in old_ids:
        groups.setdefault(find(("o", qid)), ([], []))[0].append(qid)
    return [(tuple(olds), tuple(news)) for olds, news in groups.values()]


def _kind(old_ids: tuple[str, ...], new_ids: tuple[str, ...]) -> QuestionKind:
    if not old_ids:
        return "added"
    if not new_ids:
        return "removed"
    if len(old_ids) == 1 and len(new_ids) == 1:
        return "same" if old_ids == new_ids else "renamed"
    if len(old_ids) == 1:
        return "split"
    if len(new_ids) == 1:
        return "merged"
    return "restructured"


def _answers_of(name: str, questions: Sequence[QuestionResult]) -> tuple[AnswerSide, ...]:
    return tuple(
        AnswerSide(question=q.id, level=r.level, note=r.note)
        for q in questions
        for r in q.responses
        if person_key(r.respondent) == name
    )


def _response_changes(old_qs: Sequence[QuestionResult], new_qs: Sequence[QuestionResult]) -> tuple[ResponseChange, ...]:
    people: dict[str, Response] = {}
    for q in (*new_qs, *old_qs):
        for r in q.responses:
            people.setdefault(person_key(r.respondent), r)
    changes = []
    for key, response in people.items():
        before, after = _answers_of(key, old_qs), _answers_of(key, new_qs)
        level_changed = [a.level for a in before] != [a.level for a in after]
        note_changed = [a.note for a in before] != [a.note for a in after]
        if level_changed or note_changed:
            changes.append(
                ResponseChange(
                    respondent=response.respondent,
                    role=response.role,
                    before=before,
                    after=after,
                    level_changed=level_changed,
                    note_changed=note_changed,
                )
            )
    return tuple(changes)


def _status(questions: Sequence[QuestionResult]) -> str | None:
    if not questions:
        return None
    statuses = {q.status for q in questions}
    return statuses.pop() if len(statuses) == 1 else "scored" if "scored" in statuses else "mixed"


def question_changes(old: Report, new: Report, links: Iterable[tuple[str, str]] = ()) -> tuple[QuestionChange, ...]:
    old_qs = {q.id: q for d in old.dimensions for q in d.questions}
    new_qs = {q.id: q for d in new.dimensions for q in d.questions}
    result = []
    for old_ids, new_ids in match_questions(list(old_qs), list(new_qs), links):
        before = [old_qs[i] for i in old_ids]
        after = [new_qs[i] for i in new_ids]
        kind = _kind(old_ids, new_ids)
        score = change(
            _weighted([(q.score, q.weight) for q in before]), _weighted([(q.score, q.weight) for q in after])
        )
        responses = _response_changes(before, after)
        status_old, status_new = _status(before), _status(after)
        reference = (after or before)[0]
        result.append(
            QuestionChange(
                kind=kind,
                dimension=reference.dimension,
                old_ids=old_ids,
                new_ids=new_ids,
                prompt=reference.prompt,
                score=score,
                parts=tuple((q.id, q.score) for q in after) if len(after) > 1 else (),
                status_old=status_old,
                status_new=status_new,
                responses=responses,
                changed=kind != "same"
                or score.direction in {"up", "down", "new", "gone"}
                or bool(responses)
                or status_old != status_new,
            )
        )
    return tuple(result)


# --------------------------------------------------------------------------- dimensions


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
        maturity_direction=_step_direction(names, maturity_old, maturity_new),
        target_old=None if old is None else old.target,
        target_new=None if new is None else new.target,
        gap=change(None if old is None else old.gap, None if new is None else new.gap),
        coverage=change(None if old is None else old.coverage, None if new is None else new.coverage),
    )


def dimension_changes(old: Report, new: Report) -> tuple[DimensionChange, ...]:
    names = [name for name, _ in new.maturity_levels]
    ids = [d.id for d in new.dimensions] + [d.id for d in old.dimensions if new.dimension(d.id) is None]
    return tuple(_dimension_change(old.dimension(i), new.dimension(i), names) for i in ids)


# --------------------------------------------------------------------------- symptoms (generic)


def _text(value: Any) -> str:
    if isinstance(value, Enum):
        value = value.value
    for attr in ("text", "summary", "note"):
        inner = getattr(value, attr, None)
        if isinstance(inner, str):
            return inner
    return str(value)


def status_text(value: Any) -> str:
    return " ".join(_text(value).lower().replace("_", " ").replace("-", " ").split())


def _evidence(item: Any) -> tuple[str, ...]:
    evidence = getattr(item, "evidence", ())
    if evidence is None:
        return ()
    if isinstance(evidence, str):
        return (evidence,)
    return tuple(_evidence_text(e) for e in evidence)


def _evidence_text(item: Any) -> str:
    if isinstance(item, Evidence):
        return f"{item.ref}: {item.display} (rule {item.condition})"
    return _text(item)


def _structured(item: Any) -> tuple[Evidence, ...]:
    evidence = getattr(item, "evidence", None) if item is not None else None
    if not evidence or isinstance(evidence, str):
        return ()
    return tuple(e for e in evidence if isinstance(e, Evidence))


Values = Mapping[tuple[str, str], str]
"""What a report shows for each thing a symptom rule can look at: (kind, ref) -> display."""


def report_values(report: Report) -> dict[tuple[str, str], str]:
    """Every question, dimension and inventory fact of ``report`` as a symptom's evidence would show it."""
    values: dict[tuple[str, str], str] = {}
    for d in report.dimensions:
        values["dimension", d.id] = "not scored" if d.score is None else f"{d.score:g}"
        for q in d.questions:
            shown = "n/a" if q.status == "n/a" else "unanswered"
            values["question", q.id] = shown if q.score is None else f"{q.score:g}"
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
    kind: SymptomKind, was: Any, now: Any, old_values: Values | None = None, new_values: Values | None = None
) -> tuple[EvidenceChange, ...]:
    """The deciding conditions of a symptom change, each paired with the same condition on the other side.

    Appeared: what triggered it, with the value each had before. Resolved (or no longer judgeable):
    what had triggered it, with the value each has now. Persists: the triggering conditions of both
    sides, paired; a condition that triggers on one side only is ``new`` or ``gone``. Where the other
    side's symptom does not carry a condition, its value comes from ``old_values``/``new_values``
    (see :func:`report_values`), when given.
    """
    old_values, new_values = old_values or {}, new_values or {}
    before, after = _structured(was), _structured(now)
    if kind == "appeared":
        return tuple(_evidence_change(o, n, False, old_values, new_values) for n, o in _pair(after, before))
    if kind in {"resolved", "unknown"}:
        return tuple(_evidence_change(o, n, False, old_values, new_values) for o, n in _pair(before, after))
    paired = _pair(after, before)
    used = {id(o) for _, o in paired if o is not None}
    changes = [_evidence_change(o, n, True, old_values, new_values) for n, o in paired]
    changes += [_evidence_change(o, None, True, old_values, new_values) for o in before if id(o) not in used]
    return tuple(changes)


def symptom_changes(
    old: Iterable[Any], new: Iterable[Any], old_values: Values | None = None, new_values: Values | None = None
) -> tuple[SymptomChange, ...]:
    """Symptoms that appeared, persist, resolved, or can no longer be judged.

    Each item needs ``id``, ``name``, ``status`` ("flagged", "not flagged" or
    "not evaluable", as text or an enum) and ``evidence`` (texts, or objects
    with a ``text``/``summary``/``note``). Symptoms flagged on neither side are
    left out. When the evidence is the report's own :class:`Evidence`, each
    condition is also paired with its counterpart on the other side
    (``evidence_changes``), and ``evidence_added``/``evidence_removed`` keep only
    the conditions that trigger on one side.
    """
    before = {item.id: item for item in old}
    after = {item.id: item for item in new}
    order = {"appeared": 0, "persists": 1, "resolved": 2, "unknown": 3}
    changes = []
    for sid in [*after, *(i for i in before if i not in after)]:
        was, now = before.get(sid), after.get(sid)
        status_old = None if was is None else status_text(was.status)
        status_new = None if now is None else status_text(now.status)
        old_flagged, new_flagged = status_old == "flagged", status_new == "flagged"
        kind: SymptomKind
        if new_flagged:
            kind = "persists" if old_flagged else "appeared"
        elif old_flagged:
            kind = "resolved" if status_new == "not flagged" else "unknown"
        else:
            continue
        old_evidence = () if was is None else _evidence(was)
        new_evidence = () if now is None else _evidence(now)
        reference = now if now is not None else was
        paired = evidence_changes(kind, was, now, old_values, new_values)
        if paired and kind == "persists":  # one side only: what the pairing could not match
            added = tuple(_evidence_text(e) for e in _structured(now) if _lone(e, paired, "new"))
            removed = tuple(_evidence_text(e) for e in _structured(was) if _lone(e, paired, "gone"))
        else:
            added = tuple(e for e in new_evidence if e not in old_evidence) if old_flagged and new_flagged else ()
            removed = tuple(e for e in old_evidence if e not in new_evidence) if old_flagged and new_flagged else ()
        changes.append(
            SymptomChange(
                id=sid,
                name=_text(getattr(reference, "name", sid)),
                change=kind,
                status_old=status_old,
                status_new=status_new,
                evidence=new_evidence if new_flagged else old_evidence,
                evidence_added=added,
                evidence_removed=removed,
                evidence_changes=paired,
            )
        )
    return tuple(sorted(changes, key=lambda c: order[c.change]))


def _lone(evidence: Evidence, paired: Sequence[EvidenceChange], kind: EvidenceKind) -> bool:
    return any((c.change, c.ref, c.condition) == (kind, evidence.ref, evidence.condition) for c in paired)


# --------------------------------------------------------------------------- initiatives (generic)


def _key(name: str) -> str:
    return " ".join(name.lower().split())


def initiative_changes(old: Iterable[Any], new: Iterable[Any]) -> tuple[InitiativeChange, ...]:
    """Initiatives that are new, moved stage, were retired, or are no longer listed; matched by name.

    Each item needs ``name`` and ``stage`` (text or an enum). A move to the ``retired`` stage is
    reported as ``retired``; an initiative missing from the newer list as ``dropped``.
    """
    before = {_key(item.name): item for item in old}
    after = {_key(item.name): item for item in new}
    changes = []
    for key, now in after.items():
        was = before.get(key)
        stage_new = _text(now.stage)
        if was is None:
            changes.append(InitiativeChange(name=now.name, change="new", stage_old=None, stage_new=stage_new))
        elif _text(was.stage) != stage_new:
            kind: InitiativeKind = "retired" if stage_new == "retired" else "moved"
            changes.append(
                InitiativeChange(name=now.name, change=kind, stage_old=_text(was.stage), stage_new=stage_new)
            )
    for key, was in before.items():
        if key not in after:
            changes.append(
                InitiativeChange(name=was.name, change="dropped", stage_old=_text(was.stage), stage_new=None)
            )
    return tuple(changes)


def report_symptoms(report: Report) -> tuple[SymptomResult, ...]:
    """The symptom results a report carries (none for reports from before symptoms existed)."""
    return report.symptoms


def report_initiatives(report: Report) -> tuple[InitiativeResult, ...]:
    """The initiatives a report's inventory lists, if it has one."""
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

    ``links`` are (old question id, new question id) pairs from ``replaces``
    declarations (see :func:`replacement_links`).
    """
    names = [name for name, _ in new.maturity_levels]
    all_notes = list(notes)
    if _key(old.organisation) != _key(new.organisation):
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
        maturity_direction=_step_direction(names, old.maturity, new.maturity),
        shortfall=change(shortfall(old), shortfall(new)),
        coverage=change(old.coverage, new.coverage),
        dimensions=dimension_changes(old, new),
        questions=question_changes(old, new, links),
        notes=tuple(all_notes),
        symptoms=symptom_changes(report_symptoms(old), report_symptoms(new), report_values(old), report_values(new)),
        initiatives=initiative_changes(report_initiatives(old), report_initiatives(new)),
    )


def regressions(diff: Diff, tolerance: float = 0.0) -> tuple[DimensionChange, ...]:
    """Dimensions whose score dropped by more than ``tolerance``."""
    return tuple(d for d in diff.dimensions if d.score.delta is not None and -d.score.delta > tolerance + 1e-9)
