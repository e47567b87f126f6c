"""A form mapping file: which columns of a Microsoft Forms or Google Forms export hold what.

A form tool exports one row per respondent and one column per form question, headed by the
question's text. The mapping names the column holding the respondent's name, the one holding the
role (or one role for everybody), and for each questionnaire question the column holding its level
and, optionally, the column holding a note. Answers such as ``2 - Emerging`` are read by their
leading number; ``levels`` maps any other answer text to a level. See ``examples/forms/``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from aiopgap.model.answers import level_value, name_key
from aiopgap.model.base import Frozen, QuestionId, ShortText


class QuestionColumns(Frozen):
    """The columns of one question: its level, and optionally a note (``"Column text"`` alone is the level)."""

    level: ShortText = Field(description="The header of the column holding the answer (the level).")
    note: ShortText | None = Field(default=None, description="The header of a column holding a note, if any.")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        return {"level": data} if isinstance(data, str) else data


LevelAnswer = Annotated[int, Field(ge=0, le=10)] | Literal["n/a"]


class FormMapping(Frozen):
    """How to read one form export (see the module documentation)."""

    sheet: ShortText | None = Field(
        default=None, description="For an .xlsx export: the sheet holding the responses (default: the first)."
    )
    name: ShortText = Field(description="The header of the column holding the respondent's name.")
    role: ShortText | None = Field(default=None, description="The header of the column holding the role.")
    default_role: ShortText | None = Field(
        default=None, description="The role of every respondent, when the form does not ask for it."
    )
    questions: dict[QuestionId, QuestionColumns] = Field(
        min_length=1, description="For each question id: the column of its answer (and of a note)."
    )
    levels: dict[ShortText, LevelAnswer] = Field(
        default={},
        description='Answer texts that do not start with their level, e.g. "Not at all": 0, "Does not apply": n/a.',
    )

    @field_validator("levels", mode="before")
    @classmethod
    def _level_values(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: level_value(level) for key, level in value.items()}
        return value

    @model_validator(mode="after")
    def _one_role_source(self) -> FormMapping:
        if (self.role is None) == (self.default_role is None):
            raise ValueError("give either `role` (the column holding the role) or `default_role` (one role for all)")
        seen: set[str] = set()
        for header in self.headers():
            if name_key(header) in seen:
                raise ValueError(f"column {header!r} is mapped twice; each column holds one thing")
            seen.add(name_key(header))
        return self

    def headers(self) -> list[str]:
        """Every column header the mapping names, in the order written."""
        found = [self.name, *([self.role] if self.role else [])]
        for columns in self.questions.values():
            found.append(columns.level)
            if columns.note is not None:
                found.append(columns.note)
        return found

    def level_for(self, text: str) -> int | Literal["n/a"] | None:
        """The level an answer text is mapped to in ``levels`` (case and spacing aside), or None."""
        key = name_key(text)
        for answer, level in self.levels.items():
            if name_key(answer) == key:
                return level
        return None
