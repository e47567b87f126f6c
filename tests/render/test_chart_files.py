"""Chart files for slides: standalone SVG (styles inside, nothing outside), inert user text,
identical bytes for identical input, PNG through the optional extra."""

from __future__ import annotations

import builtins
import re
import struct
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from aiopgap.analysis.report import report_of as slim_report
from aiopgap.analysis.trend import build
from aiopgap.model.errors import UsageError
from aiopgap.model.trend import Trend
from aiopgap.render.chart_files import PNG_EXTRA, ChartFile, report_charts, trend_charts
from aiopgap.render.formats import ChartFormat
from aiopgap.render.lines import trend_lines
from tests.conftest import EXAMPLES
from tests.render.chart_fixtures import HOSTILE, WORKSHOP, hostile_dimensions, hostile_workshop, report_of

SVG = "{http://www.w3.org/2000/svg}"


def _png_works() -> bool:
    try:
        import cairosvg  # noqa: F401
    except (ImportError, OSError):  # not installed, or the Cairo library it loads is missing
        return False
    return True


HAS_PNG = _png_works()


def parsed(data: bytes) -> ElementTree.Element:
    try:
        from defusedxml.ElementTree import fromstring  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        fromstring = ElementTree.fromstring
    root: ElementTree.Element = fromstring(data)
    return root


def check_standalone(file: ChartFile) -> ElementTree.Element:
    text = file.data.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')
    root = parsed(file.data)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None
    assert (root.find(f"{SVG}title").text or "").strip()
    assert root.get("width")
    assert root.get("height")
    assert root.get("viewBox")
    assert root.get("font-family")  # styles inside: presentation attributes, no stylesheet outside
    for element in root.iter():  # nothing outside the file: no link, no url(), no stylesheet, no script
        assert element.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}image", f"{SVG}use", f"{SVG}a")
        for name, value in element.attrib.items():
            assert "href" not in name
            assert name != "style"
            assert "url(" not in value
            assert "http" not in value
    assert "<script" not in text
    assert "@import" not in text
    return root


def trend_of(*names: str) -> Trend:
    from aiopgap.files.documents import load_assessment

    reports = []
    for name in names:
        assessment = load_assessment(EXAMPLES / "trend" / name)
        reports.append(slim_report(assessment.answers, assessment.questionnaire))
    return build(reports)


def test_the_report_charts_are_standalone_svg_files() -> None:
    files = report_charts(report_of(WORKSHOP), ChartFormat.svg)
    assert [f.name for f in files] == ["radar.svg", "heatmap.svg"]
    for file in files:
        check_standalone(file)
    plain = report_charts(report_of(EXAMPLES / "lumen-2026-Q3.yaml"), ChartFormat.svg)
    assert [f.name for f in plain] == ["radar.svg"]  # no workshop, no heatmap


def test_the_inline_radar_is_the_chart_file(tmp_path: Path) -> None:
    from aiopgap.render.formats import Format
    from aiopgap.render.report import render

    report = report_of(WORKSHOP)
    html = render(report, Format.html)
    for file in report_charts(report, ChartFormat.svg):
        drawing = file.data.decode("utf-8").split("\n", 1)[1]
        assert drawing in html  # one drawing: what the page shows is what goes on the slide


def test_hostile_names_stay_text(tmp_path: Path) -> None:
    report = hostile_dimensions(report_of(hostile_workshop(tmp_path)))
    files = report_charts(report, ChartFormat.svg)
    for file in files:
        root = check_standalone(file)
        assert not [e for e in root.iter() if e.tag in (f"{SVG}script", f"{SVG}image", f"{SVG}foreignObject")]
        words = "".join(root.itertext())
        assert "Orbital <b>Insurance</b>" in words
    heat = parsed(files[1].data)
    assert HOSTILE in [t.text for t in heat.iter(f"{SVG}title")]  # the role, whole, in its tooltip
    radar_titles = [t.text or "" for t in parsed(files[0].data).iter(f"{SVG}title")]
    assert any(HOSTILE in title for title in radar_titles)


def test_the_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    first = report_charts(report_of(WORKSHOP), ChartFormat.svg)
    second = report_charts(report_of(WORKSHOP), ChartFormat.svg)
    assert first == second
    trend = trend_of("meridian-2025-Q4.yaml", "meridian-2026-Q1.yaml", "meridian-2026-Q3.yaml")
    assert trend_charts(trend, ChartFormat.svg) == trend_charts(trend, ChartFormat.svg)


def test_the_trend_chart_has_titled_readable_axes_and_a_legend() -> None:
    trend = trend_of("meridian-2025-Q4.yaml", "meridian-2026-Q1.yaml", "meridian-2026-Q2.yaml", "meridian-2026-Q3.yaml")
    (file,) = trend_charts(trend, ChartFormat.svg)
    assert file.name == "trend.svg"
    root = check_standalone(file)
    text = file.data.decode("utf-8")
    sizes = [int(size) for size in re.findall(r'font-size="(\d+)"', text)]
    assert min(sizes) >= 12
    words = " ".join(root.itertext())
    assert "Score (0 to 4)" in words
    assert "Assessment period" in words
    for series in (trend.overall, *trend.dimensions):
        assert series.name in words
    assert "· ·" not in words
    assert len(list(root.iter(f"{SVG}polyline"))) == 1 + len(trend.dimensions)


def test_a_period_without_a_score_is_said_in_words() -> None:
    trend = trend_of("meridian-2025-Q4.yaml", "meridian-2026-Q1.yaml", "meridian-2026-Q3.yaml")
    first = trend.dimensions[0]
    gap = first.points[1].model_copy(update={"score": None})
    broken = first.model_copy(update={"points": (first.points[0], gap, first.points[2])})
    trend = trend.model_copy(update={"dimensions": (broken, *trend.dimensions[1:])})
    lines = trend_lines(trend)
    line = next(item for item in lines.lines if item.name == first.name)
    assert " ".join(line.detail).endswith(f"no score in {gap.period}")
    assert len(line.chart.points) == 2
    assert line.chart.lines == ()
    assert line.chart.missing == (gap.period,)


def test_png_without_the_extra_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    real = builtins.__import__

    def no_cairosvg(name: str, *args: Any, **kwargs: Any) -> Any:
        if name == "cairosvg":
            raise ImportError(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_cairosvg)
    with pytest.raises(UsageError, match=re.escape(PNG_EXTRA)):
        report_charts(report_of(WORKSHOP), ChartFormat.png)


@pytest.mark.skipif(not HAS_PNG, reason="the png extra is not installed")
def test_png_charts_are_png_at_twice_the_size() -> None:
    files = report_charts(report_of(WORKSHOP), ChartFormat.png)
    assert [f.name for f in files] == ["radar.png", "heatmap.png"]
    svg = report_charts(report_of(WORKSHOP), ChartFormat.svg)
    for png, drawing in zip(files, svg, strict=True):
        assert png.data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png.data[16:24])
        root = parsed(drawing.data)
        assert (width, height) == (2 * int(root.get("width", "0")), 2 * int(root.get("height", "0")))
    assert files == report_charts(report_of(WORKSHOP), ChartFormat.png)
