"""Combining answers files that respondents filled in separately into one assessment. No I/O.

Inputs must be for the same questionnaire (id and version), organisation, unit and period. Respondents
keep their order of first appearance; one respondent in two files (one person however the name
is cased or spaced: :func:`~aiopgap.model.answers.name_key`) is a conflict, as are targets or
initiatives or assessment days (``assessed_on``) or workshop agreements (``consensus``, per question)
that several files give differently; an agreement several files give alike is kept once. Every
conflict names both places, file:line:column; nothing is dropped silently.

Evidence travels with its answer: a respondent is taken whole from the one file that has them, so
every answer keeps its evidence items exactly. The same respondent in two files stays a conflict
even when their levels and notes agree and only the evidence differs: uniting the two evidence
lists would hide that someone answered twice, and which answer stands is for a person to decide.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from aiopgap.model.answers import Agreement, Answers, Respondent, Unit, name_key
from aiopgap.model.base import FieldPath
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.inventory import Initiative


@dataclass(frozen=True)
class Source:
    """One input file, already loaded and checked against its questionnaire, and where its fields are."""

    answers: Answers
    locate: Callable[[FieldPath], Location]
    """The file:line:column of a field of this file (``Document.locate`` of the file read)."""


def _unit_text(unit: Unit | None) -> str:
    """A unit as a conflict quotes it: its name, parent and sizes (the whole organisation when none)."""
    if unit is None:
        return "the whole organisation"
    parent = "" if unit.parent is None else f" in {unit.parent}"
    sizes = ", ".join(f"{basis} {size:g}" for basis, size in unit.sizes.items())
    return f"{unit.name}{parent}" + (f" ({sizes})" if sizes else "")


def _conflict(later: Source, path: FieldPath, message: str, earlier: Source, earlier_path: FieldPath) -> Problem:
    return Problem(later.locate(path), f"{message} (first given at {earlier.locate(earlier_path)})")


def merge(sources: Sequence[Source]) -> Answers:
    """The assessment the inputs make together; raises :class:`InputError` with every conflict."""
    if not sources:
        raise ValueError("merge needs at least one input")
    merged = _Merged(sources[0])
    for source in sources:
        if merged.same_assessment(source):
            merged.add_respondents(source)
            merged.add_targets(source)
            merged.add_initiatives(source)
            merged.add_assessed_on(source)
            merged.add_consensus(source)
    if merged.problems:
        raise InputError(merged.problems)
    return sources[0].answers.model_copy(
        update={
            "respondents": tuple(merged.respondents),
            "targets": merged.targets,
            "initiatives": tuple(merged.initiatives),
            "assessed_on": merged.assessed_on,
            "consensus": merged.consensus,
        }
    )


@dataclass
class _Merged:
    """What the inputs read so far add up to, where each part was first given, and the conflicts found."""

    first: Source
    problems: list[Problem] = field(default_factory=list)
    respondents: list[Respondent] = field(default_factory=list)
    respondent_from: dict[str, tuple[Source, int]] = field(default_factory=dict)
    targets: dict[str, float] = field(default_factory=dict)
    target_from: dict[str, Source] = field(default_factory=dict)
    initiatives: list[Initiative] = field(default_factory=list)
    initiative_from: dict[str, tuple[Source, int, Initiative]] = field(default_factory=dict)
    assessed_on: datetime.date | None = None
    assessed_on_from: Source | None = None
    consensus: dict[str, Agreement] = field(default_factory=dict)
    consensus_from: dict[str, Source] = field(default_factory=dict)

    def same_assessment(self, source: Source) -> bool:
        """Whether ``source`` answers the first input's questionnaire, organisation and period."""
        answers, base = source.answers, self.first.answers
        same = True
        for where, mine, theirs in (
            (("questionnaire", "id"), answers.questionnaire.id, base.questionnaire.id),
            (("questionnaire", "version"), answers.questionnaire.version, base.questionnaire.version),
            (("organisation",), answers.organisation, base.organisation),
            (("unit",), _unit_text(answers.unit), _unit_text(base.unit)),
            (("period",), answers.period, base.period),
        ):
            if mine != theirs:
                name = where[-1] if where[0] != "questionnaire" else f"questionnaire {where[-1]}"
                self.problems.append(_conflict(source, where, f"{name} is {mine!r}, not {theirs!r}", self.first, where))
                same = False
        return same

    def add_respondents(self, source: Source) -> None:
        for ri, respondent in enumerate(source.answers.respondents):
            key = name_key(respondent.name)
            if key in self.respondent_from:
                other, other_index = self.respondent_from[key]
                where, first_where = ("respondents", ri, "name"), ("respondents", other_index, "name")
                message = f"respondent {respondent.name!r} answered twice"
                self.problems.append(_conflict(source, where, message, other, first_where))
                continue
            self.respondent_from[key] = (source, ri)
            self.respondents.append(respondent)

    def add_targets(self, source: Source) -> None:
        for dim_id, target in source.answers.targets.items():
            if dim_id not in self.targets:
                self.targets[dim_id] = target
                self.target_from[dim_id] = source
            elif self.targets[dim_id] != target:
                where = ("targets", dim_id)
                message = f"target for {dim_id!r} is {target:g}, not {self.targets[dim_id]:g}"
                self.problems.append(_conflict(source, where, message, self.target_from[dim_id], where))

    def add_initiatives(self, source: Source) -> None:
        for ii, initiative in enumerate(source.answers.initiatives):
            key = name_key(initiative.name)
            if key not in self.initiative_from:
                self.initiative_from[key] = (source, ii, initiative)
                self.initiatives.append(initiative)
                continue
            other, other_index, kept = self.initiative_from[key]
            if kept != initiative:
                differ = [name for name in Initiative.model_fields if getattr(kept, name) != getattr(initiative, name)]
                message = f"initiative {initiative.name!r} differs in {', '.join(differ)}"
                where, first_where = ("initiatives", ii, differ[0]), ("initiatives", other_index, differ[0])
                self.problems.append(_conflict(source, where, message, other, first_where))

    def add_assessed_on(self, source: Source) -> None:
        """The assessment day: given by one file, or by several alike; two different days conflict."""
        day = source.answers.assessed_on
        if day is None:
            return
        if self.assessed_on is None or self.assessed_on_from is None:
            self.assessed_on, self.assessed_on_from = day, source
        elif day != self.assessed_on:
            message = f"assessed_on is {day.isoformat()}, not {self.assessed_on.isoformat()}"
            self.problems.append(_conflict(source, ("assessed_on",), message, self.assessed_on_from, ("assessed_on",)))

    def add_consensus(self, source: Source) -> None:
        """Workshop agreements: one per question; the same agreement twice is one, two different ones conflict."""
        for question_id, agreement in source.answers.consensus.items():
            kept = self.consensus.get(question_id)
            if kept is None:
                self.consensus[question_id] = agreement
                self.consensus_from[question_id] = source
            elif kept != agreement:
                where: FieldPath = ("consensus", question_id)
                differ = [name for name in Agreement.model_fields if getattr(kept, name) != getattr(agreement, name)]
                message = f"agreement on {question_id!r} differs in {', '.join(differ)}"
                self.problems.append(
                    _conflict(
                        source, (*where, differ[0]), message, self.consensus_from[question_id], (*where, differ[0])
                    )
                )
