"""aiopgap merge carries evidence with its answer, and the assessment day with the assessment."""

from __future__ import annotations

import datetime
import subprocess
import sys
from pathlib import Path

from aiopgap.files.documents import load_assessment
from aiopgap.model.evidence import EvidenceItem
from tests.commands.test_merge import merge_cli

HEAD = """questionnaire: {{id: mini, version: 1.2.0}}
organisation: Acme
period: 2026-Q2
{assessed_on}respondents:
  - name: {name}
    role: CDO
    answers:
      ownership.owner:
        level: 3
        note: RACI shown
        evidence:
{evidence}      metrics.learning: 1
"""

RACI = "          - {kind: artifact, date: 2026-08-14, reference: 'RACI v3: owners #1'}\n"
OBSERVED = "          - observed\n"


def answers_file(path: Path, name: str, evidence: str, assessed_on: str | None = None) -> Path:
    day = f"assessed_on: {assessed_on}\n" if assessed_on else ""
    path.write_text(HEAD.format(name=name, evidence=evidence, assessed_on=day))
    return path


def test_every_answer_keeps_its_evidence_and_the_assessment_day(tmp_path: Path, mini_questionnaire: Path) -> None:
    ann = answers_file(tmp_path / "ann.yaml", "Ann", RACI + OBSERVED, assessed_on="2026-08-20")
    bob = answers_file(tmp_path / "bob.yaml", "Bob", OBSERVED)
    out = tmp_path / "out.yaml"
    code, output = merge_cli(out, ann, bob, "-Q", mini_questionnaire)
    assert code == 0, output
    merged = load_assessment(out, mini_questionnaire).answers
    assert merged.assessed_on == datetime.date(2026, 8, 20)
    assert merged.respondents[0].answers["ownership.owner"].evidence == (
        EvidenceItem(kind="artifact", date=datetime.date(2026, 8, 14), reference="RACI v3: owners #1"),
        EvidenceItem(kind="observed"),
    )
    assert merged.respondents[1].answers["ownership.owner"].evidence == (EvidenceItem(kind="observed"),)
    text = out.read_text()
    assert "assessed_on: 2026-08-20\n" in text
    assert "- {kind: artifact, date: 2026-08-14, reference: 'RACI v3: owners #1'}" in text


def test_same_respondent_with_other_evidence_is_a_conflict_not_a_union(
    tmp_path: Path, mini_questionnaire: Path
) -> None:
    # same level, same note, different evidence: still one person answering twice, for a person to settle
    first = answers_file(tmp_path / "first.yaml", "Ann", RACI)
    second = answers_file(tmp_path / "second.yaml", "ann", OBSERVED)
    out = tmp_path / "out.yaml"
    code, output = merge_cli(out, first, second, "-Q", mini_questionnaire)
    assert code == 2
    assert not out.exists()
    assert f"{second}:5:5" in output
    assert "respondent 'ann' answered twice" in output
    assert f"(first given at {first}:5:5)" in output


def test_two_assessment_days_conflict_and_are_located_in_both_files(tmp_path: Path, mini_questionnaire: Path) -> None:
    first = answers_file(tmp_path / "first.yaml", "Ann", RACI, assessed_on="2026-08-20")
    second = answers_file(tmp_path / "second.yaml", "Bob", RACI, assessed_on="2026-08-21")
    code, output = merge_cli(tmp_path / "out.yaml", first, second, "-Q", mini_questionnaire)
    assert code == 2
    assert f"{second}:4:1: assessed_on is 2026-08-21, not 2026-08-20 (first given at {first}:4:1)" in output


def test_merge_with_evidence_in_a_real_process(tmp_path: Path, mini_questionnaire: Path) -> None:
    ann = answers_file(tmp_path / "ann.yaml", "Ann", RACI)
    bob = answers_file(tmp_path / "bob.yaml", "Bob", OBSERVED, assessed_on="2026-08-20")
    out = tmp_path / "out.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "merge", out, ann, bob, "-Q", mini_questionnaire],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    merged = load_assessment(out, mini_questionnaire).answers
    assert [len(r.answers["ownership.owner"].evidence) for r in merged.respondents] == [1, 1]
    assert merged.assessed_on == datetime.date(2026, 8, 20)
