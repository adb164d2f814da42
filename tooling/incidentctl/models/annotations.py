"""Walking the models' type annotations: what a field path or a value's place holds (pure).

One home for it, because three stages ask: which field paths exist (``rules.fields``), which
keys of a file are the schema's and which the file chose (``load.positions``), and which
fields hold timestamps (``rules.clock``).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any


def unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional: ``Annotated[X | None, ...]`` is ``X``."""
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    if isinstance(tp, types.UnionType) or typing.get_origin(tp) is typing.Union:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        tp = unwrap(args[0]) if len(args) == 1 else tp
    return tp


def item(tp: Any) -> Any:
    """The (unwrapped) element type of a list, or the value type of a dict; else None."""
    args = typing.get_args(tp)
    if typing.get_origin(tp) is list and args:
        return unwrap(args[0])
    if typing.get_origin(tp) is dict and len(args) == 2:
        return unwrap(args[1])
    return None


def leaves(annotation: Any) -> Iterator[Any]:
    """The plain types inside an annotation (through Annotated, unions, lists and dicts)."""
    args = typing.get_args(annotation)
    if not args:
        yield annotation
        return
    if typing.get_origin(annotation) is typing.Annotated:
        yield from leaves(args[0])
        return
    for arg in args:
        yield from leaves(arg)
