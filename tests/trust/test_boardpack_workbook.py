"""[trust] the board pack's workbook attacked from outside: `export --format xlsx`.

Written from the board-pack issue, the README and `--help`, not from the code. A workbook opened by a
spreadsheet library shows every user text as text (never a formula, never a dangerous link), holds
no cell a spreadsheet cannot open, keeps scores as numbers, names nobody when anonymised and is
byte-identical across runs. Every bad destination is one clear message, exit 2, no traceback and
nothing written. The chart files and the PDF are attacked in test_boardpack_files.py.
"""

from __future__ import annotations

import copy
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import EXAMPLES
from tests.trust.test_boardpack_attacks import WORKSHOP, load, run, with_text
from tests.trust.test_output import questionnaire_with, write_yaml

WIDE = {"COLUMNS": "200"}
EXCEL_CELL_LIMIT = 32_767

FORMULAS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-1+1",
    "@SUM(1,1)",
    '=HYPERLINK("http://evil.example","click")',
    '=WEBSERVICE("http://evil.example")',
    "\t=1+1",
    "\r=1+1",
    "=1+1\n",
]


def process(
    *args: object, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    base = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": os.environ.get("HOME", "/tmp"), **WIDE}
    done = subprocess.run(
        [sys.executable, "-m", "aiopgap", *[str(a) for a in args]],
        capture_output=True,
        timeout=timeout,
        env={**base, **(env or {})},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert b"Traceback" not in done.stderr, done.stderr.decode(errors="replace")
    return done


def listing(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


# --------------------------------------------------------------------------- the workbook


def hostile_workshop(tmp_path: Path, text: str, *, leading: bool = False) -> Path:
    return write_yaml(tmp_path / "answers.yaml", with_text(text, leading=leading))


def workbook_of(tmp_path: Path, answers: Path, *extra: object) -> openpyxl.Workbook:
    out = tmp_path / "pack.xlsx"
    code, _, err = run("export", answers, "--format", "xlsx", "-o", out, *extra)
    assert code == 0, err
    return openpyxl.load_workbook(out)


def cells(book: openpyxl.Workbook) -> list[Any]:
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("payload", FORMULAS)
def test_no_user_text_becomes_a_formula_in_the_workbook(payload: str, tmp_path: Path) -> None:
    book = workbook_of(tmp_path, hostile_workshop(tmp_path, payload, leading=True))
    formulas = [f"{c.parent.title}!{c.coordinate}={c.value!r}" for c in cells(book) if c.data_type == "f"]
    assert not formulas, f"user text became formulas: {formulas[:3]}"


@pytest.mark.parametrize("payload", ["=1+1", "+1+1", "-1+1", "@SUM(1,1)"])
def test_formula_text_is_neutralised_and_still_readable(payload: str, tmp_path: Path) -> None:
    answers = tmp_path / "answers.yaml"
    doc = with_text("benign")
    doc["organisation"] = payload
    doc["respondents"][0]["name"] = payload
    write_yaml(answers, doc)
    book = workbook_of(tmp_path, answers)
    texts = [c for c in cells(book) if isinstance(c.value, str) and payload in c.value]
    assert texts, f"{payload!r} is not in the workbook at all"
    live = [c for c in texts if c.value.startswith(payload[0]) and not c.quotePrefix]
    assert not live, (
        f"{payload!r} stored as text a spreadsheet re-evaluates on edit: {[c.coordinate for c in live][:3]}"
    )


def test_the_workbook_has_every_promised_sheet_with_frozen_headers_and_filters(tmp_path: Path) -> None:
    book = workbook_of(tmp_path, WORKSHOP)
    titles = " ".join(book.sheetnames).lower()
    for word in ("dimension", "respon", "symptom", "initiative", "heatmap"):
        assert word in titles, f"no {word} sheet among {book.sheetnames}"
    for sheet in book.worksheets:
        if sheet.max_row > 1 and "heatmap" not in sheet.title.lower():
            assert sheet.freeze_panes, f"{sheet.title}: header not frozen"
            assert sheet.auto_filter.ref, f"{sheet.title}: no filter"


def test_scores_are_real_numbers_on_the_dimensions_sheet(tmp_path: Path) -> None:
    book = workbook_of(tmp_path, EXAMPLES / "meridian-2026-Q3.yaml")
    sheet = next(s for s in book.worksheets if "dimension" in s.title.lower())
    header = [str(c.value or "").lower() for c in sheet[1]]
    column = next(i for i, h in enumerate(header) if "score" in h)
    values = [row[column].value for row in sheet.iter_rows(min_row=2) if row[column].value is not None]
    assert values, "no scores on the dimensions sheet"
    assert all(isinstance(v, int | float) for v in values), values


def test_control_characters_give_a_workbook_excel_can_open(tmp_path: Path) -> None:
    doc = with_text("ctl \x01\x08\x0b\x0c\x1b[2J\x7f\u0085\u2028\ufffe end")
    book = workbook_of(tmp_path, write_yaml(tmp_path / "answers.yaml", doc))
    illegal = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
    raw = [c.coordinate for c in cells(book) if isinstance(c.value, str) and illegal.search(c.value)]
    assert not raw, raw
    assert any(isinstance(c.value, str) and "ctl" in c.value and "end" in c.value for c in cells(book))


def test_a_100k_character_note_is_refused_where_it_stands(tmp_path: Path) -> None:
    doc = load(EXAMPLES / "meridian-2026-Q3.yaml")
    respondent = doc["respondents"][0]
    respondent["answers"][next(iter(respondent["answers"]))] = {"level": 2, "note": "long " * 20_000}
    answers = write_yaml(tmp_path / "answers.yaml", doc)
    code, _, err = run("export", answers, "--format", "xlsx", "-o", tmp_path / "p.xlsx")
    assert code == 2, err
    assert re.search(r"answers\.yaml:\d+:\d+: .*\(respondents\[0\]\.answers\.[\w.-]+\.note\)", err), err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.yaml"]


def test_every_field_at_its_longest_fits_excels_cell_limit(tmp_path: Path) -> None:
    doc = load(EXAMPLES / "northbank-2026-Q3.yaml")
    doc["organisation"] = "O" * 500
    for r, respondent in enumerate(doc["respondents"]):
        respondent["name"] = f"{r}" + "N" * 499
        respondent["role"] = "R" * 500
        for qid, answer in list(respondent["answers"].items()):
            level = answer["level"] if isinstance(answer, dict) else answer
            items = [{"kind": "artifact", "date": "2026-01-01", "reference": f"{i:02}" + "r" * 498} for i in range(50)]
            respondent["answers"][qid] = {"level": level, "note": "n" * 4000, "evidence": items}
    book = workbook_of(tmp_path, write_yaml(tmp_path / "answers.yaml", doc))
    too_long = [
        f"{c.parent.title}!{c.coordinate}"
        for c in cells(book)
        if isinstance(c.value, str) and len(c.value) > EXCEL_CELL_LIMIT
    ]
    assert not too_long, f"cells over Excel's {EXCEL_CELL_LIMIT} characters: {too_long[:5]}"
    texts = [c.value for c in cells(book) if isinstance(c.value, str)]
    assert any("n" * 4000 in t for t in texts), "a 4000-character note was cut"
    assert all(any(f"{i:02}" + "r" * 498 in t for t in texts) for i in range(50)), "an evidence reference was cut"


def test_unicode_and_the_limits_of_the_scale_read_back_exactly(tmp_path: Path) -> None:
    doc = copy.deepcopy(load(EXAMPLES / "meridian-2026-Q3.yaml"))
    doc["organisation"] = "Zürich 漢字 🚀 Ørsted – ﷺ"
    doc["targets"] = {"ownership": 0, "structure": 4}
    for respondent in doc["respondents"]:
        for qid in respondent["answers"]:
            respondent["answers"][qid] = 4 if qid.startswith("ownership.") else 0
    book = workbook_of(tmp_path, write_yaml(tmp_path / "answers.yaml", doc))
    assert any(c.value == doc["organisation"] for c in cells(book)), "the organisation's name changed on the way"


def test_the_workbook_is_byte_identical_across_runs_time_zones_and_folders(tmp_path: Path) -> None:
    outputs = []
    for n, tz in enumerate(("UTC", "Pacific/Kiritimati")):
        folder = tmp_path / f"run{n}"
        folder.mkdir()
        shutil.copy(WORKSHOP, folder / "answers.yaml")
        out = folder / "pack.xlsx"
        done = process("export", folder / "answers.yaml", "--format", "xlsx", "-o", out, env={"TZ": tz})
        assert done.returncode == 0, done.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def destination(tmp_path: Path, kind: str, victim: Path) -> Path:
    if kind == "a directory":
        (tmp_path / "dir").mkdir()
        return tmp_path / "dir"
    if kind == "a read-only file":
        path = tmp_path / "old.xlsx"
        path.write_bytes(b"old")
        path.chmod(0o444)
        return path
    if kind == "a symlink to the input":
        (tmp_path / "link.xlsx").symlink_to(victim)
        return tmp_path / "link.xlsx"
    if kind == "a missing folder":
        return tmp_path / "missing" / "pack.xlsx"
    if kind == "through a file":
        return victim / "pack.xlsx"
    return Path("/dev/full")


DESTINATIONS = [
    "a directory",
    "a read-only file",
    "a symlink to the input",
    "a missing folder",
    "through a file",
    "/dev/full",
]


@pytest.mark.parametrize("kind", DESTINATIONS)
def test_a_hostile_workbook_destination_is_refused_and_nothing_is_written(kind: str, tmp_path: Path) -> None:
    victim = tmp_path / "answers.yaml"
    shutil.copy(WORKSHOP, victim)
    target = destination(tmp_path, kind, victim)
    before = listing(tmp_path)
    code, _, err = run("export", victim, "--format", "xlsx", "-o", target)
    assert code == 2, (kind, err)
    assert listing(tmp_path) == before, f"{kind}: files changed"
    if kind == "/dev/full":
        assert "disk full" in err.lower()


def test_a_workbook_to_stdout_is_refused_on_a_terminal_or_whole_through_a_pipe(tmp_path: Path) -> None:
    done = process("export", WORKSHOP, "--format", "xlsx")
    if done.returncode == 2:
        assert done.stdout == b""
        assert done.stderr.startswith(b"error"), done.stderr
    else:
        assert done.returncode == 0, done.stderr
        assert zipfile.is_zipfile(io.BytesIO(done.stdout)), "stdout holds no workbook"
    piped = process("export", WORKSHOP, "--format", "xlsx", "-o", "/dev/stdout")
    assert piped.returncode == 0, piped.stderr
    openpyxl.load_workbook(io.BytesIO(piped.stdout))


def test_xlsx_with_a_table_is_clear(tmp_path: Path) -> None:
    code, _, err = run("export", WORKSHOP, "--format", "xlsx", "--table", "dimensions", "-o", tmp_path / "p.xlsx")
    assert code in (0, 2), err
    assert (code == 0) == (tmp_path / "p.xlsx").exists()


def test_xlsx_with_output_dir_is_clear(tmp_path: Path) -> None:
    code, _, err = run("export", WORKSHOP, "--format", "xlsx", "--output-dir", tmp_path / "out")
    assert code in (0, 2), err
    if code == 0:
        assert any(p.suffix == ".xlsx" for p in (tmp_path / "out").iterdir())


# --------------------------------------------------------------------------- anonymity and links in the files


def names_in(doc: dict[str, Any]) -> list[str]:
    return [part for r in doc["respondents"] for part in r["name"].split() if len(part) >= 3]


def test_an_anonymised_workbook_names_nobody(tmp_path: Path) -> None:
    names = names_in(load(WORKSHOP))
    book = workbook_of(tmp_path, WORKSHOP, "--anonymise")
    found = sorted({n for c in cells(book) if isinstance(c.value, str) for n in names if n in c.value})
    assert not found, f"the anonymised workbook names {found}"


@pytest.mark.parametrize("reference", ["javascript:alert(1)", "file:///etc/passwd", "\\\\evil.example\\share\\x.xlsx"])
def test_an_evidence_reference_never_becomes_a_dangerous_link(reference: str, tmp_path: Path) -> None:
    doc = load(EXAMPLES / "meridian-2026-Q3.yaml")
    respondent = doc["respondents"][0]
    qid = next(iter(respondent["answers"]))
    respondent["answers"][qid] = {"level": 2, "evidence": [{"kind": "artifact", "reference": reference}]}
    book = workbook_of(tmp_path, write_yaml(tmp_path / "answers.yaml", doc))
    links = [c.hyperlink.target for c in cells(book) if c.hyperlink is not None and c.hyperlink.target]
    assert not [t for t in links if not re.match(r"https?://|mailto:|#", t)], links
    assert any(isinstance(c.value, str) and reference in c.value for c in cells(book)), "the reference was lost"


def test_every_note_of_the_workshop_is_in_the_workbook_as_typed(tmp_path: Path) -> None:
    doc = load(WORKSHOP)
    notes = [
        a["note"] for r in doc["respondents"] for a in r["answers"].values() if isinstance(a, dict) and a.get("note")
    ]
    assert notes
    texts = [c.value for c in cells(workbook_of(tmp_path, WORKSHOP)) if isinstance(c.value, str)]
    lost = [n for n in notes if not any(n in t for t in texts)]
    assert not lost, f"{len(lost)} notes are not in the workbook, e.g. {lost[0][:80]!r}"


@pytest.mark.parametrize("payload", ["=cmd|' /C calc'!A0", "@SUM(1,1)", "[Sheet]*?/\\:'x'" * 3])
def test_a_hostile_questionnaire_makes_no_formula_and_no_broken_sheet(payload: str, tmp_path: Path) -> None:
    questionnaire = write_yaml(tmp_path / "questionnaire.yaml", questionnaire_with(payload))
    code, _, err = run("validate", questionnaire)
    assert code == 0, err
    book = workbook_of(tmp_path, hostile_workshop(tmp_path, payload, leading=True), "-Q", questionnaire)
    formulas = [f"{c.parent.title}!{c.coordinate}" for c in cells(book) if c.data_type == "f"]
    assert not formulas, f"questionnaire text became formulas: {formulas[:3]}"
    assert any(isinstance(c.value, str) and payload in c.value for c in cells(book)), "the dimension names were lost"


def test_several_answers_files_make_one_workbook_or_a_clear_refusal(tmp_path: Path) -> None:
    files = [EXAMPLES / "meridian-2026-Q3.yaml", EXAMPLES / "lumen-2026-Q3.yaml"]
    code, _, err = run("export", *files, "--format", "xlsx", "-o", tmp_path / "p.xlsx")
    assert code in (0, 2), err
    if code == 0:
        texts = {c.value for c in cells(openpyxl.load_workbook(tmp_path / "p.xlsx")) if isinstance(c.value, str)}
        assert any("Lumen" in t for t in texts), "the second answers file is silently left out"
    else:
        assert not (tmp_path / "p.xlsx").exists()
