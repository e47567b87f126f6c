"""What in the answers drives each gate: its questions (lowest answers first) and initiatives.

Pure: from the report and the gates' results to the same results with ``questions`` and
``initiatives`` filled in, so a JSON verdict, a SARIF log or a CI annotation can point at the lines
of the answers file a reader should look at first.
"""

from __future__ import annotations

from dataclasses import replace

from aiopgap.model.report import ContradictionResult, Evidence, QuestionResult, Report
from aiopgap.model.verdict import GateResult

_LOWEST = 10
"""How many of the lowest-scored questions drive the overall minimum."""


def _lowest_first(questions: tuple[QuestionResult, ...] | list[QuestionResult]) -> tuple[str, ...]:
    """Question ids, the lowest score first (unscored last), questionnaire order among equals."""
    order = sorted(enumerate(questions), key=lambda pair: (pair[1].score is None, pair[1].score or 0.0, pair[0]))
    return tuple(q.id for _, q in order)


def _dimension_questions(report: Report, dimension_id: str | None) -> tuple[str, ...]:
    dimension = report.dimension(dimension_id) if dimension_id else None
    return _lowest_first(dimension.questions) if dimension else ()


def _of_evidence(report: Report, evidence: tuple[Evidence, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The questions and initiatives behind the conditions that held (all of them when none held)."""
    chosen = [e for e in evidence if e.outcome == "true"] or [e for e in evidence if e.outcome == "unknown"]
    questions: list[str] = []
    initiatives: list[str] = []
    for item in chosen:
        if item.kind == "fact":
            initiatives.extend(item.initiatives)
        elif report.dimension(item.ref) is not None:
            questions.extend(_dimension_questions(report, item.ref))
        elif item.kind == "contradiction":
            found = next((c for c in report.contradictions if c.id == item.ref), None)
            if found is not None:
                more_q, more_i = _of_contradiction(report, found)
                questions.extend(more_q)
                initiatives.extend(more_i)
        else:
            questions.append(item.ref)
    return tuple(dict.fromkeys(questions)), tuple(dict.fromkeys(initiatives))


def _of_contradiction(report: Report, found: ContradictionResult) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return _of_evidence(report, found.claim + found.facts)


def _of_symptoms(report: Report, ids: list[str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    questions: list[str] = []
    initiatives: list[str] = []
    for symptom_id in ids:
        symptom = report.symptom(symptom_id)
        if symptom is not None:
            more_q, more_i = _of_evidence(report, symptom.evidence)
            questions.extend(more_q)
            initiatives.extend(more_i)
    return tuple(dict.fromkeys(questions)), tuple(dict.fromkeys(initiatives))


def _drivers(report: Report, result: GateResult) -> tuple[tuple[str, ...], tuple[str, ...]]:
    kind, subject = result.kind, result.subject
    if kind == "min-overall":
        scored = [q for q in report.questions() if q.score is not None]
        return _lowest_first(scored)[:_LOWEST], ()
    if kind in {"min-dimension", "regression", "plan"}:
        return _dimension_questions(report, subject), ()
    if kind == "min-confidence":
        scored = [q for q in report.questions() if q.score is not None]
        order = sorted(enumerate(scored), key=lambda pair: (pair[1].confidence or 0.0, pair[0]))
        return tuple(q.id for _, q in order)[:_LOWEST], ()
    if kind == "symptom":
        return _of_symptoms(report, [subject] if subject else [])
    if kind == "no-symptoms":
        wanted = [s.id for s in report.symptoms if s.status in {"flagged", "not evaluable"}]
        return _of_symptoms(report, wanted)
    if kind == "contradiction" and subject:
        found = next((c for c in report.contradictions if c.id == subject), None)
        return _of_contradiction(report, found) if found else ((), ())
    return result.questions, result.initiatives


def with_drivers(report: Report, results: list[GateResult]) -> list[GateResult]:
    """``results`` with what drives each gate filled in (a gate that already names its drivers keeps them)."""
    out = []
    for result in results:
        questions, initiatives = _drivers(report, result)
        out.append(replace(result, questions=questions, initiatives=initiatives))
    return out


def per_symptom(report: Report, results: list[GateResult]) -> list[GateResult]:
    """``results`` with a failed "no symptoms" gate split into one failed gate per symptom it names.

    Code scanning shows one result per rule: each flagged (or not evaluable) symptom is its own.
    """
    out: list[GateResult] = []
    for result in results:
        if result.kind != "no-symptoms" or result.status != "fail":
            out.append(result)
            continue
        for symptom in report.symptoms:
            if symptom.status in {"flagged", "not evaluable"}:
                one = GateResult(
                    f"symptom {symptom.id}", f"{symptom.id} not flagged", symptom.status, "fail", "symptom", symptom.id
                )
                out.extend(with_drivers(report, [one]))
    return out
