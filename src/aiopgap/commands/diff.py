"""``aiopgap diff``: what changed between two assessments, and an optional regression gate."""

from __future__ import annotations

from pathlib import Path

from aiopgap.analysis.diff import compare, regressions
from aiopgap.analysis.gates import check_tolerance
from aiopgap.analysis.questions import question_mapping
from aiopgap.files.assessments import Catalogue, Loaded, catalogue, load, pick
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.model.questionnaire import Questionnaire
from aiopgap.render import Format
from aiopgap.render.plain import check_input_size


def _questionnaire(side: Loaded, questionnaires: Catalogue) -> Questionnaire | None:
    """The questionnaire ``side`` answered: the one it was scored with, else one found by id and version."""
    if side.questionnaire is not None:
        return side.questionnaire
    found = pick(questionnaires, side.report.questionnaire_id, side.report.questionnaire_version)
    return None if found is None else found[1]


def run(
    old: Path,
    new: Path,
    questionnaires: list[Path],
    fmt: Format,
    output: Path | None,
    fail_on_regression: bool,
    tolerance: float | None,
) -> int:
    if tolerance is not None and not fail_on_regression:
        raise UsageError("--tolerance only applies together with --fail-on-regression")
    if tolerance is not None:
        tolerance = check_tolerance(tolerance)
    if output is not None:
        from aiopgap.files.output import check_outputs

        check_outputs([output], [old, new, *questionnaires])
    known = catalogue(questionnaires)
    before, after = load(old, known), load(new, known)
    check_input_size(old, before.report)
    check_input_size(new, after.report)
    links, notes = question_mapping(
        before.report, after.report, _questionnaire(before, known), _questionnaire(after, known)
    )
    result = compare(before.report, after.report, links, notes)

    if output is None and fmt is Format.terminal:
        from rich.console import Console

        from aiopgap.render.diff import print_diff

        print_diff(result, Console(highlight=False))
    else:
        from aiopgap.render.diff import render

        text = render(result, fmt)
        if output is None:
            import sys

            sys.stdout.write(text)
        else:
            from aiopgap.files.output import write_atomic

            write_atomic(output, text)

    if not fail_on_regression:
        return ExitCode.OK
    allowed = tolerance or 0.0
    dropped = regressions(result, allowed)
    from aiopgap.render.console import stderr
    from aiopgap.render.text import line

    console = stderr()
    for d in dropped:
        assert d.score.delta is not None
        console.print(
            line(
                ("regression", "bold red"),
                " ",
                d.name,
                f" dropped {-d.score.delta:.2f} ({d.score.old:.2f} → {d.score.new:.2f}),"
                f" more than the tolerance {allowed:.2f}",
            )
        )
    if dropped:
        return ExitCode.GATE_FAILED
    console.print(line((f"no dimension dropped by more than {allowed:.2f}", "green")))
    return ExitCode.OK
