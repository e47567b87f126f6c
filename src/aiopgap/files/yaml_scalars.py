"""How one value is written in an answers file so that our reader reads it back as itself.

The rules every writer of answers files follows (:mod:`aiopgap.files.yaml_writer` through ruamel.yaml,
:mod:`aiopgap.files.answers_yaml` directly): text is written plain only when PyYAML's YAML 1.1 resolver
(what :mod:`aiopgap.files.yaml_reader` applies) reads it back as text; otherwise double-quoted, with
every special character an escape. ruamel.yaml speaks YAML 1.2 and may still quote text our reader
takes as plain (``1e3``, ``0o17``: numbers to 1.2 only), or text with indicators (``a: b``, ``- x``):
:func:`block_text` and :func:`flow_text` give, without ruamel, exactly the form ruamel gives under
these rules (a writer test compares the two on generated text).

Comments are ours, but may quote user text: :func:`comment_text` makes every line break and control
character in it visible, so text can never end a comment and become YAML. This module imports no
ruamel, so writing a whole answers file costs no ruamel import.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from typing import Any

import yaml

from aiopgap.model.text import visible

STR_TAG = "tag:yaml.org,2002:str"

# Characters a plain scalar may not hold, as it would not read back unchanged through libyaml or
# PyYAML: anything not printable, a tab, a line break (\n \r NEL U+2028 U+2029), a byte order mark,
# a C0/C1 control. (Written as the few characters refused, which compiles far faster than the many allowed.)
_NOT_PLAIN_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
_PYYAML_RESOLVER = yaml.resolver.Resolver()  # the YAML 1.1 implicit types our reader applies


@functools.lru_cache(maxsize=8192)
def plain_is_safe(text: str) -> bool:
    """Whether ``text`` written as a plain scalar reads back through our reader as the same string."""
    if not text or _NOT_PLAIN_CHARACTER.search(text):
        return False
    tag = _PYYAML_RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return bool(tag == STR_TAG)


@functools.lru_cache(maxsize=8192)
def plain_reads_back(text: str, in_flow: bool) -> bool:
    """Whether ``text``, written plain in a block or a flow mapping, reads back as exactly ``text``.

    Checked with libyaml (what aiopgap.files.yaml_reader uses) and with PyYAML's pure-Python parser (what
    it falls back to, and what other machines may have): they disagree on ``?`` inside flow text.
    """
    probe = f"{{k: {text}}}" if in_flow else f"k: {text}\n"
    for loader in _CHECK_LOADERS:
        try:
            node = yaml.compose(probe, Loader=loader)
        except yaml.YAMLError:
            return False
        if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
            return False
        value = node.value[0][1]
        if not (isinstance(value, yaml.ScalarNode) and value.tag == STR_TAG and value.value == text):
            return False
    return True


_CHECK_LOADERS: list[Any] = [yaml.SafeLoader]
if hasattr(yaml, "CSafeLoader"):
    _CHECK_LOADERS.append(yaml.CSafeLoader)


# ruamel.yaml's YAML 1.2 implicit types (its resolver's table for 1.2, each tried only on text that
# starts with one of its first characters): plain text matching one is not text to ruamel, so it quotes it.
_YAML12_NOT_TEXT = re.compile(
    r"""(?=[-+0-9.tTfF<~nN=!&*])
    (?:(?:true|True|TRUE|false|False|FALSE)\Z
    |(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))\Z
    |(?:[-+]?0b[0-1_]+
        |[-+]?0o?[0-7_]+
        |[-+]?[0-9_]+
        |[-+]?0x[0-9a-fA-F_]+)\Z
    |(?:<<)\Z
    |(?:~|null|Null|NULL)\Z
    |(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]
        |[0-9][0-9][0-9][0-9] -[0-9][0-9]? -[0-9][0-9]?
        (?:[Tt]|[ \t]+)[0-9][0-9]?
        :[0-9][0-9] :[0-9][0-9] (?:\.[0-9]*)?
        (?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\Z
    |(?:=)\Z
    |(?:!|&|\*)\Z)""",
    re.X,
)

# Where ruamel.yaml's scalar analysis refuses plain text (for plain-safe text, which holds no line
# break, tab or control character): a leading indicator, a document marker, leading or trailing
# space, ": " or a final ":", " #", and "- ", "? ", ": " (or the lone character) at the start.
_NOT_BLOCK_PLAIN = re.compile(
    r"""[#,\[\]{}&*!|>'"%@`]|---|\.\.\.|[-?:](?:\ |\Z)|\ |.*?(?::\ |:\Z|\ \#|\ \Z)""", re.X | re.S
)
# In a flow mapping: the same, but any , [ ] { } too, and "? " or ": " may start it (not a lone ? or :).
_NOT_FLOW_PLAIN = re.compile(
    r"""[#,\[\]{}&*!|>'"%@`]|---|\.\.\.|[?:]\Z|-(?:\ |\Z)|\ |.+?:(?:\ |\Z)|.*?(?:[,\[\]{}]|\ \#|\ \Z)""", re.X | re.S
)

# What a double-quoted scalar writes as an escape: quote, backslash, NEL, line and paragraph
# separators, byte order mark, and everything not printable (controls, surrogates, U+FFFE, U+FFFF).
_ESCAPED = re.compile('[\x00-\x1f"\\\\\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]')
_ESCAPES = {
    "\0": "0",
    "\x07": "a",
    "\x08": "b",
    "\x09": "t",
    "\x0a": "n",
    "\x0b": "v",
    "\x0c": "f",
    "\x0d": "r",
    "\x1b": "e",
    '"': '"',
    "\\": "\\",
    "\x85": "N",
    "\u2028": "L",
    "\u2029": "P",
}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    short = _ESCAPES.get(ch)
    if short is not None:
        return "\\" + short
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02X}"
    if code <= 0xFFFF:
        return f"\\u{code:04X}"
    return f"\\U{code:08X}"


def double_quoted(text: str) -> str:
    """``text`` double-quoted, every special character an escape, never wrapped onto a second line."""
    return '"' + _ESCAPED.sub(_escape, text) + '"'


def _quoted(text: str) -> str:
    # plain-safe text ruamel does not write plain: single quotes, or double when it holds a quote
    return double_quoted(text) if "'" in text else "'" + text + "'"


def block_text(text: str) -> str:
    """``text`` as a block mapping key or value, or a block list item, is written in an answers file.

    Plain text ruamel allows in a block, which our reader accepts as text (:func:`plain_is_safe`),
    always reads back as itself there: it has no ``: `` nor `` #`` to end it, no leading indicator,
    no line break and no space at either end (the writer tests check this against :func:`plain_reads_back`).
    """
    if not plain_is_safe(text):
        return double_quoted(text)
    if _NOT_BLOCK_PLAIN.match(text) or _YAML12_NOT_TEXT.match(text):
        return _quoted(text)
    return text


def flow_text(text: str) -> str:
    """``text`` as a value in a flow mapping (``{kind: artifact, reference: ...}``) is written."""
    if not plain_is_safe(text):
        return double_quoted(text)
    if _NOT_FLOW_PLAIN.match(text) or _YAML12_NOT_TEXT.match(text):
        return _quoted(text)
    if not plain_reads_back(text, True):
        return "'" + text.replace("'", "''") + "'"  # YAML 1.1 ends flow text at "?": quoted instead
    return text


def whole(value: float) -> float:
    """A size or target as answers files hold it: ``3.0`` as ``3``, any other number as it is."""
    return int(value) if float(value).is_integer() else value


def number(value: float) -> str:
    """A number as an answers file writes it: an int as its digits, a float in Python's shortest form."""
    if isinstance(value, int):
        return str(value)
    if value != value:
        return ".nan"
    if value == math.inf:
        return ".inf"
    if value == -math.inf:
        return "-.inf"
    return repr(value).lower()


def scalar(value: object, in_flow: bool = False) -> str:
    """Any value an answers file holds (text, number, true/false, day) as written in a block or flow."""
    if isinstance(value, str):
        return flow_text(value) if in_flow else block_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return number(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    raise TypeError(f"an answers file holds no {type(value).__name__}")


# What no YAML stream may hold anywhere, not even in a comment, and visible() leaves alone.
_NOT_YAML_PRINTABLE = re.compile("[\ud800-\udfff\ufffe\uffff]")


def comment_text(text: str) -> str:
    """User text made safe to quote in a YAML comment: no line break or control character survives raw."""
    shown = visible(text, keep_newlines=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", shown)
