"""A total order over any values: sorted results that do not depend on input order.

Theory of operation
-------------------
Mergeable results (SLA tallies, replay reports) keep their entries sorted by key,
so that the parts of a data set merged in any order give the same value. Their
keys are tuples of segment values: ticket attributes, which are strings or
``None`` in practice, but a result is plain data a host may build with anything.
Python cannot compare a string with a number or ``None``, and ``str()`` gives
``None`` and ``"None"`` the same text, so neither ``sorted()`` of the keys nor of
their texts is an order. `sort_key` is one: ``False``, ``True``, numbers
(by value), strings (by code point), tuples (element by element), other values
(by type, then ``repr``), and ``None`` last.

Keys that are equal but written differently (``1``, ``1.0`` and ``True`` are one
dict key) are one entry; a merge keeps the spelling whose `sort_key` is the
least, so that it too does not depend on the order of the parts. Values the order
cannot tell apart by type and ``repr`` (two NaN objects, which are not equal to
each other) are ordered by identity, which keeps one process's merges in step.
"""

from __future__ import annotations

import math

__all__ = ["sort_key"]

_FALSE, _TRUE, _NUMBER, _STR, _TUPLE, _OTHER, _NONE = range(7)


def sort_key(value: object) -> tuple[object, ...]:
    """A key that sorts every value, distinct values apart (see the module docstring).

    Examples:
        >>> sorted([None, "None", "", 2, "b", True, 1.5], key=sort_key)
        [True, 1.5, 2, '', 'None', 'b', None]
        >>> sort_key(("reply", None)) < sort_key(("reply", "None"))
        False
    """
    if value is None:
        return (_NONE,)
    kind = type(value)
    if kind is str:
        return (_STR, value)
    if kind is bool:
        return (_TRUE if value else _FALSE,)
    if (kind is int or kind is float) and not math.isnan(value):  # type: ignore[arg-type]
        return (_NUMBER, value, kind is float)  # 1 before 1.0: equal keys, one spelling
    if kind is tuple:
        return (_TUPLE, tuple([sort_key(v) for v in value]))  # type: ignore[attr-defined]
    return (_OTHER, kind.__module__, kind.__qualname__, repr(value), id(value))
