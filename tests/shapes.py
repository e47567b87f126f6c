"""Small real result shapes for tests that compare symptoms and initiatives without scoring a file."""

from __future__ import annotations

from typing import Literal

from aiopgap.model.report import Evidence, InitiativeResult, SymptomResult

Status = Literal["flagged", "not flagged", "not evaluable"]
Stage = Literal["idea", "pilot", "production", "scaled", "retired"]


def evidence(ref: str, display: str, condition: str = "≤ 1.5", kind: str = "question") -> Evidence:
    """One triggering condition of a symptom rule on question (or dimension, fact) ``ref``."""
    return Evidence.model_validate(
        {"kind": kind, "ref": ref, "label": ref, "condition": condition, "value": None, "display": display,
         "outcome": "true"}
    )  # fmt: skip


def symptom(sid: str, name: str, status: Status, *found: Evidence) -> SymptomResult:
    """A symptom result with the given status and deciding conditions."""
    return SymptomResult(
        id=sid,
        name=name,
        description=name,
        severity="medium",
        status=status,
        evidence=found,
        coverage=1.0,
        conditions=len(found),
        root_causes=(),
        practices=(),
    )


def initiative(name: str, stage: Stage) -> InitiativeResult:
    """An initiative as a report's inventory lists it."""
    return InitiativeResult(
        name=name,
        stage=stage,
        owners=("Owner",),
        horizon="near",
        vendor_led=False,
        monitored=None,
        months_in_pilot=None,
        stuck=False,
    )
