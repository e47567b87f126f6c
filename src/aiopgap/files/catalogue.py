"""Questionnaires: reading one, the bundled ones, and the one look-up that finds what answers answer.

A :class:`Catalogue` is the questionnaires an input may answer: those given with
``--questionnaire`` first, then the bundled ones. :func:`find_questionnaire` is the one place a
questionnaire is looked up for answers, with the one message saying none fits.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from aiopgap.files import resources
from aiopgap.files.validation import is_answers, validate_model, versions_compatible
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.answers import QuestionnaireRef
from aiopgap.model.base import semver_tuple
from aiopgap.model.checks import questionnaire_problems
from aiopgap.model.errors import InputError
from aiopgap.model.questionnaire import Questionnaire

Found = tuple[Path, Questionnaire]


def parse_questionnaire(doc: Document) -> Questionnaire:
    if is_answers(doc):
        raise InputError([doc.problem((), "this is an answers file; expected a questionnaire")])
    questionnaire = validate_model(doc, Questionnaire, "questionnaire")
    problems = [doc.problem(path, msg) for path, msg in questionnaire_problems(questionnaire)]
    if problems:
        raise InputError(problems)
    return questionnaire


def load_questionnaire(path: Path) -> Questionnaire:
    """Load a questionnaire; repeated loads of an unchanged file come from a cache (models are frozen)."""
    try:
        stat = path.stat()
    except OSError:
        return parse_questionnaire(read_file(path))  # let read_file report the problem
    return _load_questionnaire_cached(str(path), path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _load_questionnaire_cached(name: str, resolved: Path, mtime_ns: int, size: int) -> Questionnaire:
    return parse_questionnaire(read_file(Path(name)))


def bundled_questionnaires() -> list[Found]:
    folder = resources.questionnaires_dir()
    return [(p, load_questionnaire(p)) for p in _bundled_files(folder, folder.stat().st_mtime_ns)]


@functools.lru_cache(maxsize=4)
def _bundled_files(folder: Path, mtime_ns: int) -> tuple[Path, ...]:
    return tuple(sorted(folder.glob("*.yaml")))


@dataclass(frozen=True)
class Catalogue:
    """The questionnaires an input may answer: those given with ``--questionnaire``, then the bundled ones."""

    given: tuple[Found, ...] = ()
    forced: Callable[[], Found] | None = None
    """The one questionnaire every answers file is checked against whatever it names (``validate``,
    ``report``, ``merge``, ``export``, ``check`` and ``assess`` take one ``--questionnaire FILE``), so a
    wrong id or version is reported as such; read when first needed, after the answers file."""
    _bundled: list[Found] = field(default_factory=list, init=False, repr=False, compare=False)

    def all(self) -> list[Found]:
        """Given first, then bundled (read on first use)."""
        if not self._bundled:
            self._bundled.extend(bundled_questionnaires())
        return [*self.given, *self._bundled]


def catalogue(given: Sequence[Path]) -> Catalogue:
    """Several ``--questionnaire`` files (``diff``, ``trend``): each input picks the one it answers."""
    return Catalogue(tuple((p, load_questionnaire(p)) for p in given))


def answering(override: Path | None) -> Catalogue:
    """One optional ``--questionnaire FILE``: when given, every answers file is checked against it."""
    if override is None:
        return Catalogue()
    return Catalogue(forced=functools.cache(lambda: (override, load_questionnaire(override))))  # read once


def of(path: Path, questionnaire: Questionnaire) -> Catalogue:
    """A questionnaire already read, as the one every answers file is checked against."""
    return Catalogue(forced=lambda: (path, questionnaire))


def pick(questionnaires: Catalogue, qid: str, version: str) -> Found | None:
    """The questionnaire with this id that answers for ``version`` fit: the same major.minor if there
    is one, else the nearest later minor version (first found among equals)."""
    fitting = [
        (semver_tuple(q.version)[1], i, (path, q))
        for i, (path, q) in enumerate(questionnaires.all())
        if q.id == qid and versions_compatible(version, q.version)
    ]
    return min(fitting, key=lambda item: (item[0], item[1]))[2] if fitting else None


def find_questionnaire(questionnaires: Catalogue, ref: QuestionnaireRef, doc: Document) -> Found:
    """The questionnaire answers in ``doc`` are checked against; a located :class:`InputError` if none."""
    if questionnaires.forced is not None:
        return questionnaires.forced()
    found = pick(questionnaires, ref.id, ref.version)
    if found is not None:
        return found
    known = ", ".join(f"{q.id} {q.version}" for _, q in questionnaires.all()) or "none"
    if questionnaires.given:
        where = f"no questionnaire {ref.id} {ref.version} among --questionnaire files or bundled ones (available:"
    else:
        where = f"no bundled questionnaire {ref.id} {ref.version} (bundled:"
    raise InputError([doc.problem(("questionnaire",), f"{where} {known}); pass --questionnaire FILE")])
