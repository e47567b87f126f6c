"""[trust] the board pack's files attacked from outside: the workbook, the chart files and the PDF.

Written from the board-pack issue, the README and `--help`, not from the code. A workbook opened by a
spreadsheet library shows every user text as text (never a formula), holds no cell Excel cannot
open, keeps scores as numbers and is byte-identical across runs; chart files are standalone SVG that
parse as XML whatever the names say and carry no script or external reference; the PDF needs a
browser or an extra and says what to install when neither is there. Every bad destination is one
clear message, exit 2, no traceback and nothing written.
"""

from __future__ import annotations

import copy
import io
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from tests.conftest import EXAMPLES
from tests.trust.test_boardpack_attacks import WORKSHOP, load, partial_workshop, with_text
from tests.trust.test_output import questionnaire_with, write_yaml

runner = CliRunner()
WIDE = {"COLUMNS": "200"}
CHROMIUM = (
    shutil.which("chromium")
    or shutil.which("chromium-browser")
    or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
)
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


def run(*args: object, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], env={**WIDE, **(env or {})})
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.stderr, result.exception)
    if result.exit_code == 2:  # our own located message, or the option parser's usage error
        assert re.search(r"^error \S|Invalid value|Error", result.stderr, re.MULTILINE), result.stderr
    return result.exit_code, result.stdout, result.stderr


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


def hostile_workshop(tmp_path: Path, text: str, name: str = "answers.yaml") -> Path:
    return write_yaml(tmp_path / name, with_text(text))


def workbook_of(tmp_path: Path, answers: Path, *extra: object) -> openpyxl.Workbook:
    out = tmp_path / "pack.xlsx"
    code, _, err = run("export", answers, "--format", "xlsx", "-o", out, *extra)
    assert code == 0, err
    return openpyxl.load_workbook(out)


def cells(book: openpyxl.Workbook) -> list[Any]:
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("payload", FORMULAS)
def test_no_user_text_becomes_a_formula_in_the_workbook(payload: str, tmp_path: Path) -> None:
    book = workbook_of(tmp_path, hostile_workshop(tmp_path, payload))
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


def test_xlsx_with_output_dir_or_a_table_is_clear(tmp_path: Path) -> None:
    code, _, err = run("export", WORKSHOP, "--format", "xlsx", "--output-dir", tmp_path / "out")
    assert code in (0, 2), err
    if code == 0:
        assert any(p.suffix == ".xlsx" for p in (tmp_path / "out").iterdir())


# --------------------------------------------------------------------------- chart files


HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    "]]><x/><![CDATA[",
    "A & B <b> \"quoted\" 'single'",
    "ctl \x01\x08\x0b\x1b[2J\x7f end",
    "url(http://evil.example/x) @import 'http://evil.example/s.css';",
    "<image href='http://evil.example/p.png'/>",
    "\ufffe\uffff surrogate-adjacent",
]


def charts(tmp_path: Path, answers: Path, *extra: object) -> dict[str, str]:
    folder = tmp_path / "charts"
    code, _, err = run("report", answers, "--charts", folder, *extra, "-o", tmp_path / "report.txt")
    assert code == 0, err
    files = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.svg"))}
    assert files, "no SVG written"
    return files


XLINK = "{http://www.w3.org/1999/xlink}href"


def assert_standalone(name: str, svg: str) -> None:
    root = ElementTree.fromstring(svg.encode("utf-8"))  # must parse as XML whatever the names say
    assert root.tag == "{http://www.w3.org/2000/svg}svg", f"{name}: root is {root.tag}"
    for element in root.iter():
        tag = element.tag.split("}")[-1].lower()
        assert tag not in ("script", "foreignobject", "iframe", "image", "use") or (
            tag == "use" and all(v.startswith("#") for k, v in element.attrib.items() if k in ("href", XLINK))
        ), f"{name}: <{tag}>"
        for key, value in element.attrib.items():
            assert not key.lower().startswith("on"), f"{name}: event attribute {key}"
            if key in ("href", XLINK, "src"):
                assert value.startswith("#"), f"{name}: external reference {value!r}"
    styles = " ".join((e.text or "") for e in root.iter("{http://www.w3.org/2000/svg}style"))
    assert "@import" not in styles, f"{name}: imported style"
    assert not re.search(r"url\((?!#)", styles), f"{name}: external style"
    inline = any(key in e.attrib for e in root.iter() for key in ("fill", "stroke", "style"))
    assert styles.strip() or inline, f"{name}: drawn with no style inside the file"


def test_chart_files_are_standalone_svg_for_the_workshop(tmp_path: Path) -> None:
    files = charts(tmp_path, WORKSHOP)
    assert any("radar" in n for n in files), sorted(files)
    assert any("heatmap" in n for n in files), sorted(files)
    for name, svg in files.items():
        assert_standalone(name, svg)


@pytest.mark.parametrize("text", HOSTILE_NAMES)
def test_hostile_names_and_roles_keep_chart_files_valid_and_inert(text: str, tmp_path: Path) -> None:
    answers = hostile_workshop(tmp_path, text)
    questionnaire = write_yaml(tmp_path / "questionnaire.yaml", questionnaire_with(text))
    code, _, _err = run("validate", questionnaire)
    extra: tuple[object, ...] = ("-q", questionnaire) if code == 0 else ()
    for name, svg in charts(tmp_path, answers, *extra).items():
        assert_standalone(name, svg)
        assert "<script" not in svg.lower()


def test_the_chart_file_radar_draws_no_unscored_dimension_at_the_centre(tmp_path: Path) -> None:
    from tests.trust.test_boardpack_attacks import centre_and_current

    files = charts(tmp_path, partial_workshop(tmp_path))
    radar = next(svg for name, svg in files.items() if "radar" in name)
    centre, points = centre_and_current(radar)
    assert not [p for p in points if abs(p[0] - centre[0]) < 0.5 and abs(p[1] - centre[1]) < 0.5]


def test_chart_files_are_byte_identical_across_runs(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert charts(tmp_path / "a", WORKSHOP) == charts(tmp_path / "b", WORKSHOP)


def charts_destination(tmp_path: Path, kind: str, victim: Path) -> Path:
    if kind == "a file":
        path = tmp_path / "charts"
        path.write_text("keep me", encoding="utf-8")
        return path
    if kind == "a symlink to the input":
        (tmp_path / "charts").symlink_to(victim)
        return tmp_path / "charts"
    if kind == "under a file":
        return victim / "charts"
    if kind == "a read-only file inside":
        folder = tmp_path / "charts"
        folder.mkdir()
        (folder / "radar.svg").write_text("old", encoding="utf-8")
        (folder / "radar.svg").chmod(0o444)
        return folder
    return Path("/proc/aiopgap-charts")


@pytest.mark.parametrize(
    "kind", ["a file", "a symlink to the input", "under a file", "a read-only file inside", "unwritable"]
)
def test_a_hostile_charts_folder_is_refused_and_nothing_is_written(kind: str, tmp_path: Path) -> None:
    victim = tmp_path / "answers.yaml"
    shutil.copy(WORKSHOP, victim)
    target = charts_destination(tmp_path, kind, victim)
    before = listing(tmp_path)
    code, _, err = run("report", victim, "--charts", target, "-o", tmp_path / "report.txt")
    assert code == 2, (kind, err)
    assert listing(tmp_path) == before, f"{kind}: files changed"


def test_a_charts_folder_through_a_symlink_to_a_folder_is_written_there(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "real")
    code, _, err = run("report", WORKSHOP, "--charts", tmp_path / "link", "-o", tmp_path / "report.txt")
    assert code in (0, 2), err
    if code == 0:
        assert list((tmp_path / "real").glob("*.svg"))
        assert (tmp_path / "link").is_symlink()


# --------------------------------------------------------------------------- the PDF


def plain_file(tmp_path: Path) -> Path:
    path = tmp_path / "plain"
    path.write_text("not a program", encoding="utf-8")
    return path


def fake_browser(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "fake-chromium"
    path.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def pdf(
    tmp_path: Path, env: dict[str, str], *extra: object, timeout: float = 120
) -> subprocess.CompletedProcess[bytes]:
    return process("report", EXAMPLES / "meridian-2026-Q3.yaml", "--format", "pdf", *extra, env=env, timeout=timeout)


def test_no_browser_and_no_extra_names_what_to_install(tmp_path: Path) -> None:
    empty = tmp_path / "bin"
    empty.mkdir()
    out = tmp_path / "report.pdf"
    done = pdf(tmp_path, {"PATH": str(empty), "AIOPGAP_CHROMIUM": ""}, "-o", out)
    if done.returncode == 0:  # an extra or a browser in a well-known place did the job
        assert out.read_bytes().startswith(b"%PDF")
        return
    assert done.returncode == 2, done.stderr
    assert re.search(rb"install", done.stderr, re.IGNORECASE), done.stderr
    assert re.search(rb"chrom|pip|\[pdf\]", done.stderr, re.IGNORECASE), done.stderr
    assert not out.exists()


@pytest.mark.parametrize("kind", ["missing", "a directory", "exits 1", "exits 0 and writes nothing", "not executable"])
def test_a_bad_aiopgap_chromium_is_a_clear_exit_2_and_nothing_written(kind: str, tmp_path: Path) -> None:
    browser = {
        "missing": lambda: tmp_path / "no-such-browser",
        "a directory": lambda: tmp_path,
        "exits 1": lambda: fake_browser(tmp_path, "echo crashed >&2; exit 1"),
        "exits 0 and writes nothing": lambda: fake_browser(tmp_path, "exit 0"),
        "not executable": lambda: plain_file(tmp_path),
    }[kind]()
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    done = pdf(tmp_path, {"AIOPGAP_CHROMIUM": str(browser)}, "-o", out)
    assert done.returncode == 2, (kind, done.returncode, done.stderr)
    assert done.stderr.startswith(b"error"), done.stderr
    assert list(out.parent.iterdir()) == [], f"{kind}: left {list(out.parent.iterdir())}"


def test_a_browser_that_hangs_is_stopped_with_a_clear_message(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, "exec sleep 600")
    out = tmp_path / "report.pdf"
    env = {"AIOPGAP_CHROMIUM": str(browser), "AIOPGAP_PDF_TIMEOUT": "3"}
    try:
        done = pdf(tmp_path, env, "-o", out, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("a hanging browser outlives AIOPGAP_PDF_TIMEOUT=3 by a minute")
    assert done.returncode == 2, done.stderr
    assert not out.exists()


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "abc", "1e309"])
def test_a_hostile_pdf_timeout_is_refused_never_a_crash_or_a_hang(value: str, tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, "exec sleep 600")
    out = tmp_path / "report.pdf"
    try:
        done = pdf(tmp_path, {"AIOPGAP_CHROMIUM": str(browser), "AIOPGAP_PDF_TIMEOUT": value}, "-o", out, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"AIOPGAP_PDF_TIMEOUT={value!r} is taken as a timeout: a hanging browser hangs aiopgap")
    assert done.returncode == 2, done.stderr
    if value != "0":  # zero seconds may simply time out at once
        assert b"AIOPGAP_PDF_TIMEOUT" in done.stderr, done.stderr
    assert not out.exists()


def test_pdf_without_output_is_refused_with_a_clear_message() -> None:
    code, out, err = run("report", EXAMPLES / "meridian-2026-Q3.yaml", "--format", "pdf")
    assert code == 2, err
    assert "output" in err.lower() or "-o" in err
    assert out == ""


@pytest.mark.parametrize("kind", ["a directory", "a symlink to the input", "/dev/full"])
def test_a_hostile_pdf_destination_is_refused(kind: str, tmp_path: Path) -> None:
    victim = tmp_path / "answers.yaml"
    shutil.copy(EXAMPLES / "meridian-2026-Q3.yaml", victim)
    target = destination(tmp_path, kind, victim)
    before = listing(tmp_path)
    code, _, err = run("report", victim, "--format", "pdf", "-o", target)
    assert code == 2, (kind, err)
    assert listing(tmp_path) == before


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium on this machine")
def test_a_hostile_pdf_is_written_and_byte_identical_across_runs(tmp_path: Path) -> None:
    answers = hostile_workshop(tmp_path, "<script>alert(1)</script> & ]]> \x1b[2J")
    outputs = []
    for n in range(2):
        out = tmp_path / f"report{n}.pdf"
        done = process(
            "report", answers, "--format", "pdf", "-o", out, env={"AIOPGAP_CHROMIUM": str(CHROMIUM)}, timeout=180
        )
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(b"%PDF")
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1], "two PDFs of the same input differ"


# --------------------------------------------------------------------------- anonymity and links in the files


def names_in(doc: dict[str, Any]) -> list[str]:
    return [part for r in doc["respondents"] for part in r["name"].split() if len(part) >= 3]


def test_an_anonymised_workbook_names_nobody(tmp_path: Path) -> None:
    names = names_in(load(WORKSHOP))
    book = workbook_of(tmp_path, WORKSHOP, "--anonymise")
    found = sorted({n for c in cells(book) if isinstance(c.value, str) for n in names if n in c.value})
    assert not found, f"the anonymised workbook names {found}"


def test_anonymised_chart_files_name_nobody(tmp_path: Path) -> None:
    names = names_in(load(WORKSHOP))
    for name, svg in charts(tmp_path, WORKSHOP, "--anonymise").items():
        found = sorted({n for n in names if n in svg})
        assert not found, f"{name} names {found} in an anonymised report"


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


# --------------------------------------------------------------------------- more hostile chart destinations


def test_a_chart_file_that_is_a_symlink_to_the_input_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "answers.yaml"
    shutil.copy(WORKSHOP, victim)
    folder = tmp_path / "charts"
    folder.mkdir()
    (folder / "radar.svg").symlink_to(victim)
    (folder / "heatmap.svg").symlink_to(victim)
    before = victim.read_bytes()
    code, _, err = run("report", victim, "--charts", folder)
    assert victim.read_bytes() == before, "the answers file was overwritten by a chart"
    assert code == 2, err


def test_a_chart_file_name_taken_by_a_folder_is_refused_and_the_report_not_written(tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    (folder / "radar.svg").mkdir(parents=True)
    code, _, err = run("report", WORKSHOP, "--charts", folder, "-o", tmp_path / "report.html", "-f", "html")
    assert code == 2, err
    assert not (tmp_path / "report.html").exists(), "exit 2, yet the report was written"


def test_png_charts_without_the_extra_name_what_to_install(tmp_path: Path) -> None:
    code, _, err = run("report", WORKSHOP, "--charts", tmp_path / "charts", "--charts-format", "png")
    if code == 0:  # the extra is installed here
        assert all(p.read_bytes().startswith(b"\x89PNG") for p in (tmp_path / "charts").glob("*.png"))
        return
    assert code == 2, err
    assert "pip install" in err
    assert not (tmp_path / "charts").exists() or not list((tmp_path / "charts").iterdir())


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "ctl \x01\x1b[2J end", "]]> & 'q' \"q\""])
def test_trend_chart_files_are_valid_and_inert(text: str, tmp_path: Path) -> None:
    series = tmp_path / "series"
    series.mkdir()
    for source in sorted((EXAMPLES / "trend").glob("*.yaml")):
        doc = load(source)
        doc["organisation"] = f"Org {text}"
        write_yaml(series / source.name, doc)
    code, _, err = run("trend", series, "--charts", tmp_path / "charts", "-o", tmp_path / "trend.txt")
    assert code == 0, err
    files = sorted((tmp_path / "charts").glob("*.svg"))
    assert files, "trend wrote no chart file"
    for path in files:
        assert_standalone(path.name, path.read_text(encoding="utf-8"))
