"""The CLI end to end: typer's CliRunner in-process, and real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap import __version__
from aiopgap.analysis.report import analyse
from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from aiopgap.model.report import Report
from tests.conftest import ROOT, example_files

runner = CliRunner()


def run_cli(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def run_process(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """A real ``python -m aiopgap`` process, 120 columns wide and without colour; ``env`` overrides."""
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
        check=False,
    )


def test_version() -> None:
    code, out, _ = run_cli("--version")
    assert code == 0
    assert out.strip() == f"aiopgap {__version__}"


def test_help_lists_commands_and_exit_codes() -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    for command in ("report", "validate", "questionnaire"):
        assert command in out
    assert "130" in out


def test_terminal_report(mini_answers: Path, mini_questionnaire: Path) -> None:
    code, out, _ = run_cli("report", mini_answers, "-Q", mini_questionnaire)
    assert code == 0
    assert "Acme" in out
    assert "Ownership" in out
    assert "Metrics" in out
    assert "2.11 / 4" in out  # overall score


def test_json_report_round_trips(mini_answers: Path, mini_questionnaire: Path) -> None:
    code, out, _ = run_cli("report", mini_answers, "-Q", mini_questionnaire, "--format", "json")
    assert code == 0
    parsed = Report.model_validate_json(out)
    assessment = load_assessment(mini_answers, mini_questionnaire)
    assert parsed == analyse(assessment.questionnaire, assessment.answers)
    assert parsed.workshop is not None  # two respondents: the workshop section round-trips too
    assert json.loads(out)["format"] == "aiopgap.report/1"


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "json"])
def test_output_file_is_byte_identical_across_runs(
    fmt: str, mini_answers: Path, mini_questionnaire: Path, tmp_path: Path
) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    assert run_cli("report", mini_answers, "-Q", mini_questionnaire, "-f", fmt, "-o", first)[0] == 0
    assert run_process("report", mini_answers, "-Q", mini_questionnaire, "-f", fmt, "-o", second).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert len(first.read_bytes()) > 200
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # no temporary files left behind


def test_markdown_report_shows_notes_and_escapes_them(
    mini_answers: Path, mini_questionnaire: Path, tmp_path: Path
) -> None:
    text = mini_answers.read_text().replace("Split across three teams.", "Split | <script>alert(1)</script>")
    mini_answers.write_text(text)
    code, out, _ = run_cli("report", mini_answers, "-Q", mini_questionnaire, "-f", "markdown")
    assert code == 0
    assert "| **Ownership** — Who owns what? | 2.67 |" in out
    assert "<script>" not in out
    assert r"Split \| \<script\>alert(1)\</script\>" in out


def test_validate_exit_codes(mini_answers: Path, mini_questionnaire: Path, tmp_path: Path) -> None:
    code, out, _ = run_cli("validate", mini_questionnaire, mini_answers, "-Q", mini_questionnaire)
    assert code == 0
    assert "ok" in out  # the ok lines are the result: on standard output
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: {id: mini, version: 1.2.0}\norganisation: [x\n")
    code, _, err = run_cli("validate", mini_answers, bad, "-Q", mini_questionnaire)
    assert code == 2
    assert f"{bad}:3:1" in err
    assert "1 of 2 file(s) invalid" in err


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\na: 2\n", "duplicate key 'a'"),
        ("questionnaire: {id: mini, version: 1.2.0}\norganisation: X\nperiod: Q\nrespondents: 3\n", "expected a list"),
        ("key: [unclosed\n", "YAML syntax error"),
    ],
)
def test_bad_input_in_a_real_process_gives_one_located_message_and_exit_2(
    text: str, expected: str, tmp_path: Path, mini_questionnaire: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    proc = run_process("report", bad, "-Q", mini_questionnaire)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert expected in proc.stderr
    assert str(bad) in proc.stderr
    assert proc.stdout == ""


def test_missing_file_and_missing_output_folder(mini_answers: Path, mini_questionnaire: Path, tmp_path: Path) -> None:
    code, _, err = run_cli("report", tmp_path / "nope.yaml")
    assert code == 2
    assert "file not found" in err
    code, _, err = run_cli("report", mini_answers, "-Q", mini_questionnaire, "-o", tmp_path / "no" / "r.md")
    assert code == 2
    assert "does not exist" in err


def test_unknown_format_is_a_usage_error(mini_answers: Path) -> None:
    result = runner.invoke(app, ["report", str(mini_answers), "--format", "pdf"])
    assert result.exit_code == 2


def test_questionnaire_show_bundled() -> None:
    code, out, _ = run_cli("questionnaire", "show", "--dimension", "governance")
    assert code == 0
    assert "governance." in out
    assert "ownership." not in out
    code, _, err = run_cli("questionnaire", "show", "--dimension", "nope")
    assert code == 2
    assert "no dimension 'nope'" in err


def test_bundled_questionnaire_has_thirty_plus_questions_across_five_dimensions() -> None:
    from aiopgap.files.documents import load_questionnaire
    from aiopgap.files.resources import default_questionnaire

    questionnaire = load_questionnaire(default_questionnaire())
    assert [d.id for d in questionnaire.dimensions] == ["ownership", "structure", "governance", "process", "metrics"]
    assert all(len(d.questions) >= 6 for d in questionnaire.dimensions)
    assert {s.id for s in questionnaire.symptoms} == {
        "pilots-not-scaling",
        "unclear-ownership",
        "slow-decisions",
        "data-science-disconnected",
        "roadmap-uncertainty",
        "vendor-driven-strategy",
    }
    for q in questionnaire.questions():
        assert len(q.levels) == 5
        assert q.probes.practices or q.probes.root_causes, q.id


def test_every_example_validates_and_reports_differ(tmp_path: Path) -> None:
    examples = example_files()
    assert len(examples) >= 3
    code, _, err = run_cli("validate", *examples)
    assert code == 0, err
    overall = set()
    for example in examples:
        code, out, _ = run_cli("report", example, "-f", "json")
        assert code == 0
        report = Report.model_validate_json(out)
        assert report.coverage > 0.8
        overall.add(report.maturity)
    assert len(overall) >= 3, overall


def test_report_runs_from_another_directory(tmp_path: Path) -> None:
    example = example_files()[0]
    proc = run_process("report", example.resolve(), "--format", "markdown", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("# AI operating model gap")


def test_repository_layout_is_as_documented() -> None:
    for name in ("pyproject.toml", "README.md", "questionnaires", "report_templates", "examples", ".ci/run"):
        assert (ROOT / name).exists(), name


def test_html_report_end_to_end_in_a_real_process(tmp_path: Path) -> None:
    out = tmp_path / "northbank.html"
    result = run_process("report", ROOT / "examples" / "northbank-2026-Q3.yaml", "--format", "html", "-o", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Northbank Financial" in html
    assert html.count('data-status="flagged"') == 6
    streamed = run_process("report", ROOT / "examples" / "northbank-2026-Q3.yaml", "-f", "html")
    assert streamed.returncode == 0
    assert streamed.stdout == html


def test_markdown_and_terminal_reports_show_symptoms_and_recommendations() -> None:
    example = ROOT / "examples" / "meridian-2026-Q3.yaml"
    code, md, _ = run_cli("report", example, "-f", "markdown")
    assert code == 0
    assert "## Symptoms: 2 of 6 flagged" in md
    assert "### 🚩 Slow or inconsistent decisions (medium severity)" in md
    assert "## What to do next quarter" in md
    assert "## AI initiative inventory" in md
    assert "| Markdown optimisation | pilot |" in md
    code, text, _ = run_cli("report", example)
    assert code == 0
    assert "Symptoms: 2 of 6 flagged" in text
    assert "What to do next quarter" in text
    assert "Pilot-to-production conversion" in text


def test_json_report_carries_symptoms_and_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    code, _, _ = run_cli("report", ROOT / "examples" / "northbank-2026-Q3.yaml", "-f", "json", "-o", out)
    assert code == 0
    report = Report.model_validate_json(out.read_text(encoding="utf-8"))
    assert len(report.flagged()) == 6
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["symptoms"][0]["evidence"][0]["responses"][0]["note"]


def test_version_in_a_real_process() -> None:
    proc = run_process("--version")
    assert proc.returncode == 0
    assert proc.stdout == f"aiopgap {__version__}\n"


def test_score_just_below_a_threshold_is_not_shown_as_reaching_it() -> None:
    """Meridian's overall score is 1.979: shown as 1.98 (Emerging), never rounded up to 2.0."""
    meridian = ROOT / "examples" / "meridian-2026-Q3.yaml"
    for fmt, expected in (("terminal", "1.98 / 4"), ("markdown", "**Overall score:** 1.98 / 4 (Emerging)")):
        code, out, _ = run_cli("report", meridian, "-f", fmt)
        assert code == 0
        assert expected in out
    code, out, _ = run_cli("report", meridian, "-f", "html")
    assert '<div class="value">1.98<span' in out
