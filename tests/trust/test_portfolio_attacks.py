"""An outside attack on units and ``portfolio``, written from the issue text, the README and --help.

Every test runs the real command line and checks what a leader steering several business units
relies on:

* a hostile ``unit`` block (wrong types, sizes that are not positive finite numbers, huge or
  control-character names, parents that go round in a circle) is refused with exit 2 and a message
  naming the file and the place, never a traceback or exit 3;
* ``portfolio`` refuses what it cannot compare (two organisations, one unit twice in a period) and
  says which files clash;
* roll-ups behave as promised: one unit rolls up to itself, equal weights give the mean, the order
  of the files changes no byte of any format, a dimension a unit did not score is not counted as 0;
* unit names are inert in every format (HTML parses with no script; Markdown tables keep their
  columns) and ``trend``/``diff`` refuse to compare two different units unless asked.

Tests marked ``xfail(strict=True)`` show a defect that is still there: the reason names it.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES, PROFILE, ROOT, examples

runner = CliRunner()
DEFAULT = yaml.safe_load((ROOT / "questionnaires" / "default.yaml").read_text(encoding="utf-8"))
QUESTIONS: dict[str, list[str]] = {d["id"]: [q["id"] for q in d["questions"]] for d in DEFAULT["dimensions"]}
DIMENSIONS = list(QUESTIONS)
PRACTICES: dict[str, list[str]] = {p["id"]: list(p.get("builds_on", [])) for p in DEFAULT["practices"]}
MERIDIAN = EXAMPLES / "trend" / "meridian-2025-Q4.yaml"
ANSI = re.compile(r"\x1b\[")


class Outcome:
    """One run of the command line: its exit code and what it printed."""

    def __init__(self, code: int, out: str, err: str, exception: BaseException | None) -> None:
        self.code, self.out, self.err, self.exception = code, out, err, exception
        self.text = out + err

    def __repr__(self) -> str:
        return f"exit {self.code}\n--- stdout\n{self.out[-3000:]}\n--- stderr\n{self.err[-3000:]}"


def run(*args: object) -> Outcome:
    """The command line in process; an exception that escapes it is a finding, not a crash of the test."""
    result = runner.invoke(app, [str(a) for a in args])
    escaped = result.exception if not isinstance(result.exception, SystemExit) else None
    return Outcome(result.exit_code, result.stdout, result.stderr, escaped)


def assert_clean(outcome: Outcome) -> None:
    """Never a traceback and never exit 3, whatever the input."""
    assert outcome.exception is None, f"an exception escaped: {outcome.exception!r}\n{outcome!r}"
    assert "Traceback" not in outcome.text, outcome
    assert outcome.code != 3, outcome


def assert_refused(outcome: Outcome, *needles: str) -> None:
    """Exit 2 with one clear message that holds each needle (a file name, a field, a unit's name)."""
    assert_clean(outcome)
    assert outcome.code == 2, outcome
    for needle in needles:
        assert needle.casefold() in outcome.text.casefold(), f"{needle!r} not in the message\n{outcome!r}"


def assert_tables_whole(markdown: str) -> None:
    """Every Markdown table keeps one number of cells per row: no pipe in user text split a cell."""
    table: list[int] = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            table.append(len(re.findall(r"(?<!\\)\|", line)))
        elif table:
            assert len(set(table)) == 1, f"a table's rows have different numbers of cells: {table}"
            table = []


def answers_doc(
    *,
    organisation: str = "Halden Group",
    unit: Any = None,
    period: str = "2026-Q2",
    levels: dict[str, int | None] | None = None,
    level: int = 2,
) -> dict[str, Any]:
    """A small valid answers file for the default questionnaire: one respondent, every question at `level`.

    `levels` overrides single questions; None leaves a question out (so a dimension can go unscored).
    """
    chosen: dict[str, int | None] = {q: level for qs in QUESTIONS.values() for q in qs}
    chosen.update(levels or {})
    doc: dict[str, Any] = {
        "questionnaire": {"id": "aiopgap-default", "version": "1.1.0"},
        "organisation": organisation,
        "period": period,
        "respondents": [
            {"name": "Ada Moss", "role": "COO", "answers": {q: v for q, v in chosen.items() if v is not None}}
        ],
    }
    if unit is not None:
        doc["unit"] = unit
    return doc


def write(path: Path, doc: dict[str, Any] | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = doc if isinstance(doc, str) else yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10**6)
    path.write_text(text, encoding="utf-8")
    return path


def unit_file(folder: Path, name: str, **kwargs: Any) -> Path:
    """An answers file for one unit; kwargs as answers_doc (unit defaults to the name alone)."""
    kwargs.setdefault("unit", name)
    slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-")[:60] or "unit"
    return write(folder / f"{slug}-{kwargs.get('period', '2026-Q2')}.yaml", answers_doc(**kwargs))


def portfolio_json(*args: object) -> dict[str, Any]:
    outcome = run("portfolio", *args, "--format", "json")
    assert_clean(outcome)
    assert outcome.code == 0, outcome
    parsed: dict[str, Any] = json.loads(outcome.out)
    return parsed


def report_scores(path: Path) -> dict[str, float | None]:
    outcome = run("report", path, "--format", "json")
    assert outcome.code == 0, outcome
    return {d["id"]: d["score"] for d in json.loads(outcome.out)["dimensions"]}


# -- reading the portfolio JSON: the one place that knows its shape ---------------------------------


def _units(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The assessed units (nodes of the tree with a file of their own)."""
    return [n for n in doc["nodes"] if n["assessed"]]


def _name(entry: dict[str, Any]) -> str:
    return str(entry["name"])


def _node(doc: dict[str, Any], name: str) -> dict[str, Any]:
    found = [n for n in doc["nodes"] if str(n["name"]).casefold() == name.casefold()]
    assert len(found) == 1, (name, [n["name"] for n in doc["nodes"]])
    return found[0]


def rollup_scores(doc: dict[str, Any], parent: str) -> dict[str, float | None]:
    """The roll-up of one parent, by dimension id (the organisation's own name for the top)."""
    return {d["id"]: d["score"] for d in _node(doc, parent)["rollup"]}


# == hostile unit blocks ===========================================================================

HOSTILE_UNITS: dict[str, tuple[Any, str]] = {
    "a number": (42, "unit"),
    "a list": (["Retail", "Cards"], "unit"),
    "an empty name": ({"name": ""}, "unit.name"),
    "no name": ({"parent": "Consumer"}, "unit"),
    "an unknown field": ({"name": "Retail", "colour": "red"}, "colour"),
    "a size true": ({"name": "Retail", "sizes": {"headcount": True}}, "unit.sizes.headcount"),
    "a size .nan": ({"name": "Retail", "sizes": {"headcount": float("nan")}}, "unit.sizes.headcount"),
    "a size .inf": ({"name": "Retail", "sizes": {"headcount": float("inf")}}, "unit.sizes.headcount"),
    "a size negative": ({"name": "Retail", "sizes": {"headcount": -5}}, "unit.sizes.headcount"),
    "a size zero": ({"name": "Retail", "sizes": {"headcount": 0}}, "unit.sizes.headcount"),
    "a size as text": ({"name": "Retail", "sizes": {"headcount": "1200"}}, "unit.sizes.headcount"),
    "sizes a list": ({"name": "Retail", "sizes": [1200]}, "unit.sizes"),
    "a size name not a slug": ({"name": "Retail", "sizes": {"Head Count!": 3}}, "unit.sizes"),
    "a parent a number": ({"name": "Retail", "parent": 7}, "unit.parent"),
    "a name of 100k characters": ({"name": "R" * 100_000}, "unit.name"),
}


_SIZE_AS_TEXT = pytest.mark.xfail(
    strict=True,
    reason="known: the YAML reader gives a quoted '1200' and an exponent such as 2e6 (text to YAML 1.1) alike as "
    "text, so a quoted size cannot be refused without refusing 2e6; left for the reader to keep scalar styles",
)


@pytest.mark.parametrize(
    "case", [pytest.param(c, marks=_SIZE_AS_TEXT) if c == "a size as text" else c for c in HOSTILE_UNITS]
)
def test_a_hostile_unit_block_is_refused_where_it_stands(case: str, tmp_path: Path) -> None:
    unit, place = HOSTILE_UNITS[case]
    path = write(tmp_path / "hostile.yaml", answers_doc(unit=unit))
    outcome = run("validate", path)
    assert_refused(outcome, "hostile.yaml", place)
    assert re.search(r"hostile\.yaml:\d+:\d+", outcome.text), outcome


def test_a_unit_that_is_its_own_parent_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path / "self.yaml", answers_doc(unit={"name": "Retail", "parent": "retail "}))
    # the same name by the one identity rule (case and spacing do not matter)
    outcome = run("portfolio", path)
    assert_refused(outcome, "self.yaml", "Retail")


def test_control_characters_in_a_unit_name_never_reach_the_terminal(tmp_path: Path) -> None:
    path = write(tmp_path / "ansi.yaml", answers_doc(unit="Ret\x00ail\x1b[2J\x1b]0;pwned\x07"))
    for outcome in (run("report", path), run("portfolio", path)):
        assert_clean(outcome)
        assert not ANSI.search(outcome.out.replace("\x1b[0m", "")), outcome
        assert "\x07" not in outcome.out
        assert "\x00" not in outcome.out


# == the unit hierarchy across files ===============================================================


def test_parents_in_a_circle_are_refused_naming_the_units(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", unit={"name": "Retail", "parent": "Cards"})
    unit_file(tmp_path, "Cards", unit={"name": "Cards", "parent": "Retail"})
    assert_refused(run("portfolio", tmp_path), "Retail", "Cards")


def test_a_longer_circle_through_a_unit_without_a_file_is_refused(tmp_path: Path) -> None:
    unit_file(tmp_path, "A", unit={"name": "A", "parent": "B"})
    unit_file(tmp_path, "B", unit={"name": "B", "parent": "C"})
    unit_file(tmp_path, "C", unit={"name": "C", "parent": "A"})
    assert_refused(run("portfolio", tmp_path), "A", "B", "C")


def test_a_chain_a_thousand_units_deep_rolls_up_without_a_crash(tmp_path: Path) -> None:
    depth = 1000 if PROFILE in ("ci", "nightly") else 120  # a thousand files take a while: the hardening run
    few = {q: (None if n else 2) for n, q in enumerate(q for qs in QUESTIONS.values() for q in qs)}
    for i in range(depth):
        parent = f"Level {i + 1}" if i + 1 < depth else None
        unit = {"name": f"Level {i}", **({"parent": parent} if parent else {})}
        write(tmp_path / f"u{i:04}.yaml", answers_doc(unit=unit, levels=few))
    outcome = run("portfolio", tmp_path, "--format", "json")
    assert_clean(outcome)
    assert outcome.code in (0, 2), outcome
    if outcome.code == 2:  # a documented limit is fine, said in words
        assert "depth" in outcome.text.casefold() or "deep" in outcome.text.casefold(), outcome


def test_two_organisations_are_refused_naming_both(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", organisation="Halden Group")
    unit_file(tmp_path, "Cards", organisation="Other Bank plc")
    assert_refused(run("portfolio", tmp_path), "Halden Group", "Other Bank plc")


def test_organisation_names_differing_only_in_case_and_spacing_are_one(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", organisation="Halden Group")
    unit_file(tmp_path, "Cards", organisation="halden   GROUP")
    outcome = run("portfolio", tmp_path, "--format", "json")
    assert_clean(outcome)
    assert outcome.code == 0, outcome


def test_the_same_unit_twice_in_one_period_is_refused_naming_both_files(tmp_path: Path) -> None:
    write(tmp_path / "first.yaml", answers_doc(unit="Retail Banking"))
    write(tmp_path / "second.yaml", answers_doc(unit="retail  banking", level=3))
    assert_refused(run("portfolio", tmp_path), "first.yaml", "second.yaml")


def test_the_organisation_itself_twice_in_one_period_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "first.yaml", answers_doc())
    write(tmp_path / "second.yaml", answers_doc(level=3))
    assert_refused(run("portfolio", tmp_path), "first.yaml", "second.yaml")


# == folders =======================================================================================


def test_an_empty_folder_is_refused_in_words(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    outcome = run("portfolio", tmp_path / "empty")
    assert_refused(outcome, "empty")


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    assert_refused(run("portfolio", tmp_path / "nowhere"), "nowhere")


@pytest.mark.parametrize(
    ("junk_name", "junk"),
    [
        ("notes.yaml", "just: [some, notes]\n"),
        ("broken.yaml", "organisation: [unclosed\n"),
        ("questionnaire.yaml", (ROOT / "tests" / "fixtures" / "mini-questionnaire.yaml").read_text()),
        ("binary.yaml", "\x00\x01\x02"),
    ],
)
def test_junk_in_a_folder_is_named_or_left_out_never_a_crash(junk_name: str, junk: str, tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail")
    unit_file(tmp_path, "Cards")
    write(tmp_path / junk_name, junk)
    outcome = run("portfolio", tmp_path, "--format", "json")
    assert_clean(outcome)
    if outcome.code == 2:
        assert junk_name in outcome.text, outcome
    else:
        assert outcome.code == 0, outcome
        assert {_name(u).casefold() for u in _units(json.loads(outcome.out))} == {"retail", "cards"}


def test_a_plan_file_in_the_folder_is_not_taken_for_a_unit(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail")
    cards = unit_file(tmp_path, "Cards")
    saved = tmp_path / "plans" / "cards-plan.yaml"
    saved.parent.mkdir()
    made = run("plan", cards, "--quarters", "2", "--save", saved)
    if made.code != 0:
        pytest.skip(f"plan --save not available: {made!r}")
    saved.rename(tmp_path / "cards-plan.yaml")
    outcome = run("portfolio", tmp_path, "--format", "json")
    assert_clean(outcome)
    if outcome.code == 2:
        assert "cards-plan.yaml" in outcome.text, outcome
    else:
        assert len(_units(json.loads(outcome.out))) == 2, outcome


# == roll-ups ======================================================================================

LEVELS = st.integers(min_value=0, max_value=4)


@settings(max_examples=examples(5, 200), deadline=None, suppress_health_check=list(HealthCheck))
@given(levels=st.lists(LEVELS, min_size=len(DIMENSIONS), max_size=len(DIMENSIONS)))
def test_a_roll_up_of_one_unit_is_that_unit(levels: list[int], tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("one")
    chosen = {q: levels[i] for i, d in enumerate(DIMENSIONS) for q in QUESTIONS[d]}
    path = unit_file(folder, "Retail", levels=chosen)
    doc = portfolio_json(path)
    assert rollup_scores(doc, "Halden Group") == pytest.approx(report_scores(path))


@settings(max_examples=examples(4, 150), deadline=None, suppress_health_check=list(HealthCheck))
@given(levels=st.lists(LEVELS, min_size=2, max_size=4))
def test_equal_weights_give_the_mean(levels: list[int], tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("mean")
    paths = [unit_file(folder, f"Unit {i}", level=level) for i, level in enumerate(levels)]
    doc = portfolio_json(folder)
    rolled = rollup_scores(doc, "Halden Group")
    each = [report_scores(p) for p in paths]
    for dimension in DIMENSIONS:
        mean = sum(float(s[dimension] or 0) for s in each) / len(each)
        assert rolled[dimension] == pytest.approx(mean, abs=1e-3), dimension


def test_weighing_by_a_declared_size_weighs_and_says_so(tmp_path: Path) -> None:
    unit_file(tmp_path, "Big", unit={"name": "Big", "sizes": {"headcount": 300}}, level=4)
    unit_file(tmp_path, "Small", unit={"name": "Small", "sizes": {"headcount": 100}}, level=0)
    outcome = run("portfolio", tmp_path, "--weight-by", "headcount", "--format", "markdown")
    assert_clean(outcome)
    assert outcome.code == 0, outcome
    assert "headcount" in outcome.out
    doc = portfolio_json(tmp_path, "--weight-by", "headcount")
    assert rollup_scores(doc, "Halden Group")["ownership"] == pytest.approx(3.0, abs=1e-3)


def test_equal_weighting_is_stated_in_the_output(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail")
    unit_file(tmp_path, "Cards")
    for fmt in ("terminal", "markdown", "html"):
        outcome = run("portfolio", tmp_path, "--format", fmt)
        assert outcome.code == 0, outcome
        assert "equal" in outcome.out.casefold(), fmt


def test_weighing_by_a_size_one_unit_lacks_is_refused_or_said(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", unit={"name": "Retail", "sizes": {"headcount": 1200}})
    unit_file(tmp_path, "Cards", unit={"name": "Cards"})
    outcome = run("portfolio", tmp_path, "--weight-by", "headcount", "--format", "markdown")
    assert_clean(outcome)
    if outcome.code == 2:
        assert "Cards" in outcome.text, outcome
        assert "headcount" in outcome.text, outcome
    else:
        assert outcome.code == 0, outcome
        assert "Cards" in outcome.out, outcome
        assert "headcount" in outcome.out, outcome


def test_weighing_by_a_size_no_unit_declares_is_refused(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", unit={"name": "Retail", "sizes": {"headcount": 1200}})
    assert_refused(run("portfolio", tmp_path, "--weight-by", "ai-spend"), "ai-spend")


def test_huge_sizes_do_not_overflow_the_weighted_mean(tmp_path: Path) -> None:
    unit_file(tmp_path, "Big", unit={"name": "Big", "sizes": {"headcount": 1e308}}, level=4)
    unit_file(tmp_path, "Bigger", unit={"name": "Bigger", "sizes": {"headcount": 1.5e308}}, level=0)
    outcome = run("portfolio", tmp_path, "--weight-by", "headcount", "--format", "json")
    assert_clean(outcome)
    if outcome.code == 0:
        score = rollup_scores(json.loads(outcome.out), "Halden Group")["ownership"]
        assert score is not None, outcome
        assert math.isfinite(score), outcome
        assert score == pytest.approx(1.6, abs=1e-3)
    else:
        assert outcome.code == 2, outcome


def test_a_unit_missing_a_dimension_is_reported_not_counted_as_zero(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", level=4)
    unit_file(tmp_path, "Cards", level=4, levels=dict.fromkeys(QUESTIONS["metrics"]))
    doc = portfolio_json(tmp_path)
    rolled = rollup_scores(doc, "Halden Group")
    assert rolled["metrics"] == pytest.approx(4.0), "the unit without metrics pulled the roll-up down"
    metrics = next(d for d in _node(doc, "Halden Group")["rollup"] if d["id"] == "metrics")
    assert "Cards" in json.dumps(metrics["missing"]), metrics
    assert rolled["ownership"] == pytest.approx(4.0)
    outcome = run("portfolio", tmp_path, "--format", "markdown")
    assert "Cards" in outcome.out
    assert "metrics" in outcome.out.casefold()


def test_units_roll_up_per_parent(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", unit={"name": "Retail", "parent": "Consumer"}, level=4)
    unit_file(tmp_path, "Cards", unit={"name": "Cards", "parent": "Consumer"}, level=2)
    unit_file(tmp_path, "Treasury", unit={"name": "Treasury"}, level=0)
    doc = portfolio_json(tmp_path)
    assert rollup_scores(doc, "Consumer")["ownership"] == pytest.approx(3.0, abs=1e-3)
    assert rollup_scores(doc, "Halden Group")["ownership"] == pytest.approx(1.5, abs=1e-3)


# == determinism and escaping ======================================================================

FORMATS = ("terminal", "markdown", "html", "json")


def test_file_order_changes_no_byte_in_any_format(tmp_path: Path) -> None:
    consumer = {"parent": "Consumer"}
    paths = [
        unit_file(tmp_path, "Retail", unit={"name": "Retail", **consumer, "sizes": {"headcount": 3}}, level=1),
        unit_file(tmp_path, "Cards", unit={"name": "Cards", **consumer, "sizes": {"headcount": 5}}, level=3),
        unit_file(tmp_path, "Treasury", unit={"name": "Treasury", "sizes": {"headcount": 2}}, level=2),
    ]
    for fmt in FORMATS:
        outputs: set[bytes] = set()
        for order in itertools.permutations(paths):
            target = tmp_path / f"out-{fmt}-{len(outputs)}"
            outcome = run("portfolio", *order, "--format", fmt, "--weight-by", "headcount", "-o", target)
            assert outcome.code == 0, outcome
            outputs.add(target.read_bytes())
            target.unlink()
        assert len(outputs) == 1, f"{fmt}: the order of the files changed the output"


HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    'Ret"ail\' onload="alert(1)',
    "Cards | Payments | `rm -rf`",
    "**bold** _it_ [link](javascript:alert(1))",
    "Line\nbreak",
]


HOSTILE_PARENT = "<img src=x onerror=alert(1)> & | co"


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.handlers += [k for k, v in attrs if k.startswith("on") or (v or "").strip().startswith("javascript:")]


def _hostile_portfolio(tmp_path: Path) -> Path:
    for i, name in enumerate(HOSTILE_NAMES):
        write(tmp_path / f"u{i}.yaml", answers_doc(unit={"name": name, "parent": HOSTILE_PARENT}, level=i % 5))
    return tmp_path


def test_hostile_unit_names_are_inert_in_html(tmp_path: Path) -> None:
    outcome = run("portfolio", _hostile_portfolio(tmp_path), "--format", "html")
    assert outcome.code == 0, outcome
    scan = _Scan()
    scan.feed(outcome.out)
    assert "script" not in scan.tags
    assert scan.handlers == []
    assert "&lt;script&gt;" in outcome.out


def test_hostile_unit_names_do_not_break_markdown_tables(tmp_path: Path) -> None:
    outcome = run("portfolio", _hostile_portfolio(tmp_path), "--format", "markdown")
    assert outcome.code == 0, outcome
    assert_tables_whole(outcome.out)
    assert "<script>" not in outcome.out


def test_hostile_unit_names_round_trip_in_json(tmp_path: Path) -> None:
    doc = portfolio_json(_hostile_portfolio(tmp_path))
    assert sorted(_name(u) for u in _units(doc)) == sorted(HOSTILE_NAMES)


def test_a_unit_named_in_a_report_is_escaped_in_html_and_markdown(tmp_path: Path) -> None:
    path = write(tmp_path / "a.yaml", answers_doc(unit="<script>alert(1)</script> | x"))
    html = run("report", path, "--format", "html")
    assert html.code == 0, html
    assert "<script>alert" not in html.out
    markdown = run("report", path, "--format", "markdown")
    assert "<script>alert" not in markdown.out


# == trend and diff per unit =======================================================================


def test_diff_refuses_two_different_units(tmp_path: Path) -> None:
    before = unit_file(tmp_path, "Retail", period="2026-Q1")
    after = unit_file(tmp_path, "Cards", period="2026-Q2")
    assert_refused(run("diff", before, after), "Retail", "Cards")


def test_trend_refuses_two_different_units(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", period="2026-Q1")
    unit_file(tmp_path, "Cards", period="2026-Q2")
    assert_refused(run("trend", tmp_path), "Retail", "Cards")


def test_diff_refuses_a_unit_against_the_whole_organisation(tmp_path: Path) -> None:
    before = write(tmp_path / "org.yaml", answers_doc(period="2026-Q1"))
    after = unit_file(tmp_path, "Cards", period="2026-Q2")
    assert_refused(run("diff", before, after), "Cards")


def test_diff_of_one_unit_over_two_quarters_works(tmp_path: Path) -> None:
    before = unit_file(tmp_path, "Retail", period="2026-Q1", level=1)
    after = unit_file(tmp_path, "retail", period="2026-Q2", level=2)
    outcome = run("diff", before, after)
    assert_clean(outcome)
    assert outcome.code == 0, outcome


def test_diff_compares_two_units_when_asked(tmp_path: Path) -> None:
    before = unit_file(tmp_path, "Retail", period="2026-Q2")
    after = unit_file(tmp_path, "Cards", period="2026-Q2")
    outcome = run("diff", before, after, "--across-units")
    assert_clean(outcome)
    assert outcome.code == 0, outcome


def test_trend_follows_one_unit_when_asked(tmp_path: Path) -> None:
    for period in ("2026-Q1", "2026-Q2"):
        unit_file(tmp_path, "Retail", period=period, level=1)
        unit_file(tmp_path, "Cards", period=period, level=3)
    outcome = run("trend", tmp_path, "--unit", "retail", "--format", "json")
    assert_clean(outcome)
    assert outcome.code == 0, outcome
    assert "Cards" not in outcome.out
    assert_refused(run("trend", tmp_path, "--unit", "Nowhere"), "Nowhere")


def test_trend_over_a_portfolio_folder_keeps_units_apart_or_refuses(tmp_path: Path) -> None:
    for period in ("2026-Q1", "2026-Q2"):
        unit_file(tmp_path, "Retail", period=period, level=1)
        unit_file(tmp_path, "Cards", period=period, level=3)
    outcome = run("trend", tmp_path, "--format", "json")
    assert_clean(outcome)
    assert outcome.code in (0, 2), outcome
    if outcome.code == 2:
        assert "Retail" in outcome.text, outcome
        assert "Cards" in outcome.text, outcome


# == units through merge and JSON reports ==========================================================


def _respondent(doc: dict[str, Any], name: str) -> dict[str, Any]:
    doc["respondents"][0]["name"] = name
    return doc


def test_merge_refuses_files_of_two_units(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", _respondent(answers_doc(unit="Retail"), "Ada Moss"))
    second = write(tmp_path / "b.yaml", _respondent(answers_doc(unit="Cards"), "Bo Lind"))
    out = tmp_path / "merged.yaml"
    assert_refused(run("merge", out, first, second), "Retail", "Cards")
    assert not out.exists()


def test_merge_refuses_a_unit_with_the_whole_organisation(tmp_path: Path) -> None:
    first = write(tmp_path / "a.yaml", _respondent(answers_doc(unit="Retail"), "Ada Moss"))
    second = write(tmp_path / "b.yaml", _respondent(answers_doc(), "Bo Lind"))
    assert_refused(run("merge", tmp_path / "merged.yaml", first, second), "Retail")


TRICKY_NAMES = ["null", "yes", "12", "1.5e3", "a: b", "#hash", "- dash", "'quoted'", "~", "Ünïcödé 🏦", "  padded  "]


@pytest.mark.parametrize("name", TRICKY_NAMES)
def test_merge_writes_back_a_unit_exactly_as_named(name: str, tmp_path: Path) -> None:
    unit = {"name": name, "parent": name + " parent", "sizes": {"headcount": 1200, "ai-spend": 3.5}}
    first = write(tmp_path / "a.yaml", _respondent(answers_doc(unit=unit), "Ada Moss"))
    second = write(tmp_path / "b.yaml", _respondent(answers_doc(unit=unit), "Bo Lind"))
    out = tmp_path / "merged.yaml"
    outcome = run("merge", out, first, second)
    assert_clean(outcome)
    if outcome.code == 2:  # a name the model refuses is refused in both inputs, with its place
        assert "a.yaml" in outcome.text, outcome
        return
    assert outcome.code == 0, outcome
    assert run("validate", out).code == 0
    merged = yaml.safe_load(out.read_text(encoding="utf-8"))["unit"]
    merged = {"name": merged} if isinstance(merged, str) else merged
    assert merged["name"] == name.strip()  # names are trimmed, as organisation names are
    assert merged.get("parent") == (name + " parent").strip()
    assert merged.get("sizes") == {"headcount": 1200, "ai-spend": 3.5}


def test_json_reports_of_two_units_are_not_compared_silently(tmp_path: Path) -> None:
    reports = []
    for name, period in (("Retail", "2026-Q1"), ("Cards", "2026-Q2")):
        outcome = run("report", unit_file(tmp_path, name, period=period), "--format", "json")
        assert outcome.code == 0, outcome
        reports.append(write(tmp_path / f"{name}.json", outcome.out))
    assert_refused(run("diff", *reports), "Retail", "Cards")
    assert_refused(run("trend", *reports), "Retail", "Cards")


def test_a_json_report_with_a_hostile_unit_is_refused_where_it_stands(tmp_path: Path) -> None:
    outcome = run("report", unit_file(tmp_path, "Retail", period="2026-Q1"), "--format", "json")
    doc = json.loads(outcome.out)
    doc["unit"] = {"name": "Retail", "sizes": {"headcount": -1}}
    before = write(tmp_path / "before.json", json.dumps(doc))
    after = unit_file(tmp_path, "Retail", period="2026-Q2")
    assert_refused(run("diff", before, after), "before.json", "unit")


# == more of portfolio's edges =====================================================================


def test_the_spread_between_units_is_shown(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", level=1)
    unit_file(tmp_path, "Cards", level=3)
    outcome = run("portfolio", tmp_path, "--format", "markdown")
    assert outcome.code == 0, outcome
    assert "spread" in outcome.out.casefold()
    assert "2" in outcome.out


def test_a_unit_assessed_in_two_periods_is_shown_once_or_refused(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", period="2026-Q1", level=1)
    unit_file(tmp_path, "Retail", period="2026-Q2", level=3)
    unit_file(tmp_path, "Cards", period="2026-Q2", level=2)
    outcome = run("portfolio", tmp_path, "--format", "json")
    assert_clean(outcome)
    if outcome.code == 2:
        assert "2026-Q1" in outcome.text, outcome
    else:
        assert outcome.code == 0, outcome
        names = [_name(u).casefold() for u in _units(json.loads(outcome.out))]
        assert sorted(names) == ["cards", "retail"], names


@pytest.mark.parametrize("basis", ["Head Count", "", "../etc"])
def test_a_weight_basis_that_is_not_a_size_name_is_refused(basis: str, tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", unit={"name": "Retail", "sizes": {"headcount": 3}})
    assert_refused(run("portfolio", tmp_path, "--weight-by", basis))


def test_portfolio_output_onto_one_of_its_inputs_is_refused(tmp_path: Path) -> None:
    retail = unit_file(tmp_path, "Retail")
    before = retail.read_bytes()
    assert_refused(run("portfolio", tmp_path, "-o", retail))
    assert retail.read_bytes() == before


def test_portfolio_pdf_needs_an_output_file(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail")
    assert_refused(run("portfolio", tmp_path, "--format", "pdf"))


def test_the_portfolio_html_is_offline_with_an_inline_heatmap(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", level=1)
    unit_file(tmp_path, "Cards", level=3)
    outcome = run("portfolio", tmp_path, "--format", "html")
    assert outcome.code == 0, outcome
    assert "<svg" in outcome.out
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", outcome.out), "the HTML fetches from the web"


def test_portfolio_over_a_questionnaire_without_practices_or_units_is_clean(tmp_path: Path) -> None:
    fixtures = ROOT / "tests" / "fixtures"
    outcome = run("portfolio", fixtures / "mini-answers.yaml", "-Q", fixtures / "mini-questionnaire.yaml")
    assert_clean(outcome)
    assert outcome.code in (0, 2), outcome


@pytest.mark.timing
def test_a_named_pipe_or_a_link_loop_in_the_folder_never_hangs(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail")
    unit_file(tmp_path, "Cards")
    os.mkfifo(tmp_path / "pipe.yaml")
    (tmp_path / "loop").symlink_to(tmp_path)
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    command = [sys.executable, "-m", "aiopgap", "portfolio", str(tmp_path), "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env, check=False)
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 2), done.stderr
    if done.returncode == 2:
        assert "pipe.yaml" in done.stderr or "loop" in done.stderr, done.stderr


def test_a_unit_named_like_its_organisation_is_refused(tmp_path: Path) -> None:
    unit_file(tmp_path, "halden  group")
    assert_refused(run("portfolio", tmp_path), "unit")


def test_an_answers_file_and_its_json_report_are_one_unit_twice(tmp_path: Path) -> None:
    retail = unit_file(tmp_path, "Retail")
    report = run("report", retail, "--format", "json")
    write(tmp_path / "retail.json", report.out)
    assert_refused(run("portfolio", tmp_path), "retail.json")


def test_a_unit_assessed_in_another_period_is_listed_and_left_out(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail", period="2026-Q3", level=0)
    unit_file(tmp_path, "Cards", period="2026-Q2", level=2)
    unit_file(tmp_path, "Treasury", period="2026-Q2", level=4)
    doc = portfolio_json(tmp_path, "--period", "2026-Q2")
    assert rollup_scores(doc, "Halden Group")["ownership"] == pytest.approx(3.0)
    assert "Retail" in json.dumps(doc["absent"])


def test_a_period_no_input_assesses_is_refused(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail")
    assert_refused(run("portfolio", tmp_path, "--period", "1999-Q1"), "1999-Q1")


@settings(max_examples=examples(6, 150), deadline=None, suppress_health_check=list(HealthCheck))
@given(
    units=st.lists(
        st.tuples(st.integers(0, 4), st.floats(min_value=0.001, max_value=1e6, allow_nan=False)), min_size=1, max_size=4
    )
)
def test_a_size_weighted_roll_up_is_the_weighted_mean(
    units: list[tuple[int, float]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("weights")
    for i, (level, size) in enumerate(units):
        unit_file(folder, f"Unit {i}", unit={"name": f"Unit {i}", "sizes": {"headcount": size}}, level=level)
    rolled = rollup_scores(portfolio_json(folder, "--weight-by", "headcount"), "Halden Group")
    expected = sum(level * size for level, size in units) / sum(size for _, size in units)
    assert rolled["ownership"] == pytest.approx(expected, abs=2e-3)


def test_names_spelled_differently_in_different_files_give_the_same_bytes_in_any_order(tmp_path: Path) -> None:
    paths = [
        write(
            tmp_path / "a.yaml", answers_doc(organisation="Halden Group", unit={"name": "Retail", "parent": "Consumer"})
        ),
        write(
            tmp_path / "b.yaml", answers_doc(organisation="halden  GROUP", unit={"name": "Cards", "parent": "consumer"})
        ),
        write(tmp_path / "c.yaml", answers_doc(organisation="HALDEN group", unit="CONSUMER", level=3)),
    ]
    outputs = set()
    for order in itertools.permutations(paths):
        outcome = run("portfolio", *order, "--format", "json")
        assert outcome.code == 0, outcome
        outputs.add(outcome.out)
    assert len(outputs) == 1
    doc = json.loads(outputs.pop())
    assert len(doc["nodes"]) == 4, [n["name"] for n in doc["nodes"]]


# == roll-ups of any tree, against the README's rule ===============================================

UNIT_SPECS = st.lists(
    st.tuples(
        st.integers(0, 4),  # every question's level
        st.integers(1, 1000),  # headcount
        st.booleans(),  # answers metrics at all
        st.integers(-2, 6),  # parent: -2 or -1 a group no file assesses, 0..i-1 an earlier unit, else the organisation
    ),
    min_size=1,
    max_size=5,
)


def _expected_rollups(specs: list[tuple[int, int, bool, int]], weigh: bool) -> dict[str, dict[str, float | None]]:
    """The README's rule: the (weighted) mean over direct children, own score if assessed, else the roll-up."""
    parent_of: dict[str, str] = {}
    for i, (_, _, _, parent) in enumerate(specs):
        parent_of[f"Unit {i}"] = (
            f"Group {-parent}" if parent < 0 else (f"Unit {parent}" if parent < i else "Halden Group")
        )
    for group in {p for p in parent_of.values() if p.startswith("Group")}:
        parent_of[group] = "Halden Group"
    children: dict[str, list[str]] = {}
    for child, parent in parent_of.items():
        children.setdefault(parent, []).append(child)
    own = {f"Unit {i}": spec for i, spec in enumerate(specs)}

    def size(node: str) -> float:
        return float(own[node][1]) if node in own else sum(size(c) for c in children[node])

    def value(node: str, dimension: str) -> float | None:
        if node in own:
            level, _, metrics, _ = own[node]
            return None if dimension == "metrics" and not metrics else float(level)
        return rolled(node, dimension)

    def rolled(node: str, dimension: str) -> float | None:
        pairs = [(v, size(c) if weigh else 1.0) for c in children[node] if (v := value(c, dimension)) is not None]
        return sum(v * w for v, w in pairs) / sum(w for _, w in pairs) if pairs else None

    return {n: {d: rolled(n, d) for d in ("ownership", "metrics")} for n in children}


@settings(max_examples=examples(10, 300), deadline=None, suppress_health_check=list(HealthCheck))
@given(specs=UNIT_SPECS, weigh=st.booleans())
def test_roll_ups_of_any_tree_follow_the_documented_rule(
    specs: list[tuple[int, int, bool, int]], weigh: bool, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("tree")
    for i, (level, headcount, metrics, parent) in enumerate(specs):
        named = f"Group {-parent}" if parent < 0 else (f"Unit {parent}" if parent < i else None)
        unit = {"name": f"Unit {i}", "sizes": {"headcount": headcount}, **({"parent": named} if named else {})}
        dropped = {} if metrics else dict.fromkeys(QUESTIONS["metrics"])
        write(folder / f"u{i}.yaml", answers_doc(unit=unit, level=level, levels=dropped))
    doc = portfolio_json(folder, *(["--weight-by", "headcount"] if weigh else []))
    for parent, scores in _expected_rollups(specs, weigh).items():
        got = rollup_scores(doc, parent)
        for dimension, expected in scores.items():
            if expected is None:
                assert got.get(dimension) is None, (parent, dimension, got)
            else:
                assert got[dimension] == pytest.approx(expected, abs=5e-3), (parent, dimension)


def test_names_at_their_longest_render_in_every_format_and_a_narrow_terminal(tmp_path: Path) -> None:
    for i in range(3):
        unit = {"name": chr(65 + i) * 500, "parent": "P" * 500, "sizes": {"a" * 60: 1}}
        write(tmp_path / f"u{i}.yaml", answers_doc(organisation="O" * 500, unit=unit, level=i))
    for fmt in FORMATS:
        outcome = run("portfolio", tmp_path, "--format", fmt)
        assert_clean(outcome)
        assert outcome.code == 0, outcome
    narrow = runner.invoke(app, ["portfolio", str(tmp_path)], env={"COLUMNS": "10"})
    assert narrow.exception is None or isinstance(narrow.exception, SystemExit)
    assert narrow.exit_code == 0, narrow.stdout


PORTFOLIO = EXAMPLES / "portfolio"


@pytest.mark.skipif(not PORTFOLIO.is_dir(), reason="the example portfolio has not landed")
def test_the_example_portfolio_in_every_period_twice_the_same() -> None:
    periods = sorted({p.stem.rsplit("-", 2)[-2] + "-" + p.stem.rsplit("-", 1)[-1] for p in PORTFOLIO.glob("*.yaml")})
    assert len(periods) >= 3, periods
    for period, fmt in [(p, "json") for p in periods[:-1]] + [(periods[-1], f) for f in FORMATS]:
        first = run("portfolio", PORTFOLIO, "--period", period, "--format", fmt, "--weight-by", "headcount")
        assert first.code == 0, first
        again = run("portfolio", PORTFOLIO, "--period", period, "--format", fmt, "--weight-by", "headcount")
        assert again.out == first.out, (period, fmt)


@pytest.mark.skipif(not PORTFOLIO.is_dir(), reason="the example portfolio has not landed")
def test_a_trend_over_the_whole_example_portfolio_is_refused_naming_its_units() -> None:
    outcome = run("trend", PORTFOLIO)
    assert_refused(outcome, "Flow Systems", "Field Services")


def test_a_portfolio_written_into_its_own_folder_does_not_break_the_next_run(tmp_path: Path) -> None:
    unit_file(tmp_path, "Retail")
    unit_file(tmp_path, "Cards")
    assert run("portfolio", tmp_path, "--format", "json", "-o", tmp_path / "portfolio.json").code == 0
    again = run("portfolio", tmp_path, "--format", "json")
    assert_clean(again)
    assert again.code == 0, again
