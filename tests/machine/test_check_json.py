"""``check --format json``: the aiopgap.verdict/1 document, its schema, and its answers' locations."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.cli.test_cli import run_cli, run_process
from tests.conftest import EXAMPLES
from tests.machine.helpers import MINI, assert_valid_against, write_known

MERIDIAN = EXAMPLES / "meridian-2026-Q3.yaml"


def test_a_failed_dimension_gate_names_its_answers_lowest_first(tmp_path: Path) -> None:
    answers = write_known(tmp_path)
    code, out, err = run_cli("check", answers, "-Q", MINI, "--no-config", "--min", "ownership=3", "-f", "json")
    assert code == 1, err
    verdict = assert_valid_against("verdict", out)
    assert verdict["format"] == "aiopgap.verdict/1"
    assert (verdict["organisation"], verdict["period"], verdict["passed"]) == ("Acme", "2026-Q2", False)
    (gate,) = verdict["gates"]
    assert (gate["kind"], gate["subject"], gate["status"]) == ("min-dimension", "ownership", "fail")
    assert gate["questions"] == ["ownership.budget", "ownership.owner", "ownership.vendor"]
    assert [(p["line"], p["column"]) for p in gate["locations"]] == [(14, 7), (9, 7), (8, 7), (15, 7)]
    assert gate["locations"][0]["field"] == "respondents[1].answers.ownership.budget"
    assert gate["locations"][0]["file"] == str(answers)


def test_the_terminal_verdict_is_unchanged_by_the_machine_fields(tmp_path: Path) -> None:
    answers = write_known(tmp_path)
    code, out, _ = run_cli("check", answers, "-Q", MINI, "--no-config", "--min", "ownership=3", "--min-overall", "1")
    assert code == 1
    assert "min ownership" in out
    assert "FAIL" in out
    assert "PASS" in out
    assert "FAILED 1 of 2 gate(s): min ownership" in " ".join(out.split())
    assert "{" not in out


def test_every_gate_kind_is_named_and_a_passing_gate_is_kept(tmp_path: Path) -> None:
    code, out, err = run_cli(
        "check", MERIDIAN, "--no-config", "--min-overall", "Emerging", "--fail-on-symptom", "any",
        "--min-confidence", "10%", "--fail-on-contradiction", "--max-evidence-age", "365",
        "--baseline", EXAMPLES / "trend" / "meridian-2026-Q2.yaml", "-f", "json",
    )  # fmt: skip
    assert code == 1, err
    verdict = assert_valid_against("verdict", out)
    kinds = {g["kind"]: g for g in verdict["gates"]}
    assert {"min-overall", "no-symptoms", "min-confidence", "contradiction", "max-evidence-age"} <= set(kinds)
    assert kinds["min-overall"]["status"] == "pass"
    assert kinds["min-overall"]["locations"], "a passing gate still says what drives it"
    symptoms = kinds["no-symptoms"]
    assert symptoms["status"] == "fail"
    assert symptoms["questions"], "a flagged symptom points at its evidence's questions"
    assert any(g["kind"] == "regression" for g in verdict["gates"])


def test_a_symptom_gate_points_at_its_evidence() -> None:
    code, out, _ = run_cli("check", MERIDIAN, "--no-config", "--fail-on-symptom", "slow-decisions", "-f", "json")
    assert code == 1
    (gate,) = json.loads(out)["gates"]
    assert (gate["kind"], gate["subject"]) == ("symptom", "slow-decisions")
    lines = MERIDIAN.read_text(encoding="utf-8").splitlines()
    assert gate["locations"]
    for place in gate["locations"]:
        key = lines[place["line"] - 1][place["column"] - 1 :].split(":")[0]
        assert key in gate["questions"], "each location is the line of an answer to the evidence's questions"
        assert place["field"].endswith(f"answers.{key}")


def test_json_to_a_file_and_to_dash(tmp_path: Path) -> None:
    answers = write_known(tmp_path)
    out_file = tmp_path / "verdict.json"
    code, out, _ = run_cli(
        "check", answers, "-Q", MINI, "--no-config", "--min-overall", "1", "-f", "json", "-o", out_file
    )
    assert code == 0
    assert out == ""
    assert json.loads(out_file.read_text(encoding="utf-8"))["passed"] is True
    code, out, _ = run_cli("check", answers, "-Q", MINI, "--no-config", "--min-overall", "1", "-f", "json", "-o", "-")
    assert code == 0
    assert json.loads(out)["passed"] is True


def test_the_verdict_is_byte_identical_run_after_run(tmp_path: Path) -> None:
    answers = write_known(tmp_path)
    args = ("check", "answers.yaml", "-Q", MINI, "--no-config", "--min", "ownership=3", "-f", "json")
    first = run_process(*args, cwd=tmp_path)
    second = run_process(*args, cwd=tmp_path)
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
    assert json.loads(first.stdout)["answers_file"] == "answers.yaml"
    assert answers.exists()


def test_user_text_is_escaped_as_json(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    text = write_known(tmp_path).read_text(encoding="utf-8")
    answers.write_text(text.replace("organisation: Acme", 'organisation: "Acme \\"quoted\\" \\\\ line\\nbreak"'))
    args = ["check", str(answers), "-Q", str(MINI), "--no-config", "--min-overall", "1", "-f", "json"]
    result = subprocess.run([sys.executable, "-m", "aiopgap", *args], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["organisation"] == 'Acme "quoted" \\ line\nbreak'


def test_an_agreed_level_comes_before_the_respondents_answers(tmp_path: Path) -> None:
    answers = write_known(tmp_path)
    answers.write_text(answers.read_text(encoding="utf-8") + "consensus:\n  ownership.budget:\n    level: 1\n")
    code, out, err = run_cli("check", answers, "-Q", MINI, "--no-config", "--min", "ownership=3", "-f", "json")
    assert code == 1, err
    (gate,) = json.loads(out)["gates"]
    first = gate["locations"][0]
    assert (first["line"], first["column"], first["field"]) == (18, 3, "consensus.ownership.budget")
    assert [(p["line"], p["column"]) for p in gate["locations"][1:]] == [(14, 7), (9, 7), (8, 7), (15, 7)]


def test_a_contradiction_points_at_the_claim_and_the_initiatives(tmp_path: Path) -> None:
    from tests.commands.test_check import evidenced_answers

    answers = evidenced_answers(tmp_path)
    code, out, err = run_cli("check", answers, "--no-config", "--fail-on-contradiction", "-f", "json")
    assert code == 1, err
    gate = next(g for g in json.loads(out)["gates"] if g["kind"] == "contradiction")
    assert gate["subject"] == "strategy-claim"
    assert gate["initiatives"]
    lines = answers.read_text(encoding="utf-8").splitlines()
    shown = [p for p in gate["locations"] if p["field"].startswith("initiatives[")]
    assert len(shown) == len(gate["initiatives"])
    for place, name in zip(shown, gate["initiatives"], strict=True):
        assert f"name: {name}" in lines[place["line"] - 1]
    claims = [p for p in gate["locations"] if p["field"].startswith("respondents")]
    assert all(p["field"].endswith("ownership.ai-strategy-ownership") for p in claims)
    code, sarif, _ = run_cli("check", answers, "--no-config", "--fail-on-contradiction", "-f", "sarif")
    (result,) = json.loads(sarif)["runs"][0]["results"]
    assert result["ruleId"] == "contradiction"
    assert len(result["relatedLocations"]) == len(gate["locations"]) - 1


def test_a_symptom_resting_on_a_contradiction_points_at_its_claim_and_inventory(tmp_path: Path) -> None:
    from tests.commands.test_check import evidenced_answers

    answers = evidenced_answers(tmp_path)
    code, out, err = run_cli(
        "check", answers, "--no-config", "--fail-on-symptom", "vendor-driven-strategy", "-f", "json"
    )
    assert code == 1, err
    (gate,) = json.loads(out)["gates"]
    assert (gate["kind"], gate["subject"], gate["status"]) == ("symptom", "vendor-driven-strategy", "fail")
    assert "ownership.ai-strategy-ownership" in gate["questions"]
    assert "Markdown optimisation" in gate["initiatives"]  # a vendor-led initiative behind the facts
    assert {p["field"].split("[")[0] for p in gate["locations"]} == {"respondents", "initiatives"}


def test_the_terminal_verdict_to_a_file_is_plain_text(tmp_path: Path) -> None:
    answers = write_known(tmp_path)
    target = tmp_path / "verdict.txt"
    code, out, _ = run_cli("check", answers, "-Q", MINI, "--no-config", "--min", "ownership=3", "-o", target)
    assert code == 1
    assert out == ""
    text = target.read_text(encoding="utf-8")
    assert "FAILED 1 of 1 gate(s): min ownership" in " ".join(text.split())
    assert "\x1b" not in text
