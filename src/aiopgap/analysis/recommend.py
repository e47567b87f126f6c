"""Recommendations: which AI-native practices to adopt first, and why. Pure, no I/O.

A practice earns priority from two sources:

* in every dimension below its target, each question scored below that target adds
  ``(target - score) x question weight x dimension weight`` to each practice the
  question probes;
* every flagged symptom adds its severity (low 1, medium 2, high 3) to each
  practice that treats it.

Practices with any priority are listed highest first (ties by catalogue order),
each with the dimensions and symptoms behind it, the questions with the largest
weighted gaps and the level they should reach next, and the practice's actions
fitted to where the organisation stands on it (:func:`fitted`).

A practice's level is the weighted mean score (question weight x dimension weight)
of the questions that probe it, or the overall score when none of them is scored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from aiopgap.model.numbers import above, at_least, below, rounded, weighted_mean
from aiopgap.model.questionnaire import Action, Questionnaire
from aiopgap.model.report import Driver, Recommendation, Ref, Report, SymptomResult
from aiopgap.model.rules import SEVERITY_RANK

MAX_DRIVERS = 3


def practice_levels(q: Questionnaire, report: Report) -> dict[str, float | None]:
    """Each practice's level: the weighted mean score of the questions probing it, else the overall score."""
    scores = {}
    for question in q.questions():
        result = report.question(question.id)
        scores[question.id] = None if result is None else result.score
    return levels_of(q, scores, report.score)


def levels_of(q: Questionnaire, scores: Mapping[str, float | None], overall: float | None) -> dict[str, float | None]:
    """:func:`practice_levels` from question scores by id (a report's, or a plan's projected ones)."""
    pairs: dict[str, list[tuple[float, float]]] = {p.id: [] for p in q.practices}
    for dimension in q.dimensions:
        for question in dimension.questions:
            value = scores.get(question.id)
            if value is None:
                continue
            for practice in question.probes.practices:
                if practice in pairs:
                    pairs[practice].append((value, question.weight * dimension.weight))
    levels: dict[str, float | None] = {}
    for practice, scored in pairs.items():
        mean = weighted_mean(scored)
        levels[practice] = rounded(mean) if mean is not None else overall
    return levels


def fitted(steps: tuple[Action, ...], level: float | None) -> tuple[tuple[str, ...], int]:
    """The steps to show at ``level``, in order, and how many were left out as already taken.

    A step suits ``[from, to]``: it fits a level from ``from`` up to (not including) ``to``, lies
    ahead below ``from`` and is taken at ``to`` or above; a step without ``suits`` fits every level.
    Shown: the fitting steps in the questionnaire's order, then those ahead, nearest first. When
    every step is taken, the most advanced (the highest ``to``) stay. Without a level, all in order.
    """
    if level is None:
        return tuple(s.text for s in steps), 0
    fits, ahead, taken = [], [], []
    for i, step in enumerate(steps):
        if step.suits is None:
            fits.append(step)
        elif below(level, step.suits[0]):
            ahead.append((step.suits[0], i, step))
        elif at_least(level, step.suits[1]):
            taken.append(step)
        else:
            fits.append(step)
    shown = fits + [step for _, _, step in sorted(ahead, key=lambda item: item[:2])]
    if not shown and taken:
        top = max(s.suits[1] for s in taken if s.suits is not None)
        shown = [s for s in taken if s.suits is not None and s.suits[1] == top]
    return tuple(s.text for s in shown), len(steps) - len(shown)


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

    for symptom in (s for s in symptoms if s.status == "flagged"):
        for ref in symptom.practices:
            if ref.id in priority:
                priority[ref.id] += SEVERITY_RANK[symptom.severity]
                syms[ref.id][symptom.id] = Ref(id=symptom.id, name=symptom.name)

    order = {p.id: i for i, p in enumerate(q.practices)}
    chosen = [p for p in q.practices if above(priority[p.id], 0.0) and (dims[p.id] or syms[p.id])]
    chosen.sort(key=lambda p: (-round(priority[p.id], 6), order[p.id]))
    levels = practice_levels(q, report)
    steps = {p.id: fitted(p.actions, levels[p.id]) for p in chosen}
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
            actions=steps[p.id][0],
            level=levels[p.id],
            passed=steps[p.id][1],
        )
        for p in chosen
    )
