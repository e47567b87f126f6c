"""An organisation's units side by side in one period: pure functions from reports to a
:class:`~aiopgap.model.portfolio.Portfolio`. No I/O.

:func:`portfolio` picks the period, refuses what cannot be read as one organisation (two
organisations, an unplaceable period, a unit assessed twice in the period) and builds the tree of
units (:func:`tree`): every problem is located at the field that causes it. The arithmetic (roll-ups,
spreads) is in :mod:`aiopgap.analysis.rollup`. Everything is iterative: a chain of units any depth
deep needs no recursion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from aiopgap.analysis.periods import PeriodKey, period_key
from aiopgap.analysis.portfolio_tree import Entry, tree
from aiopgap.analysis.rollup import assemble
from aiopgap.model.answers import name_key
from aiopgap.model.errors import InputError, Problem, UsageError
from aiopgap.model.portfolio import Absent, Portfolio
from aiopgap.model.text import shown


def portfolio(entries: Sequence[Entry], period: str | None = None, weight_by: str | None = None) -> Portfolio:
    """The portfolio of ``entries`` in ``period`` (default: the latest), roll-ups weighted by ``weight_by``."""
    if not entries:
        raise UsageError("a portfolio needs at least one assessment")
    keys = _placed(entries)
    _one_organisation(entries)
    chosen = _period(keys, period)
    current = [e for e in entries if keys[e.file] == chosen]
    _once_each(current)
    shape = tree(current)
    return assemble(
        shape,
        organisation=min(e.report.organisation for e in entries),
        period=min(e.report.period for e in current),
        weight_by=weight_by,
        absent=_absent(entries, keys, chosen, set(shape.entries)),
    )


def _placed(entries: Sequence[Entry]) -> dict[str, PeriodKey]:
    problems, keys = [], {}
    for entry in entries:
        key = period_key(entry.report.period)
        if key is None:
            message = (
                f"cannot place period {shown(entry.report.period)} in time; write it like 2026-Q3, 2026-H2 or 2026"
            )
            problems.append(Problem(entry.at("period"), message))
        else:
            keys[entry.file] = key
    if problems:
        raise InputError(problems)
    return keys


def _one_organisation(entries: Sequence[Entry]) -> None:
    found: dict[str, list[Entry]] = {}
    for entry in entries:
        found.setdefault(name_key(entry.report.organisation), []).append(entry)
    if len(found) < 2:
        return
    listing = "; ".join(
        f"{shown(min(e.report.organisation for e in group))} ({', '.join(sorted(e.file for e in group))})"
        for _, group in sorted(found.items())
    )
    first = min(entries, key=lambda e: e.file)
    raise InputError([Problem(first.at("organisation"), f"a portfolio covers one organisation; found {listing}")])


def _period(keys: Mapping[str, PeriodKey], period: str | None) -> PeriodKey:
    if period is None:
        return max(keys.values())
    wanted = period_key(period)
    if wanted is None:
        raise UsageError(f"--period {shown(period)}: write it like 2026-Q3, 2026-H2, 2026-09 or 2026")
    if wanted not in keys.values():
        raise UsageError(f"--period {shown(period)}: no input assesses that period")
    return wanted


def _once_each(current: Sequence[Entry]) -> None:
    seen: dict[str, Entry] = {}
    problems = []
    for entry in sorted(current, key=lambda e: e.file):
        key = entry.unit_key()
        if key in seen:
            other = seen[key]
            what = entry.report.subject()
            message = f"{shown(what)} is assessed twice in {shown(entry.report.period)}: here and in {other.file}"
            problems.append(Problem(entry.at("unit" if key else "organisation"), message))
        else:
            seen[key] = entry
    if problems:
        raise InputError(problems)


def _absent(
    entries: Sequence[Entry], keys: Mapping[str, PeriodKey], chosen: PeriodKey, present: set[str]
) -> tuple[Absent, ...]:
    """The units assessed only in other periods, each with its latest period."""
    latest: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: (keys[e.file], e.file)):
        if keys[entry.file] != chosen and entry.unit_key() not in present:
            latest[entry.unit_key()] = entry
    absent = []
    for _, entry in sorted(latest.items()):
        unit = entry.report.unit
        name = entry.report.organisation if unit is None else unit.name
        parent = None if unit is None else unit.parent
        absent.append(Absent(name=name, parent=parent, file=entry.file, period=entry.report.period))
    return tuple(absent)
