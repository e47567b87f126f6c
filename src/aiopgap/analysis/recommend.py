"""Recommendations: which AI-native practices to adopt first, and why. Pure, no I/O.

A practice earns priority from two sources:

* in every dimension below its target, each question scored below that target adds
  ``(target - score) x question weight x dimension weight`` to each practice the
  question probes;
* every flagged symptom adds its severity (low 1, medium 2, high 3) to each
  practice that treats it.

Practices with any priority are listed highest first (ties by catalogue order),
each with the dimensions and symptoms behind it, the questions with the largest
weighted gaps and the level they should reach next, and the practice's actions.
"""

from __future__ import annotations

import math

from aiopgap.model.numbers import above
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Driver, Recommendation, Ref, Report, SymptomResult
from aiopgap.model.rules import SEVERITY_RANK

MAX_DRIVERS = 3


def recommend(q: Questionnaire, report: Report, symptoms: tuple[SymptomResult, ...]) -> tuple[Recommendation, ...]:
    priority: dict[str, float] = {p.id: 0.0 for p in q.practices}
    dims: dict[str, dict[str, Ref]] = {p.id: {} for p in q.practices}
    syms: dict[str, dict[str, Ref]] = {p.id: {} for p in q.practices}
    drivers: dict[str, list[tuple[float, Driver]]] = {p.id: [] for p in q.practices}

    for dimension in q.dimensions:
        result = report.dimension(dimension.id)
        if result is None or result.target is None or result.gap is None or result.gap <= 0:
            continue
        target = result.target
        for question in dimension.questions:
            qr = next((r for r in result.questions if r.id == question.id), None)
            if qr is None or qr.score is None or qr.score >= target:
                continue
            weighted = (target - qr.score) * question.weight * dimension.weight
            next_level = min(math.floor(qr.score) + 1, question.max_level)
            driver = Driver(
                question=question.id,
                prompt=question.prompt,
                score=qr.score,
                target=target,
                next_level=next_level,
                next_level_descriptor=question.levels[next_level],
            )
            for practice in question.probes.practices:
                if practice not in priority:
                    continue
                priority[practice] += weighted
                drivers[practice].append((weighted, driver))
                dims[practice][dimension.id] = Ref(id=dimension.id, name=dimension.name)

    for symptom in symptoms:
        if symptom.status != "flagged":
            continue
        for ref in symptom.practices:
            if ref.id in priority:
                priority[ref.id] += SEVERITY_RANK[symptom.severity]
                syms[ref.id][symptom.id] = Ref(id=symptom.id, name=symptom.name)

    order = {p.id: i for i, p in enumerate(q.practices)}
    chosen = [p for p in q.practices if above(priority[p.id], 0.0) and (dims[p.id] or syms[p.id])]
    chosen.sort(key=lambda p: (-round(priority[p.id], 6), order[p.id]))
    return tuple(
        Recommendation(
            practice=p.id,
            name=p.name,
            description=p.description,
            priority=round(priority[p.id], 2),
            dimensions=tuple(dims[p.id].values()),
            symptoms=tuple(syms[p.id].values()),
            drivers=tuple(
                d for _, d in sorted(drivers[p.id], key=lambda pair: (-pair[0], pair[1].question))[:MAX_DRIVERS]
            ),
            actions=p.actions,
        )
        for p in chosen
    )
