"""The quality gate for CI: check."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from aiopgap.cli.app import (
    OutputOption,
    QuestionnaireOption,
    QuietOption,
    ResultFormatOption,
    VerboseOption,
    app,
    execute,
)
from aiopgap.render.formats import ResultFormat


# long because: one parameter per gate option, each declared with its help as typer reads it
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
        typer.Option(
            "--tolerance",
            help="With --baseline: how far a dimension may drop; with --against-plan: how far below the plan "
            "it may be (default 0).",
        ),
    ] = None,
    against_plan: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--against-plan",
            metavar="PLAN",
            help="A committed plan file: fail when a dimension is behind the score the plan expects by now.",
            dir_okay=False,
        ),
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
    format: ResultFormatOption = ResultFormat.terminal,
    output: OutputOption = None,
    quiet: QuietOption = False,
    verbose: VerboseOption = False,
) -> None:
    """Check quality gates for CI: print a one-screen verdict; exit 1 when any gate fails.

    Options override the gates of `aiopgap.toml` (or `[tool.aiopgap]` in pyproject.toml) beside the answers
    or above them. When GITHUB_STEP_SUMMARY is set, the verdict and the Markdown report are appended to it.

    With --against-plan the assessment is set against the plan's quarter it falls in (the baseline before
    the first quarter, the last quarter after the plan ends).

    Example: `aiopgap check answers.yaml --min-overall Defined --min governance=2.5 --min-confidence 60%`

    Example: `aiopgap check answers-2026-Q3.yaml --against-plan plan.yaml --tolerance 0.25`

    `--format json` writes an `aiopgap.verdict/1` document; `--format sarif` a SARIF 2.1.0 log for code
    scanning, each failed gate at the answers that drive it. With GITHUB_ACTIONS=true each failed gate is
    also an `::error` annotation at its first answer.
    """
    from aiopgap.commands import check as command

    gates = (min_overall, min_dimension or [], fail_on_symptom or [], config, use_config, baseline, tolerance)
    evidence = (min_confidence, fail_on_contradiction, max_evidence_age)
    execute(lambda: command.run(answers, questionnaire, *gates, *evidence, against_plan, format, output))
