"""How an organisation moved over several assessments: pure functions from reports to a :class:`Trend`. No I/O.

Assessments are ordered by period. Periods are free text in answers files, so
only forms whose order is unambiguous are accepted: ``2026-Q3``, ``Q3 2026``,
``2026-H2``, ``2026-09``, ``2026-09-30`` and ``2026``. Two assessments of the
same organisation for the same period are refused rather than silently picked
between.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Literal

from aiopgap.analysis.diff import Change, change, report_symptoms, status_text
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.report import Report, Result

TREND_FORMAT: Literal["aiopgap.trend/1"] = "aiopgap.trend/1"

_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*q([1-4])$|^q([1-4])\s*[-/ ]?\s*(\d{4})$")
_HALF = re.compile(r"^(\d{4})\s*[-/ ]?\s*h([12])$|^h([12])\s*[-/ ]?\s*(\d{4})$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_YEAR = re.compile(r"^(\d{4})$")

PeriodKey = tuple[int, int, int, int]
"""(year, first month, day, granularity rank): sorts chronologically, then coarser before finer."""


def period_key(period: str) -> PeriodKey | None:
    """A sortable key for a period, or None when the text is not a recognised form."""
    text = " ".join(period.strip().lower().split())
    if m := _QUARTER.match(text):
        year, quarter = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return int(year), (int(quarter) - 1) * 3 + 1, 0, 2
    if m := _HALF.match(text):
        year, half = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return int(year), (int(half) - 1) * 6 + 1, 0, 1
    if m := _DATE.match(text):
        month = int(m.group(2))
        day = int(m.group(3) or 0)
        if 1 <= month <= 12 and 0 <= day <= 31:
            return int(m.group(1)), month, day, 4 if m.group(3) else 3
        return None
    if m := _YEAR.match(text):
        return int(m.group(1)), 1, 0, 0
    return None


def _org(name: str) -> str:
    return " ".join(name.lower().split())


def order(entries: Sequence[tuple[str, Report]]) -> list[tuple[str, Report]]:
    """Sort (file, report) pairs by period; refuse unknown periods, mixed organisations and duplicates."""
    problems: list[Problem] = []
    keyed: list[tuple[PeriodKey, str, Report]] = []
    for file, report in entries:
        key = period_key(report.period)
        if key is None:
            problems.append(
                Problem(
                    Location(file, field="period"),
                    f"cannot place period {report.period!r} in time; write it like 2026-Q3, 2026-H2, 2026-09 or 2026",
                )
            )
        else:
            keyed.append((key, file, report))
    organisations: dict[str, list[str]] = {}
    for file, report in entries:
        organisations.setdefault(_org(report.organisation), []).append(file)
    if len(organisations) > 1:
        listing = "; ".join(
            f"{next(r.organisation for f, r in entries if f == files[0])} ({', '.join(files)})"
            for files in organisations.values()
        )
        problems.append(
            Problem(Location(entries[0][0], field="organisation"), f"a trend follows one organisation; found {listing}")
        )
    seen: dict[PeriodKey, str] = {}
    for key, file, report in keyed:
        if key in seen:
            problems.append(
                Problem(
                    Location(file, field="period"),
                    f"{report.organisation} {report.period} is assessed twice (also in {seen[key]}); keep one",
                )
            )
        seen.setdefault(key, file)
    if problems:
        raise InputError(problems)
    keyed.sort(key=lambda item: item[0])
    return [(file, report) for _, file, report in keyed]


# --------------------------------------------------------------------------- result models


class Point(Result):
    period: str
    score: float | None
    maturity: str | None


class Series(Result):
    """One dimension (or the overall score) over the periods, oldest first."""

    id: str
    name: str
    points: tuple[Point, ...]
    target: float | None
    """The latest target set for it, if any."""
    change: Change
    """From the first scored period to the last."""
    last_change: Change
    """From the previous period to the last."""

    @property
    def scores(self) -> tuple[float | None, ...]:
        return tuple(p.score for p in self.points)


class SymptomTimeline(Result):
    id: str
    name: str
    statuses: tuple[str | None, ...]
    """Status per period ("flagged", "not flagged", "not evaluable"), None when not reported."""
    appeared: tuple[str, ...]
    """Periods in which it became flagged."""
    resolved: tuple[str, ...]
    """Periods in which it stopped being flagged."""


class Trend(Result):
    format: Literal["aiopgap.trend/1"] = TREND_FORMAT
    organisation: str
    periods: tuple[str, ...]
    questionnaires: tuple[str, ...]
    """``id version`` answered in each period."""
    scale_max: int
    overall: Series
    coverage: tuple[float, ...]
    dimensions: tuple[Series, ...]
    symptoms: tuple[SymptomTimeline, ...] = ()

    def dimension(self, dimension_id: str) -> Series | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)


# --------------------------------------------------------------------------- building


def _series(sid: str, name: str, points: list[Point], target: float | None) -> Series:
    scored = [p.score for p in points if p.score is not None]
    first = scored[0] if scored else None
    last = points[-1].score if points else None
    previous = points[-2].score if len(points) > 1 else None
    return Series(
        id=sid,
        name=name,
        points=tuple(points),
        target=target,
        change=change(first if len(scored) > 1 else None, last),
        last_change=change(previous, last),
    )


def symptom_timelines(periods: Sequence[str], per_period: Sequence[Sequence[Any]]) -> tuple[SymptomTimeline, ...]:
    """When each symptom appeared and resolved, from generic items with ``id``, ``name`` and ``status``."""
    names: dict[str, str] = {}
    statuses: dict[str, list[str | None]] = {}
    for index, items in enumerate(per_period):
        for item in items:
            names[item.id] = str(getattr(item, "name", item.id))
            row = statuses.setdefault(item.id, [None] * len(periods))
            row[index] = status_text(item.status)
    timelines = []
    for sid, row in statuses.items():
        appeared, resolved = [], []
        previous: str | None = None
        for period, status in zip(periods, row, strict=True):
            if status == "flagged" and previous != "flagged":
                appeared.append(period)
            if previous == "flagged" and status == "not flagged":
                resolved.append(period)
            if status in {"flagged", "not flagged"}:  # a period that could not be judged changes nothing
                previous = status
        if appeared:
            timelines.append(
                SymptomTimeline(
                    id=sid, name=names[sid], statuses=tuple(row), appeared=tuple(appeared), resolved=tuple(resolved)
                )
            )
    return tuple(timelines)


def slim(report: Report) -> Report:
    """The part of a report a trend uses: scores, maturity, targets and symptom statuses.

    A trend over many periods keeps one report per period; dropping the per-question answers,
    evidence, inventory, workshop section and recommendations keeps its memory small however
    long the series is.
    """
    return report.model_copy(
        update={
            "dimensions": tuple(d.model_copy(update={"questions": ()}) for d in report.dimensions),
            "symptoms": tuple(s.model_copy(update={"evidence": ()}) for s in report.symptoms),
            "recommendations": (),
            "inventory": None,
            "workshop": None,
        }
    )


def build(reports: Sequence[Report]) -> Trend:
    """The trend of ``reports``, already in period order (see :func:`order`)."""
    if not reports:
        raise ValueError("a trend needs at least one report")
    latest = reports[-1]
    periods = tuple(r.period for r in reports)
    ids = [d.id for d in latest.dimensions]
    for report in reversed(reports):
        ids += [d.id for d in report.dimensions if d.id not in ids]
    dimensions = []
    for did in ids:
        points, name, target = [], did, None
        for report in reports:
            result = report.dimension(did)
            if result is not None:
                name = result.name if report is latest or name == did else name
                target = result.target if result.target is not None else target
            points.append(
                Point(
                    period=report.period,
                    score=None if result is None else result.score,
                    maturity=None if result is None else result.maturity,
                )
            )
        dimensions.append(_series(did, name, points, target))
    overall = _series(
        "overall",
        "Overall",
        [Point(period=r.period, score=r.score, maturity=r.maturity) for r in reports],
        None,
    )
    return Trend(
        organisation=latest.organisation,
        periods=periods,
        questionnaires=tuple(f"{r.questionnaire_id} {r.questionnaire_version}" for r in reports),
        scale_max=latest.scale_max,
        overall=overall,
        coverage=tuple(r.coverage for r in reports),
        dimensions=tuple(dimensions),
        symptoms=symptom_timelines(periods, [report_symptoms(r) for r in reports]),
    )
