"""``aiopgap schema``: JSON Schema for answers files, questionnaires and JSON reports."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from aiopgap.commands._output import write
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.render.formats import SchemaKind


def schema_text(kind: SchemaKind) -> str:
    model: type[BaseModel]
    if kind is SchemaKind.answers:
        from aiopgap.model.answers import Answers as model
    elif kind is SchemaKind.questionnaire:
        from aiopgap.model.questionnaire import Questionnaire as model
    elif kind is SchemaKind.verdict:
        from aiopgap.model.machine import Verdict as model
    elif kind is SchemaKind.validation:
        from aiopgap.model.machine import Validation as model
    else:
        from aiopgap.model.report import Report as model
    schema = model.model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"aiopgap-{kind.value}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def answers_schema_text(questionnaire: Path | None) -> str:
    """The answers schema narrowed to one questionnaire's ids and levels (default: the bundled one)."""
    from aiopgap.files import resources
    from aiopgap.files.documents import load_questionnaire
    from aiopgap.render.answers_schema import answers_schema

    generic = json.loads(schema_text(SchemaKind.answers))
    schema = answers_schema(generic, load_questionnaire(questionnaire or resources.default_questionnaire()))
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def run(kind: SchemaKind, output: Path | None, questionnaire: Path | None = None) -> int:
    if questionnaire is not None and kind is not SchemaKind.answers:
        raise UsageError(
            f"--questionnaire shapes only the answers schema; `schema {kind.value}` is the same for every questionnaire"
        )
    if output is not None:
        from aiopgap.files.destinations import check_outputs

        check_outputs([output], [questionnaire])  # never over the questionnaire read, a bundled one or a template
    text = answers_schema_text(questionnaire) if kind is SchemaKind.answers else schema_text(kind)
    write(text, output)
    return ExitCode.OK
