"""Paired wall-clock timing and peak memory of child processes.

Every measurement runs in a fresh process. A tool run and its floor run alternate (tool first on even
runs, floor first on odd ones), so a burst of load on a shared machine slows both; the figure that
counts is the ratio of their medians. Peak memory is the child's own VmHWM from /proc, read by a small
wrapper at its exit: ru_maxrss of a child would carry the parent's peak across exec.
"""

from __future__ import annotations

import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

PYTHON = sys.executable

# Runs the given console script, or the given `python -c` code, then writes the process's VmHWM (KiB)
# to the file named first. Only for the memory run: the timed runs are the bare commands.
PEAK_WRAPPER = """
import runpy, sys
out, kind, target = sys.argv[1:4]
sys.argv = [target if kind == "script" else "-c", *sys.argv[4:]]
def peak():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0
try:
    if kind == "script":
        runpy.run_path(target, run_name="__main__")
    else:
        exec(compile(target, "<string>", "exec"), {"__name__": "__main__"})
finally:
    with open(out, "w") as written:
        written.write(str(peak()))
"""


class BenchError(Exception):
    """A measured command failed: its numbers would mean nothing."""


@dataclass(frozen=True)
class Command:
    """A command to time: a console script with arguments, or `python -c CODE` with arguments."""

    kind: str  # "script" or "code"
    target: str  # the script's path, or the code
    args: tuple[str, ...]
    removed_before_each_run: tuple[Path, ...] = ()  # outputs a command refuses to overwrite

    def argv(self) -> list[str]:
        if self.kind == "script":
            return [self.target, *self.args]
        return [PYTHON, "-c", self.target, *self.args]

    def peak_argv(self, out: Path) -> list[str]:
        return [PYTHON, "-c", PEAK_WRAPPER, str(out), self.kind, self.target, *self.args]


def child_env() -> dict[str, str]:
    """The environment of every measured child, as an installed aiopgap runs.

    No coverage tracer (a test run under coverage passes one on), and bytecode is cached: with
    PYTHONDONTWRITEBYTECODE set, an editable install compiles every aiopgap module at every start, while
    the libraries of the floors have their bytecode from installation (so does aiopgap from a wheel).
    """
    env = dict(os.environ)
    for name in ("COVERAGE_PROCESS_START", "COVERAGE_PROCESS_CONFIG", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    return env


ENV = child_env()


def run(argv: list[str], command: Command) -> float:
    for path in command.removed_before_each_run:
        path.unlink(missing_ok=True)
    start = time.perf_counter()
    proc = subprocess.run(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=ENV)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        shown = " ".join(a if len(a) < 80 else a[:40] + "..." for a in argv[:8])
        tail = proc.stderr.decode("utf-8", "replace")[-2000:]
        raise BenchError(f"{shown} exited {proc.returncode}:\n{tail}")
    return elapsed


def peak_mib(command: Command) -> float | None:
    """The command's peak resident memory in MiB (None where /proc is not there to tell)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "peak"
        run(command.peak_argv(out), command)
        kib = int(out.read_text() or 0)
    return kib / 1024 if kib else None


@dataclass
class Paired:
    """Times of ``runs`` interleaved runs of a tool command and its floor, and their peaks."""

    tool: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    tool_peak: float | None = None
    floor_peak: float | None = None

    @property
    def tool_median(self) -> float:
        return statistics.median(self.tool)

    @property
    def floor_median(self) -> float:
        return statistics.median(self.floor)

    @property
    def ratio(self) -> float:
        return self.tool_median / self.floor_median

    def spread(self) -> str:
        """The lowest and highest ratio of one tool run to the floor run it was paired with."""
        ratios = [t / f for t, f in zip(self.tool, self.floor, strict=True)]
        return f"{min(ratios):.2f}-{max(ratios):.2f}x"


def paired(tool: Command, floor: Command, runs: int, peaks: bool = True) -> Paired:
    """Peak memory of each (that run doubles as the warm-up), then ``runs`` interleaved timed pairs."""
    result = Paired()
    if peaks:
        result.tool_peak, result.floor_peak = peak_mib(tool), peak_mib(floor)
    for i in range(runs):
        order = ((tool, result.tool), (floor, result.floor))
        for command, times in order if i % 2 == 0 else reversed(order):
            times.append(run(command.argv(), command))
    return result


def median_time(command: Command, runs: int) -> float:
    run(command.argv(), command)  # warm-up
    return statistics.median(run(command.argv(), command) for _ in range(runs))


def exponent(sizes: Sequence[float], times: Sequence[float]) -> float | None:
    """Least-squares slope of log(time) on log(size): 1.0 is linear growth (None if a time is not positive)."""
    if len(sizes) < 2 or min(times) <= 0:
        return None
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
