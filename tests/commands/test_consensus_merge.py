"""merge with workshop agreements: the same agreement in several files is one, different ones conflict."""

from __future__ import annotations

import shutil
from pathlib import Path

from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from tests.conftest import FIXTURES

runner = CliRunner()


def halves(tmp_path: Path) -> tuple[Path, Path]:
    """The mini workshop split in two files: Ann and Bob, then Cy (renamed so nobody answers twice)."""
    text = (FIXTURES / "mini-answers.yaml").read_text(encoding="utf-8")
    head, cy = text.split("  - name: Cy\n")
    first, second = tmp_path / "first.yaml", tmp_path / "second.yaml"
    first.write_text(head, encoding="utf-8")
    second.write_text(head.split("respondents:\n")[0] + "respondents:\n  - name: Cy\n" + cy, encoding="utf-8")
    return first, second


def run(*args: object) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.output


def agree(path: Path, q: Path, *args: str) -> None:
    code, out = run("consensus", path, "-Q", q, "--agree", *args)
    assert code == 0, out


def test_the_same_agreement_in_two_files_is_kept_once(tmp_path: Path, mini_questionnaire: Path) -> None:
    first, second = halves(tmp_path)
    for path in (first, second):
        agree(path, mini_questionnaire, "ownership.owner=2", "--rationale", "Two teams share it")
    agree(second, mini_questionnaire, "metrics.learning=1")
    out = tmp_path / "merged.yaml"
    code, text = run("merge", out, first, second, "-Q", mini_questionnaire)
    assert code == 0, text
    merged = load_assessment(out, mini_questionnaire).answers
    assert {q: a.level for q, a in merged.consensus.items()} == {"ownership.owner": 2, "metrics.learning": 1}
    assert merged.consensus["ownership.owner"].rationale == "Two teams share it"


def test_different_agreements_on_one_question_are_a_located_conflict(tmp_path: Path, mini_questionnaire: Path) -> None:
    first, second = halves(tmp_path)
    agree(first, mini_questionnaire, "ownership.owner=2")
    agree(second, mini_questionnaire, "ownership.owner=3", "--dissent", "Cy")
    out = tmp_path / "merged.yaml"
    code, text = run("merge", out, first, second, "-Q", mini_questionnaire)
    assert code == 2
    flat = " ".join(text.split())
    assert "agreement on 'ownership.owner' differs in level, dissent" in flat
    assert f"{second}:" in flat
    assert f"(first given at {first}:" in flat
    assert not out.exists()


def test_a_dissenter_must_be_a_respondent_of_the_merged_file(tmp_path: Path, mini_questionnaire: Path) -> None:
    shutil.copy(FIXTURES / "mini-answers.yaml", tmp_path / "all.yaml")
    code, text = run("consensus", tmp_path / "all.yaml", "-Q", mini_questionnaire, "--agree", "ownership.owner=2",
                     "--dissent", "Dora")  # fmt: skip
    assert code == 2
    assert "'Dora' is not a respondent of this file, so cannot dissent (known: Ann, Bob, Cy)" in " ".join(text.split())
