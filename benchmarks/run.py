"""Run every benchmark and print its figures next to its target.

Run: python benchmarks/run.py [--quick]

  * bench_cli.py          start-up and single-report wall times, as ratios against bare imports;
  * bench_scoring.py      10,000 generated answers files scored, and a 1,000-period trend,
                          against libyaml parsing of the same files, with peak memory;
  * bench_assess_save.py  time to save one assess answer into a realistic answers file;
  * bench_merge.py        time to merge 200 one-respondent answers files into one.

--quick uses fewer runs and smaller generated inputs (a smoke test of the benchmarks themselves).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    runs = ["--runs", "3"] if args.quick else []
    sizes = ["--files", "300", "--periods", "100"] if args.quick else []
    merges = ["--files", "50", "--runs", "2"] if args.quick else []
    scripts = (
        ("bench_cli.py", runs),
        ("bench_scoring.py", sizes),
        ("bench_assess_save.py", []),
        ("bench_merge.py", merges),
    )
    for script, extra in scripts:
        print(f"== {script}", flush=True)
        subprocess.run([sys.executable, str(HERE / script), *extra], check=True)


if __name__ == "__main__":
    main()
