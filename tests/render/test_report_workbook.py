"""The report workbook as a spreadsheet reads it: sheets, headers, frozen rows, filters, types and values."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.model.errors import UsageError
from aiopgap.model.report import Report
from aiopgap.render.report_workbook import NO_HEATMAP, NO_INVENTORY, report_workbook
from tests.conftest import EXAMPLES, FIXTURES

WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
SHEETS = ["Dimensions", "Responses", "Symptoms", "Recommendations", "Initiatives", "Heatmap"]
HOSTILE = ['=HYPERLINK("http://x")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\uff1dSUM(A1)", "\uff20cmd"]


def book_of(*paths: Path, questionnaire: Path | None = None) -> tuple[openpyxl.Workbook, list[Report], bytes]:
    assessed = []
    for path in paths:
        assessment = load_assessment(path, questionnaire)
        assessed.append((assessment, analyse(assessment.questionnaire, assessment.answers)))
    data = report_workbook(assessed)
    return openpyxl.load_workbook(io.BytesIO(data)), [r for _, r in assessed], data


def table(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.fixture(scope="module")
def workshop() -> tuple[openpyxl.Workbook, list[Report], bytes]:
    return book_of(WORKSHOP)


def test_every_sheet_is_a_table_with_a_frozen_styled_header_and_a_filter(workshop: tuple) -> None:
    book, _, _ = workshop
    assert book.sheetnames == SHEETS
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref == f"A1:{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert all(sheet.column_dimensions[c.column_letter].width >= 8 for c in sheet[1]), sheet.title


def test_dimension_scores_are_numbers_with_formats_and_match_the_report(workshop: tuple) -> None:
    book, (report,), _ = workshop
    rows = table(book["Dimensions"])
    assert [r["Dimension"] for r in rows] == [d.id for d in report.dimensions] + ["overall"]
    for row, d in zip(rows, report.dimensions, strict=False):
        assert isinstance(row["Score"], float | int)
        assert row["Score"] == pytest.approx(d.score)
        assert row["Evidenced score"] == pytest.approx(d.evidenced_score)
        assert row["Gap"] == pytest.approx(d.gap)
        assert row["Target"] == pytest.approx(d.target)
        assert row["Coverage"] == pytest.approx(d.coverage)
        assert row["Maturity"] == d.maturity
        assert row["Low coverage"] == ("yes" if d.low_coverage() else "no")
    assert rows[-1]["Score"] == pytest.approx(report.score)
    sheet = book["Dimensions"]
    formats = {sheet.cell(1, c).value: sheet.cell(2, c).number_format for c in range(1, sheet.max_column + 1)}
    assert formats["Score"] == "0.00"
    assert formats["Evidenced score"] == "0.00"
    assert formats["Coverage"] == "0%"
    assert formats["Confidence"] == "0%"
    assert formats["Gap"].startswith("+0.00")


def test_responses_one_row_per_respondent_and_question(workshop: tuple) -> None:
    book, (report,), _ = workshop
    rows = table(book["Responses"])
    assert len(rows) == len(report.respondents) * len(report.questions())
    given = {(r.respondent, q.id): r.level for q in report.questions() for r in q.responses}
    for row in rows:
        assert row["Level"] == given.get((row["Respondent"], row["Question id"]))
        assert not isinstance(row["Level"], str) or row["Level"] == "n/a"


def test_symptoms_list_each_piece_of_evidence_on_its_own_row(workshop: tuple) -> None:
    book, (report,), _ = workshop
    rows = table(book["Symptoms"])
    flagged = report.flagged()[0]
    mine = [r for r in rows if r["Symptom"] == flagged.id]
    assert [r["Refers to"] for r in mine] == [e.ref for e in flagged.evidence]
    assert {r["Status"] for r in mine} == {"flagged"}
    assert {r["Severity"] for r in mine} == {flagged.severity}
    assert {r["Symptom"] for r in rows} == {s.id for s in report.symptoms}


def test_recommendations_and_initiatives(workshop: tuple) -> None:
    book, (report,), _ = workshop
    recommendations = table(book["Recommendations"])
    assert [r["Practice"] for r in recommendations] == [r.practice for r in report.recommendations]
    assert recommendations[0]["Rank"] == 1
    assert recommendations[0]["Priority"] == pytest.approx(report.recommendations[0].priority)
    assert book["Recommendations"]["F2"].number_format == "0.0"
    assert report.inventory is not None
    initiatives = table(book["Initiatives"])
    assert [r["Initiative"] for r in initiatives] == [i.name for i in report.inventory.initiatives]
    assert {r["Stuck"] for r in initiatives} <= {"yes", "no"}


def test_the_workshop_heatmap_has_one_column_per_role(workshop: tuple) -> None:
    book, (report,), _ = workshop
    assert report.workshop is not None
    roles = [g.role for g in report.workshop.roles]
    sheet = book["Heatmap"]
    headers = [c.value for c in sheet[1]]
    assert headers == ["Organisation", "Period", "Dimension", "Name", "Score", *roles]
    rows = table(sheet)
    first = report.workshop.dimensions[0]
    for view in first.by_role:
        assert rows[0][view.role] == pytest.approx(view.score)
    assert sheet.conditional_formatting  # shaded low to high, as a heatmap


def test_one_respondent_without_inventory_says_so_on_its_sheets(tmp_path: Path) -> None:
    doc = yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text(encoding="utf-8"))
    doc["respondents"] = doc["respondents"][:1]
    path = tmp_path / "alone.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    book, _, _ = book_of(path, questionnaire=FIXTURES / "mini-questionnaire.yaml")
    assert book.sheetnames == SHEETS
    assert book["Heatmap"]["A1"].value == NO_HEATMAP
    assert book["Heatmap"].max_row == 1
    assert book["Initiatives"]["A1"].value == NO_INVENTORY


def test_formula_text_stays_text_everywhere(tmp_path: Path) -> None:
    doc = yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text(encoding="utf-8"))
    for respondent, text in zip(doc["respondents"], [HOSTILE[0], HOSTILE[1], HOSTILE[5]], strict=True):
        respondent["answers"]["ownership.owner"] = {"level": 2, "note": text}
    doc["respondents"][0]["name"] = HOSTILE[2]
    doc["respondents"][1]["role"] = HOSTILE[3]
    initiative = {"name": HOSTILE[4], "stage": "pilot", "horizon": "near", "owners": HOSTILE[0], "note": HOSTILE[1]}
    doc["initiatives"] = [initiative]
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    book, _, data = book_of(path, questionnaire=FIXTURES / "mini-questionnaire.yaml")
    found = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in HOSTILE:
                    found.add(cell.value)
                    assert cell.data_type == "s", (sheet.title, cell.coordinate)
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
    assert found == set(HOSTILE)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)


def test_identical_reports_give_identical_bytes(workshop: tuple) -> None:
    _, _, data = workshop
    assert book_of(WORKSHOP)[2] == data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_several_assessments_are_stacked_with_their_organisation() -> None:
    paths = sorted(EXAMPLES.glob("*.yaml"))
    book, reports, _ = book_of(*paths)
    rows = table(book["Dimensions"])
    assert len(rows) == sum(len(r.dimensions) + 1 for r in reports)
    overall = {r["Organisation"]: r["Score"] for r in rows if r["Dimension"] == "overall"}
    assert overall == {r.organisation: pytest.approx(r.score) for r in reports}


def test_more_roles_than_a_sheet_holds_side_by_side_leave_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("aiopgap.render.report_workbook.MAX_COLUMNS", 7)
    book, _, _ = book_of(WORKSHOP)
    assert (
        book["Heatmap"]["A1"].value
        == "5 roles: more than one sheet can hold side by side; the HTML report shows the heatmap."
    )


def test_more_rows_than_a_sheet_holds_is_refused_before_anything_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("aiopgap.render.report_workbook.MAX_ROWS", 100)
    with pytest.raises(UsageError, match="the Responses sheet would have 210 rows"):
        book_of(WORKSHOP)


def test_control_characters_and_direction_overrides_show_as_escapes(tmp_path: Path) -> None:
    doc = yaml.safe_load((FIXTURES / "mini-answers.yaml").read_text(encoding="utf-8"))
    doc["respondents"][0]["answers"]["ownership.owner"] = {"level": 1, "note": "paid \u202etnuocca\u202c \x1b[2J"}
    path = tmp_path / "controls.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    book, _, _ = book_of(path, questionnaire=FIXTURES / "mini-questionnaire.yaml")
    notes = [row["Note"] for row in table(book["Responses"]) if row["Note"]]
    assert "paid \\u202etnuocca\\u202c \\x1b[2J" in notes
