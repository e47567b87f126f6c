"""Commands on questionnaires and schemas: questionnaire show and export, schema."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap.cli.app import (
    OutputOption,
    QuietOption,
    VerboseOption,
    app,
    execute,
    questionnaire_app,
)
from aiopgap.render.formats import SchemaKind, ShowFormat


@questionnaire_app.command("show")
def questionnaire_show(
    file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(metavar="FILE", help="Questionnaire YAML (default: the bundled one).", dir_okay=False),
    ] = None,
    dimension: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dimension", "-d", help="Show only this dimension (e.g. governance)."),
    ] = None,
    levels: Annotated[bool, typer.Option("--levels/--no-levels", help="Show each level's descriptor.")] = True,
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="terminal, or json (an aiopgap.questionnaire/1 document).")
    ] = ShowFormat.terminal,
    output: OutputOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Print a questionnaire's dimensions, questions and level descriptors.

    `--format json` writes them as an `aiopgap.questionnaire/1` document (`--dimension` still filters).
    """
    from aiopgap.commands import questionnaire_show as command

    execute(lambda: command.run(file, dimension, levels, format, output))


@questionnaire_app.command("export")
def questionnaire_export(
    file: Annotated[
        Optional[Path], typer.Argument(metavar="FILE", help="Questionnaire YAML (default: bundled).")  # noqa: UP045
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Only xlsx: an Excel workbook.")] = "xlsx",
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            dir_okay=False,
            help="Workbook to write (default: QUESTIONNAIRE[-ORG][-UNIT][-PERIOD].xlsx).",
        ),
    ] = None,
    org: Annotated[Optional[str], typer.Option("--org", help="Organisation named on the first sheet.")] = None,  # noqa: UP045
    unit: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--unit", help="Unit named on the first sheet (a business unit or team); `import` keeps it."),
    ] = None,
    period: Annotated[
        Optional[str], typer.Option("--period", help="Period named on the first sheet (2026-Q3).")  # noqa: UP045
    ] = None,
    return_to: Annotated[
        Optional[str], typer.Option("--return-to", metavar="WHO", help="Where respondents send it back (an address).")  # noqa: UP045
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output if it exists.")] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Write the questionnaire as a workbook each respondent fills in offline, one sheet per dimension.

    Respondents type their name and role on the first sheet and pick a level from the drop-down on every
    row. Example: `aiopgap questionnaire export --org Acme --period 2026-Q3 --return-to ai-review@acme.example`
    """
    from aiopgap.commands import questionnaire_export as command

    if format != "xlsx":
        raise typer.BadParameter("questionnaire export writes xlsx only", param_hint="--format")
    execute(lambda: command.run(file, output, org, period, return_to, force, unit))


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(
            metavar="answers|questionnaire|report|verdict|validation",
            help="Which document the schema describes: an answers file, a questionnaire, a JSON report, or the "
            "JSON documents of check (verdict) and validate (validation).",
        ),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the schema to this file.", dir_okay=False),
    ] = None,
    questionnaire: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--questionnaire",
            "-Q",
            help="Questionnaire YAML whose question ids, levels and dimensions the answers schema lists "
            "(default: the bundled questionnaire). Only with `schema answers`.",
            dir_okay=False,
        ),
    ] = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Print the JSON Schema of answers files, questionnaires or JSON reports (for editors and validators).

    The answers schema knows one questionnaire (the bundled one unless `--questionnaire` names another): an
    editor completes its question ids and flags a misspelt id, a level off its scale or another questionnaire.
    Example: `aiopgap schema answers -o answers.schema.json`, then start an answers file with
    `# yaml-language-server: $schema=answers.schema.json` for completion in your editor.
    """
    from aiopgap.commands import schema as command

    execute(lambda: command.run(kind, output, questionnaire))
