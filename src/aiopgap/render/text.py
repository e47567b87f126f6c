"""Rich renderables to plain text, and the one way user text enters a rich renderable.

Rich reads ``[...]`` in a plain ``str`` as markup (``[link=...]`` makes a hyperlink, a stray ``[/]``
raises ``MarkupError``), and a terminal obeys escape sequences. :func:`user` makes any text we did not
write (names, notes, organisation, question text, values read from a JSON report, file names) a
:class:`~rich.text.Text` with its control characters shown as escapes: printed as text, never as
markup or control codes. Build tables and messages from it; never pass user text as a ``str``.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import TYPE_CHECKING

from aiopgap.model.text import visible

if TYPE_CHECKING:  # rich is loaded by the first renderable built: the Markdown, HTML and JSON reports never need it
    from rich.console import Console, RenderableType
    from rich.text import Text


def user(value: object, style: str = "") -> Text:
    """User text as a rich Text: control characters visible, never parsed as markup."""
    from rich.text import Text

    return Text(visible("" if value is None else str(value)), style=style)


def line(*parts: str | tuple[str, str] | Text) -> Text:
    """One message from pieces: a ``str`` is user text, ``(text, style)`` our own styled words, a Text as is."""
    from rich.text import Text

    out = Text()
    for part in parts:
        if isinstance(part, Text):
            out.append_text(part)
        elif isinstance(part, tuple):
            out.append(part[0], style=part[1])
        else:
            out.append_text(user(part))
    return out


def print_all(items: Iterable[RenderableType], console: Console) -> None:
    for item in items:
        console.print(item)


def plain_text(items: Iterable[RenderableType], width: int) -> str:
    """The renderables as text without colour codes, at a fixed width (so files diff cleanly)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, highlight=False)
    print_all(items, console)
    return buffer.getvalue()
