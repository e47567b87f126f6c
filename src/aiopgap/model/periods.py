"""When an assessment was made: placing the free-text ``period`` of an answers file or a plan in time. Pure, no I/O.

Periods are free text in answers files, so only forms whose order is unambiguous are placed:
``2026-Q3``, ``Q3 2026``, ``2026-H2``, ``2026-09``, ``2026-09-30`` and ``2026``. A coarser period
sorts before a finer one that starts on the same day (``2026`` before ``2026-Q1``).
"""

from __future__ import annotations

import datetime
import re

MAX_QUARTERS = 20
"""The longest plan: five years of quarters (here, not in ``model/plan``, so the CLI reads it without pydantic)."""
MAX_CAPACITY = 20
"""The most moves one quarter of a plan may hold."""

_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*q([1-4])$|^q([1-4])\s*[-/ ]?\s*(\d{4})$")
_HALF = re.compile(r"^(\d{4})\s*[-/ ]?\s*h([12])$|^h([12])\s*[-/ ]?\s*(\d{4})$")
_DATE = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_YEAR = re.compile(r"^(\d{4})$")

PeriodKey = tuple[int, int, int, int]
"""(year, first month, day, granularity rank): sorts chronologically, then coarser before finer."""


def period_key(period: str) -> PeriodKey | None:
    """A sortable key for a period, or None when the text is not a recognised form (or names year 0,
    which no calendar has, or a day that does not exist)."""
    key = _placed(" ".join(period.strip().lower().split()))
    return None if key is None or key[0] < 1 else key


def _placed(text: str) -> PeriodKey | None:
    if m := _QUARTER.match(text):
        year, quarter = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return int(year), (int(quarter) - 1) * 3 + 1, 0, 2
    if m := _HALF.match(text):
        year, half = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        return int(year), (int(half) - 1) * 6 + 1, 0, 1
    if m := _DATE.match(text):
        month = int(m.group(2))
        day = int(m.group(3) or 0)
        if not 1 <= month <= 12:
            return None
        if m.group(3) is None:
            return int(m.group(1)), month, 0, 3
        try:  # a day that exists in that month of that year: 2026-02-30 is no day at all
            datetime.date(int(m.group(1)) or 1, month, day)
        except ValueError:
            return None
        return int(m.group(1)), month, day, 4
    if m := _YEAR.match(text):
        return int(m.group(1)), 1, 0, 0
    return None


def is_later(period: str, than: str) -> bool:
    """Whether ``period`` is placed after ``than``; False when either cannot be placed."""
    key, other = period_key(period), period_key(than)
    return key is not None and other is not None and key > other


LAST_YEAR = 9999
"""The last year a period can be written in (four digits)."""


def quarters_after(period: str, count: int) -> tuple[str, ...] | None:
    """The ``count`` quarters that follow ``period``, written ``2026-Q4``; None when it cannot be placed,
    and none at all (an empty tuple) when they would run past the year ``LAST_YEAR``.

    A quarter is followed by the next one; a month or a day by the quarter after the one holding it;
    a half year by the quarter after its last; a year by the first quarter of the next year.
    """
    key = period_key(period)
    if key is None:
        return None
    year, month, _, rank = key
    last_month = month + 5 if rank == 1 else 12 if rank == 0 else month
    quarter = (last_month - 1) // 3 + 1
    following = []
    for _ in range(count):
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
        if year > LAST_YEAR:  # past what a period can be written as: no quarters at all
            return ()
        following.append(f"{year:04d}-Q{quarter}")
    return tuple(following)
