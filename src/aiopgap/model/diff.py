"""What ``diff`` produces: the document of everything that changed between two assessments.

These models are what the JSON format of ``diff`` writes (``aiopgap.diff/1``); the arithmetic
that fills them is in :mod:`aiopgap.analysis.diff`.
"""

from __future__ import annotations

from typing import Literal

from aiopgap.model.answers import Unit, subject_key, subject_name
from aiopgap.model.base import Result
from aiopgap.model.plan_actual import PlanComparison

DIFF_FORMAT: Literal["aiopgap.diff/1"] = "aiopgap.diff/1"

Direction = Literal["up", "down", "same", "new", "gone", "unscored"]
QuestionKind = Literal["same", "renamed", "split", "merged", "restructured", "added", "removed"]
SymptomKind = Literal["appeared", "persists", "resolved", "unknown"]
InitiativeKind = Literal["new", "moved", "retired", "dropped"]
EvidenceKind = Literal["changed", "same", "new", "gone"]
GapKind = Literal["narrowed", "widened", "same", "closed", "new", "unknown"]


class Change(Result):
    """One number before and after."""

    old: float | None
    new: float | None
    delta: float | None
    """New minus old, rounded; None unless both sides have a value."""
    direction: Direction


UNSCORED = Change(old=None, new=None, delta=None, direction="unscored")
"""A number neither side has: what a diff read back from before a number existed holds."""


class Side(Result):
    """Which assessment one side of the diff is."""

    organisation: str
    period: str
    questionnaire_id: str
    questionnaire_version: str
    unit: str | None = None
    """The unit assessed; None for the whole organisation (and in a diff written before units)."""

    def _unit(self) -> Unit | None:
        return None if self.unit is None else Unit(name=self.unit)

    @property
    def subject(self) -> str:
        """Who this side assessed, as a reader sees it: ``Organisation / Unit``."""
        return subject_name(self.organisation, self._unit())

    def subject_key(self) -> tuple[str, str]:
        return subject_key(self.organisation, self._unit())


class DimensionChange(Result):
    id: str
    name: str
    score: Change
    maturity_old: str | None
    maturity_new: str | None
    maturity_direction: Direction
    target_old: float | None
    target_new: float | None
    gap: Change
    """Target minus score on each side; a negative delta means the gap is closing."""
    coverage: Change
    confidence: Change = UNSCORED
    """Share of the score resting on evidence, 0 to 1 (None on a side written before evidence was recorded)."""
    evidenced_score: Change = UNSCORED
    """The score times its confidence on each side."""


class AnswerSide(Result):
    question: str
    level: int | Literal["n/a"]
    note: str | None = None


class ResponseChange(Result):
    """One respondent's answers to one (matched) question, where the level or note changed."""

    respondent: str
    role: str
    before: tuple[AnswerSide, ...]
    after: tuple[AnswerSide, ...]
    level_changed: bool
    note_changed: bool


class QuestionChange(Result):
    kind: QuestionKind
    dimension: str
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    prompt: str
    score: Change
    """Weighted mean of the matched questions' scores on each side."""
    parts: tuple[tuple[str, float | None], ...]
    """Each new question's own score, when one old question became several."""
    status_old: str | None
    status_new: str | None
    responses: tuple[ResponseChange, ...]
    changed: bool


class EvidenceChange(Result):
    """One condition of a symptom rule, before and after, paired by what it looks at (``ref``)."""

    ref: str
    label: str
    condition: str
    old: str | None
    """The value as shown on the older side; None when that side did not report this condition."""
    new: str | None
    change: EvidenceKind
    text: str
    """The line a reader sees, e.g. "governance.risk-tiering: 1 → 1.5 (rule ≤ 1.5)"."""


class SymptomChange(Result):
    id: str
    name: str
    change: SymptomKind
    status_old: str | None
    status_new: str | None
    evidence: tuple[str, ...]
    """The evidence on the newer side (or the older one when the symptom resolved)."""
    evidence_added: tuple[str, ...]
    """Evidence of a persisting symptom found only on the newer side."""
    evidence_removed: tuple[str, ...]
    """Evidence of a persisting symptom found only on the older side."""
    evidence_changes: tuple[EvidenceChange, ...] = ()
    """For reports with structured evidence: the deciding conditions, each paired with its value on the
    other side (how it moved for a persisting symptom; what it was before a symptom appeared, or what it
    became once it resolved)."""


class ContradictionChange(Result):
    """A contradiction check that is contradicted on either side: both sides of it, before and after."""

    id: str
    name: str
    change: SymptomKind
    """Appeared, persists, resolved (now consistent), or unknown (no longer evaluable or no longer checked)."""
    status_old: str | None
    status_new: str | None
    claim: tuple[EvidenceChange, ...]
    """Each condition of the claim, paired with its value on the other side."""
    facts: tuple[EvidenceChange, ...]
    """Each fact tested against the claim, paired with its value on the other side."""


class InitiativeChange(Result):
    name: str
    change: InitiativeKind
    stage_old: str | None
    stage_new: str | None


class GapChange(Result):
    """How far apart the roles were on one question or dimension, before and after.

    Listed where either side shows a perception gap (roles at least that side's threshold apart).
    ``closed``: a gap before, roles within the threshold now; ``new``: the reverse; otherwise the
    width ``narrowed``, ``widened`` or stayed the ``same``; ``unknown`` when one side has fewer than two
    roles giving a level there.
    """

    kind: Literal["question", "dimension"]
    ref: str
    label: str
    dimension: str
    old: float | None
    """Highest role's view minus the lowest role's on the older side; None when fewer than two roles gave a level."""
    new: float | None
    change: GapKind
    agreed: str | None = None
    """The level the workshop agreed on the newer side (a question's), if any."""


class Diff(Result):
    format: Literal["aiopgap.diff/1"] = DIFF_FORMAT
    old: Side
    new: Side
    scale_max: int
    overall: Change
    maturity_old: str | None
    maturity_new: str | None
    maturity_direction: Direction
    shortfall: Change
    """Mean shortfall to target (positive gaps only) over the dimensions with a target and a score."""
    coverage: Change
    dimensions: tuple[DimensionChange, ...]
    questions: tuple[QuestionChange, ...]
    notes: tuple[str, ...] = ()
    """What the reader should know about how the two sides were matched."""
    symptoms: tuple[SymptomChange, ...] = ()
    initiatives: tuple[InitiativeChange, ...] = ()
    confidence: Change = UNSCORED
    """Overall share of the score resting on evidence."""
    evidenced_score: Change = UNSCORED
    contradictions: tuple[ContradictionChange, ...] = ()
    gaps: tuple[GapChange, ...] = ()
    """Perception gaps between roles, before and after, widest change first; empty unless both sides
    compare several respondents (a diff written before gaps were compared reads back with none)."""

    plan: PlanComparison | None = None
    """NEW against a committed plan (``diff --plan``): each dimension against it, and which moves happened."""

    @property
    def subject(self) -> str:
        """Who the diff is of: one subject, or ``OLD subject → NEW subject`` when it compares two."""
        if self.old.subject_key() == self.new.subject_key():
            return self.new.subject
        return f"{self.old.subject} → {self.new.subject}"

    def dimension(self, dimension_id: str) -> DimensionChange | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def question(self, question_id: str) -> QuestionChange | None:
        return next((q for q in self.questions if question_id in q.new_ids or question_id in q.old_ids), None)

    @property
    def changed_questions(self) -> tuple[QuestionChange, ...]:
        return tuple(q for q in self.questions if q.changed)
