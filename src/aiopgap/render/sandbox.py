"""The sandbox every report template runs in, and the budgets that bound one render.

A consultancy's own templates (``--template-dir``) are untrusted code, so every template runs in a
:class:`Sandbox` that

* gives templates **plain data** only (:func:`aiopgap.render.plain.plain`: mappings, tuples, str,
  numbers, None), and allows no attribute but a mapping's keys, a few read-only ``str`` and mapping
  methods, ``loop`` and ``namespace`` fields; nothing else can be called but the words we register
  (:mod:`aiopgap.render.vocabulary`), macros and blocks;
* bounds the work: operations (calls, attribute reads, loop steps over ``range``, filters), wall
  time, the size of every value a filter, operator or call builds.

Where templates are loaded from, and how a failure is located, is :mod:`aiopgap.render.templates`.
"""

from __future__ import annotations

import contextlib
import functools
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NoReturn

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace
from markupsafe import Markup

from aiopgap.model.text import visible
from aiopgap.render.markdown import MdText, md_escape
from aiopgap.render.plain import MAX_TEXT, Record, RenderLimit, plain

MAX_VALUE = MAX_TEXT
"""Characters (or items) of one value a template builds with a filter, an operator or a call."""
MAX_RANGE = 100_000
MAX_WIDTH = 10_000
"""Largest width, indent, precision or count a filter or format may pad to."""


# --------------------------------------------------------------------------- limits


def bounded(value: Any, what: str, most: int = MAX_WIDTH) -> int:
    """An int argument that sizes output (a width, an indent): refused beyond ``most``."""
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str):
            return value  # type: ignore[return-value]  # indent(" > "): sized by its length below
        raise TypeError(f"{what} must be a whole number, not {type(value).__name__}")
    if abs(value) > most:
        raise RenderLimit(f"{what} {value} is over the limit of {most:,}")
    return value


def _size(value: Any) -> int:
    if isinstance(value, str | list | tuple | dict | range | _Range):
        return len(value)
    return 0


def _check_value(value: Any, what: str) -> Any:
    if _size(value) > MAX_VALUE:
        raise RenderLimit(f"{what} built a value of {_size(value):,} characters or items, over the limit {MAX_VALUE:,}")
    return value


_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")


def _check_percent_format(fmt: str) -> None:
    """``%10000000000s`` would pad to 10 GB: refuse widths and precisions beyond the limit, and ``*``."""
    for width, precision in _PERCENT_SPEC.findall(fmt):
        for part in (width, precision):
            if part == "*" or (part and int(part) > MAX_WIDTH):
                raise RenderLimit(f"format width {part!r} is over the limit of {MAX_WIDTH:,}")


class _Range:
    """``range`` for templates: at most :data:`MAX_RANGE` items, each step counted against the budget."""

    __slots__ = ("_budget", "_range")

    def __init__(self, budget: Budget, *args: int) -> None:
        for a in args:
            if isinstance(a, bool) or not isinstance(a, int):
                raise TypeError(f"range() takes whole numbers, not {type(a).__name__}")
        self._range = range(*args)
        if len(self._range) > MAX_RANGE:
            raise RenderLimit(f"range of {len(self._range):,} items is over the limit of {MAX_RANGE:,}")
        self._budget = budget

    def __len__(self) -> int:
        return len(self._range)

    def __iter__(self) -> Iterator[int]:
        for i in self._range:
            self._budget.tick()
            yield i

    def __reversed__(self) -> Iterator[int]:
        for i in reversed(self._range):
            self._budget.tick()
            yield i

    def __getitem__(self, index: int) -> int:
        return self._range[index]

    def __contains__(self, item: object) -> bool:
        return item in self._range


class _BoundedNamespace(Namespace):
    """``namespace()`` whose fields cannot grow past :data:`MAX_VALUE` (``{% set ns.s = ns.s ~ ns.s %}``)."""

    def __setitem__(self, name: str, value: Any) -> None:
        _check_value(value, f"namespace field {name!r}")
        super().__setitem__(name, value)


class Budget:
    """Operations and wall time left for one render."""

    def __init__(self, operations: int, seconds: float) -> None:
        self.left = operations
        self.operations = operations
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def tick(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise RenderLimit(f"the template was stopped after {self.operations:,} operations (a runaway loop?)")
        if not self.left & 0x3FF and time.monotonic() > self.deadline:
            self.expired()

    def expired(self) -> NoReturn:
        raise RenderLimit(f"the template was stopped after {self.seconds:g} seconds (a runaway loop?)")


# --------------------------------------------------------------------------- the sandbox

_STR_METHODS = frozenset(
    {
        "capitalize", "casefold", "count", "endswith", "find", "isalnum", "isalpha", "isdigit", "islower",
        "isspace", "istitle", "isupper", "lower", "lstrip", "partition", "rfind", "rpartition", "rsplit",
        "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "upper",
    }
)  # fmt: skip
_MAPPING_METHODS = frozenset({"get", "items", "keys", "values"})
_LOOP_FIELDS = frozenset(
    {
        "index", "index0", "revindex", "revindex0", "first", "last", "length", "depth", "depth0",
        "previtem", "nextitem", "cycle", "changed",
    }
)  # fmt: skip
_PLAIN = (str, int, float, bool, type(None), tuple, list, dict)


class _Compiler(CodeGenerator):
    """Jinja's compiler, with ``a ~ b`` joined through :meth:`Sandbox.checked_concat`.

    The sandbox intercepts arithmetic operators but not ``~``, which Jinja compiles straight into a
    string join: ``{% set b = a~a~a %}`` could otherwise build a value of any size.
    """

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.checked_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class Sandbox(SandboxedEnvironment):
    """The sandbox every report template runs in; see the module docstring for what it allows."""

    intercepted_binops = frozenset({"*", "%", "**", "+", "//", "/"})
    code_generator_class = _Compiler

    def __init__(self, *, budget: Budget, markdown: bool, **options: Any) -> None:
        super().__init__(**options)
        self.budget = budget
        self.markdown = markdown
        self.callables: set[int] = set()
        self.globals.clear()
        self.register_globals(
            range=lambda *args: _Range(budget, *args),
            dict=lambda *args, **kwargs: Record(dict(*args, **kwargs)),
            namespace=_BoundedNamespace,
        )
        self.filters = {name: self.guard(name, f) for name, f in dict(self.filters).items()}
        self.tests = {name: self.guard(name, f) for name, f in dict(self.tests).items()}
        self.finalize = self._finalize_markdown if markdown else self._finalize_html

    def register_globals(self, **functions: Any) -> None:
        for name, function in functions.items():
            self.globals[name] = function
            self.callables.add(id(function))

    def register_words(self, words: Mapping[str, Callable[..., Any]]) -> None:
        """Our own words, each both a filter (``x | score(2)``) and a function (``score(x, 2)``)."""
        for name, function in words.items():
            word = self.guard(name, _plain_result(function))
            self.filters[name] = word
            self.register_globals(**{name: word})

    # -- what templates may touch

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        self.budget.tick()
        if attr.startswith("_"):
            return False
        if isinstance(obj, str):
            return attr in _STR_METHODS
        if isinstance(obj, dict):
            return attr in _MAPPING_METHODS
        if isinstance(obj, LoopContext):
            return attr in _LOOP_FIELDS
        if isinstance(obj, Namespace):
            return isinstance(value, _PLAIN)
        return False

    def is_safe_callable(self, obj: Any) -> bool:
        if isinstance(obj, jinja2.Undefined):
            return True  # calling it raises its own error: which attribute was missing or refused
        if id(obj) in self.callables or isinstance(obj, Macro | BlockReference | LoopContext):
            return True
        owner = getattr(obj, "__self__", None)
        name = getattr(obj, "__name__", "")
        if isinstance(owner, str):
            return name in _STR_METHODS
        if isinstance(owner, dict):
            return name in _MAPPING_METHODS
        if isinstance(owner, LoopContext):
            return name in {"cycle", "changed"}
        return False

    def wrap_str_format(self, value: Any) -> None:
        return None  # str.format and format_map are not allowed at all (is_safe_attribute refuses them)

    def getattr(self, obj: Any, attribute: str) -> Any:
        self.budget.tick()
        if isinstance(obj, dict) and attribute in obj:  # a field named like a dict method is the field
            return obj[attribute]
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        self.budget.tick()
        return super().getitem(obj, argument)

    def call(self, context: jinja2.runtime.Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.budget.tick()
        for value in (*args, *kwargs.values()):
            _check_value(value, "a call argument")
        result = super().call(context, obj, *args, **kwargs)
        if self.markdown and isinstance(obj, Macro | BlockReference) and isinstance(result, str):
            result = MdText(result)  # a macro's own output was escaped as it was rendered
        return _check_value(result, f"calling {getattr(obj, '__name__', 'a function')}")

    def call_binop(self, context: jinja2.runtime.Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        if operator == "**":
            if isinstance(left, int) and isinstance(right, int) and right > 0 and left.bit_length() * right > 100_000:
                raise RenderLimit(f"{left} ** {right} is too large a number")
        elif operator == "*":
            for seq, count in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(count, int) and len(seq) * count > MAX_VALUE:
                    raise RenderLimit(f"repeating {len(seq):,} characters or items {count:,} times is over the limit")
        elif operator == "%" and isinstance(left, str):
            _check_percent_format(left)
        elif operator == "+" and _size(left) + _size(right) > MAX_VALUE:
            raise RenderLimit("joining these values is over the size limit")
        return _check_value(self.binop_table[operator](left, right), f"the {operator} operator")

    def checked_concat(self, join: Callable[[Any], str], parts: tuple[Any, ...]) -> str:
        """``a ~ b ~ ...``: refused before joining when the result would pass the size limit."""
        self.budget.tick()
        if sum(_size(part) if isinstance(part, str) else len(str(part)) for part in parts) > MAX_VALUE:
            raise RenderLimit(f"joining these values with ~ is over the limit of {MAX_VALUE:,} characters")
        return join(parts)

    # -- output

    def _finalize_markdown(self, value: Any) -> str:
        self.budget.tick()
        if isinstance(value, MdText):
            return value
        return md_escape("None" if value is None else value, strip=False)

    def _finalize_html(self, value: Any) -> Any:
        self.budget.tick()
        if isinstance(value, str) and not isinstance(value, Markup):
            return visible(value)
        return value

    def guard(self, name: str, function: Any) -> Callable[..., Any]:
        check = _FILTER_CHECKS.get(name)

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.budget.tick()
            if check is not None:
                check(_filter_args(function, args), kwargs)
            return _check_value(function(*args, **kwargs), f"the {name} filter")

        return guarded


def _plain_result(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` returning plain data; text passes as it is (Markdown we wrote stays marked)."""

    @functools.wraps(function)
    def word(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        return result if isinstance(result, str) else plain(result)

    return word


def _filter_args(function: Callable[..., Any], args: tuple[Any, ...]) -> tuple[Any, ...]:
    """The filter's own arguments, without the context or environment Jinja passes first."""
    passed = getattr(function, "jinja_pass_arg", None)
    return args[1:] if passed is not None else args


def _check_indent(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    text = args[0] if args else ""
    width = kwargs.get("width", args[1] if len(args) > 1 else 4)
    if isinstance(width, str):
        lines = str(text).count("\n") + 1
        if lines * len(width) > MAX_VALUE:
            raise RenderLimit("indent would build a value over the size limit")
    else:
        bounded(width, "indent width")


def _check_positional(index: int, key: str, what: str) -> Callable[[tuple[Any, ...], dict[str, Any]], None]:
    def check(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        value = kwargs.get(key, args[index] if len(args) > index else None)
        if value is not None:
            bounded(value, what)

    return check


def _check_join(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    items, sep = (args[0] if args else ()), kwargs.get("d", args[1] if len(args) > 1 else "")
    if isinstance(sep, str) and _size(items) * len(sep) > MAX_VALUE:
        raise RenderLimit("join would build a value over the size limit")


def _check_wordwrap(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    text = str(args[0]) if args else ""
    width = kwargs.get("width", args[1] if len(args) > 1 else 79)
    if not isinstance(width, int) or isinstance(width, bool) or width < 1:
        raise RenderLimit(f"wordwrap width must be a whole number of 1 or more, not {width!r}")
    wrap = kwargs.get("wrapstring", args[3] if len(args) > 3 else None)
    if isinstance(wrap, str) and len(text) * len(wrap) > MAX_VALUE:
        raise RenderLimit("wordwrap would build a value over the size limit")


def _check_replace(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    text = str(args[0]) if args else ""
    old, new = (str(args[i]) if len(args) > i else "" for i in (1, 2))
    count = text.count(old) if old else len(text) + 1
    if len(text) + count * max(0, len(new) - len(old)) > MAX_VALUE:
        raise RenderLimit("replace would build a value over the size limit")


def _check_format(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    if args and isinstance(args[0], str):
        _check_percent_format(args[0])


_FILTER_CHECKS: dict[str, Callable[[tuple[Any, ...], dict[str, Any]], None]] = {  # filters that size output
    "center": _check_positional(1, "width", "center width"),
    "indent": _check_indent,
    "wordwrap": _check_wordwrap,
    "truncate": _check_positional(1, "length", "truncate length"),
    "format": _check_format,
    "batch": _check_positional(1, "linecount", "batch size"),
    "slice": _check_positional(1, "slices", "slice count"),
    "join": _check_join,
    "replace": _check_replace,
    "round": _check_positional(1, "precision", "round precision"),
    "filesizeformat": lambda args, kwargs: None,
}


@contextlib.contextmanager
def deadline(budget: Budget) -> Iterator[None]:
    """Stop a render at the budget's deadline even inside a loop that calls nothing (SIGALRM)."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        budget.expired()

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, budget.seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
