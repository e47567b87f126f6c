"""Printing a document's HTML to PDF with a Chromium-family browser found on this machine.

* **Which browser**: the program named by ``AIOPGAP_CHROMIUM`` (or ``AIOPGAP_BROWSER``), else the
  first of :data:`NAMES` on ``PATH``, else the usual macOS and Windows install places
  (:data:`INSTALLED`). None there: a :class:`UsageError` (exit 2) saying what to install.
* **How it runs**: headless, with a fresh profile in a private temporary folder (removed after),
  no first-run screens, no background traffic and every host name unresolvable, so printing is
  offline; the HTML is a private file in that folder. It gets :data:`TIMEOUT` seconds
  (``AIOPGAP_PDF_TIMEOUT`` changes it); a browser that fails, hangs or writes no PDF is stopped
  with its whole process group and reported (exit 2) with the last lines it printed.
* **Same input, same bytes**: the browser stamps the time of printing in the PDF's creation and
  modification dates (nothing else differs between two runs); :func:`steady` replaces both with
  the document's own day at the same length, so every byte offset in the file stays valid.

Why no Python PDF library: WeasyPrint, the well-kept pure-Python one, draws the report's charts
wrong (it ignores the page's stylesheet inside inline SVG, so the radar comes out as a black
shape), needs the Pango system libraries, and took four times as long as Chromium on the example
report. A browser prints exactly what the HTML report shows.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

from aiopgap.model.errors import UsageError
from aiopgap.model.text import visible

ENVIRONMENT = ("AIOPGAP_CHROMIUM", "AIOPGAP_BROWSER")
"""Variables naming the browser program (a path, or a name looked up on ``PATH``), in this order."""
NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "microsoft-edge", "msedge")
"""Browser programs looked for on ``PATH``, in this order."""
INSTALLED = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "%PROGRAMFILES%/Google/Chrome/Application/chrome.exe",
    "%PROGRAMFILES(X86)%/Google/Chrome/Application/chrome.exe",
    "%LOCALAPPDATA%/Google/Chrome/Application/chrome.exe",
    "%PROGRAMFILES(X86)%/Microsoft/Edge/Application/msedge.exe",
    "%PROGRAMFILES%/Microsoft/Edge/Application/msedge.exe",
)
"""Where browsers are installed on macOS and Windows when they are not on ``PATH``."""
TIMEOUT = 120.0
"""Seconds a browser gets to print one document."""
TIMEOUT_VARIABLE = "AIOPGAP_PDF_TIMEOUT"
FALLBACK_DAY = "2000-01-01"
"""The date written in a PDF whose document has no day of its own (a diff, a trend)."""

NO_BROWSER = (
    "--format pdf prints the HTML report with a Chromium-family browser, and none was found on this machine. "
    "Install Chromium (Debian/Ubuntu: apt-get install chromium; macOS: brew install --cask chromium), "
    "Google Chrome or Microsoft Edge, or set AIOPGAP_CHROMIUM to the path of the browser program. "
    "Without one, --format html writes the same report to print from any browser."
)


def find_browser(environ: Mapping[str, str] | None = None) -> Path:
    """The browser program that prints PDFs here, or a :class:`UsageError` naming what to install."""
    env = os.environ if environ is None else environ
    search = env.get("PATH", "")
    for variable in ENVIRONMENT:
        given = env.get(variable, "")
        if not given:
            continue
        found = _program(given, search)
        if found is None:
            raise UsageError(
                f"{variable} is set to {_quoted(given)}, which is not a program on this machine; "
                f"set it to the path of Chromium, Google Chrome or Microsoft Edge, or unset it"
            )
        return found
    for name in NAMES:
        found = _program(name, search)
        if found is not None:
            return found
    for place in INSTALLED:
        expanded = _expanded(place, env)
        if expanded is not None and _program(expanded, "") is not None:
            return Path(expanded)
    raise UsageError(NO_BROWSER)


def _program(given: str, search: str) -> Path | None:
    """``given`` as an executable file: a path as it is, a bare name looked up on ``search``."""
    if os.sep in given or (os.altsep is not None and os.altsep in given):
        path = Path(given)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    found = shutil.which(given, path=search)
    return None if found is None else Path(found)


def _expanded(place: str, env: Mapping[str, str]) -> str | None:
    """``place`` with its ``%VARIABLE%`` filled from ``env``; None when the variable is unset."""
    for name in re.findall(r"%([^%]+)%", place):
        value = env.get(name)
        if not value:
            return None
        place = place.replace(f"%{name}%", value)
    return place


def _quoted(text: str) -> str:
    return repr(visible(text, keep_newlines=False))


def timeout_of(environ: Mapping[str, str] | None = None) -> float:
    """Seconds the browser gets: ``AIOPGAP_PDF_TIMEOUT`` when set (a positive number), else :data:`TIMEOUT`."""
    env = os.environ if environ is None else environ
    given = env.get(TIMEOUT_VARIABLE, "").strip()
    if not given:
        return TIMEOUT
    try:
        seconds = float(given)
    except ValueError:
        seconds = -1.0
    if not 0 < seconds <= 86_400:
        raise UsageError(f"{TIMEOUT_VARIABLE} must be a number of seconds from 1 to 86400, not {_quoted(given)}")
    return seconds


def arguments(browser: Path, page: Path, pdf: Path, profile: Path) -> list[str]:
    """The command line that prints ``page`` to ``pdf``: headless, offline, nothing kept after."""
    args = [
        str(browser),
        "--headless",
        "--disable-gpu",
        "--no-pdf-header-footer",
        # no structure tree: its elements carry the browser's own DOM node numbers, which were seen to
        # differ between two prints of the same page, so the same report gave different bytes
        "--disable-pdf-tagging",
        f"--print-to-pdf={pdf}",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses to run as root inside its sandbox
        args.append("--no-sandbox")
    return [*args, page.as_uri()]


NO_SCRIPTS = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'none'; connect-src 'none'\">"
"""Put at the top of every page printed, so a custom template's scripts do not run in the printer
either (the bundled template forbids them itself)."""
_DOCTYPE = re.compile(r"\A\s*<!doctype[^>]*>", re.IGNORECASE)


def scriptless(html: str) -> str:
    """``html`` with :data:`NO_SCRIPTS` first, after the doctype so the page keeps its standards mode."""
    found = _DOCTYPE.match(html)
    cut = found.end() if found else 0
    return html[:cut] + NO_SCRIPTS + html[cut:]


def print_pdf(html: str, browser: Path, timeout: float = TIMEOUT) -> bytes:
    """``html`` printed to PDF by ``browser``; a :class:`UsageError` when it fails or takes too long."""
    base = _work_base(browser)
    with tempfile.TemporaryDirectory(prefix="aiopgap-pdf-", dir=base, ignore_cleanup_errors=True) as work:  # 0700
        folder = Path(work)
        page, pdf, log = folder / "document.html", folder / "document.pdf", folder / "browser.log"
        try:
            page.write_text(scriptless(html), encoding="utf-8")
            with log.open("wb") as errors:
                status = _run(arguments(browser, page, pdf, folder / "profile"), errors, timeout)
        except OSError as exc:
            raise UsageError(f"cannot start the browser {_quoted(str(browser))}: {exc.strerror or exc}") from None
        said = _summary(log)
        if status is None:
            raise UsageError(
                f"the browser {_quoted(str(browser))} did not finish printing within {timeout:g} seconds and was "
                f"stopped; no PDF was written (set {TIMEOUT_VARIABLE} to allow longer){said}"
            )
        data = pdf.read_bytes() if pdf.is_file() else b""
        if status != 0 or not data.startswith(b"%PDF-"):
            what = f"exit status {status}" if status != 0 else "no PDF came out"
            raise UsageError(
                f"the browser {_quoted(str(browser))} could not print the report ({what}); no PDF was written{said}"
            )
        return data


def _work_base(browser: Path, home: Path | None = None) -> Path | None:
    """Where the private folder goes: the system's temporary folder, except for a snap-packaged Chromium.

    A snap (Ubuntu's ``chromium`` and ``chromium-browser``) sees its own ``/tmp``, not the system's, but
    may write in ``~/snap/chromium/common``; None means the system's temporary folder.
    """
    try:
        resolved = browser.resolve()
        snapped = resolved.parts[1:2] == ("snap",) or browser.parts[1:3] == ("snap", "bin")
        common = (home or Path.home()) / "snap" / "chromium" / "common"
        usable = (snapped or browser.name == "chromium-browser") and common.is_dir()
    except (OSError, RuntimeError):  # no home folder, a link loop: the system's folder will do
        return None
    return common if usable else None


def _run(args: list[str], errors: BinaryIO, timeout: float) -> int | None:
    """Run ``args`` with standard error to ``errors``; its exit status, or None when it ran out of time.

    It runs in a session of its own so that, when time is up, the browser and every helper process it
    started are stopped together.
    """
    windows = sys.platform == "win32"
    process = subprocess.Popen(  # the browser found above, with arguments built here
        args,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=errors,
        start_new_session=not windows,
    )
    try:
        return process.wait(timeout)
    except subprocess.TimeoutExpired:
        _stop(process, windows)
        return None
    except BaseException:  # Ctrl-C: the browser goes too
        _stop(process, windows)
        raise


def _stop(process: subprocess.Popen[bytes], windows: bool) -> None:
    with contextlib.suppress(OSError):
        if windows:
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(10)


_NOISE = re.compile(r"dbus|DevTools listening|bytes written to file|Fontconfig|GPU|gpu_", re.IGNORECASE)


def _summary(log: Path, lines: int = 3, width: int = 200) -> str:
    """The last lines the browser wrote to standard error, its routine chatter left out; '' when none."""
    try:
        text = log.read_bytes()[-20_000:].decode("utf-8", "replace")
    except OSError:
        return ""
    kept = [line.strip() for line in text.splitlines() if line.strip() and not _NOISE.search(line)]
    if not kept:
        return ""
    shown = [visible(line[:width], keep_newlines=False) for line in kept[-lines:]]
    return "\nthe browser said:\n" + "\n".join(f"  {line}" for line in shown)


# --------------------------------------------------------------------------- the same bytes every time

_DATE = re.compile(rb"/(CreationDate|ModDate)\s*\((D:[0-9]{4}[^)]{0,30})\)")
_ID = re.compile(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]")


def steady(pdf: bytes, day: str | None) -> bytes:
    """``pdf`` with its dates set to ``day`` (YYYY-MM-DD, midnight UTC) and its file ID made from its content.

    Each value keeps its length, so the cross-reference offsets stay right. A date written in a form
    of a length not known here is left as it is.
    """
    digits = (day if day and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else FALLBACK_DAY).replace("-", "")

    def dated(match: re.Match[bytes]) -> bytes:
        old = match.group(2)
        stamp = f"D:{digits}000000"
        for form in (stamp + "+00'00'", stamp + "+00'00", stamp + "Z", stamp):
            if len(form) == len(old):
                return match.group(0).replace(old, form.encode("ascii"))
        return match.group(0)

    pdf = _DATE.sub(dated, pdf)
    digest = hashlib.sha256(_ID.sub(b"", pdf)).hexdigest().upper().encode("ascii")

    def identified(match: re.Match[bytes]) -> bytes:
        whole = match.group(0)
        for part in (match.group(1), match.group(2)):
            whole = whole.replace(part, (digest * 4)[: len(part)], 1)
        return whole

    return _ID.sub(identified, pdf)
