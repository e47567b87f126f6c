"""The executive summary of a finished report. Pure, no I/O.

What a board reads first: where the organisation stands against its target, the few findings that
matter most, the moves for next quarter and how far to trust it all. Findings are taken in a fixed
order (flagged symptoms, most severe first; then claims the inventory contradicts; then the widest
perception gaps between roles) and said without question ids or rule thresholds: those stay in the
report's appendix.
"""

from __future__ import annotations

from aiopgap.model.numbers import at_least, rounded, weighted_mean
from aiopgap.model.report import ContradictionResult, Report, SymptomResult
from aiopgap.model.rules import SEVERITY_RANK
from aiopgap.model.summary import (
    FINDINGS,
    LOW_ANSWERED,
    LOW_EVIDENCE,
    MOVES,
    Confidence,
    Finding,
    Move,
    Summary,
)
from aiopgap.model.workshop import PerceptionGap

CONTRADICTION_MEANING = (
    "What the answers claim is not what the list of initiatives records, so any plan or promise that "
    "rests on the claim should be checked before it is relied on."
)


def summarise(report: Report) -> Summary:
    """The summary of ``report``: its level against target, top findings, next moves and confidence."""
    findings = _findings(report)
    target, gap = _target(report)
    return Summary(
        score=report.score,
        maturity=report.maturity,
        target=target,
        target_maturity=None if target is None else maturity_of(report, target),
        gap=gap,
        findings=findings[:FINDINGS],
        more_findings=max(0, len(findings) - FINDINGS),
        moves=tuple(
            Move(practice=rec.name, action=rec.actions[0] if rec.actions else rec.description)
            for rec in report.recommendations[:MOVES]
        ),
        confidence=_confidence(report),
    )


def maturity_of(report: Report, value: float) -> str:
    """The name of the maturity level ``value`` reaches on ``report``'s scale (the report's own copy of
    the questionnaire's levels, as ``Questionnaire.maturity_for`` reads them: a report read back from
    JSON has no questionnaire beside it)."""
    chosen = report.maturity_levels[0][0]
    for name, min_score in report.maturity_levels:
        if at_least(value, min_score):
            chosen = name
    return chosen


def _target(report: Report) -> tuple[float | None, float | None]:
    """Weighted mean target and gap over the scored dimensions that have a target."""
    both = [d for d in report.dimensions if d.score is not None and d.target is not None]
    target = weighted_mean((d.target, d.weight) for d in both if d.target is not None)
    gap = weighted_mean((d.target - d.score, d.weight) for d in both if d.target is not None and d.score is not None)
    return (None if target is None else rounded(target)), (None if gap is None else rounded(gap))


def _findings(report: Report) -> tuple[Finding, ...]:
    symptoms = sorted(report.flagged(), key=lambda s: -SEVERITY_RANK[s.severity])
    gaps = report.workshop.gaps if report.workshop is not None else ()
    return (
        tuple(_symptom(s) for s in symptoms)
        + tuple(_contradiction(c) for c in report.contradicted())
        + tuple(_gap(g) for g in sorted(gaps, key=lambda g: -g.width))
    )


def _symptom(symptom: SymptomResult) -> Finding:
    return Finding(kind="symptom", title=symptom.name, meaning=symptom.description, severity=symptom.severity)


def _contradiction(contradiction: ContradictionResult) -> Finding:
    shows = tuple(f"{e.label}: {e.display}" for e in contradiction.facts if e.outcome == "true")
    return Finding(kind="contradiction", title=contradiction.name, meaning=CONTRADICTION_MEANING, shows=shows)


def _gap(gap: PerceptionGap) -> Finding:
    subject = gap.label if gap.kind == "dimension" else f"“{gap.label}”"
    return Finding(
        kind="perception gap",
        title=f"The roles see {subject} differently",
        meaning=(
            "The people who have to act on this do not share one picture of it; until they agree where "
            "things stand, any plan to improve it will be contested."
        ),
        higher=gap.high,
        lower=gap.low,
    )


def _confidence(report: Report) -> Confidence:
    thin = tuple(d.name for d in report.dimensions if d.low_coverage())
    unscored = tuple(d.name for d in report.dimensions if d.score is None)
    evidenced = report.confidence
    low = (
        evidenced is None or evidenced < LOW_EVIDENCE or report.coverage < LOW_ANSWERED or bool(thin) or bool(unscored)
    )
    return Confidence(evidenced=evidenced, answered=report.coverage, low=low, thin=thin, unscored=unscored)
