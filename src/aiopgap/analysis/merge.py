"""Combining answers files that respondents filled in separately into one assessment. No I/O.

Inputs must be for the same questionnaire (id and version), organisation and period. Respondents
keep their order of first appearance; one respondent in two files (one person however the name
is cased or spaced: :func:`~aiopgap.model.answers.person_key`) is a conflict, as are targets or
initiatives that several files give differently. Every conflict names both places,
file:line:column; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aiopgap.model.answers import Answers, Respondent, person_key
from aiopgap.model.base import FieldPath
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.inventory import Initiative


@dataclass(frozen=True)
class Source:
    """One input file, already loaded and checked against its questionnaire, and where its fields are."""

    answers: Answers
    locate: Callable[[FieldPath], Location]
    """The file:line:column of a field of this file (``Document.locate`` of the file read)."""


def _conflict(later: Source, path: FieldPath, message: str, earlier: Source, earlier_path: FieldPath) -> Problem:
    return Problem(later.locate(path), f"{message} (first given at {earlier.locate(earlier_path)})")


def merge(sources: Sequence[Source]) -> Answers:
    """The assessment the inputs make together; raises :class:`InputError` with every conflict."""
    if not sources:
        raise ValueError("merge needs at least one input")
    first = sources[0]
    base = first.answers
    problems: list[Problem] = []
    respondents: list[Respondent] = []
    seen_respondents: dict[str, tuple[Source, int]] = {}
    targets: dict[str, float] = {}
    target_from: dict[str, Source] = {}
    initiatives: list[Initiative] = []
    initiative_from: dict[str, tuple[Source, int, Initiative]] = {}
    for source in sources:
        answers = source.answers
        same = True
        for field, mine, theirs in (
            (("questionnaire", "id"), answers.questionnaire.id, base.questionnaire.id),
            (("questionnaire", "version"), answers.questionnaire.version, base.questionnaire.version),
            (("organisation",), answers.organisation, base.organisation),
            (("period",), answers.period, base.period),
        ):
            if mine != theirs:
                name = field[-1] if field[0] != "questionnaire" else f"questionnaire {field[-1]}"
                problems.append(_conflict(source, field, f"{name} is {mine!r}, not {theirs!r}", first, field))
                same = False
        if not same:
            continue
        for ri, respondent in enumerate(answers.respondents):
            key = person_key(respondent.name)
            if key in seen_respondents:
                other, other_index = seen_respondents[key]
                problems.append(
                    _conflict(
                        source,
                        ("respondents", ri, "name"),
                        f"respondent {respondent.name!r} answered twice",
                        other,
                        ("respondents", other_index, "name"),
                    )
                )
                continue
            seen_respondents[key] = (source, ri)
            respondents.append(respondent)
        for dim_id, target in answers.targets.items():
            if dim_id in targets and targets[dim_id] != target:
                problems.append(
                    _conflict(
                        source,
                        ("targets", dim_id),
                        f"target for {dim_id!r} is {target:g}, not {targets[dim_id]:g}",
                        target_from[dim_id],
                        ("targets", dim_id),
                    )
                )
                continue
            if dim_id not in targets:
                targets[dim_id] = target
                target_from[dim_id] = source
        for ii, initiative in enumerate(answers.initiatives):
            if initiative.name in initiative_from:
                other, other_index, kept = initiative_from[initiative.name]
                if kept != initiative:
                    differ = [
                        name for name in Initiative.model_fields if getattr(kept, name) != getattr(initiative, name)
                    ]
                    problems.append(
                        _conflict(
                            source,
                            ("initiatives", ii, differ[0]),
                            f"initiative {initiative.name!r} differs in {', '.join(differ)}",
                            other,
                            ("initiatives", other_index, differ[0]),
                        )
                    )
                continue
            initiative_from[initiative.name] = (source, ii, initiative)
            initiatives.append(initiative)
    if problems:
        raise InputError(problems)
    return base.model_copy(
        update={"respondents": tuple(respondents), "targets": targets, "initiatives": tuple(initiatives)}
    )
