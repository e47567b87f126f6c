"""[trust] the board pack's chart files and PDF attacked from outside.

Written from the board-pack issue, the README and `--help`, not from the code. Chart files
(`report --charts DIR`, `trend --charts DIR`) are standalone SVG that parse as XML whatever the names
say, carry no script or external reference and name nobody when anonymised; the PDF needs a browser
and says what to install when there is none, and a missing, broken, hanging or lying browser is a
clear exit 2 that writes nothing. Every bad destination is one clear message, exit 2, no traceback
and nothing written (the report included).
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.conftest import EXAMPLES
from tests.trust.test_boardpack_attacks import WORKSHOP, load, partial_workshop
from tests.trust.test_boardpack_workbook import destination, hostile_workshop, listing, names_in, process, run
from tests.trust.test_output import questionnaire_with, write_yaml

CHROMIUM = (
    shutil.which("chromium")
    or shutil.which("chromium-browser")
    or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
)


# --------------------------------------------------------------------------- chart files


HOSTILE_NAMES = [
    "<script>alert(1)</script>",
    "]]><x/><![CDATA[",
    "A & B <b> \"quoted\" 'single'",
    "ctl \x01\x08\x0b\x1b[2J\x7f end",
    "url(http://evil.example/x) @import 'http://evil.example/s.css';",
    "<image href='http://evil.example/p.png'/>",
    "\ufffe\uffff noncharacters",
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
    extra: tuple[object, ...] = ("-Q", questionnaire) if code == 0 else ()
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
    "kind",
    [
        "a file",
        "a symlink to the input",
        "under a file",
        "a read-only file inside",
        "unwritable",
    ],
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


@pytest.mark.timing
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


@pytest.mark.timing
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


@pytest.mark.browser
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


def test_anonymised_chart_files_name_nobody(tmp_path: Path) -> None:
    names = names_in(load(WORKSHOP))
    for name, svg in charts(tmp_path, WORKSHOP, "--anonymise").items():
        found = sorted({n for n in names if n in svg})
        assert not found, f"{name} names {found} in an anonymised report"


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


PRINTS_GARBAGE = """for arg in "$@"; do
  case "$arg" in --print-to-pdf=*) printf 'not a pdf at all' > "${arg#--print-to-pdf=}" ;; esac
done
exit 0"""


def test_a_browser_that_prints_garbage_never_becomes_the_pdf(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, PRINTS_GARBAGE)
    out = tmp_path / "out" / "report.pdf"
    out.parent.mkdir()
    done = pdf(tmp_path, {"AIOPGAP_CHROMIUM": str(browser)}, "-o", out)
    if done.returncode == 0:
        assert out.read_bytes().startswith(b"%PDF"), "a file that is not a PDF was written as the report"
    else:
        assert done.returncode == 2, done.stderr
        assert not out.exists()


def test_a_failing_browser_keeps_the_previous_pdf(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, "exit 1")
    out = tmp_path / "report.pdf"
    out.write_bytes(b"%PDF-1.4 last quarter's report")
    done = pdf(tmp_path, {"AIOPGAP_CHROMIUM": str(browser)}, "-o", out)
    assert done.returncode == 2, done.stderr
    assert out.read_bytes() == b"%PDF-1.4 last quarter's report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fake-chromium", "report.pdf"]


@pytest.mark.parametrize(
    "name",
    [
        "x" * 300,
        "a/" * 3000 + "charts",
        "bad\x00name",
    ],
)
def test_an_impossible_charts_name_is_a_clear_exit_2(name: str, tmp_path: Path) -> None:
    code, _, err = run("report", WORKSHOP, "--charts", tmp_path / name, "-o", tmp_path / "report.txt")
    assert code == 2, err
    assert not (tmp_path / "report.txt").exists(), "exit 2, yet the report was written"


def test_a_failing_pdf_leaves_no_chart_files_behind(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, "exit 1")
    folder = tmp_path / "charts"
    done = process(
        "report", WORKSHOP, "--format", "pdf", "-o", tmp_path / "r.pdf", "--charts", folder,
        env={"AIOPGAP_CHROMIUM": str(browser)},
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert not (tmp_path / "r.pdf").exists()
    assert not folder.exists() or not list(folder.iterdir()), "exit 2, yet the chart files were written"


def test_a_report_output_that_is_also_a_chart_file_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    folder = tmp_path / "charts"
    folder.mkdir()
    (folder / "radar.svg").write_text("last quarter's radar", encoding="utf-8")
    code, _, err = run("report", WORKSHOP, "--charts", folder, "-o", folder / "radar.svg")
    assert code == 2, err
    assert (folder / "radar.svg").read_text(encoding="utf-8") == "last quarter's radar", "replaced, then refused"


@pytest.mark.parametrize("keep", ["", "governance."])
def test_charts_of_a_report_with_little_or_nothing_scored_hold_real_numbers(keep: str, tmp_path: Path) -> None:
    doc = load(WORKSHOP)
    for respondent in doc["respondents"]:
        respondent["answers"] = {q: v for q, v in respondent["answers"].items() if keep and q.startswith(keep)}
    answers = write_yaml(tmp_path / "answers.yaml", doc)
    files = charts(tmp_path, answers)
    for name, svg in files.items():
        assert_standalone(name, svg)
        bad = re.search(r'="[^"]*\b(nan|None|inf|undefined)\b', svg)
        assert not bad, f"{name}: {bad.group()}"
