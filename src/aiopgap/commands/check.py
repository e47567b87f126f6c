"""``aiopgap check``: evaluate quality gates on an answers file for CI; exit 1 when any fails."""

from __future__ import annotations

import difflib
import os
from dataclasses import replace
from pathlib import Path

from aiopgap.analysis.gates import (
    GateSettings,
    Threshold,
    check_age,
    check_tolerance,
    evaluate,
    parse_confidence,
    parse_threshold,
)
from aiopgap.analysis.report import analyse
from aiopgap.files.config import GateConfig, find_config, load_config
from aiopgap.files.documents import answering, answers_from
from aiopgap.files.yaml_reader import Document, read_file
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.model.plan import Plan
from aiopgap.model.report import Report
from aiopgap.model.verdict import GateResult, passed
from aiopgap.render import verdict
from aiopgap.render.formats import ResultFormat
from aiopgap.render.plain import check_input_size
from aiopgap.render.text import line, print_all


def _threshold(text: str | float, report: Report, where: str) -> Threshold:
    try:
        return parse_threshold(str(text), report)
    except ValueError as exc:
        raise UsageError(f"{where}: {exc}") from None


def evidence_gates(
    config: GateConfig | None,
    config_name: str,
    min_confidence: str | None,
    fail_on_contradiction: bool,
    max_evidence_age: str | None,
) -> tuple[Threshold | None, bool, int | None]:
    """The evidence gates (confidence, contradictions, evidence age): options first, then the config's."""
    confidence: Threshold | None = None
    where = "--min-confidence"
    if min_confidence is None and config is not None and config.min_confidence is not None:
        min_confidence, where = str(config.min_confidence), f"{config_name}: min-confidence"
    if min_confidence is not None:
        try:
            confidence = parse_confidence(min_confidence)
        except ValueError as exc:
            raise UsageError(f"{where}: {exc}") from None
    if not fail_on_contradiction and config is not None:
        fail_on_contradiction = bool(config.fail_on_contradiction)
    age: int | None = None
    if max_evidence_age is not None:
        age = check_age(max_evidence_age)
    elif config is not None and config.max_evidence_age is not None:
        age = check_age(config.max_evidence_age, f"{config_name}: max-evidence-age")
    return confidence, fail_on_contradiction, age


def settings_from(
    report: Report,
    config: GateConfig | None,
    config_name: str,
    min_overall: str | None,
    min_dimension: list[str],
    fail_on_symptom: list[str],
    baseline: Report | None = None,
    baseline_name: str = "baseline",
    tolerance: float = 0.0,
    evidence: tuple[Threshold | None, bool, int | None] = (None, False, None),
) -> GateSettings:
    """Command-line gates override the config file's, gate by gate."""
    dimension_ids = [d.id for d in report.dimensions]
    overall: Threshold | None = None
    if min_overall is not None:
        overall = _threshold(min_overall, report, "--min-overall")
    elif config is not None and config.min_overall is not None:
        overall = _threshold(config.min_overall, report, f"{config_name}: min-overall")
    per_dimension: dict[str, Threshold] = {}
    if config is not None:
        for dim_id, value in config.min.items():
            if dim_id not in dimension_ids:
                raise UsageError(f"{config_name}: min.{dim_id}: unknown dimension (known: {', '.join(dimension_ids)})")
            per_dimension[dim_id] = _threshold(value, report, f"{config_name}: min.{dim_id}")
    for item in min_dimension:
        dim_id, sep, value = item.partition("=")
        if not sep or not value:
            raise UsageError(f"--min {item!r}: write DIMENSION=LEVEL, e.g. --min governance=Defined")
        if dim_id not in dimension_ids:
            raise UsageError(f"--min {item!r}: unknown dimension {dim_id!r} (known: {', '.join(dimension_ids)})")
        per_dimension[dim_id] = _threshold(value, report, f"--min {dim_id}")
    symptoms: list[str] = list(fail_on_symptom)
    where = "--fail-on-symptom"
    if not symptoms and config is not None and config.fail_on_symptom is not None:
        configured = config.fail_on_symptom
        symptoms = [configured] if isinstance(configured, str) else list(configured)
        where = f"{config_name}: fail-on-symptom"
    known = [s.id for s in report.symptoms]
    for symptom_id in symptoms:
        if symptom_id != "any" and symptom_id not in known:
            close = difflib.get_close_matches(symptom_id, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f" (known: any, {', '.join(known)})"
            raise UsageError(f"{where}: unknown symptom {symptom_id!r}{hint}")
    return GateSettings(overall, per_dimension, tuple(symptoms), baseline, baseline_name, tolerance, *evidence)


def _baseline(
    baseline: Path | None, tolerance: float | None, config: GateConfig | None, config_file: Path | None
) -> tuple[Path | None, float]:
    """The baseline file and tolerance: options first, then the config (its path relative to the config)."""
    if tolerance is not None:
        tolerance = check_tolerance(tolerance)
    if baseline is None and config is not None and config.baseline is not None and config_file is not None:
        baseline = config_file.parent / config.baseline
    if tolerance is None:
        tolerance = config.tolerance if config is not None and config.tolerance is not None else 0.0
    return baseline, tolerance


def _open_baseline(path: Path, questionnaire: Path | None) -> Report:
    from aiopgap.analysis.report import report_of
    from aiopgap.files.documents import catalogue, open_document

    opened = open_document(path, catalogue([questionnaire] if questionnaire else []))
    return report_of(opened.content, opened.questionnaire)


def _plan(
    against_plan: Path | None,
    config: GateConfig | None,
    config_file: Path | None,
    questionnaire: Path | None,
    answers: Path,
    report: Report,
) -> tuple[Path | None, Plan | None]:
    """The plan to hold the assessment to (the option, else the config's, relative to it), opened and matched."""
    if against_plan is None and config is not None and config.against_plan is not None and config_file is not None:
        against_plan = config_file.parent / config.against_plan
    if against_plan is None:
        return None, None
    from aiopgap.analysis.plan_actual import check_subject, quarter_for
    from aiopgap.files.catalogue import catalogue
    from aiopgap.files.plan_file import open_plan

    opened = open_plan(against_plan, catalogue([questionnaire] if questionnaire else []))
    check_subject(opened.plan, opened.file, [(str(answers), report)])
    quarter_for(opened.plan, report.period, opened.file, str(answers))  # an unplaceable period names the answers
    return against_plan, opened.plan


def run(
    answers: Path,
    questionnaire: Path | None,
    min_overall: str | None,
    min_dimension: list[str],
    fail_on_symptom: list[str],
    config_path: Path | None,
    use_config: bool,
    baseline: Path | None = None,
    tolerance: float | None = None,
    min_confidence: str | None = None,
    fail_on_contradiction: bool = False,
    max_evidence_age: str | None = None,
    against_plan: Path | None = None,
    fmt: ResultFormat = ResultFormat.terminal,
    output: Path | None = None,
) -> int:
    doc = read_file(answers)
    assessment = answers_from(doc, answering(questionnaire))
    report = analyse(assessment.questionnaire, assessment.answers)
    check_input_size(answers, report)
    config = None
    config_name: str | None = None
    found: Path | None = None
    if use_config:
        found = config_path or find_config(answers.parent)
        if found is not None:
            config = load_config(found).gates
            config_name = str(found)
    baseline_path, allowed = _baseline(baseline, tolerance, config, found)
    baseline_report = None if baseline_path is None else _open_baseline(baseline_path, questionnaire)
    settings = settings_from(
        report,
        config,
        config_name or "config",
        min_overall,
        min_dimension,
        fail_on_symptom,
        baseline_report,
        baseline_path.name if baseline_path is not None else "baseline",
        allowed,
        evidence_gates(config, config_name or "config", min_confidence, fail_on_contradiction, max_evidence_age),
    )
    plan_path, plan = _plan(against_plan, config, found, questionnaire, answers, report)
    if plan is not None and plan_path is not None:
        settings = replace(settings, plan=plan, plan_name=plan_path.name)
    if settings.empty:
        raise UsageError(
            "no gates to check: pass --min-overall, --min DIM=LEVEL, --fail-on-symptom, --baseline, --against-plan, "
            "--min-confidence, --fail-on-contradiction or --max-evidence-age, "
            "or commit an aiopgap.toml beside the answers file"
        )
    results = evaluate(report, settings)
    inputs = [answers, questionnaire, found, baseline_path, plan_path]
    publish(doc, report, results, config_name, fmt, output, inputs)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        append_step_summary(summary, report, results, inputs)
    return ExitCode.OK if passed(results) else ExitCode.GATE_FAILED


def publish(
    doc: Document,
    report: Report,
    results: list[GateResult],
    config_name: str | None,
    fmt: ResultFormat,
    output: Path | None,
    inputs: list[Path | None],
) -> None:
    """The verdict in ``fmt`` on standard output or in ``output``; in GitHub Actions, a line per failed gate."""
    from aiopgap.analysis.gate_drivers import per_symptom
    from aiopgap.commands._machine import annotate, emit, in_github_actions, to_stdout
    from aiopgap.files.locations import drivers
    from aiopgap.render.console import stdout
    from aiopgap.render.text import plain_text

    # each gate's driving answers, located in the file: shown only in JSON and in GitHub annotations
    annotated = in_github_actions()
    located = (
        [drivers(doc, r.questions, r.initiatives) for r in results] if fmt is ResultFormat.json or annotated else []
    )
    if fmt is ResultFormat.json:
        from aiopgap.render.formats import json_text

        emit(json_text(verdict.document(report, results, located, doc.file)), output, inputs)
    elif fmt is ResultFormat.sarif:
        from aiopgap.render.sarif import check_log

        split = per_symptom(report, results)
        where = [drivers(doc, r.questions, r.initiatives) for r in split]
        emit(check_log(report, split, where, doc.file, Path.cwd()), output, inputs)
    elif to_stdout(output):
        print_all(verdict.renderables(report, results, config_name), stdout())
    else:
        emit(plain_text(verdict.renderables(report, results, config_name), 100), output, inputs)
    if annotated:
        document_on_stdout = fmt is not ResultFormat.terminal and to_stdout(output)
        annotate(verdict.gate_annotations(results, located, doc.file), document_on_stdout)


def append_step_summary(summary: str, report: Report, results: list[GateResult], inputs: list[Path | None]) -> None:
    """Append the verdict and the Markdown report to the job summary; a failure is a warning, never the verdict.

    The summary is a courtesy of the environment (GitHub Actions): a path it cannot write (missing
    folder, a folder, read-only, disk full, a pipe nobody reads, one of the inputs) is said on stderr
    and the gates' exit code stands.
    """
    from aiopgap.files.atomic import append_text
    from aiopgap.files.destinations import check_outputs
    from aiopgap.render.console import stderr

    text = verdict.step_summary(report, results)
    try:
        (target,) = check_outputs([Path(summary)], inputs)
        append_text(target.given, text)
    except UsageError as exc:
        stderr().print(
            line(
                ("warning", "yellow"),
                f" GITHUB_STEP_SUMMARY: {exc}; the job summary was not written, the verdict above stands",
            )
        )
