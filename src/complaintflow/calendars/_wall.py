"""Wall-clock hours to instants, for a run of local dates at a time.

Theory of operation
-------------------
Hours are wall-clock times of a local date; the index needs instants. The rule is
*membership*: an instant is open when its local wall time lies inside an interval
of that local date (or inside the part of the previous date's night shift that
runs past midnight). So wall times that never happen (a gap) open nothing, wall
times that happen twice (a fold) are open both times, and a date the zone skipped
(Pacific/Apia's 2011-12-30) has no instants at all.

`build` turns the hours of a run of dates into a `Run`: the open
intervals in epoch microseconds, in time order with touching ones joined, the
first instant of each date, and the close of each date that has open time (a
business day). Its cost is linear in the number of dates. Most dates have one
UTC offset from their midnight to the midnight after next (as far as a night
shift reaches), checked with two look-ups per date; then each interval is two
subtractions. Only dates near an offset change take the exact path,
`wall_interval_to_instants`, which finds each change by binary search.
Reading the offset at three midnights sees every change as long as no zone
changes its offset and back within two days; a test checks that against the
bundled database (the closest changes in it are a week apart).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable

from complaintflow._errors import CalendarError
from complaintflow.calendars._hours import DAY, Intervals

__all__ = ["Run", "Schedule", "build", "day_start_us", "wall_interval_to_instants"]

Schedule = Callable[[_dt.date], Intervals]

_NAIVE_EPOCH = _dt.datetime(1970, 1, 1)  # noqa: DTZ001  (wall times are naive on purpose)
_UTC_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_EPOCH_ORDINAL = _NAIVE_EPOCH.toordinal()
_ONE_US = _dt.timedelta(microseconds=1)
US = 1_000_000
DAY_US = DAY * US


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


class Run:
    """The open time of a run of local dates ``first..last``, as instants."""

    __slots__ = ("bday_close", "bday_ords", "day_starts", "end_us", "ends", "first", "last",
                 "starts")  # fmt: skip

    def __init__(
        self,
        first: _dt.date,
        last: _dt.date,
        starts: list[int],
        ends: list[int],
        day_starts: list[int],
        end_us: int,
        bday_ords: list[int],
        bday_close: list[int],
    ) -> None:
        #: The dates of the run.
        self.first, self.last = first, last
        #: Disjoint open intervals ``[starts[i], ends[i])``, in time order, not touching.
        self.starts, self.ends = starts, ends
        #: The first instant of each date, and of the date after ``last``.
        self.day_starts, self.end_us = day_starts, end_us
        #: The ordinals of the dates with open time, and the close of each.
        self.bday_ords, self.bday_close = bday_ords, bday_close


def _midnight(tz: _dt.tzinfo, ordinal: int) -> tuple[int, int]:
    """The UTC offsets (µs) at local midnight of a date: the first and second time."""
    wall = _dt.datetime.fromordinal(ordinal)
    return _offset_us(tz, wall), _offset_us(tz, wall.replace(fold=1))


def build(tz: _dt.tzinfo, schedule: Schedule, first: _dt.date, last: _dt.date) -> Run:
    """The open time of the dates ``first..last`` (cost linear in the dates)."""
    starts: list[int] = []
    ends: list[int] = []
    day_starts: list[int] = []
    bday_ords: list[int] = []
    bday_close: list[int] = []
    pieces: list[tuple[int, int]] = []
    ordinal, stop = first.toordinal(), last.toordinal()
    today, tomorrow = _midnight(tz, ordinal), _midnight(tz, ordinal + 1)
    while ordinal <= stop:
        after = _midnight(tz, ordinal + 2)
        day = _dt.date.fromordinal(ordinal)
        off = today[0]
        midnight_us = (ordinal - _EPOCH_ORDINAL) * DAY_US
        # Midnight happens once when both readings agree (no gap or fold there).
        day_starts.append(midnight_us - off if off == today[1] else day_start_us(tz, day))
        hours = schedule(day)
        if hours:
            count = len(pieces)
            if off == today[1] == tomorrow[0] == tomorrow[1] == after[0] == after[1]:
                base = midnight_us - off  # one offset for every wall time the hours reach
                pieces += [(base + s * US, base + e * US) for s, e in hours]
            else:
                for start_s, end_s in hours:
                    pieces += wall_interval_to_instants(tz, day, start_s, end_s)
            if len(pieces) > count:  # a date with open time is a business day
                bday_ords.append(ordinal)
                bday_close.append(max(e for _, e in pieces[count:]))
        today, tomorrow = tomorrow, after
        ordinal += 1
    # In a fold the pieces of touching intervals interleave: put them in time order.
    pieces.sort()
    for s, e in pieces:
        if starts and s <= ends[-1]:
            ends[-1] = max(ends[-1], e)  # touching: one open period
        else:
            starts.append(s)
            ends.append(e)
    end_us = day_start_us(tz, last + _dt.timedelta(days=1))
    return Run(first, last, starts, ends, day_starts, end_us, bday_ords, bday_close)
