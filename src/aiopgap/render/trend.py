"""The trend over several assessments, in every format: the terminal tables here (with sparklines),
Markdown and HTML from ``report_templates/trend.{md,html}.j2`` (with line charts), JSON from the model."""

from __future__ import annotations

from pathlib import Path

from rich import box
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from aiopgap.model.trend import Series, Trend
from aiopgap.render.charts import sparkline
from aiopgap.render.formats import Document, Format
from aiopgap.render.gap_changes import trend_gap_table
from aiopgap.render.plan_actual import renderables as plan_renderables
from aiopgap.render.stacked import fitted
from aiopgap.render.text import user
from aiopgap.render.vocabulary import delta, level, mark, marks_legend, percent, percent_delta, score

WIDTH = 120
"""Columns of the terminal form written to a file."""


def document(trend: Trend) -> Document:
    return Document(
        "trend",
        trend,
        lambda: renderables(trend),
        lambda: {"trend": trend, "heading": heading(trend), "expected": expected_scores(trend)},
        WIDTH,
    )


def render(trend: Trend, fmt: Format, template_dir: Path | None = None) -> str:
    """``trend`` as text in ``fmt``; the same trend always gives the same text."""
    return document(trend).render(fmt, template_dir)


def heading(trend: Trend) -> str:
    count = len(trend.periods)
    return f"{trend.subject}  ·  {count} assessments  ·  {trend.periods[0]} → {trend.periods[-1]}"


def _change_style(series: Series) -> str:
    return {"up": "green", "down": "red"}.get(series.change.direction, "dim")


def renderables(trend: Trend) -> list[RenderableType]:
    items: list[RenderableType] = [user(heading(trend), style="bold")]
    if len(set(trend.questionnaires)) > 1:
        items.append(user("Questionnaires: " + ", ".join(trend.questionnaires), style="dim"))
    items.append(fitted(_score_table(trend)))
    if trend.symptoms:
        items.append(fitted(_symptom_table(trend)))
    gaps = trend_gap_table(trend)
    if gaps is not None:
        items.append(fitted(gaps))
    if trend.plan is not None:
        items.extend(plan_renderables(trend.plan))
    return items


def expected_scores(trend: Trend) -> dict[str, tuple[float | None, ...]]:
    """With a plan: each series' expected score in each period (the chart's dashed line), by series id."""
    if trend.plan is None:
        return {}
    by_period = {p.period: p for p in trend.plan.periods}
    ids = ["overall", *(s.id for s in trend.dimensions)]
    expected: dict[str, tuple[float | None, ...]] = {}
    for sid in ids:
        values = []
        for period in trend.periods:
            standing = by_period.get(period)
            row = None
            if standing is not None:
                row = (
                    standing.overall
                    if sid == "overall"
                    else next((d for d in standing.dimensions if d.id == sid), None)
                )
            values.append(None if row is None else row.expected)
        if any(v is not None for v in values):
            expected[sid] = tuple(values)
    return expected


def _score_table(trend: Trend) -> Table:
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
            *[Text(score(value)) for value in series.scores],
            Text(delta(series.change), style=_change_style(series)),
            Text(score(series.target)),
            user(series.points[-1].maturity or "not scored"),
            end_section=series is trend.dimensions[-1],
        )
    blank = Text("")
    table.add_row(Text("Coverage"), blank, *[Text(percent(c)) for c in trend.coverage], blank, blank, blank)
    table.add_row(
        Text("Confidence"),
        blank,
        *[Text(percent(c)) for c in trend.confidence],
        Text(percent_delta(trend.confidence_change)),
        blank,
        blank,
    )
    table.add_row(Text("Contradictions"), blank, *[Text(level(n)) for n in trend.contradictions], blank, blank, blank)
    return table


def _symptom_table(trend: Trend) -> Table:
    symptoms = Table(title=f"Symptom timeline ({marks_legend('  ')})", title_justify="left")
    symptoms.add_column("Symptom")
    for period in trend.periods:
        symptoms.add_column(user(period), justify="center")
    symptoms.add_column("Appeared")
    symptoms.add_column("Resolved")
    for s in trend.symptoms:
        symptoms.add_row(
            user(s.name),
            *[Text(mark(status)) for status in s.statuses],
            user(", ".join(s.appeared) or "–"),
            user(", ".join(s.resolved) or "–"),
        )
    return symptoms
