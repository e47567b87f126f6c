"""The bundled templates compiled ahead of time, so a report does not compile its template at every run.

For each bundled template, ``compiled_templates/<name>.pyj`` holds the Python code Jinja generates
for it in the very :class:`~aiopgap.render.sandbox.Sandbox` every render runs in (same compiler,
same settings), followed by one stamp line: the Jinja version and the SHA-256 of the template source
it was compiled from. Python caches its bytecode like any module's. A file is used only when its
stamp matches the template read now and the Jinja installed now; anything else (an edited template,
another Jinja, a file missing) compiles at run time exactly as before. A ``--template-dir`` never
uses these files.

Regenerate after changing a bundled template (a test fails until you do)::

    python -m aiopgap.render.precompiled
"""

from __future__ import annotations

import hashlib
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import CodeType

import jinja2

FOLDER = Path(__file__).resolve().parent / "compiled_templates"
_SUFFIX = ".pyj"  # not .py: generated code, neither linted nor imported as a module


def code_file(name: str) -> Path:
    return FOLDER.joinpath(*jinja2.loaders.split_template_path(name + _SUFFIX))


def _stamp(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()
    return f"# compiled by jinja2 {jinja2.__version__} from a template with sha256 {digest}\n"


def generated(env: jinja2.Environment, name: str, source: str) -> str:
    """The text of ``name``'s code file: Jinja's generated Python for ``source``, then its stamp."""
    code = env.compile(source, name, raw=True)
    return f"{code.rstrip()}\n{_stamp(source)}"


def compiled(name: str, source: str, filename: str) -> CodeType | None:
    """``name``'s code compiled ahead of time from exactly ``source``; None when there is none that fits.

    The code reads as if compiled from ``filename``, as Jinja's own compile would name it.
    """
    path = code_file(name)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    if not text.endswith(_stamp(source)):
        return None
    try:
        code = SourceFileLoader(name, str(path)).get_code(name)
    except (OSError, SyntaxError, ValueError):
        return None
    return _renamed(code, filename) if code is not None else None


def _renamed(code: CodeType, filename: str) -> CodeType:
    consts = tuple(_renamed(c, filename) if isinstance(c, CodeType) else c for c in code.co_consts)
    return code.replace(co_filename=filename, co_consts=consts)


def main() -> None:
    """Write every bundled template's code file (and remove those of templates that are gone)."""
    from aiopgap.render.templates import bundled_code

    FOLDER.mkdir(exist_ok=True)
    wanted = bundled_code()
    for stale in FOLDER.glob("*" + _SUFFIX):
        if stale.name[: -len(_SUFFIX)] not in wanted:
            stale.unlink()
    for name, text in wanted.items():
        path = code_file(name)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.name}")


if __name__ == "__main__":
    main()
