"""Perception gaps between roles, checked by hand on the mini fixture and on the workshop example."""

from __future__ import annotations

import subprocess
import sys
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.analysis.report import analyse
from aiopgap.analysis.scoring import score
from aiopgap.analysis.workshop import workshop_result
from aiopgap.cli import app
from aiopgap.files.documents import load_assessment, load_questionnaire
from aiopgap.model.answers import Answers, name_key
from aiopgap.model.errors import InputError
from aiopgap.model.report import Report
from aiopgap.render.formats import Format
from aiopgap.render.report import render
from tests.conftest import EXAMPLES, FIXTURES

WORKSHOP_EXAMPLE = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
runner = CliRunner()


def mini_report(mini_answers: Path, mini_questionnaire: Path, threshold: int | None = None) -> Report:
    a = load_assessment(mini_answers, mini_questionnaire)
    return analyse(a.questionnaire, a.answers, threshold)


# The mini fixture, by hand (ownership.owner weighs 2, ownership.budget 1; vendor is n/a for all):
#   ownership.owner   CDO 1, Head of Risk 3, Product Director 4   -> 3 apart
#   ownership.budget  CDO 2, Head of Risk 2, Product Director 4   -> 2 apart
#   metrics.learning  CDO 4, Head of Risk 0, Product Director 1   -> 4 apart
#   ownership         CDO (2*1+2)/3 = 1.333, Risk (2*3+2)/3 = 2.667, PD (2*4+4)/3 = 4 -> 2.667 apart
#   metrics           CDO 4, Risk 0, PD 1                         -> 4 apart
#   metrics.override  nobody answered


def test_gaps_on_the_mini_fixture_match_the_hand_calculation(mini_answers: Path, mini_questionnaire: Path) -> None:
    ws = mini_report(mini_answers, mini_questionnaire).workshop
    assert ws is not None
    assert ws.threshold == 2  # the questionnaire gives none, so the default
    assert [(g.role, g.respondents) for g in ws.roles] == [
        ("CDO", ("Ann",)),
        ("Head of Risk", ("Bob",)),
        ("Product Director", ("Cy",)),
    ]
    assert [(g.kind, g.ref, g.width, g.high.roles, g.low.roles) for g in ws.gaps] == [
        ("dimension", "metrics", 4.0, ("CDO",), ("Head of Risk",)),
        ("question", "metrics.learning", 4.0, ("CDO",), ("Head of Risk",)),
        ("question", "ownership.owner", 3.0, ("Product Director",), ("CDO",)),
        ("dimension", "ownership", 2.667, ("Product Director",), ("CDO",)),
        ("question", "ownership.budget", 2.0, ("Product Director",), ("CDO", "Head of Risk")),
    ]
    owner = next(g for g in ws.gaps if g.ref == "ownership.owner")
    assert (owner.high.score, owner.low.score) == (4.0, 1.0)
    assert [(n.respondent, n.note) for n in owner.notes] == [("Ann", "Split across three teams.")]
    ownership = next(d for d in ws.dimensions if d.id == "ownership")
    assert [(r.role, r.score) for r in ownership.by_role] == [
        ("CDO", 1.333),
        ("Head of Risk", 2.667),
        ("Product Director", 4.0),
    ]
    assert ws.unanswered == ("metrics.override",)
    spread = {q.id: q for q in ws.questions}
    assert (spread["ownership.owner"].median, spread["ownership.owner"].spread, spread["ownership.owner"].iqr) == (
        3.0,
        3,
        1.5,
    )
    assert spread["ownership.vendor"].median is None
    assert all(r.score is None for r in spread["ownership.vendor"].by_role)


def test_threshold_override_narrows_the_gaps(mini_answers: Path, mini_questionnaire: Path) -> None:
    ws = mini_report(mini_answers, mini_questionnaire, threshold=3).workshop
    assert ws is not None
    assert [g.ref for g in ws.gaps] == ["metrics", "metrics.learning", "ownership.owner"]
    ws = mini_report(mini_answers, mini_questionnaire, threshold=5).workshop
    assert ws is not None
    assert ws.gaps == ()


def test_roles_group_case_insensitively_and_take_the_median(mini_answers: Path, mini_questionnaire: Path) -> None:
    text = mini_answers.read_text().replace("role: Product Director", "role: head of  RISK")
    mini_answers.write_text(text)
    ws = mini_report(mini_answers, mini_questionnaire).workshop
    assert ws is not None
    assert [(g.role, g.respondents) for g in ws.roles] == [("CDO", ("Ann",)), ("Head of Risk", ("Bob", "Cy"))]
    owner = next(q for q in ws.questions if q.id == "ownership.owner")
    assert [(r.role, r.score) for r in owner.by_role] == [("CDO", 1.0), ("Head of Risk", 3.5)]
    assert name_key(" Head of\tRisk ") == name_key("head of risk")


def test_one_respondent_has_no_workshop_section(mini_answers: Path, mini_questionnaire: Path) -> None:
    a = load_assessment(mini_answers, mini_questionnaire)
    alone = a.answers.model_copy(update={"respondents": a.answers.respondents[:1]})
    report = analyse(a.questionnaire, alone)
    assert report.workshop is None
    assert workshop_result(score(a.questionnaire, alone), 2) is None
    assert "Workshop" not in render(report, Format.markdown)
    assert 'id="workshop"' not in render(report, Format.html)


def test_json_round_trips_and_old_reports_still_load(mini_answers: Path, mini_questionnaire: Path) -> None:
    report = mini_report(mini_answers, mini_questionnaire)
    assert report.workshop is not None
    assert Report.model_validate_json(render(report, Format.json)) == report
    old = report.model_dump(mode="json")
    del old["workshop"]
    assert Report.model_validate(old).workshop is None


# --------------------------------------------------------------------------- disagreement rules

RULE_QUESTIONNAIRE_TAIL = """
symptoms:
  - id: fragmented
    name: Fragmented
    description: Roles see different organisations.
    root_causes: [fragmented]
    practices: [owner]
    rule:
      {rule}
root_causes:
  - {{id: fragmented, name: Fragmented ownership, description: Each function owns a piece.}}
practices:
  - {{id: owner, name: One owner, description: Name one owner.}}
"""


def questionnaire_with_rule(tmp_path: Path, mini_questionnaire: Path, rule: str) -> Path:
    text = mini_questionnaire.read_text()
    text = text[: text.index("\nroot_causes:")] + RULE_QUESTIONNAIRE_TAIL.format(rule=rule)
    path = tmp_path / "q.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    ("rule", "status"),
    [
        ("{disagreement: ownership.owner, at_least: 3}", "flagged"),
        ("{disagreement: ownership.owner, at_least: 4}", "not flagged"),
        ("{disagreement: ownership, above: 2.5}", "flagged"),
        # nobody gave a level (all n/a): roles cannot disagree, so the condition does not apply
        ("{disagreement: ownership.vendor, at_least: 1}", "not flagged"),
    ],
)
def test_disagreement_condition(
    tmp_path: Path, mini_answers: Path, mini_questionnaire: Path, rule: str, status: str
) -> None:
    q_path = questionnaire_with_rule(tmp_path, mini_questionnaire, rule)
    report = mini_report(mini_answers, q_path)
    symptom = report.symptom("fragmented")
    assert symptom is not None
    assert symptom.status == status
    if status == "flagged":
        (evidence,) = symptom.evidence
        assert evidence.kind == "disagreement"
        assert (
            "Product Director 4 vs CDO 1" in evidence.display or "Product Director 4 vs CDO 1.333" in evidence.display
        )


def test_disagreement_flags_the_note_of_each_side(tmp_path: Path, mini_answers: Path, mini_questionnaire: Path) -> None:
    q_path = questionnaire_with_rule(tmp_path, mini_questionnaire, "{disagreement: ownership.owner, at_least: 3}")
    text = render(mini_report(mini_answers, q_path), Format.markdown)
    assert "Roles disagree: " in text
    assert "3 levels apart: Product Director 4 vs CDO 1" in text
    assert "Split across three teams." in text
    html = render(mini_report(mini_answers, q_path), Format.html)
    assert 'Is there one owner? <span class="cond">· 3 levels apart: Product Director 4 vs CDO 1' in html
    assert 'disagreement <code class="id">ownership.owner</code>' in html.split('id="appendix"', 1)[1]


def test_disagreement_with_one_role_is_not_applicable(
    tmp_path: Path, mini_answers: Path, mini_questionnaire: Path
) -> None:
    q_path = questionnaire_with_rule(tmp_path, mini_questionnaire, "{disagreement: ownership.owner, at_least: 1}")
    a = load_assessment(mini_answers, q_path)
    alone = a.answers.model_copy(update={"respondents": a.answers.respondents[:1]})
    symptom = analyse(a.questionnaire, alone).symptom("fragmented")
    assert symptom is not None
    # one role cannot disagree with itself: not applicable, never "not evaluable"
    assert symptom.status == "not flagged"
    assert "does not apply" in (symptom.reason or "")
    [signal] = symptom.signals
    assert (signal.outcome, signal.display) == ("n/a", "not applicable: fewer than two roles gave a level")


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        ("{disagreement: ownership.nobody, at_least: 2}", "unknown question or dimension 'ownership.nobody'"),
        ("{disagreement: ownership, at_least: 9}", "threshold 9 is outside 0..4"),
    ],
)
def test_bad_disagreement_rules_are_located(tmp_path: Path, mini_questionnaire: Path, rule: str, message: str) -> None:
    q_path = questionnaire_with_rule(tmp_path, mini_questionnaire, rule)
    with pytest.raises(InputError) as info:
        load_questionnaire(q_path)
    (problem,) = info.value.problems
    assert message in problem.message
    assert problem.location.field is not None
    assert problem.location.field.startswith("symptoms[0].rule")
    assert problem.location.line is not None


# --------------------------------------------------------------------------- the workshop example


def example() -> Report:
    a = load_assessment(WORKSHOP_EXAMPLE)
    return analyse(a.questionnaire, a.answers)


def test_example_has_five_roles_and_the_gaps_a_fragmented_insurer_shows() -> None:
    answers: Answers = load_assessment(WORKSHOP_EXAMPLE).answers
    assert len(answers.respondents) >= 5
    ws = example().workshop
    assert ws is not None
    assert [g.role for g in ws.roles] == [
        "Chief Product Officer",
        "Head of Data Science",
        "Engineering Director",
        "Chief Risk Officer",
        "General Counsel",
    ]
    assert ws.roles[2].respondents == ("Grace Mensah", "Luis Ortega")  # "engineering director" joins them
    gaps = {g.ref: g for g in ws.gaps}
    # risk and product disagree on how fast governance is
    latency = gaps["governance.decision-latency"]
    assert (latency.width, latency.high.roles, latency.low.roles) == (
        3.0,
        ("Chief Risk Officer",),
        ("Chief Product Officer",),
    )
    governance = gaps["governance"]
    assert governance.kind == "dimension"
    assert (governance.high.roles, governance.low.roles) == (("Chief Risk Officer",), ("Chief Product Officer",))
    assert governance.width >= 2
    # data science and product disagree on who owns outcomes
    outcomes = gaps["ownership.data-science-outcome-accountability"]
    assert (outcomes.width, outcomes.high.roles, outcomes.low.roles) == (
        3.0,
        ("Chief Product Officer",),
        ("Head of Data Science",),
    )
    assert {n.respondent for n in outcomes.notes} == {"Priya Raman", "Tomasz Wierzbicki"}
    widths = [g.width for g in ws.gaps]
    assert widths == sorted(widths, reverse=True)
    assert ws.unanswered == ("process.rollback", "metrics.portfolio-balance")


def test_example_disagreement_signals_flag_ownership_symptoms() -> None:
    report = example()
    for symptom_id, ref in (
        ("unclear-ownership", "ownership.single-accountable-owner"),
        ("data-science-disconnected", "ownership.data-science-outcome-accountability"),
    ):
        symptom = report.symptom(symptom_id)
        assert symptom is not None
        assert symptom.status == "flagged"
        assert ("disagreement", ref) in {(e.kind, e.ref) for e in symptom.evidence}


def test_example_renders_the_workshop_section_in_every_format() -> None:
    report = example()
    md = render(report, Format.markdown)
    assert "## Workshop: how the roles see it" in md
    assert "| Chief Risk Officer | 1.38 | 1.40 | 2.75 ▲ |" in md
    assert "### Perception gaps: 17 (2+ levels between roles)" in md
    assert "**Questions nobody answered:** 2, listed in the appendix." in md
    assert "### Questions nobody answered\n\n`process.rollback`, `metrics.portfolio-balance`." in md
    html = render(report, Format.html)
    assert '<svg id="heatmap"' in html
    assert html.count('<g class="cell') == 5 * 5
    assert html.count('class="cell gap-high"') == 1
    assert html.count('class="cell gap-low"') == 1
    terminal = render(report, Format.terminal, width=140)
    assert "Perception gaps: 17 (2+ levels between roles), widest 8 shown" in terminal
    assert "Questions nobody answered: process.rollback, metrics.portfolio-balance" in terminal
    assert render(report, Format.markdown) == md  # deterministic


def test_user_text_in_the_workshop_section_is_escaped(tmp_path: Path) -> None:
    text = WORKSHOP_EXAMPLE.read_text().replace("role: General Counsel", 'role: "<script>x</script> | *Counsel*"')
    path = tmp_path / "w.yaml"
    path.write_text(text)
    a = load_assessment(path)
    report = analyse(a.questionnaire, a.answers)
    html = render(report, Format.html)
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    md = render(report, Format.markdown)
    assert "<script>" not in md
    assert r"\| \*Counsel\*" in md


def test_gap_threshold_option_end_to_end(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(WORKSHOP_EXAMPLE), "-f", "markdown", "--gap-threshold", "3"])
    assert result.exit_code == 0, result.output
    assert "### Perception gaps: 5 (3+ levels between roles)" in result.output
    bad = runner.invoke(app, ["report", str(WORKSHOP_EXAMPLE), "--gap-threshold", "0"])
    assert bad.exit_code == 2
    out = tmp_path / "r.json"
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", WORKSHOP_EXAMPLE, "-f", "json", "-o", out, "--gap-threshold", "3"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    report = Report.model_validate_json(out.read_text())
    assert report.workshop is not None
    assert report.workshop.threshold == 3
    assert len(report.workshop.gaps) == 5


# --------------------------------------------------------------------------- properties

MINI_IDS = ("ownership.owner", "ownership.budget", "ownership.vendor", "metrics.learning", "metrics.override")
ROLES = ("CDO", "cdo", "Head of Risk", "Product Director", "General Counsel")


@st.composite
def workshops(draw: st.DrawFn) -> Answers:
    people = []
    for i in range(draw(st.integers(0, 7))):
        answers = {}
        for qid in MINI_IDS:
            choice = draw(st.sampled_from(["skip", "level", "level", "na"]))
            if choice == "level":
                answers[qid] = {"level": draw(st.integers(0, 4))}
            elif choice == "na" and qid == "ownership.vendor":
                answers[qid] = {"level": "n/a"}
        people.append({"name": f"P{i}", "role": draw(st.sampled_from(ROLES)), "answers": answers})
    return Answers.model_validate(
        {
            "questionnaire": {"id": "mini", "version": "1.2.0"},
            "organisation": "Acme",
            "period": "Q",
            "respondents": people,
        }
    )


@settings(max_examples=60, deadline=None)
@given(answers=workshops(), threshold=st.integers(1, 4))
def test_gap_properties(answers: Answers, threshold: int) -> None:
    q = load_questionnaire(FIXTURES / "mini-questionnaire.yaml")
    report = analyse(q, answers, threshold)
    ws = report.workshop
    if len(answers.respondents) < 2:
        assert ws is None
        return
    assert ws is not None
    # roles partition the respondents, case-insensitively
    assert sorted(n for g in ws.roles for n in g.respondents) == sorted(r.name for r in answers.respondents)
    assert len({name_key(g.role) for g in ws.roles}) == len(ws.roles)
    views = {q.id: q.by_role for q in ws.questions} | {d.id: d.by_role for d in ws.dimensions}
    flagged = set()
    for ref, by_role in views.items():
        scores = [r.score for r in by_role if r.score is not None]
        if len(scores) >= 2 and max(scores) - min(scores) >= threshold - 1e-9:
            flagged.add(ref)
    assert {g.ref for g in ws.gaps} == flagged
    for gap in ws.gaps:
        assert gap.width == pytest.approx(gap.high.score - gap.low.score, abs=1e-3)
        assert not set(gap.high.roles) & set(gap.low.roles)
    assert [g.width for g in ws.gaps] == sorted((g.width for g in ws.gaps), reverse=True)


@settings(max_examples=60, deadline=None)
@given(answers=workshops(), cuts=st.lists(st.integers(0, 7), max_size=3))
def test_merging_any_split_gives_back_the_assessment(answers: Answers, cuts: list[int]) -> None:
    from aiopgap.analysis.merge import Source, merge
    from aiopgap.files.yaml_reader import parse_text
    from aiopgap.files.yaml_writer import to_yaml

    bounds = sorted({0, len(answers.respondents), *(c for c in cuts if c <= len(answers.respondents))})
    parts = [answers.model_copy(update={"respondents": answers.respondents[a:b]}) for a, b in pairwise(bounds)]
    sources = [Source(p, parse_text(to_yaml(p, ["x"]), f"p{i}.yaml").locate) for i, p in enumerate(parts or [answers])]
    merged = merge(sources)
    assert merged == answers
    again = parse_text(to_yaml(merged, ["a", "b"]), "m.yaml")
    assert Answers.model_validate(again.data) == answers
