"""The Markdown report, rendered from ``report_templates/report.md.j2``."""

from __future__ import annotations

from pathlib import Path

from aiopgap.model.report import Report
from aiopgap.render.templates import render_template

TEMPLATE = "report.md.j2"


def render(report: Report, template_dir: Path | None = None) -> str:
    return render_template(TEMPLATE, template_dir, report=report)
