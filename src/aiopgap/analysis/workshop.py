"""Several respondents compared: role groups, their views, and perception gaps. Pure, no I/O.

* Respondents form a **role group** when their ``role`` text is the same, compared without
  regard to case or repeated spaces ("Chief Risk Officer" and "chief risk  officer" are one
  group); the group is named as the role was first written.
* A role's view of a **question** is the median level its respondents gave (n/a and missing
  answers left out); its view of a **dimension** is the weighted mean of its views of the
  dimension's questions, as for the whole report.
* In an anonymised report a role group of fewer than three respondents (in practice Other roles,
  when the small roles folded into it hold one or two people) is **withheld**: it has no view and
  no side in a gap, as its view would be one person's answers; the report says it is not shown.
  Its answers still count in every question's and dimension's score and spread.
* A **perception gap** is a question or dimension where the highest role's view and the lowest
  role's are at least ``threshold`` levels apart. Gaps are ranked widest first (then dimension
  before question, then questionnaire order) and name the roles on each side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median, quantiles
from typing import Literal

from aiopgap.model.answers import name_key
from aiopgap.model.base import NA
from aiopgap.model.numbers import at_least, at_most, rounded, weighted_mean
from aiopgap.model.report import DimensionResult, QuestionResult, Report
from aiopgap.model.responses import Response
from aiopgap.model.workshop import (
    MIN_GROUP,
    DimensionRoles,
    GapSide,
    PerceptionGap,
    QuestionSpread,
    RoleGroup,
    RoleScore,
    WithheldRole,
    WorkshopResult,
)


def _all_groups(report: Report) -> tuple[RoleGroup, ...]:
    names: dict[str, str] = {}
    members: dict[str, list[str]] = {}
    for r in report.respondents:
        key = name_key(r.role)
        names.setdefault(key, r.role)
        members.setdefault(key, []).append(r.name)
    return tuple(RoleGroup(role=names[k], respondents=tuple(members[k])) for k in names)


def _too_small(report: Report, group: RoleGroup) -> bool:
    return report.anonymised and len(group.respondents) < MIN_GROUP


def role_groups(report: Report) -> tuple[RoleGroup, ...]:
    """Role groups shown, in the order their first respondent appears: in an anonymised report, not
    those of fewer than three respondents (:func:`withheld_roles`)."""
    return tuple(g for g in _all_groups(report) if not _too_small(report, g))


def withheld_roles(report: Report) -> tuple[WithheldRole, ...]:
    """The role groups of an anonymised report too small to be shown: their views would be one or two
    people's answers. Their answers still count in every score, only not as a role of their own."""
    return tuple(
        WithheldRole(role=g.role, respondents=len(g.respondents)) for g in _all_groups(report) if _too_small(report, g)
    )


def _labels(groups: tuple[RoleGroup, ...]) -> dict[str, str]:
    return {name_key(g.role): g.role for g in groups}


def question_by_role(question: QuestionResult, groups: tuple[RoleGroup, ...]) -> tuple[RoleScore, ...]:
    """Each role's median level on ``question`` (None where the role gave no level); roles not in
    ``groups`` are left out."""
    levels: dict[str, list[int]] = {name_key(g.role): [] for g in groups}
    for response in question.responses:
        if response.level != NA and name_key(response.role) in levels:
            levels[name_key(response.role)].append(int(response.level))
    labels = _labels(groups)
    return tuple(
        RoleScore(role=labels.get(key, key), score=rounded(float(median(values))) if values else None)
        for key, values in levels.items()
    )


def dimension_by_role(
    dimension: DimensionResult,
    groups: tuple[RoleGroup, ...],
    per_question: Sequence[tuple[RoleScore, ...]] | None = None,
) -> tuple[RoleScore, ...]:
    """Each role's score on ``dimension``: the weighted mean of its medians on the dimension's questions.

    ``per_question`` is :func:`question_by_role` of each of the dimension's questions, when already known.
    """
    if per_question is None:
        per_question = [question_by_role(q, groups) for q in dimension.questions]
    pairs: dict[str, list[tuple[float, float]]] = {g.role: [] for g in groups}
    for question, by_question in zip(dimension.questions, per_question, strict=True):
        for role_score in by_question:
            if role_score.score is not None:
                pairs.setdefault(role_score.role, []).append((role_score.score, question.weight))
    out = []
    for role, values in pairs.items():
        mean = weighted_mean(values)
        out.append(RoleScore(role=role, score=None if mean is None else rounded(mean)))
    return tuple(out)


@dataclass(frozen=True)
class Disagreement:
    """How far apart the roles' views of one question or dimension are."""

    width: float
    high: GapSide
    low: GapSide


def disagreement(by_role: tuple[RoleScore, ...]) -> Disagreement | None:
    """Highest minus lowest role view; None when fewer than two roles gave a level."""
    scored = [r for r in by_role if r.score is not None]
    if len(scored) < 2:
        return None
    top = max(r.score for r in scored if r.score is not None)
    bottom = min(r.score for r in scored if r.score is not None)
    high = tuple(r.role for r in scored if r.score is not None and at_least(r.score, top))
    low = tuple(r.role for r in scored if r.score is not None and at_most(r.score, bottom))
    return Disagreement(
        width=rounded(top - bottom), high=GapSide(roles=high, score=top), low=GapSide(roles=low, score=bottom)
    )


def disagreement_on(report: Report, ref: str) -> tuple[str, Disagreement | None, tuple[Response, ...]] | None:
    """The disagreement on a question or dimension id of ``report`` with its label and responses;
    None when ``ref`` is neither."""
    groups = role_groups(report)
    for dim in report.dimensions:
        if dim.id == ref:
            return f"{dim.name} (roles apart)", disagreement(dimension_by_role(dim, groups)), ()
        for question in dim.questions:
            if question.id == ref:
                return question.prompt, disagreement(question_by_role(question, groups)), question.responses
    return None


def _iqr(levels: list[int]) -> float | None:
    if len(levels) < 2:
        return None
    q1, _, q3 = quantiles(levels, n=4, method="inclusive")
    return rounded(q3 - q1)


def _side_notes(question: QuestionResult, found: Disagreement) -> tuple[Response, ...]:
    sides = {name_key(role) for role in (*found.high.roles, *found.low.roles)}
    return tuple(r for r in question.responses if r.note and name_key(r.role) in sides)


def _gap(
    kind: Literal["question", "dimension"],
    ref: str,
    label: str,
    dimension: str,
    found: Disagreement,
    notes: tuple[Response, ...] = (),
) -> PerceptionGap:
    return PerceptionGap(
        kind=kind,
        ref=ref,
        label=label,
        dimension=dimension,
        width=found.width,
        high=found.high,
        low=found.low,
        notes=notes,
    )


def _spread(question: QuestionResult, dimension: str, by_role: tuple[RoleScore, ...]) -> QuestionSpread:
    levels = [int(r.level) for r in question.responses if r.level != NA]
    return QuestionSpread(
        id=question.id,
        dimension=dimension,
        prompt=question.prompt,
        median=question.score,
        spread=question.spread,
        iqr=_iqr(levels),
        by_role=by_role,
    )


def workshop_result(report: Report, threshold: int) -> WorkshopResult | None:
    """The workshop section of ``report``; None with fewer than two respondents."""
    if len(report.respondents) < 2:
        return None
    groups = role_groups(report)
    dimensions: list[DimensionRoles] = []
    questions: list[QuestionSpread] = []
    ranked: list[tuple[float, int, PerceptionGap]] = []  # (minus width, questionnaire position, gap)
    for dim in report.dimensions:
        per_question = [question_by_role(q, groups) for q in dim.questions]
        by_role = dimension_by_role(dim, groups, per_question)
        dimensions.append(DimensionRoles(id=dim.id, name=dim.name, score=dim.score, by_role=by_role))
        found = disagreement(by_role)
        if found is not None and at_least(found.width, threshold):
            ranked.append(
                (-found.width, len(dimensions) + len(questions), _gap("dimension", dim.id, dim.name, dim.id, found))
            )
        for question, q_by_role in zip(dim.questions, per_question, strict=True):
            questions.append(_spread(question, dim.id, q_by_role))
            found = disagreement(q_by_role)
            if found is not None and at_least(found.width, threshold):
                gap = _gap("question", question.id, question.prompt, dim.id, found, _side_notes(question, found))
                ranked.append((-found.width, len(dimensions) + len(questions), gap))
    ranked.sort(key=lambda item: (item[0], item[1]))
    return WorkshopResult(
        threshold=threshold,
        roles=groups,
        withheld=withheld_roles(report),
        dimensions=tuple(dimensions),
        questions=tuple(questions),
        gaps=tuple(gap for _, _, gap in ranked),
        unanswered=tuple(q.id for q in report.questions() if q.status == "unanswered"),
    )
