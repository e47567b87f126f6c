"""``export --format xlsx`` end to end: through the CLI and as a real process, as a user runs it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"


def aiopgap(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *map(str, args)], capture_output=True, cwd=cwd, timeout=120, check=False
    )


def test_a_real_process_writes_a_workbook_whose_values_match_the_json_report(tmp_path: Path) -> None:
    first = aiopgap("export", WORKSHOP, "--format", "xlsx", "-o", "first.xlsx", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    second = aiopgap("export", WORKSHOP, "-f", "xlsx", "-o", "second.xlsx", cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert (tmp_path / "first.xlsx").read_bytes() == (tmp_path / "second.xlsx").read_bytes()
    if shutil.which("cmp"):
        assert subprocess.run(["cmp", "first.xlsx", "second.xlsx"], cwd=tmp_path, check=False).returncode == 0
    report = aiopgap("report", WORKSHOP, "-f", "json", cwd=tmp_path)
    dimensions = {d["id"]: d for d in json.loads(report.stdout)["dimensions"]}
    sheet = openpyxl.load_workbook(tmp_path / "first.xlsx")["Dimensions"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2, values_only=True):
        cells = dict(zip(headers, row, strict=True))
        if cells["Dimension"] == "overall":
            continue
        expected = dimensions[str(cells["Dimension"])]
        for column, key in (("Score", "score"), ("Gap", "gap"), ("Coverage", "coverage"), ("Confidence", "confidence")):
            assert cells[column] == pytest.approx(expected[key]), column


def test_standard_output_redirected_to_a_file_gets_the_workbook(tmp_path: Path) -> None:
    with (tmp_path / "piped.xlsx").open("wb") as handle:
        proc = subprocess.run(
            [sys.executable, "-m", "aiopgap", "export", str(WORKSHOP), "-f", "xlsx"],
            stdout=handle,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert proc.returncode == 0, proc.stderr
    written = aiopgap("export", WORKSHOP, "-f", "xlsx", "-o", "named.xlsx", cwd=tmp_path)
    assert written.returncode == 0
    assert (tmp_path / "piped.xlsx").read_bytes() == (tmp_path / "named.xlsx").read_bytes()


def test_through_the_cli_with_anonymised_respondents(tmp_path: Path) -> None:
    out = tmp_path / "anon.xlsx"
    result = runner.invoke(app, ["export", str(WORKSHOP), "-f", "xlsx", "-o", str(out), "--anonymise"])
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Dimensions", "Responses", "Symptoms", "Recommendations", "Initiatives", "Heatmap"]
    names = {row[0] for row in book["Responses"].iter_rows(min_row=2, min_col=3, max_col=3, values_only=True)}
    assert "Priya Raman" not in names


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--table", "dimensions", "-o", "x.xlsx"], "--table dimensions picks one table"),
        (["--output-dir", "."], "use -o FILE.xlsx"),
    ],
)
def test_options_that_do_not_apply_to_a_workbook_are_refused(
    extra: list[str], words: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["export", str(WORKSHOP), "-f", "xlsx", *extra])
    assert result.exit_code == 2
    assert words in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []


def test_a_workbook_is_never_poured_onto_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = io.TextIOWrapper(io.BytesIO())
    monkeypatch.setattr(fake, "isatty", lambda: True)
    monkeypatch.setattr(sys, "stdout", fake)
    from aiopgap.commands.export import run
    from aiopgap.model.errors import UsageError
    from aiopgap.render.formats import ExportFormat

    with pytest.raises(UsageError, match=r"binary file: write it with -o FILE\.xlsx"):
        run([WORKSHOP], None, None, None, None, ExportFormat.xlsx)
    assert fake.buffer.getvalue() == b""


def test_a_bad_answers_file_is_named_and_nothing_is_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("organisation: [\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = runner.invoke(app, ["export", str(WORKSHOP), str(bad), "-f", "xlsx", "-o", str(out)])
    assert result.exit_code == 2
    assert "bad.yaml:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()
