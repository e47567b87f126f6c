"""YAML files to validated models, with every problem located in its file.

All problems found in a file are reported together; each names the file,
line, column and field path.
"""

from __future__ import annotations

import difflib
import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from aiopgap.files import resources
from aiopgap.files.yaml_reader import Document, FieldPath, read_file
from aiopgap.model.answers import Answers
from aiopgap.model.base import NA, semver_tuple
from aiopgap.model.checks import questionnaire_problems
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.model.text import shown

M = TypeVar("M", bound=BaseModel)

MAX_PROBLEMS = 200
"""Problems listed per file: a file with 100,000 unknown question ids gets the first ones, quickly."""


def first_problems(problems: Iterable[Problem]) -> list[Problem]:
    """At most ``MAX_PROBLEMS`` problems, and a last one saying where the unlisted ones start.

    ``problems`` is consumed lazily, so the problems that are not listed are never worked out.
    """
    listed = list(itertools.islice(problems, MAX_PROBLEMS + 1))
    if len(listed) > MAX_PROBLEMS:
        more = listed.pop()
        listed.append(
            Problem(more.location, f"more problems from here on; only the first {MAX_PROBLEMS} of this file are listed")
        )
    return listed


@dataclass(frozen=True)
class Assessment:
    """An answers file together with the questionnaire it answers."""

    questionnaire: Questionnaire
    answers: Answers
    answers_file: str
    questionnaire_file: str


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def error_message(error: Any) -> str:
    """A pydantic error in words; quotes the offending value with :func:`~aiopgap.errors.shown`."""
    kind = error["type"]
    loc = error["loc"]
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"missing required field {name!r}"
    if kind == "extra_forbidden":
        return f"unknown field {name!r}"
    msg = str(error["msg"])
    if msg.startswith("Value error, "):
        msg = msg[len("Value error, ") :]
    if kind == "string_pattern_mismatch":
        return f"{shown(error.get('input'))} is not a valid id (use lowercase letters, digits and hyphens)"
    if kind in {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}:
        return f"expected a whole number, got {shown(error.get('input'))}"
    if kind in {"float_parsing", "float_type"}:
        return f"expected a number, got {shown(error.get('input'))}"
    bounds = {
        "greater_than_equal": ("ge", "at least"),
        "greater_than": ("gt", "more than"),
        "less_than_equal": ("le", "at most"),
        "less_than": ("lt", "less than"),
    }
    if kind in bounds:
        key, words = bounds[kind]
        limit = (error.get("ctx") or {}).get(key)
        shown_limit = f"{limit:g}" if isinstance(limit, int | float) else shown(limit)
        return f"must be {words} {shown_limit}, got {shown(error.get('input'))}"
    if kind == "finite_number":
        return f"expected a finite number, got {shown(error.get('input'))}"
    if kind in {"string_type"}:
        value = error.get("input")
        return f"expected text, got {type(value).__name__} {shown(value)}"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"expected a mapping (key: value pairs), got {_describe(error.get('input'))}"
    if kind in {"tuple_type", "list_type"}:
        return f"expected a list, got {_describe(error.get('input'))}"
    return msg[0].lower() + msg[1:] if msg else kind


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {shown(value)}"


def _clean_loc(loc: tuple[Any, ...]) -> FieldPath:
    """Drop pydantic's internal segments (union members, key markers) from an error location."""
    cleaned: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (
            part in {"[key]", "int", "literal['n/a']"}
            or part.startswith(("function-", "literal[", "rule:", "constrained-"))
        ):
            continue
        cleaned.append(part)
    return tuple(cleaned)


def validate_model(doc: Document, model: type[M], what: str) -> M:
    """Validate a parsed document against ``model``; all errors become located problems."""
    if not isinstance(doc.data, dict):
        found = "an empty file" if doc.data is None else _describe(doc.data)
        raise InputError([doc.problem((), f"expected a {what} (a YAML mapping), found {found}")])
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InputError(first_problems(_validation_problems(doc, model, exc))) from None


def _validation_problems(doc: Document, model: type[BaseModel], exc: ValidationError) -> Iterator[Problem]:
    seen: set[tuple[FieldPath, str | None]] = set()
    for error in exc.errors(include_url=False):
        path = _clean_loc(error["loc"])
        message = error_message(error)
        if error["type"] == "extra_forbidden":
            fields = _fields_at(model, path[:-1])
            message += _suggest(str(path[-1]), fields)
        # a value that fits no member of a union fails each one: the first member's message is enough
        key = (path, None if len(path) < len(error["loc"]) else message)
        if key in seen:
            continue
        seen.add(key)
        yield doc.problem(path, message)


def _fields_at(model: type[BaseModel], path: FieldPath) -> list[str]:
    """Field names of the (nested) model found at ``path``, for "did you mean" hints."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return []
        info = current.model_fields.get(part)
        if info is None:
            # a dict key such as a question id: the value type is the dict's value model
            return []
        current = _inner_model(info.annotation)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return list(current.model_fields)
    return []


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
        inner = _inner_model(arg)
        if inner is not None:
            return inner
    return annotation


# --------------------------------------------------------------------------- questionnaires


def parse_questionnaire(doc: Document) -> Questionnaire:
    if looks_like_answers(doc) and not looks_like_questionnaire(doc):
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


def bundled_questionnaires() -> list[tuple[Path, Questionnaire]]:
    folder = resources.questionnaires_dir()
    return [(p, load_questionnaire(p)) for p in _bundled_files(folder, folder.stat().st_mtime_ns)]


@functools.lru_cache(maxsize=4)
def _bundled_files(folder: Path, mtime_ns: int) -> tuple[Path, ...]:
    return tuple(sorted(folder.glob("*.yaml")))


def versions_compatible(wanted: str, have: str) -> bool:
    """Answers fit a questionnaire whose major and minor versions match (patches only reword)."""
    try:
        return semver_tuple(wanted)[:2] == semver_tuple(have)[:2]
    except ValueError:  # e.g. a hand-edited JSON report; such a version fits nothing
        return False


def find_questionnaire(answers: Answers, doc: Document, override: Path | None) -> tuple[Path, Questionnaire]:
    ref = answers.questionnaire
    if override is not None:
        return override, load_questionnaire(override)
    candidates = bundled_questionnaires()
    for path, questionnaire in candidates:
        if questionnaire.id == ref.id and versions_compatible(ref.version, questionnaire.version):
            return path, questionnaire
    known = ", ".join(f"{q.id} {q.version}" for _, q in candidates) or "none"
    raise InputError(
        [
            doc.problem(
                ("questionnaire",),
                f"no bundled questionnaire {ref.id} {ref.version} (bundled: {known}); pass --questionnaire FILE",
            )
        ]
    )


# --------------------------------------------------------------------------- answers


def answers_problems(answers: Answers, questionnaire: Questionnaire, doc: Document) -> list[Problem]:
    """Everything wrong with ``answers`` as answers to ``questionnaire`` (the first ``MAX_PROBLEMS``)."""
    return first_problems(_answers_problems(answers, questionnaire, doc))


def _answers_problems(answers: Answers, questionnaire: Questionnaire, doc: Document) -> Iterator[Problem]:
    ref = answers.questionnaire
    if ref.id != questionnaire.id:
        yield doc.problem(
            ("questionnaire", "id"),
            f"answers are for questionnaire {ref.id!r}, not {questionnaire.id!r}",
        )
        return
    if not versions_compatible(ref.version, questionnaire.version):
        yield doc.problem(
            ("questionnaire", "version"),
            f"answers are for version {ref.version} of {ref.id!r}, "
            f"but the questionnaire is version {questionnaire.version}",
        )
        return
    questions = {q.id: q for q in questionnaire.questions()}
    replaced_by: dict[str, list[str]] = {}
    for q in questionnaire.questions():
        for old_id in q.replaces:
            replaced_by.setdefault(old_id, []).append(q.id)
    seen_names: dict[str, int] = {}
    for ri, respondent in enumerate(answers.respondents):
        if respondent.name in seen_names:
            yield doc.problem(
                ("respondents", ri, "name"),
                f"respondent {respondent.name!r} appears twice (also respondents[{seen_names[respondent.name]}])",
            )
        seen_names.setdefault(respondent.name, ri)
        for qid, answer in respondent.answers.items():
            where: FieldPath = ("respondents", ri, "answers", qid)
            question = questions.get(qid)
            if question is None:
                if qid in replaced_by:
                    successors = ", ".join(repr(n) for n in replaced_by[qid])
                    hint = f"; version {questionnaire.version} replaced it with {successors}"
                else:
                    hint = _suggest(qid, questions)
                yield doc.problem(where, f"unknown question id {qid!r}" + hint)
                continue
            if answer.level == NA:
                if not question.allow_na:
                    yield doc.problem(where, f"question {qid!r} does not allow n/a")
            elif not 0 <= answer.level <= question.max_level:
                yield doc.problem(
                    where,
                    f"level {shown(answer.level)} is out of range for {qid!r} (0 to {question.max_level})",
                )
    seen_initiatives: dict[str, int] = {}
    for ii, initiative in enumerate(answers.initiatives):
        if initiative.name in seen_initiatives:
            yield doc.problem(
                ("initiatives", ii, "name"),
                f"initiative {initiative.name!r} appears twice (also initiatives[{seen_initiatives[initiative.name]}])",
            )
        seen_initiatives.setdefault(initiative.name, ii)
    dimensions = [d.id for d in questionnaire.dimensions]
    for dim_id, target in answers.targets.items():
        where = ("targets", dim_id)
        if dim_id not in dimensions:
            yield doc.problem(where, f"unknown dimension {dim_id!r}" + _suggest(dim_id, dimensions))
        elif not 0 <= target <= questionnaire.scale_max:
            yield doc.problem(where, f"target {target} is out of range (0 to {questionnaire.scale_max})")


def load_answers_document(path: Path) -> tuple[Document, Answers]:
    doc = read_file(path)
    if looks_like_questionnaire(doc) and not looks_like_answers(doc):
        raise InputError([doc.problem((), "this is a questionnaire; expected an answers file")])
    return doc, validate_model(doc, Answers, "answers file")


def load_assessment(answers_path: Path, questionnaire_path: Path | None = None) -> Assessment:
    """Load an answers file and its questionnaire, and check one against the other."""
    doc, answers = load_answers_document(answers_path)
    q_path, questionnaire = find_questionnaire(answers, doc, questionnaire_path)
    problems = answers_problems(answers, questionnaire, doc)
    if problems:
        raise InputError(problems)
    return Assessment(questionnaire, answers, str(answers_path), str(q_path))


def looks_like_questionnaire(doc: Document) -> bool:
    return isinstance(doc.data, dict) and "dimensions" in doc.data


def looks_like_answers(doc: Document) -> bool:
    return isinstance(doc.data, dict) and ("respondents" in doc.data or "organisation" in doc.data)


def validate_file(path: Path, questionnaire_path: Path | None = None) -> str:
    """Validate a questionnaire or answers file; return what it was. Raises InputError."""
    doc = read_file(path)
    if looks_like_questionnaire(doc):
        parse_questionnaire(doc)
        return "questionnaire"
    answers = validate_model(doc, Answers, "answers file")
    _, questionnaire = find_questionnaire(answers, doc, questionnaire_path)
    problems = answers_problems(answers, questionnaire, doc)
    if problems:
        raise InputError(problems)
    return "answers"


__all__ = [
    "Assessment",
    "Location",
    "bundled_questionnaires",
    "find_questionnaire",
    "load_answers_document",
    "load_assessment",
    "load_questionnaire",
    "parse_questionnaire",
    "validate_file",
    "validate_model",
]
