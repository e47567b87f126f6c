"""Hand-edited plan files with every kind of mistake: a located problem and exit 2, never a traceback.

A plan file (``aiopgap.plan/1``) is committed and edited by hand, so it is attacked as answers files
are (test_input.py): wrong types, numbers at the limits, control characters, unknown ids, moves out
of order, 10,000 moves, and hostile scalars in every position (more under HYPOTHESIS_PROFILE=ci).
"""

from __future__ import annotations

import copy
import functools
import re
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from aiopgap.analysis.periods import quarters_after
from aiopgap.analysis.plan import make_plan
from aiopgap.analysis.report import analyse
from aiopgap.files.documents import load_assessment
from aiopgap.files.plan_file import plan_to_yaml
from tests.conftest import EXAMPLES, examples
from tests.trust.test_input import assert_handled, cli, hostile_scalar, substituted

MERIDIAN = EXAMPLES / "meridian-2026-Q3.yaml"
LOCATED = re.compile(r"plan\.yaml:(\d+)(:\d+)?: ")


@functools.cache
def base_text() -> str:
    """The plan made from the Meridian example: four quarters, two moves each."""
    assessment = load_assessment(MERIDIAN)
    report = analyse(assessment.questionnaire, assessment.answers)
    periods = quarters_after(report.period, 4)
    assert periods is not None
    return plan_to_yaml(make_plan(assessment.questionnaire, report, periods, 2), "meridian-2026-Q3.yaml")


def base() -> dict[str, Any]:
    data = yaml.safe_load(base_text())
    assert isinstance(data, dict)
    return data


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "plan.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, width=10**6, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, data: Any) -> tuple[str, list[int]]:
    """The message of a refused plan file, and the lines it names; exit 2 and located, or the test fails."""
    code, output = cli("plan", write(tmp_path, data))
    assert_handled(code, output, allowed=(2,))
    return output, [int(m.group(1)) for m in LOCATED.finditer(output)]


def line_of(path: Path, needle: str, nth: int = 0) -> int:
    lines = [i + 1 for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()) if needle in line]
    return lines[nth]


def move(practice: str) -> dict[str, Any]:
    return {"practice": practice, "step": "A step.", "from_level": 2.0, "to_level": 3.0}


def test_the_base_plan_is_accepted(tmp_path: Path) -> None:
    code, output = cli("plan", write(tmp_path, base_text()))
    assert code == 0, output


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.update(capacity=20),
        lambda d: d.update(
            quarters=[{**d["quarters"][-1], "period": f"{2027 + i // 4}-Q{i % 4 + 1}"} for i in range(20)]
        ),
        lambda d: d["quarters"][0]["expected"].update(ownership=4),
        lambda d: d["quarters"][0]["expected"].update(ownership=0),
        lambda d: d["quarters"][0]["moves"][0].update(step=None, from_level=None, to_level=None),
        lambda d: d["quarters"][0].update(moves=[]),
        lambda d: d.update(later=[]),
    ],
)
def test_values_at_the_limits_are_accepted(tmp_path: Path, mutate: Callable[[dict[str, Any]], Any]) -> None:
    data = base()
    data["quarters"][-1]["moves"] = []  # any quarter may then be copied without breaking an order
    mutate(data)
    code, output = cli("plan", write(tmp_path, data), "-f", "json")
    assert code == 0, output


def test_a_move_in_the_quarter_of_its_prerequisite_is_located_at_the_move(tmp_path: Path) -> None:
    data = base()
    data["capacity"] = 3
    data["quarters"][0]["moves"].append(move("portfolio-investment"))  # builds on end-to-end-ownership
    output, lines = refused(tmp_path, data)
    assert "builds on 'end-to-end-ownership', which still has a move in '2026-Q4'" in output
    assert line_of(tmp_path / "plan.yaml", "practice: portfolio-investment") in lines


def test_a_quarter_over_capacity_is_located_at_its_first_move_too_many(tmp_path: Path) -> None:
    data = base()
    data["capacity"] = 1
    output, lines = refused(tmp_path, data)
    assert "'2026-Q4' holds 2 moves, more than the capacity of 1" in output
    assert line_of(tmp_path / "plan.yaml", "practice: end-to-end-ownership") in lines


def test_a_prerequisite_moved_after_its_dependant_is_located(tmp_path: Path) -> None:
    data = base()
    data["quarters"][-1]["moves"].append(move("learning-metrics"))
    data["capacity"] = 3
    output, lines = refused(tmp_path, data)
    assert "builds on 'learning-metrics', which still has a move in '2027-Q3'" in output
    assert lines


@pytest.mark.parametrize(
    ("mutate", "said"),
    [
        (lambda d: d.update(capacity=1), "holds 2 moves, more than the capacity of 1"),
        (lambda d: d["quarters"][0]["moves"].__setitem__(1, move("embedded-guardrails")), "second move in '2026-Q4'"),
        (lambda d: d["quarters"][0]["moves"].__setitem__(0, move("crystal-balls")), "unknown practice 'crystal-balls'"),
        (lambda d: d["later"].append(move("crystal-balls")), "unknown practice 'crystal-balls'"),
        (lambda d: d["quarters"][1]["expected"].update(vibes=2.0), "unknown dimension 'vibes'"),
        (lambda d: d["targets"].update(vibes=2.0), "unknown dimension 'vibes'"),
        (lambda d: d["quarters"][1].update(period="next spring"), "cannot place period 'next spring'"),
        (lambda d: d["baseline"].update(period="last year"), "cannot place period 'last year'"),
        (lambda d: d["quarters"][2].update(period="2026-Q4"), "must come after the quarter before it, '2027-Q1'"),
        (lambda d: d["quarters"][0].update(period="2026-Q2"), "must come after the baseline, '2026-Q3'"),
        (lambda d: d["quarters"][0].update(period="2026-Q3"), "must come after the baseline"),
        (lambda d: d["quarters"][0]["expected"].update(ownership=4.5), "above the questionnaire's scale (0 to 4)"),
        (lambda d: d["quarters"][0]["moves"][0].update(to_level=7), "above the questionnaire's scale"),
        (lambda d: d["quarters"][0]["expected"].update(ownership=-0.5), "ownership"),
        (lambda d: d["baseline"].update(overall=10.0001), "overall"),
        (lambda d: d.update(capacity="two"), "capacity"),
        (lambda d: d.update(capacity=2.5), "capacity"),
        (lambda d: d.update(capacity=True), "capacity"),
        (lambda d: d.update(capacity=0), "capacity"),
        (lambda d: d.update(capacity=21), "capacity"),
        (lambda d: d.update(quarters=[]), "quarters"),
        (lambda d: d.update(quarters=d["quarters"] * 6), "quarters"),
        (lambda d: d.update(quarters={"a": 1}), "quarters"),
        (lambda d: d["quarters"][0].update(moves="all of them"), "moves"),
        (lambda d: d.update(later=5), "later"),
        (lambda d: d.update(surprise=True), "surprise"),
        (lambda d: d.pop("assumption"), "assumption"),
        (lambda d: d.update(format="aiopgap.plan/2"), "expected a plan file"),
        (lambda d: d.update(questionnaire={"id": "aiopgap-default", "version": "9.0.0"}), "9.0.0"),
        (lambda d: d["quarters"][0]["moves"][0].update(practice="Not A Slug"), "practice"),
        (lambda d: d["quarters"][0]["moves"][0].update(from_level=float("nan")), "from_level"),
        (lambda d: d["quarters"][0]["moves"][0].update(from_level=float("inf")), "from_level"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_kind_of_mistake_is_located(tmp_path: Path, mutate: Callable[[dict[str, Any]], Any], said: str) -> None:
    data = base()
    mutate(data)
    output, lines = refused(tmp_path, data)
    assert said in output
    assert lines, output


@pytest.mark.parametrize("text", ["", "[]", "just text", "format: aiopgap.plan/1\n", "{format: aiopgap.plan/1, x: [}"])
def test_not_a_plan_at_all(tmp_path: Path, text: str) -> None:
    code, output = cli("plan", write(tmp_path, text))
    assert_handled(code, output, allowed=(2,))


def test_control_characters_and_markup_in_user_text_stay_inert(tmp_path: Path) -> None:
    data = base()
    data["organisation"] = "Acme\x1b[31m <script>alert(1)</script> | *bold* \u202e"
    data["quarters"][0]["moves"][0]["step"] = "<img src=x onerror=alert(1)> | pipe"
    path = write(tmp_path, data)
    code, html = cli("plan", path, "-f", "html")
    assert code == 0, html
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    code, markdown = cli("plan", path, "-f", "markdown")
    assert code == 0
    assert "<script>" not in markdown
    assert "\x1b" not in markdown
    assert "\\|" in markdown
    code, terminal = cli("plan", path)
    assert code == 0
    assert "\x1b[31m" not in terminal


def test_ten_thousand_moves_are_refused_quickly(tmp_path: Path) -> None:
    data = base()
    data["quarters"][0]["moves"] = [move("embedded-guardrails")] * 10_000
    start = time.monotonic()
    output, _ = refused(tmp_path, data)
    assert time.monotonic() - start < 30
    assert "more than the capacity of 2" in output
    assert len(output.splitlines()) <= 210  # the first problems, not ten thousand


def test_ten_thousand_later_moves_are_read(tmp_path: Path) -> None:
    data = base()
    data["later"] = [move("cross-functional-teams")] * 10_000
    start = time.monotonic()
    code, output = cli("plan", write(tmp_path, data), "-f", "json")
    assert code == 0, output[-500:]
    assert time.monotonic() - start < 30


@settings(max_examples=examples(30, 2000))
@given(index=st.integers(0, 10**6), scalar=hostile_scalar)
def test_hostile_scalar_in_any_position_of_a_plan_file(index: int, scalar: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "source.yaml"
        source.write_text(base_text(), encoding="utf-8")
        target = write(Path(folder), substituted(source, index, scalar))
        assert_handled(*cli("plan", target, "-f", "json"))


values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)


@settings(max_examples=examples(30, 2000))
@given(path=st.lists(st.integers(0, 50), min_size=1, max_size=5), value=values)
def test_any_value_at_any_place_of_a_plan_file(path: list[int], value: Any) -> None:
    """Replace one node (chosen by walking ``path`` through the plan) with any value."""
    data = base()
    node: Any = data
    for step in path[:-1]:
        children = list(node.values()) if isinstance(node, dict) else node if isinstance(node, list) else []
        if not children or not isinstance(children[step % len(children)], dict | list):
            break
        node = children[step % len(children)]
    if isinstance(node, dict) and node:
        node[list(node)[path[-1] % len(node)]] = copy.deepcopy(value)
    elif isinstance(node, list) and node:
        node[path[-1] % len(node)] = copy.deepcopy(value)
    with tempfile.TemporaryDirectory() as folder:
        assert_handled(*cli("plan", write(Path(folder), data), "-f", "json"))
