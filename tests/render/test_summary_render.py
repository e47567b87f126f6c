"""The board summary in the HTML and Markdown reports: first, in plain words, with the detail in an appendix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.model.report import Report
from aiopgap.render.formats import Format
from aiopgap.render.markdown import md_escape
from aiopgap.render.report import render
from tests.cli.test_cli import run_cli, run_process
from tests.conftest import EXAMPLES, FIXTURES
from tests.render.test_html import PAYLOADS, hostile_answers

WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"


def report_of(path: Path) -> Report:
    assessment = load_assessment(path)
    return analyse(assessment.questionnaire, assessment.answers)


@pytest.fixture(scope="module")
def workshop() -> Report:
    return report_of(WORKSHOP)


def _before_appendix(html: str) -> str:
    return html.split('<section id="appendix"', 1)[0]


def test_html_opens_with_the_summary_and_ends_with_the_appendix(workshop: Report) -> None:
    html = render(workshop, Format.html)
    order = [html.index(mark) for mark in ('id="summary"', 'id="overview"', 'id="symptoms"', 'id="appendix"')]
    assert order == sorted(order)
    summary = html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert "Orbital Insurance stands at <strong>1.23</strong> of 4, <strong>Emerging</strong>" in summary
    assert "against a target of 3.00 (Managed): <strong>1.77 short</strong> of it." in summary
    assert summary.count('class="finding"') == 3
    assert "Many pilots, few scaled products" in summary
    top = workshop.recommendations[0]
    assert top.name in summary
    assert top.actions[0] in summary  # the first move fits the workshop's level on that practice
    assert "94% of the questions were answered" in summary
    assert 'id="low-confidence"' in summary  # no example answer cites evidence


@pytest.mark.parametrize(("fmt", "mark"), [(Format.html, '<section id="appendix"'), (Format.markdown, "## Appendix")])
def test_leaders_text_names_no_question_id_and_no_rule(workshop: Report, fmt: Format, mark: str) -> None:
    head, appendix = render(workshop, fmt).split(mark, 1)
    head = re.sub(r"<[^>]*>", " ", head)  # the text a reader sees (ids stay in data attributes for tools)
    ids = [q.id for q in workshop.questions()]
    assert [qid for qid in ids if qid in head] == []
    for rule in ("rule ≤", "rule ≥", "rule \\<", "rule &lt;"):
        assert rule not in head
    assert [qid for qid in ids if qid not in appendix] == []  # every question, with its id, in the full answers


def test_nothing_is_lost_only_moved(workshop: Report) -> None:
    html = render(workshop, Format.html)
    appendix = html.split('<section id="appendix"', 1)[1]
    for symptom in workshop.symptoms:
        rules = appendix.split(f'id="rules-{symptom.id}"', 1)[1].split("</div>", 1)[0]
        for signal in symptom.signals:
            assert signal.ref in rules
    assert workshop.workshop is not None
    for gap in workshop.workshop.gaps:
        assert f'<code class="id">{gap.ref}</code>' in appendix
    for qid in workshop.workshop.unanswered:
        assert f'<code class="id">{qid}</code>' in appendix
    for rec in workshop.recommendations:
        assert all(d.question in appendix for d in rec.drivers)


def test_the_dimension_table_marks_low_coverage_and_unscored_dimensions(workshop: Report) -> None:
    first, second, *rest = workshop.dimensions
    thin = first.model_copy(update={"coverage": 0.25})
    unscored = second.model_copy(
        update={"score": None, "maturity": None, "gap": None, "evidenced_score": None, "coverage": 0.0}
    )
    report = workshop.model_copy(update={"dimensions": (thin, unscored, *rest)})
    html = render(report, Format.html)
    table = html.split('<table class="dimensions">', 1)[1].split("</table>", 1)[0]
    rows = table.split("<tr")[2:]
    assert '<span class="badge thin">low coverage</span>' in rows[0]
    assert '<td class="maturity">Emerging</td>' in rows[0]  # maturity in its own column
    assert '<td class="maturity">not scored</td>' in rows[1]
    assert '<span class="muted">not scored</span>' in rows[1]
    markdown = render(report, Format.markdown)
    assert "25% (low coverage) |" in markdown


def test_markdown_opens_with_the_summary() -> None:
    md = render(report_of(EXAMPLES / "lumen-2026-Q3.yaml"), Format.markdown)
    head = md.split("## Dimensions", 1)[0]
    assert "## Summary for the board" in head
    assert "Lumen" in head
    assert "**3.52** of 4, **AI-native**" in head
    assert "nothing stands out as urgent" in head
    assert head.count("\n1. **") == 1  # the moves, numbered
    assert md.index("## Appendix") > md.index("## What to do next quarter")


def test_a_report_from_before_the_summary_renders_without_one() -> None:
    old = Report.model_validate_json((FIXTURES / "meridian-2026-Q2-report-before-evidence.json").read_text())
    html = render(old, Format.html)
    assert 'id="summary"' not in html
    assert 'id="appendix"' in html
    assert "## Summary for the board" not in render(old, Format.markdown)


def test_user_text_in_the_summary_stays_inert(tmp_path: Path) -> None:
    report = report_of(hostile_answers(tmp_path))
    html = render(report, Format.html)
    summary = html.split('id="summary"', 1)[1].split("</section>", 1)[0]
    assert "<script" not in summary
    assert "&lt;script&gt;window.pwned=true&lt;/script&gt;Acme &#34;Corp&#34; &amp; Co stands at" in summary
    md = render(report, Format.markdown)
    assert f"{md_escape(PAYLOADS['organisation'])} stands at" in md.split("## Dimensions", 1)[0]


def test_the_command_line_writes_the_summary_first(tmp_path: Path) -> None:
    code, out, _ = run_cli("report", EXAMPLES / "northbank-2026-Q3.yaml", "--format", "markdown")
    assert code == 0
    assert out.index("## Summary for the board") < out.index("## Dimensions") < out.index("## Appendix")
    assert "Northbank" in out.split("## Dimensions", 1)[0]
    target = tmp_path / "board.html"
    done = run_process("report", WORKSHOP, "--format", "html", "--output", target)
    assert done.returncode == 0, done.stderr
    html = target.read_text(encoding="utf-8")
    assert html.index('id="summary"') < html.index('id="appendix"')
    assert "Moves for next quarter" in html
