"""How an organisation moved over several assessments: pure functions from reports to a
:class:`~aiopgap.model.trend.Trend`. No I/O.

Assessments are ordered by period (:mod:`aiopgap.analysis.periods`); a period that cannot be
placed in time is refused. Two assessments of the same organisation for the same period are
refused rather than silently picked between.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiopgap.analysis.changes import change
from aiopgap.analysis.findings import NOT_FLAGGED
from aiopgap.analysis.gap_changes import gap_timelines
from aiopgap.analysis.periods import PeriodKey, period_key
from aiopgap.model.answers import name_key
from aiopgap.model.diff import Change
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.report import Report, SymptomResult
from aiopgap.model.trend import Point, Series, SymptomTimeline, Trend


def order(entries: Sequence[tuple[str, Report]]) -> list[tuple[str, Report]]:
    """Sort (file, report) pairs by period; refuse unknown periods, mixed subjects and duplicates."""
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
    problems += _subjects(entries)
    seen: dict[PeriodKey, str] = {}
    for key, file, report in keyed:
        if key in seen:
            problems.append(
                Problem(
                    Location(file, field="period"),
                    f"{report.subject()} {report.period} is assessed twice (also in {seen[key]}); keep one",
                )
            )
        seen.setdefault(key, file)
    if problems:
        raise InputError(problems)
    keyed.sort(key=lambda item: item[0])
    return [(file, report) for _, file, report in keyed]


def _subjects(entries: Sequence[tuple[str, Report]]) -> list[Problem]:
    """A trend follows one subject (:meth:`Report.subject_key`): several are refused, each with its files."""
    subjects: dict[tuple[str, str], list[tuple[str, Report]]] = {}
    for file, report in entries:
        subjects.setdefault(report.subject_key(), []).append((file, report))
    if len(subjects) < 2:
        return []
    listing = "; ".join(
        f"{found[0][1].subject()} ({', '.join(file for file, _ in found)})" for found in subjects.values()
    )
    units = [found[0][1].unit.name for found in subjects.values() if found[0][1].unit is not None]
    hint = f"; follow one with --unit NAME (e.g. --unit {units[0]!r})" if units else ""
    return [
        Problem(
            Location(entries[0][0], field="organisation"),
            f"a trend follows one organisation or unit; found {listing}{hint}",
        )
    ]


def select_unit(entries: Sequence[tuple[str, Report]], unit: str) -> list[tuple[str, Report]]:
    """The entries assessing ``unit`` (names matched as people's are); the organisation's own files when
    ``unit`` names the organisation. An unknown name is refused, listing the units found."""
    wanted = name_key(unit)
    chosen = [(f, r) for f, r in entries if r.unit is not None and name_key(r.unit.name) == wanted]
    if not chosen:
        chosen = [(f, r) for f, r in entries if r.unit is None and name_key(r.organisation) == wanted]
    if chosen:
        return chosen
    found = sorted({r.subject() for _, r in entries}, key=name_key)
    raise InputError(
        [
            Problem(
                Location(entries[0][0] if entries else "--unit"),
                f"no assessment of unit {unit!r}; found {'; '.join(found)}",
            )
        ]
    )


def first_to_last(values: Sequence[float | None]) -> Change:
    """From the first known value to the last period's (unknown when only one period has a value)."""
    known = [v for v in values if v is not None]
    return change(known[0] if len(known) > 1 else None, values[-1] if values else None)


def _series(sid: str, name: str, points: list[Point], target: float | None) -> Series:
    last = points[-1].score if points else None
    previous = points[-2].score if len(points) > 1 else None
    return Series(
        id=sid,
        name=name,
        points=tuple(points),
        target=target,
        change=first_to_last([p.score for p in points]),
        last_change=change(previous, last),
    )


def symptom_timelines(
    periods: Sequence[str], per_period: Sequence[Sequence[SymptomResult]]
) -> tuple[SymptomTimeline, ...]:
    """When each symptom appeared and resolved, from each period's symptom results.

    A symptom on watch is not flagged: flagged then watch resolves it. Symptoms never flagged nor watched
    are left out.
    """
    names: dict[str, str] = {}
    statuses: dict[str, list[str | None]] = {}
    for index, items in enumerate(per_period):
        for item in items:
            names[item.id] = item.name
            row = statuses.setdefault(item.id, [None] * len(periods))
            row[index] = item.status
    timelines = []
    for sid, row in statuses.items():
        appeared, resolved = [], []
        previous: str | None = None
        for period, status in zip(periods, row, strict=True):
            if status == "flagged" and previous != "flagged":
                appeared.append(period)
            if previous == "flagged" and status in NOT_FLAGGED:
                resolved.append(period)
            if status in {"flagged", *NOT_FLAGGED}:  # a period that could not be judged changes nothing
                previous = status
        if appeared or "watch" in row:
            timelines.append(
                SymptomTimeline(
                    id=sid, name=names[sid], statuses=tuple(row), appeared=tuple(appeared), resolved=tuple(resolved)
                )
            )
    return tuple(timelines)


def slim(report: Report) -> Report:
    """The part of a report a trend uses: scores, maturity, targets and symptom statuses.

    A trend over many periods keeps one report per period; dropping the per-question answers,
    evidence, inventory, recommendations and summary keeps its memory small however long the series is.
    Of the workshop section only each role's view per question and dimension stays, for the gap widths.
    """
    workshop = report.workshop
    if workshop is not None:
        workshop = workshop.model_copy(update={"roles": (), "gaps": (), "unanswered": ()})
    return report.model_copy(
        update={
            "dimensions": tuple(d.model_copy(update={"questions": ()}) for d in report.dimensions),
            "symptoms": tuple(s.model_copy(update={"evidence": (), "signals": ()}) for s in report.symptoms),
            "contradictions": tuple(c.model_copy(update={"claim": (), "facts": ()}) for c in report.contradictions),
            "recommendations": (),
            "summary": None,
            "inventory": None,
            "workshop": workshop,
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
        unit=None if latest.unit is None else latest.unit.name,
        periods=periods,
        questionnaires=tuple(f"{r.questionnaire_id} {r.questionnaire_version}" for r in reports),
        scale_max=latest.scale_max,
        overall=overall,
        coverage=tuple(r.coverage for r in reports),
        dimensions=tuple(dimensions),
        symptoms=symptom_timelines(periods, [r.symptoms for r in reports]),
        confidence=tuple(r.confidence for r in reports),
        confidence_change=first_to_last([r.confidence for r in reports]),
        contradictions=tuple(len(r.contradicted()) if r.contradictions else None for r in reports),
        gaps=gap_timelines(reports),
    )
