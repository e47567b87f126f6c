"""Quality gates for CI: pure functions from a report and gate settings to a verdict. No I/O."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from aiopgap.model.errors import UsageError
from aiopgap.model.numbers import at_least
from aiopgap.model.report import Report
from aiopgap.model.text import shown
from aiopgap.model.verdict import GateResult


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

    def __post_init__(self) -> None:
        check_tolerance(self.tolerance)

    @property
    def empty(self) -> bool:
        return (
            self.min_overall is None and not self.min_dimension and not self.fail_on_symptoms and self.baseline is None
        )


def check_tolerance(value: float, where: str = "--tolerance") -> float:
    """A tolerance is a finite number, zero or more; anything else is a :class:`UsageError` (exit 2).

    Every comparison with NaN is false, so a NaN tolerance would let any regression pass.
    """
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise UsageError(f"{where} must be zero or more (a finite number), not {shown(value)}")
    return float(value)


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
            )
        )
    results.extend(_symptom_gates(report, settings.fail_on_symptoms))
    if settings.baseline is not None:
        results.extend(_regression_gates(report, settings.baseline, settings.baseline_name, settings.tolerance))
    return results


def _regression_gates(report: Report, baseline: Report, name: str, tolerance: float) -> list[GateResult]:
    """One failing gate per dimension that dropped by more than ``tolerance`` since ``baseline``."""
    from aiopgap.analysis.diff import compare, regressions

    requirement = f"drop ≤ {tolerance:g} since {baseline.period}"
    dropped = regressions(compare(baseline, report), tolerance)
    if not dropped:
        return [GateResult("no regression", requirement, f"no dimension dropped more ({name})", "pass")]
    return [
        GateResult(
            f"regression {d.id}",
            requirement,
            f"{d.score.old:.2f} → {d.score.new:.2f} ({d.score.delta:+.2f})",
            "fail",
        )
        for d in dropped
        if d.score.old is not None and d.score.new is not None and d.score.delta is not None
    ]


def _dimension_order(report: Report, dim_id: str) -> tuple[int, str]:
    ids = [d.id for d in report.dimensions]
    return (ids.index(dim_id) if dim_id in ids else len(ids), dim_id)


def _symptom_gates(report: Report, wanted: tuple[str, ...]) -> list[GateResult]:
    """A flagged symptom fails its gate; so does one that could not be evaluated (absence unproven)."""
    if not wanted:
        return []
    status = {s.id: s.status for s in report.symptoms}
    if "any" in wanted:
        flagged = [s.id for s in report.symptoms if s.status == "flagged"]
        unknown = [s.id for s in report.symptoms if s.status == "not evaluable"]
        actual = ", ".join(flagged) or "none flagged"
        if unknown:
            actual += "; not evaluable: " + ", ".join(unknown)
        return [GateResult("no symptoms", "no symptom flagged", actual, "fail" if flagged or unknown else "pass")]
    return [
        GateResult(
            f"symptom {symptom_id}",
            f"{symptom_id} not flagged",
            status.get(symptom_id, "not in questionnaire"),
            "pass" if status.get(symptom_id) == "not flagged" else "fail",
        )
        for symptom_id in wanted
    ]
