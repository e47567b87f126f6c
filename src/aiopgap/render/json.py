"""The JSON report: a versioned document of everything scoring computed."""

from __future__ import annotations

from aiopgap.results import Report


def render(report: Report) -> str:
    return report.model_dump_json(indent=2) + "\n"
