"""One number format in every document a reader sees: every example report, diff and trend, rendered
through the command line in the terminal, Markdown and HTML formats, shows each score, level, target
and gap with exactly two decimals and each priority with one (a radar label reading ``1.3`` beside
``1.31`` in the table fails here).

Two kinds of number are left as they are written: a rule's threshold, which is the questionnaire
author's own number (``≤ 1.5``), and the value a rule condition was judged on, which the rule evidence
shows as the analysis recorded it (``process.scale-path = 1.5``). JSON is data, not a document: its
numbers keep the three places of the model.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import catalogue
from aiopgap.render.vocabulary import priority
from tests.conftest import EXAMPLES, open_side

REPORTS = (
    EXAMPLES / "northbank-2026-Q3.yaml",
    EXAMPLES / "meridian-2026-Q3.yaml",
    EXAMPLES / "lumen-2026-Q3.yaml",
    EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml",
)
SERIES = EXAMPLES / "trend"
DIFFS = (
    (SERIES / "meridian-2025-Q4.yaml", SERIES / "meridian-2026-Q3.yaml"),
    (SERIES / "meridian-2026-Q2.yaml", SERIES / "meridian-2026-Q3.yaml"),
)
FORMATS = ("terminal", "markdown", "html")

NUMBER = re.compile(r"(?<![\w.])\d+\.(\d+)(?![\w.])")
"""A decimal number standing alone: not part of a version (``1.1.0``), an id or a longer number."""

AS_WRITTEN = re.compile(
    r"(?:≤|≥|\\?<|\\?>|&lt;|&gt;) ?\d+(?:\.\d+)?"  # a rule's threshold, as the questionnaire states it
    r"|= \d+(?:\.\d+)?"  # the value a rule condition was judged on: `ref = 1.5`
    r"|: \d+(?:\.\d+)?(?: → \d+(?:\.\d+)?)? \(rule"  # the same, on each side of a diff: `ref: 0.5 → 1.5 (rule`
    r"|\d+(?:\.\d+)?(?= \| (?:not )?(?:≤|≥|<|>))"  # the same in a table: the value's cell, then the rule's
    r"|(?<=│ )\d+(?:\.\d+)?\)"  # a threshold the terminal wrapped onto a line of its own: `(rule ≤` / `1.5)`
)


class _Text(HTMLParser):
    """What a reader sees of a page: its text, one cell after another, without styles or markup."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in {"style", "script"}
        if tag in {"tr", "p", "div", "li", "br", "h1", "h2", "h3", "text", "title"}:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in {"style", "script"}
        if tag in {"td", "th"}:
            self.parts.append(" | ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def seen(text: str, fmt: str) -> str:
    if fmt != "html":
        return text
    parser = _Text()
    parser.feed(text)
    return "".join(parser.parts)


def misformatted(text: str, priorities: Collection[str] = ()) -> list[str]:
    """Each number of ``text`` with other than two decimals that is neither a priority nor as written."""
    wrong = []
    for line in text.splitlines():
        shown = AS_WRITTEN.sub(" ", line)
        for match in NUMBER.finditer(shown):
            if len(match.group(1)) == 2 or match.group(0) in priorities:
                continue
            wrong.append(f"{match.group(0)} in: {line.strip()}")
    return wrong


def _run(tmp_path: Path, fmt: str, *args: str) -> str:
    out = tmp_path / f"out.{fmt}"
    result = CliRunner().invoke(app, [*args, "--format", fmt, "--output", str(out)])
    assert result.exit_code == 0, result.output
    return seen(out.read_text(encoding="utf-8"), fmt)


def test_the_check_catches_a_score_with_one_decimal_beside_one_with_two() -> None:
    assert misformatted("Ownership 1.31 | radar 1.3") == ["1.3 in: Ownership 1.31 | radar 1.3"]
    assert misformatted("overall 0.750") == ["0.750 in: overall 0.750"]
    assert misformatted("priority 35.0", {"35.0"}) == []
    assert misformatted("version 1.1.0 · rule ≤ 1.5 · process.scale-path = 1.5 · 2.38 → 2.00") == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("answers", REPORTS, ids=lambda p: p.stem)
def test_every_report_shows_scores_with_two_decimals_and_priorities_with_one(
    tmp_path: Path, answers: Path, fmt: str
) -> None:
    report = open_side(answers, catalogue([])).report
    priorities = {priority(rec.priority) for rec in report.recommendations}
    text = _run(tmp_path, fmt, "report", str(answers))
    assert misformatted(text, priorities) == []
    for shown in priorities:  # every priority is there, with its one decimal
        assert shown in text


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("pair", DIFFS, ids=lambda pair: f"{pair[0].stem}-to-{pair[1].stem}")
def test_every_diff_shows_scores_gaps_and_changes_with_two_decimals(
    tmp_path: Path, pair: tuple[Path, Path], fmt: str
) -> None:
    text = _run(tmp_path, fmt, "diff", str(pair[0]), str(pair[1]))
    assert misformatted(text) == []
    assert re.search(r"\d\.\d\d → \d\.\d\d", text)  # scores are there to check


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_trend_shows_scores_targets_and_widths_with_two_decimals(tmp_path: Path, fmt: str) -> None:
    text = _run(tmp_path, fmt, "trend", str(SERIES))
    assert misformatted(text) == []
    assert re.search(r"[▲▼] [+-]\d\.\d\d", text)  # changes are there to check
