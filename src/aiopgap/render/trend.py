"""Rendering a :class:`~aiopgap.trend.Trend`: terminal sparklines, Markdown, HTML charts and JSON."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from aiopgap.analysis.trend import sparkline
from aiopgap.model.trend import Series, Trend
from aiopgap.render import Format
from aiopgap.render.compare import HELPERS, delta, num, pct
from aiopgap.render.templates import render_template
from aiopgap.render.text import plain_text, print_all, user

TEMPLATES = {Format.markdown: "trend.md.j2", Format.html: "trend.html.j2"}

MARKS = {"flagged": "●", "not flagged": "○", "not evaluable": "?", None: "·"}


def mark(status: str | None) -> str:
    return MARKS.get(status, "?")


def heading(trend: Trend) -> str:
    count = len(trend.periods)
    return f"{trend.organisation}  ·  {count} assessments  ·  {trend.periods[0]} → {trend.periods[-1]}"


def _change_style(series: Series) -> str:
    return {"up": "green", "down": "red"}.get(series.change.direction, "dim")


def renderables(trend: Trend) -> list[RenderableType]:
    items: list[RenderableType] = [user(heading(trend), style="bold")]
    if len(set(trend.questionnaires)) > 1:
        items.append(user("Questionnaires: " + ", ".join(trend.questionnaires), style="dim"))
    table = Table(
        title="Scores by period", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True
    )
    table.add_column("Dimension", no_wrap=True)  # ids: the full names do not fit beside the periods
    table.add_column("Trend", no_wrap=True)
    for period in trend.periods:
        table.add_column(user(period), justify="right", no_wrap=True)
    table.add_column("Change", justify="right", no_wrap=True)
    table.add_column("Target", justify="right", no_wrap=True)
    table.add_column("Maturity", no_wrap=True)
    for series in (*trend.dimensions, trend.overall):
        bold = "bold" if series is trend.overall else ""
        table.add_row(
            user(series.name if series is trend.overall else series.id, style=bold),
            Text(sparkline(series.scores, trend.scale_max)),
            *[Text(num(score)) for score in series.scores],
            Text(delta(series.change), style=_change_style(series)),
            Text(num(series.target, 1)),
            user(series.points[-1].maturity or "not scored"),
            end_section=series is trend.dimensions[-1],
        )
    table.add_row(Text("Coverage"), Text(""), *[Text(pct(c)) for c in trend.coverage], Text(""), Text(""), Text(""))
    items.append(table)
    if trend.symptoms:
        symptoms = Table(title="Symptom timeline (● flagged  ○ not flagged  ? not evaluable)", title_justify="left")
        symptoms.add_column("Symptom")
        for period in trend.periods:
            symptoms.add_column(user(period), justify="center")
        symptoms.add_column("Appeared")
        symptoms.add_column("Resolved")
        for s in trend.symptoms:
            symptoms.add_row(
                user(s.name),
                *[Text(mark(st)) for st in s.statuses],
                user(", ".join(s.appeared)),
                user(", ".join(s.resolved) or "–"),
            )
        items.append(symptoms)
    return items


def print_trend(trend: Trend, console: Console) -> None:
    print_all(renderables(trend), console)


def render_text(trend: Trend, width: int = 120) -> str:
    return plain_text(renderables(trend), width)


def render(trend: Trend, fmt: Format, template_dir: Path | None = None) -> str:
    """``trend`` as text in ``fmt``; the same trend always gives the same text."""
    if fmt is Format.json:
        from aiopgap.render import json

        return json.render(trend)
    if fmt is Format.terminal:
        return render_text(trend)
    return render_template(
        TEMPLATES[fmt],
        template_dir,
        trend=trend,
        heading=heading(trend),
        helpers={**HELPERS, "sparkline": sparkline, "mark": mark},
    )
