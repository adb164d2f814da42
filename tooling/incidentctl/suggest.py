"""'Did you mean': the closest known names to a mistyped one, for messages that say how to fix.

Suggestions come from the policy's own vocabulary (states, services, severities, roles), never
from the file: a message may name what is known, not echo what was written.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

SHOWN = 12  # a list of known names is shown whole up to this many


def closest(value: str, known: Iterable[str], n: int = 2) -> list[str]:
    """Known names close to ``value``: one differing only in case, else the best matches.

    Ties beyond ``n`` suggest nothing: ``SEV5`` is as close to SEV1 as to SEV4, and a guess
    among them would only mislead.
    """
    names = [k for k in known if k != value]
    same_case = [k for k in names if k.lower() == value.lower()]
    if same_case:
        return same_case[:n]
    scores: dict[str, float] = {}
    for name in names:
        matcher = difflib.SequenceMatcher(None, value.lower(), name.lower())
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
            scores[name] = matcher.ratio()
    good = {k: s for k, s in scores.items() if s >= 0.6}
    if not good:
        return []
    best = max(good.values())
    top = sorted(k for k, s in good.items() if s == best)
    return top if len(top) <= n else []


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """``did you mean 'checkout-api'? `` (with the trailing space), or nothing."""
    near = closest(value, known)
    return f"did you mean {' or '.join(repr(k) for k in near)}? " if near else ""


def known_list(known: Iterable[str]) -> str:
    """The known names, sorted, up to ``SHOWN`` of them."""
    names = sorted(known)
    return ", ".join(names[:SHOWN]) + (", ..." if len(names) > SHOWN else "")


def unknown_choice(what: str, value: str, known: Iterable[str]) -> str:
    """``unknown <what>; did you mean ...? expected one of: ...``: never the value itself.

    Why not the value: a message may reach a CI log, and the value comes from the file.
    """
    return f"unknown {what}; {did_you_mean(value, known)}expected one of: {known_list(known)}"
