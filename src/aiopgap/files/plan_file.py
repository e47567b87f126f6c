"""The one place a plan file is opened: read, checked field by field, matched to its questionnaire.

A plan file (``aiopgap.plan/1``, :mod:`aiopgap.model.plan`) is committed and edited by hand, so it
gets the answers file's treatment: every problem is located (file:line:column) and raised as an
:class:`~aiopgap.model.errors.InputError`, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from aiopgap.files.catalogue import Catalogue, find_questionnaire
from aiopgap.files.validation import first_problems, validate_model
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.errors import InputError
from aiopgap.model.plan import PLAN_FORMAT, Plan
from aiopgap.model.plan_checks import plan_problems
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.text import shown


@dataclass(frozen=True)
class OpenedPlan:
    """A plan file as read, the questionnaire it was made with, and where its fields are."""

    file: str
    plan: Plan
    questionnaire: Questionnaire
    doc: Document


def is_plan(doc: Document) -> bool:
    """A plan file says ``format: aiopgap.plan/1``."""
    return isinstance(doc.data, dict) and doc.data.get("format") == PLAN_FORMAT


def open_plan(path: Path, questionnaires: Catalogue, doc: Document | None = None) -> OpenedPlan:
    """Read the plan file at ``path`` and check it; a located :class:`InputError` for every problem.

    Checked field by field (:class:`~aiopgap.model.plan.Plan`), then against its questionnaire
    (:func:`~aiopgap.model.plan_checks.plan_problems`): a move before its prerequisites or a quarter
    over capacity is named at the move's line and column.
    """
    doc = read_file(path) if doc is None else doc
    if not is_plan(doc):
        found = doc.data.get("format") if isinstance(doc.data, dict) else None
        what = "no format" if found is None else f"format {shown(found)}"
        raise InputError(
            [doc.problem(("format",) if found else (), f"expected a plan file (format: {PLAN_FORMAT}); found {what}")]
        )
    plan = validate_model(doc, Plan, "plan file")
    _, questionnaire = find_questionnaire(questionnaires, plan.questionnaire, doc)
    problems = [doc.problem(where, message) for where, message in plan_problems(plan, questionnaire)]
    if problems:
        raise InputError(first_problems(iter(problems)))
    return OpenedPlan(str(path), plan, questionnaire, doc)
