"""aiopgap export: each response's evidence, weight and unverified mark, and confidence per question and dimension."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from aiopgap.cli import app

runner = CliRunner()

EVIDENCED = """questionnaire: {id: mini, version: 1.2.0}
organisation: Acme
period: 2026-Q2
assessed_on: 2026-08-20
respondents:
  - name: Ann
    role: CDO
    answers:
      ownership.owner:
        level: 3
        evidence:
          - {kind: artifact, date: 2024-08-14, reference: "=HYPERLINK(\\"http://evil\\")"}
          - {kind: observed, reference: "RACI v3; owners"}
      ownership.budget: 4
      metrics.learning: {level: 1, evidence: [{kind: self-report, reference: "\\e[2J@cleared"}]}
"""


def export(path: Path, questionnaire: Path, *args: str) -> list[dict[str, str]]:
    result = runner.invoke(app, ["export", str(path), "-Q", str(questionnaire), *args])
    assert result.exit_code == 0, result.stderr
    return list(csv.DictReader(io.StringIO(result.stdout, newline="")))


def test_each_response_shows_its_evidence_weight_and_unverified_mark(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(EVIDENCED)
    rows = {row["question_id"]: row for row in export(path, mini_questionnaire)}
    owner, budget, vendor, learning = (
        rows[q] for q in ("ownership.owner", "ownership.budget", "ownership.vendor", "metrics.learning")
    )
    # two years old on the assessment day: stale; the observation keeps the weight at 1
    assert owner["evidence"] == 'artifact 2024-08-14 =HYPERLINK("http://evil") (stale); observed RACI v3; owners'
    assert (owner["weight"], owner["unverified"], owner["question_confidence"]) == ("1", "no", "1")
    # level 4 on nobody's word but the respondent's: unverified, confidence 0
    assert (budget["evidence"], budget["weight"], budget["unverified"], budget["question_confidence"]) == (
        "",
        "0",
        "yes",
        "0",
    )
    assert (vendor["level"], vendor["evidence"], vendor["weight"], vendor["unverified"]) == ("", "", "", "")
    # control characters are shown, never sent to the terminal; the cell starts with its kind, never a formula
    assert learning["evidence"] == "self-report \\x1b[2J@cleared"
    assert (learning["weight"], learning["unverified"]) == ("0", "no")


def test_dimension_table_has_confidence_evidenced_score_and_unverified_count(
    tmp_path: Path, mini_questionnaire: Path
) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(EVIDENCED)
    rows = {row["dimension"]: row for row in export(path, mini_questionnaire, "-t", "dimensions")}
    ownership = rows["ownership"]
    assert (ownership["score"], ownership["confidence"], ownership["unverified"]) == ("3.333", "0.667", "1")
    assert ownership["evidenced_score"] == "2"  # 3.333 claimed, two thirds of it (by weight) evidenced
    assert rows["metrics"]["confidence"] == "0"
    assert rows["overall"]["unverified"] == "1"


def test_old_answers_file_exports_every_answer_as_self_reported(mini_answers: Path, mini_questionnaire: Path) -> None:
    rows = export(mini_answers, mini_questionnaire)
    answered = [row for row in rows if row["level"] not in ("", "n/a")]
    assert answered
    assert {row["evidence"] for row in answered} == {""}
    assert {row["weight"] for row in answered} == {"0"}
    assert {row["question_confidence"] for row in answered} == {"0"}
    assert {row["unverified"] for row in answered if int(row["level"]) >= 3} == {"yes"}


def test_tsv_export_with_evidence_in_a_real_process(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = tmp_path / "acme.yaml"
    path.write_text(EVIDENCED)
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "export", path, "-Q", mini_questionnaire, "--format", "tsv"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    header, first = done.stdout.splitlines()[:2]
    assert header.endswith("\tnote\tevidence\tweight\tunverified\tquestion_confidence\tmedian\tagreed")
    assert '\t"artifact 2024-08-14 =HYPERLINK(""http://evil"") (stale); observed RACI v3; owners"\t1\tno\t1' in first
