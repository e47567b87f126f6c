"""Shared by the machine-readable output tests: an answers file whose lines are known, schema checks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, Draft202012Validator

from tests.cli.test_cli import run_cli
from tests.conftest import FIXTURES, ROOT

MINI = FIXTURES / "mini-questionnaire.yaml"

KNOWN_LINES = """\
questionnaire: {id: mini, version: 1.2.0}
organisation: Acme
period: 2026-Q2
respondents:
  - name: Ann
    role: CDO
    answers:
      ownership.owner: 3
      ownership.budget: 1
      metrics.learning: 2
  - name: Bob
    role: Head of Risk
    answers:
      ownership.budget: 0
      ownership.owner: 4
      metrics.learning: 3
"""
"""Ownership's lowest question is the budget (Bob's 0 on line 14, Ann's 1 on line 9), then the owner
(Ann's 3 on line 8, Bob's 4 on line 15); every answer key is in column 7."""


def write_known(folder: Path, name: str = "answers.yaml") -> Path:
    target = folder / name
    target.write_text(KNOWN_LINES, encoding="utf-8")
    return target


@cache
def sarif_validator() -> Draft4Validator:
    schema = json.loads((ROOT / "tests" / "schemas" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
    return Draft4Validator(schema)


def assert_valid_sarif(text: str) -> dict[str, Any]:
    log = json.loads(text)
    errors = sorted(sarif_validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    return log  # type: ignore[no-any-return]


def assert_valid_against(kind: str, text: str) -> dict[str, Any]:
    """``text`` validates against the schema ``aiopgap schema KIND`` prints."""
    code, schema_text, err = run_cli("schema", kind)
    assert code == 0, err
    document = json.loads(text)
    errors = list(Draft202012Validator(json.loads(schema_text)).iter_errors(document))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]
    return document  # type: ignore[no-any-return]


def run_actions(*args: str | Path, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """A real process as GitHub Actions runs it (GITHUB_ACTIONS=true, the workspace at ``cwd``)."""
    environment = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", "GITHUB_ACTIONS": "true"}
    environment.pop("GITHUB_STEP_SUMMARY", None)
    environment["GITHUB_WORKSPACE"] = str(cwd)
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *[str(a) for a in args]],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        timeout=120,
        check=False,
    )
