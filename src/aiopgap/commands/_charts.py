"""The ending ``report --charts DIR`` and ``trend --charts DIR`` share: chart files into a folder.

The folder is checked before any work (a file in the way is refused, exit 2), and so is the PNG
converter when PNG is asked for; the files are written together, all or none, and each is named on
stderr, so the document on standard output stays clean.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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


def write(folder: Path | None, draw: Callable[[], list[ChartFile]], inputs: Iterable[Path | str | None]) -> None:
    """The files ``draw`` gives, written into ``folder`` (nothing when no folder was asked for)."""
    if folder is None:
        return
    from aiopgap.files.destinations import check_outputs
    from aiopgap.files.folders import output_folder, write_into
    from aiopgap.render.console import stderr
    from aiopgap.render.text import line

    files = draw()
    output_folder(folder, OPTION)
    check_outputs([folder / f.name for f in files], inputs)
    for path in write_into(folder, [(f.name, f.data) for f in files], OPTION):
        stderr().print(line(("wrote", "green"), " ", str(path)))
