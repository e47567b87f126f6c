"""No traceback ever reaches the user, even from a code path we broke on purpose."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.errors import ExitCode
from aiopgap.model.text import visible
from tests.conftest import ROOT

BROKEN = """
import sys
import aiopgap.commands.{module} as command
def broken(*args, **kwargs):
    raise {error}
command.run = broken
from aiopgap.cli import main
sys.argv = ["aiopgap", *{argv!r}]
main()
"""


@pytest.mark.parametrize(
    ("module", "error", "argv"),
    [
        ("report", "ZeroDivisionError('deliberate')", ["report", "examples/northbank-2026-Q3.yaml"]),
        ("validate", "MemoryError()", ["validate", "examples/lumen-2026-Q3.yaml"]),
        ("trend", "RecursionError('too deep\\nsecond line')", ["trend", "examples/trend"]),
        (
            "diff",
            "KeyError('\\x1b]0;owned\\x07')",
            ["diff", "examples/lumen-2026-Q3.yaml", "examples/lumen-2026-Q3.yaml"],
        ),
    ],
)
def test_a_bug_in_a_real_process_prints_one_line_and_exits_3(module: str, error: str, argv: list[str]) -> None:
    code = BROKEN.format(module=module, error=error, argv=argv)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60, check=False
    )
    assert result.returncode == ExitCode.INTERNAL == 3
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("aiopgap: internal error (")
    assert "report it" in lines[0]
    assert "\x1b" not in result.stderr  # the exception's own text is shown inert too


def test_debug_variable_shows_the_traceback_for_whoever_fixes_it() -> None:
    code = BROKEN.format(module="report", error="ZeroDivisionError('deliberate')", argv=["report", "x.yaml"])
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
        env={**__import__("os").environ, "AIOPGAP_DEBUG": "1"},
    )
    assert result.returncode == 3
    assert "Traceback" in result.stderr
    assert "ZeroDivisionError: deliberate" in result.stderr


def test_in_process_a_bug_also_exits_3_without_escaping(monkeypatch: pytest.MonkeyPatch) -> None:
    import aiopgap.commands.validate as command

    def broken(*args: object, **kwargs: object) -> int:
        raise TypeError("deliberate")

    monkeypatch.setattr(command, "run", broken)
    result = CliRunner().invoke(app, ["validate", str(ROOT / "examples" / "lumen-2026-Q3.yaml")])
    assert result.exit_code == 3
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "internal error (TypeError: deliberate" in result.stderr


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b]52;c;aGk=\x07", "\\x1b]52;c;aGk=\\x07"),
        ("\x1b[2J", "\\x1b[2J"),
        ("a\x85b", "a\\x85b"),
        ("left\u202eright", "left\\u202eright"),
        ("line one\nline two\tend", "line one\nline two\tend"),
        ("Société Générale – 2026", "Société Générale – 2026"),
    ],
)
def test_visible_shows_control_characters_and_keeps_the_rest(raw: str, shown: str) -> None:
    assert visible(raw) == shown
