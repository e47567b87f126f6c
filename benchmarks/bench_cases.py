"""The benchmark cases: each aiopgap command next to the floor it is measured against, and its goal.

A floor is the least a program doing the same job could cost on this machine: for start-up, importing
the libraries every such program imports; for work over answers files, reading each file and parsing
it with libyaml (``yaml.CSafeLoader``), nothing else.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import bench_inputs
from bench_timing import Command

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "northbank-2026-Q3.yaml"

# the installed console script, as users run it; the same entry point through -c where there is none
_SCRIPT = Path(sys.executable).parent / "aiopgap"
_ENTRY = "import sys; from aiopgap.cli import main; sys.argv[0] = 'aiopgap'; sys.exit(main())"

IMPORT_TYPER = "import typer"
# pydantic 2 imports lazily: `import pydantic` alone builds nothing any pydantic program needs
IMPORT_LIBRARIES = "import typer, pydantic.main, yaml, jinja2"
PARSE_FILES = """
import sys, yaml
from pathlib import Path
for arg in sys.argv[1:]:
    path = Path(arg)
    for file in sorted(path.glob("*.yaml")) if path.is_dir() else [path]:
        yaml.load(file.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""

PEAK_GOAL_MIB = 300.0
GROWTH_GOAL = 1.1


def aiopgap(*args: str, removed: tuple[Path, ...] = ()) -> Command:
    if _SCRIPT.is_file():
        return Command("script", str(_SCRIPT), args, removed)
    return Command("code", _ENTRY, args, removed)


def floor(code: str, *args: str) -> Command:
    return Command("code", code, args)


def parse_floor(count: int, what: str = "files") -> str:
    return f"CSafeLoader over the same {count:,} {what}"


@dataclass(frozen=True)
class Point:
    """One measured size of a case: the tool command, its floor, and how many paired runs."""

    size: int
    tool: Command
    floor: Command
    runs: int


@dataclass(frozen=True)
class Growth:
    """How a case's time grows with its input: the smaller sizes, and the tool on a size-1 input (start-up)."""

    label: str
    unit: str
    points: tuple[Point, ...]
    start_up: Command


@dataclass(frozen=True)
class Case:
    id: str
    title: str
    floor_title: str
    goal: float
    point: Point  # the size the goal is for
    growth: Growth | None = None


@dataclass(frozen=True)
class Plan:
    """Sizes and run counts: the default run, or --quick (a smoke of the harness itself)."""

    quick: bool
    small_runs: int
    big_runs: int
    periods: int
    files: tuple[int, ...]  # export's sizes, the last one with the goal
    respondents: tuple[int, ...]  # the crowd file's sizes, the last one with the goal
    merged: int

    @staticmethod
    def of(quick: bool) -> Plan:
        if quick:
            return Plan(True, 3, 1, 24, (10, 40), (10, 40), 10)
        return Plan(False, 20, 3, 1_000, (100, 1_000, 10_000), (250, 500, 1_000, 2_000), 200)

    def runs_at(self, size: int, sizes: tuple[int, ...]) -> int:
        """More runs where a run is short: the goal size gets the big-case count, the smallest sizes 5."""
        return self.big_runs if size == sizes[-1] or self.quick else max(self.big_runs, 5 if size == sizes[0] else 3)


def start_up_cases(plan: Plan, work: Path) -> list[Case]:
    runs = plan.small_runs
    version = Point(1, aiopgap("--version"), floor(IMPORT_TYPER), runs)
    cases = [Case("version", "aiopgap --version", f'python -c "{IMPORT_TYPER}"', 1.1, version)]
    for fmt, suffix in (("markdown", "md"), ("html", "html")):
        out = work / f"northbank.{suffix}"
        tool = aiopgap("report", str(EXAMPLE), "--format", fmt, "-o", str(out))
        title = f"aiopgap report {EXAMPLE.name} --format {fmt}"
        point = Point(1, tool, floor(IMPORT_LIBRARIES), runs)
        cases.append(Case(f"report-{fmt}", title, f'python -c "{IMPORT_LIBRARIES}"', 1.3, point))
    return cases


def trend_case(plan: Plan, work: Path, bundle: bench_inputs.Bundled) -> Case:
    series = bench_inputs.monthly_series(work / "series", bundle, plan.periods)
    tool = aiopgap("trend", str(series), "--format", "json", "-o", str(work / "trend.json"))
    point = Point(plan.periods, tool, floor(PARSE_FILES, str(series)), plan.big_runs)
    title = f"aiopgap trend DIR --format json ({plan.periods:,} monthly periods)"
    return Case("trend", title, parse_floor(plan.periods), 1.3, point)


def export_case(plan: Plan, work: Path, bundle: bench_inputs.Bundled) -> Case:
    files = [str(p) for p in bench_inputs.organisations(work / "organisations", bundle, plan.files[-1])]
    out = str(work / "dimensions.csv")

    def point(size: int) -> Point:
        tool = aiopgap("export", *files[:size], "--table", "dimensions", "-o", out)
        return Point(size, tool, floor(PARSE_FILES, *files[:size]), plan.runs_at(size, plan.files))

    start_up = aiopgap("export", files[0], "--table", "dimensions", "-o", out)
    growth = Growth("export FILES, by files", "files", tuple(point(size) for size in plan.files[:-1]), start_up)
    title = f"aiopgap export FILES --table dimensions ({plan.files[-1]:,} files)"
    return Case("export", title, parse_floor(plan.files[-1]), 1.3, point(plan.files[-1]), growth)


def crowd_case(plan: Plan, work: Path, bundle: bench_inputs.Bundled) -> Case:
    files = bench_inputs.crowd(work / "crowd", bundle, [1, *plan.respondents])
    out = str(work / "crowd.md")

    def point(size: int) -> Point:
        tool = aiopgap("report", str(files[size]), "--format", "markdown", "-o", out)
        return Point(size, tool, floor(PARSE_FILES, str(files[size])), plan.runs_at(size, plan.respondents))

    start_up = aiopgap("report", str(files[1]), "--format", "markdown", "-o", out)
    growth = Growth(
        "report FILE, by respondents", "respondents", tuple(point(size) for size in plan.respondents[:-1]), start_up
    )
    largest = plan.respondents[-1]
    title = f"aiopgap report FILE --format markdown (one file, {largest:,} respondents)"
    return Case("respondents", title, "CSafeLoader over the same file", 1.5, point(largest), growth)


def merge_case(plan: Plan, work: Path, bundle: bench_inputs.Bundled) -> Case:
    files = [str(p) for p in bench_inputs.singles(work / "singles", bundle, plan.merged)]
    out = work / "merged.yaml"  # merge refuses to replace a file without --force: removed before each run
    tool = aiopgap("merge", str(out), *files, removed=(out,))
    runs = plan.big_runs if plan.quick else 5
    point = Point(plan.merged, tool, floor(PARSE_FILES, *files), runs)
    title = f"aiopgap merge OUT F1..F{plan.merged} (one respondent each)"
    return Case("merge", title, parse_floor(plan.merged), 3.0, point)


CASE_IDS = ("version", "report-markdown", "report-html", "trend", "export", "respondents", "merge")


def build(plan: Plan, work: Path, only: set[str]) -> list[Case]:
    """The selected cases, generating only the inputs they need."""
    cases = [c for c in start_up_cases(plan, work) if c.id in only]
    builders = (("trend", trend_case), ("export", export_case), ("respondents", crowd_case), ("merge", merge_case))
    if only & {name for name, _ in builders}:
        bundle = bench_inputs.bundled()
        cases += [make(plan, work, bundle) for name, make in builders if name in only]
    return cases
