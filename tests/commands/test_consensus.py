"""aiopgap consensus without a terminal: --agree records one agreement, end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Agreement, Dissent

runner = CliRunner()


def consensus(answers: Path, questionnaire: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["consensus", str(answers), "-Q", str(questionnaire), *args])
    return result.exit_code, result.output


def agreements(answers: Path, questionnaire: Path) -> dict[str, Agreement]:
    return dict(load_assessment(answers, questionnaire).answers.consensus)


def test_agree_records_level_rationale_and_dissenters_with_the_level_they_held(
    mini_answers: Path, mini_questionnaire: Path
) -> None:
    code, out = consensus(
        mini_answers,
        mini_questionnaire,
        "--agree",
        "ownership.owner=2",
        "--rationale",
        "Two teams share it today.",
        "--dissent",
        "cy",  # any casing names the respondent; the file's spelling is kept
        "--dissent",
        "Ann=Still split three ways",
    )
    assert code == 0, out
    assert "ownership.owner agreed 2 (median 3.00)" in out
    assert agreements(mini_answers, mini_questionnaire) == {
        "ownership.owner": Agreement(
            level=2,
            rationale="Two teams share it today.",
            dissent=(Dissent(name="Cy", level=4), Dissent(name="Ann", level=1, note="Still split three ways")),
        )
    }


def test_agree_keeps_the_files_comments_and_order(mini_answers: Path, mini_questionnaire: Path) -> None:
    text = mini_answers.read_text(encoding="utf-8")
    mini_answers.write_text("# Workshop of 14 May, room 3\n" + text, encoding="utf-8")
    code, out = consensus(mini_answers, mini_questionnaire, "--agree", "metrics.learning=1")
    assert code == 0, out
    after = mini_answers.read_text(encoding="utf-8")
    assert after.startswith("# Workshop of 14 May, room 3\n" + text)
    assert after.endswith("consensus:\n  metrics.learning:\n    level: 1\n")


def test_agreements_are_kept_in_questionnaire_order_and_n_a_where_allowed(
    mini_answers: Path, mini_questionnaire: Path
) -> None:
    assert consensus(mini_answers, mini_questionnaire, "--agree", "metrics.learning=1")[0] == 0
    assert consensus(mini_answers, mini_questionnaire, "--agree", "ownership.vendor=N/A")[0] == 0
    assert list(agreements(mini_answers, mini_questionnaire)) == ["ownership.vendor", "metrics.learning"]
    assert agreements(mini_answers, mini_questionnaire)["ownership.vendor"].level == "n/a"


@pytest.mark.parametrize(
    ("agree", "extra", "message"),
    [
        ("ownership.owner=7", [], "'7' is not a level of ownership.owner: give 0 to 4"),
        ("ownership.owner=n/a", [], "give 0 to 4"),
        ("ownership.owner=two", [], "is not a level of ownership.owner"),
        ("nosuch.question=2", [], "no question 'nosuch.question'"),
        ("ownership.owner", [], "--agree takes QUESTION=LEVEL"),
        ("ownership.owner=2", ["--dissent", "Zed"], "'Zed' is not a respondent of this file"),
        ("ownership.owner=\uff12", [], "'\uff12' is not a level of ownership.owner"),
        ("ownership.owner=\u0662", [], "is not a level of ownership.owner"),
        ("ownership.owner=2", ["--rationale", "x" * 4001], "the rationale is 4,001 characters long"),
        ("ownership.owner=2", ["--dissent", "Ann=" + "x" * 5000], "the note of Ann's dissent is 5,000 characters"),
        (
            "ownership.owner=2",
            ["--dissent", "Ann=first", "--dissent", "ann=second"],
            "'Ann' and 'ann' are one dissenter (Ann) given twice with different notes",
        ),
    ],
    ids=["7", "n/a", "two", "no-question", "no-level", "stranger", "fullwidth", "arabic", "rationale", "note", "twice"],
)
def test_a_wrong_agreement_is_refused_in_words_and_nothing_is_written(
    mini_answers: Path, mini_questionnaire: Path, agree: str, extra: list[str], message: str
) -> None:
    before = mini_answers.read_bytes()
    code, out = consensus(mini_answers, mini_questionnaire, "--agree", agree, *extra)
    assert code == 2
    assert message in " ".join(out.split())
    assert "Traceback" not in out
    assert mini_answers.read_bytes() == before


def test_an_agreement_is_only_replaced_with_redo(mini_answers: Path, mini_questionnaire: Path) -> None:
    assert consensus(mini_answers, mini_questionnaire, "--agree", "ownership.owner=2")[0] == 0
    code, out = consensus(mini_answers, mini_questionnaire, "--agree", "ownership.owner=3")
    assert code == 2
    assert "already has an agreement (level 2)" in out
    assert "--redo" in out
    assert consensus(mini_answers, mini_questionnaire, "--agree", "ownership.owner=3", "--redo")[0] == 0
    assert agreements(mini_answers, mini_questionnaire)["ownership.owner"].level == 3


def test_rationale_without_agree_is_a_usage_error(mini_answers: Path, mini_questionnaire: Path) -> None:
    code, out = consensus(mini_answers, mini_questionnaire, "--rationale", "why")
    assert code == 2
    assert "--rationale and --dissent go with --agree" in out


def test_the_walk_needs_a_terminal_and_says_how_to_do_without(mini_answers: Path, mini_questionnaire: Path) -> None:
    code, out = consensus(mini_answers, mini_questionnaire)
    assert code == 2
    assert "needs a terminal" in out
    assert "--agree QUESTION=LEVEL" in " ".join(out.split())


def test_no_gaps_says_so_and_exits_0(mini_answers: Path, mini_questionnaire: Path) -> None:
    code, out = consensus(mini_answers, mini_questionnaire, "--threshold", "5")
    assert code == 0
    assert "Nothing to agree: no perception gaps" in " ".join(out.split())


def test_every_gap_agreed_says_so_and_points_to_redo(mini_answers: Path, mini_questionnaire: Path) -> None:
    for agree in ("metrics.learning=1", "ownership.owner=2", "ownership.budget=2"):
        assert consensus(mini_answers, mini_questionnaire, "--agree", agree)[0] == 0
    code, out = consensus(mini_answers, mini_questionnaire)
    assert code == 0
    assert "every perception gap already has an agreement (3); pass --redo" in " ".join(out.split())


def test_subprocess_agree_then_report_uses_the_agreed_level(mini_answers: Path, mini_questionnaire: Path) -> None:
    def aiopgap(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "aiopgap", *args], capture_output=True, text=True, timeout=60, check=False
        )

    done = aiopgap(
        "consensus", str(mini_answers), "-Q", str(mini_questionnaire), "--agree", "metrics.learning=3",
        "--rationale", "The dashboard exists.", "--dissent", "Bob",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = aiopgap("report", str(mini_answers), "-Q", str(mini_questionnaire), "--format", "markdown")
    assert report.returncode == 0, report.stderr
    assert "agreed 3 (median 1.00)" in report.stdout
    assert "Rationale: The dashboard exists. · Dissent: Bob (level 0)" in report.stdout
    again = aiopgap("consensus", str(mini_answers), "-Q", str(mini_questionnaire), "--agree", "metrics.learning=x")
    assert again.returncode == 2
    assert again.stderr.count("\n") == 1
    assert "Traceback" not in again.stderr


def test_the_same_agreement_writes_the_same_bytes(mini_answers: Path, mini_questionnaire: Path, tmp_path: Path) -> None:
    twin = tmp_path / "twin.yaml"
    twin.write_bytes(mini_answers.read_bytes())
    for path in (mini_answers, twin):
        code, out = consensus(
            path, mini_questionnaire, "--agree", "ownership.owner=2", "--rationale", "Ünïcode: “quoted” #1",
            "--dissent", "Ann=a: b",
        )  # fmt: skip
        assert code == 0, out
    assert mini_answers.read_bytes() == twin.read_bytes()
    assert agreements(twin, mini_questionnaire)["ownership.owner"].rationale == "Ünïcode: “quoted” #1"
    assert agreements(twin, mini_questionnaire)["ownership.owner"].dissent[0].note == "a: b"


def test_subprocess_agree_keeps_a_windows_file_all_crlf(mini_answers: Path, mini_questionnaire: Path) -> None:
    mini_answers.write_bytes(b"# room 3\r\n" + mini_answers.read_bytes().replace(b"\n", b"\r\n"))
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "consensus", str(mini_answers), "-Q", str(mini_questionnaire),
         "--agree", "ownership.owner=2", "--rationale", "two\nlines", "--dissent", "Ann=kept"],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = mini_answers.read_bytes()
    assert data.count(b"\n") == data.count(b"\r\n") > 30
    assert data.startswith(b"# room 3\r\nquestionnaire: {id: mini, version: 1.2.0}\r\n")
    assert b"consensus:\r\n  ownership.owner:\r\n    level: 2\r\n" in data
    assert agreements(mini_answers, mini_questionnaire)["ownership.owner"] == Agreement(
        level=2, rationale="two\nlines", dissent=(Dissent(name="Ann", level=1, note="kept"),)
    )
