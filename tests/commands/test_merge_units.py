"""merge keeps the unit the inputs name, and refuses inputs that assess different units."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from tests.conftest import FIXTURES

runner = CliRunner()
MINI = FIXTURES / "mini-questionnaire.yaml"


def one_respondent(tmp_path: Path, name: str, unit: Any, index: int) -> Path:
    data = yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text())
    data["respondents"] = [data["respondents"][index]]
    if unit is not None:
        data["unit"] = unit
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_merged_file_names_the_unit_of_its_inputs(tmp_path: Path) -> None:
    unit = {"name": "Cards", "parent": "Retail Banking", "sizes": {"headcount": 120, "ai-spend": 0.5}}
    ann, bob = one_respondent(tmp_path, "ann", unit, 0), one_respondent(tmp_path, "bob", unit, 1)
    out = tmp_path / "merged.yaml"
    result = runner.invoke(app, ["merge", str(out), str(ann), str(bob), "-Q", str(MINI)])
    assert result.exit_code == 0, result.stderr
    merged = load_assessment(out, MINI).answers
    assert merged.unit is not None
    assert (merged.unit.name, merged.unit.parent, merged.unit.sizes) == (
        "Cards",
        "Retail Banking",
        {"headcount": 120, "ai-spend": 0.5},
    )
    assert [r.name for r in merged.respondents] == ["Ann", "Bob"]


def test_inputs_for_different_units_are_refused_with_both_places(tmp_path: Path) -> None:
    ann = one_respondent(tmp_path, "ann", "Cards", 0)
    bob = one_respondent(tmp_path, "bob", {"name": "Loans", "parent": "Retail Banking"}, 1)
    whole = one_respondent(tmp_path, "cy", None, 2)
    out = tmp_path / "merged.yaml"
    result = runner.invoke(app, ["merge", str(out), str(ann), str(bob), str(whole), "-Q", str(MINI)])
    assert result.exit_code == 2
    assert "unit is 'Loans in Retail Banking', not 'Cards'" in result.stderr
    assert "unit is 'the whole organisation', not 'Cards'" in result.stderr
    assert f"first given at {ann}:" in result.stderr
    assert not out.exists()


def test_sizes_that_differ_are_a_conflict_too(tmp_path: Path) -> None:
    ann = one_respondent(tmp_path, "ann", {"name": "Cards", "sizes": {"headcount": 120}}, 0)
    bob = one_respondent(tmp_path, "bob", {"name": "Cards", "sizes": {"headcount": 150}}, 1)
    result = runner.invoke(app, ["merge", str(tmp_path / "m.yaml"), str(ann), str(bob), "-Q", str(MINI)])
    assert result.exit_code == 2
    assert "Cards (headcount 150)" in result.stderr
