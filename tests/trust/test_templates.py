"""A hostile ``--template-dir``: templates are untrusted code that must never run ours, read outside
their folder, hang, exhaust memory or crash; every failure is ``template:line: message``, exit 2.

Issue 18 (trust): a template reached pydantic's ``parse_raw`` (pickle allowed) through the report
objects, followed symlinks out of its folder, and 35 render-time errors gave tracebacks.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.render import templates
from tests.conftest import EXAMPLES, examples

ANSWERS = EXAMPLES / "meridian-2026-Q3.yaml"
SERIES = EXAMPLES / "trend"
runner = CliRunner()
LOCATED = re.compile(r"^error .+\.j2(:\d+)?: \S", re.MULTILINE)


def pickle_payload(marker: Path) -> str:
    """A protocol-0 pickle that runs ``touch marker`` when loaded: what parse_raw(allow_pickle) would do."""
    return f"cos\nsystem\n(S'touch {marker}'\ntR."


def render_with(folder: Path, source: str, fmt: str = "markdown", command: str = "report") -> tuple[int, str, str]:
    name = {"markdown": f"{command}.md.j2", "html": f"{command}.html.j2"}[fmt]
    if command == "report":
        name = {"markdown": "report.md.j2", "html": "report.html.j2"}[fmt]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(source, encoding="utf-8")
    if command == "report":
        args = ["report", str(ANSWERS), "-f", fmt, "--template-dir", str(folder)]
    else:  # diff and trend take the bundled templates only through the report path; render directly
        raise AssertionError(command)
    result = runner.invoke(app, args)
    return result.exit_code, result.stdout, result.stderr


CODE_EXECUTION = {
    "parse_raw": "{{ report.parse_raw(payload, content_type='application/pickle', allow_pickle=True) }}",
    "parse_raw_nested": "{{ report.dimensions[0].parse_raw(payload, content_type='x/pickle', allow_pickle=True) }}",
    "parse_file": "{{ report.parse_file('/etc/passwd') }}",
    "model_validate_json": "{{ report.model_validate_json('{}') }}",
    "class": "{{ report.__class__ }}",
    "mro": "{{ ''.__class__.__mro__ }}",
    "subclasses": "{{ ().__class__.__base__.__subclasses__() }}",
    "globals": "{{ self.__init__.__globals__ }}",
    "format_attr": "{{ '{0.__class__}'.format(report) }}",
    "format_width": "{{ '{0:>1000000000}'.format(1) }}",
    "format_map": "{{ '{x.__class__}'.format_map({'x': report}) }}",
    "attr_filter": "{{ report | attr('parse_raw') }}",
    "attr_dunder": "{{ (report | attr('__class__')) }}",
    "map_attribute": "{{ report.dimensions | map(attribute='parse_raw') | first }}",
    "context": "{{ self._TemplateReference__context }}",
    "cycler": "{{ cycler(1, 2).next() }}",
    "joiner": "{{ joiner(',')() }}",
    "namespace_class": "{{ namespace.__init__ }}",
    "lipsum": "{{ lipsum(1000000) }}",
    "range_huge": "{{ range(10**9) | list | length }}",
    "dict_method": "{{ report.copy() }}",
    "str_encode": "{{ report.organisation.encode('utf-16') }}",
    "loop_internals": "{% for d in report.dimensions %}{{ loop._iterator }}{% endfor %}",
    "macro_internals": "{% macro m() %}{% endmacro %}{{ m._func.__globals__ }}",
}


@pytest.mark.parametrize("name", sorted(CODE_EXECUTION))
def test_template_cannot_reach_python(name: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    source = CODE_EXECUTION[name].replace("payload", repr(pickle_payload(marker)))
    code, out, err = render_with(tmp_path / "t", source)
    assert not marker.exists(), "the template ran code"
    assert code == 2, (code, out[:200], err)
    assert LOCATED.search(err), err
    assert "Traceback" not in err
    assert "internal error" not in err
    for leak in ("<class", "function", "module", "pydantic", "root:"):
        assert leak not in out


def test_pickle_through_parse_raw_runs_nothing_in_a_real_process(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    folder = tmp_path / "t"
    folder.mkdir()
    source = "{{ report.parse_raw(" + repr(pickle_payload(marker)) + ", content_type='application/pickle', "
    source += "allow_pickle=True) }}"
    (folder / "report.html.j2").write_text(source, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", str(ANSWERS), "-f", "html", "--template-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert not marker.exists()
    assert proc.returncode == 2, proc.stderr
    assert f"{folder / 'report.html.j2'}:1:" in proc.stderr


RENDER_ERRORS = {
    "division": ("{{ 1 / 0 }}", "ZeroDivisionError"),
    "floor_division": ("\n\n{{ 1 // 0 }}", ":3:"),
    "type": ("{{ 1 + 'a' }}", "TypeError"),
    "undefined": ("{{ nothing.here }}", "undefined"),
    "recursion": ("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}", "recursed"),
    "include_itself": ("{% include 'report.md.j2' %}", "recursed"),
    "range": ("{% for i in range(10**9) %}{% endfor %}", "range"),
    "range_float": ("{{ range(1.5) | list }}", "range"),
    "center": ("{{ 'x' | center(10**9) }}", "center width"),
    "format_filter": ("{{ '%10000000000s' | format(1) }}", "format width"),
    "format_star": ("{{ '%*s' | format(10**9, 1) }}", "format width"),
    "percent_operator": ("{{ '%10000000000s' % 1 }}", "format width"),
    "bar": ("{{ 1 | bar(4, 10**9) }}", "bar width"),
    "bar_zero_scale": ("{{ 1 | bar(0, 10) }}", None),
    "indent": ("{{ 'a\nb' | indent(10**9) }}", "indent width"),
    "indent_string": ("{{ ('a\n' * 100000) | indent('x' * 10000) }}", "indent"),
    "wordwrap": ("{{ 'abc' | wordwrap(0) }}", "wordwrap"),
    "wordwrap_wrapstring": ("{{ ('a ' * 100000) | wordwrap(1, true, 'x' * 100000) }}", "wordwrap"),
    "truncate": ("{{ 'x' | truncate(10**9) }}", "truncate length"),
    "string_repeat": ("{{ 'x' * 10**9 }}", "repeating"),
    "list_repeat": ("{{ ([1] * 10**9) | length }}", "repeating"),
    "power": ("{{ 10 ** (10 ** 10) }}", "too large"),
    "round": ("{{ 1.5 | round(10**9) }}", "round precision"),
    "batch": ("{{ [1] | batch(10**9, 'x') | list }}", "batch size"),
    "slice": ("{{ [1] | slice(10**9) | list }}", "slice count"),
    "join": ("{{ range(100000) | join('x' * 100000) }}", "join"),
    "replace": ("{{ ('a' * 100000) | replace('', 'b' * 1000) }}", "replace"),
    "score_digits": ("{{ 1 | score(10**9) }}", "digits"),
    "int_digits": ("{{ ('9' * 100000) | int }}", None),
    "namespace_growth": (
        "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
        "with ~ is over the limit",  # the join is refused before the namespace field could hold it
    ),
    "macro_growth": (
        "{% macro f(s, n) %}{{ f(s ~ s, n - 1) if n else s | length }}{% endmacro %}{{ f('x', 60) }}",
        "with ~ is over the limit",  # the join itself is refused now, before the macro call gets the value
    ),
    "sort_mixed": ("{{ [1, 'a'] | sort }}", "TypeError"),
    "attribute_of_int": ("{{ (1).real }}", "unsafe"),
    "bundled_template_fed_bad_data": ("{% set report = {'symptoms': 5} %}{% include 'report.md.j2' %}", "report.md.j2"),
}


@pytest.mark.parametrize("name", sorted(RENDER_ERRORS))
def test_render_time_errors_are_located(name: str, tmp_path: Path) -> None:
    source, words = RENDER_ERRORS[name]
    started = time.monotonic()
    code, out, err = render_with(tmp_path / "t", source)
    assert time.monotonic() - started < 10
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    if words is None:  # may render inertly
        assert code in (0, 2), err
        if code == 0:
            return
    assert code == 2, (code, out[:200], err)
    assert LOCATED.search(err), err
    if words:
        assert words.lower() in err.lower(), err


def test_template_that_is_not_utf8_is_located(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "report.md.j2").write_bytes(b"line one\nline \xff two {{ x }}\n")
    result = runner.invoke(app, ["report", str(ANSWERS), "-f", "markdown", "--template-dir", str(folder)])
    assert result.exit_code == 2
    assert f"{folder / 'report.md.j2'}:2: template is not UTF-8" in result.stderr


RUNAWAY = {
    "nested_ranges": "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}",
    "nested_string_loops": "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    "output_flood": "{% for a in range(100000) %}{% for b in range(1000) %}{{ 'x' * 1000 }}{% endfor %}{% endfor %}",
    "literal_flood": "{% for a in range(100000) %}{% for b in range(10000) %}" + "x" * 20 + "{% endfor %}{% endfor %}",
}


@pytest.mark.parametrize("name", sorted(RUNAWAY))
def test_runaway_template_is_stopped_with_a_location(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "MAX_SECONDS", 2.0)
    started = time.monotonic()
    code, _, err = render_with(tmp_path / "t", RUNAWAY[name])
    took = time.monotonic() - started
    assert code == 2, err
    assert LOCATED.search(err), err
    assert re.search(r"stopped|grew past", err), err
    assert took < 15, took


def test_runaway_template_is_stopped_in_a_real_process(tmp_path: Path) -> None:
    """The default limits, end to end: a loop that calls nothing is stopped by the wall-clock deadline."""
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "report.md.j2").write_text(RUNAWAY["nested_string_loops"], encoding="utf-8")
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", str(ANSWERS), "-f", "markdown", "--template-dir", str(folder)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert f"{folder / 'report.md.j2'}:1: the template was stopped after" in proc.stderr
    assert time.monotonic() - started < templates.MAX_SECONDS + 20


# --------------------------------------------------------------------------- symlinks


def _link_cases(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET {{ 6 * 7 }}", encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "report.md.j2").write_text("OUTSIDE TOP-SECRET", encoding="utf-8")
    cases: dict[str, tuple[Path, str]] = {}

    folder = tmp_path / "template-link"
    folder.mkdir()
    (folder / "report.md.j2").symlink_to(outside / "report.md.j2")
    cases["symlinked template"] = (folder, "markdown")

    folder = tmp_path / "include-link"
    folder.mkdir()
    (folder / "report.md.j2").write_text("{% include 'part.j2' %}", encoding="utf-8")
    (folder / "part.j2").symlink_to(secret)
    cases["symlinked include"] = (folder, "markdown")

    folder = tmp_path / "css-link"
    folder.mkdir()
    (folder / "report.css").symlink_to(secret)
    cases["symlinked css"] = (folder, "html")  # the bundled report.html.j2 includes report.css

    folder = tmp_path / "folder-link"
    folder.mkdir()
    (folder / "sub").symlink_to(outside, target_is_directory=True)
    (folder / "report.md.j2").write_text("{% include 'sub/report.md.j2' %}", encoding="utf-8")
    cases["symlinked sub-folder"] = (folder, "markdown")

    folder = tmp_path / "absolute-link"
    folder.mkdir()
    (folder / "report.md.j2").symlink_to("/etc/passwd")
    cases["link to a system file"] = (folder, "markdown")
    return cases


def test_symlinks_out_of_the_template_folder_are_refused(tmp_path: Path) -> None:
    for case, (folder, fmt) in _link_cases(tmp_path).items():
        result = runner.invoke(app, ["report", str(ANSWERS), "-f", fmt, "--template-dir", str(folder)])
        assert result.exit_code == 2, (case, result.stdout[:300])
        assert "resolves outside" in result.stderr, (case, result.stderr)
        assert "refused" in result.stderr, (case, result.stderr)
        assert str(folder) in result.stderr
        assert "TOP-SECRET" not in result.stdout, case
        assert "root:" not in result.stdout, case


def test_symlinks_inside_the_template_folder_still_work(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    (folder / "parts").mkdir(parents=True)
    (folder / "parts" / "body.j2").write_text("Org: {{ report.organisation }}\n", encoding="utf-8")
    (folder / "report.md.j2").symlink_to(folder / "parts" / "body.j2")
    result = runner.invoke(app, ["report", str(ANSWERS), "-f", "markdown", "--template-dir", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "Org: Meridian Retail Group\n"


def test_a_fifo_in_the_template_folder_does_not_hang(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    os.mkfifo(folder / "report.md.j2")
    result = runner.invoke(app, ["report", str(ANSWERS), "-f", "markdown", "--template-dir", str(folder)])
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr


# --------------------------------------------------------------------------- what still works


def test_inheritance_macros_and_call_blocks_render_escaped_once(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    folder.mkdir()
    (folder / "base.md.j2").write_text("{% block a %}base {{ report.organisation }}{% endblock %}", encoding="utf-8")
    (folder / "report.md.j2").write_text(
        '{% extends "base.md.j2" %}{% macro m(x) %}*{{ x }}*{% endmacro %}{% macro w() %}[{{ caller() }}]{% endmacro %}'
        '{% block a %}{{ super() }} | {{ m("<b>") }} {% call w() %}in {{ "<i>" }}{% endcall %}'
        "{% set ns = namespace(n=0) %}{% for d in report.dimensions %}{% set ns.n = ns.n + 1 %}{% endfor %} {{ ns.n }}"
        " {{ report.dimensions | map(attribute='id') | join(',') }} {{ report.organisation.split(' ')[0] | upper }}"
        "{% endblock %}",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["report", str(ANSWERS), "-f", "markdown", "--template-dir", str(folder)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == (
        r"base Meridian Retail Group | *\<b\>* [in \<i\>] 5 ownership,structure,governance,process,metrics MERIDIAN"
    )


def test_a_field_named_like_a_method_is_the_field(tmp_path: Path) -> None:
    code, out, err = render_with(
        tmp_path / "t", "{% for d in report.dimensions %}{{ d.questions | length }},{% endfor %}"
    )
    assert code == 0, err
    assert out == "7,7,7,7,7,"


# --------------------------------------------------------------------------- a hostile-template generator

ATOMS = [
    "report",
    "report.dimensions",
    "report.dimensions[0]",
    "report.organisation",
    "self",
    "loop",
    "range(10**9)",
    "range(100000)",
    "10**(10**10)",
    "'x' * 10**8",
    "[1] * 10**8",
    "'%99999999s'",
    "'{0.__class__}'",
    "namespace(s='x')",
    "lipsum",
    "cycler",
    "joiner",
    "dict(a=1)",
    "''",
    "()",
    "0",
    "none",
]
ACCESS = [
    ".__class__",
    ".__mro__",
    ".__subclasses__()",
    ".__globals__",
    ".__init__",
    ".parse_raw('x')",
    ".parse_file('/etc/passwd')",
    ".model_validate_json('{}')",
    ".model_copy()",
    ".format(report)",
    ".format_map({})",
    ".mro()",
    "._TemplateReference__context",
    ".items()",
    "[0]",
    "['__class__']",
    "|attr('__class__')",
    "|attr('parse_raw')",
    "|map(attribute='__class__')|list",
    "|center(10**9)",
    "|indent(10**9)",
    "|wordwrap(0)",
    "|truncate(10**9)",
    "|format(1)",
    "|bar(0, 10**9)",
    "|batch(10**9)|list",
    "|tojson",
    "|list",
    "|string",
    "|length",
    " * 10**9",
    " % 1",
    " / 0",
    " ~ 'x'",
    "()",
]


@st.composite
def hostile_template(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        expr = draw(st.sampled_from(ATOMS)) + "".join(draw(st.lists(st.sampled_from(ACCESS), max_size=3)))
        kind = draw(st.sampled_from(["print", "loop", "set", "macro", "nested"]))
        if kind == "print":
            parts.append("{{ " + expr + " }}")
        elif kind == "loop":
            parts.append("{% for i in " + expr + " %}{{ i }}{% endfor %}")
        elif kind == "set":
            parts.append("{% set v = " + expr + " %}{{ v }}")
        elif kind == "macro":
            parts.append("{% macro m(n) %}{{ m(n) }}" + "{{ " + expr + " }}{% endmacro %}{{ m(1) }}")
        else:
            parts.append(
                "{% for a in range(100000) %}{% for b in range(100000) %}{{ " + expr + " }}{% endfor %}{% endfor %}"
            )
    return "\n".join(parts)


@settings(
    max_examples=examples(15, 400),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(source=hostile_template(), fmt=st.sampled_from(["markdown", "html"]))
def test_generated_hostile_templates_exit_0_or_2_in_bounded_time(
    source: str, fmt: str, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(templates, "MAX_SECONDS", 2.0)
    monkeypatch.setattr(templates, "MAX_OPERATIONS", 300_000)
    folder = tmp_path_factory.mktemp("t")
    started = time.monotonic()
    code, out, err = render_with(folder, source, fmt)
    assert time.monotonic() - started < 12, source
    assert code in (0, 2), (source, err)
    assert "Traceback" not in err, (source, err)
    assert "internal error" not in err, (source, err)
    if code == 2:
        assert LOCATED.search(err), (source, err)
    for leak in ("<class", "<function", "<module", "pydantic", "root:"):
        assert leak not in out, (source, out[:300])
