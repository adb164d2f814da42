r"""Secrets and personal data in published text (pure): lines as written, values as YAML reads them.

detect-secrets' detectors (cloud keys, tokens, private keys, basic-auth URLs, ``password:``
assignments, JWTs, ...) confirm what a pre-filter (substring hints and one number regex) marks
as a candidate line, so a clean file costs a few C-level passes and detect-secrets (0.2 s to
import) is loaded only when a candidate appears. Our own rules add what it misses: passwords in
prose, card numbers (Luhn, via python-stdnum), IBANs (python-stdnum) and e-mail addresses
outside the allowlist (``schemas/secrets.yaml``).

Why values too: YAML hides text from a line scan (``"\x41KIA..."`` escapes, ``\`` line
continuations, folded lines), so every string value is scanned as YAML joins it too, unless it
is written verbatim on a line the line scan read. A secret both scans find is reported once.
A line containing ``pragma: allowlist secret`` (detect-secrets' convention) is skipped, and so
is a value that starts on such a line. Messages say what was found and where, never the value.

PASS: ``text: Token revoked in the registry.``  FAIL: ``text: used ghp_...`` (secret.credential).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from incidentctl.findings import Finding
from incidentctl.rules.context import finding

if TYPE_CHECKING:
    from incidentctl.load.yaml import Loaded, Path

PRAGMA = "pragma: allowlist secret"
# What makes a line worth a closer look. Substring tests on the lowercased text run at C speed;
# one regex alternation of all of these was 40 % of a cold validate (measured with pyinstrument).
_HINTS = (
    "akia", "asia", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "sk_live",
    "rk_live", "sk_test", "-----begin", "eyj", "aiza", "npm_", "pypi-", "sg.", "pass", "pwd",
    "secret", "token", "api_key", "apikey", "api-key", "credential", "@",
)  # fmt: skip
# Card numbers come in 4-digit groups (4-4-4-4, or 4-6-5): anchoring on groups fails fast on
# the dates and times every record is full of. IBANs start with a country and check digits.
_NUMBERS = re.compile(r"[0-9]{4}[ -]?[0-9]{4,6}[ -]?[0-9]{4,5}|[A-Z]{2}[0-9]{2} ?[A-Z0-9]{4}")


def _candidate(text: str) -> bool:
    lower = text.lower()
    return any(hint in lower for hint in _HINTS) or _NUMBERS.search(text) is not None


_PROSE_PASSWORD = re.compile(
    r"\b(?:pass(?:word|wd|phrase)?|pwd)\s+(?:is|was|=|:)\s+['\"]?(?=\S*[0-9!@#$%^&*])(\S{6,})",
    re.IGNORECASE,
)
# A card number stands alone: not inside a word, hex run or longer number; not after "+",
# "+49 " (phones) or "#" (ids); not a part of a decimal, version, time or IP address (a digit,
# then . , or :), of a UUID or path (a letter or digit, then - or /); not one group of a longer
# space-separated number. Grouped, it is 4-4-4-4, 4-6-5 (Amex) or 4-6-4 (Diners), with one
# separator throughout.
_ALONE_BEFORE = (
    r"(?<![\w+#])(?<![0-9][.,:])(?<!\w[/-])(?<![0-9]{4} )"
    r"(?<!\+[0-9][ -])(?<!\+[0-9]{2}[ -])(?<!\+[0-9]{3}[ -])"  # after a country code
)
_ALONE_AFTER = r"(?!\w)(?![.,:][0-9])(?![/-]\w)(?! [0-9]{4})"
_CARD = re.compile(
    _ALONE_BEFORE + r"(?:[0-9]{13,19}"
    r"|[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}"
    r"|[0-9]{4}([ -])[0-9]{6}\2[0-9]{4,5})" + _ALONE_AFTER
)
# Payment networks issue from 2221-2720 (Mastercard) and 3-6; 0, 1, 7-9 and 19xx/20xx lead
# timestamps (epoch 17..., 20260301...), phone numbers and account ids instead.
_CARD_PREFIX = re.compile(r"2[2-7]|[3-6]")
_IBAN = re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_EMAIL = re.compile(r"(?<![\w.+:/-])[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_TOKEN_CHARS = "_.+/=-"
_KINDS = {
    "Private Key": "secret.private-key",
    "Basic Auth Credentials": "secret.connection-string",
    "Secret Keyword": "secret.password",
}
_SKIPPED_DETECTORS = {"Base64 High Entropy String", "Hex High Entropy String", "Public IP (ipv4)"}
_VERBATIM_LIMIT = 32 * 1024
_EMAIL_MESSAGE = (
    "an e-mail address outside the allowlist; use a name, or add a vendor's public address"
    " to email_allowlist in schemas/secrets.yaml"
)
_IN_VALUE = " in this value as YAML reads it (escapes decoded, lines joined)"


@dataclass(frozen=True)
class Allow:
    """What the scan accepts: e-mail addresses and domains, and patterns for values found.

    ``emails`` are lowercase; an entry with ``@`` is one address, any other a domain and its
    subdomains. A pattern must match the whole value found (for a token: the whole word).
    """

    emails: frozenset[str] = frozenset()
    patterns: tuple[re.Pattern[str], ...] = ()

    def email(self, address: str) -> bool:
        address = address.lower()
        domain = address.rpartition("@")[2]
        return address in self.emails or any(
            domain == d or domain.endswith("." + d) for d in self.emails if "@" not in d
        )

    def value(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.patterns)


class _Hit(NamedTuple):
    col: int
    found: str  # the text found: for allow patterns and de-duplication, never shown
    rule: str
    message: str


def scan(text: str, path: str, allow: Allow, loaded: Loaded | None = None) -> list[Finding]:
    """The text's lines as written and, given its parsed YAML, the string values as read."""
    hits = [(n, h) for n, line in _lines(text) for h in _scan_line(line, allow)]
    out = [finding(path, (n, h.col), h.rule, h.message) for n, h in hits]
    if loaded is not None:
        written: dict[tuple[str, str], list[int]] = {}
        for n, h in hits:
            written.setdefault(_key(h), []).append(n)
        out += _scan_values(loaded, text, path, allow, written)
    return out


def _lines(text: str) -> Iterator[tuple[int, str]]:
    if not _candidate(text):
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if PRAGMA not in line and _candidate(line):
            yield number, line


def _scan_values(
    loaded: Loaded, text: str, path: str, allow: Allow, written: dict[tuple[str, str], list[int]]
) -> list[Finding]:
    """Values the line scan could not read whole, less what it reported on the value's lines."""
    hidden = {v for v in _values(loaded.data) if not _as_written(v, text) and _candidate(v)}
    hits_by_value = {v: found for v in hidden if (found := _hidden_hits(v, text, allow))}
    if not hits_by_value:  # nearly always: found before a single position is looked up
        return []
    out: dict[Finding, None] = {}  # one finding per value, rule and message
    layout = _Layout(loaded, text)
    for loc, value in _strings(loaded.data):
        if (hits := hits_by_value.get(value)) is None:
            continue
        pos = loaded.value_pos(loc)
        first, last = pos[0], layout.next_start(pos[0])
        for h in hits if not layout.has_pragma(first) else ():
            if not any(first <= n <= last for n in written.get(_key(h), ())):
                out[finding(path, pos, h.rule, h.message.replace(";", _IN_VALUE + ";", 1))] = None
    return list(out)


class _Layout:
    """A file's lines and the lines its nodes start on: built once a value holds a secret."""

    def __init__(self, loaded: Loaded, text: str) -> None:
        self.lines = text.splitlines()
        where = loaded.where.values()
        self.starts = sorted({w[0] for w in where} | {w[2] for w in where})

    def has_pragma(self, line: int) -> bool:
        return 0 < line <= len(self.lines) and PRAGMA in self.lines[line - 1]

    def next_start(self, line: int) -> int:
        """The line the next node starts on: a value starting on ``line`` ends there at most."""
        i = bisect_right(self.starts, line)
        return self.starts[i] if i < len(self.starts) else len(self.lines)


def _values(data: Any) -> list[str]:
    """Every string value (not key), fast: this runs on every file of a cold validate."""
    out: list[str] = []
    stack = [data]
    while stack:
        node = stack.pop()
        for v in node.values() if type(node) is dict else node:
            if type(v) is str:
                out.append(v)
            elif type(v) is dict or type(v) is list:
                stack.append(v)
    return out


def _strings(data: Any) -> Iterator[tuple[Path, str]]:
    """Every string value with its path: only once a value holds a secret."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        loc, node = stack.pop()
        if type(node) is str:
            yield loc, node
        elif type(node) is dict:
            stack.extend(((*loc, k), v) for k, v in node.items())
        elif type(node) is list:
            stack.extend(((*loc, i), v) for i, v in enumerate(node))


def _hidden_hits(value: str, text: str, allow: Allow) -> list[_Hit]:
    """What the value holds in the lines of it that are not written as they are in the text."""
    lines = value.splitlines()
    if len(lines) > 1:
        lines = [line for line in lines if not _as_written(line, text) and _candidate(line)]
    return [h for line in lines if PRAGMA not in line for h in _scan_line(line, allow)]


def _as_written(piece: str, text: str) -> bool:
    """Whether the line scan read this piece whole (then it need not be scanned again).

    Why a limit: one search of the text per value is quadratic in a large file; past it, the
    value is scanned and de-duplication by line drops what the line scan reported already.
    """
    return len(text) <= _VERBATIM_LIMIT and piece in text


def _key(hit: _Hit) -> tuple[str, str]:
    found = re.sub(r"[ -]", "", hit.found) if hit.rule == "pii.card-number" else hit.found
    return hit.rule, found


def _scan_line(line: str, allow: Allow) -> Iterator[_Hit]:
    for hit in _find(line, allow):
        if not allow.value(hit.found):
            yield hit


def _find(line: str, allow: Allow) -> Iterator[_Hit]:
    seen: set[str] = set()
    for kind, value in _detectors(line):
        rule = _KINDS.get(kind, "secret.credential")
        if rule not in seen:
            seen.add(rule)
            msg = f"looks like {_describe(kind)}; remove it (rotate it if it is real)"
            yield _Hit(*_locate(line, value), rule, msg)
    if "secret.password" not in seen and (m := _PROSE_PASSWORD.search(line)):
        msg = "looks like a password; remove it (and change it)"
        yield _Hit(m.start(1) + 1, m.group(1), "secret.password", msg)
    for m in _CARD.finditer(line):
        if _is_card(m.group()):
            msg = "looks like a payment card number; remove it"
            yield _Hit(m.start() + 1, m.group(), "pii.card-number", msg)
    for m in _IBAN.finditer(line):
        if _is_iban(m.group()):
            msg = "looks like a bank account number (IBAN); remove it"
            yield _Hit(m.start() + 1, m.group(), "pii.iban", msg)
    for m in _EMAIL.finditer(line):
        if not allow.email(m.group()):
            yield _Hit(m.start() + 1, m.group(), "pii.email", _EMAIL_MESSAGE)


_NAMES = {
    "Basic Auth Credentials": "a URL with a password in it",
    "Secret Keyword": "a password or secret assignment",
    "JSON Web Token": "a JSON web token",
}


def _describe(kind: str) -> str:
    """detect-secrets' kind as a phrase: "an AWS Access Key", "a GitHub Token"."""
    name = _NAMES.get(kind)
    if name:
        return name
    return f"{'an' if kind[:1].lower() in 'aeio' else 'a'} {kind}"


def _locate(line: str, value: str | None) -> tuple[int, str]:
    """A detector's match: its column and the whole token it is in ("ghp" is in "ghp_...")."""
    at = line.find(value) if value else -1
    if value is None or at < 0:
        return 1, value or line.strip()
    start, end = at, at + len(value)
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] in _TOKEN_CHARS):
        start -= 1
    while end < len(line) and (line[end].isalnum() or line[end] in _TOKEN_CHARS):
        end += 1
    return at + 1, line[start:end].rstrip(".")


def _detectors(line: str) -> Iterator[tuple[str, str | None]]:
    for plugin in _plugins():
        for secret in plugin.analyze_line(
            filename="incident.yaml", line=line, line_number=0, context=None
        ):
            yield secret.type, secret.secret_value


@cache
def _plugins() -> list[Any]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    detectors: dict[str, Any] = get_mapping_from_secret_type_to_class()
    return [cls() for kind, cls in detectors.items() if kind not in _SKIPPED_DETECTORS]


def _is_card(text: str) -> bool:
    from stdnum import luhn

    digits = re.sub(r"[ -]", "", text)
    return bool(_CARD_PREFIX.match(digits) and len(set(digits)) > 1 and luhn.is_valid(digits))


def _is_iban(text: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(text))
