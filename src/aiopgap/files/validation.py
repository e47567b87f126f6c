"""What a parsed document is, and everything wrong with it, each problem located in its file.

All problems found in a file are reported together (the first ``MAX_PROBLEMS``); each names the
file, line, column and field path. Opening a file goes through :mod:`aiopgap.files.documents`.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Iterable, Iterator
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from aiopgap.files.yaml_reader import Document
from aiopgap.model.answers import Answers, name_key
from aiopgap.model.base import NA, FieldPath, semver_tuple
from aiopgap.model.errors import InputError, Problem
from aiopgap.model.questionnaire import Question, Questionnaire
from aiopgap.model.report import REPORT_FORMAT
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


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def error_message(error: Any) -> str:
    """A pydantic error in words; quotes the offending value with :func:`~aiopgap.model.text.shown`."""
    kind = error["type"]
    loc = error["loc"]
    name = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"missing required field {name!r}"
    if kind == "extra_forbidden":
        return f"unknown field {name!r}"
    msg = without_pydantic_prefix(str(error["msg"]))
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
        return f"expected text, got {_describe(error.get('input'))}"
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
    if isinstance(value, bool):  # as YAML writes it: true, not Python's True
        return shown(value)
    if isinstance(value, int | float):
        return f"the number {shown(value)}"
    if isinstance(value, str):
        return f"text {shown(value)}"
    return f"{type(value).__name__} {shown(value)}"


_PYDANTIC_PREFIXES = ("Value error, ", "Assertion failed, ")


def without_pydantic_prefix(message: str) -> str:
    """A check's own words without the prefix pydantic puts before them ("Value error, ...")."""
    for prefix in _PYDANTIC_PREFIXES:
        if message.startswith(prefix):
            return message[len(prefix) :]
    return message


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


# --------------------------------------------------------------------------- what a document is


def is_report(doc: Document) -> bool:
    """A JSON report (``aiopgap.report/1``) carries a ``format`` key; answers and questionnaires do not."""
    return isinstance(doc.data, dict) and "format" in doc.data


def _answers_keys(doc: Document) -> bool:
    return isinstance(doc.data, dict) and ("respondents" in doc.data or "organisation" in doc.data)


def is_questionnaire(doc: Document) -> bool:
    """A questionnaire has dimensions; answers files and JSON reports never do."""
    return isinstance(doc.data, dict) and "dimensions" in doc.data and not is_report(doc) and not _answers_keys(doc)


def skipped_in_folder(doc: Document) -> bool:
    """What a folder of assessments may hold besides them, and commands reading the folder pass over:
    questionnaires, and the documents aiopgap writes other than JSON reports (plans, portfolios,
    trends, diffs), so a command's output written into the folder it reads never breaks the next run."""
    written = doc.data.get("format") if isinstance(doc.data, dict) else None
    ours = isinstance(written, str) and written.startswith("aiopgap.") and written != REPORT_FORMAT
    return ours or is_questionnaire(doc)


def is_answers(doc: Document) -> bool:
    """An answers file (or a report) names its organisation or respondents, and has no dimensions."""
    return _answers_keys(doc) and "dimensions" not in doc.data


def versions_compatible(wanted: str, have: str) -> bool:
    """Answers fit a questionnaire of the same major version and the same or a later minor one.

    Patches only reword; a minor version only adds (evidence, n/a where it was not allowed, checks),
    so answers written for 1.0 still read under 1.1. A major version may rename or drop questions.
    """
    try:
        (w_major, w_minor, _), (h_major, h_minor, _) = semver_tuple(wanted), semver_tuple(have)
    except ValueError:  # e.g. a hand-edited JSON report; such a version fits nothing
        return False
    return w_major == h_major and h_minor >= w_minor


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
        first = seen_names.setdefault(name_key(respondent.name), ri)
        if first != ri:
            yield _same_name(doc, "respondent", [r.name for r in answers.respondents], first, ri)
        for qid, answer in respondent.answers.items():
            where: FieldPath = ("respondents", ri, "answers", qid)
            question = questions.get(qid)
            if question is None:
                yield doc.problem(where, _unknown_question(qid, questions, replaced_by, questionnaire.version))
                continue
            yield from _level_problems(doc, where, question, answer.level)
    yield from _consensus_problems(answers, doc, questions, replaced_by, seen_names)
    seen_initiatives: dict[str, int] = {}
    for ii, initiative in enumerate(answers.initiatives):
        first = seen_initiatives.setdefault(name_key(initiative.name), ii)
        if first != ii:
            yield _same_name(doc, "initiative", [i.name for i in answers.initiatives], first, ii)
    dimensions = [d.id for d in questionnaire.dimensions]
    for dim_id, target in answers.targets.items():
        where = ("targets", dim_id)
        if dim_id not in dimensions:
            yield doc.problem(where, f"unknown dimension {dim_id!r}" + _suggest(dim_id, dimensions))
        elif not 0 <= target <= questionnaire.scale_max:
            yield doc.problem(where, f"target {target} is out of range (0 to {questionnaire.scale_max})")


def _unknown_question(qid: str, questions: Iterable[str], replaced_by: dict[str, list[str]], version: str) -> str:
    if qid in replaced_by:
        successors = ", ".join(repr(n) for n in replaced_by[qid])
        return f"unknown question id {qid!r}; version {version} replaced it with {successors}"
    return f"unknown question id {qid!r}" + _suggest(qid, questions)


def _level_problems(doc: Document, where: FieldPath, question: Question, level: int | str) -> Iterator[Problem]:
    if level == NA:
        if not question.allow_na:
            yield doc.problem(where, f"question {question.id!r} does not allow n/a")
    elif isinstance(level, int) and not 0 <= level <= question.max_level:
        yield doc.problem(
            where, f"level {shown(level)} is out of range for {question.id!r} (0 to {question.max_level})"
        )


def _consensus_problems(
    answers: Answers,
    doc: Document,
    questions: dict[str, Question],
    replaced_by: dict[str, list[str]],
    respondents: dict[str, int],
) -> Iterator[Problem]:
    """An agreement must be for a known question, at a level it allows, with dissent from respondents."""
    version = answers.questionnaire.version
    for qid, agreement in answers.consensus.items():
        where: FieldPath = ("consensus", qid)
        question = questions.get(qid)
        if question is None:
            yield doc.problem(where, _unknown_question(qid, questions, replaced_by, version))
            continue
        yield from _level_problems(doc, (*where, "level"), question, agreement.level)
        first_of: dict[str, int] = {}
        for di, dissent in enumerate(agreement.dissent):
            at: FieldPath = (*where, "dissent", di)
            first = first_of.setdefault(name_key(dissent.name), di)
            if first != di:  # one person, two entries: which note and level stand is anyone's guess
                spelled = (
                    "" if dissent.name == agreement.dissent[first].name else f" as {agreement.dissent[first].name!r}"
                )
                yield doc.problem(
                    (*at, "name"),
                    f"dissenter {dissent.name!r} appears twice (also dissent[{first}]{spelled}, at "
                    f"{doc.locate((*where, 'dissent', first))}); a person dissents once, with one note",
                )
            if name_key(dissent.name) not in respondents:
                names = [r.name for r in answers.respondents]
                yield doc.problem(
                    (*at, "name"), f"{dissent.name!r} is not a respondent of this file" + _suggest(dissent.name, names)
                )
            if dissent.level is not None:
                yield from _level_problems(doc, (*at, "level"), question, dissent.level)


def _same_name(
    doc: Document, kind: Literal["respondent", "initiative"], names: list[str], first: int, again: int
) -> Problem:
    """Entry ``again`` is entry ``first`` (:func:`~aiopgap.model.answers.name_key`): both places named."""
    name, first_name = names[again], names[first]
    section = f"{kind}s"
    spelled = "" if name == first_name else f" as {first_name!r}"
    where = doc.locate((section, first, "name"))
    one = "person" if kind == "respondent" else kind
    rule = "" if name == first_name else f"; names that differ only in case or spacing are one {one}"
    return doc.problem(
        (section, again, "name"),
        f"{kind} {name!r} appears twice (also {section}[{first}]{spelled}, at {where}){rule}",
    )
