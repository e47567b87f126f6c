"""The answers file as ``aiopgap assess`` edits it: round-trip YAML, validated, written durably.

* The file is read with ``ruamel.yaml`` in round-trip mode, so comments, key order, quoting
  and the indentation a person wrote by hand survive every save.
* An existing file is first loaded through the normal loader (:mod:`aiopgap.loader`): a
  malformed or invalid file gives the usual located error and is never overwritten.
* Every save re-reads the text it is about to write through the normal loader and refuses
  to write anything that would not load as valid answers.
* Every save is atomic and durable: a temporary file in the same folder, flush, fsync,
  ``os.replace``, fsync of the folder. A crash at any moment leaves either the previous
  file or the new one, never a mix.
* If the file changed on disk since it was last read (a hand edit, another session), it is
  read again before the answer is applied, so the other change is kept too.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from aiopgap.errors import InputError, Location, Problem, UsageError
from aiopgap.loader import answers_problems, find_questionnaire, validate_model
from aiopgap.models import Answer, Answers, Questionnaire
from aiopgap.output import remove_stale_temporaries, write_atomic
from aiopgap.yaml_source import parse_text, read_file

_SEQ_ITEM = re.compile(r"^( *)- ")
_KEY_LINE = re.compile(r"^( *)[^\s#-][^#]*:\s*(#.*)?$")


@dataclass(frozen=True)
class Indentation:
    mapping: int = 2
    sequence: int = 4
    offset: int = 2


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
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long note a person wrote on one line
    yaml.indent(mapping=indentation.mapping, sequence=indentation.sequence, offset=indentation.offset)
    return yaml


def answer_value(answer: Answer) -> Any:
    """The YAML form of an answer: a bare level or ``n/a``, or ``{level, note}`` when there is a note."""
    if not answer.note:
        return answer.level
    value = CommentedMap()
    value["level"] = answer.level
    value["note"] = answer.note
    return value


def _signature(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_mtime_ns, info.st_size


class AnswersStore:
    """One answers file, open for editing by ``assess``."""

    def __init__(self, path: Path, questionnaire: Questionnaire, questionnaire_file: Path) -> None:
        self.path = path
        self.questionnaire = questionnaire
        self.questionnaire_file = questionnaire_file
        self._order = {q.id: i for i, q in enumerate(questionnaire.questions())}
        self._doc: CommentedMap = CommentedMap()
        self._indentation = Indentation()
        self._signature: tuple[int, int] | None = None
        self.answers: Answers | None = None

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path, questionnaire_override: Path | None) -> AnswersStore:
        """Open an existing answers file; it must load and validate like ``aiopgap validate`` says."""
        doc = read_file(path)
        answers = validate_model(doc, Answers, "answers file")
        q_path, questionnaire = find_questionnaire(answers, doc, questionnaire_override)
        problems = answers_problems(answers, questionnaire, doc)
        if problems:
            raise InputError(problems)
        store = cls(path, questionnaire, q_path)
        store._read()
        remove_stale_temporaries(path)
        return store

    @classmethod
    def create(
        cls, path: Path, questionnaire: Questionnaire, questionnaire_file: Path, organisation: str, period: str
    ) -> AnswersStore:
        """Start a new answers file (written on the first save)."""
        if path.exists():
            raise UsageError(f"{path} already exists")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"cannot write {path}: folder {folder} does not exist")
        store = cls(path, questionnaire, questionnaire_file)
        doc = CommentedMap()
        ref = CommentedMap()
        ref["id"] = questionnaire.id
        ref["version"] = questionnaire.version
        doc["questionnaire"] = ref
        doc["organisation"] = organisation
        doc["period"] = period
        doc["respondents"] = CommentedSeq()
        doc.yaml_set_start_comment(
            f"aiopgap answers: {organisation}, {period}.\n"
            "Written by `aiopgap assess` after every confirmed answer; safe to edit by hand\n"
            "(comments and order are kept). Score it with `aiopgap report FILE`."
        )
        store._doc = doc
        store._check(store._dump())
        return store

    def _read(self) -> None:
        text = self.path.read_text(encoding="utf-8-sig")
        self._indentation = guess_indentation(text)
        try:
            loaded = round_trip_yaml(self._indentation).load(text)
        except YAMLError as exc:  # the normal loader accepted it, so this is unexpected
            raise InputError([Problem(Location(str(self.path)), f"cannot edit this file: {exc}")]) from None
        if not isinstance(loaded, CommentedMap):
            raise InputError([Problem(Location(str(self.path)), "expected an answers file (a YAML mapping)")])
        self._doc = loaded
        self._signature = _signature(self.path)
        self.answers = self._check(text)

    def _reload_if_changed(self) -> None:
        """Pick up a change made to the file since we last read or wrote it."""
        if self._signature is None or _signature(self.path) == self._signature:
            return
        doc = read_file(self.path)
        answers = validate_model(doc, Answers, "answers file")
        problems = answers_problems(answers, self.questionnaire, doc)
        if problems:
            raise InputError(problems)
        self._read()

    # ------------------------------------------------------------------ reading

    def respondent_names(self) -> list[str]:
        return [str(r.get("name")) for r in self._respondents() if isinstance(r, CommentedMap)]

    def role_of(self, name: str) -> str | None:
        entry = self._find(name)
        return None if entry is None else str(entry.get("role"))

    def answers_of(self, name: str) -> dict[str, Answer]:
        if self.answers is None:
            return {}
        for respondent in self.answers.respondents:
            if respondent.name == name:
                return dict(respondent.answers)
        return {}

    # ------------------------------------------------------------------ editing

    def add_respondent(self, name: str, role: str) -> None:
        """Append a respondent (saved at once, so the name is reserved in the file)."""
        self._reload_if_changed()
        if self._find(name) is not None:
            raise UsageError(f"respondent {name!r} is already in {self.path}")
        entry = CommentedMap()
        entry["name"] = name
        entry["role"] = role
        entry["answers"] = CommentedMap()
        respondents = self._doc.get("respondents")
        if not isinstance(respondents, CommentedSeq):
            respondents = CommentedSeq()
            self._doc["respondents"] = respondents
        respondents.append(entry)
        self.save()

    def record(self, name: str, question_id: str, answer: Answer | None) -> None:
        """Set (or, with None, remove) one respondent's answer and save the file at once."""
        self._reload_if_changed()
        entry = self._find(name)
        if entry is None:
            raise UsageError(f"respondent {name!r} is not in {self.path}")
        answers = entry.get("answers")
        if not isinstance(answers, CommentedMap):
            answers = CommentedMap()
            entry["answers"] = answers
        if not answers:
            answers.fa.set_block_style()
        if answer is None:
            if question_id in answers:
                del answers[question_id]
        else:
            value = answer_value(answer)
            if question_id in answers:
                old = answers[question_id]
                if isinstance(value, CommentedMap) and isinstance(old, CommentedMap) and old.fa.flow_style():
                    value.fa.set_flow_style()
                answers[question_id] = value
            else:
                answers.insert(self._position(answers, question_id), question_id, value)
        self.save()

    def _position(self, answers: CommentedMap, question_id: str) -> int:
        """Where a new answer goes: after the last answer to an earlier question (questionnaire order)."""
        rank = self._order.get(question_id, len(self._order))
        position = 0
        for index, key in enumerate(answers):
            if self._order.get(str(key), len(self._order)) < rank:
                position = index + 1
        return position

    def _respondents(self) -> list[Any]:
        respondents = self._doc.get("respondents")
        return list(respondents) if isinstance(respondents, list) else []

    def _find(self, name: str) -> CommentedMap | None:
        for entry in self._respondents():
            if isinstance(entry, CommentedMap) and str(entry.get("name", "")).strip() == name:
                return entry
        return None

    # ------------------------------------------------------------------ saving

    def _dump(self) -> str:
        buffer = io.StringIO()
        round_trip_yaml(self._indentation).dump(self._doc, buffer)
        return buffer.getvalue()

    def _check(self, text: str) -> Answers:
        """Load ``text`` exactly as ``report`` and ``validate`` would; refuse anything invalid."""
        doc = parse_text(text, str(self.path))
        answers = validate_model(doc, Answers, "answers file")
        problems = answers_problems(answers, self.questionnaire, doc)
        if problems:
            raise InputError(problems)
        return answers

    def save(self) -> None:
        text = self._dump()
        answers = self._check(text)
        write_atomic(self.path, text)
        self._signature = _signature(self.path)
        self.answers = answers
