"""A plan: the recommended moves sequenced into quarters, and the scores each quarter should show.

``aiopgap plan ANSWERS`` writes one (:mod:`aiopgap.analysis.plan`); it is meant to be committed and
edited by hand, so it is read back as strictly as an answers file: every field here is checked, and
the cross-field checks (known practices and dimensions, prerequisites before the moves that build on
them, no quarter over capacity, periods in order) are in :mod:`aiopgap.model.plan_checks`.

The words every reader of a plan shares:

* A **move** raises one practice by one step in one quarter: ``from_level`` is where the practice
  stands before it, ``to_level`` where the move should bring it by the end of its quarter. A
  practice's level is the one recommendations use (:func:`aiopgap.analysis.recommend.practice_levels`).
* A quarter's **expected** scores are each dimension's score the plan projects for the end of that
  quarter, under the plan's stated ``assumption``.
* An assessment is compared with the last quarter at or before its period (the baseline before the
  first quarter; the last quarter after the plan ends): a dimension is **behind** plan when its score
  is below the expected one by more than the tolerance, **ahead** when above by more, else on plan. A
  move is **done** when the practice's level has reached ``to_level`` (within the tolerance),
  **partly** done when it rose above ``from_level``, else **not yet**; moves of later quarters are
  **not due**.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from aiopgap.model.answers import QuestionnaireRef
from aiopgap.model.base import Frozen, LongText, ShortText, Slug
from aiopgap.model.periods import MAX_CAPACITY, MAX_QUARTERS  # there, so the CLI reads them without pydantic
from aiopgap.model.scales import WrittenScore as Score

PLAN_FORMAT: Literal["aiopgap.plan/1"] = "aiopgap.plan/1"

Period = Annotated[str, Field(min_length=1, max_length=40)]


class Move(Frozen):
    """One practice raised one step in one quarter."""

    practice: Slug
    step: LongText | None = Field(
        default=None, description="What to do: the practice's action that suits where it stands."
    )
    from_level: Score | None = Field(default=None, description="The practice's level before the move.")
    to_level: Score | None = Field(
        default=None, description="The level the move should bring the practice to by the end of its quarter."
    )


class PlannedQuarter(Frozen):
    """One quarter of the plan: its moves and the scores expected at its end."""

    period: Period
    moves: tuple[Move, ...] = ()
    expected: dict[Slug, Score] = Field(
        default={}, description="Each dimension's expected score at the end of the quarter, by dimension id."
    )
    overall: Score | None = Field(default=None, description="The overall score expected at the end of the quarter.")


class Baseline(Frozen):
    """Where the plan starts: the assessment it was made from."""

    period: Period
    scores: dict[Slug, Score] = Field(default={}, description="Each scored dimension's score, by dimension id.")
    overall: Score | None = None


class Plan(Frozen):
    """The plan file (YAML, committed and edited by hand) and the plan document (``--format json``)."""

    format: Literal["aiopgap.plan/1"] = PLAN_FORMAT
    organisation: ShortText
    unit: ShortText | None = Field(default=None, description="The unit planned for, when not the whole organisation.")
    questionnaire: QuestionnaireRef
    baseline: Baseline
    capacity: Annotated[int, Field(ge=1, le=MAX_CAPACITY, strict=True)] = Field(
        description="The most moves a quarter may hold."
    )
    assumption: LongText = Field(description="How the expected scores were projected, in words.")
    targets: dict[Slug, Score] = Field(default={}, description="The dimension targets the plan works towards.")
    quarters: tuple[PlannedQuarter, ...] = Field(min_length=1, max_length=MAX_QUARTERS)
    later: tuple[Move, ...] = Field(
        default=(), description="Moves still needed that did not fit in the quarters, in the order they would come."
    )
    unplanned: tuple[Slug, ...] = Field(
        default=(),
        description="Recommended practices given no move: every question behind them is at its target already, "
        "so a move would lift nothing.",
    )

    def moves(self) -> tuple[tuple[str, Move], ...]:
        """Every planned move with its quarter's period, in order."""
        return tuple((q.period, m) for q in self.quarters for m in q.moves)
