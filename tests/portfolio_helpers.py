"""Small portfolios for tests: answers files of one organisation's units against the mini questionnaire,
and reports of units with chosen scores for the roll-up's properties."""

from __future__ import annotations

import json
from pathlib import Path

from aiopgap.analysis.portfolio_tree import Entry
from aiopgap.model.answers import Unit
from aiopgap.model.report import Report
from tests.conftest import FIXTURES, open_side

MINI = FIXTURES / "mini-questionnaire.yaml"


def unit_file(
    folder: Path,
    stem: str,
    unit: dict[str, object] | None,
    period: str = "2026-Q2",
    owner: int = 2,
    learning: int | None = 3,
    organisation: str = "Acme",
) -> Path:
    """An answers file for ``unit`` (None: the organisation itself), written as plain YAML (JSON is YAML)."""
    answers = {"ownership.owner": owner, "ownership.budget": owner}
    if learning is not None:
        answers["metrics.learning"] = learning
    doc: dict[str, object] = {
        "questionnaire": {"id": "mini", "version": "1.2.0"},
        "organisation": organisation,
        "period": period,
        "respondents": [{"name": "Ann", "role": "CDO", "answers": answers}],
    }
    if unit is not None:
        doc["unit"] = unit
    path = folder / f"{stem}.yaml"
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


_BASE: list[Report] = []


def base_report() -> Report:
    """One real report of the mini questionnaire, scored once."""
    if not _BASE:
        from aiopgap.files.documents import catalogue

        _BASE.append(open_side(FIXTURES / "mini-answers.yaml", catalogue([MINI])).report)
    return _BASE[0]


def unit_entry(
    name: str,
    scores: dict[str, float | None],
    parent: str | None = None,
    sizes: dict[str, float] | None = None,
    period: str = "2026-Q2",
    organisation: str = "Acme",
    overall: float | None = None,
) -> Entry:
    """An entry whose report assesses unit ``name`` (None-like "": the organisation) with ``scores``."""
    base = base_report()
    unit = None if not name else Unit(name=name, parent=parent, sizes=sizes or {})
    dims = tuple(d.model_copy(update={"score": scores.get(d.id)}) for d in base.dimensions)
    report = base.model_copy(
        update={"organisation": organisation, "unit": unit, "period": period, "dimensions": dims, "score": overall}
    )
    return Entry(f"{name or organisation}-{period}.yaml", report)
