"""Loading answers and questionnaires: every problem located and explained, all at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files.documents import load_assessment, load_questionnaire, validate_file
from aiopgap.model.errors import InputError
from tests.conftest import FIXTURES


def problems(answers: Path, questionnaire: Path | None = None) -> list[str]:
    with pytest.raises(InputError) as info:
        load_assessment(answers, questionnaire)
    return [str(p) for p in info.value.problems]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "questionnaire: {id: mini, version: 1.2.0}\norganisation: Acme\nperiod: 2026-Q2\n"


def test_valid_fixture_loads(mini_answers: Path, mini_questionnaire: Path) -> None:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    assert assessment.answers.organisation == "Acme"
    assert [r.name for r in assessment.answers.respondents] == ["Ann", "Bob", "Cy"]


def test_unknown_question_id_suggests_the_nearest(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = write(tmp_path, HEADER + "respondents:\n  - name: A\n    role: R\n    answers:\n      ownership.ownr: 2\n")
    [message] = problems(path, mini_questionnaire)
    assert message.startswith(f"{path}:8:7:")
    assert "unknown question id 'ownership.ownr'; did you mean 'ownership.owner'?" in message
    assert "respondents[0].answers.ownership.ownr" in message


def test_level_out_of_range_and_wrong_type_reported_together(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "respondents:\n  - name: A\n    role: R\n    answers:\n"
        + "      ownership.owner: 7\n      ownership.budget: {level: high}\n",
    )
    found = problems(path, mini_questionnaire)
    assert len(found) == 1  # type errors stop before range checks; the type error is reported
    assert ":9:" in found[0]
    assert "'high'" in found[0]
    path = write(
        tmp_path,
        HEADER
        + "respondents:\n  - name: A\n    role: R\n    answers:\n"
        + "      ownership.owner: 7\n      ownership.budget: -1\n      metrics.learning: n/a\n",
    )
    found = problems(path, mini_questionnaire)
    assert len(found) == 3
    assert "level 7 is out of range for 'ownership.owner' (0 to 4)" in found[0]
    assert ":8:" in found[0]
    assert "level -1 is out of range" in found[1]
    assert "'metrics.learning' does not allow n/a" in found[2]


def test_unknown_field_suggests_the_right_one(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = write(tmp_path, HEADER.replace("organisation", "organization"))
    found = problems(path, mini_questionnaire)
    assert any("unknown field 'organization'; did you mean 'organisation'?" in m for m in found)
    assert any("missing required field 'organisation'" in m for m in found)


def test_answers_for_another_version_are_refused(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = write(tmp_path, HEADER.replace("1.2.0", "2.0.0"))
    [message] = problems(path, mini_questionnaire)
    assert message.startswith(f"{path}:1:")
    assert "answers are for version 2.0.0 of 'mini', but the questionnaire is version 1.2.0" in message


def test_patch_versions_are_compatible(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = write(tmp_path, HEADER.replace("1.2.0", "1.2.7"))
    assert load_assessment(path, mini_questionnaire).answers.questionnaire.version == "1.2.7"


def test_unknown_questionnaire_without_override(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER)
    [message] = problems(path)
    assert "no bundled questionnaire mini 1.2.0" in message
    assert "--questionnaire" in message


def test_duplicate_respondents_and_bad_targets(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "targets: {ownrship: 3, metrics: 9}\n"
        + "respondents:\n  - {name: A, role: R}\n  - {name: A, role: S}\n",
    )
    found = problems(path, mini_questionnaire)
    assert any("respondent 'A' appears twice" in m for m in found)
    assert any("unknown dimension 'ownrship'; did you mean 'ownership'?" in m for m in found)
    assert any("target 9.0 is out of range (0 to 4)" in m for m in found)


def test_yes_no_is_not_a_level(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = write(
        tmp_path, HEADER + "respondents:\n  - name: A\n    role: R\n    answers:\n      ownership.owner: yes\n"
    )
    [message] = problems(path, mini_questionnaire)
    assert "not true/false" in message


def test_not_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- just\n- a list\n")
    [message] = problems(path)
    assert "expected a answers file (a YAML mapping), found a list" in message.replace("an answers", "a answers")


def test_questionnaire_cross_checks_are_located(tmp_path: Path) -> None:
    text = (FIXTURES / "mini-questionnaire.yaml").read_text()
    text = text.replace("probes: {root_causes: [fragmented]}", "probes: {root_causes: [fragmentd]}")
    text = text.replace("id: metrics.override", "id: metrics.learning")
    bad = tmp_path / "q.yaml"
    bad.write_text(text)
    with pytest.raises(InputError) as info:
        load_questionnaire(bad)
    messages = [str(p) for p in info.value.problems]
    assert any("unknown root cause 'fragmentd'" in m and ":22:32:" in m for m in messages), messages
    assert any("question id 'metrics.learning' is used twice" in m for m in messages), messages


def test_validate_file_tells_questionnaires_from_answers(mini_questionnaire: Path, mini_answers: Path) -> None:
    assert validate_file(mini_questionnaire) == "questionnaire"
    assert validate_file(mini_answers, mini_questionnaire) == "answers"


def test_a_malformed_version_fits_no_questionnaire() -> None:
    """Found by fuzzing JSON reports: a broken version string raised instead of matching nothing."""
    from aiopgap.files.validation import versions_compatible

    assert versions_compatible("1.0.0", "1.0.3")
    assert versions_compatible("1.0.0", "1.1.0")  # a minor version only adds
    assert not versions_compatible("1.1.0", "1.0.9")
    assert not versions_compatible("1.0.0", "2.0.0")
    assert not versions_compatible('1.0.0"', "1.0.0")
    assert not versions_compatible("1.0.0", "one")


def test_a_questionnaire_given_as_answers_and_vice_versa_is_one_clear_message(
    mini_answers: Path, mini_questionnaire: Path
) -> None:
    [message] = problems(mini_questionnaire)
    assert "this is a questionnaire; expected an answers file" in message
    with pytest.raises(InputError) as info:
        load_questionnaire(mini_answers)
    [problem] = info.value.problems
    assert problem.message == "this is an answers file; expected a questionnaire"
