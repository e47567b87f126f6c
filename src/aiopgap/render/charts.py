"""Every chart, as geometry or text: templates and terminal tables only place what is computed here.

* text charts: :func:`text_bar` (a score bar) and :func:`sparkline` (one block per period);
* :func:`line_chart`: a small SVG line chart of one score over periods (diff and trend pages);
* the report's radar (:mod:`aiopgap.render.radar`), its roles x dimensions heatmap
  (:mod:`aiopgap.render.heatmap`) and the trend's lines (:mod:`aiopgap.render.lines`) have modules
  of their own, on the scale of :func:`scale_ticks` here; :mod:`aiopgap.render.chart_files` writes
  them as files for slides;
* :func:`scale_ticks`: where any of them draws its scale lines, bounded whatever the scale.

Every function is total: a scale of 0, a negative, infinite or huge maximum, NaN or infinite values
give a bounded drawing, never an error or a loop.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from aiopgap.render.sandbox import bounded
from aiopgap.render.vocabulary import score


def _share(value: float, maximum: float) -> float:
    """Where ``value`` sits on a 0..``maximum`` scale, from 0 to 1 (0 when the scale is unusable)."""
    return max(0.0, min(value, maximum)) / maximum if 0 < maximum < math.inf else 0.0


# --------------------------------------------------------------------------- text charts


def text_bar(value: float | None, maximum: float, width: int = 20) -> str:
    width = bounded(width, "bar width", 1_000)
    if value is None or not math.isfinite(value) or not math.isfinite(maximum) or maximum <= 0:
        return "·" * width
    filled = round(width * max(0.0, min(value, maximum)) / maximum)
    return "█" * filled + "░" * (width - filled)


def scale_ticks(maximum: float, most: int = 10) -> list[int]:
    """Where a chart draws its scale lines from 0 to ``maximum``: every whole level, or an even step
    (2, 5, 10, 20, ...) that keeps them to at most ``most`` + 1, however large the scale."""
    if not isinstance(maximum, int) and not math.isfinite(maximum):
        return [0]
    if maximum <= 0:
        return [0]
    step = 1
    if maximum > most:
        power = 10 ** max(0, int(math.log10(maximum / most)) - 1)
        step = next(m * p for p in (power, power * 10, power * 100) for m in (1, 2, 5) if maximum // (m * p) <= most)
    return [i * step for i in range(int(maximum // step) + 1)]


_BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None], maximum: float) -> str:
    """One block character per value on a fixed 0..maximum scale; ``·`` where there is no score."""
    out = []
    for value in values:
        if value is None:
            out.append("·")
        else:
            out.append(_BLOCKS[round(_share(value, maximum) * (len(_BLOCKS) - 1))])
    return "".join(out)


def wrap(text: str, width: int, most: int = 2) -> tuple[str, ...]:
    """``text`` in lines of about ``width`` characters, at most ``most`` lines (the last cut with …)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if not lines:
        return ("",)
    if len(lines) > most:
        lines = [*lines[: most - 1], " ".join(lines[most - 1 :])]
    return tuple(line if len(line) <= width else line[: width - 1].rstrip() + "…" for line in lines)


def stacked(lines: Sequence[str], most: int, step: int) -> tuple[tuple[str, int], ...]:
    """``lines`` as (text, dy) tspans, always ``most`` of them: empty ones that do not move the pen come
    first, so user text of any length makes the same elements (it can change words, never structure)."""
    padding = [("", 0)] * (most - len(lines))
    return (*padding, *((line, 0 if i == 0 else step) for i, line in enumerate(lines)))


# --------------------------------------------------------------------------- SVG line chart


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    label: str
    value: str


@dataclass(frozen=True)
class Chart:
    """Geometry of a small line chart; the template draws it as inline SVG."""

    width: int
    height: int
    left: float
    right: float
    top: float
    bottom: float
    lines: tuple[str, ...]
    """SVG ``points`` strings, one per run of consecutive scored periods."""
    points: tuple[ChartPoint, ...]
    grid: tuple[tuple[float, str], ...]
    """(y, label) of the horizontal scale lines."""
    ticks: tuple[tuple[float, str], ...]
    """(x, label) of the periods."""
    target_y: float | None
    missing: tuple[str, ...] = ()
    """The periods without a score, to be said in words (the line breaks there)."""


MARGINS = (56.0, 32.0, 12.0, 46.0)
"""Room left (scale and its title), right, above and below (periods and their title) of the plot."""


def line_chart(
    labels: Sequence[str],
    values: Sequence[float | None],
    maximum: float,
    target: float | None = None,
    width: int = 340,
    height: int = 170,
    margins: tuple[float, float, float, float] = MARGINS,
) -> Chart:
    left, right, top, bottom = margins[0], width - margins[1], margins[2], height - margins[3]

    def x_at(i: int) -> float:
        if len(labels) == 1:
            return round((left + right) / 2, 1)
        return round(left + (right - left) * i / (len(labels) - 1), 1)

    def y_at(value: float) -> float:
        return round(bottom - (bottom - top) * _share(value, maximum), 1)

    lines: list[str] = []
    run: list[str] = []
    points = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        if value is None:
            if len(run) > 1:
                lines.append(" ".join(run))
            run = []
            continue
        x, y = x_at(i), y_at(value)
        run.append(f"{x},{y}")
        points.append(ChartPoint(x, y, label, score(value)))
    if len(run) > 1:
        lines.append(" ".join(run))
    grid = tuple((y_at(v), str(v)) for v in scale_ticks(maximum))
    ticks = tuple((x_at(i), label) for i, label in enumerate(labels))
    return Chart(
        width,
        height,
        left,
        right,
        top,
        bottom,
        tuple(lines),
        tuple(points),
        grid,
        ticks,
        None if target is None else y_at(target),
        tuple(label for label, value in zip(labels, values, strict=True) if value is None),
    )
