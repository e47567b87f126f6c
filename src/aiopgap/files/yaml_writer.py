"""Editing and writing YAML with comments: the one module that imports ruamel.yaml, and the one place it is configured.

``assess`` (through :mod:`aiopgap.files.store`), workshop agreements and plans are written with
ruamel.yaml, which keeps a file's comments and layout; a whole new answers file (``merge``,
``import``) is written directly by :mod:`aiopgap.files.answers_yaml` (re-exported here as
:func:`to_yaml`), to the same text. ruamel.yaml speaks YAML 1.2, while every command reads YAML back
with PyYAML/libyaml (:mod:`aiopgap.files.yaml_reader`), which speaks YAML 1.1. The two disagree about
plain scalars: ``no``, ``On``, ``y``, ``~``, ``1:30``, ``0x1F``, ``1_000``, ``2026-01-01``, ``=`` or
``<<`` are text to ruamel but a bool, number, null, date or special key to PyYAML; and a NEL (U+0085)
is ordinary text to one and a line break to the other. So every string goes through
:func:`_represent_str`, under the rules of :mod:`aiopgap.files.yaml_scalars`:

* it is written plain only when PyYAML's own 1.1 resolver reads that plain text back as a string
  and every character is one no YAML reader folds, trims or refuses;
* anything else is written double-quoted, where every control character, NEL, line or paragraph
  separator, tab, byte order mark and non-character is an escape (``\\x1b``, ``\\N``, ``\\u2028``),
  and nothing is ever wrapped onto a second line;
* and a string ruamel would write plain is written plain only if PyYAML reads it back as the same
  text in that very context (block or flow): YAML 1.1 ends plain text in a flow collection at ``?``
  (``{level: 1, note: Who owns it?}``), so there it is quoted (:class:`_Emitter`).

Comments are ours, but may quote user text (an organisation, a file name): :func:`comment_text`
makes every line break and control character in it visible, so text can never end a comment and
become YAML. Hand-written layout is kept: :func:`guess_indentation` finds the indentation a person
used, and quoted strings read from a file keep their quotes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.emitter import Emitter
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.representer import RoundTripRepresenter

from aiopgap.files.answers_yaml import to_yaml
from aiopgap.files.yaml_scalars import STR_TAG, comment_text, plain_is_safe, plain_reads_back, whole
from aiopgap.model.answers import Agreement, Answer, Unit
from aiopgap.model.errors import input_error
from aiopgap.model.evidence import EvidenceItem

__all__ = [
    "CommentedMap",  # the round-trip tree the answers store edits
    "CommentedSeq",
    "Indentation",
    "answer_value",
    "comment_text",
    "dump",
    "evidence_value",
    "guess_indentation",
    "load_for_editing",
    "mapping",
    "plain_is_safe",
    "round_trip_yaml",
    "sequence",
    "to_yaml",
    "with_header",
]

_NEVER_WRAP = 1 << 30  # a line width no text reaches: ruamel never folds a scalar onto a second line


class _Representer(RoundTripRepresenter):
    """ruamel's round-trip representer, with strings written so that YAML 1.1 reads them back."""


def _represent_str(representer: RoundTripRepresenter, data: str) -> ScalarNode:
    # plain when both readers agree; otherwise double quotes, which escape everything special.
    # ruamel may still choose single quotes for a "plain-safe" string with indicators (": ", " #",
    # a leading "- "): single-quoted text without line breaks or control characters is read as is.
    style = None if plain_is_safe(data) else '"'
    return representer.represent_scalar(STR_TAG, data, style=style)


_Representer.add_representer(str, _represent_str)


class _Emitter(Emitter):
    """ruamel's emitter, with every plain string checked against our reader in its context.

    ruamel applies YAML 1.2's rules for where plain text ends; PyYAML applies 1.1's, which differ in
    flow collections (``{level: 1, note: Who owns it?}``: 1.1 ends plain text at ``?`` and refuses
    one that starts with ``:``). A plain string our reader would not read back is quoted instead.
    """

    def choose_scalar_style(self) -> Any:
        style = super().choose_scalar_style()
        event = self.event
        is_text = event.ctag is not None and event.ctag.value == STR_TAG and bool(event.value)
        if style == "" and is_text and not plain_reads_back(event.value, bool(self.flow_level)):
            return "'" if self.analysis.allow_single_quoted else '"'
        return style


@dataclass(frozen=True)
class Indentation:
    mapping: int = 2
    sequence: int = 4
    offset: int = 2


_SEQ_ITEM = re.compile(r"^( *)- ")
_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")


def guess_indentation(text: str) -> Indentation:
    """The mapping indent and the list-item offset a person used, so a save keeps their layout."""
    mapping: int | None = None
    offset: int | None = None
    previous_key_indent: int | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if previous_key_indent is not None:
            if _SEQ_ITEM.match(line):
                if offset is None:
                    offset = indent - previous_key_indent
            elif indent > previous_key_indent and mapping is None:
                mapping = indent - previous_key_indent
        key = _KEY_LINE.match(line)
        previous_key_indent = len(key.group(1)) if key and not _SEQ_ITEM.match(line) else None
        if mapping is not None and offset is not None:
            break
    mapping = mapping if mapping and 1 < mapping <= 8 else 2
    offset = offset if offset is not None and 0 <= offset <= 8 else 2
    return Indentation(mapping=mapping, sequence=offset + mapping, offset=offset)


def round_trip_yaml(indentation: Indentation) -> YAML:
    """ruamel.yaml in round-trip mode (comments, order and quotes kept), writing identity-safe strings."""
    rt = YAML(typ="rt")
    rt.Representer = _Representer
    rt.Emitter = _Emitter
    rt.preserve_quotes = True
    rt.width = _NEVER_WRAP  # never re-wrap a long note, nor fold a quoted one across lines
    rt.indent(mapping=indentation.mapping, sequence=indentation.sequence, offset=indentation.offset)
    return rt


def load_for_editing(text: str, indentation: Indentation, file: str) -> CommentedMap:
    """``text`` (an answers file the normal reader accepted) as a round-trip tree to edit and dump again."""
    try:
        loaded = round_trip_yaml(indentation).load(text)
    except YAMLError as exc:  # the normal reader accepted it, so this is unexpected
        raise input_error(file, f"cannot edit this file: {exc}") from None
    if not isinstance(loaded, CommentedMap):
        raise input_error(file, "expected an answers file (a YAML mapping)")
    return loaded


def dump(doc: Any, indentation: Indentation) -> str:
    """The YAML text of ``doc``."""
    buffer = io.StringIO()
    round_trip_yaml(indentation).dump(doc, buffer)
    return buffer.getvalue()


def evidence_value(item: EvidenceItem) -> Any:
    """The YAML form of an evidence item: its bare kind, or ``{kind, date, reference}`` with what it has.

    A date is a plain ``YYYY-MM-DD`` scalar (the reader takes it as a date); a reference is text,
    quoted whenever plain text would not read back as itself.
    """
    if item.date is None and item.reference is None:
        return item.kind
    value = CommentedMap()
    value["kind"] = item.kind
    if item.date is not None:
        value["date"] = item.date
    if item.reference is not None:
        value["reference"] = item.reference
    value.fa.set_flow_style()
    return value


def answer_value(answer: Answer) -> Any:
    """The YAML form of an answer: a bare level or ``n/a``, or ``{level, note, evidence}`` with what it has."""
    if not answer.note and not answer.evidence:
        return answer.level
    value = CommentedMap()
    value["level"] = answer.level
    if answer.note:
        value["note"] = answer.note
    if answer.evidence:
        value["evidence"] = CommentedSeq(evidence_value(item) for item in answer.evidence)
    return value


def agreement_value(agreement: Agreement) -> CommentedMap:
    """The YAML form of a workshop agreement: ``{level, rationale, dissent}`` with what it has."""
    value = CommentedMap()
    value["level"] = agreement.level
    if agreement.rationale:
        value["rationale"] = agreement.rationale
    if agreement.dissent:
        dissent = CommentedSeq()
        for person in agreement.dissent:
            if person.level is None and person.note is None:
                dissent.append(person.name)
                continue
            entry = CommentedMap()
            entry["name"] = person.name
            if person.level is not None:
                entry["level"] = person.level
            if person.note:
                entry["note"] = person.note
            dissent.append(entry)
        value["dissent"] = dissent
    return value


def unit_value(unit: Unit) -> CommentedMap:
    """A unit as answers files write it: its name, its parent when it has one, its sizes."""
    value = CommentedMap()
    value["name"] = unit.name
    if unit.parent is not None:
        value["parent"] = unit.parent
    if unit.sizes:
        sizes = CommentedMap()
        for basis, size in unit.sizes.items():
            sizes[basis] = whole(size)
        value["sizes"] = sizes
    return value


def new_answers(questionnaire: str, version: str, organisation: str, unit: Unit | None, period: str) -> CommentedMap:
    """The start of a new answers file (``assess``): what is assessed, when, and no respondents yet."""
    doc = CommentedMap()
    ref = CommentedMap()
    ref["id"] = questionnaire
    ref["version"] = version
    doc["questionnaire"] = ref
    doc["organisation"] = organisation
    if unit is not None:
        doc["unit"] = unit_value(unit)
    doc["period"] = period
    doc["respondents"] = CommentedSeq()
    return doc


def mapping(items: dict[str, Any] | None = None, flow: bool = False) -> CommentedMap:
    """A mapping to write, in the order given; ``flow`` keeps it on one line (``{a: 1, b: 2}``)."""
    value = CommentedMap()
    for key, item in (items or {}).items():
        value[key] = item
    if flow:
        value.fa.set_flow_style()
    return value


def sequence(items: Any) -> CommentedSeq:
    """A list to write, one item a line."""
    return CommentedSeq(items)


def with_header(doc: CommentedMap, header: str) -> str:
    """``doc`` written as this module writes every file (:func:`dump`), under the comment ``header``."""
    doc.yaml_set_start_comment(header)
    return dump(doc, Indentation())
