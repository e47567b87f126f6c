"""What scoring computes: the report document.

These models are what the JSON format writes, so a JSON report can be read
back (``Report.model_validate_json``) by later commands such as ``diff``.

A JSON report read back may have been edited by hand, so its shape is checked as strictly as an
answers file: every number is finite and within the range scoring can produce (scores on a scale
of at most ``MAX_SCALE`` levels, shares between 0 and 1, counts that fit in a file), and
:func:`aiopgap.model.checks.report_problems` checks each score against the report's own ``scale_max``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator

from aiopgap.model.answers import Agreement, Unit, subject_key, subject_name
from aiopgap.model.base import Result, semver_tuple
from aiopgap.model.responses import Response
from aiopgap.model.scales import MAX_SCALE, Count, Gap, Level, Quantity, Score, Share, Weight
from aiopgap.model.summary import Summary
from aiopgap.model.workshop import MIN_GROUP, OTHER_ROLES, WorkshopResult

REPORT_FORMAT: Literal["aiopgap.report/1"] = "aiopgap.report/1"

LOW_COVERAGE = 0.5
"""A scored dimension with less of its questions answered than this share is marked low coverage."""


class QuestionResult(Result):
    id: str
    dimension: str
    prompt: str
    weight: Weight
    score: Score | None
    """Median level of the respondents who gave one; None when unanswered or n/a."""
    level_descriptor: str | None
    """Descriptor of the level nearest the score (rounded down)."""
    status: Literal["scored", "n/a", "unanswered"]
    spread: Level | None
    """Highest minus lowest level given, when two or more respondents gave one."""
    responses: tuple[Response, ...]
    confidence: Share | None = None
    """Mean evidence weight of the responses that gave a level; None when the question is not scored."""
    evidenced_score: Score | None = None
    """The score times its confidence: the part of the claimed score that rests on evidence."""
    unverified: bool = False
    """Scored 3 or more while no response at 3 or more is backed by an artifact or observation."""
    median: Score | None = None
    """Median level of the responses, whatever the room agreed; None when no response gave a level."""
    agreed: Agreement | None = None
    """The level the workshop agreed, with its rationale and dissent; when present it is the score."""


class DimensionResult(Result):
    id: str
    name: str
    question: str
    weight: Weight
    score: Score | None
    maturity: str | None
    target: Score | None
    gap: Gap | None
    """Target minus score; positive means the dimension is short of its target."""
    coverage: Share
    """Share of the dimension's questions with at least one response (a level or n/a)."""
    confidence: Share | None = None
    """Weighted mean of its scored questions' confidence."""
    evidenced_score: Score | None = None
    """Weighted mean of its scored questions' evidenced scores."""
    unverified: Count = 0
    """Questions scored 3 or more on self-report alone."""
    answered: Count
    not_applicable: Count
    total: Count
    questions: tuple[QuestionResult, ...]

    def low_coverage(self) -> bool:
        """Scored from fewer than half of its questions: its score is shown, marked as resting on little."""
        return self.score is not None and self.coverage < LOW_COVERAGE


class RespondentSummary(Result):
    name: str
    role: str
    answered: Count
    total: Count


class Ref(Result):
    """A catalogue entry (root cause, practice) named in a result."""

    id: str
    name: str


class FactResult(Result):
    name: str
    label: str
    kind: Literal["share", "count", "ratio"]
    description: str
    value: Quantity | None
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
    months_in_pilot: Annotated[int, Field(ge=0, le=600)] | None
    stuck: bool
    note: str | None = None


class InventoryResult(Result):
    stuck_pilot_months: Annotated[int, Field(ge=1, le=120)]
    initiatives: tuple[InitiativeResult, ...]
    facts: tuple[FactResult, ...]

    def fact(self, name: str) -> FactResult | None:
        return next((f for f in self.facts if f.name == name), None)


Outcome = Literal["true", "false", "unknown", "n/a"]
"""A condition holds ("true"), does not ("false"), cannot be decided for want of answers ("unknown"),
or does not apply to this assessment ("n/a": one role cannot disagree with itself, a question answered
n/a, a fact with no inventory): n/a conditions are left out of the rule."""


class Evidence(Result):
    """One condition of a symptom rule, with what it found."""

    kind: Literal["question", "dimension", "fact", "disagreement", "contradiction"]
    ref: str
    """The question id, dimension id, fact name or contradiction id (for a disagreement, the question or
    dimension id)."""
    label: str
    condition: str
    """The comparison, e.g. "≤ 1.5"."""
    value: Quantity | None
    display: str
    """The value as a reader sees it, or why there is none ("unanswered", "n/a", "no pilots")."""
    outcome: Outcome
    responses: tuple[Response, ...] = ()
    """For a question: every respondent's level and note."""
    initiatives: tuple[str, ...] = ()
    """For a fact: the initiatives it counts."""
    core: bool = False
    """Part of the symptom's core signal, without which it is never flagged."""


class ContradictionResult(Result):
    """A claim in the answers tested against the inventory's facts."""

    id: str
    name: str
    description: str
    status: Literal["contradicted", "consistent", "not evaluable"]
    """Contradicted when the claim and the facts against it both hold; not evaluable when either side
    cannot be decided (no inventory, or the claim not answered)."""
    claim: tuple[Evidence, ...]
    facts: tuple[Evidence, ...]


SymptomStatus = Literal["flagged", "watch", "not flagged", "not evaluable"]
SYMPTOM_STATUSES: tuple[SymptomStatus, ...] = ("flagged", "watch", "not flagged", "not evaluable")


class SymptomResult(Result):
    id: str
    name: str
    description: str
    severity: Literal["low", "medium", "high"]
    status: SymptomStatus
    """Flagged when its rule and core signal hold; watch when it is not flagged but some of its signals
    hold; not evaluable only when missing answers leave it undecided."""
    evidence: tuple[Evidence, ...]
    """The conditions that decided the status: for a flagged symptom, exactly those that triggered it;
    for a watched one, the signals that hold; for a not-evaluable one, those that could not be evaluated."""
    signals: tuple[Evidence, ...] = ()
    """Every condition of the rule and the core signal, each with its outcome."""
    to_flag: Count | None = None
    """How many more conditions would have to hold for the symptom to be flagged (0 when flagged)."""
    coverage: Share
    """Share of the rule's conditions that could be evaluated."""
    conditions: Count
    root_causes: tuple[Ref, ...]
    practices: tuple[Ref, ...]
    reason: str | None = None
    """Why a symptom is not evaluable, in words."""


class Driver(Result):
    """A question behind a recommendation: its gap to target and the next level to reach."""

    question: str
    prompt: str
    score: Score
    target: Score
    next_level: Level
    next_level_descriptor: str


class Recommendation(Result):
    practice: str
    name: str
    description: str
    priority: Annotated[float, Field(ge=0, le=1e9)]
    """Sum over the question gaps (gap x question weight x dimension weight) and flagged symptoms
    (severity: low 1, medium 2, high 3) that point to this practice; higher comes first."""
    dimensions: tuple[Ref, ...]
    """Dimensions below target that this practice addresses."""
    symptoms: tuple[Ref, ...]
    """Flagged symptoms this practice treats."""
    drivers: tuple[Driver, ...]
    actions: tuple[str, ...]
    """The steps to show, in order: those that suit the practice's level, then the ones above it;
    the first is the next move."""
    level: Score | None = None
    """Where the organisation stands on this practice: the weighted mean score of the questions that
    probe it (question weight x dimension weight), or the overall score when none of them is scored."""
    passed: Count = 0
    """How many of the practice's steps were left out because the organisation is already past them."""


class Report(Result):
    format: Literal["aiopgap.report/1"] = REPORT_FORMAT
    organisation: str
    unit: Unit | None = None
    """The unit assessed, as its answers file names it; None for the whole organisation."""
    period: str
    questionnaire_id: str
    questionnaire_version: str
    questionnaire_title: str
    scale_max: Annotated[int, Field(ge=1, le=MAX_SCALE)]
    maturity_levels: tuple[tuple[str, Score], ...] = Field(min_length=1)
    score: Score | None
    maturity: str | None
    coverage: Share
    respondents: tuple[RespondentSummary, ...]
    dimensions: tuple[DimensionResult, ...]
    symptoms: tuple[SymptomResult, ...] = ()
    inventory: InventoryResult | None = None
    recommendations: tuple[Recommendation, ...] = ()
    workshop: WorkshopResult | None = None
    """Present when the assessment has two or more respondents."""
    confidence: Share | None = None
    """Weighted mean of the dimensions' confidence: the share of the score resting on evidence."""
    evidenced_score: Score | None = None
    assessed_on: str | None = None
    """The day evidence ages are counted to (YYYY-MM-DD): the answers' assessed_on, or the end of their period."""
    stale_after_days: Annotated[int, Field(ge=1, le=36_500)] = 365
    contradictions: tuple[ContradictionResult, ...] = ()
    anonymised: bool = False
    """Respondents are shown by role and number, small roles folded into Other roles, names taken
    out of notes (``report --anonymise``); the workshop section shows no role of fewer than three."""
    summary: Summary | None = None
    """The executive summary (:mod:`aiopgap.analysis.summary`); None in a report written before it existed."""

    @field_validator("questionnaire_version")
    @classmethod
    def _semver(cls, version: str) -> str:
        semver_tuple(version)
        return version

    def subject_key(self) -> tuple[str, str]:
        """Who was assessed, as names are matched (:func:`aiopgap.model.answers.subject_key`)."""
        return subject_key(self.organisation, self.unit)

    def subject(self) -> str:
        """Who was assessed, as a reader sees it: the organisation, and the unit when there is one."""
        return subject_name(self.organisation, self.unit)

    def dimension(self, dimension_id: str) -> DimensionResult | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def symptom(self, symptom_id: str) -> SymptomResult | None:
        return next((s for s in self.symptoms if s.id == symptom_id), None)

    def flagged(self) -> tuple[SymptomResult, ...]:
        return tuple(s for s in self.symptoms if s.status == "flagged")

    def small_fold(self) -> int:
        """Respondents shown as Other roles in an anonymised report when they are fewer than three; else 0."""
        folded = sum(1 for r in self.respondents if r.role == OTHER_ROLES)
        return folded if self.anonymised and folded < MIN_GROUP else 0

    def contradicted(self) -> tuple[ContradictionResult, ...]:
        return tuple(c for c in self.contradictions if c.status == "contradicted")

    def questions(self) -> tuple[QuestionResult, ...]:
        """Every question's result, in questionnaire order."""
        return tuple(q for d in self.dimensions for q in d.questions)

    def question(self, question_id: str) -> QuestionResult | None:
        """The result of question ``question_id``; None when the report has no such question."""
        return next((q for q in self.questions() if q.id == question_id), None)
