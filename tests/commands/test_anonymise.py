"""`report --anonymise` and `export --anonymise` on the workshop example, in every format, in and out of process."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.report import Report
from tests.conftest import EXAMPLES

WORKSHOP_EXAMPLE = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
runner = CliRunner()
QUESTION = "ownership.single-accountable-owner"


def people() -> list[str]:
    data = yaml.safe_load(WORKSHOP_EXAMPLE.read_text(encoding="utf-8"))
    return [r["name"] for r in data["respondents"]]


def name_words() -> set[str]:
    return {part for name in people() for part in name.split()}


def leaked(text: str) -> list[str]:
    """Every respondent's name or part of one that ``text`` holds as a whole word, in any case."""
    return sorted({w for w in name_words() if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)})


@pytest.fixture
def talkative(tmp_path: Path) -> Path:
    """The workshop example with names in notes, a rationale, a dissent and an evidence reference."""
    data: dict[str, Any] = yaml.safe_load(WORKSHOP_EXAMPLE.read_text(encoding="utf-8"))
    first, second = data["respondents"][0], data["respondents"][1]
    a, b = first["name"], second["name"]
    first["answers"][QUESTION] = {
        "level": 2,
        "note": f"{b.upper()} disagrees; {b.split()[0].lower()} says so every week.",
        "evidence": [{"kind": "artifact", "reference": f"Register kept by {a}"}],
    }
    data["consensus"] = {
        QUESTION: {"level": 1, "rationale": f"{a.split()[-1]} showed the register.", "dissent": [a]},
    }
    path = tmp_path / "talkative.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
def test_no_name_in_any_format_of_the_anonymised_report(talkative: Path, fmt: str) -> None:
    named = runner.invoke(app, ["report", str(talkative), "-f", fmt])
    anonymous = runner.invoke(app, ["report", str(talkative), "-f", fmt, "--anonymise"])
    assert named.exit_code == 0, named.stderr
    assert anonymous.exit_code == 0, anonymous.stderr
    assert leaked(named.stdout) == sorted(name_words())  # the test would see a name if there were one
    assert leaked(anonymous.stdout) == []
    assert "Other roles 1" in anonymous.stdout
    assert re.search(r"\\?\[respondent\\?\]", anonymous.stdout)  # Markdown escapes the brackets


def test_markdown_and_html_say_which_mode_they_are_in() -> None:
    for fmt in ("markdown", "html"):
        named = runner.invoke(app, ["report", str(WORKSHOP_EXAMPLE), "-f", fmt]).stdout
        anonymous = runner.invoke(app, ["report", str(WORKSHOP_EXAMPLE), "-f", fmt, "--anonymise"]).stdout
        assert "Named: respondents are shown by name" in named
        assert "Anonymised:" not in named
        assert "roles with fewer than three respondents are shown as Other roles" in anonymous
        assert "Named:" not in anonymous
    terminal = runner.invoke(app, ["report", str(WORKSHOP_EXAMPLE), "--anonymise"], env={"COLUMNS": "200"}).stdout
    assert "Anonymised: respondents are shown by role and number" in terminal


def test_json_carries_the_flag_and_the_same_scores(talkative: Path) -> None:
    named = Report.model_validate_json(runner.invoke(app, ["report", str(talkative), "-f", "json"]).stdout)
    anonymous = Report.model_validate_json(
        runner.invoke(app, ["report", str(talkative), "-f", "json", "--anonymise"]).stdout
    )
    assert (named.anonymised, anonymous.anonymised) == (False, True)
    assert [(d.id, d.score, d.confidence) for d in anonymous.dimensions] == [
        (d.id, d.score, d.confidence) for d in named.dimensions
    ]
    agreed = next(q for d in anonymous.dimensions for q in d.questions if q.id == QUESTION).agreed
    assert agreed is not None
    assert agreed.rationale == "[respondent] showed the register."
    assert len(agreed.dissent) == 1
    assert agreed.dissent[0].name in {r.name for r in anonymous.respondents}
    assert agreed.dissent[0].name.startswith("Other roles ")


def test_anonymised_report_is_byte_identical_run_after_run(talkative: Path) -> None:
    for fmt in ("markdown", "html", "json", "terminal"):
        first = runner.invoke(app, ["report", str(talkative), "-f", fmt, "--anonymise"]).stdout
        assert runner.invoke(app, ["report", str(talkative), "-f", fmt, "--anonymise"]).stdout == first


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_export_anonymised_keeps_every_row_and_number_without_names(talkative: Path) -> None:
    named = runner.invoke(app, ["export", str(talkative)])
    anonymous = runner.invoke(app, ["export", str(talkative), "--anonymise"])
    assert anonymous.exit_code == 0, anonymous.stderr
    assert leaked(anonymous.stdout) == []
    before, after = rows(named.stdout), rows(anonymous.stdout)
    assert len(after) == len(before)
    assert {r["role"] for r in after} == {"Other roles"}
    assert sorted(r["level"] for r in after) == sorted(r["level"] for r in before)
    for table in ("dimensions",):
        named_dims = runner.invoke(app, ["export", str(talkative), "-t", table]).stdout
        assert runner.invoke(app, ["export", str(talkative), "-t", table, "--anonymise"]).stdout == named_dims


def test_export_output_dir_anonymised(talkative: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = runner.invoke(app, ["export", str(talkative), "--output-dir", str(out), "-f", "tsv", "--anonymise"])
    assert result.exit_code == 0, result.stderr
    for name in ("responses.tsv", "dimensions.tsv"):
        assert leaked((out / name).read_text(encoding="utf-8")) == []


def test_help_explains_the_option() -> None:
    for command in ("report", "export"):
        text = " ".join(
            runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout.replace("│", " ").split()
        )
        assert "--anonymise" in text
        assert "a role with fewer than three respondents is shown as Other roles" in text


def test_anonymised_report_and_export_in_a_real_process(talkative: Path, tmp_path: Path) -> None:
    html = tmp_path / "report.html"
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", talkative, "-f", "html", "-o", html, "--anonymise"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    page = html.read_text(encoding="utf-8")
    assert leaked(page) == []
    assert 'id="mode"' in page
    assert "Anonymised:" in page
    exported = subprocess.run(
        [sys.executable, "-m", "aiopgap", "export", talkative, "--anonymise", "-t", "responses"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert exported.returncode == 0, exported.stderr
    assert leaked(exported.stdout) == []
    assert (
        json.loads(
            subprocess.run(
                [sys.executable, "-m", "aiopgap", "report", talkative, "-f", "json", "--anonymise"],
                capture_output=True,
                text=True,
                timeout=60,
            ).stdout
        )["anonymised"]
        is True
    )


EXAMPLE_ANSWERS = sorted(
    {*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("*/*.yaml")}
    - {*EXAMPLES.glob("ci/*"), *EXAMPLES.glob("forms/*"), *EXAMPLES.glob("plans/*")}
)


@pytest.mark.parametrize("example", EXAMPLE_ANSWERS, ids=lambda p: p.name)
def test_every_example_anonymised_names_nobody_and_keeps_its_scores(example: Path) -> None:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    words = {part for r in data.get("respondents", []) for part in r["name"].split() if len(part) >= 3}
    named = Report.model_validate_json(runner.invoke(app, ["report", str(example), "-f", "json"]).stdout)
    texts = {
        fmt: runner.invoke(app, ["report", str(example), "-f", fmt, "--anonymise"]).stdout
        for fmt in ("json", "markdown")
    }
    for text in texts.values():
        assert not [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE)]
    anonymous = Report.model_validate_json(texts["json"])
    assert anonymous.score == named.score
    assert [d.score for d in anonymous.dimensions] == [d.score for d in named.dimensions]


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
@pytest.mark.parametrize("small", [1, 2])
def test_a_small_other_roles_has_no_view_of_its_own_in_any_format(tmp_path: Path, fmt: str, small: int) -> None:
    data: dict[str, Any] = yaml.safe_load(WORKSHOP_EXAMPLE.read_text(encoding="utf-8"))
    for index, respondent in enumerate(data["respondents"]):
        respondent["role"] = f"Executive {index}" if index < small else "Engineer"
    path = tmp_path / "roles.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = runner.invoke(app, ["report", str(path), "-f", fmt, "--anonymise"])
    assert result.exit_code == 0, result.stderr
    plural = "s" if small > 1 else ""
    line = f"Other roles ({small} respondent{plural}) not shown separately: too few to stay anonymous"
    if fmt == "json":
        report = Report.model_validate_json(result.stdout)
        assert report.workshop is not None
        assert [(w.role, w.respondents) for w in report.workshop.withheld] == [("Other roles", small)]
        assert [g.role for g in report.workshop.roles] == ["Engineer"]
        assert {r.role for d in report.workshop.dimensions for r in d.by_role} == {"Engineer"}
        return
    text = " ".join(result.stdout.split())
    assert line in text
    assert text.count(line) == 1
    # the heatmap and the role list hold Engineer alone
    for row in ("| Other roles |", "<td>Other roles</td>", "Other roles</text>", "│ Other roles │"):
        assert row not in text
    assert "in 1 role" in text
