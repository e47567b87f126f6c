"""The command line: typer only. Each command delegates to a function that returns an exit code.

One module per group of commands registers them on :data:`aiopgap.cli.app.app`; this module loads
them all and holds :func:`main`, the entry point.

Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 internal error, 130 interrupted, 141 broken pipe.
"""

from __future__ import annotations

import os
import sys

from aiopgap import __version__
from aiopgap.cli import assessing, comparing, gates, plan, portfolio, questionnaires, tables  # noqa: F401 - they register commands
from aiopgap.cli._pydantic_plugins import skip_plugin_scan
from aiopgap.cli.app import app
from aiopgap.cli.dispatch import only_the_command_named
from aiopgap.commands._last_resort import last_resort, survivable_streams

__all__ = ["app", "main"]


def _stdout_identity() -> tuple[int, int] | None:
    try:
        info = os.fstat(sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # pragma: no cover - no standard output at all
        return None
    return info.st_dev, info.st_ino


def _closed_pipe_met(before: tuple[int, int] | None) -> bool:
    """Whether a library ended on a closed pipe: click wraps stdout, rich points it at /dev/null."""
    return type(sys.stdout).__name__ == "PacifyFlushWrapper" or _stdout_identity() != before


def main() -> None:
    survivable_streams()
    # pydantic looks for third-party plugins through package metadata the first time a model is
    # built (about 10 ms); the command line uses none. Set only here, not when aiopgap is imported.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    skip_plugin_scan()  # and without importing package metadata first
    before = None
    try:
        if sys.argv[1:] == ["--version"]:  # answer before typer builds every command: start-up is the whole cost
            print(f"aiopgap {__version__}")
            return
        before = _stdout_identity()
        (only_the_command_named(app, sys.argv[1:]) or app)(prog_name="aiopgap")
    except SystemExit as exc:
        if exc.code == 1 and _closed_pipe_met(before):
            # the command-line libraries meet a closed pipe (help piped into `head`) with exit 1, which
            # here means "a gate failed": end as every other closed pipe ends, quietly with 141
            sys.exit(141)
        raise
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
    except BaseException as exc:  # the last resort: whatever escaped every other handler
        sys.exit(last_resort(exc))
