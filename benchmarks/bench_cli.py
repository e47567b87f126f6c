"""Start-up and report benchmarks, as ratios against the bare libraries measured in the same run.

Run: python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northbank-2026-Q3.yaml"
SERIES = ROOT / "examples" / "trend"


def wall(cmd: list[str], runs: int) -> float:
    """Median wall time of ``cmd`` over ``runs`` runs (after one warm-up)."""
    subprocess.run(cmd, check=True, capture_output=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    py = sys.executable
    cases: list[tuple[str, list[str], list[str], float | None]] = [
        (
            "aiopgap --version",
            [py, "-m", "aiopgap", "--version"],
            [py, "-c", "import typer"],
            1.2,
        ),
        (
            f"aiopgap report {EXAMPLE.name} --format markdown",
            [py, "-m", "aiopgap", "report", str(EXAMPLE), "--format", "markdown"],
            [py, "-c", "import typer, pydantic, yaml, jinja2"],
            1.3,
        ),
        (
            "aiopgap diff meridian-2026-Q2 meridian-2026-Q3 --format markdown",
            [
                py,
                "-m",
                "aiopgap",
                "diff",
                str(SERIES / "meridian-2026-Q2.yaml"),
                str(SERIES / "meridian-2026-Q3.yaml"),
                "--format",
                "markdown",
            ],
            [py, "-c", "import typer, pydantic, yaml, jinja2"],
            None,
        ),
        (
            "aiopgap trend examples/trend/ --format html",
            [py, "-m", "aiopgap", "trend", str(SERIES), "--format", "html"],
            [py, "-c", "import typer, pydantic, yaml, jinja2"],
            None,
        ),
    ]
    print(f"{'case':<58} {'tool':>9} {'baseline':>9} {'ratio':>6} {'target':>7}")
    for name, cmd, baseline, target in cases:
        tool_time = wall(cmd, args.runs)
        base_time = wall(baseline, args.runs)
        ratio = tool_time / base_time
        # cases without a target are informational
        verdict = "    (no target)" if target is None else f" {target:>6.1f}x {'ok' if ratio <= target else 'MISS'}"
        print(f"{name:<58} {tool_time * 1000:>7.0f}ms {base_time * 1000:>7.0f}ms {ratio:>6.2f}{verdict}")


if __name__ == "__main__":
    main()
