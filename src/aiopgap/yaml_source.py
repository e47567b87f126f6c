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
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

_PLAIN_TAGS: dict[str, str] = {}
_DEFAULT_TAGS: dict[Any, str] = {
    ScalarNode: "tag:yaml.org,2002:str",
    SequenceNode: "tag:yaml.org,2002:seq",
    MappingNode: "tag:yaml.org,2002:map",
}
_PLAIN_CACHE_LIMIT = 20_000


class _Loader(_BaseLoader):
    """The safe loader, with the tags of plain scalars memoised.

    Resolving a plain scalar's implicit tag runs regular expressions in Python for every value;
    answers files repeat the same few values (levels, keys) thousands of times.
    """

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                if len(_PLAIN_TAGS) < _PLAIN_CACHE_LIMIT and len(value) < 64:
                    _PLAIN_TAGS[value] = tag
            return tag
        # the safe loader has no path resolvers: quoted scalars are strings, collections their defaults
        return _DEFAULT_TAGS[kind]


FieldPath = tuple[str | int, ...]

MAX_BYTES = 5 * 1024 * 1024
MAX_NODES = 250_000
MAX_DEPTH = 64

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_TAG}timestamp"
_MAP = f"{_TAG}map"
_MERGE = f"{_TAG}merge"
_SEQ = f"{_TAG}seq"


@dataclass
class Document:
    """Plain data parsed from one YAML file, and its node tree for locating fields.

    Positions are looked up only when a problem needs one, so valid files pay nothing for them.
    """

    file: str
    data: Any
    root: Node | None = field(default=None, repr=False)

    def node_at(self, path: FieldPath) -> tuple[Node | None, int]:
        """The node for the longest prefix of ``path`` that exists, and that prefix's length.

        For a mapping entry the node is its key, so messages point at the key a person wrote.
        """
        node = self.root
        found = node
        depth = 0
        for part in path:
            if isinstance(node, MappingNode):
                match = None
                for key_node, value_node in node.value:
                    if isinstance(key_node, ScalarNode) and _same_key(key_node, part):
                        match = (key_node, value_node)
                if match is None:
                    break
                found, node = match
            elif isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                found = node
            else:
                break
            depth += 1
        return found, depth

    def locate(self, path: FieldPath) -> Location:
        """The location of ``path``, or of its nearest ancestor that exists in the file."""
        node, _ = self.node_at(path)
        if node is None:
            return Location(self.file, 1, 1, format_path(path) or None)
        mark = node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1, format_path(path) or None)

    def problem(self, path: FieldPath, message: str) -> Problem:
        return Problem(self.locate(path), message)


def _same_key(key_node: ScalarNode, part: str | int) -> bool:
    if isinstance(part, int) and not isinstance(part, bool):
        return str(key_node.value).strip() == str(part)
    return str(key_node.value) == part


def format_path(path: FieldPath) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


_STR = f"{_TAG}str"
_INT = f"{_TAG}int"
_NULL = f"{_TAG}null"
_BOOL = f"{_TAG}bool"


class _Builder:
    def __init__(self, file: str) -> None:
        self.file = file
        self.nodes = 0
        self.constructor = SafeConstructor()

    def fail(self, node: Node, message: str) -> InputError:
        mark = node.start_mark
        return InputError([Problem(Location(self.file, mark.line + 1, mark.column + 1), message)])

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        if tag in (_STR, _TIMESTAMP):  # dates stay the text the user wrote
            return node.value
        if tag == _INT:
            value = node.value
            if value.isascii() and value.isdigit() and (value[0] != "0" or value == "0"):
                return int(value)
        elif tag == _NULL:
            return None
        elif tag not in _SCALAR_TAGS:
            raise self.fail(node, f"YAML tag {tag!r} is not allowed here")
        return self.constructor.construct_object(node)

    def build(self, node: Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                node,
                f"document expands to more than {MAX_NODES:,} values (too many aliases?); refusing to read it",
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if depth >= MAX_DEPTH:
            raise self.fail(node, f"document is nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed here")
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise self.fail(key_node, "mapping keys must be plain values, not lists or mappings")
                if key_node.tag == _MERGE:
                    raise self.fail(key_node, "YAML merge keys (<<) are not supported; write the fields out")
                key = self.scalar(key_node)
                if isinstance(key, float):
                    key = key_node.value
                if key in result:
                    raise self.fail(key_node, self._duplicate(node, key_node, key))
                result[key] = self.build(value_node, depth + 1)
            return result
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, f"YAML tag {node.tag!r} is not allowed here")
            return [self.build(child, depth + 1) for child in node.value]
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover

    def _duplicate(self, mapping: MappingNode, key_node: ScalarNode, key: Any) -> str:
        first = next(k for k, _ in mapping.value if isinstance(k, ScalarNode) and k.value == key_node.value)
        return f"duplicate key {key_node.value!r} (first defined on line {first.start_mark.line + 1})"


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
        return Document(file, None)
    builder = _Builder(file)
    try:
        data = builder.build(root, 0)
    except RecursionError:
        raise InputError([Problem(Location(file), "document is nested too deeply to read")]) from None
    return Document(file, data, root)


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
