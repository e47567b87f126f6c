"""Identical inputs give byte-identical output in every format, across separate processes.

Reports are committed to git and diffed; a timestamp or an unstable order would show as noise.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, FIXTURES

SERIES = EXAMPLES / "trend"
WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
PORTFOLIO = EXAMPLES / "portfolio"
PLAN = EXAMPLES / "plans" / "flow-systems-2026.yaml"

COMMANDS = {
    **{
        f"report {fmt}": ["report", WORKSHOP, "-f", fmt, "-o", "{out}"]
        for fmt in ("terminal", "markdown", "json", "html")
    },
    **{
        f"report evidence {fmt}": [
            "report",
            FIXTURES / "evidence-answers.yaml",
            "-Q",
            FIXTURES / "evidence-questionnaire.yaml",
            "-f",
            fmt,
            "-o",
            "{out}",
        ]
        for fmt in ("terminal", "markdown", "json", "html")
    },
    **{
        f"diff {fmt}": [
            "diff",
            SERIES / "meridian-2026-Q2.yaml",
            SERIES / "meridian-2026-Q3.yaml",
            "-f",
            fmt,
            "-o",
            "{out}",
        ]
        for fmt in ("terminal", "markdown", "json", "html")
    },
    **{f"trend {fmt}": ["trend", SERIES, "-f", fmt, "-o", "{out}"] for fmt in ("terminal", "markdown", "json", "html")},
    **{
        f"portfolio {fmt}": ["portfolio", PORTFOLIO, "--weight-by", "headcount", "-f", fmt, "-o", "{out}"]
        for fmt in ("terminal", "markdown", "json", "html")
    },
    **{
        f"plan {fmt}": ["plan", PORTFOLIO / "flow-systems-2026-Q1.yaml", "-f", fmt, "-o", "{out}"]
        for fmt in ("terminal", "markdown", "json", "html")
    },
    **{
        f"trend against a plan {fmt}": [
            "trend",
            PORTFOLIO,
            "--unit",
            "Flow Systems",
            "--plan",
            PLAN,
            "-f",
            fmt,
            "-o",
            "{out}",
        ]
        for fmt in ("json", "html")
    },
    "export responses": ["export", *sorted(EXAMPLES.glob("*.yaml")), "-o", "{out}"],
    "export dimensions": ["export", *sorted(EXAMPLES.glob("*.yaml")), "-t", "dimensions", "-o", "{out}"],
    "export xlsx": ["export", *sorted(EXAMPLES.glob("*.yaml")), WORKSHOP, "-f", "xlsx", "-o", "{out}"],
    "schema answers": ["schema", "answers", "-o", "{out}"],
    "schema report": ["schema", "report", "-o", "{out}"],
    "schema verdict": ["schema", "verdict", "-o", "{out}"],
    "schema validation": ["schema", "validation", "-o", "{out}"],
    **{
        f"check {fmt}": ["check", WORKSHOP, "--no-config", "--min-overall", "Emerging", "-f", fmt, "-o", "{out}"]
        for fmt in ("terminal", "json", "sarif")
    },
    **{
        f"validate {fmt}": ["validate", EXAMPLES, PLAN, "-f", fmt, "-o", "{out}"]
        for fmt in ("terminal", "json", "sarif")
    },
    "questionnaire show json": ["questionnaire", "show", "-f", "json", "-o", "{out}"],
}


def run(args: list[str | Path], out: Path, env: dict[str, str]) -> bytes:
    argv = [str(out) if a == "{out}" else str(a) for a in args]
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", *argv], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    return out.read_bytes()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_two_processes_write_identical_bytes(name: str, tmp_path: Path) -> None:
    # different hash seeds and terminal widths must not matter either
    first = run(COMMANDS[name], tmp_path / "first", {**os.environ, "PYTHONHASHSEED": "1", "COLUMNS": "80"})
    second = run(COMMANDS[name], tmp_path / "second", {**os.environ, "PYTHONHASHSEED": "2", "COLUMNS": "200"})
    assert first == second
    assert len(first) > 100


def test_merge_writes_identical_bytes(tmp_path: Path) -> None:
    # split the workshop example into one file per respondent, then merge it back twice
    import yaml

    from aiopgap.files.documents import load_assessment

    doc = yaml.safe_load(WORKSHOP.read_text(encoding="utf-8"))
    parts = []
    for index, respondent in enumerate(doc["respondents"]):
        part = {**doc, "respondents": [respondent]}
        if index:
            part.pop("initiatives", None)
            part.pop("targets", None)
        path = tmp_path / f"part{index}.yaml"
        path.write_text(yaml.safe_dump(part, sort_keys=False, allow_unicode=True), encoding="utf-8")
        parts.append(path)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"merged{seed}.yaml"
        proc = subprocess.run(
            [sys.executable, "-m", "aiopgap", "merge", str(out), *map(str, parts)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        outputs.append(out.read_bytes())
        assert load_assessment(out).answers.respondents == load_assessment(WORKSHOP).answers.respondents
    assert outputs[0] == outputs[1]
