"""The answers file as ``aiopgap assess`` edits it: round-trip YAML, validated, written durably.

* The file is read with ``ruamel.yaml`` in round-trip mode, so comments, key order, quoting
  and the indentation a person wrote by hand survive every save. Strings are written by
  :mod:`aiopgap.files.yaml_writer`, so that every reader of the file gets back exactly the text typed.
* An existing file is first loaded through the front door (:mod:`aiopgap.files.documents`): a
  malformed or invalid file gives the usual located error and is never overwritten.
* Validate before mutate: a change is applied, dumped and re-read through the normal loader,
  and the answer must read back exactly as given, before anything is written. A change that is
  refused (or fails to write) is undone: the document in memory goes back to the text last
  saved, so one refused answer never blocks the next.
* Every save is atomic and durable: a temporary file in the same folder, flush, fsync,
  ``os.replace``, fsync of the folder. A crash at any moment leaves either the previous
  file or the new one, never a mix.
* Several sessions may edit one file (two facilitators, or one respondent resumed in a second
  terminal): each save holds an inter-process lock (``flock`` on ``.NAME.lock`` beside the file)
  around read-modify-write, re-reads the file under the lock and applies this session's change
  to the latest content, so no session's saved answers are lost. A save that finds the file
  changed by someone else returns a one-line notice saying so.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from aiopgap.files.atomic import write_atomic
from aiopgap.files.catalogue import answering, of
from aiopgap.files.documents import answers_from
from aiopgap.files.reading import read_text
from aiopgap.files.temporaries import remove_stale_temporaries
from aiopgap.files.yaml_reader import parse_text, read_file
from aiopgap.files.yaml_writer import (
    CommentedMap,
    CommentedSeq,
    Indentation,
    answer_value,
    comment_text,
    dump,
    guess_indentation,
    load_for_editing,
    new_answers,
    round_trip_yaml,
)
from aiopgap.model.answers import Answer, Answers, Respondent, Unit, name_key, subject_name
from aiopgap.model.errors import InputError, UsageError, input_error
from aiopgap.model.questionnaire import Questionnaire

__all__ = [
    "LOCK_TIMEOUT_SECONDS",
    "AnswersStore",
    "Indentation",
    "answer_value",
    "answers_lock",
    "guess_indentation",
    "remove_stale_temporaries",
    "round_trip_yaml",
]

LOCK_TIMEOUT_SECONDS = 10.0


def lock_path(path: Path) -> Path:
    """The lock file of the answers file ``path``: ``.NAME.lock`` in the same folder."""
    return path.with_name(f".{path.name}.lock")


@contextlib.contextmanager
def answers_lock(path: Path, timeout: float = LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """Hold the inter-process lock of the answers file ``path`` for a read-modify-write.

    The lock is ``flock`` on a lock file beside ``path``; the kernel releases it when its holder
    exits, even on ``kill -9``. The holder removes the lock file before releasing it, so folders
    stay clean; a waiter that then finds it locked a removed file simply tries again.
    """
    if sys.platform == "win32":  # pragma: no cover - no flock; one session per file there
        yield
        return
    import fcntl

    lock = lock_path(path)
    deadline = time.monotonic() + timeout
    pause = 0.001
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        except OSError as exc:
            raise UsageError(f"cannot write {path}: cannot create its lock file {lock}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise UsageError(
                    f"{path} is being saved by another aiopgap session and stayed locked for {timeout:g} s "
                    f"(lock file {lock}); try again"
                ) from None
            time.sleep(pause)
            pause = min(pause * 2, 0.02)
            continue
        except OSError as exc:
            os.close(fd)
            raise UsageError(f"cannot lock {path} ({lock}): {exc.strerror}") from None
        try:
            held = os.fstat(fd)
            now = os.stat(lock)
            if (held.st_dev, held.st_ino) == (now.st_dev, now.st_ino):
                break
        except FileNotFoundError:
            pass
        os.close(fd)  # we locked a lock file its previous holder had already removed
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


class AnswersStore:
    """One answers file, open for editing by ``assess``."""

    def __init__(self, path: Path, questionnaire: Questionnaire, questionnaire_file: Path) -> None:
        self.path = path
        self.questionnaire = questionnaire
        self.questionnaire_file = questionnaire_file
        self._order = {q.id: i for i, q in enumerate(questionnaire.questions())}
        self._indentation = Indentation()
        self._newline = "\n"
        """The line ending the file is written with: the one it was found with (CRLF kept as CRLF)."""
        self._base = ""
        """The text the document mirrors: the file as last read or written (or, before the first
        save of a new file, the text it will start from)."""
        self._in_file = False
        """Whether ``_base`` is the file's content as this session last saw it."""
        self._doc: CommentedMap | None = None
        """``_base`` parsed for editing; ``None`` after a refused change, until parsed again."""
        self.answers: Answers | None = None
        self.lock_timeout = LOCK_TIMEOUT_SECONDS
        """How long a save waits for another session's save to finish before giving up (seconds)."""

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, path: Path, questionnaire_override: Path | None) -> AnswersStore:
        """Open an existing answers file; it must load and validate like ``aiopgap validate`` says."""
        opened = answers_from(read_file(path), answering(questionnaire_override))
        store = cls(path, opened.questionnaire, Path(opened.questionnaire_file))
        text = store._read_disk()
        if text is None:
            raise input_error(str(path), "file not found")
        store._adopt(text)
        remove_stale_temporaries(path)
        return store

    @classmethod
    def create(
        cls,
        path: Path,
        questionnaire: Questionnaire,
        questionnaire_file: Path,
        organisation: str,
        period: str,
        unit: Unit | None = None,
    ) -> AnswersStore:
        """Start a new answers file (written on the first save), of ``unit`` when one is given."""
        if path.exists():
            raise UsageError(f"{path} already exists")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise UsageError(f"cannot write {path}: folder {folder} does not exist")
        store = cls(path, questionnaire, questionnaire_file)
        doc = new_answers(questionnaire.id, questionnaire.version, organisation, unit, period)
        doc.yaml_set_start_comment(
            f"aiopgap answers: {comment_text(subject_name(organisation, unit))}, {comment_text(period)}.\n"
            "Written by `aiopgap assess` after every confirmed answer; safe to edit by hand\n"
            "(comments and order are kept). Score it with `aiopgap report FILE`."
        )
        text = dump(doc, store._indentation)
        try:
            store.answers = store._check(text)
        except InputError as exc:  # the file does not exist yet: name the field, not a line in it
            reasons = "; ".join(f"{p.location.field or 'answers'}: {p.message}" for p in exc.problems)
            raise UsageError(f"cannot start {path}: {reasons}") from None
        store._base, store._doc = text, doc
        return store

    def _read_disk(self) -> str | None:
        """The file's text now, or None when there is no file."""
        try:  # the one bounded reader, as every user file is read (issue 18)
            return read_text(self.path)
        except InputError:
            if not os.path.lexists(self.path):
                return None
            raise

    def _parse(self, text: str) -> CommentedMap:
        return load_for_editing(text, self._indentation, str(self.path))

    def _adopt(self, text: str) -> None:
        """Make ``text`` (the file's content, checked here) what this session edits from now on."""
        answers = self._check(text)
        indentation = guess_indentation(text)
        self._indentation = indentation
        self._newline = "\r\n" if text.partition("\n")[0].endswith("\r") else "\n"
        doc = self._parse(text)
        self._base, self._doc, self._in_file, self.answers = text, doc, True, answers

    def _document(self) -> CommentedMap:
        if self._doc is None:
            self._doc = self._parse(self._base)
        return self._doc

    def _sync(self) -> str | None:
        """Under the lock: pick up whatever another session (or a hand edit) saved since we last did.

        Returns a notice when the file changed, None when it is as this session left it.
        """
        text = self._read_disk()
        if text is None:
            if not self._in_file:
                return None
            self._in_file = False
            return f"{self.path} had been removed; it is written again with every answer this session knows"
        if self._in_file and text == self._base:
            return None
        created = not self._in_file
        self._adopt(text)
        if created:
            return f"another session created {self.path} meanwhile; this session's answers are added to it"
        return f"another session changed {self.path} meanwhile; its changes are kept alongside this session's"

    # ------------------------------------------------------------------ reading

    def respondent_names(self) -> list[str]:
        return [] if self.answers is None else [r.name for r in self.answers.respondents]

    def known_as(self, name: str) -> str | None:
        """How the file spells respondent ``name`` (one person however it is cased or spaced), if present."""
        index = self._index(name)
        return None if index is None or self.answers is None else self.answers.respondents[index].name

    def role_of(self, name: str) -> str | None:
        if self.answers is None:
            return None
        index = self._index(name)
        return None if index is None else self.answers.respondents[index].role

    def answers_of(self, name: str) -> dict[str, Answer]:
        if self.answers is None:
            return {}
        index = self._index(name)
        return {} if index is None else dict(self.answers.respondents[index].answers)

    # ------------------------------------------------------------------ editing

    def add_respondent(self, name: str, role: str) -> str | None:
        """Append a respondent (saved at once, so the name is reserved in the file).

        Returns a notice when another session had changed the file meanwhile.
        """

        def change(doc: CommentedMap) -> None:
            if self._index(name) is not None:
                raise UsageError(f"respondent {name!r} is already in {self.path}")
            entry = CommentedMap()
            entry["name"] = name
            entry["role"] = role
            entry["answers"] = CommentedMap()
            respondents = doc.get("respondents")
            if not isinstance(respondents, CommentedSeq):
                respondents = CommentedSeq()
                doc["respondents"] = respondents
            respondents.append(entry)

        def verify(before: Answers | None, after: Answers) -> None:
            count = 0 if before is None else len(before.respondents)
            added = after.respondents[count:]
            if len(added) != 1 or added[0] != Respondent(name=name, role=role):
                raise UsageError(f"respondent {name!r} would not read back as typed from {self.path}; not saved")

        return self._change(change, verify)

    def record(self, name: str, question_id: str, answer: Answer | None) -> str | None:
        """Set (or, with None, remove) one respondent's answer and save the file at once.

        Returns a notice when another session had changed the file meanwhile; raises an
        :class:`~aiopgap.model.errors.AiopgapError` saying why when the answer is not saved.
        """

        def change(doc: CommentedMap) -> None:
            index = self._index(name)
            if index is None:
                raise UsageError(f"respondent {name!r} is not in {self.path}")
            entry = doc["respondents"][index]
            answers = entry.get("answers")
            if not isinstance(answers, CommentedMap):
                answers = CommentedMap()
                entry["answers"] = answers
            if not answers:
                answers.fa.set_block_style()
            if answer is None:
                if question_id in answers:
                    del answers[question_id]
                return
            value = answer_value(answer)
            if question_id in answers:
                old = answers[question_id]
                if isinstance(value, CommentedMap) and isinstance(old, CommentedMap) and old.fa.flow_style():
                    value.fa.set_flow_style()
                answers[question_id] = value
            else:
                answers.insert(self._position(answers, question_id), question_id, value)

        # a blank note is written as no note at all (see answer_value)
        expected = answer if answer is None or answer.note else answer.model_copy(update={"note": None})

        def verify(before: Answers | None, after: Answers) -> None:
            index = self._index(name)
            given = None if index is None else after.respondents[index].answers.get(question_id)
            if given != expected:
                raise UsageError(f"the answer to {question_id} would not read back as typed from {self.path}")

        return self._change(change, verify)

    def save(self) -> str | None:
        """Write the file as it is now (re-read and re-checked under the lock), changing nothing."""
        return self._change(lambda doc: None, lambda before, after: None)

    def _change(
        self, change: Callable[[CommentedMap], None], verify: Callable[[Answers | None, Answers], None]
    ) -> str | None:
        """Apply ``change`` to the latest content of the file and save it, or leave everything as it was."""
        with answers_lock(self.path, self.lock_timeout):
            notice = self._sync()
            before = self.answers
            try:
                doc = self._document()
                change(doc)
                text = _line_endings(dump(doc, self._indentation), self._newline)
                _encodable(text, self.path)
                after = self._check(text)
                verify(before, after)
                write_atomic(self.path, text)
            except BaseException:
                self._doc = None  # undo: the next change starts again from the text last saved
                raise
            self._base, self._in_file, self.answers = text, True, after
        return notice

    def _index(self, name: str) -> int | None:
        """The position of respondent ``name`` in the file (one person however their name is cased or spaced)."""
        if self.answers is None:
            return None
        key = name_key(name)
        return next((i for i, r in enumerate(self.answers.respondents) if name_key(r.name) == key), None)

    def _position(self, answers: CommentedMap, question_id: str) -> int:
        """Where a new answer goes: after the last answer to an earlier question (questionnaire order)."""
        rank = self._order.get(question_id, len(self._order))
        position = 0
        for index, key in enumerate(answers):
            if self._order.get(str(key), len(self._order)) < rank:
                position = index + 1
        return position

    # ------------------------------------------------------------------ saving

    def _check(self, text: str) -> Answers:
        """Load ``text`` exactly as ``report`` and ``validate`` would; refuse anything invalid."""
        return answers_from(parse_text(text, str(self.path)), of(self.questionnaire_file, self.questionnaire)).answers


def _line_endings(text: str, newline: str) -> str:
    """``text`` with every line ending ``newline``: a file saved with CRLF (Windows) stays all CRLF.

    The round-trip dump writes LF but keeps the CRLF of comments it carried over; a mix is never written.
    """
    text = text.replace("\r\n", "\n")
    return text if newline == "\n" else text.replace("\n", newline)


def _encodable(text: str, path: Path) -> None:
    """Text that cannot be stored as UTF-8 (a lone surrogate) is refused with a message, not a crash."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise UsageError(
            f"cannot write {path}: the text holds a character that is not valid Unicode ({exc.object[exc.start]!r})"
        ) from None
