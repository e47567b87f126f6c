"""Numbers line up and labels read left to right in the diff and trend tables: in HTML every cell takes
its column's alignment (a maturity label never sits right-aligned among scores, nor a score left-aligned
under a right-aligned heading), and in Markdown no right-aligned column holds a maturity label."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES

SERIES = EXAMPLES / "trend"
MATURITY = ("Ad hoc", "Emerging", "Defined", "Managed", "AI-native")
DOCUMENTS = {
    "diff": ("diff", str(SERIES / "meridian-2025-Q4.yaml"), str(SERIES / "meridian-2026-Q3.yaml")),
    "trend": ("trend", str(SERIES)),
}


@dataclass
class Cell:
    header: bool
    right: bool
    span: int
    text: str = ""


@dataclass
class _Tables(HTMLParser):
    """Every table of a page as rows of cells, each with whether it is right-aligned (class ``num``)."""

    tables: list[list[list[Cell]]] = field(default_factory=list)
    _cell: Cell | None = None

    def __post_init__(self) -> None:
        super().__init__()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in {"td", "th"}:
            right = "num" in (named.get("class") or "").split()
            self._cell = Cell(tag == "th", right, int(named.get("colspan") or 1))
            self.tables[-1][-1].append(self._cell)

    def handle_endtag(self, tag: str) -> None:
        if tag in {"td", "th"}:
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.text += data


def _render(tmp_path: Path, fmt: str, args: tuple[str, ...]) -> str:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(app, [*args, "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _columns(row: list[Cell]) -> list[Cell]:
    """The row's cell for each column it covers: a cell spanning two columns stands in both."""
    return [cell for cell in row for _ in range(cell.span)]


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_every_html_cell_takes_its_columns_alignment(tmp_path: Path, document: str) -> None:
    parser = _Tables()
    parser.feed(_render(tmp_path, "html", DOCUMENTS[document]))
    assert parser.tables
    for table in parser.tables:
        heading, *rows = table
        assert all(cell.header for cell in heading)
        for row in rows:
            for head, cell in zip(_columns(heading), _columns(row), strict=True):
                if cell.span > 1 or not cell.text.strip():
                    continue
                assert cell.right == head.right, f"{cell.text!r} under {head.text!r}"
                if cell.right:
                    assert not any(name in cell.text for name in MATURITY), f"{cell.text!r} right-aligned"


@pytest.mark.parametrize("document", sorted(DOCUMENTS))
def test_no_right_aligned_markdown_column_holds_a_maturity_label(tmp_path: Path, document: str) -> None:
    lines = _render(tmp_path, "markdown", DOCUMENTS[document]).splitlines()
    checked = 0
    for index, line in enumerate(lines):
        if not re.fullmatch(r"\|(?:\s*:?-+:?\s*\|)+", line):
            continue
        right = [cell.strip().endswith(":") and not cell.strip().startswith(":") for cell in line.split("|")[1:-1]]
        for row in lines[index + 1 :]:
            if not row.startswith("|"):
                break
            cells = row.split("|")[1:-1]
            for is_right, cell in zip(right, cells, strict=False):
                if is_right:
                    checked += 1
                    assert not any(name in cell for name in MATURITY), f"{cell!r} in a right-aligned column"
    assert checked
