"""Running the command named first on its own: the same help, errors and exit codes as the whole app."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.cli.dispatch import only_the_command_named

runner = CliRunner()
COMMANDS = [info.name or info.callback.__name__.replace("_", "-") for info in app.registered_commands if info.callback]


@pytest.mark.parametrize("columns", ["120", "20"])  # a narrow terminal wraps help and errors: alike both ways
@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("rest", [["--help"], [], ["--no-such-option"], ["-q", "-v", "x"]])
def test_one_command_alone_behaves_as_in_the_whole_app(command: str, rest: list[str], columns: str) -> None:
    only = only_the_command_named(app, [command, *rest])
    assert only is not None
    assert len(only.registered_commands) == 1
    env = {"COLUMNS": columns, "NO_COLOR": "1"}
    alone = runner.invoke(only, [command, *rest], env=env, color=False, input="")
    whole = runner.invoke(app, [command, *rest], env=env, color=False, input="")
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


@pytest.mark.parametrize("args", [[], ["--help"], ["-q", "report"], ["questionnaire", "list"], ["reportx"]])
def test_anything_but_a_command_name_first_runs_the_whole_app(args: list[str]) -> None:
    assert only_the_command_named(app, args) is None


def test_completion_runs_the_whole_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_AIOPGAP_COMPLETE", "complete_bash")
    assert only_the_command_named(app, ["report"]) is None
