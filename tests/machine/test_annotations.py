"""GitHub annotations under GITHUB_ACTIONS=true: exact lines from validate and check, escaped for the runner."""

from __future__ import annotations

from pathlib import Path

from aiopgap.model.errors import Location
from aiopgap.render.annotations import annotation, escape_data, escape_property, workspace_path
from tests.machine.helpers import MINI, run_actions, write_known


def test_check_annotates_each_failed_gate_at_its_first_answer(tmp_path: Path) -> None:
    write_known(tmp_path)
    result = run_actions("check", "answers.yaml", "-Q", MINI, "--no-config", "--min", "ownership=3", cwd=tmp_path)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith(
        "::error file=answers.yaml,line=14,col=7,title=aiopgap gate min ownership::required ownership ≥ 3; actual "
    )
    assert "min ownership" in result.stdout  # the terminal verdict is still there


def test_passing_gates_annotate_nothing(tmp_path: Path) -> None:
    write_known(tmp_path)
    result = run_actions("check", "answers.yaml", "-Q", MINI, "--no-config", "--min-overall", "1", cwd=tmp_path)
    assert result.returncode == 0
    assert "::" not in result.stdout + result.stderr


def test_annotations_leave_a_document_on_stdout_alone(tmp_path: Path) -> None:
    write_known(tmp_path)
    args = ("check", "answers.yaml", "-Q", MINI, "--no-config", "--min", "ownership=3")
    result = run_actions(*args, "-f", "sarif", cwd=tmp_path)
    assert result.stdout.startswith("{")
    assert "::error" not in result.stdout
    assert result.stderr.startswith("::error file=answers.yaml,line=14,col=7,")
    to_file = run_actions(*args, "-f", "json", "-o", "verdict.json", cwd=tmp_path)
    assert to_file.stdout.startswith("::error file=answers.yaml,line=14,col=7,")
    assert (tmp_path / "verdict.json").read_text(encoding="utf-8").startswith("{")


def test_no_annotations_outside_github_actions(tmp_path: Path) -> None:
    write_known(tmp_path)
    result = run_actions("check", "answers.yaml", "-Q", MINI, "--no-config", "--min", "ownership=3", cwd=tmp_path,
                         GITHUB_ACTIONS="false")  # fmt: skip
    assert result.returncode == 1
    assert "::error" not in result.stdout + result.stderr


def test_validate_annotates_each_problem_with_workspace_relative_path(tmp_path: Path) -> None:
    folder = tmp_path / "assessments"
    folder.mkdir()
    good = write_known(folder, "good.yaml")
    (folder / "bad.yaml").write_text(
        good.read_text(encoding="utf-8").replace("metrics.learning: 3", "metrics.nope: 3"), encoding="utf-8"
    )
    result = run_actions("validate", tmp_path / "assessments", "-Q", MINI, cwd=tmp_path)
    assert result.returncode == 2
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert annotations == [
        "::error file=assessments/bad.yaml,line=16,col=7,"
        "title=aiopgap validate%3A respondents[1].answers.metrics.nope::"
        "unknown question id 'metrics.nope'; did you mean 'metrics.override'?"
    ]
    assert f"ok {folder / 'good.yaml'} (answers)" in result.stdout


def test_a_hostile_file_name_is_escaped_in_the_file_property(tmp_path: Path) -> None:
    name = "50%:a,b\nc.yaml"
    (tmp_path / name).write_text("organisation: [x\n", encoding="utf-8")
    result = run_actions("validate", name, cwd=tmp_path)
    assert result.returncode == 2
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1
    assert annotations[0].startswith("::error file=50%25%3Aa%2Cb%0Ac.yaml,line=2,col=1,title=aiopgap validate::")


def test_escaping_of_messages_and_properties(tmp_path: Path) -> None:
    assert escape_data("100% done:\r\nnext, line") == "100%25 done:%0D%0Anext, line"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    where = Location(str(tmp_path / "dir" / "f,1.yaml"), 3, 5)
    text = annotation("error", where, "gate: min, x", "line one\nline two 5%", tmp_path)
    assert text == "::error file=dir/f%2C1.yaml,line=3,col=5,title=gate%3A min%2C x::line one%0Aline two 5%25\n"
    assert annotation("warning", Location("a.json"), "t", "m", tmp_path) == "::warning file=a.json,title=t::m\n"


def test_a_file_outside_the_workspace_keeps_its_path(tmp_path: Path) -> None:
    assert workspace_path("/elsewhere/a.yaml", tmp_path) == "/elsewhere/a.yaml"
    assert workspace_path(str(tmp_path / "x" / "a.yaml"), tmp_path) == "x/a.yaml"


def test_a_symptom_on_watch_is_a_warning_at_its_evidence() -> None:
    from tests.conftest import EXAMPLES, ROOT

    answers = "examples/trend/meridian-2026-Q1.yaml"
    result = run_actions("check", answers, "--no-config", "--fail-on-symptom", "data-science-disconnected", cwd=ROOT)
    assert result.returncode == 0
    (warning,) = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert warning.startswith(
        f"::warning file={answers},line=65,col=7,title=aiopgap gate symptom data-science-disconnected::"
        "required data-science-disconnected not flagged; actual watch ("
    )
    line = (EXAMPLES / "trend" / "meridian-2026-Q1.yaml").read_text(encoding="utf-8").splitlines()[64]
    assert line.startswith("      ")  # an answer key under a respondent's answers
    assert line.strip().split(":")[0].count(".") == 1


def test_a_problem_with_no_line_is_annotated_on_the_file(tmp_path: Path) -> None:
    result = run_actions("validate", "missing.yaml", cwd=tmp_path)
    assert result.returncode == 2
    assert "::error file=missing.yaml,title=aiopgap validate::file not found\n" in result.stdout
