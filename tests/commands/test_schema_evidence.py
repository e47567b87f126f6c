"""The answers schema documents evidence and the assessment day, and agrees with the loader on them."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import yaml

from aiopgap.commands.schema import SchemaKind
from tests.commands.test_schema import validator

WITH_EVIDENCE = """\
questionnaire: {id: aiopgap-default, version: 1.1.0}
organisation: Acme
period: 2026-Q3
assessed_on: 2026-08-20
respondents:
  - name: Ann
    role: CDO
    answers:
      ownership.single-accountable-owner:
        level: 3
        note: RACI shown on screen
        evidence:
          - {kind: artifact, date: 2026-08-14, reference: "RACI v3"}
          - observed
          - {kind: self-report}
      ownership.budget: 2
"""


def as_json(text: str) -> Any:
    """A YAML answers file as the JSON an editor checks against the schema: dates are YYYY-MM-DD text."""
    return json.loads(json.dumps(yaml.safe_load(text), default=str))


def test_answers_file_with_evidence_matches_the_schema() -> None:
    assert list(validator(SchemaKind.answers).iter_errors(as_json(WITH_EVIDENCE))) == []


def test_schema_rejects_what_the_loader_rejects_in_evidence() -> None:
    check = validator(SchemaKind.answers)
    for bad in (
        WITH_EVIDENCE.replace("kind: artifact", "kind: rumour"),
        WITH_EVIDENCE.replace("- observed", "- hearsay"),
        WITH_EVIDENCE.replace('reference: "RACI v3"', 'reference: "RACI v3", page: 4'),
        WITH_EVIDENCE.replace('reference: "RACI v3"', f"reference: {'x' * 501}"),
        WITH_EVIDENCE.replace("level: 3\n", "level: 3\n        evidence: artifact\n").replace(
            "        evidence:\n          - {kind: artifact", "        seen:\n          - {kind: artifact"
        ),
    ):
        assert list(check.iter_errors(as_json(bad))), bad


def test_schema_describes_evidence_and_assessment_day() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", "schema", "answers"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert "evidence ages are counted to it" in schema["properties"]["assessed_on"]["description"]
    answer = next(part for part in schema["$defs"]["Answer"]["anyOf"] if part.get("type") == "object")
    evidence = answer["properties"]["evidence"]
    assert "self-reported" in evidence["description"]
    assert evidence["items"] == {"$ref": "#/$defs/EvidenceItem"}
    bare, full = schema["$defs"]["EvidenceItem"]["anyOf"]
    assert bare["enum"] == ["artifact", "observed", "self-report"]
    assert set(full["properties"]) == {"kind", "date", "reference"}
    assert all(full["properties"][name]["description"] for name in ("kind", "date", "reference"))
