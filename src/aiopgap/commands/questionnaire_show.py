"""``aiopgap questionnaire show``: print the questions of a questionnaire."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape

from aiopgap import resources
from aiopgap.errors import ExitCode, UsageError
from aiopgap.loader import load_questionnaire


def run(file: Path | None, dimension: str | None, levels: bool) -> int:
    questionnaire = load_questionnaire(file or resources.default_questionnaire())
    dimensions = questionnaire.dimensions
    if dimension is not None:
        dimensions = tuple(d for d in dimensions if d.id == dimension)
        if not dimensions:
            known = ", ".join(d.id for d in questionnaire.dimensions)
            raise UsageError(f"no dimension {dimension!r} (known: {known})")
    console = Console(highlight=False)
    console.print(
        f"[bold]{escape(questionnaire.title)}[/bold]  {escape(questionnaire.id)} {escape(questionnaire.version)}"
    )
    console.print(escape(questionnaire.description), style="dim")
    for dim in dimensions:
        console.rule(f"[bold]{escape(dim.name)}[/bold] · {escape(dim.question)}")
        for number, question in enumerate(dim.questions, start=1):
            na = "  [dim](n/a allowed)[/dim]" if question.allow_na else ""
            console.print(f"\n[bold]{number}. {escape(question.prompt)}[/bold]  [cyan]{question.id}[/cyan]{na}")
            if question.replaces:
                console.print(f"(replaces {escape(', '.join(question.replaces))})", style="dim")
            console.print(escape(question.help), style="italic")
            if levels:
                for level, text in sorted(question.levels.items()):
                    console.print(f"   [bold]{level}[/bold]  {escape(text)}")
    return ExitCode.OK
