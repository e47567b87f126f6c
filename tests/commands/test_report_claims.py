"""Claims against evidence through the real CLI: one test per way the old rules misjudged an organisation.

1. Claims beat facts: leaders' self-ratings vetoed or outvoted the inventory.
2. One respondent: every rule with a disagreement became "not evaluable".
3. A symptom flagged without its own evidence; product-team questions that allowed no n/a.
4. Near misses were invisible: a symptom not flagged listed only what failed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_questionnaire
from aiopgap.files.resources import default_questionnaire

QUESTIONNAIRE = load_questionnaire(default_questionnaire())
QUESTIONS = [q.id for q in QUESTIONNAIRE.questions()]


def answers(
    levels: dict[str, Any] | None = None,
    *,
    default: int = 2,
    people: tuple[tuple[str, str], ...] = (("Ada Ng", "COO"), ("Bo Lund", "Head of Data")),
    initiatives: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Every respondent answers every question at ``default`` except where ``levels`` says otherwise."""
    chosen = {qid: default for qid in QUESTIONS} | (levels or {})
    doc: dict[str, Any] = {
        "questionnaire": {"id": QUESTIONNAIRE.id, "version": QUESTIONNAIRE.version},
        "organisation": "Test Org",
        "period": "2026-Q3",
        "respondents": [{"name": n, "role": r, "answers": dict(chosen)} for n, r in people],
    }
    if initiatives is not None:
        doc["initiatives"] = initiatives
    return doc


def write(tmp_path: Path, doc: dict[str, Any], name: str = "answers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def report_json(path: Path) -> dict[str, Any]:
    """The JSON report from a real process, as CI would run it."""
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def symptom(report: dict[str, Any], sid: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in report["symptoms"] if s["id"] == sid)
    return found


def initiative(name: str, owners: list[str], *, vendor: bool = False, stage: str = "production") -> dict[str, Any]:
    item: dict[str, Any] = {"name": name, "stage": stage, "owners": owners, "horizon": "near", "vendor_led": vendor}
    if stage in ("production", "scaled"):
        item["monitored"] = True
    return item


# --------------------------------------------------------------------------- 1. claims beat facts


def over_claiming_org() -> dict[str, Any]:
    # leaders rate single ownership 3-4 and strategy ownership 3-4; the inventory shows a third of
    # the initiatives with one owner, and nearly half of them led by vendors
    portfolio = [
        initiative("Fraud model", ["Risk"]),
        initiative("Churn model", ["Marketing", "Data"], vendor=True),
        initiative("Pricing engine", ["Finance", "IT"], vendor=True),
        initiative("Chat assistant", [], vendor=True),
        initiative("Claims triage", ["Ops"]),
        initiative("Forecasting", ["Supply", "Data"]),
        initiative("Doc extraction", ["IT", "Legal"], vendor=True),
    ]
    return answers(
        {
            "ownership.single-accountable-owner": 4,
            "ownership.ai-strategy-ownership": 4,
            "ownership.owner-decision-rights": 3,
            "ownership.risk-accountability": 3,
        },
        initiatives=portfolio,
    )


def test_facts_flag_a_symptom_the_self_ratings_deny(tmp_path: Path) -> None:
    report = report_json(write(tmp_path, over_claiming_org()))
    contradictions = {c["id"]: c for c in report["contradictions"]}
    owner = contradictions["ownership-claim"]
    assert owner["status"] == "contradicted"
    # both sides, with their numbers
    assert [(e["ref"], e["display"]) for e in owner["claim"]] == [("ownership.single-accountable-owner", "4")]
    assert [(e["ref"], e["display"]) for e in owner["facts"]] == [("single_owner_share", "2 of 7 (29%)")]
    assert contradictions["strategy-claim"]["status"] == "contradicted"
    # a high self-rating no longer vetoes contrary facts
    assert symptom(report, "unclear-ownership")["status"] == "flagged"
    vendor = symptom(report, "vendor-driven-strategy")
    assert vendor["status"] == "flagged"
    assert "strategy-claim" in {e["ref"] for e in vendor["evidence"]}


def test_the_same_claims_without_an_inventory_stand(tmp_path: Path) -> None:
    doc = over_claiming_org()
    del doc["initiatives"]
    report = report_json(write(tmp_path, doc))
    statuses = {c["id"]: c["status"] for c in report["contradictions"]}
    # claims made but nothing to test them against; claims not made cannot be contradicted
    assert statuses["ownership-claim"] == statuses["strategy-claim"] == "not evaluable"
    assert "contradicted" not in statuses.values()
    assert symptom(report, "unclear-ownership")["status"] != "flagged"
    assert symptom(report, "vendor-driven-strategy")["status"] != "flagged"


def test_a_contradiction_reaches_every_format(tmp_path: Path) -> None:
    path = write(tmp_path, over_claiming_org())
    runner = CliRunner()
    for fmt in ("markdown", "html", "terminal"):
        result = runner.invoke(app, ["report", str(path), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert "2 of 7 (29%)" in result.output, fmt
        assert "Single ownership claimed, not seen in the inventory" in result.output, fmt


# --------------------------------------------------------------------------- 2. one respondent


def test_a_single_respondent_gets_decisions_not_unknowns(tmp_path: Path) -> None:
    low = {
        "ownership.single-accountable-owner": 1,
        "ownership.owner-decision-rights": 1,
        "ownership.data-science-outcome-accountability": 1,
        "structure.data-science-placement": 1,
    }
    alone = answers(low, people=(("Ada Ng", "COO"),))
    report = report_json(write(tmp_path, alone))
    assert [s["status"] for s in report["symptoms"]].count("not evaluable") == 0
    for sid in ("unclear-ownership", "data-science-disconnected"):
        found = symptom(report, sid)
        assert found["status"] == "flagged", sid
        disagreement = [e for e in found["signals"] if e["kind"] == "disagreement"]
        assert disagreement, sid
        assert {e["outcome"] for e in disagreement} == {"n/a"}
    # clearly failing signals decide the other way just as well
    healthy = report_json(write(tmp_path, answers(default=4, people=(("Ada Ng", "COO"),)), "healthy.yaml"))
    assert {s["status"] for s in healthy["symptoms"]} == {"not flagged"}


def test_several_respondents_of_one_role_are_one_view(tmp_path: Path) -> None:
    same_role = (("Ada Ng", "COO"), ("Bo Lund", "coo"), ("Cy Park", "COO "))
    report = report_json(write(tmp_path, answers(people=same_role)))
    for s in report["symptoms"]:
        assert s["status"] != "not evaluable", s["id"]
        assert "ownership.single-accountable-owner" not in (s["reason"] or "")


def test_a_missing_answer_is_named_and_an_answered_one_never_is(tmp_path: Path) -> None:
    doc = answers({"governance.decision-latency": 2, "governance.decision-consistency": 2}, people=(("Ada", "COO"),))
    del doc["respondents"][0]["answers"]["governance.decision-consistency"]
    report = report_json(write(tmp_path, doc))
    slow = symptom(report, "slow-decisions")
    assert slow["status"] == "not evaluable"
    assert "governance.decision-consistency (unanswered)" in slow["reason"]
    assert "governance.decision-latency" not in slow["reason"]


# --------------------------------------------------------------------------- 3. own evidence, n/a


def test_roadmap_uncertainty_needs_evidence_about_roadmapping(tmp_path: Path) -> None:
    metrics_only = answers(
        {
            "metrics.learning-velocity": 0,
            "metrics.incentives": 0,
            "process.probabilistic-roadmapping": 3,
            "structure.product-ai-fluency": 3,
        }
    )
    report = report_json(write(tmp_path, metrics_only))
    roadmap = symptom(report, "roadmap-uncertainty")
    # the two metrics signals hold, but nothing about roadmapping: not flagged, and not a near miss
    assert roadmap["status"] == "not flagged"
    assert roadmap["reason"].startswith("2 of 6 signals hold, but not its core signal")
    assert {e["ref"] for e in roadmap["evidence"]} == {"metrics.learning-velocity", "metrics.incentives"}
    core = [e for e in roadmap["signals"] if e["core"]]
    assert {e["ref"] for e in core} == {"process.probabilistic-roadmapping", "structure.product-ai-fluency"}


def test_an_organisation_without_product_teams_answers_na(tmp_path: Path) -> None:
    no_teams = answers(
        {"process.probabilistic-roadmapping": "n/a", "structure.product-ai-fluency": "n/a", "metrics.incentives": 0},
        default=1,
    )
    path = write(tmp_path, no_teams)
    checked = subprocess.run(
        [sys.executable, "-m", "aiopgap", "validate", str(path)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    roadmap = symptom(report_json(path), "roadmap-uncertainty")
    assert roadmap["status"] == "not flagged"
    assert roadmap["reason"].startswith("does not apply")


def test_every_bundled_symptom_has_a_core_signal_in_the_report(tmp_path: Path) -> None:
    report = report_json(write(tmp_path, answers()))
    for s in report["symptoms"]:
        assert any(e["core"] for e in s["signals"]), s["id"]


# --------------------------------------------------------------------------- 4. near misses


def test_a_near_miss_shows_what_holds_and_what_is_missing(tmp_path: Path) -> None:
    # one pilot signal short: conversion answered low, nothing else
    near = answers({"process.pilot-to-production": 1})
    report = report_json(write(tmp_path, near))
    pilots = symptom(report, "pilots-not-scaling")
    assert pilots["status"] == "watch"
    assert [e["ref"] for e in pilots["evidence"]] == ["process.pilot-to-production"]
    assert pilots["to_flag"] == 1
    assert "1 more would flag it" in pilots["reason"]
    outcomes = {(e["ref"], e["outcome"]) for e in pilots["signals"]}
    assert ("process.scale-path", "false") in outcomes
    assert ("pilot_conversion", "n/a") in outcomes  # no inventory: not applicable, not missing
    # every state lists every condition
    for s in report["symptoms"]:
        assert len(s["signals"]) == s["conditions"] >= 2, s["id"]


# --------------------------------------------------------------------------- version 1.0.0 answers


def test_answers_written_for_1_0_still_work_and_read_as_self_reported(tmp_path: Path) -> None:
    from tests.conftest import FIXTURES

    old = FIXTURES / "answers-1.0.0.yaml"
    assert "version: 1.0.0" in old.read_text()
    checked = subprocess.run(
        [sys.executable, "-m", "aiopgap", "validate", str(old)], capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stderr
    report = report_json(old)
    assert report["questionnaire_version"] == "1.1.0"
    assert report["score"] == 0.75  # scores do not change with the version
    assert report["confidence"] == 0
    assert report["evidenced_score"] == 0
    responses = [r for d in report["dimensions"] for q in d["questions"] for r in q["responses"]]
    assert responses
    assert all(r["evidence"] == [] and r["weight"] == 0 for r in responses)
    assert {s["status"] for s in report["symptoms"]} == {"flagged"}
