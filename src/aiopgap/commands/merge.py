"""``aiopgap merge``: combine separately filled answers files into one assessment."""

from __future__ import annotations

from pathlib import Path

from aiopgap.console import stderr
from aiopgap.errors import ExitCode, InputError, Problem, UsageError
from aiopgap.loader import answers_problems, find_questionnaire, load_answers_document, validate_model
from aiopgap.merge import Source, merge, to_yaml
from aiopgap.models import Answers
from aiopgap.output import write_atomic
from aiopgap.render.text import line
from aiopgap.yaml_source import parse_text


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def run(out: Path, inputs: list[Path], questionnaire: Path | None, force: bool) -> int:
    if not inputs:
        raise UsageError("give at least one answers file to merge")
    if out.exists() and not force and not any(_same_file(out, i) for i in inputs):
        raise UsageError(f"{out} already exists; pass --force to replace it")
    problems: list[Problem] = []
    sources: list[Source] = []
    for path in inputs:
        try:
            doc, answers = load_answers_document(path)
            _, q = find_questionnaire(answers, doc, questionnaire)
            found = answers_problems(answers, q, doc)
            if found:
                raise InputError(found)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        sources.append(Source(doc, answers))
    # conflicts between the files that did load are reported in the same run
    merged = None
    if sources:
        try:
            merged = merge(sources)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems or merged is None:
        raise InputError(problems)
    text = to_yaml(merged, [str(p) for p in inputs])
    # what is written must read back exactly as merged, through the same loader `report` uses
    doc = parse_text(text, str(out))
    again = validate_model(doc, Answers, "answers file")
    _, q = find_questionnaire(again, doc, questionnaire)
    check = answers_problems(again, q, doc)
    if check:
        raise InputError(check)
    if again != merged:  # pragma: no cover - a dumper bug, never the user's input
        raise UsageError("the merged file would not read back as merged; nothing was written")
    write_atomic(out, text)
    stderr().print(
        line(
            ("merged", "green"), f" {len(merged.respondents)} respondent(s) from {len(inputs)} file(s) into ", str(out)
        ),
    )
    return ExitCode.OK
