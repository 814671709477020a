"""The business-time index: open intervals as integers, cumulative open time.

Theory of operation
-------------------
A calendar's open time is a sorted list of disjoint half-open instant intervals
``[starts[i], ends[i])`` in epoch microseconds, with ``cum[i]``, the open time
before interval ``i`` (counted from an arbitrary origin: only differences are
ever used). Then, with one binary search each:

- open time before ``t``: ``cum[i] + min(t - starts[i], ends[i] - starts[i])``;
- ``elapsed(a, b)`` is the difference of two of those;
- ``add(a, d)`` finds the interval whose cumulative end first reaches
  ``open_before(a) + d`` (``bisect_left`` on ``cum_end``, so a deadline that ends
  exactly at a closing instant stays there instead of jumping to the next opening).

So ``add`` and ``elapsed`` cost O(log n) whatever the span, and
``elapsed(a, add(a, d)) == d`` holds exactly, in integers. Wall-clock hours become
instants in `_wall` (gaps, folds, skipped dates).

The index is built lazily, a run of local dates at a time, the first time a query
needs them: the local year of the instant asked about (and the neighbouring year
in January and December). Growing it builds only the dates added, before or after
the dates already held, and joins them on (the lists are copied, never changed in
place: a state is immutable and a new one replaces the old one whole). A search
forward for open time adds one year, then two, then four, so a long search costs
a few joins. ``day_starts`` holds the first instant of each covered local date.

The supported range of instants is bounded, so that every call is: from
1900-01-01T00:00Z (``FIRST_US``) up to, not including, 2200-01-01T00:00Z
(``END_US``). An instant outside it is refused with
`OutOfRangeError`; so is an answer that would lie
outside it. A search for open time that reaches the end of the range without
finding any raises `NeverOpensError`. The index
itself covers the local dates from ``FIRST_DATE`` to ``LAST_DATE``, one or two
days more on each side, so that every zone's local date of every supported
instant, and the night shift of the date before, are in it. The whole range,
built at once, takes a few tenths of a second.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from complaintflow._errors import (
    CalendarCoverageError,
    CalendarError,
    DurationError,
    NeverOpensError,
    OutOfRangeError,
)
from complaintflow.calendars._duration import MAX_DAYS as MAX_DURATION_DAYS
from complaintflow.calendars._duration import MAX_MICROS as MAX_DURATION_US
from complaintflow.calendars._hours import DAY
from complaintflow.calendars._wall import (
    DAY_US,
    US,
    Run,
    Schedule,
    build,
    day_start_us,
    wall_interval_to_instants,
)

__all__ = [
    "DAY_US",
    "END_US",
    "FIRST_US",
    "RANGE_TEXT",
    "US",
    "CalendarIndex",
    "check_instant",
    "range_error",
    "wall_interval_to_instants",
]

_UTC_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_ONE_DAY = _dt.timedelta(days=1)
#: The supported range of instants: from FIRST_US up to, not including, END_US.
FIRST_US = -2_208_988_800 * US  # 1900-01-01T00:00:00Z
END_US = 7_258_118_400 * US  # 2200-01-01T00:00:00Z
RANGE_TEXT = "1900-01-01T00:00:00Z up to 2200-01-01T00:00:00Z"
#: The local dates the index may hold: those of every supported instant in every
#: zone (offsets stay within a day), and the date before for its night shift.
FIRST_DATE, LAST_DATE = _dt.date(1899, 12, 30), _dt.date(2200, 1, 2)


def range_error(field: str, value: object, shown: str) -> OutOfRangeError:
    """An instant (``shown`` as text) outside the supported range."""
    return OutOfRangeError(
        f"{field}: {shown} is outside the supported range of instants, {RANGE_TEXT} (exclusive)",
        field=field,
        value=value,
    )


def check_instant(us: int, field: str) -> int:
    """``us`` if it lies in the supported range, else `OutOfRangeError`."""
    if FIRST_US <= us < END_US:
        return us
    raise range_error(field, us, f"{us} µs after 1970-01-01T00:00:00Z")


def _beyond(what: str, field: str, value: object) -> OutOfRangeError:
    return OutOfRangeError(
        f"{field}: {what} would lie after 2200-01-01T00:00:00Z, the end of the supported "
        f"range of instants ({RANGE_TEXT})",
        field=field,
        value=value,
    )


def _cumulative(starts: list[int], ends: list[int], origin: int) -> tuple[list[int], list[int]]:
    """Open time before and after each interval, counted from ``origin``."""
    cum: list[int] = []
    cum_end: list[int] = []
    total = origin
    for s, e in zip(starts, ends, strict=True):
        cum.append(total)
        total += e - s
        cum_end.append(total)
    return cum, cum_end


class _State:
    """One immutable snapshot of the built index: the dates ``first..last``."""

    __slots__ = (
        "base",
        "bday_close",
        "bday_ords",
        "cum",
        "cum_end",
        "day_starts",
        "ends",
        "first",
        "hi_us",
        "last",
        "lo_us",
        "ok_hi",
        "ok_lo",
        "starts",
    )

    first: _dt.date
    last: _dt.date
    starts: list[int]
    ends: list[int]
    cum: list[int]
    cum_end: list[int]
    #: Open time before the first interval (the ``cum`` of instants before it).
    base: int
    day_starts: list[int]
    lo_us: int
    hi_us: int
    #: The instants this state answers for without growing: ``[ok_lo, ok_hi)``.
    ok_lo: int
    ok_hi: int
    bday_ords: list[int]
    bday_close: list[int]

    def __init__(
        self,
        dates: Run,
        starts: list[int],
        ends: list[int],
        cums: tuple[list[int], list[int]],
        base: int,
    ) -> None:
        """``dates`` gives the dates, day starts and business days; the rest the intervals."""
        self.first, self.last = dates.first, dates.last
        self.starts, self.ends = starts, ends
        self.cum, self.cum_end = cums
        self.base = base
        self.day_starts = dates.day_starts
        self.lo_us = dates.day_starts[0]
        self.hi_us = dates.end_us
        self.ok_lo = max(self.lo_us + DAY_US, FIRST_US)
        self.ok_hi = min(self.hi_us - DAY_US, END_US)
        self.bday_ords, self.bday_close = dates.bday_ords, dates.bday_close

    @classmethod
    def of(cls, run: Run) -> _State:
        return cls(run, run.starts, run.ends, _cumulative(run.starts, run.ends, 0), 0)

    def then(self, run: Run) -> _State | None:
        """This state with the dates of ``run`` (the dates after ``last``) added.

        ``None`` when the intervals of the two interleave at the seam (a fold over
        midnight at the seam): the caller then builds the whole range again.
        """
        starts, ends = self.starts, self.ends
        dates = Run(self.first, run.last, [], [], self.day_starts + run.day_starts, run.end_us,
                    self.bday_ords + run.bday_ords, self.bday_close + run.bday_close)  # fmt: skip
        if not run.starts:
            return _State(dates, starts, ends, (self.cum, self.cum_end), self.base)
        total = self.cum_end[-1] if starts else self.base
        if not starts or run.starts[0] > ends[-1]:
            cum, cum_end = _cumulative(run.starts, run.ends, total)
            return _State(dates, starts + run.starts, ends + run.ends,
                          (self.cum + cum, self.cum_end + cum_end), self.base)  # fmt: skip
        if run.starts[0] < ends[-1]:
            return None
        # Touching at the seam (open over midnight): one open period.
        first_len = run.ends[0] - run.starts[0]
        cum, cum_end = _cumulative(run.starts[1:], run.ends[1:], total + first_len)
        return _State(
            dates,
            starts + run.starts[1:],
            ends[:-1] + run.ends,
            (self.cum + cum, [*self.cum_end[:-1], total + first_len, *cum_end]),
            self.base,
        )

    def after(self, run: Run) -> _State | None:
        """This state with the dates of ``run`` (the dates before ``first``) added."""
        starts, ends = self.starts, self.ends
        dates = Run(run.first, self.last, [], [], run.day_starts + self.day_starts, self.hi_us,
                    run.bday_ords + self.bday_ords, run.bday_close + self.bday_close)  # fmt: skip
        span = sum(e - s for s, e in zip(run.starts, run.ends, strict=True))
        base = self.base - span
        cum, cum_end = _cumulative(run.starts, run.ends, base)
        if not run.starts or not starts or run.ends[-1] < starts[0]:
            return _State(dates, run.starts + starts, run.ends + ends,
                          (cum + self.cum, cum_end + self.cum_end), base)  # fmt: skip
        if run.ends[-1] > starts[0]:
            return None
        # Touching at the seam: the run's last interval and our first are one.
        return _State(
            dates,
            run.starts + starts[1:],
            run.ends[:-1] + ends,
            (cum + self.cum[1:], cum_end[:-1] + self.cum_end),
            base,
        )


class CalendarIndex:
    """Lazily built integer index of a calendar's open time (epoch microseconds)."""

    __slots__ = (
        "_covers",
        "_explicit_end_us",
        "_never_after",
        "_own_end",
        "_schedule",
        "_state",
        "_tz",
        "_valid_from",
        "_valid_until",
    )

    def __init__(
        self,
        tz: _dt.tzinfo,
        schedule: Schedule,
        *,
        valid_from: _dt.date | None,
        valid_until: _dt.date | None,
        never_after: _dt.date | None,
        last_explicit: _dt.date | None,
    ) -> None:
        self._tz = tz
        self._schedule = schedule
        self._valid_from = max(valid_from or FIRST_DATE, FIRST_DATE)
        self._valid_until = min(valid_until or LAST_DATE, LAST_DATE)
        #: Whether the calendar's own data ends before the supported range does.
        self._own_end = valid_until is not None and valid_until < LAST_DATE
        #: The calendar's own dates, for messages.
        self._covers = (
            f"{valid_from.isoformat()} to {valid_until.isoformat()}"
            if valid_from and valid_until
            else f"from {valid_from.isoformat()}"
            if valid_from
            else f"up to {valid_until.isoformat()}"
            if valid_until
            else "every date"
        )
        #: When the weekly hours are empty: the last date with any hours at all.
        self._never_after = never_after
        self._state: _State | None = None
        end = min(max(last_explicit or FIRST_DATE, FIRST_DATE), LAST_DATE)
        self._explicit_end_us = day_start_us(tz, end + _ONE_DAY)

    @property
    def schedule(self) -> Schedule:
        """The effective hours of a local date."""
        return self._schedule

    # -- building -------------------------------------------------------------

    def _cover(self, first: _dt.date, last: _dt.date) -> _State:
        """The state holding at least the dates ``first..last``, building only new dates."""
        state = self._state
        if state is None:
            new: _State | None = _State.of(build(self._tz, self._schedule, first, last))
        else:
            new = state
            if first < new.first:
                new = new.after(build(self._tz, self._schedule, first, new.first - _ONE_DAY))
            if new is not None and last > new.last:
                new = new.then(build(self._tz, self._schedule, new.last + _ONE_DAY, last))
            if new is None:  # pragma: no cover - a fold over midnight at a seam
                run = build(self._tz, self._schedule, min(first, state.first),
                            max(last, state.last))  # fmt: skip
                new = _State.of(run)
            if new is state:
                return state
        assert new is not None
        self._state = new
        return new

    def _year_range(self, year: int) -> tuple[_dt.date, _dt.date]:
        year = min(max(year, FIRST_DATE.year), LAST_DATE.year)
        first = max(_dt.date(year, 1, 1), self._valid_from)
        last = min(_dt.date(year, 12, 31), self._valid_until)
        return first, last

    def _coverage_error(self, when: str, value: object, field: str = "at") -> CalendarCoverageError:
        return CalendarCoverageError(
            f"{when} lies outside the dates this calendar covers ({self._covers}); "
            "build it for more years (e.g. calendars.default('china', years=...)) "
            "or widen valid_from/valid_until",
            field=field,
            value=value,
        )

    def state_for(self, t: int, field: str = "at") -> _State:
        """An index state whose covered instants include ``t`` and its neighbours.

        Raises:
            OutOfRangeError: ``t`` is outside the supported range (names ``field``).
            CalendarCoverageError: ``t`` is outside the calendar's own dates.
        """
        state = self._state
        if state is not None and state.ok_lo <= t < state.ok_hi:
            return state
        check_instant(t, field)
        local = (_UTC_EPOCH + _dt.timedelta(microseconds=t)).astimezone(self._tz).date()
        if not (self._valid_from <= local <= self._valid_until):
            raise self._coverage_error(local.isoformat(), t, field)
        first, _ = self._year_range(local.year - (local.month == 1))
        _, last = self._year_range(local.year + (local.month == 12))
        return self._cover(first, last)

    def _extend_forward(
        self, state: _State, years: int, after: int, field: str, value: object
    ) -> _State:
        """The state with ``years`` more years, searching for open time after ``after``.

        At the end of the calendar's dates: `CalendarCoverageError`. At the
        end of the supported range: `NeverOpensError` when there is no open
        time after ``after`` at all, else `OutOfRangeError` naming ``field``
        and ``value`` (the answer lies beyond the range).
        """
        if self._never_after is not None and state.last >= self._never_after:
            raise NeverOpensError(
                "the calendar has no open time left after "
                f"{self._never_after.isoformat()} (its weekly hours are empty)",
                field="hours",
                value=None,
            )
        if state.last >= self._valid_until:
            if self._own_end:
                raise self._coverage_error("the answer", state.last.isoformat())
            if not state.ends or state.ends[-1] <= after:
                raise self._never_opens(after)
            raise _beyond("the answer", field, value)
        _, last = self._year_range(state.last.year + years)
        return self._cover(state.first, last)

    def _never_opens(self, after: int) -> NeverOpensError:
        when = (_UTC_EPOCH + _dt.timedelta(microseconds=after)).isoformat()
        return NeverOpensError(
            f"the calendar has no open time after {when} before 2200-01-01T00:00:00Z, "
            "the end of the supported range of instants",
            field="hours",
            value=None,
        )

    def _extend_for_target(self, state: _State, a: int, target: int, d: int) -> _State:
        """Extend forward until the cumulative open time reaches ``target``."""
        years = 1
        while not state.cum_end or state.cum_end[-1] < target:
            state = self._extend_forward(state, years, a, "duration", d)
            years *= 2
        return state

    def _result(self, t: int, field: str, value: object) -> int:
        """An answer ``t``, which must lie in the supported range too."""
        if t < END_US:
            return t
        raise _beyond("the answer", field, value)

    # -- queries (epoch microseconds) -------------------------------------------

    def open_before(self, state: _State, t: int) -> int:
        """Open time from the origin of ``state``'s counts up to instant ``t``."""
        i = bisect_right(state.starts, t) - 1
        if i < 0:
            return state.base
        return state.cum[i] + min(t - state.starts[i], state.ends[i] - state.starts[i])

    def is_open(self, t: int) -> bool:
        state = self.state_for(t, "at")
        i = bisect_right(state.starts, t) - 1
        return i >= 0 and t < state.ends[i]

    def elapsed(self, a: int, b: int) -> int:
        """Open time in ``[a, b)``; requires ``a <= b``."""
        self.state_for(a, "start")
        state = self.state_for(b, "end")  # states only grow: this one covers ``a`` too
        return self.open_before(state, b) - self.open_before(state, a)

    def add(self, a: int, d: int) -> int:
        """The instant at which ``d`` µs of open time have passed after ``a``."""
        state = self.state_for(a, "start")
        if d == 0:
            return a
        target = self.open_before(state, a) + d
        state = self._extend_for_target(state, a, target, d)
        j = bisect_left(state.cum_end, target)
        return self._result(state.starts[j] + (target - state.cum[j]), "duration", d)

    def next_open(self, t: int) -> int:
        """``t`` if open, else the next instant the calendar opens."""
        state = self.state_for(t, "at")
        i = bisect_right(state.starts, t) - 1
        if i >= 0 and t < state.ends[i]:
            return t
        years = 1
        while i + 1 >= len(state.starts):
            state = self._extend_forward(state, years, t, "at", t)
            years *= 2
        if state.starts[i + 1] >= END_US:
            raise self._never_opens(t)
        return state.starts[i + 1]

    def next_close(self, t: int) -> int | None:
        """End of the open period containing ``t`` (or of the next one).

        ``None`` when the calendar never closes again (a 24x7 calendar with no
        more holidays): declared once the open period runs on for eight days past
        both ``t`` and the last date with special hours, since the weekly hours
        repeat.
        """
        state = self.state_for(t, "at")
        horizon = max(t, self._explicit_end_us) + 8 * DAY_US
        years = 1
        while True:
            i = bisect_right(state.starts, t) - 1
            if i < 0 or t >= state.ends[i]:
                i += 1
            if i < len(state.starts) and state.ends[i] < state.hi_us - DAY_US:
                return self._result(state.ends[i], "at", t)
            if i < len(state.starts) and state.ends[i] >= horizon:
                return None
            state = self._extend_forward(state, years, t, "at", t)
            years *= 2

    def add_business_days(self, a: int, n: int) -> int:
        """Close of the ``n``-th business day after the local date of ``a``."""
        state = self.state_for(a, "start")
        j = bisect_right(state.day_starts, a) - 1
        day_ord = state.first.toordinal() + j
        k = bisect_right(state.bday_ords, day_ord) + n - 1
        years = 1
        while k >= len(state.bday_ords):
            state = self._extend_forward(state, years, a, "duration", n)
            years *= 2
            k = bisect_right(state.bday_ords, day_ord) + n - 1
        return self._result(state.bday_close[k], "duration", n)

    def add_business_days_by(self, a: int, n: int, seconds: int) -> int:
        """The wall time ``seconds`` after midnight of the ``n``-th business day after
        the local date of ``a``; for ``n == 0``, of that date if it is a business day
        and the time is after ``a``, else of the next business day.

        The time is the first instant of the date whose wall time is at or after
        ``seconds``: the end of a DST gap for a wall time inside it, the first of
        the two for one a fold repeats.
        """
        if n == 0:
            at = self.business_day_at(a, 0, seconds)
            return at if at > a else self.business_day_at(a, 1, seconds)
        return self.business_day_at(a, n, seconds)

    def business_day_at(self, a: int, n: int, seconds: int) -> int:
        """The wall time ``seconds`` after midnight of the ``n``-th business day after
        the local date of ``a`` (``n == 0``: the first business day on or after it),
        by that date alone (the rule of `add_business_days_by`)."""
        state = self.state_for(a, "start")
        j = bisect_right(state.day_starts, a) - 1
        day_ord = state.first.toordinal() + j
        years = 1
        while True:
            ords = state.bday_ords
            k = bisect_right(ords, day_ord) + n - 1 if n else bisect_left(ords, day_ord)
            if k < len(ords):
                break
            state = self._extend_forward(state, years, a, "duration", n)
            years *= 2
        day = _dt.date.fromordinal(ords[k])
        pieces = wall_interval_to_instants(self._tz, day, seconds, DAY)
        at = pieces[0][0] if pieces else day_start_us(self._tz, day + _ONE_DAY)
        return self._result(at, "duration", n)

    def open_intervals(self, a: int, b: int) -> list[tuple[int, int]]:
        """Open periods clipped to ``[a, b)``, touching periods joined."""
        self.state_for(a, "start")
        state = self.state_for(b, "end")
        out: list[tuple[int, int]] = []
        i = max(bisect_right(state.starts, a) - 1, 0)
        starts, ends = state.starts, state.ends
        while i < len(starts) and starts[i] < b:
            s, e = max(starts[i], a), min(ends[i], b)
            if s < e:
                if out and out[-1][1] == s:
                    out[-1] = (out[-1][0], e)
                else:
                    out.append((s, e))
            i += 1
        return out

    # -- batch forms ------------------------------------------------------------

    def elapsed_many(self, a: Sequence[int], b: Sequence[int]) -> list[int]:
        """``elapsed`` over columns of epoch µs (one index lookup per pair)."""
        if len(a) != len(b):
            raise CalendarError(
                f"ends: {len(b)} ends for {len(a)} starts; give one end per start",
                field="ends",
                value=len(b),
            )
        out: list[int] = []
        append = out.append
        state = self._state
        for x, y in zip(a, b, strict=True):
            if y < x:
                raise CalendarError(
                    f"ends[{len(out)}]: {y} is before its start {x}",
                    field=f"ends[{len(out)}]",
                    value=y,
                )
            if state is None or not (state.ok_lo <= x and y < state.ok_hi):
                state = self.state_for(x, f"starts[{len(out)}]")
                if not y < state.ok_hi:
                    state = self.state_for(y, f"ends[{len(out)}]")
            starts, ends, cum, base = state.starts, state.ends, state.cum, state.base
            i = bisect_right(starts, x) - 1
            ox = base if i < 0 else cum[i] + min(x - starts[i], ends[i] - starts[i])
            j = bisect_right(starts, y) - 1
            oy = base if j < 0 else cum[j] + min(y - starts[j], ends[j] - starts[j])
            append(oy - ox)
        return out

    def add_many(self, a: Sequence[int], d: Sequence[int]) -> list[int]:
        """``add`` over columns of epoch µs and durations in µs."""
        if len(a) != len(d):
            raise CalendarError(
                f"durations: {len(d)} durations for {len(a)} starts; give one per start",
                field="durations",
                value=len(d),
            )
        out: list[int] = []
        append = out.append
        state = self._state
        for x, dx in zip(a, d, strict=True):
            if not 0 <= dx <= MAX_DURATION_US:
                raise DurationError(
                    f"durations[{len(out)}]: {dx} µs is not a duration from 0 to "
                    f"{MAX_DURATION_US} µs ({MAX_DURATION_DAYS:,} days)",
                    field=f"durations[{len(out)}]",
                    value=dx,
                )
            if state is None or not (state.ok_lo <= x < state.ok_hi):
                state = self.state_for(x, f"starts[{len(out)}]")
            if dx == 0:
                append(x)
                continue
            starts, ends, cum = state.starts, state.ends, state.cum
            i = bisect_right(starts, x) - 1
            ox = state.base if i < 0 else cum[i] + min(x - starts[i], ends[i] - starts[i])
            target = ox + dx
            if not state.cum_end or state.cum_end[-1] < target:
                state = self._extend_for_target(state, x, target, dx)
            j = bisect_left(state.cum_end, target)
            r = state.starts[j] + (target - state.cum[j])
            append(r if r < END_US else self._result(r, f"durations[{len(out)}]", dx))
        return out
