"""Finding a browser, printing with it, and making two prints of the same report byte-identical.

The browser here is a fake (a small shell script) unless a test says otherwise: one that prints a
tiny PDF stamped with the time, one that fails, one that hangs. tests/commands/test_pdf_output.py
prints the example reports with the real browser.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from aiopgap.files import pdf
from aiopgap.model.errors import UsageError

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fake browsers are shell scripts")

STAMPED = "%PDF-1.4\n1 0 obj\n<</CreationDate (D:20261126070143+01'00') /ModDate (D:20261126070143+01'00')>>\nendobj\n"
"""What the printing fake writes: a PDF header and the two dates a real browser stamps."""


def fake_browser(folder: Path, body: str, name: str = "chromium") -> Path:
    """An executable ``name`` in ``folder`` running ``body`` (sh), its arguments in "$@"."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / name
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return script


def printing(folder: Path, name: str = "chromium") -> Path:
    """A fake that writes :data:`STAMPED` where ``--print-to-pdf=`` says, and keeps its arguments."""
    body = (
        'for a in "$@"; do case "$a" in --print-to-pdf=*) out="${a#--print-to-pdf=}";; esac; done\n'
        f'printf "%s\\n" "$@" > "{folder}/arguments"\n'
        f"cat > \"$out\" <<'EOF'\n{STAMPED}EOF"
    )
    return fake_browser(folder, body, name)


# --------------------------------------------------------------------------- finding a browser


def test_no_browser_anywhere_names_what_to_install(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        pdf.find_browser({"PATH": str(tmp_path)})
    message = str(caught.value)
    for words in ("Chromium-family browser", "apt-get install chromium", "Google Chrome", "AIOPGAP_CHROMIUM"):
        assert words in message
    assert caught.value.exit_code == 2


def test_the_variable_wins_over_path_and_a_bare_name_is_looked_up(tmp_path: Path) -> None:
    on_path = printing(tmp_path / "bin", "google-chrome")
    chosen = printing(tmp_path / "elsewhere", "my-chrome")
    search = str(tmp_path / "bin")
    assert pdf.find_browser({"PATH": search}) == on_path
    assert pdf.find_browser({"PATH": search, "AIOPGAP_CHROMIUM": str(chosen)}) == chosen
    assert pdf.find_browser({"PATH": f"{tmp_path / 'elsewhere'}", "AIOPGAP_BROWSER": "my-chrome"}) == chosen


def test_names_on_path_are_tried_in_order(tmp_path: Path) -> None:
    printing(tmp_path, "msedge")
    chromium = printing(tmp_path, "chromium-browser")
    assert pdf.find_browser({"PATH": str(tmp_path)}) == chromium


def test_a_variable_naming_nothing_is_refused_not_skipped(tmp_path: Path) -> None:
    printing(tmp_path, "chromium")
    with pytest.raises(UsageError, match=r"AIOPGAP_CHROMIUM is set to '/no/such/browser', which is not a program"):
        pdf.find_browser({"PATH": str(tmp_path), "AIOPGAP_CHROMIUM": "/no/such/browser"})


def test_windows_install_places_are_filled_from_the_environment(tmp_path: Path) -> None:
    printing(tmp_path / "Google" / "Chrome" / "Application", "chrome.exe")
    found = pdf.find_browser({"PATH": "", "LOCALAPPDATA": str(tmp_path)})
    assert found == tmp_path / "Google" / "Chrome" / "Application" / "chrome.exe"


@pytest.mark.parametrize("given", ["0", "-3", "soon", "1e9", "nan"])
def test_a_bad_timeout_is_refused_with_its_variable(given: str) -> None:
    with pytest.raises(UsageError, match="AIOPGAP_PDF_TIMEOUT must be a number of seconds"):
        pdf.timeout_of({"AIOPGAP_PDF_TIMEOUT": given})


def test_the_timeout_defaults_and_can_be_raised() -> None:
    assert pdf.timeout_of({}) == pdf.TIMEOUT
    assert pdf.timeout_of({"AIOPGAP_PDF_TIMEOUT": " 300 "}) == 300.0


# --------------------------------------------------------------------------- printing


def test_the_browser_runs_headless_offline_with_a_throwaway_profile(tmp_path: Path) -> None:
    browser = printing(tmp_path)
    data = pdf.print_pdf("<title>x</title>", browser, timeout=30)
    assert data == STAMPED.encode()
    given = (tmp_path / "arguments").read_text(encoding="utf-8").splitlines()
    for flag in ("--headless", "--no-pdf-header-footer", "--disable-background-networking", "--no-first-run"):
        assert flag in given
    assert "--host-resolver-rules=MAP * ~NOTFOUND" in given
    profile = next(a for a in given if a.startswith("--user-data-dir=")).split("=", 1)[1]
    page = given[-1]
    assert page.startswith("file://")
    assert page.endswith(".html")
    assert not Path(profile).exists()  # the private folder is gone once printing is over
    assert ("--no-sandbox" in given) == (os.geteuid() == 0)


def test_a_failing_browser_is_reported_with_what_it_said(tmp_path: Path) -> None:
    browser = fake_browser(tmp_path, 'echo "[1:2:ERROR:dbus/bus.cc] noise" >&2\necho "cannot open display" >&2\nexit 1')
    with pytest.raises(UsageError) as caught:
        pdf.print_pdf("<p>x</p>", browser, timeout=30)
    message = str(caught.value)
    assert "could not print the report (exit status 1); no PDF was written" in message
    assert "cannot open display" in message
    assert "dbus" not in message  # routine chatter is left out


def test_a_browser_that_writes_no_pdf_is_a_failure(tmp_path: Path) -> None:
    writes_html = 'for a in "$@"; do case "$a" in --print-to-pdf=*) echo "<html>" > "${a#*=}";; esac; done'
    browser = fake_browser(tmp_path, writes_html)
    with pytest.raises(UsageError, match=r"no PDF came out"):
        pdf.print_pdf("<p>x</p>", browser, timeout=30)


@pytest.mark.timing
def test_a_hanging_browser_and_its_children_are_stopped_at_the_timeout(tmp_path: Path) -> None:
    marker = tmp_path / "child-still-running"
    browser = fake_browser(tmp_path, f"(sleep 3; touch {marker}) &\nsleep 60")
    started = time.monotonic()
    with pytest.raises(UsageError, match=r"did not finish printing within 1 seconds and was stopped"):
        pdf.print_pdf("<p>x</p>", browser, timeout=1)
    assert time.monotonic() - started < 10
    time.sleep(3)
    assert not marker.exists()  # the helper it started went with it


def test_a_snap_chromium_prints_from_a_folder_it_can_see(tmp_path: Path) -> None:
    common = tmp_path / "home" / "snap" / "chromium" / "common"
    plain = printing(tmp_path / "bin", "chromium")
    snap_wrapper = printing(tmp_path / "bin", "chromium-browser")  # Ubuntu's wrapper runs the snap
    assert pdf._work_base(snap_wrapper, tmp_path / "home") is None  # no snap folder: the system's
    common.mkdir(parents=True)
    assert pdf._work_base(snap_wrapper, tmp_path / "home") == common
    assert pdf._work_base(Path("/snap/bin/chromium"), tmp_path / "home") == common
    assert pdf._work_base(plain, tmp_path / "home") is None


# --------------------------------------------------------------------------- the same bytes every time


def test_dates_become_the_day_at_the_same_length() -> None:
    steady = pdf.steady(STAMPED.encode(), "2026-09-30")
    assert len(steady) == len(STAMPED)
    assert steady.count(b"(D:20260930000000+00'00')") == 2


def test_a_document_without_a_day_gets_the_fixed_one() -> None:
    assert b"D:20000101000000Z" in pdf.steady(b"/CreationDate (D:20261126070143Z)", None)


def test_a_date_of_an_unknown_form_is_left_alone() -> None:
    odd = b"/ModDate (D:2026112607014)"
    assert pdf.steady(odd, "2026-09-30") == odd


def test_the_file_id_follows_the_content_not_the_run() -> None:
    def printed(run_id: bytes, body: bytes) -> bytes:
        return b"%PDF-1.7\n" + body + b"\ntrailer <</ID [<" + run_id + b"> <" + run_id + b">]>>\n"

    first = pdf.steady(printed(b"0123456789ABCDEF", b"same"), "2026-09-30")
    second = pdf.steady(printed(b"FEDCBA9876543210", b"same"), "2026-09-30")
    other = pdf.steady(printed(b"FEDCBA9876543210", b"different"), "2026-09-30")
    assert first == second
    assert len(first) == len(printed(b"0123456789ABCDEF", b"same"))
    assert other[-50:] != first[-50:]
