"""Follow-up policies as data: rest hours, window, caps, fallback, campaigns.

Theory of operation
-------------------
A `FollowupPolicy` is a frozen value composed of small rule values, each
carrying the ``DOMAIN.md`` rule ID it implements:

- `ContactHours` (FU-1, FU-10): when a purpose may contact a customer, as
  an *allowed-window* `BusinessCalendar` written
  without a time zone. It is instantiated in the *customer's* zone on first use
  (and cached), so "is this instant allowed" is ``is_open`` and "earliest allowed
  instant" is ``next_open``: O(log n) and DST-correct by the calendar's
  wall-time membership rule.
- `ContactWindow` (FU-4, SLA-6): contact within a duration of the trigger.
- `FrequencyCap` (FU-11): at most N attempts per rolling window or per
  local calendar days, and a minimum gap, per customer or per number.
- `ChannelFallback` (FU-5): phone first, SMS after N failed calls.
- `Campaign` (FU-7): the days on which special visits may happen.

Customer facts (zone, VIP flag, reachable numbers, opt-outs, appointments) and
the contact history are values too (`Customer`, `OptOut`,
`Appointment`, `Attempt`); each converts its instants to epoch
microseconds once, at construction, so decisions never touch datetimes.

`FollowupPolicy.from_dict` builds a policy from plain data and reports
every problem at once; missing sections take the rule-ID'd defaults.
"""

from __future__ import annotations

import datetime as _dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TypeVar, cast

import attrs

from complaintflow._check import check_int, is_instance, is_text
from complaintflow._errors import (
    FollowupError,
    OutOfRangeError,
    WrongTypeError,
    items_of,
    problem_text,
    wrong_type,
)
from complaintflow._time import get_timezone, to_us
from complaintflow.calendars import BusinessCalendar, Duration, DurationKind
from complaintflow.calendars._internal import DAY, DAY_US, CalendarIndex, wall_interval_to_instants
from complaintflow.followup._defaults import FALLBACK_AFTER, WINDOW

__all__ = [
    "Appointment",
    "Attempt",
    "Campaign",
    "CapScope",
    "Channel",
    "ChannelFallback",
    "ContactHours",
    "ContactWindow",
    "Customer",
    "DayRule",
    "FrequencyCap",
    "OptOut",
    "Outcome",
    "Purpose",
]

_UTC_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_T = TypeVar("_T")


class Purpose(enum.Enum):
    """Why a customer is contacted; each purpose has its own contact hours."""

    SERVICE = "service"
    """A return visit (回访) after a complaint (FLOW-8, FU-4)."""
    MARKETING = "marketing"
    """A marketing call, only in working time (FU-10) and opt-outable (FU-12)."""
    SPECIAL = "special"
    """A short special visit on a campaign day (FU-7)."""


class Channel(enum.Enum):
    """How a customer is contacted (FU-5)."""

    PHONE = "phone"
    SMS = "sms"


class Outcome(enum.Enum):
    """The result of one contact attempt."""

    REACHED = "reached"
    FAILED = "failed"
    """Not reached: no answer, busy, switched off."""


class CapScope(enum.Enum):
    """What a frequency cap counts attempts of (FU-11)."""

    CUSTOMER = "customer"
    """Every attempt to the customer, on any of their numbers."""
    NUMBER = "number"
    """Attempts to the one number the contact would use."""


class DayRule(enum.Enum):
    """What "per day" means in a frequency cap. Other tools leave this implicit."""

    ROLLING = "rolling"
    """A sliding window of exactly ``per_days`` x 24 hours ending at the instant."""
    LOCAL_DATE = "local_date"
    """The customer's local calendar date and the ``per_days - 1`` dates before it;
    the count resets at the customer's local midnight (its first real instant)."""


# -- inputs that are what they say ---------------------------------------------------

_E = TypeVar("_E", bound=enum.Enum)


def as_enum(kind: type[_E], value: object, field: str) -> _E:
    """``value`` as a member of ``kind``: the member itself or its exact value string.

    Anything else is refused, never guessed: an unknown string with
    `FollowupError`, another type with
    `WrongTypeError`.

    Examples:
        >>> as_enum(Channel, "phone", "channel")
        <Channel.PHONE: 'phone'>
        >>> as_enum(Channel, "Phone", "channel")
        Traceback (most recent call last):
        ...
        complaintflow.errors.FollowupError: channel: 'Phone' is not a channel; use one of 'phone', 'sms'
    """  # noqa: E501
    if type(value) is kind:
        return value
    allowed = ", ".join(repr(m.value) for m in kind)
    what = kind.__name__.lower()
    if isinstance(value, str):
        for member in kind:
            if member.value == value:
                return member
        raise FollowupError(
            f"{field}: {value!r} is not a {what}; use one of {allowed}", field=field, value=value
        )
    raise WrongTypeError(
        f"{field}: expected a {kind.__name__} or one of {allowed}, got {problem_text(value)}",
        field=field,
        value=value,
    )


def _opt_out_channel(value: object) -> Channel | None:
    return None if value is None else as_enum(Channel, value, "opt_out.channel")


def _opt_out_purpose(value: object) -> Purpose | None:
    return None if value is None else as_enum(Purpose, value, "opt_out.purpose")


def _appointment_purpose(value: object) -> Purpose | None:
    return None if value is None else as_enum(Purpose, value, "appointment.purpose")


def _attempt_channel_field(value: object) -> Channel:
    return as_enum(Channel, value, "history.channel")


def _attempt_outcome_field(value: object) -> Outcome:
    return as_enum(Outcome, value, "history.outcome")


def _hours_purpose(value: object) -> Purpose:
    return as_enum(Purpose, value, "purpose")


def _cap_day(value: object) -> DayRule:
    return as_enum(DayRule, value, "day")


def _cap_scope(value: object) -> CapScope:
    return as_enum(CapScope, value, "scope")


def _bool(inst: object, attribute: attrs.Attribute[bool], value: object) -> None:
    if not isinstance(value, bool):
        raise WrongTypeError(
            f"{attribute.name}: expected True or False, got {problem_text(value)}",
            field=attribute.name,
            value=value,
        )


def _text(inst: object, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str) or not value:
        raise WrongTypeError(
            f"{attribute.name}: expected a non-empty string, got {problem_text(value)}",
            field=attribute.name,
            value=value,
        )


def _optional_text(inst: object, attribute: attrs.Attribute[str | None], value: object) -> None:
    if value is not None:
        _text(inst, attribute, value)  # type: ignore[arg-type]


# -- small helpers ----------------------------------------------------------------


def local_date(tz: _dt.tzinfo, t: int) -> _dt.date:
    """The local date of epoch-µs instant ``t`` in zone ``tz``."""
    return (_UTC_EPOCH + _dt.timedelta(microseconds=t)).astimezone(tz).date()


def day_start(tz: _dt.tzinfo, day: _dt.date) -> int:
    """The first real instant of a local date (DST-correct)."""
    return wall_interval_to_instants(tz, day, 0, DAY)[0][0]


def _aware_us(value: object, field: str) -> int:
    try:
        return to_us(value, field)
    except TypeError:
        raise FollowupError(
            f"{field}: expected a timezone-aware datetime, got {type(value).__name__}",
            field=field,
            value=value,
        ) from None


# -- customer facts -----------------------------------------------------------------


@attrs.frozen
class OptOut:
    """A do-not-contact request, effective from its instant (FU-9, FU-12).

    ``channel`` or ``purpose`` ``None`` means every channel or every purpose.

    Examples:
        >>> import pendulum
        >>> o = OptOut(pendulum.datetime(2026, 5, 1, tz="Asia/Shanghai"), purpose=Purpose.MARKETING)
        >>> o.rule
        'FU-12'
    """

    at: _dt.datetime
    channel: Channel | None = attrs.field(default=None, converter=_opt_out_channel)
    purpose: Purpose | None = attrs.field(default=None, converter=_opt_out_purpose)
    at_us: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "at_us", _aware_us(self.at, "opt_out.at"))

    @property
    def rule(self) -> str:
        """FU-12 for a marketing opt-out, FU-9 ("no more calls") otherwise."""
        return "FU-12" if self.purpose is Purpose.MARKETING else "FU-9"

    def covers(self, channel: Channel, purpose: Purpose) -> bool:
        """Whether this opt-out applies to a contact on ``channel`` for ``purpose``.

        Raises:
            WrongTypeError: ``channel`` is no `Channel`, ``purpose`` no `Purpose` (or
                their value strings).
        """
        channel = as_enum(Channel, channel, "channel")
        purpose = as_enum(Purpose, purpose, "purpose")
        return (self.channel is None or self.channel is channel) and (
            self.purpose is None or self.purpose is purpose
        )

    @classmethod
    def checked(
        cls, at: _dt.datetime, at_us: int, channel: Channel | None, purpose: Purpose | None
    ) -> OptOut:
        """An opt-out from parts the caller has checked: ``at`` aware, ``at_us`` its
        epoch µs, the members already enums or ``None`` (replay's hot path)."""
        opt_out = object.__new__(cls)
        _opt_out_at(opt_out, at)
        _opt_out_channel_slot(opt_out, channel)
        _opt_out_purpose_slot(opt_out, purpose)
        _opt_out_at_us(opt_out, at_us)
        return opt_out


# Slot setters for ``OptOut.checked`` (see ``Attempt.checked``).
_opt_out_at, _opt_out_channel_slot, _opt_out_purpose_slot, _opt_out_at_us = (
    cast(Callable[[object, object], None], OptOut.__dict__[name].__set__)
    for name in ("at", "channel", "purpose", "at_us")
)


@attrs.frozen
class Appointment:
    """A time the customer chose (FU-13, SC-3): it wins over the default schedule.

    Inside ``[start, end)`` a contact for ``purpose`` (``None``: any) is allowed
    even in rest hours or outside the FU-4 window; opt-outs and caps still apply.

    Examples:
        >>> import pendulum
        >>> a = Appointment(pendulum.datetime(2026, 5, 2, 12, 30, tz="Asia/Shanghai"),
        ...                 pendulum.datetime(2026, 5, 2, 13, 0, tz="Asia/Shanghai"))
        >>> (a.end_us - a.start_us) // 60_000_000
        30
    """

    start: _dt.datetime
    end: _dt.datetime
    purpose: Purpose | None = attrs.field(default=Purpose.SERVICE, converter=_appointment_purpose)
    start_us: int = attrs.field(init=False, repr=False, eq=False)
    end_us: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        s, e = _aware_us(self.start, "appointment.start"), _aware_us(self.end, "appointment.end")
        if e <= s:
            raise FollowupError(
                f"appointment.end: {self.end.isoformat()} is not after start "
                f"{self.start.isoformat()}; an appointment is a non-empty slot",
                field="appointment.end",
                value=self.end,
                rule="FU-13",
            )
        object.__setattr__(self, "start_us", s)
        object.__setattr__(self, "end_us", e)


def _tz_validator(inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    get_timezone(value, attribute.name)


def _numbers(value: Iterable[str], field: str) -> tuple[str, ...]:
    if type(value) is tuple or type(value) is list:  # the common case: no ABC checks
        pass
    elif not isinstance(value, Iterable) or isinstance(value, bytes | Mapping):
        raise WrongTypeError(
            f"{field}: expected a list of number strings, got {problem_text(value)}",
            field=field,
            value=value,
        )
    elif isinstance(value, str):
        raise FollowupError(
            f"{field}: {value!r} is one string; give a list of numbers, e.g. [{value!r}]",
            field=field,
            value=value,
        )
    out = tuple(value)
    for i, number in enumerate(out):
        if not isinstance(number, str) or not number:
            raise FollowupError(
                f"{field}[{i}]: {problem_text(number)} is not a number string",
                field=f"{field}[{i}]",
                value=number,
            )
    return out


def _phones(value: Iterable[str]) -> tuple[str, ...]:
    return _numbers(value, "phones")


def _sms(value: Iterable[str]) -> tuple[str, ...]:
    return _numbers(value, "sms")


def _items(value: object, kind: type[_T], field: str) -> tuple[_T, ...]:
    if type(value) is tuple:  # the common case, without the ABC checks below
        if not value:
            return value
    elif isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise WrongTypeError(
            f"{field}: expected a list of {kind.__name__} values, got {problem_text(value)}",
            field=field,
            value=value,
        )
    out = tuple(value)
    for i, item in enumerate(out):
        if not isinstance(item, kind):
            raise WrongTypeError(
                f"{field}[{i}]: expected a {kind.__name__}, got {problem_text(item)}",
                field=f"{field}[{i}]",
                value=item,
            )
    return out


def _opt_outs(value: Iterable[OptOut]) -> tuple[OptOut, ...]:
    return _items(value, OptOut, "opt_outs")


def _appointments(value: Iterable[Appointment]) -> tuple[Appointment, ...]:
    items = _items(value, Appointment, "appointments")
    if len(items) < 2:
        return items
    return tuple(sorted(items, key=lambda a: (a.start_us, a.end_us)))


@attrs.frozen
class Customer:
    """Who is contacted: their zone, VIP flag, numbers, opt-outs and appointments.

    Attributes:
        id: A stable identifier (plans sort by it).
        timezone: IANA zone of the customer; rest hours are in this zone (FU-1).
        vip: VIP customers are always planned first (FU-2).
        phones: Numbers that take calls, preferred first.
        sms: Numbers that take SMS, preferred first.
        opt_outs: Do-not-contact requests (FU-9, FU-12).
        appointments: Times the customer chose (FU-13).

    Examples:
        >>> Customer("c1", "Mars/Base")
        Traceback (most recent call last):
        ...
        complaintflow.errors.UnknownTimezoneError: timezone: 'Mars/Base' is not a known IANA time zone; use e.g. 'Asia/Shanghai'
    """  # noqa: E501

    id: str = attrs.field(validator=_text)
    timezone: str = attrs.field(validator=_tz_validator)
    vip: bool = attrs.field(default=False, validator=_bool)
    phones: tuple[str, ...] = attrs.field(default=(), converter=_phones)
    sms: tuple[str, ...] = attrs.field(default=(), converter=_sms)
    opt_outs: tuple[OptOut, ...] = attrs.field(default=(), converter=_opt_outs)
    appointments: tuple[Appointment, ...] = attrs.field(default=(), converter=_appointments)

    def numbers(self, channel: Channel) -> tuple[str, ...]:
        """The customer's numbers for ``channel``.

        Raises:
            WrongTypeError: ``channel`` is no `Channel` (or its value string).
        """
        channel = as_enum(Channel, channel, "channel")
        return self.phones if channel is Channel.PHONE else self.sms

    @classmethod
    def checked(
        cls,
        id: str,
        timezone: str,
        vip: bool,
        numbers: tuple[str, ...],
        opt_outs: tuple[OptOut, ...],
    ) -> Customer:
        """A customer whose ``numbers`` (non-empty strings, for phone and SMS alike)
        and ``opt_outs`` the caller has checked, without appointments (replay's hot
        path). ``id`` and ``timezone`` are validated as by the generated
        ``__init__``, with the same errors.

        Raises:
            WrongTypeError: ``id`` is not a non-empty string.
            UnknownTimezoneError: ``timezone`` is not a known IANA zone.
        """
        _text(None, _CUSTOMER_FIELDS.id, id)
        get_timezone(timezone, "timezone")
        customer = object.__new__(cls)
        _customer_id(customer, id)
        _customer_timezone(customer, timezone)
        _customer_vip(customer, vip)
        _customer_phones(customer, numbers)
        _customer_sms(customer, numbers)
        _customer_opt_outs(customer, opt_outs)
        _customer_appointments(customer, ())
        return customer


# Slot setters for ``Customer.checked`` (see ``Attempt.checked``).
_CUSTOMER_FIELDS = attrs.fields(Customer)
(
    _customer_id,
    _customer_timezone,
    _customer_vip,
    _customer_phones,
    _customer_sms,
    _customer_opt_outs,
    _customer_appointments,
) = (
    cast(Callable[[object, object], None], Customer.__dict__[name].__set__)
    for name in ("id", "timezone", "vip", "phones", "sms", "opt_outs", "appointments")
)


@attrs.frozen
class Attempt:
    """One contact attempt in the history (what happened, not what is planned).

    Examples:
        >>> import pendulum
        >>> Attempt(pendulum.datetime(2026, 5, 1, 9, tz="Asia/Shanghai")).outcome
        <Outcome.FAILED: 'failed'>
    """

    at: _dt.datetime
    channel: Channel = attrs.field(default=Channel.PHONE, converter=_attempt_channel_field)
    number: str | None = attrs.field(default=None, validator=_optional_text)
    outcome: Outcome = attrs.field(default=Outcome.FAILED, converter=_attempt_outcome_field)
    at_us: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "at_us", _aware_us(self.at, "history.at"))

    @classmethod
    def from_us(
        cls,
        at_us: int,
        channel: Channel = Channel.PHONE,
        number: str | None = None,
        outcome: Outcome = Outcome.FAILED,
    ) -> Attempt:
        """An attempt at epoch microseconds (for hosts replaying logs).

        Raises:
            WrongTypeError: ``at_us`` is no integer (or another argument of the wrong
                type, as for the constructor).
            OutOfRangeError: ``at_us`` is beyond the years 1-9999.
        """
        check_int(at_us, "at_us")
        try:
            at = _UTC_EPOCH + _dt.timedelta(microseconds=at_us)
        except OverflowError:
            raise OutOfRangeError(
                f"at_us: {problem_text(at_us)} µs after 1970-01-01T00:00:00Z is beyond the "
                "years 1-9999",
                field="at_us",
                value=at_us,
            ) from None
        return cls(at, channel, number, outcome)

    @classmethod
    def checked(
        cls, at: _dt.datetime, at_us: int, channel: Channel, number: str | None, outcome: Outcome
    ) -> Attempt:
        """An attempt from parts the caller has checked: ``at`` aware, ``at_us`` its
        epoch µs (replay's hot path: half the cost of the generated ``__init__``,
        which would convert ``at`` again)."""
        attempt = object.__new__(cls)
        _attempt_at(attempt, at)
        _attempt_channel(attempt, channel)
        _attempt_number(attempt, number)
        _attempt_outcome(attempt, outcome)
        _attempt_at_us(attempt, at_us)
        return attempt


# Slot setters for ``Attempt.checked``: writing through the slot descriptor is the
# cheapest legal way past a frozen class (as ``_workflow_run`` does for snapshots).
_attempt_at, _attempt_channel, _attempt_number, _attempt_outcome, _attempt_at_us = (
    cast(Callable[[object, object], None], Attempt.__dict__[name].__set__)
    for name in ("at", "channel", "number", "outcome", "at_us")
)


# -- rules ------------------------------------------------------------------------


@attrs.frozen
class ContactHours:
    """Allowed contact windows of one purpose, in the customer's zone (FU-1, FU-10).

    ``calendar`` is written in a placeholder zone; `index_for` re-creates
    it in a customer's zone (cached). Rest hours are the complement.

    Examples:
        >>> from complaintflow import followup
        >>> hours = followup.default().hours_for(Purpose.SERVICE)
        >>> hours.rule, hours.calendar.hours_on(_dt.date(2026, 5, 1))
        ('FU-1', [('08:00', '12:00'), ('14:00', '21:00')])
    """

    purpose: Purpose = attrs.field(converter=_hours_purpose)
    calendar: BusinessCalendar = attrs.field(
        validator=is_instance(BusinessCalendar, "a BusinessCalendar")
    )
    rule: str = attrs.field(default="FU-1", validator=is_text())
    _cache: dict[str, CalendarIndex] = attrs.field(
        init=False, factory=dict, eq=False, repr=False, hash=False
    )

    def index_for(self, timezone: str) -> CalendarIndex:
        """The calendar's integer index in ``timezone`` (built once per zone).

        Raises:
            WrongTypeError: ``timezone`` is no string.
            UnknownTimezoneError: ``timezone`` is no IANA zone.
        """
        if not isinstance(timezone, str):
            raise wrong_type("timezone", "an IANA zone name", timezone)
        index = self._cache.get(timezone)
        if index is None:
            index = attrs.evolve(self.calendar, timezone=timezone).epoch_index()
            self._cache[timezone] = index
        return index


#: Duration kinds that are deadlines of their own, not lengths a window can have.
_NO_WINDOW = (DurationKind.BUSINESS_DAYS_BY, DurationKind.DUE_FIELD)


@attrs.frozen
class ContactWindow:
    """A return visit happens within ``within`` of its trigger (FU-4, SLA-6).

    The window is half-open: ``[trigger, trigger + within)``. Business durations
    run on ``calendar`` if given, else on the purpose's contact hours in the
    customer's zone.

    Examples:
        >>> ContactWindow().within
        Duration.parse('3 calendar days')
    """

    within: Duration = attrs.field(
        factory=lambda: Duration.parse(WINDOW.value), validator=is_instance(Duration, "a Duration")
    )
    calendar: BusinessCalendar | None = attrs.field(
        default=None, validator=is_instance(BusinessCalendar, "a BusinessCalendar", optional=True)
    )
    rule: str = attrs.field(default="FU-4", validator=is_text())

    def __attrs_post_init__(self) -> None:
        if isinstance(self.within, Duration) and self.within.kind in _NO_WINDOW:
            raise FollowupError(
                f"window.within: {self.within} is an SLA deadline, not a window length; "
                "give business time, business days or calendar time, e.g. '3 calendar days'",
                field="window.within",
                value=str(self.within),
                rule="FU-4",
            )


def _cap_channels(value: Iterable[Channel]) -> frozenset[Channel]:
    if type(value) is frozenset and all(type(c) is Channel for c in value):
        return value  # the common case: the default, or a parsed cap
    items = items_of(value, "channels", (Channel, str), "channels")
    return frozenset(as_enum(Channel, c, f"channels[{i}]") for i, c in enumerate(items))


@attrs.frozen
class FrequencyCap:
    """At most ``max_attempts`` per ``per_days`` days, and a minimum gap (FU-11).

    Examples:
        >>> cap = FrequencyCap(max_attempts=2, per_days=1, day=DayRule.LOCAL_DATE)
        >>> cap.describe()
        'at most 2 attempts per local calendar day (per customer)'
    """

    max_attempts: int | None = 3
    per_days: int = 1
    day: DayRule = attrs.field(default=DayRule.ROLLING, converter=_cap_day)
    min_gap: Duration | None = None
    scope: CapScope = attrs.field(default=CapScope.CUSTOMER, converter=_cap_scope)
    channels: frozenset[Channel] = attrs.field(default=frozenset(Channel), converter=_cap_channels)
    rule: str = attrs.field(default="FU-11", validator=is_text())

    def __attrs_post_init__(self) -> None:
        check_int(self.max_attempts, "max_attempts", optional=True)
        check_int(self.per_days, "per_days")
        if self.min_gap is not None and not isinstance(self.min_gap, Duration):
            raise wrong_type("min_gap", "a Duration or None", self.min_gap)
        if self.max_attempts is not None and self.max_attempts < 1:
            raise FollowupError(
                f"max_attempts: {self.max_attempts} would forbid every contact; give at least "
                "1 (use an opt-out to stop contacts)",
                field="max_attempts",
                value=self.max_attempts,
                rule="FU-11",
            )
        if self.per_days < 1:
            raise FollowupError(
                f"per_days: {self.per_days} must be at least 1",
                field="per_days",
                value=self.per_days,
                rule="FU-11",
            )
        if self.min_gap is not None and (
            self.min_gap.kind is not DurationKind.CALENDAR or self.min_gap.days
        ):
            raise FollowupError(
                f"min_gap: {self.min_gap} must be exact calendar time, e.g. '2 calendar hours'",
                field="min_gap",
                value=str(self.min_gap),
                rule="FU-11",
            )

    def describe(self) -> str:
        """A human-readable summary of the cap."""
        parts = []
        if self.max_attempts is not None:
            if self.day is DayRule.ROLLING:
                span = f"rolling {24 * self.per_days} hours"
            elif self.per_days == 1:
                span = "local calendar day"
            else:
                span = f"{self.per_days} local calendar days"
            parts.append(f"at most {self.max_attempts} attempts per {span}")
        if self.min_gap is not None:
            parts.append(f"at least {self.min_gap} between attempts".replace("calendar ", ""))
        return " and ".join(parts) + f" (per {self.scope.value})"

    def threshold(self, times: Sequence[int], tz: _dt.tzinfo) -> int | None:
        """Earliest instant allowed by this cap given attempts ``times`` (sorted,
        all before the question), or ``None`` when no attempt restricts it.

        Raises:
            WrongTypeError: ``times`` is no list of epoch microseconds (integers), or
                ``tz`` no ``tzinfo``.
        """
        times = items_of(times, "times", int, "epoch microseconds (integers)")
        if not isinstance(tz, _dt.tzinfo):
            raise wrong_type("tz", "a tzinfo", tz)
        out: int | None = None
        n = self.max_attempts
        if n is not None and len(times) >= n:
            nth = times[-n]
            if self.day is DayRule.ROLLING:
                out = nth + self.per_days * DAY_US
            else:
                out = day_start(tz, local_date(tz, nth) + _dt.timedelta(days=self.per_days))
        if self.min_gap is not None and times:
            gap = times[-1] + self.min_gap.micros
            out = gap if out is None else max(out, gap)
        return out


@attrs.frozen
class ChannelFallback:
    """Phone first; SMS after ``sms_after_failed_calls`` failed calls (FU-5).

    Failed calls are counted since the trigger (all history without one).

    Examples:
        >>> ChannelFallback().sms_after_failed_calls
        2
    """

    sms_after_failed_calls: int = FALLBACK_AFTER.value  # type: ignore[assignment]
    rule: str = attrs.field(default="FU-5", validator=is_text())

    def __attrs_post_init__(self) -> None:
        check_int(self.sms_after_failed_calls, "sms_after_failed_calls")
        if self.sms_after_failed_calls < 1:
            raise FollowupError(
                f"sms_after_failed_calls: {self.sms_after_failed_calls} must be at least 1",
                field="sms_after_failed_calls",
                value=self.sms_after_failed_calls,
                rule="FU-5",
            )


def _day(value: object, field: str) -> _dt.date:
    # A datetime is a date too, but an instant is no calendar day: refused, not cut.
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise wrong_type(field, "a datetime.date", value)
    return value


def _yearly(value: Iterable[tuple[int, int]]) -> frozenset[tuple[int, int]]:
    out = []
    for i, pair in enumerate(items_of(value, "yearly", tuple, "(month, day) pairs")):
        field = f"yearly[{i}]"
        if len(pair) != 2 or not all(type(n) is int for n in pair):
            raise wrong_type(field, "a (month, day) pair of ints", pair)
        try:
            _dt.date(2000, *pair)  # a leap year admits 29 February
        except ValueError:
            raise FollowupError(
                f"{field}: {pair!r} is no day of the year; give (month, day), e.g. (5, 17)",
                field=field,
                value=pair,
                rule="FU-7",
            ) from None
        out.append(pair)
    return frozenset(out)


def _dates(value: Iterable[_dt.date]) -> frozenset[_dt.date]:
    items = items_of(value, "dates", _dt.date, "datetime.date values")
    return frozenset(_day(d, f"dates[{i}]") for i, d in enumerate(items))


def _ranges(value: Iterable[tuple[_dt.date, _dt.date]]) -> tuple[tuple[_dt.date, _dt.date], ...]:
    out = []
    for i, pair in enumerate(items_of(value, "ranges", tuple, "(first, last) date pairs")):
        field = f"ranges[{i}]"
        if len(pair) != 2:
            raise wrong_type(field, "a (first, last) pair of dates", pair)
        first, last = _day(pair[0], f"{field}[0]"), _day(pair[1], f"{field}[1]")
        if last < first:
            raise FollowupError(
                f"{field}: {last} is before {first}; give (first, last)",
                field=field,
                value=pair,
                rule="FU-7",
            )
        out.append((first, last))
    return tuple(out)


@attrs.frozen
class Campaign:
    """Days on which special visits may happen (FU-7): festivals, Telecom Day, promotions.

    Attributes:
        name: A label for reasons and reports.
        yearly: ``(month, day)`` pairs that recur every year, e.g. ``(5, 17)``.
        dates: Single dates.
        ranges: Inclusive ``(first, last)`` date ranges (promotions).

    Examples:
        >>> c = Campaign("Telecom Day", yearly=frozenset({(5, 17)}))
        >>> c.next_day(_dt.date(2026, 5, 18))
        datetime.date(2027, 5, 17)
    """

    name: str = attrs.field(validator=is_text())
    yearly: frozenset[tuple[int, int]] = attrs.field(default=frozenset(), converter=_yearly)
    dates: frozenset[_dt.date] = attrs.field(default=frozenset(), converter=_dates)
    ranges: tuple[tuple[_dt.date, _dt.date], ...] = attrs.field(default=(), converter=_ranges)
    rule: str = attrs.field(default="FU-7", validator=is_text())

    def next_day(self, day: _dt.date) -> _dt.date | None:
        """The first campaign day on or after ``day``, or ``None``.

        Raises:
            WrongTypeError: ``day`` is no date (a datetime included).
        """
        if isinstance(day, _dt.datetime) or not isinstance(day, _dt.date):
            raise wrong_type("day", "a date", day)
        found: list[_dt.date] = [d for d in self.dates if d >= day]
        for first, last in self.ranges:
            if last >= day:
                found.append(max(first, day))
        for month, dom in self.yearly:
            for year in range(day.year, day.year + 9):  # 29 Feb recurs within 8 years
                try:
                    candidate = _dt.date(year, month, dom)
                except ValueError:
                    continue
                if candidate >= day:
                    found.append(candidate)
                    break
        return min(found, default=None)


PURPOSE_RULE = {Purpose.SERVICE: "FU-1", Purpose.SPECIAL: "FU-1", Purpose.MARKETING: "FU-10"}
