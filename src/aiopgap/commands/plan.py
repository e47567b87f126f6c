"""``aiopgap plan``: the recommended moves sequenced into quarters, or a plan file checked and shown."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis.periods import quarters_after
from aiopgap.analysis.plan import make_plan
from aiopgap.analysis.report import report_of
from aiopgap.commands._output import check_format, show
from aiopgap.files.catalogue import Catalogue, catalogue
from aiopgap.files.documents import open_document
from aiopgap.files.plan_file import is_plan, open_plan
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.errors import ExitCode, InputError, UsageError
from aiopgap.model.plan import Plan
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.text import shown
from aiopgap.render.formats import Format
from aiopgap.render.plain import check_input_size
from aiopgap.render.plan import document

DEFAULT_QUARTERS = 4
DEFAULT_CAPACITY = 2


def run(
    path: Path,
    quarters: int | None,
    capacity: int | None,
    save: Path | None,
    force: bool,
    fmt: Format,
    output: Path | None,
    questionnaire: Path | None,
) -> int:
    check_format(fmt, output)
    if save is None and force:
        raise UsageError("--force replaces the file --save writes: name one with --save PLAN.yaml")
    inputs = [path, questionnaire]
    if save is not None or output is not None:
        from aiopgap.files.destinations import check_outputs, same_file

        check_outputs([save, output], inputs)
        if save is not None and output is not None and same_file(save, output):
            raise UsageError("--save and --output name the same file; choose two files")
    known = catalogue([questionnaire] if questionnaire is not None else [])
    doc = read_file(path)
    if is_plan(doc) or _meant_as_plan(doc):
        if quarters is not None or capacity is not None:
            raise UsageError(
                "--quarters and --capacity make a new plan from an answers file; a plan file keeps its own "
                "(edit it to change them)"
            )
        opened = open_plan(path, known, doc)
        plan, q = opened.plan, opened.questionnaire
    else:
        plan, q = _new_plan(path, doc, known, quarters or DEFAULT_QUARTERS, capacity or DEFAULT_CAPACITY)
    if save is not None:
        _save(plan, save, known, force, str(path))
    show(document(plan, q), fmt, output)
    return ExitCode.OK


def _meant_as_plan(doc: Document) -> bool:
    """A file that names another plan format: :func:`open_plan` says which one it expected."""
    found = doc.data.get("format") if isinstance(doc.data, dict) else None
    return isinstance(found, str) and found.startswith("aiopgap.plan/")


def _new_plan(path: Path, doc: Document, known: Catalogue, quarters: int, capacity: int) -> tuple[Plan, Questionnaire]:
    opened = open_document(path, known, doc)
    if opened.questionnaire is None:
        found = doc.data.get("questionnaire_id") if isinstance(doc.data, dict) else None
        raise InputError(
            [
                doc.problem(
                    ("questionnaire_id",),
                    f"a plan needs the questionnaire this report answered ({shown(found)}), which is not known "
                    "here: name its file with --questionnaire",
                )
            ]
        )
    report = report_of(opened.content, opened.questionnaire)
    check_input_size(path, report)
    periods = quarters_after(report.period, quarters)
    if periods is None:
        raise InputError(
            [
                doc.problem(
                    ("period",),
                    f"cannot place period {shown(report.period)} in time, so the plan's quarters cannot follow it; "
                    "write it as 2026-Q3, 2026-07, 2026-07-01, 2026-H2 or 2026",
                )
            ]
        )
    if not periods:
        message = f"{quarters} quarter(s) after {shown(report.period)} would run past the year 9999; plan fewer"
        raise InputError([doc.problem(("period",), message)])
    return make_plan(opened.questionnaire, report, periods, capacity), opened.questionnaire


def _save(plan: Plan, out: Path, known: Catalogue, force: bool, made_from: str) -> None:
    """Write ``plan`` to ``out`` once its YAML reads back as the same plan; never over a file without ``force``."""
    from aiopgap.files.documents import write_read_back
    from aiopgap.files.plan_file import plan_to_yaml
    from aiopgap.files.yaml_reader import parse_text

    text = plan_to_yaml(plan, made_from)
    write_read_back(out, text, force, lambda: open_plan(out, known, parse_text(text, str(out))).plan, plan, "plan")
