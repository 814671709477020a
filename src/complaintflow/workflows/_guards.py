"""The hot-path form of a guard: a boolean closure that builds no message.

A definition's table holds one per guard; the fold calls it for every event the
guard is on. Refusals are explained by the guard's check (`compile_guard` in
`complaintflow.workflows._spec`), which is built alongside and run only then.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from complaintflow.workflows._spec import (
    _MISSING,
    _SOURCES,
    Condition,
    Guard,
    Test,
    _View,
    compile_guard,
)

__all__ = ["compile_test"]


def _compile_condition(cond: Condition) -> Callable[[Mapping[str, object]], bool]:
    """A closure equivalent to ``cond.holds`` without attribute look-ups.

    A scalar value (the usual case) compares equal to a field's value whether that
    is plain or frozen, so its closure compares as it is; a list or mapping value
    freezes the field's value first, so plain and frozen data are tested alike.
    """
    fld, value, op = cond.field, cond.value, cond.op
    options = value if isinstance(value, tuple) else (value,)
    if not (_scalar(value) if op in ("==", "!=") else all(map(_scalar, options))):
        return cond.holds
    if op == "==":
        return lambda src: src.get(fld, _MISSING) == value
    if op == "!=":
        return lambda src: fld in src and src[fld] != value
    if op == "in":
        return lambda src: fld in src and src[fld] in options
    return lambda src: fld in src and src[fld] not in options


def _scalar(value: object) -> bool:
    return value is None or isinstance(value, str | int | float)


def compile_test(g: Guard) -> Test:
    """The hot-path form of a guard: a boolean closure that builds no message."""
    when = None if g.when is None else _compile_condition(g.when)
    which = _SOURCES.index(g.on)  # 0 merged, 1 payload, 2 data
    if g.kind == "required":
        fields, need_all = g.fields, g.match == "all"
        if when is None and need_all:  # the common case, without the branches below
            if len(fields) == 1:
                (only,) = fields

                def test_present(view: _View, payload: _View, data: _View, at_us: int) -> bool:
                    src = payload if which == 1 else view if which == 0 else data
                    value = src.get(only)
                    return not (value is None or value == "")

                return test_present

            def test_all_present(view: _View, payload: _View, data: _View, at_us: int) -> bool:
                src = payload if which == 1 else view if which == 0 else data
                for f in fields:
                    value = src.get(f)
                    if value is None or value == "":
                        return False
                return True

            return test_all_present

        def test_required(view: _View, payload: _View, data: _View, at_us: int) -> bool:
            if when is not None and not when(view):
                return True
            src = view if which == 0 else payload if which == 1 else data
            for f in fields:
                value = src.get(f)
                if (value is None or value == "") == need_all:
                    return not need_all
            return need_all

        return test_required

    if g.kind == "within":
        check = compile_guard(g)  # rare (a reopen): the check itself, without its message cost

        def test_within(view: _View, payload: _View, data: _View, at_us: int) -> bool:
            return check(view, payload, data, at_us) is None

        return test_within

    assert g.test is not None
    holds = _compile_condition(g.test)

    def test_predicate(view: _View, payload: _View, data: _View, at_us: int) -> bool:
        if when is not None and not when(view):
            return True
        return holds(view if which == 0 else payload if which == 1 else data)

    return test_predicate
