"""Plan files for tests: built as ``Plan`` objects and written as the plan command would write them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from aiopgap.model.answers import QuestionnaireRef
from aiopgap.model.plan import Baseline, Move, Plan, PlannedQuarter

MERIDIAN = "Meridian Retail Group"


def make_plan(
    quarters: Sequence[tuple[str, Mapping[str, float]]],
    *,
    organisation: str = MERIDIAN,
    unit: str | None = None,
    baseline: tuple[str, Mapping[str, float]] = ("2026-Q1", {"ownership": 1.75, "governance": 1.143}),
    moves: Mapping[str, Sequence[Move]] | None = None,
) -> Plan:
    """A plan over ``quarters`` (period, expected scores), each quarter holding ``moves[period]``."""
    moves = moves or {}
    return Plan(
        organisation=organisation,
        unit=unit,
        questionnaire=QuestionnaireRef(id="aiopgap-default", version="1.1.0"),
        baseline=Baseline(period=baseline[0], scores=dict(baseline[1])),
        capacity=3,
        assumption="Each targeted question rises one level in its quarter.",
        quarters=tuple(
            PlannedQuarter(period=period, expected=dict(expected), moves=tuple(moves.get(period, ())))
            for period, expected in quarters
        ),
    )


def write_plan(path: Path, plan: Plan) -> Path:
    path.write_text(yaml.safe_dump(plan.model_dump(mode="json"), sort_keys=False, allow_unicode=True), "utf-8")
    return path
