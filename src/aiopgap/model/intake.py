"""Answers as read from a spreadsheet, a CSV file or a form export, before they are checked.

Every reader (workbook, CSV, form export) turns its file into these shapes, each value with the
place it came from; one checker turns them into :class:`~aiopgap.model.answers.Respondent` s,
so every kind of file gets the same rules and the same located messages.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiopgap.model.errors import Location

CellValue = str | int | float | bool | None
"""A cell as the file holds it: text, a number, a truth value or empty."""


@dataclass(frozen=True)
class Read:
    """One value read from a file, and where."""

    value: CellValue
    where: Location


@dataclass(frozen=True)
class GivenAnswer:
    """One answer as read: the question it is for, the level cell, the note cell and the evidence cell."""

    question: str
    level: Read
    note: Read | None = None
    evidence: Read | None = None
    """Evidence as ``export`` writes it in one cell (``artifact 2026-08-14 RACI v3; observed``), if the file has it."""


@dataclass(frozen=True)
class GivenRespondent:
    """One respondent as read from one file (a workbook, a CSV block, a form row)."""

    name: Read
    role: Read
    answers: tuple[GivenAnswer, ...]
    where: Location
    """Where the respondent starts: the workbook, the first CSV row or the form row."""


@dataclass(frozen=True)
class Intake:
    """What one file holds: its respondents, and the organisation, unit and period if the file names them."""

    file: str
    respondents: tuple[GivenRespondent, ...]
    organisation: Read | None = None
    period: Read | None = None
    questionnaire: Read | None = None
    """The questionnaire and version the file says it was exported from (``aiopgap-default 1.0.0``), if it says."""
    unit: Read | None = None
    """The unit assessed (its name), if the file names one."""
