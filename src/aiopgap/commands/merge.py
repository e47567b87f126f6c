"""``aiopgap merge``: combine separately filled answers files into one assessment."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from aiopgap.analysis.merge import Source, merge
from aiopgap.files.answers_yaml import to_yaml
from aiopgap.files.catalogue import answering
from aiopgap.files.collector import collector_paused
from aiopgap.files.destinations import same_file, shown
from aiopgap.files.documents import answers_from, write_answers
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.answers import Answers
from aiopgap.model.errors import ExitCode, InputError, Problem, UsageError
from aiopgap.render.console import notes
from aiopgap.render.text import line


@contextlib.contextmanager
def _locked_if_input(out: Path, out_is_input: bool) -> Iterator[None]:
    """When OUT is one of the inputs (a workshop file an ``assess`` session may be saving into),
    hold its lock from reading it to replacing it, so no answer saved meanwhile is lost."""
    if not out_is_input:
        yield
        return
    from aiopgap.files.store import answers_lock

    with answers_lock(out):
        yield


def _answers_in(inputs: list[Path], out: Path) -> list[tuple[Path, Document | None]]:
    """Files as given; a folder as the answers files it holds, passing over OUT, JSON reports,
    questionnaires and the other documents aiopgap writes. A file of a folder comes with its
    document, already read to know that it is answers, so it is read once."""
    from aiopgap.files.folders import expand
    from aiopgap.files.validation import skipped_in_folder

    kept: list[tuple[Path, Document | None]] = []
    for path, from_folder in expand(inputs, "answers files"):
        if not from_folder:
            kept.append((path, None))
            continue
        if path.suffix.lower() == ".json" or same_file(path, out):
            continue
        doc = read_file(path)
        if not skipped_in_folder(doc):
            kept.append((path, doc))
    return kept


def run(out: Path, inputs: list[Path], questionnaire: Path | None, force: bool) -> int:
    # Every parsed file and checked answer stays alive to the end (a conflict names where both
    # sides were given) and none of them holds a cycle: a collection pass would free nothing, yet
    # passes grow with the number of files (200 files: a quarter of the time; 1,000: two thirds).
    with collector_paused():
        return _run(out, inputs, questionnaire, force)


def _run(out: Path, given: list[Path], questionnaire: Path | None, force: bool) -> int:
    read = _answers_in(given, out)
    inputs = [path for path, _ in read]
    if not inputs:
        raise UsageError("give at least one answers file to merge")
    from aiopgap.files.destinations import destination

    destination(out)  # a name that can never be written (too long, a folder, read-only) is refused first
    out_is_input = any(same_file(out, i) for i in inputs)
    if out.exists() and not force and not out_is_input:
        raise UsageError(f"{out} already exists; pass --force to replace it")
    with _locked_if_input(out, out_is_input):
        merged = _merge_into(out, read, questionnaire, replace=force or out_is_input)
    notes().print(
        line(
            ("merged", "green"),
            f" {len(merged.respondents)} respondent(s) from {len(inputs)} file(s) into ",
            shown(out),
        )
    )
    return ExitCode.OK


def _merge_into(
    out: Path, inputs: list[tuple[Path, Document | None]], questionnaire: Path | None, replace: bool
) -> Answers:
    problems: list[Problem] = []
    sources: list[Source] = []
    questionnaires = answering(questionnaire)
    for path, already_read in inputs:
        try:
            doc = already_read if already_read is not None else read_file(path)
            sources.append(Source(answers_from(doc, questionnaires).answers, doc.locate))
        except InputError as exc:
            problems.extend(exc.problems)
    # conflicts between the files that did load are reported in the same run
    merged = None
    if sources:
        try:
            merged = merge(sources)
        except InputError as exc:
            problems.extend(exc.problems)
    if problems or merged is None:
        raise InputError(problems)
    text = to_yaml(merged, [str(p) for p, _ in inputs])
    write_answers(out, text, merged, questionnaires, replace, "merged")
    return merged
