"""The one converter between the library's values and JSON-compatible plain data.

Built on ``cattrs`` (the structuring companion of attrs): every attrs class of the
public API goes to a dict keyed by its ``__init__`` argument names, and back
through its ``__init__`` (so every validator runs). The leaves have one form each:

- an instant (``datetime``, ``pendulum.DateTime``): ISO 8601 text with its UTC
  offset, then its IANA zone in brackets when it has one, as RFC 9557 writes it
  (``"2026-03-02T09:00:00+08:00[Asia/Shanghai]"``); a naive time is refused;
- a date: ``"2026-03-02"``;
- a ``timedelta``: an ISO 8601 duration of days, hours, minutes and seconds
  (``"PT20S"``, ``"P1DT2H0.5S"``, ``"-PT1M"``; a day is 24 hours);
- a `complaintflow.calendars.Duration`: its text form (``"2 business hours"``);
- an enum: its value; a ``frozenset``: a sorted list; a tuple: a list, and a tuple
  of (name, value) pairs an object (a list of pairs if a name repeats);
- the documents that already have a data form keep it: events, snapshots,
  effects, calendars, workflows, policies and policy histories.

Structuring checks types exactly (``"12"`` is not an int, ``1`` is not a bool, a
string is not a list) and reports every problem of a document at once in one
`complaintflow.errors.ValidationError`, each named by its path.
"""

from __future__ import annotations

import datetime as _dt
import enum
import json
import math
import re
import types
import typing
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import attrs
import cattrs
import pendulum
from cattrs.errors import (
    AttributeValidationNote,
    BaseValidationError,
    ForbiddenExtraKeysError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from complaintflow._errors import (
    ComplaintflowError,
    Problem,
    ValidationError,
    WrongTypeError,
    problem_text,
    wrong_type,
)
from complaintflow._json import JSON, MAX_DEPTH, is_json
from complaintflow._time import from_us, get_timezone, parse_instant, to_us, zone_names
from complaintflow.calendars import BusinessCalendar, Duration, DurationKind
from complaintflow.policy import Policy, PolicyHistory
from complaintflow.sla import SlaCondition
from complaintflow.workflows import Effect, Event, Snapshot, WorkflowDefinition

__all__ = [
    "MAX_ITEMS",
    "converter",
    "from_data",
    "instant_text",
    "join",
    "problems_of",
    "timedelta_text",
    "to_data",
]

T = TypeVar("T")

_DAY_US = 86_400_000_000
_TIMEDELTA = re.compile(
    r"(-)?P(?:(\d{1,9})D)?(?:T(?:(\d{1,12})H)?(?:(\d{1,14})M)?(?:(\d{1,15})(?:\.(\d{1,6}))?S)?)?",
    re.ASCII,
)
#: The largest list or object accepted inside a document (the CLI reads one document
#: per line; a bigger one is refused, never processed without end).
MAX_ITEMS = 1_000_000


class _Refused(Exception):
    """A leaf that cannot be structured; carries the problem's message and hint."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def join(path: str, key: str) -> str:
    """``a`` + ``b`` is ``a.b``, ``a`` + ``[0]`` is ``a[0]``, ``""`` + ``b`` is ``b``."""
    if not path:
        return key
    if not key:
        return path
    return f"{path}{key}" if key.startswith("[") else f"{path}.{key}"


# -- leaves ---------------------------------------------------------------------------


def timedelta_text(value: _dt.timedelta) -> str:
    """A ``timedelta`` as an ISO 8601 duration (days of 24 hours, exact microseconds).

    Examples:
        >>> timedelta_text(_dt.timedelta(seconds=20)), timedelta_text(_dt.timedelta(0))
        ('PT20S', 'PT0S')
        >>> timedelta_text(_dt.timedelta(days=-1, hours=22, microseconds=500_000))
        '-PT1H59M59.5S'

    Raises:
        WrongTypeError: ``value`` is no ``timedelta``.
    """
    if not isinstance(value, _dt.timedelta):
        raise wrong_type("value", "a timedelta", value)
    us = value // _dt.timedelta(microseconds=1)
    sign = "-" if us < 0 else ""
    days, rest = divmod(abs(us), _DAY_US)
    hours, rest = divmod(rest, 3_600_000_000)
    minutes, rest = divmod(rest, 60_000_000)
    seconds, micros = divmod(rest, 1_000_000)
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if seconds or micros:
        time += f"{seconds}.{micros:06d}".rstrip("0").rstrip(".") + "S"
    if not days and not time:
        return "PT0S"
    return f"{sign}P{f'{days}D' if days else ''}{f'T{time}' if time else ''}"


def _timedelta(value: object, _: object) -> _dt.timedelta:
    match = _TIMEDELTA.fullmatch(value) if isinstance(value, str) else None
    if match is None or value in ("P", "-P", "PT", "-PT") or str(value).endswith("T"):
        raise _Refused(
            f"{problem_text(value)} is not an ISO 8601 duration",
            'use days, hours, minutes and seconds, e.g. "PT20S" or "P1DT2H"',
        )
    sign, d, h, m, s, frac = match.groups()
    try:
        out = _dt.timedelta(
            days=int(d or 0),
            hours=int(h or 0),
            minutes=int(m or 0),
            seconds=int(s or 0),
            microseconds=int((frac or "0").ljust(6, "0")),
        )
    except OverflowError:
        raise _Refused(
            f"{problem_text(value)} is longer than a timedelta can hold",
            "at most 999999999 days",
        ) from None
    return -out if sign else out


_ZONED = re.compile(r"(.+)\[([A-Za-z0-9_+\-/]{1,64})\]")


def instant_text(value: _dt.datetime) -> str:
    """An instant as ISO 8601 text with its offset, and its IANA zone when it has one.

    The zone follows in brackets, as RFC 9557 (and JavaScript's ``Temporal``) writes
    it, so that a time in a zone comes back in that zone, not only at its offset.

    Examples:
        >>> import pendulum
        >>> instant_text(pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai"))
        '2026-03-02T09:00:00+08:00[Asia/Shanghai]'
        >>> instant_text(_dt.datetime(2026, 3, 2, 1, tzinfo=_dt.timezone.utc))
        '2026-03-02T01:00:00+00:00'
    """
    text = value.isoformat()
    key = getattr(value.tzinfo, "key", None)
    return f"{text}[{key}]" if isinstance(key, str) and key in zone_names() else text


def _instant(value: object, _: object) -> _dt.datetime:
    if not isinstance(value, str):
        raise _Refused(
            f"{problem_text(value)} is not an ISO 8601 time with offset",
            'e.g. "2026-03-02T09:00:00+08:00"',
        )
    zoned = _ZONED.fullmatch(value)
    text, zone = (zoned.group(1), zoned.group(2)) if zoned else (value, None)
    try:
        parsed = parse_instant(text)
    except ComplaintflowError as e:
        raise _Refused(str(e).removeprefix("at: ")) from None
    if zone is None:
        return parsed
    try:
        tz = get_timezone(zone)
    except ComplaintflowError as e:
        raise _Refused(str(e).removeprefix("timezone: ")) from None
    there = from_us(to_us(parsed, "at"), tz)
    if there.utcoffset() != parsed.utcoffset():
        raise _Refused(
            f"{problem_text(value)}: the offset is not {zone}'s at that time",
            f"{zone} is at {there.isoformat()}",
        )
    return there


def _pendulum_instant(value: object, _: object) -> pendulum.DateTime:
    return cast(pendulum.DateTime, _instant(value, _))


def _date(value: object, _: object) -> _dt.date:
    if isinstance(value, str) and len(value) == 10:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _Refused(f"{problem_text(value)} is not an ISO 8601 date", 'e.g. "2026-03-02"')


def _str(value: object, _: object) -> str:
    if isinstance(value, str):
        return value
    raise _Refused(f"{problem_text(value)} is not a string")


def _int(value: object, _: object) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise _Refused(f"{problem_text(value)} is not an integer")


def _float(value: object, _: object) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    raise _Refused(f"{problem_text(value)} is not a finite number")


def _bool(value: object, _: object) -> bool:
    if isinstance(value, bool):
        return value
    raise _Refused(f"{problem_text(value)} is not true or false")


def _none(value: object, _: object) -> None:
    if value is not None:
        raise _Refused(f"{problem_text(value)} is not null")


def _thaw(value: object, depth: int = 0) -> JSON:
    """A frozen JSON value (tuples, read-only mappings) as plain lists and dicts."""
    if depth > MAX_DEPTH:
        raise WrongTypeError(f"a value nested deeper than {MAX_DEPTH} levels is not JSON")
    if isinstance(value, tuple | list):
        return [_thaw(v, depth + 1) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _thaw(v, depth + 1) for k, v in value.items()}
    return cast(JSON, value)


def _json_value(value: object, _: object) -> JSON:
    if not is_json(value):
        raise _Refused(
            f"{problem_text(value)} is not JSON-compatible",
            "use str, int, finite float, bool, null, and lists and objects of them",
        )
    return cast(JSON, value)


def _is_json_type(t: object) -> bool:
    """The library's recursive ``JSON`` and ``FrozenJSON`` aliases, as cattrs sees them."""
    args = typing.get_args(t)
    return _is_union(t) and str in args and bool in args and len(args) >= 6


def _is_union(t: object) -> bool:
    return typing.get_origin(t) in (typing.Union, types.UnionType)


# -- collections ------------------------------------------------------------------------


def _check_size(value: object, what: str) -> None:
    if len(value) > MAX_ITEMS:  # type: ignore[arg-type]
        raise _Refused(f"{what} of {len(value)} items is too long", f"at most {MAX_ITEMS}")  # type: ignore[arg-type]


def _items(conv: cattrs.Converter, types_: tuple[Any, ...], value: object) -> list[object]:
    """Structure each item of a list; every item's problems, with its index."""
    if not isinstance(value, list | tuple):
        raise _Refused(f"{problem_text(value)} is not a list")
    _check_size(value, "a list")
    homogeneous = len(types_) == 2 and types_[1] is Ellipsis
    if not homogeneous and len(value) != len(types_):
        raise _Refused(f"{problem_text(value)} is not a list of {len(types_)} items")
    out: list[object] = []
    problems: list[Problem] = []
    for i, item in enumerate(value):
        t = types_[0] if homogeneous else types_[i]
        try:
            out.append(conv.structure(item, t))
        except Exception as e:
            problems += problems_of(e, f"[{i}]")
    if problems:
        raise ValidationError(problems)
    return out


def _sort_key(value: JSON) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _sorted(values: list[JSON]) -> list[JSON]:
    try:
        return sorted(values)  # type: ignore[type-var]
    except TypeError:
        return sorted(values, key=_sort_key)


def is_pairs(t: object) -> bool:
    """``tuple[tuple[str, V], ...]``: name-value pairs, written as a JSON object."""
    args = typing.get_args(t)
    if typing.get_origin(t) is not tuple or len(args) != 2 or args[1] is not Ellipsis:
        return False
    inner = typing.get_args(args[0])
    return (
        typing.get_origin(args[0]) is tuple
        and len(inner) == 2
        and inner[0] is str
        and inner[1] is not Ellipsis
    )


def _register_collections(conv: cattrs.Converter) -> None:
    def is_tuple(t: object) -> bool:
        return typing.get_origin(t) is tuple

    def is_frozenset(t: object) -> bool:
        return typing.get_origin(t) in (frozenset, typing.AbstractSet, set)

    def is_mapping(t: object) -> bool:
        origin = typing.get_origin(t)
        return origin in (dict, Mapping, typing.Mapping, types.MappingProxyType)

    def structure_tuple(t: Any) -> Callable[[object, object], tuple[object, ...]]:
        args = typing.get_args(t)
        return lambda value, _: tuple(_items(conv, args, value))

    def structure_frozenset(t: Any) -> Callable[[object, object], frozenset[object]]:
        (arg,) = typing.get_args(t)

        def structure(value: object, _: object) -> frozenset[object]:
            items = _items(conv, (arg, ...), value)
            out = frozenset(items)
            if len(out) != len(items):
                raise _Refused(f"{problem_text(value)} repeats an item", "list each item once")
            return out

        return structure

    def structure_mapping(t: Any) -> Callable[[object, object], dict[object, object]]:
        key_type, value_type = typing.get_args(t) or (str, object)

        def structure(value: object, _: object) -> dict[object, object]:
            if not isinstance(value, Mapping):
                raise _Refused(f"{problem_text(value)} is not an object")
            _check_size(value, "an object")
            out: dict[object, object] = {}
            problems: list[Problem] = []
            for k, v in value.items():
                if not isinstance(k, str):
                    problems.append(Problem("", f"key {problem_text(k)} is not a string"))
                    continue
                try:
                    out[conv.structure(k, key_type)] = conv.structure(v, value_type)
                except Exception as e:
                    problems += problems_of(e, str(k))
            if problems:
                raise ValidationError(problems)
            return out

        return structure

    def unstructure_seq(t: Any) -> Callable[[object], list[object]]:
        args = typing.get_args(t)
        if len(args) == 2 and args[1] is Ellipsis:
            hook = conv.get_unstructure_hook(args[0])
            return lambda value: [hook(v) for v in value]  # type: ignore[attr-defined]
        hooks = [conv.get_unstructure_hook(a) for a in args]
        return lambda value: [h(v) for h, v in zip(hooks, value, strict=True)]  # type: ignore[call-overload]

    def unstructure_frozenset(t: Any) -> Callable[[object], list[JSON]]:
        hook = conv.get_unstructure_hook(typing.get_args(t)[0])
        return lambda value: _sorted([hook(v) for v in value])  # type: ignore[attr-defined]

    def unstructure_mapping(t: Any) -> Callable[[object], dict[str, object]]:
        args = typing.get_args(t)
        hook = conv.get_unstructure_hook(args[1]) if args else conv.unstructure
        return lambda value: {str(k): hook(v) for k, v in value.items()}  # type: ignore[attr-defined]

    def structure_pairs(t: Any) -> Callable[[object, object], tuple[object, ...]]:
        pair = typing.get_args(t)[0]
        as_mapping = structure_mapping(Mapping[str, typing.get_args(pair)[1]])  # type: ignore[misc]
        as_list = structure_tuple(t)

        def structure(value: object, _: object) -> tuple[object, ...]:
            if isinstance(value, Mapping):
                return tuple(as_mapping(value, None).items())
            return as_list(value, None)

        return structure

    def unstructure_pairs(t: Any) -> Callable[[object], object]:
        hook = conv.get_unstructure_hook(typing.get_args(typing.get_args(t)[0])[1])

        def unstructure(value: Any) -> object:
            out = {k: hook(v) for k, v in value}
            if len(out) == len(value):
                return out
            return [[k, hook(v)] for k, v in value]  # a key given twice: keep every pair

        return unstructure

    conv.register_structure_hook_factory(is_tuple, structure_tuple)
    conv.register_structure_hook_factory(is_frozenset, structure_frozenset)
    conv.register_structure_hook_factory(is_mapping, structure_mapping)
    conv.register_structure_hook_factory(is_pairs, structure_pairs)
    conv.register_unstructure_hook_factory(is_tuple, unstructure_seq)
    conv.register_unstructure_hook_factory(is_frozenset, unstructure_frozenset)
    conv.register_unstructure_hook_factory(is_mapping, unstructure_mapping)
    conv.register_unstructure_hook_factory(is_pairs, unstructure_pairs)


# -- unions, enums, literals -------------------------------------------------------------


def _register_unions(conv: cattrs.Converter) -> None:
    conv.register_structure_hook_factory(_is_json_type, lambda _: _json_value)
    conv.register_unstructure_hook_factory(_is_json_type, lambda _: _thaw)

    def is_plain_union(t: object) -> bool:
        return _is_union(t) and not _is_json_type(t)

    def structure_union(t: Any) -> Callable[[object, object], object]:
        args = typing.get_args(t)
        nullable = type(None) in args
        rest = tuple(a for a in args if a is not type(None))
        by_class = [a for a in rest if attrs.has(a)]
        instants = [a for a in rest if isinstance(a, type) and issubclass(a, _dt.datetime)]

        def structure(value: object, _: object) -> object:
            if value is None:
                if nullable:
                    return None
                raise _Refused("null is not allowed here")
            if len(rest) == 1:
                return conv.structure(value, rest[0])
            if instants and isinstance(value, str):
                return conv.structure(value, instants[0])
            if int in rest and isinstance(value, int) and not isinstance(value, bool):
                return value
            if str in rest and isinstance(value, str):
                return value
            if by_class and isinstance(value, Mapping):
                return _structure_one_of(conv, by_class, value)
            names = " or ".join(_type_name(a) for a in args)
            raise _Refused(f"{problem_text(value)} is not {names}")

        return structure

    def unstructure_union(t: Any) -> Callable[[object], object]:
        return lambda value: None if value is None else conv.unstructure(value)

    conv.register_structure_hook_factory(is_plain_union, structure_union)
    conv.register_unstructure_hook_factory(is_plain_union, unstructure_union)

    def is_literal(t: object) -> bool:
        return typing.get_origin(t) is typing.Literal

    def structure_literal(t: Any) -> Callable[[object, object], object]:
        allowed = typing.get_args(t)

        def structure(value: object, _: object) -> object:
            if isinstance(value, str) and value in allowed:
                return value
            raise _Refused(
                f"{problem_text(value)} is not allowed",
                "use one of " + ", ".join(repr(a) for a in allowed),
            )

        return structure

    conv.register_structure_hook_factory(is_literal, structure_literal)

    def is_enum(t: object) -> bool:
        return isinstance(t, type) and issubclass(t, enum.Enum)

    def structure_enum(t: Any) -> Callable[[object, object], object]:
        members = {m.value: m for m in t}

        def structure(value: object, _: object) -> object:
            if isinstance(value, str | int) and not isinstance(value, bool) and value in members:
                return members[value]
            raise _Refused(
                f"{problem_text(value)} is not a {t.__name__}",
                "use one of " + ", ".join(repr(v) for v in members),
            )

        return structure

    conv.register_structure_hook_factory(is_enum, structure_enum)
    conv.register_unstructure_hook_factory(is_enum, lambda _: lambda m: m.value)


def _structure_one_of(
    conv: cattrs.Converter, classes: list[Any], value: Mapping[str, Any]
) -> object:
    """The one attrs class of a union whose fields the object's keys fit best."""
    keys = set(value)
    fits = []
    for cls in classes:
        names = {a.alias for a in attrs.fields(cls) if a.init}
        required = {a.alias for a in attrs.fields(cls) if a.init and a.default is attrs.NOTHING}
        if keys <= names and required <= keys:
            fits.append((len(names), cls))
    if not fits:
        kinds = " or ".join(c.__name__ for c in classes)
        raise _Refused(f"an object with keys {sorted(keys)} is not a {kinds}")
    fits.sort(key=lambda f: f[0])
    return conv.structure(value, fits[0][1])


def _type_name(t: object) -> str:
    if t is type(None):
        return "null"
    return getattr(t, "__name__", str(t))


# -- attrs classes -------------------------------------------------------------------


def _register_classes(conv: cattrs.Converter) -> None:
    def structure_class(cls: Any) -> Callable[[object, object], object]:
        attrs.resolve_types(cls)
        made = make_dict_structure_fn(cls, conv)

        def structure(value: object, _: object) -> object:
            if not isinstance(value, Mapping):
                raise _Refused(f"{problem_text(value)} is not an object (a {cls.__name__})")
            return made(value, cls)

        return structure

    def unstructure_class(cls: Any) -> Callable[[object], dict[str, object]]:
        attrs.resolve_types(cls)
        return make_dict_unstructure_fn(cls, conv)

    conv.register_structure_hook_factory(attrs.has, structure_class)
    conv.register_unstructure_hook_factory(attrs.has, unstructure_class)

    # The values that already have a data form keep it.
    def documented(
        cls: type[Any], to: Callable[[Any], object], back: Callable[[Mapping[str, object]], object]
    ) -> None:
        def structure(value: object, _: object) -> object:
            if not isinstance(value, Mapping):
                raise _Refused(f"{problem_text(value)} is not an object (a {cls.__name__})")
            return back(value)

        conv.register_unstructure_hook(cls, to)
        conv.register_structure_hook(cls, structure)

    documented(Event, Event.to_dict, Event.from_dict)
    documented(Snapshot, Snapshot.to_dict, Snapshot.from_dict)
    documented(Effect, Effect.to_dict, _effect)
    documented(BusinessCalendar, BusinessCalendar.to_dict, BusinessCalendar.from_dict)
    documented(WorkflowDefinition, WorkflowDefinition.to_dict, WorkflowDefinition.from_dict)
    documented(Policy, Policy.to_dict, Policy.from_dict)
    documented(PolicyHistory, PolicyHistory.to_dict, PolicyHistory.from_dict)
    documented(SlaCondition, lambda c: c.data, SlaCondition)
    conv.register_unstructure_hook(Duration, _duration_data)
    conv.register_structure_hook(Duration, _duration)


def _effect(data: Mapping[str, object]) -> Effect:
    problems: list[Problem] = []
    for extra in sorted(str(k) for k in set(data) - {"kind", "rule", "ticket_id", "at", "payload"}):
        problems.append(Problem(extra, f"unknown key {extra!r}"))
    fields: dict[str, object] = {}
    for key, leaf in (("kind", _str), ("rule", _str), ("ticket_id", _str), ("at", _instant)):
        try:
            fields[key] = leaf(data[key], None)
        except KeyError:
            problems.append(Problem(key, "missing"))
        except _Refused as e:
            problems.append(Problem(key, e.message, e.hint))
    payload = data.get("payload", {})
    if not isinstance(payload, dict) or not is_json(payload):
        problems.append(Problem("payload", f"{problem_text(payload)} is not a JSON object"))
    if problems:
        raise ValidationError(problems, what="effect")
    return Effect(
        cast(str, fields["kind"]),
        cast(str, fields["rule"]),
        cast(str, fields["ticket_id"]),
        cast(_dt.datetime, fields["at"]),
        cast(dict[str, JSON], payload),
    )


def _duration_data(value: Duration) -> JSON:
    """A duration's text form; a calendar duration of days plus time (which has none)
    as ``{"kind", "days", "micros"}``."""
    if value.kind is DurationKind.CALENDAR and value.days and value.micros:
        return {"kind": value.kind.value, "days": value.days, "micros": value.micros}
    return value.to_data()


def _duration(value: object, _: object) -> Duration:
    if isinstance(value, str):
        return Duration.parse(value)
    if isinstance(value, Mapping) and set(value) == {"kind", "days", "micros"}:
        kind, days, micros = value["kind"], value["days"], value["micros"]
        if kind == DurationKind.CALENDAR.value:
            return Duration.calendar(days=_int(days, None), micros=_int(micros, None))
    raise _Refused(
        f"{problem_text(value)} is not a duration", 'e.g. "2 business hours" or "3 days"'
    )


# -- the converter ---------------------------------------------------------------------


def _make() -> cattrs.Converter:
    conv = cattrs.Converter(use_alias=True, forbid_extra_keys=True)
    for t, leaf in (
        (str, _str),
        (int, _int),
        (float, _float),
        (bool, _bool),
        (type(None), _none),
        (_dt.datetime, _instant),
        (pendulum.DateTime, _pendulum_instant),
        (_dt.date, _date),
        (_dt.timedelta, _timedelta),
    ):
        conv.register_structure_hook(t, leaf)
    conv.register_unstructure_hook(_dt.datetime, instant_text)
    conv.register_unstructure_hook(pendulum.DateTime, instant_text)
    conv.register_unstructure_hook(_dt.date, lambda v: v.isoformat())
    conv.register_unstructure_hook(_dt.timedelta, timedelta_text)
    # A field typed ``object`` (a ticket id, a default's value); by predicate, since a
    # hook registered for the class ``object`` would match every class.
    conv.register_structure_hook_func(lambda t: t is object, _json_value)
    conv.register_unstructure_hook_func(lambda t: t is object, _object)
    _register_collections(conv)
    _register_unions(conv)
    _register_classes(conv)
    return conv


def _object(value: object) -> object:
    """A field typed ``object`` (a ticket id, a default's value): by its run-time type."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple | Mapping):
        return _thaw(value)
    return converter.unstructure(value, type(value))


converter = _make()


def problems_of(error: BaseException, path: str = "") -> list[Problem]:
    """Every problem an error raised while structuring holds, each with its path."""
    if isinstance(error, BaseValidationError):
        out: list[Problem] = []
        for sub in error.exceptions:
            where = path
            for note in getattr(sub, "__notes__", ()):
                if isinstance(note, AttributeValidationNote):
                    where = join(path, note.name)
                elif isinstance(note, IterableValidationNote):
                    where = join(path, f"[{note.index}]")
            out += problems_of(sub, where)
        return out
    if isinstance(error, ForbiddenExtraKeysError):
        return [
            Problem(join(path, str(k)), f"unknown key {str(k)!r}")
            for k in sorted(error.extra_fields, key=str)
        ]
    if isinstance(error, ValidationError):
        return [Problem(join(path, p.path), p.message, p.hint) for p in error.problems]
    if isinstance(error, _Refused):
        return [Problem(path, error.message, error.hint)]
    if isinstance(error, KeyError) and not isinstance(error, ComplaintflowError):
        return [Problem(path, "missing", "this key is required")]
    if isinstance(error, ComplaintflowError):
        return [Problem(path, error.message)]
    return [Problem(path, f"{type(error).__name__}: {error}")]


def to_data(value: object) -> JSON:
    """Any public value of the library as JSON-compatible plain data.

    Raises:
        WrongTypeError: ``value`` is of no type the library defines.
    """
    if isinstance(value, list | tuple):
        return [to_data(v) for v in value]
    if not (
        attrs.has(type(value))
        or isinstance(value, enum.Enum | _dt.date | _dt.timedelta)
        or is_json(value)
    ):
        raise WrongTypeError(
            f"value: {problem_text(value)} is not a complaintflow value",
            field="value",
            value=value,
        )
    return cast(JSON, converter.unstructure(value))


def from_data(cls: type[T], data: object) -> T:
    """The value of type ``cls`` that `to_data` turned into ``data``.

    Raises:
        ValidationError: Listing every problem of ``data``, each with its path.
        WrongTypeError: ``cls`` is not a type the library defines.
    """
    if not isinstance(cls, type) or not (
        attrs.has(cls) or issubclass(cls, enum.Enum | _dt.date | _dt.timedelta)
    ):
        raise WrongTypeError(
            f"cls: {problem_text(cls)} is not a complaintflow value type",
            field="cls",
            value=cls,
        )
    try:
        return cast(T, converter.structure(data, cls))
    except Exception as e:
        problems = problems_of(e)
        raise ValidationError(problems, what=cls.__name__) from None
