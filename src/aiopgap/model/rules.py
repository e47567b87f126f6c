"""The rule language of symptoms: leaves that compare one signal with a threshold, and branches."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from aiopgap.model.base import Frozen, QuestionId, Slug
from aiopgap.model.numbers import above, at_least, at_most, below

# --------------------------------------------------------------------------- symptom rules
#
# A symptom's rule is a small tree, written in YAML and validated here; nothing
# is evaluated as code. Leaves compare one signal with a threshold:
#
#   {question: process.pilot-to-production, at_most: 1.5}   # the question's median level
#   {dimension: governance, below: 2}                        # the dimension's score
#   {fact: pilot_conversion, below: 0.35}                    # a fact computed from the initiatives
#   {disagreement: ownership, at_least: 2}                   # how far apart the roles' views are
#   {contradiction: ownership-claim}                         # a claim the inventory's facts contradict
#
# and branches combine them: {all: [...]}, {any: [...]}, {not: {...}} and
# {at_least: 2, of: [...]} ("at least two of these hold").

Severity = Literal["low", "medium", "high"]
SEVERITY_RANK: dict[str, int] = {"low": 1, "medium": 2, "high": 3}


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
            return at_most(value, limit)
        if op == "at_least":
            return at_least(value, limit)
        if op == "below":
            return below(value, limit)
        return above(value, limit)

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


class ContradictionCondition(Frozen):
    """Holds when the questionnaire's contradiction check of that id finds a claim the facts contradict.

    Not applicable when the check cannot be made (no inventory, or the claim was not made at all).
    """

    contradiction: Slug

    def describe(self) -> str:
        return "contradicted"


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


RULE_KINDS: tuple[str, ...] = ("all", "any", "not", "question", "dimension", "fact", "disagreement", "contradiction")


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
            ContradictionCondition: "contradiction",
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
        Annotated[ContradictionCondition, Tag("rule:contradiction")],
    ],
    Discriminator(
        _rule_kind,
        custom_error_type="rule_kind",
        custom_error_message="a rule must be one of {all: [...]}, {any: [...]}, {not: {...}}, "
        "{at_least: N, of: [...]}, or a condition on a question, dimension, fact, disagreement "
        "or contradiction",
    ),
]
AllOf.model_rebuild()
AnyOf.model_rebuild()
AtLeast.model_rebuild()
Not.model_rebuild()

Condition = QuestionCondition | DimensionCondition | FactCondition | DisagreementCondition | ContradictionCondition
Comparison = QuestionCondition | DimensionCondition | FactCondition | DisagreementCondition
