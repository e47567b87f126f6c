"""The optional sections (symptoms, initiatives, symptom timeline) render in every format when present."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.diff import compare, initiative_changes
from aiopgap.analysis.findings import contradiction_changes, symptom_changes
from aiopgap.analysis.trend import build, symptom_timelines
from aiopgap.files.documents import catalogue
from aiopgap.model.diff import Diff
from aiopgap.model.report import ContradictionResult, Report
from aiopgap.model.trend import Trend
from aiopgap.render.diff import render as render_diff
from aiopgap.render.formats import Format
from aiopgap.render.trend import render as render_trend
from tests.conftest import EXAMPLES, open_side
from tests.shapes import evidence, initiative, symptom

SERIES = EXAMPLES / "trend"


def _reports(*names: str) -> list[Report]:
    known = catalogue([])
    return [open_side(SERIES / name, known).report for name in names]


@pytest.fixture(scope="module")
def diff_with_sections() -> Diff:
    old, new = _reports("meridian-2026-Q2.yaml", "meridian-2026-Q3.yaml")
    base = compare(old, new)
    symptoms = symptom_changes(
        [
            symptom("slow-decisions", "Slow decisions", "flagged", evidence("governance.board", "6 to 10 weeks <b>")),
            symptom("pilots", "Pilots stuck", "flagged", evidence("process.pilots", "1")),
        ],
        [
            symptom("slow-decisions", "Slow decisions", "not flagged"),
            symptom("vendor-driven-strategy", "Vendor-driven strategy", "flagged", evidence("strategy.vendor", "1")),
            symptom("pilots", "Pilots stuck", "watch"),
        ],
    )
    contradictions = contradiction_changes(
        [],
        [
            ContradictionResult(
                id="strategy-claim",
                name="Strategy <i>claimed</i> | owned",
                description="d",
                status="contradicted",
                claim=(evidence("ownership.strategy", "3", "≥ 3"),),
                facts=(evidence("vendor_led_share", "4 of 8 (50%)", "≥ 0.4", kind="fact"),),
            )
        ],
    )
    initiatives = initiative_changes(
        [initiative("Markdown optimisation", "pilot")],
        [initiative("Markdown optimisation", "production"), initiative("Store staffing", "idea")],
    )
    return base.model_copy(update={"symptoms": symptoms, "initiatives": initiatives, "contradictions": contradictions})


@pytest.mark.parametrize("fmt", list(Format))
def test_diff_sections_render_in_every_format(fmt: Format, diff_with_sections: Diff) -> None:
    text = render_diff(diff_with_sections, fmt)
    for expected in ("Slow decisions", "resolved", "Vendor-driven strategy", "appeared", "Store staffing"):
        assert expected in text, expected
    if fmt is Format.html:
        assert "&lt;b&gt;" in text
        assert "<b>" not in text
        assert "Strategy &lt;i&gt;claimed&lt;/i&gt; | owned" in text
        assert "<div>ownership.strategy: 3 (rule ≥ 3)</div>" in text
        assert "<div>vendor_led_share: 4 of 8 (50%) (rule ≥ 0.4)</div>" in text
    if fmt is Format.markdown:
        assert r"\<b\>" in text
        assert (
            r"| appeared | Strategy \<i\>claimed\</i\> \| owned | ownership.strategy: 3 (rule ≥ 3) |"
            r" vendor\_led\_share: 4 of 8 (50%) (rule ≥ 0.4) |"
        ) in text
    if fmt is not Format.json:
        assert "pilot → production" in text
        assert "(flagged → watch)" in text  # a symptom resolved to watch says so
        assert "Confidence" in text


def test_sections_are_left_out_without_data() -> None:
    """Reports without symptoms or inventory (e.g. JSON from before those existed) show neither section."""
    old, new = (
        r.model_copy(update={"symptoms": (), "inventory": None})
        for r in _reports("meridian-2026-Q2.yaml", "meridian-2026-Q3.yaml")
    )
    text = render_diff(compare(old, new), Format.markdown)
    assert "## Symptoms" not in text
    assert "## Initiatives" not in text


@pytest.fixture(scope="module")
def trend_with_timeline() -> Trend:
    reports = _reports(*(p.name for p in sorted(SERIES.glob("*.yaml"))))
    trend = build(reports)
    per_period = [
        [symptom("slow-decisions", "Slow decisions", "flagged")],
        [symptom("slow-decisions", "Slow decisions", "flagged")],
        [symptom("slow-decisions", "Slow decisions", "watch")],
        [symptom("slow-decisions", "Slow decisions", "not flagged")],
    ]
    return trend.model_copy(update={"symptoms": symptom_timelines(trend.periods, per_period)})


@pytest.mark.parametrize("fmt", list(Format))
def test_trend_timeline_renders_in_every_format(fmt: Format, trend_with_timeline: Trend) -> None:
    text = render_trend(trend_with_timeline, fmt)
    assert "Slow decisions" in text
    assert "2026-Q2" in text
    if fmt is not Format.json:
        assert "●" in text
        assert "◐" in text
        assert "○" in text
        # the legend names every mark, watch included, in every format
        assert all(word in text for word in ("◐ watch", "● flagged", "○ not flagged", "? not evaluable"))
        assert "Confidence" in text
        assert "Contradictions" in text


def test_trend_html_draws_a_polyline_per_series(trend_with_timeline: Trend, tmp_path: Path) -> None:
    html = render_trend(trend_with_timeline, Format.html)
    assert html.count("<polyline") == 1 + len(trend_with_timeline.dimensions)
    assert html.count('class="target"') == len(trend_with_timeline.dimensions)  # the overall score has no target


@pytest.mark.parametrize("fmt", list(Format))
def test_paired_evidence_of_real_reports_renders_in_every_format(fmt: Format) -> None:
    """Q2 -> Q3 of the example series: slow-decisions persists, its risk tiering moved from 1 to 1.5."""
    text = render_diff(compare(*_reports("meridian-2026-Q2.yaml", "meridian-2026-Q3.yaml")), fmt)
    assert "governance.risk-tiering: 1 → 1.5 (rule ≤ 1.5)" in text
    assert "gone: governance.decision-latency: 1.5 → 2 (rule ≤ 1.5)" in text
    assert "new: governance.risk-tiering" not in text  # a paired condition is never listed as new/gone
    if fmt is Format.html:
        assert '<div class="was">gone: governance.decision-latency: 1.5 → 2 (rule ≤ 1.5)</div>' in text
