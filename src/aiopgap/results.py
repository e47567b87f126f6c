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


class Ref(Result):
    """A catalogue entry (root cause, practice) named in a result."""

    id: str
    name: str


class FactResult(Result):
    name: str
    label: str
    kind: Literal["share", "count", "ratio"]
    description: str
    value: float | None
    """None when the inventory cannot support the fact (e.g. no pilots at all)."""
    display: str
    """The value as a reader sees it, e.g. "3 of 10 (30%)"."""
    initiatives: tuple[str, ...] = ()
    """The initiatives the fact counts (e.g. which pilots are stuck)."""


class InitiativeResult(Result):
    name: str
    stage: Literal["idea", "pilot", "production", "scaled", "retired"]
    owners: tuple[str, ...]
    horizon: Literal["near", "mid", "long"]
    vendor_led: bool
    monitored: bool | None
    months_in_pilot: int | None
    stuck: bool
    note: str | None = None


class InventoryResult(Result):
    stuck_pilot_months: int
    initiatives: tuple[InitiativeResult, ...]
    facts: tuple[FactResult, ...]

    def fact(self, name: str) -> FactResult | None:
        return next((f for f in self.facts if f.name == name), None)


Outcome = Literal["true", "false", "unknown"]


class Evidence(Result):
    """One condition of a symptom rule, with what it found."""

    kind: Literal["question", "dimension", "fact", "disagreement"]
    ref: str
    """The question id, dimension id or fact name (for a disagreement, the question or dimension id)."""
    label: str
    condition: str
    """The comparison, e.g. "≤ 1.5"."""
    value: float | None
    display: str
    """The value as a reader sees it, or why there is none ("unanswered", "n/a", "no pilots")."""
    outcome: Outcome
    responses: tuple[Response, ...] = ()
    """For a question: every respondent's level and note."""
    initiatives: tuple[str, ...] = ()
    """For a fact: the initiatives it counts."""


class SymptomResult(Result):
    id: str
    name: str
    description: str
    severity: Literal["low", "medium", "high"]
    status: Literal["flagged", "not flagged", "not evaluable"]
    evidence: tuple[Evidence, ...]
    """The conditions that decided the status: for a flagged symptom, exactly those that triggered it;
    for a not-evaluable one, those that could not be evaluated."""
    coverage: float
    """Share of the rule's conditions that could be evaluated."""
    conditions: int
    root_causes: tuple[Ref, ...]
    practices: tuple[Ref, ...]
    reason: str | None = None
    """Why a symptom is not evaluable, in words."""


class Driver(Result):
    """A question behind a recommendation: its gap to target and the next level to reach."""

    question: str
    prompt: str
    score: float
    target: float
    next_level: int
    next_level_descriptor: str


class Recommendation(Result):
    practice: str
    name: str
    description: str
    priority: float
    """Sum over the question gaps (gap x question weight x dimension weight) and flagged symptoms
    (severity: low 1, medium 2, high 3) that point to this practice; higher comes first."""
    dimensions: tuple[Ref, ...]
    """Dimensions below target that this practice addresses."""
    symptoms: tuple[Ref, ...]
    """Flagged symptoms this practice treats."""
    drivers: tuple[Driver, ...]
    actions: tuple[str, ...]


class RoleGroup(Result):
    """The respondents who gave the same role (compared case-insensitively)."""

    role: str
    """The role as first written."""
    respondents: tuple[str, ...]


class RoleScore(Result):
    role: str
    score: float | None
    """The role's median level on a question, or its score on a dimension; None when it gave no level."""


class QuestionSpread(Result):
    """How the respondents' levels on one question are spread, overall and by role."""

    id: str
    dimension: str
    prompt: str
    median: float | None
    spread: int | None
    """Highest minus lowest level given (two or more levels)."""
    iqr: float | None
    """Interquartile range of the levels given (two or more levels)."""
    by_role: tuple[RoleScore, ...]


class DimensionRoles(Result):
    """One row of the roles x dimensions heatmap."""

    id: str
    name: str
    score: float | None
    by_role: tuple[RoleScore, ...]


class GapSide(Result):
    roles: tuple[str, ...]
    score: float


class PerceptionGap(Result):
    """Roles whose views of a question or dimension are at least the threshold apart."""

    kind: Literal["question", "dimension"]
    ref: str
    label: str
    dimension: str
    width: float
    """Highest role's view minus the lowest role's, in levels."""
    high: GapSide
    low: GapSide
    notes: tuple[Response, ...] = ()
    """Notes of the respondents on either side (for a question gap)."""


class WorkshopResult(Result):
    """Several respondents compared: roles, their views by dimension, and where they disagree."""

    threshold: int
    """Levels apart that make a perception gap."""
    roles: tuple[RoleGroup, ...]
    dimensions: tuple[DimensionRoles, ...]
    questions: tuple[QuestionSpread, ...]
    gaps: tuple[PerceptionGap, ...]
    """Widest first."""
    unanswered: tuple[str, ...]
    """Questions nobody answered (not even n/a)."""


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
    symptoms: tuple[SymptomResult, ...] = ()
    inventory: InventoryResult | None = None
    recommendations: tuple[Recommendation, ...] = ()
    workshop: WorkshopResult | None = None
    """Present when the assessment has two or more respondents."""

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def symptom(self, symptom_id: str) -> SymptomResult | None:
        return next((s for s in self.symptoms if s.id == symptom_id), None)

    def flagged(self) -> tuple[SymptomResult, ...]:
        return tuple(s for s in self.symptoms if s.status == "flagged")
