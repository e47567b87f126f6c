"""Where an output goes, checked before anything is written: the one place every ``--output`` is vetted.

* **Never over an input**: :func:`check_outputs` refuses an output that is the same file (same
  device and inode: symlinks, hard links and other spellings included) as one of the command's
  inputs or as a bundled questionnaire or template.
* **Never over a read-only file**: the rename would ignore the file's mode, so a file the user may
  not write, or whose mode has no write bit for anyone (caught even when running as root), is refused.
* **Symbolic links are followed**: the file they point to is replaced, the link is kept. A link in a
  shared sticky folder (``/tmp``) owned by someone else is not followed, as the kernel's
  ``protected_symlinks`` rule would not.
* **Devices and pipes** (``/dev/stdout``, a named pipe) are written through, never replaced.
* **``-`` is standard output**, as ``/dev/stdout`` is; a reader that closes it (``| head``) ends the
  command quietly, as any shell tool ends (:class:`BrokenPipeError`, exit 141).

Every failure is a :class:`UsageError` (exit 2) naming the file and the reason, never a traceback.
Writing itself is :mod:`aiopgap.files.atomic`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aiopgap.model.errors import UsageError
from aiopgap.model.text import visible

STDOUT = "-"
"""The output name that means standard output."""


def is_stdout(path: Path | str | None) -> bool:
    return path is not None and os.fspath(path) == STDOUT


def shown(path: Path | str) -> str:
    """A path as it appears in a message: control characters visible, undecodable bytes escaped."""
    if is_stdout(path):
        return "standard output"
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


def cannot(path: Path, why: str) -> UsageError:
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
        raise cannot(path, "the file name contains a NUL byte")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise cannot(path, "the file name is not valid UTF-8; choose a name in plain text") from None
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
        raise cannot(path, reason(exc)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise cannot(path, "it is a folder; give a file name")
    if info is not None and stat.S_ISSOCK(info.st_mode):
        raise cannot(path, "it is a socket")
    if info is not None and not stat.S_ISREG(info.st_mode):
        return Destination(path, path, "stream")  # a device or pipe: written through, never replaced
    real = Path(os.path.realpath(path)) if followed else path  # a link's target is replaced, the link is kept
    if info is None:
        found = Destination(path, real, "new")
    else:
        if info.st_mode & 0o222 == 0 or not os.access(real, os.W_OK):
            mode = stat.filemode(info.st_mode)
            raise cannot(path, f"the file is read-only ({mode}); make it writable first or choose another name")
        found = Destination(path, real, "file")
    _check_folder(path, found.folder)
    return found


_INHERITED = re.compile(r"/dev/(?:(stdout)|(stderr)|fd/(\d+))|/proc/self/fd/(\d+)")


def _inherited_fd(path: Path) -> int | None:
    """The open file descriptor ``path`` names (``/dev/stdout`` is 1), if it names one that is open."""
    if is_stdout(path):
        number = 1
    else:
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
        raise cannot(path, "it is a symbolic link another user owns in a shared folder; refusing to follow it")


def _check_folder(path: Path, folder: Path) -> None:
    try:
        info = os.stat(folder)
    except FileNotFoundError:
        raise cannot(path, f"folder {shown(folder)} does not exist") from None
    except OSError as exc:
        raise cannot(path, reason(exc)) from None
    if not stat.S_ISDIR(info.st_mode):
        raise cannot(path, f"{shown(folder)} is not a folder")
    try:
        read_only_fs = hasattr(os, "statvfs") and bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_fs = False
    if read_only_fs:
        raise cannot(path, f"folder {shown(folder)} is on a read-only file system")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise cannot(path, f"no permission to create files in folder {shown(folder)}")


def refuse_terminal(path: Path | None, what: str, example: str = "FILE") -> None:
    """A binary ``what`` (a workbook, a PDF) is never poured onto a terminal: to a pipe or a file only."""
    try:
        if path is None or is_stdout(path):
            terminal = bool(sys.stdout is not None and sys.stdout.isatty())
        else:
            fd = _inherited_fd(path)
            terminal = fd is not None and os.isatty(fd)
    except (OSError, ValueError):  # pragma: no cover - a stream closed meanwhile
        terminal = False
    if terminal:
        raise UsageError(f"{what} is a binary file: write it with -o {example} (or redirect standard output to a file)")


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
        if output is None or is_stdout(output):
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
