"""Crash safety: SIGKILL every writing command at random moments; no file on disk is ever half-written.

Each run starts from a complete older output, kills the command after a random delay within its
normal run time, and checks the target holds either the complete old or the complete new output
(a stray temporary file beside it is allowed until the next run of the command, which must remove
it; a truncated target is never allowed). For ``assess``, every answer confirmed before the kill
must be in a file that still loads.

Runs per command: 10 by default; set AIOPGAP_CRASH_RUNS for more (the nightly run uses 50).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from aiopgap.model.answers import Answer
from tests.commands.test_assess import answers_in, new_session
from tests.conftest import EXAMPLES

RUNS = int(os.environ.get("AIOPGAP_CRASH_RUNS", "10"))
SERIES = EXAMPLES / "trend"
ENTER = "\r"


def aiopgap(*args: str | Path) -> list[str]:
    return [sys.executable, "-m", "aiopgap", *[str(a) for a in args]]


def run_to_end(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - start


# (name, command writing OLD, command writing NEW, targets relative to the work folder)
CASES: dict[str, tuple[list[str | Path], list[str | Path], list[str]]] = {
    "report markdown": (
        ["report", EXAMPLES / "lumen-2026-Q3.yaml", "-f", "markdown", "-o", "out.md"],
        ["report", EXAMPLES / "meridian-2026-Q3.yaml", "-f", "markdown", "-o", "out.md"],
        ["out.md"],
    ),
    "report html": (
        ["report", EXAMPLES / "lumen-2026-Q3.yaml", "-f", "html", "-o", "out.html"],
        ["report", EXAMPLES / "northbank-2026-Q3.yaml", "-f", "html", "-o", "out.html"],
        ["out.html"],
    ),
    "export csv": (
        ["export", EXAMPLES / "lumen-2026-Q3.yaml", "-o", "out.csv"],
        ["export", *sorted(EXAMPLES.glob("*.yaml")), *sorted(SERIES.glob("*.yaml")), "-o", "out.csv"],
        ["out.csv"],
    ),
    "export output-dir": (
        ["export", EXAMPLES / "lumen-2026-Q3.yaml", "--output-dir", "."],
        ["export", *sorted(EXAMPLES.glob("*.yaml")), "--output-dir", "."],
        ["responses.csv", "dimensions.csv"],
    ),
    "schema": (
        ["schema", "questionnaire", "-o", "out.json"],
        ["schema", "answers", "-o", "out.json"],
        ["out.json"],
    ),
    "diff": (
        ["diff", SERIES / "meridian-2025-Q4.yaml", SERIES / "meridian-2026-Q1.yaml", "-f", "html", "-o", "out.html"],
        ["diff", SERIES / "meridian-2026-Q2.yaml", SERIES / "meridian-2026-Q3.yaml", "-f", "html", "-o", "out.html"],
        ["out.html"],
    ),
    "trend": (
        ["trend", SERIES / "meridian-2025-Q4.yaml", SERIES / "meridian-2026-Q1.yaml", "-f", "json", "-o", "out.json"],
        ["trend", SERIES, "-f", "json", "-o", "out.json"],
        ["out.json"],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_killed_writer_leaves_old_or_new_output_never_a_partial_one(case: str, tmp_path: Path) -> None:
    old_args, new_args, targets = CASES[case]
    kill_at_random(case, old_args, new_args, targets, tmp_path)


def test_killed_merge_leaves_old_or_new_output(tmp_path: Path) -> None:
    import yaml

    doc = yaml.safe_load((EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml").read_text(encoding="utf-8"))
    parts: list[str | Path] = []
    for index, respondent in enumerate(doc["respondents"]):
        part = {**doc, "respondents": [respondent]}
        path = tmp_path / f"part{index}.yaml"
        path.write_text(yaml.safe_dump(part, sort_keys=False, allow_unicode=True), encoding="utf-8")
        parts.append(path)
    old_args: list[str | Path] = ["merge", "--force", "merged.yaml", *parts[:2]]
    new_args: list[str | Path] = ["merge", "--force", "merged.yaml", *parts]
    kill_at_random("merge", old_args, new_args, ["merged.yaml"], tmp_path)


def kill_at_random(
    case: str, old_args: list[str | Path], new_args: list[str | Path], targets: list[str], tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    run_to_end(aiopgap(*old_args), reference)
    old = {t: (reference / t).read_bytes() for t in targets}
    duration = run_to_end(aiopgap(*new_args), reference)
    new = {t: (reference / t).read_bytes() for t in targets}
    assert old != new
    rng = random.Random(f"{case}-{RUNS}")
    outcomes = {"old": 0, "new": 0}
    for run in range(RUNS):
        work = tmp_path / f"run{run}"
        work.mkdir()
        for target, content in old.items():
            (work / target).write_bytes(content)
        proc = subprocess.Popen(aiopgap(*new_args), cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # start-up (imports) takes most of a run; aim the kills mostly at the reading and writing
        time.sleep(rng.uniform(duration * 0.3, duration * 1.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        for target in targets:
            content = (work / target).read_bytes()
            assert content in (old[target], new[target]), f"{case}: {target} is neither the old nor the new output"
            outcomes["old" if content == old[target] else "new"] += 1
        strays = [p.name for p in work.iterdir() if p.name not in targets]
        assert all(p.startswith(".") and p.endswith(".tmp") for p in strays), strays
        if strays:  # killed mid-write: the next run of the same command cleans up after it
            run_to_end(aiopgap(*new_args), work)
            assert [p.name for p in work.iterdir() if p.name not in targets] == [], f"{case}: {strays} left"


def test_killed_assess_keeps_every_confirmed_answer(tmp_path: Path) -> None:
    """An answer counts as confirmed once the next question is on screen (assess saves before moving on)."""
    plan = [
        ("ownership.owner", "3", Answer(level=3)),
        ("ownership.budget", "1", Answer(level=1)),
        ("ownership.vendor", "2", Answer(level=2)),
    ]
    rng = random.Random(RUNS)
    for run in range(RUNS):
        work = tmp_path / f"run{run}"
        work.mkdir()
        term = new_session(work)
        confirmed: dict[str, Answer] = {}
        stop_after = rng.randint(0, len(plan) - 1)
        term.wait_for_question(plan[0][0])
        for index, (question, key, answer) in enumerate(plan[: stop_after + 1]):
            term.send(f"{key}{ENTER}")
            if index < stop_after:
                term.wait_for_question(plan[index + 1][0])
                confirmed[question] = answer
        time.sleep(rng.uniform(0, 0.03))  # the last answer is confirmed and may be mid-save
        term.kill(signal.SIGKILL)
        path = work / "acme.yaml"
        if not path.exists():
            assert not confirmed  # killed before the first save created the file
            continue
        answers = answers_in(path, "Ann")  # the file loads, whenever the kill came
        for question, answer in confirmed.items():
            assert answers[question] == answer
        assert set(answers) <= {question for question, _, _ in plan}
