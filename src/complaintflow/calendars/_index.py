"""The business-time index: open intervals as integers, cumulative open time.

Theory of operation
-------------------
A calendar's open time is a sorted list of disjoint half-open instant intervals
``[starts[i], ends[i])`` in epoch microseconds, with ``cum[i]``, the open time
before interval ``i``. Then, with one binary search each:

- open time before ``t``: ``cum[i] + min(t - starts[i], ends[i] - starts[i])``;
- ``elapsed(a, b)`` is the difference of two of those;
- ``add(a, d)`` finds the interval whose cumulative end first reaches
  ``open_before(a) + d`` (``bisect_left`` on ``cum_end``, so a deadline that ends
  exactly at a closing instant stays there instead of jumping to the next opening).

So ``add`` and ``elapsed`` cost O(log n) whatever the span, and
``elapsed(a, add(a, d)) == d`` holds exactly, in integers.

Wall-clock hours become instants by *membership*: an instant is open when its
local wall time lies inside an interval of that local date (or inside the part of
the previous day's night shift that runs past midnight). Around DST changes this
is exact: wall times that do not exist (spring forward) open nothing, and wall
times that happen twice (autumn fold) are open both times they happen. An
interval that straddles a transition is split at the transition instant.

The index is built lazily, one local calendar year at a time, the first time a
query needs that year, and is immutable once built (a new state replaces the old
one whole). Local dates are looked up the same way: ``day_starts`` holds the first
instant of each covered local date.

The supported range of instants is bounded, so that every call is: from
1900-01-01T00:00Z (``FIRST_US``) up to, not including, 2200-01-01T00:00Z
(``END_US``). An instant outside it is refused with
:class:`~complaintflow.errors.OutOfRangeError`; so is an answer that would lie
outside it. A search for open time that reaches the end of the range without
finding any raises :class:`~complaintflow.errors.NeverOpensError`. The index
itself covers the local dates from ``FIRST_DATE`` to ``LAST_DATE``, one or two
days more on each side, so that every zone's local date of every supported
instant, and the night shift of the date before, are in it.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence

from complaintflow._errors import (
    CalendarCoverageError,
    CalendarError,
    DurationError,
    NeverOpensError,
    OutOfRangeError,
)
from complaintflow.calendars._duration import MAX_DAYS as MAX_DURATION_DAYS
from complaintflow.calendars._duration import MAX_MICROS as MAX_DURATION_US
from complaintflow.calendars._hours import DAY, Intervals

_NAIVE_EPOCH = _dt.datetime(1970, 1, 1)  # noqa: DTZ001  (wall times are naive on purpose)
_UTC_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_ONE_US = _dt.timedelta(microseconds=1)
US = 1_000_000
DAY_US = DAY * US
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
    """``us`` if it lies in the supported range, else :class:`OutOfRangeError`."""
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


Schedule = Callable[[_dt.date], Intervals]


def _naive_us(wall: _dt.datetime) -> int:
    return (wall - _NAIVE_EPOCH) // _ONE_US


def _offset_us(tz: _dt.tzinfo, wall: _dt.datetime) -> int:
    offset = tz.utcoffset(wall)
    assert offset is not None  # a real zone always has an offset
    return offset // _ONE_US


def _offset_at(tz: _dt.tzinfo, instant_us: int) -> int:
    utc = _UTC_EPOCH + _dt.timedelta(microseconds=instant_us)
    offset = utc.astimezone(tz).utcoffset()
    assert offset is not None
    return offset // _ONE_US


def _segments(tz: _dt.tzinfo, lo: int, hi: int) -> list[tuple[int, int, int]]:
    """``(start, end, offset)``: ``[lo, hi)`` cut where the zone's UTC offset changes.

    Each change is found by binary search in whole seconds (the database's
    transitions are whole seconds), so two or more changes are found too.
    """
    out: list[tuple[int, int, int]] = []
    while True:
        off_a, off_b = _offset_at(tz, lo), _offset_at(tz, hi)
        if off_a == off_b:
            out.append((lo, hi, off_a))
            return out
        lo_s, hi_s = lo // US, -(-hi // US)
        while hi_s - lo_s > 1:  # the first instant whose offset is not ``off_a``
            mid = (lo_s + hi_s) // 2
            if _offset_at(tz, mid * US) == off_a:
                lo_s = mid
            else:
                hi_s = mid
        change = hi_s * US
        out.append((lo, change, off_a))
        lo = change


def wall_interval_to_instants(
    tz: _dt.tzinfo, day: _dt.date, start_s: int, end_s: int
) -> list[tuple[int, int]]:
    """The instants whose local wall time lies in ``[start_s, end_s)`` of ``day``.

    One interval normally; more, in time order, when UTC-offset changes fall inside
    (a fold gives the wall times that happen twice twice); none when the whole
    interval falls into a gap or on a date the zone skipped.
    """
    base = _dt.datetime(day.year, day.month, day.day)  # noqa: DTZ001  (a wall time)
    ws = base + _dt.timedelta(seconds=start_s)
    we = base + _dt.timedelta(seconds=end_s)
    offsets = (
        _offset_us(tz, ws),
        _offset_us(tz, ws.replace(fold=1)),
        _offset_us(tz, we),
        _offset_us(tz, we.replace(fold=1)),
    )
    ws_us, we_us = _naive_us(ws), _naive_us(we)
    if offsets[0] == offsets[1] == offsets[2] == offsets[3]:
        return [(ws_us - offsets[0], we_us - offsets[0])]
    # Every instant whose wall time can lie in [ws, we) lies in [lo, hi]; in each
    # stretch of one offset, those instants are one interval.
    pieces = []
    for seg_start, seg_end, off in _segments(tz, ws_us - max(offsets), we_us - min(offsets)):
        s, e = max(ws_us - off, seg_start), min(we_us - off, seg_end)
        if s < e:
            pieces.append((s, e))
    return pieces


def day_start_us(tz: _dt.tzinfo, day: _dt.date) -> int:
    """The first instant of local date ``day``.

    For a date the zone skipped (Pacific/Apia's 2011-12-30), the first instant of
    the next date that happens: the skipped date then has no instants at all.
    """
    for _ in range(3):  # a zone skips one date at most
        pieces = wall_interval_to_instants(tz, day, 0, DAY)
        if pieces:
            return pieces[0][0]
        day += _dt.timedelta(days=1)
    raise CalendarError(  # pragma: no cover - no zone skips three dates in a row
        f"{day.isoformat()}: the zone skips three dates in a row", field="timezone", value=day
    )


class _State:
    """One immutable snapshot of the built index."""

    __slots__ = (
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
        first: _dt.date,
        last: _dt.date,
        starts: list[int],
        ends: list[int],
        day_starts: list[int],
        hi_us: int,
        bday_ords: list[int],
        bday_close: list[int],
    ) -> None:
        self.first, self.last = first, last
        self.starts, self.ends = starts, ends
        cum: list[int] = []
        total = 0
        for s, e in zip(starts, ends, strict=True):
            cum.append(total)
            total += e - s
        self.cum = cum
        self.cum_end = [c + e - s for c, s, e in zip(cum, starts, ends, strict=True)]
        self.day_starts = day_starts
        self.lo_us = day_starts[0]
        self.hi_us = hi_us
        self.ok_lo = max(self.lo_us + DAY_US, FIRST_US)
        self.ok_hi = min(hi_us - DAY_US, END_US)
        self.bday_ords, self.bday_close = bday_ords, bday_close


class CalendarIndex:
    """Lazily built integer index of a calendar's open time (epoch microseconds)."""

    __slots__ = (
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
        #: When the weekly hours are empty: the last date with any hours at all.
        self._never_after = never_after
        self._state: _State | None = None
        end = min(max(last_explicit or FIRST_DATE, FIRST_DATE), LAST_DATE)
        self._explicit_end_us = day_start_us(tz, end + _dt.timedelta(days=1))

    def __getstate__(self) -> dict[str, object]:
        # The built index is a cache: leave it out, it is rebuilt on first use.
        return {name: getattr(self, name) for name in self.__slots__ if name != "_state"}

    def __setstate__(self, state: dict[str, object]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self._state = None

    @property
    def schedule(self) -> Schedule:
        """The effective hours of a local date."""
        return self._schedule

    # -- building -------------------------------------------------------------

    def _build(self, first: _dt.date, last: _dt.date) -> _State:
        tz, schedule = self._tz, self._schedule
        starts: list[int] = []
        ends: list[int] = []
        day_starts: list[int] = []
        bday_ords: list[int] = []
        bday_close: list[int] = []
        pieces: list[tuple[int, int]] = []
        one = _dt.timedelta(days=1)
        day = first
        while day <= last:
            day_starts.append(day_start_us(tz, day))
            close = None
            for start_s, end_s in schedule(day):
                for piece in wall_interval_to_instants(tz, day, start_s, end_s):
                    pieces.append(piece)
                    close = piece[1] if close is None else max(close, piece[1])
            if close is not None:  # a date with open time is a business day
                bday_ords.append(day.toordinal())
                bday_close.append(close)
            day += one
        # In a fold the pieces of touching intervals interleave: put them in time order.
        pieces.sort()
        for s, e in pieces:
            if starts and s <= ends[-1]:
                ends[-1] = max(ends[-1], e)  # touching: one open period
            else:
                starts.append(s)
                ends.append(e)
        hi_us = day_start_us(tz, last + one)
        return _State(first, last, starts, ends, day_starts, hi_us, bday_ords, bday_close)

    def _cover(self, first: _dt.date, last: _dt.date) -> _State:
        state = self._state
        if state is not None:
            first, last = min(first, state.first), max(last, state.last)
            if first == state.first and last == state.last:
                return state
        new = self._build(first, last)
        self._state = new
        return new

    def _year_range(self, year: int) -> tuple[_dt.date, _dt.date]:
        year = min(max(year, FIRST_DATE.year), LAST_DATE.year)
        first = max(_dt.date(year, 1, 1), self._valid_from)
        last = min(_dt.date(year, 12, 31), self._valid_until)
        return first, last

    def _coverage_error(self, when: str, value: object) -> CalendarCoverageError:
        return CalendarCoverageError(
            f"{when} lies outside the dates this calendar covers "
            f"({self._valid_from.isoformat()} to {self._valid_until.isoformat()}); "
            "build it for more years (e.g. calendars.default('china', years=...)) "
            "or widen valid_from/valid_until",
            field="at",
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
            raise self._coverage_error(local.isoformat(), t)
        first, _ = self._year_range(local.year - (local.month == 1))
        _, last = self._year_range(local.year + (local.month == 12))
        return self._cover(first, last)

    def _extend_forward(self, state: _State, after: int, field: str, value: object) -> _State:
        """The state with the next year added, searching for open time after ``after``.

        At the end of the supported range: :class:`NeverOpensError` when there is
        no open time after ``after`` at all, else :class:`OutOfRangeError` naming
        ``field`` and ``value`` (the answer lies beyond the range).
        """
        if state.last >= self._valid_until:
            if self._own_end:
                raise self._coverage_error("the answer", state.last.isoformat())
            if not state.ends or state.ends[-1] <= after:
                raise self._never_opens(after)
            raise _beyond("the answer", field, value)
        if self._never_after is not None and state.last >= self._never_after:
            raise NeverOpensError(
                "the calendar has no open time left after "
                f"{self._never_after.isoformat()} (its weekly hours are empty)",
                field="hours",
                value=None,
            )
        _, last = self._year_range(state.last.year + 1)
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
        while not state.cum_end or state.cum_end[-1] < target:
            state = self._extend_forward(state, a, "duration", d)
        return state

    def _result(self, t: int, field: str, value: object) -> int:
        """An answer ``t``, which must lie in the supported range too."""
        if t < END_US:
            return t
        raise _beyond("the answer", field, value)

    # -- queries (epoch microseconds) -------------------------------------------

    def open_before(self, state: _State, t: int) -> int:
        """Open time from the start of the index up to instant ``t``."""
        i = bisect_right(state.starts, t) - 1
        if i < 0:
            return 0
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
        while i + 1 >= len(state.starts):
            state = self._extend_forward(state, t, "at", t)
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
        while True:
            i = bisect_right(state.starts, t) - 1
            if i < 0 or t >= state.ends[i]:
                i += 1
            if i < len(state.starts) and state.ends[i] < state.hi_us - DAY_US:
                return self._result(state.ends[i], "at", t)
            if i < len(state.starts) and state.ends[i] >= horizon:
                return None
            state = self._extend_forward(state, t, "at", t)

    def add_business_days(self, a: int, n: int) -> int:
        """Close of the ``n``-th business day after the local date of ``a``."""
        state = self.state_for(a, "start")
        j = bisect_right(state.day_starts, a) - 1
        day_ord = state.first.toordinal() + j
        k = bisect_right(state.bday_ords, day_ord) + n - 1
        while k >= len(state.bday_ords):
            state = self._extend_forward(state, a, "duration", n)
            k = bisect_right(state.bday_ords, day_ord) + n - 1
        return self._result(state.bday_close[k], "duration", n)

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
            starts, ends, cum = state.starts, state.ends, state.cum
            i = bisect_right(starts, x) - 1
            ox = 0 if i < 0 else cum[i] + min(x - starts[i], ends[i] - starts[i])
            j = bisect_right(starts, y) - 1
            oy = 0 if j < 0 else cum[j] + min(y - starts[j], ends[j] - starts[j])
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
            target = (0 if i < 0 else cum[i] + min(x - starts[i], ends[i] - starts[i])) + dx
            if not state.cum_end or state.cum_end[-1] < target:
                state = self._extend_for_target(state, x, target, dx)
            j = bisect_left(state.cum_end, target)
            r = state.starts[j] + (target - state.cum[j])
            append(r if r < END_US else self._result(r, f"durations[{len(out)}]", dx))
        return out
