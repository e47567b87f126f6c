"""One sanitiser for user text shown on a terminal or in Markdown.

Text typed by users (notes, names, organisation, initiative names) and text from files we did not
write (custom questionnaires, JSON reports) may hold control characters. Written raw to a terminal,
``ESC ] 52`` sets the clipboard, ``ESC ] 0`` the window title and ``ESC [2J`` clears the screen;
in Markdown, bidirectional overrides reorder what a reviewer reads. :func:`visible` makes every such
character visible as an escape (``\\x1b``, ``\\u202e``) so the text stays whole and readable but
inert. Files we write keep the text exactly as typed; only what is shown is changed.

:func:`typed_text` is the one way text typed at a terminal (a note, a reference, a name) is made
storable before it is kept: only bytes that were not UTF-8 change.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls (U+0085 among them), the line and paragraph
# separators, the bidirectional embedding, override and isolate marks, and lone surrogates (a YAML
# "\udcff" escape or a file name that is not UTF-8), which no UTF-8 output can hold, and the
# noncharacters U+FFFE and U+FFFF, which no XML document (an SVG chart, a workbook) may hold.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)
_UNSAFE_ANY_LINE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff\ud800-\udfff]"
)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """``text`` with every control character shown as an escape; tab and newline kept when asked."""
    pattern = _UNSAFE if keep_newlines else _UNSAFE_ANY_LINE
    return pattern.sub(_escape, text)


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What a spreadsheet runs as a formula when a cell starts with it: = + - @, a tab or carriage return
(some spreadsheets skip them), and the full-width = + - @ that some spreadsheets read as the plain ones."""


def formula_like(text: str) -> bool:
    """Text a spreadsheet would run as a formula if it were typed into a cell; a plain number is not.

    The one test of formula text: ``export`` puts a ``'`` before such a CSV cell (and ``import`` takes
    it off again); the workbooks store it as text, marked so that editing keeps it text.
    """
    if not text.startswith(FORMULA_START):
        return False
    try:
        float(text)
    except ValueError:
        return True
    return False


def has_unsafe(text: str) -> bool:
    """Whether :func:`visible` would change ``text`` (newlines and tabs allowed)."""
    return _UNSAFE.search(text) is not None


def shown(value: object, limit: int = 60) -> str:
    """``value`` as a message quotes it: its repr, cut to ``limit`` characters; never raises.

    Messages describe whatever a user's file held, so this must cope with anything: an integer too long
    to turn into text, ``inf``, bytes, a megabyte of text.
    """
    if isinstance(value, bool):  # as YAML writes it, which is how the user wrote it
        return "true" if value else "false"
    try:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 256:
            return f"a number of about {int(value.bit_length() * 0.30103) + 1:,} digits"
        text = repr(value)
    except Exception:  # a value whose repr fails (or is refused) is still named by its type
        return f"a {type(value).__name__} value"
    if len(text) > limit:
        text = f"{text[: limit - 1]}… ({len(text):,} characters)"
    return text


def typed_text(text: str) -> str:
    """Text typed at a terminal, made storable: bytes that were not UTF-8 become U+FFFD.

    Python (for command-line arguments) and prompt_toolkit keep such bytes as lone surrogates,
    which no file can hold; everything else is kept exactly.
    """
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that is not an escaped byte
        return re.sub("[\ud800-\udfff]", "\ufffd", text)
