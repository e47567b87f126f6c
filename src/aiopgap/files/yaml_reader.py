"""Safe YAML reading that keeps where every value came from.

We compose the YAML node graph (libyaml when available) and build plain
Python values ourselves, so that:

* every mapping key and sequence item has a line and column we can point at;
* duplicate keys are refused instead of silently keeping the last one;
* tags that would construct objects (``!!python/...``, custom ``!tags``) are refused;
* alias expansion and nesting depth are bounded, so hostile files cannot
  exhaust memory or the stack;
* every scalar builds into a plain value (text, a whole number, a finite float, a bool, None)
  or becomes a located problem: nothing a file holds can raise while it is read.

Numbers follow YAML 1.1 only where it agrees with what people mean: a plain decimal (``3``, ``-1``,
``2.5``, ``1.0e+3``) is a number; the other YAML 1.1 numerals (``0x1F``, ``0o17``, ``0777``, ``0b1``,
``1_000``, sexagesimal ``1:30``, ``.inf``, ``.nan``) stay the text that was written, so a note reads
back as typed and a level or target written that way is refused where it stands.

Every user file is read by :func:`aiopgap.files.reading.read_bytes`: at most ``MAX_BYTES`` bytes,
from regular files, pipes and devices alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from aiopgap.files.reading import MAX_BYTES, display_name, position, read_text, too_large
from aiopgap.model.base import FieldPath
from aiopgap.model.errors import InputError, Location, Problem, input_error
from aiopgap.model.text import shown

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

MAX_NODES = 250_000
"""The most values a document may hold, and the most it may expand to through aliases."""
MAX_TEXT = 2 * MAX_BYTES
"""The most characters of text (keys and values) a document may expand to through aliases.

A file without aliases holds at most ``MAX_BYTES``; aliases may repeat text, but not without bound
(a 4,000-character note aliased 60,000 times would be 240 MB of report)."""
MAX_DEPTH = 64
MAX_NUMBER_CHARS = 100
"""The longest number accepted; a longer run of digits is refused rather than converted."""

_TAG = "tag:yaml.org,2002:"
_STR = f"{_TAG}str"
_INT = f"{_TAG}int"
_FLOAT = f"{_TAG}float"
_NULL = f"{_TAG}null"
_BOOL = f"{_TAG}bool"
_TIMESTAMP = f"{_TAG}timestamp"
_MAP = f"{_TAG}map"
_MERGE = f"{_TAG}merge"
_SEQ = f"{_TAG}seq"
_DECIMAL_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DECIMAL_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?\Z")
_FLOAT_TEXT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_BOOLS = {"yes": True, "no": False, "true": True, "false": False, "on": True, "off": False}
_NULLS = {"", "~", "null", "Null", "NULL"}


def tag_name(tag: str) -> str:
    """A tag as it is written in YAML: ``!!binary`` rather than ``tag:yaml.org,2002:binary``."""
    return shown("!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag)


class _TooManyValues(Exception):
    """Raised from inside the composer when a document holds more than ``MAX_NODES`` values."""


class _Loader(_BaseLoader):
    """The safe loader, with the tags of plain scalars memoised and the values counted as they are composed.

    Resolving a plain scalar's implicit tag runs regular expressions in Python for every value;
    answers files repeat the same few values (levels, keys) thousands of times. Counting stops a
    document of millions of values (a 5 MB flow list) after ``MAX_NODES`` instead of composing all of them.
    """

    nodes = 0

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        # called once per composed node (not per alias); the safe loader has no path resolvers to track
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooManyValues

    def ascend_resolver(self) -> None:
        pass

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            tag = _PLAIN_TAGS.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
                # YAML 1.1 numerals other than plain decimals stay the text that was written
                if (tag == _INT and not _DECIMAL_INT.match(value)) or (
                    tag == _FLOAT and not _DECIMAL_FLOAT.match(value)
                ):
                    tag = _STR
                if len(_PLAIN_TAGS) < _PLAIN_CACHE_LIMIT and len(value) < 64:
                    _PLAIN_TAGS[value] = tag
            return tag
        # the safe loader has no path resolvers: quoted scalars are strings, collections their defaults
        return _DEFAULT_TAGS[kind]


_Entry = tuple[Node, Node]


@dataclass
class Document:
    """Plain data parsed from one YAML file, and its node tree for locating fields.

    Positions are looked up only when a problem needs one, so valid files pay nothing for them.
    """

    file: str
    data: Any
    root: Node | None = field(default=None, repr=False)
    _keys: dict[int, tuple[dict[str, _Entry], dict[str, _Entry]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _entry(self, mapping: MappingNode, part: str | int) -> _Entry | None:
        """The (key, value) nodes of ``part`` in ``mapping``, the last one when a key repeats.

        Each mapping is indexed on its first look-up, so locating thousands of problems in a large
        mapping stays linear.
        """
        index = self._keys.get(id(mapping))
        if index is None:
            by_text: dict[str, _Entry] = {}
            by_number: dict[str, _Entry] = {}
            for key_node, value_node in mapping.value:
                if isinstance(key_node, ScalarNode):
                    text = str(key_node.value)
                    by_text[text] = by_number[text.strip()] = (key_node, value_node)
            index = self._keys[id(mapping)] = (by_text, by_number)
        if isinstance(part, bool):
            return None
        if isinstance(part, int):
            return index[1].get(str(part))
        return index[0].get(part)

    def node_at(self, path: FieldPath) -> tuple[Node | None, int]:
        """The node for the longest prefix of ``path`` that exists, and that prefix's length.

        For a mapping entry the node is its key, so messages point at the key a person wrote.
        """
        node = self.root
        found = node
        depth = 0
        for part in path:
            if isinstance(node, MappingNode):
                match = self._entry(node, part)
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
        self.nodes = 0
        self.text = 0
        self.site: Node | None = None
        """The key being built outside any alias expansion: where a budget is overrun."""
        self.seen: set[int] = set()
        self.expanding = 0
        self.failed: Node | None = None

    def fail(self, node: Node, message: str) -> InputError:
        self.failed = node
        mark = node.start_mark
        return input_error(self.file, message, mark.line + 1, mark.column + 1)

    def scalar(self, node: ScalarNode) -> Any:
        tag = node.tag
        value: str = node.value
        self.text += len(value)
        if self.text > MAX_TEXT:
            raise self.fail(
                self.site or node,
                f"document expands to more than {MAX_TEXT:,} characters of text (aliases repeating text?); "
                "refusing to read it",
            )
        if tag in (_STR, _TIMESTAMP):  # dates stay the text the user wrote
            return value
        if tag == _INT:
            if value.isascii() and value.isdigit() and (value[0] != "0" or value == "0") and len(value) <= 18:
                return int(value)  # the common case, without a regular expression
            return self._int(node, value)
        if tag == _FLOAT:
            return self._float(node, value)
        if tag == _BOOL:
            truth = _BOOLS.get(value.lower())
            if truth is None:
                raise self.fail(node, f"{shown(value)} is not true or false (tag !!bool)")
            return truth
        if tag == _NULL:
            if value not in _NULLS:
                raise self.fail(node, f"a null (tag !!null) cannot have a value, found {shown(value)}")
            return None
        raise self.fail(node, f"YAML tag {tag_name(tag)} is not allowed here")

    def _int(self, node: ScalarNode, value: str) -> int:
        if not _DECIMAL_INT.match(value):
            raise self.fail(
                node, f"{shown(value)} is not a whole number written in decimal without leading zeros (tag !!int)"
            )
        if len(value) > MAX_NUMBER_CHARS:
            raise self.fail(node, f"number of {len(value):,} digits is too long (at most {MAX_NUMBER_CHARS})")
        return int(value)

    def _float(self, node: ScalarNode, value: str) -> float:
        if not _FLOAT_TEXT.match(value):
            raise self.fail(node, f"{shown(value)} is not a decimal number (tag !!float)")
        if len(value) > MAX_NUMBER_CHARS:
            raise self.fail(node, f"number of {len(value):,} characters is too long (at most {MAX_NUMBER_CHARS})")
        number = float(value)
        if number in (float("inf"), float("-inf")):
            raise self.fail(node, f"number {shown(value)} is too large")
        return number

    def build(self, node: Node, depth: int) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise self.fail(
                self.site or node,
                f"document expands to more than {MAX_NODES:,} values (too many aliases?); refusing to read it",
            )
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if depth >= MAX_DEPTH:
            raise self.fail(node, f"document is nested more than {MAX_DEPTH} levels deep")
        # a collection met a second time is an alias being expanded: budgets are reported where it is used
        again = id(node) in self.seen
        self.seen.add(id(node))
        self.expanding += again
        try:
            return self._collection(node, depth)
        finally:
            self.expanding -= again

    def _collection(self, node: Node, depth: int) -> Any:
        if isinstance(node, MappingNode):
            if node.tag != _MAP:
                raise self.fail(node, f"YAML tag {tag_name(node.tag)} is not allowed here")
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise self.fail(key_node, "mapping keys must be plain values, not lists or mappings")
                if key_node.tag == _MERGE:
                    raise self.fail(key_node, "YAML merge keys (<<) are not supported; write the fields out")
                if not self.expanding:
                    self.site = key_node
                key = self.scalar(key_node)
                if isinstance(key, float):
                    key = key_node.value
                if key in result:
                    raise self.fail(key_node, self._duplicate(node, key_node))
                result[key] = self.build(value_node, depth + 1)
            return result
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                raise self.fail(node, f"YAML tag {tag_name(node.tag)} is not allowed here")
            return [self.build(child, depth + 1) for child in node.value]
        raise self.fail(node, "unsupported YAML node")  # pragma: no cover

    def _duplicate(self, mapping: MappingNode, key_node: ScalarNode) -> str:
        first = next(k for k, _ in mapping.value if isinstance(k, ScalarNode) and k.value == key_node.value)
        return f"duplicate key {shown(key_node.value)} (first defined on line {first.start_mark.line + 1})"


def parse_text(text: str, file: str) -> Document:
    """Parse YAML text; raise :class:`InputError` with a location on any problem."""
    if len(text) > MAX_BYTES:
        raise too_large(file)
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = exc.problem or "invalid YAML"
        if exc.context:
            what = f"{exc.context}, {what}"
        line = mark.line + 1 if mark else None
        column = mark.column + 1 if mark else None
        raise input_error(file, f"YAML syntax error: {what}", line, column) from None
    except yaml.reader.ReaderError as exc:
        # libyaml counts the position in bytes of UTF-8
        offset = len(text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "ignore"))
        line, column = position(text, offset)
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        message = f"character U+{code:04X} is not allowed in YAML ({exc.reason})"
        raise input_error(file, message, line, column) from None
    except yaml.YAMLError as exc:
        raise input_error(file, f"YAML error: {shown(str(exc), 200)}") from None
    except _TooManyValues:
        raise InputError([Problem(_stopped_at(loader, file), _too_many_values())]) from None
    except RecursionError:
        raise input_error(file, "document is nested too deeply to read") from None
    finally:
        loader.dispose()
    if root is None:
        return Document(file, None)
    builder = _Builder(file)
    try:
        data = builder.build(root, 0)
    except RecursionError:
        raise input_error(file, "document is nested too deeply to read") from None
    except InputError as exc:
        path = _path_to(root, builder.failed) if builder.failed is not None else None
        if not path:
            raise
        [problem] = exc.problems
        where = problem.location
        raise input_error(file, problem.message, where.line, where.column, format_path(path)) from None
    return Document(file, data, root)


def _path_to(root: Node, target: Node) -> FieldPath | None:
    """The field path of ``target`` (a value, or the key of a mapping entry), searching from ``root``."""
    stack: list[tuple[Node, FieldPath]] = [(root, ())]
    visited: set[int] = set()
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if id(node) in visited or len(visited) > MAX_NODES:
            continue
        visited.add(id(node))
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                key = str(key_node.value) if isinstance(key_node, ScalarNode) else "?"
                if key_node is target:
                    return (*path, key)
                stack.append((value_node, (*path, key)))
        elif isinstance(node, SequenceNode):
            stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
    return None


def _too_many_values() -> str:
    return f"document holds more than {MAX_NODES:,} values; refusing to read it"


def _stopped_at(loader: _Loader, file: str) -> Location:
    """Where the composer stopped (the next event's position), or just the file."""
    try:
        mark: Any = getattr(loader.peek_event(), "start_mark", None)
        return Location(file, mark.line + 1, mark.column + 1)
    except Exception:  # the parser's state after an interruption is its own business
        return Location(file)


def read_file(path: Path) -> Document:
    """Read and parse a YAML file; a missing or unreadable file is an :class:`InputError`."""
    return parse_text(read_text(path), display_name(path))
