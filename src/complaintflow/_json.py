"""JSON-compatible plain data: the type every part's payloads, effects and records use.

Theory of operation
-------------------
Events carry payloads, effects carry parameters, policies and reports turn into
plain data: all of it is `JSON` (str, int, finite float, bool, ``None``,
and lists and str-keyed dicts of them). `is_json` checks a value (bounded
in depth, so a cyclic or absurdly deep value is refused, never recursed into
without end) and `copy_json` copies one deeply, so that a value holding it
never shares a nested list or dict with its caller.
"""

from __future__ import annotations

import math
from typing import TypeAlias

__all__ = ["JSON", "MAX_DEPTH", "copy_json", "copy_json_list", "is_json"]

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
