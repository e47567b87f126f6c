"""[trust] the board pack attacked from outside: the summary, the radar and the recommendations.

Written from the promise of the board-pack issue and the README, not from the code: the executive
summary at the top of the HTML and Markdown reports keeps hostile organisation names and notes inert
and stays sensible on degenerate reports (no symptoms, no targets, one respondent, nothing answered);
no question id or rule threshold appears before the appendix; a partial workshop's radar never draws
an unscored dimension at the centre; the terminal shows every recommendation; and recommendations
fit the organisation's level. The files of the board pack (workbook, chart files, PDF) are attacked in
test_boardpack_files.py.
"""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES, ROOT, examples
from tests.trust.test_output import (
    BENIGN,
    assert_inert_page,
    assert_same_elements,
    hostile_text,
    write_yaml,
)

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
WORKSHOP = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
LEVELS = {"northbank": 0.75, "meridian": 1.98, "lumen": 3.52}
QUESTION_IDS = sorted(
    {
        question["id"]
        for dimension in yaml.safe_load((ROOT / "questionnaires" / "default.yaml").read_text(encoding="utf-8"))[
            "dimensions"
        ]
        for question in dimension["questions"]
    }
)
RULE_TEXT = re.compile(r"rule\s*[≤≥<>=]")

HOSTILE_SUMMARY = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "]]><svg onload=alert(1)>",
    "[click](javascript:alert(1))",
    "![pixel](http://evil.example/p.png)",
    "| a | b |\n# Heading",
    "&amp; &lt;b&gt; & 'quotes' \"double\"",
    "{{ 7*7 }} {% raw %}",
    "\x1b]0;title\x07 \u202e bidi",
]


def run(*args: object, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env={**WIDE, **(env or {})})
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr, result.exception)
    if result.exit_code == 2:  # our own located message, or the option parser's usage error
        assert re.search(r"^error \S|Invalid value|Error", result.stderr, re.MULTILINE), result.stderr
    return result.exit_code, result.stdout, result.stderr


def rendered(path: Path, fmt: str) -> str:
    code, out, err = run("report", path, "-f", fmt)
    assert code == 0, err
    return out


def load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return doc


def with_text(text: str, *, leading: bool = False) -> dict[str, Any]:
    """The workshop example with ``text`` in the organisation, every name, role, note and initiative.

    With ``leading`` the text starts every field (where a spreadsheet looks for a formula), else it
    follows a short label.
    """

    def field(label: str) -> str:
        return f"{text} {label}" if leading else f"{label} {text}"

    doc = copy.deepcopy(load(WORKSHOP))
    doc["organisation"] = text if leading else f"Org {text}"
    for r, respondent in enumerate(doc["respondents"]):
        respondent["name"] = field(f"R{r}")
        respondent["role"] = field(f"Role {r % 3}")
        for q, (qid, answer) in enumerate(list(respondent["answers"].items())):
            level = answer["level"] if isinstance(answer, dict) else answer
            respondent["answers"][qid] = {
                "level": level,
                "note": field(f"N{q}"),
                "evidence": [{"kind": "artifact", "reference": field(f"E{q}")}],
            }
    for i, initiative in enumerate(doc.get("initiatives", [])):
        initiative["name"] = field(f"I{i}")
        initiative["owners"] = [field(f"Owner {i}")]
        initiative["note"] = field("Note")
    return doc


class _Text(HTMLParser):
    """The visible text of a page, with the position of the first heading that names the appendix."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.in_heading = False
        self.appendix_at: int | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "title"):
            self.skip += 1
        if re.fullmatch(r"h[1-6]|summary", tag):
            self.in_heading = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "title"):
            self.skip -= 1
        if re.fullmatch(r"h[1-6]|summary", tag):
            self.in_heading = False

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_heading and self.appendix_at is None and "appendix" in data.lower():
            self.appendix_at = len("".join(self.parts))
        self.parts.append(data)


def page_text(html: str) -> tuple[str, int | None]:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts), parser.appendix_at


def before_appendix_markdown(markdown: str) -> str:
    found = re.search(r"^#{1,6} .*appendix", markdown, re.IGNORECASE | re.MULTILINE)
    assert found, "the Markdown report has no appendix heading"
    return markdown[: found.start()]


def leaks(text: str) -> list[str]:
    found = [qid for qid in QUESTION_IDS if qid in text]
    found += [m.group() for m in RULE_TEXT.finditer(text)]
    return found


# --------------------------------------------------------------------------- the summary


@pytest.mark.parametrize("name", [*sorted(LEVELS), "workshop"])
def test_no_question_id_or_rule_threshold_before_the_appendix(name: str) -> None:
    path = WORKSHOP if name == "workshop" else EXAMPLES / f"{name}-2026-Q3.yaml"
    text, appendix_at = page_text(rendered(path, "html"))
    assert appendix_at is not None, "the HTML report has no appendix heading"
    assert not leaks(text[:appendix_at]), f"HTML before the appendix shows {leaks(text[:appendix_at])[:5]}"
    head = before_appendix_markdown(rendered(path, "markdown"))
    assert not leaks(head), f"Markdown before the appendix shows {leaks(head)[:5]}"


@pytest.mark.parametrize("name", sorted(LEVELS))
def test_the_summary_comes_first_and_names_level_gap_and_confidence(name: str) -> None:
    html = rendered(EXAMPLES / f"{name}-2026-Q3.yaml", "html")
    text, _ = page_text(html)
    summary_at = text.lower().find("summary")
    dimensions_at = text.find("Ownership and accountability")
    assert 0 <= summary_at < dimensions_at, "the executive summary does not come before the dimension table"
    summary = text[summary_at:dimensions_at].lower()
    assert f"{LEVELS[name]:.2f}" in summary, f"the summary does not give the overall score {LEVELS[name]:.2f}"
    assert "confidence" in summary
    assert "gap" in summary


@pytest.mark.parametrize("payload", HOSTILE_SUMMARY)
def test_hostile_text_in_the_summary_stays_inert_in_html_and_markdown(payload: str, tmp_path: Path) -> None:
    hostile = write_yaml(tmp_path / "hostile.yaml", with_text(payload))
    benign = write_yaml(tmp_path / "benign.yaml", with_text(BENIGN))
    assert_inert_page(rendered(hostile, "html"), rendered(benign, "html"), f"html {payload!r}")
    assert_same_elements(rendered(hostile, "markdown"), rendered(benign, "markdown"), f"markdown {payload!r}")


@settings(max_examples=examples(3, 200), deadline=None, suppress_health_check=list(HealthCheck))
@given(text=hostile_text())
def test_generated_hostile_text_never_changes_the_pages_elements(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        hostile = write_yaml(Path(folder) / "hostile.yaml", with_text(text[:300]))
        code, html, _ = run("report", hostile, "-f", "html")
        if code == 2:
            return  # the loader refused the text where it stands
        benign = write_yaml(Path(folder) / "benign.yaml", with_text(BENIGN))
        assert_inert_page(html, rendered(benign, "html"), "generated")
        assert_same_elements(rendered(hostile, "markdown"), rendered(benign, "markdown"), "generated markdown")


def degenerate(kind: str) -> dict[str, Any]:
    doc = copy.deepcopy(load(EXAMPLES / "meridian-2026-Q3.yaml"))
    if kind == "no symptoms":
        doc = copy.deepcopy(load(EXAMPLES / "lumen-2026-Q3.yaml"))
    elif kind == "no targets":
        doc.pop("targets", None)
    elif kind == "one respondent":
        doc["respondents"] = doc["respondents"][:1]
    elif kind == "nothing answered":
        for respondent in doc["respondents"]:
            respondent["answers"] = {}
    elif kind == "no respondents":
        doc["respondents"] = []
        doc.pop("initiatives", None)
    elif kind == "all n/a":
        for respondent in doc["respondents"]:
            respondent["answers"] = {}
        doc["respondents"][0]["answers"] = {"process.vendor-model-oversight": "n/a"}
    return doc


DEGENERATE = ["no symptoms", "no targets", "one respondent", "nothing answered", "no respondents", "all n/a"]
NONSENSE = re.compile(r"\bNone\b(?! of)|\bnan\b|\binf\b|undefined|\{\{|\{%|Traceback|-0\.00")


@pytest.mark.parametrize("kind", DEGENERATE)
def test_a_degenerate_report_still_renders_a_sensible_summary(kind: str, tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "answers.yaml", degenerate(kind))
    for fmt in ("html", "markdown"):
        code, out, err = run("report", path, "-f", fmt)
        assert code == 0, (kind, fmt, err)
        text = page_text(out)[0] if fmt == "html" else out
        head = text[: text.find("Ownership and accountability")]
        assert "summary" in head.lower(), f"{kind} ({fmt}): no executive summary before the dimensions"
        assert not NONSENSE.search(text), f"{kind} ({fmt}): {NONSENSE.search(text)}"
        assert not re.search(r"^\s*[-*]\s*$|<li>\s*</li>", out, re.MULTILINE), f"{kind} ({fmt}): an empty list item"


def test_a_summary_of_nothing_answered_says_so_rather_than_inventing_moves(tmp_path: Path) -> None:
    path = write_yaml(tmp_path / "answers.yaml", degenerate("nothing answered"))
    text = page_text(rendered(path, "html"))[0]
    head = text[: text.find("Ownership and accountability")].lower()
    assert re.search(r"not scored|no answers|nothing (was )?answered|no .*answered", head), head[:800]


# --------------------------------------------------------------------------- the radar


def partial_workshop(tmp_path: Path) -> Path:
    """The workshop example with nobody answering the metrics dimension and one ownership question only."""
    doc = copy.deepcopy(load(WORKSHOP))
    for respondent in doc["respondents"]:
        answers = respondent["answers"]
        for qid in list(answers):
            if qid.startswith("metrics.") or (
                qid.startswith("ownership.") and qid != "ownership.single-accountable-owner"
            ):
                del answers[qid]
    return write_yaml(tmp_path / "partial.yaml", doc)


POINT = re.compile(r"(-?\d+(?:\.\d+)?)[ ,]+(-?\d+(?:\.\d+)?)")


def centre_and_current(svg: str) -> tuple[tuple[float, float], list[tuple[float, float]]]:
    """The radar's centre (where its spokes start) and every point drawn for the current scores."""
    starts: dict[tuple[float, float], int] = {}
    for line in re.finditer(r"<line\b[^>]*>", svg):
        x1 = re.search(r'x1="([-\d.]+)"', line.group())
        y1 = re.search(r'y1="([-\d.]+)"', line.group())
        if x1 and y1:
            key = (round(float(x1.group(1)), 1), round(float(y1.group(1)), 1))
            starts[key] = starts.get(key, 0) + 1
    assert starts, "no spokes found in the radar"
    centre = max(starts, key=lambda k: starts[k])
    points: list[tuple[float, float]] = []
    for shape in re.finditer(r'<(polygon|polyline|path|circle)\b[^>]*class="[^"]*current[^"]*"[^>]*>', svg):
        tag = shape.group()
        for attr in ("points", "d"):
            found = re.search(rf'\b{attr}="([^"]*)"', tag)
            if found:
                points += [(float(x), float(y)) for x, y in POINT.findall(found.group(1))]
        cx, cy = re.search(r'cx="([-\d.]+)"', tag), re.search(r'cy="([-\d.]+)"', tag)
        if cx and cy:
            points.append((float(cx.group(1)), float(cy.group(1))))
    assert points, "no current-score shape found in the radar"
    return centre, points


def radar_of(html: str) -> str:
    found = re.search(r"<svg\b[^>]*radar.*?</svg>", html, re.DOTALL)
    assert found, "no radar in the HTML report"
    return found.group()


def test_a_partial_workshops_radar_draws_no_unscored_dimension_at_the_centre(tmp_path: Path) -> None:
    centre, points = centre_and_current(radar_of(rendered(partial_workshop(tmp_path), "html")))
    at_centre = [p for p in points if abs(p[0] - centre[0]) < 0.5 and abs(p[1] - centre[1]) < 0.5]
    assert not at_centre, f"the unscored dimension is drawn at the centre {centre} as if it scored 0"


def test_a_dimension_scored_from_one_question_is_marked_low_coverage(tmp_path: Path) -> None:
    partial = rendered(partial_workshop(tmp_path), "html")
    full = rendered(WORKSHOP, "html")
    low = re.compile(r"low[- ]coverage", re.IGNORECASE)
    assert low.search(page_text(partial)[0]), "a dimension scored from 1 of 7 questions carries no low-coverage mark"
    assert not low.search(page_text(full)[0]), "a fully answered workshop is marked low coverage"


def test_the_radar_is_at_least_420_px_wide() -> None:
    svg = radar_of(rendered(EXAMPLES / "meridian-2026-Q3.yaml", "html"))
    width = re.search(r'\bwidth="(\d+)', svg)
    view = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) ', svg)
    assert (width and int(width.group(1)) >= 420) or (view and float(view.group(1)) >= 420)


# --------------------------------------------------------------------------- recommendations


def recommendations(path: Path) -> list[dict[str, Any]]:
    import json

    code, out, err = run("report", path, "-f", "json")
    assert code == 0, err
    recs: list[dict[str, Any]] = json.loads(out)["recommendations"]
    return recs


def test_an_organisation_at_the_top_is_not_told_to_start_with_the_basics() -> None:
    top = recommendations(EXAMPLES / "lumen-2026-Q3.yaml")
    assert top, "lumen gets no recommendation at all"
    first = top[0]["actions"][0]
    assert "risk tiering at intake" not in first.lower(), f"lumen (3.52) is told first: {first}"


def test_the_first_move_changes_as_the_organisation_matures() -> None:
    firsts = {name: recommendations(EXAMPLES / f"{name}-2026-Q3.yaml") for name in LEVELS}
    low = {r["practice"]: r["actions"][0] for r in firsts["northbank"]}
    high = {r["practice"]: r["actions"][0] for r in firsts["lumen"]}
    shared = sorted(set(low) & set(high))
    assert shared, "no practice recommended to both northbank and lumen"
    same = [p for p in shared if low[p] == high[p]]
    assert not same, f"northbank (0.75) and lumen (3.52) are given the same first action for {same}"


def shows_every_recommendation(out: str, names: list[str]) -> bool:
    """Every recommendation is there (by name, or by its rank when names wrap in a table) or counted."""
    flat = " ".join(out.split())
    missing = [n for n in names if " ".join(n.split()) not in flat]
    if not missing:
        return True
    last = len(names)
    ranked = re.search(rf"(?m)^\W*{last}\W", out[out.find(names[0].split()[0]) :]) is not None
    return ranked or re.search(rf"\b{len(missing)} more\b", flat) is not None


def test_the_terminal_report_shows_every_recommendation_or_says_how_many_more() -> None:
    path = EXAMPLES / "northbank-2026-Q3.yaml"
    names = [r["name"] for r in recommendations(path)]
    assert len(names) >= 6
    for columns in ("400", "80"):
        code, out, err = run("report", path, env={"COLUMNS": columns})
        assert code == 0, err
        assert shows_every_recommendation(out, names), f"{columns} columns: recommendations dropped without a word"


def test_the_terminal_report_in_a_real_process_shows_every_recommendation(tmp_path: Path) -> None:
    path = EXAMPLES / "northbank-2026-Q3.yaml"
    names = [r["name"] for r in recommendations(path)]
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", "report", str(path), "-o", str(tmp_path / "report.txt")],
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    out = (tmp_path / "report.txt").read_text(encoding="utf-8")
    assert shows_every_recommendation(out, names), "the written terminal report drops recommendations"


def test_priorities_are_integers_or_one_decimal_in_every_document() -> None:
    path = EXAMPLES / "northbank-2026-Q3.yaml"
    for fmt in ("terminal", "markdown", "html"):
        out = rendered(path, fmt)
        assert "25.75" not in out, f"{fmt}: a priority shown with two decimals"


def test_an_anonymised_summary_names_nobody() -> None:
    names = [part for r in load(WORKSHOP)["respondents"] for part in r["name"].split() if len(part) >= 3]
    for fmt in ("html", "markdown"):
        code, out, err = run("report", WORKSHOP, "-f", fmt, "--anonymise")
        assert code == 0, err
        found = sorted({n for n in names if n in out})
        assert not found, f"the anonymised {fmt} report names {found}"


def test_an_organisation_at_its_targets_gets_no_invented_moves(tmp_path: Path) -> None:
    doc = copy.deepcopy(load(EXAMPLES / "lumen-2026-Q3.yaml"))
    doc["targets"] = {d: 4 for d in ("ownership", "structure", "governance", "process", "metrics")}
    for respondent in doc["respondents"]:
        respondent["answers"] = {qid: 4 for qid in QUESTION_IDS if qid != "process.vendor-model-oversight"}
    path = write_yaml(tmp_path / "top.yaml", doc)
    assert recommendations(path) == [], "an organisation at 4 everywhere is still told what to adopt"
    for fmt in ("html", "markdown"):
        code, out, err = run("report", path, "-f", fmt)
        assert code == 0, err
        text = page_text(out)[0] if fmt == "html" else out
        assert not NONSENSE.search(text), NONSENSE.search(text)


def test_radar_labels_use_the_tables_two_decimals() -> None:
    html = rendered(EXAMPLES / "meridian-2026-Q3.yaml", "html")
    labels = re.findall(r">([^<]*\d[^<]*)<", re.sub(r"<title>.*?</title>", "", radar_of(html)))
    numbers = [n for label in labels for n in re.findall(r"\d+(?:\.\d+)?", label) if "." in n]
    assert numbers, labels
    assert all(re.fullmatch(r"\d\.\d\d", n) for n in numbers), f"radar labels not at two decimals: {numbers}"


def test_json_reports_with_the_board_pack_read_back_in_diff_trend_and_check(tmp_path: Path) -> None:
    series = tmp_path / "series"
    series.mkdir()
    for quarter in ("2026-Q2", "2026-Q3"):
        doc = load(EXAMPLES / "trend" / f"meridian-{quarter}.yaml")
        doc["organisation"] = "Meridian <script>alert(1)</script> & ]]>"
        source = write_yaml(tmp_path / f"{quarter}.yaml", doc)
        code, _, err = run("report", source, "-f", "json", "-o", series / f"{quarter}.json")
        assert code == 0, err
    code, _, err = run("diff", series / "2026-Q2.json", series / "2026-Q3.json", "-f", "markdown")
    assert code == 0, err
    code, _, err = run("trend", series, "-f", "html")
    assert code == 0, err
    code, _, err = run("check", tmp_path / "2026-Q3.yaml", "--baseline", series / "2026-Q2.json", "--no-config")
    assert code in (0, 1), err
