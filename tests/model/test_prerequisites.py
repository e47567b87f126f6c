"""Practices declare the practices they build on; a questionnaire whose list names an unknown practice,
the practice itself, one id twice or a circle is refused with the place of the list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.catalogue import load_questionnaire
from tests.conftest import FIXTURES, ROOT

runner = CliRunner()


def practice(pid: str, builds_on: list[str] | None = None) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": pid, "name": pid.title(), "description": f"The {pid} practice."}
    if builds_on is not None:
        entry["builds_on"] = builds_on
    return entry


def mini_with(tmp_path: Path, practices: list[dict[str, Any]]) -> Path:
    data = yaml.safe_load((FIXTURES / "mini-questionnaire.yaml").read_text())
    data["practices"] = practices
    path = tmp_path / "q.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def validate(path: Path) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", str(path)])
    assert "Traceback" not in result.stderr
    return result.exit_code, result.stderr


def test_a_chain_of_prerequisites_loads(tmp_path: Path) -> None:
    path = mini_with(tmp_path, [practice("own"), practice("team", ["own"]), practice("fund", ["own", "team"])])
    assert validate(path)[0] == 0
    loaded = load_questionnaire(path)
    assert [p.builds_on for p in loaded.practices] == [(), ("own",), ("own", "team")]


@pytest.mark.parametrize(
    ("practices", "path", "message"),
    [
        ([practice("own", ["guard"])], "practices[0].builds_on[0]", "unknown practice 'guard' (known: own)"),
        ([practice("own", ["own"])], "practices[0].builds_on[0]", "practice 'own' cannot build on itself"),
        (
            [practice("own"), practice("team", ["own", "own"])],
            "practices[1].builds_on[1]",
            "'own' is listed twice",
        ),
        (
            [practice("own", ["fund"]), practice("team", ["own"]), practice("fund", ["team"])],
            "practices[0].builds_on",
            "practices build on each other in a circle (own -> fund -> team -> own)",
        ),
        ([practice("own", ["Not A Slug"])], "practices[0].builds_on[0]", "is not a valid id"),
    ],
)
def test_a_broken_prerequisite_list_is_located(
    tmp_path: Path, practices: list[dict[str, Any]], path: str, message: str
) -> None:
    file = mini_with(tmp_path, practices)
    code, err = validate(file)
    assert code == 2
    assert f"({path})" in err
    assert message in err
    assert f"{file}:" in err


def test_a_circle_is_reported_once_however_many_practices_it_passes(tmp_path: Path) -> None:
    ring = [practice(f"p{i}", [f"p{(i + 1) % 40}"]) for i in range(40)]
    code, err = validate(mini_with(tmp_path, ring))
    assert code == 2
    assert err.count("in a circle") == 1
    assert "p0 -> p1 -> p2" in err


def test_a_long_chain_without_a_circle_is_fine(tmp_path: Path) -> None:
    chain = [practice("p0")] + [practice(f"p{i}", [f"p{i - 1}"]) for i in range(1, 2000)]
    assert validate(mini_with(tmp_path, chain))[0] == 0


def test_the_bundled_questionnaire_puts_ownership_first() -> None:
    bundled = load_questionnaire(ROOT / "questionnaires" / "default.yaml")
    needs = {p.id: set(p.builds_on) for p in bundled.practices}
    assert needs["end-to-end-ownership"] == set()
    assert "end-to-end-ownership" in needs["portfolio-investment"]
    assert "embedded-guardrails" in needs["lifecycle-thinking"]
