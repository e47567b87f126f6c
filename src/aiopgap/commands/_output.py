"""The ending every command that writes a document shares: to the screen, or to ``--output``.

Standard output when no ``--output`` is given; otherwise the file, written whole or not at all
(:mod:`aiopgap.files.atomic`). The terminal format on the screen is printed in colour; written to
a file (or in any other format) it is plain text.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from aiopgap.render.formats import Document, Format


@contextlib.contextmanager
def opened(output: Path | None, newline: str = "\n") -> Iterator[TextIO]:
    """Where a command's text goes: standard output, or ``output`` replaced only when the block succeeds."""
    if output is None:
        yield sys.stdout
        return
    from aiopgap.files.atomic import atomic_writer

    with atomic_writer(output, newline) as handle:
        yield handle


def write(text: str, output: Path | None) -> None:
    with opened(output) as handle:
        handle.write(text)


def show(document: Document, fmt: Format, output: Path | None, template_dir: Path | None = None) -> None:
    """``document`` in ``fmt`` on the screen or in ``output``."""
    if output is None and fmt is Format.terminal:
        from aiopgap.render.console import stdout

        document.print(stdout())
        return
    write(document.render(fmt, template_dir), output)
