r"""Escaping for every output format, in one place: no input can forge a line or a command.

Paths, folder names, commit authors and record values come from contributors. Before any of
them reaches a terminal, a CI log, a workflow command or a job summary, it goes through one
of these functions. Printable text is left as it is, so ordinary output never changes.

Why: a folder named ``INC-1\n::error::x`` would otherwise print a second, forged finding
(or a GitHub workflow command), ESC and BEL drive terminals, and bidi overrides reorder
what a reviewer reads (Trojan Source, CVE-2021-42574).
"""

from __future__ import annotations

import json
import re
from typing import Any

from incidentctl.findings import Finding

# C0 (tab, CR and LF included), DEL, C1, bidi marks, embeddings, overrides and isolates,
# the line and paragraph separators, the BOM, and lone surrogates (os.fsdecode's
# surrogateescape turns undecodable bytes of a file name into U+DC80..U+DCFF).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
    "\ud800-\udfff]"
)
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# GitHub's runner honours a legacy ``##[command]`` anywhere in any line of a step's output.
_LEGACY_COMMAND = re.compile(r"(?<=##)\[")
# Markdown: what starts code, a link or image, a table cell, emphasis or strike-through, or
# math; ``_`` only where it can open or close emphasis (not between two letters or digits).
_MD_PUNCT = re.compile(r"[\\`|\[\]*~!$]|(?<![^\W_])_|_(?![^\W_])")
_MD_EMOJI = re.compile(r":(?=[\w+-]+:)")  # GitHub's :shortcode: emoji
_MD_LINE_START = re.compile(r"^([#+-]|\d{1,9}(?=[.)]))")  # a heading or a list item
_MD_INDENT = re.compile(r"^ +")  # four spaces start code; each is kept as a space


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    r"""``text`` with every control, bidi or unpaired-surrogate character as an escape.

    LF becomes ``\n``, ESC ``\x1b``, U+202E ``\u202e``; ``##[`` becomes ``##\x5b`` so that
    GitHub's runner cannot read a legacy workflow command in it. The result is one line.
    """
    if text.isascii() and text.isprintable() and "##[" not in text:
        return text  # the common case, and a large report's hot path: nothing to escape
    return _LEGACY_COMMAND.sub(r"\\x5b", _UNSAFE.sub(_escape_char, text))


def finding_parts(f: Finding) -> tuple[str, str, str]:
    """``(where, rule id, message)`` of ``str(f)``, each visible; ``where`` ends with ``:``."""
    where = f"{_line_start(visible(f.path))}:{f.line}:{f.col}:"
    return where, visible(f.rule_id), visible(f.message)


def finding_line(f: Finding) -> str:
    """``str(f)``, made visible, and never starting with ``::`` (a workflow command)."""
    return " ".join(finding_parts(f))


def _line_start(text: str) -> str:
    """A line that starts with ``::`` (after blanks) is a workflow command to GitHub."""
    stripped = text.lstrip()
    if stripped.startswith("::"):
        return text[: len(text) - len(stripped)] + "\\x3a" + stripped[1:]
    return text


def escape_data(text: str) -> str:
    """A workflow command's message: visible, then GitHub's own ``%``, CR and LF escapes."""
    return visible(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: as data, plus ``:`` and ``,`` (its separators)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def json_text(doc: Any) -> str:
    r"""``doc`` as indented JSON: ASCII only, values exact, and no ``##[`` for GitHub's runner.

    ``ensure_ascii`` turns control, bidi and non-ASCII characters into ``\uXXXX`` escapes,
    and a lone surrogate from an undecodable file name into ``\udcXX`` (``os.fsencode``
    gives the bytes back). ``##[`` can only occur inside a string, where ``##\u005b`` is
    the same value.
    """
    return json.dumps(doc, indent=2, ensure_ascii=True).replace("##[", "##\\u005b") + "\n"


def markdown_text(text: str) -> str:
    r"""Text for Markdown (a table cell, a list item): it renders as exactly ``text`` reads.

    No HTML, entity or character reference (``&amp;`` shows ``&amp;``, ``&#60;`` never ``<``),
    link, image, code, table cell, emphasis, strike-through, math, emoji shortcode or block
    start (heading, quote, list item): each such character is escaped (``&`` ``<`` ``>`` as
    entities, the rest with a backslash). Printable text without them is left as it is.
    """
    out = visible(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    out = _MD_EMOJI.sub(r"\:", _MD_PUNCT.sub(lambda m: "\\" + m.group(), out))
    out = _MD_INDENT.sub(lambda m: "&#32;" * len(m.group()), out)
    return _MD_LINE_START.sub(_block_start, out)


def _block_start(match: re.Match[str]) -> str:
    r"""``\#`` and ``\-`` for a heading or bullet; ``1\.`` for an ordered item."""
    mark = match.group()
    return mark + "\\" if mark[0].isdigit() else "\\" + mark


def markdown_code(text: str) -> str:
    r"""Text for inside a Markdown code span: no backtick (ends the span) and no ``|``.

    A backslash escapes nothing in a code span, and GitHub splits table cells on ``|`` even
    there, so both become visible escapes: ``\x60`` and ``\x7c``.
    """
    return visible(text).replace("`", "\\x60").replace("|", "\\x7c")


__all__ = [
    "escape_data",
    "escape_property",
    "finding_line",
    "finding_parts",
    "json_text",
    "markdown_code",
    "markdown_text",
    "visible",
]
