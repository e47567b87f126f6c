"""``aiopgap validate``: check files, report every problem, exit 0 or 2."""

from __future__ import annotations

from pathlib import Path

from aiopgap.commands._machine import annotate, emit, to_stdout
from aiopgap.files.destinations import shown
from aiopgap.files.documents import validate_file
from aiopgap.files.folders import expand
from aiopgap.files.reading import at_most_once, display_name
from aiopgap.model.errors import ExitCode, InputError, Location, Problem
from aiopgap.model.machine import CheckedFile, Validation
from aiopgap.model.machine import Problem as ProblemShown
from aiopgap.model.text import visible
from aiopgap.render.annotations import Level
from aiopgap.render.console import QUIET, print_error, stderr, stdout, verbosity
from aiopgap.render.formats import ResultFormat, json_text
from aiopgap.render.text import line


def _shown(problem: Problem) -> ProblemShown:
    where = problem.location
    return ProblemShown(
        file=shown(where.file),  # a name that is not UTF-8 shows its bytes as escapes, as in messages
        line=where.line,
        column=where.column,
        field=where.field,
        cell=where.cell,
        message=problem.message,
    )


def run(
    files: list[Path],
    questionnaire: Path | None,
    fmt: ResultFormat = ResultFormat.terminal,
    output: Path | None = None,
) -> int:
    paths = [path for path, _ in expand(files, "questionnaire, answers or plan files")]
    at_most_once(paths)
    terminal = fmt is ResultFormat.terminal
    checked: list[CheckedFile] = []
    ok_lines: list[str] = []
    problems: list[Problem] = []
    for path in paths:
        name = display_name(path)  # standard input is <stdin>, as in every message
        try:
            kind = validate_file(path, questionnaire)
        except InputError as exc:
            problems.extend(exc.problems)
            checked.append(CheckedFile(file=shown(name), ok=False, problems=tuple(_shown(p) for p in exc.problems)))
            if terminal:
                print_error(exc)
            continue
        checked.append(CheckedFile(file=shown(name), kind=kind, ok=True))
        if terminal and verbosity() > QUIET:
            ok_lines.append(f"ok {visible(name, keep_newlines=False)} ({kind})\n")
            if to_stdout(output):
                stdout().print(line(("ok", "green"), " ", name, f" ({kind})"), soft_wrap=True)
    failed = sum(not c.ok for c in checked)
    if fmt is ResultFormat.json:
        emit(json_text(Validation(valid=not failed, files=tuple(checked))), output, paths)
    elif fmt is ResultFormat.sarif:
        from aiopgap.render.sarif import validate_log

        emit(validate_log(problems, Path.cwd()), output, paths)
    elif not to_stdout(output):
        emit("".join(ok_lines), output, paths)
    annotate(_annotations(problems), not terminal and to_stdout(output))
    if failed:
        if terminal:
            stderr().print(line((f"{failed} of {len(paths)} file(s) invalid", "red")))
        return ExitCode.BAD_INPUT
    return ExitCode.OK


def _annotations(problems: list[Problem]) -> list[tuple[Level, Location, str, str]]:
    """One ``::error`` per problem at its place; the title names the field when there is one."""
    return [
        (
            "error",
            p.location,
            f"aiopgap validate: {p.location.field}" if p.location.field else "aiopgap validate",
            p.message,
        )
        for p in problems
    ]
