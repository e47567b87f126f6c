"""Commands on one assessment: report, validate, merge, assess, consensus."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap.cli.app import (
    AnonymiseOption,
    AssessedUnitOption,
    ChartsFormatOption,
    ChartsOption,
    OutputOption,
    ParentUnitOption,
    QuestionnaireOption,
    QuietOption,
    ResultFormatOption,
    VerboseOption,
    app,
    execute,
)
from aiopgap.render.formats import FORMAT_HELP, ChartFormat, Format, ResultFormat


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
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Score an answers file and print the gap report.

    Example: `aiopgap report examples/northbank-2026-Q3.yaml --format markdown -o report.md`
    """
    from aiopgap.commands import report as command

    options = (template_dir, gap_threshold, anonymise, charts, charts_format)
    execute(lambda: command.run(answers, questionnaire, format, output, *options))


@app.command()
def validate(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="Questionnaire, answers or plan YAML files.")],
    questionnaire: QuestionnaireOption = None,
    format: ResultFormatOption = ResultFormat.terminal,
    output: OutputOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Check questionnaire, answers and plan files; report every problem with its file:line:column.

    Exit 0 when all files are valid, 2 when any is not. `--format json` writes an `aiopgap.validation/1`
    document; `--format sarif` a SARIF 2.1.0 log, a result per problem. With GITHUB_ACTIONS=true each
    problem is also an `::error` annotation at its line.
    """
    from aiopgap.commands import validate as command

    execute(lambda: command.run(files, questionnaire, format, output))


@app.command()
def merge(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The merged answers YAML to write.", dir_okay=False)],
    inputs: Annotated[
        list[Path],
        typer.Argument(metavar="IN", help="Answers YAML files to combine, in order, or folders of them."),
    ],
    questionnaire: QuestionnaireOption = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace OUT if it exists and is not one of the inputs.")
    ] = False,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Combine answers files that respondents filled in separately into one assessment.

    Inputs must share questionnaire version, organisation and period; a respondent in two files,
    or targets and initiatives given differently, are errors naming both places (exit 2, OUT not
    written). Example: `aiopgap merge acme-2026-q3.yaml dana.yaml lee.yaml sam.yaml`
    """
    from aiopgap.commands import merge as command

    execute(lambda: command.run(out, inputs, questionnaire, force))


@app.command()
def assess(
    answers: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Argument(help="Answers YAML to create or resume (default: ORG[-UNIT]-PERIOD.yaml here).", dir_okay=False),
    ] = None,
    questionnaire: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--questionnaire", "-Q", help="Questionnaire YAML (default: the bundled one).", dir_okay=False),
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
    unit: AssessedUnitOption = None,
    parent: ParentUnitOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Answer the questionnaire interactively; every confirmed answer is saved at once.

    Needs a terminal. Resumes at the respondent's first unanswered question; Ctrl-C stops (exit 130)
    and prints the command to carry on. Example: `aiopgap assess acme-2026-q3.yaml --respondent "Dana Reyes"`

    For one unit of the organisation, name it when the file is new; the file then says so.
    Example: `aiopgap assess --org Kestrel --period 2026-Q3 --unit "Remote Diagnostics" --parent "Field Services"`
    """
    from aiopgap.commands import assess as command

    execute(lambda: command.run(answers, questionnaire, respondent, role, dimension, org, period, (unit, parent)))


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
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Walk the perception gaps, widest first, and record the level the room agreed for each.

    Each gap shows the question, its levels, every role's and respondent's level and note, and the
    median; type the agreed level (s skips), a rationale and any dissenters. Every agreement is
    saved into MERGED at once, so Ctrl-C (exit 130) keeps what was agreed and running again resumes.
    Example: `aiopgap consensus workshop.yaml --agree governance.decision-latency=2 --rationale "..." --dissent Ana`
    """
    from aiopgap.commands import consensus as command

    request = command.Request(answers, questionnaire, threshold, redo, agree, rationale, tuple(dissent or ()))
    execute(lambda: command.run(request))
