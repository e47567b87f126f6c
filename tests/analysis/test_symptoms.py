"""The symptom engine: three-valued rules, exact evidence, and the symptoms each example shows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment, load_questionnaire
from aiopgap.model.answers import Answers
from aiopgap.model.errors import InputError
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Report
from tests.conftest import EXAMPLES, FIXTURES

# --------------------------------------------------------------------------- the examples

EXPECTED_FLAGGED = {
    # a bank with 41 pilots, split ownership and four-forum approvals: every symptom shows
    "northbank-2026-Q3": {
        "pilots-not-scaling",
        "unclear-ownership",
        "slow-decisions",
        "data-science-disconnected",
        "roadmap-uncertainty",
        "vendor-driven-strategy",
    },
    # a retailer part-way there: named owners and live products, but an inconsistent review
    # board and fixed-date roadmaps
    "meridian-2026-Q3": {"slow-decisions", "roadmap-uncertainty"},
    # an AI-native scale-up: depends on a model vendor, but owns its strategy; nothing flagged
    "lumen-2026-Q3": set(),
}


def example_report(stem: str) -> Report:
    assessment = load_assessment(EXAMPLES / f"{stem}.yaml")
    return analyse(assessment.questionnaire, assessment.answers)


@pytest.mark.parametrize("stem", sorted(EXPECTED_FLAGGED))
def test_each_example_flags_what_an_expert_would(stem: str) -> None:
    report = example_report(stem)
    assert {s.id for s in report.flagged()} == EXPECTED_FLAGGED[stem]
    assert len(report.symptoms) == 6
    # every example answers enough for every symptom to be decided
    assert all(s.status != "not evaluable" for s in report.symptoms)
    for symptom in report.flagged():
        assert symptom.evidence, symptom.id
        assert all(e.outcome == "true" for e in symptom.evidence), symptom.id


def test_meridian_slow_decisions_evidence_is_exactly_the_triggering_answers() -> None:
    symptom = example_report("meridian-2026-Q3").symptom("slow-decisions")
    assert symptom is not None
    # the core (inconsistent decisions) holds, and so do two more governance signals
    assert [(e.ref, e.display, e.condition) for e in symptom.evidence] == [
        ("governance.decision-consistency", "1.5", "≤ 1.5"),
        ("governance.risk-tiering", "1.5", "≤ 1.5"),
        ("structure.embedded-risk-partners", "1", "≤ 1"),
    ]
    consistency = symptom.evidence[0]
    assert [(r.respondent, r.level) for r in consistency.responses] == [("Ana Lindqvist", 2), ("Claire Dubois", 1)]
    assert "different conditions from the board" in (consistency.responses[1].note or "")
    # decision latency (median 2) was checked and did not trigger, so it is not evidence ...
    assert "governance.decision-latency" not in {e.ref for e in symptom.evidence}
    # ... but it is listed among every condition checked, with its outcome
    signals = {(e.ref, e.condition): e for e in symptom.signals}
    assert signals[("governance.decision-latency", "≤ 1.5")].outcome == "false"
    assert signals[("governance.decision-consistency", "≤ 1.5")].core
    assert not signals[("governance.risk-tiering", "≤ 1.5")].core
    assert symptom.conditions == len(symptom.signals) == 8
    assert symptom.to_flag == 0
    assert [r.id for r in symptom.root_causes] == ["reactive-governance", "fragmented-ownership"]


def test_meridian_roadmap_symptom_reports_partial_coverage() -> None:
    symptom = example_report("meridian-2026-Q3").symptom("roadmap-uncertainty")
    assert symptom is not None
    assert symptom.status == "flagged"
    # metrics.learning-velocity was deferred to a follow-up workshop: one of six conditions unknown
    assert symptom.coverage == pytest.approx(5 / 6, abs=0.001)
    learning = [e for e in symptom.signals if e.ref == "metrics.learning-velocity"]
    assert [e.outcome for e in learning] == ["unknown"]
    assert "metrics.learning-velocity" not in {e.ref for e in symptom.evidence}


def test_a_signal_that_holds_without_the_core_is_said_but_not_watched() -> None:
    symptom = example_report("meridian-2026-Q3").symptom("vendor-driven-strategy")
    assert symptom is not None
    assert symptom.status == "not flagged"
    assert [(e.ref, e.display) for e in symptom.evidence] == [("process.vendor-model-oversight", "1")]
    assert symptom.to_flag == 2
    assert symptom.reason == "1 of 6 signals holds, but not its core signal; 2 more would flag it"
    assert {e.outcome for e in symptom.signals} == {"true", "false"}


def test_a_near_miss_with_its_core_signal_is_a_watch() -> None:
    from tests.conftest import EXAMPLES

    assessment = load_assessment(EXAMPLES / "trend" / "meridian-2026-Q1.yaml")
    symptom = analyse(assessment.questionnaire, assessment.answers).symptom("data-science-disconnected")
    assert symptom is not None
    assert symptom.status == "watch"
    core = [e for e in symptom.signals if e.core and e.outcome == "true"]
    assert core
    assert symptom.evidence == tuple(e for e in symptom.evidence if e.outcome == "true")
    assert symptom.to_flag == 2
    assert symptom.reason == "1 of 7 signals holds; 2 more would flag it"


def test_northbank_pilots_symptom_cites_inventory_facts() -> None:
    symptom = example_report("northbank-2026-Q3").symptom("pilots-not-scaling")
    assert symptom is not None
    facts = {e.ref: e for e in symptom.evidence if e.kind == "fact"}
    assert facts["pilot_conversion"].display == "4 of 12 (33%)"
    assert facts["stuck_pilots"].value == 6
    assert "Spending insights" in facts["stuck_pilots"].initiatives
    assert "Generative banking assistant" not in facts["stuck_pilots"].initiatives  # 7 months: not yet stuck


def test_lumen_vendor_dependency_is_not_vendor_driven_strategy() -> None:
    symptom = example_report("lumen-2026-Q3").symptom("vendor-driven-strategy")
    assert symptom is not None
    assert symptom.status == "not flagged"
    # the guard fails: product leadership owns the strategy (level 4) and the inventory agrees
    # (one initiative in seven is vendor-led), so nothing contradicts the claim ...
    assert (symptom.evidence[0].ref, symptom.evidence[0].condition, symptom.evidence[0].display) == (
        "ownership.ai-strategy-ownership",
        "not ≥ 3",
        "4",
    )
    assert ("strategy-claim", "contradicted", "consistent") in {
        (e.ref, e.condition, e.display) for e in symptom.evidence
    }
    # ... and none of the vendor signals holds either; every failure is explained
    assert all(e.outcome == "false" for e in symptom.evidence)
    assert {e.ref for e in symptom.evidence[2:]} >= {
        "governance.vendor-decisions",
        "structure.in-house-capability",
        "process.vendor-model-oversight",
        "vendor_led_share",
    }


def test_report_json_round_trips_with_symptoms() -> None:
    report = example_report("northbank-2026-Q3")
    again = Report.model_validate_json(report.model_dump_json())
    assert again == report
    assert again.inventory is not None
    assert again.recommendations


# --------------------------------------------------------------------------- three-valued logic


def mini_with(rules: dict[str, Any]) -> Questionnaire:
    data = yaml.safe_load((FIXTURES / "mini-questionnaire.yaml").read_text())
    data["practices"] = [{"id": "own-it", "name": "Own it", "description": "One owner.", "actions": ["Name one."]}]
    data["symptoms"] = [
        {
            "id": sid,
            "name": sid,
            "description": "x",
            "root_causes": ["fragmented"],
            "practices": ["own-it"],
            "severity": "high",
            "rule": rule,
        }
        for sid, rule in rules.items()
    ]
    return Questionnaire.model_validate(data)


def mini_answers(**extra: Any) -> Answers:
    data = yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text())
    data.update(extra)
    return Answers.model_validate(data)


# In the mini answers: ownership.owner median 3, ownership.budget 2, ownership.vendor all n/a,
# metrics.learning median 1, metrics.override unanswered.
TRUE = {"question": "ownership.owner", "at_least": 3}
FALSE = {"question": "ownership.budget", "at_most": 1}
UNANSWERED = {"question": "metrics.override", "at_most": 1}
NOT_APPLICABLE = {"question": "ownership.vendor", "at_most": 1}


def statuses(rules: dict[str, Any], **answers: Any) -> dict[str, str]:
    report = analyse(mini_with(rules), mini_answers(**answers))
    return {s.id: s.status for s in report.symptoms}


def test_three_valued_combinations() -> None:
    assert statuses(
        {
            "any-true-unknown": {"any": [UNANSWERED, TRUE]},
            "any-false-unknown": {"any": [FALSE, UNANSWERED]},
            "all-false-unknown": {"all": [UNANSWERED, FALSE]},
            "all-true-unknown": {"all": [TRUE, UNANSWERED]},
            "not-unknown": {"not": UNANSWERED},
            "not-false": {"not": FALSE},
            "two-of-true-unknown-false": {"at_least": 2, "of": [TRUE, UNANSWERED, FALSE]},
            "two-of-true-true-unknown": {"at_least": 2, "of": [TRUE, TRUE, UNANSWERED]},
            "two-of-false-false-unknown": {"at_least": 2, "of": [FALSE, FALSE, UNANSWERED]},
        }
    ) == {
        "any-true-unknown": "flagged",
        "any-false-unknown": "not evaluable",
        "all-false-unknown": "not flagged",
        "all-true-unknown": "not evaluable",
        "not-unknown": "not evaluable",
        "not-false": "flagged",
        "two-of-true-unknown-false": "not evaluable",
        "two-of-true-true-unknown": "flagged",
        "two-of-false-false-unknown": "not flagged",
    }


def test_unanswered_signals_are_named_never_silently_passed() -> None:
    report = analyse(mini_with({"s": {"all": [TRUE, UNANSWERED, NOT_APPLICABLE]}}), mini_answers())
    [symptom] = report.symptoms
    assert symptom.status == "not evaluable"
    # the question answered n/a does not apply, so it is left out rather than called missing
    assert symptom.coverage == pytest.approx(1 / 2, abs=0.001)
    assert [(e.ref, e.display) for e in symptom.evidence] == [("metrics.override", "unanswered")]
    assert symptom.reason == "not enough answers to decide; missing: metrics.override (unanswered)"
    assert [(e.ref, e.outcome) for e in symptom.signals] == [
        ("ownership.owner", "true"),
        ("metrics.override", "unknown"),
        ("ownership.vendor", "n/a"),
    ]


def test_not_applicable_conditions_are_left_out_of_every_branch() -> None:
    assert statuses(
        {
            "all-true-na": {"all": [TRUE, NOT_APPLICABLE]},
            "any-false-na": {"any": [FALSE, NOT_APPLICABLE]},
            "two-of-true-na": {"at_least": 2, "of": [TRUE, NOT_APPLICABLE]},
            "two-of-true-false-na": {"at_least": 2, "of": [TRUE, FALSE, NOT_APPLICABLE]},
            "not-na": {"all": [TRUE, {"not": NOT_APPLICABLE}]},
            "only-na": {"any": [NOT_APPLICABLE]},
        }
    ) == {
        # what remains decides: n/a never makes a symptom unknown
        "all-true-na": "flagged",
        "any-false-na": "not flagged",
        "two-of-true-na": "flagged",  # at least 2 of the one that applies: capped at 1
        "two-of-true-false-na": "watch",
        "not-na": "flagged",
        "only-na": "not flagged",
    }


def test_flagged_evidence_is_only_what_triggered() -> None:
    report = analyse(mini_with({"s": {"any": [FALSE, TRUE, UNANSWERED]}}), mini_answers())
    [symptom] = report.symptoms
    assert symptom.status == "flagged"
    assert [e.ref for e in symptom.evidence] == ["ownership.owner"]
    [evidence] = symptom.evidence
    assert evidence.value == 3
    assert [r.note for r in evidence.responses] == ["Split across three teams.", None, None]


def test_dimension_and_fact_conditions() -> None:
    rules = {
        "dimension": {"dimension": "metrics", "below": 1},  # metrics scores 1.0
        "fact-missing": {"fact": "vendor_led_share", "at_least": 0.5},
        "fact": {"fact": "vendor_led_share", "at_least": 0.5},
    }
    without = statuses(rules)
    # with no inventory a fact does not apply: the symptom is not flagged, and says why
    assert without == {"dimension": "not flagged", "fact-missing": "not flagged", "fact": "not flagged"}
    report = analyse(mini_with(rules), mini_answers())
    reason = report.symptoms[1].reason or ""
    assert reason.startswith("does not apply")
    assert "no initiatives listed" in reason
    initiatives = [
        {"name": "A", "stage": "pilot", "horizon": "near", "vendor_led": True},
        {"name": "B", "stage": "production", "horizon": "mid", "owners": "Ann", "monitored": True},
    ]
    # a share of two initiatives means little: it does not apply below five
    assert statuses(rules, initiatives=initiatives)["fact"] == "not flagged"
    more = [{"name": n, "stage": "pilot", "horizon": "near", "vendor_led": True} for n in "CDE"]
    assert statuses(rules, initiatives=initiatives + more)["fact"] == "flagged"


def test_symptom_without_rule_is_not_evaluable() -> None:
    q = mini_with({"s": TRUE})
    data = q.model_dump(by_alias=True)
    data["symptoms"][0].pop("rule")
    report = analyse(Questionnaire.model_validate(data), mini_answers())
    assert report.symptoms[0].status == "not evaluable"
    assert report.symptoms[0].reason == "the questionnaire gives this symptom no rule"


# --------------------------------------------------------------------------- validation


def test_rule_references_are_checked_with_locations(tmp_path: Path) -> None:
    text = (FIXTURES / "mini-questionnaire.yaml").read_text() + (
        "practices:\n"
        "  - {id: own-it, name: Own it, description: One owner.}\n"
        "symptoms:\n"
        "  - id: s\n"
        "    name: S\n"
        "    description: x\n"
        "    root_causes: [fragmented]\n"
        "    practices: [own-it]\n"
        "    rule:\n"
        "      at_least: 5\n"
        "      of:\n"
        "        - {question: ownership.ownr, at_most: 1}\n"
        "        - {dimension: governance, below: 2}\n"
        "        - {fact: pilot_converson, below: 0.3}\n"
        "        - not: {fact: vendor_led_share, above: 40}\n"
    )
    path = tmp_path / "q.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_questionnaire(path)
    messages = [str(p) for p in info.value.problems]
    start = text.splitlines().index("      at_least: 5") + 1

    def find(fragment: str) -> str:
        found = [m for m in messages if fragment in m]
        assert found, (fragment, messages)
        return found[0]

    assert f":{start}:" in find("at_least 5 can never hold with only 4 conditions")
    assert f":{start + 2}:" in find("unknown question 'ownership.ownr'")
    assert "[symptoms[0].rule.of[0].question]" in find("unknown question")
    assert f":{start + 3}:" in find("unknown dimension 'governance' (known: ownership, metrics)")
    assert f":{start + 4}:" in find("unknown fact 'pilot_converson'")
    assert "[symptoms[0].rule.of[3].not.above]" in find("threshold 40 is outside 0..1 for a share")
    assert len(messages) == 4 + 1


def test_malformed_rule_nodes_are_explained(tmp_path: Path) -> None:
    text = (FIXTURES / "mini-questionnaire.yaml").read_text() + (
        "practices:\n"
        "  - {id: own-it, name: Own it, description: One owner.}\n"
        "symptoms:\n"
        "  - id: s\n"
        "    name: S\n"
        "    description: x\n"
        "    root_causes: [fragmented]\n"
        "    practices: [own-it]\n"
        "    rule:\n"
        "      all:\n"
        "        - {question: ownership.owner}\n"
        "        - {qestion: ownership.owner, at_most: 1}\n"
        "        - {question: ownership.owner, at_most: 1, below: 2}\n"
    )
    path = tmp_path / "q.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as info:
        load_questionnaire(path)
    messages = [str(p) for p in info.value.problems]
    assert len(messages) == 3, messages
    assert "[symptoms[0].rule.all[0]]" in messages[0]
    assert "needs exactly one of at_most, at_least, below, above" in messages[0]
    assert "a rule must be one of" in messages[1]
    assert "(found at_most, below)" in messages[2]
    assert all("rule:" not in m for m in messages)


def test_bundled_questionnaire_backs_every_symptom_with_two_signals() -> None:
    from aiopgap.files.resources import default_questionnaire
    from aiopgap.model.rules import AllOf, AnyOf, AtLeast, Not

    q = load_questionnaire(default_questionnaire())

    def signals(rule: Any) -> set[tuple[str, str]]:
        if isinstance(rule, AllOf | AnyOf | AtLeast):
            children = rule.all if isinstance(rule, AllOf) else rule.any if isinstance(rule, AnyOf) else rule.of
            return set().union(*(signals(c) for c in children))
        if isinstance(rule, Not):
            return signals(rule.not_)
        kind = next(k for k in ("question", "dimension", "fact", "disagreement", "contradiction") if hasattr(rule, k))
        return {(kind, getattr(rule, kind))}

    assert {s.id for s in q.symptoms} == {
        "pilots-not-scaling",
        "unclear-ownership",
        "slow-decisions",
        "data-science-disconnected",
        "roadmap-uncertainty",
        "vendor-driven-strategy",
    }
    for symptom in q.symptoms:
        assert symptom.rule is not None, symptom.id
        assert len(signals(symptom.rule)) >= 2, symptom.id
    # each names a core signal specific to it: at least one no other symptom's core uses
    cores = {s.id: signals(s.core) for s in q.symptoms if s.core is not None}
    assert set(cores) == {s.id for s in q.symptoms}
    for sid, core in cores.items():
        others = set().union(*(c for other, c in cores.items() if other != sid))
        assert core - others, sid
        assert symptom.root_causes, symptom.id
        assert symptom.practices, symptom.id


def test_questionnaire_with_rules_dumps_and_reads_back() -> None:
    from aiopgap.files.resources import default_questionnaire

    q = load_questionnaire(default_questionnaire())
    dumped = q.model_dump(exclude_none=True)
    vendor = next(s for s in dumped["symptoms"] if s["id"] == "vendor-driven-strategy")
    assert "not" in vendor["rule"]["all"][0]
    assert Questionnaire.model_validate(dumped) == q


def test_not_evaluable_symptom_is_said_so_in_every_format() -> None:
    from aiopgap.render.formats import Format
    from aiopgap.render.report import render

    report = analyse(mini_with({"deferred": {"all": [TRUE, UNANSWERED]}}), mini_answers())
    html = render(report, Format.html)
    assert 'data-status="not evaluable"' in html
    assert "Could not be evaluated: not enough answers to decide" in html
    # the missing answers are named by id in the appendix
    appendix = html.split('id="appendix"', 1)[1]
    assert "not enough answers to decide; missing: metrics.override (unanswered)" in appendix
    assert 'data-status="flagged"' not in html
    md = render(report, Format.markdown)
    assert "## Symptoms: 0 of 1 flagged" in md
    assert "### Not evaluable" in md
    assert "metrics.override (unanswered)" in md
    text = render(report, Format.terminal, width=140)
    assert "not evaluable" in text
    assert "metrics.override (unanswered)" in text
