"""The diff engine on hand-checked fixtures: deltas, questionnaire evolution, symptoms, initiatives, the gate."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.diff import compare, initiative_changes, regressions
from aiopgap.analysis.findings import contradiction_changes, symptom_changes
from aiopgap.analysis.questions import replacement_links, replaces_map
from aiopgap.files.catalogue import catalogue
from aiopgap.model.diff import Diff, EvidenceChange
from aiopgap.model.report import ContradictionResult
from tests.conftest import FIXTURES, Side
from tests.conftest import open_side as load
from tests.shapes import evidence, initiative, symptom

MINI_12 = FIXTURES / "mini-questionnaire.yaml"
MINI_13 = FIXTURES / "mini-questionnaire-1.3.yaml"


def _load(name: str) -> Side:
    return load(FIXTURES / name, catalogue([MINI_12, MINI_13]))


def _diff(old_name: str, new_name: str) -> Diff:
    old, new = _load(old_name), _load(new_name)
    links = replacement_links(replaces_map(new.questionnaire), replaces_map(old.questionnaire))
    return compare(old.report, new.report, links)


@pytest.fixture(scope="module")
def forward() -> Diff:
    """Acme 2026-Q2 (mini 1.2.0) to 2026-Q3 (mini 1.3.0)."""
    return _diff("mini-answers.yaml", "mini-answers-1.3.yaml")


def test_dimension_and_overall_deltas_are_hand_checked(forward: Diff) -> None:
    ownership, metrics = forward.dimension("ownership"), forward.dimension("metrics")
    assert ownership is not None
    assert metrics is not None
    # ownership: old (owner 3 x2 + budget 2) / 3 = 2.667; new (owner 3 x2 + budget-holder 3) / 3 = 3.0
    assert (ownership.score.old, ownership.score.new, ownership.score.delta) == (2.667, 3.0, 0.333)
    assert ownership.score.direction == "up"
    assert (ownership.maturity_old, ownership.maturity_new, ownership.maturity_direction) == ("Middle", "High", "up")
    # metrics: old learning 1 (override unanswered) = 1.0; new (2 + 2 + 1 + 3) / 4 = 2.0
    assert (metrics.score.old, metrics.score.new, metrics.score.delta) == (1.0, 2.0, 1.0)
    assert (metrics.maturity_old, metrics.maturity_new) == ("Low", "Middle")
    # overall: dimension weights 2 and 1: (2.667*2 + 1)/3 = 2.111 -> (3*2 + 2)/3 = 2.667
    assert (forward.overall.old, forward.overall.new, forward.overall.delta) == (2.111, 2.667, 0.556)
    assert (forward.maturity_old, forward.maturity_new, forward.maturity_direction) == ("Middle", "Middle", "same")


def test_gap_shortfall_and_coverage_changes(forward: Diff) -> None:
    ownership, metrics = forward.dimension("ownership"), forward.dimension("metrics")
    assert ownership is not None
    assert metrics is not None
    # targets: ownership 3 -> 3, metrics 2 -> 2.5
    assert (ownership.gap.old, ownership.gap.new, ownership.gap.delta) == (0.333, 0.0, -0.333)
    assert (metrics.target_old, metrics.target_new) == (2.0, 2.5)
    assert (metrics.gap.old, metrics.gap.new, metrics.gap.delta) == (1.0, 0.5, -0.5)
    assert metrics.gap.direction == "down"  # the gap is closing
    # shortfall: mean positive gap: (0.333 + 1.0) / 2 -> (0 + 0.5) / 2
    assert forward.shortfall.old == pytest.approx(0.6665, abs=1e-3)
    assert forward.shortfall.new == 0.25
    # coverage: 4 of 5 questions answered -> 6 of 6; metrics 1 of 2 -> 4 of 4
    assert (forward.coverage.old, forward.coverage.new, forward.coverage.delta) == (0.8, 1.0, 0.2)
    assert (metrics.coverage.old, metrics.coverage.new) == (0.5, 1.0)


def test_renamed_split_added_and_removed_questions_are_mapped(forward: Diff) -> None:
    kinds = {(q.old_ids, q.new_ids): q.kind for q in forward.questions}
    assert kinds == {
        (("ownership.owner",), ("ownership.owner",)): "same",
        (("ownership.budget",), ("ownership.budget-holder",)): "renamed",
        (("metrics.learning",), ("metrics.learning",)): "same",
        (("metrics.override",), ("metrics.override-rate", "metrics.override-review")): "split",
        ((), ("metrics.outcomes",)): "added",
        (("ownership.vendor",), ()): "removed",
    }
    renamed = forward.question("ownership.budget-holder")
    assert renamed is not None
    assert renamed is forward.question("ownership.budget")
    assert (renamed.score.old, renamed.score.new) == (2.0, 3.0)  # medians of 2,2,4 and 3,3,4
    split = forward.question("metrics.override")
    assert split is not None
    assert split.score.direction == "new"  # unanswered before the split
    assert split.parts == (("metrics.override-rate", 2.0), ("metrics.override-review", 1.0))
    assert split.score.new == 1.5
    # the removed question is listed, never compared with anything
    removed = forward.question("ownership.vendor")
    assert removed is not None
    assert removed.score.direction == "unscored"
    assert removed.status_old == "n/a"
    assert removed.status_new is None


def test_answer_changes_carry_levels_and_notes(forward: Diff) -> None:
    owner = forward.question("ownership.owner")
    assert owner is not None
    assert owner.score.direction == "same"
    assert owner.changed  # the score held, but Ann's answer and note moved
    [ann] = owner.responses
    assert ann.respondent == "Ann"
    assert (ann.before[0].level, ann.after[0].level) == (1, 2)
    assert (ann.before[0].note, ann.after[0].note) == ("Split across three teams.", "Two teams now, one lead.")
    assert ann.level_changed
    assert ann.note_changed
    learning = forward.question("metrics.learning")
    assert learning is not None
    assert [(r.respondent, r.before[0].level, r.after[0].level) for r in learning.responses] == [
        ("Ann", 4, 3),
        ("Bob", 0, 1),
        ("Cy", 1, 2),
    ]


def test_without_replaces_links_renamed_questions_are_one_side_only() -> None:
    old, new = _load("mini-answers.yaml"), _load("mini-answers-1.3.yaml")
    diff = compare(old.report, new.report)
    kinds = {q.kind for q in diff.questions}
    assert kinds == {"same", "added", "removed"}
    budget = diff.question("ownership.budget")
    assert budget is not None
    assert budget.kind == "removed"


def test_a_backward_diff_uses_the_old_sides_replaces_and_flags_drops() -> None:
    backward = _diff("mini-answers-1.3.yaml", "mini-answers.yaml")
    merged = backward.question("metrics.override")
    assert merged is not None
    assert merged.kind == "merged"
    assert merged.old_ids == ("metrics.override-rate", "metrics.override-review")
    assert [d.score.delta for d in backward.dimensions] == [-0.333, -1.0]
    assert [d.id for d in regressions(backward)] == ["ownership", "metrics"]
    assert [d.id for d in regressions(backward, tolerance=0.5)] == ["metrics"]
    assert regressions(backward, tolerance=1.0) == ()  # a drop of exactly the tolerance passes


def test_same_report_has_no_changes() -> None:
    same = _diff("mini-answers.yaml", "mini-answers.yaml")
    assert same.changed_questions == ()
    assert {d.score.direction for d in same.dimensions} == {"same"}
    assert regressions(same) == ()


# --------------------------------------------------------------------------- symptoms and initiatives


def test_symptoms_appear_resolve_persist_with_changed_evidence() -> None:
    old = [
        symptom("slow-decisions", "Slow decisions", "flagged", evidence("d.board", "9 weeks")),
        symptom(
            "unclear-ownership", "Unclear ownership", "flagged", evidence("o.owners", "3"), evidence("o.budget", "1")
        ),
        symptom("pilots-not-scaling", "Pilots not scaling", "not flagged"),
        symptom("vendor-driven-strategy", "Vendor-driven strategy", "flagged", evidence("v.roadmap", "1")),
        symptom("roadmap-uncertainty", "Roadmap uncertainty", "not flagged"),
    ]
    new = [
        symptom("slow-decisions", "Slow decisions", "not flagged"),
        symptom(
            "unclear-ownership", "Unclear ownership", "flagged", evidence("o.owners", "3"), evidence("o.stop", "1")
        ),
        symptom("pilots-not-scaling", "Pilots not scaling", "flagged", evidence("p.production", "2 of 14")),
        symptom("vendor-driven-strategy", "Vendor-driven strategy", "not evaluable"),
        symptom("roadmap-uncertainty", "Roadmap uncertainty", "not flagged"),
    ]
    changes = {c.id: c for c in symptom_changes(old, new)}
    assert [c.change for c in symptom_changes(old, new)] == ["appeared", "persists", "resolved", "unknown"]
    assert set(changes) == {"slow-decisions", "unclear-ownership", "pilots-not-scaling", "vendor-driven-strategy"}
    assert changes["pilots-not-scaling"].evidence == ("p.production: 2 of 14 (rule ≤ 1.5)",)
    assert changes["slow-decisions"].change == "resolved"
    assert changes["slow-decisions"].evidence == ("d.board: 9 weeks (rule ≤ 1.5)",)  # what it was, for the record
    persists = changes["unclear-ownership"]
    assert persists.evidence_added == ("o.stop: 1 (rule ≤ 1.5)",)
    assert persists.evidence_removed == ("o.budget: 1 (rule ≤ 1.5)",)
    assert changes["vendor-driven-strategy"].status_new == "not evaluable"


def test_a_symptom_new_to_the_report_counts_as_appeared() -> None:
    [only] = symptom_changes([], [symptom("slow-decisions", "Slow decisions", "flagged", evidence("d.board", "1"))])
    assert (only.change, only.status_old) == ("appeared", None)


def test_initiatives_new_moved_and_dropped_matched_by_name() -> None:
    old = [initiative("Demand forecasting", "production"), initiative("Markdown pricing", "pilot")]
    new = [
        initiative("demand  Forecasting", "scaled"),
        initiative("Store staffing", "idea"),
    ]
    result = [(c.name, c.change, c.stage_old, c.stage_new) for c in initiative_changes(old, new)]
    assert result == [
        ("demand  Forecasting", "moved", "production", "scaled"),
        ("Store staffing", "new", None, "idea"),
        ("Markdown pricing", "dropped", "pilot", None),
    ]


def test_reports_without_symptoms_or_inventory_give_empty_sections(forward: Diff) -> None:
    assert forward.symptoms == ()
    assert forward.initiatives == ()


def test_different_organisations_are_noted(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text((FIXTURES / "mini-answers.yaml").read_text().replace("organisation: Acme", "organisation: Zenith"))
    old, new = _load("mini-answers.yaml"), load(other, catalogue([MINI_12]))
    diff = compare(old.report, new.report)
    assert any("different organisations" in note for note in diff.notes)


def test_a_dimension_on_one_side_only_is_new_or_gone_and_not_a_regression(forward: Diff) -> None:
    old, new = _load("mini-answers.yaml"), _load("mini-answers-1.3.yaml")
    without_metrics = new.report.model_copy(update={"dimensions": new.report.dimensions[:1]})
    gone = compare(old.report, without_metrics)
    metrics = gone.dimension("metrics")
    assert metrics is not None
    assert (metrics.score.direction, metrics.maturity_direction, metrics.maturity_new) == ("gone", "gone", None)
    assert [d.id for d in gone.dimensions] == ["ownership", "metrics"]
    assert regressions(gone) == ()
    appeared = compare(without_metrics, old.report)
    metrics = appeared.dimension("metrics")
    assert metrics is not None
    assert metrics.score.direction == "new"


def test_report_evidence_is_paired_by_condition_not_listed_twice() -> None:
    old = [
        symptom(
            "slow", "Slow", "flagged", evidence("g.tiering", "1"), evidence("g.latency", "1.5"), evidence("g.same", "1")
        )
    ]
    new = [
        symptom(
            "slow",
            "Slow",
            "flagged",
            evidence("g.same", "1"),
            evidence("g.tiering", "1.5"),
            evidence("s.risk", "1", "≤ 1"),
        )
    ]
    [persists] = symptom_changes(old, new, new_values={("question", "g.latency"): "2"})
    assert [(c.ref, c.change, c.old, c.new) for c in persists.evidence_changes] == [
        ("g.same", "same", "1", "1"),
        ("g.tiering", "changed", "1", "1.5"),
        ("s.risk", "new", None, "1"),  # the older report's value is unknown here
        ("g.latency", "gone", "1.5", "2"),  # ... and known here
    ]
    assert [c.text for c in persists.evidence_changes] == [
        "g.same: 1 (rule ≤ 1.5), unchanged",
        "g.tiering: 1 → 1.5 (rule ≤ 1.5)",
        "new: s.risk: 1 (rule ≤ 1)",
        "gone: g.latency: 1.5 → 2 (rule ≤ 1.5)",
    ]
    assert persists.evidence_added == ("s.risk: 1 (rule ≤ 1)",)
    assert persists.evidence_removed == ("g.latency: 1.5 (rule ≤ 1.5)",)


def test_the_same_question_under_two_conditions_is_two_pairs() -> None:
    """vendor-driven-strategy looks at ai-strategy-ownership twice ("not ≥ 3" and "≤ 1.5"): never cross-paired."""
    old = [symptom("v", "V", "flagged", evidence("o.strategy", "1.5", "not ≥ 3"), evidence("o.strategy", "1.5"))]
    new = [symptom("v", "V", "not flagged", evidence("o.strategy", "2"))]
    [resolved] = symptom_changes(old, new)
    assert resolved.evidence_changes == (
        EvidenceChange(
            ref="o.strategy", label="o.strategy", condition="not ≥ 3", old="1.5", new=None, change="gone",
            text="o.strategy: 1.5 (rule not ≥ 3)",
        ),
        EvidenceChange(
            ref="o.strategy", label="o.strategy", condition="≤ 1.5", old="1.5", new="2", change="changed",
            text="o.strategy: 1.5 → 2 (rule ≤ 1.5)",
        ),
    )  # fmt: skip


def test_an_initiative_moved_to_the_retired_stage_reads_retired() -> None:
    old = [initiative("Returns fraud scoring", "pilot")]
    [retired] = initiative_changes(old, [initiative("Returns fraud scoring", "retired")])
    assert (retired.change, retired.stage_old, retired.stage_new) == ("retired", "pilot", "retired")
    [dropped] = initiative_changes([initiative("Returns fraud scoring", "retired")], [])
    assert (dropped.change, dropped.stage_old) == ("dropped", "retired")


def test_a_symptom_moving_between_flagged_and_watch_appears_or_resolves() -> None:
    old = [symptom("a", "A", "flagged", evidence("q.a", "1")), symptom("b", "B", "watch"), symptom("c", "C", "watch")]
    new = [
        symptom("a", "A", "watch"),
        symptom("b", "B", "flagged", evidence("q.b", "1")),
        symptom("c", "C", "not flagged"),
    ]
    changes = {c.id: (c.change, c.status_old, c.status_new) for c in symptom_changes(old, new)}
    assert changes == {"b": ("appeared", "watch", "flagged"), "a": ("resolved", "flagged", "watch")}


def _contradiction(status: str, claim: str, fact: str) -> ContradictionResult:
    return ContradictionResult(
        id="strategy-claim",
        name="Strategy claimed",
        description="d",
        status=status,  # type: ignore[arg-type]
        claim=(evidence("o.strategy", claim, "≥ 3"),),
        facts=(evidence("vendor_led_share", fact, "≥ 0.4", kind="fact"),),
    )


def test_contradictions_appear_persist_resolve_with_both_numbers() -> None:
    hit = _contradiction("contradicted", "3", "4 of 8 (50%)")
    later = _contradiction("contradicted", "3.5", "4 of 8 (50%)")
    cleared = _contradiction("consistent", "3", "2 of 8 (25%)")
    unknown = _contradiction("not evaluable", "3", "no initiatives")
    [persists] = contradiction_changes([hit], [later])
    assert persists.change == "persists"
    assert [e.text for e in persists.claim] == ["o.strategy: 3 → 3.5 (rule ≥ 3)"]
    assert [e.text for e in persists.facts] == ["vendor_led_share: 4 of 8 (50%) (rule ≥ 0.4), unchanged"]
    [resolved] = contradiction_changes([hit], [cleared])
    assert (resolved.change, resolved.status_new) == ("resolved", "consistent")
    assert [e.text for e in resolved.facts] == ["vendor_led_share: 4 of 8 (50%) → 2 of 8 (25%) (rule ≥ 0.4)"]
    assert [c.change for c in contradiction_changes([hit], [unknown])] == ["unknown"]
    assert [c.change for c in contradiction_changes([], [hit])] == ["appeared"]
    assert contradiction_changes([cleared], [unknown]) == ()  # contradicted on neither side


def test_confidence_moves_overall_and_per_dimension() -> None:
    old, new = _load("mini-answers.yaml").report, _load("mini-answers.yaml").report
    first = old.dimensions[0]
    old = old.model_copy(
        update={"confidence": 0.2, "dimensions": (first.model_copy(update={"confidence": 0.1}), *old.dimensions[1:])}
    )
    new = new.model_copy(
        update={"confidence": 0.5, "dimensions": (first.model_copy(update={"confidence": 0.6}), *new.dimensions[1:])}
    )
    diff = compare(old, new)
    assert (diff.confidence.delta, diff.confidence.direction) == (0.3, "up")
    assert (diff.dimensions[0].confidence.old, diff.dimensions[0].confidence.new) == (0.1, 0.6)
    before_evidence = compare(old.model_copy(update={"confidence": None}), new)
    assert before_evidence.confidence.direction == "new"
    assert any("carries no confidence" in note for note in before_evidence.notes)
