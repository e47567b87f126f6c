"""``diff`` and ``trend`` end to end: CliRunner in-process and real ``python -m aiopgap`` processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from aiopgap.model.diff import Diff
from aiopgap.model.trend import Trend
from tests.cli.test_cli import run_cli, run_process
from tests.commands.test_check import evidenced_answers
from tests.conftest import EXAMPLES, FIXTURES

SERIES = EXAMPLES / "trend"
Q1, Q2, Q3 = (SERIES / f"meridian-2026-Q{n}.yaml" for n in (1, 2, 3))
MINI_12 = FIXTURES / "mini-questionnaire.yaml"
MINI_13 = FIXTURES / "mini-questionnaire-1.3.yaml"


def test_help_lists_the_new_commands(tmp_path: Path) -> None:
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "diff" in out
    assert "trend" in out
    code, out, _ = run_cli("diff", "--help")
    assert code == 0
    assert "--fail-on-regression" in out
    assert run_cli("diff", Q1, Q2, "-f", "html", "-o", tmp_path / "d.html")[0] == 0
    assert run_cli("diff", Q1, Q2, "-f", "pdf")[0] == 2


def test_terminal_diff_of_two_example_quarters() -> None:
    code, out, _ = run_cli("diff", Q2, Q3)
    assert code == 0
    assert "Meridian Retail Group  ·  2026-Q2 → 2026-Q3" in out
    assert "Overall 1.71 → 1.98 / 4" in out
    assert "Questions that changed" in out
    assert "structure.persistent-teams" in out


def test_json_diff_is_a_versioned_document_with_the_deltas() -> None:
    code, out, _ = run_cli("diff", Q1, Q2, "--format", "json")
    assert code == 0
    assert json.loads(out)["format"] == "aiopgap.diff/1"
    diff = Diff.model_validate_json(out)
    structure = diff.dimension("structure")
    assert structure is not None
    assert structure.score.direction == "down"
    assert structure.score.delta == pytest.approx(-0.2, abs=1e-3)


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
def test_diff_and_trend_outputs_are_byte_identical_across_runs(fmt: str, tmp_path: Path) -> None:
    for command in (["diff", Q2, Q3], ["trend", SERIES]):
        first, second = tmp_path / f"{command[0]}-1", tmp_path / f"{command[0]}-2"
        assert run_cli(*command, "-f", fmt, "-o", first)[0] == 0
        proc = run_process(*command, "-f", fmt, "-o", second)
        assert proc.returncode == 0, proc.stderr
        assert first.read_bytes() == second.read_bytes()
        assert len(first.read_bytes()) > 500


def test_regression_gate_exit_codes_in_a_real_process() -> None:
    dropped = run_process("diff", Q1, Q2, "--fail-on-regression", "-f", "json")
    assert dropped.returncode == 1
    assert "regression Team structure dropped 0.20 (1.90 → 1.70)" in dropped.stderr
    assert Diff.model_validate_json(dropped.stdout).new.period == "2026-Q2"  # the diff is still written
    tolerated = run_process("diff", Q1, Q2, "--fail-on-regression", "--tolerance", "0.25", "-f", "json")
    assert tolerated.returncode == 0
    assert "no dimension dropped by more than 0.25" in tolerated.stderr
    improved = run_process("diff", Q2, Q3, "--fail-on-regression", "-f", "json")
    assert improved.returncode == 0
    assert run_process("diff", Q1, Q2, "-f", "json").returncode == 0  # no gate, no failure


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tolerance", "0.1"], "--tolerance only applies together with --fail-on-regression"),
        (["--fail-on-regression", "--tolerance", "-1"], "--tolerance must be zero or more"),
    ],
)
def test_bad_gate_options_are_usage_errors(args: list[str], message: str) -> None:
    code, _, err = run_cli("diff", Q1, Q2, *args)
    assert code == 2
    assert message in err


def _json_report(answers: Path, questionnaire: Path, target: Path) -> Path:
    code, _, err = run_cli("report", answers, "-Q", questionnaire, "-f", "json", "-o", target)
    assert code == 0, err
    return target


def test_diff_of_json_reports_across_questionnaire_versions(tmp_path: Path) -> None:
    old = _json_report(FIXTURES / "mini-answers.yaml", MINI_12, tmp_path / "q2.json")
    new = _json_report(FIXTURES / "mini-answers-1.3.yaml", MINI_13, tmp_path / "q3.json")
    code, out, _ = run_cli("diff", old, new, "-Q", MINI_13, "-f", "json")
    assert code == 0
    diff = Diff.model_validate_json(out)
    renamed = diff.question("ownership.budget-holder")
    assert renamed is not None
    assert (renamed.kind, renamed.old_ids) == ("renamed", ("ownership.budget",))
    assert diff.notes == ()
    # without the newer questionnaire the ids cannot be mapped: said plainly, nothing compared wrongly
    code, out, _ = run_cli("diff", old, new, "-f", "json")
    assert code == 0
    unmapped = Diff.model_validate_json(out)
    assert any("mini 1.3.0 (NEW) was not found" in note for note in unmapped.notes)
    budget = unmapped.question("ownership.budget")
    assert budget is not None
    assert budget.kind == "removed"


def test_answers_files_on_two_questionnaire_versions_with_repeated_questionnaire_option() -> None:
    code, out, err = run_cli(
        "diff", FIXTURES / "mini-answers.yaml", FIXTURES / "mini-answers-1.3.yaml", "-Q", MINI_12, "-Q", MINI_13,
        "-f", "markdown",
    )  # fmt: skip
    assert code == 0, err
    assert "*(renamed from ownership.budget)*" in out
    assert "*(split from metrics.override)*" in out
    assert "*(no longer asked)*" in out
    assert "| **Metrics** | 1.00 → 2.00 | ▲ +1.00 | Low → Middle |" in out


def test_diff_html_is_self_contained_escaped_and_charts_each_dimension(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(Q2.read_text().replace("Privacy and fairness reviews", "<script>alert(1)</script> reviews"))
    code, out, _ = run_cli("diff", old, Q3, "-f", "html")
    assert code == 0
    assert out.startswith("<!DOCTYPE html>")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; reviews" in out
    assert out.count("<svg") == 5
    assert "http://" not in out
    assert "https://" not in out


def test_trend_of_a_folder_in_every_format(tmp_path: Path) -> None:
    code, out, _ = run_cli("trend", SERIES)
    assert code == 0
    assert "2025-Q4" in out
    assert "2026-Q3" in out
    assert "▃" in out or "▄" in out  # sparklines
    code, out, _ = run_cli("trend", SERIES, "-f", "json")
    trend = Trend.model_validate_json(out)
    assert trend.periods == ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3")
    code, out, _ = run_cli("trend", SERIES, "-f", "markdown")
    assert "| Team structure | `" in out
    code, out, _ = run_cli("trend", SERIES, "-f", "html")
    assert out.count("<svg") == 6  # overall and five dimensions
    assert "<polyline" in out
    assert "http" not in out


def test_trend_accepts_files_and_reports_in_any_order(tmp_path: Path) -> None:
    q2_json = tmp_path / "q2.json"
    assert run_cli("report", Q2, "-f", "json", "-o", q2_json)[0] == 0
    code, out, _ = run_cli("trend", Q3, q2_json, Q1, "-f", "json")
    assert code == 0
    assert Trend.model_validate_json(out).periods == ("2026-Q1", "2026-Q2", "2026-Q3")


def test_trend_refuses_duplicates_and_single_assessments(tmp_path: Path) -> None:
    folder = tmp_path / "series"
    folder.mkdir()
    for source in (Q1, Q2):
        shutil.copy(source, folder / source.name)
    shutil.copy(Q2, folder / "meridian-copy.yaml")
    shutil.copy(MINI_12, folder / "questionnaire.yaml")  # skipped: a questionnaire is not an assessment
    proc = run_process("trend", folder)
    assert proc.returncode == 2
    assert "Meridian Retail Group 2026-Q2 is assessed twice" in proc.stderr
    assert "Traceback" not in proc.stderr
    code, _, err = run_cli("trend", Q1)
    assert code == 2
    assert "a trend needs at least two assessments" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_cli("trend", empty)
    assert code == 2
    assert "no answers files or JSON reports" in err


def test_bad_input_to_diff_is_one_located_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(Q2.read_text().replace("structure.team-composition:", "structure.team-compositon:"))
    proc = run_process("diff", bad, Q3)
    assert proc.returncode == 2
    assert f"{bad}:" in proc.stderr
    assert "did you mean 'structure.team-composition'" in proc.stderr
    assert proc.stdout == ""


def test_a_diff_run_backwards_says_so() -> None:
    code, out, _ = run_cli("diff", Q3, Q2, "-f", "json")
    assert code == 0
    assert (
        "OLD (2026-Q3) is later than NEW (2026-Q2), so every change reads backwards"
        in Diff.model_validate_json(out).notes
    )


# ------------------------------------------------------------ symptoms and initiatives on the example series
# Hand-checked against `aiopgap report examples/trend/meridian-<period>.yaml -f json`: the question scores are the
# medians of Ana's and Claire's levels, the facts come from each quarter's `initiatives:` list (stuck = over 9 months).

Q4 = SERIES / "meridian-2025-Q4.yaml"


def _symptoms(diff: Diff) -> dict[str, tuple[str, tuple[str, ...]]]:
    return {s.id: (s.change, tuple(e.text for e in s.evidence_changes)) for s in diff.symptoms}


def test_diff_json_shows_the_symptom_that_appears_and_those_that_resolve_with_their_evidence() -> None:
    code, out, _ = run_cli("diff", Q1, Q2, "-f", "json")
    assert code == 0
    diff = Diff.model_validate_json(out)
    symptoms = _symptoms(diff)
    # the personalisation data scientists went back to central analytics in April (Claire 2 -> 1 on both questions):
    # the core signal (accountability at most 2) and two of the rule's conditions hold; in Q1 it was on watch
    assert symptoms["data-science-disconnected"] == (
        "appeared",
        (
            "ownership.data-science-outcome-accountability: 2 → 1.5 (rule ≤ 2)",
            "ownership.data-science-outcome-accountability: 2 → 1.5 (rule ≤ 1.5)",
            "structure.data-science-placement: 2 → 1.5 (rule ≤ 1.5)",
        ),
    )
    # personalised offers reached production and returns fraud scoring was retired: 3 of 7 live, no pilot over 9 months
    assert symptoms["pilots-not-scaling"] == (
        "resolved",
        (
            "process.pilot-to-production: 1.5 → 2 (rule ≤ 1.5)",
            "pilot_conversion: 2 of 6 (33%) → 3 of 7 (43%) (rule < 0.35)",
            "stuck_pilots: 2 of 4 pilots → 0 of 4 pilots (rule ≥ 2)",
            "process.scale-path: 1.5 → 2 (rule ≤ 1.5)",
        ),
    )
    # vendor-led work fell to 2 of 7, below the 40% the rule needs
    vendor = next(s for s in diff.symptoms if s.id == "vendor-driven-strategy")
    assert (vendor.change, vendor.status_old, vendor.status_new) == ("resolved", "flagged", "not flagged")
    assert "vendor_led_share: 3 of 7 (43%) → 2 of 7 (29%) (rule ≥ 0.4)" in symptoms["vendor-driven-strategy"][1]
    assert "unclear-ownership" not in symptoms  # flagged in neither quarter
    assert [s.change for s in diff.symptoms] == ["appeared", "persists", "persists", "resolved", "resolved"]
    # in Q1 accountability rose to 2: the core signal (at most 2) still held but the rule no longer did, a near
    # miss: flagged -> watch is resolved, and the diff says which state it moved to
    code, out, _ = run_cli("diff", Q4, Q1, "-f", "json")
    assert code == 0
    moved = {s.id: (s.change, s.status_old, s.status_new) for s in Diff.model_validate_json(out).symptoms}
    assert moved["data-science-disconnected"] == ("resolved", "flagged", "watch")
    assert moved["unclear-ownership"] == ("resolved", "flagged", "not flagged")


def test_a_persisting_symptom_pairs_its_evidence_by_condition() -> None:
    code, out, _ = run_cli("diff", Q2, Q3, "-f", "json")
    assert code == 0
    diff = Diff.model_validate_json(out)
    slow = next(s for s in diff.symptoms if s.id == "slow-decisions")
    assert slow.change == "persists"
    assert [(e.ref, e.old, e.new, e.change) for e in slow.evidence_changes] == [
        ("governance.decision-consistency", "1.5", "1.5", "same"),
        ("governance.risk-tiering", "1", "1.5", "changed"),
        ("structure.embedded-risk-partners", "1", "1", "same"),
        ("governance.decision-latency", "1.5", "2", "gone"),  # no longer triggers: the board now meets fortnightly
    ]
    assert slow.evidence_changes[1].text == "governance.risk-tiering: 1 → 1.5 (rule ≤ 1.5)"
    # new/gone are kept for conditions that trigger on one side only; a paired condition is in neither
    assert slow.evidence_added == ()
    assert slow.evidence_removed == ("governance.decision-latency: 1.5 (rule ≤ 1.5)",)
    assert _symptoms(diff)["data-science-disconnected"] == (
        "resolved",
        (
            "ownership.data-science-outcome-accountability: 1.5 → 2.5 (rule ≤ 2)",
            "ownership.data-science-outcome-accountability: 1.5 → 2.5 (rule ≤ 1.5)",
            "structure.data-science-placement: 1.5 → 2.5 (rule ≤ 1.5)",
        ),
    )


def test_diff_markdown_rows_for_symptoms_and_initiatives_in_a_real_process() -> None:
    proc = run_process("diff", Q2, Q3, "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert (
        "| persists | Slow or inconsistent decisions | governance.decision-consistency: 1.5 (rule ≤ 1.5), unchanged<br>"
        "governance.risk-tiering: 1 → 1.5 (rule ≤ 1.5)<br>structure.embedded-risk-partners: 1 (rule ≤ 1), unchanged<br>"
        "gone: governance.decision-latency: 1.5 → 2 (rule ≤ 1.5) |"
    ) in out
    assert (
        "| resolved | Data science disconnected from outcomes | "
        "ownership.data-science-outcome-accountability: 1.5 → 2.5 (rule ≤ 2)<br>"
        "ownership.data-science-outcome-accountability: 1.5 → 2.5 (rule ≤ 1.5)<br>"
        "structure.data-science-placement: 1.5 → 2.5 (rule ≤ 1.5) |"
    ) in out
    initiatives = out[out.index("## Initiatives") : out.index("## Questions that changed")]
    assert [line for line in initiatives.splitlines() if line.startswith("| ") and "Initiative" not in line] == [
        "| moved | Personalised offers | production → scaled |",
        "| moved | Clienteling recommendations | pilot → production |",
        "| new | Generated product descriptions | – → idea |",
        "| dropped | Returns fraud scoring | retired → – |",
    ]
    appeared = run_process("diff", Q1, Q2, "--format", "markdown")
    assert appeared.returncode == 0, appeared.stderr
    assert (
        "| appeared (watch → flagged) | Data science disconnected from outcomes | "
        "ownership.data-science-outcome-accountability: 2 → 1.5 (rule ≤ 2)<br>"
    ) in appeared.stdout
    resolved = run_process("diff", Q4, Q1, "--format", "markdown")
    assert "| resolved (flagged → watch) | Data science disconnected from outcomes | " in resolved.stdout


def test_initiatives_move_appear_and_retire_across_the_series() -> None:
    def moves(old: Path, new: Path) -> list[tuple[str, str, str | None, str | None]]:
        code, out, _ = run_cli("diff", old, new, "-f", "json")
        assert code == 0
        return [(i.change, i.name, i.stage_old, i.stage_new) for i in Diff.model_validate_json(out).initiatives]

    assert moves(Q4, Q1) == [
        ("moved", "Site search ranking", "pilot", "production"),
        ("moved", "Clienteling recommendations", "idea", "pilot"),
        ("new", "Store labour scheduling", None, "idea"),
    ]
    assert moves(Q1, Q2) == [
        ("moved", "Demand forecasting", "production", "scaled"),
        ("moved", "Personalised offers", "pilot", "production"),
        ("moved", "Store labour scheduling", "idea", "pilot"),
        ("new", "Loyalty pricing", None, "pilot"),
        ("retired", "Returns fraud scoring", "pilot", "retired"),
    ]
    assert moves(Q2, Q3)[-1] == ("dropped", "Returns fraud scoring", "retired", None)


def test_terminal_diff_lists_symptom_and_initiative_changes() -> None:
    proc = run_process("diff", Q1, Q2)
    assert proc.returncode == 0, proc.stderr
    assert "appeared" in proc.stdout
    assert "Data science disconnected from outcomes" in proc.stdout
    assert "stuck_pilots: 2 of 4 pilots → 0 of 4 pilots (rule ≥ 2)" in proc.stdout
    assert "pilot → retired" in proc.stdout


TIMELINE = {
    # id: (statuses 2025-Q4 .. 2026-Q3, appeared, resolved)
    # a symptom moving from flagged to watch (◐) has resolved: watch is not flagged
    "pilots-not-scaling": ("●●○○", ("2025-Q4",), ("2026-Q2",)),
    "unclear-ownership": ("●○○○", ("2025-Q4",), ("2026-Q1",)),
    "slow-decisions": ("●●●●", ("2025-Q4",), ()),
    "data-science-disconnected": ("●◐●○", ("2025-Q4", "2026-Q2"), ("2026-Q1", "2026-Q3")),
    "roadmap-uncertainty": ("●●●●", ("2025-Q4",), ()),
    "vendor-driven-strategy": ("●●○○", ("2025-Q4",), ("2026-Q2",)),
}


def test_trend_symptom_timeline_json() -> None:
    code, out, _ = run_cli("trend", SERIES, "-f", "json")
    assert code == 0
    marks = {"flagged": "●", "watch": "◐", "not flagged": "○"}
    timeline = {
        s.id: ("".join(marks[str(st)] for st in s.statuses), s.appeared, s.resolved)
        for s in Trend.model_validate_json(out).symptoms
    }
    assert timeline == TIMELINE


def test_trend_symptom_timeline_markdown_and_html_in_a_real_process() -> None:
    proc = run_process("trend", SERIES, "-f", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert (
        "| Data science disconnected from outcomes | ● | ◐ | ● | ○ | 2025-Q4, 2026-Q2 | 2026-Q1, 2026-Q3 |"
        in proc.stdout
    )
    assert "● flagged, ◐ watch, ○ not flagged, ? not evaluable, · not reported that period" in proc.stdout
    assert "| Vendors driving strategy by default | ● | ● | ○ | ○ | 2025-Q4 | 2026-Q2 |" in proc.stdout
    assert "| Many pilots, few scaled products | ● | ● | ○ | ○ | 2025-Q4 | 2026-Q2 |" in proc.stdout
    assert "| Slow or inconsistent decisions | ● | ● | ● | ● | 2025-Q4 | – |" in proc.stdout
    html = run_process("trend", SERIES, "-f", "html")
    assert html.returncode == 0, html.stderr
    timeline = html.stdout[html.stdout.index("<h2>Symptom timeline</h2>") :]
    assert timeline.count("<tr><td>") == len(TIMELINE)
    assert "<td>Data science disconnected from outcomes</td>" in timeline
    assert "<td>2025-Q4, 2026-Q2</td><td>2026-Q1, 2026-Q3</td>" in timeline
    assert '<td class="mark watch" title="watch">◐</td>' in timeline
    assert "◐ watch" in timeline


def test_readme_excerpts_are_the_real_output() -> None:
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Comparing quarters") :]
    diff_block, trend_block = (block.split("```")[0] for block in section.split("```markdown\n")[1:3])
    code, out, _ = run_cli("diff", Q2, Q3, "--format", "markdown")
    assert code == 0
    assert "## Symptoms" in diff_block
    assert "## Initiatives" in diff_block
    assert diff_block in out
    code, out, _ = run_cli("trend", SERIES, "--format", "markdown")
    assert code == 0
    assert all(line in out.splitlines() for line in trend_block.splitlines())


# ------------------------------------------------------------ confidence and contradictions over time
# Built from Meridian 2026-Q3 with hand-added evidence (tests/commands/test_check.py, evidenced_answers): in
# 2026-Q3 the strategy claim (both respondents at 3) meets 4 of 8 vendor-led initiatives and is contradicted;
# by 2026-Q4 Ana rates strategy ownership 2 (median 2.5) and only the two original initiatives are vendor-led.

OLD_REPORT = FIXTURES / "meridian-2026-Q2-report-before-evidence.json"
"""A JSON report written by aiopgap before evidence existed (no confidence, no contradiction checks)."""


def _quarters(folder: Path) -> tuple[Path, Path]:
    q3 = evidenced_answers(folder, period="2026-Q3")
    q4 = evidenced_answers(folder, period="2026-Q4", contradicted=False, assessed_on="2026-12-10")
    data = yaml.safe_load(q4.read_text(encoding="utf-8"))
    claire = data["respondents"][1]["answers"]
    for question in ("ownership.owner-decision-rights", "ownership.lifecycle-accountability"):
        level = claire[question]["level"] if isinstance(claire[question], dict) else claire[question]
        claire[question] = {"level": level, "evidence": [{"kind": "observed", "date": "2026-12-10"}]}
    q4.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return q3, q4


def _report(path: Path) -> dict[str, object]:
    code, out, _ = run_cli("report", path, "-f", "json")
    assert code == 0
    report: dict[str, object] = json.loads(out)
    return report


def test_diff_shows_confidence_moving_and_a_contradiction_resolving(tmp_path: Path) -> None:
    q3, q4 = _quarters(tmp_path)
    before, after = _report(q3), _report(q4)
    code, out, _ = run_cli("diff", q3, q4, "-f", "json")
    assert code == 0
    diff = Diff.model_validate_json(out)
    assert (diff.confidence.old, diff.confidence.new) == (before["confidence"], after["confidence"])
    assert diff.confidence.direction == "up"
    ownership, structure = diff.dimension("ownership"), diff.dimension("structure")
    assert ownership is not None
    assert structure is not None
    assert ownership.confidence.direction == "up"  # Claire was observed on two ownership questions
    assert structure.confidence.direction == "same"
    assert diff.evidenced_score.direction == "up"
    [contradiction] = diff.contradictions
    assert (contradiction.id, contradiction.change) == ("strategy-claim", "resolved")
    assert [e.text for e in contradiction.claim] == ["ownership.ai-strategy-ownership: 3 → 2.5 (rule ≥ 3)"]
    assert [e.text for e in contradiction.facts] == ["vendor_led_share: 4 of 8 (50%) → 2 of 8 (25%) (rule ≥ 0.4)"]
    proc = run_process("diff", q3, q4, "-f", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert diff.confidence.delta is not None
    points = f"▲ +{diff.confidence.delta * 100:.0f} pts"
    assert (
        f"| **Confidence** (share of the score resting on evidence) | {before['confidence'] * 100:.0f}% |"  # type: ignore[operator]
        f" {after['confidence'] * 100:.0f}% | {points} |"  # type: ignore[operator]
    ) in proc.stdout
    assert "## Confidence" in proc.stdout
    assert (
        "| resolved | Internal strategy ownership claimed, but vendors lead the work | "
        "ownership.ai-strategy-ownership: 3 → 2.5 (rule ≥ 3) | "
        "vendor\\_led\\_share: 4 of 8 (50%) → 2 of 8 (25%) (rule ≥ 0.4) |"
    ) in proc.stdout
    code, out, _ = run_cli("diff", q4, q3, "-f", "json")  # the other way round it appears
    backwards = Diff.model_validate_json(out)
    assert [(c.id, c.change) for c in backwards.contradictions] == [("strategy-claim", "appeared")]
    # a symptom rule that reads the contradiction pairs its status on both sides too
    vendor = next(s for s in backwards.symptoms if s.id == "vendor-driven-strategy")
    assert "strategy-claim: consistent → contradicted (rule contradicted)" in [e.text for e in vendor.evidence_changes]
    code, out, _ = run_cli("diff", q3, q3, "-f", "json")
    assert [(c.id, c.change) for c in Diff.model_validate_json(out).contradictions] == [("strategy-claim", "persists")]


def test_diff_against_a_report_written_before_evidence(tmp_path: Path) -> None:
    q3, _ = _quarters(tmp_path)
    code, out, _ = run_cli("diff", OLD_REPORT, q3, "-f", "json")
    assert code == 0
    diff = Diff.model_validate_json(out)
    assert (diff.confidence.old, diff.confidence.direction) == (None, "new")
    assert all(d.confidence.old is None for d in diff.dimensions)
    assert "OLD (2026-Q2) carries no confidence (written before evidence was recorded): shown as –" in diff.notes
    assert [(c.id, c.change, c.status_old) for c in diff.contradictions] == [("strategy-claim", "appeared", None)]
    for fmt, row in (
        ("markdown", "| **Confidence** (share of the score resting on evidence) | – | 4% | new |"),
        ("html", '<td class="num">–</td><td class="num">4%</td><td class="new">new</td>'),
        ("terminal", "Confidence – → 4%  new"),
    ):
        proc = run_process("diff", OLD_REPORT, q3, "-f", fmt)
        assert proc.returncode == 0, proc.stderr
        assert row in proc.stdout, fmt
    code, out, _ = run_cli("diff", OLD_REPORT, Q2, "-f", "json")  # the same quarter, old and new engine
    assert code == 0
    assert Diff.model_validate_json(out).contradictions == ()


def test_trend_shows_confidence_and_contradictions_per_period(tmp_path: Path) -> None:
    q3, q4 = _quarters(tmp_path)
    shutil.copy(OLD_REPORT, tmp_path / "meridian-2026-Q2.json")
    code, out, _ = run_cli("trend", tmp_path, "-f", "json")
    assert code == 0
    trend = Trend.model_validate_json(out)
    assert trend.periods == ("2026-Q2", "2026-Q3", "2026-Q4")
    assert trend.confidence == (None, _report(q3)["confidence"], _report(q4)["confidence"])
    assert trend.confidence_change.direction == "up"  # from the first period with a confidence
    assert trend.contradictions == (None, 1, 0)  # the old report ran no contradiction checks
    proc = run_process("trend", tmp_path, "-f", "markdown")
    assert proc.returncode == 0, proc.stderr
    assert "| Contradictions | | – | 1 | 0 | | | |" in proc.stdout
    confidence_row = next(line for line in proc.stdout.splitlines() if line.startswith("| Confidence |"))
    assert confidence_row.startswith("| Confidence | | – | 4% |")
    assert "▲ +" in confidence_row
    html = run_process("trend", tmp_path, "-f", "html")
    assert html.returncode == 0, html.stderr
    assert '<tr><td>Contradictions</td><td class="num">–</td><td class="num">1</td>' in html.stdout
