"""``aiopgap trend``: each dimension's trajectory over several assessments."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis.report import report_of
from aiopgap.analysis.trend import build, order, slim
from aiopgap.commands import _charts
from aiopgap.commands._output import check_format, show
from aiopgap.files.catalogue import catalogue
from aiopgap.files.documents import open_document
from aiopgap.files.validation import is_questionnaire
from aiopgap.files.yaml_reader import read_file
from aiopgap.model.errors import ExitCode, InputError, Problem, UsageError
from aiopgap.render.formats import ChartFormat, Format
from aiopgap.render.plain import check_input_size
from aiopgap.render.trend import document

SUFFIXES = (".yaml", ".yml", ".json")


def expand(paths: list[Path]) -> list[tuple[Path, bool]]:
    """Files as given, each with whether it came from a folder (where questionnaires are skipped)."""
    files: list[tuple[Path, bool]] = []
    for path in paths:
        try:
            folder = path.is_dir()
        except OSError:  # a name too long, say: reading it as a file reports why, with its name
            folder = False
        if not folder:
            files.append((path, False))
            continue
        try:
            inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        except OSError as exc:
            raise UsageError(f"cannot list folder {path}: {exc.strerror or exc}") from None
        if not inside:
            raise UsageError(f"no answers files or JSON reports ({', '.join(SUFFIXES)}) in folder {path}")
        files.extend((p, True) for p in inside)
    return files


def run(
    paths: list[Path],
    questionnaires: list[Path],
    fmt: Format,
    output: Path | None,
    charts: Path | None = None,
    charts_format: ChartFormat = ChartFormat.svg,
) -> int:
    check_format(fmt, output)
    _charts.check(charts, charts_format)
    files = expand(paths)
    if output is not None:
        from aiopgap.files.destinations import check_outputs

        check_outputs([output], [*(path for path, _ in files), *questionnaires])
    known = catalogue(questionnaires)
    loaded = []
    problems: list[Problem] = []
    skipped = 0
    for path, from_folder in files:
        try:
            doc = read_file(path)  # read once: to skip a folder's questionnaires, then to load
            if from_folder and is_questionnaire(doc):
                skipped += 1
                continue
            item = open_document(path, known, doc)
            report = report_of(item.content, item.questionnaire)
            check_input_size(path, report)
            loaded.append((item.file, slim(report)))
        except InputError as exc:
            problems.extend(exc.problems)
    if skipped and not loaded and not problems:
        raise UsageError(f"no answers files or JSON reports in {', '.join(str(p) for p in paths)}")
    if problems:
        raise InputError(problems)
    if len(loaded) < 2:
        raise UsageError(f"a trend needs at least two assessments; got {len(loaded)}")
    ordered = order(loaded)
    result = build([report for _, report in ordered])

    pending = None
    if charts is not None:
        from aiopgap.render.chart_files import trend_charts

        inputs = [*(path for path, _ in files), *questionnaires]
        pending = _charts.prepare(charts, lambda: trend_charts(result, charts_format), inputs, output)
    show(document(result), fmt, output)
    _charts.write(pending)
    return ExitCode.OK
