"""Shared by the machine-readable output tests: an answers file whose lines are known, schema checks."""

from __future__ import annotations

import json
import os
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator, Draft202012Validator

from tests.cli.test_cli import run_cli, run_process
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
    with_actions = {"GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": str(cwd), **env}
    if "GITHUB_STEP_SUMMARY" in os.environ and "GITHUB_STEP_SUMMARY" not in env:
        # a summary file of the runner this test suite runs in must not receive the test's lines
        with_actions["GITHUB_STEP_SUMMARY"] = os.devnull
    return run_process(*args, cwd=cwd, env=with_actions)
