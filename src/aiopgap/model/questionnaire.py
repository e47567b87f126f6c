"""The questionnaire: the article's catalogue (symptoms, root causes, practices), questions, dimensions
and maturity levels. The cross-field checks a single field validator cannot make are in
:mod:`aiopgap.model.checks`.
"""

from __future__ import annotations

import functools
from typing import Any

from pydantic import (
    Field,
    field_validator,
)

from aiopgap.model.base import Frozen, LongText, QuestionId, ShortText, Slug, semver_tuple
from aiopgap.model.evidence import EvidenceSettings
from aiopgap.model.numbers import at_least
from aiopgap.model.rules import (
    Rule,
    Severity,
)
from aiopgap.model.scales import Score
from aiopgap.model.text import shown

# --------------------------------------------------------------------------- catalogue


class CatalogueEntry(Frozen):
    """A named item from the source article: a symptom, root cause or practice."""

    id: Slug
    name: ShortText
    description: LongText


class RootCause(CatalogueEntry):
    pass


def shown_level(value: float) -> str:
    """A level as a message quotes it: ``2`` for 2.0, ``2.5`` for 2.5."""
    return shown(int(value) if value.is_integer() else value)


class Action(Frozen):
    """One step of a practice and the levels it suits; a plain string in the YAML suits every level."""

    text: LongText
    suits: tuple[Score, Score] | None = Field(
        default=None,
        description="The levels this step suits, [from, to] on the questionnaire's scale (from < to): "
        "an organisation at or past `to` has taken it; without it the step suits every level.",
    )

    @field_validator("suits", mode="before")
    @classmethod
    def _two_levels(cls, suits: Any) -> Any:
        if isinstance(suits, list | tuple) and len(suits) != 2:
            raise ValueError(f"suits takes two levels, [from, to] (found {len(suits)})")
        return suits

    @field_validator("suits")
    @classmethod
    def _ordered(cls, suits: tuple[float, float] | None) -> tuple[float, float] | None:
        if suits is not None and not suits[0] < suits[1]:
            low, high = (shown_level(x) for x in suits)
            raise ValueError(f"suits must go from a lower level to a higher one, as [from, to] (found [{low}, {high}])")
        return suits


class Practice(CatalogueEntry):
    builds_on: tuple[Slug, ...] = Field(
        default=(),
        description="Ids of the practices this one needs in place first: a plan schedules none of this "
        "practice's moves until theirs are done. No cycles.",
    )
    actions: tuple[Action, ...] = Field(
        default=(),
        description="Concrete steps an organisation can take next quarter, from the earliest to the most "
        "advanced: each a plain string (suits every level) or {text, suits: [from, to]}.",
    )

    @field_validator("actions", mode="before", json_schema_input_type=list[LongText | Action])
    @classmethod
    def _plain_text_shorthand(cls, value: Any) -> Any:
        if isinstance(value, list | tuple):
            return [{"text": item} if isinstance(item, str) else item for item in value]
        return value


class Symptom(CatalogueEntry):
    root_causes: tuple[Slug, ...] = Field(min_length=1)
    practices: tuple[Slug, ...] = Field(min_length=1)
    severity: Severity = "medium"
    rule: Rule | None = Field(
        default=None, description="When the symptom is flagged; without a rule it is reported as not evaluable."
    )
    core: Rule | None = Field(
        default=None,
        description="The signal specific to this symptom: without it holding the symptom is never flagged, "
        "however many other conditions of its rule hold.",
    )


class Contradiction(CatalogueEntry):
    """A claim in the answers paired with the inventory facts that test it.

    Contradicted when both hold: the answers claim a practice (e.g. single ownership at level 3 or
    more) and the initiative inventory shows the opposite (e.g. few initiatives with one owner).
    """

    claim: Rule = Field(description="What the answers claim, e.g. {question: ..., at_least: 3}.")
    facts: Rule = Field(description="The inventory facts that contradict the claim when they hold.")


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
    contradictions: tuple[Contradiction, ...] = ()
    evidence: EvidenceSettings = EvidenceSettings()
    stuck_pilot_months: int = Field(
        default=9, ge=1, le=120, description="A pilot older than this many months counts as stuck."
    )
    min_initiatives_for_shares: int = Field(
        default=5,
        ge=1,
        le=10_000,
        strict=True,
        description="Inventory shares and ratios over fewer initiatives than this do not apply to symptom rules.",
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
