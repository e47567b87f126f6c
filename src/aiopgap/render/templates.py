"""The template environment reports render in: where templates load from, and one render, located.

Every template (ours, and a consultancy's under ``--template-dir``) runs in the
:class:`~aiopgap.render.sandbox.Sandbox`, with the words of :mod:`aiopgap.render.vocabulary`
registered in it. This module

* loads templates (and the CSS they include) only from files whose real path is inside the template
  folder or the bundled one: a symlink pointing elsewhere is refused;
* bounds one render: operations, wall time, and the rendered output as it grows;
* turns every failure into a located problem: ``template.md.j2:12: message``, exit 2.
"""

from __future__ import annotations

import os
from collections.abc import Callable, MutableMapping
from pathlib import Path
from typing import Any

import jinja2

from aiopgap.files import resources
from aiopgap.files.reading import TooLarge, read_at_most
from aiopgap.model.errors import InputError, Location, Problem
from aiopgap.model.text import visible
from aiopgap.render.plain import MAX_TEXT, RenderLimit, plain
from aiopgap.render.precompiled import compiled, generated
from aiopgap.render.sandbox import Budget, Sandbox, deadline
from aiopgap.render.vocabulary import words

MAX_OUTPUT = MAX_TEXT
"""Characters a template may render, checked as the output grows."""
MAX_OPERATIONS = 10_000_000
"""Sandbox operations per render; the largest bundled example needs about 5,000."""
MAX_SECONDS = 10.0
"""Wall time per render; the largest bundled example takes well under a second."""
MAX_TEMPLATE_BYTES = 2_000_000


# --------------------------------------------------------------------------- loading


class _Loader(jinja2.BaseLoader):
    """Templates from the template folder first, then the bundled ones; never from outside them.

    A name resolves to the first folder that has it; its real path (symlinks followed) must lie
    inside that folder's real path, and it must be a regular UTF-8 file of reasonable size.
    """

    def __init__(self, folders: list[Path], *, bundled_only: bool = False) -> None:
        self.folders = [(folder, Path(os.path.realpath(folder))) for folder in folders]
        self.user_files: set[str] = set()
        self.first = folders[0]
        self.bundled_only = bundled_only

    def load(
        self, environment: jinja2.Environment, name: str, globals: MutableMapping[str, Any] | None = None
    ) -> jinja2.Template:
        """Jinja's load, with a bundled template's code compiled ahead of time when it fits the source."""
        source, filename, uptodate = self.get_source(environment, name)
        code = None
        if self.bundled_only and isinstance(environment, Sandbox) and environment.markdown == _is_markdown(name):
            code = compiled(name, source, filename)
        if code is None:
            code = environment.compile(source, name, filename)
        return environment.template_class.from_code(environment, code, globals or {}, uptodate)

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


# --------------------------------------------------------------------------- rendering

_MARKDOWN_SUFFIXES = (".md", ".md.j2", ".markdown", ".markdown.j2")


def _is_markdown(name: str) -> bool:
    return name.endswith(_MARKDOWN_SUFFIXES)


def environment(template_dir: Path | None = None, *, markdown: bool = False) -> Sandbox:
    folders = [template_dir] if template_dir is not None else []
    folders.append(resources.templates_dir())
    env = Sandbox(
        budget=Budget(MAX_OPERATIONS, MAX_SECONDS),
        markdown=markdown,
        loader=_Loader(folders, bundled_only=template_dir is None),
        # one choice for the whole render, whatever an included file is called: an HTML report that
        # includes a .md.j2 file still escapes every value
        autoescape=not markdown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.register_words(words())
    return env


def render_template(name: str, template_dir: Path | None = None, **data: Any) -> str:
    """Render template ``name`` with ``data`` (converted to plain data).

    Every failure becomes an :class:`InputError` at ``template:line``: a template under
    ``template_dir`` is the user's input, and so is data too large to render. An unexpected error in
    a bundled template is a bug of ours and propagates.
    """
    env = environment(template_dir, markdown=_is_markdown(name))
    loader = env.loader
    assert isinstance(loader, _Loader)
    where = str(template_dir or resources.templates_dir())
    context = {key: plain(value) for key, value in data.items()}  # RenderLimit: the caller names the input
    try:
        with deadline(env.budget):
            return _generate(env.get_template(name), name, context)
    except InputError:
        raise
    except jinja2.TemplateNotFound as exc:
        raise InputError([Problem(Location(where), f"template {exc.name!r} not found")]) from None
    except jinja2.TemplateSyntaxError as exc:
        file = exc.filename or exc.name or name
        raise InputError([Problem(Location(file, exc.lineno), f"template syntax error: {exc.message}")]) from None
    except Exception as exc:
        failure = _failure(exc, name, bool(loader.user_files))
        if failure is exc:
            raise  # only bundled templates ran: a bug of ours, reported as one
        raise failure from None


def bundled_code() -> dict[str, str]:
    """Every bundled template's code file text (:mod:`aiopgap.render.precompiled`), by template name.

    Each is compiled in the environment it renders in: a Markdown name in the Markdown one, any other
    (HTML, SVG, the CSS an HTML report includes) in the HTML one.
    """
    folder = resources.templates_dir()
    code: dict[str, str] = {}
    for path in sorted(folder.iterdir()):
        if path.is_file():
            env = environment(markdown=_is_markdown(path.name))
            code[path.name] = generated(env, path.name, path.read_text(encoding="utf-8"))
    return code


def _generate(template: jinja2.Template, name: str, context: dict[str, Any]) -> str:
    """The rendered text, stopped as soon as it grows past :data:`MAX_OUTPUT`."""
    parts: list[str] = []
    size = 0
    chunks = template.generate(**context)
    for chunk in chunks:
        size += len(chunk)
        if size > MAX_OUTPUT:
            file, line = _generator_line(chunks)
            problem = f"the output grew past {MAX_OUTPUT:,} characters; stopped"
            raise InputError([Problem(Location(file or name, line), problem)])
        parts.append(chunk)
    return "".join(parts)


def _failure(exc: Exception, name: str, user_templates: bool) -> Exception:
    """``exc`` raised while rendering, as a problem at its template line; a bug of ours as it is."""
    if isinstance(exc, jinja2.exceptions.SecurityError):
        return _located(exc, name, f"template tried an unsafe operation: {exc}")
    if isinstance(exc, RenderLimit):
        return _located(exc, name, str(exc))
    if isinstance(exc, jinja2.TemplateError):
        return _located(exc, name, f"template error: {exc}")
    if isinstance(exc, MemoryError):
        return _located(exc, name, "the template needed more memory than there is")
    if isinstance(exc, RecursionError):
        return _located(exc, name, "the template recursed too deeply (a macro calling itself?)")
    file, _ = _template_frame(exc)
    if file is None or not user_templates:
        return exc
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return _located(exc, name, f"template error: {type(exc).__name__}{': ' + detail if detail else ''}")


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
