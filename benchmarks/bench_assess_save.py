"""How long ``assess`` takes to save one confirmed answer, on a realistic answers file.

A fourth respondent answers all 35 questions of the bundled questionnaire in a copy of
examples/northbank-2026-Q3.yaml (three respondents with notes). Each save re-dumps the
whole round-trip document, validates it through the normal loader and writes it durably
(fsync of file and folder); this prints the median and worst time per save.

Run: python benchmarks/bench_assess_save.py [--json]   (benchmarks/run.py runs it as an informational case)
"""

from __future__ import annotations

import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from aiopgap.files.store import AnswersStore
from aiopgap.model.answers import Answer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northbank-2026-Q3.yaml"


def measure() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / EXAMPLE.name
        shutil.copy(EXAMPLE, path)
        store = AnswersStore.open(path, None)
        store.add_respondent("Bench Respondent", "COO")
        times = []
        for i, question in enumerate(store.questionnaire.questions()):
            answer = Answer(level=i % (question.max_level + 1), note="measured" if i % 3 == 0 else None)
            start = time.perf_counter()
            store.record("Bench Respondent", question.id, answer)
            times.append(time.perf_counter() - start)
        size = path.stat().st_size
    return {"saves": len(times), "median": statistics.median(times), "max": max(times), "bytes": size}


def main() -> None:
    figures = measure()
    if sys.argv[1:] == ["--json"]:
        print(json.dumps(figures))
        return
    print(
        f"{figures['saves']:.0f} saves into a {figures['bytes'] / 1024:.1f} KiB answers file: "
        f"median {figures['median'] * 1000:.1f} ms, max {figures['max'] * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
