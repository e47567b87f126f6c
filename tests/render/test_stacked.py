"""The stacked layout of a wide table: the table while every value fits, blocks when it would not."""

from __future__ import annotations

import pytest
from rich.table import Table
from rich.text import Text

from aiopgap.render.stacked import fitted
from aiopgap.render.text import plain_text


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]  # a grid pads its cells; the padding is not seen


def _table() -> Table:
    table = Table(title="Dimensions", caption="Second lines: the evidenced score.")
    table.add_column("Dimension", no_wrap=True)
    table.add_column("Score\nevid.", justify="right", no_wrap=True)
    table.add_column("Maturity", no_wrap=True)
    table.add_column("Note")
    table.add_row("Governance and decision-making", Text("1.57\n0.00"), "Emerging → Defined", "")
    table.add_row("Metrics", Text("1.67\n0.50"), "Emerging", "a long-winded-word and more")
    return table


def test_the_table_stays_while_every_value_fits() -> None:
    text = plain_text([fitted(_table())], 120)
    assert "┃ Dimension" in text
    assert "Governance and decision-making │" in text


def test_too_narrow_for_a_whole_value_each_row_becomes_a_block() -> None:
    text = plain_text([fitted(_table())], 60)
    assert "┃" not in text
    assert _lines(text) == [
        "Dimensions",
        "Governance and decision-making",
        "  Score     1.57",
        "  evid.     0.00",
        "  Maturity  Emerging → Defined",
        "Metrics",
        "  Score     1.67",
        "  evid.     0.50",
        "  Maturity  Emerging",
        "  Note      a long-winded-word and more",
        "Second lines: the evidenced score.",
    ]


def test_labels_spell_out_abbreviated_headers() -> None:
    text = plain_text([fitted(_table(), ("", "Score\nEvidenced score", "Maturity", "Note"))], 60)
    assert "  Evidenced score  0.00" in _lines(text)
    with pytest.raises(ValueError, match="2 labels for 4 columns"):
        fitted(_table(), ("a", "b"))


def test_a_word_too_long_to_sit_beside_the_labels_goes_under_its_label() -> None:
    table = Table()
    table.add_column("Name", no_wrap=True)
    table.add_column("A rather long label", no_wrap=True)
    table.add_column("Evidence")
    table.add_row("Row", "x", "ownership.data-science-outcome-accountability = 2.5")
    lines = _lines(plain_text([fitted(table)], 60))
    assert lines == [
        "Row",
        "  A rather long label",
        "    x",
        "  Evidence",
        "    ownership.data-science-outcome-accountability = 2.5",
    ]
