"""aiopgap merge: separately filled answers files combined into one assessment."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.analysis.interview import interview, session_questions
from aiopgap.analysis.report import analyse
from aiopgap.cli import app
from aiopgap.files.documents import load_assessment, load_questionnaire
from aiopgap.files.store import AnswersStore
from aiopgap.model.interview import Reply
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.render.formats import Format
from aiopgap.render.report import render
from tests.analysis.test_interview import ScriptedPrompter

runner = CliRunner()

PEOPLE = [
    (
        "Ann",
        "CDO",
        [Reply.answer(1, "three teams share it"), Reply.answer(2), Reply.na(), Reply.answer(4), Reply.skip()],
    ),
    (
        "Bob",
        "Head of Risk",
        [Reply.answer(3), Reply.answer(2), Reply.na("no vendors yet"), Reply.answer(0), Reply.answer(1)],
    ),
    ("Cy", "Product Director", [Reply.answer(4), Reply.answer(4), Reply.skip(), Reply.answer(1), Reply.skip()]),
]


@pytest.fixture
def questionnaire(mini_questionnaire: Path) -> Questionnaire:
    return load_questionnaire(mini_questionnaire)


def assess_into(path: Path, questionnaire: Questionnaire, q_path: Path, people: list) -> None:  # type: ignore[type-arg]
    store = AnswersStore.create(path, questionnaire, q_path, "Acme", "2026-Q2")
    for name, role, replies in people:
        store.add_respondent(name, role)
        interview(store, name, session_questions(questionnaire), ScriptedPrompter(list(replies)))


def merge_cli(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, ["merge", *map(str, args)])
    return result.exit_code, result.output


def test_merging_three_assessed_files_equals_assessing_them_into_one(
    tmp_path: Path, questionnaire: Questionnaire, mini_questionnaire: Path
) -> None:
    together = tmp_path / "together.yaml"
    assess_into(together, questionnaire, mini_questionnaire, PEOPLE)
    parts = []
    for person in PEOPLE:
        part = tmp_path / f"{person[0].lower()}.yaml"
        assess_into(part, questionnaire, mini_questionnaire, [person])
        parts.append(part)
    merged = tmp_path / "merged.yaml"
    code, output = merge_cli(merged, *parts, "-Q", mini_questionnaire)
    assert code == 0, output
    a = load_assessment(together, mini_questionnaire)
    b = load_assessment(merged, mini_questionnaire)
    assert b.answers == a.answers
    assert [r.name for r in b.answers.respondents] == ["Ann", "Bob", "Cy"]
    report_a = analyse(a.questionnaire, a.answers)
    report_b = analyse(b.questionnaire, b.answers)
    for fmt in (Format.json, Format.markdown, Format.html, Format.terminal):
        assert render(report_b, fmt) == render(report_a, fmt)
    text = merged.read_text()
    assert text.startswith("# aiopgap answers: Acme, 2026-Q2.\n# Merged by `aiopgap merge` from: ")
    assert "three teams share it" in text
    assert "no vendors yet" in text


def test_merge_is_deterministic_and_keeps_everything(
    tmp_path: Path, mini_answers: Path, mini_questionnaire: Path
) -> None:
    text = mini_answers.read_text()
    head, _, rest = text.partition("respondents:\n")
    blocks = rest.split("  - name: ")[1:]
    files = []
    for i, block in enumerate(blocks):
        part = tmp_path / f"p{i}.yaml"
        part.write_text(head + "respondents:\n  - name: " + block)
        files.append(part)
    first, second = tmp_path / "m1.yaml", tmp_path / "m2.yaml"
    assert merge_cli(first, *files, "-Q", mini_questionnaire)[0] == 0
    assert merge_cli(second, *files, "-Q", mini_questionnaire)[0] == 0
    assert first.read_text().splitlines()[2:] == second.read_text().splitlines()[2:]
    merged = load_assessment(first, mini_questionnaire).answers
    original = load_assessment(mini_answers, mini_questionnaire).answers
    assert merged == original  # targets, notes, n/a, order: nothing dropped


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


ANSWERS = """questionnaire: {{id: mini, version: {version}}}
organisation: {org}
period: {period}
targets:
  ownership: {target}
initiatives:
  - name: Churn model
    stage: {stage}
    horizon: near
respondents:
  - name: {name}
    role: CDO
    answers:
      ownership.owner: 2
"""


def answers(
    name: str, version: str = "1.2.0", org: str = "Acme", period: str = "2026-Q2", target: int = 3, stage: str = "pilot"
) -> str:
    return ANSWERS.format(name=name, version=version, org=org, period=period, target=target, stage=stage)


def test_conflicts_are_located_in_both_files_and_nothing_is_written(tmp_path: Path, mini_questionnaire: Path) -> None:
    base = _write(tmp_path / "base.yaml", answers("Ann"))
    twice = _write(tmp_path / "twice.yaml", answers("ann"))
    other_org = _write(tmp_path / "org.yaml", answers("Bob", org="Acme Bank"))
    other_period = _write(tmp_path / "period.yaml", answers("Cy", period="2026-Q3"))
    other_target = _write(tmp_path / "target.yaml", answers("Dee", target=2))
    other_stage = _write(tmp_path / "stage.yaml", answers("Eve", stage="production"))
    out = tmp_path / "out.yaml"
    code, output = merge_cli(
        out, base, twice, other_org, other_period, other_target, other_stage, "-Q", mini_questionnaire
    )
    assert code == 2
    assert not out.exists()
    lines = [line for line in output.splitlines() if line.startswith("error")]
    assert len(lines) == 5, output
    assert f"{twice}:11:5" in output
    assert "respondent 'ann' answered twice" in output
    assert f"(first given at {base}:11:5)" in output
    assert f"{other_org}:2:1" in output
    assert "organisation is 'Acme Bank', not 'Acme'" in output
    assert f"{other_period}:3:1" in output
    assert "period is '2026-Q3', not '2026-Q2'" in output
    assert f"{other_target}:5:3" in output
    assert "target for 'ownership' is 2, not 3" in output
    assert f"(first given at {base}:5:3)" in output
    assert f"{other_stage}:8:5" in output
    assert "initiative 'Churn model' differs in stage" in output


def test_different_questionnaire_versions_conflict(tmp_path: Path, mini_questionnaire: Path) -> None:
    # 1.2.0 and 1.2.1 both fit the 1.2.0 questionnaire, but one assessment has one version
    old = _write(tmp_path / "old.yaml", answers("Ann"))
    new = _write(tmp_path / "new.yaml", answers("Bob", version="1.2.1"))
    code, output = merge_cli(tmp_path / "out.yaml", old, new, "-Q", mini_questionnaire)
    assert code == 2
    assert f"{new}:1:" in output
    assert "questionnaire version is '1.2.1', not '1.2.0'" in output
    assert f"(first given at {old}:1:" in output


def test_bad_file_and_conflict_are_reported_in_one_run(tmp_path: Path, mini_questionnaire: Path) -> None:
    good = _write(tmp_path / "good.yaml", answers("Ann"))
    again = _write(tmp_path / "again.yaml", answers("Ann"))
    broken = _write(tmp_path / "broken.yaml", answers("Bob").replace("ownership.owner: 2", "ownership.owner: 9"))
    code, output = merge_cli(
        tmp_path / "out.yaml", good, broken, again, tmp_path / "missing.yaml", "-Q", mini_questionnaire
    )
    assert code == 2
    assert "level 9 is out of range" in output
    assert f"{broken}:14:" in output
    assert "missing.yaml: file not found" in output
    assert "answered twice" in output
    assert not (tmp_path / "out.yaml").exists()


def test_out_is_not_overwritten_unless_forced_or_an_input(tmp_path: Path, mini_questionnaire: Path) -> None:
    a = _write(tmp_path / "a.yaml", answers("Ann"))
    b = _write(tmp_path / "b.yaml", answers("Bob"))
    out = _write(tmp_path / "out.yaml", "keep me\n")
    code, output = merge_cli(out, a, b, "-Q", mini_questionnaire)
    assert code == 2
    assert "already exists; pass --force" in output
    assert out.read_text() == "keep me\n"
    assert merge_cli(out, a, b, "-Q", mini_questionnaire, "--force")[0] == 0
    assert [r.name for r in load_assessment(out, mini_questionnaire).answers.respondents] == ["Ann", "Bob"]
    # merging into one of the inputs is allowed: a late respondent joins the workshop file
    c = _write(tmp_path / "c.yaml", answers("Cy"))
    assert merge_cli(a, a, c, "-Q", mini_questionnaire)[0] == 0
    assert [r.name for r in load_assessment(a, mini_questionnaire).answers.respondents] == ["Ann", "Cy"]


def test_merge_in_a_real_process(tmp_path: Path, mini_questionnaire: Path) -> None:
    a = _write(tmp_path / "a.yaml", answers("Ann"))
    b = _write(tmp_path / "b.yaml", answers("Ann"))
    out = tmp_path / "out.yaml"
    bad = subprocess.run(
        [sys.executable, "-m", "aiopgap", "merge", out, a, b, "-Q", mini_questionnaire],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2
    assert "Traceback" not in bad.stderr
    assert "answered twice" in bad.stderr
    b.write_text(answers("Bob"))
    ok = subprocess.run(
        [sys.executable, "-m", "aiopgap", "merge", out, a, b, "-Q", mini_questionnaire],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ok.returncode == 0, ok.stderr
    assert "merged 2 respondent(s) from 2 file(s)" in ok.stderr
    check = subprocess.run(
        [sys.executable, "-m", "aiopgap", "validate", out, "-Q", mini_questionnaire], capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr
