"""A workshop without a terminal for the respondents: export, six filled workbooks, import, merge, report.

The report must be the one the same answers give when written by hand (or by ``assess``).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from tests.conftest import EXAMPLES
from tests.workbook_helpers import fill_workbook

runner = CliRunner()
ORBITAL = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"


def cli(*args: object) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


def report_json(path: Path) -> dict[str, object]:
    document = json.loads(cli("report", path, "-f", "json"))
    document.pop("source", None)
    return document  # type: ignore[no-any-return]


def test_six_filled_workbooks_imported_and_merged_report_as_the_hand_written_answers(tmp_path: Path) -> None:
    hand = tmp_path / "hand.yaml"
    data = yaml.safe_load(ORBITAL.read_text())
    data["questionnaire"]["version"] = load_assessment(ORBITAL).questionnaire.version  # what the workbook carries
    hand.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    base = tmp_path / "base.yaml"
    base.write_text(yaml.safe_dump({**data, "respondents": []}, sort_keys=False, allow_unicode=True))

    blank = tmp_path / "blank.xlsx"
    cli("questionnaire", "export", "--org", data["organisation"], "--period", data["period"], "-o", blank)
    filled = tmp_path / "filled"
    filled.mkdir()
    respondents = load_assessment(hand).answers.respondents
    assert len(respondents) == 6
    for number, person in enumerate(respondents, 1):
        levels = {qid: answer.level for qid, answer in person.answers.items()}
        notes = {qid: answer.note for qid, answer in person.answers.items() if answer.note}
        fill_workbook(blank, person.name, person.role, levels, notes, out=filled / f"{number}.xlsx")

    imported = tmp_path / "imported.yaml"
    output = cli("import", filled, "-o", imported)  # organisation and period come from the workbooks
    assert f"imported 6 respondent(s), {sum(len(r.answers) for r in respondents)} answer(s) from 6 file(s)" in output
    assert load_assessment(imported).answers.respondents == respondents

    merged = tmp_path / "merged.yaml"
    cli("merge", merged, base, imported)
    assert report_json(merged) == report_json(hand)
