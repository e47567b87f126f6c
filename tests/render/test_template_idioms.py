"""What a consultancy's own report template may write with ``--template-dir``: the everyday Jinja idioms
work inside the sandbox, and a wrong argument is a located error, exit 2."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.model.errors import ExitCode
from tests.conftest import EXAMPLES

ANSWERS = EXAMPLES / "meridian-2026-Q3.yaml"  # five dimensions


def render(folder: Path, source: str) -> tuple[int, str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.md.j2").write_text(source, encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(ANSWERS), "-f", "markdown", "--template-dir", str(folder)])
    return result.exit_code, result.stdout, result.stderr


def test_ranges_loop_helpers_and_mapping_methods_work_in_a_custom_template(tmp_path: Path) -> None:
    source = (
        "{% for i in range(3)|reverse %}{{ i }}{% endfor %}"
        "|{{ range(5)[2] }}|{{ 3 in range(5) }}|{{ 7 in range(5) }}"
        "|{% for d in report.dimensions %}{{ loop.cycle('a', 'b') }}{% if loop.changed(d.id) %}c{% endif %}{% endfor %}"
        "|{% for key, value in {'k': 1}.items() %}{{ key }}={{ value }}{% endfor %}"
        '|{{ "x"|indent(" > ") }}|{{ "x"|center(5)|length }}|\n'
    )
    code, stdout, stderr = render(tmp_path / "templates", source)
    assert code == ExitCode.OK, stderr
    assert stdout == "210|2|True|False|acbcacbcac|k=1|x|5|\n"


def test_a_width_that_is_not_a_whole_number_is_a_located_error(tmp_path: Path) -> None:
    code, stdout, stderr = render(tmp_path / "templates", 'before\n{{ "x"|center(2.5) }}\n')
    assert code == ExitCode.BAD_INPUT
    assert "report.md.j2:2: template error: TypeError: center width must be a whole number, not float" in stderr
    assert stdout == ""
