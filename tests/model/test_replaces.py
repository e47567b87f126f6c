"""The ``replaces`` list on a question: parsed, and checked against the questionnaire it is in."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files.documents import load_assessment, load_questionnaire
from aiopgap.model.errors import InputError
from tests.conftest import FIXTURES


def test_replaces_is_read_from_the_questionnaire() -> None:
    questionnaire = load_questionnaire(FIXTURES / "mini-questionnaire-1.3.yaml")
    replaced = {q.id: q.replaces for q in questionnaire.questions() if q.replaces}
    assert replaced == {
        "ownership.budget-holder": ("ownership.budget",),
        "metrics.override-rate": ("metrics.override",),
        "metrics.override-review": ("metrics.override",),
    }


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("replaces: [ownership.budget]", "replaces: [ownership.owner]", "'ownership.owner' is still a question"),
        (
            "replaces: [ownership.budget]",
            "replaces: [ownership.budget, ownership.budget]",
            "'ownership.budget' is listed twice",
        ),
        ("replaces: [ownership.budget]", "replaces: [Not An Id]", "is not a valid id"),
    ],
)
def test_bad_replaces_are_located(old: str, new: str, expected: str, tmp_path: Path) -> None:
    text = (FIXTURES / "mini-questionnaire-1.3.yaml").read_text()
    assert old in text
    bad = tmp_path / "q.yaml"
    bad.write_text(text.replace(old, new))
    with pytest.raises(InputError) as caught:
        load_questionnaire(bad)
    [problem] = caught.value.problems
    assert expected in problem.message
    assert problem.location.line == text.splitlines().index("        " + old) + 1
    assert problem.location.field is not None
    assert problem.location.field.startswith("dimensions[0].questions[1].replaces")


def test_answers_using_a_replaced_id_are_told_what_replaced_it(tmp_path: Path) -> None:
    stale = tmp_path / "answers.yaml"
    stale.write_text(
        (FIXTURES / "mini-answers.yaml")
        .read_text()
        .replace("version: 1.2.0", "version: 1.3.0")
        .replace("ownership.vendor: n/a\n      metrics.learning: 4", "metrics.override: 2\n      metrics.learning: 4")
    )
    with pytest.raises(InputError) as caught:
        load_assessment(stale, FIXTURES / "mini-questionnaire-1.3.yaml")
    messages = [p.message for p in caught.value.problems]
    assert (
        "unknown question id 'ownership.budget'; version 1.3.0 replaced it with 'ownership.budget-holder'" in messages
    )
    assert (
        "unknown question id 'metrics.override'; version 1.3.0 replaced it with "
        "'metrics.override-rate', 'metrics.override-review'" in messages
    )


def test_questionnaire_show_names_what_a_question_replaces() -> None:
    from tests.cli.test_cli import run_cli

    code, out, _ = run_cli("questionnaire", "show", FIXTURES / "mini-questionnaire-1.3.yaml", "--no-levels")
    assert code == 0
    assert "(replaces ownership.budget)" in out
