"""Frozen JSON: the deeply read-only plain data that workflow values hold.

Theory of operation
-------------------
Definitions, snapshots and effects carry plain data: a condition's value, an
effect's parameters, a transition's ``assign``, a ticket's data, an effect's
payload. They hold it *frozen* (`FrozenJSON`), the form of the kernel's
`freeze`: mappings as read-only views of private
copies, lists as tuples, scalars as they are. Nothing in a frozen value can be
changed by whoever reads it, so the step may share it freely: an effect's payload
holds the very tuples of the definition's parameters and of the snapshot's data,
and a cached shipped definition is the same for every ticket of the process.

Plain data enters frozen once, where it enters: a definition when it is built,
an event's payload when the event is applied (only its nested lists and dicts are
copied; a payload of scalars is merged as it is), a snapshot or effect built by
hand when it is built. ``to_dict`` gives plain JSON (dicts and lists) back with
`plain`. Guards compare frozen values with frozen values, so a list in a
payload and the same list kept in the data are equal.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TypeAlias, cast

from complaintflow._json import JSON, MAX_DEPTH

__all__ = ["SCALAR_TYPES", "FrozenJSON", "freeze_mapping", "freeze_value", "frozen_values", "plain"]

#: JSON-compatible data, deeply read-only: tuples for lists, read-only views for dicts.
FrozenJSON: TypeAlias = (
    "str | int | float | bool | tuple[FrozenJSON, ...] | Mapping[str, FrozenJSON] | None"
)

_SCALARS = (str, int, float)
_SEQUENCES = (list, tuple)
#: The exact types of scalars: ``type(v) in SCALAR_TYPES`` is the fastest test for
#: "nothing to freeze" (``isinstance(v, (list, dict))`` is twice as slow for a str).
#: Anything else, a subclass included, goes through `freeze_value`.
SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


def freeze_value(value: object) -> FrozenJSON:
    """A deeply read-only copy: mappings as read-only views, lists and tuples as tuples.

    The kernel's `freeze`, with scalars checked first
    (they are most values, and are returned as they are).

    Examples:
        >>> v = freeze_value({"a": [1, {"b": 2}]})
        >>> v["a"][1]["b"], type(v["a"]).__name__
        (2, 'tuple')

        A value of no JSON type is returned as it is: callers check for JSON first.

        >>> freeze_value(b"x")
        b'x'
    """
    if value is None or isinstance(value, _SCALARS):
        return cast(FrozenJSON, value)
    if isinstance(value, _SEQUENCES):
        for v in value:
            if v is not None and not isinstance(v, _SCALARS):
                return tuple([freeze_value(v) for v in value])
        return tuple(value)  # scalars only (the usual list): no call per item
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze_value(v) for k, v in value.items()})
    return cast(FrozenJSON, value)


def freeze_mapping(value: Mapping[str, object]) -> Mapping[str, FrozenJSON]:
    """A read-only view of a frozen copy of ``value`` (an attrs converter)."""
    return MappingProxyType({k: freeze_value(v) for k, v in value.items()})


def frozen_values(payload: Mapping[str, object]) -> Mapping[str, FrozenJSON]:
    """``payload`` itself when it holds only scalars, else a dict with the rest frozen.

    The hot path's freeze: a payload of scalars (the usual case) costs one scan
    and no allocation. (A tuple is frozen again, for it may hold a list.)

    Examples:
        >>> p = {"n": 1}
        >>> frozen_values(p) is p
        True
        >>> frozen_values({"n": 1, "tags": ["a", ["b"]]})
        {'n': 1, 'tags': ('a', ('b',))}
    """
    scalars = SCALAR_TYPES
    for v in payload.values():
        if type(v) not in scalars:
            break
    else:
        return cast("Mapping[str, FrozenJSON]", payload)
    out = dict(payload)
    for k, v in out.items():  # replacing values (not keys) while iterating is allowed
        if type(v) not in scalars:
            out[k] = freeze_value(v)
    return cast("dict[str, FrozenJSON]", out)


def plain(value: object, depth: int = 0) -> JSON:
    """Plain, mutable data (dicts and lists) from frozen data; a fresh copy.

    Keys are kept as they are, so a checker still sees a key that is not a string;
    nesting deeper than `MAX_DEPTH` is left as it is (and
    then refused by `is_json`).

    Examples:
        >>> plain(freeze_value({"a": [1, 2]}))
        {'a': [1, 2]}
    """
    if value is None or isinstance(value, _SCALARS) or depth > MAX_DEPTH:
        return cast(JSON, value)
    if isinstance(value, _SEQUENCES):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, Mapping):
        return {k: plain(v, depth + 1) for k, v in value.items()}
    return cast(JSON, value)
