"""Opening one side of a diff or trend: answers YAML or a JSON report, and finding its questionnaire."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from aiopgap.files.catalogue import catalogue, pick
from aiopgap.model.errors import InputError
from aiopgap.render.formats import json_text as render
from tests.conftest import FIXTURES
from tests.conftest import open_side as load

MINI_12 = FIXTURES / "mini-questionnaire.yaml"
MINI_13 = FIXTURES / "mini-questionnaire-1.3.yaml"


def test_a_json_report_reads_back_equal_to_scoring_the_answers(tmp_path: Path) -> None:
    known = catalogue([MINI_12])
    scored = load(FIXTURES / "mini-answers.yaml", known)
    report_file = tmp_path / "q2.json"
    report_file.write_text(render(scored.report))
    loaded = load(report_file, known)
    assert loaded.report == scored.report
    assert loaded.questionnaire is not None
    assert loaded.questionnaire.version == "1.2.0"


def test_a_json_report_without_its_questionnaire_still_loads(tmp_path: Path) -> None:
    scored = load(FIXTURES / "mini-answers.yaml", catalogue([MINI_12]))
    report_file = tmp_path / "q2.json"
    report_file.write_text(render(scored.report))
    loaded = load(report_file, catalogue([]))
    assert loaded.questionnaire is None
    assert loaded.report.organisation == "Acme"


def test_the_questionnaire_matching_each_answers_file_is_picked() -> None:
    known = catalogue([MINI_12, MINI_13])
    found = pick(known, "mini", "1.3.0")
    assert found is not None
    assert found[0] == MINI_13
    assert load(FIXTURES / "mini-answers-1.3.yaml", known).questionnaire_file == str(MINI_13)
    assert pick(known, "mini", "2.0.0") is None


def test_answers_go_to_their_own_minor_version_first_then_the_nearest_later_one() -> None:
    both = catalogue([MINI_13, MINI_12])
    for version in ("1.2.0", "1.2.5"):
        found = pick(both, "mini", version)
        assert found is not None
        assert found[0] == MINI_12, version
    # a minor version only adds: answers for 1.1 or 1.2 are read by 1.3 when it is the only one
    only_13 = catalogue([MINI_13])
    for version in ("1.0.0", "1.2.0", "1.3.9"):
        found = pick(only_13, "mini", version)
        assert found is not None, version
        assert found[0] == MINI_13
    # never an earlier minor version, never another major one
    assert pick(catalogue([MINI_12]), "mini", "1.3.0") is None
    assert pick(catalogue([MINI_12]), "mini", "0.2.0") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"format": "aiopgap.report/9", "organisation": "A"}', "unsupported format 'aiopgap.report/9'"),
        ('{"format": "aiopgap.report/1", "organisation": "A"}', "missing required field 'period'"),
        ("id: mini\nversion: 1.0.0\ndimensions: []\n", "this is a questionnaire"),
        (
            "questionnaire: {id: nope, version: 1.0.0}\norganisation: A\nperiod: 2026-Q1\n",
            "no questionnaire nope 1.0.0",
        ),
    ],
)
def test_bad_inputs_are_located_errors(text: str, expected: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text)
    with pytest.raises(InputError) as caught:
        load(bad, catalogue([MINI_12]))
    assert expected in str(caught.value)
    assert str(bad) in str(caught.value)


def test_json_reports_with_awkward_note_text_read_back_exactly(tmp_path: Path) -> None:
    note = 'Tiering: "quoted", back\\slash, tab\tend, ünïcode ✓ 🚀, a/b, #hash, {braces}: [x]'
    answers = tmp_path / "answers.yaml"
    source = (FIXTURES / "mini-answers.yaml").read_text()
    flow = "{level: 1, note: " + json.dumps(note, ensure_ascii=False) + "}"
    answers.write_text(source.replace("{level: 1, note: Split across three teams.}", flow))
    known = catalogue([MINI_12])
    scored = load(answers, known)
    assert scored.report.dimensions[0].questions[0].responses[0].note == note
    report_file = tmp_path / "r.json"
    report_file.write_text(render(scored.report))
    assert load(report_file, known).report == scored.report
