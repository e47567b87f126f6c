"""diff, trend and report in a narrow terminal: each wide table becomes stacked blocks, so every value
shows whole; at 120 columns the wide tables stay. Through the CLI (COLUMNS set) and a real process."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from tests.render.narrow import DOCUMENTS, TREND, in_a_terminal, problems, shown, values


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_at_80_columns_every_value_of_every_table_is_whole(name: str) -> None:
    at = shown(DOCUMENTS[name], 80)
    assert at.exit_code == 0, at.output[-400:]
    expected = values(at.tables)
    assert expected, "the document printed no tables"
    assert problems(at.output, 80, expected) == []


def _json(*args: str) -> dict[str, Any]:
    at = shown((*args, "--format", "json"), 200)
    assert at.exit_code == 0, at.output[-400:]
    loaded: dict[str, Any] = json.loads(at.output)
    return loaded


def _heading(output: str, name: str) -> bool:
    """``name`` on a line of its own: the heading of a stacked block."""
    return re.search(rf"(?m)^{re.escape(name)} *$", output) is not None


def _stacked_line(output: str, label: str, value: str) -> bool:
    """``label`` and ``value`` on one line of a stacked block: indented, nothing else on the line."""
    return re.search(rf"(?m)^ +{re.escape(label)} +{re.escape(value)} *$", output) is not None


def test_diff_at_80_columns_stacks_each_dimension_with_its_maturity() -> None:
    at = shown(DOCUMENTS["diff"], 80)
    diff = _json(*DOCUMENTS["diff"])
    assert "┃ Dimension" not in at.output  # the wide table is gone
    for d in diff["dimensions"]:
        assert _heading(at.output, d["name"]), d["name"]
        old, new = d["maturity_old"], d["maturity_new"]
        assert _stacked_line(at.output, "Maturity", old if old == new else f"{old} → {new}"), d["name"]
        assert _stacked_line(at.output, "Score", f"{d['score']['old']:.2f} → {d['score']['new']:.2f}")
        assert _stacked_line(at.output, "Gap to target", f"{d['gap']['old']:.2f} → {d['gap']['new']:.2f}")
    # the values that used to be cut or shrunk to nothing below 115 columns
    assert _stacked_line(at.output, "Maturity", "Emerging → Defined")
    assert _stacked_line(at.output, "Change", "▲ +0.34")


def test_trend_at_80_columns_shows_each_change_and_maturity_whole() -> None:
    at = shown(DOCUMENTS["trend"], 80)
    trend = _json(*DOCUMENTS["trend"])
    for series in trend["dimensions"]:
        assert _heading(at.output, series["id"]), series["id"]
        assert _stacked_line(at.output, "Maturity", series["points"][-1]["maturity"]), series["id"]
        for point in series["points"]:
            assert _stacked_line(at.output, point["period"], f"{point['score']:.2f}"), (series["id"], point)
    assert _stacked_line(at.output, "Change", "▲ +1.12")  # was "▲ +1.…"
    assert _stacked_line(at.output, "Appeared", "2025-Q4, 2026-Q2")


def test_report_at_80_columns_stacks_the_dimensions_whose_names_do_not_fit() -> None:
    at = shown(DOCUMENTS["report-unverified"], 80)
    report = _json(*DOCUMENTS["report-unverified"])
    for d in report["dimensions"]:
        assert _heading(at.output, d["name"]), d["name"]
        assert _stacked_line(at.output, "Score", f"{d['score']:.2f}")
        assert _stacked_line(at.output, "Maturity", d["maturity"])
    assert _stacked_line(at.output, "Evidenced score", "0.00")  # spelled out: the header says "evid."


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("diff", r"┃ Dimension +┃ +Score ┃ +Change ┃ Maturity +┃ Gap to target +┃ Coverage +┃"),
        ("trend", r"Dimension +Trend +2025-Q4 +2026-Q1 +2026-Q2 +2026-Q3 +Change +Target +Maturity"),
        ("report", r"┃ Dimension +┃ evid\. ┃ +┃ Maturity +┃ Target ┃ +Gap ┃ +confid\. ┃"),
        ("report-workshop", r"┃ Role +┃ Ownership ┃ Team ┃ Governance ┃ Delivery ┃ Metrics ┃"),
    ],
)
def test_at_120_columns_the_wide_tables_stay(name: str, header: str) -> None:
    at = shown(DOCUMENTS[name], 120)
    assert re.search(header, at.output), at.output[:2000]
    assert problems(at.output, 120, values(at.tables)) == []


@pytest.mark.parametrize("name", ["diff", "trend", "report-workshop"])
def test_a_real_process_at_80_columns(name: str) -> None:
    done = in_a_terminal(DOCUMENTS[name], 80)
    assert done.returncode == 0, done.stderr[-400:]
    assert done.stderr == ""
    at = shown(DOCUMENTS[name], 80)
    assert done.stdout == at.output  # what the in-process checks saw is what a terminal shows
    assert problems(done.stdout, 80, values(at.tables)) == []


def test_the_trend_example_is_four_quarters() -> None:
    assert len(TREND) == 4  # the header pattern above names them
