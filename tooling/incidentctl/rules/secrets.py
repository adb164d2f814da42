"""Secrets and personal data in incident and postmortem text (pure; runs on the raw text).

detect-secrets' detectors (cloud keys, tokens, private keys, basic-auth URLs, ``password:``
assignments, JWTs, ...) confirm what one combined pre-filter regex marks as a candidate line,
so a clean file costs one C-level regex pass and detect-secrets (0.2 s to import) is loaded
only when a candidate appears. Our own rules add what it misses: passwords in prose, card
numbers (Luhn, via python-stdnum), IBANs (python-stdnum) and e-mail addresses outside an
allowlist. A line containing ``pragma: allowlist secret`` (detect-secrets' convention) is
skipped. Messages say what was found and where, never the value.

PASS: ``text: Token revoked in the registry.``  FAIL: ``text: used ghp_...`` (secret.credential).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from typing import Any

from incidentctl.findings import Finding
from incidentctl.rules.context import finding

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
_CARD = re.compile(r"(?<![0-9-])[0-9](?:[ -]?[0-9]){12,18}(?![0-9-])")
_IBAN = re.compile(r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")
_EMAIL = re.compile(r"(?<![\w.+:/-])[\w.+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_KINDS = {
    "Private Key": "secret.private-key",
    "Basic Auth Credentials": "secret.connection-string",
    "Secret Keyword": "secret.password",
}
_SKIPPED_DETECTORS = {"Base64 High Entropy String", "Hex High Entropy String", "Public IP (ipv4)"}


def scan(text: str, path: str, email_allowlist: frozenset[str]) -> list[Finding]:
    if not _candidate(text):
        return []
    out: list[Finding] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if PRAGMA in line or not _candidate(line):
            continue
        out += [
            finding(path, (number, col), rule, msg)
            for col, rule, msg in _scan_line(line, email_allowlist)
        ]
    return out


def _scan_line(line: str, allow: frozenset[str]) -> Iterator[tuple[int, str, str]]:
    seen: set[str] = set()
    for kind, value in _detectors(line):
        rule = _KINDS.get(kind, "secret.credential")
        if rule not in seen:
            seen.add(rule)
            yield (
                _col(line, value),
                rule,
                f"looks like {_describe(kind)}; remove it (rotate it if it is real)",
            )
    if "secret.password" not in seen and (m := _PROSE_PASSWORD.search(line)):
        yield m.start(1) + 1, "secret.password", "looks like a password; remove it (and change it)"
    for m in _CARD.finditer(line):
        if _is_card(m.group()):
            yield m.start() + 1, "pii.card-number", "looks like a payment card number; remove it"
    for m in _IBAN.finditer(line):
        if _is_iban(m.group()):
            yield m.start() + 1, "pii.iban", "looks like a bank account number (IBAN); remove it"
    for m in _EMAIL.finditer(line):
        domain = m.group(1).lower()
        if not any(domain == d or domain.endswith("." + d) for d in allow):
            msg = "an e-mail address outside the allowlist ([tool.incidentctl] email_allowlist); use a name"
            yield m.start() + 1, "pii.email", msg


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


def _col(line: str, value: str | None) -> int:
    at = line.find(value) if value else -1
    return at + 1 if at >= 0 else 1


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
    return 13 <= len(digits) <= 19 and len(set(digits)) > 1 and luhn.is_valid(digits)


def _is_iban(text: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(text))
