"""Turn pydantic validation errors into findings at the line and column of the offending YAML.

Rules of placement: an unknown key is reported at the key; a missing field at the mapping
that should hold it; anything else at the value. Messages never include the input value.
"""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from incidentctl.findings import Finding
from incidentctl.load.yaml import Loaded, Path

M = TypeVar("M", bound=BaseModel)

RULE_BY_TYPE = {
    "missing": "schema.missing-field",
    "extra_forbidden": "schema.unknown-field",
    "timezone_aware": "schema.naive-timestamp",
    "enum": "schema.enum",
    "literal_error": "schema.enum",
    "string_pattern_mismatch": "schema.pattern",
}

# pydantic's own messages for these types state the expectation, never the input.
_SAFE_MESSAGES = frozenset(
    (
        *RULE_BY_TYPE,
        "string_type", "string_too_short", "string_too_long", "int_type", "int_parsing",
        "int_from_float", "bool_type", "list_type", "dict_type", "model_type", "model_attributes_type",
        "greater_than_equal", "less_than_equal", "greater_than", "less_than", "too_short",
        "too_long", "datetime_type", "datetime_parsing", "datetime_from_date_parsing",
        "date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact",
        "timezone_naive", "none_required", "union_tag_invalid_no_input",
    )
)  # fmt: skip


def field_name(loc: Path) -> str:
    """``('timeline', 3, 'at')`` -> ``timeline[3].at``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(document)"


def validate_model(
    model: type[M], loaded: Loaded, path: str, context: dict[str, Any] | None = None
) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(loaded.data, context=context), []
    except ValidationError as exc:
        return None, errors_to_findings(exc, loaded, path)


def errors_to_findings(exc: ValidationError, loaded: Loaded, path: str) -> list[Finding]:
    findings = []
    for err in exc.errors(include_url=False, include_input=False):
        loc, on_key = _clean_loc(err["loc"])
        etype = err["type"]
        if etype == "missing":
            line, col = loaded.value_pos(loc[:-1])
        elif etype == "extra_forbidden" or on_key:
            line, col = loaded.key_pos(loc)
        else:
            line, col = loaded.value_pos(loc)
        rule = etype if "." in etype else RULE_BY_TYPE.get(etype, "schema.type")
        findings.append(Finding(path, line, col, rule, _message(etype, err["msg"], loc)))
    return findings


def _clean_loc(raw: tuple[Any, ...]) -> tuple[Path, bool]:
    """Drop pydantic's ``[key]`` marker; say whether the key itself is wrong."""
    on_key = bool(raw) and raw[-1] == "[key]"
    return tuple(p for p in raw if p != "[key]"), on_key


def _message(etype: str, msg: str, loc: Path) -> str:
    name = field_name(loc)
    if etype == "missing":
        return f"'{name}' is required"
    if etype == "extra_forbidden":
        return f"'{name}' is not a known field; check its spelling (see schemas/)"
    if etype == "timezone_aware":
        return f"'{name}' needs a time zone, e.g. 2026-03-04T10:15:00Z or +01:00"
    if "." in etype or etype in _SAFE_MESSAGES:
        text = msg.removeprefix("Value error, ")
        return f"'{name}': {text[:1].lower()}{text[1:]}"
    return f"'{name}' has an invalid value"
