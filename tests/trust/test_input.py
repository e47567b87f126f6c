"""Issue 18, everything that is READ: hostile input gives exit 0 or 2 with a located message, never a traceback.

Each test goes through the real CLI (typer's CliRunner, and real ``python -m aiopgap`` processes where
the process itself matters: pipes, devices, memory, time). The hypothesis generators reuse the profiles
of test_fuzz.py (a few examples by default, thousands under HYPOTHESIS_PROFILE=nightly).
"""

from __future__ import annotations

import errno
import functools
import io
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES, ROOT, examples

DEFAULT_QUESTIONNAIRE = ROOT / "questionnaires" / "default.yaml"
MERIDIAN = EXAMPLES / "meridian-2026-Q3.yaml"
ANSWER_FILES = sorted([*EXAMPLES.glob("*.yaml"), *EXAMPLES.glob("workshop/*.yaml")])
LOCATED = re.compile(r"error \S+:\d+(:\d+)?: ")


def cli(*args: str | Path, env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the CLI in-process; the exit code and everything it printed (stdout and stderr)."""
    result = CliRunner().invoke(app, [str(a) for a in args], env=env, catch_exceptions=False)
    return result.exit_code, result.output


def run(*args: str | Path, timeout: float = 60, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m aiopgap`` in a real process."""
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *map(str, args)],
        capture_output=True,
        text=True,
        errors="replace",
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
    )


def assert_handled(code: int, output: str, allowed: tuple[int, ...] = (0, 2)) -> None:
    """Bad input is exit 2 with the tool's own message; never a traceback, never an internal error."""
    assert code in allowed, output[-2000:]
    assert "Traceback" not in output, output[-2000:]
    assert "internal error" not in output, output[-2000:]


# --------------------------------------------------------------------------- 1. YAML scalars

# Scalars an attacker writes where a number, a bool or text is expected.
HOSTILE_SCALARS = [
    "9" * 5000,  # Python's int-string conversion limit
    "-" + "9" * 5000,
    "1" + "0" * 4300 + ".0",
    "!!int " + "9" * 5000,
    "!!int 0x" + "F" * 5000,
    "!!float " + "9" * 5000,
    ":".join(["1"] + ["59"] * 200),  # sexagesimal int, YAML 1.1
    ":".join(["1"] + ["59"] * 200) + ".5",  # sexagesimal float: overflows a float
    "190:20:30",
    "!!bool maybe",
    "!!bool",
    "0x1F",
    "0o17",
    "0b1",
    "0777",
    "1_000",
    "!!int abc",
    "!!int",
    "!!int 1:2:3",
    "!!float x",
    "!!float",
    "!!float 1e400",
    "1.0e+400",
    ".inf",
    "-.inf",
    ".nan",
    "!!float .nan",
    "!!null x",
    "!!null",
    "!!timestamp 2020-01-01",
    "!!timestamp bad",
    "!!binary aGVsbG8=",
    "!!binary @@@",
    "!!set {a}",
    "!!omap [{a: 1}]",
    "!!pairs [{a: 1}]",
    "!!str 3",
    "!!merge x",
    "!!value x",
    "!!python/object/apply:os.system ['echo pwned']",
    "! 3",
    "!custom 3",
    "~",
    "yes",
    "Off",
    "2026-01-01",
    "-0",
    "+3",
    "1e3",
    "3.",
]


def yaml_scalar_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) character offsets of every scalar (keys included) of a YAML text."""
    spans: list[tuple[int, int]] = []
    stack: list[Any] = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode):
            spans.append((node.start_mark.index, node.end_mark.index))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return sorted(set(spans))


@functools.cache
def source(path: Path) -> tuple[str, tuple[tuple[int, int], ...]]:
    text = path.read_text(encoding="utf-8")
    return text, tuple(yaml_scalar_spans(text))


def substituted(path: Path, index: int, scalar: str) -> str:
    text, spans = source(path)
    start, end = spans[index % len(spans)]
    return text[:start] + scalar + text[end:]


def first_line_with(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


@pytest.mark.parametrize("scalar", HOSTILE_SCALARS, ids=lambda s: s[:24])
@pytest.mark.parametrize("where", ["level", "target", "note", "months"])
def test_hostile_scalar_in_an_answers_file_is_a_located_problem_or_a_value(
    tmp_path: Path, where: str, scalar: str
) -> None:
    text = MERIDIAN.read_text(encoding="utf-8")
    needle = {
        "level": "        level: 3\n",
        "target": "  ownership: 3\n",
        "note": '    note: "Commerce vendor\'s ranking API; behaviour changed twice this year without notice."\n',
        "months": "    months_in_pilot: 11\n",
    }[where]
    key = needle.split(":")[0]
    assert needle in text
    path = tmp_path / "answers.yaml"
    path.write_text(text.replace(needle, f"{key}: {scalar}\n", 1), encoding="utf-8")
    code, output = cli("validate", path)
    assert_handled(code, output)
    if code == 2:
        assert LOCATED.search(output), output
    # report and check load the file as validate does; a refused file is tried through check only
    more = [["check", path, "--min-overall", "0"]]
    if code == 0:
        more.append(["report", path, "--format", "json"])
    for args in more:
        code, output = cli(*args)
        assert_handled(code, output)
        if code == 2:
            assert LOCATED.search(output), output


@pytest.mark.parametrize(
    ("scalar", "message"),
    [
        ("9" * 5000, "too long"),
        ("!!int abc", "not a whole number"),
        ("!!float x", "not a decimal number"),
        ("!!float 1e400", "too large"),
        ("!!bool maybe", "not true or false"),
        ("!!null x", "cannot have a value"),
        ("!!binary aGVsbG8=", "'!!binary' is not allowed"),
        ("!!int", "not a whole number"),
    ],
)
def test_bad_scalars_name_their_line_and_column(tmp_path: Path, scalar: str, message: str) -> None:
    text = MERIDIAN.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    row = lines.index("        level: 3\n")
    lines[row] = f"        level: {scalar}\n"
    path = tmp_path / "answers.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    code, output = cli("validate", path)
    assert code == 2, output
    assert f"answers.yaml:{row + 1}:16: " in output
    assert message in output


@pytest.mark.parametrize("scalar", ["0x1F", "0o17", "0777", "1_000", "1:30", ".inf", ".nan", "0b1"])
def test_yaml_1_1_numerals_in_text_fields_are_kept_as_typed(tmp_path: Path, scalar: str) -> None:
    """A note or a period written ``0x1F`` or ``1:30`` is that text, not 31 or 90."""
    text = MERIDIAN.read_text(encoding="utf-8")
    text = text.replace(
        '    note: "Commerce vendor\'s ranking API; behaviour changed twice this year without notice."\n',
        f"    note: {scalar}\n",
    ).replace("period: 2026-Q3\n", f"period: {scalar}\n")
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    code, output = cli("report", path, "--format", "json")
    assert code == 0, output
    report = json.loads(output)
    assert report["period"] == scalar
    notes = [i["note"] for i in report["inventory"]["initiatives"] if i["name"] == "Site search ranking"]
    assert notes == [scalar]


@pytest.mark.parametrize("scalar", ["0x3", "0o3", "03", "1_0", ".inf", ".nan", "0:3"])
def test_yaml_1_1_numerals_are_not_levels(tmp_path: Path, scalar: str) -> None:
    path = tmp_path / "answers.yaml"
    path.write_text(MERIDIAN.read_text(encoding="utf-8").replace("        level: 3\n", f"        level: {scalar}\n"))
    code, output = cli("validate", path)
    assert code == 2, output
    assert "a level must be a whole number or n/a" in output


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("        level: 3\n", "        level: '" + "x" * 100_000 + "'\n"),
        ("  version: 1.0.0\n", "  version: '1.0." + "0" * 100_000 + "'\n"),
        ("      ownership.owner-decision-rights: 2\n", "      " + "X" * 100_000 + ": 2\n"),
        ("  ownership: 3\n", "  ownership: '" + "9" * 100_000 + "'\n"),
    ],
    ids=["level", "version", "question id", "target"],
)
def test_error_messages_quote_huge_values_briefly(tmp_path: Path, old: str, new: str) -> None:
    """Describing a bad value never raises and never floods the screen with it."""
    path = tmp_path / "answers.yaml"
    text = MERIDIAN.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    code, output = cli("validate", path)
    assert code == 2, output[:2000]
    assert LOCATED.search(output), output[:2000]
    assert len(output) < 2000, output[:2000]


hostile_scalar = st.one_of(
    st.sampled_from(HOSTILE_SCALARS),
    st.integers(min_value=-(10**120), max_value=10**120).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        ["!!int", "!!float", "!!bool", "!!null", "!!str", "!!timestamp", "!!binary", "!!set", "!!omap"]
    ).flatmap(
        lambda tag: st.sampled_from(["", " 1", " x", " 0x1F", " 1:30", " .inf", " yes", " 2026-01-01", " ~"]).map(
            lambda content: tag + content
        )
    ),
    st.tuples(st.integers(0, 9), st.lists(st.integers(0, 59), min_size=1, max_size=300)).map(
        lambda t: ":".join([str(t[0]), *map(str, t[1])])
    ),
    st.sampled_from(["0x", "0o", "0b", "0", "+", "-", ".", "_"]).flatmap(
        lambda prefix: st.text("0123456789abcdefABCDEF_", min_size=1, max_size=30).map(lambda d: prefix + d)
    ),
)


@settings(max_examples=examples(40, 3000))
@given(path=st.sampled_from(ANSWER_FILES), index=st.integers(0, 10**6), scalar=hostile_scalar)
def test_hostile_scalar_in_any_position_of_an_example(path: Path, index: int, scalar: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "answers.yaml"
        target.write_text(substituted(path, index, scalar), encoding="utf-8")
        for args in (
            ["validate", target],
            ["report", target, "--format", "json"],
            ["check", target, "--min-overall", "0"],
        ):
            assert_handled(*cli(*args), allowed=(0, 1, 2))


@settings(max_examples=examples(25, 2000))
@given(index=st.integers(0, 10**6), scalar=hostile_scalar)
def test_hostile_scalar_in_any_position_of_the_bundled_questionnaire(index: int, scalar: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "q.yaml"
        target.write_text(substituted(DEFAULT_QUESTIONNAIRE, index, scalar), encoding="utf-8")
        assert_handled(*cli("validate", target))
        assert_handled(*cli("report", MERIDIAN, "--questionnaire", target, "--format", "json"))
        assert_handled(*cli("questionnaire", "show", target))


def test_hostile_scalars_through_real_processes(tmp_path: Path) -> None:
    """The same in real processes: what the user runs, with the last-resort handler in place."""
    for i, scalar in enumerate(["9" * 5000, "!!bool maybe", "!!int abc", "!!float x", ":".join(["1"] + ["59"] * 200)]):
        path = tmp_path / f"a{i}.yaml"
        path.write_text(MERIDIAN.read_text(encoding="utf-8").replace("  ownership: 3\n", f"  ownership: {scalar}\n"))
        proc = run("validate", path)
        assert_handled(proc.returncode, proc.stdout + proc.stderr)


# --------------------------------------------------------------------------- byte-level mutations


def mutate_bytes(data: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    for kind, at, span, blob in edits:
        at %= max(len(data), 1)
        if kind == "flip":
            data = data[:at] + bytes([data[at] ^ (1 << (span % 8))]) + data[at + 1 :] if data else data
        elif kind == "insert":
            data = data[:at] + blob + data[at:]
        else:
            data = data[:at] + data[at + span :]
    return data


byte_edits = st.lists(
    st.tuples(
        st.sampled_from(["flip", "insert", "delete"]),
        st.integers(0, 10**6),
        st.integers(1, 64),
        st.sampled_from([b"\x00", b"\xff", b"\xfe\xff", b"\xef\xbb\xbf", b"\xc3", b"\x85", b"\r", b"\t", b"&a ", b"*a"])
        | st.binary(max_size=8),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=examples(30, 2000))
@given(first=st.sampled_from(ANSWER_FILES), second=st.sampled_from(ANSWER_FILES), edits=byte_edits, cut=st.floats(0, 1))
def test_byte_mutations_and_splices_of_examples(first: Path, second: Path, edits: Any, cut: float) -> None:
    import tempfile

    a, b = first.read_bytes(), second.read_bytes()
    spliced = a[: int(len(a) * cut)] + b[int(len(b) * cut) :]
    with tempfile.TemporaryDirectory() as folder:
        for i, data in enumerate((mutate_bytes(a, edits), spliced)):
            target = Path(folder) / f"m{i}.yaml"
            target.write_bytes(data)
            code, output = cli("validate", target)
            assert_handled(code, output)
            if code == 2:  # every problem names its line, whatever the bytes
                assert all(LOCATED.match(line) for line in output.splitlines() if line.startswith("error")), output
            assert_handled(*cli("diff", MERIDIAN, target), allowed=(0, 2))


# --------------------------------------------------------------------------- 2. resources on read


def alias_bomb(respondents: int, answers: int, note_chars: int) -> str:
    """A valid answers file whose notes are one long note repeated through aliases."""
    dimensions = yaml.safe_load(DEFAULT_QUESTIONNAIRE.read_text(encoding="utf-8"))["dimensions"]
    questions = [q["id"] for d in dimensions for q in d["questions"]][:answers]
    lines = [
        "questionnaire: {id: aiopgap-default, version: 1.0.0}",
        "organisation: Bomb",
        "period: 2026-Q3",
        "respondents:",
        "  - name: R0",
        "    role: Risk",
        "    answers: &answers",
        f"      {questions[0]}: &a {{level: 1, note: &n '{'x' * note_chars}'}}",
        *(f"      {q}: *a" for q in questions[1:]),
        *(f"  - {{name: R{i}, role: Risk, answers: *answers}}" for i in range(1, respondents)),
    ]
    return "\n".join(lines) + "\n"


def test_text_repeated_through_aliases_is_refused_when_read(tmp_path: Path) -> None:
    """A 4,000-character note aliased into 35 answers of 900 respondents is 126 MB of report text."""
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(900, 35, 4000), encoding="utf-8")
    assert path.stat().st_size < 100_000
    start = time.perf_counter()
    proc = run("report", path, "--format", "html", "-o", tmp_path / "out.html", timeout=120)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "characters of text" in proc.stderr
    assert "refusing to read it" in proc.stderr
    assert re.search(r"bomb\.yaml:\d+:\d+: ", proc.stderr), proc.stderr
    assert time.perf_counter() - start < 30
    assert not (tmp_path / "out.html").exists()


@settings(max_examples=examples(10, 300))
@given(
    breadth=st.integers(1, 40),
    depth=st.integers(1, 8),
    leaf=st.integers(0, 200_000),
)
def test_alias_bombs_of_any_shape_are_bounded(breadth: int, depth: int, leaf: int) -> None:
    """breadth x depth levels of aliases over a leaf of ``leaf`` characters: read or refused, quickly."""
    import tempfile

    lines = [f"a0: &a0 '{'x' * leaf}'"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * breadth) + "]" for i in range(1, depth + 1)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bomb.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        start = time.perf_counter()
        code, output = cli("validate", path)
        assert_handled(code, output, allowed=(2,))
        assert time.perf_counter() - start < 10
        expanded_values = sum(breadth**i for i in range(depth + 1))
        if expanded_values > 250_000 or leaf * breadth**depth > 2 * 5 * 1024 * 1024:
            assert "refusing to read it" in output, output


def peak_run(*args: str | Path, timeout: float = 120) -> tuple[int, str, float, int]:
    """Run the CLI in a real process; its exit code, stderr, wall time and peak memory (KiB, VmHWM)."""
    script = (
        "import runpy, sys, atexit\n"
        "def peak():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            sys.__stderr__.write('PEAK ' + line.split()[1] + '\\n')\n"
        "atexit.register(peak)\n"
        "sys.argv = ['aiopgap', *sys.argv[1:]]\n"
        "runpy.run_module('aiopgap', run_name='__main__')\n"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)], capture_output=True, text=True, timeout=timeout
    )
    elapsed = time.perf_counter() - start
    found = re.search(r"PEAK (\d+)", proc.stderr)
    return proc.returncode, proc.stderr, elapsed, int(found.group(1)) if found else 0


@pytest.mark.parametrize("shape", ["list", "mapping"])
def test_a_5_mb_flow_collection_is_refused_early(tmp_path: Path, shape: str) -> None:
    """Values are counted while composing: reading stops at the limit instead of composing 1.6 million nodes."""
    path = tmp_path / "flow.yaml"
    if shape == "list":
        path.write_text("[" + ", ".join(["1"] * 1_600_000) + "]\n")
    else:
        path.write_text("{" + ", ".join(f"k{i}: 1" for i in range(400_000)) + "}\n")
    assert path.stat().st_size > 4_500_000
    code, stderr, elapsed, peak_kib = peak_run("validate", path)
    assert code == 2, stderr
    assert "more than 250,000 values" in stderr
    assert re.search(r"flow\.yaml:1:\d+: ", stderr)
    assert peak_kib < 250 * 1024, peak_kib  # composing the whole list took 515 MB
    assert elapsed < 20


def test_a_hundred_thousand_unknown_question_ids_are_reported_quickly(tmp_path: Path) -> None:
    """Locating each problem was a scan of the whole mapping (quadratic): 100,000 ids took minutes."""
    head = MERIDIAN.read_text(encoding="utf-8").split("respondents:")[0]
    answers = ", ".join(f"x.q{i}: 1" for i in range(100_000))
    path = tmp_path / "many.yaml"
    path.write_text(head + "respondents:\n  - name: A\n    role: B\n    answers: {" + answers + "}\n")
    proc = run("validate", path, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.count("unknown question id") == 200
    assert "only the first 200 of this file are listed" in proc.stderr


@pytest.fixture
def fifo_fed_forever(tmp_path: Path) -> Iterator[Path]:
    """A named pipe with a writer that writes YAML-ish text until the reader goes away."""
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    stop = threading.Event()

    def writer() -> None:
        while not stop.is_set():
            try:
                fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as exc:
                if exc.errno == errno.ENXIO:  # nobody reading yet
                    time.sleep(0.01)
                    continue
                return
            os.set_blocking(fd, True)
            try:
                while not stop.is_set():
                    os.write(fd, b"notes: " + b"x" * 65_000 + b"\n")
            except OSError:  # the reader closed its end: start again for the next reader
                pass
            finally:
                os.close(fd)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    yield path
    stop.set()
    try:  # unblock a writer waiting for a reader
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        os.close(fd)
    except OSError:
        pass
    thread.join(timeout=5)


def test_a_fifo_fed_forever_is_refused_after_the_limit(fifo_fed_forever: Path, tmp_path: Path) -> None:
    for args in (
        ["validate", fifo_fed_forever],
        ["trend", MERIDIAN, fifo_fed_forever],
        ["check", MERIDIAN, "--config", fifo_fed_forever, "--min-overall", "0"],
    ):
        proc = run(*args, timeout=30)
        assert proc.returncode == 2, proc.stderr
        assert "larger than 5 MiB" in proc.stderr
        assert str(fifo_fed_forever) in proc.stderr


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_devices_are_read_only_up_to_the_limit(device: str, tmp_path: Path) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device}")
    for args in (
        ["validate", device],
        ["report", device],
        ["diff", MERIDIAN, device],
        ["trend", MERIDIAN, device],
        ["check", MERIDIAN, "--baseline", device],
        ["check", MERIDIAN, "--config", device, "--min-overall", "0"],
        ["report", MERIDIAN, "--questionnaire", device],
    ):
        proc = run(*args, timeout=30)
        assert_handled(proc.returncode, proc.stdout + proc.stderr, allowed=(2,))
        assert device in proc.stderr


# --------------------------------------------------------------------------- 3. JSON reports


@functools.cache
def report_json() -> str:
    code, output = cli("report", EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml", "--format", "json")
    assert code == 0
    return output


def json_number_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r"(?<=[:\[,\s])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?=[,\s\]}])", text)]


def json_string_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(r'"(?:[^"\\]|\\.)*"', text)]


LIMIT_NUMBERS = ["0", "-1", "1e308", "-1e308", "1e8", "100000000", "NaN", "Infinity", "-Infinity", "9" * 5000, "1e-320"]
MALFORMED_STRINGS = [
    '"1.0"',
    '"1.x.0"',
    '"' + "9" * 5000 + '.0.0"',
    '"1.0.0.0"',
    '"\\u0661.0.0"',
    '""',
    "null",
    "[]",
    "{}",
]


@pytest.mark.parametrize(
    ("pattern", "value", "message"),
    [
        (r'"scale_max": \d+', '"scale_max": 1e8', "scale_max"),
        (r'"scale_max": \d+', '"scale_max": 100000000', "scale_max"),
        (r'"questionnaire_version": "[^"]*"', '"questionnaire_version": "1.x"', "questionnaire_version"),
        (
            r'"questionnaire_version": "[^"]*"',
            '"questionnaire_version": "' + "9" * 5000 + '.0.0"',
            "questionnaire_version",
        ),
        (r'"coverage": [\d.]+', '"coverage": NaN', "coverage"),
        (r'"score": [\d.]+', '"score": Infinity', "score"),
        (r'"score": [\d.]+', '"score": ' + "9" * 5000, "score"),
        (r'"score": [\d.]+', '"score": 7.5', "score"),
        (r'"level": \d+(?![\s\S]*"level": \d)', '"level": -1', "level"),
    ],
)
def test_hostile_json_report_values_are_located(tmp_path: Path, pattern: str, value: str, message: str) -> None:
    text = report_json()
    changed = re.sub(pattern, value.replace("\\", "\\\\"), text, count=1)
    assert changed != text
    path = tmp_path / "old.json"
    path.write_text(changed, encoding="utf-8")
    for args in (
        ["diff", path, MERIDIAN],
        ["trend", path, MERIDIAN],
        ["check", MERIDIAN, "--baseline", path],
    ):
        code, output = cli(*args)
        assert code == 2, output
        assert re.search(r"old\.json:\d+:\d+: ", output), output
        assert message in output


def test_json_report_nested_deeply_or_not_utf8(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"format": "aiopgap.report/1", "x": ' + "[" * 100_000 + "]" * 100_000 + "}")
    code, output = cli("diff", deep, MERIDIAN)
    assert code == 2, output
    assert "nested" in output, output
    latin = tmp_path / "latin.json"
    latin.write_bytes(report_json().encode("utf-8").replace(b'"organisation": "', b'"organisation": "Caf\xe9 ', 1))
    code, output = cli("trend", latin, MERIDIAN)
    assert code == 2, output
    assert "not UTF-8" in output, output
    assert re.search(r"latin\.json:\d+:\d+: ", output), output


@settings(max_examples=examples(40, 2000))
@given(
    index=st.integers(0, 10**6),
    replacement=st.sampled_from(LIMIT_NUMBERS + MALFORMED_STRINGS),
    numbers=st.booleans(),
    command=st.sampled_from(["diff", "trend", "check"]),
)
def test_json_report_mutations_through_diff_trend_and_check(
    index: int, replacement: str, numbers: bool, command: str
) -> None:
    import tempfile

    text = report_json()
    spans = json_number_spans(text) if numbers else json_string_spans(text)
    start, end = spans[index % len(spans)]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "old.json"
        path.write_text(text[:start] + replacement + text[end:], encoding="utf-8")
        newer = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
        if command == "diff":
            code, output = cli("diff", path, newer, "--fail-on-regression")
        elif command == "trend":
            code, output = cli("trend", path, MERIDIAN)
        else:
            code, output = cli("check", newer, "--baseline", path, "--no-config")
        assert_handled(code, output, allowed=(0, 1, 2))


# --------------------------------------------------------------------------- 4. aiopgap.toml / pyproject.toml


@pytest.fixture
def answers_here(tmp_path: Path) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_bytes(MERIDIAN.read_bytes())
    return path


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("tolerance = nan\n", "finite"),
        ("tolerance = inf\n", "finite"),
        ("tolerance = -1\n", "at least 0"),
        ("min-overall = nan\n", "finite"),
        ("min-overall = -inf\n", "finite"),
        ("\n\nmin-overall = " + "9" * 5000 + "\n", "too long"),
        ("[min]\ngovernance = inf\n", "finite"),
        ("fail-on-symptom = 3\n", "symptom id"),
        ("baseline = [1]\n", "expected text"),
        ("min-overal = 2\n", "unknown setting"),
        ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("min = 3\n", "expected a mapping"),
    ],
)
def test_bad_config_is_a_located_problem(answers_here: Path, toml: str, message: str) -> None:
    config = answers_here.parent / "aiopgap.toml"
    config.write_text(toml, encoding="utf-8")
    code, output = cli("check", answers_here, "--min-overall", "0")
    assert code == 2, output
    assert message in output
    assert str(config) in output


def test_config_that_is_not_utf8_or_a_loop_or_too_long(answers_here: Path, tmp_path: Path) -> None:
    config = tmp_path / "aiopgap.toml"
    config.write_bytes(b'min-overall = "D\xe9fined"\n')
    code, output = cli("check", answers_here)
    assert code == 2, output
    assert "not UTF-8" in output, output
    assert f"{config}:1:" in output, output
    config.unlink()
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.aiopgap]\nmin-overall = "\xff"\n')
    code, output = cli("check", answers_here)
    assert code == 2, output
    assert "not UTF-8" in output, output
    loop = tmp_path / "loop.toml"
    loop.symlink_to(tmp_path / "loop2.toml")
    (tmp_path / "loop2.toml").symlink_to(loop)
    code, output = cli("check", answers_here, "--config", loop, "--min-overall", "0")
    assert_handled(code, output, allowed=(2,))
    code, output = cli("check", answers_here, "--config", tmp_path / ("c" * 5000 + ".toml"), "--min-overall", "0")
    assert_handled(code, output, allowed=(2,))


HOSTILE_TOML = [
    "nan",
    "inf",
    "-inf",
    "+nan",
    "-1",
    "1e308",
    "9" * 5000,
    "true",
    "[]",
    "{}",
    "[1, [2]]",
    "{a = {b = 1}}",
]
toml_value = st.one_of(
    st.sampled_from(HOSTILE_TOML),
    st.sampled_from(HOSTILE_TOML),
    st.floats().map(repr),
    st.integers().map(str),
    st.text(max_size=20).map(json.dumps),
)


@settings(max_examples=examples(40, 1000))
@given(
    key=st.sampled_from(["min-overall", "tolerance", "baseline", "fail-on-symptom", "min.governance", "x"]),
    value=toml_value,
    pyproject=st.booleans(),
)
def test_toml_mutations_through_check(key: str, value: str, pyproject: bool) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.yaml"
        answers.write_bytes(MERIDIAN.read_bytes())
        line = f"{key} = {value}\n"
        config = Path(folder) / ("pyproject.toml" if pyproject else "aiopgap.toml")
        config.write_text(("[tool.aiopgap]\n" if pyproject else "") + line, encoding="utf-8")
        code, output = cli("check", answers, "--min-overall", "0")
        assert_handled(code, output, allowed=(0, 1, 2))
        if code == 2:
            assert folder in output, output  # the config, or the baseline it names
        if key == "tolerance" and value in ("nan", "inf", "-inf", "+nan", "-1"):
            assert code == 2, output


# --------------------------------------------------------------------------- 5. gates


def test_a_nan_or_infinite_tolerance_is_refused(tmp_path: Path) -> None:
    """Every comparison with NaN is false: a NaN tolerance passed any regression."""
    old, new = EXAMPLES / "trend" / "meridian-2026-Q3.yaml", EXAMPLES / "trend" / "meridian-2025-Q4.yaml"
    code, output = cli("diff", old, new, "--fail-on-regression")
    assert code == 1, output  # the later quarter is better, so going back is a regression
    for tolerance in ("nan", "inf", "-inf", "-1", "1e999"):
        code, output = cli("diff", old, new, "--fail-on-regression", "--tolerance", tolerance)
        assert code == 2, (tolerance, output)
        assert "--tolerance must be zero or more (a finite number)" in output
        code, output = cli("check", new, "--baseline", old, "--tolerance", tolerance, "--no-config")
        assert code == 2, (tolerance, output)
    (tmp_path / "aiopgap.toml").write_text(f'baseline = "{old}"\ntolerance = inf\n')
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(new.read_bytes())
    code, output = cli("check", answers)
    assert code == 2, output
    assert "tolerance" in output, output


@pytest.mark.parametrize(
    "gate",
    [
        ["--min-overall", "nan"],
        ["--min-overall", "inf"],
        ["--min-overall", "-inf"],
        ["--min", "governance=nan"],
        ["--min", "governance=inf"],
        ["--min-overall", "9" * 5000],
    ],
)
def test_non_finite_gate_levels_are_refused(gate: list[str]) -> None:
    code, output = cli("check", MERIDIAN, "--no-config", *gate)
    assert code == 2, output
    assert "outside the scale" in output
    assert len(output) < 2000


# --------------------------------------------------------------------------- 6. files that are not text


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        (
            "latin1.yaml",
            MERIDIAN.read_bytes().replace(b"organisation: Meridian", b"organisation: M\xe9ridian"),
            r"latin1\.yaml:7:\d+: file is not UTF-8",
        ),
        ("utf16.yaml", MERIDIAN.read_text(encoding="utf-8").encode("utf-16"), r"utf16\.yaml:1:1: file is UTF-16"),
        (
            "nul.yaml",
            MERIDIAN.read_bytes().replace(b"organisation: Meridian", b"organisation: Me\x00ridian"),
            r"nul\.yaml:7:\d+: character U\+0000",
        ),
    ],
)
def test_files_that_are_not_utf8_text_are_located(tmp_path: Path, name: str, data: bytes, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    for args in (["validate", path], ["report", path], ["diff", MERIDIAN, path], ["trend", MERIDIAN, path]):
        code, output = cli(*args)
        assert code == 2, output
        assert re.search(expected, output), output


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + MERIDIAN.read_bytes())
    assert cli("validate", path)[0] == 0


def test_odd_paths_are_bad_input(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(loop)
    long_name = tmp_path / ("a" * 5000 + ".yaml")
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    for path in (loop, long_name, folder):
        for args in (
            ["validate", path],
            ["trend", MERIDIAN, path],
            ["check", MERIDIAN, "--baseline", path],
            ["check", MERIDIAN, "--config", path, "--min-overall", "0"],
        ):
            proc_code, output = cli(*args)
            assert_handled(proc_code, output, allowed=(2,))
    proc = run("trend", MERIDIAN, long_name)
    assert_handled(proc.returncode, proc.stderr, allowed=(2,))


def test_a_file_without_read_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests run as root, where permissions are not enforced: the OS is made to refuse instead."""
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(MERIDIAN.read_bytes())
    config = tmp_path / "aiopgap.toml"
    config.write_text("min-overall = 0\n")
    denied = {str(answers), str(config)}
    real_os_open, real_io_open = os.open, io.open

    def os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if os.fspath(path) in denied:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_os_open(path, *args, **kwargs)

    def io_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(path, str | Path) and os.fspath(path) in denied:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))
        return real_io_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr("builtins.open", io_open)
    monkeypatch.setattr(Path, "open", lambda self, *a, **k: io_open(str(self), *a, **k))
    code, output = cli("validate", answers)
    assert code == 2, output
    assert "permission denied" in output, output
    code, output = cli("check", MERIDIAN, "--config", config)
    assert code == 2, output
    assert "permission denied" in output, output


def test_the_store_reads_the_answers_file_bounded_when_it_saves(tmp_path: Path) -> None:
    """assess re-reads the file before each save: a file swapped for a device is refused, not read forever."""
    answers = tmp_path / "answers.yaml"
    answers.write_bytes(MERIDIAN.read_bytes())
    script = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from aiopgap.files.store import AnswersStore\n"
        "from aiopgap.model.errors import AiopgapError\n"
        "from aiopgap.model.answers import Answer\n"
        "path = Path(sys.argv[1])\n"
        "store = AnswersStore.open(path, None)\n"
        "name = store.respondent_names()[0]\n"
        "path.unlink()\n"
        "path.symlink_to('/dev/zero')\n"
        "try:\n"
        "    store.record(name, 'ownership.owner-decision-rights', Answer(level=1))\n"
        "    print('saved')\n"
        "except AiopgapError as exc:\n"
        "    print('refused:', exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(answers)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("refused:"), proc.stdout
    assert "larger than 5 MiB" in proc.stdout
