"""The ending every command that writes a document shares: to the screen, or to ``--output``.

Standard output when no ``--output`` is given (or ``-o -``); otherwise the file, written whole or not at all
(:mod:`aiopgap.files.atomic`). The terminal format on the screen is printed in colour; written to
a file (or in any other format) it is plain text. A PDF is the HTML form printed by a browser
(:mod:`aiopgap.files.pdf`) and always goes to a file: :func:`check_format` says so before any work.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from aiopgap.model.errors import UsageError
from aiopgap.render.formats import Document, Format


@contextlib.contextmanager
def opened(output: Path | None, newline: str = "\n") -> Iterator[TextIO]:
    """Where a command's text goes: standard output, or ``output`` replaced only when the block succeeds."""
    from aiopgap.files.destinations import is_stdout

    if output is None or is_stdout(output):
        yield sys.stdout
        sys.stdout.flush()  # the text is out before anything that follows on standard error
        return
    from aiopgap.files.atomic import atomic_writer

    with atomic_writer(output, newline) as handle:
        yield handle


def write(text: str, output: Path | None) -> None:
    with opened(output) as handle:
        handle.write(text)


def check_format(fmt: Format, output: Path | None) -> None:
    """Refuse, before any input is read, a format that cannot go where it was sent (a PDF to the screen)."""
    if fmt is not Format.pdf:
        return
    if output is None:
        raise UsageError("--format pdf writes a file: name it with --output (-o), for example -o report.pdf")
    from aiopgap.files.destinations import refuse_terminal

    refuse_terminal(output, "a PDF", "report.pdf")


def show(document: Document, fmt: Format, output: Path | None, template_dir: Path | None = None) -> None:
    """``document`` in ``fmt`` on the screen or in ``output``."""
    check_format(fmt, output)
    if fmt is Format.pdf:
        assert output is not None  # checked above
        _print_pdf(document, output, template_dir)
        return
    if output is None and fmt is Format.terminal:
        from aiopgap.render.console import stdout

        document.print(stdout())
        return
    write(document.render(fmt, template_dir), output)


def _print_pdf(document: Document, output: Path, template_dir: Path | None) -> None:
    """The HTML form printed to ``output`` by the browser found here, dated with the document's own day."""
    from aiopgap.files.pdf import find_browser, print_pdf, steady, timeout_of
    from aiopgap.model.report import Report

    browser, timeout = find_browser(), timeout_of()  # before rendering: a missing browser is said at once
    html = document.render(Format.html, template_dir)
    day = document.data.assessed_on if isinstance(document.data, Report) else None
    data = steady(print_pdf(html, browser, timeout), day)
    with opened(output) as handle:
        handle.buffer.write(data)
