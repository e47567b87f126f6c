"""aiopgap validate, and the one respondent identity rule every command that opens answers applies.

Two names that differ only in case or spacing are one person: ``validate`` refuses a file that holds
both, naming both places, and ``report``, ``merge``, ``export``, ``check`` and ``assess`` agree.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_questionnaire
from aiopgap.files.store import AnswersStore
from aiopgap.model.errors import UsageError

runner = CliRunner()

HEADER = "questionnaire: {id: mini, version: 1.2.0}\norganisation: Acme\nperiod: 2026-Q2\n"


def person(name: str, role: str = "CDO", level: int = 2) -> str:
    return f"  - name: {name}\n    role: {role}\n    answers: {{ownership.owner: {level}}}\n"


def twice(tmp_path: Path, second: str = "helen okafor") -> Path:
    """Helen Okafor at line 5, Ann at line 8, and Helen again, spelled ``second``, at line 11."""
    path = tmp_path / "workshop.yaml"
    path.write_text(HEADER + "respondents:\n" + person("Helen Okafor") + person("Ann") + person(second, "CFO", 3))
    return path


def both_places(path: Path, output: str) -> None:
    assert f"{path}:11:5" in output, output
    assert f"{path}:5:5" in output, output
    assert "respondent 'helen okafor' appears twice (also respondents[0] as 'Helen Okafor'" in output, output


def test_validate_refuses_two_spellings_of_one_person_naming_both_places(
    tmp_path: Path, mini_questionnaire: Path
) -> None:
    path = twice(tmp_path)
    result = runner.invoke(app, ["validate", str(path), "-Q", str(mini_questionnaire)])
    assert result.exit_code == 2
    both_places(path, result.output)
    assert "names that differ only in case or spacing are one person" in result.output


@pytest.mark.parametrize("second", ["HELEN OKAFOR", "helen  okafor", "Helen\tOkafor", "'  Helen Okafor  '"])
def test_case_and_spacing_do_not_make_another_person(tmp_path: Path, mini_questionnaire: Path, second: str) -> None:
    path = twice(tmp_path, second)
    result = runner.invoke(app, ["validate", str(path), "-Q", str(mini_questionnaire)])
    assert result.exit_code == 2, result.output
    assert f"{path}:11:5" in result.output
    assert f"{path}:5:5" in result.output


def test_the_same_spelling_twice_names_both_places_too(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = twice(tmp_path, "Helen Okafor")
    result = runner.invoke(app, ["validate", str(path), "-Q", str(mini_questionnaire)])
    assert result.exit_code == 2
    assert f"respondent 'Helen Okafor' appears twice (also respondents[0], at {path}:5:5)" in result.output


def test_validate_report_and_merge_agree_on_who_is_one_person(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = twice(tmp_path)
    q = str(mini_questionnaire)
    outcomes = {
        "validate": runner.invoke(app, ["validate", str(path), "-Q", q]),
        "report": runner.invoke(app, ["report", str(path), "-Q", q, "--format", "json"]),
        "merge": runner.invoke(app, ["merge", str(tmp_path / "out.yaml"), str(path), "-Q", q]),
        "export": runner.invoke(app, ["export", str(path), "-Q", q]),
        "check": runner.invoke(app, ["check", str(path), "-Q", q, "--min-overall", "0"]),
    }
    for command, result in outcomes.items():
        assert result.exit_code == 2, (command, result.output)
        both_places(path, result.output)
    assert not (tmp_path / "out.yaml").exists()


def test_merge_of_two_files_refuses_one_person_spelled_two_ways(tmp_path: Path, mini_questionnaire: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(HEADER + "respondents:\n" + person("Helen Okafor"))
    second.write_text(HEADER + "respondents:\n" + person("helen   OKAFOR", "CFO"))
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["merge", str(out), str(first), str(second), "-Q", str(mini_questionnaire)])
    assert result.exit_code == 2, result.output
    assert "respondent 'helen   OKAFOR' answered twice" in result.output
    assert f"{second}:5:5" in result.output
    assert f"(first given at {first}:5:5)" in result.output
    assert not out.exists()


def test_a_real_process_refuses_the_file_with_both_places_and_exit_2(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = twice(tmp_path)
    for command in (["validate"], ["report"]):
        done = subprocess.run(
            [sys.executable, "-m", "aiopgap", *command, str(path), "-Q", str(mini_questionnaire)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2, done.stderr
        both_places(path, done.stderr)
        assert done.stdout == ""


def test_the_answers_store_finds_a_respondent_however_the_name_is_typed(
    tmp_path: Path, mini_questionnaire: Path
) -> None:
    questionnaire = load_questionnaire(mini_questionnaire)
    store = AnswersStore.create(tmp_path / "a.yaml", questionnaire, mini_questionnaire, "Acme", "2026-Q2")
    store.add_respondent("Helen Okafor", "CDO")
    assert store.known_as(" helen  OKAFOR ") == "Helen Okafor"
    assert store.role_of("HELEN OKAFOR") == "CDO"
    assert store.known_as("Helen O.") is None
    with pytest.raises(UsageError, match="already in"):
        store.add_respondent("helen okafor", "CFO")
    again = runner.invoke(app, ["validate", str(tmp_path / "a.yaml"), "-Q", str(mini_questionnaire)])
    assert again.exit_code == 0, again.output


def test_a_valid_file_is_ok(mini_answers: Path, mini_questionnaire: Path) -> None:
    result = runner.invoke(app, ["validate", str(mini_answers), "-Q", str(mini_questionnaire)])
    assert result.exit_code == 0
    assert f"ok {mini_answers} (answers)" in result.output


def test_diff_follows_one_person_whose_name_was_retyped(tmp_path: Path, mini_questionnaire: Path) -> None:
    old, new = tmp_path / "q2.yaml", tmp_path / "q3.yaml"
    old.write_text(HEADER + "respondents:\n" + person("Helen Okafor", level=1))
    new.write_text(HEADER.replace("2026-Q2", "2026-Q3") + "respondents:\n" + person("helen okafor", level=3))
    result = runner.invoke(app, ["diff", str(old), str(new), "-Q", str(mini_questionnaire), "--format", "json"])
    assert result.exit_code == 0, result.output
    changes = [c for q in json.loads(result.stdout)["questions"] for c in q["responses"]]
    assert [
        (c["respondent"], [a["level"] for a in c["before"]], [a["level"] for a in c["after"]]) for c in changes
    ] == [("helen okafor", [1], [3])]


# The same rule names initiatives: an inventory that lists "Claims Triage" and "claims  triage" lists
# one initiative twice, and diff (which matches initiatives by that rule) would silently keep one.


def inventory(tmp_path: Path, first: str, second: str, name: str = "inventory.yaml") -> Path:
    path = tmp_path / name
    path.write_text(
        HEADER
        + "initiatives:\n"
        + f"  - {{name: {first}, stage: pilot, horizon: near}}\n"
        + f"  - {{name: '{second}', stage: pilot, horizon: near}}\n"
    )
    return path


@pytest.mark.parametrize("second", ["claims triage", "CLAIMS  TRIAGE", " Claims\tTriage "])
def test_validate_refuses_one_initiative_spelled_two_ways(
    tmp_path: Path, mini_questionnaire: Path, second: str
) -> None:
    path = inventory(tmp_path, "Claims Triage", second)
    result = runner.invoke(app, ["validate", str(path), "-Q", str(mini_questionnaire)])
    assert result.exit_code == 2, result.output
    assert f"{path}:6:" in result.output, result.output
    assert f"at {path}:5:" in result.output, result.output
    assert "as 'Claims Triage'" in result.output
    assert "names that differ only in case or spacing are one initiative" in result.output


def test_two_different_initiatives_stay_two(tmp_path: Path, mini_questionnaire: Path) -> None:
    path = inventory(tmp_path, "Claims Triage", "Claims Triage v2")
    result = runner.invoke(app, ["report", str(path), "-Q", str(mini_questionnaire), "--format", "json"])
    assert result.exit_code == 0, result.output
    names = [i["name"] for i in json.loads(result.stdout)["inventory"]["initiatives"]]
    assert names == ["Claims Triage", "Claims Triage v2"]


def test_merge_sees_one_initiative_however_each_file_spells_it(tmp_path: Path, mini_questionnaire: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text(HEADER + "initiatives:\n  - {name: Claims Triage, stage: pilot, horizon: near}\n")
    second.write_text(HEADER + "initiatives:\n  - {name: claims triage, stage: pilot, horizon: near}\n")
    out = tmp_path / "out.yaml"
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "merge", str(out), str(first), str(second), "-Q", str(mini_questionnaire)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "initiative 'claims triage' differs in name" in done.stderr
    assert f"{second}:" in done.stderr
    assert f"{first}:" in done.stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("first", "second", "spelled"),
    [("Ann", "{name: ' ANN ', note: second}", " as 'Ann'"), ("{name: Ann, note: first}", "Ann", "")],
)
def test_one_dissenter_listed_twice_in_an_agreement_is_refused_naming_both_places(
    tmp_path: Path, mini_questionnaire: Path, first: str, second: str, spelled: str
) -> None:
    path = tmp_path / "workshop.yaml"
    agreement = f"  ownership.owner:\n    level: 2\n    dissent:\n      - {first}\n      - Bob\n      - {second}\n"
    path.write_text(HEADER + "respondents:\n" + person("Ann") + person("Bob", "CFO", 3) + "consensus:\n" + agreement)
    result = runner.invoke(app, ["validate", str(path), "-Q", str(mini_questionnaire)])
    assert result.exit_code == 2, result.output
    said = " ".join(result.output.split())
    assert f"{path}:17:" in said, said
    assert f"appears twice (also dissent[0]{spelled}, at {path}:15:9)" in said, said
    assert "consensus.ownership.owner.dissent[2].name" in said


def test_validate_checks_a_plan_file_and_locates_its_mistakes(tmp_path: Path) -> None:
    from tests.cli.test_cli import run_cli
    from tests.conftest import EXAMPLES

    plan = EXAMPLES / "plans" / "flow-systems-2026.yaml"
    code, out, _ = run_cli("validate", plan)
    assert code == 0
    assert f"ok {plan} (plan)" in " ".join(out.split())
    broken = tmp_path / "plan.yaml"
    broken.write_text(plan.read_text().replace("capacity: 2", "capacity: 1"), encoding="utf-8")
    code, _, err = run_cli("validate", broken)
    assert code == 2
    assert f"{broken}:" in err
    assert "capacity" in err
