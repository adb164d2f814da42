"""Turn pydantic validation errors into findings at the line and column of the offending YAML.

Rules of placement: an unknown key is reported at the key; a missing field at the mapping
that should hold it; anything else at the value. Messages never include the input value.
"""

from __future__ import annotations

import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from incidentctl.findings import Finding
from incidentctl.load.yaml import Loaded, Path
from incidentctl.models.annotations import item, unwrap
from incidentctl.suggest import did_you_mean

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


FREE_KEY = "<key>"  # a key the file chose (a role name, a dict key): content, never echoed


def schema_loc(model: type[BaseModel], loc: Path) -> tuple[Path, type[BaseModel] | None]:
    """``loc`` with every key the file chose replaced by ``<key>``, and its last part's model.

    The model is None when the last part is not a model's field. Why: key names are content too. An unknown key or a role name in a restricted record
    must not reach a CI log, so messages name schema fields and positions only.
    """
    out: list[str | int] = []
    current: Any = model
    holder: type[BaseModel] | None = None
    for part in loc:
        holder = current if _is_model(current) else None
        if isinstance(part, int):
            out.append(part)
            current = item(current)
        elif holder is not None and part in holder.model_fields:
            out.append(part)
            current = unwrap(holder.model_fields[part].annotation)
        else:
            out.append(FREE_KEY)
            current = item(current) if typing.get_origin(current) is dict else None
    return tuple(out), holder


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def validate_model(
    model: type[M], loaded: Loaded, path: str, context: dict[str, Any] | None = None
) -> tuple[M | None, list[Finding]]:
    try:
        return model.model_validate(loaded.data, context=context), []
    except ValidationError as exc:
        return None, errors_to_findings(exc, loaded, path, model)


def errors_to_findings(
    exc: ValidationError, loaded: Loaded, path: str, model: type[BaseModel] | None = None
) -> list[Finding]:
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
        shown, holder = schema_loc(model, loc) if model is not None else (loc, None)
        hint = _suggestion(etype, loc, holder) or _enum_hint(err, loaded.data, loc)
        msg = _message(etype, err["msg"], shown, hint)
        findings.append(Finding(path, line, col, rule, msg))
    return findings


def _suggestion(etype: str, loc: Path, holder: type[BaseModel] | None) -> str:
    """For an unknown key: the closest field names of the mapping that holds it."""
    if etype != "extra_forbidden" or holder is None or not loc or not isinstance(loc[-1], str):
        return ""
    return did_you_mean(loc[-1], holder.model_fields)


def _enum_hint(err: Any, data: Any, loc: Path) -> str:
    """For a value outside a fixed set: the closest allowed ones (the value is not shown)."""
    if err["type"] not in ("enum", "literal_error"):
        return ""
    for part in loc:
        ok = isinstance(data, dict) and part in data
        ok = ok or (isinstance(data, list) and isinstance(part, int) and part < len(data))
        if not ok:
            return ""
        data = data[part]
    expected = str((err.get("ctx") or {}).get("expected", ""))
    choices = [c.strip().strip("'") for c in expected.replace(" or ", ", ").split(",")]
    return did_you_mean(data, choices) if isinstance(data, str) else ""


def _clean_loc(raw: tuple[Any, ...]) -> tuple[Path, bool]:
    """Drop pydantic's ``[key]`` marker; say whether the key itself is wrong."""
    on_key = bool(raw) and raw[-1] == "[key]"
    return tuple(p for p in raw if p != "[key]"), on_key


def _message(etype: str, msg: str, loc: Path, hint: str = "") -> str:
    name = field_name(loc)
    if etype == "missing":
        return f"'{name}' is required"
    if etype == "extra_forbidden":
        where = f"'{field_name(loc[:-1])}'" if loc[:-1] else "this file"
        return f"this key is not a field of {where}; {hint}check its spelling (see schemas/)"
    if etype == "timezone_aware":
        return f"'{name}' needs a time zone, e.g. 2026-03-04T10:15:00Z or +01:00"
    if etype == "bool_type":
        return f"'{name}': write true or false"
    if "." in etype or etype in _SAFE_MESSAGES:
        text = msg.removeprefix("Value error, ")
        return f"'{name}': {hint}{text[:1].lower()}{text[1:]}"
    return f"'{name}' has an invalid value"
