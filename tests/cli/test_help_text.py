"""Help as a user reads it: every command and group, at 200 columns, in the tool's own words.

No Python type names (``<list[Path]>``, ``<bool>``, ``<int range>``), nothing a Markdown renderer
swallowed (``<organisation>-<period>``), and refused values explained without library prefixes.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.cli.test_cli import run_process

runner = CliRunner()
PYTHON_WORDS = ("list[", "<bool>", "<int", "<float", "<path>", "<text>", "<str>", "<file>", "<dir>", "Path]")


def commands() -> Iterator[tuple[tuple[str, ...], object]]:
    """Every command and group of the command line, with its path of names."""
    root = typer.main.get_command(app)
    stack: list[tuple[tuple[str, ...], object]] = [((), root)]
    while stack:
        path, command = stack.pop()
        yield path, command
        for name, sub in sorted(getattr(command, "commands", {}).items()):
            stack.append(((*path, name), sub))


ALL = sorted(path for path, _ in commands())


def help_of(path: tuple[str, ...], flag: str = "--help") -> str:
    result = runner.invoke(app, [*path, flag], env={"COLUMNS": "200", "NO_COLOR": "1"}, color=False)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "aiopgap")
def test_help_names_no_python_types_and_h_is_the_same(path: tuple[str, ...]) -> None:
    text = help_of(path)
    for word in PYTHON_WORDS:
        assert word not in text, f"{word!r} in help of {' '.join(path)}"
    assert help_of(path, "-h") == text
    if not hasattr(dict(commands())[path], "commands"):  # every command, not group, can be quiet or verbose
        assert "--quiet" in text
        assert "--verbose" in text
    assert "--questionnaire  -q" not in text


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "aiopgap")
def test_every_angle_bracket_written_in_a_docstring_survives(path: tuple[str, ...]) -> None:
    command = dict(commands())[path]
    doc = inspect.cleandoc(getattr(command, "help", None) or "")
    flat = re.sub(r"\s+", " ", help_of(path).replace("│", " "))
    for written in re.findall(r"<[^<>\s]+>", doc):
        assert written in flat


def test_the_assess_default_file_name_is_shown_whole() -> None:
    text = re.sub(r"\s+", " ", help_of(("assess",)).replace("│", " "))
    assert "ORG[-UNIT]-PERIOD.yaml" in text
    assert "-.yaml" not in text.replace("-PERIOD.yaml", "")


def test_the_schema_argument_lists_every_kind() -> None:
    text = help_of(("schema",))
    for kind in ("answers", "questionnaire", "report"):
        assert kind in text


def test_a_refused_value_is_said_in_the_tools_words(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text("organisation: x\n", encoding="utf-8")
    done = run_process("report", answers, "-f", "pdf2")
    assert done.returncode == 2
    flat = re.sub(r"[\s│]+", " ", done.stderr)
    assert "--format: 'pdf2' is not one of" in flat
    for leak in ("Value error", "Invalid value for", "Traceback"):
        assert leak not in flat
    quarters = run_process("plan", answers, "--quarters", "0")
    assert "--quarters: must be at least 1" in re.sub(r"[\s│]+", " ", quarters.stderr)


def test_a_refused_boolean_is_shown_as_yaml_writes_it(tmp_path: Path) -> None:
    answers = tmp_path / "a.yaml"
    source = Path(__file__).resolve().parents[2] / "examples" / "northbank-2026-Q3.yaml"
    answers.write_text(
        source.read_text(encoding="utf-8").replace("organisation: Northbank Financial", "organisation: true", 1),
        encoding="utf-8",
    )
    done = run_process("validate", answers)
    assert done.returncode == 2
    assert "expected text, got true (organisation)" in done.stderr
    assert "True" not in done.stderr
    assert "got bool" not in done.stderr
