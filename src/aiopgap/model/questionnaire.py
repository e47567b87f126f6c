"""The questionnaire: the article's catalogue (symptoms, root causes, practices), questions, dimensions,
maturity levels, and the cross-field checks a single field validator cannot make.
"""

from __future__ import annotations

import functools

from pydantic import (
    Field,
    field_validator,
)

from aiopgap.model.base import FieldPath, Frozen, LongText, QuestionId, ShortText, Slug, semver_tuple
from aiopgap.model.inventory import FACTS
from aiopgap.model.numbers import at_least
from aiopgap.model.rules import (
    AllOf,
    AnyOf,
    AtLeast,
    DimensionCondition,
    DisagreementCondition,
    Not,
    QuestionCondition,
    Rule,
    Severity,
)
from aiopgap.model.text import shown

# --------------------------------------------------------------------------- catalogue


class CatalogueEntry(Frozen):
    """A named item from the source article: a symptom, root cause or practice."""

    id: Slug
    name: ShortText
    description: LongText


class RootCause(CatalogueEntry):
    pass


class Practice(CatalogueEntry):
    actions: tuple[LongText, ...] = Field(
        default=(), description="Concrete steps an organisation can take next quarter."
    )


class Symptom(CatalogueEntry):
    root_causes: tuple[Slug, ...] = Field(min_length=1)
    practices: tuple[Slug, ...] = Field(min_length=1)
    severity: Severity = "medium"
    rule: Rule | None = Field(
        default=None, description="When the symptom is flagged; without a rule it is reported as not evaluable."
    )


class Probes(Frozen):
    """What a question probes in the source article's vocabulary."""

    symptoms: tuple[Slug, ...] = ()
    root_causes: tuple[Slug, ...] = ()
    practices: tuple[Slug, ...] = ()


# --------------------------------------------------------------------------- questionnaire


class Question(Frozen):
    id: QuestionId
    prompt: ShortText
    help: LongText
    levels: dict[int, LongText] = Field(
        description="Anchored scale: one observable descriptor per level, from 0 upwards."
    )
    weight: float = Field(default=1.0, gt=0, le=100)
    allow_na: bool = False
    probes: Probes = Probes()
    replaces: tuple[QuestionId, ...] = Field(
        default=(),
        description="Ids of questions in earlier versions that this one renames or splits, so diffs can map them.",
    )

    @field_validator("levels")
    @classmethod
    def _levels_contiguous(cls, levels: dict[int, str]) -> dict[int, str]:
        expected = list(range(len(levels)))
        if sorted(levels) != expected or len(levels) < 2:
            found = sorted(levels)
            raise ValueError(
                "levels must be numbered 0, 1, 2, ... without gaps (found "
                + ", ".join(shown(k) for k in found[:12])
                + (", ..." if len(found) > 12 else "")
                + ")"
            )
        return levels

    @property
    def max_level(self) -> int:
        return len(self.levels) - 1


class Dimension(Frozen):
    id: Slug
    name: ShortText
    question: ShortText = Field(description="The operating-model question this dimension answers.")
    description: LongText
    weight: float = Field(default=1.0, gt=0, le=100)
    questions: tuple[Question, ...] = Field(min_length=1)


class MaturityLevel(Frozen):
    name: ShortText
    min_score: float = Field(ge=0)
    description: LongText


class Questionnaire(Frozen):
    id: Slug
    version: str
    title: ShortText
    description: LongText
    scale_max: int = Field(ge=1, le=10, description="Every question is scored 0..scale_max.")
    maturity: tuple[MaturityLevel, ...] = Field(min_length=2)
    dimensions: tuple[Dimension, ...] = Field(min_length=1)
    symptoms: tuple[Symptom, ...] = ()
    root_causes: tuple[RootCause, ...] = ()
    practices: tuple[Practice, ...] = ()
    stuck_pilot_months: int = Field(
        default=9, ge=1, le=120, description="A pilot older than this many months counts as stuck."
    )
    perception_gap_levels: int = Field(
        default=2,
        ge=1,
        le=10,
        description="Roles whose views of a question or dimension are at least this many levels apart "
        "show a perception gap in a workshop report.",
    )

    @field_validator("version")
    @classmethod
    def _semver(cls, version: str) -> str:
        semver_tuple(version)
        return version

    # Look-ups are indexed once per (frozen) questionnaire: scoring many files asks them thousands of times.

    @functools.cached_property
    def all_questions(self) -> tuple[Question, ...]:
        return tuple(q for d in self.dimensions for q in d.questions)

    @functools.cached_property
    def question_index(self) -> dict[str, tuple[Question, Dimension]]:
        return {q.id: (q, d) for d in self.dimensions for q in d.questions}

    def questions(self) -> tuple[Question, ...]:
        return self.all_questions

    def question(self, question_id: str) -> Question | None:
        found = self.question_index.get(question_id)
        return None if found is None else found[0]

    def dimension(self, dimension_id: str) -> Dimension | None:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        return None

    def dimension_of(self, question_id: str) -> Dimension | None:
        found = self.question_index.get(question_id)
        return None if found is None else found[1]

    def maturity_for(self, score: float) -> MaturityLevel:
        chosen = self.maturity[0]
        for level in self.maturity:
            if at_least(score, level.min_score):
                chosen = level
        return chosen


def questionnaire_problems(q: Questionnaire) -> list[tuple[FieldPath, str]]:
    """Cross-field checks a single field validator cannot make, each with the path it concerns."""
    problems: list[tuple[FieldPath, str]] = []
    thresholds = [m.min_score for m in q.maturity]
    if thresholds[0] != 0:
        problems.append((("maturity", 0, "min_score"), "the first maturity level must start at 0"))
    for i in range(1, len(thresholds)):
        if thresholds[i] <= thresholds[i - 1]:
            problems.append((("maturity", i, "min_score"), "maturity min_score values must strictly increase"))
        if thresholds[i] > q.scale_max:
            problems.append((("maturity", i, "min_score"), f"min_score must not exceed scale_max {q.scale_max}"))
    seen: set[str] = set()
    live_ids = {question.id for question in q.questions()}
    for di, dim in enumerate(q.dimensions):
        if dim.id in seen:
            problems.append((("dimensions", di, "id"), f"id {dim.id!r} is used twice"))
        seen.add(dim.id)
        for qi, question in enumerate(dim.questions):
            where: FieldPath = ("dimensions", di, "questions", qi)
            if question.id in seen:
                problems.append(((*where, "id"), f"question id {question.id!r} is used twice"))
            seen.add(question.id)
            for ri, old_id in enumerate(question.replaces):
                if old_id in question.replaces[:ri]:
                    problems.append(((*where, "replaces", ri), f"{old_id!r} is listed twice"))
                elif old_id in live_ids:
                    problems.append(
                        (
                            (*where, "replaces", ri),
                            f"{old_id!r} is still a question in this questionnaire, so nothing can replace it",
                        )
                    )
            if question.max_level != q.scale_max:
                problems.append(
                    (
                        (*where, "levels"),
                        f"question {question.id!r} has levels 0..{question.max_level} but scale_max is {q.scale_max}",
                    )
                )
    catalogue: dict[str, set[str]] = {}
    for kind in ("symptoms", "root_causes", "practices"):
        entries: tuple[CatalogueEntry, ...] = getattr(q, kind)
        ids: set[str] = set()
        for i, entry in enumerate(entries):
            if entry.id in ids:
                problems.append(((kind, i, "id"), f"id {entry.id!r} is used twice"))
            ids.add(entry.id)
        catalogue[kind] = ids

    def refs(where: FieldPath, kind: str, values: tuple[str, ...]) -> None:
        for i, ref in enumerate(values):
            if ref not in catalogue[kind]:
                known = ", ".join(sorted(catalogue[kind])) or "none defined"
                noun = kind[:-1].replace("_", " ")
                problems.append(((*where, i), f"unknown {noun} {ref!r} (known: {known})"))

    for si, symptom in enumerate(q.symptoms):
        refs(("symptoms", si, "root_causes"), "root_causes", symptom.root_causes)
        refs(("symptoms", si, "practices"), "practices", symptom.practices)
    for di, dim in enumerate(q.dimensions):
        for qi, question in enumerate(dim.questions):
            where = ("dimensions", di, "questions", qi, "probes")
            refs((*where, "symptoms"), "symptoms", question.probes.symptoms)
            refs((*where, "root_causes"), "root_causes", question.probes.root_causes)
            refs((*where, "practices"), "practices", question.probes.practices)
    for si, symptom in enumerate(q.symptoms):
        if symptom.rule is not None:
            problems.extend(rule_problems(q, symptom.rule, ("symptoms", si, "rule")))
    return problems


def rule_problems(q: Questionnaire, rule: Rule, where: FieldPath) -> list[tuple[FieldPath, str]]:
    """Unknown references and impossible thresholds in a symptom rule, each with its path."""
    problems: list[tuple[FieldPath, str]] = []
    if isinstance(rule, AllOf | AnyOf):
        key = "all" if isinstance(rule, AllOf) else "any"
        children = rule.all if isinstance(rule, AllOf) else rule.any
        for i, child in enumerate(children):
            problems.extend(rule_problems(q, child, (*where, key, i)))
    elif isinstance(rule, AtLeast):
        if rule.at_least > len(rule.of):
            problems.append(
                ((*where, "at_least"), f"at_least {rule.at_least} can never hold with only {len(rule.of)} conditions")
            )
        for i, child in enumerate(rule.of):
            problems.extend(rule_problems(q, child, (*where, "of", i)))
    elif isinstance(rule, Not):
        problems.extend(rule_problems(q, rule.not_, (*where, "not")))
    else:
        low, high, what = 0.0, float(q.scale_max), "a score"
        if isinstance(rule, QuestionCondition):
            if q.question(rule.question) is None:
                problems.append(((*where, "question"), f"unknown question {rule.question!r}"))
        elif isinstance(rule, DisagreementCondition):
            if q.question(rule.disagreement) is None and q.dimension(rule.disagreement) is None:
                known = ", ".join(d.id for d in q.dimensions)
                problems.append(
                    (
                        (*where, "disagreement"),
                        f"unknown question or dimension {rule.disagreement!r} (dimensions: {known})",
                    )
                )
            what = "a difference in levels"
        elif isinstance(rule, DimensionCondition):
            if q.dimension(rule.dimension) is None:
                known = ", ".join(d.id for d in q.dimensions)
                problems.append(((*where, "dimension"), f"unknown dimension {rule.dimension!r} (known: {known})"))
        else:
            spec = FACTS.get(rule.fact)
            if spec is None:
                known = ", ".join(sorted(FACTS))
                problems.append(((*where, "fact"), f"unknown fact {rule.fact!r} (known: {known})"))
                return problems
            if spec.kind == "share" or spec.kind == "ratio":
                low, high, what = 0.0, 1.0, f"a {spec.kind}"
            else:
                low, high, what = 0.0, 10_000.0, "a count"
        if not low <= rule.threshold <= high:
            problems.append(
                ((*where, rule.operator), f"threshold {rule.threshold:g} is outside {low:g}..{high:g} for {what}")
            )
    return problems
