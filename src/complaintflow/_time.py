"""Instants at the edges: checking, converting and zone look-ups.

Theory of operation
-------------------
Public functions take timezone-aware ``datetime`` values (stdlib or pendulum) and
return pendulum ``DateTime`` values. Inside, time is an integer count of
microseconds since the Unix epoch ("epoch µs"): exact, cheap to compare, and free
of time-zone arithmetic. Conversion happens once at the edge; hot loops never
build datetime objects.
"""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import pendulum
from pendulum.tz.exceptions import InvalidTimezone

from complaintflow._errors import (
    NaiveDatetimeError,
    TimestampError,
    UnknownTimezoneError,
    WrongTypeError,
    problem_text,
)

US_PER_S = 1_000_000
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()


def require_aware(value: object, field: str) -> _dt.datetime:
    """Return ``value`` if it is an aware datetime, else raise a typed error.

    Examples:
        >>> import datetime as dt
        >>> require_aware(dt.datetime(2026, 1, 1), "start")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        complaintflow.errors.NaiveDatetimeError: start: 2026-01-01 00:00:00 has no time zone; ...
    """
    if not isinstance(value, _dt.datetime):
        raise WrongTypeError(
            f"{field}: expected a timezone-aware datetime, got {type(value).__name__} "
            f"{problem_text(value)}",
            field=field,
            value=value,
        )
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(
            f"{field}: {value} has no time zone; pass an aware datetime, "
            f'e.g. pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai")',
            field=field,
            value=value,
        )
    return value


def to_us(value: object, field: str) -> int:
    """Epoch microseconds of an aware datetime (exact)."""
    if type(value) is _dt.datetime and value.tzinfo is not None:
        try:
            d = value - _EPOCH  # the stdlib's own exact arithmetic, in C
            return (d.days * 86_400 + d.seconds) * US_PER_S + d.microseconds
        except TypeError:  # a tzinfo whose utcoffset() is None: naive after all
            pass
    aware = require_aware(value, field)
    offset = aware.utcoffset()
    assert offset is not None  # checked by require_aware
    days = aware.toordinal() - _EPOCH_ORDINAL
    wall = ((days * 24 + aware.hour) * 60 + aware.minute) * 60 + aware.second
    off = (offset.days * 86_400 + offset.seconds) * US_PER_S + offset.microseconds
    return wall * US_PER_S + aware.microsecond - off


def from_us(us: int, tz: pendulum.Timezone | pendulum.FixedTimezone) -> pendulum.DateTime:
    """The pendulum ``DateTime`` in ``tz`` for an epoch-µs instant (exact)."""
    utc = _EPOCH + _dt.timedelta(microseconds=us)
    return pendulum.instance(utc).in_timezone(tz)


@lru_cache(maxsize=256)
def _zone(name: str) -> pendulum.Timezone:
    zone = pendulum.timezone(name)
    if not isinstance(zone, pendulum.Timezone):  # a fixed offset such as "+08:00"
        raise UnknownTimezoneError(
            f"timezone: {name!r} is a fixed UTC offset; use an IANA name such as 'Asia/Shanghai'",
            field="timezone",
            value=name,
        )
    return zone


def get_timezone(name: object, field: str = "timezone") -> pendulum.Timezone:
    """Look up an IANA zone by name, raising :class:`UnknownTimezoneError`.

    Examples:
        >>> get_timezone("Asia/Shanghai").name
        'Asia/Shanghai'
    """
    if not isinstance(name, str) or not name:
        raise UnknownTimezoneError(
            f"{field}: {name!r} is not a time-zone name; use an IANA name such as 'Asia/Shanghai'",
            field=field,
            value=name,
        )
    try:
        return _zone(name)
    except (InvalidTimezone, ValueError, KeyError):
        raise UnknownTimezoneError(
            f"{field}: {name!r} is not a known IANA time zone; use e.g. 'Asia/Shanghai'",
            field=field,
            value=name,
        ) from None


def parse_instant(text: object, field: str = "at") -> pendulum.DateTime:
    """Parse an ISO 8601 timestamp that carries its UTC offset or zone.

    Raises:
        NaiveDatetimeError: The text has no offset (a wall time is not an instant).
        TimestampError: The text is not an ISO 8601 timestamp.
        WrongTypeError: ``text`` is neither a string nor a datetime.

    Examples:
        >>> parse_instant("2026-11-23T09:30:00+08:00").isoformat()
        '2026-11-23T09:30:00+08:00'
        >>> parse_instant("2026-11-23T09:30:00")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        complaintflow.errors.NaiveDatetimeError: at: '2026-11-23T09:30:00' has no UTC offset; ...
    """
    if isinstance(text, _dt.datetime):
        return pendulum.instance(require_aware(text, field))
    if not isinstance(text, str):
        raise WrongTypeError(
            f"{field}: expected an ISO 8601 string or an aware datetime, got "
            f"{type(text).__name__} {problem_text(text)}",
            field=field,
            value=text,
        )
    try:
        parsed = _dt.datetime.fromisoformat(text)
    except ValueError:
        raise TimestampError(
            f"{field}: {problem_text(text)} is not an ISO 8601 timestamp; "
            "use e.g. '2026-11-23T09:30:00+08:00'",
            field=field,
            value=text,
        ) from None
    if parsed.tzinfo is None:
        raise NaiveDatetimeError(
            f"{field}: {text!r} has no UTC offset; add one, e.g. '2026-11-23T09:30:00+08:00'",
            field=field,
            value=text,
        )
    return pendulum.instance(parsed)
