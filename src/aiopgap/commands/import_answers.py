"""``aiopgap import``: filled workbooks, responses CSV files and form exports, made one answers file.

Each input is read by its kind (:mod:`aiopgap.files.workbook`, :mod:`aiopgap.files.csv_intake`,
:mod:`aiopgap.files.form_intake`); :mod:`aiopgap.analysis.intake` checks everything they read
against the questionnaire. Every problem of every file is listed together, and nothing is written
unless all is well: then one answers file holds every respondent of every file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from aiopgap.analysis.intake import Imported, check_intakes
from aiopgap.files import resources
from aiopgap.files.catalogue import load_questionnaire, of
from aiopgap.files.validation import first_problems
from aiopgap.model.errors import ExitCode, InputError, Location, Problem, UsageError, input_error
from aiopgap.model.form_mapping import FormMapping
from aiopgap.model.intake import Intake
from aiopgap.model.questionnaire import Questionnaire

KINDS = (".csv", ".xlsx")
MADE_BY = "Imported by `aiopgap import`"


@dataclass
class _Read:
    """What the inputs gave: their intakes, the problems found while reading, columns left alone."""

    intakes: list[Intake] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    ignored: dict[str, list[str]] = field(default_factory=dict)
    versions: dict[str, str] = field(default_factory=dict)
    """The questionnaire and version each workbook names (``aiopgap-default 1.0.0``)."""


def input_files(paths: list[Path]) -> list[Path]:
    """The files to import: each file named, and each folder's .csv and .xlsx files in name order."""
    found: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.iterdir() if p.suffix.lower() in KINDS and not p.name.startswith(("~$", "."))
            )
            if not inside:
                problems.append(Problem(Location(str(path)), "the folder holds no .csv or .xlsx file to import"))
            found.extend(inside)
        elif path.suffix.lower() == ".xls":
            problems.append(
                Problem(Location(str(path)), "an old-style .xls workbook; save it as .xlsx and import that")
            )
        elif path.suffix.lower() in (".yaml", ".yml"):
            hint = "answers files are combined with `aiopgap merge`; a form mapping goes with --form-mapping"
            problems.append(Problem(Location(str(path)), f"a YAML file, not one to import: {hint}"))
        elif path.suffix.lower() not in KINDS:
            what = "a .csv file (responses or a form export) or an .xlsx workbook"
            problems.append(Problem(Location(str(path)), f"cannot import this kind of file; give {what}"))
        else:
            found.append(path)
    if problems:
        raise InputError(problems)
    return found


def _read_one(path: Path, questionnaire: Questionnaire, mapping: FormMapping | None, read: _Read) -> None:
    from aiopgap.files import csv_intake, form_intake

    if path.suffix.lower() == ".xlsx":
        if mapping is not None:
            grid = form_intake.xlsx_grid(path, mapping.sheet)
            if form_intake.is_form_export(grid, mapping):
                _add_form(form_intake.form_intake(grid, mapping), read)
                return
        intake = _workbook(path, questionnaire)
        read.intakes.append(intake)
        if intake.questionnaire is not None and isinstance(intake.questionnaire.value, str):
            read.versions[intake.file] = " ".join(intake.questionnaire.value.split())
        return
    table = csv_intake.read_table(path)
    if csv_intake.is_responses_layout(table):
        intake, problems = csv_intake.responses_intake(table)
        read.intakes.append(intake)
        read.problems.extend(problems)
        return
    if mapping is None:
        raise input_error(
            str(path),
            "not the responses layout of `aiopgap export` (no respondent and question_id columns); "
            "for a form export, give --form-mapping MAP (see examples/forms/)",
            1,
            1,
        )
    _add_form(form_intake.form_intake(form_intake.csv_grid(path), mapping), read)


def _add_form(result: tuple[Intake, list[Problem], list[str]], read: _Read) -> None:
    intake, problems, ignored = result
    read.intakes.append(intake)
    read.problems.extend(problems)
    if ignored:
        read.ignored[intake.file] = ignored


def _workbook(path: Path, questionnaire: Questionnaire) -> Intake:
    from aiopgap.files.workbook import read_workbook

    return read_workbook(path, questionnaire)


def _read_all(files: list[Path], questionnaire: Questionnaire, mapping: FormMapping | None) -> _Read:
    read = _Read()
    for path in files:
        try:
            _read_one(path, questionnaire, mapping, read)
        except InputError as exc:
            read.problems.extend(exc.problems)
    return read


def run(
    inputs: list[Path],
    questionnaire: Path | None,
    organisation: str | None,
    period: str | None,
    output: Path | None,
    form_mapping: Path | None,
    force: bool,
    anonymise: bool = False,
    unit: tuple[str | None, str | None] = (None, None),
) -> int:
    """Import ``inputs``; ``unit`` is the unit assessed and its parent (--unit, --parent), if given."""
    if not inputs:
        raise UsageError("give at least one file or folder to import")
    q_path = questionnaire or resources.default_questionnaire()
    q = load_questionnaire(q_path)
    mapping = None
    if form_mapping is not None:
        from aiopgap.files.form_intake import load_mapping

        mapping = load_mapping(form_mapping, q)
    files = input_files(inputs)
    read = _read_all(files, q, mapping)
    problems = read.problems
    imported = None
    try:
        imported = check_intakes(read.intakes, q, organisation, period, *unit)
    except InputError as exc:
        problems.extend(exc.problems)
    if problems or imported is None:
        raise InputError(first_problems(iter(sorted(problems, key=lambda p: p.location.file))))
    if anonymise:
        from dataclasses import replace

        from aiopgap.analysis.anonymity import anonymised

        imported = replace(imported, answers=anonymised(imported.answers))
    out = _write(imported, files, output, force, q_path, q, [form_mapping], anonymise)
    _summary(imported, read, out)
    return ExitCode.OK


def _write(
    imported: Imported,
    files: list[Path],
    output: Path | None,
    force: bool,
    q_path: Path,
    q: Questionnaire,
    others: list[Path | None],
    anonymise: bool = False,
) -> Path:
    """Write the answers to ``output`` (or ``<organisation>[-<unit>]-<period>.yaml``) atomically, checked first."""
    from aiopgap.analysis.interview import default_answers_name
    from aiopgap.files.destinations import check_outputs
    from aiopgap.files.documents import write_answers
    from aiopgap.files.reading import MAX_BYTES
    from aiopgap.files.yaml_writer import to_yaml

    answers = imported.answers
    unit = None if answers.unit is None else answers.unit.name
    out = output or Path(default_answers_name(answers.organisation, answers.period, unit))
    check_outputs([out], [*files, q_path, *others])
    if out.exists() and not force:
        raise UsageError(f"{out} already exists; pass --force to replace it, or -o to write elsewhere")
    # anonymised answers do not name their files either: a file is often named after its respondent
    sources = [f"{len(files)} file(s), anonymised"] if anonymise else [str(f) for f in files]
    text = to_yaml(answers, sources, made_by=MADE_BY)
    if len(text.encode("utf-8")) > MAX_BYTES:
        size = f"{MAX_BYTES // 2**20} MiB"
        raise UsageError(f"the answers would make a file over {size}, more than aiopgap reads; import fewer files")
    write_answers(out, text, answers, of(q_path, q), force, "imported")
    return out


def _summary(imported: Imported, read: _Read, out: Path) -> None:
    from aiopgap.render.console import notes
    from aiopgap.render.text import line

    console = notes()
    answers = imported.answers
    for summary in imported.files:
        blanks = f", {summary.blanks} question(s) left blank" if summary.blanks else ""
        counts = f": {summary.respondents} respondent(s), {summary.answers} answer(s){blanks}"
        console.print(line("  ", summary.file, (counts, "")))
        named = read.versions.get(summary.file, "")
        if len(named.split()) > 1 and named.split(maxsplit=1)[1] != answers.questionnaire.version:
            fits = f"; its answers fit {answers.questionnaire.version} and are recorded as that version"
            console.print(line(("    exported from ", "dim"), named, (fits, "dim")))
        if summary.file in read.ignored:
            console.print(
                line(("    columns not in the mapping, left alone: ", "dim"), ", ".join(read.ignored[summary.file]))
            )
    total = sum(len(r.answers) for r in answers.respondents)
    counts = f" {len(answers.respondents)} respondent(s), {total} answer(s) from {len(imported.files)} file(s) into "
    console.print(line(("imported", "green"), (counts, ""), str(out)))
