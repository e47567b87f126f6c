"""What the workshop agreed, in every report format: the agreed level beside the median, the
rationale and the dissenters, and hostile text in them kept inert."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.render.formats import Format
from aiopgap.render.report import render
from tests.render.test_hostile_text import PAYLOADS, assert_inert_html, assert_inert_markdown, hostile_answers, invoke


def agreed_file(mini_answers: Path) -> Path:
    doc: dict[str, Any] = yaml.safe_load(mini_answers.read_text(encoding="utf-8"))
    doc["consensus"] = {
        "ownership.owner": {
            "level": 2,
            "rationale": "Two teams share it today",
            "dissent": ["Cy", {"name": "Ann", "level": 1, "note": "Still split"}],
        },
        "ownership.vendor": {"level": "n/a", "rationale": "No vendors yet"},
    }
    mini_answers.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return mini_answers


def test_every_format_shows_the_agreed_level_beside_the_median(mini_answers: Path, mini_questionnaire: Path) -> None:
    assessment = load_assessment(agreed_file(mini_answers), mini_questionnaire)
    report = analyse(assessment.questionnaire, assessment.answers)
    terminal = " ".join(render(report, Format.terminal, width=200).split())
    markdown = render(report, Format.markdown)
    html = render(report, Format.html)
    assert "Agreed in the workshop: 2 question(s)" in terminal
    assert "agreed 2 (median 3.00)" in terminal
    assert "Dissent: Cy; Ann (level 1): Still split" in terminal
    assert "## Agreed in the workshop" in markdown
    assert "- Is there one owner?: **agreed 2 (median 3.00)** · Rationale: Two teams share it today" in (markdown)
    assert "| `ownership.vendor` Do vendors own models? | agreed n/a (median –) |" in markdown
    assert "lower: CDO (1.00). **Agreed 2 (median 3.00).**" in markdown  # on its perception gap too
    assert "(1.00) · <strong>Agreed 2 (median 3.00)</strong></div>" in html
    assert '<section id="agreed">' in html
    assert "<strong>agreed 2 (median 3.00)</strong>" in html
    assert "Dissent: Cy; Ann (level 1): Still split" in html
    data = json.loads(render(report, Format.json))
    owner = next(q for d in data["dimensions"] for q in d["questions"] if q["id"] == "ownership.owner")
    assert (owner["score"], owner["median"], owner["agreed"]["level"]) == (2.0, 3.0, 2)


def test_a_report_without_agreements_has_no_agreed_section(mini_answers: Path, mini_questionnaire: Path) -> None:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    report = analyse(assessment.questionnaire, assessment.answers)
    for fmt in (Format.terminal, Format.markdown, Format.html):
        assert "Agreed in the workshop" not in render(report, fmt)
        assert "agreed " not in render(report, fmt).replace("agreed in", "")


def test_export_gives_median_and_agreed_columns(mini_answers: Path, mini_questionnaire: Path) -> None:
    path = agreed_file(mini_answers)
    rows = list(csv.DictReader(io.StringIO(invoke("export", path, "-Q", mini_questionnaire))))
    owner = [r for r in rows if r["question_id"] == "ownership.owner"]
    assert {(r["median"], r["agreed"]) for r in owner} == {("3", "2")}
    budget = [r for r in rows if r["question_id"] == "ownership.budget"]
    assert {(r["median"], r["agreed"]) for r in budget} == {("2", "")}


@pytest.mark.parametrize("index", range(0, len(PAYLOADS), 2))
def test_hostile_rationale_and_dissent_notes_are_inert(index: int, tmp_path: Path) -> None:
    path = hostile_answers(tmp_path, index, "2026-Q3", "a.yaml")
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = doc["respondents"][0]
    question = next(iter(first["answers"]))
    doc["consensus"] = {
        question: {
            "level": 1,
            "rationale": PAYLOADS[index] + " " + PAYLOADS[(index + 1) % len(PAYLOADS)],
            "dissent": [{"name": first["name"], "note": PAYLOADS[(index + 2) % len(PAYLOADS)]}],
        }
    }
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    html = invoke("report", path, "-f", "html")
    assert '<section id="agreed">' in html
    assert_inert_html(html)
    md = invoke("report", path, "-f", "markdown")
    assert "## Agreed in the workshop" in md
    assert_inert_markdown(md)
    terminal = invoke("report", path)
    assert "Agreed in the workshop" in terminal
    assert "\x1b" not in terminal
