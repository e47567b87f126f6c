"""The layout stays readable: small modules, short functions, tests that mirror the source folders.

Limits (README, "How the code is laid out"): a module under src/aiopgap has at most MODULE_LIMIT
lines; a function or method has at most FUNCTION_LIMIT lines (from its `def` to its last line)
unless a comment starting `# long because:` sits on the line before it (or before its decorators)
or between its signature and its first statement. Every package folder under src/aiopgap has a
test folder of the same path under tests/.

The allow-lists below name today's offenders with their size when they were listed. They may only
shrink: an offender that grows fails, and one that is back within the limit fails too until its
entry is deleted, so the lists empty as the code is split.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import ROOT

SRC = ROOT / "src" / "aiopgap"
TESTS = ROOT / "tests"
MODULE_LIMIT = 400
FUNCTION_LIMIT = 60
LONG_MARKER = "# long because:"

# path under src/aiopgap -> lines when listed
LONG_MODULES: dict[str, int] = {
    "files/yaml_reader.py": 404,
    "render/sandbox.py": 417,
}

# "path under src/aiopgap::qualified name" -> lines when listed
LONG_FUNCTIONS: dict[str, int] = {}

# tests/ folders that hold tests but mirror no source folder, and why
TEST_FOLDERS_OF_THEIR_OWN: dict[str, str] = {
    "trust": "attacks on the trust boundary (hostile files, templates, output paths) across every layer",
    "machine_ci": "the editor's answers schema and the example CI workflow and pre-commit hook, run as a user would",
    "validity": "organisation profiles in prose with the symptoms an expert expects, measured through the CLI",
    "machine": "what programs read (JSON documents, SARIF logs, CI annotations) across commands, against schemas",
    "benchmarks": "the benchmark harness (benchmarks/run.py), run end to end on small inputs so it cannot rot",
}


def source_files() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def name_of(path: Path) -> str:
    return path.relative_to(SRC).as_posix()


def functions(tree: ast.AST, prefix: str = "") -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
    """Every function and method in a module, nested ones included, with its dotted qualified name."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield f"{prefix}{node.name}", node
            yield from functions(node, f"{prefix}{node.name}.")
        elif isinstance(node, ast.ClassDef):
            yield from functions(node, f"{prefix}{node.name}.")
        else:
            yield from functions(node, prefix)


def explained(lines: list[str], node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A `# long because:` comment right above the def (or its decorators), or before its first statement."""
    top = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    candidates = [lines[top - 2]] if top >= 2 else []
    candidates += lines[node.lineno - 1 : node.body[0].lineno - 1]
    return any(line.strip().startswith(LONG_MARKER) for line in candidates)


def long_modules() -> dict[str, int]:
    sizes = {name_of(path): len(path.read_text(encoding="utf-8").splitlines()) for path in source_files()}
    return {name: size for name, size in sizes.items() if size > MODULE_LIMIT}


def long_functions() -> dict[str, int]:
    found: dict[str, int] = {}
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for qualname, node in functions(ast.parse(text, filename=str(path))):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            if size > FUNCTION_LIMIT and not explained(lines, node):
                found[f"{name_of(path)}::{qualname}"] = size
    return found


def ratchet(kind: str, limit: int, found: dict[str, int], allowed: dict[str, int]) -> list[str]:
    """What breaks the allow-list: a new offender, a listed one that grew, a listed one now fixed."""
    problems = []
    for name, size in sorted(found.items()):
        if name not in allowed:
            problems.append(f"{name}: {size} lines, over the {kind} limit of {limit}")
        elif size > allowed[name]:
            problems.append(f"{name}: grew from {allowed[name]} to {size} lines (limit {limit})")
    for name in sorted(allowed.keys() - found.keys()):
        problems.append(f"{name}: within the {kind} limit now (or gone): delete its allow-list entry")
    return problems


def test_no_module_is_over_the_line_limit() -> None:
    problems = ratchet("module", MODULE_LIMIT, long_modules(), LONG_MODULES)
    assert not problems, "split the module, or update LONG_MODULES:\n" + "\n".join(problems)


def test_no_function_is_over_the_line_limit_without_a_reason() -> None:
    problems = ratchet("function", FUNCTION_LIMIT, long_functions(), LONG_FUNCTIONS)
    hint = f"split the function, say why above it with '{LONG_MARKER} ...', or update LONG_FUNCTIONS:\n"
    assert not problems, hint + "\n".join(problems)


def test_every_source_folder_has_a_mirroring_test_folder() -> None:
    packages = sorted(p.parent.relative_to(SRC) for p in SRC.rglob("__init__.py") if p.parent != SRC)
    assert packages, "no source folders found"
    missing = [f"tests/{p.as_posix()}/__init__.py" for p in packages if not (TESTS / p / "__init__.py").is_file()]
    assert not missing, "each source folder has a test folder of the same path:\n" + "\n".join(missing)


def test_every_test_folder_mirrors_a_source_folder() -> None:
    folders = sorted({p.parent.relative_to(TESTS) for p in TESTS.rglob("test_*.py")} - {Path()})
    strays = [
        f"tests/{f.as_posix()}"
        for f in folders
        if not (SRC / f).is_dir() and f.parts[0] not in TEST_FOLDERS_OF_THEIR_OWN
    ]
    assert not strays, (
        "a test folder mirrors a source folder (or TEST_FOLDERS_OF_THEIR_OWN says why not):\n" + "\n".join(strays)
    )


def test_the_checks_see_what_they_guard() -> None:
    """The function finder sees methods and nested functions, and honours the comment in both places."""
    body = "\n".join(f"x{i} = {i}" for i in range(FUNCTION_LIMIT))
    source = "\n".join(
        [
            "class A:",
            "    @staticmethod",
            "    def method():",
            textwrap.indent(body, " " * 8),
            "def outer():",
            "    def inner():",
            textwrap.indent(body, " " * 8),
            "    return inner",
            "# long because: a table",
            "def above():",
            textwrap.indent(body, " " * 4),
            "def inside(",
            "    a: int,",
            "):",
            "    # long because: a table",
            textwrap.indent(body, " " * 4),
        ]
    )
    lines = source.splitlines()
    sizes = {
        name: (node.end_lineno or 0) - node.lineno + 1
        for name, node in functions(ast.parse(source))
        if not explained(lines, node)
    }
    assert {name for name, size in sizes.items() if size > FUNCTION_LIMIT} == {"A.method", "outer", "outer.inner"}
    assert ratchet("function", 1, {"a::f": 3, "b::g": 5}, {"b::g": 4, "c::h": 9}) == [
        "a::f: 3 lines, over the function limit of 1",
        "b::g: grew from 4 to 5 lines (limit 1)",
        "c::h: within the function limit now (or gone): delete its allow-list entry",
    ]
