"""Pydantic models for questionnaires and answers files.

Every model is frozen and forbids unknown fields, so a typo in a hand-edited
YAML file is reported instead of silently ignored.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    Tag,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from aiopgap.errors import shown

NA: Literal["n/a"] = "n/a"
"""How a "not applicable" answer is written in an answers file."""

DIMENSION_IDS: tuple[str, ...] = ("ownership", "structure", "governance", "process", "metrics")

_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_QUESTION_ID = r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$"
_SEMVER = re.compile(r"([0-9]{1,9})\.([0-9]{1,9})\.([0-9]{1,9})")

Slug = Annotated[str, Field(pattern=_SLUG, min_length=1, max_length=80)]
QuestionId = Annotated[str, Field(pattern=_QUESTION_ID, max_length=120)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(min_length=1, max_length=4000)]


class Frozen(BaseModel):
    # numbers are finite: nan and inf are refused wherever a file can give a float (weights, targets, thresholds)
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False)


def semver_tuple(version: str) -> tuple[int, int, int]:
    """``1.2.3`` as ``(1, 2, 3)``; ValueError for anything else (each part at most nine ASCII digits)."""
    match = _SEMVER.fullmatch(version) if isinstance(version, str) else None
    if match is None:
        raise ValueError(f"{shown(version)} is not a semantic version such as 1.0.0")
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


# --------------------------------------------------------------------------- symptom rules
#
# A symptom's rule is a small tree, written in YAML and validated here; nothing
# is evaluated as code. Leaves compare one signal with a threshold:
#
#   {question: process.pilot-to-production, at_most: 1.5}   # the question's median level
#   {dimension: governance, below: 2}                        # the dimension's score
#   {fact: pilot_conversion, below: 0.35}                    # a fact computed from the initiatives
#   {disagreement: ownership, at_least: 2}                   # how far apart the roles' views are
#
# and branches combine them: {all: [...]}, {any: [...]}, {not: {...}} and
# {at_least: 2, of: [...]} ("at least two of these hold").

Severity = Literal["low", "medium", "high"]
SEVERITY_RANK: dict[str, int] = {"low": 1, "medium": 2, "high": 3}

FactKind = Literal["share", "count", "ratio"]


class FactSpec(BaseModel):
    model_config = ConfigDict(frozen=True)
    label: str
    kind: FactKind
    description: str


FACTS: dict[str, FactSpec] = {
    "initiatives": FactSpec(
        label="Initiatives listed", kind="count", description="Initiatives in the inventory, retired ones excluded."
    ),
    "pilot_conversion": FactSpec(
        label="Pilot-to-production conversion",
        kind="share",
        description="Share of initiatives past the idea stage (pilot, production, scaled) "
        "that are in production or scaled.",
    ),
    "scaled_share": FactSpec(
        label="Scaled share",
        kind="share",
        description="Share of initiatives past the idea stage that run at scale.",
    ),
    "single_owner_share": FactSpec(
        label="Single accountable owner",
        kind="share",
        description="Share of initiatives (retired excluded) with exactly one accountable owner.",
    ),
    "horizon_balance": FactSpec(
        label="Horizon balance",
        kind="ratio",
        description="Initiatives in the least-populated investment horizon divided by those in the most-populated "
        "one: 1 is an even near/mid/long split, 0 means a horizon is empty.",
    ),
    "near_term_share": FactSpec(
        label="Near-term share",
        kind="share",
        description="Share of initiatives (retired excluded) on the near-term horizon.",
    ),
    "vendor_led_share": FactSpec(
        label="Vendor-led share",
        kind="share",
        description="Share of initiatives (retired excluded) led by a vendor.",
    ),
    "unmonitored_production_share": FactSpec(
        label="Unmonitored in production",
        kind="share",
        description="Share of production and scaled initiatives known not to be monitored.",
    ),
    "stuck_pilots": FactSpec(
        label="Stuck pilots",
        kind="count",
        description="Pilots that have been in pilot for longer than the questionnaire's stuck_pilot_months.",
    ),
    "stuck_pilot_share": FactSpec(
        label="Stuck pilot share",
        kind="share",
        description="Share of pilots that have been in pilot for longer than stuck_pilot_months.",
    ),
}
"""Facts computed from an answers file's initiative inventory, by the name rules use."""

Operator = Literal["at_most", "at_least", "below", "above"]
OPERATORS: dict[str, str] = {"at_most": "≤", "at_least": "≥", "below": "<", "above": ">"}


class _Comparison(Frozen):
    at_most: float | None = None
    at_least: float | None = None
    below: float | None = None
    above: float | None = None

    @model_validator(mode="after")
    def _one_operator(self) -> _Comparison:
        given = [op for op in OPERATORS if getattr(self, op) is not None]
        if len(given) != 1:
            raise ValueError(
                "a condition needs exactly one of at_most, at_least, below, above"
                + (f" (found {', '.join(given)})" if given else "")
            )
        return self

    @property
    def operator(self) -> Operator:
        for op in ("at_most", "at_least", "below", "above"):
            if getattr(self, op) is not None:
                return op
        raise AssertionError("validated to have one operator")  # pragma: no cover

    @property
    def threshold(self) -> float:
        value = getattr(self, self.operator)
        assert isinstance(value, float | int)
        return float(value)

    def holds(self, value: float) -> bool:
        op, limit = self.operator, self.threshold
        if op == "at_most":
            return value <= limit + 1e-9
        if op == "at_least":
            return value >= limit - 1e-9
        if op == "below":
            return value < limit - 1e-9
        return value > limit + 1e-9

    def describe(self) -> str:
        return f"{OPERATORS[self.operator]} {self.threshold:g}"


class QuestionCondition(_Comparison):
    """Holds when the question's score (median level) compares true; unknown when nobody gave a level."""

    question: QuestionId


class DimensionCondition(_Comparison):
    """Holds when the dimension's score compares true; unknown when the dimension is not scored."""

    dimension: Slug


class FactCondition(_Comparison):
    """Holds when a computed inventory fact compares true; unknown when the fact cannot be computed."""

    fact: Annotated[str, Field(min_length=1, max_length=80)]


class DisagreementCondition(_Comparison):
    """Holds when the roles' views of a question or dimension are that many levels apart.

    The value is the highest role's median (or dimension score) minus the lowest role's;
    unknown when fewer than two roles gave a level.
    """

    disagreement: Annotated[str, Field(min_length=1, max_length=120)]


def _not_empty(rules: tuple[Any, ...]) -> tuple[Any, ...]:
    # checked after the items (a Field min_length would also fire when an item is invalid)
    if not rules:
        raise ValueError("needs at least one condition")
    return rules


class AllOf(Frozen):
    all: tuple[Rule, ...]
    _check = field_validator("all")(_not_empty)


class AnyOf(Frozen):
    any: tuple[Rule, ...]
    _check = field_validator("any")(_not_empty)


class AtLeast(Frozen):
    at_least: int = Field(ge=1)
    of: tuple[Rule, ...]
    _check = field_validator("of")(_not_empty)


class Not(Frozen):
    # dumps as {"not": ...} so a dumped questionnaire reads back
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, serialize_by_alias=True)
    not_: Rule = Field(alias="not")


RULE_KINDS: tuple[str, ...] = ("all", "any", "not", "question", "dimension", "fact", "disagreement")


def _rule_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        kind = {
            AllOf: "all",
            AnyOf: "any",
            AtLeast: "at_least",
            Not: "not",
            QuestionCondition: "question",
            DimensionCondition: "dimension",
            FactCondition: "fact",
            DisagreementCondition: "disagreement",
        }.get(type(value))
        return None if kind is None else f"rule:{kind}"
    if not isinstance(value, dict):
        return None
    if "of" in value:
        return "rule:at_least"
    for kind in RULE_KINDS:
        if kind in value:
            return f"rule:{kind}"
    return None


Rule = Annotated[
    Union[  # noqa: UP007 - a discriminated union reads better spelled out
        Annotated[AllOf, Tag("rule:all")],
        Annotated[AnyOf, Tag("rule:any")],
        Annotated[AtLeast, Tag("rule:at_least")],
        Annotated[Not, Tag("rule:not")],
        Annotated[QuestionCondition, Tag("rule:question")],
        Annotated[DimensionCondition, Tag("rule:dimension")],
        Annotated[FactCondition, Tag("rule:fact")],
        Annotated[DisagreementCondition, Tag("rule:disagreement")],
    ],
    Discriminator(
        _rule_kind,
        custom_error_type="rule_kind",
        custom_error_message="a rule must be one of {all: [...]}, {any: [...]}, {not: {...}}, "
        "{at_least: N, of: [...]}, or a condition on a question, dimension, fact or disagreement",
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()
AtLeast.model_rebuild()
Not.model_rebuild()

Condition = QuestionCondition | DimensionCondition | FactCondition | DisagreementCondition


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

    @field_validator("note", mode="after")
    @classmethod
    def _blank_is_no_note(cls, value: str | None) -> str | None:
        # `note: ""` (or only spaces) says nothing: the same answer as no note, so every writer,
        # merge included, reads it back equal
        return value or None

    @field_validator("level", mode="before")
    @classmethod
    def _normalise_na(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("a level must be a whole number or n/a, not true/false")
        if isinstance(value, str) and value.strip().lower() in {"n/a", "na"}:
            return NA
        if isinstance(value, str):
            raise ValueError(f"a level must be a whole number or n/a, not {shown(value)}")
        return value

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        full = handler(core_schema)
        return {
            "anyOf": [
                {"type": "integer", "minimum": 0, "description": "A level, written alone."},
                {"const": NA, "description": "Not applicable, where the question allows it."},
                handler.resolve_ref_schema(full) if "$ref" in full else full,
            ]
        }

    @property
    def is_na(self) -> bool:
        return self.level == NA


class Respondent(Frozen):
    name: ShortText
    role: ShortText
    answers: dict[QuestionId, Answer] = {}


Stage = Literal["idea", "pilot", "production", "scaled", "retired"]
STAGES: tuple[str, ...] = ("idea", "pilot", "production", "scaled", "retired")
Horizon = Literal["near", "mid", "long"]
HORIZONS: tuple[str, ...] = ("near", "mid", "long")


class Initiative(Frozen):
    """One AI initiative in the organisation's inventory."""

    name: ShortText
    stage: Stage
    owners: tuple[ShortText, ...] = Field(default=(), description="The accountable owner(s); ideally exactly one.")
    horizon: Horizon
    vendor_led: bool = False
    monitored: bool | None = Field(default=None, description="For production and scaled initiatives.")
    months_in_pilot: int | None = Field(default=None, ge=0, le=600)
    note: Annotated[str, Field(max_length=4000)] | None = None

    @field_validator("owners", mode="before", json_schema_input_type=str | list[str])
    @classmethod
    def _one_owner_shorthand(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value


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
    initiatives: tuple[Initiative, ...] = ()

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
    for si, symptom in enumerate(q.symptoms):
        if symptom.rule is not None:
            problems.extend(rule_problems(q, symptom.rule, ("symptoms", si, "rule")))
    return problems


def rule_problems(q: Questionnaire, rule: Rule, where: Path) -> list[tuple[Path, str]]:
    """Unknown references and impossible thresholds in a symptom rule, each with its path."""
    problems: list[tuple[Path, str]] = []
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
