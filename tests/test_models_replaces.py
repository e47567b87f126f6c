"""The ``replaces`` list on a question: parsed, and checked against the questionnaire it is in."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.errors import InputError
from aiopgap.loader import load_questionnaire

from .conftest import FIXTURES


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
