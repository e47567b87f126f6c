"""The shell conventions, as a user at a shell meets them: real processes, real pipes, standard input.

``-o -`` is standard output, ``-`` reads standard input, a reader that leaves ends the command quietly
with 141, ``-h`` is ``--help``, ``-q``/``-v`` say less or more (``-Q`` names a questionnaire), and the
shell completion script is there to install.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import run_cli, run_process

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NORTHBANK = EXAMPLES / "northbank-2026-Q3.yaml"
TREND = EXAMPLES / "trend"


def aiopgap(*args: str | Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "COLUMNS": "120", "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def into_closed_pipe(*args: str | Path) -> subprocess.CompletedProcess[bytes]:
    """Run with standard output a pipe whose reader has already left, as `aiopgap ... | head -1` ends."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [sys.executable, "-m", "aiopgap", *map(str, args)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "COLUMNS": "120"},
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


# --------------------------------------------------------------------------- a closed pipe


@pytest.mark.parametrize(
    "args",
    [
        ("report", NORTHBANK),
        ("report", NORTHBANK, "-o", "/dev/stdout"),
        ("report", NORTHBANK, "-f", "json", "-o", "-"),
        ("export", NORTHBANK),
        ("export", NORTHBANK, "-o", "-"),
        ("trend", TREND),
        ("schema", "answers"),
        ("schema", "answers", "-o", "-"),
        ("--help",),
        ("report", "-h"),
    ],
    ids=lambda a: " ".join(map(str, a)).replace(str(ROOT), "."),
)
def test_a_reader_that_leaves_ends_the_command_quietly_with_141(args: tuple[str | Path, ...]) -> None:
    done = into_closed_pipe(*args)
    assert (done.returncode, done.stderr) == (141, b"")


def test_head_reads_one_line_of_an_export_and_the_command_ends_quietly() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "aiopgap", "export", str(NORTHBANK), "-o", "-"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    error = process.stderr.read()
    process.wait(timeout=120)
    assert first.startswith(b"organisation,")
    assert error == b""
    assert process.returncode in (0, 141)  # 0 only when everything fitted in the pipe before it closed


# --------------------------------------------------------------------------- -o -


def test_dash_as_output_writes_to_standard_output_and_makes_no_file(tmp_path: Path) -> None:
    for args in (
        ("report", NORTHBANK, "-f", "json", "-o", "-"),
        ("schema", "answers", "-o", "-"),
        ("diff", TREND / "meridian-2026-Q2.yaml", TREND / "meridian-2026-Q3.yaml", "-f", "json", "-o", "-"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "aiopgap", *map(str, args)], capture_output=True, cwd=tmp_path, check=False
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)
    exported = subprocess.run(
        [sys.executable, "-m", "aiopgap", "export", str(NORTHBANK), "-t", "dimensions", "-o", "-"],
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert exported.returncode == 0
    assert exported.stdout.startswith(b"organisation,")
    assert list(tmp_path.iterdir()) == []


def test_dash_as_merge_output_prints_the_merged_answers(tmp_path: Path) -> None:
    done = aiopgap("merge", "-", NORTHBANK)
    assert done.returncode == 0
    assert b"organisation: Northbank Financial" in done.stdout
    assert b"into standard output" in done.stderr


def test_a_workbook_to_a_pipe_is_written_whole() -> None:
    done = aiopgap("export", NORTHBANK, "-f", "xlsx", "-o", "-")
    assert done.returncode == 0
    assert done.stdout.startswith(b"PK")  # a zip, as every .xlsx is


# --------------------------------------------------------------------------- - as input


def test_dash_reads_the_answers_from_standard_input() -> None:
    text = NORTHBANK.read_bytes()
    report = aiopgap("report", "-", "-f", "json", stdin=text)
    assert report.returncode == 0, report.stderr
    assert json.loads(report.stdout)["organisation"] == "Northbank Financial"
    exported = aiopgap("export", "-", stdin=text)
    assert exported.returncode == 0
    assert b"Northbank Financial" in exported.stdout


def test_a_problem_in_standard_input_is_named_stdin_with_line_and_column() -> None:
    done = aiopgap("validate", "-", stdin=b"organisation: Acme\nperiod: [\n")
    assert done.returncode == 2
    assert b"<stdin>:" in done.stderr
    assert b"Ctrl-D" not in done.stderr  # standard input is no terminal here: nothing to explain


def test_diff_reads_one_side_from_standard_input() -> None:
    done = aiopgap("diff", "-", TREND / "meridian-2026-Q3.yaml", stdin=(TREND / "meridian-2026-Q2.yaml").read_bytes())
    assert done.returncode == 0, done.stderr
    assert b"2026-Q2" in done.stdout


# --------------------------------------------------------------------------- -h, -q, -v, -Q


def test_short_h_is_help_everywhere() -> None:
    for args in ((), ("questionnaire",), ("report",), ("questionnaire", "show")):
        code, out, _ = run_cli(*args, "-h")
        assert code == 0
        assert "Usage: aiopgap" in out


def test_quiet_silences_notes_and_verbose_names_the_files_read(tmp_path: Path) -> None:
    loud = run_process("merge", tmp_path / "a.yaml", NORTHBANK)
    assert "merged 3 respondent(s)" in loud.stderr
    for quiet in (("-q", "merge", tmp_path / "b.yaml", NORTHBANK), ("merge", tmp_path / "c.yaml", NORTHBANK, "-q")):
        done = run_process(*quiet)
        assert (done.returncode, done.stderr) == (0, "")
    verbose = run_process("-v", "report", NORTHBANK, "-f", "json", "-o", tmp_path / "r.json")
    assert verbose.returncode == 0
    assert f"read {NORTHBANK}" in verbose.stderr
    assert "default.yaml" in verbose.stderr  # the questionnaire the answers name


def test_quiet_and_verbose_together_is_a_usage_error() -> None:
    for args in (("report", NORTHBANK, "-q", "-v"), ("-q", "report", NORTHBANK, "--verbose")):
        done = run_process(*args)
        assert done.returncode == 2
        assert "--quiet and --verbose cannot be used together" in done.stderr
        assert "Traceback" not in done.stderr


def test_capital_q_names_the_questionnaire_and_small_q_is_quiet(mini_answers: Path, mini_questionnaire: Path) -> None:
    code, out, _ = run_cli("report", mini_answers, "-Q", mini_questionnaire, "-q", "-f", "json")
    assert code == 0
    assert json.loads(out)["questionnaire_id"]


# --------------------------------------------------------------------------- completion


@pytest.mark.parametrize(
    ("shell", "mark"),
    [
        ("bash", "complete -o default -F _aiopgap_completion aiopgap"),
        ("zsh", "#compdef aiopgap"),
        ("fish", "complete --command aiopgap"),
    ],
)
def test_the_completion_script_is_generated_for_a_named_shell(shell: str, mark: str) -> None:
    # as the README says: no shell above the process (a container, CI), so the shell is named
    env = {**os.environ, "_AIOPGAP_COMPLETE": f"source_{shell}"}
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    assert mark in done.stdout


def test_completion_answers_command_names() -> None:
    env = {**os.environ, "_AIOPGAP_COMPLETE": "complete_bash", "COMP_WORDS": "aiopgap rep", "COMP_CWORD": "1"}
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap"], capture_output=True, text=True, env=env, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout.split() == ["report"]


# --------------------------------------------------------------------------- folders


def test_export_reads_a_folder_of_answers_and_passes_over_what_is_not_answers(tmp_path: Path) -> None:
    for example in sorted(TREND.glob("*.yaml"))[:2]:
        (tmp_path / example.name).write_bytes(example.read_bytes())
    (tmp_path / "questionnaire.yaml").write_bytes((ROOT / "questionnaires" / "default.yaml").read_bytes())
    (tmp_path / "notes.txt").write_text("not read\n", encoding="utf-8")
    report = run_process("report", tmp_path / sorted(TREND.glob("*.yaml"))[0].name, "-f", "json")
    (tmp_path / "report.json").write_text(report.stdout, encoding="utf-8")
    done = run_process("export", tmp_path, "-t", "dimensions")
    assert done.returncode == 0, done.stderr
    periods = {line.split(",")[2] for line in done.stdout.splitlines()[1:]}
    assert len(periods) == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    refused = run_process("export", empty)
    assert refused.returncode == 2
    assert "no answers files" in refused.stderr


# --------------------------------------------------------------------------- in-process corners


def test_a_terminal_on_standard_input_is_told_how_to_end(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from aiopgap.files import reading

    class Typed(io.BytesIO):
        def isatty(self) -> bool:
            return True

    typed = io.TextIOWrapper(Typed(NORTHBANK.read_bytes()))
    monkeypatch.setattr(sys, "stdin", typed)
    monkeypatch.setattr(reading, "_stdin", [])
    monkeypatch.setattr(reading, "prompting", True)
    assert "Northbank Financial" in reading.read_text(Path("-"))
    assert "reading answers from standard input (Ctrl-D to end)" in capsys.readouterr().err
    monkeypatch.setattr(reading, "_stdin", [])
    monkeypatch.setattr(reading, "prompting", False)
    typed.seek(0)
    reading.read_bytes(Path("-"), "config file")
    assert capsys.readouterr().err == ""


def test_standard_input_too_large_or_missing_is_said_by_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from aiopgap.files import reading
    from aiopgap.model.errors import InputError

    monkeypatch.setattr(reading, "_stdin", [])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"x" * 64)))
    monkeypatch.setattr(reading, "MAX_BYTES", 10)
    with pytest.raises(InputError, match="<stdin>: file is larger than"):
        reading.read_bytes(Path("-"))
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="<stdin>: file not found"):
        reading.read_bytes(Path("-"))


def test_a_binary_document_is_refused_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from aiopgap.files.destinations import refuse_terminal
    from aiopgap.model.errors import UsageError

    class Screen(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Screen())
    with pytest.raises(UsageError, match=r"a PDF is a binary file: write it with -o report\.pdf"):
        refuse_terminal(Path("-"), "a PDF", "report.pdf")
    refuse_terminal(Path("report.pdf"), "a PDF")  # a file name is never a terminal


def test_help_types_in_words() -> None:
    from aiopgap.cli.app import _plain_type

    assert _plain_type("<list[Path]>...", None, False) == "FILE..."
    assert _plain_type("<int range>", None, False) == "N"
    assert _plain_type("<float>", None, False) == "NUMBER"
    assert _plain_type("<bool>", None, False) is None
    assert _plain_type("<str>", "NAME", False) == "NAME"
    assert _plain_type("<bool>", None, True) is None
    assert _plain_type(None, None, False) is None


def test_standard_input_is_given_at_most_once() -> None:
    done = aiopgap("diff", "-", "-", stdin=NORTHBANK.read_bytes())
    assert done.returncode == 2
    assert b"can be given only once" in done.stderr


def test_merge_reads_a_folder_of_answers_and_never_merges_its_own_output(tmp_path: Path) -> None:
    folder = tmp_path / "returned"
    folder.mkdir()
    (folder / "orbital.yaml").write_bytes((EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml").read_bytes())
    (folder / "questionnaire.yaml").write_bytes((ROOT / "questionnaires" / "default.yaml").read_bytes())
    done = run_process("merge", folder / "merged.yaml", folder)
    assert done.returncode == 0, done.stderr
    assert "from 1 file(s)" in done.stderr
    again = run_process("merge", folder / "merged.yaml", folder, "--force")
    assert again.returncode == 0, again.stderr
    assert "from 1 file(s)" in again.stderr  # merged.yaml, now in the folder, is the output, not an input
