"""Instants at the edges: checking, converting and zone look-ups.

Theory of operation
-------------------
Public functions take timezone-aware ``datetime`` values (stdlib or pendulum) and
return pendulum ``DateTime`` values. Inside, time is an integer count of
microseconds since the Unix epoch ("epoch µs"): exact, cheap to compare, and free
of time-zone arithmetic. Conversion happens once at the edge; hot loops never
build datetime objects.

Every zone comes from one database: the IANA data bundled as the ``tzdata``
package, read once per zone from the package's own resources. The host's zone
files (``/usr/share/zoneinfo``, ``PYTHONTZPATH``) are never consulted, so "09:00
in Asia/Shanghai" is the same instant on every machine that has the same
``tzdata`` release. Only the names that database lists are zones (``Factory``
excepted); host-specific names (``localtime``, ``posixrules``, ``right/...``),
paths and offsets are refused before any look-up. Instants are never rebuilt
through pendulum's own name look-ups (``pendulum.instance``, ``pendulum.UTC``),
which go through the host's files.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from functools import cache
from importlib import resources

import pendulum

from complaintflow._errors import (
    NaiveDatetimeError,
    OutOfRangeError,
    TimestampError,
    UnknownTimezoneError,
    WrongTypeError,
    problem_text,
    wrong_type,
)

US_PER_S = 1_000_000
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()


class NaiveStamp(TypeError):
    """A timestamp without an offset, on a fast path: its caller's ``except
    TypeError`` takes the checked path, which names the field. Never escapes.

    Defined here, in a module no build compiles: an exception class derived from
    a built-in one stays a plain Python class.
    """


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
        raise wrong_type(field, "a timezone-aware datetime", value)
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise NaiveDatetimeError(
            f"{field}: {value} has no time zone; pass an aware datetime, "
            f'e.g. pendulum.datetime(2026, 1, 1, tz="Asia/Shanghai")',
            field=field,
            value=value,
        )
    return value


#: Epoch µs of the first and last instants a UTC ``datetime`` can hold (years 1-9999).
UTC_MIN_US = -62_135_596_800 * US_PER_S
UTC_MAX_US = 253_402_300_799 * US_PER_S + 999_999


def to_us(value: object, field: str) -> int:
    """Epoch microseconds of an aware datetime (exact).

    Raises:
        WrongTypeError: ``value`` is no datetime.
        NaiveDatetimeError: ``value`` has no time zone.
        OutOfRangeError: The instant is beyond the years 1-9999 in UTC (a local
            time of 1 January of year 1 east of Greenwich, or of 31 December 9999
            west of it), so no ``datetime`` in UTC can show it.
    """
    if type(value) is _dt.datetime and value.tzinfo is not None:
        try:
            d = value - _EPOCH  # the stdlib's own exact arithmetic, in C
        except TypeError:  # a tzinfo whose utcoffset() is None: naive after all
            pass
        else:
            us = (d.days * 86_400 + d.seconds) * US_PER_S + d.microseconds
            if UTC_MIN_US <= us <= UTC_MAX_US:
                return us
            raise _beyond_utc(value, field)
    aware = require_aware(value, field)
    offset = aware.utcoffset()
    assert offset is not None  # checked by require_aware
    days = aware.toordinal() - _EPOCH_ORDINAL
    wall = ((days * 24 + aware.hour) * 60 + aware.minute) * 60 + aware.second
    off = (offset.days * 86_400 + offset.seconds) * US_PER_S + offset.microseconds
    us = wall * US_PER_S + aware.microsecond - off
    if UTC_MIN_US <= us <= UTC_MAX_US:
        return us
    raise _beyond_utc(aware, field)


def _beyond_utc(value: _dt.datetime, field: str) -> OutOfRangeError:
    return OutOfRangeError(
        f"{field}: {value.isoformat()} is beyond the years 1-9999 in UTC, which a "
        "datetime can hold",
        field=field,
        value=value,
    )


def from_us(
    us: int, tz: pendulum.Timezone | pendulum.FixedTimezone, field: str = "result"
) -> pendulum.DateTime:
    """The pendulum ``DateTime`` in ``tz`` for an epoch-µs instant (exact).

    Raises:
        OutOfRangeError: The instant has no ``datetime`` (beyond the years 1-9999).
    """
    try:
        local = (_EPOCH + _dt.timedelta(microseconds=us)).astimezone(tz)
    except OverflowError:
        raise OutOfRangeError(
            f"{field}: {us} µs after 1970-01-01T00:00:00Z is beyond the years 1-9999 "
            "that a datetime can hold",
            field=field,
            value=us,
        ) from None
    return pendulum.DateTime(
        local.year, local.month, local.day, local.hour, local.minute, local.second,
        local.microsecond, tzinfo=tz, fold=local.fold,
    )  # fmt: skip


# -- the zone database ------------------------------------------------------------

#: The package that holds the one zone database every look-up uses.
ZONE_DATABASE = "tzdata"
#: Names in the database's list that are not a place a desk can be in: ``Factory``
#: is the placeholder zone of machines whose zone was never set.
_NOT_ZONES = frozenset({"Factory"})
_ZONE_HINT = "use e.g. 'Asia/Shanghai'"


@cache
def _database() -> tuple[frozenset[str], dict[str, str]]:
    """The names of the bundled database, and the same names keyed by lower case."""
    try:
        with resources.files(ZONE_DATABASE).joinpath("zones").open("rb") as data:
            listing = data.read().decode("utf-8")
    except (ImportError, OSError, UnicodeDecodeError):  # pragma: no cover - broken install
        return frozenset(), {}
    names = frozenset(line.strip() for line in listing.splitlines() if line.strip())
    names -= _NOT_ZONES
    return names, {name.lower(): name for name in names}


def zone_names() -> frozenset[str]:
    """Every time-zone name the library accepts: the bundled IANA database's.

    Examples:
        >>> "Asia/Shanghai" in zone_names(), "localtime" in zone_names()
        (True, False)
    """
    return _database()[0]


@cache
def _zone(name: str) -> pendulum.Timezone:
    """The zone ``name`` (a listed name) read from the bundled database."""
    path = resources.files(ZONE_DATABASE).joinpath("zoneinfo", *name.split("/"))
    with path.open("rb") as data:
        return pendulum.Timezone.from_file(data, key=name)


def get_timezone(name: object, field: str = "timezone") -> pendulum.Timezone:
    """Look up an IANA zone by name in the bundled database.

    Raises:
        UnknownTimezoneError: ``name`` is not a zone of the bundled IANA database
            (host-specific names such as ``localtime``, paths, offsets and
            misspellings are refused; ``field`` and ``value`` say which).

    Examples:
        >>> get_timezone("Asia/Shanghai").name
        'Asia/Shanghai'
        >>> get_timezone("localtime", "customer.timezone")
        Traceback (most recent call last):
        ...
        complaintflow.errors.UnknownTimezoneError: customer.timezone: 'localtime' is not a known IANA time zone; use e.g. 'Asia/Shanghai'
    """  # noqa: E501
    if isinstance(name, str):
        names, folded = _database()
        if name in names:
            try:
                return _zone(name)
            except (OSError, ValueError):  # pragma: no cover - a listed file that is broken
                pass
        hint = _ZONE_HINT
        if name.lower() in folded:
            hint = f"did you mean {folded[name.lower()]!r}?"
        elif len(name) <= 64:
            close = difflib.get_close_matches(name, names, n=1, cutoff=0.8)
            hint = f"did you mean {close[0]!r}?" if close else hint
        what = "is not a known IANA time zone"
    elif isinstance(name, int) and not isinstance(name, bool):
        what, hint = "is a fixed UTC offset", "use an IANA name such as 'Asia/Shanghai'"
    else:
        what, hint = "is not a time-zone name", "use an IANA name such as 'Asia/Shanghai'"
    raise UnknownTimezoneError(
        f"{field}: {problem_text(name)} {what}; {hint}", field=field, value=name
    )


def _as_pendulum(aware: _dt.datetime, field: str) -> pendulum.DateTime:
    """The same instant as a pendulum ``DateTime``, its zone taken from the bundled database.

    A zone the database knows (by its ``key``, or pytz's ``zone``) is replaced by
    the database's; any other ``tzinfo`` becomes its fixed offset at that instant.
    """
    tzinfo = aware.tzinfo
    if isinstance(aware, pendulum.DateTime) and isinstance(
        tzinfo, pendulum.Timezone | pendulum.FixedTimezone
    ):
        return aware
    key = getattr(tzinfo, "key", None) or getattr(tzinfo, "zone", None)
    if isinstance(key, str) and key in zone_names():
        zone: pendulum.Timezone | pendulum.FixedTimezone = get_timezone(key)
    else:
        offset = aware.utcoffset()
        assert offset is not None  # checked by require_aware
        seconds = offset.days * 86_400 + offset.seconds
        utc = seconds == 0 and aware.tzname() == "UTC"  # as pendulum.instance reads it
        zone = get_timezone("UTC") if utc else pendulum.FixedTimezone(seconds)
        if not offset.microseconds:  # the same wall time and offset: the same instant
            return pendulum.DateTime(
                aware.year, aware.month, aware.day, aware.hour, aware.minute, aware.second,
                aware.microsecond, tzinfo=zone, fold=aware.fold,
            )  # fmt: skip
    return from_us(to_us(aware, field), zone, field)


#: The longest ISO 8601 timestamp whose UTC offset cannot hold a fraction of a second
#: (``2026-11-23T09:30:00.123456+08:00`` is 32 characters): longer ones go through
#: `fromiso`.
ISO_PLAIN_MAX = 32


def fromiso(text: str) -> _dt.datetime:
    """``datetime.fromisoformat``, exact for a UTC offset under a second too.

    Python 3.11 reads an offset whose hours, minutes and seconds are all zero as
    UTC and drops its fraction (``+00:00:00.000001``); this reads it as it is.

    Raises:
        ValueError: Not an ISO 8601 timestamp (as ``fromisoformat``).

    Examples:
        >>> fromiso("2026-01-01T00:00:00-00:00:00.000001").utcoffset()
        datetime.timedelta(days=-1, seconds=86399, microseconds=999999)
    """
    parsed = _dt.datetime.fromisoformat(text)
    if len(text) <= ISO_PLAIN_MAX or parsed.utcoffset() != _dt.timedelta(0):
        return parsed
    i = max(text.rfind("+"), text.rfind("-"))
    offset = text[i:]
    if i <= 10 or "." not in offset:
        return parsed
    micros = int(offset.rpartition(".")[2].ljust(6, "0")[:6])
    if micros == 0:
        return parsed
    sign = -1 if offset[0] == "-" else 1
    return parsed.replace(tzinfo=_dt.timezone(_dt.timedelta(microseconds=sign * micros)))


def parse_instant(text: object, field: str = "at") -> pendulum.DateTime:
    """Parse an ISO 8601 timestamp that carries its UTC offset or zone.

    Raises:
        NaiveDatetimeError: The text has no offset (a wall time is not an instant).
        TimestampError: The text is not an ISO 8601 timestamp.
        WrongTypeError: ``text`` is neither a string nor a datetime, or ``field`` no
            non-empty string.

    Examples:
        >>> parse_instant("2026-11-23T09:30:00+08:00").isoformat()
        '2026-11-23T09:30:00+08:00'
        >>> parse_instant("2026-11-23T09:30:00")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        complaintflow.errors.NaiveDatetimeError: at: '2026-11-23T09:30:00' has no UTC offset; ...
    """
    if not isinstance(field, str) or not field:
        raise wrong_type("field", "a non-empty field name", field)
    if isinstance(text, _dt.datetime):
        return _as_pendulum(require_aware(text, field), field)
    if not isinstance(text, str):
        raise WrongTypeError(
            f"{field}: expected an ISO 8601 string or an aware datetime, got "
            f"{type(text).__name__} {problem_text(text)}",
            field=field,
            value=text,
        )
    try:
        parsed = fromiso(text)
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
    return _as_pendulum(parsed, field)
