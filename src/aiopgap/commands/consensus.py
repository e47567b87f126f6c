"""``aiopgap consensus``: walk a merged file's perception gaps and record what the room agreed."""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from aiopgap.analysis.consensus import agreed_count, parse_agree, settle, topics
from aiopgap.analysis.report import analyse
from aiopgap.files.agreements import ConsensusStore
from aiopgap.model.errors import AiopgapError, ExitCode, UsageError
from aiopgap.model.report import Report
from aiopgap.model.text import shown
from aiopgap.render.console import stderr, stdout
from aiopgap.render.text import line, user

NEEDS_TERMINAL = (
    "aiopgap consensus walks the gaps interactively and needs a terminal, but {what} is not one "
    "(a pipe, a file, or CI). To record one agreement without a terminal, pass "
    "--agree QUESTION=LEVEL (with --rationale and --dissent)."
)


@dataclass(frozen=True)
class Request:
    """The command line as given."""

    answers: Path
    questionnaire: Path | None
    threshold: int | None
    redo: bool
    agree: str | None
    rationale: str | None
    dissent: tuple[str, ...]


def run(request: Request) -> int:
    if request.threshold is not None and request.threshold < 1:
        raise UsageError("--threshold must be at least 1 level")
    if request.agree is None and (request.rationale is not None or request.dissent):
        raise UsageError("--rationale and --dissent go with --agree QUESTION=LEVEL")
    store = ConsensusStore.open(request.answers, request.questionnaire)
    if request.agree is not None:
        return _agree_one(store, request, request.agree)
    report = _report(store, request.threshold)
    if not topics(report, request.redo):  # nothing to walk needs no terminal
        _nothing_to_walk(report)
        return ExitCode.OK
    for stream, what in ((sys.stdin, "standard input"), (sys.stdout, "standard output")):
        if not stream.isatty():
            raise UsageError(NEEDS_TERMINAL.format(what=what))
    return _walk(store, request)


def _report(store: ConsensusStore, threshold: int | None) -> Report:
    assert store.answers is not None
    return analyse(store.questionnaire, store.answers, threshold)


def _dissent_arg(text: str) -> tuple[str, str | None]:
    """``--dissent NAME`` or ``--dissent NAME=NOTE``."""
    name, _, note = text.partition("=")
    if not name.strip():
        raise UsageError(f"--dissent takes a respondent's name (optionally NAME=NOTE), not {shown(text)}")
    return name.strip(), note.strip() or None


def _agree_one(store: ConsensusStore, request: Request, agree: str) -> int:
    """``--agree QID=LEVEL``: one agreement recorded without a terminal."""
    assert store.answers is not None
    question_id, level = parse_agree(agree)
    question = store.questionnaire.question(question_id)
    if question is None:
        raise UsageError(
            f"no question {shown(question_id)} in {store.questionnaire.id}; see `aiopgap questionnaire show`"
        )
    agreement = settle(question, store.answers, level, request.rationale, [_dissent_arg(d) for d in request.dissent])
    before = store.answers.consensus.get(question_id)
    if before is not None and before != agreement and not request.redo:
        raise UsageError(
            f"{question_id} already has an agreement (level {before.level}) in {request.answers}; "
            "pass --redo to replace it"
        )
    notice = store.agree(question_id, agreement)
    err = stderr()
    if notice:
        err.print(user(notice, "yellow"))
    scored = _report(store, request.threshold).question(question_id)
    median = None if scored is None else scored.median
    from aiopgap.render.consensus_screen import recorded

    recorded(err, question_id, agreement.level, median)
    return ExitCode.OK


def _walk(store: ConsensusStore, request: Request) -> int:
    """The interactive walk: every gap not yet agreed, widest first, each recorded at once."""
    from aiopgap.analysis.consensus import parse_level, storable
    from aiopgap.render.consensus_screen import (
        ConsensusPrompter,
        Interrupted,
        gap_view,
        interrupted_message,
        not_recorded,
        recorded,
    )

    assert store.answers is not None
    out = stdout()
    report = _report(store, request.threshold)
    walk = topics(report, request.redo)
    out.print(
        line(
            ("Consensus on ", "bold"),
            f"{store.answers.organisation}, {store.answers.period}",
            (": ", "bold"),
            f"{len(walk)} gap(s) to agree, widest first.",
        )
    )
    prompter = ConsensusPrompter(out, [r.name for r in store.answers.respondents], storable)
    try:
        for position, topic in enumerate(walk, start=1):
            question = store.questionnaire.question(topic.gap.ref)
            assert question is not None
            prompter.show(gap_view(position, len(walk), topic.gap, question, topic.question, topic.by_role))
            decision = prompter.ask(question, partial(parse_level, question))
            if decision is None:
                out.print(line(("skipped ", "dim"), user(question.id)))
                continue
            assert store.answers is not None
            try:
                agreement = settle(question, store.answers, decision.level, decision.rationale, decision.dissent)
                notice = store.agree(question.id, agreement)
            except AiopgapError:  # a file another session broke, a lock held too long: say what was typed
                not_recorded(out, question.id, decision)
                raise
            if notice:
                out.print(user(notice, "yellow"))
            recorded(out, question.id, agreement.level, topic.question.median)
    except Interrupted as stop:
        report = _report(store, request.threshold)
        interrupted_message(out, stop, str(request.answers), agreed_count(report), _resume(request))
        return ExitCode.INTERRUPTED
    out.print(
        line(
            ("Done. ", "bold"),
            f"{agreed_count(_report(store, request.threshold))} agreement(s) in ",
            user(str(request.answers), "bold"),
            "; `aiopgap report` shows them beside the medians.",
        )
    )
    return ExitCode.OK


def _nothing_to_walk(report: Report) -> None:
    agreed = agreed_count(report)
    if report.workshop is None:
        message = "fewer than two respondents: there are no perception gaps to agree"
    elif agreed and any(g.kind == "question" for g in report.workshop.gaps):
        message = f"every perception gap already has an agreement ({agreed}); pass --redo to walk them again"
    else:
        message = "no perception gaps: the roles are within the threshold on every question"
    stdout().print(line(("Nothing to agree: ", "bold"), message, "."))


def _resume(request: Request) -> str:
    command = ["aiopgap", "consensus", str(request.answers)]
    if request.questionnaire is not None:
        command += ["--questionnaire", str(request.questionnaire)]
    if request.threshold is not None:
        command += ["--threshold", str(request.threshold)]
    return shlex.join(command)
