"""How a message quotes a value from a user's file: whole when short, described when it cannot be shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.errors import ExitCode
from tests.conftest import EXAMPLES

ANSWERS = str(EXAMPLES / "northbank-2026-Q3.yaml")


@pytest.mark.parametrize(
    ("value", "quoted"),
    [
        pytest.param("1e400", "a finite number, got inf (min-overall)", id="infinite"),
        # a thousand digits are described, not printed (nor converted to text, which Python refuses)
        pytest.param("9" * 1000, "got a number of about 1,001 digits (min-overall)", id="a-thousand-digits"),
        pytest.param(
            "2026-01-01T00:00:00.123456+05:00",
            "got datetime datetime.datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=datet… (107 characters) (min-overall)",
            id="long-text-cut",
        ),
    ],
)
def test_a_gate_level_that_is_no_level_is_quoted_in_one_readable_line(tmp_path: Path, value: str, quoted: str) -> None:
    config = tmp_path / "aiopgap.toml"
    config.write_text(f"min-overall = {value}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["check", ANSWERS, "--config", str(config)])
    assert result.exit_code == ExitCode.BAD_INPUT
    lines = [line for line in result.stderr.splitlines() if "aiopgap.toml:1:" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith(quoted), lines[0]
    assert len(lines[0]) < 300
