"""Roll-ups, spreads and the choice of period: properties a reader of a portfolio relies on."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.portfolio import portfolio
from aiopgap.model.errors import InputError, UsageError
from aiopgap.model.numbers import rounded
from aiopgap.model.portfolio import Portfolio
from aiopgap.render.formats import Format
from aiopgap.render.portfolio import render
from tests.portfolio_helpers import unit_entry

SCORE = st.floats(min_value=0, max_value=4, allow_nan=False).map(rounded)
SIZE = st.floats(min_value=0.5, max_value=1e6, allow_nan=False)
DIMS = ("ownership", "metrics")


def _units(draw_scores: list[tuple[float, float]]) -> list:
    return [
        unit_entry(f"Unit {i}", {"ownership": a, "metrics": b}, overall=rounded((a + b) / 2))
        for i, (a, b) in enumerate(draw_scores)
    ]


def _root(result: Portfolio):
    return result.nodes[0]


@settings(max_examples=40, deadline=None)
@given(a=SCORE, b=SCORE)
def test_a_roll_up_of_one_unit_equals_that_unit(a: float, b: float) -> None:
    result = portfolio([unit_entry("Only", {"ownership": a, "metrics": b}, overall=a)])
    root = _root(result)
    assert [r.score for r in root.rollup] == [a, b]
    assert root.rollup_overall is not None
    assert root.rollup_overall.score == a
    assert all(r.children == 1 and not r.missing for r in root.rollup)


@settings(max_examples=40, deadline=None)
@given(pairs=st.lists(st.tuples(SCORE, SCORE), min_size=1, max_size=8))
def test_equal_weights_give_the_arithmetic_mean(pairs: list[tuple[float, float]]) -> None:
    root = _root(portfolio(_units(pairs)))
    for index, rolled in enumerate(root.rollup):
        values = [p[index] for p in pairs]
        assert rolled.score == pytest.approx(rounded(math.fsum(values) / len(values)), abs=1e-9)
        assert rolled.children == len(pairs)


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(st.tuples(SCORE, SIZE), min_size=1, max_size=8))
def test_size_weights_give_the_size_weighted_mean(rows: list[tuple[float, float]]) -> None:
    entries = [
        unit_entry(f"Unit {i}", {"ownership": s, "metrics": s}, sizes={"headcount": w}) for i, (s, w) in enumerate(rows)
    ]
    result = portfolio(entries, weight_by="headcount")
    expected = math.fsum(s * w for s, w in rows) / math.fsum(w for _, w in rows)
    assert _root(result).rollup[0].score == pytest.approx(rounded(expected), abs=1e-9)
    assert result.weighting() == "weighted by headcount"
    assert [n.size for n in result.units()] == [w for _, w in rows]


@settings(max_examples=12, deadline=None)
@given(pairs=st.lists(st.tuples(SCORE, SCORE), min_size=2, max_size=6), data=st.data())
def test_reordering_units_changes_nothing_in_any_format(pairs: list[tuple[float, float]], data: st.DataObject) -> None:
    entries = _units(pairs)
    shuffled = data.draw(st.permutations(entries))
    first, second = portfolio(entries), portfolio(shuffled)
    assert first == second
    for fmt in (Format.json, Format.markdown, Format.html, Format.terminal):
        assert render(first, fmt) == render(second, fmt)


@settings(max_examples=40, deadline=None)
@given(pairs=st.lists(st.tuples(SCORE, SCORE), min_size=1, max_size=6), gap=SCORE)
def test_a_unit_missing_a_dimension_is_named_not_counted_as_zero(pairs: list[tuple[float, float]], gap: float) -> None:
    entries = [*_units(pairs), unit_entry("Zed", {"ownership": gap, "metrics": None})]
    root = _root(portfolio(entries))
    ownership, metrics = root.rollup
    assert metrics.missing == ("Zed",)
    assert metrics.children == len(pairs)
    assert metrics.score == pytest.approx(rounded(math.fsum(b for _, b in pairs) / len(pairs)), abs=1e-9)
    assert ownership.children == len(pairs) + 1
    assert not ownership.missing


def test_a_parent_not_assessed_itself_counts_with_its_own_roll_up_and_its_childrens_sizes() -> None:
    entries = [
        unit_entry("Cards", {"ownership": 1, "metrics": 1}, parent="Consumer", sizes={"headcount": 100}),
        unit_entry("Loans", {"ownership": 3, "metrics": 3}, parent="consumer ", sizes={"headcount": 300}),
        unit_entry("Markets", {"ownership": 4, "metrics": 0}, sizes={"headcount": 400}),
    ]
    result = portfolio(entries, weight_by="headcount")
    names = [(n.name, n.depth, n.assessed) for n in result.nodes]
    assert names == [
        ("Acme", 0, False),
        ("Consumer", 1, False),
        ("Cards", 2, True),
        ("Loans", 2, True),
        ("Markets", 1, True),
    ]
    consumer = result.nodes[1]
    assert consumer.size == 400
    assert consumer.rollup[0].score == 2.5
    assert _root(result).rollup[0].score == 3.25  # (2.5 x 400 + 4 x 400) / 800
    assert _root(result).rollup[1].score == 1.25  # (2.5 x 400 + 0 x 400) / 800


def test_a_parent_assessed_itself_shows_both_its_own_scores_and_its_roll_up() -> None:
    entries = [
        unit_entry("", {"ownership": 1, "metrics": 1}, overall=1),
        unit_entry("Cards", {"ownership": 3}, overall=3),
    ]
    root = _root(portfolio(entries))
    assert root.assessed
    assert root.own("ownership") is not None
    assert root.own("ownership").score == 1
    assert root.rolled("ownership") is not None
    assert root.rolled("ownership").score == 3


def test_spread_names_the_highest_and_lowest_units() -> None:
    entries = [
        unit_entry("A", {"ownership": 1}),
        unit_entry("B", {"ownership": 3.5}),
        unit_entry("C", {"ownership": 1}),
    ]
    spread = portfolio(entries).spreads[0]
    assert (spread.width, spread.highest, spread.lowest) == (2.5, ("B",), ("A", "C"))


def test_the_latest_period_by_default_and_earlier_units_listed_as_absent() -> None:
    entries = [
        unit_entry("A", {"ownership": 1}, period="2026-Q1"),
        unit_entry("A", {"ownership": 2}, period="2026-Q2"),
        unit_entry("B", {"ownership": 4}, period="2026-Q1"),
    ]
    result = portfolio(entries)
    assert result.period == "2026-Q2"
    assert [n.name for n in result.units()] == ["A"]
    assert [(a.name, a.period) for a in result.absent] == [("B", "2026-Q1")]
    assert _root(result).rollup[0].score == 2
    assert [n.name for n in portfolio(entries, period="Q1 2026").units()] == ["A", "B"]
    with pytest.raises(UsageError, match="no input assesses"):
        portfolio(entries, period="2025-Q4")


def test_two_organisations_are_refused_naming_each_with_its_files() -> None:
    entries = [unit_entry("A", {}), unit_entry("B", {}, organisation="Other Co")]
    with pytest.raises(InputError) as caught:
        portfolio(entries)
    assert "'Acme' (A-2026-Q2.yaml); 'Other Co' (B-2026-Q2.yaml)" in str(caught.value)


def test_a_missing_size_is_refused_naming_the_unit() -> None:
    entries = [unit_entry("A", {}, sizes={"headcount": 3}), unit_entry("B", {})]
    with pytest.raises(InputError, match="unit 'B' declares no headcount size"):
        portfolio(entries, weight_by="headcount")


def test_a_parent_assessed_only_earlier_shows_its_last_period() -> None:
    entries = [
        unit_entry("Consumer", {"ownership": 2}, period="2026-Q1"),
        unit_entry("Cards", {"ownership": 3}, parent="Consumer", period="2026-Q2"),
    ]
    result = portfolio(entries)
    consumer = result.nodes[1]
    assert (consumer.name, consumer.assessed, consumer.last_period) == ("Consumer", False, "2026-Q1")
    assert [a.name for a in result.absent] == ["Consumer"]


def test_the_organisation_assessed_only_earlier_shows_its_last_period() -> None:
    entries = [unit_entry("", {"ownership": 2}, period="2026-Q1"), unit_entry("Cards", {"ownership": 3})]
    root = portfolio(entries).nodes[0]
    assert (root.assessed, root.last_period) == (False, "2026-Q1")
