"""The Markdown report: symptoms with evidence, recommendations and inventory, small enough for a PR comment."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.render.formats import Format
from aiopgap.render.report import render
from tests.conftest import example_files

GITHUB_COMMENT_LIMIT = 65_536


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_markdown_lists_every_flagged_symptom_with_its_evidence(example: Path) -> None:
    assessment = load_assessment(example)
    report = analyse(assessment.questionnaire, assessment.answers)
    md = render(report, Format.markdown)
    assert len(md) < GITHUB_COMMENT_LIMIT
    assert f"## Symptoms: {len(report.flagged())} of 6 flagged" in md
    assert md.count("### 🚩 ") == len(report.flagged())
    for symptom in report.flagged():
        section = md.split(f"### 🚩 {symptom.name}", 1)[1].split("\n### ", 1)[0]
        assert f"Triggered by {len(symptom.evidence)} of" in section
        # the leaders' text names no question id; the appendix gives each signal's id and rule
        assert not any(f"`{e.ref}`" in section for e in symptom.evidence)
        rules = md.split("### Symptom rules", 1)[1].split(f"**{symptom.name}** (flagged)", 1)[1].split("\n\n**", 1)[0]
        for evidence in symptom.evidence:
            assert f"`{evidence.ref}`" in rules
    for symptom in report.symptoms:
        if symptom.status == "not flagged":
            assert f"### 🚩 {symptom.name}" not in md
    assert md.count("### ") >= len(report.recommendations)
    assert "## AI initiative inventory" in md
