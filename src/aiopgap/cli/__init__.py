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
from aiopgap.cli.app import app
from aiopgap.commands._last_resort import last_resort, survivable_streams

__all__ = ["app", "main"]


def main() -> None:
    survivable_streams()
    # pydantic looks for third-party plugins through package metadata the first time a model is
    # built (about 10 ms); the command line uses none. Set only here, not when aiopgap is imported.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        if sys.argv[1:] == ["--version"]:  # answer before typer builds every command: start-up is the whole cost
            print(f"aiopgap {__version__}")
            return
        app(prog_name="aiopgap")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
    except BaseException as exc:  # the last resort: whatever escaped every other handler
        sys.exit(last_resort(exc))
