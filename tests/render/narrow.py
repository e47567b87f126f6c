"""Running the documents at a given terminal width, and what a reader must find in the result.

:func:`shown` runs a command through the CLI with ``COLUMNS`` set and keeps both its output and the
renderables it printed; :func:`values` lists what the wide tables among them hold (each line of a
no-wrap cell, each word of a wrapping one); :func:`problems` names everything a reader would notice
is wrong at that width: a line wider than the terminal, a value cut with an ellipsis, a value missing
or broken across lines.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from unittest import mock

from rich.cells import cell_len
from rich.text import Text
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.render import text as render_text
from aiopgap.render.stacked import Fitted
from tests.conftest import EXAMPLES

TREND = sorted(str(p) for p in (EXAMPLES / "trend").glob("*.yaml"))
DOCUMENTS: dict[str, tuple[str, ...]] = {
    "diff": ("diff", TREND[-2], TREND[-1]),
    "diff-a-year": ("diff", TREND[0], TREND[-1]),
    "trend": ("trend", *TREND),
    "report": ("report", str(EXAMPLES / "meridian-2026-Q3.yaml")),
    "report-unverified": ("report", str(EXAMPLES / "lumen-2026-Q3.yaml")),
    "report-workshop": ("report", str(EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml")),
    "report-inventory": ("report", str(EXAMPLES / "northbank-2026-Q3.yaml")),
}
"""The bundled examples through each document: a quarter's diff, a year's, the trend, each report."""

CUT = re.compile(r"\S…|…(?! and \d+ more)")
"""An ellipsis rich put at the end of a cut value; ``… and 2 more`` (after two quoted notes) is ours."""


@dataclass(frozen=True)
class Shown:
    output: str
    exit_code: int
    printed: tuple[Any, ...]

    @property
    def tables(self) -> list[Fitted]:
        return [item for item in self.printed if isinstance(item, Fitted)]


def shown(args: Sequence[str], width: int) -> Shown:
    """``aiopgap ARGS`` in a terminal ``width`` columns wide: its output and what it printed."""
    printed: list[Any] = []
    original = render_text.print_all

    def keep(items: Iterable[Any], console: Any) -> None:
        items = list(items)
        printed.extend(items)
        original(items, console)

    with mock.patch.object(render_text, "print_all", keep):
        result = CliRunner().invoke(app, list(args), env={"COLUMNS": str(width), "LINES": "24"})
    return Shown(result.output, result.exit_code, tuple(printed))


def in_a_terminal(args: Sequence[str], columns: int, lines: int = 24) -> subprocess.CompletedProcess[str]:
    """``python -m aiopgap ARGS`` in a real process whose terminal is ``columns`` wide."""
    env = {**os.environ, "COLUMNS": str(columns), "LINES": str(lines), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
        timeout=120,
    )


def _lines(cell: object) -> list[str]:
    return (cell.plain if isinstance(cell, Text) else str(cell)).split("\n")


def values(tables: Iterable[Fitted]) -> list[str]:
    """What the tables hold: each line of a no-wrap cell whole, each word of a wrapping cell."""
    found: list[str] = []
    for fitted in tables:
        for column in fitted.table.columns:
            for cell in column.cells:
                for line in _lines(cell):
                    found.extend([line.strip()] if column.no_wrap else line.split())
    return [value for value in found if value]


def problems(output: str, width: int, expected: Iterable[str]) -> list[str]:
    """What a reader would notice is wrong with ``output`` on a terminal ``width`` columns wide."""
    lines = output.splitlines()
    found = [
        f"line {n} is {cell_len(line)} columns: {line!r}" for n, line in enumerate(lines, 1) if cell_len(line) > width
    ]
    found += [f"cut value: {line!r}" for line in lines if CUT.search(line)]
    found += [f"not whole on any line: {value!r}" for value in expected if not any(value in line for line in lines)]
    return found


LEVEL = re.compile(r"^ {3}(\d) {2}(\S.*)$")
HANGING = " " * 6
"""Where a level's text starts: after the indent, the number and two spaces; its next lines align there."""


def level_texts(output: str) -> list[str]:
    """Each level of ``questionnaire show`` as one line of text: its first line and every line under it
    that starts where its text starts (lines back under the number would end it early)."""
    texts: list[str] = []
    for line in output.splitlines():
        line = line.rstrip()
        if match := LEVEL.match(line):
            texts.append(match.group(2))
        elif texts and line.startswith(HANGING) and not line[len(HANGING)].isspace():
            texts[-1] += " " + line.strip()
        else:
            texts.append("")  # a line of something else ends the level above it
    return [text for text in texts if text]


def one_line(text: str) -> str:
    return " ".join(text.split())
