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

from complaintflow._errors import DurationError, DurationTypeError, problem_text

__all__ = ["MAX_DAYS", "MAX_MICROS", "Duration", "DurationKind"]

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
_PATTERN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s+(business|calendar)\s+([a-z]+)\s*$")
_EXAMPLES = "use e.g. '8 business hours', '2 business days' or '3 calendar days'"


class DurationKind(enum.Enum):
    """Which clock a `Duration` runs on."""

    BUSINESS_TIME = "business time"
    BUSINESS_DAYS = "business days"
    CALENDAR = "calendar"


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

    Build one with `business`, `business_days`, `calendar` or
    `parse`; ``str()`` gives the canonical text, which `parse` reads back.

    Attributes:
        kind: The clock: business time, business days or calendar time.
        micros: Exact microseconds (business time, and the exact part of calendar time).
        days: Whole days (business days, and wall-clock days of calendar time).

    Examples:
        >>> Duration.parse("2 business days")
        Duration.parse('2 business days')
        >>> str(Duration.business(hours=1, minutes=30))
        '90 business minutes'
        >>> Duration.parse("3 calendar days").days
        3
    """

    kind: DurationKind
    micros: int = 0
    days: int = 0

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
    def business_days(cls, days: int) -> Duration:
        """Whole business days: the deadline is the close of the N-th business day
        after the start day (the start day does not count).

        Examples:
            >>> Duration.business_days(2).days
            2
        """
        return cls(DurationKind.BUSINESS_DAYS, days=_whole(days, "days"))

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
        """Read ``"<amount> business|calendar <unit>"``.

        Units: seconds, minutes, hours (business or calendar), days (business or
        calendar), weeks (calendar). Fractions are allowed where they give whole
        microseconds ("1.5 business hours").

        Raises:
            DurationError: The text is not of that form; the message shows the form.

        Examples:
            >>> Duration.parse("1.5 business hours")
            Duration.parse('90 business minutes')
            >>> Duration.parse("3 dayz")
            Traceback (most recent call last):
            ...
            complaintflow.errors.DurationError: duration: '3 dayz' is not a duration; use e.g. '8 business hours', '2 business days' or '3 calendar days'
        """  # noqa: E501
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
