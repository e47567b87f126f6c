"""diff and trend of two quarters of one workshop: whether the perception gaps narrowed, in every format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.diff import Diff
from aiopgap.model.trend import Trend
from tests.conftest import FIXTURES

runner = CliRunner()


@pytest.fixture
def quarters(tmp_path: Path) -> tuple[Path, Path]:
    """Q2 as in the fixture; in Q3 Ann sees learning at 2 (was 4) and Cy ownership at 1 (was 4)."""
    q2 = tmp_path / "q2.yaml"
    q2.write_text((FIXTURES / "mini-answers.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = q2.read_text(encoding="utf-8").replace("period: 2026-Q2", "period: 2026-Q3")
    text = text.replace("metrics.learning: 4", "metrics.learning: 2").replace(
        "ownership.owner: 4", "ownership.owner: 1"
    )
    q3 = tmp_path / "q3.yaml"
    q3.write_text(text, encoding="utf-8")
    return q2, q3


def invoke(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_diff_says_which_gaps_narrowed_in_every_format(quarters: tuple[Path, Path], mini_questionnaire: Path) -> None:
    q2, q3 = quarters
    invoke("consensus", q3, "-Q", mini_questionnaire, "--agree", "metrics.learning=1")
    data = json.loads(invoke("diff", q2, q3, "-Q", mini_questionnaire, "-f", "json"))
    gaps = {g["ref"]: (g["old"], g["new"], g["change"], g["agreed"]) for g in data["gaps"]}
    assert gaps["metrics.learning"] == (4.0, 2.0, "narrowed", "1")
    assert gaps["ownership.owner"] == (3.0, 2.0, "narrowed", None)
    assert gaps["ownership"] == (2.667, 1.334, "closed", None)
    terminal = " ".join(invoke("diff", q2, q3, "-Q", mini_questionnaire).split())
    assert "Perception gaps between roles: 4 of 5 narrowed or closed" in terminal
    assert "4.00 → 2.00 narrowed" in terminal
    markdown = invoke("diff", q2, q3, "-Q", mini_questionnaire, "-f", "markdown")
    assert "| `metrics.learning` Do you track learning velocity? | 4.00 → 2.00 narrowed | 1 |" in markdown
    assert "| `ownership` (dimension) Ownership | 2.67 → 1.33 closed | – |" in markdown
    html = invoke("diff", q2, q3, "-Q", mini_questionnaire, "-f", "html")
    assert '<tr data-ref="metrics.learning">' in html
    assert '<td class="up">4.00 → 2.00 narrowed</td>' in html


def test_trend_follows_gap_widths_per_period(quarters: tuple[Path, Path], mini_questionnaire: Path) -> None:
    q2, q3 = quarters
    data = json.loads(invoke("trend", q2, q3, "-Q", mini_questionnaire, "-f", "json"))
    widths = {g["ref"]: (g["widths"], g["change"]) for g in data["gaps"]}
    assert widths["metrics.learning"] == ([4.0, 2.0], "narrowed")
    assert widths["ownership"] == ([2.667, 1.334], "closed")
    terminal = " ".join(invoke("trend", q2, q3, "-Q", mini_questionnaire).split())
    assert "Perception gaps between roles: levels apart per period" in terminal
    markdown = invoke("trend", q2, q3, "-Q", mini_questionnaire, "-f", "markdown")
    assert "| `metrics.learning` Do you track learning velocity? | 4.00 | 2.00 | narrowed |" in markdown
    html = invoke("trend", q2, q3, "-Q", mini_questionnaire, "-f", "html")
    assert '<tr data-ref="ownership"><td><code>ownership</code> (dimension)' in html


def test_older_diff_and_trend_json_without_gaps_still_read() -> None:
    diff = Diff.model_json_schema()
    assert "gaps" not in diff.get("required", [])
    assert "gaps" not in Trend.model_json_schema().get("required", [])


def test_diff_against_an_earlier_json_report_compares_gaps(
    quarters: tuple[Path, Path], mini_questionnaire: Path, tmp_path: Path
) -> None:
    q2, q3 = quarters
    report = json.loads(invoke("report", q2, "-Q", mini_questionnaire, "-f", "json"))
    for dimension in report["dimensions"]:  # as written before median and agreed existed
        for question in dimension["questions"]:
            del question["median"], question["agreed"]
    old = tmp_path / "q2.json"
    old.write_text(json.dumps(report), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "diff", str(old), str(q3), "-Q", str(mini_questionnaire), "-f", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert {g["ref"]: g["change"] for g in json.loads(done.stdout)["gaps"]}["metrics.learning"] == "narrowed"
