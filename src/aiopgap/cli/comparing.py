"""Commands over several assessments: diff, trend."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap.cli.app import (
    ChartsFormatOption,
    ChartsOption,
    FormatOption,
    OutputOption,
    QuestionnairesOption,
    QuietOption,
    VerboseOption,
    app,
    execute,
)
from aiopgap.render.formats import ChartFormat, Format

PlanOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--plan",
        metavar="PLAN",
        help="A committed plan file: the assessments against its expected scores, and which moves happened.",
        dir_okay=False,
    ),
]


@app.command()
def diff(
    old: Annotated[
        Path, typer.Argument(metavar="OLD", help="The earlier assessment: answers YAML or JSON report.", dir_okay=False)
    ],
    new: Annotated[
        Path, typer.Argument(metavar="NEW", help="The later assessment: answers YAML or JSON report.", dir_okay=False)
    ],
    questionnaire: QuestionnairesOption = None,
    format: FormatOption = Format.terminal,
    output: OutputOption = None,
    fail_on_regression: Annotated[
        bool, typer.Option("--fail-on-regression", help="Exit 1 when any dimension's score drops (see --tolerance).")
    ] = False,
    tolerance: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option("--tolerance", help="With --fail-on-regression: how far a score may drop (default 0)."),
    ] = None,
    across_units: Annotated[
        bool,
        typer.Option("--across-units", help="Compare two different units (or organisations) instead of refusing."),
    ] = False,
    plan: PlanOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Show what changed between two assessments: scores, maturity, gaps, coverage and answers.

    Questions a newer questionnaire renamed or split are matched through its `replaces` lists. Both
    files must assess the same organisation or unit; --across-units compares two units instead.
    With --plan, NEW is also set against the plan's quarter it falls in.

    Example: `aiopgap diff examples/trend/meridian-2026-Q2.yaml examples/trend/meridian-2026-Q3.yaml`

    Example: `aiopgap diff retail-2026-Q2.yaml payments-2026-Q2.yaml --across-units`
    """
    from aiopgap.commands import diff as command
    from aiopgap.files.reading import at_most_once

    gate = (fail_on_regression, tolerance)

    def action() -> int:
        at_most_once([old, new])
        return command.run(old, new, questionnaire or [], format, output, *gate, across_units, plan)

    execute(action)


@app.command()
def trend(
    paths: Annotated[
        list[Path],
        typer.Argument(metavar="FILE|DIR", help="Answers YAML files or JSON reports, or a folder of them."),
    ],
    questionnaire: QuestionnairesOption = None,
    format: FormatOption = Format.terminal,
    output: OutputOption = None,
    charts: ChartsOption = None,
    charts_format: ChartsFormatOption = ChartFormat.svg,
    unit: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--unit",
            metavar="NAME",
            help="Follow only this unit's assessments (the organisation's own when NAME is the organisation).",
        ),
    ] = None,
    plan: PlanOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Show each dimension's trajectory over several assessments of one organisation or unit, ordered by period.

    A trend follows one subject: files of several units are refused unless --unit picks one. With
    --plan, each period is set against the plan's expected scores (ahead, on plan or behind) and each
    planned move is marked done, partly, not yet or not due at the latest period.

    Example: `aiopgap trend examples/trend/ --format html -o trend.html --charts charts/`

    Example: `aiopgap trend assessments/ --unit "Retail Banking" --plan plan.yaml`
    """
    from aiopgap.commands import trend as command

    execute(lambda: command.run(paths, questionnaire or [], format, output, charts, charts_format, unit, plan))
