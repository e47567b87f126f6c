"""The plan file's one reader: a file that is not a plan, or a plan with a wrong field, is a located error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from aiopgap.files.catalogue import answering
from aiopgap.files.plan_file import open_plan
from aiopgap.model.errors import InputError
from aiopgap.model.plan import Plan

PLAN: dict[str, Any] = {
    "format": "aiopgap.plan/1",
    "organisation": "Halden Group",
    "unit": "Retail Banking",
    "questionnaire": {"id": "aiopgap-default", "version": "1.1.0"},
    "baseline": {"period": "2026-Q1", "scores": {"ownership": 1.5}, "overall": 1.5},
    "capacity": 2,
    "assumption": "Each move raises the questions behind its practice by one level.",
    "quarters": [
        {
            "period": "2026-Q2",
            "moves": [{"practice": "end-to-end-ownership", "from_level": 1.5, "to_level": 2.5}],
            "expected": {"ownership": 2.0},
        }
    ],
}


def written(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_a_plan_reads_back_with_its_questionnaire(tmp_path: Path) -> None:
    opened = open_plan(written(tmp_path, PLAN), answering(None))
    assert opened.plan == Plan.model_validate(PLAN)
    assert opened.questionnaire.id == "aiopgap-default"
    assert opened.plan.moves()[0][0] == "2026-Q2"


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ({"format": "aiopgap.report/1"}, ":1:", "expected a plan file (format: aiopgap.plan/1)"),
        ({"capacity": 0}, "[capacity]", "must be at least 1, got 0"),
        ({"capacity": True}, "[capacity]", ""),
        ({"quarters": []}, "[quarters]", ""),
        ({"questionnaire": {"id": "nope", "version": "1.0.0"}}, "[questionnaire]", "no bundled questionnaire nope"),
        ({"colour": "red"}, "[colour]", ""),
    ],
)
def test_a_wrong_plan_is_located(tmp_path: Path, change: dict[str, Any], where: str, words: str) -> None:
    path = written(tmp_path, PLAN | change)
    with pytest.raises(InputError) as raised:
        open_plan(path, answering(None))
    text = str(raised.value)
    assert str(path) in text
    assert where in text
    assert words in text


def test_an_answers_file_is_not_a_plan(tmp_path: Path) -> None:
    path = written(tmp_path, {"organisation": "Halden Group", "period": "2026-Q1"})
    with pytest.raises(InputError, match="found no format"):
        open_plan(path, answering(None))
