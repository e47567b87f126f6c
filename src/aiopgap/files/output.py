"""Writing output files: the one place every command's ``--output`` goes through.

* **Atomic**: a regular file is written to a temporary file beside it (``.NAME.PID.XXXXXXXX.tmp``),
  flushed, fsynced, then renamed over it. A reader never sees half a report, and a run that fails
  part-way (disk full, quota, I/O error, Ctrl-C) leaves the old file as it was and no temporary file.
* **Never over an input**: :func:`check_outputs` refuses an output that is the same file (same
  device and inode: symlinks, hard links and other spellings included) as one of the command's
  inputs or as a bundled questionnaire or template.
* **Never over a read-only file**: the rename would ignore the file's mode, so a file the user may
  not write, or whose mode has no write bit for anyone (caught even when running as root), is refused.
* **Symbolic links are followed**: the file they point to is replaced, the link is kept. A link in a
  shared sticky folder (``/tmp``) owned by someone else is not followed, as the kernel's
  ``protected_symlinks`` rule would not.
* **Devices and pipes** (``/dev/stdout``, a named pipe) are written through, never replaced; a named
  pipe nobody is reading is refused at once instead of blocking forever.
* **Leftovers of a killed writer are cleaned up**: each write first removes temporaries of the same
  output whose writer is gone (see :func:`remove_stale_temporaries`).

Every failure is a :class:`UsageError` (exit 2) naming the file and the reason, never a traceback.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from aiopgap.model.errors import UsageError
from aiopgap.model.text import visible

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

try:  # POSIX: a writer holds a lock on its temporary file, so a cleaner can tell it is alive
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

STALE_AFTER_SECONDS = 60
"""A temporary file this old (since its last write) whose writer cannot be seen alive is stale."""

_NAME_BYTES = 200  # keeps ``.NAME.PID.XXXXXXXX.tmp`` within the usual 255-byte limit on a file name
_BUFFER = 1 << 16


def shown(path: Path | str) -> str:
    """A path as it appears in a message: control characters visible, undecodable bytes escaped."""
    return visible(os.fsencode(path).decode("utf-8", "backslashreplace"), keep_newlines=False)


def reason(exc: OSError) -> str:
    """Why an operating-system call failed, in words: 'disk full' first when that is what it means."""
    text = exc.strerror or str(exc)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"disk full: {text}"
    if exc.errno == errno.ENXIO:
        return "nobody is reading from it (a named pipe needs a reader started first)"
    if exc.errno == errno.EPIPE:
        return "the reader closed the pipe before the end"
    return text


def _cannot(path: Path, why: str) -> UsageError:
    return UsageError(f"cannot write {shown(path)}: {why}")


# --------------------------------------------------------------------------- where a write goes


@dataclass(frozen=True)
class Destination:
    """Where writing ``given`` really goes, found and checked before anything is written."""

    given: Path
    path: Path  # symbolic links resolved
    kind: str  # "new" (no file yet), "file" (a regular file to replace) or "stream" (a device or pipe)
    inherited: int | None = None  # for /dev/stdout and /dev/fd/N: the descriptor already open

    @property
    def folder(self) -> Path:
        return self.path.parent if str(self.path.parent) else Path(".")


def destination(path: Path) -> Destination:
    """Check that ``path`` can be written and say what kind of thing it is; :class:`UsageError` if not.

    Refused: a name with a NUL byte or that is not valid UTF-8, a name too long, a folder, a socket, a
    read-only file, a missing folder, a folder the user may not create files in, a read-only file
    system, a dangling path through a file, and a link in a shared sticky folder owned by someone else.
    """
    text = os.fspath(path)
    if "\0" in text:
        raise _cannot(path, "the file name contains a NUL byte")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise _cannot(path, "the file name is not valid UTF-8; choose a name in plain text") from None
    inherited = _inherited_fd(path)
    if inherited is not None:  # /dev/stdout, /dev/fd/N: the file the shell opened, in the mode it chose
        return Destination(path, path, "stream", inherited)
    followed = False
    try:
        link = os.lstat(path)
        followed = stat.S_ISLNK(link.st_mode)
        if followed:
            _refuse_shared_link(path, link)
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise _cannot(path, reason(exc)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise _cannot(path, "it is a folder; give a file name")
    if info is not None and stat.S_ISSOCK(info.st_mode):
        raise _cannot(path, "it is a socket")
    if info is not None and not stat.S_ISREG(info.st_mode):
        return Destination(path, path, "stream")  # a device or pipe: written through, never replaced
    real = Path(os.path.realpath(path)) if followed else path  # a link's target is replaced, the link is kept
    if info is None:
        found = Destination(path, real, "new")
    else:
        if info.st_mode & 0o222 == 0 or not os.access(real, os.W_OK):
            mode = stat.filemode(info.st_mode)
            raise _cannot(path, f"the file is read-only ({mode}); make it writable first or choose another name")
        found = Destination(path, real, "file")
    _check_folder(path, found.folder)
    return found


_INHERITED = re.compile(r"/dev/(?:(stdout)|(stderr)|fd/(\d+))|/proc/self/fd/(\d+)")


def _inherited_fd(path: Path) -> int | None:
    """The open file descriptor ``path`` names (``/dev/stdout`` is 1), if it names one that is open."""
    match = _INHERITED.fullmatch(os.path.abspath(path))
    if match is None:
        return None
    stdout, stderr, fd, proc_fd = match.groups()
    number = 1 if stdout else 2 if stderr else int(fd or proc_fd)
    try:
        os.fstat(number)
    except (OSError, OverflowError):
        return None
    return number


def _refuse_shared_link(path: Path, link: os.stat_result) -> None:
    """Do not follow a link planted in a sticky world-writable folder (/tmp) by another user."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        where = os.stat(folder)
    except OSError:
        return
    sticky_shared = where.st_mode & stat.S_ISVTX and where.st_mode & stat.S_IWOTH
    if sticky_shared and link.st_uid not in (os.geteuid(), where.st_uid):
        raise _cannot(path, "it is a symbolic link another user owns in a shared folder; refusing to follow it")


def _check_folder(path: Path, folder: Path) -> None:
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise _cannot(path, f"folder {shown(folder)} does not exist") from None
    except OSError as exc:
        raise _cannot(path, reason(exc)) from None
    if not stat.S_ISDIR(info.st_mode):
        raise _cannot(path, f"{shown(folder)} is not a folder")
    try:
        read_only_fs = hasattr(os, "statvfs") and bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_fs = False
    if read_only_fs:
        raise _cannot(path, f"folder {shown(folder)} is on a read-only file system")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _cannot(path, f"no permission to create files in folder {shown(folder)}")


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, compared by device and inode (links and spellings alike)."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_outputs(outputs: Iterable[Path | None], inputs: Iterable[Path | str | None]) -> list[Destination]:
    """Check every output before anything is written; refuse one that is any input file.

    Files are compared by identity (device and inode), so a symlink, a hard link, ``./a.yaml``,
    ``../dir/a.yaml`` or another case on a case-insensitive file system are all the same file.
    The bundled questionnaires and report templates count as inputs of every command.
    """
    from aiopgap.files.resources import bundled_files

    seen: dict[tuple[int, int], Path | str] = {}
    for item in [*inputs, *bundled_files()]:
        if item is None:
            continue
        try:
            info = os.stat(item)
        except (OSError, ValueError):
            continue  # an input that cannot be read is reported by whoever reads it
        seen.setdefault((info.st_dev, info.st_ino), item)
    checked = []
    for output in outputs:
        if output is None:
            continue
        target = destination(output)
        try:
            written: os.stat_result | None = os.stat(target.path) if target.kind != "new" else None
        except OSError:
            written = None
        if written is not None:
            same = seen.get((written.st_dev, written.st_ino))
            if same is not None:
                raise UsageError(
                    f"refusing to write {shown(output)}: it is the input file {shown(same)}, which the output "
                    "would replace; choose another output file"
                )
        checked.append(target)
    return checked


# --------------------------------------------------------------------------- stale temporaries


def _stem(name: str) -> str:
    """The output's name as it appears in its temporaries' names (cut short for very long names)."""
    raw = os.fsencode(name)
    if len(raw) <= _NAME_BYTES:
        return name
    return os.fsdecode(raw[:_NAME_BYTES].decode("utf-8", "ignore").encode("utf-8")) + "~"


def _temporary_pattern(name: str) -> re.Pattern[str]:
    # .NAME.PID.XXXXXXXX.tmp, and .NAME.XXXXXXXX.tmp as earlier versions named them
    return re.compile(rf"\.{re.escape(_stem(name))}\.(?:(\d{{1,10}})\.)?[^./]+\.tmp")


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
        except OSError as exc:
            raise _cannot(self._path, reason(exc) + self._after) from None


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
    try:
        fd = os.dup(target.inherited) if target.inherited is not None else os.open(target.path, flags)
    except OSError as exc:
        raise _cannot(target.given, reason(exc)) from None
    if fcntl is not None and target.inherited is None:  # O_NONBLOCK only kept a pipe with no reader from blocking
        with contextlib.suppress(OSError):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return _Open.on(target, fd, newline, None)


def _open_temporary(target: Destination, newline: str) -> _Open:
    remove_stale_temporaries(target.path)
    prefix = f".{_stem(target.path.name)}.{os.getpid()}."
    try:
        fd, temporary = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=target.folder)
    except OSError as exc:
        raise _cannot(target.given, reason(exc)) from None
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if hasattr(os, "fchmod"):
            os.fchmod(fd, _mode_for(target.path))
    except OSError as exc:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise _cannot(target.given, reason(exc)) from None
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
            raise _cannot(item.target.given, reason(exc) + _unchanged(item.target)) from None
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
        raise _cannot(failed.target.given, reason(exc) + _unchanged(failed.target)) from None
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
        name = target.folder / f".{_stem(target.path.name)}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
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
        raise _cannot(path, reason(exc)) from None
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
            raise _cannot(path, reason(exc) + kept) from None
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
            raise _cannot(path, reason(exc) + "; nothing was written") from None
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
            raise _cannot(path, reason(exc) + "; nothing was written") from None
    finally:
        _discard([opened])  # closes the temporary file and removes it; the new file is its hard link
    _fsync_folder(target.folder)
