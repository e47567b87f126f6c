"""``aiopgap schema``: JSON Schema for answers files, questionnaires and JSON reports."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel

from aiopgap.model.errors import ExitCode


class SchemaKind(StrEnum):
    answers = "answers"
    questionnaire = "questionnaire"
    report = "report"


def schema_text(kind: SchemaKind) -> str:
    model: type[BaseModel]
    if kind is SchemaKind.answers:
        from aiopgap.model.answers import Answers as model
    elif kind is SchemaKind.questionnaire:
        from aiopgap.model.questionnaire import Questionnaire as model
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
    text = schema_text(kind)
    if output is None:
        sys.stdout.write(text)
    else:
        from aiopgap.files.atomic import write_atomic

        write_atomic(output, text)
    return ExitCode.OK
