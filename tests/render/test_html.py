"""The HTML report: self-contained, escaped, deterministic, brandable in a sandbox."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from aiopgap.analysis.report import analyse
from aiopgap.cli import app
from aiopgap.files.documents import load_assessment
from aiopgap.render.formats import Format
from aiopgap.render.radar import radar
from aiopgap.render.report import render
from tests.conftest import EXAMPLES, example_files

runner = CliRunner()

PAYLOADS = {
    "organisation": '<script>window.pwned=true</script>Acme "Corp" & Co',
    "period": "<b>2026-Q3</b>",
    "name": "</title><script>window.pwned=true</script>",
    "role": "<svg onload=window.pwned=true>",
    "note": '<img src="https://evil.example/x.png" onerror="window.pwned=true">',
    "note2": "\"><iframe src='https://evil.example/'></iframe><style>@import url(https://evil.example/a.css)</style>",
    "initiative": "<a href='javascript:window.pwned=true'>Bot</a>",
    "owner": '" onmouseover="window.pwned=true',
}


def hostile_answers(folder: Path) -> Path:
    """An answers file for the default questionnaire whose free text is all HTML/script payloads."""
    low = {q: 0 for q in _question_ids()}
    answers: dict[str, object] = {qid: level for qid, level in low.items()}
    answers["process.pilot-to-production"] = {"level": 0, "note": PAYLOADS["note"]}
    answers["governance.decision-latency"] = {"level": 1, "note": PAYLOADS["note2"]}
    data = {
        "questionnaire": {"id": "aiopgap-default", "version": "1.0.0"},
        "organisation": PAYLOADS["organisation"],
        "period": PAYLOADS["period"],
        "targets": {"ownership": 3, "structure": 3, "governance": 3, "process": 3, "metrics": 3},
        "initiatives": [
            {
                "name": PAYLOADS["initiative"],
                "stage": "pilot",
                "owners": [PAYLOADS["owner"]],
                "horizon": "near",
                "months_in_pilot": 30,
                "note": PAYLOADS["note"],
            },
            {"name": "Plain pilot", "stage": "pilot", "horizon": "mid", "months_in_pilot": 12},
        ],
        "respondents": [{"name": PAYLOADS["name"], "role": PAYLOADS["role"], "answers": answers}],
    }
    path = folder / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _question_ids() -> list[str]:
    assessment = load_assessment(EXAMPLES / "lumen-2026-Q3.yaml")
    return [q.id for q in assessment.questionnaire.questions()]


def _html(answers: Path) -> str:
    assessment = load_assessment(answers)
    return render(analyse(assessment.questionnaire, assessment.answers), Format.html)


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_html_is_one_self_contained_file(example: Path) -> None:
    html = _html(example)
    assert html.startswith("<!DOCTYPE html>")
    assert "Content-Security-Policy" in html
    assert "default-src 'none'" in html
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html
    assert "url(" not in html
    # no attribute points anywhere: the only URL-like text is the SVG namespace
    urls = set(re.findall(r"(?:https?:)?//[\w.-]+[^\s\"'<>]*", html))
    assert urls == {"http://www.w3.org/2000/svg"}
    assert '<svg id="radar"' in html
    assert html.count('class="symptom-card') == 6
    assert "@media print" in html


def test_html_is_deterministic(tmp_path: Path) -> None:
    example = EXAMPLES / "northbank-2026-Q3.yaml"
    first, second = tmp_path / "a.html", tmp_path / "b.html"
    for out in (first, second):
        result = runner.invoke(app, ["report", str(example), "-f", "html", "-o", str(out)])
        assert result.exit_code == 0, result.output
    assert first.read_bytes() == second.read_bytes()
    assert first.read_text(encoding="utf-8") == _html(example)


def test_hostile_text_renders_inert(tmp_path: Path) -> None:
    html = _html(hostile_answers(tmp_path))
    lowered = html.lower()
    assert "<script" not in lowered
    assert "<iframe" not in lowered
    assert "<img" not in lowered
    assert "<svg onload" not in lowered
    assert "onerror=" not in lowered.replace("onerror=&#34;", "")
    assert "href='javascript" not in lowered
    assert lowered.count("<style") == 1  # ours; the note's <style>@import ...</style> is text
    assert "&lt;style&gt;@import url(https://evil.example/a.css)&lt;/style&gt;" in html
    # the text itself is still there for the reader, escaped
    assert "&lt;script&gt;window.pwned=true&lt;/script&gt;Acme &#34;Corp&#34; &amp; Co" in html
    assert "&lt;img src=&#34;https://evil.example/x.png&#34;" in html
    assert "&lt;a href=&#39;javascript:window.pwned=true&#39;&gt;Bot&lt;/a&gt;" in html
    # notes show up as evidence of a flagged symptom, escaped there too
    assert html.count("&lt;img src=") >= 2


def test_hostile_text_is_inert_in_markdown(tmp_path: Path) -> None:
    assessment = load_assessment(hostile_answers(tmp_path))
    md = render(analyse(assessment.questionnaire, assessment.answers), Format.markdown)
    assert re.findall(r"(?<!\\)<[a-z/]", md) == []  # every "<" that could open a tag is escaped
    assert r"\<script\>window.pwned=true\</script\>" in md
    assert r"\<img src=" in md


def test_radar_geometry_matches_scores_and_targets() -> None:
    assessment = load_assessment(EXAMPLES / "meridian-2026-Q3.yaml")
    report = analyse(assessment.questionnaire, assessment.answers)
    chart = radar(report)
    assert len(chart.axes) == 5
    assert chart.current is not None
    assert len(chart.current.split()) == 5
    assert chart.target is not None
    assert len(chart.target_points) == 5
    # the first axis points straight up: its current point sits score/scale_max of the radius above the centre
    ownership = report.dimensions[0]
    point = chart.current_points[0]
    assert ownership.score is not None
    assert point.x == pytest.approx(chart.centre_x)
    assert chart.centre_y - point.y == pytest.approx(chart.radius * ownership.score / report.scale_max, abs=0.1)


def test_radar_without_full_targets_has_no_target_polygon(mini_answers: Path, mini_questionnaire: Path) -> None:
    assessment = load_assessment(mini_answers, mini_questionnaire)
    report = analyse(assessment.questionnaire, assessment.answers)
    partial = report.model_copy(
        update={"dimensions": (report.dimensions[0].model_copy(update={"target": None}), *report.dimensions[1:])}
    )
    chart = radar(partial)
    assert chart.target is None
    assert len(chart.target_points) == len(partial.dimensions) - 1


def test_template_dir_brands_the_report_and_is_autoescaped(tmp_path: Path) -> None:
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "report.html.j2").write_text(
        "<h1>Consultancy X for {{ report.organisation }}</h1>{{ report.symptoms | length }} symptoms\n",
        encoding="utf-8",
    )
    answers = hostile_answers(tmp_path)
    result = runner.invoke(app, ["report", str(answers), "-f", "html", "--template-dir", str(templates)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<h1>Consultancy X for &lt;script&gt;")
    assert "6 symptoms" in result.stdout


def test_template_error_is_located(tmp_path: Path) -> None:
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "report.html.j2").write_text("<p>ok</p>\n<p>{% for x in %}</p>\n", encoding="utf-8")
    result = runner.invoke(
        app, ["report", str(EXAMPLES / "lumen-2026-Q3.yaml"), "-f", "html", "--template-dir", str(templates)]
    )
    assert result.exit_code == 2
    assert "report.html.j2:2" in result.stderr
    assert "syntax error" in result.stderr
    assert "Traceback" not in result.stderr


def test_template_cannot_escape_the_sandbox(tmp_path: Path) -> None:
    templates = tmp_path / "brand"
    templates.mkdir()
    (templates / "report.html.j2").write_text("{{ report.__class__.__mro__[1].__subclasses__() }}\n", encoding="utf-8")
    result = runner.invoke(
        app, ["report", str(EXAMPLES / "lumen-2026-Q3.yaml"), "-f", "html", "--template-dir", str(templates)]
    )
    assert result.exit_code == 2
    assert "report.html.j2" in result.stderr
    assert "unsafe" in result.stderr or "template error" in result.stderr
    assert "Traceback" not in result.stderr
