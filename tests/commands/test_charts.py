"""``report --charts DIR`` and ``trend --charts DIR`` end to end: in-process and as a real process."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.render import chart_files
from tests.cli.test_cli import run_process
from tests.conftest import EXAMPLES
from tests.render.chart_fixtures import WORKSHOP

runner = CliRunner()


def test_report_charts_writes_the_radar_and_heatmap(tmp_path: Path) -> None:
    folder = tmp_path / "slides" / "charts"  # made, parents too
    done = run_process("report", WORKSHOP, "-f", "html", "-o", tmp_path / "r.html", "--charts", folder)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["heatmap.svg", "radar.svg"]
    assert f"wrote {folder / 'radar.svg'}" in done.stderr
    assert f"wrote {folder / 'heatmap.svg'}" in done.stderr
    for name in ("radar.svg", "heatmap.svg"):
        ElementTree.parse(folder / name)
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_report_charts_beside_the_terminal_report_keeps_stdout_the_report(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(EXAMPLES / "lumen-2026-Q3.yaml"), "--charts", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "radar.svg" not in result.stdout
    assert "Lumen" in result.stdout
    assert "radar.svg" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["radar.svg"]  # no workshop: no heatmap


def test_chart_files_are_identical_across_runs(tmp_path: Path) -> None:
    for run in ("a", "b"):
        result = runner.invoke(app, ["report", str(WORKSHOP), "-f", "json", "--charts", str(tmp_path / run)])
        assert result.exit_code == 0, result.stderr
    for name in ("radar.svg", "heatmap.svg"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_trend_charts_writes_the_lines(tmp_path: Path) -> None:
    done = run_process("trend", EXAMPLES / "trend", "-f", "json", "--charts", tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["trend.svg"]
    assert "wrote" in done.stderr
    assert "trend.svg" in done.stderr
    root = ElementTree.parse(tmp_path / "out" / "trend.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"


def test_a_file_in_the_way_is_refused_before_any_work(tmp_path: Path) -> None:
    blocker = tmp_path / "charts"
    blocker.write_text("mine", encoding="utf-8")
    report = tmp_path / "r.html"
    result = runner.invoke(app, ["report", str(WORKSHOP), "-f", "html", "-o", str(report), "--charts", str(blocker)])
    assert result.exit_code == 2
    assert "is a file, not a folder" in result.stderr
    assert not report.exists()  # refused before the report was written
    assert blocker.read_text(encoding="utf-8") == "mine"
    trend = runner.invoke(app, ["trend", str(EXAMPLES / "trend"), "--charts", str(blocker)])
    assert trend.exit_code == 2
    assert "is a file, not a folder" in trend.stderr


def test_png_without_the_extra_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise chart_files.UsageError(f"PNG charts need the optional png extra: {chart_files.PNG_EXTRA}")

    monkeypatch.setattr(chart_files, "_converter", missing)
    result = runner.invoke(
        app, ["report", str(WORKSHOP), "--charts", str(tmp_path / "c"), "--charts-format", "png", "-f", "json"]
    )
    assert result.exit_code == 2
    assert "pip install 'aiopgap[png]'" in result.stderr
    assert result.stdout == ""  # refused before the report
    assert not (tmp_path / "c").exists()


def test_help_names_the_options() -> None:
    for command in ("report", "trend"):
        result = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200"})
        assert "--charts" in result.stdout
        assert "--charts-format" in result.stdout
