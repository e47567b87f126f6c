"""CSV export: opens cleanly with Python's csv module, one row per respondent and question."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.render.export import table_text
from tests.conftest import example_files

runner = CliRunner()


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_responses_one_row_per_respondent_and_question(mini_answers: Path, mini_questionnaire: Path) -> None:
    result = runner.invoke(app, ["export", str(mini_answers), "-Q", str(mini_questionnaire)])
    assert result.exit_code == 0, result.stderr
    table = rows(result.stdout)
    assert len(table) == 3 * 5  # three respondents, five questions
    ann_owner = table[0]
    assert ann_owner["respondent"] == "Ann"
    assert ann_owner["question_id"] == "ownership.owner"
    assert ann_owner["level"] == "1"
    assert ann_owner["note"] == "Split across three teams."
    assert table[2]["level"] == "n/a"
    assert table[4]["level"] == ""  # metrics.override unanswered by Ann


def test_dimension_sheet(mini_answers: Path, mini_questionnaire: Path) -> None:
    result = runner.invoke(app, ["export", str(mini_answers), "-Q", str(mini_questionnaire), "-t", "dimensions"])
    assert result.exit_code == 0
    table = rows(result.stdout)
    assert [(r["dimension"], r["score"], r["coverage"]) for r in table] == [
        ("ownership", "2.667", "1"),
        ("metrics", "1", "0.5"),
        ("overall", "2.111", "0.8"),
    ]


def test_several_files_and_output_dir(tmp_path: Path) -> None:
    examples = example_files()
    result = runner.invoke(app, ["export", *map(str, examples), "--output-dir", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    responses = rows((tmp_path / "responses.csv").read_text(encoding="utf-8"))
    organisations = {r["organisation"] for r in responses}
    assert len(organisations) == len(examples)
    dimensions = rows((tmp_path / "dimensions.csv").read_text(encoding="utf-8"))
    assert len(dimensions) == len(examples) * 6


def test_formulas_are_neutralised_and_commas_quoted() -> None:
    text = table_text(("a", "b", "c"), [("=HYPERLINK(1)", "x, y", "-3.5")])
    [row] = list(csv.reader(io.StringIO(text, newline="")))[1:]
    assert row == ["'=HYPERLINK(1)", "x, y", "-3.5"]


def test_bad_file_among_many_is_reported(mini_answers: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: x\n")
    result = runner.invoke(app, ["export", str(bad)])
    assert result.exit_code == 2
    assert "missing required field 'questionnaire'" in result.stderr


def test_format_tsv_writes_tab_separated_tables(mini_answers: Path, mini_questionnaire: Path, tmp_path: Path) -> None:
    args = ["export", str(mini_answers), "-Q", str(mini_questionnaire)]
    as_csv = rows(runner.invoke(app, args).stdout)
    result = runner.invoke(app, [*args, "--format", "tsv"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("organisation\tunit\tperiod\trespondent\t")
    assert list(csv.DictReader(io.StringIO(result.stdout, newline=""), delimiter="\t")) == as_csv

    out = tmp_path / "tables"
    out.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", *args, "-f", "tsv", "--output-dir", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in out.iterdir()) == ["dimensions.tsv", "responses.tsv"]
    dimensions = (out / "dimensions.tsv").read_text(encoding="utf-8")
    assert dimensions.startswith("organisation\tunit\tperiod\tdimension\tname\tscore\t")


def test_format_csv_is_the_default(mini_answers: Path, mini_questionnaire: Path) -> None:
    args = ["export", str(mini_answers), "-Q", str(mini_questionnaire)]
    assert runner.invoke(app, [*args, "--format", "csv"]).stdout == runner.invoke(app, args).stdout
