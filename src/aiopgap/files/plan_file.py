"""The one home of plan files: opened (read, checked field by field, matched to its questionnaire) and
written (:func:`plan_to_yaml`, through the one YAML writer).

A plan file (``aiopgap.plan/1``, :mod:`aiopgap.model.plan`) is committed and edited by hand, so it
gets the answers file's treatment: every problem is located (file:line:column) and raised as an
:class:`~aiopgap.model.errors.InputError`, never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from aiopgap.files.catalogue import Catalogue, find_questionnaire
from aiopgap.files.validation import first_problems, validate_model
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.errors import InputError
from aiopgap.model.plan import PLAN_FORMAT, Move, Plan
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


def _scores_value(scores: dict[str, float]) -> Any:
    from aiopgap.files.yaml_writer import mapping

    return mapping(dict(scores), flow=True)


def _move_value(move: Move) -> Any:
    from aiopgap.files.yaml_writer import mapping

    return mapping(move.model_dump(mode="json", exclude_none=True))


def plan_to_yaml(plan: Plan, made_from: str) -> str:
    """Deterministic YAML of ``plan`` (``aiopgap.plan/1``) that reads back as ``plan``, made from ``made_from``.

    Scores sit on one line per quarter (``expected: {ownership: 2.5, ...}``); each move is a small
    mapping a person can move to another quarter by hand.
    """
    from aiopgap.files.yaml_writer import comment_text, mapping, sequence, with_header

    doc = mapping()
    doc["format"] = plan.format
    doc["organisation"] = plan.organisation
    if plan.unit is not None:
        doc["unit"] = plan.unit
    ref = mapping()
    ref["id"] = plan.questionnaire.id
    ref["version"] = plan.questionnaire.version
    doc["questionnaire"] = ref
    baseline = mapping()
    baseline["period"] = plan.baseline.period
    baseline["scores"] = _scores_value(plan.baseline.scores)
    if plan.baseline.overall is not None:
        baseline["overall"] = plan.baseline.overall
    doc["baseline"] = baseline
    doc["capacity"] = plan.capacity
    doc["assumption"] = plan.assumption
    doc["targets"] = _scores_value(plan.targets)
    quarters = sequence([])
    for quarter in plan.quarters:
        entry = mapping()
        entry["period"] = quarter.period
        entry["moves"] = sequence(_move_value(m) for m in quarter.moves)
        entry["expected"] = _scores_value(quarter.expected)
        if quarter.overall is not None:
            entry["overall"] = quarter.overall
        quarters.append(entry)
    doc["quarters"] = quarters
    doc["later"] = sequence(_move_value(m) for m in plan.later)
    if plan.unplanned:
        doc["unplanned"] = sequence(plan.unplanned)
    return with_header(
        doc,
        f"aiopgap plan: {comment_text(plan.organisation)}"
        + (f" / {comment_text(plan.unit)}" if plan.unit is not None else "")
        + f", from {comment_text(made_from)}.\n"
        "Edit it by hand (move a move to another quarter, drop one); check it with `aiopgap plan FILE`.",
    )
