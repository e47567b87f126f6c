"""The ending ``report --charts DIR`` and ``trend --charts DIR`` share: chart files into a folder.

The folder is checked before any work (a file in the way is refused, exit 2), and so is the PNG
converter when PNG is asked for; the files are drawn and their places checked before the document
is written (:func:`prepare`), then written together, all or none, and each is named on stderr, so
the document on standard output stays clean.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from aiopgap.render.chart_files import ChartFile
from aiopgap.render.formats import ChartFormat

OPTION = "--charts"


def check(folder: Path | None, fmt: ChartFormat) -> None:
    """Refuse at once what would fail at the end: a file in the folder's way, PNG without its extra."""
    if folder is None:
        return
    from aiopgap.files.folders import check_folder
    from aiopgap.render.chart_files import check_format

    check_folder(folder, OPTION)
    check_format(fmt)


@dataclass(frozen=True)
class Pending:
    """Chart files drawn and their folder made and checked: ready to write once the document is written."""

    folder: Path
    files: list[ChartFile]


def prepare(
    folder: Path | None,
    draw: Callable[[], list[ChartFile]],
    inputs: Iterable[Path | str | None],
    output: Path | None,
) -> Pending | None:
    """Everything that could refuse the chart files, done before the document is written, so a refusal
    leaves nothing behind: the folder made, each file's place checked, none of them the document's ``-o``."""
    if folder is None:
        return None
    from aiopgap.files.destinations import check_outputs, shown
    from aiopgap.files.folders import output_folder
    from aiopgap.model.errors import UsageError

    files = draw()
    output_folder(folder, OPTION)
    paths = [folder / f.name for f in files]
    if output is not None and any(os.path.realpath(output) == os.path.realpath(p) for p in paths):
        raise UsageError(
            f"--output {shown(output)} is also a chart file {OPTION} {shown(folder)} writes; "
            "choose another output file or folder"
        )
    check_outputs(paths, inputs)
    return Pending(folder, files)


def write(pending: Pending | None) -> None:
    """The prepared chart files, written together into their folder, each named on stderr."""
    if pending is None:
        return
    from aiopgap.files.folders import write_into
    from aiopgap.render.console import notes
    from aiopgap.render.text import line

    for path in write_into(pending.folder, [(f.name, f.data) for f in pending.files], OPTION):
        notes().print(line(("wrote", "green"), " ", str(path)))
