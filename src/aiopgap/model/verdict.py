"""The verdict of ``check``: one result per quality gate, and whether the build passes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["pass", "fail"]

GateKind = Literal[
    "min-overall",
    "min-dimension",
    "min-confidence",
    "symptom",
    "no-symptoms",
    "contradiction",
    "max-evidence-age",
    "regression",
    "plan",
]
"""What a gate holds the assessment to, as machines read it (JSON verdict, SARIF rule ids)."""


@dataclass(frozen=True)
class GateResult:
    """One gate as the verdict shows it: what was required, what the assessment has, pass or fail.

    ``kind`` and ``subject`` (the dimension, symptom or contradiction id, when the gate has one) say
    which gate it is to a machine; ``questions`` (lowest answers first) and ``initiatives`` (by name)
    are what in the answers file drives it, so a CI annotation can point at their lines.
    """

    gate: str
    requirement: str
    actual: str
    status: Status
    kind: GateKind
    subject: str | None = None
    questions: tuple[str, ...] = ()
    initiatives: tuple[str, ...] = ()


def passed(results: list[GateResult]) -> bool:
    """Whether every gate passed (no gates at all is a pass)."""
    return all(r.status == "pass" for r in results)
