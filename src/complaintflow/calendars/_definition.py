"""Business calendars: when a service desk is open, and deadlines on that time.

Theory of operation
-------------------
A `BusinessCalendar` is a frozen value built from plain data (the same
shape as the calendar section of a TOML policy). The *effective hours* of a local
date are decided in this order:

1. ``special``: per-date hours (``[]`` closes the day);
2. ``holidays``: the date is closed;
3. ``workdays`` (make-up working days, 调休): the date opens with ``workday_hours``
   (by default the hours that every open weekday shares);
4. otherwise the weekly ``hours`` of that weekday.

A date listed in two of these is an error, not a precedence puzzle.

Every query converts its datetimes to epoch microseconds once and runs on the
lazily built `CalendarIndex`, so ``add`` and
``elapsed`` cost O(log n) whatever the span. The epoch forms (``*_s`` and
``*_many``) skip datetime objects entirely, for replay over millions of tickets.

A calendar built for known years only (the official China calendar) refuses to
answer outside them instead of extrapolating (`CalendarCoverageError`).
"""

from __future__ import annotations

import copy
import datetime as _dt
import difflib
import itertools
import operator
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol, TypeVar, overload

import attrs
import pendulum

from complaintflow._default import TIMEZONE
from complaintflow._errors import (
    CalendarCoverageError,
    CalendarError,
    ComplaintflowError,
    DurationError,
    OutOfRangeError,
    Problem,
    UnknownTimezoneError,
    ValidationError,
    WrongTypeError,
    problem_text,
)
from complaintflow._json import JSON
from complaintflow._time import from_us, get_timezone, to_us
from complaintflow.calendars._defaults import ALWAYS_OPEN_HOURS, DEFAULT_NAMES, OFFICE_HOURS
from complaintflow.calendars._duration import MAX_MICROS as MAX_DURATION_US
from complaintflow.calendars._duration import Duration, DurationKind
from complaintflow.calendars._hours import (
    DAY,
    Intervals,
    check_spill,
    intervals_to_data,
    parse_intervals,
    parse_weekly,
    weekly_to_data,
)
from complaintflow.calendars._index import (
    END_US,
    FIRST_US,
    RANGE_TEXT,
    US,
    CalendarIndex,
    range_error,
)

__all__ = ["BusinessCalendar", "Column", "default"]


class Column(Protocol):
    """A one-dimensional numpy array or pandas Series of integers.

    What the column forms of `BusinessCalendar.elapsed_many` and
    `BusinessCalendar.add_many` take and give back (numpy and pandas are no
    dependencies of complaintflow: this only names what they provide).
    """

    @property
    def dtype(self) -> object:
        """The element type (an integer dtype)."""
        ...  # pragma: no cover

    def __len__(self) -> int: ...  # pragma: no cover


_C = TypeVar("_C", bound=Column)

_KEYS = (
    "name",
    "timezone",
    "hours",
    "holidays",
    "workdays",
    "workday_hours",
    "special",
    "valid_from",
    "valid_until",
)
_ALWAYS = tuple(((0, DAY),) for _ in range(7))
#: Weekday hours of a typical Chinese service office, used by ``china()`` by default.


def parse_date(value: object, path: str, problems: list[Problem]) -> _dt.date | None:
    if isinstance(value, _dt.datetime):
        problems.append(Problem(path, f"{value!r} is a datetime", "give a date 'YYYY-MM-DD'"))
        return None
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(Problem(path, f"{value!r} is not a date", "give a date 'YYYY-MM-DD'"))
    return None


def _parse_dates(value: object, path: str, problems: list[Problem]) -> frozenset[_dt.date]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        problems.append(
            Problem(path, f"{value!r} is not a list of dates", "e.g. ['2026-10-01', '2026-10-02']")
        )
        return frozenset()
    out: set[_dt.date] = set()
    for i, item in enumerate(value):
        day = parse_date(item, f"{path}[{i}]", problems)
        if day is not None:
            if day in out:
                problems.append(Problem(f"{path}[{i}]", f"{day.isoformat()} is listed twice", None))
            out.add(day)
    return frozenset(out)


def _check_keys(
    data: Mapping[str, object], problems: list[Problem], known: Sequence[str] = _KEYS
) -> None:
    """Every key must be one of ``known``; a near miss gets a did-you-mean."""
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
            problems.append(Problem(str(key), "unknown key", hint))


def _check_timezone(timezone: object, problems: list[Problem]) -> None:
    """``timezone`` is required and must be a known IANA zone."""
    if timezone is None:
        problems.append(Problem("timezone", "is required", "e.g. 'Asia/Shanghai'"))
        return
    try:
        get_timezone(timezone)
    except UnknownTimezoneError as e:
        problems.append(Problem("timezone", e.message.split(": ", 1)[1]))


def _workday_hours(
    data: Mapping[str, object],
    weekly: tuple[Intervals, ...],
    workdays: frozenset[_dt.date],
    problems: list[Problem],
) -> Intervals | None:
    """The hours of a make-up working day (调休): given, or those every open weekday shares."""
    if "workday_hours" in data:
        return parse_intervals(data["workday_hours"], "workday_hours", problems)
    if not workdays or any(p.path.startswith("hours") for p in problems):
        # (with broken hours, which hours are shared is unknowable: no knock-on report)
        return None
    shared = _shared_hours(weekly)
    if shared is None:
        problems.append(
            Problem(
                "workday_hours",
                "make-up working days are listed but the open weekdays have different "
                "hours, so which hours a make-up day has is ambiguous",
                "give workday_hours explicitly, e.g. ['09:00-12:00', '13:30-18:00']",
            )
        )
    return shared


def _parse_special(
    raw: object,
    holidays: frozenset[_dt.date],
    workdays: frozenset[_dt.date],
    problems: list[Problem],
) -> dict[_dt.date, Intervals]:
    """Per-date hours (``[]`` closes the day); a date given here may not be in the lists."""
    special: dict[_dt.date, Intervals] = {}
    if not isinstance(raw, Mapping):
        problems.append(Problem("special", f"{raw!r} is not a mapping", "date to interval list"))
        return special
    for key, value in raw.items():
        day = parse_date(key, f"special.{key}", problems)
        hours = parse_intervals(value, f"special.{key}", problems)
        if day is None or hours is None:
            continue
        if day in holidays or day in workdays:
            problems.append(
                Problem(
                    f"special.{key}",
                    f"{day.isoformat()} also appears in "
                    f"{'holidays' if day in holidays else 'workdays'}",
                    "give a date's hours in one place only",
                )
            )
        special[day] = hours
    return special


def _validity(
    data: Mapping[str, object], problems: list[Problem]
) -> tuple[_dt.date | None, _dt.date | None]:
    """``valid_from`` and ``valid_until``, the dates the data covers, in order."""
    valid_from: _dt.date | None = None
    valid_until: _dt.date | None = None
    if data.get("valid_from") is not None:
        valid_from = parse_date(data["valid_from"], "valid_from", problems)
    if data.get("valid_until") is not None:
        valid_until = parse_date(data["valid_until"], "valid_until", problems)
    if valid_from and valid_until and valid_until < valid_from:
        problems.append(Problem("valid_until", f"{valid_until} is before valid_from {valid_from}"))
    return valid_from, valid_until


def _shared_hours(week: tuple[Intervals, ...]) -> Intervals | None:
    open_days = {hours for hours in week if hours}
    return next(iter(open_days)) if len(open_days) == 1 else None


def _is_date(value: object) -> bool:
    return isinstance(value, _dt.date) and not isinstance(value, _dt.datetime)


def _as_items(value: object, path: str, problems: list[Problem]) -> tuple[object, ...] | None:
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        problems.append(Problem(path, f"{problem_text(value)} is not a list"))
        return None
    return tuple(value)


def _intervals(value: object, path: str, problems: list[Problem]) -> Intervals | None:
    """A day's hours as built directly: sorted ``(start, end)`` second pairs, ints,
    ``0 <= start < 86400`` and ``start < end <= 172800`` (a night shift), disjoint."""
    items = _as_items(value, path, problems)
    if items is None:
        return None
    out: list[tuple[int, int]] = []
    for i, pair in enumerate(items):
        start, end = pair if isinstance(pair, tuple | list) and len(pair) == 2 else (-1, -1)
        ints = all(type(x) is int for x in (start, end))
        if ints and 0 <= start < DAY and start < end <= 2 * DAY:
            out.append((start, end))
        else:
            problems.append(
                Problem(f"{path}[{i}]", f"{problem_text(pair)} is not an interval",
                        "a (start, end) pair of seconds after midnight, start < end")
            )  # fmt: skip
    if len(out) < len(items):
        return None
    if any(b[0] < a[1] for a, b in itertools.pairwise(out)):
        problems.append(Problem(path, "intervals are not sorted and disjoint"))
        return None
    return tuple(out)


def _dates(value: object, path: str, problems: list[Problem]) -> frozenset[_dt.date]:
    items = _as_items(value, path, problems) or ()
    for i, d in enumerate(items):
        if not _is_date(d):
            problems.append(Problem(f"{path}[{i}]", f"{problem_text(d)} is not a date"))
    return frozenset(d for d in items if _is_date(d))  # type: ignore[misc]


def _check_fields(cal: BusinessCalendar) -> None:
    """Check the fields of a calendar built directly (``from_dict`` builds them
    checked), report every problem at once, and keep lists as tuples and sets."""
    problems: list[Problem] = []
    weekly = _as_items(cal.weekly, "weekly", problems)
    if weekly is not None and len(weekly) != 7:
        problems.append(Problem("weekly", f"{len(weekly)} days", "give 7, Monday to Sunday"))
    elif weekly is not None:
        weekly = tuple(_intervals(d, f"weekly[{i}]", problems) for i, d in enumerate(weekly))
    holidays = _dates(cal.holidays, "holidays", problems)
    workdays = _dates(cal.workdays, "workdays", problems)
    hours = cal.workday_hours
    if hours is not None:
        hours = _intervals(hours, "workday_hours", problems)
    special: list[tuple[_dt.date, Intervals]] = []
    for i, item in enumerate(_as_items(cal.special, "special", problems) or ()):
        if not isinstance(item, tuple | list) or len(item) != 2 or not _is_date(item[0]):
            problems.append(
                Problem(f"special[{i}]", f"{problem_text(item)} is not a (date, hours) pair")
            )
            continue
        day = _intervals(item[1], f"special[{i}]", problems)
        if day is not None:
            special.append((item[0], day))
    for name in ("valid_from", "valid_until"):
        value = getattr(cal, name)
        if value is not None and not _is_date(value):
            problems.append(Problem(name, f"{problem_text(value)} is not a date or None"))
    label: object = cal.name
    if label is not None and not isinstance(label, str):
        problems.append(Problem("name", f"{problem_text(label)} is not a string or None"))
    if problems:
        raise ValidationError(problems, what="calendar")
    for name, value in (
        ("weekly", weekly),
        ("holidays", holidays),
        ("workdays", workdays),
        ("workday_hours", hours),
        ("special", tuple(sorted(special))),
    ):
        object.__setattr__(cal, name, value)  # fmt: skip


@attrs.frozen(eq=True)
class BusinessCalendar:
    """When a service desk is open, in one IANA time zone.

    Build one from plain data with `from_dict`, or use `china` for the
    official calendar of the State Council (holidays and make-up working days) and
    `always_open` for a 24x7 hotline. Public methods take and return aware
    datetimes; the ``*_s`` and ``*_many`` forms work on integer epoch seconds.

    Attributes:
        timezone: IANA zone name the hours are written in.
        weekly: Hours of Monday..Sunday, as ``(start, end)`` seconds after midnight.
        holidays: Dates that are closed.
        workdays: Make-up working days (调休) that open with ``workday_hours``.
        workday_hours: Hours of a make-up working day.
        special: Per-date hours, ``(date, hours)`` pairs sorted by date.
        valid_from: First date the calendar's data covers, or ``None``.
        valid_until: Last date the calendar's data covers, or ``None``.
        name: A label for reports.

    Examples:
        >>> cal = BusinessCalendar.from_dict({
        ...     "timezone": "Asia/Shanghai",
        ...     "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"]},
        ...     "holidays": ["2026-10-01"],
        ...     "workdays": ["2026-10-10"],
        ... })
        >>> start = pendulum.datetime(2026, 9, 30, 17, 0, tz="Asia/Shanghai")
        >>> cal.add(start, "2 business hours").isoformat()
        '2026-10-02T10:00:00+08:00'
        >>> cal.is_open(pendulum.datetime(2026, 10, 10, 10, 0, tz="Asia/Shanghai"))  # a Saturday
        True
    """

    timezone: str
    weekly: tuple[Intervals, ...]
    holidays: frozenset[_dt.date] = frozenset()
    workdays: frozenset[_dt.date] = frozenset()
    workday_hours: Intervals | None = None
    special: tuple[tuple[_dt.date, Intervals], ...] = ()
    valid_from: _dt.date | None = None
    valid_until: _dt.date | None = None
    name: str | None = None
    _index: CalendarIndex = attrs.field(init=False, eq=False, repr=False, hash=False)

    def __attrs_post_init__(self) -> None:
        tz = get_timezone(self.timezone)
        _check_fields(self)
        holidays, workdays, special = self.holidays, self.workdays, dict(self.special)
        schedule = _Schedule(self.weekly, holidays, workdays, self.workday_hours or (), special)
        explicit = [*holidays, *workdays, *special]
        opening = [*workdays, *(d for d, h in self.special if h)]
        index = CalendarIndex(
            tz,
            schedule,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            never_after=None if any(self.weekly) else max(opening, default=_dt.date(1900, 1, 1)),
            last_explicit=max(explicit, default=None),
        )
        object.__setattr__(self, "_index", index)

    def __reduce__(self) -> tuple[type[BusinessCalendar], tuple[object, ...]]:
        # Pickled by its fields: the index is a cache, built again by the constructor.
        return BusinessCalendar, tuple(getattr(self, f.name) for f in _INIT_FIELDS)

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> BusinessCalendar:
        """Build a calendar from plain data, reporting every problem at once.

        Keys: ``timezone`` (required), ``hours`` (weekday specs to interval lists;
        unnamed days are closed), ``holidays`` and ``workdays`` (lists of
        ``YYYY-MM-DD``), ``workday_hours`` (hours of a make-up day; defaults to the
        hours every open weekday shares), ``special`` (date to interval list,
        ``[]`` closes the day), ``valid_from``/``valid_until`` (the dates the data
        covers; queries outside raise), ``name``.

        Raises:
            ValidationError: Listing every problem with its path and a hint.

        Examples:
            >>> BusinessCalendar.from_dict({"timezone": "Mars/Base", "hours": {"mon": ["9-5"]}})
            Traceback (most recent call last):
            ...
            complaintflow.errors.ValidationError: 2 problems in calendar:
              - timezone: 'Mars/Base' is not a known IANA time zone; use e.g. 'Asia/Shanghai'
              - hours.mon[0]: '9-5' is not an interval; write 'HH:MM-HH:MM', e.g. '09:00-12:00' or '22:00-06:00' for a night shift
        """  # noqa: E501
        problems: list[Problem] = []
        if not isinstance(data, Mapping):
            raise ValidationError([Problem("", f"{data!r} is not a mapping")], what="calendar")
        if "default" in data:
            return _default_from_dict(data)
        # Each section adds its problems in key order; a later section may read an
        # earlier one's result (make-up days need the weekly hours).
        _check_keys(data, problems)
        timezone = data.get("timezone")
        _check_timezone(timezone, problems)
        weekly = parse_weekly(data.get("hours", {}), "hours", problems)
        holidays = _parse_dates(data.get("holidays", []), "holidays", problems)
        workdays = _parse_dates(data.get("workdays", []), "workdays", problems)
        for day in sorted(holidays & workdays):
            problems.append(
                Problem(
                    "workdays",
                    f"{day.isoformat()} is listed both as a holiday and as a make-up working day",
                    "keep it in one list only",
                )
            )
        workday_hours = _workday_hours(data, weekly, workdays, problems)
        special = _parse_special(data.get("special", {}), holidays, workdays, problems)
        valid_from, valid_until = _validity(data, problems)
        name = data.get("name")
        if name is not None and not isinstance(name, str):
            problems.append(Problem("name", f"{name!r} is not a string"))
            name = None
        if not problems:
            _check_explicit_spills(weekly, holidays, workdays, workday_hours, special, problems)
        if problems:
            raise ValidationError(problems, what="calendar")
        assert isinstance(timezone, str)
        return cls(
            timezone=timezone,
            weekly=weekly,
            holidays=holidays,
            workdays=workdays,
            workday_hours=workday_hours,
            special=tuple(sorted(special.items())),
            valid_from=valid_from,
            valid_until=valid_until,
            name=name,
        )

    def to_dict(self) -> dict[str, JSON]:
        """The plain-data form; ``BusinessCalendar.from_dict(c.to_dict()) == c``.

        Examples:
            >>> cal = default("24x7", timezone="Asia/Shanghai")
            >>> cal.to_dict()["hours"]
            {'mon-sun': ['00:00-24:00']}
        """
        # Lists are rebuilt as list[JSON]: a list[str] is JSON, but not to a type checker.
        weekly = weekly_to_data(self.weekly)
        hours: dict[str, JSON] = {days: [*spans] for days, spans in weekly.items()}
        out: dict[str, JSON] = {"timezone": self.timezone, "hours": hours}
        if self.name is not None:
            out["name"] = self.name
        if self.holidays:
            out["holidays"] = [d.isoformat() for d in sorted(self.holidays)]
        if self.workdays:
            out["workdays"] = [d.isoformat() for d in sorted(self.workdays)]
        inferred = _shared_hours(self.weekly) if self.workdays else None
        if self.workday_hours is not None and self.workday_hours != inferred:
            out["workday_hours"] = [*intervals_to_data(self.workday_hours)]
        if self.special:
            out["special"] = {d.isoformat(): [*intervals_to_data(h)] for d, h in self.special}
        if self.valid_from is not None:
            out["valid_from"] = self.valid_from.isoformat()
        if self.valid_until is not None:
            out["valid_until"] = self.valid_until.isoformat()
        return out

    # -- queries on aware datetimes -----------------------------------------------

    @property
    def tz(self) -> pendulum.Timezone:
        """The calendar's time zone as a pendulum ``Timezone``."""
        return get_timezone(self.timezone)

    def hours_on(self, day: _dt.date) -> list[tuple[str, str]]:
        """The effective hours of a local date, as ``(start, end)`` texts.

        Examples:
            >>> cal = default("china", years=[2026])
            >>> cal.hours_on(_dt.date(2026, 2, 14))
            [('09:00', '12:00'), ('13:30', '18:00')]
        """
        if isinstance(day, _dt.datetime) or not isinstance(day, _dt.date):
            raise WrongTypeError(
                f"day: expected a date, got {type(day).__name__} {problem_text(day)}",
                field="day",
                value=day,
            )
        hours = self._index.schedule(day)
        return [(x.split("-")[0], x.split("-")[1]) for x in intervals_to_data(hours)]

    def is_open(self, at: _dt.datetime) -> bool:
        """Whether the calendar is open at instant ``at``.

        Examples:
            >>> cal = default("china", years=[2026])
            >>> cal.is_open(pendulum.datetime(2026, 11, 23, 12, 30, tz="Asia/Shanghai"))
            False
        """
        return self._index.is_open(_instant(at, "at"))

    def next_open(self, at: _dt.datetime) -> pendulum.DateTime:
        """``at`` itself when open, else the next instant the calendar opens.

        Examples:
            >>> cal = default("china", years=[2026])
            >>> cal.next_open(pendulum.datetime(2026, 9, 30, 19, 0, tz="Asia/Shanghai")).isoformat()
            '2026-10-08T09:00:00+08:00'
        """
        return from_us(self._index.next_open(_instant(at, "at")), self.tz)

    def next_close(self, at: _dt.datetime) -> pendulum.DateTime | None:
        """The end of the open period containing ``at``, or of the next one.

        Returns ``None`` when the calendar never closes again (24x7).

        Examples:
            >>> cal = default("china", years=[2026])
            >>> cal.next_close(pendulum.datetime(2026, 11, 23, 10, 0, tz="Asia/Shanghai")).isoformat()
            '2026-11-23T12:00:00+08:00'
            >>> print(default("24x7").next_close(pendulum.datetime(2026, 1, 1, tz="UTC")))
            None
        """  # noqa: E501
        result = self._index.next_close(_instant(at, "at"))
        return None if result is None else from_us(result, self.tz)

    def add(self, start: _dt.datetime, duration: Duration | str) -> pendulum.DateTime:
        """The deadline ``duration`` after ``start``.

        - business time: the instant at which that much open time has passed; a
          deadline never lies in closed time (it may be exactly a closing instant);
        - business days: the close of the N-th business day after the local date of
          ``start`` (the start day does not count);
        - calendar time: days keep the wall-clock time (DST-correct, pendulum's
          rules for a wall time that does not exist), hours and less are exact;
        - business days by a time of day: that local time of the N-th business day
          after the local date of ``start`` (N = 0: of that date if it is a
          business day and the time is after ``start``, else of the next one).

        Raises:
            DurationError: ``duration`` is not a `Duration` or its text form.
            NeverOpensError: The calendar has no open time left.
            CalendarCoverageError: The answer lies outside the calendar's data.
            OutOfRangeError: ``start``, or the deadline, lies outside the supported
                range of instants (1900-01-01T00:00:00Z up to 2200-01-01T00:00:00Z).

        Examples:
            >>> cal = default("china", years=[2026])
            >>> friday = pendulum.datetime(2026, 9, 25, 16, 0, tz="Asia/Shanghai")
            >>> cal.add(friday, "2 business days").isoformat()  # Sat 26th is not a workday
            '2026-09-29T18:00:00+08:00'
            >>> cal.add(friday, "2 calendar days").isoformat()
            '2026-09-27T16:00:00+08:00'
            >>> cal.add(friday, "next business day by 12:00").isoformat()
            '2026-09-28T12:00:00+08:00'
        """
        d = Duration.parse(duration)
        t = _instant(start, "start")
        return from_us(self._add_us(t, d), self.tz)

    def _add_us(self, t: int, d: Duration) -> int:
        if d.kind is DurationKind.BUSINESS_TIME:
            return self._index.add(t, d.micros)
        if d.kind is DurationKind.BUSINESS_DAYS:
            return self._index.add_business_days(t, d.days)
        if d.by is not None:
            return self._index.add_business_days_by(t, d.days, d.by.hour * 3600 + d.by.minute * 60)
        if d.kind is DurationKind.DUE_FIELD:
            raise DurationError(
                f"duration: {d} is read from a ticket, so no calendar can add it; "
                "evaluate the SLA target with the ticket's events instead",
                field="duration",
                value=str(d),
            )
        if d.days:  # wall-clock days in the calendar's zone, whatever zone ``start`` is in
            t = to_us(from_us(t, self.tz).add(days=d.days), "start")
        t += d.micros
        if t >= END_US:
            raise OutOfRangeError(
                f"duration: {d} after the start would lie after 2200-01-01T00:00:00Z, the "
                f"end of the supported range of instants ({RANGE_TEXT})",
                field="duration",
                value=d,
            )
        return t

    def elapsed(self, start: _dt.datetime, end: _dt.datetime) -> _dt.timedelta:
        """Business (open) time between two instants.

        Raises:
            CalendarError: ``end`` is before ``start``.
            OutOfRangeError: An instant lies outside the supported range.

        Examples:
            >>> cal = default("china", years=[2026])
            >>> a = pendulum.datetime(2026, 11, 20, 17, 0, tz="Asia/Shanghai")  # Friday
            >>> b = pendulum.datetime(2026, 11, 23, 10, 0, tz="Asia/Shanghai")  # Monday
            >>> cal.elapsed(a, b)
            datetime.timedelta(seconds=7200)
        """
        a, b = _instant(start, "start"), _instant(end, "end")
        if b < a:
            raise CalendarError(
                f"end: {end.isoformat()} is before start {start.isoformat()}",
                field="end",
                value=end,
            )
        return _dt.timedelta(microseconds=self._index.elapsed(a, b))

    def open_intervals(
        self, start: _dt.datetime, end: _dt.datetime
    ) -> list[tuple[pendulum.DateTime, pendulum.DateTime]]:
        """The open periods between two instants, clipped to them.

        Examples:
            >>> cal = default("china", years=[2026])
            >>> a = pendulum.datetime(2026, 11, 23, 11, 0, tz="Asia/Shanghai")
            >>> b = pendulum.datetime(2026, 11, 23, 15, 0, tz="Asia/Shanghai")
            >>> [(s.format("HH:mm"), e.format("HH:mm")) for s, e in cal.open_intervals(a, b)]
            [('11:00', '12:00'), ('13:30', '15:00')]
        """
        a, b = _instant(start, "start"), _instant(end, "end")
        if b < a:
            raise CalendarError(
                f"end: {end.isoformat()} is before start {start.isoformat()}",
                field="end",
                value=end,
            )
        tz = self.tz
        return [(from_us(s, tz), from_us(e, tz)) for s, e in self._index.open_intervals(a, b)]

    # -- epoch-second forms for replay ------------------------------------------------

    def add_s(self, start: int, duration: Duration | str) -> int:
        """`add` on integer epoch seconds.

        Examples:
            >>> cal = default("china", years=[2026])
            >>> start = 1795078800  # Thursday 2026-11-19 17:00 +08:00
            >>> (cal.add_s(start, "2 business hours") - start) / 3600  # 1 h, the night, 1 h
            17.0
        """
        d = Duration.parse(duration)
        return _us_to_s(self._add_us(_epoch(start, "start"), d), "result")

    def elapsed_s(self, start: int, end: int) -> int:
        """`elapsed` on integer epoch seconds, in seconds.

        Examples:
            >>> default("24x7").elapsed_s(0, 90)
            90
        """
        a, b = _epoch(start, "start"), _epoch(end, "end")
        if b < a:
            raise CalendarError(f"end: {end} is before start {start}", field="end", value=end)
        return _us_to_s(self._index.elapsed(a, b), "result")

    @overload
    def elapsed_many(self, starts: Sequence[int], ends: Sequence[int]) -> list[int]: ...
    @overload
    def elapsed_many(self, starts: _C, ends: _C | Sequence[int]) -> _C: ...
    @overload
    def elapsed_many(self, starts: Sequence[int], ends: _C) -> _C: ...
    def elapsed_many(
        self, starts: Sequence[int] | Column, ends: Sequence[int] | Column
    ) -> list[int] | Column:
        """Business seconds between pairs of epoch seconds: the batch form of
        `elapsed`.

        Takes sequences of integers and returns a list, or numpy arrays and pandas
        Series of an integer dtype (either argument) and returns an ``int64`` array
        (a Series on the input's index), many times faster; see "Columns" in
        :doc:`calendars`. Errors name the pair: ``ends[3]``.

        Examples:
            >>> default("24x7").elapsed_many([0, 10], [5, 40])
            [5, 30]
        """
        if _is_column(starts) or _is_column(ends):
            from complaintflow.calendars import _vector

            column: Column = _vector.elapsed_many(self._index, starts, ends, self._elapsed_list)
            return column
        return self._elapsed_list(starts, ends)  # type: ignore[arg-type]  # a column is routed above

    def _elapsed_list(self, starts: Sequence[int], ends: Sequence[int]) -> list[int]:
        a, b = _epoch_column(starts, "starts"), _epoch_column(ends, "ends")
        try:
            return [x // US for x in self._index.elapsed_many(a, b)]
        except ComplaintflowError as e:
            raise _in_seconds(e) from None

    @overload
    def add_many(self, starts: Sequence[int], durations: Sequence[int]) -> list[int]: ...
    @overload
    def add_many(self, starts: _C, durations: _C | Sequence[int]) -> _C: ...
    @overload
    def add_many(self, starts: Sequence[int], durations: _C) -> _C: ...
    def add_many(
        self, starts: Sequence[int] | Column, durations: Sequence[int] | Column
    ) -> list[int] | Column:
        """Deadlines after adding business *seconds* to epoch seconds: the batch
        form of `add` for business time.

        Like `elapsed_many`, takes sequences (returns a list) or integer numpy
        arrays and pandas Series (returns an ``int64`` array or a Series).

        Examples:
            >>> default("24x7").add_many([0, 100], [15, 15])
            [15, 115]
        """
        if _is_column(starts) or _is_column(durations):
            from complaintflow.calendars import _vector

            column: Column = _vector.add_many(self._index, starts, durations, self._add_list)
            return column
        return self._add_list(starts, durations)  # type: ignore[arg-type]  # a column is routed above

    def _add_list(self, starts: Sequence[int], durations: Sequence[int]) -> list[int]:
        a, d = _epoch_column(starts, "starts"), _epoch_column(durations, "durations")
        try:
            return [x // US for x in self._index.add_many(a, d)]
        except ComplaintflowError as e:
            raise _in_seconds(e) from None

    def epoch_index(self) -> CalendarIndex:
        """The underlying integer index (epoch µs), for engines built on calendars."""
        return self._index


class _Schedule:
    """The effective hours of a local date (picklable, unlike a closure)."""

    __slots__ = ("holidays", "special", "weekly", "workday_hours", "workdays")

    def __init__(
        self,
        weekly: tuple[Intervals, ...],
        holidays: frozenset[_dt.date],
        workdays: frozenset[_dt.date],
        workday_hours: Intervals,
        special: dict[_dt.date, Intervals],
    ) -> None:
        self.weekly, self.holidays, self.workdays = weekly, holidays, workdays
        self.workday_hours, self.special = workday_hours, special

    def __call__(self, day: _dt.date) -> Intervals:
        hours = self.special.get(day)
        if hours is not None:
            return hours
        if day in self.holidays:
            return ()
        if day in self.workdays:
            return self.workday_hours
        return self.weekly[day.weekday()]


#: The fields a calendar is built from, in order (its pickle holds these).
_INIT_FIELDS = tuple(f for f in attrs.fields(BusinessCalendar) if f.init)


def _instant(value: object, field: str) -> int:
    """Epoch µs of an aware datetime inside the supported range of instants."""
    try:
        us = to_us(value, field)
    except OutOfRangeError:  # beyond what a UTC datetime holds: outside our range too
        assert isinstance(value, _dt.datetime)
        raise range_error(field, value, value.isoformat()) from None
    if FIRST_US <= us < END_US:
        return us
    assert isinstance(value, _dt.datetime)  # to_us accepts nothing else
    raise range_error(field, value, value.isoformat())


def _epoch(value: int, field: str) -> int:
    """Epoch µs of integer epoch seconds inside the supported range of instants."""
    try:
        us = operator.index(value) * US
    except TypeError:
        raise WrongTypeError(
            f"{field}: expected integer epoch seconds, got {type(value).__name__} "
            f"{problem_text(value)}",
            field=field,
            value=value,
        ) from None
    if FIRST_US <= us < END_US:
        return us
    raise range_error(field, value, f"{value} (epoch seconds)")


def _is_column(value: object) -> bool:
    """A numpy array or pandas Series, told by its type's module (nothing imported)."""
    return type(value).__module__.partition(".")[0] in ("numpy", "pandas")


#: The field of one item of an epoch-second column, as the index names it.
_COLUMN_ITEM = re.compile(r"(?:starts|ends|durations)\[\d+\]\Z")


def _in_seconds(e: ComplaintflowError) -> ComplaintflowError:
    """An error of the epoch index about one item of a column the caller gave in
    seconds, with that item's value (and the duration bound) in seconds, as given:
    the index counts µs. Any other error is returned as it is."""
    us = e.value
    if type(us) is not int or e.field is None or not _COLUMN_ITEM.match(e.field):
        return e
    seconds = us // US  # exact: the columns are whole seconds
    out = copy.copy(e)
    out.value = seconds
    out.message = (
        e.message.replace(f"{us} µs after 1970-01-01T00:00:00Z", f"{seconds} (epoch seconds)")
        .replace(f"{us} µs", f"{seconds} s")
        .replace(f"{MAX_DURATION_US} µs", f"{MAX_DURATION_US // US} s")
    )
    out.args = (out.message,)
    return out


def _epoch_column(values: Sequence[int], field: str) -> list[int]:
    """A column of integer seconds as µs; the index checks each value's range."""
    if not isinstance(values, str | bytes | bytearray | memoryview):  # no bytes as numbers
        try:
            return [operator.index(x) * US for x in values]
        except TypeError:
            pass
    if isinstance(values, str | bytes | bytearray | memoryview) or not isinstance(values, Iterable):
        raise WrongTypeError(
            f"{field}: expected a sequence of integer seconds, got {type(values).__name__} "
            f"{problem_text(values)}",
            field=field,
            value=values,
        )
    bad, value = next((i, x) for i, x in enumerate(values) if not hasattr(type(x), "__index__"))
    raise WrongTypeError(
        f"{field}[{bad}]: expected integer seconds, got {type(value).__name__} "
        f"{problem_text(value)}",
        field=f"{field}[{bad}]",
        value=value,
    )


def _us_to_s(value: int, field: str) -> int:
    seconds, rest = divmod(value, US)
    if rest:  # pragma: no cover - integer inputs and whole-second hours give whole seconds
        raise DurationError(f"{field}: {value} µs is not whole seconds", field=field, value=value)
    return seconds


def _check_explicit_spills(
    weekly: tuple[Intervals, ...],
    holidays: frozenset[_dt.date],
    workdays: frozenset[_dt.date],
    workday_hours: Intervals | None,
    special: Mapping[_dt.date, Intervals],
    problems: list[Problem],
) -> None:
    """Night shifts of explicit dates must not overlap the next day's hours."""

    hours = _Schedule(weekly, holidays, workdays, workday_hours or (), dict(special))
    one = _dt.timedelta(days=1)
    days = {*holidays, *workdays, *special}
    # (the first and last dates a date can hold have no neighbour to spill from or into)
    pairs = (days | {d - one for d in days if d > _dt.date.min}) - {_dt.date.max}
    for day in sorted(pairs):
        path = "special" if day in special or day + one in special else "workdays"
        check_spill(hours(day), hours(day + one), path, day.isoformat(),
                    (day + one).isoformat(), problems)  # fmt: skip


def official_china_years() -> tuple[int, int]:
    """First and last year whose official China schedule the ``holidays`` package has.

    The last is the newest year with State Council substitution data (make-up
    working days); years after it are extrapolated by the package without them.

    Examples:
        >>> first, last = official_china_years()
        >>> first <= 2026 <= last
        True
    """
    from holidays.countries import china

    static = getattr(china, "ChinaStaticHolidays", None)
    years = [y for y in getattr(static, "special_public_holidays", {}) if isinstance(y, int)]
    if years:
        return 2001, max(years)
    import holidays as _holidays  # pragma: no cover - fallback for a changed package layout

    probe = _holidays.country_holidays("CN", years=range(2001, 2101))  # pragma: no cover
    found = [d.year for d in getattr(probe, "weekend_workdays", ())]  # pragma: no cover
    return 2001, max(found, default=2000)  # pragma: no cover


#: The keys of ``{"default": ...}`` calendar data, per calendar kind.
_DEFAULT_KEYS = {
    "24x7": ("default", "timezone"),
    "china": ("default", "years", "hours", "timezone", "workday_hours", "allow_unofficial"),
}


def _default_from_dict(data: Mapping[str, object]) -> BusinessCalendar:
    """``{"default": "china", "years": [...], ...}`` or ``{"default": "24x7"}``."""
    name = data["default"]
    if name not in DEFAULT_NAMES:
        raise ValidationError(
            [Problem("default", f"{problem_text(name)} is not a default calendar",
                     f"use one of {', '.join(repr(n) for n in DEFAULT_NAMES)}")],
            what="calendar",
        )  # fmt: skip
    known = _DEFAULT_KEYS[str(name)]
    problems: list[Problem] = []
    _check_keys(data, problems, known)
    if problems:
        raise ValidationError(problems, what="calendar")
    params = {k: v for k, v in data.items() if k != "default"}
    return default(str(name), **params)  # type: ignore[arg-type]  # each parameter is checked


def _problem(field: str, value: object, allowed: str) -> ValidationError:
    return ValidationError([Problem(field, f"{problem_text(value)} is not {allowed}")],
                           what="calendar")  # fmt: skip


def default(
    name: str,
    *,
    years: Iterable[int] | None = None,
    hours: Mapping[str, Sequence[str]] | None = None,
    timezone: str | None = None,
    workday_hours: Sequence[str] | None = None,
    allow_unofficial: bool = False,
) -> BusinessCalendar:
    """A shipped calendar: ``"china"`` (the official calendar) or ``"24x7"``.

    ``"china"``: the State Council's holidays and make-up working days for
    ``years`` (from the ``holidays`` package), on the back office's weekly hours
    unless ``hours`` are given. The calendar covers exactly the requested
    (contiguous) years and raises `CalendarCoverageError`
    outside them. ``"24x7"``: open around the clock (SLA-10: the hotline runs 24
    hours a day). The same names are the ``default`` key of calendar data in a
    policy (``{"default": "china", "years": [2026]}``).

    Args:
        name: ``"china"`` or ``"24x7"``.
        years: The years to cover (``"china"`` only), e.g. ``range(2025, 2027)``.
        hours: Weekly hours (``"china"`` only); the back office's by default.
        timezone: The zone the hours are written in; Asia/Shanghai by default.
        workday_hours: Hours of a make-up working day, if not the weekday hours.
        allow_unofficial: Accept years whose schedule is not yet published. The
            ``holidays`` package then *guesses* them without make-up days; only
            use this knowingly.

    Raises:
        ValidationError: An unknown name or a parameter of the wrong kind.
        CalendarError: No years, or years with gaps.
        CalendarCoverageError: A year's official schedule is not published.

    Examples:
        >>> cal = default("china", years=[2026])
        >>> sat = pendulum.datetime(2026, 2, 14, 10, 0, tz="Asia/Shanghai")
        >>> cal.is_open(sat)  # a make-up working day before the Spring Festival
        True
        >>> cal.is_open(pendulum.datetime(2026, 2, 18, 10, 0, tz="Asia/Shanghai"))
        False
        >>> default("24x7").add(pendulum.datetime(2026, 10, 1, 3, tz="Asia/Shanghai"),
        ...                     "15 business seconds").isoformat()
        '2026-10-01T03:00:15+08:00'
    """
    if name not in DEFAULT_NAMES:
        raise _problem("name", name, f"a default calendar; use one of {list(DEFAULT_NAMES)}")
    zone = TIMEZONE.value if timezone is None else timezone
    if not isinstance(zone, str):
        raise _problem("timezone", zone, "a time zone name, e.g. 'Asia/Shanghai'")
    if name == "24x7":
        given = [k for k, v in (("years", years), ("hours", hours),
                                ("workday_hours", workday_hours)) if v is not None]  # fmt: skip
        if given or allow_unofficial is not False:
            raise ValidationError([Problem(given[0] if given else "allow_unofficial",
                                           "does not apply to the '24x7' calendar",
                                           "only timezone does")], what="calendar")  # fmt: skip
        return BusinessCalendar.from_dict({"timezone": zone, "hours": ALWAYS_OPEN_HOURS.data()})
    if not isinstance(allow_unofficial, bool):
        raise _problem("allow_unofficial", allow_unofficial, "true or false")
    if years is None:
        raise ValidationError([Problem("years", "is required", "e.g. [2026]")], what="calendar")
    if isinstance(years, str | bytes | Mapping) or not isinstance(years, Iterable):
        raise _problem("years", years, "a list of years, e.g. [2026]")
    listed = list(years)
    bad = [y for y in listed if isinstance(y, bool) or not isinstance(y, int) or not 1 <= y <= 9999]
    if bad:
        raise _problem("years", bad[0], "a year between 1 and 9999")
    wanted = sorted(set(listed))
    if not wanted:
        raise CalendarError("years: give at least one year", field="years", value=wanted)
    if wanted[-1] - wanted[0] + 1 != len(wanted):  # sorted and unique: no gaps
        raise CalendarError(
            f"years: {wanted} has gaps; a calendar must cover contiguous years",
            field="years",
            value=wanted,
        )
    first_official, last_official = official_china_years()
    unofficial = [y for y in wanted if not first_official <= y <= last_official]
    if unofficial and not allow_unofficial:
        raise CalendarCoverageError(
            f"years: the official schedule for {unofficial} is not in the installed "
            f"`holidays` package (it has {first_official}-{last_official}); upgrade it "
            "once the State Council publishes, or pass allow_unofficial=True to accept "
            "a guessed calendar without make-up days",
            field="years",
            value=unofficial,
        )
    import holidays as _holidays

    official = _holidays.country_holidays("CN", years=wanted)
    data: dict[str, object] = {
        "name": f"China official {wanted[0]}-{wanted[-1]}",
        "timezone": zone,
        "hours": OFFICE_HOURS.data() if hours is None else hours,  # from_dict checks it
        "holidays": sorted(d.isoformat() for d in official),
        "workdays": sorted(
            d.isoformat()
            for d in getattr(official, "weekend_workdays", ())
            if wanted[0] <= d.year <= wanted[-1]
        ),
        "valid_from": f"{wanted[0]}-01-01",
        "valid_until": f"{wanted[-1]}-12-31",
    }
    if workday_hours is not None:
        data["workday_hours"] = workday_hours
    return BusinessCalendar.from_dict(data)
