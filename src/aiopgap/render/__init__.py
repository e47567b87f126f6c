"""Report output formats: one module per format, chosen by :class:`Format`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing the models costs start-up time; cli.py only needs Format
    from aiopgap.model.report import Report


class Format(StrEnum):
    terminal = "terminal"
    markdown = "markdown"
    json = "json"
    html = "html"


def render(report: Report, fmt: Format, *, template_dir: Path | None = None, width: int = 100) -> str:
    """Render ``report`` as text in ``fmt``. Identical inputs give identical text."""
    if fmt is Format.json:
        from aiopgap.render import json as json_format

        return json_format.render(report)
    if fmt is Format.html:
        from aiopgap.render import html

        return html.render(report, template_dir=template_dir)
    if fmt is Format.markdown:
        from aiopgap.render import markdown

        return markdown.render(report, template_dir=template_dir)
    from aiopgap.render import terminal

    return terminal.render_text(report, width=width)
