"""The reader of the output leaves early: the run ends quietly with 141, never a traceback or a wrong verdict."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from aiopgap.model.errors import ExitCode
from tests.conftest import ROOT

ANSWERS = "examples/northbank-2026-Q3.yaml"


def reader_gone(*args: str) -> subprocess.CompletedProcess[str]:
    """``python -m aiopgap ARGS`` whose standard output is a pipe the reader closed before the first byte."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "aiopgap", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "format",
    [
        "markdown",
        "json",
        "terminal",
    ],
)
def test_a_reader_that_leaves_early_ends_the_run_quietly_with_141(format: str) -> None:
    """`aiopgap report ... | head -1`: the shell's reader is gone; no traceback, no second error at exit."""
    result = reader_gone("report", ANSWERS, "--format", format)
    assert result.returncode == ExitCode.BROKEN_PIPE == 141
    assert result.stderr == ""


def test_passing_gates_never_exit_1_when_the_reader_leaves_early() -> None:
    result = reader_gone("check", ANSWERS, "--no-config", "--min-overall", "0")
    assert result.returncode != ExitCode.GATE_FAILED
    assert result.returncode == ExitCode.BROKEN_PIPE
