"""``aiopgap report``: score an answers file and render it."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis.report import analyse
from aiopgap.commands import _charts
from aiopgap.commands._output import check_format, show
from aiopgap.files.documents import load_assessment
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.model.text import shown
from aiopgap.render.formats import ChartFormat, Format
from aiopgap.render.plain import check_input_size
from aiopgap.render.report import document


def run(
    answers: Path,
    questionnaire: Path | None,
    fmt: Format,
    output: Path | None,
    template_dir: Path | None,
    gap_threshold: int | None = None,
    anonymise: bool = False,
    charts: Path | None = None,
    charts_format: ChartFormat = ChartFormat.svg,
) -> int:
    check_format(fmt, output)
    if template_dir is not None and not template_dir.is_dir():
        raise UsageError(
            f"--template-dir {shown(str(template_dir))} is not a folder; give the folder that holds your templates"
        )
    _charts.check(charts, charts_format)
    assessment = load_assessment(answers, questionnaire)
    if output is not None:
        from aiopgap.files.destinations import check_outputs

        templates = sorted(template_dir.glob("*")) if template_dir is not None else []  # a folder: checked above
        check_outputs([output], [answers, assessment.questionnaire_file, *templates])
    if anonymise:
        from aiopgap.analysis.anonymity import anonymised

        report = analyse(assessment.questionnaire, anonymised(assessment.answers), gap_threshold, anonymised=True)
    else:
        report = analyse(assessment.questionnaire, assessment.answers, gap_threshold)
    check_input_size(answers, report)  # before any renderer starts: a document too large to render
    pending = None
    if charts is not None:
        from aiopgap.render.chart_files import report_charts

        inputs: list[Path | str | None] = [answers, assessment.questionnaire_file]
        pending = _charts.prepare(charts, lambda: report_charts(report, charts_format, template_dir), inputs, output)
    show(document(report), fmt, output, template_dir)
    _charts.write(pending)
    return ExitCode.OK
