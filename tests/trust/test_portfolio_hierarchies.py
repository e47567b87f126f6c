"""Hostile hierarchies for ``aiopgap portfolio``: circles, self-parents, very deep chains, many units,
markup and control characters in names, sizes at the limits, two organisations, duplicates. Every
refusal is exit 2 with a located message and no traceback; every accepted tree renders in every format."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiopgap.analysis.portfolio import portfolio
from aiopgap.model.errors import InputError
from aiopgap.render.formats import Format
from aiopgap.render.portfolio import render
from tests.cli.test_cli import run_cli, run_process
from tests.conftest import examples
from tests.portfolio_helpers import MINI, unit_entry, unit_file

LOCATED = re.compile(r"\.yaml:\d+:\d+: [^\n]*\(unit\.parent\)")


def _refused(folder: Path) -> str:
    code, out, err = run_cli("portfolio", folder, "-Q", MINI)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    return err


def test_a_circle_of_parents_is_located_at_each_units_parent(tmp_path: Path) -> None:
    unit_file(tmp_path, "a", {"name": "A", "parent": "B"})
    unit_file(tmp_path, "b", {"name": "B", "parent": "C"})
    unit_file(tmp_path, "c", {"name": "C", "parent": "a"})
    err = _refused(tmp_path)
    assert "go round in a circle: 'A' → 'B' → 'C' → 'A'" in err
    assert len(LOCATED.findall(err)) == 3


def test_a_unit_that_is_its_own_parent(tmp_path: Path) -> None:
    unit_file(tmp_path, "a", {"name": "Alpha", "parent": " ALPHA"})
    err = _refused(tmp_path)
    assert "names itself as its parent" in err
    assert LOCATED.search(err)


def test_a_unit_named_like_its_organisation(tmp_path: Path) -> None:
    unit_file(tmp_path, "a", {"name": "acme", "parent": "Somewhere"})
    err = _refused(tmp_path)
    assert "named like its organisation" in err
    assert LOCATED.search(err)


def test_two_organisations_and_duplicates_in_one_run(tmp_path: Path) -> None:
    unit_file(tmp_path, "a", {"name": "A"})
    unit_file(tmp_path, "b", {"name": "A"}, organisation="Other")
    err = _refused(tmp_path)
    assert "one organisation" in err
    assert "a.yaml" in err
    assert "b.yaml" in err
    (tmp_path / "b.yaml").unlink()
    unit_file(tmp_path, "b", {"name": " a "})
    err = _refused(tmp_path)
    assert "assessed twice" in err


def test_a_chain_a_thousand_units_deep_works_without_recursion() -> None:
    entries = [unit_entry("U0", {"ownership": 2, "metrics": 2}, overall=2, sizes={"headcount": 1e15})]
    entries += [
        unit_entry(
            f"U{i}", {"ownership": i % 5, "metrics": None}, parent=f"U{i - 1}", overall=1, sizes={"headcount": 1e-3}
        )
        for i in range(1, 1000)
    ]
    result = portfolio(list(reversed(entries)), weight_by="headcount")
    assert [n.depth for n in result.nodes] == list(range(1001))
    assert result.nodes[-2].rollup[0].score == 999 % 5
    assert result.nodes[-2].rollup[1].missing == ("U999",)
    for fmt in (Format.json, Format.markdown, Format.html):  # the terminal form: below, on a shorter chain
        assert render(result, fmt)
    shorter = portfolio(entries[:120], weight_by="headcount")
    assert render(shorter, Format.terminal).count("its own assessment") == 119


def test_a_circle_a_thousand_units_round_is_refused() -> None:
    entries = [unit_entry(f"U{i}", {}, parent=f"U{(i + 1) % 1000}") for i in range(1000)]
    with pytest.raises(InputError) as caught:
        portfolio(entries)
    assert len(caught.value.problems) == 1000


def test_three_hundred_units_through_the_command(tmp_path: Path) -> None:
    for i in range(300):
        unit_file(
            tmp_path, f"u{i:03}", {"name": f"Unit {i}", "parent": f"Division {i % 7}", "sizes": {"headcount": i + 1}}
        )
    out = tmp_path.parent / "p.html"
    code, _, err = run_cli("portfolio", tmp_path, "-Q", MINI, "--weight-by", "headcount", "-f", "html", "-o", out)
    assert code == 0, err
    assert out.read_text(encoding="utf-8").count('class="cell') == 300 * 3


NASTY = ["<script>alert(1)</script>", "| pipe | *star* [x](y)", "bell\x07 esc\x1b[31m red", "{{ 7*7 }}", "&amp; «»"]


def test_markup_and_control_characters_in_unit_names_stay_inert(tmp_path: Path) -> None:
    for i, name in enumerate(NASTY):
        unit_file(tmp_path, f"n{i}", {"name": name, "parent": NASTY[(i + 1) % len(NASTY)] + " parent"})
    code, html, err = run_cli("portfolio", tmp_path, "-Q", MINI, "-f", "html")
    assert code == 0, err
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html
    assert "\x1b" not in html
    assert "\x07" not in html
    code, md, _ = run_cli("portfolio", tmp_path, "-Q", MINI, "-f", "markdown")
    assert code == 0
    assert "| pipe |" not in md
    assert "<script>" not in md
    done = run_process("portfolio", tmp_path, "-Q", MINI)
    assert done.returncode == 0
    assert "\x1b[31m" not in done.stdout
    assert "\x07" not in done.stdout


@pytest.mark.parametrize("size", [0, -1, 1e16, "nan", True, "many"])
def test_sizes_outside_the_limits_are_located(tmp_path: Path, size: object) -> None:
    unit_file(tmp_path, "a", {"name": "A", "sizes": {"headcount": size}})
    code, _, err = run_cli("portfolio", tmp_path, "-Q", MINI, "--weight-by", "headcount")
    assert code == 2
    assert "Traceback" not in err
    assert "a.yaml:" in err
    assert "headcount" in err


def test_sizes_at_the_limits_are_weighed(tmp_path: Path) -> None:
    unit_file(tmp_path, "a", {"name": "A", "sizes": {"headcount": 1e15}}, owner=4)
    unit_file(tmp_path, "b", {"name": "B", "sizes": {"headcount": 1e-300}}, owner=0)
    code, out, err = run_cli("portfolio", tmp_path, "-Q", MINI, "--weight-by", "headcount", "-f", "json")
    assert code == 0, err
    assert '"score": 4.0' in out


NAMES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=12).filter(str.strip)


@settings(
    max_examples=examples(25, 300),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(tree=st.lists(st.tuples(NAMES, st.none() | NAMES), min_size=1, max_size=12))
def test_any_hierarchy_renders_or_is_refused_with_located_problems(tree: list[tuple[str, str | None]]) -> None:
    entries = [unit_entry(name, {"ownership": 1}, parent=parent) for name, parent in tree]
    try:
        result = portfolio(entries)
    except InputError as exc:
        problems = exc.problems
    else:
        problems = []
    if problems:
        assert all(p.location.file.endswith(".yaml") and p.message for p in problems)
        return
    for fmt in (Format.json, Format.markdown, Format.html, Format.terminal):
        assert render(result, fmt)
