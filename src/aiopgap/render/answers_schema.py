"""The JSON Schema of answers files to one questionnaire: its question ids, levels, dimensions and version.

The generic schema of :class:`aiopgap.model.answers.Answers` takes any well-formed question id and any
whole level. An editor given this one instead completes the questionnaire's own ids, shows each
question's text and level descriptors, and flags a misspelt id, a level off the scale, ``n/a`` where a
question does not allow it and a questionnaire the answers cannot be read against. It states only what
``aiopgap validate`` would refuse too.
"""

from __future__ import annotations

import copy
from typing import Any

from aiopgap.model.base import semver_tuple
from aiopgap.model.questionnaire import Question, Questionnaire

JsonObject = dict[str, Any]

NA_PATTERN = r"^\s*[Nn]/?[Aa]\s*$"
"""``n/a`` as the reader takes it: ``n/a`` or ``na`` in any case, with spaces around."""


def _ref(name: str) -> JsonObject:
    return {"$ref": f"#/$defs/{name}"}


def _level(question: Question) -> JsonObject:
    """The levels a question allows, each with its descriptor; ``n/a`` only where it is allowed."""
    choices: list[JsonObject] = [
        {"type": "integer", "const": level, "description": f"{level}: {text.strip()}"}
        for level, text in sorted(question.levels.items())
    ]
    if question.allow_na:
        choices.append(
            {
                "type": "string",
                "pattern": NA_PATTERN,
                "examples": ["n/a"],
                "description": "Not applicable (this question allows it).",
            }
        )
    na = ", or n/a" if question.allow_na else ""
    return {"description": f"A level of {question.id!r}: 0 to {question.max_level}{na}.", "anyOf": choices}


def _with_level(base: str, level: JsonObject, description: str) -> JsonObject:
    """The generic object ``base`` with its ``level`` narrowed to one question's."""
    return {"description": description, "allOf": [_ref(base), {"properties": {"level": level}}]}


def _compatible_versions(version: str) -> str:
    """The versions answers may name to be read under ``version``: same major, same or earlier minor."""
    major, minor, _ = semver_tuple(version)
    minors = "|".join(str(m) for m in range(minor + 1))
    return rf"^{major}\.({minors})\.[0-9]{{1,9}}$"


def _question_defs(questionnaire: Questionnaire) -> JsonObject:
    defs: JsonObject = {}
    for question in questionnaire.questions():
        level_name = f"level.{question.id}"
        defs[level_name] = _level(question)
        prompt = question.prompt.strip()
        defs[f"answer.{question.id}"] = {
            "description": prompt,
            "anyOf": [_ref(level_name), _with_level("AnswerInFull", _ref(level_name), prompt)],
        }
        dissent = _with_level("Dissent", {"anyOf": [_ref(level_name), {"type": "null"}]}, "A dissenter.")
        agreement = _with_level("Agreement", _ref(level_name), prompt)
        agreement["allOf"][1]["properties"]["dissent"] = {"items": {"anyOf": [{"type": "string"}, dissent]}}
        defs[f"agreement.{question.id}"] = agreement
    return defs


def _keyed(ids: list[str], def_prefix: str, description: str) -> JsonObject:
    """A mapping whose keys are exactly ``ids``; anything else is flagged."""
    return {
        "type": "object",
        "description": description,
        "properties": {i: _ref(f"{def_prefix}.{i}") for i in ids},
        "additionalProperties": False,
        "default": {},
    }


def answers_schema(generic: JsonObject, questionnaire: Questionnaire) -> JsonObject:
    """``generic`` (the Answers model's schema) narrowed to answers to ``questionnaire``."""
    schema = copy.deepcopy(generic)
    defs: JsonObject = schema["$defs"]
    in_full = next(choice for choice in defs["Answer"]["anyOf"] if choice.get("type") == "object")
    defs["AnswerInFull"] = in_full
    defs["Dissent"] = {"anyOf": [{"type": "string", "description": "The dissenter's name alone."}, defs["Dissent"]]}
    defs["Unit"] = {"anyOf": [{"type": "string", "description": "The unit's name alone."}, defs["Unit"]]}
    defs.update(_question_defs(questionnaire))
    ids = sorted(q.id for q in questionnaire.questions())
    respondent = defs["Respondent"]["properties"]
    respondent["answers"] = _keyed(ids, "answer", f"Answers by question id of {questionnaire.id!r}.")
    properties = schema["properties"]
    properties["consensus"] = _keyed(ids, "agreement", "The levels a workshop agreed, by question id.")
    properties["targets"] = {
        "type": "object",
        "description": "Target scores by dimension id.",
        "properties": {
            d.id: {"type": "number", "minimum": 0, "maximum": questionnaire.scale_max, "description": d.name.strip()}
            for d in sorted(questionnaire.dimensions, key=lambda d: d.id)
        },
        "additionalProperties": False,
        "default": {},
    }
    ref = defs["QuestionnaireRef"]["properties"]
    ref["id"] = {"const": questionnaire.id, "description": questionnaire.title.strip()}
    ref["version"] = {
        "type": "string",
        "pattern": _compatible_versions(questionnaire.version),
        "examples": [questionnaire.version],
        "description": f"A version this questionnaire ({questionnaire.version}) reads: same major, no later minor.",
    }
    schema["description"] = (
        f"{schema['description']} Answers to {questionnaire.id!r} {questionnaire.version}: "
        f"{questionnaire.title.strip()}."
    )
    schema["$defs"] = dict(sorted(defs.items()))
    return schema
