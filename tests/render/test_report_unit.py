"""The unit assessed is named beside the organisation in every report format and export table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from tests.cli.test_cli import run_cli
from tests.conftest import EXAMPLES

Q3 = EXAMPLES / "trend" / "meridian-2026-Q3.yaml"


def unit_file(folder: Path, source: Path, unit: object, name: str | None = None) -> Path:
    """A copy of ``source`` assessing ``unit`` (a name, a mapping, or None for the whole organisation)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    if unit is None:
        data.pop("unit", None)
    else:
        data["unit"] = unit
    path = folder / (name or source.name)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_every_report_format_is_titled_with_the_organisation_and_the_unit(tmp_path: Path, fmt: str) -> None:
    answers = unit_file(tmp_path, Q3, {"name": "Retail Banking", "parent": "Consumer Division"})
    code, out, err = run_cli("report", answers, "-f", fmt)
    assert code == 0, err
    assert "Meridian Retail Group / Retail Banking" in out


def test_the_json_report_carries_the_unit(tmp_path: Path) -> None:
    answers = unit_file(tmp_path, Q3, {"name": "Retail Banking", "sizes": {"headcount": 1200}})
    code, out, _ = run_cli("report", answers, "-f", "json")
    assert code == 0
    assert json.loads(out)["unit"] == {"name": "Retail Banking", "parent": None, "sizes": {"headcount": 1200.0}}


def test_a_unit_name_is_escaped_like_any_user_text(tmp_path: Path) -> None:
    answers = unit_file(tmp_path, Q3, "<script>x</script> *Ops*")
    _, html, _ = run_cli("report", answers, "-f", "html")
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt; *Ops*" in html
    _, md, _ = run_cli("report", answers, "-f", "markdown")
    assert "\\*Ops\\*" in md


def test_export_tables_have_a_unit_column_empty_for_the_whole_organisation(tmp_path: Path) -> None:
    unit = unit_file(tmp_path, Q3, "Retail Banking", "unit.yaml")
    whole = unit_file(tmp_path, Q3, None, "whole.yaml")
    for table in ("dimensions", "responses"):
        code, out, err = run_cli("export", unit, whole, "--table", table, "-f", "csv")
        assert code == 0, err
        rows = list(csv.DictReader(io.StringIO(out)))
        assert list(rows[0])[:3] == ["organisation", "unit", "period"]
        assert {r["unit"] for r in rows} == {"Retail Banking", ""}


def test_the_check_verdict_names_the_unit(tmp_path: Path) -> None:
    answers = unit_file(tmp_path, Q3, "Retail Banking")
    code, out, _ = run_cli("check", answers, "--min-overall", "0", "--no-config")
    assert code == 0
    assert "Meridian Retail Group / Retail Banking" in out
