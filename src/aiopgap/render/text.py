"""Rich renderables to plain text, the same for every terminal-style output written to a file."""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.console import Console, RenderableType


def print_all(items: Iterable[RenderableType], console: Console) -> None:
    for item in items:
        console.print(item)


def plain_text(items: Iterable[RenderableType], width: int) -> str:
    """The renderables as text without colour codes, at a fixed width (so files diff cleanly)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    print_all(items, console)
    return buffer.getvalue()
