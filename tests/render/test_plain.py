"""The text limit: the quick count (check_size) refuses exactly the documents the conversion (plain) refuses."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.render.plain import RenderLimit, check_size, plain
from tests.conftest import EXAMPLES


class Colour(enum.Enum):
    red = "a red text"
    blue = "blue"


class Tag(str):
    """A str subclass: counted by its length, like any text."""


class Leaf(BaseModel):
    model_config = ConfigDict(frozen=True)
    name: str
    colour: Colour = Colour.red

    @property
    def shout(self) -> str:
        return self.name.upper() + "!"


@dataclasses.dataclass(frozen=True)
class Pair:
    left: Any
    right: Any


texts = st.text(max_size=12) | st.builds(Tag, st.text(max_size=6))
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts | st.sampled_from(Colour)
values = st.recursive(
    scalars | st.builds(Leaf, name=st.text(max_size=8), colour=st.sampled_from(Colour)),
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.lists(inner, max_size=4).map(tuple)
        | st.frozensets(st.text(max_size=4), max_size=3)
        | st.dictionaries(st.text(max_size=4), inner, max_size=3)
        | st.builds(Pair, inner, inner)
    ),
    max_leaves=25,
)


def refused(check: Any, value: Any, limit: int) -> bool:
    try:
        check(value, limit)
    except RenderLimit:
        return True
    return False


@settings(max_examples=300)
@given(values, st.integers(min_value=0, max_value=120))
def test_the_count_refuses_what_the_conversion_refuses(value: Any, limit: int) -> None:
    assert refused(check_size, value, limit) == refused(plain, value, limit)


def smallest_accepted(value: Any) -> int:
    """The least limit plain() accepts ``value`` under (its text size), by bisection."""
    low, high = 0, 10_000_000
    while low < high:
        middle = (low + high) // 2
        if refused(plain, value, middle):
            low = middle + 1
        else:
            high = middle
    return low


@pytest.mark.parametrize("name", ["northbank-2026-Q3.yaml", "lumen-2026-Q3.yaml"])
def test_a_real_report_is_accepted_at_its_size_and_refused_one_character_under(name: str) -> None:
    opened = load_assessment(EXAMPLES / name)
    report = analyse(opened.questionnaire, opened.answers)
    size = smallest_accepted(report)
    assert size > 10_000  # a whole report: every note, evidence line and recommendation counted
    check_size(report, size)
    with pytest.raises(RenderLimit, match=f"more than {size - 1:,} characters"):
        check_size(report, size - 1)


def test_text_that_is_not_plain_data_is_refused_by_both() -> None:
    for check in (check_size, plain):
        with pytest.raises(TypeError, match="object is not plain data"):
            check([object()], 100)
