"""Tables in and out: export, import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap.cli.app import (
    AnonymiseOption,
    AssessedUnitOption,
    ParentUnitOption,
    QuestionnaireOption,
    QuietOption,
    VerboseOption,
    app,
    execute,
)
from aiopgap.render.formats import ExportFormat, ExportTable


@app.command()
def export(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE|DIR", help="Answers YAML files, or folders of them; - reads standard input."),
    ],
    questionnaire: QuestionnaireOption = None,
    format: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            "-f",
            help="csv: comma-separated; tsv: tab-separated, pastes straight into a sheet; "
            "xlsx: one workbook with every table as a sheet (needs -o FILE.xlsx, or standard output redirected).",
        ),
    ] = ExportFormat.csv,
    table: Annotated[
        Optional[ExportTable],  # noqa: UP045
        typer.Option(
            "--table",
            "-t",
            help="responses (default): one row per respondent and question; dimensions: scores. CSV and TSV only.",
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the table (or the workbook) to this file.", dir_okay=False),
    ] = None,
    output_dir: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output-dir",
            help="Write both tables (responses.csv, dimensions.csv; .tsv with -f tsv) here. CSV and TSV only.",
            file_okay=False,
        ),
    ] = None,
    anonymise: AnonymiseOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Export answers and dimension scores as CSV (or TSV), or everything as one workbook, for spreadsheets.

    `--format xlsx` writes sheets Dimensions, Responses, Symptoms (one row per piece of evidence),
    Recommendations, Initiatives and Heatmap (roles x dimensions of a workshop), each with a frozen
    header and a filter; scores, gaps and shares are numbers; text never runs as a formula.

    Example: `aiopgap export examples/workshop/orbital-insurance-2026-Q3.yaml -f xlsx -o orbital.xlsx`
    """
    from aiopgap.commands import export as command

    execute(lambda: command.run(files, questionnaire, table, output, output_dir, format, anonymise))


@app.command("import")
def import_answers(
    inputs: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE|DIR", help="Filled workbooks (.xlsx), responses CSV files, form exports, folders."
        ),
    ],
    questionnaire: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--questionnaire", "-Q", help="Questionnaire YAML (default: the bundled one).", dir_okay=False),
    ] = None,
    org: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--org", help="Organisation, unless the files name it."),
    ] = None,
    period: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--period", help="Period such as 2026-Q3, unless the files name it."),
    ] = None,
    unit: AssessedUnitOption = None,
    parent: ParentUnitOption = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", help="Answers YAML to write (default: ORGANISATION-PERIOD.yaml, here).", dir_okay=False
        ),
    ] = None,
    form_mapping: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--form-mapping",
            "-m",
            metavar="MAP",
            help="Mapping YAML for form exports (see examples/forms/).",
            dir_okay=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output file if it exists.")] = False,
    anonymise: AnonymiseOption = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Bring answers given outside a terminal into one answers file: workbooks, CSV files, form exports.

    Reads filled workbooks from `questionnaire export --format xlsx`, CSV files in the layout of
    `aiopgap export` and, with `--form-mapping`, Microsoft Forms or Google Forms exports. Every
    problem is listed with its place (`file:Sheet!C7`, `file:line:column`); on any problem nothing
    is written (exit 2). Example: `aiopgap import answers/ --org "Acme" --period 2026-Q3`

    For one unit of the organisation, name it (and the unit it belongs to): the answers file says so,
    and a file naming another unit is refused. Example:
    `aiopgap import returned/ --org "Kestrel Forge Group" --unit "Remote Diagnostics" --parent "Field Services"`
    """
    from aiopgap.commands import import_answers as command

    execute(
        lambda: command.run(inputs, questionnaire, org, period, output, form_mapping, force, anonymise, (unit, parent))
    )
