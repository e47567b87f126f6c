"""[trust] issue 18, output files: every writing command against every hostile destination.

Invariants checked for each (command, destination) pair, through the real CLI:

* the exit code is 2 with one ``error`` line (or a documented success), never 3, never a traceback;
* on exit 2 nothing in the work folder changed at all: inputs, the hostile file, byte for byte;
* no temporary file is ever left behind.

Then: full disk injected at every write, fsync, rename and open in turn; ``kill -9`` mid-write
followed by a second run; concurrent writers of one file; ``GITHUB_STEP_SUMMARY`` everywhere
hostile; an unprivileged user; and a generator of attacker-chosen file names.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.text import has_unsafe
from tests.conftest import EXAMPLES, examples

SERIES = EXAMPLES / "trend"
runner = CliRunner()
PROCESS_TIMEOUT = 60


# --------------------------------------------------------------------------- the work folder


def make_workspace(root: Path) -> Path:
    """a.yaml and b.yaml (two quarters), series/ (two more), the inputs every command reads."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(SERIES / "meridian-2026-Q2.yaml", root / "a.yaml")
    shutil.copy(SERIES / "meridian-2026-Q3.yaml", root / "b.yaml")
    (root / "series").mkdir()
    shutil.copy(SERIES / "meridian-2025-Q4.yaml", root / "series" / "q4.yaml")
    shutil.copy(SERIES / "meridian-2026-Q1.yaml", root / "series" / "q1.yaml")
    (root / "sub").mkdir()
    import yaml

    doc = yaml.safe_load((root / "a.yaml").read_text(encoding="utf-8"))
    for index, respondent in enumerate(doc["respondents"][:2]):
        part = {**doc, "respondents": [respondent]}
        (root / f"part{index + 1}.yaml").write_text(yaml.safe_dump(part, sort_keys=False, allow_unicode=True))
    # answers given outside a terminal, for `import`
    (root / "responses.csv").write_text(
        "respondent,role,question_id,level,note\n"
        "Ana Lima,CTO,ownership.single-accountable-owner,2,a RACI exists\n"
        "Bo Berg,CFO,ownership.single-accountable-owner,1,\n",
        encoding="utf-8",
    )
    return root


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every entry under ``root`` without following links: kind, content or target, and mode."""
    found: dict[str, tuple[object, ...]] = {}
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(folder) / name
            info = path.lstat()
            key = str(path.relative_to(root))
            if stat.S_ISLNK(info.st_mode):
                found[key] = ("link", os.readlink(path))
            elif stat.S_ISREG(info.st_mode):
                found[key] = ("file", path.read_bytes(), stat.S_IMODE(info.st_mode))
            else:
                found[key] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode))
    return found


def temporaries(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*.tmp")]


# --------------------------------------------------------------------------- the writing commands


@dataclass(frozen=True)
class Writer:
    args: Callable[[str], list[str]]  # the command line, given the destination
    victim: str  # an input of this command, to point the output at
    env_output: bool = False  # the destination goes in GITHUB_STEP_SUMMARY instead
    input_allowed: bool = False  # merge OUT may be an input by design
    has_inputs: bool = True  # schema reads no file: any other file is the user's to overwrite


IMPORTED = ["--org", "Acme", "--period", "2026-Q3"]
"""What `import` of responses.csv needs besides the file: the CSV names no organisation or period."""

WRITERS: dict[str, Writer] = {
    **{
        f"report {fmt}": Writer(lambda d, fmt=fmt: ["report", "a.yaml", "-f", fmt, "-o", d], "a.yaml")
        for fmt in ("terminal", "markdown", "html", "json")
    },
    **{
        f"export {table}": Writer(lambda d, t=table: ["export", "a.yaml", "b.yaml", "--table", t, "-o", d], "b.yaml")
        for table in ("responses", "dimensions")
    },
    "export xlsx": Writer(lambda d: ["export", "a.yaml", "b.yaml", "-f", "xlsx", "-o", d], "b.yaml"),
    **{
        f"schema {kind}": Writer(lambda d, k=kind: ["schema", k, "-o", d], "a.yaml", has_inputs=False)
        for kind in ("answers", "report")
    },
    **{
        f"diff {fmt}": Writer(lambda d, fmt=fmt: ["diff", "a.yaml", "b.yaml", "-f", fmt, "-o", d], "b.yaml")
        for fmt in ("markdown", "html", "json")
    },
    "trend": Writer(lambda d: ["trend", "series", "-f", "markdown", "-o", d], "series/q4.yaml"),
    "check summary": Writer(lambda d: ["check", "a.yaml", "--min-overall", "0"], "a.yaml", env_output=True),
    "merge": Writer(lambda d: ["merge", "--force", d, "a.yaml"], "a.yaml", input_allowed=True),
    "import": Writer(lambda d: ["import", "responses.csv", *IMPORTED, "--force", "-o", d], "responses.csv"),
    "questionnaire export": Writer(
        lambda d: ["questionnaire", "export", "--force", "-o", d], "a.yaml", has_inputs=False
    ),
}


# --------------------------------------------------------------------------- hostile destinations

Setup = Callable[[Path, str], str]


def _input_itself(ws: Path, victim: str) -> str:
    return victim


def _input_dot(ws: Path, victim: str) -> str:
    return f"./{victim}"


def _input_dotdot(ws: Path, victim: str) -> str:
    return f"sub/../{victim}"


def _input_absolute(ws: Path, victim: str) -> str:
    return str(ws / victim)


def _input_symlink(ws: Path, victim: str) -> str:
    (ws / "link.out").symlink_to(ws / victim)
    return "link.out"


def _input_relative_symlink_chain(ws: Path, victim: str) -> str:
    (ws / "sub" / "one.out").symlink_to(Path("..") / victim)
    (ws / "two.out").symlink_to(Path("sub") / "one.out")
    return "two.out"


def _input_hardlink(ws: Path, victim: str) -> str:
    os.link(ws / victim, ws / "hard.out")
    return "hard.out"


def _read_only(ws: Path, victim: str) -> str:
    (ws / "ro.out").write_text("an older report someone protected\n")
    (ws / "ro.out").chmod(0o444)
    return "ro.out"


def _fifo(ws: Path, victim: str) -> str:
    os.mkfifo(ws / "pipe.out")
    return "pipe.out"


def _dev_full(ws: Path, victim: str) -> str:
    return "/dev/full"


def _missing_folder(ws: Path, victim: str) -> str:
    return "missing/out.txt"


def _folder(ws: Path, victim: str) -> str:
    (ws / "afolder").mkdir()
    return "afolder"


def _through_a_file(ws: Path, victim: str) -> str:
    return f"{victim}/out.txt"


def _too_long(ws: Path, victim: str) -> str:
    return "x" * 300 + ".out"


def _too_deep(ws: Path, victim: str) -> str:
    return "/".join(["d" * 200] * 25) + "/out.txt"  # longer than PATH_MAX


def _not_utf8(ws: Path, victim: str) -> str:
    return os.fsdecode(b"\xff\xfereport.out")


def _symlink_loop(ws: Path, victim: str) -> str:
    (ws / "loop1.out").symlink_to("loop2.out")
    (ws / "loop2.out").symlink_to("loop1.out")
    return "loop1.out"


def _dangling_into_missing_folder(ws: Path, victim: str) -> str:
    (ws / "dangling.out").symlink_to(ws / "nowhere" / "target.out")
    return "dangling.out"


def _dangling(ws: Path, victim: str) -> str:
    (ws / "dangling.out").symlink_to("sub/target.out")
    return "dangling.out"


# every one of these must be refused with exit 2 and leave the folder exactly as it was
INPUT_DESTINATIONS: dict[str, Setup] = {
    "the input itself": _input_itself,
    "the input as ./name": _input_dot,
    "the input as sub/../name": _input_dotdot,
    "the input by absolute path": _input_absolute,
    "a symlink to the input": _input_symlink,
    "a chain of relative symlinks to the input": _input_relative_symlink_chain,
    "a hard link to the input": _input_hardlink,
}
HOSTILE_DESTINATIONS: dict[str, Setup] = {
    **INPUT_DESTINATIONS,
    "a read-only file": _read_only,
    "a named pipe nobody reads": _fifo,
    "/dev/full": _dev_full,
    "a missing folder": _missing_folder,
    "a folder": _folder,
    "a path through a file": _through_a_file,
    "a name too long": _too_long,
    "a path too long": _too_deep,
    "a name that is not UTF-8": _not_utf8,
    "a symlink loop": _symlink_loop,
    "a dangling symlink into a missing folder": _dangling_into_missing_folder,
}

# run as real processes; the rest in-process through CliRunner (same code, much faster)
IN_SUBPROCESS = {("report html", d) for d in HOSTILE_DESTINATIONS} | {
    (w, "the input itself") for w in ("report markdown", "export responses", "diff json", "trend", "check summary")
}
# one writer per command meets every destination; the other formats and kinds share its write path
# and meet the destinations that differ most
FULL_MATRIX = ("report html", "export responses", "schema answers", "diff markdown", "trend", "check summary", "merge")
SHORT_LIST = (
    "the input itself",
    "a symlink to the input",
    "a read-only file",
    "/dev/full",
    "a named pipe nobody reads",
)
MATRIX = [(w, d) for w in sorted(WRITERS) for d in sorted(HOSTILE_DESTINATIONS) if w in FULL_MATRIX or d in SHORT_LIST]


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str


def run_cli(ws: Path, args: list[str], env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Outcome:
    monkeypatch.chdir(ws)

    def hung(signum: int, frame: object) -> None:
        raise TimeoutError(f"aiopgap {' '.join(args)} blocked for {PROCESS_TIMEOUT} s")

    previous = signal.signal(signal.SIGALRM, hung)  # a blocking open of a pipe fails the test, never hangs it
    signal.alarm(PROCESS_TIMEOUT)
    try:
        result = runner.invoke(app, args, env=env)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr)


def run_process(ws: Path, args: list[str], env: dict[str, str], **kwargs: object) -> Outcome:
    full_env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1", **env}
    if "GITHUB_STEP_SUMMARY" not in env:
        full_env.pop("GITHUB_STEP_SUMMARY", None)
    stdout = kwargs.pop("stdout", subprocess.PIPE)
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", *args],
        cwd=ws,
        env=full_env,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        timeout=PROCESS_TIMEOUT,
        check=False,
        **kwargs,  # type: ignore[arg-type]
    )
    out = done.stdout.decode("utf-8", "replace") if done.stdout is not None else ""
    return Outcome(done.returncode, out, done.stderr.decode("utf-8", "backslashreplace"))


def attempt(writer: Writer, dest: str) -> tuple[list[str], dict[str, str]]:
    env = {"GITHUB_STEP_SUMMARY": dest} if writer.env_output else {}
    return writer.args(dest), env


def assert_no_traceback(outcome: Outcome) -> None:
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert "internal error" not in outcome.stderr
    assert outcome.code != 3


def assert_refused(writer: Writer, outcome: Outcome, before: dict[str, tuple[object, ...]], ws: Path) -> None:
    assert_no_traceback(outcome)
    if writer.env_output:
        # the job summary is the environment's courtesy: a warning, and the gates' own verdict stands
        assert outcome.code == 0, outcome.stderr
        assert "warning GITHUB_STEP_SUMMARY" in outcome.stderr, outcome.stderr
    else:
        assert outcome.code == 2, (outcome.code, outcome.stderr)
        assert "error" in outcome.stderr.lower(), outcome.stderr
    assert not has_unsafe(outcome.stderr), "a message showed a raw control character"
    assert snapshot(ws) == before, "a refused write changed the work folder"
    assert temporaries(ws) == []


@pytest.mark.parametrize(("writer_name", "destination"), MATRIX)
def test_every_writer_refuses_every_hostile_destination(
    writer_name: str, destination: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer = WRITERS[writer_name]
    if writer.input_allowed and destination in INPUT_DESTINATIONS:
        pytest.skip("merge OUT may be one of its inputs by design (a late respondent joining)")
    if not writer.has_inputs and destination in INPUT_DESTINATIONS:
        pytest.skip("schema reads no input file")
    ws = make_workspace(tmp_path / "ws")
    dest = HOSTILE_DESTINATIONS[destination](ws, writer.victim)
    before = snapshot(ws)
    args, env = attempt(writer, dest)
    if (writer_name, destination) in IN_SUBPROCESS:
        outcome = run_process(ws, args, env)  # a hang would be caught by the timeout
    else:
        outcome = run_cli(ws, args, env, monkeypatch)
    assert_refused(writer, outcome, before, ws)


@pytest.mark.parametrize("writer_name", sorted(WRITERS))
def test_a_dangling_symlink_is_followed_and_creates_its_target(
    writer_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documented success: like the shell's ``>``, the link's target is created and the link kept."""
    writer = WRITERS[writer_name]
    ws = make_workspace(tmp_path / "ws")
    dest = _dangling(ws, writer.victim)
    inputs = {k: v for k, v in snapshot(ws).items() if k != "dangling.out"}
    outcome = run_cli(ws, *attempt(writer, dest), monkeypatch)
    assert_no_traceback(outcome)
    assert outcome.code == 0, outcome.stderr
    assert (ws / "dangling.out").is_symlink()
    assert (ws / "sub" / "target.out").stat().st_size > 0
    after = snapshot(ws)
    assert {k: v for k, v in after.items() if k not in ("dangling.out", "sub/target.out")} == inputs
    assert temporaries(ws) == []


# export --output-dir writes two files: each hostile in turn, and both old files kept on refusal
OUTPUT_DIR_CASES: dict[str, Callable[[Path], None]] = {
    "responses.csv is the input": lambda od: shutil.copy(od.parent / "a.yaml", od / "responses.csv"),
    "dimensions.csv symlinks to an input": lambda od: (od / "dimensions.csv").symlink_to(od.parent / "b.yaml"),
    "dimensions.csv is a hard link to an input": lambda od: os.link(od.parent / "b.yaml", od / "dimensions.csv"),
    "dimensions.csv is read-only": lambda od: (
        (od / "dimensions.csv").write_text("x"),
        os.chmod(od / "dimensions.csv", 0o444),
    ),
    "dimensions.csv is a pipe nobody reads": lambda od: os.mkfifo(od / "dimensions.csv"),
    "responses.csv is a folder": lambda od: (od / "responses.csv").mkdir(),
    "dimensions.csv links to /dev/full": lambda od: (od / "dimensions.csv").symlink_to("/dev/full"),
}


@pytest.mark.parametrize("case", sorted(OUTPUT_DIR_CASES))
def test_export_output_dir_refuses_each_hostile_table_and_keeps_both_old_files(case: str, tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    od = ws / "tables"
    od.mkdir()
    (od / "responses.csv").write_text("old responses\n")
    (od / "dimensions.csv").write_text("old dimensions\n")
    for name in ("responses.csv", "dimensions.csv"):
        if name in case:
            (od / name).unlink()
    OUTPUT_DIR_CASES[case](od)
    before = snapshot(ws)
    inputs = ["responses.csv"] if case == "responses.csv is the input" else []
    outcome = run_process(
        ws, ["export", *(f"tables/{i}" for i in inputs), "a.yaml", "b.yaml", "--output-dir", "tables"], {}
    )
    assert_refused(WRITERS["export responses"], outcome, before, ws)


# --------------------------------------------------------------------------- full disk, at every step


FAULT_CASES: dict[str, tuple[list[str], list[str], dict[str, str]]] = {
    "report -o": (["report", "a.yaml", "-f", "html", "-o", "out.html"], ["out.html"], {}),
    "export -o": (["export", "a.yaml", "b.yaml", "-o", "out.csv"], ["out.csv"], {}),
    "export -f xlsx -o": (["export", "a.yaml", "b.yaml", "-f", "xlsx", "-o", "out.xlsx"], ["out.xlsx"], {}),
    "export --output-dir": (
        ["export", "a.yaml", "b.yaml", "--output-dir", "tables"],
        ["tables/responses.csv", "tables/dimensions.csv"],
        {},
    ),
    "schema -o": (["schema", "report", "-o", "out.json"], ["out.json"], {}),
    "diff -o": (["diff", "a.yaml", "b.yaml", "-f", "markdown", "-o", "out.md"], ["out.md"], {}),
    "trend -o": (["trend", "series", "-f", "json", "-o", "out.json"], ["out.json"], {}),
    "merge": (["merge", "--force", "merged.yaml", "a.yaml"], ["merged.yaml"], {}),
    "import -o": (["import", "responses.csv", *IMPORTED, "--force", "-o", "imported.yaml"], ["imported.yaml"], {}),
    "questionnaire export -o": (["questionnaire", "export", "--force", "-o", "blank.xlsx"], ["blank.xlsx"], {}),
    "check GITHUB_STEP_SUMMARY": (
        ["check", "a.yaml", "--min-overall", "0"],
        ["summary.md"],
        {"GITHUB_STEP_SUMMARY": "summary.md"},
    ),
}
FAULTS = (errno.ENOSPC, errno.EDQUOT, errno.EIO)
FAULTY_CALLS = ("write", "fsync", "replace", "open", "ftruncate")


class Injector:
    """Wraps os.<name>: counts calls, and fails the ``fail_at``-th call with ``code``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, fail_at: int | None, code: int) -> None:
        self.calls = 0
        self.fired = False
        real = getattr(os, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            self.calls += 1
            if self.calls == fail_at:
                self.fired = True
                raise OSError(code, os.strerror(code))
            return real(*args, **kwargs)

        monkeypatch.setattr(os, name, wrapper)


def prepare(ws: Path, targets: list[str], old: dict[str, bytes]) -> None:
    for target in targets:
        path = ws / target
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(old[target])
    for leftover in ws.rglob("*.tmp"):
        leftover.unlink()


@pytest.mark.parametrize("case", sorted(FAULT_CASES))
def test_a_full_disk_at_any_step_keeps_the_old_file_and_leaves_no_temporary(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, targets, env = FAULT_CASES[case]
    ws = make_workspace(tmp_path / "ws")
    old = {t: f"old {t}, complete\n".encode() for t in targets}
    summary = case.startswith("check")
    # a clean run: what the new files hold, and how many calls each step makes
    prepare(ws, targets, old)
    counts: dict[str, int] = {}
    with monkeypatch.context() as patch:
        injectors = {name: Injector(patch, name, None, 0) for name in FAULTY_CALLS}
        clean = run_cli(ws, args, env, patch)
        counts = {name: i.calls for name, i in injectors.items()}
    assert clean.code == 0, clean.stderr
    new = {t: (ws / t).read_bytes() for t in targets}
    inputs = {k: v for k, v in snapshot(ws).items() if not any(k.startswith(t) for t in [*targets, "tables"])}
    assert counts["write"], counts
    assert counts["fsync"], counts
    refused = 0
    for name in FAULTY_CALLS:
        for k in range(1, counts[name] + 1):
            code = FAULTS[(k + len(name)) % len(FAULTS)]
            prepare(ws, targets, old)
            with monkeypatch.context() as patch:
                injector = Injector(patch, name, k, code)
                outcome = run_cli(ws, args, env, patch)
            assert injector.fired
            where = f"{case}: os.{name} call {k} failing with {errno.errorcode[code]}"
            assert_no_traceback(outcome)
            state = {t: (ws / t).read_bytes() for t in targets}
            assert temporaries(ws) == [], where
            assert {k: v for k, v in snapshot(ws).items() if k in inputs} == inputs, where
            failed = outcome.code == 2 or (summary and "warning" in outcome.stderr)
            if failed:
                refused += 1
                said = "disk full" if code in (errno.ENOSPC, errno.EDQUOT) else os.strerror(code)
                assert said in outcome.stderr, (where, outcome.stderr)
                assert state == old, f"{where}: the old file was not kept"
            else:
                assert outcome.code == 0, (where, outcome.stderr)
                assert state == new, f"{where}: exit 0 but the file is not the complete new one"
    assert refused, f"{case}: no injected failure was reported"


@pytest.mark.parametrize(
    "args",
    [
        ["report", "a.yaml", "-f", "markdown", "-o", "/dev/full"],
        ["merge", "--force", "/dev/full", "a.yaml"],
        ["schema", "answers", "-o", "/dev/full"],
        ["export", "a.yaml", "-o", "/dev/full"],
        ["trend", "series", "-f", "html", "-o", "/dev/full"],
        ["import", "responses.csv", *IMPORTED, "--force", "-o", "/dev/full"],
        ["questionnaire", "export", "--force", "-o", "/dev/full"],
    ],
    ids=lambda a: a[0],
)
def test_dev_full_is_exit_2_disk_full(args: list[str], tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    before = snapshot(ws)
    outcome = run_process(ws, args, {})
    assert outcome.code == 2, outcome.stderr
    assert "disk full" in outcome.stderr
    assert_no_traceback(outcome)
    assert snapshot(ws) == before


# --------------------------------------------------------------------------- GITHUB_STEP_SUMMARY


@pytest.mark.parametrize("dest", ["/dev/full", "missing/summary.md", "sub", "a.yaml"])
def test_a_failing_gate_keeps_exit_1_when_the_step_summary_cannot_be_written(
    dest: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ws = make_workspace(tmp_path / "ws")
    verdict = 1  # exit 0 with a failing summary is covered by the matrix (check summary × every destination)
    before = snapshot(ws)
    args, env = ["check", "a.yaml", "--min-overall", "4"], {"GITHUB_STEP_SUMMARY": dest}
    outcome = run_process(ws, args, env) if dest == "/dev/full" else run_cli(ws, args, env, monkeypatch)
    assert outcome.code == verdict, (dest, outcome.stderr)
    assert "warning GITHUB_STEP_SUMMARY" in outcome.stderr, (dest, outcome.stderr)
    assert_no_traceback(outcome)
    assert snapshot(ws) == before


def test_step_summary_is_appended_whole_after_what_was_there(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    (ws / "summary.md").write_text("## an earlier step\n")
    outcome = run_process(ws, ["check", "a.yaml", "--min-overall", "0"], {"GITHUB_STEP_SUMMARY": "summary.md"})
    assert outcome.code == 0, outcome.stderr
    text = (ws / "summary.md").read_text()
    assert text.startswith("## an earlier step\n## aiopgap check: ✅ passed")
    assert text.endswith("</details>\n")


# --------------------------------------------------------------------------- stdout and inherited descriptors


def test_dev_stdout_writes_through_the_shells_descriptor_in_append_mode(tmp_path: Path) -> None:
    """``-o /dev/stdout >> log`` appends to the log; it never truncates or replaces anything."""
    ws = make_workspace(tmp_path / "ws")
    log = ws / "log.md"
    log.write_text("earlier lines\n")
    report = run_process(ws, ["report", "a.yaml", "-f", "markdown"], {}).stdout
    with log.open("ab") as handle:
        outcome = run_process(ws, ["report", "a.yaml", "-f", "markdown", "-o", "/dev/stdout"], {}, stdout=handle)
    assert outcome.code == 0, outcome.stderr
    assert log.read_text() == "earlier lines\n" + report
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").is_file()
    assert temporaries(ws) == []


# --------------------------------------------------------------------------- kill -9, then the next run

HANG_IN_WRITE = """
import os, sys, time
real = os.write
def ours(fd):  # the output's temporary file in the working folder, not a library's scratch file
    where = os.readlink(f"/proc/self/fd/{fd}")
    return where.startswith(os.getcwd()) and where.endswith(".tmp")
def write(fd, data):
    if fd > 2 and ours(fd):  # the output file: write a little, then hang until killed
        real(fd, bytes(data)[:10])
        print("WRITING", flush=True)
        time.sleep(600)
    return real(fd, data)
os.write = write
sys.argv = ["aiopgap", *sys.argv[1:]]
from aiopgap.cli import main
main()
"""

KILL_CASES: dict[str, tuple[list[str], list[str]]] = {
    "report": (["report", "a.yaml", "-f", "html", "-o", "out.html"], ["out.html"]),
    "export": (["export", "a.yaml", "b.yaml", "-o", "out.csv"], ["out.csv"]),
    "export xlsx": (["export", "a.yaml", "b.yaml", "-f", "xlsx", "-o", "out.xlsx"], ["out.xlsx"]),
    "export --output-dir": (["export", "a.yaml", "--output-dir", "."], ["responses.csv", "dimensions.csv"]),
    "schema": (["schema", "answers", "-o", "out.json"], ["out.json"]),
    "diff": (["diff", "a.yaml", "b.yaml", "-f", "json", "-o", "out.json"], ["out.json"]),
    "trend": (["trend", "series", "-o", "out.md", "-f", "markdown"], ["out.md"]),
    "merge": (["merge", "--force", "merged.yaml", "part1.yaml", "part2.yaml"], ["merged.yaml"]),
    "import": (["import", "responses.csv", *IMPORTED, "--force", "-o", "imported.yaml"], ["imported.yaml"]),
    "questionnaire export": (["questionnaire", "export", "--force", "-o", "blank.xlsx"], ["blank.xlsx"]),
}


def hang_in_write(ws: Path, args: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", HANG_IN_WRITE, *args],
        cwd=ws,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


@pytest.mark.parametrize("case", sorted(KILL_CASES))
def test_the_next_run_removes_what_a_killed_writer_left(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args, targets = KILL_CASES[case]
    ws = make_workspace(tmp_path / "ws")
    child = hang_in_write(ws, args)
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "WRITING"
        left = temporaries(ws)
        assert left
        assert all(f".{child.pid}." in name for name in left), left  # the writer's PID in the name
        # while the writer lives, another run leaves its temporary file alone and still succeeds
        assert run_cli(ws, args, {}, monkeypatch).code == 0
        assert sorted(temporaries(ws)) == sorted(left)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    outcome = run_cli(ws, args, {}, monkeypatch)
    assert outcome.code == 0, outcome.stderr
    assert temporaries(ws) == [], "the second run left the killed writer's temporary file"
    for target in targets:
        assert (ws / target).stat().st_size > 0


def test_a_temporary_whose_writer_holds_its_lock_is_never_removed(tmp_path: Path) -> None:
    """A writer in another PID namespace (a container sharing the folder) looks dead by PID; its lock says alive."""
    import fcntl

    from aiopgap.files.temporaries import remove_stale_temporaries

    out = tmp_path / "out.html"
    busy = tmp_path / ".out.html.999999999.abcdefgh.tmp"  # a PID nobody here has
    dead = tmp_path / ".out.html.999999998.abcdefgh.tmp"
    other = tmp_path / ".out.html.x.999999998.abcdefgh.tmp"  # a temporary of out.html.x, not of out.html
    for path in (busy, dead, other):
        path.write_text("half")
    fd = os.open(busy, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        assert remove_stale_temporaries(out) == [dead]
    finally:
        os.close(fd)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([busy.name, other.name])


# --------------------------------------------------------------------------- concurrency


def test_concurrent_writers_of_one_report_leave_one_complete_report(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path / "ws")
    complete = {run_process(ws, ["report", name, "-f", "html"], {}).stdout.encode() for name in ("a.yaml", "b.yaml")}
    assert len(complete) == 2
    env = {**os.environ, "NO_COLOR": "1"}
    for _ in range(1):
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "aiopgap", "report", name, "-f", "html", "-o", "same.html"],
                cwd=ws,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for name in ("a.yaml", "b.yaml") * 2
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=PROCESS_TIMEOUT)
            assert proc.returncode == 0, err
        assert (ws / "same.html").read_bytes() in complete
        assert temporaries(ws) == []


# --------------------------------------------------------------------------- an unprivileged user


@pytest.fixture
def shared_workspace() -> Iterator[Path]:
    """A work folder an unprivileged user can reach (pytest's tmp_path is private to root)."""
    root = Path(tempfile.mkdtemp(prefix="aiopgap-trust-"))
    root.chmod(0o755)
    try:
        yield make_workspace(root / "ws")
    finally:
        shutil.rmtree(root, ignore_errors=True)


def as_nobody() -> None:  # pragma: no cover - runs in the child
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)


def nobody_can_run_python() -> bool:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return False
    try:
        subprocess.run([sys.executable, "-c", "import aiopgap"], preexec_fn=as_nobody, check=True, capture_output=True)
    except (OSError, subprocess.SubprocessError):
        return False
    return True


@pytest.mark.skipif(not nobody_can_run_python(), reason="needs root, and an interpreter another user can run")
def test_an_unprivileged_user_is_refused_cleanly(shared_workspace: Path) -> None:
    ws = shared_workspace
    ws.chmod(0o777)  # nobody may create files here, but not change root's own report
    (ws / "locked").mkdir(mode=0o755)
    (ws / "roots.html").write_text("root's report\n")
    (ws / "roots.html").chmod(0o644)
    for path in ws.rglob("*"):
        if path.is_dir():
            path.chmod(path.stat().st_mode | 0o005)
        else:
            path.chmod(path.stat().st_mode | 0o004)
    before = snapshot(ws)
    for dest, said in (("locked/out.html", "no permission"), ("roots.html", "read-only")):
        outcome = run_process(ws, ["report", "a.yaml", "-f", "html", "-o", dest], {}, preexec_fn=as_nobody)
        assert outcome.code == 2, outcome.stderr
        assert said in outcome.stderr
        assert_no_traceback(outcome)
        assert snapshot(ws) == before
    fine = run_process(ws, ["report", "a.yaml", "-f", "html", "-o", "mine.html"], {}, preexec_fn=as_nobody)
    assert fine.code == 0, fine.stderr


def emulate_an_ordinary_user(patch: pytest.MonkeyPatch) -> None:
    """As root, os.access says yes to everything: answer from the mode bits as for a non-root owner."""
    real_access = os.access

    def access(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and not os.stat(path).st_mode & 0o200:  # type: ignore[arg-type]
            return False
        return real_access(path, mode, **kwargs)  # type: ignore[arg-type]

    patch.setattr(os, "access", access)


def refuse_creation(code: int) -> Callable[[pytest.MonkeyPatch], None]:
    """Creating a file fails though the checks passed (an ACL, SELinux, a remount read-only meanwhile)."""

    def install(patch: pytest.MonkeyPatch) -> None:
        real_open = os.open

        def open_(path: object, flags: int, *args: object, **kwargs: object) -> int:
            if flags & os.O_CREAT:
                raise OSError(code, os.strerror(code), path)
            return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

        patch.setattr(os, "open", open_)

    return install


def read_only_file_system(patch: pytest.MonkeyPatch) -> None:
    real = os.statvfs

    class ReadOnly:
        def __init__(self, result: os.statvfs_result) -> None:
            self.f_flag = result.f_flag | os.ST_RDONLY

    patch.setattr(os, "statvfs", lambda path: ReadOnly(real(path)))


DENIALS: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], str]] = {
    "folder without write permission": (emulate_an_ordinary_user, "no permission to create files"),
    "file without write permission": (emulate_an_ordinary_user, "read-only"),
    "creation denied (EACCES)": (refuse_creation(errno.EACCES), "Permission denied"),
    "read-only file system (statvfs)": (read_only_file_system, "read-only file system"),
    "read-only file system (EROFS)": (refuse_creation(errno.EROFS), "Read-only file system"),
}


@pytest.mark.parametrize("writer_name", ["report html", "export responses", "schema report", "trend", "merge"])
@pytest.mark.parametrize("denial", sorted(DENIALS))
def test_denied_writes_are_exit_2_and_change_nothing(
    denial: str, writer_name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install, said = DENIALS[denial]
    writer = WRITERS[writer_name]
    ws = make_workspace(tmp_path / "ws")
    locked = ws / "locked"
    locked.mkdir()
    (locked / "old.out").write_text("old\n")
    (locked / "old.out").chmod(0o444 if denial.startswith("file") else 0o644)
    if denial.startswith("folder"):
        locked.chmod(0o555)
    dest = "locked/old.out" if denial.startswith("file") else "locked/new.out"
    before = snapshot(ws)
    with monkeypatch.context() as patch:
        install(patch)
        outcome = run_cli(ws, *attempt(writer, dest), patch)
    assert said in outcome.stderr, outcome.stderr
    assert_refused(writer, outcome, before, ws)


# --------------------------------------------------------------------------- names an attacker would choose

NAME_CHARS = st.sampled_from(
    [
        "a",
        "Z",
        "é",
        ".",
        "-",
        " ",
        "/",
        "\\",
        "\n",
        "\t",
        "\x1b",
        "\x7f",
        "\x85",
        "\u202e",
        "\u2028",
        "\udcff",
        "\udc80",
        "\x00",
        "*",
    ]
)
NAMES = st.one_of(
    st.lists(NAME_CHARS, min_size=1, max_size=12).map("".join),
    st.integers(min_value=250, max_value=5000).map(lambda n: "n" * n),
    st.sampled_from(["a.yaml", "./a.yaml", "b.yaml", "series/q4.yaml", "series", ".", "..", "/", "sub/", "a.yaml/x"]),
)


@settings(max_examples=examples(30, 2000))
@given(name=NAMES)
def test_any_output_name_is_written_exactly_or_refused_cleanly(name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ws = make_workspace(Path(folder) / "ws")
        before = snapshot(ws)
        cwd = os.getcwd()
        os.chdir(ws)
        try:
            result = runner.invoke(app, ["report", "a.yaml", "-f", "markdown", "-o", name])
        finally:
            os.chdir(cwd)
        outcome = Outcome(result.exit_code, result.stdout, result.stderr)
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            raise result.exception
        assert_no_traceback(outcome)
        assert outcome.code in (0, 2), outcome
        assert not has_unsafe(outcome.stderr)
        assert temporaries(ws) == []
        after = snapshot(ws)
        if outcome.code == 2:
            assert after == before
        elif str(Path(name)) == "-":  # `-o -` (also ./- and -/, as a path reads them) is standard output
            assert after == before
            assert outcome.stdout.startswith("# AI operating model gap")
        else:
            written = Path(ws, name)
            assert after["a.yaml"] == before["a.yaml"]  # the input is never touched
            # nothing else changed but the named file (another file the user named on purpose may be replaced)
            same = {k: v for k, v in after.items() if k in before and not (ws / k).samefile(written)}
            assert same == {k: v for k, v in before.items() if k in same}
            assert set(before) <= set(after)
            assert written.read_text(encoding="utf-8").startswith("# AI operating model gap")
