"""The JSON report: a versioned document of everything scoring computed."""

from __future__ import annotations

import json

from pydantic import BaseModel
from pydantic_core import PydanticSerializationError

from aiopgap.render.plain import check_size


def render(document: BaseModel) -> str:
    """A report, diff or trend as indented JSON, refused before it is built when its text is too large.

    Text that UTF-8 cannot hold (a lone surrogate, from a YAML ``"\\udcff"`` escape) is kept as a JSON
    ``\\u`` escape, so nothing typed is lost and the document still reads back.
    """
    check_size(document)
    try:
        return document.model_dump_json(indent=2) + "\n"
    except PydanticSerializationError:
        return json.dumps(document.model_dump(mode="json"), indent=2, ensure_ascii=True) + "\n"
