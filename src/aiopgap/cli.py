"""The command line: typer only. Each command delegates to a function that returns an exit code.

Exit codes: 0 ok, 1 a gate failed, 2 bad input or usage, 3 internal error, 130 interrupted, 141 broken pipe.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap import __version__
from aiopgap.commands._last_resort import last_resort, survivable_streams
from aiopgap.render.formats import FORMAT_HELP, ChartFormat, ExportFormat, ExportTable, Format, SchemaKind

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


def _run(action: Callable[[], int]) -> None:
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


@app.command()
def report(
    answers: Annotated[
        Path, typer.Argument(metavar="ANSWERS", help="Answers YAML file (see examples/).", dir_okay=False)
    ],
    questionnaire: QuestionnaireOption = None,
    format: Annotated[Format, typer.Option("--format", "-f", help=FORMAT_HELP)] = Format.terminal,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the report to this file instead of the screen.", dir_okay=False),
    ] = None,
    template_dir: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--template-dir", help="Folder of Jinja templates overriding the bundled ones.", file_okay=False),
    ] = None,
    gap_threshold: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--gap-threshold",
            min=1,
            metavar="N",
            help="Levels between roles that make a perception gap (default: the questionnaire's, usually 2).",
        ),
    ] = None,
    anonymise: AnonymiseOption = False,
    charts: ChartsOption = None,
    charts_format: ChartsFormatOption = ChartFormat.svg,
) -> None:
    """Score an answers file and print the gap report.

    Example: `aiopgap report examples/northbank-2026-Q3.yaml --format markdown -o report.md`
    """
    from aiopgap.commands import report as command

    options = (template_dir, gap_threshold, anonymise, charts, charts_format)
    _run(lambda: command.run(answers, questionnaire, format, output, *options))


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Questionnaire or answers YAML files.")],
    questionnaire: QuestionnaireOption = None,
) -> None:
    """Check questionnaire and answers files; report every problem with its file:line:column.

    Exit 0 when all files are valid, 2 when any is not.
    """
    from aiopgap.commands import validate as command

    _run(lambda: command.run(files, questionnaire))


@app.command()
def merge(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The merged answers YAML to write.", dir_okay=False)],
    inputs: Annotated[
        list[Path], typer.Argument(metavar="IN", help="Answers YAML files to combine, in order.", dir_okay=False)
    ],
    questionnaire: QuestionnaireOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUT if it exists and is not one of the inputs.")
    ] = False,
) -> None:
    """Combine answers files that respondents filled in separately into one assessment.

    Inputs must share questionnaire version, organisation and period; a respondent in two files,
    or targets and initiatives given differently, are errors naming both places (exit 2, OUT not
    written). Example: `aiopgap merge acme-2026-q3.yaml dana.yaml lee.yaml sam.yaml`
    """
    from aiopgap.commands import merge as command

    _run(lambda: command.run(out, inputs, questionnaire, force))


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
        typer.Option("--org", help="Organisation of a new answers file; a file's own must match. Asked if missing."),
    ] = None,
    period: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--period", help="Period such as 2026-Q3; a file's own must match. Asked if missing."),
    ] = None,
) -> None:
    """Answer the questionnaire interactively; every confirmed answer is saved at once.

    Needs a terminal. Resumes at the respondent's first unanswered question; Ctrl-C stops (exit 130)
    and prints the command to carry on. Example: `aiopgap assess acme-2026-q3.yaml --respondent "Dana Reyes"`
    """
    from aiopgap.commands import assess as command

    _run(lambda: command.run(answers, questionnaire, respondent, role, dimension, org, period))


@app.command()
def consensus(
    answers: Annotated[
        Path, typer.Argument(metavar="MERGED", help="Merged answers YAML of the workshop.", dir_okay=False)
    ],
    questionnaire: QuestionnaireOption = None,
    threshold: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--threshold",
            min=1,
            metavar="N",
            help="Levels between roles that make a gap (default: the questionnaire's, usually 2).",
        ),
    ] = None,
    redo: Annotated[bool, typer.Option("--redo", help="Walk (or --agree) questions already agreed again.")] = False,
    agree: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--agree", metavar="QID=LEVEL", help="Record one agreement without a terminal."),
    ] = None,
    rationale: Annotated[Optional[str], typer.Option(help="Why the room agreed (with --agree).")] = None,  # noqa: UP045
    dissent: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(metavar="NAME[=NOTE]", help="A respondent who did not agree (with --agree; repeatable)."),
    ] = None,
) -> None:
    """Walk the perception gaps, widest first, and record the level the room agreed for each.

    Each gap shows the question, its levels, every role's and respondent's level and note, and the
    median; type the agreed level (s skips), a rationale and any dissenters. Every agreement is
    saved into MERGED at once, so Ctrl-C (exit 130) keeps what was agreed and running again resumes.
    Example: `aiopgap consensus workshop.yaml --agree governance.decision-latency=2 --rationale "..." --dissent Ana`
    """
    from aiopgap.commands import consensus as command

    request = command.Request(answers, questionnaire, threshold, redo, agree, rationale, tuple(dissent or ()))
    _run(lambda: command.run(request))


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
) -> None:
    """Print a questionnaire's dimensions, questions and level descriptors."""
    from aiopgap.commands import questionnaire_show as command

    _run(lambda: command.run(file, dimension, levels))


@questionnaire_app.command("export")
def questionnaire_export(
    file: Annotated[
        Optional[Path], typer.Argument(metavar="FILE", help="Questionnaire YAML (default: bundled).")  # noqa: UP045
    ] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="Only xlsx: an Excel workbook.")] = "xlsx",
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", dir_okay=False, help="Workbook to write (default: QUESTIONNAIRE[-ORG][-PERIOD].xlsx)."
        ),
    ] = None,
    org: Annotated[Optional[str], typer.Option("--org", help="Organisation named on the first sheet.")] = None,  # noqa: UP045
    period: Annotated[
        Optional[str], typer.Option("--period", help="Period named on the first sheet (2026-Q3).")  # noqa: UP045
    ] = None,
    return_to: Annotated[
        Optional[str], typer.Option("--return-to", metavar="WHO", help="Where respondents send it back (an address).")  # noqa: UP045
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the output if it exists.")] = False,
) -> None:
    """Write the questionnaire as a workbook each respondent fills in offline, one sheet per dimension.

    Respondents type their name and role on the first sheet and pick a level from the drop-down on every
    row. Example: `aiopgap questionnaire export --org Acme --period 2026-Q3 --return-to ai-review@acme.example`
    """
    from aiopgap.commands import questionnaire_export as command

    if format != "xlsx":
        raise typer.BadParameter("questionnaire export writes xlsx only", param_hint="--format")
    _run(lambda: command.run(file, output, org, period, return_to, force))


@app.command()
def check(
    answers: Annotated[Path, typer.Argument(metavar="ANSWERS", help="Answers YAML file to check.", dir_okay=False)],
    questionnaire: QuestionnaireOption = None,
    min_overall: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--min-overall", metavar="LEVEL", help="Minimum overall score: a maturity name or a number."),
    ] = None,
    min_dimension: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--min", metavar="DIM=LEVEL", help="Minimum for one dimension, e.g. governance=Defined. Repeat."),
    ] = None,
    fail_on_symptom: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--fail-on-symptom", metavar="ID|any", help="Fail when this symptom (or any) is flagged. Repeat."),
    ] = None,
    config: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--config", help="Gate settings file (default: nearest aiopgap.toml or [tool.aiopgap]).", dir_okay=False
        ),
    ] = None,
    use_config: Annotated[bool, typer.Option("--use-config/--no-config", help="Read gates from a config file.")] = True,
    baseline: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--baseline",
            metavar="OLD",
            help="An earlier assessment (answers or JSON report): fail when a dimension dropped since.",
            dir_okay=False,
        ),
    ] = None,
    tolerance: Annotated[
        Optional[float],  # noqa: UP045
        typer.Option("--tolerance", help="With a baseline: how far a dimension may drop (default 0)."),
    ] = None,
    min_confidence: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--min-confidence", metavar="SHARE", help="Minimum share of the score on evidence: 0.6 or 60%."),
    ] = None,
    fail_on_contradiction: Annotated[
        bool, typer.Option("--fail-on-contradiction", help="Fail when the inventory contradicts a claimed level.")
    ] = False,
    max_evidence_age: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--max-evidence-age", metavar="DAYS", help="Fail when cited evidence is older than DAYS."),
    ] = None,
) -> None:
    """Check quality gates for CI: print a one-screen verdict; exit 1 when any gate fails.

    Options override the gates of `aiopgap.toml` (or `[tool.aiopgap]` in pyproject.toml) beside the answers
    or above them. When GITHUB_STEP_SUMMARY is set, the verdict and the Markdown report are appended to it.

    Example: `aiopgap check answers.yaml --min-overall Defined --min governance=2.5 --min-confidence 60%`
    """
    from aiopgap.commands import check as command

    gates = (min_overall, min_dimension or [], fail_on_symptom or [], config, use_config, baseline, tolerance)
    evidence = (min_confidence, fail_on_contradiction, max_evidence_age)
    _run(lambda: command.run(answers, questionnaire, *gates, *evidence))


@app.command()
def schema(
    kind: Annotated[
        SchemaKind,
        typer.Argument(metavar="answers|questionnaire|report", help="Which document the schema describes."),
    ],
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write the schema to this file.", dir_okay=False),
    ] = None,
) -> None:
    """Print the JSON Schema of answers files, questionnaires or JSON reports (for editors and validators).

    Example: `aiopgap schema answers -o answers.schema.json`, then start an answers file with
    `# yaml-language-server: $schema=answers.schema.json` for completion in your editor.
    """
    from aiopgap.commands import schema as command

    _run(lambda: command.run(kind, output))


@app.command()
def export(
    files: Annotated[list[Path], typer.Argument(metavar="ANSWERS", help="Answers YAML files.")],
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
) -> None:
    """Export answers and dimension scores as CSV (or TSV), or everything as one workbook, for spreadsheets.

    `--format xlsx` writes sheets Dimensions, Responses, Symptoms (one row per piece of evidence),
    Recommendations, Initiatives and Heatmap (roles x dimensions of a workshop), each with a frozen
    header and a filter; scores, gaps and shares are numbers; text never runs as a formula.

    Example: `aiopgap export examples/workshop/orbital-insurance-2026-Q3.yaml -f xlsx -o orbital.xlsx`
    """
    from aiopgap.commands import export as command

    _run(lambda: command.run(files, questionnaire, table, output, output_dir, format, anonymise))


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
) -> None:
    """Show what changed between two assessments: scores, maturity, gaps, coverage and answers.

    Questions a newer questionnaire renamed or split are matched through its `replaces` lists.

    Example: `aiopgap diff examples/trend/meridian-2026-Q2.yaml examples/trend/meridian-2026-Q3.yaml`
    """
    from aiopgap.commands import diff as command

    _run(lambda: command.run(old, new, questionnaire or [], format, output, fail_on_regression, tolerance))


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
) -> None:
    """Show each dimension's trajectory over several assessments of one organisation, ordered by period.

    Example: `aiopgap trend examples/trend/ --format html -o trend.html --charts charts/`
    """
    from aiopgap.commands import trend as command

    _run(lambda: command.run(paths, questionnaire or [], format, output, charts, charts_format))


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
        typer.Option("--questionnaire", "-q", help="Questionnaire YAML (default: the bundled one).", dir_okay=False),
    ] = None,
    org: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--org", help="Organisation, unless the files name it."),
    ] = None,
    period: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option("--period", help="Period such as 2026-Q3, unless the files name it."),
    ] = None,
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
) -> None:
    """Bring answers given outside a terminal into one answers file: workbooks, CSV files, form exports.

    Reads filled workbooks from `questionnaire export --format xlsx`, CSV files in the layout of
    `aiopgap export` and, with `--form-mapping`, Microsoft Forms or Google Forms exports. Every
    problem is listed with its place (`file:Sheet!C7`, `file:line:column`); on any problem nothing
    is written (exit 2). Example: `aiopgap import answers/ --org "Acme" --period 2026-Q3`
    """
    from aiopgap.commands import import_answers as command

    _run(lambda: command.run(inputs, questionnaire, org, period, output, form_mapping, force, anonymise))


def main() -> None:
    survivable_streams()
    # pydantic looks for third-party plugins through package metadata the first time a model is
    # built (about 10 ms); the command line uses none. Set only here, not when aiopgap is imported.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    try:
        if sys.argv[1:] == ["--version"]:  # answer before typer builds every command: start-up is the whole cost
            print(f"aiopgap {__version__}")
            return
        app(prog_name="aiopgap")
    except SystemExit:
        raise
    except KeyboardInterrupt:
        print("\nInterrupted.", file=sys.stderr)
        sys.exit(130)
    except BaseException as exc:  # the last resort: whatever escaped every other handler
        sys.exit(last_resort(exc))
