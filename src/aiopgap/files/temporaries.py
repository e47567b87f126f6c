"""Temporary files beside an output (``.NAME.PID.XXXXXXXX.tmp``): their names, and cleaning up a killed writer's.

A writer holds a lock on its temporary file (POSIX), so a cleaner can tell it is alive; each write
first removes temporaries of the same output whose writer is gone (:func:`remove_stale_temporaries`).
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

try:  # POSIX: a writer holds a lock on its temporary file, so a cleaner can tell it is alive
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

STALE_AFTER_SECONDS = 60
"""A temporary file this old (since its last write) whose writer cannot be seen alive is stale."""

_NAME_BYTES = 200  # keeps ``.NAME.PID.XXXXXXXX.tmp`` within the usual 255-byte limit on a file name


def stem(name: str) -> str:
    """The output's name as it appears in its temporaries' names (cut short for very long names)."""
    raw = os.fsencode(name)
    if len(raw) <= _NAME_BYTES:
        return name
    return os.fsdecode(raw[:_NAME_BYTES].decode("utf-8", "ignore").encode("utf-8")) + "~"


def _temporary_pattern(name: str) -> re.Pattern[str]:
    # .NAME.PID.XXXXXXXX.tmp, and .NAME.XXXXXXXX.tmp as earlier versions named them
    return re.compile(rf"\.{re.escape(stem(name))}\.(?:(\d{{1,10}})\.)?[^./]+\.tmp")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # exists but is someone else's, or cannot be asked: assume alive
    return True


def _held(path: str) -> bool:
    """Whether a live writer holds the lock on this temporary file."""
    if fcntl is None:  # pragma: no cover - Windows
        return False
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return True  # cannot look: leave it alone
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def remove_stale_temporaries(path: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files a killed write of ``path`` left behind; return those removed.

    A temporary file is stale when no process holds its lock and either its writer (the PID in its
    name) is no longer running or it was last written more than :data:`STALE_AFTER_SECONDS` ago
    (the PID may have been reused, or the name comes from an earlier version without a PID).
    Temporaries of other outputs in the same folder are never touched.
    """
    folder = path.parent if str(path.parent) else Path(".")
    pattern = _temporary_pattern(path.name)
    now = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.fullmatch(entry.name)
        if match is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(info.st_mode):
                continue
            pid = int(match.group(1)) if match.group(1) else None
            gone = pid is not None and not _alive(pid)
            if not gone and now - info.st_mtime <= STALE_AFTER_SECONDS:
                continue
            if _held(entry.path):
                continue
            os.unlink(entry.path)
            removed.append(folder / entry.name)
        except OSError:
            continue
    return removed
