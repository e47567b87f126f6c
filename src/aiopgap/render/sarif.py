"""SARIF 2.1.0 logs of ``check`` and ``validate``, for code scanning: each result at a line of a file.

A failed gate is one result (a failed "no symptoms" gate one per symptom it names) at the answers
that drive it, the first as its location and the rest as related locations; a passing gate gives no
result. A file ``validate`` refuses gives one result per problem. Message text is plain text (SARIF
does not render it), and the log is indented JSON with sorted rules: the same input gives the same bytes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from aiopgap import __version__
from aiopgap.model.errors import Location, Problem
from aiopgap.model.report import Report
from aiopgap.model.verdict import GateKind, GateResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"

_GATES: dict[GateKind, tuple[str, str]] = {
    "min-overall": ("The overall score is below its minimum.", "Raise the lowest answers, or lower --min-overall."),
    "min-dimension": (
        "A dimension's score is below its minimum.",
        "Raise the dimension's lowest answers, or lower its --min.",
    ),
    "min-confidence": (
        "Too little of the score rests on artifacts or observations.",
        "Record evidence for the answers (see 'Claimed versus evidenced' in the README).",
    ),
    "symptom": ("A symptom the gates watch for is flagged.", "See the symptom's evidence in aiopgap report."),
    "no-symptoms": ("A symptom is flagged.", "See the symptoms' evidence in aiopgap report."),
    "contradiction": (
        "The inventory contradicts a claimed level.",
        "Revise the claimed level or the inventory so they agree.",
    ),
    "max-evidence-age": ("Cited evidence is older than allowed.", "Renew the artifacts or observations cited."),
    "regression": ("A dimension dropped since the baseline.", "Compare the two with aiopgap diff."),
    "plan": ("A dimension is behind the plan.", "Compare with the plan in aiopgap plan."),
}
_INVALID = (
    "invalid-input",
    "A file cannot be read as a questionnaire, answers or plan file.",
    "Fix the problem at the line shown; aiopgap validate lists every problem.",
)


def artifact_uri(file: str, cwd: Path) -> str:
    """A file as SARIF names it: a relative path with forward slashes, or a file URI when outside ``cwd``."""
    path = PurePath(file)
    if path.is_absolute():
        try:
            path = Path(file).relative_to(cwd)
        except ValueError:
            return Path(file).as_uri()
    return quote(os.fsencode(path.as_posix()), safe="/")  # a name that is not UTF-8: its own bytes, escaped


def _physical(location: Location, cwd: Path) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(location.file, cwd)}}
    if location.line is not None:
        region = {"startLine": location.line}
        if location.column is not None:
            region["startColumn"] = location.column
        physical["region"] = region
    return physical


def _placed(locations: Sequence[Location], fallback: str, cwd: Path) -> dict[str, Any]:
    first, *rest = list(locations) or [Location(fallback)]
    placed: dict[str, Any] = {"locations": [{"physicalLocation": _physical(first, cwd)}]}
    if rest:
        placed["relatedLocations"] = [
            {"id": number, "physicalLocation": _physical(loc, cwd), "message": {"text": loc.field or loc.file}}
            for number, loc in enumerate(rest, start=1)
        ]
    return placed


def _rule(rule_id: str, name: str, short: str, full: str, help_text: str) -> dict[str, Any]:
    return {
        "id": rule_id,
        "name": name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": full},
        "help": {"text": help_text},
        "defaultConfiguration": {"level": "error"},
    }


def _log(rules: dict[str, dict[str, Any]], results: list[dict[str, Any]]) -> str:
    ordered = sorted(rules)
    for result in results:
        result["ruleIndex"] = ordered.index(result["ruleId"])
    driver = {
        "name": "aiopgap",
        "version": __version__,
        "rules": [rules[rule_id] for rule_id in ordered],
    }
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _gate_rule(report: Report, result: GateResult) -> tuple[str, dict[str, Any]]:
    symptom = report.symptom(result.subject) if result.kind == "symptom" and result.subject else None
    if symptom is not None:
        rule_id = f"symptom/{symptom.id}"
        short = f"Symptom flagged: {symptom.name}"
        help_text = f"{_GATES['symptom'][1]} Severity {symptom.severity}."
        return rule_id, _rule(rule_id, symptom.name, short, symptom.description, help_text)
    short, help_text = _GATES[result.kind]
    return result.kind, _rule(result.kind, result.kind, short, short, help_text)


def check_log(
    report: Report, results: Sequence[GateResult], locations: Sequence[Sequence[Location]], file: str, cwd: Path
) -> str:
    """The failed gates of ``check`` (``locations[i]`` drive ``results[i]``) as a SARIF log."""
    rules: dict[str, dict[str, Any]] = {}
    out: list[dict[str, Any]] = []
    for result, where in zip(results, locations, strict=True):
        if result.status != "fail":
            continue
        rule_id, rule = _gate_rule(report, result)
        rules[rule_id] = rule
        text = f"{result.gate} failed: required {result.requirement}; actual {result.actual}"
        entry = {"ruleId": rule_id, "level": "error", "message": {"text": text}, **_placed(where, file, cwd)}
        entry["properties"] = {"gate": result.gate, "kind": result.kind}
        out.append(entry)
    return _log(rules, out)


def validate_log(problems: Sequence[Problem], cwd: Path) -> str:
    """Every problem ``validate`` found, one result each, at its line and column."""
    rule_id, short, help_text = _INVALID
    rules = {rule_id: _rule(rule_id, rule_id, short, short, help_text)} if problems else {}
    out: list[dict[str, Any]] = []
    for problem in problems:
        where = problem.location
        text = (
            problem.message + (f" ({where.field})" if where.field else "") + (f" [{where.cell}]" if where.cell else "")
        )
        entry = {"ruleId": rule_id, "level": "error", "message": {"text": text}, **_placed([where], where.file, cwd)}
        out.append(entry)
    return _log(rules, out)
