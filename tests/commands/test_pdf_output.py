"""``--format pdf`` end to end: through typer's runner and a real ``python -m aiopgap`` process.

Without a browser the user is told what to install; a browser that fails or hangs leaves no file
behind; with the real browser (tests marked ``browser``: skipped when none is found, a failure
under AIOPGAP_REQUIRE_BROWSER=1 as in CI) the example report prints to a PDF of several pages
holding the organisation's name, byte for byte the same on a second run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aiopgap.cli import app
from aiopgap.files import pdf
from aiopgap.model.errors import UsageError
from tests.conftest import EXAMPLES
from tests.files.test_pdf import STAMPED, fake_browser, printing

MERIDIAN = EXAMPLES / "meridian-2026-Q3.yaml"
SERIES = EXAMPLES / "trend"
runner = CliRunner()

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake browsers are shell scripts")


def no_browser_env(monkeypatch: pytest.MonkeyPatch, folder: Path) -> dict[str, str]:
    """The environment of a machine without any browser: the variables unset, PATH an empty folder."""
    if any(os.path.exists(place) for place in pdf.INSTALLED if "%" not in place):
        pytest.skip("a browser is installed in a standard place on this machine")
    folder.mkdir(exist_ok=True)
    for variable in (*pdf.ENVIRONMENT, "PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("PATH", str(folder))
    return {**os.environ}


def aiopgap(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "aiopgap", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=False,
    )


# --------------------------------------------------------------------------- refused before any work


def test_pdf_to_the_screen_is_refused_before_the_answers_are_read(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(tmp_path / "missing.yaml"), "--format", "pdf"])
    assert result.exit_code == 2
    assert "--format pdf writes a file: name it with --output (-o)" in result.stderr
    for command in (["diff", MERIDIAN, MERIDIAN], ["trend", SERIES]):
        result = runner.invoke(app, [*map(str, command), "-f", "pdf"])
        assert result.exit_code == 2, command
        assert "--format pdf writes a file" in result.stderr


def test_no_browser_names_what_to_install_through_the_runner(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_browser_env(monkeypatch, tmp_path / "empty")
    out = tmp_path / "report.pdf"
    result = runner.invoke(app, ["report", str(MERIDIAN), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 2
    for words in ("Chromium-family browser", "apt-get install chromium", "AIOPGAP_CHROMIUM", "--format html"):
        assert words in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_no_browser_names_what_to_install_in_a_real_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = no_browser_env(monkeypatch, tmp_path / "empty")
    out = tmp_path / "report.pdf"
    done = aiopgap("report", MERIDIAN, "--format", "pdf", "--output", out, env=env)
    assert done.returncode == 2, done.stderr
    assert "apt-get install chromium" in done.stderr
    assert "AIOPGAP_CHROMIUM" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()


# --------------------------------------------------------------------------- a browser that lets us down


def test_a_failing_browser_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path / "bin", "echo 'Trace/breakpoint trap' >&2\nexit 1")
    out = tmp_path / "report.pdf"
    out.write_bytes(b"last quarter's PDF")
    done = aiopgap("report", MERIDIAN, "-f", "pdf", "-o", out, env={**os.environ, "AIOPGAP_CHROMIUM": str(browser)})
    assert done.returncode == 2
    assert "could not print the report (exit status 1); no PDF was written" in done.stderr
    assert "Trace/breakpoint trap" in done.stderr
    assert out.read_bytes() == b"last quarter's PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bin", "report.pdf"]


@pytest.mark.timing
def test_a_hanging_browser_hits_the_timeout(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path / "bin", "sleep 60")
    out = tmp_path / "report.pdf"
    env = {**os.environ, "AIOPGAP_CHROMIUM": str(browser), "AIOPGAP_PDF_TIMEOUT": "1"}
    done = aiopgap("report", MERIDIAN, "-f", "pdf", "-o", out, env=env)
    assert done.returncode == 2
    assert "did not finish printing within 1 seconds and was stopped" in done.stderr
    assert "AIOPGAP_PDF_TIMEOUT" in done.stderr
    assert not out.exists()


# --------------------------------------------------------------------------- with a browser that prints


def test_the_pdf_carries_the_report_day_not_the_printing_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIOPGAP_CHROMIUM", str(printing(tmp_path / "bin")))
    out = tmp_path / "report.pdf"
    result = runner.invoke(app, ["report", str(MERIDIAN), "-f", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    data = out.read_bytes()
    assert len(data) == len(STAMPED)
    assert data.count(b"(D:20260930000000+00'00')") == 2  # meridian's 2026-Q3 ends on 30 September


def test_diff_and_trend_print_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AIOPGAP_CHROMIUM", str(printing(tmp_path / "bin")))
    older = SERIES / "meridian-2026-Q2.yaml"
    for name, command in (("diff", ["diff", older, MERIDIAN]), ("trend", ["trend", SERIES])):
        out = tmp_path / f"{name}.pdf"
        result = runner.invoke(app, [*map(str, command), "-f", "pdf", "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        assert out.read_bytes().startswith(b"%PDF-")
        assert b"D:20000101000000+00'00'" in out.read_bytes()  # no day of its own: the fixed one


# --------------------------------------------------------------------------- the real browser


@pytest.fixture(scope="module")
def real_browser() -> Path:
    try:
        return pdf.find_browser()
    except UsageError:
        if os.environ.get("AIOPGAP_REQUIRE_BROWSER"):
            pytest.fail("AIOPGAP_REQUIRE_BROWSER is set (as in CI) but no Chromium-family browser was found")
        pytest.skip("no Chromium-family browser found: install chromium or set AIOPGAP_CHROMIUM")


@pytest.mark.browser
def test_the_example_report_prints_the_same_pdf_twice(real_browser: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back (pip install -e '.[dev]')")
    first, second = tmp_path / "first.pdf", tmp_path / "second.pdf"
    done = aiopgap("report", MERIDIAN, "--format", "pdf", "-o", first)
    assert done.returncode == 0, done.stderr
    result = runner.invoke(app, ["report", str(MERIDIAN), "-f", "pdf", "-o", str(second)])
    assert result.exit_code == 0, result.stderr
    assert first.read_bytes() == second.read_bytes()  # as `cmp` would say
    assert first.read_bytes().startswith(b"%PDF-")
    document = pypdf.PdfReader(first)
    assert len(document.pages) >= 2
    assert "Meridian Retail Group" in document.pages[0].extract_text()
    assert document.metadata is not None
    assert document.metadata.get("/CreationDate") == "D:20260930000000+00'00'"


@pytest.mark.browser
def test_a_trend_prints_with_the_real_browser(real_browser: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back (pip install -e '.[dev]')")
    out = tmp_path / "trend.pdf"
    done = aiopgap("trend", SERIES, "-f", "pdf", "-o", out)
    assert done.returncode == 0, done.stderr
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "Meridian Retail Group" in text
    assert "2025-Q4" in text


@pytest.mark.browser
def test_printing_reaches_no_network_even_when_a_template_asks(real_browser: Path, tmp_path: Path) -> None:
    """A custom template pointing at a server on this machine, by address and by name: nothing is fetched."""
    import http.server
    import threading

    asked: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        templates = tmp_path / "brand"
        templates.mkdir()
        (templates / "report.html.j2").write_text(
            "<html><body><p>{{ report.organisation }}</p>"
            f'<img src="http://127.0.0.1:{port}/by-address.png"><img src="http://localhost:{port}/by-name.png">'
            f'<link rel="stylesheet" href="http://127.0.0.1:{port}/style.css"></body></html>',
            encoding="utf-8",
        )
        out = tmp_path / "branded.pdf"
        done = aiopgap("report", MERIDIAN, "--template-dir", templates, "-f", "pdf", "-o", out)
        assert done.returncode == 0, done.stderr
        assert out.read_bytes().startswith(b"%PDF-")
    finally:
        server.shutdown()
        server.server_close()
    assert asked == []


@pytest.mark.browser
def test_a_custom_templates_script_does_not_run_in_the_printer(real_browser: Path, tmp_path: Path) -> None:
    """Templates cannot run code (README, Custom templates), and that holds when the page is printed too."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf reads the PDF back (pip install -e '.[dev]')")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.html.j2").write_text(
        '<!DOCTYPE html>\n<html><head><title>t</title></head><body><p id="p">STATIC {{ report.organisation }}</p>\n'
        '<script>document.getElementById("p").textContent = "SCRIPT RAN";</script></body></html>\n',
        encoding="utf-8",
    )
    out = tmp_path / "custom.pdf"
    done = aiopgap("report", MERIDIAN, "--template-dir", templates, "-f", "pdf", "-o", out)
    assert done.returncode == 0, done.stderr
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "STATIC Meridian Retail Group" in text
    assert "SCRIPT RAN" not in text
