"""The verdict of ``check``: one result per quality gate, and whether the build passes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Status = Literal["pass", "fail"]


@dataclass(frozen=True)
class GateResult:
    """One gate as the verdict shows it: what was required, what the assessment has, pass or fail."""

    gate: str
    requirement: str
    actual: str
    status: Status


def passed(results: list[GateResult]) -> bool:
    """Whether every gate passed (no gates at all is a pass)."""
    return all(r.status == "pass" for r in results)
