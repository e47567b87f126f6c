"""How long ``aiopgap merge`` takes to combine many one-respondent answers files.

Generates N answers files (default 200) for the bundled questionnaire in a temporary folder, each
one respondent answering every question with a note on every third, then times
``python -m aiopgap merge OUT FILE...`` in a child process (median of a few runs).

Run: python benchmarks/bench_merge.py [--files N] [--runs R]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from aiopgap.files import resources  # noqa: E402
from aiopgap.files.documents import load_questionnaire  # noqa: E402


def generate(folder: Path, files: int) -> list[Path]:
    questionnaire = load_questionnaire(resources.default_questionnaire())
    rng = random.Random(7)
    paths = []
    for i in range(files):
        answers: dict[str, object] = {}
        for j, question in enumerate(questionnaire.questions()):
            level = rng.randint(0, question.max_level)
            answers[question.id] = {"level": level, "note": f"evidence {i}-{j}: no, 1:30"} if j % 3 == 0 else level
        doc = {
            "questionnaire": {"id": questionnaire.id, "version": questionnaire.version},
            "organisation": "Bench Ltd",
            "period": "2026-Q3",
            "respondents": [{"name": f"Respondent {i:04d}", "role": f"Role {i % 7}", "answers": answers}],
        }
        path = folder / f"r{i:04d}.yaml"
        path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        inputs = generate(folder, args.files)
        times = []
        for run in range(args.runs):
            out = folder / f"out-{run}.yaml"
            started = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "aiopgap", "merge", str(out), *map(str, inputs)],
                check=True,
                capture_output=True,
            )
            times.append(time.perf_counter() - started)
        size = (folder / "out-0.yaml").stat().st_size
    print(
        f"merge of {args.files} files into a {size / 1024:.0f} KiB answers file: "
        f"median {statistics.median(times) * 1000:.0f} ms, min {min(times) * 1000:.0f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
