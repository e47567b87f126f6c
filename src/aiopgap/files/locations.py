"""Where in an answers file a thing is: each respondent's answer to a question, an agreed level, an initiative.

The answers file was read by :mod:`aiopgap.files.yaml_reader`, whose :class:`Document` keeps every
value's line and column; this module turns "question X" or "initiative Y" into those locations, so a
gate in a JSON verdict, a SARIF result or a CI annotation points at the line a reader would edit.
"""

from __future__ import annotations

from typing import Any

from aiopgap.files.yaml_reader import Document
from aiopgap.model.base import FieldPath
from aiopgap.model.errors import Location


def _level(value: Any) -> float:
    """An answer's level for ordering (lowest first); n/a and anything unreadable last."""
    level = value.get("level") if isinstance(value, dict) else value
    if isinstance(level, int | float) and not isinstance(level, bool):
        return float(level)
    return float("inf")


def _respondents(data: Any) -> list[Any]:
    found = data.get("respondents") if isinstance(data, dict) else None
    return list(found) if isinstance(found, list) else []


def answer_paths(doc: Document, question_id: str) -> list[FieldPath]:
    """The answers to ``question_id``: the agreed level first, then each respondent's, lowest level first."""
    data = doc.data
    paths: list[FieldPath] = []
    consensus = data.get("consensus") if isinstance(data, dict) else None
    if isinstance(consensus, dict) and question_id in consensus:
        paths.append(("consensus", question_id))
    given: list[tuple[float, int, FieldPath]] = []
    for index, respondent in enumerate(_respondents(data)):
        answers = respondent.get("answers") if isinstance(respondent, dict) else None
        if isinstance(answers, dict) and question_id in answers:
            given.append((_level(answers[question_id]), index, ("respondents", index, "answers", question_id)))
    paths.extend(path for _, _, path in sorted(given, key=lambda item: (item[0], item[1])))
    return paths


def initiative_paths(doc: Document, names: tuple[str, ...]) -> list[FieldPath]:
    """The initiatives named (in the order named); the inventory itself when none is found by name."""
    data = doc.data
    listed = data.get("initiatives") if isinstance(data, dict) else None
    if not isinstance(listed, list):
        return []
    index = {item.get("name"): i for i, item in enumerate(listed) if isinstance(item, dict)}
    paths: list[FieldPath] = [("initiatives", index[name]) for name in names if name in index]
    return paths or [("initiatives",)]


def drivers(doc: Document, questions: tuple[str, ...], initiatives: tuple[str, ...]) -> list[Location]:
    """Every location of the answers to ``questions`` (in their order), then of the ``initiatives``."""
    paths = [path for question in questions for path in answer_paths(doc, question)]
    if initiatives:
        paths.extend(initiative_paths(doc, initiatives))
    seen: dict[FieldPath, None] = dict.fromkeys(paths)
    return [doc.locate(path) for path in seen]
