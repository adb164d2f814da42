"""Personal data in text: payment card numbers, bank account numbers (IBAN), e-mail addresses.

Card numbers and IBANs are confirmed by their check digits (python-stdnum); e-mail addresses
are findings unless the policy's allowlist covers them. Kept apart from ``secrets`` (which
runs detect-secrets' detectors and owns the scan's plumbing) so each stays readable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import NamedTuple


class Hit(NamedTuple):
    """Something found on a line: where, what (never shown), under which rule, and why."""

    col: int
    found: str  # the text found: for allow patterns and de-duplication, never shown
    rule: str
    message: str


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
EMAIL_MESSAGE = (
    "an e-mail address outside the allowlist; use a name, or add a vendor's public address"
    " to email_allowlist in schemas/secrets.yaml"
)


def pii_hits(line: str, email_allowed: Callable[[str], bool]) -> Iterator[Hit]:
    """Card numbers, IBANs and e-mail addresses on one line (allowed addresses left out)."""
    for m in _CARD.finditer(line):
        if _is_card(m.group()):
            msg = "looks like a payment card number; remove it"
            yield Hit(m.start() + 1, m.group(), "pii.card-number", msg)
    for m in _IBAN.finditer(line):
        if _is_iban(m.group()):
            msg = "looks like a bank account number (IBAN); remove it"
            yield Hit(m.start() + 1, m.group(), "pii.iban", msg)
    for m in _EMAIL.finditer(line):
        if not email_allowed(m.group()):
            yield Hit(m.start() + 1, m.group(), "pii.email", EMAIL_MESSAGE)


def _is_card(text: str) -> bool:
    from stdnum import luhn

    digits = re.sub(r"[ -]", "", text)
    return bool(_CARD_PREFIX.match(digits) and len(set(digits)) > 1 and luhn.is_valid(digits))


def _is_iban(text: str) -> bool:
    from stdnum import iban

    return bool(iban.is_valid(text))
