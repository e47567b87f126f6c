"""Claims tested against facts: the questionnaire's contradiction checks. Pure, no I/O.

A check pairs what the answers claim (say, single ownership at level 3 or more) with the
inventory facts that would show the opposite (say, fewer than 60% of initiatives with one owner).
It is *contradicted* when both hold, *consistent* when either does not, and *not evaluable* when
either side cannot be decided: no inventory, or the claim not answered.
"""

from __future__ import annotations

from aiopgap.analysis.judge import Context, dedupe, judge
from aiopgap.model.questionnaire import Contradiction
from aiopgap.model.report import ContradictionResult


def check(contradiction: Contradiction, ctx: Context) -> ContradictionResult:
    claim = judge(contradiction.claim, ctx)
    facts = judge(contradiction.facts, ctx)
    if claim.outcome == "true" and facts.outcome == "true":
        status = "contradicted"
    elif "false" in (claim.outcome, facts.outcome):
        status = "consistent"
    else:
        status = "not evaluable"
    return ContradictionResult(
        id=contradiction.id,
        name=contradiction.name,
        description=contradiction.description,
        status=status,  # type: ignore[arg-type]
        claim=dedupe(tuple(x.evidence for x in claim.leaves)),
        facts=dedupe(tuple(x.evidence for x in facts.leaves)),
    )


def check_all(ctx: Context) -> tuple[ContradictionResult, ...]:
    """Every contradiction check of the questionnaire, in its order."""
    return tuple(check(c, ctx) for c in ctx.questionnaire.contradictions)
