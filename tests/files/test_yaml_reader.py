"""Safe YAML reading: locations, duplicate keys, refused tags, bounded expansion."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from aiopgap.files.yaml_reader import parse_text, read_file
from aiopgap.model.errors import InputError


def problem_of(text: str) -> str:
    with pytest.raises(InputError) as info:
        parse_text(text, "f.yaml")
    assert len(info.value.problems) == 1
    return str(info.value.problems[0])


def test_fields_are_located_at_their_keys_and_items() -> None:
    doc = parse_text("a:\n  b:\n    - x\n    - y: 1\n  3: z\n", "f.yaml")
    assert doc.data == {"a": {"b": ["x", {"y": 1}], 3: "z"}}
    loc = doc.locate(("a", "b", 1, "y"))
    assert (loc.line, loc.column) == (4, 7)
    loc = doc.locate(("a", "b", 0))
    assert (loc.line, loc.column) == (3, 7)
    loc = doc.locate(("a", 3))
    assert (loc.line, loc.column) == (5, 3)
    loc = doc.locate(("a", "b", 1, "y", "missing"))
    assert (loc.line, loc.column, loc.field) == (4, 7, "a.b[1].y.missing")


def test_duplicate_keys_are_refused_with_both_lines() -> None:
    message = problem_of("a: 1\nb: 2\na: 3\n")
    assert message.startswith("f.yaml:3:1:")
    assert "duplicate key 'a' (first defined on line 1)" in message


def test_syntax_error_has_line_and_column() -> None:
    message = problem_of("a: [1, 2\nb: 3\n")
    assert message.startswith("f.yaml:2:")
    assert "YAML syntax error" in message


@pytest.mark.parametrize(
    "text",
    [
        "a: !!python/object/apply:os.system ['echo hi']\n",
        "a: !custom 3\n",
        "a: !!binary aGVsbG8=\n",
        "a: !!set {x, y}\n",
    ],
)
def test_object_tags_are_refused(text: str) -> None:
    assert "is not allowed" in problem_of(text)


def test_merge_keys_are_refused() -> None:
    assert "merge keys" in problem_of("base: &b {x: 1}\nother:\n  <<: *b\n")


def test_dates_stay_as_text() -> None:
    assert parse_text("period: 2026-09-30\n", "f.yaml").data == {"period": "2026-09-30"}


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    start = time.perf_counter()
    message = problem_of("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 5
    assert "refusing to read it" in message


def test_deep_nesting_is_refused() -> None:
    message = problem_of("a: " + "[" * 200 + "]" * 200 + "\n")
    assert "nested" in message


def test_missing_and_binary_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_file(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\xff\xfe\x00bad")
    with pytest.raises(InputError, match="not UTF-8"):
        read_file(bad)


def test_empty_document_is_none() -> None:
    assert parse_text("# nothing\n", "f.yaml").data is None


HOSTILE = {
    "alias bomb": "\n".join(
        ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 12)]
    ),
    "deep flow nesting": "a: " + "[" * 100_000 + "]" * 100_000,
    "deep block nesting": "".join(" " * i + f"k{i}:\n" for i in range(900)) + " " * 900 + "v\n",
    "python object": "!!python/object/apply:os.system [echo pwned]\n",
}


@pytest.mark.timing
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_yaml_is_refused_within_a_second_in_bounded_memory(name: str, tmp_path: Path) -> None:
    """Each case runs in a fresh process, so its peak memory is its own."""
    import subprocess
    import sys

    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE[name], encoding="utf-8")
    # peak memory from /proc (VmHWM): ru_maxrss survives exec and would report pytest's own peak
    script = (
        "import sys, time\n"
        "def peak_kib():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmHWM:'):\n"
        "            return int(line.split()[1])\n"
        "    return 0\n"
        "from pathlib import Path\n"
        "from aiopgap.files.yaml_reader import read_file\n"
        "from aiopgap.model.errors import InputError\n"
        "start = time.perf_counter()\n"
        "try:\n"
        "    read_file(Path(sys.argv[1]))\n"
        "    print('accepted')\n"
        "except InputError as exc:\n"
        "    print('refused', time.perf_counter() - start, peak_kib())\n"
        "    print(exc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    verdict, seconds, maxrss_kb = proc.stdout.splitlines()[0].split()
    assert verdict == "refused"
    assert float(seconds) < 1.0
    assert int(maxrss_kb) < 200 * 1024  # KiB on Linux
    assert str(path) in proc.stdout
    if name == "python object":
        assert not (tmp_path / "pwned").exists()


def test_oversized_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w") as handle:
        handle.write("notes: |\n")
        line = "  " + "x" * 1022 + "\n"
        for _ in range(6 * 1024):
            handle.write(line)
    with pytest.raises(InputError, match="larger than 5 MiB"):
        read_file(big)
