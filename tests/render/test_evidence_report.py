"""Claims versus evidence in every report format: the claimed and evidenced scores, unverified
claims, contradicted claims with both sides' numbers, the evidenced outline on the radar, and every
symptom state with every condition it checked.

The fixture (``tests/fixtures/evidence-*.yaml``) has one contradicted claim and one consistent one,
a stale artifact, an unverified question and one symptom in each of the four states.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from aiopgap.analysis.report import analyse
from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from aiopgap.model.report import Report
from aiopgap.render.radar import radar
from aiopgap.render.vocabulary import outcome
from tests.conftest import FIXTURES

ANSWERS = FIXTURES / "evidence-answers.yaml"
QUESTIONNAIRE = FIXTURES / "evidence-questionnaire.yaml"
FORMATS = ("terminal", "markdown", "html")


def cli(answers: Path, fmt: str) -> str:
    result = CliRunner().invoke(
        app, ["report", str(answers), "-Q", str(QUESTIONNAIRE), "-f", fmt], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    return result.stdout


def edited(tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """The fixture answers with ``change`` applied, as a new file."""
    doc = yaml.safe_load(ANSWERS.read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def scored(answers: Path = ANSWERS) -> Report:
    assessment = load_assessment(answers, QUESTIONNAIRE)
    return analyse(assessment.questionnaire, assessment.answers)


def test_the_fixture_has_what_these_tests_need() -> None:
    report = scored()
    assert [c.status for c in report.contradictions] == ["contradicted", "consistent"]
    assert [s.status for s in report.symptoms] == ["flagged", "watch", "not evaluable", "not flagged"]
    assert [q.id for d in report.dimensions for q in d.questions if q.unverified] == ["ownership.budget"]
    assert report.confidence is not None
    assert report.confidence < 1


# --------------------------------------------------------------------------- claimed versus evidenced


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_shows_the_claimed_and_evidenced_score_with_its_confidence(fmt: str) -> None:
    out = cli(ANSWERS, fmt)
    assert "2.39 claimed · 0.47 evidenced · confidence 28%" in out
    assert "evidence aged to 2026-09-30" in out


def test_the_dimension_table_has_evidenced_score_confidence_and_unverified_count() -> None:
    md = cli(ANSWERS, "markdown")
    assert "| Evidenced | Confidence | Unverified |" in md
    assert "| High | 0.58 | 17% | 1 |" in md  # Ownership: 3.33 claimed, one unverified question
    html = cli(ANSWERS, "html")
    assert '3.33<br><span class="small muted evidenced-score">0.58 · 17%</span>' in html
    assert '<span class="badge unverified">1 unverified</span>' in html
    text = cli(ANSWERS, "terminal")
    assert "1 unverified" in text
    assert "0.58" in text
    assert "17%" in text


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_high_level_on_self_report_alone_is_marked_unverified(fmt: str) -> None:
    out = cli(ANSWERS, fmt)
    if fmt == "markdown":
        assert "| `ownership.budget` Does the owner hold the budget? | 3.00 **unverified** | 0% |" in out
        assert "Bob (Head of Risk, level 3, **unverified**)" in out
    elif fmt == "html":
        row = out.split('<code class="id">ownership.budget</code><br>', 1)[1].split("</tr>", 1)[0]
        assert '3.00<br><span class="badge unverified">unverified</span>' in row
    else:
        table = out.split("Unverified: 1 question(s) at level 3 or more on self-report alone", 1)[1]
        assert "ownership.budget" in table.split("Claims versus the inventory", 1)[0]
        assert "Bob 3 (unverified)" in table


@pytest.mark.parametrize("fmt", FORMATS)
def test_responses_show_their_evidence_items_and_which_are_stale(fmt: str) -> None:
    out = cli(ANSWERS, fmt)
    assert "artifact · 2025-01-10 · RACI chart v3 · stale" in out  # in the contradicted claim
    if fmt != "terminal":  # the terminal lists responses only under findings; the others list every answer
        assert "artifact · 2026-08-14 · Learning dashboard" in out
        assert "Learning dashboard · stale" not in out


# --------------------------------------------------------------------------- contradictions


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_contradiction_shows_both_sides_and_their_numbers(fmt: str) -> None:
    out = cli(ANSWERS, fmt)
    less = {"markdown": "\\<", "html": "&lt;", "terminal": "<"}[fmt]
    if fmt == "html":
        section = out.split('id="contradiction-owner-claim"', 1)[1].split("</article>", 1)[0]
    else:
        section = out.split("One owner claimed, not seen in the inventory", 1)[1].split("Symptoms", 1)[0]
    # the documents keep ids and rules for their appendix; the terminal shows them in place
    rules = section if fmt == "terminal" else _appendix_part(out, fmt, "owner-claim", "One owner claimed")
    # the claim: the question, its rule, its score, and who said what
    assert "ownership.owner" in rules
    assert "3.5" in section
    assert "≥ 3" in rules
    assert "Ann" in section
    assert "Bob" in section
    # the facts: the fact, its rule, its value and the initiatives it counts
    assert "Single accountable owner" in section
    assert "1 of 3 (33%)" in section
    assert f"{less} 0.6" in rules
    assert "Pricing engine" in section
    # the consistent check in one short line
    assert "Learning said to be tracked, but pilots are stuck" in out or "learning-claim" in out


def test_markdown_and_html_head_the_contradictions_with_their_count() -> None:
    assert "## Claims versus the inventory: 1 of 2 contradicted" in cli(ANSWERS, "markdown")
    assert "### Contradicted: One owner claimed, not seen in the inventory" in cli(ANSWERS, "markdown")
    html = cli(ANSWERS, "html")
    assert html.count('class="contradiction-card"') == 1
    assert "Consistent: Learning said to be tracked, but pilots are stuck." in html
    assert "Claims versus the inventory: 1 of 2 contradicted" in cli(ANSWERS, "terminal")


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_contradiction_says_so(fmt: str, tmp_path: Path) -> None:
    def modest(doc: dict[str, Any]) -> None:
        for respondent in doc["respondents"]:
            respondent["answers"]["ownership.owner"] = 1

    out = cli(edited(tmp_path, modest), fmt)
    assert "No contradictions found" in out
    assert 'class="contradiction-card"' not in out
    assert "Contradicted: " not in out


@pytest.mark.parametrize("fmt", FORMATS)
def test_without_an_inventory_contradictions_could_not_be_checked(fmt: str, tmp_path: Path) -> None:
    out = cli(edited(tmp_path, lambda doc: doc.pop("initiatives")), fmt)
    assert "Contradictions could not be checked" in out
    assert "No contradictions found" not in out


# --------------------------------------------------------------------------- the radar


def test_the_radar_draws_the_evidenced_outline_when_confidence_is_below_one() -> None:
    report = scored()
    chart = radar(report)
    assert chart.evidenced is not None
    # ownership points straight up: its evidenced point sits evidenced_score/scale_max of the radius up
    x, y = (float(v) for v in chart.evidenced.split()[0].split(","))
    ownership = report.dimensions[0]
    assert ownership.evidenced_score is not None
    assert x == pytest.approx(chart.centre_x)
    assert chart.centre_y - y == pytest.approx(chart.radius * ownership.evidenced_score / report.scale_max, abs=0.1)
    html = cli(ANSWERS, "html")
    assert f'<polygon class="evidenced" points="{chart.evidenced}"' in html
    assert "Evidenced score (score" in html  # the legend beside the radar


def test_fully_evidenced_answers_draw_no_second_outline(tmp_path: Path) -> None:
    def all_seen(doc: dict[str, Any]) -> None:
        for respondent in doc["respondents"]:
            for qid, answer in list(respondent["answers"].items()):
                level = answer["level"] if isinstance(answer, dict) else answer
                if level != "n/a":
                    respondent["answers"][qid] = {"level": level, "evidence": ["observed"]}

    answers = edited(tmp_path, all_seen)
    report = scored(answers)
    assert report.confidence == 1
    assert radar(report).evidenced is None
    html = cli(answers, "html")
    assert 'class="evidenced"' not in html
    assert "Evidenced score (score" not in html
    assert '<polygon class="current"' in html


# --------------------------------------------------------------------------- symptoms


def _symptom_sections(out: str, fmt: str, report: Report) -> dict[str, str]:
    """Each symptom's part of a rendered report, by symptom id."""
    if fmt == "html":
        return {s.id: out.split(f'id="symptom-{s.id}"', 1)[1].split("</article>", 1)[0] for s in report.symptoms}
    block = out.split("Symptoms: ", 1)[1].split("What to do next quarter", 1)[0]
    sections = {}
    for s in report.symptoms:
        part = block.split(s.name, 1)[1]
        ends = [part.index(other.name) for other in report.symptoms if other.name in part]
        sections[s.id] = part[: min(ends, default=len(part))]
    return sections


def _appendix_part(out: str, fmt: str, ref: str, name: str) -> str:
    """The appendix entry of a symptom or contradiction check: its signals with their ids and rules."""
    if fmt == "html":
        return out.split(f'id="rules-{ref}"', 1)[1].split("</div>", 1)[0]
    return out.split("## Appendix", 1)[1].split(f"**{name}", 1)[1].split("\n\n**", 1)[0]


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_symptom_state_lists_every_condition_with_its_outcome(fmt: str) -> None:
    report = scored()
    out = cli(ANSWERS, fmt)
    sections = _symptom_sections(out, fmt, report)
    for symptom in report.symptoms:
        section = sections[symptom.id]
        rules = section if fmt == "terminal" else _appendix_part(out, fmt, symptom.id, symptom.name)
        if fmt == "markdown":  # the state is the heading the symptom sits under
            heading = out.split("## Symptoms: ", 1)[1].split(symptom.name, 1)[0].rsplit("\n### ", 1)[1]
            assert heading.startswith("🚩" if symptom.status == "flagged" else symptom.status.capitalize())
        else:
            assert symptom.status in section, symptom.id
        assert symptom.signals, symptom.id
        for signal in symptom.signals:
            assert signal.ref in rules, (symptom.id, signal.ref)
            assert outcome(signal.outcome) in rules, (symptom.id, signal.ref, signal.outcome)
        assert "core" in rules  # every fixture symptom names its core signal
    # one of each outcome word appears somewhere
    joined = "".join(
        _appendix_part(out, fmt, s.id, s.name) if fmt != "terminal" else sections[s.id] for s in report.symptoms
    )
    for word in ("holds", "does not hold", "unknown", "not applicable"):
        assert word in joined, word


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_watched_symptom_says_how_many_signals_hold_and_how_many_more_would_flag_it(fmt: str) -> None:
    report = scored()
    section = _symptom_sections(cli(ANSWERS, fmt), fmt, report)["learning-blind"]
    assert "2 of 3 signals hold; 1 more would flag it" in section


def test_a_flagged_symptom_keeps_the_evidence_that_triggered_it() -> None:
    report = scored()
    md = _symptom_sections(cli(ANSWERS, "markdown"), "markdown", report)["owners-unclear"]
    assert "Triggered by 2 of 3 signals" in md
    md_rules = _appendix_part(cli(ANSWERS, "markdown"), "markdown", "owners-unclear", report.symptoms[0].name)
    assert "All signals checked:" in md_rules
    out = cli(ANSWERS, "html")
    html = _symptom_sections(out, "html", report)["owners-unclear"]
    assert html.count("<li>") == 2  # the two conditions that triggered it
    assert '<table class="signals">' in _appendix_part(out, "html", "owners-unclear", "")


# --------------------------------------------------------------------------- questionnaire show and a real process


def test_questionnaire_show_lists_core_signals_and_contradiction_checks() -> None:
    result = CliRunner().invoke(
        app, ["questionnaire", "show", str(QUESTIONNAIRE), "--no-levels"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "core signal  fact single_owner_share < 0.6" in out
    assert "rule         at least 2 of (fact single_owner_share < 0.6; contradiction owner-claim found;" in out
    assert "claim  ownership.owner ≥ 3" in out
    assert "facts  fact stuck_pilots ≥ 2" in out
    one = CliRunner().invoke(app, ["questionnaire", "show", str(QUESTIONNAIRE), "--dimension", "metrics"])
    assert "core signal" not in one.stdout  # one dimension shows its questions only


def test_a_real_process_writes_the_contradiction_and_the_evidenced_outline(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "aiopgap",
            "report",
            str(ANSWERS),
            "-Q",
            str(QUESTIONNAIRE),
            "-f",
            "html",
            "-o",
            str(out),
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "120"},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    html = out.read_text(encoding="utf-8")
    assert 'id="contradiction-owner-claim"' in html
    assert '<polygon class="evidenced"' in html
    assert html.count('class="symptom-card') == 4
