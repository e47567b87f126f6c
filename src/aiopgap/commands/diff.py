"""``aiopgap diff``: what changed between two assessments, and an optional regression gate."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis.diff import compare, regressions
from aiopgap.analysis.gates import check_tolerance
from aiopgap.analysis.questions import question_mapping
from aiopgap.analysis.report import report_of
from aiopgap.commands._output import check_format, show
from aiopgap.files.catalogue import Catalogue, catalogue, pick
from aiopgap.files.documents import Opened, open_document
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.model.plan_actual import PlanComparison
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.report import Report
from aiopgap.render.diff import document
from aiopgap.render.formats import Format
from aiopgap.render.plain import check_input_size


def _questionnaire(side: Opened, report: Report, questionnaires: Catalogue) -> Questionnaire | None:
    """The questionnaire ``side`` answered: the one it was scored with, else one found by id and version."""
    if side.questionnaire is not None:
        return side.questionnaire
    found = pick(questionnaires, report.questionnaire_id, report.questionnaire_version)
    return None if found is None else found[1]


def check_subjects(old: Path, new: Path, before: Report, after: Report, across_units: bool) -> None:
    """Refuse two different subjects unless ``--across-units`` asks to compare them."""
    if across_units or before.subject_key() == after.subject_key():
        return
    raise UsageError(
        f"{old} assesses {before.subject()} and {new} assesses {after.subject()}: a diff follows one "
        "organisation or unit over time; to compare the two, pass --across-units"
    )


def against_plan(plan_path: Path, known: Catalogue, opened: Opened, report: Report) -> PlanComparison:
    """NEW set against the plan: its dimensions against the quarter it falls in, and which moves happened."""
    from aiopgap.analysis.plan_actual import check_subject, compare
    from aiopgap.analysis.recommend import practice_levels
    from aiopgap.files.plan_file import open_plan

    plan = open_plan(plan_path, known)
    check_subject(plan.plan, plan.file, [(opened.file, report)])
    levels = practice_levels(_questionnaire(opened, report, known) or plan.questionnaire, report)
    return compare(plan.plan, [report], levels, plan.questionnaire, 0.0, plan.file)


def run(
    old: Path,
    new: Path,
    questionnaires: list[Path],
    fmt: Format,
    output: Path | None,
    fail_on_regression: bool,
    tolerance: float | None,
    across_units: bool = False,
    plan: Path | None = None,
) -> int:
    check_format(fmt, output)
    if tolerance is not None and not fail_on_regression:
        raise UsageError("--tolerance only applies together with --fail-on-regression")
    if tolerance is not None:
        tolerance = check_tolerance(tolerance)
    if output is not None:
        from aiopgap.files.destinations import check_outputs

        check_outputs([output], [old, new, *questionnaires, *([plan] if plan else [])])
    known = catalogue(questionnaires)
    opened_old, opened_new = open_document(old, known), open_document(new, known)
    before = report_of(opened_old.content, opened_old.questionnaire)
    after = report_of(opened_new.content, opened_new.questionnaire)
    check_input_size(old, before)
    check_input_size(new, after)
    check_subjects(old, new, before, after, across_units)
    links, notes = question_mapping(
        before, after, _questionnaire(opened_old, before, known), _questionnaire(opened_new, after, known)
    )
    result = compare(before, after, links, notes)
    if plan is not None:
        result = result.model_copy(update={"plan": against_plan(plan, known, opened_new, after)})

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
