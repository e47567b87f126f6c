"""Chart files for slides: what ``report --charts DIR`` and ``trend --charts DIR`` write.

Each chart is a standalone SVG file drawn by the same template the HTML report includes
(``radar.svg.j2``, ``heatmap.svg.j2``) or by ``trend.svg.j2``: an XML declaration, the SVG namespace,
a title, and every style as a presentation attribute inside the file, so any viewer, slide tool or
converter draws it the same. Names are fixed (``radar``, ``heatmap``, ``trend``) and the same input
gives the same bytes.

PNG goes through the optional ``png`` extra (``pip install 'aiopgap[png]'``, which brings CairoSVG);
without it, :func:`charts` says what to install (exit 2) before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiopgap.model.errors import UsageError
from aiopgap.render.formats import ChartFormat

if TYPE_CHECKING:  # a report without --charts loads neither trend nor plan models for this module
    from aiopgap.model.report import Report
    from aiopgap.model.trend import Trend

PNG_EXTRA = "pip install 'aiopgap[png]'"
PNG_SCALE = 2
"""Pixels per SVG unit in a PNG: sharp on a slide."""


@dataclass(frozen=True)
class ChartFile:
    name: str
    """The file name, e.g. ``radar.svg``."""
    data: bytes


def report_charts(report: Report, fmt: ChartFormat, template_dir: Path | None = None) -> list[ChartFile]:
    """The radar, and for a workshop the heatmap, as files in ``fmt``."""
    from aiopgap.render.heatmap import heatmap
    from aiopgap.render.radar import radar

    check_format(fmt)
    drawn: list[tuple[str, str, dict[str, Any]]] = [("radar", "radar.svg.j2", {"radar": radar(report)})]
    grid = heatmap(report)
    if grid is not None:
        drawn.append(("heatmap", "heatmap.svg.j2", {"heatmap": grid}))
    return [_file(name, template, fmt, template_dir, context) for name, template, context in drawn]


def trend_charts(trend: Trend, fmt: ChartFormat) -> list[ChartFile]:
    """Every dimension's line and the overall one over the periods, as one file in ``fmt``."""
    from aiopgap.render.lines import trend_lines

    check_format(fmt)
    return [_file("trend", "trend.svg.j2", fmt, None, {"lines": trend_lines(trend)})]


def _file(name: str, template: str, fmt: ChartFormat, template_dir: Path | None, context: dict[str, Any]) -> ChartFile:
    from aiopgap.render.templates import render_template

    svg = render_template(template, template_dir, standalone=True, **context)
    if fmt is ChartFormat.png:
        return ChartFile(f"{name}.png", png(svg))
    return ChartFile(f"{name}.svg", svg.encode("utf-8"))


def check_format(fmt: ChartFormat) -> None:
    """Refuse PNG at once when its converter is not installed (exit 2, naming what to install)."""
    if fmt is ChartFormat.png:
        _converter()


def _converter() -> Any:
    try:
        import cairosvg
    except ImportError:
        raise UsageError(f"PNG charts need the optional png extra: {PNG_EXTRA} (or use --charts-format svg)") from None
    except OSError as exc:  # the package is there but the Cairo library it loads is not
        raise UsageError(
            f"PNG charts need the Cairo graphics library, which CairoSVG could not load ({exc}); "
            "install it with your system's packages (Debian: apt-get install libcairo2) or use --charts-format svg"
        ) from None
    return cairosvg


def png(svg: str) -> bytes:
    """``svg`` drawn as PNG at :data:`PNG_SCALE` pixels per unit; the SVG may refer to nothing outside."""
    data: bytes = _converter().svg2png(bytestring=svg.encode("utf-8"), scale=PNG_SCALE, unsafe=False)
    return data
