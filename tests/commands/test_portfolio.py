"""``aiopgap portfolio`` end to end: folders, formats, the period, weighting, refusals with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

from aiopgap.model.portfolio import Portfolio
from tests.cli.test_cli import run_cli, run_process
from tests.conftest import EXAMPLES
from tests.portfolio_helpers import MINI, unit_file


def _company(folder: Path) -> Path:
    folder.mkdir()
    unit_file(folder, "group", None, owner=2, learning=2)
    unit_file(folder, "cards", {"name": "Cards", "parent": "Consumer", "sizes": {"headcount": 100}}, owner=1)
    unit_file(folder, "loans", {"name": "Loans", "parent": "Consumer", "sizes": {"headcount": 300}}, owner=3)
    unit_file(folder, "markets", {"name": "Markets", "sizes": {"headcount": 400}}, owner=4, learning=None)
    unit_file(folder, "old", {"name": "Treasury"}, period="2026-Q1")
    (folder / "mini.yaml").write_text(MINI.read_text(encoding="utf-8"), encoding="utf-8")  # skipped in a folder
    return folder


def test_a_folder_in_every_text_format(tmp_path: Path) -> None:
    folder = _company(tmp_path / "acme")
    code, out, err = run_cli("portfolio", folder, "-Q", MINI)
    assert code == 0, err
    assert "roll-ups weighted equally" in out
    assert "not assessed itself" in out
    assert "Treasury" in out
    assert "2026-Q1" in out
    code, md, _ = run_cli("portfolio", folder, "-Q", MINI, "-f", "markdown")
    assert code == 0
    assert "## Roll-up per parent (weighted equally)" in md
    assert "Acme, metrics: rests on 1 child; missing Markets." in md
    code, html, _ = run_cli("portfolio", folder, "-Q", MINI, "-f", "html")
    assert code == 0
    assert "<svg" in html
    assert "score per dimension, 0 to 4" in html
    assert "http" not in html.replace("http://www.w3.org/2000/svg", "")


def test_json_reads_back_and_states_the_weighting(tmp_path: Path) -> None:
    folder = _company(tmp_path / "acme")
    out = tmp_path / "p.json"
    code, _, err = run_cli("portfolio", folder, "-Q", MINI, "--weight-by", "headcount", "-f", "json", "-o", out)
    assert code == 0, err
    result = Portfolio.model_validate_json(out.read_text(encoding="utf-8"))
    assert result.weight_by == "headcount"
    consumer = next(n for n in result.nodes if n.name == "Consumer")
    assert consumer.size == 400
    assert not consumer.assessed
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "aiopgap.portfolio/1"


def test_the_same_inputs_in_another_order_give_the_same_bytes(tmp_path: Path) -> None:
    folder = _company(tmp_path / "acme")
    files = sorted(p for p in folder.iterdir() if p.name != "mini.yaml")
    first = run_cli("portfolio", *files, "-Q", MINI, "-f", "html")
    second = run_cli("portfolio", *reversed(files), "-Q", MINI, "-f", "html")
    assert first == second
    assert first[0] == 0


def test_an_earlier_period_on_request(tmp_path: Path) -> None:
    folder = _company(tmp_path / "acme")
    code, out, _ = run_cli("portfolio", folder, "-Q", MINI, "--period", "2026-Q1", "-f", "markdown")
    assert code == 0
    assert "Treasury" in out
    assert "Cards" in out
    code, _, err = run_cli("portfolio", folder, "-Q", MINI, "--period", "someday")
    assert code == 2
    assert "--period 'someday'" in err


def test_a_missing_size_and_a_bad_basis_are_usage_errors(tmp_path: Path) -> None:
    folder = _company(tmp_path / "acme")
    code, _, err = run_cli("portfolio", folder, "-Q", MINI, "--weight-by", "ai-spend")
    assert code == 2
    assert "declares no ai-spend size" in err
    assert "cards.yaml" in err
    code, _, err = run_cli("portfolio", folder, "-Q", MINI, "--weight-by", "Head Count")
    assert code == 2
    assert "--weight-by" in err


def test_a_unit_assessed_twice_is_located_naming_both_files(tmp_path: Path) -> None:
    folder = _company(tmp_path / "acme")
    unit_file(folder, "cards-again", {"name": "CARDS", "parent": "Consumer"})
    code, _, err = run_cli("portfolio", folder, "-Q", MINI)
    assert code == 2
    assert "assessed twice" in err
    assert "cards.yaml" in err
    assert "cards-again.yaml" in err


def test_in_a_real_process(tmp_path: Path) -> None:
    folder = _company(tmp_path / "acme")
    done = run_process("portfolio", folder, "-Q", MINI, "--weight-by", "headcount")
    assert done.returncode == 0, done.stderr
    assert "weighted by headcount" in done.stdout
    unit_file(folder, "loop", {"name": "Consumer", "parent": "Cards"})
    done = run_process("portfolio", folder, "-Q", MINI)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "go round in a circle" in done.stderr
    assert "loop.yaml:" in done.stderr


def test_json_reports_mix_with_answers_files(tmp_path: Path) -> None:
    folder = _company(tmp_path / "acme")
    report = tmp_path / "markets.json"
    code, _, err = run_cli("report", folder / "markets.yaml", "-Q", MINI, "-f", "json", "-o", report)
    assert code == 0, err
    (folder / "markets.yaml").unlink()
    files = [*sorted(p for p in folder.iterdir() if p.name != "mini.yaml"), report]
    code, out, err = run_cli("portfolio", *files, "-Q", MINI, "-f", "json")
    assert code == 0, err
    markets = next(n for n in Portfolio.model_validate_json(out).nodes if n.name == "Markets")
    assert markets.assessed
    assert markets.file == str(report)


def test_the_example_portfolio(tmp_path: Path) -> None:
    out = tmp_path / "kestrel.json"
    code, _, err = run_cli("portfolio", EXAMPLES / "portfolio", "--weight-by", "headcount", "-f", "json", "-o", out)
    assert code == 0, err
    result = Portfolio.model_validate_json(out.read_text(encoding="utf-8"))
    assert result.period == "2026-Q3"
    tree = [(n.name, n.parent) for n in result.nodes]
    assert ("Remote Diagnostics", "Field Services") in tree
    field = next(n for n in result.nodes if n.name == "Field Services")
    assert field.assessed
    assert field.rollup_overall is not None
    assert field.rollup_overall.score == next(n for n in result.nodes if n.name == "Remote Diagnostics").overall.score
