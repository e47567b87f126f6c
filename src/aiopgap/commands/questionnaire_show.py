"""``aiopgap questionnaire show``: print the questions of a questionnaire."""

from __future__ import annotations

from pathlib import Path

from aiopgap.files import resources
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.render.console import stdout
from aiopgap.render.formats import ShowFormat
from aiopgap.render.questionnaire import renderables
from aiopgap.render.text import print_all


def run(
    file: Path | None,
    dimension: str | None,
    levels: bool,
    fmt: ShowFormat = ShowFormat.terminal,
    output: Path | None = None,
) -> int:
    questionnaire = load_questionnaire(file or resources.default_questionnaire())
    dimensions = questionnaire.dimensions
    if dimension is not None:
        dimensions = tuple(d for d in dimensions if d.id == dimension)
        if not dimensions:
            known = ", ".join(d.id for d in questionnaire.dimensions)
            raise UsageError(f"no dimension {dimension!r} (known: {known})")
    if fmt is ShowFormat.json:
        from aiopgap.commands._machine import emit
        from aiopgap.render.formats import json_text
        from aiopgap.render.questionnaire_json import document

        emit(json_text(document(questionnaire, dimensions, levels)), output, [file])
    elif output is None or str(output) == "-":
        print_all(renderables(questionnaire, dimensions, levels), stdout())
    else:
        from aiopgap.commands._machine import emit
        from aiopgap.render.text import plain_text

        emit(plain_text(renderables(questionnaire, dimensions, levels), 100), output, [file])
    return ExitCode.OK
