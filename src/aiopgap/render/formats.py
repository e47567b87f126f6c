"""The formats every document renders in, and the one place a format is chosen.

A document (the report, a diff, a trend) describes itself once as a :class:`Document`: the data
its JSON form dumps, the rich renderables of its terminal form, and the context of its templates
``NAME.md.j2`` and ``NAME.html.j2``. :meth:`Document.render` picks the format; nothing else does.
Importing this module is cheap (``aiopgap.cli`` takes its choices from it at start-up).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich and pydantic cost start-up time; only rendering needs them
    from pydantic import BaseModel
    from rich.console import Console, RenderableType


class Format(StrEnum):
    """How ``report``, ``diff`` and ``trend`` write their document."""

    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    html = "html"
    pdf = "pdf"


FORMAT_HELP = (
    "Output format. pdf prints the HTML form with a Chromium-family browser found on this machine "
    "(AIOPGAP_CHROMIUM names one; see the README's PDF section) and needs --output."
)


class ResultFormat(StrEnum):
    """How ``check`` and ``validate`` write their result: for a person, a program, or code scanning."""

    terminal = "terminal"
    json = "json"
    sarif = "sarif"


RESULT_FORMAT_HELP = "Output format: terminal, json (a versioned document) or sarif (SARIF 2.1.0 for code scanning)."


class ShowFormat(StrEnum):
    """How ``questionnaire show`` writes the questionnaire."""

    terminal = "terminal"
    json = "json"


class ExportFormat(StrEnum):
    """How ``export`` writes its tables."""

    csv = "csv"
    tsv = "tsv"
    xlsx = "xlsx"


class ChartFormat(StrEnum):
    """How ``report --charts`` and ``trend --charts`` write their chart files."""

    svg = "svg"
    png = "png"


class ExportTable(StrEnum):
    """Which table ``export`` writes."""

    responses = "responses"
    dimensions = "dimensions"


class SchemaKind(StrEnum):
    """Which document ``schema`` describes."""

    answers = "answers"
    questionnaire = "questionnaire"
    report = "report"
    verdict = "verdict"
    validation = "validation"


TEMPLATE_SUFFIXES = {Format.markdown: ".md.j2", Format.html: ".html.j2", Format.pdf: ".html.j2"}
"""A PDF is printed from the HTML form: its text is the HTML (``commands/_output.py`` prints it)."""


@dataclass(frozen=True)
class Document:
    """One document, ready to render in any :class:`Format`."""

    name: str
    """Its templates are ``NAME.md.j2`` and ``NAME.html.j2``."""
    data: BaseModel
    """What its JSON form dumps."""
    renderables: Callable[[], list[RenderableType]]
    """Its terminal form."""
    context: Callable[[], Mapping[str, Any]]
    """What its templates are given (converted to plain data)."""
    width: int
    """Columns of its terminal form when written as plain text."""

    def render(self, fmt: Format, template_dir: Path | None = None) -> str:
        """The document as text in ``fmt``; the same document always gives the same text."""
        if fmt is Format.json:
            return json_text(self.data)
        if fmt is Format.terminal:
            from aiopgap.render.text import plain_text

            return plain_text(self.renderables(), self.width)
        from aiopgap.render.templates import render_template

        return render_template(self.name + TEMPLATE_SUFFIXES[fmt], template_dir, **self.context())

    def print(self, console: Console) -> None:
        """The terminal form, in colour, on ``console``."""
        from aiopgap.render.text import print_all

        print_all(self.renderables(), console)


def json_text(document: BaseModel) -> str:
    """A report, diff or trend as indented JSON, refused before it is built when its text is too large."""
    from aiopgap.render.plain import check_size

    check_size(document)
    return document.model_dump_json(indent=2) + "\n"
