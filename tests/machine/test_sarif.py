"""``--format sarif`` for check and validate: valid against the official SARIF 2.1.0 schema, at the right lines."""

from __future__ import annotations

from pathlib import Path

from aiopgap.render.sarif import artifact_uri
from tests.cli.test_cli import run_cli, run_process
from tests.conftest import EXAMPLES
from tests.machine.helpers import MINI, assert_valid_sarif, write_known

MERIDIAN = EXAMPLES / "meridian-2026-Q3.yaml"


def _region(location: dict[str, object]) -> tuple[str, int, int]:
    physical = location["physicalLocation"]
    assert isinstance(physical, dict)
    region = physical["region"]
    return physical["artifactLocation"]["uri"], region["startLine"], region["startColumn"]


def test_a_failed_gate_is_an_error_at_its_lowest_answer(tmp_path: Path) -> None:
    write_known(tmp_path)
    args = ("check", "answers.yaml", "-Q", MINI, "--no-config", "--min", "ownership=3", "--min-overall", "1")
    result = run_process(*args, "-f", "sarif", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    log = assert_valid_sarif(result.stdout)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "aiopgap"
    assert driver["version"]
    assert "informationUri" not in driver  # aiopgap has no public address (not on an index): none is made up
    assert [r["id"] for r in driver["rules"]] == ["min-dimension"]
    rule = driver["rules"][0]
    assert rule["shortDescription"]["text"]
    assert rule["fullDescription"]["text"]
    assert rule["help"]["text"]
    (found,) = run["results"]  # the passing overall gate gives no result
    assert (found["ruleId"], found["level"], found["ruleIndex"]) == ("min-dimension", "error", 0)
    assert "min ownership failed" in found["message"]["text"]
    assert _region(found["locations"][0]) == ("answers.yaml", 14, 7)
    assert [_region(r) for r in found["relatedLocations"]] == [
        ("answers.yaml", 9, 7),
        ("answers.yaml", 8, 7),
        ("answers.yaml", 15, 7),
    ]
    lines = (tmp_path / "answers.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[13].strip() == "ownership.budget: 0"


def test_passing_gates_give_an_empty_but_valid_log(tmp_path: Path) -> None:
    write_known(tmp_path)
    result = run_process(
        "check", "answers.yaml", "-Q", MINI, "--no-config", "--min-overall", "1", "-f", "sarif", cwd=tmp_path
    )
    assert result.returncode == 0
    log = assert_valid_sarif(result.stdout)
    assert log["runs"][0]["results"] == []


def test_each_flagged_symptom_is_its_own_rule_at_its_evidence() -> None:
    code, out, _ = run_cli("check", MERIDIAN, "--no-config", "--fail-on-symptom", "any", "-f", "sarif")
    assert code == 1
    log = assert_valid_sarif(out)
    results = log["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"symptom/slow-decisions", "symptom/roadmap-uncertainty"}
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["symptom/slow-decisions"]["name"] == "Slow or inconsistent decisions"
    lines = MERIDIAN.read_text(encoding="utf-8").splitlines()
    for result in results:
        uri, line, column = _region(result["locations"][0])
        assert uri == artifact_uri(str(MERIDIAN), Path.cwd())
        assert lines[line - 1][column - 1 :].split(":")[0].count(".") == 1  # a question id's answer line


def test_every_gate_kind_validates(tmp_path: Path) -> None:
    code, out, err = run_cli(
        "check", MERIDIAN, "--no-config", "--min-overall", "Managed", "--min", "governance=3",
        "--fail-on-symptom", "slow-decisions", "--min-confidence", "90%", "--fail-on-contradiction",
        "--max-evidence-age", "1", "--baseline", EXAMPLES / "trend" / "meridian-2026-Q2.yaml",
        "--tolerance", "0", "-f", "sarif",
    )  # fmt: skip
    assert code == 1, err
    log = assert_valid_sarif(out)
    assert {"min-overall", "min-dimension", "symptom/slow-decisions", "min-confidence"} <= {
        r["ruleId"] for r in log["runs"][0]["results"]
    }


def test_validate_gives_a_result_per_problem_at_its_line(tmp_path: Path) -> None:
    good = write_known(tmp_path, "good.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text(good.read_text(encoding="utf-8").replace("metrics.learning: 3", "metrics.nope: 3"), encoding="utf-8")
    result = run_process("validate", "good.yaml", "bad.yaml", "-Q", MINI, "-f", "sarif", cwd=tmp_path)
    assert result.returncode == 2
    log = assert_valid_sarif(result.stdout)
    (found,) = log["runs"][0]["results"]
    assert found["ruleId"] == "invalid-input"
    assert found["level"] == "error"
    assert _region(found["locations"][0]) == ("bad.yaml", 16, 7)
    assert "metrics.nope" in found["message"]["text"]


def test_a_valid_folder_gives_no_results_and_identical_bytes(tmp_path: Path) -> None:
    write_known(tmp_path, "a.yaml")
    write_known(tmp_path, "b.yaml")
    first = run_process("validate", ".", "-Q", MINI, "-f", "sarif", cwd=tmp_path)
    second = run_process("validate", ".", "-Q", MINI, "-f", "sarif", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert assert_valid_sarif(first.stdout)["runs"][0]["results"] == []


def test_a_file_name_is_a_uri_reference(tmp_path: Path) -> None:
    bad = tmp_path / "my answers%.yaml"
    bad.write_text("organisation: [x\n", encoding="utf-8")
    result = run_process("validate", bad.name, "-f", "sarif", cwd=tmp_path)
    assert result.returncode == 2
    (found,) = assert_valid_sarif(result.stdout)["runs"][0]["results"]
    uri = found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "my%20answers%25.yaml"


def test_check_sarif_is_byte_identical_run_after_run(tmp_path: Path) -> None:
    write_known(tmp_path)
    args = ("check", "answers.yaml", "-Q", MINI, "--no-config", "--min", "ownership=3", "-f", "sarif")
    first, second = run_process(*args, cwd=tmp_path), run_process(*args, cwd=tmp_path)
    assert first.stdout == second.stdout
    assert first.returncode == 1


def test_a_file_outside_the_working_folder_is_a_file_uri(tmp_path: Path) -> None:
    inside = tmp_path / "in" / "a b.yaml"
    assert artifact_uri(str(inside), tmp_path) == "in/a%20b.yaml"
    assert artifact_uri("in/a.yaml", tmp_path) == "in/a.yaml"
    outside = tmp_path.parent / "elsewhere.yaml"
    assert artifact_uri(str(outside), tmp_path) == outside.as_uri()
    assert artifact_uri(str(outside), tmp_path).startswith("file:///")


def test_a_problem_with_no_line_names_the_file_without_a_region(tmp_path: Path) -> None:
    result = run_process("validate", "missing.yaml", "-f", "sarif", cwd=tmp_path)
    assert result.returncode == 2
    (found,) = assert_valid_sarif(result.stdout)["runs"][0]["results"]
    assert found["locations"] == [{"physicalLocation": {"artifactLocation": {"uri": "missing.yaml"}}}]
    assert found["message"]["text"] == "file not found"
    annotated = run_process("validate", "missing.yaml", cwd=tmp_path)
    assert "missing.yaml" in annotated.stderr
