"""Practice actions: a plain string suits every level; ``{text, suits: [from, to]}`` names the levels."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import ValidationError
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.commands.schema import SchemaKind, schema_text
from aiopgap.model.questionnaire import Action, Practice
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()


def practice(actions: list[Any]) -> Practice:
    return Practice.model_validate({"id": "own", "name": "Own it", "description": "One owner.", "actions": actions})


def test_plain_strings_still_load_and_suit_every_level() -> None:
    own = practice(["Name one owner per product.", " Review owners quarterly. "])
    assert own.actions == (Action(text="Name one owner per product."), Action(text="Review owners quarterly."))
    assert all(a.suits is None for a in own.actions)


def test_actions_may_name_the_levels_they_suit() -> None:
    own = practice(["Anyone.", {"text": "Early.", "suits": [0, 1.5]}, {"text": "Late.", "suits": [3, 4]}])
    assert [(a.text, a.suits) for a in own.actions] == [("Anyone.", None), ("Early.", (0, 1.5)), ("Late.", (3, 4))]


@pytest.mark.parametrize(
    ("suits", "message"),
    [
        ([2, 1], "suits must go from a lower level to a higher one, as [from, to] (found [2, 1])"),
        ([2, 2], "found [2, 2]"),
        ([1], "suits takes two levels, [from, to] (found 1)"),
        ([-1, 1], "greater than or equal to 0"),
    ],
)
def test_a_bad_range_is_refused(suits: list[float], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("(", r"\(").replace(")", r"\)")):
        practice([{"text": "Step.", "suits": suits}])


def mini_with(tmp_path: Path, actions: list[Any]) -> Path:
    data = yaml.safe_load((FIXTURES / "mini-questionnaire.yaml").read_text())
    data["practices"] = [{"id": "own", "name": "Own it", "description": "One owner.", "actions": actions}]
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_validate_locates_a_backwards_range(tmp_path: Path) -> None:
    path = mini_with(tmp_path, ["Fine.", {"text": "Backwards.", "suits": [3, 1]}])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert f"{path}:{line_of(path, 'suits:')}:" in result.stderr
    assert "(practices[0].actions[1].suits)" in result.stderr
    assert "found [3, 1]" in result.stderr


def test_validate_locates_a_range_off_the_scale(tmp_path: Path) -> None:
    path = mini_with(tmp_path, [{"text": "Beyond.", "suits": [3, 6]}])
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 2
    assert "suits must stay on the scale 0 to 4 (found 6) (practices[0].actions[0].suits[1])" in result.stderr
    assert f"{path}:" in result.stderr


def test_schema_takes_both_forms_and_the_bundled_questionnaire(tmp_path: Path) -> None:
    check = jsonschema.Draft202012Validator(json.loads(schema_text(SchemaKind.questionnaire)))
    mixed = yaml.safe_load(mini_with(tmp_path, ["Plain.", {"text": "Ranged.", "suits": [1, 2]}]).read_text())
    assert list(check.iter_errors(mixed)) == []
    bundled = yaml.safe_load((ROOT / "questionnaires" / "default.yaml").read_text())
    assert list(check.iter_errors(bundled)) == []
    three = yaml.safe_load(mini_with(tmp_path, [{"text": "Three.", "suits": [1, 2, 3]}]).read_text())
    assert list(check.iter_errors(three))


def test_every_bundled_practice_has_steps_across_the_scale() -> None:
    data = yaml.safe_load((ROOT / "questionnaires" / "default.yaml").read_text())
    for entry in data["practices"]:
        own = Practice.model_validate(entry)
        assert len(own.actions) >= 5, own.id
        ranges = [a.suits for a in own.actions]
        assert None not in ranges, own.id
        for band in range(4):  # something for an organisation at 0-1, 1-2, 2-3 and 3-4
            assert any(r is not None and r[0] <= band and band + 1 <= r[1] for r in ranges), (own.id, band)
