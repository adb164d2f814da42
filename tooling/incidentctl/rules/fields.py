"""Field paths such as ``roles.incident_commander`` or ``action_items[].owner`` (pure)."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel

from incidentctl.models.annotations import unwrap


def is_present(obj: Any, path: str) -> bool:
    """Whether ``path`` holds a non-empty value; ``[]`` requires it of every list item."""
    head, _, rest = path.partition(".")
    name, each = head.removesuffix("[]"), head.endswith("[]")
    value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
    if each:
        return all(is_present(item, rest) for item in value or []) if rest else bool(value)
    if rest:
        return value is not None and is_present(value, rest)
    return value not in (None, "", [], {})


def is_known(model: type[BaseModel], path: str) -> bool:
    """Whether ``path`` names a field of ``model`` (keys under a dict field are free)."""
    current: Any = model
    for part in path.split("."):
        name, each = part.removesuffix("[]"), part.endswith("[]")
        if current is dict:
            return not each
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return False
        info = current.model_fields.get(name)
        if info is None:
            return False
        current = _element(info.annotation, each)
        if current is None:
            return False
    return True


def _element(annotation: Any, each: bool) -> Any:
    """Strip Optional; for ``[]`` step into a list's item type; dicts become ``dict``."""
    tp = unwrap(annotation)
    if typing.get_origin(tp) is list:
        return _element(typing.get_args(tp)[0], False) if each else list
    if each:
        return None
    return dict if typing.get_origin(tp) is dict else tp
