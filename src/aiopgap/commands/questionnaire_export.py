"""``aiopgap questionnaire export``: write the questionnaire as a workbook respondents fill in offline."""

from __future__ import annotations

from pathlib import Path

from aiopgap.files import resources
from aiopgap.files.atomic import atomic_writer
from aiopgap.files.destinations import destination, is_stdout, refuse_terminal
from aiopgap.files.documents import load_questionnaire
from aiopgap.model.errors import ExitCode, UsageError
from aiopgap.render.console import notes
from aiopgap.render.text import line
from aiopgap.render.workbook import Cover, workbook_bytes


def default_output(
    questionnaire_id: str, organisation: str | None, period: str | None, unit: str | None = None
) -> Path:
    """``QUESTIONNAIRE[-ORG][-UNIT][-PERIOD].xlsx`` in the current folder, with only safe characters in the name."""
    parts = [questionnaire_id, organisation or "", unit or "", period or ""]
    words = ["-".join("".join(c if c.isalnum() else " " for c in part).split()) for part in parts]
    return Path("-".join(word for word in words if word) + ".xlsx")


def run(
    file: Path | None,
    output: Path | None,
    organisation: str | None,
    period: str | None,
    return_to: str | None,
    force: bool,
    unit: str | None = None,
) -> int:
    for option, value, limit in (
        ("--org", organisation, 500),
        ("--unit", unit, 500),
        ("--period", period, 40),
        ("--return-to", return_to, 500),
    ):
        if value is not None and not 0 < len(value.strip()) <= limit:
            raise UsageError(f"{option} must be 1 to {limit} characters, as in an answers file")
    questionnaire = load_questionnaire(file or resources.default_questionnaire())
    target = output or default_output(questionnaire.id, organisation, period, unit)
    destination(target)  # a name that can never be written is refused before any work
    refuse_terminal(target, "a workbook", "FILE.xlsx")
    to_file = not is_stdout(target)
    if to_file and not force and target.exists():
        raise UsageError(f"{target} already exists (a filled workbook?); pass --force to replace it")
    data = workbook_bytes(questionnaire, Cover(organisation, period, return_to, unit))
    with atomic_writer(target) as handle:
        handle.flush()
        handle.buffer.write(data)
    if not to_file:
        return ExitCode.OK
    notes().print(
        line(
            ("wrote", "green"),
            f" {target}: send a copy to each respondent; bring the filled ones in with aiopgap import",
        )
    )
    return ExitCode.OK
