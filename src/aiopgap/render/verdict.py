"""The ``check`` verdict: each gate's requirement, actual value and result, on the terminal and as
Markdown for a CI job summary (followed there by the Markdown report)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from aiopgap.model.errors import Location
from aiopgap.model.machine import Gate, Place, Verdict
from aiopgap.model.report import Report
from aiopgap.model.verdict import GateResult, passed
from aiopgap.render.annotations import Level
from aiopgap.render.markdown import md_escape
from aiopgap.render.text import line, user
from aiopgap.render.vocabulary import percent, score


def renderables(report: Report, results: list[GateResult], config_name: str | None) -> list[RenderableType]:
    """The gates table, where the gates were read from, and the one-line verdict."""
    table = Table(title=user(f"Gates for {report.subject()} · {report.period}", "table.title"), title_justify="left")
    table.add_column("Gate", no_wrap=True)
    table.add_column("Requirement")
    table.add_column("Actual")
    table.add_column("Result", no_wrap=True)
    for r in results:
        style = "green" if r.status == "pass" else "bold red"
        table.add_row(user(r.gate), user(r.requirement), user(r.actual), Text(r.status.upper(), style=style))
    items: list[RenderableType] = [table]
    if config_name:
        items.append(user(f"gates read from {config_name}", "dim"))
    failed = [r.gate for r in results if r.status == "fail"]
    if failed:
        items.append(line(("FAILED", "bold red"), f" {len(failed)} of {len(results)} gate(s): ", ", ".join(failed)))
    else:
        items.append(line(("PASSED", "bold green"), f" all {len(results)} gate(s)"))
    return items


def markdown(report: Report, results: list[GateResult]) -> str:
    """The verdict as a Markdown table; every value escaped."""
    ok = passed(results)
    lines = [
        f"## aiopgap check: {'✅ passed' if ok else '❌ failed'}",
        "",
        f"{md_escape(report.subject())} · {md_escape(report.period)} · overall {score(report.score)}"
        f" ({md_escape(report.maturity or 'not scored')}) · confidence {percent(report.confidence)}",
        "",
        "| Gate | Requirement | Actual | Result |",
        "|---|---|---|---|",
    ]
    for r in results:
        lines.append(
            f"| {md_escape(r.gate)} | {md_escape(r.requirement)} | {md_escape(r.actual)} | {r.status.upper()} |"
        )
    return "\n".join(lines) + "\n"


def step_summary(report: Report, results: list[GateResult]) -> str:
    """What ``check`` appends to a CI job summary: the verdict, then the full report folded away."""
    from aiopgap.render.formats import Format
    from aiopgap.render.report import render

    return (
        markdown(report, results)
        + "\n<details><summary>Full report</summary>\n\n"
        + render(report, Format.markdown)
        + "\n</details>\n"
    )


def place(location: Location) -> Place:
    """A location as the JSON documents write it."""
    return Place(
        file=location.file, line=location.line, column=location.column, field=location.field, cell=location.cell
    )


def document(report: Report, results: list[GateResult], located: Sequence[Sequence[Location]], file: str) -> Verdict:
    """The ``aiopgap.verdict/1`` document: every gate with the answers that drive it (``located[i]``)."""
    gates = tuple(
        Gate(
            gate=r.gate,
            kind=r.kind,
            subject=r.subject,
            requirement=r.requirement,
            actual=r.actual,
            status=r.status,
            questions=r.questions,
            initiatives=r.initiatives,
            locations=tuple(place(loc) for loc in where),
        )
        for r, where in zip(results, located, strict=True)
    )
    return Verdict(
        organisation=report.organisation,
        unit=report.unit,
        period=report.period,
        answers_file=file,
        passed=passed(results),
        gates=gates,
    )


def gate_annotations(
    results: list[GateResult], located: Sequence[Sequence[Location]], file: str
) -> list[tuple[Level, Location, str, str]]:
    """A CI annotation per failed gate, at the first answer that drives it (the file when none does);
    a warning per symptom gate that passed on watch (a near miss)."""
    items: list[tuple[Level, Location, str, str]] = []
    for r, where in zip(results, located, strict=True):
        first = where[0] if where else Location(file)
        if r.status == "fail":
            items.append(("error", first, f"aiopgap gate {r.gate}", f"required {r.requirement}; actual {r.actual}"))
        elif r.kind == "symptom" and r.actual.startswith("watch"):
            items.append(("warning", first, f"aiopgap gate {r.gate}", f"required {r.requirement}; actual {r.actual}"))
    return items
