"""Start-up stays light: ``--version``, ``--help`` and shell completion load no pydantic models.

A command's heavy modules (pydantic models, rich rendering, analysis) load only when the command runs;
an option's limits read at start-up live in light modules (``model/periods``). ``--version`` once took
three times as long as ``import typer`` because the plan command's limits pulled in every model.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "northbank-2026-Q3.yaml"


def modules_loaded(*args: str, env: dict[str, str] | None = None) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "aiopgap", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args", [("--version",), ("--help",)])  # a command's help: typer's own adapters load pydantic
def test_start_up_loads_no_models(args: tuple[str, ...]) -> None:
    loaded = modules_loaded(*args)
    assert "aiopgap.cli.plan" in loaded  # every command was registered
    heavy = sorted(m for m in loaded if m.startswith(("pydantic", "aiopgap.model.", "aiopgap.analysis", "jinja2")))
    assert heavy in ([], ["aiopgap.model.periods"]), heavy


def test_a_report_reads_no_package_metadata(tmp_path: Path) -> None:
    """pydantic's plugin scan is off in the command line, so nothing imports package metadata for it."""
    out = tmp_path / "report.md"
    loaded = modules_loaded("report", str(EXAMPLE), "--format", "markdown", "-o", str(out))
    assert out.read_text(encoding="utf-8").startswith("#")
    assert "importlib.metadata" not in loaded


def test_plugins_asked_for_by_name_are_still_looked_up(tmp_path: Path) -> None:
    """Disabling only some plugins leaves the scan to pydantic's own loader, which reads the metadata."""
    out = tmp_path / "report.md"
    env = {**os.environ, "PYDANTIC_DISABLE_PLUGINS": "some-plugin"}
    loaded = modules_loaded("report", str(EXAMPLE), "--format", "markdown", "-o", str(out), env=env)
    assert "importlib.metadata" in loaded


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_a_report_to_a_file_loads_no_terminal_library_and_no_trend_models(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    loaded = modules_loaded("report", str(EXAMPLE), "--format", fmt, "-o", str(out))
    assert out.stat().st_size > 0
    assert not sorted(m for m in loaded if m == "rich" or m.startswith("rich."))
    assert "aiopgap.model.trend" not in loaded
