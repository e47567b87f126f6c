"""The command line's last resort: what nobody expected ends in one line and an exit code, never a traceback.

Used by ``aiopgap.cli`` around every command and around the whole program; standard library only, so
importing it costs nothing at start-up.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path

REPORT_BUGS = "the aiopgap maintainers (README: Reporting a bug)"


def last_resort(exc: BaseException) -> int:
    """Any exception nobody expected: one line on stderr, never a traceback, exit 3 (a bug of ours).

    ``AIOPGAP_DEBUG=1`` prints the traceback as well, for whoever fixes it.
    """
    import traceback

    from aiopgap.model.errors import ExitCode

    if isinstance(exc, BrokenPipeError):  # `aiopgap ... | head`: the reader left; end quietly, as shell tools do
        _silence_stdout()
        return int(ExitCode.BROKEN_PIPE)
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO):
        # standard output itself failed (`> /dev/full`, a full disk behind a redirect): the user's to fix
        _silence_stdout()
        why = "disk full" if exc.errno != errno.EIO else "input/output error"
        with contextlib.suppress(Exception):
            print(f"error cannot write standard output: {why} ({exc.strerror})", file=sys.stderr)
        return int(ExitCode.BAD_INPUT)
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    from aiopgap.model.text import visible

    message = visible(f"{type(exc).__name__}{': ' + detail if detail else ''}{where}", keep_newlines=False)
    try:
        print(
            f"aiopgap: internal error ({message}). This is a bug in aiopgap, not in your input; nothing was written. "
            f"Please report it, with the command you ran, to {REPORT_BUGS} (AIOPGAP_DEBUG=1 shows the details).",
            file=sys.stderr,
        )
        if os.environ.get("AIOPGAP_DEBUG"):
            traceback.print_exception(exc, file=sys.stderr)
    except Exception:  # stderr itself is broken; the exit code still says what happened
        pass
    return int(ExitCode.INTERNAL)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so Python's own flush at exit does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def survivable_streams() -> None:
    """Never fail on a character the output encoding lacks: ``PYTHONIOENCODING=ascii``, ``LANG=C`` with a
    pipe, or a file name that is not UTF-8 (Python gives its bytes as lone surrogates). Such characters
    are written as backslash escapes instead of raising ``UnicodeEncodeError``; a UTF-8 stream that
    already writes surrogates back as the original bytes (Python's C-locale default) is left as it is."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        utf8 = str(getattr(stream, "encoding", "")).lower().replace("-", "") == "utf8"
        if reconfigure is not None and not (utf8 and getattr(stream, "errors", None) == "surrogateescape"):
            with contextlib.suppress(ValueError, OSError):  # a closed or detached stream: nothing to protect
                reconfigure(errors="backslashreplace")
