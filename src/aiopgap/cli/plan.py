"""The road ahead: plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap.cli.app import FormatOption, OutputOption, QuestionnaireOption, QuietOption, VerboseOption, app, execute
from aiopgap.model.periods import MAX_CAPACITY, MAX_QUARTERS
from aiopgap.render.formats import Format


@app.command()
def plan(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="ANSWERS|PLAN",
            help="An answers YAML or JSON report to plan from, or a plan file (aiopgap.plan/1) to check and show.",
            dir_okay=False,
        ),
    ],
    quarters: Annotated[
        Optional[int],  # noqa: UP045 - typer needs Optional on 3.11
        typer.Option(
            "--quarters",
            "-n",
            min=1,
            max=MAX_QUARTERS,
            help="How many quarters to plan, after the assessment's period (default 4).",
        ),
    ] = None,
    capacity: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--capacity",
            "-k",
            min=1,
            max=MAX_CAPACITY,
            help="The most moves one quarter may hold (default 2); a practice gets at most one a quarter.",
        ),
    ] = None,
    save: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--save",
            metavar="PLAN.yaml",
            dir_okay=False,
            help="Also write the plan file, to commit and edit by hand; an existing file only with --force.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Let --save replace an existing file.")] = False,
    format: FormatOption = Format.terminal,
    output: OutputOption = None,
    questionnaire: QuestionnaireOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Sequence the recommended moves into quarters and project each dimension's score, quarter by quarter.

    Moves follow the recommendations' priority; a practice starts only after the practices it builds on
    have had their moves, each quarter holds at most --capacity moves, and moves that do not fit are
    listed as later. Given a plan file instead (edited by hand), checks it and shows it.

    Example: `aiopgap plan examples/meridian-2026-Q3.yaml --quarters 4 --capacity 2 --save meridian-plan.yaml`,
    then `aiopgap plan meridian-plan.yaml --format html -o plan.html`
    """
    from aiopgap.commands import plan as command

    execute(lambda: command.run(path, quarters, capacity, save, force, format, output, questionnaire))
