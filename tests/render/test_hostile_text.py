"""Hostile text in every user-written field renders inert in every HTML and Markdown output.

The payloads cover HTML/script injection, attribute breaking, javascript: and remote URLs,
Markdown links, images and table breaking, and Jinja template injection.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</style><svg onload=alert(1)>",
    "{{ 7*7 }} {{ ''.__class__.__mro__ }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "[click](javascript:alert(1)) ![pixel](http://evil.example/p.png)",
    "| broken | table |\n\n# Heading <details open>",
    "&lt;script&gt; `code` **bold** \u202eevil",
]

runner = CliRunner()


def hostile_answers(tmp_path: Path, index: int, period: str, name: str) -> Path:
    doc: dict[str, Any] = yaml.safe_load((EXAMPLES / "meridian-2026-Q3.yaml").read_text(encoding="utf-8"))
    payload = PAYLOADS[index % len(PAYLOADS)]
    doc["organisation"] = f"Org {payload}"[:500]
    doc["period"] = period
    for r, respondent in enumerate(doc["respondents"]):
        respondent["name"] = f"R{r} {PAYLOADS[(index + r) % len(PAYLOADS)]}"
        respondent["role"] = f"Role {PAYLOADS[(index + r + 1) % len(PAYLOADS)]}"
        for q, (qid, answer) in enumerate(list(respondent["answers"].items())):
            level = answer["level"] if isinstance(answer, dict) else answer
            respondent["answers"][qid] = {"level": level, "note": PAYLOADS[(index + q) % len(PAYLOADS)]}
    for i, initiative in enumerate(doc.get("initiatives", [])):
        initiative["name"] = f"Initiative {i} {PAYLOADS[(index + i) % len(PAYLOADS)]}"
        initiative["owners"] = [f"Owner {PAYLOADS[(index + i + 2) % len(PAYLOADS)]}"]
        initiative["note"] = PAYLOADS[(index + i + 3) % len(PAYLOADS)]
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def assert_inert_html(html: str) -> None:
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<img" not in lowered
    assert "<svg onload" not in lowered
    assert "<details" not in lowered
    assert not re.search(r"<[^>]*\bon(error|load)\s*=", lowered)  # no event handler inside a real tag
    assert not re.search(r"""(href|src|xlink:href)\s*=\s*["']?\s*(javascript:|https?:)""", lowered)
    assert "looplooploop" not in html  # template syntax in data is never run
    assert "&lt;class" not in lowered  # nor is attribute access on Python objects
    assert "<class" not in lowered


def assert_inert_markdown(md: str) -> None:
    for tag in ("<script", "<img", "<svg", "<details", "<style", "</style"):
        assert not re.search(r"(?<!\\)" + re.escape(tag), md.lower()), tag  # only escaped: \<script
    assert not re.search(r"(?<!\\)\]\((javascript|https?):", md)
    assert "looplooploop" not in md
    assert "<class" not in md
    # every table row keeps its header's number of cells: no pipe from user text splits a row
    lines = md.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("|") and i + 1 < len(lines) and re.match(r"^\|[-:| ]+\|$", lines[i + 1]):
            cells = len(re.findall(r"(?<!\\)\|", line))
            j = i + 2
            while j < len(lines) and lines[j].startswith("|"):
                assert len(re.findall(r"(?<!\\)\|", lines[j])) == cells, lines[j]
                j += 1
    # user text never starts a heading of its own
    assert not any(line.startswith("# Heading") for line in lines)


def invoke(*args: str | Path) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("index", range(len(PAYLOADS)))
def test_report_html_and_markdown_are_inert(index: int, tmp_path: Path) -> None:
    path = hostile_answers(tmp_path, index, f"Q {PAYLOADS[index][:30]}", "a.yaml")
    html = invoke("report", path, "-f", "html")
    assert_inert_html(html)
    assert "{{ 7*7 }}" in html  # the notes are shown as written
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    md = invoke("report", path, "-f", "markdown")
    assert_inert_markdown(md)
    assert r"\<script\>alert(1)\</script\>" in md


def test_diff_and_trend_html_and_markdown_are_inert(tmp_path: Path) -> None:
    old = hostile_answers(tmp_path, 0, "2026-Q2", "old.yaml")
    new = hostile_answers(tmp_path, 0, "2026-Q3", "new.yaml")
    text = new.read_text(encoding="utf-8").replace("level: 1", "level: 2", 5)
    new.write_text(text, encoding="utf-8")
    assert_inert_html(invoke("diff", old, new, "-f", "html"))
    assert_inert_markdown(invoke("diff", old, new, "-f", "markdown"))
    assert_inert_html(invoke("trend", old, new, "-f", "html"))
    assert_inert_markdown(invoke("trend", old, new, "-f", "markdown"))


def test_custom_template_cannot_reach_python_or_files(tmp_path: Path) -> None:
    answers = EXAMPLES / "meridian-2026-Q3.yaml"
    attempts = {
        "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "globals": "{{ self.__init__.__globals__ }}",
        "include-outside": "{% include '../../../../etc/passwd' %}",
        "include-absolute": "{% include '/etc/passwd' %}",
        "import-os": "{% import 'os' as os %}",
    }
    for name, source in attempts.items():
        folder = tmp_path / name
        folder.mkdir()
        (folder / "report.md.j2").write_text(source, encoding="utf-8")
        result = runner.invoke(app, ["report", str(answers), "-f", "markdown", "--template-dir", str(folder)])
        assert result.exit_code == 2, (name, result.stdout)
        assert "Traceback" not in result.stderr
        assert "root:" not in result.stdout  # nothing of /etc/passwd
        assert result.stderr.strip(), name
