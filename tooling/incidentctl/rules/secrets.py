r"""Secrets and personal data in published text (pure): lines as written, values as YAML reads them.

detect-secrets' detectors (cloud keys, tokens, private keys, basic-auth URLs, ``password:``
assignments, JWTs, ...) confirm what a pre-filter (substring hints, a number and a token-shape regex)
marks as a candidate line, so a clean file costs a few C-level passes and detect-secrets (0.2 s to
import) is loaded only when a candidate appears. Our own rules add what it misses: passwords in
prose, card numbers (Luhn, via python-stdnum), IBANs (python-stdnum) and e-mail addresses
outside the allowlist (``schemas/secrets.yaml``).

Why values too: YAML hides text from a line scan (``"\x41KIA..."`` escapes, ``\`` line
continuations, folded lines), so every string value is scanned as YAML joins it too, unless it
is written verbatim on a line the line scan read. A secret both scans find is reported once.
An indicator of compromise (``security.indicators[].value`` of a type whose shape the schema
checks: an IP, a network, a domain, an e-mail address, a hash) is evidence, not personal data:
the personal-data rules leave that value alone. Credentials are refused there as anywhere.
A line containing ``pragma: allowlist secret`` (detect-secrets' convention) is skipped, and so
is a value that starts on such a line. Messages say what was found and where, never the value.

Over 250 lines: the line scan and the value scan are one rule; the value scan reports only what
the line scan's hits do not already cover, so the two share the hits and how they compare.

PASS: ``text: Token revoked in the registry.``  FAIL: ``text: used ghp_...`` (secret.credential).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from incidentctl.findings import Finding
from incidentctl.rules.context import finding
from incidentctl.rules.detectors import detector_hits
from incidentctl.rules.pii import Hit as _Hit
from incidentctl.rules.pii import pii_hits

if TYPE_CHECKING:
    from incidentctl.load.yaml import Loaded, Path

PRAGMA = "pragma: allowlist secret"
# What makes a line worth a closer look: substring tests run at C speed (one regex of them all
# was 40 % of a cold validate). With _NUMBERS and _SHAPES they must cover every detector we run:
# tests/unit/test_secret_hints.py holds a sample of each and every keyword-detector word.
_HINTS = (
    "akia", "asia", "akc", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-",
    "gldt-", "glft-", "glsoat-", "glrt-", "glcbt-", "gr1348941", "xox", "hooks.slack.com",
    "sk_live", "rk_live", "sk_test", "sq0csp-", "t3blbkfj", "-----begin", "eyj", "aiza", "npm_",
    "pypi-", "sg.", "pass", "pwd", "pw", "contrase", "secret", "token", "key", "credential", "@",
)  # fmt: skip
# Card numbers come in 4-digit groups (4-4-4-4, or 4-6-5): anchoring on groups fails fast on
# the dates and times every record is full of. IBANs start with a country and check digits.
_NUMBERS = re.compile(r"[0-9]{4}[ -]?[0-9]{4,6}[ -]?[0-9]{4,5}|[A-Z]{2}[0-9]{2} ?[A-Z0-9]{4}")
# Secrets with no fixed word (Discord, Telegram, Twilio, Mailchimp, Artifactory AP): tails or
# prefixes of detect-secrets' own patterns, so they match wherever those do, at 3 % of the cost.
_SHAPES = re.compile(
    r"\.[\w-]{6}\.[\w-]{27}|:[\w-]{35}|AC[a-z0-9]{32}|SK[a-z0-9]{32}|-us[0-9]"
    r"|AP[0-9A-F][a-zA-Z0-9]{8}"
)


def _candidate(text: str) -> bool:
    lower = text.lower()
    return (
        any(hint in lower for hint in _HINTS)
        or _NUMBERS.search(text) is not None
        or _SHAPES.search(text) is not None
    )


_PROSE_PASSWORD = re.compile(
    r"\b(?:pass(?:word|wd|phrase)?|pwd)\s+(?:is|was|=|:)\s+['\"]?(?=\S*[0-9!@#$%^&*])(\S{6,})",
    re.IGNORECASE,
)
_VERBATIM_LIMIT = 32 * 1024
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


def scan(text: str, path: str, allow: Allow, loaded: Loaded | None = None) -> list[Finding]:
    """The text's lines as written and, given its parsed YAML, the string values as read."""
    hits = [(n, h) for n, line in _lines(text) for h in _scan_line(line, allow)]
    if loaded is not None and (spared := indicator_values(loaded)):
        hits = [(n, h) for n, h in hits if not _spared(h, spared.get(n, ()))]
    out = [finding(path, (n, h.col), h.rule, h.message) for n, h in hits]
    if loaded is not None:
        written: dict[str, list[tuple[int, str]]] = {}
        for n, h in hits:
            written.setdefault(h.rule, []).append((n, _key(h)))
        out += _scan_values(loaded, text, path, allow, written)
    return out


# Indicator types whose value the schema checks for shape (models.security): such a value holds
# no card number, bank account or third person's address, whatever digits or '@' it has.
_SHAPED = frozenset(("ip", "cidr", "domain", "email", "hash"))
_PERSONAL = frozenset(("pii.card-number", "pii.iban", "pii.email"))


def indicator_values(loaded: Loaded) -> dict[int, tuple[str, ...]]:
    """The line each shaped indicator value starts on, with the values there."""
    security = loaded.data.get("security") if type(loaded.data) is dict else None
    items = security.get("indicators") if type(security) is dict else None
    out: dict[int, tuple[str, ...]] = {}
    for i, item in enumerate(items if type(items) is list else []):
        if type(item) is dict and item.get("type") in _SHAPED and type(item.get("value")) is str:
            line = loaded.value_pos(("security", "indicators", i, "value"))[0]
            out[line] = (*out.get(line, ()), item["value"])
    return out


def _spared(hit: _Hit, values: tuple[str, ...]) -> bool:
    return hit.rule in _PERSONAL and any(hit.found in v for v in values)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    if not _candidate(text):
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if PRAGMA not in line and _candidate(line):
            yield number, line


def _scan_values(
    loaded: Loaded, text: str, path: str, allow: Allow, written: dict[str, list[tuple[int, str]]]
) -> list[Finding]:
    """Values the line scan could not read whole, less what it reported on the value's lines."""
    # the shortest thing found is an e-mail address (a@b.io): shorter values hide nothing
    hidden = {
        v for v in _values(loaded.data)
        if len(v) > 5 and not _as_written(v, text) and _candidate(v)
    }  # fmt: skip
    hits_by_value = {v: found for v in hidden if (found := _hidden_hits(v, text, allow))}
    if not hits_by_value:  # nearly always: found before a single position is looked up
        return []
    out: dict[Finding, None] = {}  # one finding per value, rule and message
    layout = _Layout(loaded, text)
    for loc, value in _strings(loaded.data):
        if (hits := hits_by_value.get(value)) is None:
            continue
        pos = loaded.value_pos(loc)
        span = range(pos[0], layout.next_start(pos[0]) + 1)
        for h in hits if not layout.has_pragma(pos[0]) else ():
            k = _key(h)
            if not any(n in span and _same(h.rule, k, w) for n, w in written.get(h.rule, [])):
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


def _key(hit: _Hit) -> str:
    return re.sub(r"[ -]", "", hit.found) if hit.rule == "pii.card-number" else hit.found


def _same(rule: str, read: str, written: str) -> bool:
    # as written, a prose password runs to the next space (a quote, an escape): YAML reads its start
    return written == read or (rule == "secret.password" and written.startswith(read))


def _scan_line(line: str, allow: Allow) -> Iterator[_Hit]:
    for hit in _find(line, allow):
        if not allow.value(hit.found):
            yield hit


def _find(line: str, allow: Allow) -> Iterator[_Hit]:
    seen: set[str] = set()
    for hit in detector_hits(line):
        if hit.rule not in seen:
            seen.add(hit.rule)
            yield hit
    if "secret.password" not in seen and (m := _PROSE_PASSWORD.search(line)):
        msg = "looks like a password; remove it (and change it)"
        yield _Hit(m.start(1) + 1, m.group(1), "secret.password", msg)
    yield from pii_hits(line, allow.email)
