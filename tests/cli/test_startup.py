"""Start-up stays light: ``--version``, ``--help`` and shell completion load no pydantic models.

A command's heavy modules (pydantic models, rich rendering, analysis) load only when the command runs;
an option's limits read at start-up live in light modules (``model/periods``). ``--version`` once took
three times as long as ``import typer`` because the plan command's limits pulled in every model.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def modules_loaded(*args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "aiopgap", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return {line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("args", [("--version",), ("--help",)])  # a command's help: typer's own adapters load pydantic
def test_start_up_loads_no_models(args: tuple[str, ...]) -> None:
    loaded = modules_loaded(*args)
    assert "aiopgap.cli.plan" in loaded  # every command was registered
    heavy = sorted(m for m in loaded if m.startswith(("pydantic", "aiopgap.model.", "aiopgap.analysis", "jinja2")))
    assert heavy in ([], ["aiopgap.model.periods"]), heavy
