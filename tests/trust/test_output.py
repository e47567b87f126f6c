"""Everything shown or rendered is inert, bounded and survives any output encoding.

Issue 18 (trust): user text reached the terminal raw (escape sequences set the clipboard, the window
title, cleared the screen), was read as Rich markup (a note with ``[/]`` crashed the report; ``[link=...]``
became a hyperlink), became live HTML in rendered Markdown, alias-amplified text and huge ``scale_max``
values exhausted memory while rendering, and a stdout that is not UTF-8 gave a traceback.

The generators put hostile text in every user-text field of an answers file, of a custom
questionnaire and of a JSON report, and run every command that shows or renders it.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES, ROOT, examples

runner = CliRunner()
SERIES = EXAMPLES / "trend"
QUESTIONNAIRE = ROOT / "questionnaires" / "default.yaml"
WIDE = {"COLUMNS": "200"}

# C0 but tab and newline, DEL, C1, line/paragraph separators, bidi controls, lone surrogates
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")

FRAGMENTS = [
    "\x1b]52;c;SGVsbG8=\x07",  # set the clipboard
    "\x1b]0;pwned\x07",  # window title
    "\x1b[2J\x1b[H",  # clear the screen
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b31m",  # C1 CSI
    "\x00\x08\x7f",
    "\u0085",
    "\u2028",
    "\u202e",
    "\u2066",
    "[link=https://evil.example]click[/link]",
    "[/]",
    "[bold red]",
    "[/bold]",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "<iframe src=//evil.example>",
    "<a href='javascript:alert(1)'>x</a>",
    "[click](javascript:alert(1))",
    "![pixel](http://evil.example/p.png)",
    "<https://evil.example>",
    "[ref]: http://evil.example",
    "&lt;script&gt;",
    "&#x3C;script>",
    "<!-- c -->",
    "|",
    "| a | b |",
    "`",
    "``x``",
    "```",
    "# ",
    "## Heading",
    "- ",
    "+ ",
    "* ",
    "1. ",
    "1) ",
    "> ",
    "===",
    "---",
    "    indented",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\\",
    "*bold*",
    "__u__",
    "~~s~~",
    "$x$",
    "{{ 7*7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "%s %(x)s {0}",
    "é – █ 漢字",
]


@st.composite
def hostile_text(draw: st.DrawFn) -> str:
    """Hostile user text: payload fragments mixed with arbitrary characters, sometimes very long."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(FRAGMENTS),
                st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=8),
            ),
            min_size=1,
            max_size=6,
        )
    )
    text = "".join(pieces)
    if draw(st.integers(0, 9)) == 0:
        text = text + " " + "long " * 2000
    return "X " + text  # never empty: names and the organisation must not be


def load_example() -> dict[str, Any]:
    return yaml.safe_load((EXAMPLES / "meridian-2026-Q3.yaml").read_text(encoding="utf-8"))


@cache
def _example_doc() -> dict[str, Any]:
    return load_example()


def answers_with(text: str, period: str = "2026-Q3", *, bump: int = 0) -> dict[str, Any]:
    """The Meridian example with ``text`` in every user-text field (ids stay ids, so it still validates)."""
    doc = copy.deepcopy(_example_doc())
    text, long_text = text[:400], text  # names are at most 500 characters; notes may be long
    doc["organisation"] = f"Org {text}"
    doc["period"] = period
    for r, respondent in enumerate(doc["respondents"]):
        respondent["name"] = f"R{r} {text}"
        respondent["role"] = f"Role {r % 2} {text}"
        for q, (qid, answer) in enumerate(list(respondent["answers"].items())):
            level = answer["level"] if isinstance(answer, dict) else answer
            if isinstance(level, int) and q < bump:
                level = min(4, level + 1)
            respondent["answers"][qid] = {"level": level, "note": f"N{q} {long_text}"}
    for i, initiative in enumerate(doc.get("initiatives", [])):
        initiative["name"] = f"I{i} {text}"
        initiative["owners"] = [f"Owner {text}"]
        initiative["note"] = long_text
    return doc


def questionnaire_with(text: str) -> dict[str, Any]:
    """The bundled questionnaire with ``text`` in every text field a report or `questionnaire show` prints."""
    doc: dict[str, Any] = yaml.safe_load(QUESTIONNAIRE.read_text(encoding="utf-8"))
    text = text[:400]
    doc["title"] = f"T {text}"
    doc["description"] = text
    for i, level in enumerate(doc["maturity"]):
        level["name"] = f"M{i} {text}"
        level["description"] = text
    for dim in doc["dimensions"]:
        dim["name"] = f"{dim['id']} {text}"
        dim["question"] = text
        dim["description"] = text
        for question in dim["questions"]:
            question["prompt"] = f"P {text}"
            question["help"] = text
            question["levels"] = {k: f"L{k} {text}" for k in question["levels"]}
    for key in ("symptoms", "root_causes", "practices"):
        for item in doc.get(key, []):
            item["name"] = f"{item['id']} {text}"
            item["description"] = text
            if "actions" in item:
                item["actions"] = [f"A{n} {text}" for n, _ in enumerate(item["actions"])]
    return doc


def write_yaml(path: Path, doc: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    return path


def invoke(*args: object, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env={**WIDE, **(env or {})})
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr, result.exception)
    if result.exit_code == 2:
        assert re.search(r"^error \S", result.stderr, re.MULTILINE), result.stderr
    return result.exit_code, result.stdout, result.stderr


def assert_no_raw_controls(text: str, what: str) -> None:
    found = RAW_CONTROL.search(text)
    assert found is None, (
        f"{what}: raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 60) : found.start() + 20]!r}"
    )


# --------------------------------------------------------------------------- Markdown, rendered

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[tuple[str, str | None], ...]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, tuple(sorted(attrs))))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def elements(markdown: str) -> list[tuple[str, tuple[tuple[str, str | None], ...]]]:
    """Every element (and its attributes) CommonMark + GFM tables make of ``markdown``."""
    parser = _Tags()
    parser.feed(_MD.render(markdown))
    return parser.tags


def html_elements(html: str) -> list[tuple[str, tuple[str, ...]]]:
    """Every element of an HTML page with its attribute names (values hold user text, autoescaped)."""
    parser = _Tags()
    parser.feed(html)
    return [(tag, tuple(name for name, _ in attrs)) for tag, attrs in parser.tags]


def assert_inert_page(hostile: str, benign: str, what: str) -> None:
    got, want = html_elements(hostile), html_elements(benign)
    assert not [t for t in got if any(name.startswith("on") for name in t[1])], what
    if got != want:
        extra = [t for t in got if t not in want] or got[len(want) :] or want[len(got) :]
        raise AssertionError(f"{what}: user text changed the page's elements, e.g. {extra[:3]}")


def assert_same_elements(hostile: str, benign: str, what: str) -> None:
    """Hostile text made no element or attribute: the rendered HTML has exactly the benign one's."""
    got, want = elements(hostile), elements(benign)
    if got != want:
        extra = [t for t in got if t not in want] or got[len(want) :] or want[len(got) :]
        raise AssertionError(f"{what}: user text changed the rendered elements, e.g. {extra[:3]}")


BENIGN = "benign words"


def run_everything(tmp: Path, text: str, questionnaire: Path | None = None) -> dict[str, str]:
    """Every command that shows or renders user text, on hostile answers; outputs by name."""
    q = ["--questionnaire", str(questionnaire)] if questionnaire else []
    old = write_yaml(tmp / "old.yaml", answers_with(text, "2026-Q2"))
    new = write_yaml(tmp / "new.yaml", answers_with(text, "2026-Q3", bump=9))
    outputs: dict[str, str] = {}
    for fmt in ("terminal", "markdown", "html", "json"):
        code, out, err = invoke("report", new, "-f", fmt, *q)
        outputs[f"report {fmt}"] = out + err
        if code:
            return outputs  # the loader refused the text (exit 2, located): nothing to render
    for fmt in ("terminal", "markdown", "html"):
        _, out, err = invoke("diff", old, new, "-f", fmt, *q)
        outputs[f"diff {fmt}"] = out + err
        _, out, err = invoke("trend", old, new, "-f", fmt, *q)
        outputs[f"trend {fmt}"] = out + err
    summary = tmp / "summary.md"
    summary.write_text("", encoding="utf-8")
    _, out, err = invoke(
        "check", new, "--min-overall", "0", "--no-config", *q, env={"GITHUB_STEP_SUMMARY": str(summary)}
    )
    outputs["check terminal"] = out + err
    outputs["check summary"] = summary.read_text(encoding="utf-8")
    _, out, err = invoke("validate", old, new, *q)
    outputs["validate terminal"] = out + err
    if questionnaire:
        _, out, err = invoke("questionnaire", "show", questionnaire)
        outputs["questionnaire terminal"] = out + err
    return outputs


def test_the_full_payload_reaches_every_renderer(tmp_path: Path) -> None:
    """The generators only prove something if hostile text is rendered, not refused by the loader."""
    text = "X " + "".join(FRAGMENTS)
    (tmp_path / "a").mkdir()
    outputs = run_everything(tmp_path / "a", text)
    assert len(outputs) == 13, list(outputs)
    (tmp_path / "q").mkdir()
    questionnaire = write_yaml(tmp_path / "q" / "q.yaml", questionnaire_with(text))
    outputs = run_everything(tmp_path / "q", text, questionnaire)
    assert len(outputs) == 14, list(outputs)


def check_outputs(hostile: dict[str, str], benign: dict[str, str]) -> None:
    for name, text in hostile.items():
        if name.endswith(("terminal", "markdown", "summary")):
            assert_no_raw_controls(text, name)
        if name.endswith("html"):
            assert_no_raw_controls(text, name)
            if name in benign:
                assert_inert_page(text, benign[name], name)
        if name.endswith(("markdown", "summary")) and name in benign:
            assert_same_elements(text, benign[name], name)


@settings(
    max_examples=examples(3, 200),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=hostile_text())
@example(text="X " + "".join(FRAGMENTS))
def test_hostile_answers_are_inert_in_every_command(text: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    hostile = run_everything(tmp_path_factory.mktemp("hostile"), text)
    benign = run_everything(tmp_path_factory.mktemp("benign"), BENIGN)
    check_outputs(hostile, benign)


@settings(
    max_examples=examples(3, 100),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=hostile_text())
@example(text="X " + "".join(FRAGMENTS))
def test_hostile_questionnaire_text_is_inert_in_every_command(
    text: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    def run(folder: Path, value: str) -> dict[str, str]:
        questionnaire = write_yaml(folder / "q.yaml", questionnaire_with(value))
        return run_everything(folder, value, questionnaire)

    hostile = run(tmp_path_factory.mktemp("hostile"), text)
    benign = run(tmp_path_factory.mktemp("benign"), BENIGN)
    check_outputs(hostile, benign)


# --------------------------------------------------------------------------- explicit regressions


def test_rich_markup_in_user_text_is_printed_as_text(tmp_path: Path) -> None:
    doc = answers_with("plain")
    doc["respondents"][0]["role"] = "[/]"
    doc["respondents"][1]["role"] = "[link=https://evil.example]click[/link]"
    doc["initiatives"][0]["name"] = "[red]Init[/red] [/]"
    new = write_yaml(tmp_path / "new.yaml", doc)
    old_doc = copy.deepcopy(doc)
    old_doc["period"] = "2026-Q2"
    old_doc["initiatives"][0]["stage"] = "idea" if doc["initiatives"][0]["stage"] != "idea" else "pilot"
    old = write_yaml(tmp_path / "old.yaml", old_doc)
    code, out, err = invoke("report", new)
    assert code == 0, err
    assert "[link=https://evil.example]click[/link]" in out
    code, out, err = invoke("diff", old, new)
    assert code == 0, err
    assert "[red]Init[/red] [/]" in out


def test_custom_questionnaire_markup_and_escapes_in_questionnaire_show(tmp_path: Path) -> None:
    doc = questionnaire_with("[/] \x1b]0;pwned\x07 [link=https://e.example]x[/link]")
    path = write_yaml(tmp_path / "q.yaml", doc)
    code, out, err = invoke("questionnaire", "show", path)
    assert code == 0, err
    assert "[link=https://e.example]x[/link]" in out
    assert "\\x1b]0;pwned\\x07" in out
    assert_no_raw_controls(out, "questionnaire show")


def test_escape_sequences_in_file_names_and_messages_are_shown_escaped(tmp_path: Path) -> None:
    name = tmp_path / "a\x1b]0;pwned\x07[red].yaml"
    write_yaml(name, answers_with("ok"))
    bad = tmp_path / "b\x1b[2J.yaml"
    bad.write_text("organisation: [unclosed\n", encoding="utf-8")
    code, out, err = invoke("validate", name, bad)
    assert code == 2
    assert_no_raw_controls(out + err, "validate")
    assert "a\\x1b]0;pwned\\x07[red].yaml" in out  # the ok line is the result, on standard output
    source = write_yaml(tmp_path / "in[bold].yaml", answers_with("ok"))
    merged = tmp_path / "m[red]x[link=https:x].yaml"
    code, out, err = invoke("merge", merged, source)
    assert code == 0, err
    assert "m[red]x[link=https:x].yaml" in err  # the summary line prints the name as text, not markup


def test_markdown_escaping_keeps_tables_and_makes_no_elements(tmp_path: Path) -> None:
    text = "| a | b | `x` <img src=x onerror=alert(1)> [l](javascript:x) \n# h\n- i\n1. j\n> q"
    hostile = write_yaml(tmp_path / "h.yaml", answers_with(text))
    benign = write_yaml(tmp_path / "b.yaml", answers_with(BENIGN))
    _, md_h, _ = invoke("report", hostile, "-f", "markdown")
    _, md_b, _ = invoke("report", benign, "-f", "markdown")
    assert_same_elements(md_h, md_b, "report markdown")
    html = _MD.render(md_h)
    assert "<img" not in html
    assert "<a " not in html
    assert "<h1>h" not in html


def test_question_ids_in_code_spans_cannot_break_out(tmp_path: Path) -> None:
    from aiopgap.render.markdown import md_code

    for text in ("a`b", "``", "`x`", "a|b", "x` <script>", "\x1b]0;t\x07`"):
        md = f"| {md_code(text)} | c |\n|---|---|\n| {md_code(text)} | d |\n"
        html = _MD.render(md)
        assert "<script" not in html
        assert html.count("<td>") == 2, (text, html)
        assert html.count("<th>") == 2, (text, html)


def test_maturity_names_are_escaped_in_markdown(tmp_path: Path) -> None:
    doc = questionnaire_with("plain")
    for level in doc["maturity"]:
        level["name"] = f"<img src=x onerror=alert({level['min_score']})>"
    q = write_yaml(tmp_path / "q.yaml", doc)
    answers = write_yaml(tmp_path / "a.yaml", answers_with("plain"))
    code, md, err = invoke("report", answers, "-f", "markdown", "--questionnaire", q)
    assert code == 0, err
    assert "<img" not in _MD.render(md)


# --------------------------------------------------------------------------- sizes and charts


def amplified_answers(tmp_path: Path, respondents: int) -> Path:
    """One 4,000-character note (the longest allowed) aliased into every answer of every respondent:
    YAML holds it once, a report repeats it respondents x 35 times."""
    doc = load_example()
    answers = doc["respondents"][0]["answers"]
    lines = ["questionnaire: {id: aiopgap-default, version: 1.0.0}", f"organisation: {doc['organisation']}"]
    lines += ["period: 2026-Q3", "respondents:"]
    for r in range(respondents):
        lines += [f"  - name: R{r}", f"    role: Role {r % 3}", "    answers:"]
        for q, (qid, answer) in enumerate(answers.items()):
            level = answer["level"] if isinstance(answer, dict) else answer
            note = f"&big {'x' * 4000}" if r == q == 0 else "*big"
            lines.append(f"      {qid}: {{level: {json.dumps(level)}, note: {note}}}")
    path = tmp_path / "amplified.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_alias_amplified_text_is_refused_before_rendering(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aiopgap.render import plain

    monkeypatch.setattr(plain, "MAX_TEXT", 1_000_000)  # the same check as at 50 MB, on a file that parses fast
    path = amplified_answers(tmp_path, 10)  # 10 x 35 x 4,000 = 1.4 million characters once rendered
    for fmt in ("json", "html", "markdown", "terminal"):
        code, out, err = invoke("report", path, "-f", fmt)
        assert code == 2, (fmt, err)
        assert f"error {path}: the document holds more than 1,000,000 characters" in err, err
        assert len(out) < 1000
    for args in (["diff", path, path], ["check", path, "--min-overall", "0", "--no-config"]):
        code, _, err = invoke(*args)
        assert code == 2, (args, err)
        assert f"error {path}: the document holds more than" in err, err
    # a trend keeps only each period's scores and statuses: the repeated note never reaches it, so it is no reason
    # to refuse, and the trend shown stays small
    later = tmp_path / "later.yaml"
    later.write_text(path.read_text(encoding="utf-8").replace("period: 2026-Q3", "period: 2026-Q4"), encoding="utf-8")
    code, out, err = invoke("trend", path, later, "-f", "markdown")
    assert code == 0, err
    assert "2026-Q4" in out
    assert "xxxx" not in out
    assert len(out) < 50_000


def test_output_of_a_template_is_capped_as_it_grows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aiopgap.render import templates

    monkeypatch.setattr(templates, "MAX_OUTPUT", 200_000)
    path = amplified_answers(tmp_path, 2)  # 280,000 characters of notes: under the text limit, over this cap
    for fmt in ("markdown", "html"):
        code, _, err = invoke("report", path, "-f", fmt)
        assert code == 2, (fmt, err)
        assert re.search(r"^error .*report\.(md|html)\.j2:\d+: the output grew past 200,000 characters", err, re.M), err


def json_report(tmp: Path, period: str, **changes: Any) -> Path:
    code, out, err = invoke("report", SERIES / f"meridian-{period}.yaml", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    doc.update(changes)
    path = tmp / f"{period}.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("scale_max", [10**30])
def test_huge_scale_max_in_json_reports_draws_bounded_charts(scale_max: int, tmp_path: Path) -> None:
    old = json_report(tmp_path, "2026-Q2", scale_max=scale_max)
    new = json_report(tmp_path, "2026-Q3", scale_max=scale_max)
    env = {**os.environ, "COLUMNS": "120"}
    for args in (["diff", old, new], ["trend", old, new]):
        for fmt in ("html", "markdown", "terminal", "json"):
            proc = subprocess.run(
                [sys.executable, "-m", "aiopgap", *map(str, args), "-f", fmt],
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
                check=False,
            )
            assert proc.returncode in (0, 2), proc.stderr
            assert "Traceback" not in proc.stderr
            assert "internal error" not in proc.stderr
            assert len(proc.stdout) < 2_000_000, (args, fmt, len(proc.stdout))


def test_chart_ticks_are_bounded_whatever_the_scale() -> None:
    from aiopgap.render.charts import line_chart, scale_ticks, sparkline, text_bar

    assert scale_ticks(4) == [0, 1, 2, 3, 4]
    assert scale_ticks(10) == list(range(11))
    for maximum in (0, -5, 11, 37, 10**8, 2**63, 10**300, 1e308, float("inf"), float("nan")):
        ticks = scale_ticks(maximum)
        assert 1 <= len(ticks) <= 11, (maximum, ticks)
        chart = line_chart(["a", "b"], [1.0, float("nan")], maximum, target=float("inf"))
        assert len(chart.grid) <= 11
        assert len(text_bar(float("nan"), maximum, 12)) == 12
        assert len(sparkline([1.0, None, float("inf")], maximum)) == 3


@settings(
    max_examples=examples(5, 150),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    text=hostile_text(),
    scale_max=st.sampled_from([0, -1, 1, 4, 11, 10**6, 2**53, 2**63 - 1]),
    score=st.sampled_from([None, 0.0, -1e308, 1e308, 2.5, 5e-324]),
)
def test_hostile_json_reports_in_diff_and_trend(
    text: str, scale_max: int, score: float | None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    tmp = tmp_path_factory.mktemp("json")
    paths = []
    for period in ("2026-Q2", "2026-Q3"):
        code, out, err = invoke("report", SERIES / f"meridian-{period}.yaml", "-f", "json")
        doc = json.loads(out)
        doc.update(organisation=f"Org {text}", scale_max=scale_max, score=score, maturity=text)
        for d in doc["dimensions"]:
            d.update(name=f"{d['id']} {text}", score=score, maturity=text, target=score)
            for q in d["questions"]:
                q["prompt"] = text
                for r in q["responses"]:
                    r.update(respondent=f"{r['respondent']} {text}", note=text)
        for s in doc.get("symptoms", []):
            s["name"] = text
        path = tmp / f"{period}.json"
        path.write_text(json.dumps(doc), encoding="utf-8")
        paths.append(path)
    for command in ("diff", "trend"):
        for fmt in ("terminal", "markdown", "html", "json"):
            code, out, err = invoke(command, *paths, "-f", fmt)
            if fmt in ("terminal", "markdown"):
                assert_no_raw_controls(out + err, f"{command} {fmt}")
            if fmt == "html" and code == 0:
                assert not [t for t in html_elements(out) if any(n.startswith("on") for n in t[1])]
                assert "<script" not in out
            assert len(out) < 5_000_000


# --------------------------------------------------------------------------- output encodings


def run_process(*args: object, env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *map(str, args)],
        capture_output=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
)
def test_output_that_is_not_utf8_never_gives_a_traceback(env: dict[str, str], tmp_path: Path) -> None:
    answers = write_yaml(tmp_path / "a.yaml", answers_with("Zoë – █ 漢字 \x1b"))
    old = write_yaml(tmp_path / "o.yaml", answers_with("Zoë – █ 漢字", "2026-Q2"))
    commands: list[list[object]] = [
        ["report", answers],
        ["report", answers, "-f", "markdown"],
        ["diff", old, answers],
        ["trend", old, answers],
        ["validate", answers, tmp_path / "missing–é.yaml"],
        ["check", answers, "--min-overall", "4", "--no-config"],
    ]
    for args in commands:
        proc = run_process(*args, env=env)
        assert proc.returncode in (0, 1, 2), (args, proc.stderr.decode("ascii", "replace"))
        assert b"Traceback" not in proc.stderr, args
        assert b"internal error" not in proc.stderr, args
        assert proc.stdout or proc.stderr


def test_non_utf8_file_names_are_printed_without_a_traceback(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    config = folder + b"/\xfd-gates.toml"
    with open(config, "wb") as handle:
        handle.write(b'min-overall = "0"\n')
    good = folder + b"/\xff-good.yaml"
    bad = folder + b"/\xfe-bad.yaml"
    with open(good, "wb") as handle:
        handle.write(yaml.safe_dump(answers_with("ok"), allow_unicode=True).encode("utf-8"))
    with open(bad, "wb") as handle:
        handle.write(b"organisation: [\n")
    for extra in ({}, {"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "utf-8"}):
        # wide enough that a long temporary path is never wrapped inside the name we look for
        env = {**extra, "COLUMNS": "1000"}
        proc = subprocess.run(
            [sys.executable, "-m", "aiopgap", "validate", good, bad],
            capture_output=True,
            timeout=60,
            env={**os.environ, **env},
            check=False,
        )
        assert proc.returncode == 2
        assert b"Traceback" not in proc.stderr
        assert b"internal error" not in proc.stderr
        assert b"\\udcff-good.yaml" in proc.stdout  # the ok line is the result, on standard output
        assert b"\\udcfe-bad.yaml" in proc.stderr
        proc = subprocess.run(  # check prints the config's name on stdout
            [sys.executable, "-m", "aiopgap", "check", good, "--config", config],
            capture_output=True,
            timeout=60,
            env={**os.environ, **env},
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert b"\\udcfd-gates.toml" in proc.stdout or b"\xfd-gates.toml" in proc.stdout  # escaped, or the bytes
        proc = subprocess.run(
            [sys.executable, "-m", "aiopgap", "report", bad],
            capture_output=True,
            timeout=60,
            env={**os.environ, **env},
            check=False,
        )
        assert proc.returncode == 2, proc.stderr
        assert b"Traceback" not in proc.stderr
        assert b"internal error" not in proc.stderr
