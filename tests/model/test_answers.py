"""The one level reader of answers files: a whole number, or n/a; nothing else reads as a level."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from aiopgap.model.answers import Agreement, Answer, Dissent


@pytest.mark.parametrize("level", ["\uff12", "\u0662", "2", " 2 "])
def test_a_level_written_as_text_is_refused_in_answers_agreements_and_dissent(level: str) -> None:
    """YAML reads only ASCII digits as numbers, so ``level: ２`` arrives as text: refused, never read as 2."""
    for model, data in (
        (Answer, {"level": level}),
        (Agreement, {"level": level}),
        (Dissent, {"name": "A", "level": level}),
    ):
        with pytest.raises(ValidationError, match="a level must be a whole number or n/a"):
            model.model_validate(data)


def test_n_a_in_any_case_is_not_applicable() -> None:
    assert Answer.model_validate({"level": " N/A "}).level == "n/a"
    assert Answer.model_validate(3).level == 3
