"""Scoring many answers files versus bare libyaml parsing of the same files, and peak memory.

Run: python benchmarks/bench_scoring.py [--files N]

Generates N answers files for the bundled questionnaire in a temporary folder (nothing is
committed), then measures in separate child processes, so each has its own peak memory:
  * baseline: read every file and parse it with yaml.CSafeLoader (libyaml);
  * aiopgap:  `aiopgap export --table dimensions` over all files (load, validate, check, score).
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


def generate(folder: Path, count: int, seed: int = 7) -> None:
    from aiopgap.loader import load_questionnaire
    from aiopgap.resources import default_questionnaire

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
            "organisation": f"Org {i:05d}",
            "period": f"{2020 + i % 7}-Q{1 + i % 4}",
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "answers"
        folder.mkdir()
        generate(folder, args.files)
        size = sum(p.stat().st_size for p in folder.iterdir())
        base_time, base_mb = measure(BASELINE, str(folder))
        tool_time, tool_mb = measure(TOOL, str(folder), str(Path(tmp) / "dimensions.csv"))
    ratio = tool_time / base_time
    print(f"{args.files:,} answers files, {size / 1e6:.1f} MB of YAML")
    print(f"  libyaml CSafeLoader parse : {base_time:6.2f} s  peak {base_mb:4d} MB")
    print(f"  aiopgap score (export)    : {tool_time:6.2f} s  peak {tool_mb:4d} MB")
    print(f"  ratio {ratio:.2f}x (target <= 1.5x): {'ok' if ratio <= 1.5 else 'MISS'}")
    print(f"  peak memory {tool_mb} MB (target < 300 MB): {'ok' if tool_mb < 300 else 'MISS'}")


if __name__ == "__main__":
    main()
