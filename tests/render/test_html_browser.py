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
from collections.abc import Iterator
from pathlib import Path

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
