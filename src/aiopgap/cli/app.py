"""The application every command registers on, the options they share and the one error handler.

Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 internal error, 130 interrupted, 141 broken pipe.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap import __version__
from aiopgap.commands._last_resort import last_resort
from aiopgap.render.formats import FORMAT_HELP, ChartFormat, Format

EXIT_CODES_HELP = (
    "Exit codes: 0 ok · 1 a gate failed · 2 bad input or usage · 3 internal error (a bug: please report it) · "
    "130 interrupted."
)

app = typer.Typer(
    name="aiopgap",
    help="Measure an organisation's AI operating model gap and say, with evidence, what to fix.\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)
questionnaire_app = typer.Typer(help="Inspect questionnaires.", no_args_is_help=True)
app.add_typer(questionnaire_app, name="questionnaire")


def execute(action: Callable[[], int]) -> None:
    """Run a command body; map the tool's errors and Ctrl-C to messages and exit codes."""
    from aiopgap.model.errors import AiopgapError, ExitCode

    try:
        code = action()
    except AiopgapError as exc:
        from aiopgap.render.console import print_error

        print_error(exc)
        raise typer.Exit(code=int(exc.exit_code)) from None
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        raise typer.Exit(code=int(ExitCode.INTERRUPTED)) from None
    except Exception as exc:  # a bug of ours: one line and exit 3, never a traceback
        raise typer.Exit(code=last_resort(exc)) from None
    raise typer.Exit(code=code)


def _version(value: bool) -> None:
    if value:
        print(f"aiopgap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer needs Optional on 3.11
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
) -> None:
    """Measure an organisation's AI operating model gap."""


QuestionnaireOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--questionnaire",
        "-q",
        help="Questionnaire YAML to use instead of the bundled one the answers file names.",
        dir_okay=False,
    ),
]

AnonymiseOption = Annotated[
    bool,
    typer.Option(
        "--anonymise",
        help="Show respondents by role and number (Chief Risk Officer 2) instead of by name; a role with fewer "
        "than three respondents is shown as Other roles, and names are taken out of notes. Scores do not change.",
    ),
]
ChartsOption = Annotated[  # chart files for slides: report --charts, trend --charts
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--charts",
        metavar="DIR",
        help="Also write the charts as files into DIR (made if missing): radar.svg and, for a workshop, "
        "heatmap.svg (report); trend.svg (trend). Each file is standalone, styles inside, ready for a slide.",
    ),
]
ChartsFormatOption = Annotated[
    ChartFormat, typer.Option("--charts-format", help="png needs: pip install 'aiopgap[png]'")
]


AssessedUnitOption = Annotated[  # the unit answers are made for: import --unit, assess --unit
    Optional[str],  # noqa: UP045
    typer.Option("--unit", help="The unit assessed (a business unit, a team); a file naming another unit is refused."),
]
ParentUnitOption = Annotated[
    Optional[str],  # noqa: UP045
    typer.Option("--parent", help="The unit that --unit belongs to; left out, the organisation itself."),
]


QuestionnairesOption = Annotated[
    Optional[list[Path]],  # noqa: UP045
    typer.Option(
        "--questionnaire",
        "-q",
        help="Questionnaire YAML to consider besides the bundled ones; repeat it for several versions.",
        dir_okay=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--output", "-o", help="Write to this file instead of the screen.", dir_okay=False),
]
