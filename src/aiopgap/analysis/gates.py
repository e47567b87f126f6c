"""Quality gates for CI: pure functions from a report and gate settings to a verdict. No I/O."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

from aiopgap.model.errors import UsageError
from aiopgap.model.evidence import EVIDENCED
from aiopgap.model.numbers import at_least
from aiopgap.model.plan import Plan
from aiopgap.model.report import ContradictionResult, Evidence, Report
from aiopgap.model.text import shown
from aiopgap.model.verdict import GateResult, Status


@dataclass(frozen=True)
class Threshold:
    """A minimum, as the user wrote it (a maturity name or a number) and as a score."""

    text: str
    score: float


@dataclass(frozen=True)
class GateSettings:
    min_overall: Threshold | None = None
    min_dimension: dict[str, Threshold] = field(default_factory=dict)
    fail_on_symptoms: tuple[str, ...] = ()
    """Symptom ids that fail the build when flagged; ``("any",)`` for every symptom."""
    baseline: Report | None = None
    """An earlier assessment: any dimension dropping by more than ``tolerance`` fails."""
    baseline_name: str = "baseline"
    tolerance: float = 0.0
    min_confidence: Threshold | None = None
    """The least overall confidence (a share from 0 to 1) the report must have."""
    fail_on_contradiction: bool = False
    max_evidence_age: int | None = None
    """Days: an artifact or observation cited in the answers may be at most this old on the assessment day."""
    plan: Plan | None = None
    """A committed plan: any dimension behind its expected score by more than ``tolerance`` fails."""
    plan_name: str = "plan"

    def __post_init__(self) -> None:
        check_tolerance(self.tolerance)
        if self.max_evidence_age is not None:
            check_age(self.max_evidence_age)

    @property
    def empty(self) -> bool:
        return (
            self.min_overall is None
            and not self.min_dimension
            and not self.fail_on_symptoms
            and self.baseline is None
            and self.min_confidence is None
            and not self.fail_on_contradiction
            and self.max_evidence_age is None
            and self.plan is None
        )


def check_tolerance(value: float, where: str = "--tolerance") -> float:
    """A tolerance is a finite number, zero or more; anything else is a :class:`UsageError` (exit 2).

    Every comparison with NaN is false, so a NaN tolerance would let any regression pass.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise UsageError(f"{where} must be zero or more (a finite number), not {shown(value)}")
    return float(value)


def check_age(value: object, where: str = "--max-evidence-age") -> int:
    """A number of days: a whole number, zero or more; anything else is a :class:`UsageError` (exit 2)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_DAYS:
        return value
    if isinstance(value, str) and re.fullmatch(r"[0-9]{1,7}", value.strip()):
        return int(value.strip())
    raise UsageError(f"{where} must be a whole number of days, 0 or more (e.g. 365), not {shown(value)}")


_MAX_DAYS = 9_999_999


def share_text(share: float) -> str:
    """A share as a percentage with at most one decimal: ``0.6`` reads ``60%``, ``0.596`` reads ``59.6%``.

    A gate's verdict must not round a failing 59.6% up to the 60% it was held to.
    """
    return f"{share * 100:.1f}".removesuffix(".0") + "%"


def parse_confidence(text: str) -> Threshold:
    """A share from 0 to 1 (``0.6``) or a percentage (``60%``); ValueError saying what is accepted."""
    cleaned = text.strip()
    is_percent = cleaned.endswith("%")
    try:
        value = float(cleaned.removesuffix("%").strip()) if re.fullmatch(r"[0-9.eE+-]+\s*%?", cleaned) else math.nan
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise ValueError(f"{shown(text)} is not a confidence: write a share from 0 to 1 (0.6) or a percentage (60%)")
    share = value / 100 if is_percent else value
    if not 0 <= share <= 1:
        hint = f"; for a percentage write {value:g}%" if not is_percent and 1 < value <= 100 else ""
        raise ValueError(f"{shown(text)} is outside 0 to 1 (0% to 100%){hint}")
    return Threshold(share_text(share), share)


def parse_threshold(text: str, report: Report) -> Threshold:
    """A maturity level name (case-insensitive) or a number on the report's scale.

    Raises ValueError with a message that lists what is accepted.
    """
    cleaned = text.strip()
    for name, min_score in report.maturity_levels:
        if name.lower() == cleaned.lower():
            return Threshold(name, min_score)
    try:
        value = float(cleaned)
    except ValueError:
        names = ", ".join(name for name, _ in report.maturity_levels)
        raise ValueError(f"{shown(text)} is neither a maturity level ({names}) nor a number") from None
    if not math.isfinite(value) or not 0 <= value <= report.scale_max:
        raise ValueError(f"{shown(text)} is outside the scale (0 to {report.scale_max})")
    return Threshold(f"{value:g}", value)


def _score_text(score: float | None, maturity: str | None) -> str:
    return "not scored" if score is None else f"{score:.2f} ({maturity})"


def evaluate(report: Report, settings: GateSettings) -> list[GateResult]:
    """Evaluate every configured gate against ``report``, in a stable order."""
    results: list[GateResult] = []
    if settings.min_overall is not None:
        need = settings.min_overall
        ok = report.score is not None and at_least(report.score, need.score)
        results.append(
            GateResult(
                "min-overall",
                f"overall ≥ {need.text}" + ("" if need.text[:1].isdigit() else f" ({need.score:g})"),
                _score_text(report.score, report.maturity),
                "pass" if ok else "fail",
                "min-overall",
            )
        )
    for dim_id in sorted(settings.min_dimension, key=lambda d: _dimension_order(report, d)):
        need = settings.min_dimension[dim_id]
        dimension = report.dimension(dim_id)
        score = dimension.score if dimension else None
        ok = score is not None and at_least(score, need.score)
        results.append(
            GateResult(
                f"min {dim_id}",
                f"{dim_id} ≥ {need.text}" + ("" if need.text[:1].isdigit() else f" ({need.score:g})"),
                _score_text(score, dimension.maturity if dimension else None),
                "pass" if ok else "fail",
                "min-dimension",
                dim_id,
            )
        )
    if settings.min_confidence is not None:
        results.append(_confidence_gate(report, settings.min_confidence))
    results.extend(_symptom_gates(report, settings.fail_on_symptoms))
    if settings.fail_on_contradiction:
        results.extend(_contradiction_gates(report))
    if settings.max_evidence_age is not None:
        results.append(_age_gate(report, settings.max_evidence_age))
    if settings.baseline is not None:
        results.extend(_regression_gates(report, settings.baseline, settings.baseline_name, settings.tolerance))
    if settings.plan is not None:
        results.extend(_plan_gates(report, settings.plan, settings.plan_name, settings.tolerance))
    from aiopgap.analysis.gate_drivers import with_drivers

    return with_drivers(report, results)


def _plan_gates(report: Report, plan: Plan, name: str, tolerance: float) -> list[GateResult]:
    """One gate per dimension the plan expects a score for: it fails when behind by more than ``tolerance``.

    A dimension the plan expects but the assessment did not score fails too: being on plan is unproven.
    """
    from aiopgap.analysis.plan_actual import period_standing

    compared = period_standing(plan, report, tolerance, name)
    results = []
    for d in compared.dimensions:
        if d.expected is None:
            continue
        requirement = f"{d.id} ≥ {d.expected:.2f} expected by {compared.compared_with}"
        requirement += f" (less {tolerance:g})" if tolerance else ""
        if d.actual is None or d.delta is None:
            results.append(GateResult(f"plan {d.id}", requirement, f"not scored ({name})", "fail", "plan", d.id))
            continue
        actual = f"{d.actual:.2f} ({d.delta:+.2f}, {d.standing})"
        status: Status = "fail" if d.standing == "behind" else "pass"
        results.append(GateResult(f"plan {d.id}", requirement, actual, status, "plan", d.id))
    if not results:
        results.append(
            GateResult("plan", f"on plan at {compared.compared_with}", f"no expected scores ({name})", "pass", "plan")
        )
    return results


def _regression_gates(report: Report, baseline: Report, name: str, tolerance: float) -> list[GateResult]:
    """One failing gate per dimension that dropped by more than ``tolerance`` since ``baseline``."""
    from aiopgap.analysis.diff import compare, regressions

    requirement = f"drop ≤ {tolerance:g} since {baseline.period}"
    dropped = regressions(compare(baseline, report), tolerance)
    if not dropped:
        return [GateResult("no regression", requirement, f"no dimension dropped more ({name})", "pass", "regression")]
    return [
        GateResult(
            f"regression {d.id}",
            requirement,
            f"{d.score.old:.2f} → {d.score.new:.2f} ({d.score.delta:+.2f})",
            "fail",
            "regression",
            d.id,
        )
        for d in dropped
        if d.score.old is not None and d.score.new is not None and d.score.delta is not None
    ]


def _dimension_order(report: Report, dim_id: str) -> tuple[int, str]:
    ids = [d.id for d in report.dimensions]
    return (ids.index(dim_id) if dim_id in ids else len(ids), dim_id)


def _symptom_gates(report: Report, wanted: tuple[str, ...]) -> list[GateResult]:
    """A flagged symptom fails its gate; so does one that could not be evaluated (absence unproven).

    A symptom on watch (a near miss: its core signal holds, its rule does not) is not flagged: it
    passes, and the verdict says how close it came.
    """
    if not wanted:
        return []
    if "any" in wanted:
        flagged = [s.id for s in report.symptoms if s.status == "flagged"]
        unknown = [s.id for s in report.symptoms if s.status == "not evaluable"]
        watched = [s.id for s in report.symptoms if s.status == "watch"]
        actual = ", ".join(flagged) or "none flagged"
        if unknown:
            actual += "; not evaluable: " + ", ".join(unknown)
        if watched:
            actual += "; watch: " + ", ".join(watched)
        status: Status = "fail" if flagged or unknown else "pass"
        return [GateResult("no symptoms", "no symptom flagged", actual, status, "no-symptoms")]
    results = []
    for symptom_id in wanted:
        symptom = report.symptom(symptom_id)
        actual = "not in questionnaire" if symptom is None else symptom.status
        if symptom is not None and symptom.status == "watch" and symptom.to_flag:
            actual += f" ({symptom.to_flag} more condition(s) would flag it)"
        ok = symptom is not None and symptom.status in {"not flagged", "watch"}
        results.append(
            GateResult(
                f"symptom {symptom_id}",
                f"{symptom_id} not flagged",
                actual,
                "pass" if ok else "fail",
                "symptom",
                symptom_id,
            )
        )
    return results


def _confidence_gate(report: Report, need: Threshold) -> GateResult:
    """The share of the overall score that rests on artifacts or observations, against a minimum."""
    requirement = f"confidence ≥ {need.text}"
    if report.confidence is None:
        return GateResult(
            "min-confidence", requirement, "no confidence: no question is scored", "fail", "min-confidence"
        )
    actual = share_text(report.confidence)
    if report.evidenced_score is not None and report.score is not None:
        actual += f" (evidenced score {report.evidenced_score:.2f} of {report.score:.2f})"
    return GateResult(
        "min-confidence",
        requirement,
        actual,
        "pass" if at_least(report.confidence, need.score) else "fail",
        "min-confidence",
    )


def _sides(contradiction: ContradictionResult) -> str:
    """The claim and the facts that contradict it, each condition with its value and rule."""
    from aiopgap.analysis.findings import evidence_text

    def held(side: tuple[Evidence, ...]) -> str:
        chosen = [e for e in side if e.outcome == "true"] or list(side)
        return "; ".join(evidence_text(e) for e in chosen)

    return f"claim {held(contradiction.claim)} · facts {held(contradiction.facts)}"


def _contradiction_gates(report: Report) -> list[GateResult]:
    """One failing gate per contradicted check, naming both sides; one passing gate when none is."""
    requirement = "claims consistent with the facts"
    found = report.contradicted()
    if found:
        return [
            GateResult(f"contradiction {c.id}", requirement, _sides(c), "fail", "contradiction", c.id) for c in found
        ]
    if not report.contradictions:
        return [
            GateResult(
                "no contradiction", requirement, "no contradiction checks in this report", "pass", "contradiction"
            )
        ]
    actual = f"none of {len(report.contradictions)} checks contradicted"
    unknown = [c.id for c in report.contradictions if c.status == "not evaluable"]
    if unknown:
        actual += "; not evaluable: " + ", ".join(unknown)
    return [GateResult("no contradiction", requirement, actual, "pass", "contradiction")]


_LISTED = 3
"""How many items a gate's line names before it says "and N more"."""


def _listing(items: list[str]) -> str:
    shown_items = "; ".join(items[:_LISTED])
    return shown_items + (f"; and {len(items) - _LISTED} more" if len(items) > _LISTED else "")


def _age_gate(report: Report, days: int) -> GateResult:
    """Every artifact or observation cited in the answers, aged on the assessment day, against a maximum.

    Evidence without a date (or a report without an assessment day) cannot be aged: the gate passes on
    what it can see and says how much it could not.
    """
    older: list[str] = []
    drivers: list[str] = []
    dated = undated = 0
    for dimension in report.dimensions:
        for question in dimension.questions:
            for response in question.responses:
                for item in response.evidence:
                    if item.kind not in EVIDENCED:
                        continue
                    if item.age_days is None:
                        undated += 1
                        continue
                    dated += 1
                    if item.age_days > days:
                        cited = f"{response.respondent}: {item.reference}" if item.reference else response.respondent
                        older.append(f"{question.id} ({cited}, {item.age_days} days)")
                        drivers.append(question.id)
    if older:
        actual = f"{len(older)} of {dated} dated item(s) older: {_listing(older)}"
    elif dated:
        actual = f"all {dated} dated item(s) within {days} days"
    elif not undated:
        actual = "no artifact or observed evidence cited"
    else:
        actual = "no dated evidence"
    if report.assessed_on is None and undated:
        actual += f"; no assessment day (assessed_on), so {undated} item(s) cannot be aged"
    elif undated:
        actual += f"; {undated} item(s) without a date cannot be aged"
    status: Status = "fail" if older else "pass"
    requirement = f"evidence ≤ {days} days old"
    return GateResult(
        "max-evidence-age", requirement, actual, status, "max-evidence-age", None, tuple(dict.fromkeys(drivers))
    )
