"""``aiopgap portfolio``: an organisation's units side by side in one period, and their roll-ups."""

from __future__ import annotations

import re
from pathlib import Path

from aiopgap.analysis.portfolio import portfolio
from aiopgap.analysis.portfolio_tree import Entry
from aiopgap.analysis.report import report_of
from aiopgap.analysis.trend import slim
from aiopgap.commands._output import check_format, show
from aiopgap.files.catalogue import catalogue
from aiopgap.files.collector import collector_paused
from aiopgap.files.documents import open_document
from aiopgap.files.folders import expand
from aiopgap.files.validation import skipped_in_folder
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.errors import ExitCode, InputError, Location, Problem, UsageError
from aiopgap.model.text import shown
from aiopgap.render.formats import Format
from aiopgap.render.plain import check_input_size

PLACES = {
    "unit.parent": ("unit", "parent"),
    "unit.sizes": ("unit", "sizes"),
    "unit": ("unit",),
    "period": ("period",),
    "organisation": ("organisation",),
    "questionnaire": ("questionnaire",),
}
"""The fields a portfolio's problems point at, located once per file."""

_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,79}$")


def run(
    paths: list[Path],
    questionnaires: list[Path],
    fmt: Format,
    output: Path | None,
    period: str | None = None,
    weight_by: str | None = None,
) -> int:
    check_format(fmt, output)
    if weight_by is not None and not _SLUG.match(weight_by):
        raise UsageError(f"--weight-by {shown(weight_by)}: name a declared size such as headcount or ai-spend")
    files = expand(paths)
    if output is not None:
        from aiopgap.files.destinations import check_outputs

        check_outputs([output], [*(path for path, _ in files), *questionnaires])
    entries = load(files, questionnaires)
    if not entries:
        raise UsageError(f"no answers files or JSON reports in {', '.join(str(p) for p in paths)}")
    from aiopgap.render.portfolio import document

    show(document(portfolio(entries, period, weight_by)), fmt, output)
    return ExitCode.OK


def load(files: list[tuple[Path, bool]], questionnaires: list[Path]) -> list[Entry]:
    """Every input as an entry; in a folder, questionnaires and plan files are skipped. All problems at once."""
    known = catalogue(questionnaires)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for path, from_folder in files:
        try:
            with collector_paused():  # one document at a time: read, checked, analysed and slimmed
                doc = read_file(path)
                if from_folder and skipped_in_folder(doc):
                    continue
                item = open_document(path, known, doc)
                kept = slim(report_of(item.content, item.questionnaire, advice=False))  # shows no advice
                check_input_size(path, kept)  # what the portfolio keeps and shows
                entries.append(Entry(item.file, kept, _places(doc)))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return entries


def _places(doc: Document) -> dict[str, Location]:
    return {name: doc.locate(path) for name, path in PLACES.items()}
