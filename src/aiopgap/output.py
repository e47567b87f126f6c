"""Writing output files: atomic for regular files, and never replacing a device or pipe.

A reader never sees half a report, and a run that fails part-way leaves the old file as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from aiopgap.errors import UsageError


@contextlib.contextmanager
def atomic_writer(path: Path, newline: str = "\n") -> Iterator[TextIO]:
    """Yield a text handle on a temporary file beside ``path``; on success flush, fsync and replace.

    If the block raises, the temporary file is removed and ``path`` is left as it was. The new file
    keeps the mode of the file it replaces, or gets the usual mode for a new file (0666 less the umask).
    A device or pipe such as /dev/stdout is written through instead: replacing it would destroy it.
    """
    if path.exists() and not path.is_file() and not path.is_dir():
        try:
            with path.open("w", encoding="utf-8", newline=newline) as handle:
                yield handle
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror}") from None
        return
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder {folder} does not exist")
    if path.is_dir():
        raise UsageError(f"cannot write {path}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "w", encoding="utf-8", newline=newline) as handle:
            yield handle
            try:
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
                os.replace(tmp, path)
            except OSError as exc:  # disk full, quota, permissions: say so, keep the old file
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}; the file on disk is unchanged") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(folder)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_folder(folder: Path) -> None:
    if hasattr(os, "O_DIRECTORY"):
        dir_fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, fsync, then replace."""
    with atomic_writer(path) as handle:
        handle.write(text)


def write_new(path: Path, text: str) -> None:
    """Create ``path`` holding ``text``, only if no file of that name exists; atomic and durable.

    The text goes to a temporary file beside ``path`` (flush, fsync), which is then hard-linked as
    ``path``: the link fails if ``path`` exists, so of several processes creating the same file
    exactly one succeeds and the others get a :class:`UsageError`; nobody's file is replaced, and
    a reader never sees half of it. (On a file system without hard links, ``O_EXCL`` keeps it exclusive.)
    """
    import errno

    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise UsageError(f"cannot write {path}: folder {folder} does not exist")
    mode = _mode_for(path)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from None
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            try:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            except OSError as exc:  # disk full, quota
                raise UsageError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
        try:
            try:
                os.link(tmp, path)
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                    raise
                with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode), "w", encoding="utf-8") as out:
                    out.write(text)
                    out.flush()
                    os.fsync(out.fileno())
        except FileExistsError:
            raise UsageError(f"{path} already exists (created meanwhile); pass --force to replace it") from None
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}; nothing was written") from None
    finally:
        Path(tmp).unlink(missing_ok=True)
    _fsync_folder(folder)
