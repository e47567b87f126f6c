"""The rule engine symptoms and contradictions share: evaluate a rule tree against a scored report.
Pure, no I/O.

Logic has three values and a fourth for what does not apply. A condition over a question nobody
answered, or a dimension nobody scored, is *unknown*. A condition that cannot apply to this
assessment is *n/a* and is left out: a question answered n/a, a fact with no inventory (or no
pilots to count), a disagreement when only one role answered, a contradiction check that cannot be
made. Then:

* ``all``: false if any child is false, else unknown if any is unknown, else true;
* ``any``: true if any child is true, else unknown if any is unknown, else false;
* ``at_least N of``: true once N children are true, false once N can no longer be reached, where
  N is capped at the number of children that apply;
* ``not``: swaps true and false, keeps unknown and n/a;
* a branch whose children are all n/a is n/a.

Besides the outcome, each node knows how many more conditions would have to hold for it to hold
(``to_true``): a near miss is visible, not only a miss.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from aiopgap.model.numbers import rounded
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import (
    ContradictionResult,
    Evidence,
    InventoryResult,
    Outcome,
    QuestionResult,
    Report,
)
from aiopgap.model.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    Comparison,
    Condition,
    ContradictionCondition,
    DimensionCondition,
    DisagreementCondition,
    Not,
    QuestionCondition,
    Rule,
)

_NEGATE: dict[Outcome, Outcome] = {"true": "false", "false": "true", "unknown": "unknown", "n/a": "n/a"}
NEVER = math.inf
"""The cost of making a node hold when nothing can (every condition under it is n/a)."""


def fmt_number(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True)
class Context:
    """What a rule is judged against."""

    report: Report
    inventory: InventoryResult | None
    questionnaire: Questionnaire
    contradictions: dict[str, ContradictionResult] = field(default_factory=dict)


@dataclass(frozen=True)
class Leaf:
    """One evaluated condition, and whether it counts for the rule (an even number of ``not`` above it)."""

    evidence: Evidence
    positive: bool


@dataclass(frozen=True)
class Judged:
    """A rule node's outcome, the leaf evidence that decided it, and how far it is from the other outcome."""

    outcome: Outcome
    support: tuple[Evidence, ...]
    leaves: tuple[Leaf, ...]
    """Every condition under this node, evaluated."""
    to_true: float
    """The fewest conditions that would have to change for this node to hold (0 when it holds)."""
    to_false: float


def question_display(result: QuestionResult | None) -> str:
    """A question's score as evidence shows it, or why there is none ("n/a", "unanswered")."""
    if result is not None and result.score is not None:
        return fmt_number(result.score)
    return "n/a" if result is not None and result.status == "n/a" else "unanswered"


def dimension_display(score: float | None) -> str:
    """A dimension's score as evidence shows it, or "not scored"."""
    return "not scored" if score is None else fmt_number(score)


def _question_result(report: Report, q: Questionnaire, question_id: str) -> QuestionResult | None:
    dim = q.dimension_of(question_id)
    if dim is None or (dim_result := report.dimension(dim.id)) is None:
        return None
    return next((r for r in dim_result.questions if r.id == question_id), None)


def leaf(condition: Condition, ctx: Context) -> Evidence:
    """One condition, evaluated, with the numbers and responses behind it."""
    if isinstance(condition, QuestionCondition):
        question = ctx.questionnaire.question(condition.question)
        result = _question_result(ctx.report, ctx.questionnaire, condition.question)
        na = result is not None and result.status == "n/a"
        return _evidence(
            condition,
            "question",
            condition.question,
            question.prompt if question else condition.question,
            None if result is None else result.score,
            question_display(result),
            na=na,
            responses=() if result is None else result.responses,
        )
    if isinstance(condition, DisagreementCondition):
        return _disagreement_leaf(condition, ctx.report)
    if isinstance(condition, DimensionCondition):
        d = ctx.report.dimension(condition.dimension)
        value = None if d is None else d.score
        label = f"{d.name} score" if d else condition.dimension
        all_na = d is not None and d.score is None and d.answered == 0 and d.not_applicable > 0
        return _evidence(condition, "dimension", condition.dimension, label, value, dimension_display(value), na=all_na)
    if isinstance(condition, ContradictionCondition):
        return _contradiction_leaf(condition, ctx)
    fact = None if ctx.inventory is None else ctx.inventory.fact(condition.fact)
    counted = None if ctx.inventory is None else ctx.inventory.fact("initiatives")
    few = counted is not None and (counted.value or 0) < ctx.questionnaire.min_initiatives_for_shares
    if fact is not None and fact.kind != "count" and counted is not None and few:
        display = f"{fact.display}: too few initiatives ({counted.display}) for a share to mean much"
        return _evidence(condition, "fact", fact.name, fact.label, None, display, na=True)
    if fact is None:
        return _evidence(condition, "fact", condition.fact, condition.fact, None, "no initiatives listed", na=True)
    return _evidence(
        condition, "fact", fact.name, fact.label, fact.value, fact.display, na=True, initiatives=fact.initiatives
    )


def _contradiction_leaf(condition: ContradictionCondition, ctx: Context) -> Evidence:
    found = ctx.contradictions.get(condition.contradiction)
    outcome: Outcome = "n/a"
    label, display = condition.contradiction, "not checked"
    if found is not None:
        label, display = found.name, found.status
        outcome = {"contradicted": "true", "consistent": "false"}.get(found.status, "n/a")  # type: ignore[assignment]
        claim_missing = any(e.outcome == "unknown" for e in found.claim)
        if outcome == "n/a" and claim_missing and any(e.outcome == "true" for e in found.facts):
            outcome = "unknown"  # the facts hold and only a missing answer keeps the check from deciding
    return Evidence(
        kind="contradiction",
        ref=condition.contradiction,
        label=label,
        condition=condition.describe(),
        value=None,
        display=display,
        outcome=outcome,
    )


def _disagreement_leaf(condition: DisagreementCondition, report: Report) -> Evidence:
    from aiopgap.analysis.workshop import disagreement_on

    found = disagreement_on(report, condition.disagreement)
    if found is None:
        return _evidence(condition, "disagreement", condition.disagreement, condition.disagreement, None, "unknown")
    label, apart, responses = found
    if apart is None:
        return _evidence(
            condition,
            "disagreement",
            condition.disagreement,
            f"Roles disagree: {label}",
            None,
            "not applicable: fewer than two roles gave a level",
            na=True,
            responses=responses,
        )
    display = (
        f"{fmt_number(apart.width)} levels apart: {'; '.join(apart.high.roles)} {fmt_number(apart.high.score)}"
        f" vs {'; '.join(apart.low.roles)} {fmt_number(apart.low.score)}"
    )
    return _evidence(
        condition,
        "disagreement",
        condition.disagreement,
        f"Roles disagree: {label}",
        apart.width,
        display,
        responses=responses,
    )


def _evidence(
    condition: Comparison,
    kind: str,
    ref: str,
    label: str,
    value: float | None,
    display: str,
    *,
    na: bool = False,
    **extra: object,
) -> Evidence:
    """A compared condition: n/a when ``na`` and there is no value, unknown when there is none otherwise."""
    outcome: Outcome = ("n/a" if na else "unknown") if value is None else "false"
    if value is not None and condition.holds(value):
        outcome = "true"
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


def _negated(leaves: tuple[Leaf, ...]) -> tuple[Leaf, ...]:
    return tuple(Leaf(_negated_evidence(x.evidence), not x.positive) for x in leaves)


def _negated_evidence(e: Evidence) -> Evidence:
    condition = e.condition.removeprefix("not ") if e.condition.startswith("not ") else f"not {e.condition}"
    return e.model_copy(update={"condition": condition, "outcome": _NEGATE[e.outcome]})


def _pick(children: list[Judged], outcome: Outcome) -> tuple[Evidence, ...]:
    return tuple(e for child in children if child.outcome == outcome for e in child.support)


def _cheapest(costs: list[float], count: int) -> float:
    return sum(sorted(costs)[:count]) if count > 0 else 0.0


def judge(rule: Rule, ctx: Context) -> Judged:
    """Evaluate ``rule`` and keep the evidence that decided it."""
    if isinstance(rule, AllOf | AnyOf | AtLeast):
        children = rule.all if isinstance(rule, AllOf) else rule.any if isinstance(rule, AnyOf) else rule.of
        judged = [judge(child, ctx) for child in children]
        leaves = tuple(x for j in judged for x in j.leaves)
        applying = [j for j in judged if j.outcome != "n/a"]
        if not applying:
            return Judged("n/a", _pick(judged, "n/a"), leaves, NEVER, NEVER)
        wanted = len(applying) if isinstance(rule, AllOf) else 1 if isinstance(rule, AnyOf) else rule.at_least
        need = min(wanted, len(applying))
        true = sum(j.outcome == "true" for j in applying)
        unknown = sum(j.outcome == "unknown" for j in applying)
        to_true = _cheapest([j.to_true for j in applying], need)
        to_false = _cheapest([j.to_false for j in applying], len(applying) - need + 1)
        if true >= need:
            return Judged("true", _pick(applying, "true"), leaves, 0, to_false)
        if true + unknown < need:
            return Judged("false", _pick(applying, "false"), leaves, to_true, 0)
        return Judged("unknown", _pick(applying, "unknown"), leaves, to_true, to_false)
    if isinstance(rule, Not):
        inner = judge(rule.not_, ctx)
        support = tuple(_negated_evidence(e) for e in inner.support)
        return Judged(_NEGATE[inner.outcome], support, _negated(inner.leaves), inner.to_false, inner.to_true)
    evidence = leaf(rule, ctx)
    to_true = {"true": 0.0, "false": 1.0, "unknown": 1.0, "n/a": NEVER}[evidence.outcome]
    to_false = {"true": 1.0, "false": 0.0, "unknown": 1.0, "n/a": NEVER}[evidence.outcome]
    return Judged(evidence.outcome, (evidence,), (Leaf(evidence, True),), to_true, to_false)


def dedupe(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """Each condition once, in the order first met."""
    seen: set[tuple[str, str, str]] = set()
    out: list[Evidence] = []
    for e in evidence:
        key = (e.kind, e.ref, e.condition)
        if key not in seen:
            seen.add(key)
            out.append(e)
    return tuple(out)


def share_known(evidence: tuple[Evidence, ...]) -> float:
    """Share of the conditions that applied and could be decided."""
    applying = [e for e in evidence if e.outcome != "n/a"]
    return rounded(sum(e.outcome != "unknown" for e in applying) / len(applying)) if applying else 0.0
