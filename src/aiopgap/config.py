"""Gate settings committed beside the answers: ``aiopgap.toml`` or ``[tool.aiopgap]`` in pyproject.toml.

Example ``aiopgap.toml``::

    min-overall = "Defined"          # a maturity level name, or a number such as 2.0
    fail-on-symptom = ["vendor-driven-strategy"]   # or "any"
    baseline = "assessments/2026-Q2.yaml"
    tolerance = 0.25

    [min]
    governance = 2.5
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aiopgap.errors import InputError, Location, Problem

CONFIG_NAME = "aiopgap.toml"


class GateConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    min_overall: str | float | None = Field(default=None, alias="min-overall")
    min: dict[str, str | float] = {}
    fail_on_symptom: list[str] | str | None = Field(default=None, alias="fail-on-symptom")
    baseline: str | None = None
    tolerance: Annotated[float, Field(ge=0)] | None = None


class LoadedConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    gates: GateConfig


def find_config(start: Path) -> Path | None:
    """The nearest ``aiopgap.toml``, or pyproject.toml with ``[tool.aiopgap]``, from ``start`` upwards."""
    folder = start.resolve()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and "[tool.aiopgap" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def load_config(path: Path) -> LoadedConfig:
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([Problem(Location(name), "config file not found")]) from None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(found.group(1)) if found else None
        column = int(found.group(2)) if found else None
        message = str(exc).split(" (at ")[0]
        raise InputError([Problem(Location(name, line, column), f"TOML syntax error: {message}")]) from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("aiopgap", {})
        prefix = ("tool", "aiopgap")
    try:
        gates = GateConfig.model_validate(data)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = ".".join(str(p) for p in (*prefix, *error["loc"]) if not str(p).startswith(("function", "list[")))
            message = "unknown setting" if error["type"] == "extra_forbidden" else str(error["msg"])
            problems.append(Problem(Location(name, field=field), message))
        raise InputError(problems) from None
    return LoadedConfig(path=path, gates=gates)
