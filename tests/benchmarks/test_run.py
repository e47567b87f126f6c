"""The benchmark harness runs end to end, so it cannot rot silently while the code it measures changes.

`benchmarks/run.py --quick` measures every case on small inputs with few runs and never fails on a
goal; these tests check that it still starts every command, times it against its floor and prints
the figures the README's Performance section quotes.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow

RUN = ROOT / "benchmarks" / "run.py"
IMPORTS = 'python -c "import typer, pydantic.main, yaml, jinja2"'
# every case with the floor it is measured against, as the table names them
CASES = {
    "aiopgap --version": 'python -c "import typer"',
    "aiopgap report northbank-2026-Q3.yaml --format markdown": IMPORTS,
    "aiopgap report northbank-2026-Q3.yaml --format html": IMPORTS,
    "aiopgap trend DIR --format json": "CSafeLoader over the same",
    "aiopgap export FILES --table dimensions": "CSafeLoader over the same",
    "aiopgap report FILE --format markdown (one file,": "CSafeLoader over the same file",
    "aiopgap merge OUT F1..F": "CSafeLoader over the same",
}
# runs | aiopgap | floor | ratio | lowest-highest paired ratio | goal | verdict
MEASURED = (
    r"\|\s+\d+ \|\s+[\d.]+ m?s \|\s+[\d.]+ m?s \|\s+\d+\.\d\dx \|\s+\d+\.\d\d-\d+\.\d\dx "
    r"\|\s+<= [\d.]+x \| (ok|MISS) +\|"
)


def quick(*args: str) -> str:
    proc = subprocess.run(
        [sys.executable, str(RUN), "--quick", *args], capture_output=True, text=True, timeout=600, check=False
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc.stdout


def test_a_quick_run_times_every_case_against_its_floor_and_prints_what_the_readme_quotes() -> None:
    out = quick()
    for case, floor in CASES.items():
        row = re.search(rf"^\| {re.escape(case)}.* vs {re.escape(floor)}.*{MEASURED}$", out, re.MULTILINE)
        assert row, f"no measured row for {case} vs {floor}:\n{out}"
    assert re.search(r"^machine: \d+ cores .*Python 3\.\d+\.\d+; typer [\d.]+, pydantic [\d.]+", out, re.MULTILINE)
    peaks = re.findall(r"^\| aiopgap .*\|\s+\d+ MB \|\s+\d+ MB \| < 300 MB \| (ok|MISS) +\|$", out, re.MULTILINE)
    assert len(peaks) == len(CASES), out
    for growth in ("export FILES, by files", "report FILE, by respondents"):
        assert re.search(rf"^\| {growth} .*\| <= 1\.1 \| (ok|MISS) +\|$", out, re.MULTILINE), out
    assert re.search(r"^assess, one confirmed answer saved .*median \d+ ms", out, re.MULTILINE), out
    assert "--quick: small inputs and few runs, goals not checked" in out


def test_only_runs_the_cases_named() -> None:
    out = quick("--only", "version")
    assert re.search(rf"^\| aiopgap --version vs .*{MEASURED}$", out, re.MULTILINE), out
    assert "aiopgap report" not in out
    assert "Growth" not in out
    assert "assess, one confirmed answer" not in out
