"""Safe YAML reading that keeps where every value came from.

We compose the YAML node graph (libyaml when available) and build plain
Python values ourselves, so that:

* every mapping key and sequence item has a line and column we can point at;
* duplicate keys are refused instead of silently keeping the last one;
* tags that would construct objects (``!!python/...``, custom ``!tags``) are refused;
* alias expansion and nesting depth are bounded, so hostile files cannot
  exhaust memory or the stack.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from aiopgap.errors import InputError, Location, Problem

try:  # libyaml is much faster; PyYAML falls back to pure Python without it
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

FieldPath = tuple[str | int, ...]

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 250_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_TAG}timestamp"
_MAP = f"{_TAG}map"
_SEQ = f"{_TAG}seq"


@dataclass
class Document:
    """Plain data parsed from one YAML file, with the position of every field."""

    file: str
    data: Any
    positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: FieldPath) -> Location:
        """The location of ``path``, or of its nearest ancestor that exists in the file."""
        probe = tuple(path)
        while probe and probe not in self.positions:
            probe = probe[:-1]
        line, column = self.positions.get(probe, (1, 1))
        return Location(self.file, line, column, format_path(path) or None)

    def problem(self, path: FieldPath, message: str) -> Problem:
        return Problem(self.locate(path), message)


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[FieldPath, tuple[int, int]] = {}
        self.nodes = 0
        self.constructor = SafeConstructor()

    def fail(self, node: Node, message: str) -> InputError:
        mark = node.start_mark
        return InputError([Problem(Location(self.file, mark.line + 1, mark.column + 1), message)])

    def build(self, node: Node, path: FieldPath, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                f"document expands to more than {MAX_NODES:,} values (too many aliases?); refusing to read it",
            )
        if depth > MAX_DEPTH:
            raise self.fail(node, f"document is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, ScalarNode):
            if node.tag == _TIMESTAMP:
                return node.value  # keep dates as the text the user wrote
            if node.tag not in _SCALAR_TAGS:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed here")
            return self.constructor.construct_object(node)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed here")
            items = []
            for index, child in enumerate(node.value):
                child_path = (*path, index)
                self.positions[child_path] = (child.start_mark.line + 1, child.start_mark.column + 1)
                items.append(self.build(child, child_path, depth + 1))
            return items
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed here")
            result: dict[Any, Any] = {}
            first_seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if key_node.tag == f"{_TAG}merge":
                    raise self.fail(key_node, "YAML merge keys (<<) are not supported; write the fields out")
                if not isinstance(key_node, ScalarNode):
                    raise self.fail(key_node, "mapping keys must be plain values, not lists or mappings")
                key = self.build(key_node, path, depth + 1)
                if isinstance(key, float):
                    key = key_node.value
                line = key_node.start_mark.line + 1
                if key in first_seen:
                    raise self.fail(
                        key_node,
                        f"duplicate key {key_node.value!r} (first defined on line {first_seen[key]})",
                    )
                first_seen[key] = line
                child_path = (*path, key)
                self.positions[child_path] = (line, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, child_path, depth + 1)
            return result
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover


def parse_text(text: str, file: str) -> Document:
    """Parse YAML text; raise :class:`InputError` with a location on any problem."""
    if len(text) > MAX_BYTES:
        raise InputError(
            [Problem(Location(file), f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; refusing to read it")]
        )
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise InputError([Problem(Location(file, line, column), f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(Location(file), f"YAML error: {exc}")]) from None
    except RecursionError:
        raise InputError([Problem(Location(file), "document is nested too deeply to read")]) from None
    if root is None:
        return Document(file, None, {})
    builder = _Builder(file)
    try:
        data = builder.build(root, (), 0)
    except RecursionError:
        raise InputError([Problem(Location(file), "document is nested too deeply to read")]) from None
    builder.positions[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    return Document(file, data, builder.positions)


def read_file(path: Path) -> Document:
    """Read and parse a YAML file; a missing or unreadable file is an :class:`InputError`."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                [Problem(Location(name), f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB; refusing to read it")]
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem(Location(name), "file not found")]) from None
    except IsADirectoryError:
        raise InputError([Problem(Location(name), "is a directory, expected a YAML file")]) from None
    except OSError as exc:
        raise InputError([Problem(Location(name), f"cannot read file: {exc.strerror}")]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(Location(name), f"file is not UTF-8 text (byte {exc.start})")]) from None
    return parse_text(text, name)
