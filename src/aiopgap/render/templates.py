"""The Jinja environment reports render in.

Templates run in a :class:`~jinja2.sandbox.SandboxedEnvironment`, so a
consultancy's own templates (``--template-dir``) cannot reach Python
internals; template errors become located :class:`InputError` problems.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from aiopgap import resources
from aiopgap.errors import InputError, Location, Problem

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md_escape(value: Any) -> str:
    """Make user text inert in Markdown: escape markup, keep it on one line."""
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;")
    return " ".join(text.split())


def fmt_score(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def fmt_percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def fmt_gap(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:+.1f}" if abs(value) >= 0.05 else "0.0"


def text_bar(value: float | None, maximum: float, width: int = 20) -> str:
    if value is None:
        return "·" * width
    filled = round(width * max(0.0, min(value, maximum)) / maximum)
    return "█" * filled + "░" * (width - filled)


def environment(template_dir: Path | None = None) -> SandboxedEnvironment:
    search = [str(template_dir)] if template_dir is not None else []
    search.append(str(resources.templates_dir()))
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader(search),
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2", "htm.j2", "xml.j2"), default=False
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_escape, score=fmt_score, percent=fmt_percent, gap=fmt_gap, bar=text_bar)
    return env


def render_template(name: str, template_dir: Path | None = None, **context: Any) -> str:
    env = environment(template_dir)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except jinja2.TemplateNotFound as exc:
        where = template_dir or resources.templates_dir()
        raise InputError([Problem(Location(str(where)), f"template {exc.name!r} not found")]) from None
    except jinja2.TemplateSyntaxError as exc:
        file = exc.filename or exc.name or name
        raise InputError([Problem(Location(file, exc.lineno), f"template syntax error: {exc.message}")]) from None
    except jinja2.exceptions.SecurityError as exc:
        raise InputError([Problem(Location(name), f"template tried an unsafe operation: {exc}")]) from None
    except jinja2.TemplateError as exc:
        line = _template_line(exc)
        raise InputError([Problem(Location(name, line), f"template error: {exc}")]) from None


def _template_line(exc: BaseException) -> int | None:
    tb = exc.__traceback__
    line = None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename.endswith((".j2", ".jinja", ".html", ".md")):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
