"""Gate settings committed beside the answers: ``aiopgap.toml`` or ``[tool.aiopgap]`` in pyproject.toml.

Example ``aiopgap.toml``::

    min-overall = "Defined"          # a maturity level name, or a number such as 2.0
    fail-on-symptom = ["vendor-driven-strategy"]   # or "any"
    baseline = "assessments/2026-Q2.yaml"
    tolerance = 0.25
    min-confidence = "50%"           # a share from 0 to 1, or a percentage
    fail-on-contradiction = true
    max-evidence-age = 365           # days

    [min]
    governance = 2.5

The file is read like every user file (bounded, UTF-8); every problem in it (a syntax error, a setting
of the wrong type, ``nan`` or ``inf``, a negative tolerance, an unknown key) is located by file, line
where it can be found, and setting name.
"""

from __future__ import annotations

import math
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from aiopgap.files.reading import read_bytes, read_text
from aiopgap.model.errors import InputError, Location, Problem, input_error
from aiopgap.model.text import shown

CONFIG_NAME = "aiopgap.toml"


def _text_or_number(value: Any, expected: str, finite: str) -> Any:
    """A name or percentage kept as text, or a finite number; a ValueError says what was ``expected``
    (``finite`` when the number is infinite or too large)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected {expected}, got {_kind(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ValueError(f"expected {finite}, got {shown(value)}")
    return number


def _level(value: Any) -> Any:
    """A gate level: a maturity level name or a finite number (the scale is checked against the report)."""
    return _text_or_number(value, "a maturity level name or a number", "a maturity level name or a finite number")


def _symptoms(value: Any) -> Any:
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    raise ValueError(f'expected a symptom id, "any" or a list of symptom ids, got {_kind(value)}')


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {shown(value)}"


def _share(value: Any) -> Any:
    """A confidence: a percentage such as "60%" or a finite number (its range is checked with the gates)."""
    return _text_or_number(value, 'a share from 0 to 1 or a percentage such as "60%"', "a finite share from 0 to 1")


Level = Annotated[str | float, BeforeValidator(_level)]


class GateConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, allow_inf_nan=False)

    min_overall: Level | None = Field(default=None, alias="min-overall")
    min: dict[str, Level] = {}
    fail_on_symptom: Annotated[list[str] | str, BeforeValidator(_symptoms)] | None = Field(
        default=None, alias="fail-on-symptom"
    )
    baseline: str | None = None
    against_plan: str | None = Field(default=None, alias="against-plan")
    tolerance: Annotated[float, Field(ge=0)] | None = None
    min_confidence: Annotated[str | float, BeforeValidator(_share)] | None = Field(default=None, alias="min-confidence")
    fail_on_contradiction: Annotated[bool, Field(strict=True)] | None = Field(
        default=None, alias="fail-on-contradiction"
    )
    max_evidence_age: Annotated[int, Field(strict=True, ge=0)] | None = Field(default=None, alias="max-evidence-age")


class LoadedConfig(BaseModel):
    model_config = ConfigDict(frozen=True)

    path: Path
    gates: GateConfig


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a name too long for the file system, say: not a config we could read
        return False


def find_config(start: Path) -> Path | None:
    """The nearest ``aiopgap.toml``, or pyproject.toml with ``[tool.aiopgap]``, from ``start`` upwards."""
    try:
        folder = start.resolve()
    except (OSError, RuntimeError):  # a symlink loop: search from the folder as written
        folder = start.absolute()
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if _is_file(own):
            return own
        pyproject = candidate / "pyproject.toml"
        if _is_file(pyproject) and b"[tool.aiopgap" in read_bytes(pyproject, "config file", "a TOML file"):
            return pyproject
    return None


def load_config(path: Path) -> LoadedConfig:
    name = str(path)
    text = read_text(path, "config file", "a TOML file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        line = int(found.group(1)) if found else None
        column = int(found.group(2)) if found else None
        message = str(exc).split(" (at ")[0]
        raise input_error(name, f"TOML syntax error: {message}", line, column) from None
    except RecursionError:
        raise input_error(name, "TOML is nested too deeply to read") from None
    except ValueError:  # an integer too long to convert (Python's int-string limit)
        digits = re.search(r"[0-9_]{1000}", text)
        line = text.count("\n", 0, digits.start()) + 1 if digits else None
        raise input_error(name, "a number is too long to read", line) from None
    prefix: tuple[str, ...] = ()
    if path.name == "pyproject.toml":
        prefix = ("tool", "aiopgap")
        for depth in (1, 2):
            data = data.get(prefix[depth - 1], {})
            if not isinstance(data, dict):
                where = ".".join(prefix[:depth])
                line = _line_of(text, prefix[:depth])
                raise input_error(name, f"expected a table, got {_kind(data)}", line, field=where)
    try:
        gates = GateConfig.model_validate(data)
    except ValidationError as exc:
        from aiopgap.files.validation import error_message

        problems = []
        for error in exc.errors(include_url=False):
            path_parts = tuple(str(p) for p in (*prefix, *error["loc"]) if not str(p).startswith(("function", "list[")))
            message = "unknown setting" if error["type"] == "extra_forbidden" else error_message(error)
            field = ".".join(path_parts)
            problems.append(Problem(Location(name, _line_of(text, path_parts), None, field), message))
        raise InputError(problems) from None
    return LoadedConfig(path=path, gates=gates)


_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"\s*([A-Za-z0-9_.\-\"' ]+?)\s*=")


def _line_of(text: str, path: tuple[str, ...]) -> int | None:
    """The line that sets ``path`` (a table header or a key), as far as a plain reading of the TOML finds it."""
    table: tuple[str, ...] = ()
    found = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = _keys(header.group(1))
            if table == path:
                found = number
            continue
        key = _KEY.match(line)
        if key:
            full = table + _keys(key.group(1))
            if full == path[: len(full)] and full:
                found = number
    return found


def _keys(dotted: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))
