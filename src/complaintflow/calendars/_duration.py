"""Durations that say which clock they run on.

Theory of operation
-------------------
"Within 2 days" means three different things in the source rules, and a library
that guesses picks the wrong one for somebody. A `Duration` therefore
always carries its kind:

- ``BUSINESS_TIME``: open time of the calendar ("8 business hours"). Counted only
  while the calendar is open.
- ``BUSINESS_DAYS``: whole business days ("2 business days"). The deadline is the
  close of the N-th business day *after* the start day; the start day never counts.
- ``CALENDAR``: wall-clock time ("3 calendar days", "15 calendar seconds"). Days
  keep the wall-clock time across DST changes; hours, minutes and seconds are
  exact elapsed time.
- ``BUSINESS_DAYS_BY``: a local time of a business day ("1 business day by
  16:00", "next business day by 16:00"). The deadline is that wall time on the
  N-th business day after the start day; N = 0 ("same business day by 17:00") is
  the start day if it is a business day and the start is before that time, else
  the next business day. A business day is a local date with open time; the time
  may lie outside the day's open hours (the deadline is still that wall time).
- ``DUE_FIELD``: a deadline the ticket gives ("due at event field promised_at",
  "due at ticket attribute promised_at"): an ISO 8601 instant with its UTC offset
  in a payload field of the event that starts the cycle, or in a ticket attribute.

"End of the Nth business day" is another spelling of "N business days" (the
close of the N-th business day after the start day): it parses to the same value.

Amounts are exact integers: microseconds for time, a count for days, each from
zero to `MAX_DAYS` days (110,000 days, a little more than the 300 years of
the supported range of instants, so that no deadline inside that range needs a
longer duration). A float, a bool or a larger amount is refused when the
duration is built.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from decimal import Decimal, InvalidOperation

import attrs

from complaintflow._errors import DurationError, DurationTypeError, problem_text, wrong_type

__all__ = ["MAX_DAYS", "MAX_FIELD", "MAX_MICROS", "Duration", "DurationKind"]

#: The longest duration, in days and in microseconds (2,640,000 hours).
MAX_DAYS = 110_000
MAX_MICROS = MAX_DAYS * 86_400 * 1_000_000
_US_PER_DAY = 86_400 * 1_000_000

_US = {
    "second": 1_000_000,
    "minute": 60_000_000,
    "hour": 3_600_000_000,
}
_UNIT_ALIASES = {
    "s": "second", "sec": "second", "secs": "second", "second": "second", "seconds": "second",
    "min": "minute", "mins": "minute", "minute": "minute", "minutes": "minute",
    "h": "hour", "hr": "hour", "hrs": "hour", "hour": "hour", "hours": "hour",
    "day": "day", "days": "day",
    "week": "week", "weeks": "week",
}  # fmt: skip
_AMOUNT = r"(\d+(?:\.\d+)?)\s+(business|calendar)\s+([a-z]+)"
_PATTERN = re.compile(rf"^\s*{_AMOUNT}\s*$", re.ASCII)
_EXAMPLES = "use e.g. '8 business hours', '2 business days' or '3 calendar days'"
#: The longest field name a field-given due date may read.
MAX_FIELD = 64
_FIELD = rf"[A-Za-z_][A-Za-z0-9_.-]{{0,{MAX_FIELD - 1}}}"
_FIELD_NAME = re.compile(_FIELD)
#: "N business days by HH:MM" (N a count, "next" or "same").
_BY = re.compile(r"^\s*(\d+|next|same)\s+business\s+(day|days)\s+by\s+(\S+)\s*$", re.I | re.ASCII)
_CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$", re.ASCII)
_END = re.compile(r"^\s*end\s+of\s+the\s+(\S+)\s+business\s+day\s*$", re.I | re.ASCII)
_ORDINAL = re.compile(r"^(\d+)(st|nd|rd|th)$", re.I | re.ASCII)
_DUE = re.compile(r"^\s*due\s+at\s+(event\s+field|ticket\s+attribute)\s+(\S+)\s*$", re.I | re.ASCII)
#: Every text form a duration can take, for the JSON Schemas (the canonical spellings).
WITHIN_PATTERN = (
    rf"^\s*(?:{_AMOUNT}"
    r"|(?:\d+|next|same)\s+business\s+days?\s+by\s+\d{1,2}:\d{2}"
    r"|end\s+of\s+the\s+\d+(?:st|nd|rd|th)\s+business\s+day"
    rf"|due\s+at\s+(?:event\s+field|ticket\s+attribute)\s+{_FIELD})\s*$"
)
_RELATIVE = (
    "'1 business day by 16:00', 'next business day by 16:00', 'same business day by 17:00', "
    "'end of the 2nd business day', 'due at event field promised_at' or "
    "'due at ticket attribute promised_at'"
)
#: Where a field-given due date is read: ``"event"`` (the payload of the event that
#: starts the cycle) or ``"ticket"`` (a ticket attribute).
SOURCES = ("event", "ticket")
_SOURCE_WORDS = {"event": "event field", "ticket": "ticket attribute"}


class DurationKind(enum.Enum):
    """Which clock a `Duration` runs on."""

    BUSINESS_TIME = "business time"
    BUSINESS_DAYS = "business days"
    CALENDAR = "calendar"
    BUSINESS_DAYS_BY = "business days by"
    DUE_FIELD = "due field"


def _plural(n: int | Decimal, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _whole(value: object, field: str) -> int:
    """``value`` if it is a whole number of zero or more (not a bool, not a float)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise DurationError(
            f"{field}: {problem_text(value)} is not a whole number; durations are exact "
            "integers (Duration.parse reads '1.5 business hours')",
            field=field,
            value=value,
        )
    if value < 0:
        raise DurationError(
            f"{field}: {value} is negative; durations are zero or more", field=field, value=value
        )
    return value


def _kind(value: object) -> DurationKind:
    """A `DurationKind` given as the member or its exact value string, else refused."""
    allowed = ", ".join(repr(k.value) for k in DurationKind)
    if isinstance(value, str):
        for kind in DurationKind:
            if kind.value == value:
                return kind
        raise DurationError(
            f"duration: kind {value!r} is unknown; use a DurationKind or one of {allowed}",
            field="kind",
            value=value,
        )
    raise DurationTypeError(
        f"duration: kind {problem_text(value)} is not a DurationKind; use one or one of {allowed}",
        field="kind",
        value=value,
    )


@attrs.frozen
class Duration:
    """An amount of time together with the clock it is measured on.

    Build one with `business`, `business_days`, `calendar`, `due_at` or
    `parse`; ``str()`` gives the canonical text, which `parse` reads back.

    Attributes:
        kind: The clock: business time, business days, calendar time, a local time
            of a business day, or a due date the ticket gives.
        micros: Exact microseconds (business time, and the exact part of calendar time).
        days: Whole days (business days, and wall-clock days of calendar time).
        by: The local time of day of a ``BUSINESS_DAYS_BY`` duration (whole minutes).
        source: Where a ``DUE_FIELD`` duration reads its deadline: ``"event"`` or
            ``"ticket"``.
        field: The payload field or ticket attribute it reads.

    Examples:
        >>> Duration.parse("2 business days")
        Duration.parse('2 business days')
        >>> str(Duration.business(hours=1, minutes=30))
        '90 business minutes'
        >>> Duration.parse("3 calendar days").days
        3
        >>> Duration.parse("next business day by 16:00")
        Duration.parse('1 business day by 16:00')
        >>> Duration.parse("end of the 2nd business day") == Duration.parse("2 business days")
        True
        >>> Duration.parse("due at event field promised_at").field
        'promised_at'
    """

    kind: DurationKind
    micros: int = 0
    days: int = 0
    by: _dt.time | None = None
    source: str | None = None
    field: str | None = None

    def __attrs_post_init__(self) -> None:
        # Each refusal names the argument that holds the wrong value.
        if type(self.kind) is not DurationKind:
            object.__setattr__(self, "kind", _kind(self.kind))
        for name, amount in (("micros", self.micros), ("days", self.days)):
            if type(amount) is not int and (
                isinstance(amount, bool) or not isinstance(amount, int)
            ):
                raise DurationTypeError(
                    f"duration: {name} {problem_text(amount)} is not a whole number",
                    field=name,
                    value=amount,
                )
            if amount < 0:
                raise DurationError(
                    f"duration must not be negative, got {self.micros} µs and {self.days} days",
                    field=name,
                    value=(self.micros, self.days),
                )
        if self.micros > MAX_MICROS or self.days > MAX_DAYS:
            given = " + ".join(
                text
                for amount, text in ((self.days, f"{self.days:,} days"),
                                     (self.micros, f"{self.micros:,} µs"))
                if amount
            )  # fmt: skip
            raise DurationError(
                f"duration: {given} is longer than {MAX_DAYS:,} days ({MAX_MICROS:,} µs), the "
                "longest duration (the supported range of instants spans 300 years)",
                field="days" if self.days > MAX_DAYS else "micros",
                value=(self.micros, self.days),
            )
        if self.kind is DurationKind.BUSINESS_DAYS_BY or self.by is not None:
            self._check_by()
        if self.kind is DurationKind.DUE_FIELD or self.source is not None or self.field is not None:
            self._check_due()
            return
        if self.kind is DurationKind.BUSINESS_DAYS_BY:
            return  # zero days is the same business day
        if self.micros == 0 and self.days == 0:
            raise DurationError(
                "duration must be positive, got zero; " + _EXAMPLES,
                field="duration",
                value=0,
            )
        if self.kind is DurationKind.BUSINESS_TIME and self.days:
            raise DurationError(
                "business time is counted in hours, minutes or seconds, not days; "
                "use Duration.business_days(n) for whole business days",
                field="days",
                value=self.days,
            )
        if self.kind is DurationKind.BUSINESS_DAYS and self.micros:
            raise DurationError("business days are whole days", field="micros", value=self.micros)

    def _check_by(self) -> None:
        by = self.by
        if self.kind is not DurationKind.BUSINESS_DAYS_BY:
            raise DurationError(
                f"by: a time of day ({problem_text(by)}) belongs to business days only, "
                f"e.g. {_RELATIVE}",
                field="by",
                value=by,
            )
        if type(by) is not _dt.time or by.tzinfo is not None or by.second or by.microsecond:
            raise DurationError(
                f"by: {problem_text(by)} is not a local time of whole minutes; "
                "give e.g. datetime.time(16, 0)",
                field="by",
                value=by,
            )
        if self.micros:
            raise DurationError(
                "business days by a time of day are whole days", field="micros", value=self.micros
            )

    def _check_due(self) -> None:
        if self.kind is not DurationKind.DUE_FIELD:
            raise DurationError(
                f"{'source' if self.source is not None else 'field'}: a source and field "
                f"({self.source!r}, {self.field!r}) belong to a due date read from the ticket "
                "only; use Duration.due_at(source, field)",
                field="source" if self.source is not None else "field",
                value=(self.source, self.field),
            )
        if self.source not in SOURCES:
            raise DurationError(
                f"source: {problem_text(self.source)} is not one of {list(SOURCES)}",
                field="source",
                value=self.source,
            )
        if not isinstance(self.field, str) or not _FIELD_NAME.fullmatch(self.field):
            raise DurationError(
                f"field: {problem_text(self.field)} is not a field name (a letter or "
                f"_ first, then letters, digits, _ . or -, at most {MAX_FIELD} characters)",
                field="field",
                value=self.field,
            )
        if self.micros or self.days:
            raise DurationError(
                "a due date read from the ticket has no amount",
                field="micros" if self.micros else "days",
                value=(self.micros, self.days),
            )

    @classmethod
    def business(
        cls, *, hours: int = 0, minutes: int = 0, seconds: int = 0, micros: int = 0
    ) -> Duration:
        """Open time of a calendar: counted only while it is open.

        Examples:
            >>> Duration.business(hours=8).micros
            28800000000
        """
        hours, minutes = _whole(hours, "hours"), _whole(minutes, "minutes")
        seconds, micros = _whole(seconds, "seconds"), _whole(micros, "micros")
        total = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
        return cls(DurationKind.BUSINESS_TIME, micros=total)

    @classmethod
    def business_days(cls, days: int, by: _dt.time | None = None) -> Duration:
        """Whole business days: the deadline is the close of the N-th business day
        after the start day (the start day does not count).

        With ``by``, the deadline is that local time on the N-th business day after
        the start day instead; ``days`` may then be 0: the start day if it is a
        business day and the start is before ``by``, else the next business day.

        Examples:
            >>> Duration.business_days(2).days
            2
            >>> import datetime as dt
            >>> Duration.business_days(0, by=dt.time(17, 0))
            Duration.parse('same business day by 17:00')
        """
        if by is None:
            return cls(DurationKind.BUSINESS_DAYS, days=_whole(days, "days"))
        return cls(DurationKind.BUSINESS_DAYS_BY, days=_whole(days, "days"), by=by)

    @classmethod
    def due_at(cls, source: str, field: str) -> Duration:
        """A deadline the ticket gives: an ISO 8601 instant with its UTC offset in
        ``field`` of the event that starts the cycle (``source="event"``) or of the
        ticket's attributes (``source="ticket"``).

        Examples:
            >>> Duration.due_at("ticket", "promised_at")
            Duration.parse('due at ticket attribute promised_at')
        """
        return cls(DurationKind.DUE_FIELD, source=source, field=field)

    @classmethod
    def calendar(
        cls, *, days: int = 0, hours: int = 0, minutes: int = 0, seconds: int = 0, micros: int = 0
    ) -> Duration:
        """Wall-clock time: days keep the time of day across DST, the rest is exact.

        Examples:
            >>> Duration.calendar(seconds=15)
            Duration.parse('15 calendar seconds')
        """
        days, hours = _whole(days, "days"), _whole(hours, "hours")
        minutes, seconds = _whole(minutes, "minutes"), _whole(seconds, "seconds")
        total = ((hours * 60 + minutes) * 60 + seconds) * 1_000_000 + _whole(micros, "micros")
        return cls(DurationKind.CALENDAR, micros=total, days=days)

    @classmethod
    def parse(cls, text: object, field: str = "duration") -> Duration:
        """Read ``"<amount> business|calendar <unit>"`` or a relative form.

        Units: seconds, minutes, hours (business or calendar), days (business or
        calendar), weeks (calendar). Fractions are allowed where they give whole
        microseconds ("1.5 business hours").

        The relative forms: ``"N business days by HH:MM"`` (``"next business day
        by HH:MM"`` is N = 1, ``"same business day by HH:MM"`` N = 0; HH:MM from
        00:00 to 23:59), ``"end of the Nth business day"`` (the same as "N
        business days") and ``"due at event field NAME"`` / ``"due at ticket
        attribute NAME"`` (NAME: a letter or ``_`` first, then letters, digits,
        ``_``, ``.`` or ``-``, at most 64 characters; kept as written).
        Keywords are read in any case; digits and spaces are ASCII (a full-width
        ``２`` or an ideographic space is refused, not read as ``2`` or a space).

        Raises:
            DurationError: The text is not of that form; the message shows the form.
            WrongTypeError: ``field`` is no non-empty string.

        Examples:
            >>> Duration.parse("1.5 business hours")
            Duration.parse('90 business minutes')
            >>> Duration.parse("Same business day by 17:00")
            Duration.parse('same business day by 17:00')
            >>> Duration.parse("end of the 2th business day")
            Traceback (most recent call last):
            ...
            complaintflow.errors.DurationError: duration: 'end of the 2th business day': write the 2nd business day
            >>> Duration.parse("3 dayz")
            Traceback (most recent call last):
            ...
            complaintflow.errors.DurationError: duration: '3 dayz' is not a duration; use e.g. '8 business hours', '2 business days' or '3 calendar days'
        """  # noqa: E501
        if not isinstance(field, str) or not field:
            raise wrong_type("field", "a non-empty field name", field)
        if isinstance(text, Duration):
            return text
        if isinstance(text, _dt.timedelta):
            raise DurationError(
                f"{field}: a timedelta does not say which clock it runs on; "
                "use Duration.business(...), Duration.business_days(n) or Duration.calendar(...)",
                field=field,
                value=text,
            )
        if not isinstance(text, str):
            raise DurationError(
                f"{field}: expected a duration string such as '2 business days', "
                f"got {type(text).__name__}",
                field=field,
                value=text,
            )
        if not text.isascii():  # no other digits, spaces or letters that fold to ASCII
            raise DurationError(
                f"{field}: {problem_text(text)} is not a duration: durations are written in "
                f"ASCII digits, spaces and words; {_EXAMPLES}",
                field=field,
                value=text,
            )
        relative = _relative(text, field)
        if relative is not None:
            return relative
        match = _PATTERN.match(text.lower())
        unit = _UNIT_ALIASES.get(match.group(3)) if match else None
        if match is None or unit is None:
            raise DurationError(
                f"{field}: {text!r} is not a duration; {_EXAMPLES}", field=field, value=text
            )
        try:
            amount = Decimal(match.group(1))
        except InvalidOperation:  # pragma: no cover - the pattern only admits decimals
            raise DurationError(f"{field}: {text!r} has no number", field=field) from None
        clock = match.group(2)
        days_per_unit = {"day": 1, "week": 7}.get(unit, 0) or Decimal(_US[unit]) / _US_PER_DAY
        if amount * days_per_unit > MAX_DAYS:
            raise DurationError(
                f"{field}: {problem_text(text)} is longer than {MAX_DAYS:,} days, the longest "
                "duration (the supported range of instants spans 300 years)",
                field=field,
                value=text,
            )
        if unit in ("day", "week"):
            days = amount * (7 if unit == "week" else 1)
            if days != days.to_integral_value():
                raise DurationError(
                    f"{field}: {text!r}: days must be whole; use hours for parts of a day",
                    field=field,
                    value=text,
                )
            if clock == "business":
                if unit == "week":
                    raise DurationError(
                        f"{field}: {text!r}: business weeks are ambiguous; "
                        "give business days instead",
                        field=field,
                        value=text,
                    )
                return cls.business_days(int(days))
            return cls(DurationKind.CALENDAR, days=int(days))
        micros = amount * _US[unit]
        if micros != micros.to_integral_value():
            raise DurationError(
                f"{field}: {text!r} is not a whole number of microseconds", field=field, value=text
            )
        kind = DurationKind.BUSINESS_TIME if clock == "business" else DurationKind.CALENDAR
        return cls(kind, micros=int(micros))

    def __str__(self) -> str:
        if self.kind is DurationKind.BUSINESS_DAYS:
            return f"{_plural(self.days, 'business day')}"
        if self.kind is DurationKind.BUSINESS_DAYS_BY:
            assert self.by is not None
            days = "same business day" if self.days == 0 else _plural(self.days, "business day")
            return f"{days} by {self.by:%H:%M}"
        if self.kind is DurationKind.DUE_FIELD:
            return f"due at {_SOURCE_WORDS[str(self.source)]} {self.field}"
        prefix = "business" if self.kind is DurationKind.BUSINESS_TIME else "calendar"
        parts = []
        if self.days:
            parts.append(f"{self.days} calendar {'day' if self.days == 1 else 'days'}")
        if self.micros:
            for unit in ("hour", "minute", "second"):
                if self.micros % _US[unit] == 0:
                    n = self.micros // _US[unit]
                    parts.append(f"{n} {prefix} {unit if n == 1 else unit + 's'}")
                    break
            else:
                seconds = Decimal(self.micros) / _US["second"]
                parts.append(f"{seconds} {prefix} seconds")
        return " + ".join(parts)

    def __repr__(self) -> str:
        return f"Duration.parse({str(self)!r})"

    def to_data(self) -> str:
        """The canonical text form, as used in policy files.

        Examples:
            >>> Duration.business_days(3).to_data()
            '3 business days'
        """
        if self.kind is DurationKind.CALENDAR and self.days and self.micros:
            raise DurationError(
                "a calendar duration of days plus time has no single-text form",
                field="duration",
                value=str(self),
            )
        return str(self)


def _ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _refuse(field: str, text: str, why: str) -> DurationError:
    return DurationError(f"{field}: {text!r}: {why}", field=field, value=text)


def _relative(text: str, field: str) -> Duration | None:
    """A relative form of ``text``, or ``None`` when it is none (nor tries to be one:
    the amount forms are read next)."""
    words = [w.lower() for w in text.split()]
    if not words:
        return None
    m = _BY.match(text)
    if m:
        return _by(text, field, m)
    if "by" in words:
        raise _refuse(field, text, f"not a relative duration; use e.g. {_RELATIVE}")
    m = _END.match(text)
    if m:
        om = _ORDINAL.match(m.group(1))
        if om is None:
            raise _refuse(
                field, text, f"{m.group(1)!r} is not an ordinal such as 1st, 2nd, 3rd or 4th"
            )
        digits = om.group(1)
        if len(digits) > len(str(MAX_DAYS)):  # int() of thousands of digits is refused
            raise _refuse(field, text, f"more than {MAX_DAYS:,} business days, the longest")
        n = int(digits)
        if n == 0:
            raise _refuse(
                field,
                text,
                "the start day never counts, so there is no 0th business day; "
                "use e.g. 'same business day by 17:00'",
            )
        if om.group(2).lower() != _ordinal_suffix(n):
            raise _refuse(field, text, f"write the {n}{_ordinal_suffix(n)} business day")
        if n > MAX_DAYS:
            raise _refuse(field, text, f"more than {MAX_DAYS:,} business days, the longest")
        return Duration.business_days(n)
    m = _DUE.match(text)
    if m:
        name = m.group(2)
        if not _FIELD_NAME.fullmatch(name):
            raise _refuse(
                field,
                text,
                f"{name!r} is not a field name (a letter or _ first, then letters, digits, "
                f"_ . or -, at most {MAX_FIELD} characters)",
            )
        source = "event" if m.group(1).lower().startswith("event") else "ticket"
        return Duration.due_at(source, name)
    if words[0] in ("end", "due", "next", "same"):
        raise _refuse(field, text, f"not a relative duration; use e.g. {_RELATIVE}")
    return None


def _by(text: str, field: str, m: re.Match[str]) -> Duration:
    count, clock = m.group(1).lower(), m.group(3)
    if count in ("next", "same") and m.group(2).lower() != "day":
        raise _refuse(field, text, f"write '{count} business day by {clock}'")
    n = {"next": 1, "same": 0}.get(count)
    if n is None:
        n = int(count) if len(count) <= len(str(MAX_DAYS)) else MAX_DAYS + 1
    if n > MAX_DAYS:
        raise _refuse(field, text, f"more than {MAX_DAYS:,} business days, the longest")
    cm = _CLOCK.match(clock)
    hour, minute = (int(cm.group(1)), int(cm.group(2))) if cm else (99, 99)
    if hour > 23 or minute > 59:
        raise _refuse(
            field, text, f"{clock!r} is not a local time of day HH:MM from 00:00 to 23:59"
        )
    return Duration.business_days(n, by=_dt.time(hour, minute))
