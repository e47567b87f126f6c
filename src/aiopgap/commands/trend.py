"""``aiopgap trend``: each dimension's trajectory over several assessments."""

from __future__ import annotations

from pathlib import Path

from aiopgap.assessments import catalogue, load
from aiopgap.errors import ExitCode, InputError, Problem, UsageError
from aiopgap.loader import looks_like_questionnaire
from aiopgap.render import Format
from aiopgap.trend import build, order
from aiopgap.yaml_source import read_file

SUFFIXES = (".yaml", ".yml", ".json")


def _is_questionnaire(path: Path) -> bool:
    doc = read_file(path)
    return looks_like_questionnaire(doc) and not (isinstance(doc.data, dict) and "format" in doc.data)


def expand(paths: list[Path]) -> list[Path]:
    """Files as given; a folder stands for its answers files and JSON reports (questionnaires skipped)."""
    files: list[Path] = []
    for path in paths:
        if not path.is_dir():
            files.append(path)
            continue
        inside = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        inside = [p for p in inside if not _is_questionnaire(p)]
        if not inside:
            raise UsageError(f"no answers files or JSON reports ({', '.join(SUFFIXES)}) in folder {path}")
        files.extend(inside)
    return files


def run(paths: list[Path], questionnaires: list[Path], fmt: Format, output: Path | None) -> int:
    files = expand(paths)
    known = catalogue(questionnaires)
    loaded = []
    problems: list[Problem] = []
    for path in files:
        try:
            loaded.append(load(path, known))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    if len(loaded) < 2:
        raise UsageError(f"a trend needs at least two assessments; got {len(loaded)}")
    ordered = order([(item.file, item.report) for item in loaded])
    result = build([report for _, report in ordered])

    if output is None and fmt is Format.terminal:
        from rich.console import Console

        from aiopgap.render.trend import print_trend

        print_trend(result, Console(highlight=False))
        return ExitCode.OK
    from aiopgap.render.trend import render

    text = render(result, fmt)
    if output is None:
        import sys

        sys.stdout.write(text)
    else:
        from aiopgap.output import write_atomic

        write_atomic(output, text)
    return ExitCode.OK
