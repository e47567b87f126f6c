"""JSON Schemas generated from the models accept every shipped file and reject broken ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from aiopgap.commands.schema import SchemaKind, schema_text
from tests.conftest import ROOT, example_files


def validator(kind: SchemaKind) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_text(kind))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", sorted((ROOT / "questionnaires").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_questionnaires_match_schema(path: Path) -> None:
    errors = list(validator(SchemaKind.questionnaire).iter_errors(yaml.safe_load(path.read_text())))
    assert errors == []


# examples/ci holds gate settings, examples/forms a form mapping and examples/plans plan files: every other
# YAML example is an answers file
ALL_ANSWERS = sorted(
    p for p in (ROOT / "examples").rglob("*.yaml") if p.relative_to(ROOT).parts[1] not in ("ci", "forms", "plans")
)


@pytest.mark.parametrize("path", ALL_ANSWERS, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_examples_match_answers_schema(path: Path) -> None:
    # an editor's YAML 1.2 schema reads `assessed_on: 2026-03-18` as text, as the schema expects
    data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
    errors = list(validator(SchemaKind.answers).iter_errors(data))
    assert errors == []


def test_answers_schema_rejects_what_the_loader_rejects() -> None:
    check = validator(SchemaKind.answers)
    good = {
        "questionnaire": {"id": "aiopgap-default", "version": "1.0.0"},
        "organisation": "X",
        "period": "2026-Q1",
        "respondents": [{"name": "A", "role": "B", "answers": {"ownership.x": 2, "process.y": "n/a"}}],
    }
    assert list(check.iter_errors(good)) == []
    assert list(check.iter_errors({**good, "organization": "typo"}))
    bad_level = {**good, "respondents": [{"name": "A", "role": "B", "answers": {"ownership.x": "high"}}]}
    assert list(check.iter_errors(bad_level))


def test_json_report_matches_report_schema(tmp_path: Path) -> None:
    example = example_files()[0]
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", str(example), "-f", "json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert list(validator(SchemaKind.report).iter_errors(json.loads(proc.stdout))) == []


def test_schema_command_writes_file(tmp_path: Path) -> None:
    out = tmp_path / "answers.schema.json"
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", "schema", "answers", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text())["title"] == "Answers"
