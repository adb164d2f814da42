"""detect-secrets' detectors on one line, each kind under one of our rule ids.

Cloud keys, tokens, private keys, URLs with passwords, password assignments, JSON web tokens.
detect-secrets costs 0.2 s to import, so it loads only when a line is a candidate (see
``secrets``). Its entropy detectors are left out: incident text is full of hashes and ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from incidentctl.rules.pii import Hit

_TOKEN_CHARS = "_.+/=-"
_KINDS = {
    "Private Key": "secret.private-key",
    "Basic Auth Credentials": "secret.connection-string",
    "Secret Keyword": "secret.password",
}
_SKIPPED_DETECTORS = {"Base64 High Entropy String", "Hex High Entropy String", "Public IP (ipv4)"}


def detector_hits(line: str) -> Iterator[Hit]:
    """What the detectors find on ``line``, located at the whole token each is in."""
    for kind, value in _detectors(line):
        msg = f"looks like {_describe(kind)}; remove it (rotate it if it is real)"
        yield Hit(*_locate(line, value), _KINDS.get(kind, "secret.credential"), msg)


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
