"""An outside attack on ``plan``, plan files and ``check --against-plan``, from the issue, README and --help.

The promises under attack:

* ``plan`` refuses quarters and capacities it cannot honour, and a questionnaire whose practices
  build on each other in a circle or on practices it does not hold, at the questionnaire's line;
* a plan never schedules a practice before the practices it builds on, never puts more moves in a
  quarter than the capacity, and is byte-identical for identical input; this is checked by reading
  back the plan file it saves, not by trusting what it prints;
* ``--save`` loses nothing: an existing file, a folder, a full disk, a read-only folder, a link to
  the answers are refused or replaced whole, never half-written;
* a plan file edited by hand is read as strictly as an answers file: each wrong field, moves
  reordered against prerequisites, a quarter over capacity, periods out of order, ten thousand
  moves and YAML bombs give one located error and exit 2, never a traceback;
* ``check --against-plan`` fails a build when a dimension is behind plan by more than the
  tolerance, exactly at the edge, and refuses tolerances that are not numbers and plans for
  another unit.

Every defect these tests found is fixed; none is marked as expected to fail.
"""

from __future__ import annotations

import copy
import json
import os
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiopgap.cli import app
from tests.conftest import ROOT, examples
from tests.trust.test_portfolio_attacks import (
    DIMENSIONS,
    PRACTICES,
    QUESTIONS,
    Outcome,
    answers_doc,
    assert_clean,
    assert_refused,
    assert_tables_whole,
    run,
    runner,
    write,
)

FORMATS = ("terminal", "markdown", "html", "json")


def make_answers(folder: Path, **kwargs: Any) -> Path:
    kwargs.setdefault("level", 1)
    return write(folder / f"answers-{kwargs.get('period', '2026-Q2')}.yaml", answers_doc(**kwargs))


def make_plan(folder: Path, answers: Path, *options: object, name: str = "plan.yaml") -> Path:
    saved = folder / name
    outcome = run("plan", answers, *options, "--save", saved)
    assert outcome.code == 0, outcome
    assert saved.is_file(), outcome
    return saved


def load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return doc


def read_plan(answers: Path, plan: Path, *options: object) -> Outcome:
    """Check an assessment against a plan (the issue's own way a plan is read back)."""
    return run("check", answers, "--against-plan", plan, "--no-config", *options)


def assert_plan_refused(answers: Path, plan: Path, *needles: str) -> None:
    """Every reader of a plan file refuses it alike: ``plan PLAN``, ``check --against-plan`` and ``validate``."""
    shown = run("plan", plan)
    assert_refused(shown, plan.name, *needles)
    assert shown.out == "", "a refused plan was still shown"
    assert_refused(read_plan(answers, plan), plan.name, *needles)
    assert_refused(run("validate", plan), plan.name, *needles)


# == quarters and capacity =========================================================================


@pytest.mark.parametrize("quarters", ["0", "-1", "21", "99999999999999999999", "two", "1.5", "nan"])
def test_quarters_out_of_range_are_refused_and_nothing_saved(quarters: str, tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    saved = tmp_path / "plan.yaml"
    outcome = run("plan", answers, "--quarters", quarters, "--save", saved)
    assert_refused(outcome, "quarters")
    assert not saved.exists()


@pytest.mark.parametrize("capacity", ["0", "-1", "21", "1e9", "many", "nan"])
def test_a_capacity_out_of_range_is_refused_and_nothing_saved(capacity: str, tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    saved = tmp_path / "plan.yaml"
    outcome = run("plan", answers, "--quarters", "4", "--capacity", capacity, "--save", saved)
    assert_refused(outcome, "capacity")
    assert not saved.exists()


def test_the_longest_plan_is_accepted(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=0)
    plan = load(make_plan(tmp_path, answers, "--quarters", "20", "--capacity", "20"))
    assert len(plan["quarters"]) == 20


# == questionnaires whose practices build on each other wrongly ====================================


def _questionnaire(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "questionnaires" / "default.yaml").read_text(encoding="utf-8")
    text = text.replace("id: aiopgap-default", "id: attack-q", 1)
    head, practices = text.split("\npractices:", 1)
    assert old in practices
    return write(tmp_path / "attack-q.yaml", head + "\npractices:" + practices.replace(old, new, 1))


BROKEN_PREREQUISITES = {
    "a circle": (
        "  - id: end-to-end-ownership\n",
        "  - id: end-to-end-ownership\n    builds_on: [portfolio-investment]\n",
    ),
    "an unknown practice": ("builds_on: [end-to-end-ownership, embedded-guardrails]", "builds_on: [no-such-practice]"),
    "itself": ("builds_on: [end-to-end-ownership, embedded-guardrails]", "builds_on: [lifecycle-thinking]"),
    "not a list": ("builds_on: [end-to-end-ownership, embedded-guardrails]", "builds_on: 7"),
}


@pytest.mark.parametrize("case", list(BROKEN_PREREQUISITES))
def test_plan_refuses_a_questionnaire_with_broken_prerequisites_at_its_line(case: str, tmp_path: Path) -> None:
    questionnaire = _questionnaire(tmp_path, *BROKEN_PREREQUISITES[case])
    doc = answers_doc()
    doc["questionnaire"] = {"id": "attack-q", "version": "1.1.0"}
    answers = write(tmp_path / "answers.yaml", doc)
    outcome = run("plan", answers, "-Q", questionnaire, "--quarters", "4", "--save", tmp_path / "plan.yaml")
    assert_refused(outcome, "builds_on")
    assert re.search(r"attack-q\.yaml:\d+:\d+", outcome.text), outcome
    assert not (tmp_path / "plan.yaml").exists()


# == what a plan promises, read back from the file it saves ========================================


def quarter_of_moves(plan: dict[str, Any]) -> dict[str, list[int]]:
    """Each practice's moves by the index of their quarter (`later` moves after the last, in their order)."""
    found: dict[str, list[int]] = {}
    for index, quarter in enumerate(plan["quarters"]):
        for move in quarter.get("moves") or []:
            found.setdefault(move["practice"], []).append(index)
    for position, move in enumerate(plan.get("later") or []):
        found.setdefault(move["practice"], []).append(len(plan["quarters"]) + position)
    return found


def assert_plan_keeps_its_promises(plan: dict[str, Any], quarters: int, capacity: int) -> None:
    assert plan["format"] == "aiopgap.plan/1"
    assert plan["capacity"] == capacity
    assert len(plan["quarters"]) == quarters
    periods = [q["period"] for q in plan["quarters"]]
    assert len(set(periods)) == len(periods), periods
    assert periods == sorted(periods), periods
    assert periods[0] > plan["baseline"]["period"], periods
    for quarter in plan["quarters"]:
        moved = [m["practice"] for m in quarter.get("moves") or []]
        assert len(moved) <= capacity, quarter["period"]
        assert len(set(moved)) == len(moved), f"a practice moved twice in {quarter['period']}"
    where = quarter_of_moves(plan)
    for practice, indexes in where.items():
        for needed in PRACTICES[practice]:
            # --help: "a practice starts only after the practices it builds on have had their moves"
            assert max(where.get(needed, [-1])) < min(indexes), (
                f"{practice} is planned in quarter {min(indexes)} before {needed} ({where.get(needed)})"
            )
    # a practice climbs one step at a time, each move starting where the last left it
    levels: dict[str, float] = {}
    for quarter in [*plan["quarters"], {"moves": plan.get("later") or []}]:
        for move in quarter.get("moves") or []:
            if move.get("from_level") is None or move.get("to_level") is None:
                continue
            assert move["to_level"] >= move["from_level"], (
                move
            )  # strictly: see test_every_planned_move_raises_its_practice
            if move["practice"] in levels:
                assert move["from_level"] == pytest.approx(levels[move["practice"]]), move
            levels[move["practice"]] = move["to_level"]
    # moves only raise scores: each quarter expects at least what the one before it did
    before = dict(plan["baseline"].get("scores") or {})
    for quarter in plan["quarters"]:
        for dimension, score in (quarter.get("expected") or {}).items():
            assert 0 <= score <= 4
            assert score >= before.get(dimension, 0) - 1e-9, (quarter["period"], dimension)
            before[dimension] = score


@settings(max_examples=examples(10, 300), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    levels=st.lists(st.integers(0, 4), min_size=len(DIMENSIONS), max_size=len(DIMENSIONS)),
    quarters=st.integers(1, 8),
    capacity=st.integers(1, 3),
)
def test_a_plan_never_runs_ahead_of_prerequisites_nor_over_capacity(
    levels: list[int], quarters: int, capacity: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("plan")
    chosen = {q: levels[i] for i, d in enumerate(DIMENSIONS) for q in QUESTIONS[d]}
    answers = make_answers(folder, levels=chosen)
    saved = make_plan(folder, answers, "--quarters", quarters, "--capacity", capacity)
    assert_plan_keeps_its_promises(load(saved), quarters, capacity)


def test_every_planned_move_raises_its_practice(tmp_path: Path) -> None:
    levels = dict(zip(DIMENSIONS, [3, 4, 0, 0, 0], strict=True))  # found by the property test above
    answers = make_answers(tmp_path, levels={q: levels[d] for d in DIMENSIONS for q in QUESTIONS[d]})
    plan = load(make_plan(tmp_path, answers, "--quarters", "4", "--capacity", "1"))
    flat = [m for q in plan["quarters"] for m in q["moves"]] + list(plan.get("later") or [])
    assert [m["practice"] for m in flat if m["to_level"] <= m["from_level"]] == []


def test_the_json_plan_says_what_the_saved_file_says(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=0)
    saved = make_plan(tmp_path, answers, "--quarters", "6", "--capacity", "2")
    printed = run("plan", answers, "--quarters", "6", "--capacity", "2", "--format", "json")
    assert printed.code == 0, printed
    as_json = json.loads(printed.out)
    body = as_json.get("plan", as_json)
    assert body["quarters"] == load(saved)["quarters"]


def test_an_assessment_already_at_the_top_plans_nothing_and_says_so(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=4)
    outcome = run("plan", answers, "--quarters", "4")
    assert_clean(outcome)
    assert outcome.code in (0, 2), outcome
    if outcome.code == 0:
        saved = load(make_plan(tmp_path, answers, "--quarters", "4"))
        assert all(not q.get("moves") for q in saved["quarters"])


def test_a_plan_is_byte_identical_for_identical_input(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=1)
    first = make_plan(tmp_path, answers, "--quarters", "5", "--capacity", "2", name="one.yaml")
    second = make_plan(tmp_path, answers, "--quarters", "5", "--capacity", "2", name="two.yaml")
    assert first.read_bytes() == second.read_bytes()
    for fmt in FORMATS:
        outs = []
        for i in range(2):
            target = tmp_path / f"{fmt}-{i}"
            outcome = run("plan", answers, "--quarters", "5", "--capacity", "2", "--format", fmt, "-o", target)
            assert outcome.code == 0, outcome
            outs.append(target.read_bytes())
        assert outs[0] == outs[1], fmt


def test_the_html_plan_has_a_timeline_chart_and_escapes_names(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, organisation="<script>alert(1)</script>", unit="Cards | <b>x</b>")
    outcome = run("plan", answers, "--quarters", "4", "--format", "html")
    assert outcome.code == 0, outcome
    assert "<svg" in outcome.out
    assert "<script>alert" not in outcome.out
    assert "<b>x</b>" not in outcome.out
    markdown = run("plan", answers, "--quarters", "4", "--format", "markdown")
    assert "<script>alert" not in markdown.out


# == --save loses nothing ==========================================================================


def test_save_onto_the_answers_file_is_refused_and_the_answers_kept(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    before = answers.read_bytes()
    assert_refused(run("plan", answers, "--quarters", "2", "--save", answers))
    assert answers.read_bytes() == before


def test_save_through_a_link_to_the_answers_is_refused(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    before = answers.read_bytes()
    link = tmp_path / "plan.yaml"
    link.symlink_to(answers)
    assert_refused(run("plan", answers, "--quarters", "2", "--save", link))
    assert answers.read_bytes() == before
    assert link.is_symlink()


def test_save_onto_a_folder_is_refused(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    folder = tmp_path / "plans"
    folder.mkdir()
    assert_refused(run("plan", answers, "--quarters", "2", "--save", folder))
    assert list(folder.iterdir()) == []


def test_save_onto_a_full_disk_says_so_and_leaves_nothing(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full here")
    answers = make_answers(tmp_path)
    outcome = run("plan", answers, "--quarters", "2", "--save", "/dev/full")
    assert_refused(outcome)
    assert "full" in outcome.text.casefold() or "space" in outcome.text.casefold(), outcome


def test_save_into_a_read_only_folder_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        outcome = run("plan", answers, "--quarters", "2", "--save", folder / "plan.yaml")
        assert_clean(outcome)
        if os.geteuid() != 0:  # root writes anywhere
            assert outcome.code == 2, outcome
            assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_save_onto_an_existing_plan_replaces_it_whole_or_keeps_it(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    saved = make_plan(tmp_path, answers, "--quarters", "2")
    saved.write_text(saved.read_text() + "# edited by hand\n")
    before = saved.read_bytes()
    outcome = run("plan", answers, "--quarters", "3", "--save", saved)
    assert_clean(outcome)
    if outcome.code == 2:
        assert saved.read_bytes() == before
    else:
        assert outcome.code == 0, outcome
        assert len(load(saved)["quarters"]) == 3
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


# == plan files edited by hand =====================================================================


@pytest.fixture
def planned(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """Answers at level 0 (so every practice has moves) and their plan: six quarters, one move each."""
    answers = make_answers(tmp_path, level=0)
    saved = make_plan(tmp_path, answers, "--quarters", "6", "--capacity", "1")
    return answers, saved, load(saved)


def _set(doc: dict[str, Any], path: tuple[Any, ...], value: Any) -> None:
    target: Any = doc
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value


_DELETE = object()
MOVE = ("quarters", 0, "moves", 0)
HAND_EDITS: dict[str, tuple[tuple[Any, ...], Any, str]] = {
    "format of another version": (("format",), "aiopgap.plan/2", "format"),
    "organisation missing": (("organisation",), _DELETE, "organisation"),
    "organisation a list": (("organisation",), ["a"], "organisation"),
    "an unknown field": (("colour",), "red", "colour"),
    "capacity zero": (("capacity",), 0, "capacity"),
    "capacity 21": (("capacity",), 21, "capacity"),
    "capacity as text": (("capacity",), "2", "capacity"),
    "capacity true": (("capacity",), True, "capacity"),
    "capacity a fraction": (("capacity",), 1.5, "capacity"),
    "assumption missing": (("assumption",), _DELETE, "assumption"),
    "no quarters": (("quarters",), [], "quarters"),
    "quarters a mapping": (("quarters",), {"a": 1}, "quarters"),
    "a period empty": (("quarters", 0, "period"), "", "period"),
    "a move's practice unknown": ((*MOVE, "practice"), "no-such-practice", "no-such-practice"),
    "a move's practice not a slug": ((*MOVE, "practice"), "Not A Slug!", "practice"),
    "a from_level negative": ((*MOVE, "from_level"), -1, "from_level"),
    "a to_level above the scale": ((*MOVE, "to_level"), 5, "to_level"),
    "a to_level as text": ((*MOVE, "to_level"), "high", "to_level"),
    "an unknown dimension expected": (("quarters", 0, "expected", "no-such-dimension"), 2, "no-such-dimension"),
    "an expected score above the scale": (("quarters", 0, "expected", "ownership"), 9, "expected"),
    "an expected score true": (("quarters", 0, "expected", "ownership"), True, "expected"),
    "a from_level true": ((*MOVE, "from_level"), True, "from_level"),
    "a baseline score true": (("baseline", "scores", "ownership"), True, "baseline"),
    "a baseline score as text": (("baseline", "scores", "ownership"), "high", "baseline"),
    "baseline missing": (("baseline",), _DELETE, "baseline"),
    "an unknown questionnaire": (("questionnaire", "id"), "no-such-questionnaire", "questionnaire"),
    "a questionnaire version not semantic": (("questionnaire", "version"), "one", "version"),
    "a target above the scale": (("targets",), {"ownership": 7}, "targets"),
    "later a string": (("later",), "everything else", "later"),
}


@pytest.mark.parametrize(
    "case",
    HAND_EDITS,
)
def test_each_wrong_field_of_a_hand_edited_plan_is_located(
    case: str, planned: tuple[Path, Path, dict[str, Any]]
) -> None:
    answers, saved, plan = planned
    path, value, place = HAND_EDITS[case]
    edited = copy.deepcopy(plan)
    _set(edited, path, value)
    write(saved, edited)
    assert_plan_refused(answers, saved, place)
    outcome = run("plan", saved)
    assert re.search(rf"{re.escape(saved.name)}:\d+(:\d+)?", outcome.text), outcome


def _move_counts(plan: dict[str, Any]) -> list[int]:
    return [len(q.get("moves") or []) for q in plan["quarters"]]


def test_moves_reordered_against_their_prerequisites_are_refused(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, plan = planned
    edited = copy.deepcopy(plan)
    edited["quarters"].reverse()
    periods = [q["period"] for q in plan["quarters"]]
    for quarter, period in zip(edited["quarters"], periods, strict=True):
        quarter["period"] = period  # periods stay in order: only the moves run backwards
    assert any(PRACTICES[m["practice"]] for q in edited["quarters"][:1] for m in q.get("moves") or [])
    write(saved, edited)
    assert_plan_refused(answers, saved, "builds on")


def test_a_quarter_over_capacity_is_refused(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, plan = planned
    edited = copy.deepcopy(plan)
    edited["quarters"][1]["moves"] = edited["quarters"][0]["moves"] + edited["quarters"][1]["moves"]
    edited["quarters"][0]["moves"] = []
    write(saved, edited)
    assert_plan_refused(answers, saved, "capacity")


def test_periods_out_of_order_are_refused(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, plan = planned
    edited = copy.deepcopy(plan)
    edited["quarters"][0]["period"], edited["quarters"][1]["period"] = (
        edited["quarters"][1]["period"],
        edited["quarters"][0]["period"],
    )
    write(saved, edited)
    assert_plan_refused(answers, saved, "period")


def test_a_period_twice_is_refused(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, plan = planned
    edited = copy.deepcopy(plan)
    edited["quarters"][1]["period"] = edited["quarters"][0]["period"]
    write(saved, edited)
    assert_plan_refused(answers, saved, edited["quarters"][0]["period"])


def test_a_first_quarter_before_the_baseline_is_refused(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, plan = planned
    edited = copy.deepcopy(plan)
    edited["baseline"]["period"] = "2099-Q4"
    write(saved, edited)
    assert_plan_refused(answers, saved, "period")


def test_ten_thousand_moves_are_refused_quickly(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, plan = planned
    edited = copy.deepcopy(plan)
    edited["quarters"][0]["moves"] = [{"practice": "end-to-end-ownership"}] * 10_000
    write(saved, edited)
    started = time.monotonic()
    assert_plan_refused(answers, saved)
    assert time.monotonic() - started < 20


def test_a_yaml_bomb_in_a_plan_is_refused(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, _ = planned
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    write(saved, "\n".join(lines) + "\nformat: aiopgap.plan/1\n")
    started = time.monotonic()
    assert_plan_refused(answers, saved)
    assert time.monotonic() - started < 20


def test_anchors_and_aliases_in_a_plan_read_as_written(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, plan = planned
    edited = copy.deepcopy(plan)
    edited["quarters"][1]["expected"] = edited["quarters"][0]["expected"]  # one object: dumped as an alias
    write(saved, edited)
    assert "*id" in saved.read_text(encoding="utf-8")
    outcome = read_plan(answers, saved)
    assert_clean(outcome)
    assert outcome.code in (0, 1, 2), outcome
    if outcome.code == 2:  # a second quarter expecting no rise is allowed; the alias is no reason to refuse
        assert "alias" not in outcome.text.casefold(), outcome
        assert "anchor" not in outcome.text.casefold(), outcome


def test_a_plan_that_is_not_a_mapping_is_refused(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, saved, _ = planned
    for text in ("- a\n- b\n", "just text\n", "", "{format: aiopgap.plan/1\n"):
        write(saved, text)
        assert_plan_refused(answers, saved)


def test_an_answers_file_given_as_the_plan_is_refused(planned: tuple[Path, Path, dict[str, Any]]) -> None:
    answers, _, _ = planned
    assert_refused(read_plan(answers, answers), "plan")


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.lists(st.integers(0, 4), max_size=3),
)


def _leaves(doc: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(doc, dict):
        return [p for k, v in doc.items() for p in _leaves(v, (*path, k))] or [path]
    if isinstance(doc, list):
        return [p for i, v in enumerate(doc) for p in _leaves(v, (*path, i))] or [path]
    return [path]


_FUZZ_BASE: list[dict[str, Any]] = []


@settings(max_examples=examples(15, 1000), deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_fuzzed_plan_files_never_crash(data: st.DataObject, tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    answers = make_answers(folder, level=0)
    if not _FUZZ_BASE:  # one plan to start every example from
        _FUZZ_BASE.append(load(make_plan(folder, answers, "--quarters", "3", "--capacity", "2")))
    saved = folder / "plan.yaml"
    plan = copy.deepcopy(_FUZZ_BASE[0])
    for _ in range(data.draw(st.integers(1, 3))):
        leaves = [p for p in _leaves(plan) if p]
        _set(plan, data.draw(st.sampled_from(leaves)), data.draw(SCALARS))
    write(saved, plan)
    shown = run("plan", saved)
    assert_clean(shown)
    assert shown.code in (0, 2), shown
    checked = read_plan(answers, saved)
    assert_clean(checked)
    assert checked.code in (0, 1, 2), checked
    if shown.code == 2:  # what one reader refuses, the other refuses too
        assert checked.code == 2, (shown, checked)


# == check --against-plan ==========================================================================


def _behind_by(plan: dict[str, Any]) -> float:
    """How far an assessment that stayed at the baseline is behind the first quarter, at most."""
    first = plan["quarters"][0].get("expected") or {}
    base = plan["baseline"]["scores"]
    return max(float(first[d]) - float(base[d]) for d in first if d in base)


@pytest.fixture
def stood_still(tmp_path: Path) -> tuple[Path, Path, dict[str, Any]]:
    """A plan from 2026-Q2 and an assessment of its first quarter that changed nothing."""
    answers = make_answers(tmp_path, level=1)
    saved = make_plan(tmp_path, answers, "--quarters", "4", "--capacity", "2")
    plan = load(saved)
    later = make_answers(tmp_path, level=1, period=plan["quarters"][0]["period"])
    return later, saved, plan


def test_falling_behind_plan_fails_the_build(stood_still: tuple[Path, Path, dict[str, Any]]) -> None:
    later, saved, plan = stood_still
    assert _behind_by(plan) > 0
    outcome = read_plan(later, saved)
    assert_clean(outcome)
    assert outcome.code == 1, outcome
    assert "behind" in outcome.text.casefold()


def test_a_tolerance_exactly_at_the_shortfall_passes(stood_still: tuple[Path, Path, dict[str, Any]]) -> None:
    later, saved, plan = stood_still
    gap = _behind_by(plan)
    assert read_plan(later, saved, "--tolerance", repr(gap)).code == 0
    assert read_plan(later, saved, "--tolerance", repr(round(gap - 0.01, 3))).code == 1


def test_the_assessment_the_plan_was_made_from_is_on_plan(stood_still: tuple[Path, Path, dict[str, Any]]) -> None:
    _, saved, _ = stood_still
    outcome = read_plan(saved.parent / "answers-2026-Q2.yaml", saved)
    assert_clean(outcome)
    assert outcome.code == 0, outcome


@pytest.mark.parametrize("tolerance", ["-0.1", "nan", "inf", "-inf", "lots"])
def test_a_tolerance_that_is_not_a_finite_positive_number_is_refused(
    tolerance: str, stood_still: tuple[Path, Path, dict[str, Any]]
) -> None:
    later, saved, _ = stood_still
    assert_refused(read_plan(later, saved, "--tolerance", tolerance), "tolerance")


def test_a_plan_for_another_unit_is_refused(tmp_path: Path) -> None:
    retail = make_answers(tmp_path / "retail", unit="Retail")
    saved = make_plan(tmp_path, retail, "--quarters", "2")
    cards = make_answers(tmp_path / "cards", unit="Cards", period="2026-Q3")
    assert_refused(read_plan(cards, saved), "Retail", "Cards")


def test_a_plan_for_the_organisation_is_refused_for_a_unit(tmp_path: Path) -> None:
    whole = make_answers(tmp_path / "whole")
    saved = make_plan(tmp_path, whole, "--quarters", "2")
    cards = make_answers(tmp_path / "cards", unit="Cards", period="2026-Q3")
    assert_refused(read_plan(cards, saved), "Cards")


def test_a_plan_for_another_organisation_is_refused(tmp_path: Path) -> None:
    ours = make_answers(tmp_path / "ours")
    saved = make_plan(tmp_path, ours, "--quarters", "2")
    theirs = make_answers(tmp_path / "theirs", organisation="Other Bank plc", period="2026-Q3")
    assert_refused(read_plan(theirs, saved), "Other Bank plc")


def test_a_missing_plan_is_refused(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    assert_refused(read_plan(answers, tmp_path / "no-plan.yaml"), "no-plan.yaml")


# == more of plan's edges ==========================================================================


def test_a_plan_for_a_unit_names_the_unit(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, unit={"name": "Retail Banking", "parent": "Consumer"})
    plan = load(make_plan(tmp_path, answers, "--quarters", "2"))
    assert plan["unit"] == "Retail Banking"


def test_plan_on_a_questionnaire_without_practices_is_clean(tmp_path: Path) -> None:
    fixtures = ROOT / "tests" / "fixtures"
    saved = tmp_path / "plan.yaml"
    outcome = run(
        "plan",
        fixtures / "mini-answers.yaml",
        "-Q",
        fixtures / "mini-questionnaire.yaml",
        "--quarters",
        "2",
        "--save",
        saved,
    )
    assert_clean(outcome)
    assert outcome.code in (0, 2), outcome
    if outcome.code == 2:
        assert not saved.exists()


def test_plan_on_answers_with_every_question_left_out_is_clean(tmp_path: Path) -> None:
    every = {q: None for qs in QUESTIONS.values() for q in qs}
    every[QUESTIONS["ownership"][0]] = 1
    answers = make_answers(tmp_path, levels=every)
    outcome = run("plan", answers, "--quarters", "3")
    assert_clean(outcome)
    assert outcome.code in (0, 2), outcome


def test_plan_pdf_needs_an_output_file(tmp_path: Path) -> None:
    assert_refused(run("plan", make_answers(tmp_path), "--quarters", "2", "--format", "pdf"))


def test_plan_output_and_save_onto_one_file_is_refused_or_consistent(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    same = tmp_path / "same.yaml"
    outcome = run("plan", answers, "--quarters", "2", "--save", same, "--format", "markdown", "-o", same)
    assert_clean(outcome)
    if outcome.code == 0:  # then the file must be one whole document, not a mixture
        text = same.read_text(encoding="utf-8")
        assert text.startswith(("#", "format", "---")), text[:200]
    else:
        assert outcome.code == 2, outcome


@pytest.mark.parametrize("command", ["trend", "diff"])
def test_a_plan_is_overlaid_on_the_quarters_that_followed(
    command: str, stood_still: tuple[Path, Path, dict[str, Any]]
) -> None:
    later, saved, _ = stood_still
    outcome = run(command, later.parent / "answers-2026-Q2.yaml", later, "--plan", saved)
    assert_clean(outcome)
    assert outcome.code == 0, outcome
    assert "behind" in outcome.out.casefold()


def test_trend_refuses_a_plan_for_another_unit(tmp_path: Path) -> None:
    retail = make_answers(tmp_path / "retail", unit="Retail")
    saved = make_plan(tmp_path, retail, "--quarters", "2")
    cards = [make_answers(tmp_path / "cards", unit="Cards", period=p) for p in ("2026-Q2", "2026-Q3")]
    assert_refused(run("trend", *cards, "--plan", saved), "Retail", "Cards")


@pytest.mark.parametrize("fmt", FORMATS)
def test_trend_with_a_plan_is_deterministic(fmt: str, stood_still: tuple[Path, Path, dict[str, Any]]) -> None:
    later, saved, _ = stood_still
    outs = []
    for i in range(2):
        target = later.parent / f"trend-{fmt}-{i}"
        args = (later.parent / "answers-2026-Q2.yaml", later, "--plan", saved)
        outcome = run("trend", *args, "--format", fmt, "-o", target)
        assert outcome.code == 0, outcome
        outs.append(target.read_bytes())
    assert outs[0] == outs[1]


# == periods, legitimate hand edits, and what the plan file says about its inputs ==================


@pytest.mark.parametrize("period", ["Spring 2026", "FY2026"])
def test_a_period_that_cannot_be_placed_is_refused_at_its_line(period: str, tmp_path: Path) -> None:
    answers = make_answers(tmp_path, period=period)
    outcome = run("plan", answers, "--quarters", "2", "--save", tmp_path / "plan.yaml")
    assert_refused(outcome, "period")
    assert re.search(r"answers-.*\.yaml:\d+:\d+", outcome.text), outcome
    assert not (tmp_path / "plan.yaml").exists()


def test_check_against_a_plan_names_the_file_whose_period_cannot_be_placed(
    stood_still: tuple[Path, Path, dict[str, Any]],
) -> None:
    later, saved, _ = stood_still
    odd = make_answers(later.parent / "odd", period="Spring review")
    assert_refused(read_plan(odd, saved), "period", "answers-Spring review.yaml")


def test_two_moves_of_one_practice_in_a_quarter_are_refused(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=0)
    saved = make_plan(tmp_path, answers, "--quarters", "4", "--capacity", "2")
    edited = load(saved)
    first = edited["quarters"][0]["moves"][0]
    edited["quarters"][0]["moves"] = [first, dict(first)]
    write(saved, edited)
    assert_plan_refused(answers, saved, first["practice"])


def test_a_move_put_off_to_a_later_quarter_by_hand_is_accepted(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=0)
    saved = make_plan(tmp_path, answers, "--quarters", "4", "--capacity", "2")
    edited = load(saved)
    assert not edited["quarters"][-1]["moves"], "the example needs a free last quarter"
    last_of_all = edited["quarters"][-2]["moves"].pop()
    edited["quarters"][-1]["moves"] = [last_of_all]
    write(saved, edited)
    outcome = run("plan", saved)
    assert_clean(outcome)
    assert outcome.code == 0, outcome


def test_names_with_line_breaks_cannot_inject_fields_into_the_plan_file(tmp_path: Path) -> None:
    answers = make_answers(
        tmp_path, organisation="Halden Group\nlater: [oops]", unit={"name": "Retail\r\n# capacity: 20", "parent": "P"}
    )
    saved = make_plan(tmp_path, answers, "--quarters", "2")
    plan = load(saved)
    assert plan["organisation"] == "Halden Group\nlater: [oops]"
    assert plan["unit"] == "Retail\r\n# capacity: 20"
    assert plan["later"] != ["oops"]
    assert run("plan", saved).code == 0


def test_a_file_name_with_a_line_break_cannot_inject_fields_into_the_plan_file(tmp_path: Path) -> None:
    answers = write(tmp_path / "a\nformat: x #.yaml", answers_doc(level=1))
    saved = make_plan(tmp_path, answers, "--quarters", "2")
    assert load(saved)["format"] == "aiopgap.plan/1"
    assert run("plan", saved).code == 0


def test_a_plan_from_a_json_report_is_the_plan_from_its_answers(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=1, unit={"name": "Retail", "sizes": {"headcount": 3}})
    report = run("report", answers, "--format", "json")
    assert report.code == 0, report
    as_json = write(tmp_path / "report.json", report.out)
    from_answers = load(make_plan(tmp_path, answers, "--quarters", "3", name="one.yaml"))
    from_report = load(make_plan(tmp_path, as_json, "--quarters", "3", name="two.yaml"))
    assert from_answers == from_report


# == the plan named in aiopgap.toml ================================================================

TOML_PLANS = {
    "a number": ("against-plan = 42\n", "aiopgap.toml"),
    "a missing file": ('against-plan = "missing.yaml"\n', "missing.yaml"),
    "the folder itself": ('against-plan = "."\n', "directory"),
    "an answers file": ('against-plan = "answers-2026-Q2.yaml"\n', "plan"),
    "a negative tolerance": ('against-plan = "plan.yaml"\ntolerance = -1\n', "tolerance"),
    "a tolerance as text": ('against-plan = "plan.yaml"\ntolerance = "lots"\n', "tolerance"),
}


@pytest.mark.parametrize("case", list(TOML_PLANS))
def test_a_wrong_plan_in_aiopgap_toml_is_refused_in_words(
    case: str, stood_still: tuple[Path, Path, dict[str, Any]]
) -> None:
    later, _, _ = stood_still
    text, needle = TOML_PLANS[case]
    (later.parent / "aiopgap.toml").write_text(text, encoding="utf-8")
    assert_refused(run("check", later), needle)


def test_the_plan_in_aiopgap_toml_is_read_relative_to_it_and_the_command_line_wins(
    stood_still: tuple[Path, Path, dict[str, Any]],
) -> None:
    later, _, plan = stood_still
    (later.parent / "aiopgap.toml").write_text('against-plan = "plan.yaml"\n', encoding="utf-8")
    assert run("check", later).code == 1
    gap = _behind_by(plan)
    assert run("check", later, "--tolerance", repr(gap)).code == 0


def test_rich_markup_in_names_is_shown_as_typed(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, organisation="[bold red]Org[/] [link=https://x.test]x[/link]", unit="[red]U[/red]")
    outcome = run("plan", answers, "--quarters", "2")
    assert outcome.code == 0, outcome
    assert "[bold red]Org[/]" in outcome.out
    assert "[red]U[/red]" in outcome.out


# == hand-written text in a plan file, shown by every reader =======================================

HOSTILE_TEXT = "<script>alert(1)</script> | cell | `tick` **bold** [x](javascript:alert(1))\nsecond line"


@pytest.fixture
def hostile_plan(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A plan whose step, assumption and periods' neighbours carry hostile text, and two assessments to compare."""
    first = make_answers(tmp_path, level=0, unit="Retail")
    saved = make_plan(tmp_path, first, "--quarters", "3", "--capacity", "2")
    plan = load(saved)
    plan["assumption"] = HOSTILE_TEXT
    for quarter in plan["quarters"]:
        for move in quarter["moves"]:
            move["step"] = HOSTILE_TEXT
    write(saved, plan)
    later = make_answers(tmp_path / "later", level=1, unit="Retail", period=plan["quarters"][0]["period"])
    return first, later, saved


def _readers(first: Path, later: Path, saved: Path, fmt: str) -> list[Outcome]:
    return [
        run("plan", saved, "--format", fmt),
        run("trend", first, later, "--plan", saved, "--format", fmt),
        run("diff", first, later, "--plan", saved, "--format", fmt),
    ]


def test_hand_written_plan_text_is_inert_in_html(hostile_plan: tuple[Path, Path, Path]) -> None:
    from tests.trust.test_portfolio_attacks import _Scan

    for outcome in _readers(*hostile_plan, "html"):
        assert outcome.code == 0, outcome
        scan = _Scan()
        scan.feed(outcome.out)
        assert "script" not in scan.tags
        assert scan.handlers == []


def test_hand_written_plan_text_does_not_break_markdown_tables(hostile_plan: tuple[Path, Path, Path]) -> None:
    for outcome in _readers(*hostile_plan, "markdown"):
        assert outcome.code == 0, outcome
        assert "<script>" not in outcome.out
        assert_tables_whole(outcome.out)


def test_hand_written_plan_text_never_reaches_the_terminal_as_control_codes(tmp_path: Path) -> None:
    first = make_answers(tmp_path, level=0)
    saved = make_plan(tmp_path, first, "--quarters", "2")
    plan = load(saved)
    plan["quarters"][0]["moves"][0]["step"] = "step\x1b[2J\x1b]0;owned\x07"
    write(saved, plan)
    outcome = run("plan", saved)
    assert_clean(outcome)
    if outcome.code == 0:
        assert "\x1b[2J" not in outcome.out
        assert "\x07" not in outcome.out
    else:
        assert_refused(outcome, "step")


def test_diff_across_units_says_it_compares_two(tmp_path: Path) -> None:
    retail = make_answers(tmp_path / "r", unit="Retail", level=1)
    cards = make_answers(tmp_path / "c", unit="Cards", level=3)
    outcome = run("diff", retail, cards, "--across-units", "--format", "markdown")
    assert outcome.code == 0, outcome
    assert "Retail" in outcome.out
    assert "Cards" in outcome.out


def test_trend_over_a_folder_with_its_plan_file_in_it(stood_still: tuple[Path, Path, dict[str, Any]]) -> None:
    later, saved, _ = stood_still
    assert saved.parent == later.parent
    outcome = run("trend", later.parent, "--plan", saved, "--format", "json")
    assert_clean(outcome)
    assert outcome.code == 0, outcome


@pytest.mark.parametrize("period", ["9999-Q4", "0000-Q1"])
def test_a_plan_that_would_run_off_the_calendar_is_refused_at_the_answers_period(period: str, tmp_path: Path) -> None:
    answers = make_answers(tmp_path, period=period)
    saved = tmp_path / "plan.yaml"
    outcome = run("plan", answers, "--quarters", "3", "--save", saved)
    assert_refused(outcome, answers.name, "period")
    assert saved.name not in outcome.text
    assert not saved.exists()


def test_a_period_on_a_day_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, period="2026-02-30")
    assert_refused(run("plan", answers, "--quarters", "2"), "2026-02-30")


@pytest.mark.timing
def test_two_plans_saved_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    answers = make_answers(tmp_path, level=0)
    saved = tmp_path / "plan.yaml"
    env = {**os.environ, "NO_COLOR": "1"}
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "aiopgap", "plan", str(answers), "-n", n, "--save", str(saved), "--force"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env,
        )
        for n in ("2", "5")
    ]
    for process in runs:
        _, err = process.communicate(timeout=120)
        assert b"Traceback" not in err
        assert process.returncode in (0, 2), err
    assert len(load(saved)["quarters"]) in (2, 5)
    assert run("plan", saved).code == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_a_plan_saved_on_windows_with_a_byte_order_mark_reads_the_same(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=0)
    saved = make_plan(tmp_path, answers, "--quarters", "3")
    shown = run("plan", saved, "--format", "json")
    saved.write_bytes(b"\xef\xbb\xbf" + saved.read_bytes().replace(b"\n", b"\r\n"))
    again = run("plan", saved, "--format", "json")
    assert again.code == 0, again
    assert again.out == shown.out


def test_a_tab_in_a_plan_file_is_located(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=0)
    saved = make_plan(tmp_path, answers, "--quarters", "3")
    saved.write_text(saved.read_text(encoding="utf-8").replace("\n  - period", "\n\t- period", 1), encoding="utf-8")
    outcome = run("plan", saved)
    assert_refused(outcome, saved.name)
    assert re.search(rf"{re.escape(saved.name)}:\d+:\d+", outcome.text), outcome


def test_a_twenty_first_quarter_added_by_hand_is_refused(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=0)
    saved = make_plan(tmp_path, answers, "--quarters", "20")
    plan = load(saved)
    plan["quarters"].append({"period": "2099-Q1", "moves": []})
    write(saved, plan)
    assert_plan_refused(answers, saved, "quarters")


def test_an_assessment_after_the_plan_ends_is_set_against_its_last_quarter(
    stood_still: tuple[Path, Path, dict[str, Any]],
) -> None:
    later, saved, plan = stood_still
    long_after = make_answers(later.parent / "after", level=1, period="2031-Q4")
    outcome = read_plan(long_after, saved)
    assert outcome.code == 1, outcome
    assert plan["quarters"][-1]["period"] in outcome.out


def test_a_dimension_the_plan_expects_but_the_assessment_left_out_fails_the_check(
    stood_still: tuple[Path, Path, dict[str, Any]],
) -> None:
    later, saved, plan = stood_still
    no_metrics = make_answers(
        later.parent / "partial",
        level=4,
        period=plan["quarters"][0]["period"],
        levels=dict.fromkeys(QUESTIONS["metrics"]),
    )
    outcome = read_plan(no_metrics, saved, "--tolerance", "4")
    assert_clean(outcome)
    assert outcome.code == 1, outcome
    assert "metrics" in outcome.out.casefold()


def test_save_keeps_an_existing_file_without_force_and_replaces_it_whole_with_it(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    saved = make_plan(tmp_path, answers, "--quarters", "2")
    saved.write_text(saved.read_text(encoding="utf-8") + "# edited by hand\n", encoding="utf-8")
    before = saved.read_bytes()
    assert_refused(run("plan", answers, "--quarters", "3", "--save", saved), "--force")
    assert saved.read_bytes() == before
    assert run("plan", answers, "--quarters", "3", "--save", saved, "--force").code == 0
    assert len(load(saved)["quarters"]) == 3


@pytest.mark.parametrize("how", ["the file", "a link to it", "a hard link to it"])
def test_force_never_lets_save_overwrite_the_answers(how: str, tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    before = answers.read_bytes()
    target = tmp_path / "plan.yaml"
    if how == "the file":
        target = answers
    elif how == "a link to it":
        target.symlink_to(answers)
    else:
        os.link(answers, target)
    assert_refused(run("plan", answers, "--quarters", "2", "--save", target, "--force"))
    assert answers.read_bytes() == before


def test_a_plan_file_saved_onto_itself_is_refused_and_keeps_its_notes(tmp_path: Path) -> None:
    answers = make_answers(tmp_path)
    saved = make_plan(tmp_path, answers, "--quarters", "2")
    saved.write_text(saved.read_text(encoding="utf-8") + "# a note by hand\n", encoding="utf-8")
    before = saved.read_bytes()
    assert_refused(run("plan", saved, "--save", saved, "--force"))
    assert saved.read_bytes() == before


def test_quarters_given_with_a_plan_file_are_refused_not_ignored(tmp_path: Path) -> None:
    saved = make_plan(tmp_path, make_answers(tmp_path), "--quarters", "2")
    assert_refused(run("plan", saved, "--quarters", "5"), "quarters")


def test_diff_across_units_still_holds_a_plan_to_its_own_unit(tmp_path: Path) -> None:
    retail = make_answers(tmp_path / "r", level=1, unit="Retail")
    saved = make_plan(tmp_path, retail, "--quarters", "2")
    cards = make_answers(tmp_path / "c", level=2, unit="Cards", period="2026-Q3")
    assert_refused(run("diff", retail, cards, "--across-units", "--plan", saved), "Retail", "Cards")


def test_hostile_text_in_a_questionnaire_is_inert_in_the_plan(tmp_path: Path) -> None:
    step = "Inventory every AI initiative, name a single accountable owner"
    questionnaire = _questionnaire(tmp_path, step, "<script>alert(1)</script> | x | " + step)
    text = questionnaire.read_text(encoding="utf-8")
    text = re.sub(
        r"(\n  - id: end-to-end-ownership\n    name: )[^\n]*",
        r'\1"<b>E2E</b> | own"',
        text.split("\npractices:")[1],
        count=1,
    )
    questionnaire.write_text(questionnaire.read_text(encoding="utf-8").split("\npractices:")[0] + "\npractices:" + text)
    assert "<b>E2E</b>" in questionnaire.read_text(encoding="utf-8")
    doc = answers_doc(level=0)
    doc["questionnaire"] = {"id": "attack-q", "version": "1.1.0"}
    answers = write(tmp_path / "answers" / "a.yaml", doc)
    html = run("plan", answers, "-Q", questionnaire, "--quarters", "2", "--format", "html")
    assert html.code == 0, html
    assert "<script>alert" not in html.out
    assert "<b>E2E" not in html.out
    markdown = run("plan", answers, "-Q", questionnaire, "--quarters", "2", "--format", "markdown")
    assert markdown.code == 0, markdown
    assert "<script>alert" not in markdown.out
    assert_tables_whole(markdown.out)


def test_a_plan_starts_from_the_scores_its_report_shows(tmp_path: Path) -> None:
    levels = dict(zip(DIMENSIONS, [0, 1, 2, 3, 4], strict=True))
    answers = make_answers(tmp_path, levels={q: levels[d] for d in DIMENSIONS for q in QUESTIONS[d]})
    report = json.loads(run("report", answers, "--format", "json").out)
    baseline = load(make_plan(tmp_path, answers, "--quarters", "2"))["baseline"]
    assert baseline["scores"] == {d["id"]: d["score"] for d in report["dimensions"]}
    assert baseline["overall"] == report["score"]
    assert baseline["period"] == report["period"]


def test_the_job_summary_of_a_check_against_a_plan_keeps_a_hostile_unit_inert(tmp_path: Path) -> None:
    unit = "Cards | <script>alert(1)</script> `x`"
    answers = make_answers(tmp_path, level=1, unit=unit)
    saved = make_plan(tmp_path, answers, "--quarters", "2")
    later = make_answers(tmp_path / "later", level=1, unit=unit, period=load(saved)["quarters"][0]["period"])
    summary = tmp_path / "summary.md"
    args = ["check", str(later), "--against-plan", str(saved), "--no-config"]
    result = runner.invoke(app, args, env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert result.exit_code == 1, result.stdout
    text = summary.read_text(encoding="utf-8")
    assert "<script>" not in text
    assert_tables_whole(text)


def test_the_json_plan_document_reads_back_as_a_plan(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=1)
    document = tmp_path / "plan.json"
    assert run("plan", answers, "--quarters", "2", "--format", "json", "-o", document).code == 0
    assert run("plan", document).code == 0
    assert read_plan(answers, document).code == 0


def test_a_duplicate_key_in_a_plan_file_is_located(tmp_path: Path) -> None:
    answers = make_answers(tmp_path, level=1)
    saved = make_plan(tmp_path, answers, "--quarters", "2", "--capacity", "2")
    saved.write_text(saved.read_text(encoding="utf-8").replace("capacity: 2\n", "capacity: 2\ncapacity: 3\n"))
    assert_plan_refused(answers, saved, "duplicate", "capacity")


def test_the_longest_plan_against_six_quarters_on_a_ten_column_terminal(tmp_path: Path) -> None:
    unit = "R" * 500
    answers = make_answers(tmp_path, level=0, unit=unit)
    saved = make_plan(tmp_path, answers, "--quarters", "20", "--capacity", "20")
    quarters = load(saved)["quarters"][:6]
    later = [
        make_answers(tmp_path / f"q{i}", level=min(4, i), unit=unit, period=q["period"]) for i, q in enumerate(quarters)
    ]
    for args in (
        ["trend", answers, *later, "--plan", saved],
        ["diff", answers, later[-1], "--plan", saved],
        ["check", later[-1], "--against-plan", saved, "--no-config"],
        ["plan", saved],
    ):
        result = runner.invoke(app, [str(a) for a in args], env={"COLUMNS": "10"})
        assert result.exception is None or isinstance(result.exception, SystemExit), (args[0], result.exception)
        assert result.exit_code in (0, 1), (args[0], result.stdout[-500:])


def test_validate_accepts_the_plan_plan_saves(tmp_path: Path) -> None:
    saved = make_plan(tmp_path, make_answers(tmp_path, level=0), "--quarters", "4")
    outcome = run("validate", saved)
    assert outcome.code == 0, outcome
