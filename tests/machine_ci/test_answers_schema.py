"""`aiopgap schema answers` knows one questionnaire: an editor completes its question ids and flags the rest."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.cli.test_cli import run_process
from tests.conftest import ROOT

BUNDLED = yaml.safe_load((ROOT / "questionnaires" / "default.yaml").read_text())
BUNDLED_IDS = sorted(q["id"] for d in BUNDLED["dimensions"] for q in d["questions"])

SMALL = """\
id: tiny-check
version: 2.3.0
title: A tiny questionnaire
description: Two dimensions, three questions, levels 0 to 2.
scale_max: 2
maturity:
  - {name: Starting, min_score: 0, description: Little in place.}
  - {name: Settled, min_score: 1.5, description: Mostly in place.}
dimensions:
  - id: people
    name: People
    question: Who does the work?
    description: The people side.
    questions:
      - id: people.owner
        prompt: Does one person own AI delivery?
        help: Look for a named owner.
        levels: {0: Nobody, 1: A committee, 2: One named person}
      - id: people.skills
        prompt: Are skills tracked?
        help: Look for a skills register.
        allow_na: true
        levels: {0: Not at all, 1: Informally, 2: In a register}
  - id: tools
    name: Tools
    question: What do they use?
    description: The tooling side.
    questions:
      - id: tools.registry
        prompt: Is there a model registry?
        help: Look for one.
        levels: {0: None, 1: A spreadsheet, 2: A real registry}
"""


def answers_schema(*extra: str | Path) -> dict[str, Any]:
    proc = run_process("schema", "answers", *extra)
    assert proc.returncode == 0, proc.stderr
    schema: dict[str, Any] = json.loads(proc.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


@pytest.fixture(scope="module")
def bundled() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(answers_schema())


def as_editor_sees(path: Path) -> Any:
    """A YAML answers file as the JSON an editor checks: dates are YYYY-MM-DD text (YAML 1.2)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))


def names_bundled(path: Path) -> bool:
    data = yaml.safe_load(path.read_text())
    return isinstance(data, dict) and data.get("questionnaire", {}).get("id") == BUNDLED["id"]


BUNDLED_EXAMPLES = sorted(
    p
    for p in [
        *(ROOT / "examples").glob("*.yaml"),
        *(ROOT / "examples" / "trend").glob("*.yaml"),
        *(ROOT / "examples" / "workshop").glob("*.yaml"),
        *(ROOT / "examples" / "portfolio").glob("*.yaml"),
    ]
    if names_bundled(p)
)


def test_every_bundled_example_is_found() -> None:
    # the examples cover the flat files, a trend, a workshop (with a later minor version) and a portfolio
    folders = {p.parent.name for p in BUNDLED_EXAMPLES}
    assert {"examples", "trend", "workshop", "portfolio"} <= folders
    assert len(BUNDLED_EXAMPLES) >= 10


@pytest.mark.parametrize("path", BUNDLED_EXAMPLES, ids=lambda p: str(p.relative_to(ROOT / "examples")))
def test_bundled_examples_validate(bundled: jsonschema.Draft202012Validator, path: Path) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in bundled.iter_errors(as_editor_sees(path))]
    assert errors == []


def test_the_answers_mapping_lists_exactly_the_bundled_question_ids() -> None:
    schema = answers_schema()
    answers = schema["$defs"]["Respondent"]["properties"]["answers"]
    assert list(answers["properties"]) == BUNDLED_IDS  # sorted, so an editor's list reads in order
    assert answers["additionalProperties"] is False
    consensus = schema["properties"]["consensus"]
    assert list(consensus["properties"]) == BUNDLED_IDS
    assert consensus["additionalProperties"] is False
    first = BUNDLED["dimensions"][0]["questions"][0]
    answer = schema["$defs"][f"answer.{first['id']}"]
    assert answer["description"] == first["prompt"].strip()
    assert schema["$defs"]["QuestionnaireRef"]["properties"]["id"]["const"] == BUNDLED["id"]


def good_answers(qid: str, level: object) -> dict[str, Any]:
    return {
        "questionnaire": {"id": BUNDLED["id"], "version": BUNDLED["version"]},
        "organisation": "Acme",
        "period": "2026-Q3",
        "respondents": [{"name": "Ana Lima", "role": "CTO", "answers": {qid: level}}],
    }


def test_a_valid_file_passes_and_each_mistake_is_flagged(bundled: jsonschema.Draft202012Validator) -> None:
    qid = BUNDLED_IDS[0]
    assert list(bundled.iter_errors(good_answers(qid, 2))) == []
    assert list(bundled.iter_errors(good_answers(qid, {"level": 4, "note": "top", "evidence": []}))) == []
    typo = good_answers(qid.replace(".", ".x"), 2)
    assert list(bundled.iter_errors(typo)), "a misspelt question id must be flagged"
    for level in (5, -1, {"level": 5}, "high", True):
        assert list(bundled.iter_errors(good_answers(qid, level))), f"level {level!r} must be flagged"
    wrong_id = good_answers(qid, 2)
    wrong_id["questionnaire"]["id"] = "someone-elses"
    assert list(bundled.iter_errors(wrong_id)), "another questionnaire's id must be flagged"


def test_versions_follow_what_the_reader_accepts(bundled: jsonschema.Draft202012Validator) -> None:
    major, minor, _ = (int(x) for x in BUNDLED["version"].split("."))
    qid = BUNDLED_IDS[0]

    def errors(version: str) -> int:
        data = good_answers(qid, 1)
        data["questionnaire"]["version"] = version
        return len(list(bundled.iter_errors(data)))

    assert errors(f"{major}.0.0") == 0  # written for an earlier minor: still read
    assert errors(f"{major}.{minor}.7") == 0
    assert errors(f"{major}.{minor + 1}.0") > 0  # a later minor may ask what this one does not know
    assert errors(f"{major + 1}.0.0") > 0
    assert errors(f"{major}.{minor}") > 0


def test_consensus_targets_and_na_follow_the_questionnaire(tmp_path: Path) -> None:
    small = tmp_path / "tiny.yaml"
    small.write_text(SMALL)
    check = jsonschema.Draft202012Validator(answers_schema("-Q", small))
    base: dict[str, Any] = {
        "questionnaire": {"id": "tiny-check", "version": "2.1.0"},
        "organisation": "Acme",
        "period": "2026-Q3",
        "respondents": [{"name": "Ana Lima", "role": "CTO", "answers": {"people.skills": "N/A", "tools.registry": 2}}],
        "consensus": {"people.owner": {"level": 1, "dissent": ["Ana Lima", {"name": "Bo", "level": 2}]}},
        "targets": {"people": 1.5, "tools": 2},
    }
    assert list(check.iter_errors(base)) == []
    for change in (
        {"respondents": [{"name": "A", "role": "B", "answers": {"people.owner": "n/a"}}]},  # n/a not allowed here
        {"respondents": [{"name": "A", "role": "B", "answers": {"people.owner": 3}}]},  # scale ends at 2
        {"consensus": {"people.owner": {"level": 3}}},
        {"consensus": {"people.owner": {"level": 1, "dissent": [{"name": "Bo", "level": 9}]}}},
        {"consensus": {"people.ownr": {"level": 1}}},
        {"targets": {"people": 3}},
        {"targets": {"process": 1}},
        {"questionnaire": {"id": "aiopgap-default", "version": "2.1.0"}},
    ):
        assert list(check.iter_errors({**base, **change})), f"{change} must be flagged"


def test_a_custom_questionnaire_gives_its_own_ids(tmp_path: Path) -> None:
    small = tmp_path / "tiny.yaml"
    small.write_text(SMALL)
    long_form = answers_schema("--questionnaire", small)
    assert long_form == answers_schema("-Q", small)
    answers = long_form["$defs"]["Respondent"]["properties"]["answers"]
    assert list(answers["properties"]) == ["people.owner", "people.skills", "tools.registry"]
    level = long_form["$defs"]["level.people.owner"]
    assert [c["const"] for c in level["anyOf"]] == [0, 1, 2]
    assert level["anyOf"][2]["description"] == "2: One named person"
    assert long_form["$defs"]["QuestionnaireRef"]["properties"]["id"]["const"] == "tiny-check"
    assert list(long_form["properties"]["targets"]["properties"]) == ["people", "tools"]


def test_output_is_byte_identical_and_names_no_temporary_path(tmp_path: Path) -> None:
    small = tmp_path / "tiny.yaml"
    small.write_text(SMALL)
    first, second = run_process("schema", "answers", "-Q", small), run_process("schema", "answers", "-Q", small)
    assert first.stdout == second.stdout
    assert str(tmp_path) not in first.stdout


@pytest.mark.parametrize("kind", ["questionnaire", "report"])
def test_questionnaire_with_another_schema_is_a_usage_error(kind: str, tmp_path: Path) -> None:
    small = tmp_path / "tiny.yaml"
    small.write_text(SMALL)
    proc = run_process("schema", kind, "-Q", small)
    assert proc.returncode == 2
    assert "only the answers schema" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stdout == ""


def test_a_broken_questionnaire_is_reported_at_its_line(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(SMALL.replace("scale_max: 2", "scale_max: two"))
    proc = run_process("schema", "answers", "-Q", broken)
    assert proc.returncode == 2
    assert "broken.yaml:5" in proc.stderr
    assert proc.stdout == ""


def test_help_says_the_bundled_questionnaire_is_the_default() -> None:
    proc = run_process("schema", "--help")
    assert proc.returncode == 0
    assert "-Q" in proc.stdout
    assert "bundled questionnaire" in proc.stdout


def test_output_file_and_never_over_the_questionnaire(tmp_path: Path) -> None:
    small = tmp_path / "tiny.yaml"
    small.write_text(SMALL)
    out = tmp_path / "answers.schema.json"
    proc = run_process("schema", "answers", "-Q", small, "-o", out)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text()) == answers_schema("-Q", small)
    proc = run_process("schema", "answers", "-Q", small, "-o", small)
    assert proc.returncode == 2
    assert small.read_text() == SMALL


NA_QUESTION = next(q["id"] for d in BUNDLED["dimensions"] for q in d["questions"] if q.get("allow_na"))
PLAIN_QUESTION = next(q["id"] for d in BUNDLED["dimensions"] for q in d["questions"] if not q.get("allow_na"))
# Not 2.0: JSON has one kind of number, so to a schema 2.0 is the level 2; only validate refuses it.
WRITTEN_LEVELS = ["0", "4", "5", "-1", "2.5", "n/a", "N/A", "na", "NA", "high", "true", "'3'", "~"]
WRITTEN_LEVELS += ["{level: 5}", "{level: n/a}", "{level: 2, note: why}", "{level: 2, colour: red}"]


@pytest.mark.parametrize("qid", [NA_QUESTION, PLAIN_QUESTION])
def test_the_schema_and_validate_agree_on_each_written_level(
    bundled: jsonschema.Draft202012Validator, qid: str, tmp_path: Path
) -> None:
    from aiopgap.files.documents import validate_file
    from aiopgap.model.errors import InputError

    for written in WRITTEN_LEVELS:
        path = tmp_path / "answers.yaml"
        path.write_text(
            f"questionnaire: {{id: {BUNDLED['id']}, version: {BUNDLED['version']}}}\n"
            f"organisation: Acme\nperiod: 2026-Q3\nrespondents:\n"
            f"  - {{name: Ana, role: CTO, answers: {{{qid}: {written}}}}}\n"
        )
        try:
            validate_file(path)
            refused = False
        except InputError:
            refused = True
        flagged = bool(list(bundled.iter_errors(as_editor_sees(path))))
        assert flagged == refused, f"{qid}: {written} (validate refuses: {refused}, the schema flags: {flagged})"
