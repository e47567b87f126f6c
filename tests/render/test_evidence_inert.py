"""An evidence reference is user text: inert in every format, exactly as a note is.

A reference is typed by whoever ran the session (a document name, a link): it may hold a script tag,
a Markdown link to ``javascript:``, terminal escape sequences or rich markup. Each format must show it
as text, and a hostile reference must change no element of the rendered page (compared with the same
report whose reference is plain words), following tests/trust/test_output.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import FIXTURES
from tests.trust.test_output import (
    _MD,
    assert_inert_page,
    assert_no_raw_controls,
    assert_same_elements,
)

QUESTIONNAIRE = FIXTURES / "evidence-questionnaire.yaml"

HOSTILE = (
    "<script>window.pwned=true</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>"
    " \x1b]0;pwned\x07\x1b[2J \u202e [bold]big[/bold] [link=https://evil.example]click[/link] [/]"
    " | `tick` # not a heading"
)
BENIGN = "benign words"


def answers_with(folder: Path, reference: str) -> Path:
    """The evidence fixture with ``reference`` on the contradicted claim's evidence and an unverified answer's."""
    doc = yaml.safe_load((FIXTURES / "evidence-answers.yaml").read_text(encoding="utf-8"))
    ann = doc["respondents"][0]["answers"]
    ann["ownership.owner"]["evidence"][0]["reference"] = reference
    ann["metrics.override"] = {
        "level": 1,
        "note": reference,
        "evidence": [{"kind": "observed", "reference": reference}],
    }
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "answers.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=10_000), encoding="utf-8")
    return path


def report(answers: Path, fmt: str) -> str:
    result = CliRunner().invoke(
        app, ["report", str(answers), "-Q", str(QUESTIONNAIRE), "-f", fmt], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    """(hostile, benign) output per format."""
    hostile = answers_with(tmp_path_factory.mktemp("hostile"), HOSTILE)
    benign = answers_with(tmp_path_factory.mktemp("benign"), BENIGN)
    return {fmt: (report(hostile, fmt), report(benign, fmt)) for fmt in ("terminal", "markdown", "html", "json")}


def test_the_reference_reaches_every_format(outputs: dict[str, tuple[str, str]]) -> None:
    for fmt, (hostile, _) in outputs.items():
        assert "javascript:alert(1)" in hostile, fmt


def test_terminal_shows_markup_and_escapes_as_text(outputs: dict[str, tuple[str, str]]) -> None:
    text, _ = outputs["terminal"]
    assert_no_raw_controls(text, "terminal report")
    assert "\\x1b]0;pwned\\x07" in text  # the escape sequence, shown rather than obeyed
    assert "[bold]big[/bold]" in text  # rich markup printed, not applied
    assert "[link=https://evil.example]click[/link]" in text
    assert "<script>window.pwned=true</script>" in text


def test_markdown_makes_no_element_of_the_reference(outputs: dict[str, tuple[str, str]]) -> None:
    hostile, benign = outputs["markdown"]
    assert_no_raw_controls(hostile, "markdown report")
    assert_same_elements(hostile, benign, "markdown report")
    html = _MD.render(hostile)
    assert "<script" not in html
    assert "<img" not in html
    assert 'href="javascript' not in html
    assert r"\<script\>window.pwned=true\</script\>" in hostile


def test_html_escapes_the_reference_and_adds_no_element(outputs: dict[str, tuple[str, str]]) -> None:
    hostile, benign = outputs["html"]
    assert_no_raw_controls(hostile, "html report")
    assert_inert_page(hostile, benign, "html report")
    lowered = hostile.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "&lt;script&gt;window.pwned=true&lt;/script&gt;" in hostile
    assert "\\x1b]0;pwned\\x07" in hostile
    assert hostile.count("&lt;script&gt;window.pwned") >= 3  # contradiction, answers table (twice)


def test_json_keeps_the_reference_exactly_as_typed(outputs: dict[str, tuple[str, str]]) -> None:
    data = json.loads(outputs["json"][0])
    owner = next(q for d in data["dimensions"] for q in d["questions"] if q["id"] == "ownership.owner")
    assert owner["responses"][0]["evidence"][0]["reference"] == HOSTILE
