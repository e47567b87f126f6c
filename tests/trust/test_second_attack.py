"""What a second, independent attack found after the [trust] fixes: each through the real CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES

runner = CliRunner()
LUMEN = EXAMPLES / "lumen-2026-Q3.yaml"


def invoke(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    return result.exit_code, result.stdout, result.stderr


def with_text(tmp_path: Path, organisation: str, note: str | None = None) -> Path:
    data = yaml.safe_load(LUMEN.read_text(encoding="utf-8"))
    data["organisation"] = organisation
    if note is not None:
        answers = data["respondents"][0]["answers"]
        first = next(iter(answers))
        level = answers[first]["level"] if isinstance(answers[first], dict) else answers[first]
        answers[first] = {"level": level, "note": note}
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("joined", ["a~a~a~a~a~a~a~a~a~a", "(a ~ a) ~ (a ~ a ~ a ~ a ~ a ~ a ~ a ~ a)"])
def test_tilde_cannot_build_a_value_past_the_size_limit(tmp_path: Path, joined: str) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.md.j2").write_text(
        "{% set a = 'y' * 49999999 %}{% set b = " + joined + " %}{{ b|length }}\n", encoding="utf-8"
    )
    code, out, err = invoke("report", LUMEN, "--format", "markdown", "--template-dir", folder)
    assert code == 2
    assert "report.md.j2:1:" in err
    assert "over the limit" in err
    assert out == ""


def test_an_html_template_escapes_what_an_included_markdown_template_prints(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "report.html.j2").write_text("{% include 'report.md.j2' %}", encoding="utf-8")
    answers = with_text(tmp_path, "<img src=x onerror=alert(1)>")
    code, out, _ = invoke("report", answers, "--format", "html", "--template-dir", folder)
    assert code == 0
    assert "<img" not in out
    assert "&lt;img" in out


@pytest.mark.parametrize("note", ["", " ", "\t", "\n"])
def test_merge_accepts_a_valid_file_with_a_blank_note(tmp_path: Path, note: str) -> None:
    answers = with_text(tmp_path, "Lumen Health", note=note)
    assert invoke("validate", answers)[0] == 0
    code, _, err = invoke("merge", tmp_path / "out.yaml", answers)
    assert code == 0, err
    assert (
        invoke("report", tmp_path / "out.yaml", "--format", "json")[1]
        == invoke("report", answers, "--format", "json")[1]
    )


def test_export_to_the_screen_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    answers = with_text(tmp_path, "Evil\x1b]0;PWNED\x07\x1b[2J\x9b\u202e", note="bell\x07 nel\x85 end")
    code, out, _ = invoke("export", answers)
    assert code == 0
    assert "Evil\\x1b]0;PWNED\\x07\\x1b[2J\\x9b\\u202e" in out
    assert "bell\\x07 nel\\x85 end" in out
    assert not any(ch in out for ch in "\x1b\x07\x85\x9b\u202e")


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_template_dir_that_is_not_a_folder_is_refused(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "nowhere"
    if kind == "file":
        shutil.copy(LUMEN, target)
    code, out, err = invoke("report", LUMEN, "--format", "markdown", "--template-dir", target)
    assert code == 2
    assert "--template-dir" in err  # our message, or typer's own for a file
    assert out == ""
