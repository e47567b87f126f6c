"""aiopgap import for one unit of an organisation: --unit and --parent, and files that name their unit."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.files.documents import load_assessment
from aiopgap.model.answers import Answers, Unit
from tests.cli.test_cli import run_cli, run_process
from tests.conftest import FIXTURES
from tests.workbook_helpers import fill_workbook

MINI = FIXTURES / "mini-questionnaire.yaml"
HEADER = "respondent,role,question_id,level,note\n"
ROWS = "Ann,CDO,ownership.owner,1,\nBob,CFO,ownership.owner,3,ok\n"


def answers_of(path: Path, questionnaire: Path | None = MINI) -> Answers:
    return load_assessment(path, questionnaire).answers


def test_the_answers_file_written_names_the_unit_and_its_parent(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(HEADER + ROWS)
    out = tmp_path / "out.yaml"
    args = ["--org", "Kestrel", "--period", "2026-Q3", "--unit", "Remote  Diagnostics", "--parent", "Field Services"]
    code, _, err = run_cli("import", tmp_path / "a.csv", "-Q", MINI, *args, "-o", out)
    assert code == 0, err
    assert answers_of(out).unit == Unit(name="Remote  Diagnostics", parent="Field Services")
    assert "unit:\n  name: Remote  Diagnostics\n  parent: Field Services\n" in out.read_text()


def test_without_a_file_name_the_unit_joins_organisation_and_period_so_units_never_collide(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.csv").write_text(HEADER + ROWS)
    monkeypatch.chdir(tmp_path)
    base = ["import", "a.csv", "-Q", MINI, "--org", "Kestrel Forge", "--period", "2026-Q3"]
    assert run_cli(*base, "--unit", "Field Services")[0] == 0
    assert run_cli(*base, "--unit", "Flow Systems")[0] == 0
    assert run_cli(*base)[0] == 0
    written = sorted(p.name for p in tmp_path.glob("*.yaml"))
    assert written == [
        "kestrel-forge-2026-q3.yaml",
        "kestrel-forge-field-services-2026-q3.yaml",
        "kestrel-forge-flow-systems-2026-q3.yaml",
    ]
    assert answers_of(tmp_path / "kestrel-forge-2026-q3.yaml").unit is None


def test_a_csv_unit_column_names_the_unit_and_another_unit_is_refused_where_it_stands(tmp_path: Path) -> None:
    header = "respondent,role,question_id,level,unit\n"
    (tmp_path / "a.csv").write_text(header + "Ann,CDO,ownership.owner,1,Flow Systems\n")
    (tmp_path / "b.csv").write_text(header + "Bob,CFO,ownership.owner,3,flow  systems\n")
    out = tmp_path / "out.yaml"
    base = ["import", "-Q", MINI, "--org", "Kestrel", "--period", "2026-Q3", "-o", out]
    code, _, err = run_cli(*base, tmp_path / "a.csv", tmp_path / "b.csv")
    assert code == 0, err
    assert answers_of(out).unit == Unit(name="Flow Systems")

    out.unlink()
    code, _, err = run_cli(*base, tmp_path / "a.csv", "--unit", "Field Services")
    assert code == 2
    assert f"{tmp_path / 'a.csv'}:2:5: this file is for unit 'Flow Systems', but --unit says 'Field Services'" in err
    assert not out.exists()

    (tmp_path / "c.csv").write_text(header + "Cy,COO,ownership.owner,2,Customer Digital\n")
    code, _, err = run_cli(*base, tmp_path / "a.csv", tmp_path / "c.csv")
    assert code == 2
    assert f"{tmp_path / 'c.csv'}:2:5: unit 'Customer Digital' here, but 'Flow Systems' at" in err
    assert not out.exists()


def test_one_csv_naming_two_units_is_refused(tmp_path: Path) -> None:
    header = "respondent,role,question_id,level,unit\n"
    (tmp_path / "a.csv").write_text(
        header + "Ann,CDO,ownership.owner,1,Flow Systems\nBob,CFO,ownership.owner,3,Field Services\n"
    )
    code, _, err = run_cli(
        "import", tmp_path / "a.csv", "-Q", MINI, "--org", "K", "--period", "P", "-o", tmp_path / "o.yaml"
    )
    assert code == 2
    assert "unit 'Field Services' here, but 'Flow Systems' at" in err


def test_a_parent_without_a_unit_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(HEADER + ROWS)
    out = tmp_path / "out.yaml"
    result = run_process(
        "import", tmp_path / "a.csv", "-Q", MINI, "--org", "K", "--period", "P", "--parent", "Field Services", "-o", out
    )
    assert result.returncode == 2
    assert "--parent names the parent of a unit, but no unit is named: add --unit" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_a_unit_name_that_cannot_be_stored_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text(HEADER + ROWS)
    code, _, err = run_cli(
        "import",
        tmp_path / "a.csv",
        "-Q",
        MINI,
        "--org",
        "K",
        "--period",
        "P",
        "--unit",
        "x" * 501,
        "-o",
        tmp_path / "o.yaml",
    )
    assert code == 2
    assert "the organisation, unit or period cannot be used (unit.name:" in err


def test_a_workbook_exported_for_a_unit_imports_as_that_unit(tmp_path: Path) -> None:
    blank = tmp_path / "blank.xlsx"
    code, _, err = run_cli(
        "questionnaire",
        "export",
        "--org",
        "Kestrel",
        "--unit",
        "Remote Diagnostics",
        "--period",
        "2026-Q3",
        "-o",
        blank,
    )
    assert code == 0, err
    filled = fill_workbook(
        blank, "Elif Arslan", "Team Lead", {"ownership.single-accountable-owner": 3}, out=tmp_path / "e.xlsx"
    )
    out = tmp_path / "out.yaml"
    code, _, err = run_cli("import", filled, "--parent", "Field Services", "-o", out)
    assert code == 0, err
    answers = answers_of(out, None)
    assert (answers.organisation, answers.period) == ("Kestrel", "2026-Q3")
    assert answers.unit == Unit(name="Remote Diagnostics", parent="Field Services")

    code, _, err = run_cli("import", filled, "--unit", "Flow Systems", "-o", tmp_path / "other.yaml")
    assert code == 2
    assert (
        f"{filled}:Instructions!B5: this file is for unit 'Remote Diagnostics', but --unit says 'Flow Systems'" in err
    )


def test_questionnaire_export_names_the_unit_in_its_default_file_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli(
        "questionnaire", "export", "--org", "Kestrel", "--unit", "Flow Systems", "--period", "2026-Q3"
    )
    assert code == 0, err
    assert [p.name for p in tmp_path.glob("*.xlsx")] == ["aiopgap-default-Kestrel-Flow-Systems-2026-Q3.xlsx"]
    code, _, err = run_cli("questionnaire", "export", "--unit", " ", "-o", tmp_path / "x.xlsx")
    assert code == 2
    assert "--unit must be 1 to 500 characters" in err


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x")', "Red\x1b[31m Team", "Équipe: « Nord » # 2"])
def test_a_unit_name_reads_back_exactly_as_typed(tmp_path: Path, name: str) -> None:
    (tmp_path / "a.csv").write_text(HEADER + ROWS)
    out = tmp_path / "out.yaml"
    code, _, err = run_cli(
        "import", tmp_path / "a.csv", "-Q", MINI, "--org", "K", "--period", "P", "--unit", name, "-o", out
    )
    assert code == 0, err
    assert answers_of(out).unit == Unit(name=name)
