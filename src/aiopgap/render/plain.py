"""The render boundary: reports, diffs and trends as plain data, and the size they may reach.

Templates (ours and a consultancy's under ``--template-dir``) never see our model objects: a pydantic
model carries methods such as ``parse_raw`` and ``model_validate_json`` that a template could reach
and that are not safe to call. :func:`plain` turns every model, dataclass, tuple and mapping into
:class:`Record` mappings, tuples, and ``str``/``int``/``float``/``bool``/``None``, and nothing else
gets through. The same walk measures the text a document holds, so that no renderer (JSON, HTML,
Markdown, terminal) starts on a document whose text alone is over :data:`MAX_TEXT`.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from aiopgap.model.errors import AiopgapError, ExitCode, InputError, Location, Problem

MAX_TEXT = 50_000_000
"""Characters of text in one document, and of one rendered output: 50 MB of ASCII, more than any
real assessment (the largest bundled example renders to under 200 kB)."""


class RenderLimit(AiopgapError):
    """Rendering went over a limit (output size, operations, time): the input is too large or runs away.

    Commands name the file that caused it; templates name the template line.
    """

    exit_code = ExitCode.BAD_INPUT


class Record(dict[Any, Any]):
    """A read-only view of one model as a mapping; fields can also be read as attributes.

    Templates read ``record.field`` (the sandbox looks keys up before methods, so a field called
    ``items`` is the field); Python helpers written for the models read the same attributes.
    """

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setitem__(self, key: Any, value: Any) -> None:
        raise TypeError("a Record is read-only")

    def __delitem__(self, key: Any) -> None:
        raise TypeError("a Record is read-only")


def _properties(cls: type) -> list[str]:
    """Read-only properties our own models define (``Diff.changed_questions``): plain data too."""
    names: list[str] = []
    for klass in cls.__mro__:
        if klass in (BaseModel, object) or klass.__module__.startswith("pydantic"):
            continue
        names.extend(n for n, v in vars(klass).items() if isinstance(v, property) and not n.startswith("_"))
    return sorted(set(names))


_NAMES: dict[type, list[str]] = {}


def _names(cls: type[BaseModel]) -> list[str]:
    """What a template sees of a model: its fields, computed fields and public properties."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = [*cls.model_fields, *cls.model_computed_fields, *_properties(cls)]
    return names


class _Walk:
    def __init__(self, limit: int) -> None:
        self.text = 0
        self.limit = limit

    def count(self, size: int) -> None:
        self.text += size
        if self.text > self.limit:
            raise RenderLimit(
                f"the document holds more than {self.limit:,} characters of text (YAML aliases repeating a long"
                " text can do this); it is too large to render"
            )

    def convert(self, value: Any) -> Any:
        kind = type(value)
        if kind is str:  # the commonest by far: checked first, counted inline
            self.text += len(value)
            if self.text > self.limit:
                self.count(0)
            return value
        if value is None or kind in (bool, int, float):
            return value
        convert = self.convert
        if isinstance(value, BaseModel):
            names = _names(kind)
            self.count(len(names))
            return Record({name: convert(getattr(value, name)) for name in names})
        if isinstance(value, list | tuple):
            self.count(len(value))
            return tuple([convert(v) for v in value])
        if isinstance(value, str):
            self.count(len(value))
            return str.__str__(value)
        if isinstance(value, enum.Enum):
            return convert(value.value)
        if isinstance(value, bool | int):
            return int(value)
        if isinstance(value, float):
            return float(value)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            fields = dataclasses.fields(value)
            self.count(len(fields))
            return Record({f.name: convert(getattr(value, f.name)) for f in fields})
        if isinstance(value, Mapping):
            self.count(len(value))
            return Record({convert(k): convert(v) for k, v in value.items()})
        if isinstance(value, set | frozenset):
            items = sorted(value)
            self.count(len(items))
            return tuple([convert(v) for v in items])
        raise TypeError(f"{type(value).__name__} is not plain data and cannot be given to a template")


def plain(value: Any, limit: int | None = None) -> Any:
    """``value`` as plain data: Records, tuples, str, int, float, bool and None.

    Raises :class:`RenderLimit` when the text in it (counting every repetition) exceeds ``limit``
    (default :data:`MAX_TEXT`).
    """
    return _Walk(MAX_TEXT if limit is None else limit).convert(value)


def check_size(value: Any, limit: int | None = None) -> None:
    """Raise :class:`RenderLimit` when ``value`` holds more than ``limit`` characters of text.

    The text is counted as :func:`plain` counts it (every string's length, and a model's, mapping's or
    sequence's number of entries), so the two refuse the same documents; nothing is built while counting,
    which makes the check a fraction of a conversion (a trend checks every period it keeps).
    """
    walk = _Walk(MAX_TEXT if limit is None else limit)
    pending = [value]
    push, pop, scalars = pending.extend, pending.pop, (bool, int, float, type(None))
    while pending:
        item = pop()
        kind = type(item)
        if kind is str:
            walk.text += len(item)
        elif kind in scalars:
            continue
        elif isinstance(item, BaseModel):
            names = _names(kind)
            walk.text += len(names)
            push([getattr(item, name) for name in names])
        elif isinstance(item, list | tuple | set | frozenset):
            walk.text += len(item)
            push(item)
        else:  # the rarer kinds, one level at a time, exactly as plain() takes them
            push(_parts(walk, item))
        if walk.text > walk.limit:
            walk.count(0)


def _parts(walk: _Walk, value: Any) -> list[Any]:
    """What :func:`check_size` goes on to count inside a value of a rarer kind (already counted itself)."""
    if isinstance(value, str):
        walk.count(len(value))
        return []
    if isinstance(value, enum.Enum):
        return [value.value]
    if isinstance(value, bool | int | float):
        return []
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        walk.count(len(fields))
        return [getattr(value, f.name) for f in fields]
    if isinstance(value, Mapping):
        walk.count(len(value))
        return [*value.keys(), *value.values()]
    raise TypeError(f"{type(value).__name__} is not plain data and cannot be given to a template")


def check_input_size(file: object, value: Any) -> None:
    """:func:`check_size` for a document read from ``file``: the problem is located at that file."""
    try:
        check_size(value)
    except RenderLimit as exc:
        raise InputError([Problem(Location(str(file)), str(exc))]) from None
