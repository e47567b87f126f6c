"""Reports as one workbook for finishing the job in a spreadsheet (``export --format xlsx``).

Sheets, always in this order so formulas and pivot tables that name them keep working:
Dimensions, Responses, Symptoms, Recommendations, Initiatives and Heatmap. Each is a table: a styled
header row that stays in view, a filter over the data, column widths fitted to the text. Numbers
are numbers (scores, gaps, coverage and confidence carry number formats, so a spreadsheet sums and
sorts them); several assessments are stacked, each row naming its organisation and period. A sheet
with nothing to show (no inventory, no assessment with two or more respondents) holds one sentence
saying why. Every text is stored as text, never as a formula (:func:`aiopgap.render.workbook.put`),
and identical reports give identical bytes (:func:`aiopgap.render.workbook.book_bytes`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from aiopgap.files.documents import Assessment
from aiopgap.model.errors import UsageError
from aiopgap.model.report import Report
from aiopgap.model.text import visible
from aiopgap.render.export import DIMENSION_COLUMNS, RESPONSE_COLUMNS, Value, dimension_values, response_values
from aiopgap.render.workbook import book_bytes, put

SCORE_FORMAT = "0.00"
"""Scores, levels, targets: two decimals, as every document shows them."""
GAP_FORMAT = "+0.00;-0.00;0.00"
PERCENT_FORMAT = "0%"
PRIORITY_FORMAT = "0.0"

NO_INVENTORY = "No initiative inventory in these answers: add an initiatives list to the answers file to see it here."
NO_HEATMAP = "One respondent: no heatmap. Roles are compared when two or more people answer the questionnaire."

MAX_ROWS = 1_048_576
"""Rows a sheet can hold in every spreadsheet that reads xlsx (the header row included)."""
MAX_COLUMNS = 16_384
TOO_MANY_ROLES = "{count} roles: more than one sheet can hold side by side; the HTML report shows the heatmap."

_MIN_WIDTH = 8
_MAX_WIDTH = 60
_WRAPPED_WIDTH = 50


@dataclass
class Table:
    """One sheet: its title, header row, rows, and the number format of each numeric column."""

    title: str
    headers: list[str]
    rows: list[tuple[Value, ...]] = field(default_factory=list)
    formats: dict[str, str] = field(default_factory=dict)
    empty: str = ""
    """What the sheet says when it has no rows; empty: the header row alone."""


def heading(column: str) -> str:
    """A CSV column name as a header a reader reads: ``question_id`` is ``Question id``."""
    return column.replace("_", " ").capitalize()


def _yes_no(flag: bool | None) -> str | None:
    return None if flag is None else ("yes" if flag else "no")


def dimensions_table(reports: Sequence[Report]) -> Table:
    """The export's dimension table, plus whether each dimension rests on less than half its questions."""
    low: list[str | None] = []
    for report in reports:
        low += [*(_yes_no(d.low_coverage()) for d in report.dimensions), None]  # None: the overall row
    rows = [(*row, flag) for row, flag in zip(dimension_values(reports), low, strict=True)]
    headers = [heading(c) for c in (*DIMENSION_COLUMNS, "low_coverage")]
    formats = {"Score": SCORE_FORMAT, "Target": SCORE_FORMAT, "Gap": GAP_FORMAT, "Evidenced score": SCORE_FORMAT}
    formats |= {"Coverage": PERCENT_FORMAT, "Confidence": PERCENT_FORMAT}
    return Table("Dimensions", headers, rows, formats)


def responses_table(assessed: Sequence[tuple[Assessment, Report]]) -> Table:
    rows = [row for assessment, report in assessed for row in response_values(assessment, report)]
    formats = {"Weight": SCORE_FORMAT, "Question confidence": PERCENT_FORMAT, "Median": SCORE_FORMAT}
    return Table("Responses", [heading(c) for c in RESPONSE_COLUMNS], rows, formats)


def symptoms_table(reports: Sequence[Report]) -> Table:
    """One row per symptom and piece of evidence that decided its status (one row when there is none)."""
    headers = ["Organisation", "Period", "Symptom", "Name", "Severity", "Status", "Conditions to flag"]
    headers += ["Evidence", "Refers to", "Label", "Condition", "Value", "Shown as", "Outcome"]
    table = Table("Symptoms", headers)
    for report in reports:
        for s in report.symptoms:
            first = (report.organisation, report.period, s.id, s.name, s.severity, s.status, s.to_flag)
            evidence: list[tuple[Value, ...]] = [
                (e.kind, e.ref, e.label, e.condition, e.value, e.display, e.outcome) for e in s.evidence
            ]
            table.rows += [(*first, *item) for item in evidence or [(None,) * 7]]
    return table


def recommendations_table(reports: Sequence[Report]) -> Table:
    headers = ["Organisation", "Period", "Rank", "Practice", "Name", "Priority", "Dimensions", "Symptoms"]
    table = Table("Recommendations", [*headers, "Actions", "Description"], formats={"Priority": PRIORITY_FORMAT})
    for report in reports:
        for rank, r in enumerate(report.recommendations, start=1):
            dimensions = ", ".join(d.name for d in r.dimensions)
            symptoms = ", ".join(s.name for s in r.symptoms)
            actions = "\n".join(r.actions)
            row = (report.organisation, report.period, rank, r.practice, r.name, r.priority, dimensions, symptoms)
            table.rows.append((*row, actions, r.description))
    return table


def initiatives_table(reports: Sequence[Report]) -> Table:
    headers = ["Organisation", "Period", "Initiative", "Stage", "Owners", "Horizon", "Vendor led", "Monitored"]
    table = Table("Initiatives", [*headers, "Months in pilot", "Stuck", "Note"], empty=NO_INVENTORY)
    for report in reports:
        for i in report.inventory.initiatives if report.inventory is not None else ():
            row = (report.organisation, report.period, i.name, i.stage, ", ".join(i.owners), i.horizon)
            flags = (_yes_no(i.vendor_led), _yes_no(i.monitored), i.months_in_pilot, _yes_no(i.stuck), i.note)
            table.rows.append((*row, *flags))
    return table


def heatmap_table(reports: Sequence[Report]) -> Table:
    """Roles x dimensions: one row per dimension, one column per role (every role of every workshop)."""
    workshops = [(r, r.workshop) for r in reports if r.workshop is not None]
    roles = list(dict.fromkeys(g.role for _, w in workshops for g in w.roles))
    headers = ["Organisation", "Period", "Dimension", "Name", "Score", *roles]
    if len(headers) > MAX_COLUMNS:
        return Table("Heatmap", headers[:5], empty=TOO_MANY_ROLES.format(count=len(roles)))
    table = Table("Heatmap", headers, formats={h: SCORE_FORMAT for h in headers[4:]}, empty=NO_HEATMAP)
    for report, workshop in workshops:
        for d in workshop.dimensions:
            by_role = {r.role: r.score for r in d.by_role}
            table.rows.append((report.organisation, report.period, d.id, d.name, d.score, *map(by_role.get, roles)))
    return table


def report_workbook(assessed: Sequence[tuple[Assessment, Report]]) -> bytes:
    """Every sheet for these assessments (each with its full report), byte-identical for identical input."""
    from openpyxl import Workbook

    reports = [report for _, report in assessed]
    tables = [
        dimensions_table(reports),
        responses_table(assessed),
        symptoms_table(reports),
        recommendations_table(reports),
        initiatives_table(reports),
        heatmap_table(reports),
    ]
    for table in tables:
        if len(table.rows) >= MAX_ROWS:
            raise UsageError(
                f"the {table.title} sheet would have {len(table.rows):,} rows, more than a workbook sheet holds "
                f"({MAX_ROWS - 1:,} under its header): export fewer files at once, or export CSV"
            )
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        _write(book.create_sheet(table.title), table)
    _shade_heatmap(book["Heatmap"], tables[-1], max((r.scale_max for r in reports), default=4))
    return book_bytes(book, "aiopgap report workbook")


def _write(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    if not table.rows and table.empty:
        put(sheet, 1, 1, table.empty, font=Font(italic=True))
        sheet.column_dimensions["A"].width = _MAX_WIDTH * 2
        return
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E78")
    for column, text in enumerate(table.headers, start=1):
        put(sheet, 1, column, visible(text), font=bold, fill=fill, alignment=Alignment(vertical="top", wrap_text=True))
    wrapped = Alignment(vertical="top", wrap_text=True)
    widths = [min(len(h), _MAX_WIDTH) + 3 for h in table.headers]  # room for the filter button
    for row_number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            _value(sheet, row_number, column, value, table.formats.get(table.headers[column - 1]))
            width = max((len(line) for line in str(value).splitlines()), default=0) if value is not None else 0
            if width > _WRAPPED_WIDTH or (isinstance(value, str) and "\n" in value):
                sheet.cell(row_number, column).alignment = wrapped
            widths[column - 1] = max(widths[column - 1], min(width, _MAX_WIDTH) + 1)
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(_MIN_WIDTH, width)
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(table.headers))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # printed: every column on one page across


def _value(sheet: Any, row: int, column: int, value: Value, number_format: str | None) -> None:
    """A number as a number (with its format), text as text that never runs, nothing as an empty cell.

    Control characters and direction overrides in text show as escapes (``\\u202e``), as in the CSV export.
    """
    if isinstance(value, str):
        put(sheet, row, column, visible(value))
    elif value is not None:
        cell = sheet.cell(row=row, column=column, value=value)
        if number_format is not None:
            cell.number_format = number_format


def _shade_heatmap(sheet: Any, table: Table, scale_max: int) -> None:
    """Every view coloured from red (level 0) through yellow to green (the top level), as a heatmap reads."""
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.utils import get_column_letter

    if not table.rows:
        return
    area = f"E2:{get_column_letter(len(table.headers))}{len(table.rows) + 1}"
    rule = ColorScaleRule(
        start_type="num",
        start_value=0,
        start_color="F8696B",
        mid_type="num",
        mid_value=scale_max / 2,
        mid_color="FFEB84",
        end_type="num",
        end_value=scale_max,
        end_color="63BE7B",
    )
    sheet.conditional_formatting.add(area, rule)
