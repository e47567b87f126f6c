"""The command line: typer only. Each command delegates to a function that returns an exit code.

Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 130 interrupted.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap import __version__
from aiopgap.render import Format

EXIT_CODES_HELP = "Exit codes: 0 ok · 1 a gate failed · 2 bad input or usage · 130 interrupted."

app = typer.Typer(
    name="aiopgap",
    help="Measure an organisation's AI operating model gap and say, with evidence, what to fix.\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
)
questionnaire_app = typer.Typer(help="Inspect questionnaires.", no_args_is_help=True)
app.add_typer(questionnaire_app, name="questionnaire")


def _run(action: Callable[[], int]) -> None:
    """Run a command body; map the tool's errors and Ctrl-C to messages and exit codes."""
    from aiopgap.errors import AiopgapError, ExitCode

    try:
        code = action()
    except AiopgapError as exc:
        from aiopgap.console import print_error

        print_error(exc)
        raise typer.Exit(code=int(exc.exit_code)) from None
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        raise typer.Exit(code=int(ExitCode.INTERRUPTED)) from None
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


@app.command()
def report(
    answers: Annotated[Path, typer.Argument(help="Answers YAML file (see examples/).", dir_okay=False)],
    questionnaire: QuestionnaireOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.terminal,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file instead of the screen.", dir_okay=False),
    ] = None,
    template_dir: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--template-dir", help="Folder of Jinja templates overriding the bundled ones.", file_okay=False),
    ] = None,
) -> None:
    """Score an answers file and print the gap report.

    Example: [bold]aiopgap report examples/northbank-2026-Q3.yaml --format markdown -o report.md[/bold]
    """
    from aiopgap.commands import report as command

    _run(lambda: command.run(answers, questionnaire, format, output, template_dir))


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(help="Questionnaire or answers YAML files.")],
    questionnaire: QuestionnaireOption = None,
) -> None:
    """Check questionnaire and answers files; report every problem with its file:line:column.

    Exit 0 when all files are valid, 2 when any is not.
    """
    from aiopgap.commands import validate as command

    _run(lambda: command.run(files, questionnaire))


@app.command()
def assess(
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(
            help="Answers YAML to create or resume (default: <organisation>-<period>.yaml here).", dir_okay=False
        ),
    ] = None,
    questionnaire: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--questionnaire", "-q", help="Questionnaire YAML (default: the bundled one).", dir_okay=False),
    ] = None,
    respondent: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--respondent", "-r", help="Who is answering; the same name resumes. Asked when missing."),
    ] = None,
    role: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--role", help="The respondent's role, for a new respondent. Asked when missing."),
    ] = None,
    dimension: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dimension", "-d", help="Ask only this dimension's questions (e.g. governance)."),
    ] = None,
    org: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--org", help="Organisation, for a new answers file. Asked when missing."),
    ] = None,
    period: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--period", help="Period such as 2026-Q3, for a new answers file. Asked when missing."),
    ] = None,
) -> None:
    """Answer the questionnaire interactively; every confirmed answer is saved at once.

    Needs a terminal. Resumes at the respondent's first unanswered question; Ctrl-C stops (exit 130)
    and prints the command to carry on. Example: [bold]aiopgap assess acme-2026-q3.yaml --respondent "Dana Reyes"[/bold]
    """
    from aiopgap.commands import assess as command

    _run(lambda: command.run(answers, questionnaire, respondent, role, dimension, org, period))


@questionnaire_app.command("show")
def questionnaire_show(
    file: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="Questionnaire YAML (default: the bundled one).", dir_okay=False),
    ] = None,
    dimension: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--dimension", "-d", help="Show only this dimension (e.g. governance)."),
    ] = None,
    levels: Annotated[bool, typer.Option("--levels/--no-levels", help="Show each level's descriptor.")] = True,
) -> None:
    """Print a questionnaire's dimensions, questions and level descriptors."""
    from aiopgap.commands import questionnaire_show as command

    _run(lambda: command.run(file, dimension, levels))


def main() -> None:
    app(prog_name="aiopgap")
