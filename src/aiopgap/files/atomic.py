"""Writing output files atomically: the one place every command's ``--output`` is written.

* **Atomic**: a regular file is written to a temporary file beside it (``.NAME.PID.XXXXXXXX.tmp``),
  flushed, fsynced, then renamed over it. A reader never sees half a report, and a run that fails
  part-way (disk full, quota, I/O error, Ctrl-C) leaves the old file as it was and no temporary file.
* **Checked first**: every target goes through :func:`aiopgap.files.destinations.destination` (never
  over a read-only file, links followed, devices and pipes written through, never replaced; a named
  pipe nobody is reading is refused at once instead of blocking forever).
* **Leftovers of a killed writer are cleaned up**: each write first removes temporaries of the same
  output whose writer is gone (:mod:`aiopgap.files.temporaries`).
* **Exclusive creation**: :func:`write_new` creates a file only if nothing is there, so of several
  runs racing to create one file exactly one wins.

Every failure is a :class:`UsageError` (exit 2) naming the file and the reason, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import secrets
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from aiopgap.files.destinations import Destination, cannot, destination, reason, shown
from aiopgap.files.temporaries import remove_stale_temporaries, stem
from aiopgap.model.errors import UsageError

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

try:  # POSIX: a writer locks its temporary file, and a pipe's non-blocking open is undone
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

_BUFFER = 1 << 16


# --------------------------------------------------------------------------- writing


class _Raw(io.RawIOBase):
    """The bottom of an output handle: ``os.write`` on a file descriptor it does not own.

    A failing write (disk full, I/O error, a pipe closed) becomes a :class:`UsageError` naming the
    output, so it can never be mistaken for an error reading an input.
    """

    def __init__(self, fd: int, path: Path, after: str) -> None:
        super().__init__()
        self._fd = fd
        self._path = path
        self._after = after
        self.discarded = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._fd

    def write(self, b: ReadableBuffer, /) -> int:
        if self.discarded:  # the write failed or was abandoned: what is still buffered goes nowhere
            return memoryview(b).nbytes
        try:
            return os.write(self._fd, b)
        except BrokenPipeError:
            if self._after:  # pragma: no cover - a temporary file is never a pipe
                raise
            self.discarded = True
            raise  # a reader that left (`| head`): the command ends quietly, as shell tools do
        except OSError as exc:
            raise cannot(self._path, reason(exc) + self._after) from None


@dataclass
class _Open:
    target: Destination
    fd: int
    raw: _Raw
    handle: TextIO
    temporary: str | None  # None for a device or pipe written through

    @classmethod
    def on(cls, target: Destination, fd: int, newline: str, temporary: str | None) -> _Open:
        raw = _Raw(fd, target.given, _unchanged(target) if temporary else "")
        buffered = io.BufferedWriter(raw, buffer_size=_BUFFER)
        return cls(target, fd, raw, io.TextIOWrapper(buffered, encoding="utf-8", newline=newline), temporary)


def _unchanged(target: Destination) -> str:
    return "; the file on disk is unchanged" if target.kind == "file" else "; nothing was written"


def _open_stream(target: Destination, newline: str) -> _Open:
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if target.inherited is not None:  # what was already printed there comes first
        with contextlib.suppress(Exception):
            sys.stdout.flush()
    try:
        fd = os.dup(target.inherited) if target.inherited is not None else os.open(target.path, flags)
    except OSError as exc:
        raise cannot(target.given, reason(exc)) from None
    if fcntl is not None and target.inherited is None:  # O_NONBLOCK only kept a pipe with no reader from blocking
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return _Open.on(target, fd, newline, None)


def _open_temporary(target: Destination, newline: str) -> _Open:
    remove_stale_temporaries(target.path)
    prefix = f".{stem(target.path.name)}.{os.getpid()}."
    try:
        fd, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.folder)
    except OSError as exc:
        raise cannot(target.given, reason(exc)) from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(target.path))
    except OSError as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise cannot(target.given, reason(exc)) from None
    return _Open.on(target, fd, newline, temporary)


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _discard(opened: Sequence[_Open]) -> None:
    for item in opened:
        item.raw.discarded = True
        with contextlib.suppress(Exception):
            item.handle.close()
        with contextlib.suppress(OSError):
            os.close(item.fd)
        if item.temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(item.temporary)


def _finish(opened: Sequence[_Open]) -> None:
    """Flush and fsync every output, then rename every temporary file into place."""
    for item in opened:
        item.handle.flush()  # a write error here is already a UsageError naming the file
        if item.temporary is None:
            continue
        try:
            os.fsync(item.fd)
        except OSError as exc:
            raise cannot(item.target.given, reason(exc) + _unchanged(item.target)) from None
    _rename_all([item for item in opened if item.temporary is not None])
    for folder in dict.fromkeys(o.target.folder for o in opened if o.target.kind != "stream"):
        _fsync_folder(folder)


def _rename_all(files: list[_Open]) -> None:
    """Rename every temporary file into place; if one rename fails, put back those already renamed.

    With several files (export --output-dir), each old file is first hard-linked to a backup name, so
    a failure part-way leaves every old file as it was, never a new table beside an old one.
    """
    backups = [_backup(item.target) for item in files] if len(files) > 1 else [None] * len(files)
    done = 0
    try:
        for item in files:
            assert item.temporary is not None
            os.replace(item.temporary, item.target.path)
            item.temporary = None
            done += 1
    except OSError as exc:
        failed = files[done]
        for item, backup in zip(files[:done], backups, strict=False):
            with contextlib.suppress(OSError):
                if backup is not None:
                    os.replace(backup, item.target.path)
                elif item.target.kind == "new":
                    os.unlink(item.target.path)
        raise cannot(failed.target.given, reason(exc) + _unchanged(failed.target)) from None
    finally:
        for backup in backups:
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(backup)


def _backup(target: Destination) -> str | None:
    """A hard link to the old file under a temporary name (so a killed run's is cleaned like any other)."""
    if target.kind != "file":
        return None
    for _ in range(10):
        name = target.folder / f".{stem(target.path.name)}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            os.link(target.path, name)
        except FileExistsError:
            continue
        except OSError:
            return None  # no hard links here: the renames are still each atomic
        return str(name)
    return None


def _fsync_folder(folder: Path) -> None:
    """Make the renames durable; a file system that cannot fsync a folder has written them anyway."""
    if not hasattr(os, "O_DIRECTORY"):  # pragma: no cover - Windows
        return
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


@contextlib.contextmanager
def atomic_files(paths: Sequence[Path], newline: str = "\n") -> Iterator[list[TextIO]]:
    """Yield one text handle per path; when the block ends without error, all are put in place.

    Every file is written and fsynced before the first is renamed, so a failure leaves all the old
    files as they were. If the block raises, every temporary file is removed. A new file gets the
    usual mode (0666 less the umask), a replaced one keeps its own.
    """
    targets = [destination(p) for p in paths]
    opened: list[_Open] = []
    try:
        for target in targets:
            opener = _open_stream if target.kind == "stream" else _open_temporary
            opened.append(opener(target, newline))
        yield [item.handle for item in opened]
        _finish(opened)
    finally:
        _discard(opened)


@contextlib.contextmanager
def atomic_writer(path: Path, newline: str = "\n") -> Iterator[TextIO]:
    """Yield a text handle for ``path``; on success it replaces ``path`` whole (see :func:`atomic_files`)."""
    with atomic_files([path], newline) as (handle,):
        yield handle


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, fsync, then replace."""
    with atomic_writer(path) as handle:
        handle.write(text)


def append_text(path: Path, text: str) -> None:
    """Append ``text`` to ``path`` (created if missing) whole or not at all.

    Used for files named by the environment (``GITHUB_STEP_SUMMARY``). If the write fails part-way
    (disk full), the file is cut back to its old length, or removed if this call created it.
    """
    target = destination(path)
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK
    flags |= getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target.path, flags, 0o666)
    except OSError as exc:
        raise cannot(path, reason(exc)) from None
    try:
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        regular = stat.S_ISREG(os.fstat(fd).st_mode)
        size = os.fstat(fd).st_size if regular else 0
        data = memoryview(text.encode("utf-8"))
        try:
            while data:
                data = data[os.write(fd, data) :]
            if regular:
                os.fsync(fd)
        except OSError as exc:
            if regular:
                with contextlib.suppress(OSError):
                    if target.kind == "new":
                        os.unlink(target.path)
                    else:
                        os.ftruncate(fd, size)
            kept = "; the file on disk is unchanged" if regular and target.kind == "file" else ""
            raise cannot(path, reason(exc) + kept) from None
    finally:
        os.close(fd)


def write_new(path: Path, text: str) -> None:
    """Create ``path`` holding ``text`` only if no file of that name exists yet; atomic and durable.

    The text goes to a temporary file beside ``path`` (flushed, fsynced), which is then hard-linked
    as ``path``: the link fails if ``path`` exists, so of several processes creating the same file
    exactly one succeeds and the others get a :class:`UsageError`. Nobody's file is replaced, and a
    reader never sees half of it. (Where hard links are not supported, ``O_EXCL`` keeps it exclusive.)
    A device or pipe is written through, as :func:`write_atomic` does.
    """
    target = destination(path)
    if target.kind == "stream":
        write_atomic(path, text)
        return
    if target.kind == "file":
        raise UsageError(f"{shown(path)} already exists; pass --force to replace it")
    opened = _open_temporary(target, "\n")
    try:
        opened.handle.write(text)
        opened.handle.flush()
        try:
            os.fsync(opened.fd)
        except OSError as exc:
            raise cannot(path, reason(exc) + "; nothing was written") from None
        assert opened.temporary is not None
        try:
            try:
                os.link(opened.temporary, target.path)
            except OSError as exc:
                if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
                    raise
                fd = os.open(target.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, _mode_for(target.path))
                try:
                    data = memoryview(text.encode("utf-8"))
                    while data:
                        data = data[os.write(fd, data) :]
                    os.fsync(fd)
                except OSError:
                    os.unlink(target.path)
                    raise
                finally:
                    os.close(fd)
        except FileExistsError:
            raise UsageError(f"{shown(path)} already exists (created meanwhile); pass --force to replace it") from None
        except OSError as exc:
            raise cannot(path, reason(exc) + "; nothing was written") from None
    finally:
        _discard([opened])  # closes the temporary file and removes it; the new file is its hard link
    _fsync_folder(target.folder)
