"""Ordering assessments by period, refusing duplicates, trajectories, sparklines, symptom timelines."""

from __future__ import annotations

from pathlib import Path

import pytest

from aiopgap.analysis.trend import build, order, symptom_timelines
from aiopgap.files.documents import catalogue
from aiopgap.model.errors import InputError
from aiopgap.model.report import Report
from tests.conftest import EXAMPLES, open_side
from tests.shapes import symptom

SERIES = sorted((EXAMPLES / "trend").glob("*.yaml"))


@pytest.fixture(scope="module")
def reports() -> list[tuple[str, Report]]:
    known = catalogue([])
    return [(str(p), open_side(p, known).report) for p in SERIES]


def _with(report: Report, **changes: str) -> Report:
    return report.model_copy(update=changes)


def test_order_sorts_files_given_in_any_order(reports: list[tuple[str, Report]]) -> None:
    shuffled = [reports[2], reports[0], reports[3], reports[1]]
    assert [r.period for _, r in order(shuffled)] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]


def test_order_refuses_the_same_period_twice_even_written_differently(reports: list[tuple[str, Report]]) -> None:
    file, report = reports[1]
    duplicate = ("copy.yaml", _with(report, period="Q1 2026"))
    with pytest.raises(InputError) as caught:
        order([*reports, duplicate])
    [problem] = caught.value.problems
    assert "Meridian Retail Group Q1 2026 is assessed twice" in problem.message
    assert file in problem.message


def test_order_refuses_mixed_organisations_and_unknown_periods(reports: list[tuple[str, Report]]) -> None:
    other = ("other.yaml", _with(reports[0][1], organisation="Northbank Financial", period="2027-Q1"))
    vague = ("vague.yaml", _with(reports[0][1], period="after the reorg"))
    with pytest.raises(InputError) as caught:
        order([*reports, other, vague])
    messages = " | ".join(p.message for p in caught.value.problems)
    assert "a trend follows one organisation" in messages
    assert "Northbank Financial (other.yaml)" in messages
    assert "cannot place period 'after the reorg'" in messages


def test_trend_of_the_example_series(reports: list[tuple[str, Report]]) -> None:
    trend = build([r for _, r in order(reports)])
    assert trend.periods == ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
    expected = {d.id: tuple(r.dimension(d.id).score for _, r in reports) for d in reports[-1][1].dimensions}  # type: ignore[union-attr]
    assert {s.id: s.scores for s in trend.dimensions} == expected
    structure = trend.dimension("structure")
    assert structure is not None
    q1, q2 = structure.scores[1], structure.scores[2]
    assert q1 is not None
    assert q2 is not None
    assert q2 < q1  # the April reorganisation shows as a dip
    first, last = structure.scores[0], structure.scores[-1]
    assert first is not None
    assert last is not None
    assert structure.change.delta == pytest.approx(last - first, abs=1e-3)
    assert structure.target == 3
    assert trend.overall.scores == tuple(r.score for _, r in reports)
    assert all(earlier < later for earlier, later in zip(trend.overall.scores, trend.overall.scores[1:], strict=False))  # type: ignore[operator]


def test_symptom_timeline_records_when_symptoms_appear_and_resolve() -> None:
    periods = ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
    per_period = [
        [symptom("slow", "Slow decisions", "flagged"), symptom("pilots", "Pilots not scaling", "not flagged")],
        [symptom("slow", "Slow decisions", "flagged"), symptom("pilots", "Pilots not scaling", "flagged")],
        [symptom("slow", "Slow decisions", "not flagged"), symptom("pilots", "Pilots not scaling", "not evaluable")],
        [symptom("slow", "Slow decisions", "not flagged"), symptom("pilots", "Pilots not scaling", "not flagged")],
    ]
    timelines = {t.id: t for t in symptom_timelines(periods, per_period)}
    assert timelines["slow"].appeared == ("2025-Q4",)
    assert timelines["slow"].resolved == ("2026-Q2",)
    assert timelines["pilots"].appeared == ("2026-Q1",)
    # not evaluable in Q2 is not a resolution; Q3 is
    assert timelines["pilots"].resolved == ("2026-Q3",)
    assert timelines["pilots"].statuses == ("not flagged", "flagged", "not evaluable", "not flagged")


def test_symptoms_never_flagged_are_left_out_of_the_timeline() -> None:
    assert symptom_timelines(["a", "b"], [[symptom("x", "X", "not flagged")], []]) == ()


def test_example_series_last_quarter_is_the_top_level_example() -> None:
    assert (EXAMPLES / "trend" / "meridian-2026-Q3.yaml").read_bytes() == Path(
        EXAMPLES / "meridian-2026-Q3.yaml"
    ).read_bytes()


def test_a_symptom_unjudgeable_for_a_period_has_not_reappeared() -> None:
    periods = ["a", "b", "c"]
    per_period = [[symptom("x", "X", "flagged")], [symptom("x", "X", "not evaluable")], [symptom("x", "X", "flagged")]]
    [timeline] = symptom_timelines(periods, per_period)
    assert (timeline.appeared, timeline.resolved) == (("a",), ())


def test_watch_is_not_flagged_in_the_timeline() -> None:
    periods = ["a", "b", "c", "d"]
    per_period = [
        [symptom("x", "X", "flagged"), symptom("y", "Y", "not flagged"), symptom("z", "Z", "not flagged")],
        [symptom("x", "X", "watch"), symptom("y", "Y", "watch"), symptom("z", "Z", "not flagged")],
        [symptom("x", "X", "flagged"), symptom("y", "Y", "watch"), symptom("z", "Z", "not flagged")],
        [symptom("x", "X", "not flagged"), symptom("y", "Y", "not flagged"), symptom("z", "Z", "not flagged")],
    ]
    timelines = {t.id: t for t in symptom_timelines(periods, per_period)}
    # flagged -> watch resolves, watch -> flagged appears again
    assert (timelines["x"].appeared, timelines["x"].resolved) == (("a", "c"), ("b", "d"))
    # a symptom only ever on watch is shown (a near miss over time) but never appeared nor resolved
    assert timelines["y"].statuses == ("not flagged", "watch", "watch", "not flagged")
    assert (timelines["y"].appeared, timelines["y"].resolved) == ((), ())
    assert "z" not in timelines


def test_confidence_and_contradictions_per_period(reports: list[tuple[str, Report]]) -> None:
    ordered = [r for _, r in reports]
    old = ordered[0].model_copy(update={"confidence": None, "contradictions": ()})
    middle = ordered[1].model_copy(update={"confidence": 0.25})
    last = ordered[2].model_copy(update={"confidence": 0.4})
    trend = build([old, middle, last])
    assert trend.confidence == (None, 0.25, 0.4)
    assert (trend.confidence_change.old, trend.confidence_change.new) == (0.25, 0.4)
    assert trend.confidence_change.delta == pytest.approx(0.15)
    # the example series carries every contradiction check, none contradicted; the old report carries none
    assert trend.contradictions == (None, 0, 0)
    assert build([middle]).confidence_change.direction == "new"  # one period: no change to speak of
