"""``aiopgap diff``: what changed between two assessments, and an optional regression gate."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis.diff import compare, regressions, replacement_links
from aiopgap.analysis.gates import check_tolerance
from aiopgap.analysis.trend import period_key
from aiopgap.commands._output import show
from aiopgap.files.assessments import Catalogue, Loaded, catalogue, load, pick, replaces_map
from aiopgap.model.base import semver_tuple
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.render.diff import document
from aiopgap.render.formats import Format
from aiopgap.render.plain import check_input_size


def question_mapping(
    old: Loaded, new: Loaded, questionnaires: Catalogue
) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """The (old id, new id) links from ``replaces``, and notes on how questions were matched."""
    a, b = old.report, new.report
    if (a.questionnaire_id, a.questionnaire_version) == (b.questionnaire_id, b.questionnaire_version):
        return (), []
    if a.questionnaire_id != b.questionnaire_id:
        note = (
            f"the assessments answer different questionnaires ({a.questionnaire_id} and {b.questionnaire_id}); "
            "only questions with the same id are compared"
        )
        return (), [note]
    old_q = old.questionnaire or _found(questionnaires, a.questionnaire_id, a.questionnaire_version)
    new_q = new.questionnaire or _found(questionnaires, b.questionnaire_id, b.questionnaire_version)
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
        from aiopgap.files.output import check_outputs

        check_outputs([output], [old, new, *questionnaires])
    known = catalogue(questionnaires)
    before, after = load(old, known), load(new, known)
    check_input_size(old, before.report)
    check_input_size(new, after.report)
    links, notes = question_mapping(before, after, known)
    old_key, new_key = period_key(before.report.period), period_key(after.report.period)
    if old_key is not None and new_key is not None and old_key > new_key:
        notes.append(
            f"OLD ({before.report.period}) is later than NEW ({after.report.period}), so every change reads backwards"
        )
    result = compare(before.report, after.report, links, notes)

    show(document(result), fmt, output)

    if not fail_on_regression:
        return ExitCode.OK
    allowed = tolerance or 0.0
    dropped = regressions(result, allowed)
    from aiopgap.render.console import stderr
    from aiopgap.render.diff import gate_lines
    from aiopgap.render.text import print_all

    print_all(gate_lines(dropped, allowed), stderr())
    return ExitCode.GATE_FAILED if dropped else ExitCode.OK
