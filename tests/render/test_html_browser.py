"""Open each HTML report in real headless Chromium.

Checks what a reader would see: the radar chart and every symptom card are laid
out and visible, the page made no network request at all (only the report file
itself is loaded) and nothing was logged as an error. Skipped only when no
Chromium binary exists; ``.ci/run`` installs Debian's ``chromium``.
Set AIOPGAP_SCREENSHOT_DIR to keep a full-page PNG of each report; AIOPGAP_CHROMIUM
names the binary; AIOPGAP_REQUIRE_BROWSER=1 (set by CI) turns the skip into a failure.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.render.formats import Format
from aiopgap.render.report import render
from tests.conftest import EXAMPLES, example_files
from tests.render.test_html import hostile_answers

pytestmark = pytest.mark.browser

cdp = pytest.importorskip("tests.render.cdp", reason="websocket-client is not installed (pip install -e '.[dev]')")

CHECK = """
(() => {
  const visible = el => {
    if (!el) return false;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden"
      && style.display !== "none" && parseFloat(style.opacity) > 0;
  };
  const radar = document.querySelector("svg#radar");
  return JSON.stringify({
    radar: visible(radar),
    radarBox: radar ? [radar.getBoundingClientRect().width, radar.getBoundingClientRect().height] : null,
    current: visible(radar && radar.querySelector("polygon.current")),
    target: visible(radar && radar.querySelector("polygon.target")),
    axes: radar ? radar.querySelectorAll("text.axis-label").length : 0,
    cards: [...document.querySelectorAll(".symptom-card")].map(c => ({
      id: c.id, status: c.dataset.status, visible: visible(c),
      evidence: c.querySelectorAll("ul.evidence > li").length,
    })),
    heatmap: visible(document.querySelector("svg#heatmap")),
    heatmapBox: (h => h ? [h.getBoundingClientRect().width, h.getBoundingClientRect().height] : null)(
      document.querySelector("svg#heatmap")),
    heatCells: [...document.querySelectorAll("svg#heatmap g.cell rect")].filter(visible).length,
    heatRowLabels: [...document.querySelectorAll("svg#heatmap text.row-label")]
      .filter(t => visible(t) && t.getBoundingClientRect().left >= 0).length,
    heatMarked: [...document.querySelectorAll("svg#heatmap g.gap-high rect, svg#heatmap g.gap-low rect")]
      .map(r => getComputedStyle(r).stroke !== "none" && parseFloat(getComputedStyle(r).strokeWidth) > 1),
    gaps: [...document.querySelectorAll("ol.gaps > li")].filter(visible).length,
    scripts: document.scripts.length,
    pwned: window.pwned === true,
  });
})()
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    binary = cdp.find_chromium()
    if binary is None and os.environ.get("AIOPGAP_REQUIRE_BROWSER"):
        pytest.fail("AIOPGAP_REQUIRE_BROWSER is set (as in CI) but no chromium binary was found")
    if binary is None:
        pytest.skip(
            "no chromium binary found: install Debian's chromium (apt-get install chromium) or set AIOPGAP_CHROMIUM"
        )
    instance = cdp.Browser(binary)
    try:
        yield instance
    finally:
        instance.close()


def _open(browser: object, html_file: Path) -> tuple[dict[str, object], list[str], list[str]]:
    page = browser.page()  # type: ignore[attr-defined]
    try:
        page.open(html_file.as_uri())
        state = json.loads(page.evaluate(CHECK))
        shots = os.environ.get("AIOPGAP_SCREENSHOT_DIR")
        if shots:
            page.screenshot(Path(shots) / (html_file.stem + ".png"))
        return state, page.requests(), page.errors()
    finally:
        page.close()


@pytest.mark.parametrize("example", example_files(), ids=lambda p: p.stem)
def test_example_report_renders_in_chromium(browser: object, example: Path, tmp_path: Path) -> None:
    assessment = load_assessment(example)
    report = analyse(assessment.questionnaire, assessment.answers)
    html_file = tmp_path / f"{example.stem}.html"
    html_file.write_text(render(report, Format.html), encoding="utf-8")

    state, requests, errors = _open(browser, html_file)

    assert requests == [html_file.as_uri()], f"unexpected network requests: {requests}"
    assert errors == []
    assert state["radar"] is True
    assert state["current"] is True
    assert state["target"] is True  # every example sets a target per dimension
    assert state["axes"] == len(report.dimensions)
    width, height = state["radarBox"]  # type: ignore[misc]
    assert width > 200
    assert height > 150
    cards = state["cards"]
    assert [c["id"] for c in cards] == [f"symptom-{s.id}" for s in _card_order(report)]
    assert len(cards) == len(report.symptoms) == 6
    assert all(c["visible"] for c in cards), cards
    for card in cards:
        symptom = report.symptom(card["id"].removeprefix("symptom-"))
        assert symptom is not None
        assert card["status"] == symptom.status
        if symptom.status == "flagged":
            assert card["evidence"] == len(symptom.evidence) > 0
    assert state["scripts"] == 0


def test_workshop_heatmap_is_visible_in_chromium(browser: object, tmp_path: Path) -> None:
    example = EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"
    assessment = load_assessment(example)
    report = analyse(assessment.questionnaire, assessment.answers)
    assert report.workshop is not None
    html_file = tmp_path / "workshop.html"
    html_file.write_text(render(report, Format.html), encoding="utf-8")

    state, requests, errors = _open(browser, html_file)

    assert requests == [html_file.as_uri()], f"unexpected network requests: {requests}"
    assert errors == []
    assert state["heatmap"] is True
    width, height = state["heatmapBox"]  # type: ignore[misc]
    assert width > 400
    assert height > 150
    roles, dimensions = len(report.workshop.roles), len(report.workshop.dimensions)
    assert state["heatCells"] == roles * dimensions == 25
    assert state["heatRowLabels"] == roles  # no role label pushed off the left edge
    assert state["heatMarked"] == [True, True]  # the governance gap's two sides are outlined
    assert state["gaps"] == len(report.workshop.gaps) > 0
    assert state["scripts"] == 0


def _card_order(report: object) -> list[object]:
    symptoms = report.symptoms  # type: ignore[attr-defined]
    order = {"flagged": 0, "watch": 1, "not evaluable": 2, "not flagged": 3}
    return sorted(symptoms, key=lambda s: order[s.status])


def test_hostile_answers_stay_inert_in_chromium(browser: object, tmp_path: Path) -> None:
    answers = hostile_answers(tmp_path)
    assessment = load_assessment(answers)
    html_file = tmp_path / "hostile.html"
    html_file.write_text(render(analyse(assessment.questionnaire, assessment.answers), Format.html), encoding="utf-8")

    state, requests, errors = _open(browser, html_file)

    assert requests == [html_file.as_uri()], f"a payload made a request: {requests}"
    assert errors == []
    assert state["scripts"] == 0
    assert state["pwned"] is False


# --------------------------------------------------------------------------- the board pack layout

A4_WIDTH = 703
"""CSS pixels across an A4 page inside the report's print margins (210 mm less 2 x 12 mm, at 96 px per inch)."""

A4_HEIGHT = 1017
"""CSS pixels down an A4 page inside the report's print margins (297 mm less 2 x 14 mm)."""

MEDIA = {"screen": (1280, 900), "print": (A4_WIDTH, A4_HEIGHT)}

LAYOUT = """
(() => {
  const boxes = [];
  const add = (rect, text) => {
    if (rect.width > 0.5 && rect.height > 0.5) {
      boxes.push({l: rect.left, t: rect.top, r: rect.right, b: rect.bottom, text});
    }
  };
  for (const scope of document.querySelectorAll("#summary, main table")) {
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) add(rect, node.textContent.trim().slice(0, 50));
    }
  }
  for (const text of document.querySelectorAll("svg#radar text")) add(text.getBoundingClientRect(), text.textContent);
  const overlaps = [];
  const slack = 2;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      if (Math.min(a.r, b.r) - Math.max(a.l, b.l) > slack && Math.min(a.b, b.b) - Math.max(a.t, b.t) > slack) {
        overlaps.push([a.text, b.text]);
      }
    }
  }
  const appendix = document.querySelector("#appendix");
  const before = [];
  for (const el of document.querySelector("main").children) {
    if (el === appendix) break;
    before.push(el.innerText || el.textContent);
  }
  const summary = document.querySelector("#summary");
  const radar = document.querySelector("svg#radar");
  return JSON.stringify({
    top: summary ? summary.getBoundingClientRect().top + window.scrollY : null,
    bottom: summary ? summary.getBoundingClientRect().bottom + window.scrollY : null,
    radar: radar ? radar.getBoundingClientRect().width : 0,
    texts: boxes.length,
    overlaps: overlaps.slice(0, 10),
    appendix: appendix !== null,
    before: before.join("\\n"),
  });
})()
"""


def _board_examples() -> list[Path]:
    return [*example_files(), EXAMPLES / "workshop" / "orbital-insurance-2026-Q3.yaml"]


@pytest.fixture(scope="module")
def board_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[object, Path]]:
    folder = tmp_path_factory.mktemp("board")
    reports = {}
    for example in _board_examples():
        assessment = load_assessment(example)
        report = analyse(assessment.questionnaire, assessment.answers)
        html_file = folder / f"{example.stem}.html"
        html_file.write_text(render(report, Format.html), encoding="utf-8")
        reports[example.stem] = (report, html_file)
    return reports


def _laid_out(browser: object, html_file: Path, media: str) -> dict[str, Any]:
    """The layout of ``html_file`` at 1280 px on screen, or on an A4 page when printed; a full-page
    screenshot of it is kept under AIOPGAP_SCREENSHOT_DIR when that is set."""
    width, height = MEDIA[media]
    page = browser.page()  # type: ignore[attr-defined]
    try:
        page.send("Emulation.setEmulatedMedia", {"media": media})
        page.send(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        page.open(html_file.as_uri())
        layout: dict[str, Any] = json.loads(page.evaluate(LAYOUT))
        shots = os.environ.get("AIOPGAP_SCREENSHOT_DIR")
        if shots:
            Path(shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(Path(shots) / f"{html_file.stem}-{'1280' if media == 'screen' else 'a4'}.png")
        return layout
    finally:
        page.close()


def _thresholds(report: Any) -> set[str]:
    """Every rule threshold the report's symptoms and contradiction checks compare with (``≤ 1.5``)."""
    conditions = {e.condition for s in report.symptoms for e in s.signals}
    conditions |= {e.condition for c in report.contradictions for e in (*c.claim, *c.facts)}
    return {c.removeprefix("not ") for c in conditions if any(ch.isdigit() for ch in c)}


@pytest.mark.parametrize("media", list(MEDIA))
@pytest.mark.parametrize("stem", [p.stem for p in _board_examples()])
def test_board_pack_layout(browser: object, board_reports: dict[str, tuple[Any, Path]], stem: str, media: str) -> None:
    report, html_file = board_reports[stem]
    layout = _laid_out(browser, html_file, media)

    assert layout["bottom"] is not None, "the report has no summary"
    if media == "print":
        assert layout["top"] < A4_HEIGHT / 2, "the summary does not start on the first printed page"
        assert layout["bottom"] <= A4_HEIGHT, f"the summary runs past the first A4 page: {layout['bottom']} px"
    assert layout["radar"] >= 420, f"the radar is only {layout['radar']} px wide"
    assert layout["texts"] > 50  # the summary, the tables and the radar labels were all measured
    assert layout["overlaps"] == [], f"text overlaps other text: {layout['overlaps']}"
    assert layout["appendix"] is True
    before = layout["before"]
    assert report.organisation in before
    leaked = [q.id for q in report.questions() if q.id in before]
    assert leaked == [], f"question ids before the appendix: {leaked}"
    assert re.search(r"rule [<>≤≥]", before) is None
    assert [t for t in sorted(_thresholds(report)) if t in before] == []
