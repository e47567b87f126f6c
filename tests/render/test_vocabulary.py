"""The formatting vocabulary: how numbers and changes read in every document."""

from __future__ import annotations

from aiopgap.analysis.diff import change
from aiopgap.render.vocabulary import delta, gap_word, percent_delta, span


def test_delta_shows_direction_and_sign() -> None:
    assert delta(change(1.0, 1.5)) == "▲ +0.50"
    assert delta(change(2.0, 1.8)) == "▼ -0.20"
    assert delta(change(2.0, 2.0)) == "= 0.00"
    assert delta(change(None, 2.0)) == "new"
    assert percent_delta(change(0.8, 0.91)) == "▲ +11 pts"


def test_gap_words_read_a_falling_gap_as_closing() -> None:
    assert gap_word(change(1.0, 0.75)) == "closing by 0.25"
    assert gap_word(change(0.5, 0.75)) == "widening by 0.25"
    assert gap_word(change(None, 0.75)) == ""
    assert span("Emerging", "Emerging") == "Emerging"
    assert span("Emerging", "Defined") == "Emerging → Defined"
