"""Every aiopgap benchmark, each as a ratio against its floor measured in the same run, next to its goal.

Run: .venv/bin/python benchmarks/run.py [--quick] [--only CASE ...]

Each case times an aiopgap command and its floor (the least a program doing the same job costs here)
in fresh processes, interleaved, and compares their medians: machine speed and load cancel out of the
ratio. Inputs are generated (seeded) in a temporary folder; nothing is kept. It prints:
  * a table of cases: aiopgap's median, the floor's median, the ratio, the goal, ok or MISS;
  * the peak memory (VmHWM) of every case's aiopgap process, goal < 300 MB;
  * how export and a many-respondent report grow with their input: the least-squares exponent of
    time against size on log-log axes, of the whole time and of the time above start-up (the same
    command on one file or one respondent), goal <= 1.1 (linear) for the latter;
  * the time to save one answer in `assess` (informational, no goal);
and ends with "all goals met" or the goals missed (exit status 1; 2 if a measured command failed).
The default run takes about 10 minutes on 2 cores; the figures it prints are the README's.

--quick runs small inputs a few times: a smoke of the harness that prints everything and never fails
on a ratio. --only runs the cases named (ids: see --help).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import bench_cases
from bench_cases import Case, Plan
from bench_timing import ENV, BenchError, Paired, exponent, median_time, paired

HERE = Path(__file__).resolve().parent
EXTRA_IDS = ("assess-save",)


@dataclass
class Measured:
    case: Case
    goal_point: Paired
    smaller: list[tuple[int, Paired]] = field(default_factory=list)
    start_up: float | None = None

    def sizes_and_times(self) -> tuple[list[int], list[float]]:
        points = [*self.smaller, (self.case.point.size, self.goal_point)]
        return [size for size, _ in points], [p.tool_median for _, p in points]

    def whole_exponent(self) -> float | None:
        return exponent(*self.sizes_and_times())

    def above_start_up_exponent(self) -> float | None:
        if self.start_up is None:
            return None
        sizes, times = self.sizes_and_times()
        return exponent([s - 1 for s in sizes], [t - self.start_up for t in times])


def runs(count: int) -> str:
    return f"{count} paired run{'s' if count != 1 else ''}"


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def measure(case: Case) -> Measured:
    measured = Measured(case, Paired())
    if case.growth is not None:
        progress(f"  {case.id}: start-up (1 {case.growth.unit[:-1]})")
        measured.start_up = median_time(case.growth.start_up, 5)
        for point in case.growth.points:
            progress(f"  {case.id}: {runs(point.runs)} at {point.size:,} {case.growth.unit}")
            measured.smaller.append((point.size, paired(point.tool, point.floor, point.runs, peaks=False)))
    progress(f"  {case.id}: {runs(case.point.runs)}")
    measured.goal_point = paired(case.point.tool, case.point.floor, case.point.runs)
    return measured


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 10 else f"{value:.1f} s"


def mib(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0f} MB"


def table(header: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """A Markdown table with padded columns, readable as it is and ready to paste."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        padded = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "| " + " | ".join(padded) + " |"

    rule = "|" + "|".join(("-" * (w + 1) + ":") if i in right else "-" * (w + 2) for i, w in enumerate(widths)) + "|"
    return [line(header), rule, *(line(r) for r in rows)]


def verdict(ok: bool, misses: list[str], miss: str) -> str:
    if not ok:
        misses.append(miss)
    return "ok" if ok else "MISS"


def time_rows(results: list[Measured], misses: list[str]) -> list[list[str]]:
    rows = []
    for m in results:
        c, p = m.case, m.goal_point
        miss = f"{c.id}: {p.ratio:.2f}x its floor (goal <= {c.goal:g}x)"
        ok = verdict(p.ratio <= c.goal, misses, miss)
        rows.append([f"{c.title} vs {c.floor_title}", str(len(p.tool)), seconds(p.tool_median),
                     seconds(p.floor_median), f"{p.ratio:.2f}x", p.spread(), f"<= {c.goal:g}x", ok])  # fmt: skip
    return rows


def memory_rows(results: list[Measured], misses: list[str]) -> list[list[str]]:
    rows = []
    goal = bench_cases.PEAK_GOAL_MIB
    for m in results:
        peak = m.goal_point.tool_peak
        ok = peak is not None and peak < goal
        shown = verdict(ok, misses, f"{m.case.id}: peak memory {mib(peak)} (goal < {goal:.0f} MB)")
        rows.append([m.case.title, mib(peak), mib(m.goal_point.floor_peak), f"< {goal:.0f} MB", shown])
    return rows


def growth_rows(results: list[Measured], misses: list[str]) -> list[list[str]]:
    rows = []
    goal = bench_cases.GROWTH_GOAL
    for m in results:
        if m.case.growth is None:
            continue
        sizes, times = m.sizes_and_times()
        whole, above = m.whole_exponent(), m.above_start_up_exponent()
        shown_above = "n/a" if above is None else f"{above:.2f}"
        ok = above is not None and above <= goal
        shown = verdict(ok, misses, f"{m.case.id}: grows with exponent {shown_above} above start-up (goal <= {goal:g})")
        points = ", ".join(f"{s:,}: {seconds(t)}" for s, t in zip(sizes, times, strict=True))
        whole_text = "n/a" if whole is None else f"{whole:.2f}"
        start = "n/a" if m.start_up is None else seconds(m.start_up)
        rows.append([m.case.growth.label, points, start, whole_text, shown_above, f"<= {goal:g}", shown])
    return rows


def machine() -> str:
    versions = ", ".join(f"{name} {version(name)}" for name in ("typer", "pydantic", "PyYAML", "jinja2", "ruamel.yaml"))
    return (
        f"machine: {os.cpu_count()} cores (os.cpu_count()), {platform.system()} {platform.machine()}; "
        f"Python {platform.python_version()}; {versions}"
    )


def assess_save() -> str:
    proc = subprocess.run(
        [sys.executable, str(HERE / "bench_assess_save.py"), "--json"], capture_output=True, text=True, env=ENV
    )
    if proc.returncode != 0:
        raise BenchError(f"bench_assess_save.py exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    f = json.loads(proc.stdout)
    return (
        f"assess, one confirmed answer saved ({f['saves']:.0f} saves into a {f['bytes'] / 1024:.0f} KiB file): "
        f"median {f['median'] * 1000:.0f} ms, worst {f['max'] * 1000:.0f} ms (informational, no goal)"
    )


def report(results: list[Measured], extras: list[str], plan: Plan) -> tuple[list[str], list[str]]:
    misses: list[str] = []
    lines = [
        "",
        "Time: medians of paired runs in fresh processes; ratio = aiopgap / floor of the medians",
        "(pairs: the lowest and highest ratio of one run to its paired floor run, how noisy the machine was)",
        "",
    ]
    header = ["case vs floor", "runs", "aiopgap", "floor", "ratio", "pairs", "goal", ""]
    lines += table(header, time_rows(results, misses), {1, 2, 3, 4, 5, 6})
    lines += ["", "Peak memory (VmHWM of the process)", ""]
    lines += table(["case", "aiopgap", "floor", "goal", ""], memory_rows(results, misses), {1, 2, 3})
    growth = growth_rows(results, misses)
    if growth:
        lines += ["", "Growth: least-squares exponent of time against input size (log-log); 1.0 is linear.",
                  "Above start-up: less the same command's median on one file or one respondent.", ""]  # fmt: skip
        header = ["case", "aiopgap median by size", "start-up", "exponent", "above start-up", "goal", ""]
        lines += table(header, growth, {2, 3, 4, 5})
    lines += ["", *extras, ""]
    if plan.quick:
        lines.append(
            "--quick: small inputs and few runs, goals not checked" + (f" ({len(misses)} would miss)" if misses else "")
        )
    elif misses:
        lines += ["goals missed:", *(f"  {miss}" for miss in misses)]
    else:
        lines.append("all goals met")
    return lines, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small inputs, few runs; never fails on a goal")
    ids = (*bench_cases.CASE_IDS, *EXTRA_IDS)
    parser.add_argument("--only", nargs="+", choices=ids, metavar="CASE", help=f"run only these: {', '.join(ids)}")
    args = parser.parse_args()
    only = set(args.only or ids)
    plan = Plan.of(args.quick)
    print(machine(), flush=True)
    try:
        with tempfile.TemporaryDirectory(prefix="aiopgap-bench-") as folder:
            progress("generating inputs")
            cases = bench_cases.build(plan, Path(folder), only)
            results = []
            for case in cases:
                progress(f"measuring {case.id}")
                results.append(measure(case))
        extras = [assess_save()] if "assess-save" in only else []
    except BenchError as exc:
        print(f"a measured command failed, so there are no figures:\n{exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted: no figures", file=sys.stderr)
        return 130
    lines, misses = report(results, extras, plan)
    print("\n".join(lines))
    return 1 if misses and not plan.quick else 0


if __name__ == "__main__":
    sys.exit(main())
