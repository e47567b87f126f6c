"""What scoring computes: the report document.

These models are what the JSON format writes, so a JSON report can be read
back (``Report.model_validate_json``) by later commands such as ``diff``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

REPORT_FORMAT: Literal["aiopgap.report/1"] = "aiopgap.report/1"


class Result(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Response(Result):
    respondent: str
    role: str
    level: int | Literal["n/a"]
    note: str | None = None


class QuestionResult(Result):
    id: str
    dimension: str
    prompt: str
    weight: float
    score: float | None
    """Median level of the respondents who gave one; None when unanswered or n/a."""
    level_descriptor: str | None
    """Descriptor of the level nearest the score (rounded down)."""
    status: Literal["scored", "n/a", "unanswered"]
    spread: int | None
    """Highest minus lowest level given, when two or more respondents gave one."""
    responses: tuple[Response, ...]


class DimensionResult(Result):
    id: str
    name: str
    question: str
    weight: float
    score: float | None
    maturity: str | None
    target: float | None
    gap: float | None
    """Target minus score; positive means the dimension is short of its target."""
    coverage: float
    """Share of the dimension's questions with at least one response (a level or n/a)."""
    answered: int
    not_applicable: int
    total: int
    questions: tuple[QuestionResult, ...]


class RespondentSummary(Result):
    name: str
    role: str
    answered: int
    total: int


class Report(Result):
    format: Literal["aiopgap.report/1"] = REPORT_FORMAT
    organisation: str
    period: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_title: str
    scale_max: int
    maturity_levels: tuple[tuple[str, float], ...]
    score: float | None
    maturity: str | None
    coverage: float
    respondents: tuple[RespondentSummary, ...]
    dimensions: tuple[DimensionResult, ...]

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)
