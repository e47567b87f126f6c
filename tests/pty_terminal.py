"""A real pseudo-terminal for end-to-end tests: pexpect runs the command, pyte draws the screen.

pyte is a terminal emulator, so tests assert on what a person would see on the screen rather
than on escape sequences, and it answers the cursor-position requests prompt_toolkit sends,
just as a real terminal does.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pexpect
import pyte

COLUMNS, LINES = 120, 40


def _as_in_a_terminal() -> None:
    """Ctrl-C interrupts the child as in a person's terminal, even when the tests themselves were
    started with SIGINT ignored (a shell's background job) or blocked: the child inherits both."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


class _Screen(pyte.Screen):
    def __init__(self, columns: int, lines: int, reply: Callable[[str], object]) -> None:
        super().__init__(columns, lines)
        self._reply = reply

    def write_process_input(self, data: str) -> None:
        self._reply(data)


class Terminal:
    """``python -m aiopgap ARGS`` in a pseudo-terminal of ``size`` (columns, lines; 120x40 unless told), TERM=xterm."""

    def __init__(
        self,
        *args: str | Path,
        cwd: Path,
        env: dict[str, str] | None = None,
        size: tuple[int, int] | None = None,
    ) -> None:
        columns, lines = size or (COLUMNS, LINES)  # read when called: a test may set the module's default
        environment = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
        environment.update({"TERM": "xterm", "COLUMNS": str(columns), "LINES": str(lines), **(env or {})})
        self.child = pexpect.spawn(
            sys.executable,
            ["-m", "aiopgap", *[str(a) for a in args]],
            cwd=str(cwd),
            env=environment,
            dimensions=(lines, columns),
            encoding="utf-8",
            codec_errors="replace",
            timeout=10,
            preexec_fn=_as_in_a_terminal,
        )
        self.child.delaybeforesend = None  # pexpect sleeps 50 ms before every send by default
        self.screen = _Screen(columns, lines, self.child.send)
        self.stream = pyte.Stream(self.screen)
        self.transcript = ""

    def pump(self, timeout: float = 0.05) -> bool:
        """Feed whatever the program printed into the screen; False once it has exited."""
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return True
        except pexpect.EOF:
            return False
        self.transcript += data
        self.stream.feed(data)
        return True

    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, needle: str, timeout: float = 10) -> str:
        """Wait until ``needle`` is on the screen; return the screen."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = self.pump()
            if needle in self.text():
                return self.text()
            if not alive:
                break
        raise AssertionError(f"{needle!r} did not appear on screen; screen now:\n{self.text()}")

    def wait_until(self, seen: Callable[[str], bool], what: str, timeout: float = 10) -> str:
        """Wait until ``seen(screen)`` holds; return the screen. ``what`` names it in the failure."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            alive = self.pump(0.01)
            if seen(self.text()):
                return self.text()
            if not alive:
                break
        raise AssertionError(f"{what} did not happen; screen now:\n{self.text()}")

    def wait_for_question(self, question_id: str) -> str:
        return self.wait_for(f"[{question_id}]")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def wait_exit(self, timeout: float = 10) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pump():
            pass
        self.child.expect(pexpect.EOF, timeout=max(0.1, deadline - time.monotonic()))
        self.child.close()
        status = self.child.exitstatus
        return int(status) if status is not None else 128 + int(self.child.signalstatus or 0)

    def kill(self, sig: int) -> None:
        self.child.kill(sig)
        self.child.close(force=True)


UP, DOWN, LEFT, ENTER, TAB, ESC, CTRL_C = "\x1b[A", "\x1b[B", "\x1b[D", "\r", "\t", "\x1b", "\x03"
