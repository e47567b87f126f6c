"""What ``check`` and ``validate`` share for machines: where a document goes, and CI annotations.

A JSON or SARIF document goes to ``--output`` (``-`` or none: standard output). Under GitHub Actions
(``GITHUB_ACTIONS=true``) annotation lines go to standard output, or to standard error when a
document is going there, so the document stays parseable.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

from aiopgap.model.errors import Location
from aiopgap.render.annotations import Level, workflow_commands


def to_stdout(output: Path | None) -> bool:
    """Whether ``--output`` means standard output (none given, or ``-``)."""
    from aiopgap.files.destinations import is_stdout

    return output is None or is_stdout(output)


def emit(text: str, output: Path | None, inputs: Sequence[Path | None] = ()) -> None:
    """``text`` on standard output, or written whole to ``output`` (never over one of the ``inputs``)."""
    from aiopgap.commands._output import write

    if output is not None and not to_stdout(output):
        from aiopgap.files.destinations import check_outputs

        check_outputs([output], list(inputs))
    write(text, output)


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def annotate(items: Sequence[tuple[Level, Location, str, str]], document_on_stdout: bool) -> None:
    """The annotation lines, when running in GitHub Actions; on stderr when a document holds stdout."""
    if not items or not in_github_actions():
        return
    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or os.getcwd())
    stream = sys.stderr if document_on_stdout else sys.stdout
    stream.write(workflow_commands(items, workspace))
    stream.flush()
