"""The Jinja environment reports render in, and the one Markdown escaper.

A consultancy's own templates (``--template-dir``) are untrusted code, so every template runs in a
:class:`Sandbox` that

* gives templates **plain data** only (:func:`aiopgap.render.plain.plain`: mappings, tuples, str,
  numbers, None), and allows no attribute but a mapping's keys, a few read-only ``str`` and mapping
  methods, ``loop`` and ``namespace`` fields; nothing else can be called but the helpers we register,
  macros and blocks;
* loads templates (and the CSS they include) only from files whose real path is inside the template
  folder or the bundled one: a symlink pointing elsewhere is refused;
* bounds the work: operations (calls, attribute reads, loop steps over ``range``, filters), wall
  time, the size of every value a filter, operator or call builds, and the rendered output;
* turns every failure into a located problem: ``template.md.j2:12: message``, exit 2.

Markdown templates escape every interpolated value through :func:`md_escape` (a ``finalize``), so
a template author cannot forget to; text our own filters produce (``|md``, ``|code``) is marked
:class:`MdText` and passes as it is.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import BlockReference, LoopContext, Macro
from jinja2.sandbox import SandboxedEnvironment
from jinja2.utils import Namespace
from markupsafe import Markup

from aiopgap.files import resources
from aiopgap.files.reading import TooLarge, read_at_most
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.text import visible
from aiopgap.render.plain import MAX_TEXT, Record, RenderLimit, plain

MAX_OUTPUT = MAX_TEXT
"""Characters a template may render, checked as the output grows."""
MAX_VALUE = MAX_TEXT
"""Characters (or items) of one value a template builds with a filter, an operator or a call."""
MAX_OPERATIONS = 10_000_000
"""Sandbox operations per render; the largest bundled example needs about 5,000."""
MAX_SECONDS = 10.0
"""Wall time per render; the largest bundled example takes well under a second."""
MAX_RANGE = 100_000
MAX_WIDTH = 10_000
"""Largest width, indent, precision or count a filter or format may pad to."""
MAX_TEMPLATE_BYTES = 2_000_000


# --------------------------------------------------------------------------- Markdown


class MdText(str):
    """Markdown we wrote or escaped ourselves: the Markdown ``finalize`` lets it through unchanged."""

    __slots__ = ()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_SPACE = re.compile(r"[ \t\n]+")
_MD_HEADING = re.compile(r"#{1,6}(?=\s|$)")
_MD_RULE = re.compile(r"[-+](?=\s|$)|-[-\s]*$|=+\s*$")  # a list item, a rule, a setext underline
_MD_ORDERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")


def _one_line(value: Any, strip: bool = True) -> str:
    text = _MD_SPACE.sub(" ", visible("" if value is None else str(value)))
    return text.strip() if strip else text


def md_escape(value: Any, strip: bool = True) -> MdText:
    """User text made inert anywhere inline in Markdown: a table cell, a list item, a heading.

    Control characters are shown as escapes, whitespace runs (newlines too) become one space so a
    table row stays one row, every character with inline meaning is backslash-escaped (``\\ ` * _
    [ ] < > | ~ $``; ``&`` becomes ``&amp;``), and a start that would open a heading, list, quote,
    rule or setext underline is escaped too. CommonMark renders the result as exactly the text.
    """
    text = _MD_SPECIAL.sub(r"\\\1", _one_line(value, strip)).replace("&", "&amp;")
    if _MD_HEADING.match(text) or _MD_RULE.match(text):
        text = "\\" + text
    else:
        text = _MD_ORDERED.sub(r"\1\\\2", text, count=1) if _MD_ORDERED.match(text) else text
    return MdText(text)


def md_code(value: Any) -> MdText:
    """User text as a Markdown code span, whatever backticks it holds.

    The fence is one backtick longer than the longest run inside; a span that starts or ends with a
    backtick is padded with a space (which CommonMark strips). A ``|`` cannot be escaped inside a code
    span that may sit in a table, so such text is escaped as plain text instead.
    """
    text = _one_line(value)
    if not text or "|" in text:
        return md_escape(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return MdText(f"{fence}{pad}{text}{pad}{fence}")


# --------------------------------------------------------------------------- formatting filters


def fmt_score(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{_width(digits, 'digits', 20)}f}"


def fmt_percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def fmt_gap(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}" if abs(value) >= 0.05 else "0.0"


def text_bar(value: float | None, maximum: float, width: int = 20) -> str:
    width = _width(width, "bar width", 1_000)
    if value is None or not math.isfinite(value) or not math.isfinite(maximum) or maximum <= 0:
        return "·" * width
    filled = round(width * max(0.0, min(value, maximum)) / maximum)
    return "█" * filled + "░" * (width - filled)


def scale_ticks(maximum: float, most: int = 10) -> list[int]:
    """Where a chart draws its scale lines from 0 to ``maximum``: every whole level, or an even step
    (2, 5, 10, 20, ...) that keeps them to at most ``most`` + 1, however large the scale."""
    if not isinstance(maximum, int) and not math.isfinite(maximum):
        return [0]
    if maximum <= 0:
        return [0]
    step = 1
    if maximum > most:
        power = 10 ** max(0, int(math.log10(maximum / most)) - 1)
        step = next(m * p for p in (power, power * 10, power * 100) for m in (1, 2, 5) if maximum // (m * p) <= most)
    return [i * step for i in range(int(maximum // step) + 1)]


# --------------------------------------------------------------------------- limits


def _width(value: Any, what: str, most: int = MAX_WIDTH) -> int:
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
_BRACE_SPEC = re.compile(r"\d{5,}")


def _check_percent_format(fmt: str) -> None:
    """``%10000000000s`` would pad to 10 GB: refuse widths and precisions beyond the limit, and ``*``."""
    for width, precision in _PERCENT_SPEC.findall(fmt):
        for part in (width, precision):
            if part == "*" or (part and int(part) > MAX_WIDTH):
                raise RenderLimit(f"format width {part!r} is over the limit of {MAX_WIDTH:,}")


class _Range:
    """``range`` for templates: at most :data:`MAX_RANGE` items, each step counted against the budget."""

    __slots__ = ("_budget", "_range")

    def __init__(self, budget: _Budget, *args: int) -> None:
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


class _Budget:
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


# --------------------------------------------------------------------------- loading


class _Loader(jinja2.BaseLoader):
    """Templates from the template folder first, then the bundled ones; never from outside them.

    A name resolves to the first folder that has it; its real path (symlinks followed) must lie
    inside that folder's real path, and it must be a regular UTF-8 file of reasonable size.
    """

    def __init__(self, folders: list[Path]) -> None:
        self.folders = [(folder, Path(os.path.realpath(folder))) for folder in folders]
        self.user_files: set[str] = set()
        self.first = folders[0]

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        pieces = jinja2.loaders.split_template_path(template)
        for index, (folder, real_folder) in enumerate(self.folders):
            path = folder.joinpath(*pieces)
            if not os.path.lexists(path):
                continue
            real = Path(os.path.realpath(path))
            if not real.is_relative_to(real_folder):
                problem = f"template {template!r} resolves outside {folder} (to {real}); refused"
                raise InputError([Problem(Location(str(path)), problem)])
            if not real.is_file():
                raise InputError([Problem(Location(str(path)), f"template {template!r} is not a regular file")])
            try:
                data = read_at_most(real, MAX_TEMPLATE_BYTES)
            except TooLarge:
                raise InputError(
                    [Problem(Location(str(path)), f"template is larger than {MAX_TEMPLATE_BYTES:,} bytes")]
                ) from None
            except OSError as exc:
                raise InputError([Problem(Location(str(path)), f"cannot read template: {exc.strerror}")]) from None
            try:
                source = data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise InputError(
                    [Problem(Location(str(path), line), f"template is not UTF-8 text (byte {data[exc.start]:#04x})")]
                ) from None
            filename = str(path)
            if index == 0 and len(self.folders) > 1:
                self.user_files.add(filename)
            return source, filename, lambda: False
        raise jinja2.TemplateNotFound(template)


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

    def __init__(self, *, budget: _Budget, markdown: bool, **options: Any) -> None:
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
        self.filters = {name: self._guard_filter(name, f) for name, f in dict(self.filters).items()}
        self.tests = {name: self._guard_filter(name, f) for name, f in dict(self.tests).items()}
        self.finalize = self._finalize_markdown if markdown else self._finalize_html

    def register_globals(self, **functions: Any) -> None:
        for name, function in functions.items():
            self.globals[name] = function
            self.callables.add(id(function))

    def register_helpers(self, helpers: Mapping[str, Callable[..., Any]]) -> dict[str, Callable[..., Any]]:
        """Our own Python helpers for templates: their results are converted to plain data too."""
        wrapped: dict[str, Callable[..., Any]] = {}
        for name, function in helpers.items():

            @functools.wraps(function)
            def helper(*args: Any, __f: Callable[..., Any] = function, **kwargs: Any) -> Any:
                return plain(__f(*args, **kwargs))

            self.callables.add(id(helper))
            wrapped[name] = helper
        return wrapped

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

    def _guard_filter(self, name: str, function: Any) -> Callable[..., Any]:
        check = _FILTER_CHECKS.get(name)

        @functools.wraps(function)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.budget.tick()
            if check is not None:
                check(_filter_args(function, args), kwargs)
            return _check_value(function(*args, **kwargs), f"the {name} filter")

        return guarded


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
        _width(width, "indent width")


def _check_positional(index: int, key: str, what: str) -> Callable[[tuple[Any, ...], dict[str, Any]], None]:
    def check(args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        value = kwargs.get(key, args[index] if len(args) > index else None)
        if value is not None:
            _width(value, what)

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


# --------------------------------------------------------------------------- rendering

_MARKDOWN_SUFFIXES = (".md", ".md.j2", ".markdown", ".markdown.j2")


def environment(template_dir: Path | None = None, *, markdown: bool = False) -> Sandbox:
    folders = [template_dir] if template_dir is not None else []
    folders.append(resources.templates_dir())
    env = Sandbox(
        budget=_Budget(MAX_OPERATIONS, MAX_SECONDS),
        markdown=markdown,
        loader=_Loader(folders),
        # one choice for the whole render, whatever an included file is called: an HTML report that
        # includes a .md.j2 file still escapes every value
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    ours: dict[str, Callable[..., Any]] = {
        "md": md_escape,
        "code": md_code,
        "score": fmt_score,
        "percent": fmt_percent,
        "gap": fmt_gap,
        "bar": text_bar,
    }
    env.filters.update({name: env._guard_filter(name, f) for name, f in ours.items()})
    return env


@contextlib.contextmanager
def _deadline(budget: _Budget) -> Iterator[None]:
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


def render_template(
    name: str,
    template_dir: Path | None = None,
    *,
    helpers: Mapping[str, Callable[..., Any]] | None = None,
    **data: Any,
) -> str:
    """Render template ``name`` with ``data`` (converted to plain data) and our ``helpers``.

    Every failure becomes an :class:`InputError` at ``template:line``: a template under
    ``template_dir`` is the user's input, and so is data too large to render. An unexpected error in
    a bundled template is a bug of ours and propagates.
    """
    env = environment(template_dir, markdown=name.endswith(_MARKDOWN_SUFFIXES))
    loader = env.loader
    assert isinstance(loader, _Loader)
    where = str(template_dir or resources.templates_dir())
    context = {key: plain(value) for key, value in data.items()}  # RenderLimit: the caller names the input
    context.update(env.register_helpers(helpers or {}))
    parts: list[str] = []
    try:
        with _deadline(env.budget):
            template = env.get_template(name)
            size = 0
            chunks = template.generate(**context)
            for chunk in chunks:
                size += len(chunk)
                if size > MAX_OUTPUT:
                    file, line = _generator_line(chunks)
                    problem = f"the output grew past {MAX_OUTPUT:,} characters; stopped"
                    raise InputError([Problem(Location(file or name, line), problem)])
                parts.append(chunk)
    except InputError:
        raise
    except jinja2.TemplateNotFound as exc:
        raise InputError([Problem(Location(where), f"template {exc.name!r} not found")]) from None
    except jinja2.TemplateSyntaxError as exc:
        file = exc.filename or exc.name or name
        raise InputError([Problem(Location(file, exc.lineno), f"template syntax error: {exc.message}")]) from None
    except jinja2.exceptions.SecurityError as exc:
        raise _located(exc, name, f"template tried an unsafe operation: {exc}") from None
    except RenderLimit as exc:
        raise _located(exc, name, str(exc)) from None
    except jinja2.TemplateError as exc:
        raise _located(exc, name, f"template error: {exc}") from None
    except MemoryError as exc:
        raise _located(exc, name, "the template needed more memory than there is") from None
    except RecursionError as exc:
        raise _located(exc, name, "the template recursed too deeply (a macro calling itself?)") from None
    except Exception as exc:
        file, _ = _template_frame(exc)
        if file is None or not loader.user_files:
            raise  # only bundled templates ran: a bug of ours, reported as one
        detail = str(exc).splitlines()[0][:200] if str(exc) else ""
        raise _located(exc, name, f"template error: {type(exc).__name__}{': ' + detail if detail else ''}") from None
    return "".join(parts)


def _generator_line(generator: Any) -> tuple[str | None, int | None]:
    """The template file and line a suspended render generator is at (the innermost include or block)."""
    found: tuple[str | None, int | None] = (None, None)
    while generator is not None:
        frame = getattr(generator, "gi_frame", None)
        template = frame.f_globals.get("__jinja_template__") if frame is not None else None
        if frame is not None and template is not None:
            found = (template.filename, template.get_corresponding_lineno(frame.f_lineno))
        generator = getattr(generator, "gi_yieldfrom", None)
    return found


def _located(exc: BaseException, name: str, message: str) -> InputError:
    file, line = _template_frame(exc)
    return InputError([Problem(Location(file or name, line), visible(message, keep_newlines=False))])


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line in ``exc``'s traceback (Jinja maps frames to template lines)."""
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if "__jinja_exception__" in tb.tb_frame.f_globals:  # a frame Jinja rewrote to a template line
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
