"""Reports and trends the chart tests draw: a partial workshop, hostile names."""

from __future__ import annotations

from pathlib import Path

import yaml

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.model.report import Report
from tests.conftest import EXAMPLES

WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
HOSTILE = '</text></svg><script>alert(1)</script><image href="http://evil.example/x.png"/> & Co'


def report_of(path: Path) -> Report:
    assessment = load_assessment(path)
    return analyse(assessment.questionnaire, assessment.answers)


def partial_workshop(folder: Path) -> Path:
    """The workshop example with no answer on metrics and one process question only: metrics is
    unscored, process rests on one question of several (low coverage)."""
    data = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    kept_process: str | None = None
    for person in data["respondents"]:
        answers = person["answers"]
        for key in list(answers):
            if key.startswith("metrics."):
                del answers[key]
            elif key.startswith("process."):
                kept_process = kept_process or key
                if key != kept_process:
                    del answers[key]
    target = folder / "partial.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def hostile_workshop(folder: Path) -> Path:
    """The workshop example with a hostile role name (user text the heatmap shows)."""
    data = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    data["respondents"][0]["role"] = HOSTILE
    data["organisation"] = 'Orbital <b>Insurance</b> & "Sons"'
    target = folder / "hostile.yaml"
    target.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return target


def hostile_dimensions(report: Report) -> Report:
    """``report`` with every dimension named with markup (questionnaires are user text too)."""
    named = tuple(d.model_copy(update={"name": f"{HOSTILE} {d.id}"}) for d in report.dimensions)
    return report.model_copy(update={"dimensions": named})
