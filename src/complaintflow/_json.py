"""JSON-compatible plain data: the type every part's payloads, effects and records use.

Theory of operation
-------------------
Events carry payloads, effects carry parameters, policies and reports turn into
plain data: all of it is `JSON` (str, int, finite float, bool, ``None``,
and lists and str-keyed dicts of them). `is_json` checks a value (bounded
in depth, so a cyclic or absurdly deep value is refused, never recursed into
without end) and `copy_json` copies one deeply, so that a value holding it
never shares a nested list or dict with its caller. `freeze` makes a deeply
read-only copy (mappings as read-only views, lists as tuples) for a value to hand
out, and `thaw` turns one back into fresh plain data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeAlias, cast

__all__ = ["JSON", "MAX_DEPTH", "copy_json", "copy_json_list", "freeze", "is_json", "thaw"]

#: A JSON-compatible value.
JSON: TypeAlias = "str | int | float | bool | list[JSON] | dict[str, JSON] | None"
#: The deepest nesting of lists and dicts accepted as JSON.
MAX_DEPTH = 32


def is_json(value: object, depth: int = 0) -> bool:
    """Whether ``value`` is JSON-compatible plain data (nested at most `MAX_DEPTH`).

    Examples:
        >>> is_json({"a": [1, 2.5, None, "x"]}), is_json({"a": float("nan")}), is_json({1: 2})
        (True, False, False)
    """
    if depth > MAX_DEPTH:
        return False
    if value is None or isinstance(value, str | bool | int):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(is_json(v, depth + 1) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json(v, depth + 1) for k, v in value.items())
    return False


def copy_json(value: dict[str, JSON]) -> dict[str, JSON]:
    """A deep copy of a JSON object (lists and dicts copied, scalars shared)."""
    out: dict[str, JSON] = {}
    for k, v in value.items():
        out[k] = (
            copy_json(v) if isinstance(v, dict) else copy_json_list(v) if isinstance(v, list) else v
        )
    return out


def copy_json_list(value: list[JSON]) -> list[JSON]:
    """A deep copy of a JSON array."""
    return [
        copy_json(v) if isinstance(v, dict) else copy_json_list(v) if isinstance(v, list) else v
        for v in value
    ]


def freeze(value: object) -> object:
    """A deeply read-only copy of plain data: mappings as views, lists as tuples.

    Examples:
        >>> v = freeze({"a": [1, {"b": 2}]})
        >>> v["a"][1]["b"], type(v["a"]).__name__
        (2, 'tuple')
    """
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: object) -> JSON:
    """Plain, mutable JSON data (dicts and lists) from a frozen value; a fresh copy.

    Examples:
        >>> thaw(freeze({"a": [1, 2]}))
        {'a': [1, 2]}
    """
    if isinstance(value, Mapping):
        return {str(k): thaw(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [thaw(v) for v in value]
    return cast(JSON, value)
