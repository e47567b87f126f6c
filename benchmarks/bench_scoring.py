"""Scoring many answers files versus bare libyaml parsing of the same files, and peak memory.

Run: python benchmarks/bench_scoring.py [--files N] [--periods P]

Generates answers files for the bundled questionnaire in a temporary folder (nothing is
committed), then measures in separate child processes, so each has its own peak memory:
  * scoring: N files of different organisations, `aiopgap export --table dimensions` over all of
    them (load, validate, check, score, write CSV) versus reading every file and parsing it with
    yaml.CSafeLoader (libyaml);
  * trend: P periods (months) of one organisation, `aiopgap trend DIR --format json` (load,
    analyse with symptoms and inventory, order, build the trajectories) versus the same parse.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

PEAK = """
def peak_kib():
    # VmHWM, not ru_maxrss: ru_maxrss survives exec and would report the parent's peak
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0
"""

BASELINE = (
    PEAK
    + """
import sys, yaml
from pathlib import Path
n = 0
for p in sorted(Path(sys.argv[1]).glob("*.yaml")):
    yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    n += 1
print(n, peak_kib(), file=sys.stderr)
"""
)

TOOL = (
    PEAK
    + """
import sys, runpy
from pathlib import Path
files = sorted(str(p) for p in Path(sys.argv[1]).glob("*.yaml"))
sys.argv = ["aiopgap", "export", *files, "--table", "dimensions", "--output", sys.argv[2]]
try:
    runpy.run_module("aiopgap", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
finally:
    print(len(files), peak_kib(), file=sys.stderr)
"""
)


TREND = (
    PEAK
    + """
import sys, runpy
sys.argv = ["aiopgap", "trend", sys.argv[1], "--format", "json", "--output", sys.argv[2]]
try:
    runpy.run_module("aiopgap", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
finally:
    print(0, peak_kib(), file=sys.stderr)
"""
)


def generate(folder: Path, count: int, seed: int = 7, series: bool = False) -> None:
    """``count`` answers files; with ``series``, one organisation over consecutive months."""
    from aiopgap.files.documents import load_questionnaire
    from aiopgap.files.resources import default_questionnaire

    questionnaire = load_questionnaire(default_questionnaire())
    rng = random.Random(seed)
    questions = questionnaire.questions()
    for i in range(count):
        respondents = []
        for r in range(rng.randint(1, 4)):
            answers: dict[str, object] = {}
            for q in questions:
                roll = rng.random()
                if roll < 0.05:
                    continue
                if q.allow_na and roll < 0.1:
                    answers[q.id] = "n/a"
                elif roll < 0.4:
                    answers[q.id] = {"level": rng.randint(0, 4), "note": f"Evidence {i}-{r}: {rng.random():.6f}"}
                else:
                    answers[q.id] = rng.randint(0, 4)
            respondents.append({"name": f"Person {r}", "role": rng.choice(["CDO", "CPO", "Risk"]), "answers": answers})
        doc = {
            "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
            "organisation": "Series Org" if series else f"Org {i:05d}",
            "period": f"{1900 + i // 12}-{1 + i % 12:02d}" if series else f"{2020 + i % 7}-Q{1 + i % 4}",
            "targets": {d.id: 3 for d in questionnaire.dimensions},
            "respondents": respondents,
        }
        (folder / f"org-{i:05d}.yaml").write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")


def measure(script: str, *args: str) -> tuple[float, int]:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stderr)
    _, maxrss_kb = proc.stderr.strip().splitlines()[-1].split()
    return elapsed, int(maxrss_kb) // 1024


def compare(label: str, count: int, series: bool, script: str, memory_target: int | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "answers"
        folder.mkdir()
        generate(folder, count, series=series)
        size = sum(p.stat().st_size for p in folder.iterdir())
        base_time, base_mb = measure(BASELINE, str(folder))
        tool_time, tool_mb = measure(script, str(folder), str(Path(tmp) / "out"))
    ratio = tool_time / base_time
    print(f"{label}: {count:,} answers files, {size / 1e6:.1f} MB of YAML")
    print(f"  libyaml CSafeLoader parse : {base_time:6.2f} s  peak {base_mb:4d} MB")
    print(f"  aiopgap                   : {tool_time:6.2f} s  peak {tool_mb:4d} MB")
    print(f"  ratio {ratio:.2f}x (target <= 1.5x): {'ok' if ratio <= 1.5 else 'MISS'}")
    if memory_target is not None:
        print(
            f"  peak memory {tool_mb} MB (target < {memory_target} MB): {'ok' if tool_mb < memory_target else 'MISS'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--periods", type=int, default=1_000)
    args = parser.parse_args()
    compare("scoring (aiopgap export --table dimensions)", args.files, False, TOOL, 300)
    compare("trend (aiopgap trend DIR --format json)", args.periods, True, TREND, None)


if __name__ == "__main__":
    main()
