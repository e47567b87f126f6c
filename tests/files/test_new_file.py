"""``merge OUT IN...`` creates OUT exclusively: on a full disk or a file system without hard links,
OUT is either whole or absent, and no temporary file is left beside it."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from aiopgap.model.errors import ExitCode
from tests.conftest import EXAMPLES

ANSWERS = EXAMPLES / "northbank-2026-Q3.yaml"


def merge(out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["merge", str(out), str(ANSWERS)])
    return result.exit_code, result.stderr


def full_disk(*args: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def no_hard_links(*args: object) -> None:
    raise OSError(errno.EPERM, "Operation not permitted")  # what FAT, SMB and some FUSE mounts answer


def test_a_full_disk_when_flushing_leaves_no_out_and_says_disk_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "merged.yaml"
    monkeypatch.setattr(os, "fsync", full_disk)
    code, stderr = merge(out)
    assert code == ExitCode.BAD_INPUT
    assert "cannot write" in stderr
    assert "merged.yaml: disk full: No space left on device; nothing was written" in stderr
    assert list(tmp_path.iterdir()) == []


def test_without_hard_links_out_is_still_created_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "merged.yaml"
    monkeypatch.setattr(os, "link", no_hard_links)
    code, stderr = merge(out)
    assert code == ExitCode.OK, stderr
    assert [p.name for p in tmp_path.iterdir()] == ["merged.yaml"]
    merged = load_assessment(out).answers
    assert [r.name for r in merged.respondents] == [r.name for r in load_assessment(ANSWERS).answers.respondents]


def test_without_hard_links_a_full_disk_leaves_no_half_written_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "merged.yaml"
    real_write = os.write
    monkeypatch.setattr(os, "link", no_hard_links)

    def write(fd: int, data: bytes) -> int:  # the temporary fills; OUT itself then hits the full disk
        if os.path.realpath(f"/proc/self/fd/{fd}") == str(out):
            real_write(fd, bytes(data[:10]))
            full_disk()
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)
    code, stderr = merge(out)
    assert code == ExitCode.BAD_INPUT
    assert "merged.yaml: disk full: No space left on device; nothing was written" in stderr
    assert list(tmp_path.iterdir()) == []
