"""``aiopgap questionnaire show``: print the questions of a questionnaire."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from aiopgap.files import resources
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.render.text import line, user


def run(file: Path | None, dimension: str | None, levels: bool) -> int:
    questionnaire = load_questionnaire(file or resources.default_questionnaire())
    dimensions = questionnaire.dimensions
    if dimension is not None:
        dimensions = tuple(d for d in dimensions if d.id == dimension)
        if not dimensions:
            known = ", ".join(d.id for d in questionnaire.dimensions)
            raise UsageError(f"no dimension {dimension!r} (known: {known})")
    console = Console(highlight=False)
    console.print(line(user(questionnaire.title, "bold"), "  ", questionnaire.id, " ", questionnaire.version))
    console.print(user(questionnaire.description, "dim"))
    for dim in dimensions:
        console.rule(line(user(dim.name, "bold"), " · ", dim.question))
        for number, question in enumerate(dim.questions, start=1):
            heading = line("\n", user(f"{number}. {question.prompt}", "bold"), "  ", user(question.id, "cyan"))
            if question.allow_na:
                heading.append("  (n/a allowed)", style="dim")
            console.print(heading)
            if question.replaces:
                console.print(user(f"(replaces {', '.join(question.replaces)})", "dim"))
            console.print(user(question.help, "italic"))
            if levels:
                for level, text in sorted(question.levels.items()):
                    console.print(line("   ", (str(level), "bold"), "  ", text))
    return ExitCode.OK
