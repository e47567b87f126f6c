"""``aiopgap trend``: each dimension's trajectory over several assessments."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis.plan_actual import check_subject, compare
from aiopgap.analysis.recommend import practice_levels
from aiopgap.analysis.report import report_of
from aiopgap.analysis.trend import build, order, select_unit, slim
from aiopgap.commands import _charts
from aiopgap.commands._output import check_format, show
from aiopgap.files.catalogue import Catalogue, catalogue
from aiopgap.files.collector import collector_paused
from aiopgap.files.documents import open_document
from aiopgap.files.folders import expand
from aiopgap.files.plan_file import OpenedPlan, open_plan
from aiopgap.files.validation import skipped_in_folder
from aiopgap.files.yaml_reader import read_file
from aiopgap.model.errors import ExitCode, InputError, Problem, UsageError
from aiopgap.model.report import Report
from aiopgap.model.trend import Trend
from aiopgap.render.formats import ChartFormat, Format
from aiopgap.render.plain import check_input_size
from aiopgap.render.trend import document

Levels = dict[str, float | None]
"""Each practice's level in one assessment (see :func:`aiopgap.analysis.recommend.practice_levels`)."""


def load(
    paths: list[Path], files: list[tuple[Path, bool]], known: Catalogue, plan: OpenedPlan | None
) -> tuple[list[tuple[str, Report]], dict[str, Levels]]:
    """Each assessment, slimmed for the trend; with a plan, each one's practice levels, taken before slimming.

    In a folder, questionnaires and plan files are skipped; ``UsageError`` when a folder held nothing else.
    """
    loaded: list[tuple[str, Report]] = []
    levels: dict[str, Levels] = {}
    problems: list[Problem] = []
    skipped = 0
    for path, from_folder in files:
        try:
            with collector_paused():  # one period at a time: read, checked, analysed and slimmed
                loaded_one = _period(path, from_folder, known, plan, levels)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        if loaded_one is None:
            skipped += 1
        else:
            loaded.append(loaded_one)
    if skipped and not loaded and not problems:
        raise UsageError(f"no answers files or JSON reports in {', '.join(str(p) for p in paths)}")
    if problems:
        raise InputError(problems)
    return loaded, levels


def _period(
    path: Path, from_folder: bool, known: Catalogue, plan: OpenedPlan | None, levels: dict[str, Levels]
) -> tuple[str, Report] | None:
    """One assessment slimmed for the trend (its practice levels into ``levels`` with a plan); None for a
    folder's questionnaire or plan file, which a trend skips."""
    doc = read_file(path)  # read once: to skip a folder's questionnaires and plans, then to load
    if from_folder and skipped_in_folder(doc):
        return None
    item = open_document(path, known, doc)
    report = report_of(item.content, item.questionnaire, advice=False)  # a trend shows no advice
    if plan is not None:
        levels[item.file] = practice_levels(item.questionnaire or plan.questionnaire, report)
    kept = slim(report)
    check_input_size(path, kept)  # what the trend keeps and shows: answers' notes and evidence are dropped
    return item.file, kept


def with_plan(result: Trend, ordered: list[tuple[str, Report]], levels: dict[str, Levels], plan: OpenedPlan) -> Trend:
    """The trend with the plan overlaid: each period against it, the moves judged at the latest one."""
    check_subject(plan.plan, plan.file, ordered)
    latest = ordered[-1][0]
    reports = [report for _, report in ordered]
    comparison = compare(plan.plan, reports, levels.get(latest, {}), plan.questionnaire, 0.0, plan.file)
    return result.model_copy(update={"plan": comparison})


def run(
    paths: list[Path],
    questionnaires: list[Path],
    fmt: Format,
    output: Path | None,
    charts: Path | None = None,
    charts_format: ChartFormat = ChartFormat.svg,
    unit: str | None = None,
    plan_path: Path | None = None,
) -> int:
    check_format(fmt, output)
    _charts.check(charts, charts_format)
    files = expand(paths)
    inputs = [*(path for path, _ in files), *questionnaires, *([plan_path] if plan_path else [])]
    if output is not None:
        from aiopgap.files.destinations import check_outputs

        check_outputs([output], inputs)
    known = catalogue(questionnaires)
    plan = None if plan_path is None else open_plan(plan_path, known)
    loaded, levels = load(paths, files, known, plan)
    if unit is not None:
        loaded = select_unit(loaded, unit)
    if len(loaded) < 2:
        raise UsageError(f"a trend needs at least two assessments; got {len(loaded)}")
    ordered = order(loaded)
    result = build([report for _, report in ordered])
    if plan is not None:
        result = with_plan(result, ordered, levels, plan)

    pending = None
    if charts is not None:
        from aiopgap.render.chart_files import trend_charts

        pending = _charts.prepare(charts, lambda: trend_charts(result, charts_format), inputs, output)
    show(document(result), fmt, output)
    _charts.write(pending)
    return ExitCode.OK
