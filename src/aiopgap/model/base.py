"""Base types every model shares: frozen models that forbid unknown fields (``Frozen`` for what users
write, ``Result`` for the documents aiopgap writes), ids, short and long text.

Every model is frozen and forbids unknown fields, so a typo in a hand-edited
YAML file is reported instead of silently ignored.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
)

from aiopgap.model.text import shown

NA: Literal["n/a"] = "n/a"
"""How a "not applicable" answer is written in an answers file."""

_SLUG = r"^[a-z0-9][a-z0-9-]*$"
_QUESTION_ID = r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9-]*$"
_SEMVER = re.compile(r"([0-9]{1,9})\.([0-9]{1,9})\.([0-9]{1,9})")

Slug = Annotated[str, Field(pattern=_SLUG, min_length=1, max_length=80)]
QuestionId = Annotated[str, Field(pattern=_QUESTION_ID, max_length=120)]
ShortText = Annotated[str, Field(min_length=1, max_length=500)]
LongText = Annotated[str, Field(min_length=1, max_length=4000)]


class Frozen(BaseModel):
    """The base of what a user writes (questionnaires, answers): surrounding whitespace is stripped."""

    # numbers are finite: nan and inf are refused wherever a file can give a float (weights, targets, thresholds);
    # validators are built on first use, so a command pays only for the models it uses (defer_build)
    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, allow_inf_nan=False, defer_build=True
    )


class Result(BaseModel):
    """The base of what aiopgap writes (report, diff, trend documents): text is kept exactly as computed."""

    # finite numbers only: a hand-edited report with NaN or Infinity is refused, not drawn; built on first use
    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False, defer_build=True)


def semver_tuple(version: str) -> tuple[int, int, int]:
    """``1.2.3`` as ``(1, 2, 3)``; ValueError for anything else (each part at most nine ASCII digits)."""
    match = _SEMVER.fullmatch(version) if isinstance(version, str) else None
    if match is None:
        raise ValueError(f"{shown(version)} is not a semantic version such as 1.0.0")
    return int(match.group(1)), int(match.group(2)), int(match.group(3))


FieldPath = tuple[str | int, ...]
"""Where a value sits in a document: mapping keys and list indexes from the top."""
