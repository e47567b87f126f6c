"""The JSON report: a versioned document of everything scoring computed."""

from __future__ import annotations

from pydantic import BaseModel

from aiopgap.render.plain import check_size


def render(document: BaseModel) -> str:
    """A report, diff or trend as indented JSON, refused before it is built when its text is too large."""
    check_size(document)
    return document.model_dump_json(indent=2) + "\n"
