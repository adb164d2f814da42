"""Salvage: the model of what did validate in a file that failed, and what was damaged.

Why: a schema error in one field must not hide every rule finding in the rest of the file.
Each invalid part is dropped (the innermost list item holding an error, else the offending
key), a required field left missing is filled with None, and the rest is validated again,
until it validates. What was dropped or filled is the *damage*, as field-name paths
(``("timeline",)``, ``("roles", "<key>")``); an unknown key also damages the absent fields it
may be a misspelling of. The salvaged model is for the rules alone (``rules.gate`` runs only
the checks that read no damaged field); every other stage sees the file as failed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Optional, TypeVar

from pydantic import BaseModel, ValidationError, create_model
from pydantic.fields import FieldInfo

from incidentctl.load.positions import schema_loc
from incidentctl.load.yaml import Loaded, Path, Where
from incidentctl.suggest import closest

M = TypeVar("M", bound=BaseModel)
Names = tuple[str, ...]  # a field path without list indexes: ("timeline", "at")
MAX_ROUNDS = 32  # each round drops at least one more part; nesting is at most 32 deep


@dataclass(frozen=True, slots=True)
class Salvage(Generic[M]):
    """The salvaged model, its data's positions in the file, and the damaged field paths."""

    model: M
    loaded: Loaded
    damaged: frozenset[Names]


def names(path: Path) -> Names:
    """``("timeline", 3, "at")`` -> ``("timeline", "at")``: damage is compared by field names."""
    return tuple(p for p in path if isinstance(p, str))


def salvage(
    model: type[M], loaded: Loaded, exc: ValidationError, context: dict[str, Any] | None = None
) -> Salvage[M] | None:
    """What validates once the invalid parts are dropped; None when nothing can be kept."""
    dropped: set[Path] = set()
    filled: set[str] = set()
    hinted: set[Names] = set()
    errors = exc.errors(include_url=False, include_input=False)
    for _ in range(MAX_ROUNDS):
        data, kept = _pruned(loaded.data, dropped)
        grew = False
        for err in errors:
            target = _target(data, err)
            if target is None:
                return None
            path = _original(target[1], kept)
            if target[0] == "fill":
                grew |= _add(filled, str(path[0]))
            else:
                grew |= _add(dropped, path)
                if err["type"] == "extra_forbidden":
                    hinted |= _meant(model, data, target[1])
        if not grew:
            return None
        data, kept = _pruned(loaded.data, dropped)
        try:
            salvaged = _lenient(model, frozenset(filled)).model_validate(data, context=context)
        except ValidationError as again:
            errors = again.errors(include_url=False, include_input=False)
            continue
        except (AttributeError, TypeError, KeyError):  # a validator that needs a filled field
            return None
        damaged = {names(p) for p in dropped} | {(f,) for f in filled} | hinted
        where = _remapped(loaded.where, dropped, kept)
        return Salvage(salvaged, Loaded(data, "", 0, where), frozenset(damaged))
    return None


def _add(into: set[Any], value: Any) -> bool:
    new = value not in into
    into.add(value)
    return new


def _target(data: Any, err: Any) -> tuple[str, Path] | None:
    """What to drop for one error (``("drop", path)``) or fill (``("fill", (field,))``)."""
    loc: Path = tuple(p for p in err["loc"] if p != "[key]")
    node, depth, item = data, 0, 0
    for part in loc:
        if type(node) is dict and isinstance(part, str) and part in node:
            node = node[part]
        elif type(node) is list and isinstance(part, int) and 0 <= part < len(node):
            node, item = node[part], depth + 1
        else:
            break
        depth += 1
    if item:  # inside a list item: the innermost item goes, the rest of the list stays
        return "drop", loc[:item]
    if err["type"] == "missing" and len(loc) == 1 and depth == 0:
        return "fill", loc
    if depth == 0:  # an error about the whole document: nothing smaller to drop
        return None
    # the offending key; for a field missing in a nested mapping, the mapping that lacks it
    return "drop", loc[:depth]


def _meant(model: type[BaseModel], data: Any, path: Path) -> set[Names]:
    """The absent fields an unknown key may be a misspelling of: their absence is damage."""
    _, holder = schema_loc(model, path)
    mapping = _at(data, path[:-1])
    if holder is None or type(mapping) is not dict or not isinstance(path[-1], str):
        return set()
    absent = [f for f in holder.model_fields if f not in mapping]
    return {names((*path[:-1], f)) for f in closest(path[-1], absent)}


def _at(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _pruned(data: Any, dropped: set[Path]) -> tuple[Any, dict[Path, list[int]]]:
    """A copy of ``data`` without the dropped parts (untouched subtrees are shared).

    ``kept`` maps each list that lost items, by its original path, to the original indexes of
    the items left, so that a path in the copy can be turned back into one in the file.
    """
    above = {p[:n] for p in dropped for n in range(len(p))}
    kept: dict[Path, list[int]] = {}

    def walk(node: Any, path: Path) -> Any:
        if path not in above:
            return node
        if type(node) is dict:
            return {k: walk(v, (*path, k)) for k, v in node.items() if (*path, k) not in dropped}
        if type(node) is list:
            keep = [i for i in range(len(node)) if (*path, i) not in dropped]
            kept[path] = keep
            return [walk(node[i], (*path, i)) for i in keep]
        return node

    return walk(data, ()), kept


def _original(path: Path, kept: dict[Path, list[int]]) -> Path:
    """A path in the pruned copy -> the same place in the file."""
    out: Path = ()
    for part in path:
        if isinstance(part, int) and out in kept:
            part = kept[out][part]
        out = (*out, part)
    return out


def _remapped(
    where: dict[Path, Where], dropped: set[Path], kept: dict[Path, list[int]]
) -> dict[Path, Where]:
    """The file's position table for the pruned copy: dropped parts gone, items renumbered."""
    renumber = {lst: {old: new for new, old in enumerate(idx)} for lst, idx in kept.items()}
    out: dict[Path, Where] = {}
    for path, pos in where.items():
        new: list[str | int] = []
        for n, part in enumerate(path):
            if path[: n + 1] in dropped:
                break
            table = renumber.get(path[:n]) if isinstance(part, int) else None
            new.append(table[part] if table is not None and isinstance(part, int) else part)
        else:
            out[tuple(new)] = pos
    return out


@functools.cache
def _lenient(model: type[M], filled: frozenset[str]) -> type[M]:
    """``model`` with the filled required fields made optional (None), validators kept."""
    if not filled:
        return model
    fields: Any = {
        name: (Optional[_annotated(model.model_fields[name])], None)  # noqa: UP045 (runtime)
        for name in sorted(filled)
        if name in model.model_fields
    }
    return create_model(f"Salvaged{model.__name__}", __base__=model, **fields)


def _annotated(info: FieldInfo) -> Any:
    """The field's type with its constraints and validators, as declared."""
    return Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
