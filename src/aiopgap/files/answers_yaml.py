"""Writing a whole answers file (``merge``, ``import``): commented, readable YAML, written directly.

An answers file has one shape, so it is written line by line here rather than through ruamel.yaml's
round-trip dump, which took most of a large merge's time. The text is exactly what the round-trip
writer (:mod:`aiopgap.files.yaml_writer`) gives for the same answers: the same header comment, layout
(two spaces a level, list items indented under their key) and the same quoting of every value
(:mod:`aiopgap.files.yaml_scalars`), so a file written here and one an ``assess`` session saves look
alike, and the writer tests hold the two equal on generated answers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiopgap.files.yaml_scalars import block_text, comment_text, flow_text, number, scalar, whole
from aiopgap.model.answers import Agreement, Answer, Answers, Unit
from aiopgap.model.evidence import EvidenceItem
from aiopgap.model.inventory import Initiative

Write = Callable[[str], None]


def to_yaml(answers: Answers, inputs: Sequence[str], made_by: str = "Merged by `aiopgap merge`") -> str:
    """Deterministic YAML for ``answers`` that ``validate`` and ``report`` read, with a header naming ``inputs``.

    Every text (notes, evidence references, names, roles, organisation, period, initiatives) and
    every date reads back exactly as it is in ``answers``.
    """
    lines: list[str] = []
    write = lines.append
    _header(
        write,
        f"aiopgap answers: {comment_text(answers.organisation)}, {comment_text(answers.period)}.\n"
        f"{made_by} from: " + ", ".join(comment_text(i) for i in inputs) + ".\n"
        "Score it with `aiopgap report FILE`.",
    )
    write(f"questionnaire:\n  id: {block_text(answers.questionnaire.id)}\n")
    write(f"  version: {block_text(answers.questionnaire.version)}\n")
    write(f"organisation: {block_text(answers.organisation)}\n")
    if answers.unit is not None:
        _unit(write, answers.unit)
    write(f"period: {block_text(answers.period)}\n")
    if answers.assessed_on is not None:
        write(f"assessed_on: {answers.assessed_on.isoformat()}\n")
    _respondents(write, answers)
    if answers.targets:
        write("targets:\n")
        for dim_id, target in answers.targets.items():
            write(f"  {block_text(dim_id)}: {number(whole(target))}\n")
    if answers.initiatives:
        write("initiatives:\n")
        for initiative in answers.initiatives:
            _initiative(write, initiative)
    if answers.consensus:
        write("consensus:\n")
        for question_id, agreement in answers.consensus.items():
            write(f"  {block_text(question_id)}:\n")
            _agreement(write, agreement, "    ")
    return "".join(lines)


def _header(write: Write, comment: str) -> None:
    """A comment above the document, one ``# `` line for each line of ``comment``."""
    for line in comment.removesuffix("\n").split("\n"):
        stripped = line.strip()
        write(("# " + line if stripped and stripped[0] != "#" else line) + "\n")


def _unit(write: Write, unit: Unit) -> None:
    write(f"unit:\n  name: {block_text(unit.name)}\n")
    if unit.parent is not None:
        write(f"  parent: {block_text(unit.parent)}\n")
    if unit.sizes:
        write("  sizes:\n")
        for basis, size in unit.sizes.items():
            write(f"    {block_text(basis)}: {number(whole(size))}\n")


def _respondents(write: Write, answers: Answers) -> None:
    if not answers.respondents:
        write("respondents: []\n")
        return
    write("respondents:\n")
    keys: dict[str, str] = {}  # a question id as a key, worked out once for all respondents
    for respondent in answers.respondents:
        write(f"  - name: {block_text(respondent.name)}\n    role: {block_text(respondent.role)}\n")
        if not respondent.answers:
            write("    answers: {}\n")
            continue
        write("    answers:\n")
        for question_id, answer in respondent.answers.items():
            key = keys.get(question_id)
            if key is None:
                key = keys[question_id] = f"      {block_text(question_id)}:"
            if not answer.note and not answer.evidence:
                level = answer.level
                write(f"{key} {level if isinstance(level, int) else block_text(level)}\n")
            else:
                write(key + "\n")
                _answer(write, answer)


def _answer(write: Write, answer: Answer) -> None:
    """An answer in full, under its question: ``level``, then ``note`` and ``evidence`` when it has them."""
    write(f"        level: {scalar(answer.level)}\n")
    if answer.note:
        write(f"        note: {block_text(answer.note)}\n")
    if answer.evidence:
        write("        evidence:\n")
        for item in answer.evidence:
            write(f"          - {_evidence(item)}\n")


def _evidence(item: EvidenceItem) -> str:
    """An evidence item: its bare kind, or ``{kind, date, reference}`` with what it has."""
    if item.date is None and item.reference is None:
        return block_text(item.kind)
    parts = [f"kind: {flow_text(item.kind)}"]
    if item.date is not None:
        parts.append(f"date: {item.date.isoformat()}")
    if item.reference is not None:
        parts.append(f"reference: {flow_text(item.reference)}")
    return "{" + ", ".join(parts) + "}"


def _initiative(write: Write, initiative: Initiative) -> None:
    first = True
    for key, item in initiative.model_dump(mode="json", exclude_defaults=True).items():
        lead = "  - " if first else "    "
        first = False
        if not isinstance(item, list):
            write(f"{lead}{block_text(key)}: {scalar(item)}\n")
        elif not item:
            write(f"{lead}{block_text(key)}: []\n")
        else:
            write(f"{lead}{block_text(key)}:\n")
            for entry in item:
                write(f"      - {scalar(entry)}\n")


def _agreement(write: Write, agreement: Agreement, indent: str) -> None:
    """A workshop agreement: ``level``, then ``rationale`` and ``dissent`` when it has them."""
    write(f"{indent}level: {scalar(agreement.level)}\n")
    if agreement.rationale:
        write(f"{indent}rationale: {block_text(agreement.rationale)}\n")
    if not agreement.dissent:
        return
    write(f"{indent}dissent:\n")
    for person in agreement.dissent:
        if person.level is None and person.note is None:
            write(f"{indent}  - {block_text(person.name)}\n")
            continue
        write(f"{indent}  - name: {block_text(person.name)}\n")
        if person.level is not None:
            write(f"{indent}    level: {scalar(person.level)}\n")
        if person.note:
            write(f"{indent}    note: {block_text(person.note)}\n")
