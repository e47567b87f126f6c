"""``aiopgap validate``: check files, report every problem, exit 0 or 2."""

from __future__ import annotations

from pathlib import Path

from aiopgap.files.documents import validate_file
from aiopgap.model.errors import ExitCode, InputError
from aiopgap.render.console import print_error, stderr
from aiopgap.render.text import line


def run(files: list[Path], questionnaire: Path | None) -> int:
    console = stderr()
    failed = 0
    for path in files:
        try:
            kind = validate_file(path, questionnaire)
        except InputError as exc:
            failed += 1
            print_error(exc)
            continue
        console.print(line(("ok", "green"), " ", str(path), f" ({kind})"))
    if failed:
        console.print(line((f"{failed} of {len(files)} file(s) invalid", "red")))
        return ExitCode.BAD_INPUT
    return ExitCode.OK
