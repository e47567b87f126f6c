"""Evidence behind an answer: what backs a level, when it was seen, and how much it is worth.

An answer may carry evidence items. Each names its kind, and optionally a date and a reference
(a document name or a link, kept as inert text):

* ``artifact``: a document, dashboard or record was seen;
* ``observed``: the behaviour was observed in the session itself;
* ``self-report``: the respondent says so, and nothing was shown.

An answer with no evidence items is self-reported, which is how every answers file written before
evidence existed reads. Only artifact and observed items make an answer *evidenced*; an evidenced
item older than the questionnaire's ``evidence.stale_after_days`` counts for ``stale_weight``.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import Field, GetJsonSchemaHandler, field_validator, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from aiopgap.model.base import Frozen, ShortText

EvidenceKind = Literal["artifact", "observed", "self-report"]
EVIDENCE_KINDS: tuple[EvidenceKind, ...] = ("artifact", "observed", "self-report")
EVIDENCED: frozenset[str] = frozenset({"artifact", "observed"})
"""The kinds that back a level with something seen rather than said."""
MAX_EVIDENCE = 50
"""Evidence items one answer may carry."""
UNVERIFIED_FROM = 3
"""A level this high or higher that rests on self-report alone is marked unverified."""

_EARLIEST = datetime.date(1900, 1, 1)
_LATEST = datetime.date(2999, 12, 31)


_DATE_FORM = "a date is written YYYY-MM-DD, e.g. 2026-08-14"


def calendar_date(value: Any) -> datetime.date | None:
    """A calendar date written YYYY-MM-DD between 1900 and 2999; ValueError for anything else.

    Numbers are refused (pydantic would read them as Unix time), and so are times of day.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime) or not isinstance(value, str | datetime.date):
        raise ValueError(_DATE_FORM)
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) != 10:
                raise ValueError(_DATE_FORM)
            value = datetime.date.fromisoformat(text)
        except ValueError:
            if re.fullmatch(r"\d{4}-\d\d-\d\d", text):  # the right shape, but no such day (2026-02-30)
                raise ValueError(f"{text} is not a day of the calendar; {_DATE_FORM}") from None
            raise ValueError(_DATE_FORM) from None
    if not _EARLIEST <= value <= _LATEST:
        raise ValueError("a date must fall between 1900-01-01 and 2999-12-31")
    return value  # type: ignore[no-any-return]


class EvidenceItem(Frozen):
    """One piece of evidence behind an answer; written in full or as a bare kind (``- artifact``)."""

    kind: EvidenceKind = Field(
        description="artifact: a document, dashboard or record was seen; observed: seen in the session; "
        "self-report: the respondent says so."
    )
    date: datetime.date | None = Field(default=None, description="When the evidence was produced or seen.")
    reference: ShortText | None = Field(default=None, description="A document name or link, kept as text.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"kind": data}
        return data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        full = handler(core_schema)
        return {
            "anyOf": [
                {"enum": list(EVIDENCE_KINDS), "description": "A kind alone, with no date or reference."},
                handler.resolve_ref_schema(full) if "$ref" in full else full,
            ]
        }

    @field_validator("kind", mode="before")
    @classmethod
    def _kind_spelling(cls, value: Any) -> Any:
        # "Artifact", "self report" and "self_report" are the same kind as written in the docs
        if isinstance(value, str):
            return "-".join(value.strip().lower().replace("_", " ").split())
        return value

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date(cls, value: Any) -> Any:
        return calendar_date(value)

    @property
    def evidenced(self) -> bool:
        return self.kind in EVIDENCED


EvidenceList = Annotated[
    tuple[EvidenceItem, ...],
    Field(
        max_length=MAX_EVIDENCE,
        description="What backs the level: artifact, observed or self-report items, each with an optional date "
        "(YYYY-MM-DD) and reference. None at all means self-reported.",
    ),
]


class EvidenceSettings(Frozen):
    """How a questionnaire weighs evidence when it reports confidence."""

    stale_after_days: int = Field(
        default=365,
        strict=True,
        ge=1,
        le=36_500,
        description="Evidence older than this many days (as of the assessment) counts for stale_weight.",
    )
    stale_weight: float = Field(
        default=0.5, ge=0, le=1, description="What a stale artifact or observation is worth, from 0 to 1."
    )

    @field_validator("stale_weight", mode="before")
    @classmethod
    def _not_a_boolean(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("stale_weight is a number from 0 to 1, not true/false")
        return value
