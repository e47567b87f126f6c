"""The application every command registers on, the options they share and the one error handler.

Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 internal error, 130 interrupted, 141 broken pipe.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core

from aiopgap import __version__
from aiopgap.commands._last_resort import last_resort
from aiopgap.render.formats import FORMAT_HELP, RESULT_FORMAT_HELP, ChartFormat, Format, ResultFormat

EXIT_CODES_HELP = (
    "Exit codes: 0 ok · 1 a gate failed · 2 bad input or usage · 3 internal error (a bug: please report it) · "
    "130 interrupted · 141 the reader of the output left (`| head`)."
)
HELP_OPTIONS = {"help_option_names": ["-h", "--help"]}

_PLAIN_TYPES = {"file": "FILE", "path": "PATH", "dir": "DIR", "str": "TEXT", "int": "N", "float": "NUMBER"}


def _plain_type(shown: str | None, metavar: str | None, flag: bool) -> str | None:
    """What help shows after an option: its metavar, or its type in words, never a Python type name."""
    if metavar is not None:
        return metavar or None
    if flag or shown is None:
        return None
    many = shown.endswith("...")
    word = shown.removesuffix("...").strip("<>").removesuffix(" range")
    word = word.removeprefix("list[").removesuffix("]")
    word = {"Path": "file", "pathlib.Path": "file", "bool": ""}.get(word, word)
    plain = _PLAIN_TYPES.get(word, word)
    return (plain + ("..." if many else "")) or None


def _option_type(self: typer.core.TyperOption, ctx: typer.Context) -> str | None:
    return _plain_type(_option_type_shown(self, ctx), self.metavar, bool(self.is_flag))


def _argument_type(self: typer.core.TyperArgument, ctx: typer.Context) -> str | None:
    return None if self.metavar else _plain_type(_argument_type_shown(self, ctx), None, False)


_INVALID_VALUE = re.compile(r"Invalid value for '([^']+)'(?: / '[^']+')*: |Invalid value: ")


def _in_our_words(self: typer.BadParameter) -> str:
    """A refused option value in the tool's words: `--format: 'pdf2' is not one of ...`, no library prefixes."""
    text = _INVALID_VALUE.sub(lambda m: f"{m.group(1)}: " if m.group(1) else "", _bad_value_message(self), count=1)
    for prefix in ("Value error, ", "Assertion failed, "):
        text = text.replace(prefix, "")
    for pattern, words in _VALIDATOR_WORDS:
        text = pattern.sub(words, text)
    return text


_VALIDATOR_WORDS = [
    (re.compile(r"Input should be a valid integer[^.\n]*"), "expected a whole number"),
    (re.compile(r"Input should be a valid number[^.\n]*"), "expected a number"),
    (re.compile(r"Input should be greater than or equal to "), "must be at least "),
    (re.compile(r"Input should be less than or equal to "), "must be at most "),
    (re.compile(r"Input should be "), "must be "),
]


# typer shows each parameter's Python type in help (`<list[Path]>`, `<bool>`, `<int range>`) and
# words a refused value with its own and pydantic's prefixes; these two hooks, set once here for the
# whole command line, put both in the tool's words (tests/cli/test_help_text.py walks every command)
_bad_value_message = typer.BadParameter.format_message
typer.BadParameter.format_message = _in_our_words  # type: ignore[method-assign]
_option_type_shown = typer.core.TyperOption.display_type_rich
_argument_type_shown = typer.core.TyperArgument.display_type_rich
typer.core.TyperOption.display_type_rich = _option_type  # type: ignore[method-assign,assignment]
typer.core.TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]

app = typer.Typer(
    name="aiopgap",
    help="Measure an organisation's AI operating model gap and say, with evidence, what to fix.\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
    context_settings=HELP_OPTIONS,
)
questionnaire_app = typer.Typer(help="Inspect questionnaires.", no_args_is_help=True, context_settings=HELP_OPTIONS)
app.add_typer(questionnaire_app, name="questionnaire")


def execute(action: Callable[[], int]) -> None:
    """Run a command body; map the tool's errors and Ctrl-C to messages and exit codes."""
    from aiopgap.files import reading
    from aiopgap.model.errors import AiopgapError, ExitCode

    reading.forget_reads()
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
    finally:
        _say_what_was_read(reading.files_read)
        _back_to_normal()
    raise typer.Exit(code=code)


def _back_to_normal() -> None:
    """After a command, as before it: a test running several in one process sees no --quiet left over."""
    from aiopgap.files import reading
    from aiopgap.render.console import NORMAL, set_verbosity

    set_verbosity(NORMAL)
    reading.prompting = True


def _say_what_was_read(files: list[str]) -> None:
    """Under --verbose: every file the command read, in order, on stderr."""
    from aiopgap.render.console import VERBOSE, stderr, verbosity
    from aiopgap.render.text import line

    if verbosity() < VERBOSE:
        return
    console = stderr()
    for name in dict.fromkeys(files):
        console.print(line(("read", "dim"), " ", name))


def _set_verbosity(ctx: typer.Context, quiet: bool, verbose: bool) -> None:
    """--quiet and --verbose, given before the command or after it; both at once is a usage error."""
    from aiopgap.files import reading
    from aiopgap.render.console import NORMAL, QUIET, VERBOSE, set_verbosity, verbosity

    if not (quiet or verbose):
        return
    already = verbosity()
    if (quiet and verbose) or (quiet and already == VERBOSE) or (verbose and already == QUIET):
        ctx.fail("--quiet and --verbose cannot be used together: choose one")
    set_verbosity(QUIET if quiet else VERBOSE if verbose else NORMAL)
    reading.prompting = not quiet


def _quiet(ctx: typer.Context, value: bool) -> bool:
    _set_verbosity(ctx, value, bool(ctx.params.get("verbose")))
    return value


def _verbose(ctx: typer.Context, value: bool) -> bool:
    _set_verbosity(ctx, bool(ctx.params.get("quiet")), value)
    return value


QUIET_HELP = "Print only the result, warnings and errors (no notes, no progress, no ok lines)."
VERBOSE_HELP = "Also say which files were read (answers, questionnaires, config) on stderr."
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", callback=_quiet, help=QUIET_HELP)]
VerboseOption = Annotated[bool, typer.Option("--verbose", "-v", callback=_verbose, help=VERBOSE_HELP)]


def _version(value: bool) -> None:
    if value:
        print(f"aiopgap {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    version: Annotated[
        Optional[bool],  # noqa: UP045 - typer needs Optional on 3.11
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help=QUIET_HELP)] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help=VERBOSE_HELP)] = False,
) -> None:
    """Measure an organisation's AI operating model gap."""
    from aiopgap.files import reading
    from aiopgap.render.console import NORMAL, set_verbosity

    set_verbosity(NORMAL)  # each run starts anew; the command's own --quiet or --verbose comes after
    reading.prompting = True
    _set_verbosity(ctx, quiet, verbose)


QuestionnaireOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option(
        "--questionnaire",
        "-Q",
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
        "-Q",
        help="Questionnaire YAML to consider besides the bundled ones; repeat it for several versions.",
        dir_okay=False,
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)]
OutputOption = Annotated[
    Optional[Path],  # noqa: UP045
    typer.Option("--output", "-o", help="Write to this file instead of the screen (- is the screen).", dir_okay=False),
]
ResultFormatOption = Annotated[  # check and validate: a verdict for people, or for machines
    ResultFormat, typer.Option("--format", "-f", help=RESULT_FORMAT_HELP)
]
