"""The symptom engine: evaluate each symptom's rule against a scored report. Pure, no I/O.

Logic is three-valued. A condition over a question nobody gave a level to, a
dimension that is not scored, or a fact the inventory cannot support is
*unknown*, and unknowns propagate the way they should:

* ``all``: false if any child is false, else unknown if any is unknown, else true;
* ``any``: true if any child is true, else unknown if any is unknown, else false;
* ``at_least N of``: true once N children are true, false once N can no longer be reached;
* ``not``: swaps true and false, keeps unknown.

A symptom is *flagged* when its rule is true, *not flagged* when false and
*not evaluable* when unknown; it never passes silently for lack of answers.
The evidence kept for a symptom is exactly the set of conditions that decided
its status (the "support" of the result), with the respondents' notes.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiopgap.model.numbers import rounded
from aiopgap.model.questionnaire import Questionnaire, Symptom
from aiopgap.model.report import Evidence, InventoryResult, Outcome, QuestionResult, Ref, Report, SymptomResult
from aiopgap.model.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Condition,
    DimensionCondition,
    DisagreementCondition,
    Not,
    QuestionCondition,
    Rule,
)


def fmt_number(value: float) -> str:
    return f"{value:g}"


_NEGATE: dict[Outcome, Outcome] = {"true": "false", "false": "true", "unknown": "unknown"}


@dataclass(frozen=True)
class Judged:
    """A rule node's outcome and the leaf evidence that decided it."""

    outcome: Outcome
    support: tuple[Evidence, ...]
    leaves: tuple[Evidence, ...]
    """Every condition under this node, evaluated."""


def question_display(result: QuestionResult | None) -> str:
    """A question's score as evidence shows it, or why there is none ("n/a", "unanswered")."""
    if result is not None and result.score is not None:
        return fmt_number(result.score)
    return "n/a" if result is not None and result.status == "n/a" else "unanswered"


def dimension_display(score: float | None) -> str:
    """A dimension's score as evidence shows it, or "not scored"."""
    return "not scored" if score is None else fmt_number(score)


def _leaf(condition: Condition, report: Report, inventory: InventoryResult | None, q: Questionnaire) -> Evidence:
    if isinstance(condition, QuestionCondition):
        return _question_leaf(condition, report, q)
    if isinstance(condition, DisagreementCondition):
        return _disagreement_leaf(condition, report)
    if isinstance(condition, DimensionCondition):
        d = report.dimension(condition.dimension)
        value = None if d is None else d.score
        label = f"{d.name} score" if d else condition.dimension
        return _evidence(condition, "dimension", condition.dimension, label, value, dimension_display(value))
    fact = None if inventory is None else inventory.fact(condition.fact)
    if fact is None:
        return _evidence(condition, "fact", condition.fact, condition.fact, None, "no initiatives listed")
    return _evidence(condition, "fact", fact.name, fact.label, fact.value, fact.display, initiatives=fact.initiatives)


def _question_leaf(condition: QuestionCondition, report: Report, q: Questionnaire) -> Evidence:
    question = q.question(condition.question)
    dim = q.dimension_of(condition.question)
    result = None
    if dim is not None and (dim_result := report.dimension(dim.id)) is not None:
        result = next((r for r in dim_result.questions if r.id == condition.question), None)
    return _evidence(
        condition,
        "question",
        condition.question,
        question.prompt if question else condition.question,
        None if result is None else result.score,
        question_display(result),
        responses=() if result is None else result.responses,
    )


def _disagreement_leaf(condition: DisagreementCondition, report: Report) -> Evidence:
    from aiopgap.analysis.workshop import disagreement_on

    found = disagreement_on(report, condition.disagreement)
    if found is None:
        return _evidence(condition, "disagreement", condition.disagreement, condition.disagreement, None, "unknown")
    label, apart, responses = found
    if apart is None:
        display = "fewer than two roles answered"
        value = None
    else:
        value = apart.width
        display = (
            f"{fmt_number(apart.width)} levels apart: {'; '.join(apart.high.roles)} {fmt_number(apart.high.score)}"
            f" vs {'; '.join(apart.low.roles)} {fmt_number(apart.low.score)}"
        )
    return _evidence(
        condition,
        "disagreement",
        condition.disagreement,
        f"Roles disagree: {label}",
        value,
        display,
        responses=responses,
    )


def _evidence(
    condition: Condition,
    kind: str,
    ref: str,
    label: str,
    value: float | None,
    display: str,
    **extra: object,
) -> Evidence:
    outcome: Outcome = "unknown" if value is None else ("true" if condition.holds(value) else "false")
    return Evidence.model_validate(
        {
            "kind": kind,
            "ref": ref,
            "label": label,
            "condition": condition.describe(),
            "value": value,
            "display": display,
            "outcome": outcome,
            **extra,
        }
    )


def _negated(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    return tuple(
        e.model_copy(update={"condition": f"not {e.condition}", "outcome": _NEGATE[e.outcome]}) for e in evidence
    )


def _pick(children: list[Judged], outcome: Outcome) -> tuple[Evidence, ...]:
    out: list[Evidence] = []
    for child in children:
        if child.outcome == outcome:
            out.extend(child.support)
    return tuple(out)


def judge(rule: Rule, report: Report, inventory: InventoryResult | None, q: Questionnaire) -> Judged:
    """Evaluate ``rule`` in three-valued logic and keep the evidence that decided it."""
    if isinstance(rule, AllOf | AnyOf | AtLeast):
        if isinstance(rule, AllOf):
            children, need = rule.all, len(rule.all)
        elif isinstance(rule, AnyOf):
            children, need = rule.any, 1
        else:
            children, need = rule.of, rule.at_least
        judged = [judge(child, report, inventory, q) for child in children]
        leaves = tuple(e for j in judged for e in j.leaves)
        true = sum(j.outcome == "true" for j in judged)
        unknown = sum(j.outcome == "unknown" for j in judged)
        if true >= need:
            return Judged("true", _pick(judged, "true"), leaves)
        if true + unknown < need:
            return Judged("false", _pick(judged, "false"), leaves)
        return Judged("unknown", _pick(judged, "unknown"), leaves)
    if isinstance(rule, Not):
        inner = judge(rule.not_, report, inventory, q)
        return Judged(_NEGATE[inner.outcome], _negated(inner.support), _negated(inner.leaves))
    evidence = _leaf(rule, report, inventory, q)
    return Judged(evidence.outcome, (evidence,), (evidence,))


def _dedupe(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    seen: set[tuple[str, str, str]] = set()
    out: list[Evidence] = []
    for e in evidence:
        key = (e.kind, e.ref, e.condition)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return tuple(out)


def evaluate_symptom(
    symptom: Symptom, report: Report, inventory: InventoryResult | None, q: Questionnaire
) -> SymptomResult:
    root_causes = {r.id: r.name for r in q.root_causes}
    practices = {p.id: p.name for p in q.practices}
    common = {
        "id": symptom.id,
        "name": symptom.name,
        "description": symptom.description,
        "severity": symptom.severity,
        "root_causes": tuple(Ref(id=r, name=root_causes.get(r, r)) for r in symptom.root_causes),
        "practices": tuple(Ref(id=p, name=practices.get(p, p)) for p in symptom.practices),
    }
    if symptom.rule is None:
        return SymptomResult(
            **common,  # type: ignore[arg-type]
            status="not evaluable",
            evidence=(),
            coverage=0.0,
            conditions=0,
            reason="the questionnaire gives this symptom no rule",
        )
    judged = judge(symptom.rule, report, inventory, q)
    leaves = _dedupe(judged.leaves)
    known = sum(e.outcome != "unknown" for e in leaves)
    status = {"true": "flagged", "false": "not flagged", "unknown": "not evaluable"}[judged.outcome]
    reason = None
    if judged.outcome == "unknown":
        missing = ", ".join(f"{e.ref} ({e.display})" for e in _dedupe(judged.support))
        reason = f"not enough answers to decide; missing: {missing}"
    return SymptomResult(
        **common,  # type: ignore[arg-type]
        status=status,  # type: ignore[arg-type]
        evidence=_dedupe(judged.support),
        coverage=rounded(known / len(leaves)) if leaves else 0.0,
        conditions=len(leaves),
        reason=reason,
    )


def evaluate(q: Questionnaire, report: Report, inventory: InventoryResult | None) -> tuple[SymptomResult, ...]:
    """Every symptom of the questionnaire, in catalogue order."""
    return tuple(evaluate_symptom(s, report, inventory, q) for s in q.symptoms)
