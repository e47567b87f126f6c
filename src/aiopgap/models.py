"""Pydantic models for questionnaires and answers files.

Every model is frozen and forbids unknown fields, so a typo in a hand-edited
YAML file is reported instead of silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

NA: Literal["n/a"] = "n/a"
"""How a "not applicable" answer is written in an answers file."""

DIMENSION_IDS: tuple[str, ...] = ("ownership", "structure", "governance", "process", "metrics")

_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_QUESTION_ID = r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$"
_SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")

Slug = Annotated[str, Field(pattern=_SLUG, min_length=1, max_length=80)]
QuestionId = Annotated[str, Field(pattern=_QUESTION_ID, max_length=120)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(min_length=1, max_length=4000)]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


def semver_tuple(version: str) -> tuple[int, int, int]:
    match = _SEMVER.match(version)
    if match is None:
        raise ValueError(f"{version!r} is not a semantic version such as 1.0.0")
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


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
            raise ValueError(
                "levels must be numbered 0, 1, 2, ... without gaps (found "
                + ", ".join(str(k) for k in sorted(levels))
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

    @field_validator("version")
    @classmethod
    def _semver(cls, version: str) -> str:
        semver_tuple(version)
        return version

    def questions(self) -> tuple[Question, ...]:
        return tuple(q for d in self.dimensions for q in d.questions)

    def question(self, question_id: str) -> Question | None:
        for q in self.questions():
            if q.id == question_id:
                return q
        return None

    def dimension(self, dimension_id: str) -> Dimension | None:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        return None

    def dimension_of(self, question_id: str) -> Dimension | None:
        for d in self.dimensions:
            if any(q.id == question_id for q in d.questions):
                return d
        return None

    def maturity_for(self, score: float) -> MaturityLevel:
        chosen = self.maturity[0]
        for level in self.maturity:
            if score + 1e-9 >= level.min_score:
                chosen = level
        return chosen


# --------------------------------------------------------------------------- answers


class Answer(Frozen):
    """One respondent's answer to one question.

    In YAML an answer can be written in full (``{level: 2, note: "..."}``) or
    as a bare level (``2``) or ``n/a``.
    """

    level: int | Literal["n/a"]
    note: Annotated[str, Field(max_length=4000)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, (bool, int, str)):
            return {"level": data}
        return data

    @field_validator("level", mode="before")
    @classmethod
    def _normalise_na(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("a level must be a whole number or n/a, not true/false")
        if isinstance(value, str) and value.strip().lower() in {"n/a", "na"}:
            return NA
        if isinstance(value, str):
            raise ValueError(f"a level must be a whole number or n/a, not {value!r}")
        return value

    @property
    def is_na(self) -> bool:
        return self.level == NA


class Respondent(Frozen):
    name: ShortText
    role: ShortText
    answers: dict[QuestionId, Answer] = {}


class QuestionnaireRef(Frozen):
    id: Slug
    version: str

    @field_validator("version", mode="before")
    @classmethod
    def _semver(cls, version: Any) -> Any:
        if isinstance(version, str):
            semver_tuple(version)
        return version


class Answers(Frozen):
    """One assessment: an organisation, a period and its respondents' answers."""

    questionnaire: QuestionnaireRef
    organisation: ShortText
    period: Annotated[str, Field(min_length=1, max_length=40)]
    respondents: tuple[Respondent, ...] = ()
    targets: dict[Slug, float] = {}

    @field_validator("period", mode="before")
    @classmethod
    def _period_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value


Path = tuple[str | int, ...]


def questionnaire_problems(q: Questionnaire) -> list[tuple[Path, str]]:
    """Cross-field checks a single field validator cannot make, each with the path it concerns."""
    problems: list[tuple[Path, str]] = []
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
            where: Path = ("dimensions", di, "questions", qi)
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

    def refs(where: Path, kind: str, values: tuple[str, ...]) -> None:
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
    return problems
