"""``aiopgap portfolio``: an organisation's units side by side, rolled up per parent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap.cli.app import FormatOption, OutputOption, QuestionnairesOption, QuietOption, VerboseOption, app, execute
from aiopgap.render.formats import Format


@app.command()
def portfolio(
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="FILE|DIR",
            help="Answers YAML files or JSON reports of one organisation's units, or folders of them.",
        ),
    ],
    period: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--period", help="The period to show, e.g. 2026-Q2 (default: the latest among the inputs)."),
    ] = None,
    weight_by: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--weight-by",
            metavar="SIZE",
            help="Weigh each child in a roll-up by its declared size (unit.sizes), e.g. headcount; default: equally.",
        ),
    ] = None,
    questionnaire: QuestionnairesOption = None,
    format: FormatOption = Format.terminal,
    output: OutputOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Show an organisation's units side by side in one period and roll them up per parent.

    Each answers file names its unit and the unit's parent (`unit: {name: Retail Banking, parent:
    Consumer Division, sizes: {headcount: 1200}}`); a file without `unit` assesses the organisation
    itself. Units not assessed in the period are listed and left out of every roll-up.

    Example: `aiopgap portfolio examples/portfolio/ --weight-by headcount --format html -o portfolio.html`
    """
    from aiopgap.commands import portfolio as command

    execute(lambda: command.run(paths, questionnaire or [], format, output, period, weight_by))
