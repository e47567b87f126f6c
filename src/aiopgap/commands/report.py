"""``aiopgap report``: score an answers file and render it."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis import analyse
from aiopgap.errors import ExitCode
from aiopgap.loader import load_assessment
from aiopgap.render import Format, render


def run(
    answers: Path,
    questionnaire: Path | None,
    fmt: Format,
    output: Path | None,
    template_dir: Path | None,
    gap_threshold: int | None = None,
) -> int:
    assessment = load_assessment(answers, questionnaire)
    if output is not None:
        from aiopgap.output import check_outputs

        templates = sorted(template_dir.glob("*")) if template_dir is not None and template_dir.is_dir() else []
        check_outputs([output], [answers, assessment.questionnaire_file, *templates])
    report = analyse(assessment.questionnaire, assessment.answers, gap_threshold)
    if output is None and fmt is Format.terminal:
        from rich.console import Console

        from aiopgap.render.terminal import print_report

        print_report(report, Console(highlight=False))
        return ExitCode.OK
    text = render(report, fmt, template_dir=template_dir)
    if output is None:
        import sys

        sys.stdout.write(text)
    else:
        from aiopgap.output import write_atomic

        write_atomic(output, text)
    return ExitCode.OK
