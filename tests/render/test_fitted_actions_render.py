"""Every format says how many of a practice's steps were left out as already behind the organisation."""

from __future__ import annotations

import pytest

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.model.report import Report
from aiopgap.render.formats import Format
from aiopgap.render.report import render
from tests.conftest import EXAMPLES


def _report(name: str) -> Report:
    assessment = load_assessment(EXAMPLES / name)
    return analyse(assessment.questionnaire, assessment.answers)


@pytest.mark.parametrize("fmt", [Format.markdown, Format.html, Format.terminal])
def test_a_mature_organisation_is_told_how_many_earlier_steps_were_left_out(fmt: Format) -> None:
    report = _report("lumen-2026-Q3.yaml")
    top = report.recommendations[0]
    assert top.passed >= 2  # at 3.5 the basics of its top practice are behind it
    text = " ".join(render(report, fmt, width=200).split())
    assert f"{top.passed} earlier steps left out" in text
    if fmt is not Format.terminal:  # the terminal wraps actions inside a table cell
        assert top.actions[0] in text


def test_only_practices_with_steps_behind_the_organisation_say_so() -> None:
    report = _report("northbank-2026-Q3.yaml")
    assert report.recommendations[0].passed == 0  # at 0.75 its top practice starts at the first step
    markdown = render(report, Format.markdown)
    assert markdown.count("earlier step") == sum(1 for rec in report.recommendations if rec.passed)
