"""The one Markdown escaper: user text made inert in Markdown, and Markdown we wrote marked as such.

Markdown templates escape every interpolated value through :func:`md_escape` (the sandbox's
``finalize``), so a template author cannot forget to; text our own words produce (``md``, ``code``)
is marked :class:`MdText` and passes as it is. The ``check`` verdict uses the same escaper.
"""

from __future__ import annotations

import re
from typing import Any

from aiopgap.model.text import visible


class MdText(str):
    """Markdown we wrote or escaped ourselves: the Markdown ``finalize`` lets it through unchanged."""

    __slots__ = ()


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")
_MD_SPACE = re.compile(r"[ \t\n]+")
_MD_HEADING = re.compile(r"#{1,6}(?=\s|$)")
_MD_RULE = re.compile(r"[-+](?=\s|$)|-[-\s]*$|=+\s*$")  # a list item, a rule, a setext underline
_MD_ORDERED = re.compile(r"(\d{1,9})([.)])(?=\s|$)")


def _one_line(value: Any, strip: bool = True) -> str:
    text = _MD_SPACE.sub(" ", visible("" if value is None else str(value)))
    return text.strip() if strip else text


def md_escape(value: Any, strip: bool = True) -> MdText:
    """User text made inert anywhere inline in Markdown: a table cell, a list item, a heading.

    Control characters are shown as escapes, whitespace runs (newlines too) become one space so a
    table row stays one row, every character with inline meaning is backslash-escaped (``\\ ` * _
    [ ] < > | ~ $``; ``&`` becomes ``&amp;``), and a start that would open a heading, list, quote,
    rule or setext underline is escaped too. CommonMark renders the result as exactly the text.
    """
    text = _MD_SPECIAL.sub(r"\\\1", _one_line(value, strip)).replace("&", "&amp;")
    if _MD_HEADING.match(text) or _MD_RULE.match(text):
        text = "\\" + text
    else:
        text = _MD_ORDERED.sub(r"\1\\\2", text, count=1) if _MD_ORDERED.match(text) else text
    return MdText(text)


def md_code(value: Any) -> MdText:
    """User text as a Markdown code span, whatever backticks it holds.

    The fence is one backtick longer than the longest run inside; a span that starts or ends with a
    backtick is padded with a space (which CommonMark strips). A ``|`` cannot be escaped inside a code
    span that may sit in a table, so such text is escaped as plain text instead.
    """
    text = _one_line(value)
    if not text or "|" in text:
        return md_escape(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return MdText(f"{fence}{pad}{text}{pad}{fence}")
