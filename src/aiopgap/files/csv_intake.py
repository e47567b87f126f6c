"""Reading CSV files to import: the one CSV reader, and the tool's own responses layout.

:func:`read_table` reads a CSV file through the one bounded reader: UTF-8 with or without a byte
order mark, CRLF or LF line ends, fields separated by commas, semicolons (as spreadsheets set to
a European locale save them) or tabs, whichever the header row uses most. Every cell keeps its
place: its line in the file and its column (1-based), printed ``file:line:column``.

:func:`responses_intake` reads the layout ``aiopgap export`` writes for responses (one row per
respondent and question: ``respondent``, ``role``, ``question_id``, ``level``, and optionally
``note``, ``evidence``, ``organisation``, ``unit`` and ``period``; other columns are ignored), in any column
order, so an exported file reads back as the answers it came from.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from aiopgap.files.reading import read_text
from aiopgap.model.answers import name_key
from aiopgap.model.errors import InputError, Location, Problem, input_error
from aiopgap.model.intake import GivenAnswer, GivenRespondent, Intake, Read
from aiopgap.model.text import FORMULA_START

_DELIMITERS = (",", ";", "\t")

REQUIRED_COLUMNS = ("respondent", "role", "question_id", "level")
OPTIONAL_COLUMNS = ("note", "evidence", "organisation", "unit", "period")


@dataclass(frozen=True)
class Row:
    line: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A CSV file: its header row and its other non-blank rows, each with the line it starts on."""

    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]

    def columns(self) -> dict[str, int]:
        """Each header's index, by :func:`~aiopgap.model.answers.name_key` (case and spacing aside)."""
        found: dict[str, int] = {}
        for index, title in enumerate(self.header):
            key = name_key(title)
            if key and key in found:
                where = Location(self.file, 1, index + 1)
                raise InputError([Problem(where, f"column {title!r} appears twice (also column {found[key] + 1})")])
            if key:
                found[key] = index
        return found

    def read(self, row: Row, index: int) -> Read:
        """The cell of ``row`` in column ``index`` (blank when the row is short), with its place."""
        value = row.cells[index] if index < len(row.cells) else ""
        return Read(value, Location(self.file, row.line, index + 1))

    def overflow(self) -> list[Problem]:
        """Rows with filled cells beyond the header's columns: what they hold would have no column."""
        problems = []
        width = len(self.header)
        for row in self.rows:
            extra = [i for i in range(width, len(row.cells)) if row.cells[i].strip()]
            if extra:
                where = Location(self.file, row.line, extra[0] + 1)
                problems.append(Problem(where, "a filled cell beyond the last column of the header row"))
        return problems


def _delimiter(first_line: str) -> str:
    counts = {d: 0 for d in _DELIMITERS}
    quoted = False
    for char in first_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(path: Path) -> Table:
    """The CSV file at ``path``; a located :class:`InputError` when it is not one."""
    file = str(path)
    text = read_text(path, "CSV file", "a CSV file")
    if not text.strip():
        raise input_error(file, "the file is empty: no header row and no answers")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]), strict=True)
    rows: list[Row] = []
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                rows.append(Row(line, tuple(cells)))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise input_error(file, f"not readable as CSV: {exc}", reader.line_num or 1) from None
    if not rows:
        raise input_error(file, "the file is empty: no header row and no answers")
    return Table(file, rows[0].cells, tuple(rows[1:]))


def is_responses_layout(table: Table) -> bool:
    """Whether the header is the responses layout of ``aiopgap export`` (not a form export)."""
    keys = {name_key(h) for h in table.header}
    return {"respondent", "question_id"} <= keys


def unguarded(text: str) -> str:
    """A cell without the ``'`` that ``export`` puts before text a spreadsheet would take for a formula."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


# long because: one pass over the rows, grouping them by respondent and checking each block's role and file facts
def responses_intake(table: Table) -> tuple[Intake, list[Problem]]:
    """The respondents of a responses CSV, rows grouped by respondent (case and spacing aside).

    The problems are those only the layout shows: missing columns, a respondent given two roles,
    rows for two organisations, units or periods, cells beyond the header.
    """
    columns = table.columns()
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        needed = ", ".join(REQUIRED_COLUMNS)
        message = f"missing column(s) {', '.join(missing)}; a responses CSV has the columns {needed}"
        raise InputError([Problem(Location(table.file, 1, 1), message)])
    problems = table.overflow()

    def cell(row: Row, column: str) -> Read:
        read = table.read(row, columns[column])
        return Read(unguarded(str(read.value)), read.where)

    def optional(row: Row, column: str) -> Read | None:
        return cell(row, column) if column in columns else None

    blocks: dict[str, tuple[Read, Read, list[GivenAnswer]]] = {}
    facts: dict[str, Read] = {}
    for row in table.rows:
        name, role = cell(row, "respondent"), cell(row, "role")
        level, question = cell(row, "level"), cell(row, "question_id")
        for fact in ("organisation", "unit", "period"):
            found = optional(row, fact)
            if found is None or not str(found.value).strip():
                continue
            first = facts.setdefault(fact, found)
            if name_key(str(first.value)) != name_key(str(found.value)):
                message = f"{fact} {found.value!r} here, but {first.value!r} at {first.where}; import one at a time"
                problems.append(Problem(found.where, message))
        key = name_key(str(name.value))
        if key not in blocks:
            blocks[key] = (name, role, [])
        elif name_key(str(blocks[key][1].value)) != name_key(str(role.value)):
            first_role = blocks[key][1]
            message = (
                f"role {role.value!r} here, but {first_role.value!r} for the same respondent at {first_role.where}"
            )
            problems.append(Problem(role.where, message))
        given = GivenAnswer(str(question.value).strip(), level, optional(row, "note"), optional(row, "evidence"))
        if not given.question and not (str(level.value).strip() or _filled(given.note) or _filled(given.evidence)):
            continue  # a row naming only a respondent: nothing to answer
        if not given.question:
            problems.append(Problem(question.where, "an answer without a question id"))
            continue
        blocks[key][2].append(given)
    respondents = tuple(
        GivenRespondent(name, role, tuple(answers), Location(table.file, name.where.line))
        for name, role, answers in blocks.values()
    )
    intake = Intake(table.file, respondents, facts.get("organisation"), facts.get("period"), unit=facts.get("unit"))
    return intake, problems


def _filled(read: Read | None) -> bool:
    return read is not None and bool(str(read.value).strip())
