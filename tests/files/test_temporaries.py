"""What a killed writer left beside an output: the next run removes it, and nothing else.

Temporaries are named ``.NAME.PID.XXXXXXXX.tmp`` (``.NAME.XXXXXXXX.tmp`` by earlier versions), with
NAME cut to 200 bytes and marked ``~`` for very long output names.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES

ANSWERS = str(EXAMPLES / "northbank-2026-Q3.yaml")
HOURS_AGO = time.time() - 2 * 3600


def _report(output: Path) -> None:
    result = CliRunner().invoke(app, ["report", ANSWERS, "--format", "markdown", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8").startswith("#")


def _leftover(folder: Path, name: str, *, old: bool) -> Path:
    path = folder / name
    path.write_text("half a report", encoding="utf-8")
    if old:
        os.utime(path, (HOURS_AGO, HOURS_AGO))
    return path


def test_an_old_leftover_from_an_earlier_version_is_removed_and_a_fresh_one_kept(tmp_path: Path) -> None:
    # earlier versions put no PID in the name: only its age says the writer is gone
    old = _leftover(tmp_path, ".report.md.k3j4h5g6.tmp", old=True)
    fresh = _leftover(tmp_path, ".report.md.a1b2c3d4.tmp", old=False)  # a writer may still be at work
    _report(tmp_path / "report.md")
    assert not old.exists()
    assert fresh.read_text(encoding="utf-8") == "half a report"


def test_a_pid_no_system_can_have_is_judged_by_age(tmp_path: Path) -> None:
    old = _leftover(tmp_path, ".report.md.9999999999.k3j4h5g6.tmp", old=True)
    fresh = _leftover(tmp_path, ".report.md.9999999998.a1b2c3d4.tmp", old=False)
    _report(tmp_path / "report.md")
    assert not old.exists()
    assert fresh.exists()


def test_a_link_or_folder_named_like_a_temporary_is_never_removed_or_followed(tmp_path: Path) -> None:
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me", encoding="utf-8")
    link = tmp_path / ".report.md.999999998.k3j4h5g6.tmp"
    link.symlink_to(precious)
    folder = tmp_path / ".report.md.999999997.a1b2c3d4.tmp"
    folder.mkdir()
    (folder / "inside.txt").write_text("mine", encoding="utf-8")
    os.utime(folder, (HOURS_AGO, HOURS_AGO))
    _report(tmp_path / "report.md")
    assert link.is_symlink()
    assert precious.read_text(encoding="utf-8") == "keep me"
    assert (folder / "inside.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    ("output_name", "stem"),
    [
        pytest.param("r" * 226 + ".md", "r" * 200 + "~", id="ascii"),
        # 200 bytes would cut an "é" in half: the name is cut before it
        pytest.param("x" + "é" * 120 + ".md", "x" + "é" * 99 + "~", id="utf-8"),
    ],
)
def test_a_killed_writer_of_a_very_long_output_name_is_cleaned_up(tmp_path: Path, output_name: str, stem: str) -> None:
    leftover = _leftover(tmp_path, f".{stem}.999999998.k3j4h5g6.tmp", old=False)
    unrelated = _leftover(tmp_path, ".other.md.999999998.k3j4h5g6.tmp", old=True)
    _report(tmp_path / output_name)
    assert not leftover.exists()
    assert unrelated.exists()  # another output's temporary is never touched
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([output_name, unrelated.name])


@pytest.mark.parametrize("writer", ["this process", "another process"])
def test_the_temporary_of_a_writer_still_running_is_left_alone(tmp_path: Path, writer: str) -> None:
    import subprocess
    import sys

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        pid = os.getpid() if writer == "this process" else child.pid
        busy = _leftover(tmp_path, f".report.md.{pid}.k3j4h5g6.tmp", old=False)
        _report(tmp_path / "report.md")
        assert busy.read_text(encoding="utf-8") == "half a report"
    finally:
        child.kill()
        child.wait(timeout=30)
