"""aiopgap import --anonymise: the answers file written names nobody, and scores do not change."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from tests.conftest import EXAMPLES

runner = CliRunner()
WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"


def test_an_anonymised_import_names_no_respondent_and_scores_the_same(tmp_path: Path) -> None:
    names = [r.name for r in load_assessment(WORKSHOP).answers.respondents]
    responses = tmp_path / f"{names[0].replace(' ', '-')}-responses.csv"
    assert runner.invoke(app, ["export", str(WORKSHOP), "-o", str(responses)]).exit_code == 0
    out = tmp_path / "anonymous.yaml"
    result = runner.invoke(app, ["import", str(responses), "--anonymise", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    for name in names:
        for part in name.split():
            assert part.casefold() not in text.casefold(), part
    assert "anonymised" in text.splitlines()[1]  # the header counts the files instead of naming them
    back = load_assessment(out).answers
    assert len(back.respondents) == len(names)

    def overall(path: Path) -> object:
        shown = runner.invoke(app, ["report", str(path), "--format", "json"])
        assert shown.exit_code == 0, shown.output
        return json.loads(shown.output)["score"]

    assert overall(out) == overall(WORKSHOP)
