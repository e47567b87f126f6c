"""Combining answers files that respondents filled in separately into one assessment. No I/O.

Inputs must be for the same questionnaire (id and version), organisation and period. Respondents
keep their order of first appearance; one respondent in two files (names compared without regard
to case, as ``assess`` does) is a conflict, as are targets or initiatives that several files give
differently. Every conflict names both places, file:line:column; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from aiopgap.files.yaml_reader import Document, FieldPath
from aiopgap.files.yaml_writer import Indentation, answer_value, comment_text, dump
from aiopgap.model.answers import Answers, Respondent
from aiopgap.model.errors import InputError, Problem
from aiopgap.model.inventory import Initiative


@dataclass(frozen=True)
class Source:
    """One input file, already loaded and checked against its questionnaire."""

    doc: Document
    answers: Answers


def _conflict(later: Source, path: FieldPath, message: str, earlier: Source, earlier_path: FieldPath) -> Problem:
    return later.doc.problem(path, f"{message} (first given at {earlier.doc.locate(earlier_path)})")


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
            key = respondent.name.casefold()
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


def _initiative_value(initiative: Initiative) -> CommentedMap:
    value = CommentedMap()
    for key, item in initiative.model_dump(mode="json", exclude_defaults=True).items():
        value[key] = CommentedSeq(item) if isinstance(item, list) else item
    return value


def to_yaml(answers: Answers, inputs: Sequence[str]) -> str:
    """Deterministic YAML for ``answers`` that ``validate`` and ``report`` read, with a header naming ``inputs``.

    Written by :mod:`aiopgap.yaml_writer`, so every text (notes, names, roles, organisation, period,
    initiatives) reads back exactly as it is in ``answers``.
    """
    doc = CommentedMap()
    ref = CommentedMap()
    ref["id"] = answers.questionnaire.id
    ref["version"] = answers.questionnaire.version
    doc["questionnaire"] = ref
    doc["organisation"] = answers.organisation
    doc["period"] = answers.period
    respondents = CommentedSeq()
    for respondent in answers.respondents:
        entry = CommentedMap()
        entry["name"] = respondent.name
        entry["role"] = respondent.role
        given = CommentedMap()
        for question_id, answer in respondent.answers.items():
            given[question_id] = answer_value(answer)
        entry["answers"] = given
        respondents.append(entry)
    doc["respondents"] = respondents
    if answers.targets:
        targets = CommentedMap()
        for dim_id, target in answers.targets.items():
            targets[dim_id] = int(target) if float(target).is_integer() else target
        doc["targets"] = targets
    if answers.initiatives:
        doc["initiatives"] = CommentedSeq(_initiative_value(i) for i in answers.initiatives)
    doc.yaml_set_start_comment(
        f"aiopgap answers: {comment_text(answers.organisation)}, {comment_text(answers.period)}.\n"
        "Merged by `aiopgap merge` from: " + ", ".join(comment_text(i) for i in inputs) + ".\n"
        "Score it with `aiopgap report FILE`."
    )
    return dump(doc, Indentation())
