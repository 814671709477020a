"""Follow-up decisions: may we contact this customer now, and if not, when?

Theory of operation
-------------------
For one customer, purpose, channel and history, the set of allowed instants is

    channel ok (FU-5)  and  t >= T_cap (FU-11)  and  t < T_opt_out (FU-9, FU-12)
    and ( in an appointment (FU-13)
          or ( in the window (FU-4) and on a campaign day (FU-7, special visits)
               and inside the contact hours (FU-1, FU-10) ) )

Everything history-dependent collapses to two integers: every frequency cap is
satisfied from one threshold instant on (the history is fixed and lies before the
question, so counts only fall as time passes), and every opt-out forbids
everything from its instant on. `_Gate` compiles these once per question,
in epoch microseconds.

`decide` evaluates each rule in a fixed order and records a trace entry per
rule (like ``proactive-gate``'s ordered checks, but each entry names its source
rule). `next_allowed` (and ``Decision.retry_at``) finds the *least* allowed
instant by a fixpoint: each rule maps ``t`` to the earliest instant at or after
``t`` that it accepts; applying them until none moves ``t`` gives the least
instant all accept, because no rule can accept anything between ``t`` and its
answer. The contact hours answer with the calendar's ``next_open`` (O(log n)).

DST rule: contact hours are wall-clock windows in the customer's zone, and an
instant is allowed when its local wall time lies in a window of its local date.
So after a window that ends (or a rest period that ends) at a wall time that
does not exist (spring forward), the answer is the first real instant after it:
the transition instant itself. In an autumn fold the first occurrence of the wall
time is the answer, and a wall time that repeats is judged each time it occurs.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Sequence

import pendulum

from complaintflow._errors import FollowupError, NeverOpensError, WrongTypeError, problem_text
from complaintflow._time import get_timezone, to_us
from complaintflow.calendars import DurationKind
from complaintflow.calendars._internal import DAY_US, CalendarIndex
from complaintflow.followup._definition import (
    Appointment,
    Attempt,
    CapScope,
    Channel,
    ContactHours,
    ContactWindow,
    Customer,
    FrequencyCap,
    OptOut,
    Outcome,
    Purpose,
    _items,
    as_enum,
    day_start,
    local_date,
)
from complaintflow.followup._outcome import Refusal, TraceEntry
from complaintflow.followup._policy import FollowupPolicy

__all__ = ["refusals_at"]

_NEVER = 1 << 62
_ALL_CHANNELS = frozenset(Channel)
_MAX_STEPS = 5000


# Passing checks allocate nothing: their trace entries are shared constants.
_PASS_CHANNEL = {
    Channel.PHONE: TraceEntry("FU-5", "channel", True, "phone"),
    Channel.SMS: TraceEntry("FU-5", "channel", True, "sms"),
}
_PASS_OPT_OUT = TraceEntry("FU-9", "opt-out", True, "no opt-out applies")
_PASS_APPOINTMENT = TraceEntry("FU-13", "appointment", True, "inside a chosen appointment")
_PASS_WINDOW = TraceEntry("FU-4", "window", True, "inside the contact window")
_PASS_CAMPAIGN = TraceEntry("FU-7", "campaign", True, "a campaign day")
_PASS_HOURS = {
    "FU-1": TraceEntry("FU-1", "hours", True, "inside contact hours"),
    "FU-10": TraceEntry("FU-10", "hours", True, "inside working hours"),
}
_PASS_CAPS = TraceEntry("FU-11", "caps", True, "within every cap")
_UTC_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


_ONE_US = _dt.timedelta(microseconds=1)
_timedelta = _dt.timedelta
#: Two-digit numbers, for dates and times in refusal reasons.
_TWO = tuple(f"{i:02d}" for i in range(100))
_sub = _dt.datetime.__sub__


def _us(value: object, field: str) -> int:
    """Epoch µs of an aware datetime: ``to_us`` minus pendulum's slow offset path."""
    if isinstance(value, _dt.datetime) and value.tzinfo is not None:
        try:
            return _sub(value, _UTC_EPOCH) // _ONE_US
        except TypeError:  # a tzinfo that gives no offset: let to_us explain
            pass
    return to_us(value, field)


def _local(t: int, tz: _dt.tzinfo) -> _dt.datetime:
    return (_UTC_EPOCH + _timedelta(0, 0, t)).astimezone(tz)  # positional: no keyword parse


def _instant(t: int, tz: pendulum.Timezone) -> pendulum.DateTime:
    """``from_us`` without pendulum's slow conversion path (same value, fold kept)."""
    x = _local(t, tz)
    return pendulum.DateTime(
        x.year, x.month, x.day, x.hour, x.minute, x.second, x.microsecond, tzinfo=tz, fold=x.fold
    )


def _add_days(cal: CalendarIndex, tz: _dt.tzinfo, t: int, days: int) -> int:
    """``t`` plus ``days`` local days, keeping the wall-clock time (DST-correct).

    Fast path: when neither local date has a UTC-offset change, the wall time is
    the elapsed time since local midnight, read from the calendar's day table.
    Otherwise convert through the wall time; a wall time in a DST gap moves
    forward by the gap (pendulum's and zoneinfo's ``fold=0`` rule).
    """
    cal.state_for(t)
    state = cal.state_for(t + days * DAY_US)  # states only grow: covers ``t`` too
    starts = state.day_starts
    j = bisect_right(starts, t) - 1
    k = j + days
    if (
        0 <= j
        and k + 1 < len(starts)
        and starts[j + 1] - starts[j] == DAY_US
        and starts[k + 1] - starts[k] == DAY_US
    ):
        return starts[k] + (t - starts[j])
    wall = _local(t, tz).replace(tzinfo=None) + _dt.timedelta(days=days)
    return to_us(wall.replace(tzinfo=tz), "window")


def _fmt(t: int, tz: _dt.tzinfo) -> str:
    """``YYYY-MM-DD HH:MM +HH:MM`` of ``t`` in ``tz`` (the offset in whole minutes,
    towards zero), from tables instead of format specs: refusal reasons are built on
    replay's hot path."""
    x = _local(t, tz)
    off = x.utcoffset()
    us = 0 if off is None else (off.days * 86_400 + off.seconds) * 1_000_000 + off.microseconds
    mins = (us if us >= 0 else -us) // 60_000_000
    year = x.year
    two = _TWO
    return (
        f"{year if year >= 1000 else str(year).zfill(4)}-{two[x.month]}-{two[x.day]} "
        f"{two[x.hour]}:{two[x.minute]} {'+' if us >= 0 else '-'}{two[mins // 60]}:{two[mins % 60]}"
    )


def _wall(t: int, tz: _dt.tzinfo) -> str:
    x = _local(t, tz)
    return f"{_WEEKDAYS[x.weekday()]} {_TWO[x.hour]}:{_TWO[x.minute]}"


def _failed_calls(history: Sequence[Attempt], at_us: int, triggered_us: int | None) -> int:
    """FU-5: the failed calls since the trigger (all of them without one).

    The same pass checks that the history lies before the question.

    Raises:
        FollowupError: An attempt lies after ``at_us``.
    """
    failed = 0
    since = -_NEVER if triggered_us is None else triggered_us
    phone, failed_outcome = Channel.PHONE, Outcome.FAILED
    for attempt in history:
        when = attempt.at_us
        if when > at_us:
            raise FollowupError(
                f"history: an attempt at {attempt.at.isoformat()} lies after the question "
                "instant; the history is what happened before it",
                field="history",
                value=attempt.at,
            )
        if attempt.channel is phone and attempt.outcome is failed_outcome and when >= since:
            failed += 1
    return failed


class _Gate:
    """The compiled question: everything in epoch µs (see the module docstring)."""

    __slots__ = (
        "appointments",
        "cal",
        "cap",
        "cap_threshold",
        "channel",
        "channel_refusal",
        "hours_rule",
        "number",
        "opt_out",
        "opt_out_us",
        "policy",
        "purpose",
        "tz",
        "w0",
        "w1",
    )

    def __init__(
        self,
        policy: FollowupPolicy,
        customer: Customer,
        purpose: Purpose,
        at_us: int,
        history: Sequence[Attempt],
        triggered_us: int | None,
        channel: Channel | None,
        number: str | None,
    ) -> None:
        # Nothing is restricted until a rule says so: no opt-out, cap, window or
        # appointment. The helpers run in this order, so a question that breaks
        # several preconditions reports the first (unknown hours, later history,
        # a number that is not the customer's); a helper with nothing to read is
        # skipped (the common case of the hot paths).
        self.policy, self.purpose = policy, purpose
        self.tz = get_timezone(customer.timezone)
        self.opt_out: OptOut | None = None
        self.opt_out_us = _NEVER
        self.cap: FrequencyCap | None = None
        self.cap_threshold = -_NEVER
        self.w0, self.w1 = -_NEVER, _NEVER
        self.appointments: tuple[tuple[int, int], ...] = ()
        self._contact_hours(policy.hours_for(purpose), customer.timezone)
        failed = _failed_calls(history, at_us, triggered_us) if history else 0
        self._channel(customer, channel, number, failed, policy.fallback.sms_after_failed_calls)
        if self.channel is not None:
            if customer.opt_outs:
                self._opt_out(customer.opt_outs, self.channel, purpose)
            if history and policy.caps:
                self._caps(policy.caps, self.channel, customer, history)
        if triggered_us is not None:
            self._window(policy.window, triggered_us)
        if customer.appointments:
            self._appointments(customer.appointments, purpose)

    # -- compiling the rules, one per helper ----------------------------------------------

    def _contact_hours(self, hours: ContactHours, timezone: str) -> None:
        """FU-1, FU-10: the purpose's contact hours, as an index in the customer's zone."""
        self.hours_rule = hours.rule
        self.cal: CalendarIndex = hours.index_for(timezone)

    def _channel(
        self,
        customer: Customer,
        channel: Channel | None,
        number: str | None,
        failed: int,
        n_fail: int,
    ) -> None:
        """FU-5: phone first, SMS after ``n_fail`` failed calls; then the number.

        Without a forced channel, pick one: a phone-only customer past the limit is
        called again (there is no SMS to fall back to; the caps and the window
        still bound the calls, and an unreachable customer is recorded as such,
        FU-3), so the fallback never blocks a customer for good. A forced channel
        is refused when the rule would pick the other one. A forced number must be one of the
        customer's on that channel; by default the first is used.

        Raises:
            FollowupError: ``number`` is not one of the customer's numbers.
        """
        refusal: str | None = None
        if channel is None:
            if customer.phones and failed < n_fail:
                channel = Channel.PHONE
            elif customer.sms:
                channel = Channel.SMS
            elif customer.phones:
                channel = Channel.PHONE  # no SMS number to fall back to: phone again
            else:
                refusal = "the customer has no phone or SMS number"
        elif channel is Channel.PHONE and failed >= n_fail and customer.sms:
            refusal = f"{failed} calls failed: switch to SMS after {n_fail}"
        elif channel is Channel.SMS and failed < n_fail and customer.phones:
            refusal = f"call first: SMS only after {n_fail} failed calls ({failed} so far)"
        numbers = customer.numbers(channel) if channel is not None else ()
        if number is not None:
            if number not in numbers:
                raise FollowupError(
                    f"number: {number!r} is not one of the customer's "
                    f"{channel.value if channel else ''} numbers {list(numbers)}",
                    field="number",
                    value=number,
                    rule="FU-5",
                )
        elif numbers:
            number = numbers[0]
        elif channel is not None and refusal is None:
            refusal = f"the customer has no {channel.value} number"
        self.channel, self.number, self.channel_refusal = channel, number, refusal

    def _opt_out(self, opt_outs: Sequence[OptOut], channel: Channel, purpose: Purpose) -> None:
        """FU-9, FU-12: the earliest opt-out that covers the channel and purpose.

        It forbids everything from its instant on, so one instant stands for all.
        """
        for o in opt_outs:
            if o.at_us < self.opt_out_us and o.covers(channel, purpose):
                self.opt_out, self.opt_out_us = o, o.at_us

    def _caps(
        self,
        caps: Sequence[FrequencyCap],
        channel: Channel,
        customer: Customer,
        history: Sequence[Attempt],
    ) -> None:
        """FU-11: one threshold instant from which every frequency cap holds.

        The history lies before the question, so every count only falls as time
        passes: the latest of the caps' thresholds is the one that binds.
        """
        number, tz, first_number = self.number, self.tz, customer.numbers
        for cap in caps:
            chans = cap.channels
            every = chans == _ALL_CHANNELS  # C-level; ``in`` hashes the enum in Python
            if not every and channel not in chans:
                continue
            if cap.scope is CapScope.CUSTOMER:
                times = (
                    [a.at_us for a in history]
                    if every
                    else [a.at_us for a in history if a.channel in chans]
                )
            else:  # an attempt without a number went to the channel's first number
                times = [
                    a.at_us
                    for a in history
                    if a.channel in chans
                    and (a.number or (first_number(a.channel) or (None,))[0]) == number
                ]
            times.sort()
            threshold = cap.threshold(times, tz)
            if threshold is not None and threshold > self.cap_threshold:
                self.cap, self.cap_threshold = cap, threshold

    def _window(self, window: ContactWindow, triggered_us: int) -> None:
        """FU-4: the return-visit window ``[trigger, trigger + within)``.

        Calendar days keep the wall time (DST-correct); business durations run on
        the window's calendar, else on the contact hours.
        """
        within = window.within
        self.w0 = triggered_us
        if within.kind is DurationKind.CALENDAR and not within.days:
            self.w1 = triggered_us + within.micros
        elif within.kind is DurationKind.CALENDAR:
            self.w1 = _add_days(self.cal, self.tz, triggered_us, within.days) + within.micros
        else:
            wcal = window.calendar.epoch_index() if window.calendar is not None else self.cal
            if within.kind is DurationKind.BUSINESS_TIME:
                self.w1 = wcal.add(triggered_us, within.micros)
            else:
                self.w1 = wcal.add_business_days(triggered_us, within.days)

    def _appointments(self, appointments: Sequence[Appointment], purpose: Purpose) -> None:
        """FU-13: the slots the customer chose, for this purpose or for any (sorted)."""
        self.appointments = tuple(
            [
                (a.start_us, a.end_us)
                for a in appointments
                if a.purpose is None or a.purpose is purpose
            ]
        )

    # -- the predicate ------------------------------------------------------------

    def in_appointment(self, t: int) -> bool:
        if not self.appointments:  # the common case, without a generator
            return False
        return any(s <= t < e for s, e in self.appointments)

    def campaign_day(self, t: int) -> bool:
        if self.purpose is not Purpose.SPECIAL:
            return True
        day = local_date(self.tz, t)
        return any(c.next_day(day) == day for c in self.policy.campaigns)

    def allowed(self, t: int) -> bool:
        if self.channel_refusal is not None or t < self.cap_threshold or t >= self.opt_out_us:
            return False
        if self.in_appointment(t):
            return True
        return self.w0 <= t < self.w1 and self.campaign_day(t) and self.cal.is_open(t)

    # -- the least allowed instant ------------------------------------------------

    def earliest(self, t: int, bound: int) -> tuple[int | None, tuple[Refusal, ...]]:
        """Least allowed instant in ``[t, bound)``, or ``None`` with the reasons."""
        if self.channel_refusal is not None:
            return None, (Refusal("FU-5", self.channel_refusal),)
        t = max(t, self.cap_threshold)
        limit = min(bound, self.opt_out_us)
        appt = next((max(s, t) for s, e in self.appointments if e > t), None)
        default, why = self._default_earliest(t, limit)
        best = min((x for x in (appt, default) if x is not None and x < limit), default=None)
        if best is not None:
            return best, ()
        if self.opt_out_us <= bound and self.opt_out is not None:
            o = self.opt_out
            why = (
                Refusal(o.rule, f"opted out from {_fmt(o.at_us, self.tz)}; no contact after that"),
            )
        return None, why

    def _default_earliest(self, t: int, limit: int) -> tuple[int | None, tuple[Refusal, ...]]:
        tz = self.tz
        for _ in range(_MAX_STEPS):
            start = t
            t = max(t, self.w0)
            if t >= self.w1:
                return None, (
                    Refusal(
                        "FU-4",
                        f"no allowed instant before the window closes at {_fmt(self.w1, tz)}",
                    ),
                )
            if t >= limit:
                return None, ()
            try:
                t = self.cal.next_open(t)
            except NeverOpensError:
                return None, (Refusal(self.hours_rule, "the contact hours never open again"),)
            if self.purpose is not Purpose.SPECIAL:
                # Only campaign days can move ``t`` again: one pass is the fixpoint.
                if t >= self.w1:
                    continue  # the next round reports the closed window
                return (t, ()) if t < limit else (None, ())
            day = local_date(tz, t)
            nxt = min(
                (d for c in self.policy.campaigns if (d := c.next_day(day)) is not None),
                default=None,
            )
            if nxt is None:
                return None, (Refusal("FU-7", "no campaign day is left"),)
            if nxt > day:
                t = day_start(tz, nxt)
            if t == start:
                return (t, ()) if t < limit and t < self.w1 else (None, ())
        return None, ()  # pragma: no cover - _MAX_STEPS is far beyond any real schedule

    def bound(self, t: int) -> int:
        return t + self.policy.horizon_days * DAY_US

    # -- the ordered checks -----------------------------------------------------------

    def check(self, t: int) -> tuple[list[Refusal], list[TraceEntry]]:
        """The refusals at ``t`` and one trace entry per check, in order."""
        trace: list[TraceEntry] = []
        return self.refusals(t, trace), trace

    def refusals(self, t: int, trace: list[TraceEntry] | None = None) -> list[Refusal]:
        """The refusals at ``t``, in check order; each check's trace entry is
        appended to ``trace`` if given (the refusals alone are replay's hot path)."""
        refusals: list[Refusal] = []
        tz = self.tz
        # FU-5
        if self.channel_refusal is not None:
            refusals.append(Refusal("FU-5", self.channel_refusal))
            if trace is not None:
                trace.append(TraceEntry("FU-5", "channel", False, self.channel_refusal))
        elif trace is not None:
            assert self.channel is not None
            trace.append(_PASS_CHANNEL[self.channel])
        # FU-9 / FU-12
        if t >= self.opt_out_us and self.opt_out is not None:
            o = self.opt_out
            reason = f"opted out from {_fmt(o.at_us, tz)}"
            refusals.append(Refusal(o.rule, reason))
            if trace is not None:
                trace.append(TraceEntry(o.rule, "opt-out", False, reason))
        elif trace is not None:
            trace.append(_PASS_OPT_OUT)
        # FU-13 waives the schedule checks
        if self.appointments and self.in_appointment(t):
            if trace is not None:
                trace.append(_PASS_APPOINTMENT)
        else:
            if self.w0 <= t < self.w1:
                if trace is not None:
                    trace.append(_PASS_WINDOW)
            else:
                when = "has not opened yet" if t < self.w0 else f"closed at {_fmt(self.w1, tz)}"
                reason = f"the return-visit window {when}"
                refusals.append(Refusal("FU-4", reason))
                if trace is not None:
                    trace.append(TraceEntry("FU-4", "window", False, reason))
            if self.purpose is Purpose.SPECIAL:
                if self.campaign_day(t):
                    if trace is not None:
                        trace.append(_PASS_CAMPAIGN)
                else:
                    reason = "special visits happen on campaign days only"
                    refusals.append(Refusal("FU-7", reason))
                    if trace is not None:
                        trace.append(TraceEntry("FU-7", "campaign", False, reason))
            if self.cal.is_open(t):
                if trace is not None:
                    trace.append(_PASS_HOURS[self.hours_rule])
            else:
                what = "working hours" if self.purpose is Purpose.MARKETING else "contact hours"
                reason = f"{_wall(t, tz)} local is outside {what}"
                if self.hours_rule == "FU-1":
                    reason += " (the customer's rest time)"
                refusals.append(Refusal(self.hours_rule, reason))
                if trace is not None:
                    trace.append(TraceEntry(self.hours_rule, "hours", False, reason))
        # FU-11
        if t < self.cap_threshold and self.cap is not None:
            reason = f"{self.cap.describe()}: next attempt from {_fmt(self.cap_threshold, tz)}"
            refusals.append(Refusal("FU-11", reason))
            if trace is not None:
                trace.append(TraceEntry("FU-11", "caps", False, reason))
        elif trace is not None:
            trace.append(_PASS_CAPS)
        return refusals


def _compile(
    policy: FollowupPolicy,
    customer: Customer,
    purpose: Purpose,
    at: _dt.datetime,
    history: Sequence[Attempt],
    triggered_at: _dt.datetime | None,
    channel: Channel | None,
    number: object,
) -> tuple[int, _Gate]:
    if not isinstance(policy, FollowupPolicy):
        raise WrongTypeError(
            f"policy: expected a FollowupPolicy, got {problem_text(policy)}",
            field="policy", value=policy,
        )  # fmt: skip
    if not isinstance(customer, Customer):
        raise WrongTypeError(
            f"customer: expected a Customer, got {problem_text(customer)}",
            field="customer", value=customer,
        )  # fmt: skip
    purpose = as_enum(Purpose, purpose, "purpose")
    channel = None if channel is None else as_enum(Channel, channel, "channel")
    if number is not None and not isinstance(number, str):
        raise WrongTypeError(
            f"number: expected one of the customer's numbers, got {problem_text(number)}",
            field="number", value=number,
        )  # fmt: skip
    history = _items(history, Attempt, "history")
    t = _us(at, "at")
    trig = None if triggered_at is None else _us(triggered_at, "triggered_at")
    return t, _Gate(policy, customer, purpose, t, history, trig, channel, number)


def refusals_at(
    policy: FollowupPolicy,
    customer: Customer,
    purpose: Purpose,
    at_us: int,
    history: Sequence[Attempt],
    triggered_us: int | None,
    channel: Channel | None,
    number: str | None,
) -> list[Refusal]:
    """The refusals `decide` would give at epoch µs ``at_us``, without its trace
    or the search for a retry instant (replay's hot path: it needs only the rules)."""
    gate = _Gate(policy, customer, purpose, at_us, history, triggered_us, channel, number)
    return gate.refusals(at_us)
