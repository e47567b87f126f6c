"""An answers file: the organisation, the period, its respondents' answers and its initiative inventory."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetJsonSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from aiopgap.model.base import NA, Frozen, QuestionId, ShortText, Slug, semver_tuple
from aiopgap.model.evidence import EvidenceList, calendar_date
from aiopgap.model.inventory import Initiative
from aiopgap.model.text import shown

# --------------------------------------------------------------------------- answers


def level_value(value: Any) -> Any:
    """A level as written (a whole number, or ``n/a`` in any case): every level field reads it so."""
    if isinstance(value, bool):
        raise ValueError("a level must be a whole number or n/a, not true/false")
    if isinstance(value, str) and value.strip().lower() in {"n/a", "na"}:
        return NA
    if isinstance(value, str):
        raise ValueError(f"a level must be a whole number or n/a, not {shown(value)}")
    return value


NOTE_LIMIT = 4000
"""The most characters a note, rationale or dissent note in an answers file holds."""


def _empty_is_none(value: str) -> str | None:
    # `note: ""` says nothing: the same as no note, so every writer, merge included, reads it back equal
    return value or None


Note = Annotated[str, Field(max_length=NOTE_LIMIT), AfterValidator(_empty_is_none)]
"""A note, rationale or dissent note: at most ``NOTE_LIMIT`` characters; an empty one is none."""


class Answer(Frozen):
    """One respondent's answer to one question.

    In YAML an answer can be written in full (``{level: 2, note: "...", evidence: [...]}``) or
    as a bare level (``2``) or ``n/a``. With no evidence items the answer is self-reported.
    """

    level: int | Literal["n/a"]
    note: Note | None = None
    evidence: EvidenceList = ()

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, (bool, int, str)):
            return {"level": data}
        return data

    @field_validator("level", mode="before")
    @classmethod
    def _normalise_na(cls, value: Any) -> Any:
        return level_value(value)

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


def name_key(name: str) -> str:
    """Who or what a typed name stands for: the one identity rule every command applies.

    Two names are one when they differ only in case or spacing ("Helen Okafor", "helen  okafor ",
    "HELEN OKAFOR"): case is folded, runs of whitespace become one space and the ends are stripped.
    It decides respondents, roles, initiatives and organisations alike.
    """
    return " ".join(name.split()).casefold()


def subject_key(organisation: str, unit: Unit | None) -> tuple[str, str]:
    """The one identity of an assessed subject: the organisation and the unit, as names are matched."""
    return name_key(organisation), "" if unit is None else name_key(unit.name)


def subject_name(organisation: str, unit: Unit | None) -> str:
    """An assessed subject as a reader sees it: ``Halden Group`` or ``Halden Group / Retail Banking``."""
    return organisation if unit is None else f"{organisation} / {unit.name}"


class Respondent(Frozen):
    name: ShortText
    role: ShortText
    answers: dict[QuestionId, Answer] = {}


# --------------------------------------------------------------------------- consensus


class Dissent(Frozen):
    """A respondent who did not join the room's agreement: the level they held and why.

    In YAML a dissent is written in full (``{name: Ana Lima, level: 1, note: "..."}``) or as the
    respondent's name alone.
    """

    name: ShortText
    level: int | Literal["n/a"] | None = None
    note: Note | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return None if value is None else level_value(value)


class Agreement(Frozen):
    """The level a workshop agreed for one question, why, and who dissented.

    Where a question has an agreement, the agreed level is its score in place of the median of
    the responses; the responses themselves are kept and still shown.
    """

    level: int | Literal["n/a"]
    rationale: Note | None = None
    dissent: tuple[Dissent, ...] = ()

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Any:
        return level_value(value)


def _not_a_truth_value(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("a size is a number, not true/false")
    return value


# Not strict: the YAML reader gives `2e6` (an exponent without a dot, text to YAML 1.1) as text, so
# a number written in text must still be read as one.
Size = Annotated[float, BeforeValidator(_not_a_truth_value), Field(gt=0, le=1e15)]
"""A declared size of a unit (headcount, AI spend, ...): a finite number above zero, never true/false."""


class Unit(Frozen):
    """The part of the organisation an answers file assesses, and the unit it belongs to.

    Units nest to any depth (organisation, business unit, team): ``parent`` names the unit this one
    belongs to, or is left out when it belongs to the organisation itself. ``sizes`` declares what a
    roll-up may weigh it by (``headcount: 1200``, ``ai-spend: 3.5``). In YAML a unit with nothing
    but a name can be written as its name alone. Names are matched as people's names are
    (:func:`name_key`): case and spacing do not matter.
    """

    name: ShortText
    parent: ShortText | None = Field(
        default=None, description="The unit this one belongs to; left out, the organisation itself."
    )
    sizes: dict[Slug, Size] = Field(
        default={}, description="Declared sizes a portfolio roll-up can weigh units by, e.g. headcount: 1200."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data


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
    """One assessment: an organisation (or one of its units), a period and its respondents' answers."""

    def subject_key(self) -> tuple[str, str]:
        """Who was assessed, as names are matched: (organisation, unit; "" for the whole organisation)."""
        return subject_key(self.organisation, self.unit)

    questionnaire: QuestionnaireRef
    organisation: ShortText
    unit: Unit | None = Field(
        default=None, description="The unit assessed, when not the whole organisation (see `aiopgap portfolio`)."
    )
    period: Annotated[str, Field(min_length=1, max_length=40)]
    respondents: tuple[Respondent, ...] = ()
    assessed_on: datetime.date | None = Field(
        default=None, description="The day of the assessment: evidence ages are counted to it."
    )
    targets: dict[Slug, float] = {}
    initiatives: tuple[Initiative, ...] = ()
    consensus: dict[QuestionId, Agreement] = Field(
        default={}, description="The levels a workshop agreed, by question id (see `aiopgap consensus`)."
    )

    @field_validator("assessed_on", mode="before")
    @classmethod
    def _assessed_on(cls, value: Any) -> Any:
        return calendar_date(value)

    @field_validator("period", mode="before")
    @classmethod
    def _period_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int) else value
