"""Checks of single values, for the constructors of the values a host builds.

Theory of operation
-------------------
A host may build every input value directly (``FrequencyCap(3, day="rolling")``)
instead of parsing plain data. The parsers check what they read; these checks
make the direct constructors refuse what they cannot use as well, the same way:
a typed error (`WrongTypeError` for a value of the wrong type, `OutOfRangeError`
for a number outside its range) that names the argument, shows the value and says
what is allowed. Nothing is converted by truthiness, rounded or guessed: a
``bool`` is no number, ``3.0`` is no int and an empty string is no name.

Each ``is_*`` function returns an attrs validator, named after the init argument
(``attribute.alias``, so a private field is named as the caller spelt it); the
``check_*`` functions are the same checks for an ``__attrs_post_init__``. They
run once, at construction.

Examples:
    >>> import attrs
    >>> @attrs.frozen
    ... class Label:
    ...     name: str = attrs.field(validator=is_text())
    >>> Label("")
    Traceback (most recent call last):
    ...
    complaintflow.errors.WrongTypeError: name: expected a non-empty string, got str ''
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any

from complaintflow._errors import (
    OutOfRangeError,
    Problem,
    ValidationError,
    problem_text,
    wrong_type,
)

__all__ = [
    "Validator",
    "check_int",
    "check_text",
    "finite",
    "is_choice",
    "is_instance",
    "is_int",
    "is_text",
    "iterate",
    "names",
]


def finite(value: float) -> bool:
    """Whether a number is finite as a float (an int too large for one is not).

    Examples:
        >>> finite(1.5), finite(float("nan")), finite(10**400)
        (True, False, False)
    """
    try:
        return math.isfinite(value)
    except OverflowError:
        return False


#: An attrs validator: ``(instance, attribute, value)``, raising on a bad value.
Validator = Callable[[Any, Any, Any], None]


def check_text(value: object, field: str, *, optional: bool = False, empty: bool = False) -> None:
    """``value`` is a string (non-empty unless ``empty``), or ``None`` if ``optional``."""
    if (isinstance(value, str) and (empty or value)) or (value is None and optional):
        return
    what = "a string" if empty else "a non-empty string"
    raise wrong_type(field, f"{what} or None" if optional else what, value)


def check_int(
    value: object, field: str, *, optional: bool = False, minimum: int | None = None
) -> None:
    """``value`` is an int (no ``bool``, no float) of at least ``minimum``, or ``None``
    if ``optional``."""
    if value is None and optional:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise wrong_type(field, "an int or None" if optional else "an int", value)
    if minimum is not None and value < minimum:
        raise OutOfRangeError(
            f"{field}: {problem_text(value)} is less than {minimum}; give at least {minimum}",
            field=field,
            value=value,
        )


def is_text(*, optional: bool = False, empty: bool = False) -> Validator:
    """A validator: `check_text`."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        check_text(value, attribute.alias, optional=optional, empty=empty)

    return validate


def is_int(*, optional: bool = False, minimum: int | None = None) -> Validator:
    """A validator: `check_int`."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        check_int(value, attribute.alias, optional=optional, minimum=minimum)

    return validate


def iterate(value: object, field: str, what: str) -> Iterator[Any]:
    """An iterator over ``value``, a collection of items (``what`` names them): a
    string, bytes or a mapping (one item given alone) is refused, not iterated.

    Examples:
        >>> list(iterate((1, 2), "values", "an iterable of numbers"))
        [1, 2]
        >>> iterate("12", "values", "an iterable of numbers")
        Traceback (most recent call last):
        ...
        complaintflow.errors.WrongTypeError: values: expected an iterable of numbers, got str '12'
    """
    if isinstance(value, str | bytes | bytearray | Mapping):
        raise wrong_type(field, what, value)
    try:
        return iter(value)  # type: ignore[call-overload, no-any-return]
    except TypeError:
        raise wrong_type(field, what, value) from None


def names(value: object, field: str) -> tuple[str, ...]:
    """``value`` as a tuple of non-empty strings (attribute or column names).

    Examples:
        >>> names(["tier", "channel"], "by")
        ('tier', 'channel')
        >>> names("tier", "by")
        Traceback (most recent call last):
        ...
        complaintflow.errors.WrongTypeError: by: expected an iterable of names, got str 'tier'
    """
    out = tuple(iterate(value, field, "an iterable of names"))
    for i, name in enumerate(out):
        if not isinstance(name, str) or not name:
            raise wrong_type(f"{field}[{i}]", "a non-empty string", name)
    return out


def is_instance(kind: type | tuple[type, ...], what: str, *, optional: bool = False) -> Validator:
    """A validator: the value is a ``kind`` (``what`` names it for the message), or
    ``None`` if ``optional``."""

    def validate(inst: object, attribute: Any, value: object) -> None:
        if isinstance(value, kind) or (value is None and optional):
            return
        raise wrong_type(attribute.alias, f"{what} or None" if optional else what, value)

    return validate


def is_choice(options: Collection[str], *, optional: bool = False) -> Validator:
    """A validator: the value is one of the strings ``options``, or ``None`` if
    ``optional``: another string is a `ValidationError`, another type a
    `WrongTypeError`."""
    allowed = ", ".join(repr(o) for o in options)

    def validate(inst: object, attribute: Any, value: object) -> None:
        if (value is None and optional) or (isinstance(value, str) and value in options):
            return
        if not isinstance(value, str):
            raise wrong_type(attribute.alias, f"one of {allowed}", value)
        raise ValidationError(
            [Problem(attribute.alias, f"{problem_text(value)} is unknown", f"use one of {allowed}")]
        )

    return validate
