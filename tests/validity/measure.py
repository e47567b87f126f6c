"""Measure how well the tool's symptom flags agree with an outside expert.

Each profile in ``profiles/`` describes a fictional organisation in prose and
ends with the symptoms an expert who read the source article would flag. Each
answers file in ``answers/`` with the same stem describes that organisation for
the tool. This script runs the real command line (``python -m aiopgap report
FILE --format json``) on every answers file and compares the flagged symptoms
with the expert's list, over every profile x symptom pair.

Run from the repository root::

    python tests/validity/measure.py            # table and totals
    python tests/validity/measure.py --min 0.9  # exit 1 if precision or recall < 0.9
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROFILES = HERE / "profiles"
ANSWERS = HERE / "answers"
REPO = HERE.parent.parent

SYMPTOMS = (
    "pilots-not-scaling",
    "unclear-ownership",
    "slow-decisions",
    "data-science-disconnected",
    "roadmap-uncertainty",
    "vendor-driven-strategy",
)

_FLAGGED = re.compile(r"^flagged:\s*\[(?P<ids>[^\]]*)\]\s*$", re.MULTILINE)
_REASON = re.compile(r"^-\s*(?P<id>[a-z-]+):\s*(?P<verdict>yes|no)\b,?\s*(?P<why>.*)$", re.MULTILINE)


@dataclass
class Expectation:
    flagged: list[str]
    reasons: dict[str, str]  # symptom id -> the profile's whole reasoning line
    verdicts: dict[str, str]  # symptom id -> "yes" / "no"


@dataclass
class Row:
    profile: str
    expected: list[str]
    flagged: list[str]
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)


@dataclass
class Result:
    rows: list[Row]
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def parse_profile(path: Path) -> Expectation:
    """Read the ``## Expected symptoms`` block at the end of a profile."""
    text = path.read_text(encoding="utf-8")
    _, sep, block = text.partition("## Expected symptoms")
    if not sep:
        raise ValueError(f"{path.name}: no '## Expected symptoms' section")
    match = _FLAGGED.search(block)
    if not match:
        raise ValueError(f"{path.name}: no 'flagged: [...]' line")
    flagged = [s.strip() for s in match.group("ids").split(",") if s.strip()]
    reasons: dict[str, str] = {}
    verdicts: dict[str, str] = {}
    for m in _REASON.finditer(block):
        reasons[m.group("id")] = m.group(0).strip()
        verdicts[m.group("id")] = m.group("verdict")
    return Expectation(flagged=flagged, reasons=reasons, verdicts=verdicts)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    src = str(REPO / "src")
    env["PYTHONPATH"] = src + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env.setdefault("NO_COLOR", "1")
    return env


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python -m aiopgap ARGS`` with this interpreter, from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *args],
        cwd=REPO,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def flagged_by_tool(answers: Path) -> list[str]:
    proc = run_cli("report", str(answers), "--format", "json")
    if proc.returncode != 0:
        raise RuntimeError(f"report failed on {answers.name} (exit {proc.returncode}): {proc.stderr.strip()}")
    report = json.loads(proc.stdout)
    return sorted(s["id"] for s in report.get("symptoms", []) if s.get("status") == "flagged")


def pairs() -> list[tuple[Path, Path]]:
    """(profile, answers) pairs, matched by file stem, in name order."""
    out = []
    for profile in sorted(PROFILES.glob("*.md")):
        answers = ANSWERS / (profile.stem + ".yaml")
        if not answers.is_file():
            raise FileNotFoundError(f"no answers file for profile {profile.name}")
        out.append((profile, answers))
    return out


def measure() -> Result:
    rows: list[Row] = []
    tp = fp = fn = tn = 0
    for profile, answers in pairs():
        expected = sorted(parse_profile(profile).flagged)
        got = flagged_by_tool(answers)
        row = Row(profile=profile.stem, expected=expected, flagged=got)
        for symptom in SYMPTOMS:
            e, g = symptom in expected, symptom in got
            if e and g:
                tp += 1
            elif g:
                fp += 1
                row.false_positives.append(symptom)
            elif e:
                fn += 1
                row.false_negatives.append(symptom)
            else:
                tn += 1
        rows.append(row)
    return Result(rows=rows, tp=tp, fp=fp, fn=fn, tn=tn)


_SHORT = {
    "pilots-not-scaling": "pilots",
    "unclear-ownership": "ownership",
    "slow-decisions": "slow",
    "data-science-disconnected": "ds",
    "roadmap-uncertainty": "roadmap",
    "vendor-driven-strategy": "vendor",
}


def _fmt(ids: list[str]) -> str:
    return ", ".join(_SHORT.get(i, i) for i in ids) or "-"


def render(result: Result) -> str:
    header = ("profile", "expected", "flagged", "false positives", "false negatives")
    body = [
        (r.profile, _fmt(r.expected), _fmt(r.flagged), _fmt(r.false_positives), _fmt(r.false_negatives))
        for r in result.rows
    ]
    widths = [max(len(x) for x in col) for col in zip(header, *body, strict=True)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()  # noqa: E731
    out = [line(header), line(tuple("-" * w for w in widths))]
    out += [line(b) for b in body]
    out.append("")
    out.append("symptom keys: " + ", ".join(f"{v}={k}" for k, v in _SHORT.items()))
    out.append(
        f"pairs: {len(result.rows) * len(SYMPTOMS)}  TP: {result.tp}  FP: {result.fp}  FN: {result.fn}  TN: {result.tn}"
    )
    out.append(f"precision: {result.precision:.2f}")
    out.append(f"recall: {result.recall:.2f}")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=None, help="exit 1 if precision or recall is below this")
    args = parser.parse_args(argv)
    result = measure()
    print(render(result))
    if args.min is not None and (result.precision < args.min or result.recall < args.min):
        print(f"below the minimum of {args.min:.2f}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
