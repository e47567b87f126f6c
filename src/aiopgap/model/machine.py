"""The versioned documents ``check``, ``validate`` and ``questionnaire show`` write with ``--format json``.

Each names its format (``aiopgap.verdict/1``, ``aiopgap.validation/1``, ``aiopgap.questionnaire/1``)
so a pipeline can refuse a shape it does not know; ``aiopgap schema verdict|validation`` publishes
the first two as JSON Schema. Fields are only ever added within a version.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from aiopgap.model.answers import Unit
from aiopgap.model.base import Result
from aiopgap.model.verdict import GateKind, Status

VERDICT_FORMAT: Literal["aiopgap.verdict/1"] = "aiopgap.verdict/1"
VALIDATION_FORMAT: Literal["aiopgap.validation/1"] = "aiopgap.validation/1"
QUESTIONNAIRE_FORMAT: Literal["aiopgap.questionnaire/1"] = "aiopgap.questionnaire/1"


class Place(Result):
    """A place in a file: 1-based line and column when known, the field path, a spreadsheet cell."""

    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    cell: str | None = None


class Gate(Result):
    """One quality gate of the verdict."""

    gate: str = Field(description="The gate as the terminal verdict names it, e.g. 'min governance'.")
    kind: GateKind
    subject: str | None = Field(description="The dimension, symptom or contradiction id, when the gate has one.")
    requirement: str
    actual: str
    status: Status
    questions: tuple[str, ...] = Field(description="The question ids that drive the gate, lowest answers first.")
    initiatives: tuple[str, ...] = Field(description="The inventory's initiatives that drive the gate, by name.")
    locations: tuple[Place, ...] = Field(description="Where in the answers file those answers and initiatives are.")


class Verdict(Result):
    """``aiopgap check --format json``: every gate, and whether the build passes."""

    format: Literal["aiopgap.verdict/1"] = VERDICT_FORMAT
    organisation: str
    unit: Unit | None = None
    period: str
    answers_file: str
    passed: bool
    gates: tuple[Gate, ...]


class Problem(Result):
    """One problem, located."""

    file: str
    line: int | None = None
    column: int | None = None
    field: str | None = None
    cell: str | None = None
    message: str


class CheckedFile(Result):
    """One file ``validate`` read: what it is when valid, or every problem found in it."""

    file: str
    kind: Literal["questionnaire", "answers", "plan", "report"] | None = None
    ok: bool
    problems: tuple[Problem, ...] = ()


class Validation(Result):
    """``aiopgap validate --format json``: each file, and whether all are valid."""

    format: Literal["aiopgap.validation/1"] = VALIDATION_FORMAT
    valid: bool
    files: tuple[CheckedFile, ...]


class LevelText(Result):
    level: int
    descriptor: str


class MaturityShown(Result):
    name: str
    min_score: float
    description: str


class QuestionShown(Result):
    id: str
    prompt: str
    help: str
    weight: float
    allow_na: bool
    replaces: tuple[str, ...] = ()
    levels: tuple[LevelText, ...] = ()


class DimensionShown(Result):
    id: str
    name: str
    question: str
    description: str
    weight: float
    questions: tuple[QuestionShown, ...]


class Finding(Result):
    """A symptom (its rule and core signal), a contradiction check (its claim and facts) or a practice, in words."""

    id: str
    name: str
    description: str
    severity: str | None = None
    rule: str | None = None
    core: str | None = None
    claim: str | None = None
    facts: str | None = None


class QuestionnaireShown(Result):
    """``aiopgap questionnaire show --format json``: the questionnaire as shown (``--dimension`` filters)."""

    format: Literal["aiopgap.questionnaire/1"] = QUESTIONNAIRE_FORMAT
    id: str
    version: str
    title: str
    description: str
    scale_max: int
    maturity: tuple[MaturityShown, ...]
    dimensions: tuple[DimensionShown, ...]
    symptoms: tuple[Finding, ...] = ()
    contradictions: tuple[Finding, ...] = ()
    practices: tuple[Finding, ...] = ()
