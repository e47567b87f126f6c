"""``aiopgap schema``: JSON Schema for answers files, questionnaires and JSON reports."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from aiopgap.commands._output import write
from aiopgap.model.errors import ExitCode
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


def run(kind: SchemaKind, output: Path | None) -> int:
    if output is not None:
        from aiopgap.files.destinations import check_outputs

        check_outputs([output], [])  # no inputs, but never over a bundled questionnaire or template
    write(schema_text(kind), output)
    return ExitCode.OK
