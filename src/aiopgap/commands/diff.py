"""``aiopgap diff``: what changed between two assessments, and an optional regression gate."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis.diff import compare, regressions, replacement_links
from aiopgap.analysis.gates import check_tolerance
from aiopgap.analysis.report import report_of
from aiopgap.analysis.trend import period_key
from aiopgap.files.catalogue import Catalogue, catalogue, pick, replaces_map
from aiopgap.files.documents import open_document
from aiopgap.model.base import semver_tuple
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Report
from aiopgap.render import Format
from aiopgap.render.plain import check_input_size


def question_mapping(
    a: Report,
    a_questionnaire: Questionnaire | None,
    b: Report,
    b_questionnaire: Questionnaire | None,
    questionnaires: Catalogue,
) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """The (old id, new id) links from ``replaces``, and notes on how questions were matched."""
    if (a.questionnaire_id, a.questionnaire_version) == (b.questionnaire_id, b.questionnaire_version):
        return (), []
    if a.questionnaire_id != b.questionnaire_id:
        note = (
            f"the assessments answer different questionnaires ({a.questionnaire_id} and {b.questionnaire_id}); "
            "only questions with the same id are compared"
        )
        return (), [note]
    old_q = a_questionnaire or _found(questionnaires, a.questionnaire_id, a.questionnaire_version)
    new_q = b_questionnaire or _found(questionnaires, b.questionnaire_id, b.questionnaire_version)
    notes = []
    # the later version declares what it replaced; it is needed, the earlier one is not
    backward = semver_tuple(a.questionnaire_version) > semver_tuple(b.questionnaire_version)
    side, found, report = ("OLD", old_q, a) if backward else ("NEW", new_q, b)
    if found is None:
        notes.append(
            f"questionnaire {report.questionnaire_id} {report.questionnaire_version} ({side}) was not found, "
            "so questions it renamed or split are not mapped; pass it with --questionnaire"
        )
    return replacement_links(replaces_map(new_q), replaces_map(old_q)), notes


def _found(questionnaires: Catalogue, qid: str, version: str) -> Questionnaire | None:
    found = pick(questionnaires, qid, version)
    return None if found is None else found[1]


def run(
    old: Path,
    new: Path,
    questionnaires: list[Path],
    fmt: Format,
    output: Path | None,
    fail_on_regression: bool,
    tolerance: float | None,
) -> int:
    if tolerance is not None and not fail_on_regression:
        raise UsageError("--tolerance only applies together with --fail-on-regression")
    if tolerance is not None:
        tolerance = check_tolerance(tolerance)
    if output is not None:
        from aiopgap.files.destinations import check_outputs

        check_outputs([output], [old, new, *questionnaires])
    known = catalogue(questionnaires)
    opened_old, opened_new = open_document(old, known), open_document(new, known)
    before = report_of(opened_old.content, opened_old.questionnaire)
    after = report_of(opened_new.content, opened_new.questionnaire)
    check_input_size(old, before)
    check_input_size(new, after)
    links, notes = question_mapping(before, opened_old.questionnaire, after, opened_new.questionnaire, known)
    old_key, new_key = period_key(before.period), period_key(after.period)
    if old_key is not None and new_key is not None and old_key > new_key:
        notes.append(f"OLD ({before.period}) is later than NEW ({after.period}), so every change reads backwards")
    result = compare(before, after, links, notes)

    if output is None and fmt is Format.terminal:
        from rich.console import Console

        from aiopgap.render.diff import print_diff

        print_diff(result, Console(highlight=False))
    else:
        from aiopgap.render.diff import render

        text = render(result, fmt)
        if output is None:
            import sys

            sys.stdout.write(text)
        else:
            from aiopgap.files.atomic import write_atomic

            write_atomic(output, text)

    if not fail_on_regression:
        return ExitCode.OK
    allowed = tolerance or 0.0
    dropped = regressions(result, allowed)
    from aiopgap.render.console import stderr
    from aiopgap.render.text import line

    console = stderr()
    for d in dropped:
        assert d.score.delta is not None
        console.print(
            line(
                ("regression", "bold red"),
                " ",
                d.name,
                f" dropped {-d.score.delta:.2f} ({d.score.old:.2f} → {d.score.new:.2f}),"
                f" more than the tolerance {allowed:.2f}",
            )
        )
    if dropped:
        return ExitCode.GATE_FAILED
    console.print(line((f"no dimension dropped by more than {allowed:.2f}", "green")))
    return ExitCode.OK
