"""The one bounded reader: every user file (answers, questionnaires, reports, config, templates) is read here.

:func:`read_at_most` opens a file and reads it whole, refusing more than a limit of bytes: a
regular file's size is checked before reading, and pipes and devices (a FIFO fed forever,
``/dev/zero``) are read only until they pass the limit. :func:`read_bytes` and :func:`read_text`
put the YAML and TOML inputs' limit and messages on it; the template loader puts its own.

The name ``-`` is standard input (read once, then kept, and called ``<stdin>`` in messages); a
terminal on standard input is told how to end what it types. Every file read is remembered in
:data:`files_read`, which ``--verbose`` prints.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import sys
from pathlib import Path

from aiopgap.model.errors import InputError, input_error

MAX_BYTES = 5 * 1024 * 1024
"""The largest input file read, in bytes."""

_CHUNK = 1024 * 1024
_LINE_BREAKS = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


STDIN = "-"
"""The file name that means standard input."""
STDIN_NAME = "<stdin>"

files_read: list[str] = []
"""Every file read since :func:`forget_reads`, in order, as messages name them."""
_stdin: list[bytes] = []  # standard input once read: a second read of '-' gives the same bytes
prompting = True
"""Whether a terminal on standard input is told how to end its text (off under --quiet)."""


def forget_reads() -> None:
    """Start a new command: nothing read yet (standard input is read once per process, and kept)."""
    files_read.clear()


def is_stdin(path: Path | str) -> bool:
    return os.fspath(path) == STDIN


def at_most_once(paths: list[Path]) -> None:
    """Standard input holds one document: refuse ``-`` given twice among a command's inputs."""
    from aiopgap.model.errors import UsageError

    if sum(is_stdin(path) for path in paths) > 1:
        raise UsageError("- (standard input) can be given only once: it holds one document")


def display_name(path: Path | str) -> str:
    """How a file is named in messages: ``<stdin>`` for ``-``, the path as given otherwise."""
    return STDIN_NAME if is_stdin(path) else str(path)


def _read_stdin(limit: int, kind: str) -> bytes:
    if _stdin:
        return _stdin[0]
    stream = sys.stdin
    if stream is None:
        raise FileNotFoundError(errno.ENOENT, "no standard input", STDIN)
    if prompting and stream.isatty():
        print(f"reading {kind} from standard input (Ctrl-D to end)", file=sys.stderr)
    source = getattr(stream, "buffer", None)
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = source.read(min(_CHUNK, limit + 1 - total)) if source is not None else stream.read().encode()
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise TooLarge
        if source is None:
            break
    _stdin.append(b"".join(chunks))
    return _stdin[0]


class TooLarge(Exception):
    """The file holds more than the limit :func:`read_at_most` was given."""


def read_at_most(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, at most ``limit`` of them; :class:`TooLarge` beyond that.

    A folder is an :class:`IsADirectoryError`; every other failure is the :class:`OSError` (or,
    for a NUL byte in the name, the :class:`ValueError`) that opening or reading raised.
    """
    if is_stdin(path):
        return _read_stdin(limit, "input")
    with open(path, "rb", buffering=0) as handle:
        info = os.fstat(handle.fileno())
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise TooLarge
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = handle.read(min(_CHUNK, limit + 1 - total))
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise TooLarge


def too_large(file: str) -> InputError:
    return input_error(file, f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; refusing to read it")


def read_bytes(path: Path, kind: str = "file", expected: str = "a YAML file") -> bytes:
    """The bytes of a user's input file, at most ``MAX_BYTES``; every failure an :class:`InputError` naming it."""
    name = display_name(path)
    files_read.append(name)
    try:
        if is_stdin(path):
            return _read_stdin(MAX_BYTES, _kind_word(kind))
        return read_at_most(path, MAX_BYTES)
    except FileNotFoundError:
        raise input_error(name, f"{kind} not found") from None
    except TooLarge:
        raise too_large(name) from None
    except OSError as exc:
        raise input_error(name, _os_reason(exc, kind, expected)) from None
    except ValueError:  # a NUL byte in the name
        raise input_error(name, f"{kind} name is not a valid path") from None


def _kind_word(kind: str) -> str:
    return "answers" if kind == "file" else kind


def _os_reason(exc: OSError, kind: str, expected: str) -> str:
    if exc.errno == errno.EISDIR:
        return f"is a directory, expected {expected}"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"cannot read {kind}: permission denied"
    if exc.errno == errno.ENAMETOOLONG:
        return f"cannot read {kind}: its name is too long"
    if exc.errno == errno.ELOOP:
        return f"cannot read {kind}: symbolic link loop"
    return f"cannot read {kind}: {exc.strerror or exc}"


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of character ``offset`` in ``text``, counting YAML's line breaks."""
    before = text[:offset]
    breaks = list(_LINE_BREAKS.finditer(before))
    line_start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, offset - line_start + 1


def decode(raw: bytes, file: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is a located :class:`InputError`."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise input_error(file, "file is UTF-16 text, not UTF-8; save it as UTF-8", 1, 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8-sig")
        line, column = position(good, len(good))
        message = f"file is not UTF-8 text (byte {exc.start:,} is 0x{raw[exc.start]:02x})"
        raise input_error(file, message, line, column) from None


def read_text(path: Path, kind: str = "file", expected: str = "a YAML file") -> str:
    """:func:`read_bytes` decoded as UTF-8."""
    return decode(read_bytes(path, kind, expected), display_name(path))
