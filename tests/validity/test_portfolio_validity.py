"""Held-out validity cases for `aiopgap portfolio`.

Each case opens with a short profile of a fictional group of units and what an experienced
operating-model consultant would expect the side-by-side view and its roll-ups to show, written
before the tool was run on the case. Answers files are built with the plan cases' builder, and
every result is read from `portfolio --format json`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.cli.test_cli import run_cli, run_process
from tests.validity.test_plan_validity import DIMENSIONS, answers_doc, cli_json, write_answers


def unit(name: str, headcount: float, parent: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = {"name": name, "sizes": {"headcount": headcount}}
    if parent is not None:
        found["parent"] = parent
    return found


def node(portfolio: Mapping[str, Any], name: str) -> dict[str, Any]:
    found = [n for n in portfolio["nodes"] if n["name"] == name]
    assert len(found) == 1, [n["name"] for n in portfolio["nodes"]]
    result: dict[str, Any] = found[0]
    return result


def rollup(portfolio: Mapping[str, Any], name: str) -> dict[str, dict[str, Any]]:
    """A node's roll-up by dimension id, with "overall" beside them."""
    found = node(portfolio, name)
    result = {entry["id"]: entry for entry in found["rollup"]}
    result["overall"] = found["rollup_overall"]
    return result


def own_scores(portfolio: Mapping[str, Any], name: str) -> dict[str, float]:
    found = node(portfolio, name)
    result = {entry["id"]: entry["score"] for entry in found["dimensions"] if entry["score"] is not None}
    result["overall"] = found["overall"]["score"]
    return result


def spread(portfolio: Mapping[str, Any], dimension: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in portfolio["spreads"] if s["id"] == dimension)
    return found


# --- The groups ------------------------------------------------------------------------------

# Brannock Energy: a 5,000-person generation business where AI is a handful of vendor pilots
# nobody owns (level 1 everywhere), and two 100-person digital units, Trading Analytics and
# Customer Apps, that run standing product teams (level 3 everywhere). Expect: weighed by
# headcount, the group sits near its large weak unit (about 1.08: 5,000 at 1 and 200 at 3);
# weighed equally, at the mean of the three (about 2.33); the output says which it used.
BRANNOCK = {
    "generation": answers_doc("Brannock Energy", "2026-Q2", {}, default=1, unit=unit("Generation", 5000)),
    "trading": answers_doc("Brannock Energy", "2026-Q2", {}, default=3, unit=unit("Trading Analytics", 100)),
    "apps": answers_doc("Brannock Energy", "2026-Q2", {}, default=3, unit=unit("Customer Apps", 100)),
}

# Castellan Bank: the Payments Squad (level 3 everywhere) sits inside Retail Banking, which was
# not assessed itself this quarter; Wholesale Banking was (level 1). Expect: Retail Banking is
# shown as not assessed, its roll-up is the squad's scores, and the bank's roll-up rests on two
# children, Retail Banking (through the squad) and Wholesale, so it sits at 2 in every dimension.
CASTELLAN = {
    "squad": answers_doc(
        "Castellan Bank", "2026-Q3", {}, default=3, unit=unit("Payments Squad", 60, parent="Retail Banking")
    ),
    "wholesale": answers_doc("Castellan Bank", "2026-Q3", {}, default=1, unit=unit("Wholesale Banking", 800)),
}

# Dunmore Foods: three divisions. Dairy and Bakery answered everything (Dairy at 1, Bakery at 3);
# Beverages (level 2) skipped every metrics question: its head said nobody there could speak to
# measures. Expect: Beverages is named as missing for metrics in the group roll-up; the group's
# metrics roll-up rests on Dairy and Bakery alone (2, not pulled down by a zero); the other
# dimensions rest on all three.
DUNMORE = {
    "dairy": answers_doc("Dunmore Foods", "2026-Q1", {}, default=1, unit=unit("Dairy", 400)),
    "bakery": answers_doc("Dunmore Foods", "2026-Q1", {}, default=3, unit=unit("Bakery", 300)),
    "beverages": answers_doc(
        "Dunmore Foods", "2026-Q1", {}, default=2, unit=unit("Beverages", 200), leave_out=("metrics.",)
    ),
}

# Elsworth Telecom: three regions with different shapes. North has fast, tiered governance (3) but
# no measures (metrics 0); South the reverse (governance 0, metrics 3); Central is level 2
# throughout. Expect: the governance spread is 3, highest North, lowest South; the metrics spread
# is 3, highest South, lowest North; ownership (2 everywhere) has no spread and names all three
# at both ends.
ELSWORTH = {
    "north": answers_doc(
        "Elsworth Telecom", "2026-Q4", {"governance": 3, "metrics": 0}, default=2, unit=unit("North", 900)
    ),
    "south": answers_doc(
        "Elsworth Telecom", "2026-Q4", {"governance": 0, "metrics": 3}, default=2, unit=unit("South", 700)
    ),
    "central": answers_doc("Elsworth Telecom", "2026-Q4", {}, default=2, unit=unit("Central", 500)),
}

# Fenwick Press: Books and Journals were assessed in 2026-Q1 and 2026-Q2; Audio was assessed once,
# in 2026-Q1, then sold. Expect: the portfolio shows 2026-Q2; Audio is listed as not assessed in it
# (last seen 2026-Q1) and the roll-up is exactly what Books and Journals alone give.
FENWICK = {
    "books-q1": answers_doc("Fenwick Press", "2026-Q1", {}, default=1, unit=unit("Books", 300)),
    "journals-q1": answers_doc("Fenwick Press", "2026-Q1", {}, default=2, unit=unit("Journals", 200)),
    "audio-q1": answers_doc("Fenwick Press", "2026-Q1", {}, default=4, unit=unit("Audio", 50)),
    "books-q2": answers_doc("Fenwick Press", "2026-Q2", {"ownership": 2}, default=1, unit=unit("Books", 300)),
    "journals-q2": answers_doc("Fenwick Press", "2026-Q2", {"metrics": 3}, default=2, unit=unit("Journals", 200)),
}

# Galloway Logistics: the Freight division was not assessed itself; its two depots were, each 300
# people, one at level 1 and one at level 3. Air, a sister division of 600 people, was at level 1.
# Expect: weighed by headcount, Freight counts as 600 people (the sum of its depots) with its
# depots' mean of 2, so the group sits at (600 x 2 + 600 x 1) / 1200 = 1.5.
GALLOWAY = {
    "north-depot": answers_doc(
        "Galloway Logistics", "2026-Q2", {}, default=1, unit=unit("North Depot", 300, parent="Freight")
    ),
    "south-depot": answers_doc(
        "Galloway Logistics", "2026-Q2", {}, default=3, unit=unit("South Depot", 300, parent="Freight")
    ),
    "air": answers_doc("Galloway Logistics", "2026-Q2", {}, default=1, unit=unit("Air", 600)),
}


def write_group(folder: Path, group: Mapping[str, Mapping[str, Any]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [write_answers(folder, name, doc) for name, doc in group.items()]


# --- The cases -------------------------------------------------------------------------------


def test_a_large_weak_unit_dominates_the_weighted_roll_up_only(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", BRANNOCK)
    weighted = cli_json(tmp_path, "portfolio", *files, "--weight-by", "headcount")
    equal = cli_json(tmp_path, "portfolio", *files)
    for dim in (*DIMENSIONS, "overall"):
        assert abs(rollup(weighted, "Brannock Energy")[dim]["score"] - 5600 / 5200) < 0.002, dim
        assert abs(rollup(equal, "Brannock Energy")[dim]["score"] - 7 / 3) < 0.002, dim
    assert weighted["weight_by"] == "headcount"
    assert equal["weight_by"] in (None, "equal", "")


def test_a_team_rolls_up_through_a_parent_that_was_not_assessed(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", CASTELLAN)
    portfolio = cli_json(tmp_path, "portfolio", *files)
    retail = node(portfolio, "Retail Banking")
    assert retail["assessed"] is False
    assert retail["children"] == ["Payments Squad"]
    assert sorted(node(portfolio, "Castellan Bank")["children"]) == ["Retail Banking", "Wholesale Banking"]
    for dim in DIMENSIONS:
        assert rollup(portfolio, "Retail Banking")[dim]["score"] == own_scores(portfolio, "Payments Squad")[dim]
        bank = rollup(portfolio, "Castellan Bank")[dim]
        assert bank["children"] == 2
        assert abs(bank["score"] - 2.0) < 0.002, (dim, bank)


def test_a_unit_without_metrics_answers_is_named_and_not_counted(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", DUNMORE)
    portfolio = cli_json(tmp_path, "portfolio", *files)
    group = rollup(portfolio, "Dunmore Foods")
    assert group["metrics"]["missing"] == ["Beverages"]
    assert group["metrics"]["children"] == 2
    assert abs(group["metrics"]["score"] - 2.0) < 0.002
    for dim in ("ownership", "structure", "governance", "process"):
        assert group[dim]["missing"] == [], dim
        assert group[dim]["children"] == 3, dim
        assert abs(group[dim]["score"] - 2.0) < 0.002, dim
    assert "metrics" not in own_scores(portfolio, "Beverages")


def test_the_spread_names_the_highest_and_lowest_units(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", ELSWORTH)
    portfolio = cli_json(tmp_path, "portfolio", *files)
    governance, metrics, ownership = (spread(portfolio, d) for d in ("governance", "metrics", "ownership"))
    assert (governance["highest"], governance["lowest"], governance["width"]) == (["North"], ["South"], 3)
    assert (metrics["highest"], metrics["lowest"], metrics["width"]) == (["South"], ["North"], 3)
    assert ownership["width"] == 0
    assert sorted(ownership["highest"]) == sorted(ownership["lowest"]) == ["Central", "North", "South"]


def test_a_unit_seen_only_in_an_earlier_quarter_changes_nothing_now(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", FENWICK)
    everything = cli_json(tmp_path, "portfolio", *files)
    current = cli_json(tmp_path, "portfolio", *[f for f in files if f.stem.endswith("q2")])
    assert everything["period"] == current["period"] == "2026-Q2"
    assert rollup(everything, "Fenwick Press") == rollup(current, "Fenwick Press")
    assert everything["spreads"] == current["spreads"]
    absent = everything["absent"]
    assert len(absent) == 1, absent
    assert "Audio" in str(absent[0]), absent
    assert "2026-Q1" in str(absent[0]), absent
    assert "Audio" not in [n["name"] for n in everything["nodes"] if n["assessed"]]


def test_answers_files_and_their_json_reports_roll_up_alike(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", DUNMORE)
    reports = []
    for path in files:
        report = tmp_path / f"{path.stem}.json"
        code, out, err = run_cli("report", path, "--format", "json", "-o", report)
        assert code == 0, out + err
        reports.append(report)
    from_answers = cli_json(tmp_path, "portfolio", *files, "--weight-by", "headcount")
    from_reports = cli_json(tmp_path, "portfolio", *reports, "--weight-by", "headcount")
    for name in ("Dunmore Foods",):
        assert rollup(from_reports, name) == rollup(from_answers, name)
    assert from_reports["spreads"] == from_answers["spreads"]
    for name in ("Dairy", "Bakery", "Beverages"):
        assert own_scores(from_reports, name) == own_scores(from_answers, name)


def test_a_parent_not_assessed_weighs_the_sum_of_its_children(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", GALLOWAY)
    portfolio = cli_json(tmp_path, "portfolio", *files, "--weight-by", "headcount")
    freight = rollup(portfolio, "Freight")
    group = rollup(portfolio, "Galloway Logistics")
    for dim in (*DIMENSIONS, "overall"):
        assert abs(freight[dim]["score"] - 2.0) < 0.002, dim
        assert abs(group[dim]["score"] - 1.5) < 0.002, dim


def test_a_real_process_gives_the_same_roll_up(tmp_path: Path) -> None:
    """`python -m aiopgap portfolio` as a user runs it agrees with the in-process run."""
    files = write_group(tmp_path / "in", BRANNOCK)
    in_process = cli_json(tmp_path, "portfolio", *files, "--weight-by", "headcount")
    out = tmp_path / "process.json"
    proc = run_process("portfolio", *files, "--weight-by", "headcount", "--format", "json", "-o", out)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(out.read_text(encoding="utf-8")) == in_process


# Dunmore Foods again, weighed by headcount. Expect: the metrics roll-up rests on Dairy (400 at 1)
# and Bakery (300 at 3) only, so (400 + 900) / 700, about 1.86; Beverages' 200 people neither
# pull it down nor dilute it.
def test_a_missing_dimension_is_left_out_of_the_weighted_roll_up_too(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", DUNMORE)
    group = rollup(cli_json(tmp_path, "portfolio", *files, "--weight-by", "headcount"), "Dunmore Foods")
    assert abs(group["metrics"]["score"] - 1300 / 700) < 0.002, group["metrics"]
    assert group["metrics"]["missing"] == ["Beverages"]
    assert abs(group["ownership"]["score"] - (400 + 900 + 400) / 900) < 0.002, group["ownership"]


# Castellan Bank, a quarter later: Retail Banking was assessed itself this time (level 2), and the
# Payments Squad typed its parent as "retail  banking". Expect: the squad sits under Retail
# Banking; there is no second, unassessed "retail banking" parent, and the bank has two children.
def test_a_parent_typed_loosely_is_the_same_unit(tmp_path: Path) -> None:
    group = {
        "retail": answers_doc("Castellan Bank", "2026-Q4", {}, default=2, unit=unit("Retail Banking", 3000)),
        "squad": answers_doc(
            "Castellan Bank", "2026-Q4", {}, default=3, unit=unit("Payments Squad", 60, parent="retail  banking")
        ),
        "wholesale": answers_doc("Castellan Bank", "2026-Q4", {}, default=1, unit=unit("Wholesale Banking", 800)),
    }
    portfolio = cli_json(tmp_path, "portfolio", *write_group(tmp_path / "in", group))
    names = sorted(n["name"].lower() for n in portfolio["nodes"])
    assert names == ["castellan bank", "payments squad", "retail banking", "wholesale banking"], names
    assert node(portfolio, "Retail Banking")["children"] == ["Payments Squad"]
    assert len(node(portfolio, "Castellan Bank")["children"]) == 2


# Brannock Energy, where Customer Apps forgot to declare its headcount. Expect: weighing by
# headcount is refused (exit 2) naming Customer Apps, rather than quietly weighing it as zero;
# the equal roll-up still works.
def test_weighing_by_a_size_a_unit_lacks_is_refused(tmp_path: Path) -> None:
    group = dict(BRANNOCK)
    group["apps"] = answers_doc("Brannock Energy", "2026-Q2", {}, default=3, unit={"name": "Customer Apps"})
    files = write_group(tmp_path / "in", group)
    code, out, err = run_cli("portfolio", *files, "--weight-by", "headcount", "--format", "json")
    assert code == 2, out + err
    assert "Customer Apps" in out + err
    code, out, err = run_cli("portfolio", *files, "--format", "json")
    assert code == 0, out + err


# Elsworth Telecom's North region was sent the questionnaire twice and both copies came back for
# 2026-Q4. Expect: refused (exit 2), naming both files, since a roll-up cannot choose between them.
def test_a_unit_assessed_twice_in_a_quarter_is_refused(tmp_path: Path) -> None:
    files = write_group(tmp_path / "in", ELSWORTH)
    again = write_answers(tmp_path / "in", "north-again", ELSWORTH["north"])
    code, out, err = run_cli("portfolio", *files, again, "--format", "json")
    assert code == 2, out + err
    assert "north.yaml" in out + err
    assert "north-again.yaml" in out + err
