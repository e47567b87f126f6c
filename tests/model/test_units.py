"""An answers file names the unit it assesses: its name, the unit it belongs to and declared sizes."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.answers import Answers, Unit, subject_key, subject_name
from tests.conftest import FIXTURES

runner = CliRunner()


def test_a_unit_may_be_written_as_its_name_alone() -> None:
    assert Unit.model_validate("  Retail Banking ") == Unit(name="Retail Banking")


def test_a_unit_keeps_its_parent_and_sizes() -> None:
    unit = Unit.model_validate(
        {"name": "Cards", "parent": "Retail Banking", "sizes": {"headcount": 120, "ai-spend": 0.4}}
    )
    assert (unit.parent, unit.sizes) == ("Retail Banking", {"headcount": 120.0, "ai-spend": 0.4})


@pytest.mark.parametrize("size", [0, -3, True, math.inf, math.nan, 1e16, "many"])
def test_a_size_is_a_finite_number_above_zero(size: Any) -> None:
    with pytest.raises(ValidationError):
        Unit.model_validate({"name": "Cards", "sizes": {"headcount": size}})


def test_the_subject_is_matched_as_names_are() -> None:
    assert subject_key("Halden  Group", Unit(name="retail banking")) == subject_key(
        "halden group", Unit(name="Retail Banking")
    )
    assert subject_key("Halden Group", None) != subject_key("Halden Group", Unit(name="Halden Group"))
    assert subject_name("Halden Group", Unit(name="Cards")) == "Halden Group / Cards"
    assert subject_name("Halden Group", None) == "Halden Group"


def with_unit(tmp_path: Path, unit: Any) -> Path:
    data = yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text())
    data["unit"] = unit
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_the_report_names_the_unit_in_json(tmp_path: Path) -> None:
    path = with_unit(tmp_path, {"name": "Cards", "parent": "Retail", "sizes": {"headcount": 40}})
    result = runner.invoke(app, ["report", str(path), "-Q", str(FIXTURES / "mini-questionnaire.yaml"), "-f", "json"])
    assert result.exit_code == 0, result.stderr
    assert '"unit": {' in result.stdout
    assert '"parent": "Retail"' in result.stdout


def test_a_bad_size_is_located_in_the_file(tmp_path: Path) -> None:
    path = with_unit(tmp_path, {"name": "Cards", "sizes": {"headcount": -4}})
    result = runner.invoke(app, ["validate", str(path), "-Q", str(FIXTURES / "mini-questionnaire.yaml")])
    assert result.exit_code == 2
    assert "(unit.sizes.headcount)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_unit_with_an_unknown_field_is_refused(tmp_path: Path) -> None:
    path = with_unit(tmp_path, {"name": "Cards", "parnet": "Retail"})
    result = runner.invoke(app, ["validate", str(path), "-Q", str(FIXTURES / "mini-questionnaire.yaml")])
    assert result.exit_code == 2
    assert "parnet" in result.stderr
    assert "parent" in result.stderr


def test_answers_without_a_unit_assess_the_whole_organisation() -> None:
    answers = Answers.model_validate(yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text()))
    assert answers.unit is None
    assert answers.subject_key()[1] == ""
