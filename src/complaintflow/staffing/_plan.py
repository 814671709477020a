"""Interval staffing plans from a call forecast, and roster checks against them.

Theory of operation
-------------------
A day's forecast is a start instant, an interval length and the calls expected in
each interval (SLA-9's busiest day had 922 calls). `plan_staffing` turns
each interval into a `Workload` and asks
`required_agents` (or the Erlang A variant when a
patience is given) for its head count; a floor of ``minimum_agents`` (default 1,
SLA-10: the hotline is staffed around the clock) applies to every interval, quiet
ones included.

`check_roster` lays shifts over the plan. Time inside is integer epoch
microseconds: interval ``i`` is ``[start + i * interval, start + (i + 1) * interval)``.
A shift staffs an interval only if it covers the *whole* interval (a shift that
starts at 08:15 does not count for 08:00-08:30): a partly covered interval is
treated as uncovered rather than guessed at. Counting is a difference array, so a
check costs O(shifts + intervals). Every interval left short is reported as a
`Shortfall` carrying the rule it breaks: ``SLA-10`` when nobody is on,
``SLA-9`` when somebody is but fewer than the load needs to keep SLA-1.

Plain data is checked in full before anything is computed: every bad call count
or shift is listed in one `ValidationError`.

A forecast holds at most `MAX_INTERVALS` intervals, each with at most
`MAX_TRAFFIC` Erlangs, and at most
`MAX_PLAN_TRAFFIC` Erlangs in all, so that planning it is bounded: the cost of
a plan is one requirement search per distinct call count (intervals with the same
count share one), and a search costs about the interval's traffic in Erlang B
steps. Its last interval must end a day before ``datetime.max``, so every boundary
is a datetime in any zone.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable, Mapping
from numbers import Real

import attrs
import pendulum

from complaintflow._errors import Problem, StaffingTypeError, ValidationError, problem_text
from complaintflow._time import from_us, to_us
from complaintflow.staffing._erlang import MAX_TRAFFIC
from complaintflow.staffing._queue import (
    ServiceTarget,
    StaffingRequirement,
    Workload,
    _check_duration,
    _check_target,
    _erlang_a_search,
    _TermBudget,
    required_agents,
)

__all__ = [
    "MAX_INTERVALS",
    "MAX_PLAN_SERIES_TERMS",
    "MAX_PLAN_TRAFFIC",
    "IntervalForecast",
    "IntervalRequirement",
    "RosterCheck",
    "Shift",
    "Shortfall",
    "StaffingPlan",
    "check_roster",
    "plan_staffing",
]

_US = _dt.timedelta(microseconds=1)

#: The most intervals a forecast may hold: a week of one-minute intervals (or 105
#: days of quarter hours), the finest grid planners use over the longest span.
MAX_INTERVALS = 10_080
#: The most traffic, in Erlangs summed over its intervals, a forecast may carry: a
#: week of quarter hours at 1,488 Erlangs, or 3,000 Erlangs for two and a half days.
MAX_PLAN_TRAFFIC = 1_000_000.0
#: The most Erlang A series terms one plan may sum over all its searches (about a
#: second): a day of quarter hours at SLA-9's load needs a few thousand.
MAX_PLAN_SERIES_TERMS = 2_000_000
#: Boundaries end a day before ``datetime.max``, so they exist in every time zone.
_LAST_US = to_us(_dt.datetime.max.replace(tzinfo=_dt.UTC), "max") - 86_400_000_000


def _is_aware(value: object) -> bool:
    return (
        isinstance(value, _dt.datetime)
        and value.tzinfo is not None
        and value.tzinfo.utcoffset(value) is not None
    )


def _epoch_us(value: _dt.datetime) -> int:
    return to_us(value, "instant")


def _wrong_type(field: str, expected: str, value: object) -> StaffingTypeError:
    return StaffingTypeError(
        f"{field}: expected {expected}, got {type(value).__name__} {problem_text(value)}",
        field=field,
        value=value,
    )


def _as_tuple(value: Iterable[float]) -> tuple[float, ...]:
    """The call counts as a tuple; a value that is not iterable, or a string, bytes or
    a mapping (whose items are no counts), is kept for the check."""
    if isinstance(value, str | bytes | bytearray | Mapping):
        return value  # type: ignore[return-value]  # reported by __attrs_post_init__
    try:
        return tuple(value)
    except TypeError:
        return value  # type: ignore[return-value]  # reported by __attrs_post_init__


def _duration_problem(value: object, path: str, problems: list[Problem]) -> None:
    if not isinstance(value, _dt.timedelta):
        problems.append(
            Problem(
                path,
                f"{problem_text(value)} is not a duration",
                "use a datetime.timedelta, e.g. timedelta(minutes=30)",
            )
        )
    elif value // _US <= 0:
        problems.append(Problem(path, f"{value!r} is not longer than zero"))


def _call_count(value: object) -> float | None:
    """``value`` as a float if it is a finite real number, zero or more, else ``None``."""
    if isinstance(value, bool) or not isinstance(value, Real):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int beyond the float range
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _traffic_problems(
    calls: list[tuple[int, float]], handle_us: int, interval_us: int, problems: list[Problem]
) -> None:
    """Every interval beyond `MAX_TRAFFIC`, and a total beyond `MAX_PLAN_TRAFFIC`."""
    total = 0.0
    for i, c in calls:
        traffic = c * handle_us / interval_us
        if not traffic <= MAX_TRAFFIC:
            problems.append(
                Problem(
                    f"calls[{i}]",
                    f"{c:g} calls make {traffic:.6g} Erlangs, more than the "
                    f"{MAX_TRAFFIC:,.0f} the staffing functions compute",
                )
            )
        else:
            total += traffic
    if total > MAX_PLAN_TRAFFIC:
        problems.append(
            Problem(
                "calls",
                f"the intervals add up to {total:,.0f} Erlangs, more than the "
                f"{MAX_PLAN_TRAFFIC:,.0f} a forecast may carry",
                "split it into shorter forecasts",
            )
        )


@attrs.frozen
class IntervalForecast:
    """Calls expected in each interval of a period, from an aware start instant.

    Attributes:
        start: Start of the first interval (timezone-aware).
        interval: Length of every interval.
        calls: Calls expected in each interval; zero is allowed (a quiet night).
        handle_time: Average handle time of a call.

    Raises:
        ValidationError: Listing every problem: a naive start, a non-positive
            interval or handle time, negative or non-numeric call counts, an empty
            forecast, more than 10,080 intervals (`MAX_INTERVALS`), an
            interval above 100,000 Erlangs, more than 1,000,000 Erlangs in all
            (`MAX_PLAN_TRAFFIC`), or an end beyond the last date a datetime
            can hold.

    Examples:
        >>> from datetime import timedelta
        >>> import pendulum
        >>> f = IntervalForecast(
        ...     start=pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai"),
        ...     interval=timedelta(minutes=30),
        ...     calls=[40, 55, 0],
        ...     handle_time=timedelta(minutes=3),
        ... )
        >>> (len(f.calls), f.total_calls, f.end.isoformat())
        (3, 95.0, '2026-03-02T10:30:00+08:00')
    """

    start: _dt.datetime
    interval: _dt.timedelta
    calls: tuple[float, ...] = attrs.field(converter=_as_tuple)
    handle_time: _dt.timedelta
    _start_us: int = attrs.field(init=False, repr=False, eq=False)
    _interval_us: int = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        if not _is_aware(self.start):
            problems.append(
                Problem(
                    "start",
                    f"{problem_text(self.start)} is not a timezone-aware datetime",
                    'use e.g. pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai")',
                )
            )
        _duration_problem(self.interval, "interval", problems)
        _duration_problem(self.handle_time, "handle_time", problems)
        values: object = self.calls
        if not isinstance(values, tuple):
            problems.append(
                Problem(
                    "calls",
                    f"{problem_text(values)} is not a sequence of call counts",
                    "give one call count per interval, e.g. [40, 55, 0]",
                )
            )
            values = ()
        elif not values:
            problems.append(Problem("calls", "is empty", "give one call count per interval"))
        elif len(values) > MAX_INTERVALS:
            problems.append(
                Problem(
                    "calls",
                    f"{len(values):,} intervals are more than the {MAX_INTERVALS:,} a "
                    f"forecast may hold",
                    "split it, e.g. into weeks of one-minute intervals",
                )
            )
            values = ()  # one problem is enough; do not look at each of them
        assert isinstance(values, tuple)
        ok: list[tuple[int, float]] = []
        for i, c in enumerate(values):
            number = _call_count(c)
            if number is None:
                problems.append(
                    Problem(
                        f"calls[{i}]",
                        f"{problem_text(c)} is not a call count",
                        "use a finite number, zero or more",
                    )
                )
            else:
                ok.append((i, number))
        if not any(p.path in ("interval", "handle_time") for p in problems):
            _traffic_problems(ok, self.handle_time // _US, self.interval // _US, problems)
        if not any(p.path in ("start", "interval") for p in problems):
            end = _epoch_us(self.start) + len(values) * (self.interval // _US)
            if end > _LAST_US:
                problems.append(
                    Problem(
                        "interval",
                        f"{len(values):,} intervals of {self.interval!r} would end after "
                        f"the last date a datetime can hold",
                        "use a shorter forecast or shorter intervals",
                    )
                )
        if problems:
            raise ValidationError(problems, what="the forecast")
        object.__setattr__(self, "calls", tuple(c for _, c in ok))
        object.__setattr__(self, "_start_us", _epoch_us(self.start))
        object.__setattr__(self, "start", pendulum.instance(self.start))
        object.__setattr__(self, "_interval_us", self.interval // _US)

    @property
    def total_calls(self) -> float:
        """Sum of the calls over all intervals."""
        return math.fsum(self.calls)

    @property
    def end(self) -> pendulum.DateTime:
        """End of the last interval, in the start's time zone."""
        return self.boundary(len(self.calls))

    def boundary(self, index: int) -> pendulum.DateTime:
        """Start of interval ``index`` (``len(calls)`` gives the end), in the start's zone.

        Raises:
            WrongTypeError: ``index`` is no integer.
            OutOfRangeError: The instant is beyond the years 1-9999.
        """
        if isinstance(index, bool) or not isinstance(index, int):
            raise _wrong_type("index", "an int", index)
        tz = self.start.tzinfo
        assert isinstance(tz, pendulum.Timezone | pendulum.FixedTimezone)
        return from_us(self._start_us + index * self._interval_us, tz)


@attrs.frozen
class IntervalRequirement:
    """The head count one interval of a plan needs.

    Attributes:
        index: Position of the interval in the forecast.
        start: Start of the interval.
        end: End of the interval.
        calls: Calls forecast for the interval.
        requirement: The queueing answer, or ``None`` for an interval with no calls.
        agents: Scheduled agents: the requirement's ``agents``, raised to the plan's
            ``minimum_agents`` (SLA-10) where that is larger.
    """

    index: int
    start: pendulum.DateTime
    end: pendulum.DateTime
    calls: float
    requirement: StaffingRequirement | None
    agents: int


@attrs.frozen
class StaffingPlan:
    """Agents needed per interval of a forecast.

    Attributes:
        forecast: The forecast the plan is for.
        target: The service target every interval is staffed to.
        minimum_agents: Floor applied to every interval (SLA-10 coverage).
        patience: Mean caller patience when planned with Erlang A, else ``None``.
        intervals: One `IntervalRequirement` per forecast interval.
    """

    forecast: IntervalForecast
    target: ServiceTarget
    minimum_agents: int
    patience: _dt.timedelta | None
    intervals: tuple[IntervalRequirement, ...]

    @property
    def agents(self) -> tuple[int, ...]:
        """Scheduled agents per interval."""
        return tuple(i.agents for i in self.intervals)

    @property
    def peak(self) -> IntervalRequirement:
        """The interval needing the most agents (the earliest if tied)."""
        return max(self.intervals, key=lambda i: (i.agents, -i.index))


def plan_staffing(
    forecast: IntervalForecast,
    target: ServiceTarget | None = None,
    *,
    minimum_agents: int = 1,
    patience: _dt.timedelta | None = None,
) -> StaffingPlan:
    """Agents needed in every interval of ``forecast`` to meet ``target``.

    Args:
        forecast: Calls per interval.
        target: As for `required_agents`; default 80 %
            within 15 s (SLA-1).
        minimum_agents: Floor for every interval, quiet ones included; default 1
            (SLA-10: the hotline runs 24 hours a day). Use 0 for a line that closes.
        patience: Mean caller patience; when given, intervals are planned with Erlang A.

    Returns:
        A `StaffingPlan`.

    A forecast within its limits (see `IntervalForecast`) plans in bounded
    time: one requirement search per distinct call count, under a second for Erlang C
    at the limits; Erlang A's work is metered in series terms.

    Raises:
        StaffingTypeError: ``forecast`` is not an `IntervalForecast`, ``target``
            neither a ``ServiceTarget`` nor ``None``, or ``minimum_agents`` not an ``int``.
        DurationTypeError: ``patience`` is neither ``None`` nor a ``timedelta``.
        DurationError: ``patience`` is not longer than zero.
        ValidationError: ``minimum_agents`` is negative.
        StaffingLimitError: The target's occupancy ceiling is below
            ``traffic / 1,000,000`` in an interval; or, with Erlang A, one evaluation
            would sum more than 50,000 series terms, or the plan more than 2,000,000
            in all (`MAX_PLAN_SERIES_TERMS`, about a second): plan fewer
            intervals at a time.

    Examples:
        >>> from datetime import timedelta
        >>> import pendulum
        >>> f = IntervalForecast(
        ...     start=pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai"),
        ...     interval=timedelta(minutes=30),
        ...     calls=[55, 30, 0],
        ...     handle_time=timedelta(minutes=3),
        ... )
        >>> plan_staffing(f).agents
        (9, 5, 1)
    """
    if not isinstance(forecast, IntervalForecast):
        raise _wrong_type("forecast", "an IntervalForecast", forecast)
    target = _check_target(target)
    if isinstance(minimum_agents, bool) or not isinstance(minimum_agents, int):
        raise _wrong_type("minimum_agents", "a whole number of agents (an int)", minimum_agents)
    if patience is not None:
        _check_duration(patience, "patience")
    if minimum_agents < 0:
        raise ValidationError(
            [
                Problem(
                    "minimum_agents",
                    f"{problem_text(minimum_agents)} is not a head count",
                    "use a whole number, 0 or more (SLA-10 suggests 1)",
                )
            ]
        )
    rows: list[IntervalRequirement] = []
    known: dict[float, StaffingRequirement] = {}  # equal counts, equal answers
    budget = _TermBudget(MAX_PLAN_SERIES_TERMS, "this plan")
    for i, calls in enumerate(forecast.calls):
        req: StaffingRequirement | None = None
        agents = minimum_agents
        if calls > 0:
            req = known.get(calls)
            if req is None:
                work = Workload(calls, forecast.interval, forecast.handle_time)
                req = (
                    required_agents(work, target)
                    if patience is None
                    else _erlang_a_search(work, patience, target, budget)
                )
                known[calls] = req
            agents = max(agents, req.agents)
        rows.append(
            IntervalRequirement(
                index=i,
                start=forecast.boundary(i),
                end=forecast.boundary(i + 1),
                calls=calls,
                requirement=req,
                agents=agents,
            )
        )
    return StaffingPlan(
        forecast=forecast,
        target=target,
        minimum_agents=minimum_agents,
        patience=patience,
        intervals=tuple(rows),
    )


def _instant_problem(value: object, path: str) -> Problem | None:
    if isinstance(value, bool):
        return Problem(path, f"{value!r} is neither an instant nor an interval index")
    if isinstance(value, int):
        return None if value >= 0 else Problem(path, f"{value} is a negative interval index")
    if isinstance(value, _dt.datetime):
        return (
            None
            if _is_aware(value)
            else Problem(path, f"{value} has no time zone", "pass an aware datetime")
        )
    return Problem(
        path,
        f"{problem_text(value)} is neither an instant nor an interval index",
        "use an aware datetime or an int index into the plan's intervals",
    )


@attrs.frozen
class Shift:
    """People on the phones from ``start`` to ``end`` (half-open).

    ``start`` and ``end`` are both timezone-aware datetimes, or both interval indexes
    into the plan the roster is checked against (``Shift(0, 16)`` covers intervals
    0 to 15).

    Attributes:
        start: First instant (or interval index) of the shift.
        end: End of the shift, exclusive.
        agents: People working the shift, 1 or more.
        label: A name for reports, e.g. ``"night"``.

    Raises:
        ValidationError: Listing every problem of the shift.

    Examples:
        >>> import pendulum
        >>> s = Shift(
        ...     pendulum.datetime(2026, 3, 2, 0, tz="Asia/Shanghai"),
        ...     pendulum.datetime(2026, 3, 2, 8, tz="Asia/Shanghai"),
        ...     agents=2,
        ...     label="night",
        ... )
        >>> s.agents
        2
        >>> Shift(4, 2)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        complaintflow.errors.ValidationError: 1 problem in a shift:
          - end: 2 is not after start 4
    """

    start: _dt.datetime | int
    end: _dt.datetime | int
    agents: int = 1
    label: str = ""

    def __attrs_post_init__(self) -> None:
        problems = [p for p in self._problems("") if p is not None]
        if problems:
            raise ValidationError(problems, what="a shift")

    def _problems(self, prefix: str) -> list[Problem | None]:
        out = [
            _instant_problem(self.start, f"{prefix}start"),
            _instant_problem(self.end, f"{prefix}end"),
        ]
        if isinstance(self.agents, bool) or not isinstance(self.agents, int) or self.agents < 1:
            out.append(
                Problem(
                    f"{prefix}agents",
                    f"{problem_text(self.agents)} is not a head count",
                    "use a whole number, 1 or more",
                )
            )
        label: object = self.label  # plain data: may be anything until checked
        if not isinstance(label, str):
            out.append(Problem(f"{prefix}label", f"{problem_text(label)} is not a text"))
        if out[0] is None and out[1] is None:
            s, e = self.start, self.end
            if (isinstance(s, int) and isinstance(e, int)) or (
                isinstance(s, _dt.datetime) and isinstance(e, _dt.datetime)
            ):
                backwards = e <= s  # type: ignore[operator]  # same kinds, checked above
            else:
                out.append(
                    Problem(
                        f"{prefix}end",
                        "start and end mix an index and a datetime",
                        "use two datetimes or two interval indexes",
                    )
                )
                backwards = False
            if backwards:
                out.append(Problem(f"{prefix}end", f"{e} is not after start {s}"))
        return out


@attrs.frozen
class Shortfall:
    """An interval a roster leaves short of the plan.

    Attributes:
        index: Position of the interval in the plan.
        start: Start of the interval.
        end: End of the interval.
        required: Agents the plan needs.
        staffed: Agents the roster puts on.
        missing: ``required - staffed``.
        rule: ``"SLA-10"`` when nobody is on (round-the-clock coverage broken), else
            ``"SLA-9"`` (the load needs more people to keep SLA-1).
    """

    index: int
    start: pendulum.DateTime
    end: pendulum.DateTime
    required: int
    staffed: int
    missing: int
    rule: str

    def __str__(self) -> str:
        what = "nobody on" if self.staffed == 0 else f"{self.staffed} on"
        return (
            f"{self.rule}: {self.start.isoformat()}-{self.end.isoformat()} needs "
            f"{self.required}, {what} ({self.missing} short)"
        )


@attrs.frozen
class RosterCheck:
    """A roster laid over a plan.

    Attributes:
        required: Agents the plan needs per interval.
        staffed: Agents the roster provides per interval.
        shortfalls: Every interval with fewer staffed than required, in order.
    """

    required: tuple[int, ...]
    staffed: tuple[int, ...]
    shortfalls: tuple[Shortfall, ...]

    @property
    def ok(self) -> bool:
        """Whether every interval is staffed as the plan needs."""
        return not self.shortfalls


def check_roster(plan: StaffingPlan, shifts: Iterable[Shift]) -> RosterCheck:
    """Lay ``shifts`` over ``plan`` and report every interval left short (SLA-9, SLA-10).

    A shift counts for an interval only if it covers the whole interval. Datetime
    shifts may extend beyond the plan (a roster usually does); index shifts must lie
    within it.

    Args:
        plan: The plan from `plan_staffing`.
        shifts: The roster.

    Returns:
        A `RosterCheck`.

    Raises:
        StaffingTypeError: ``plan`` is not a `StaffingPlan` or ``shifts`` is not
            iterable.
        ValidationError: Listing every shift that is not a `Shift` or whose
            indexes lie outside the plan.

    Examples:
        A 24-hour plan of hourly intervals with 2 people needed each hour, and a
        rotation that forgets the last four hours:

        >>> from datetime import timedelta
        >>> import pendulum
        >>> day = pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai")
        >>> f = IntervalForecast(day, timedelta(hours=1), [12] * 24, timedelta(minutes=3))
        >>> plan = plan_staffing(f)
        >>> plan.agents[0]
        2
        >>> check = check_roster(plan, [Shift(0, 8, agents=2), Shift(8, 20, agents=2)])
        >>> print(check.shortfalls[0])
        SLA-10: 2026-03-02T20:00:00+08:00-2026-03-02T21:00:00+08:00 needs 2, nobody on (2 short)
    """
    if not isinstance(plan, StaffingPlan):
        raise _wrong_type("plan", "a StaffingPlan from plan_staffing", plan)
    if isinstance(shifts, str | bytes | Mapping):
        raise _wrong_type("shifts", "an iterable of Shift values", shifts)
    try:
        iterator = iter(shifts)
    except TypeError:
        raise _wrong_type("shifts", "an iterable of Shift values", shifts) from None
    forecast = plan.forecast
    n = len(plan.intervals)
    p0, iv = forecast._start_us, forecast._interval_us
    problems: list[Problem] = []
    spans: list[tuple[int, int, int]] = []
    items: list[object] = list(iterator)
    for k, shift in enumerate(items):
        if not isinstance(shift, Shift):
            problems.append(
                Problem(f"shifts[{k}]", f"{problem_text(shift)} is not a Shift", "use Shift(...)")
            )
            continue
        if isinstance(shift.start, int) and isinstance(shift.end, int):
            if shift.end > n:
                problems.append(
                    Problem(
                        f"shifts[{k}].end",
                        f"index {shift.end} lies beyond the plan's {n} intervals",
                    )
                )
                continue
            first, stop = shift.start, shift.end
        else:
            assert isinstance(shift.start, _dt.datetime)
            assert isinstance(shift.end, _dt.datetime)
            s_us, e_us = _epoch_us(shift.start), _epoch_us(shift.end)
            first = max(0, -((p0 - s_us) // iv))  # ceil((s - p0) / iv)
            stop = min(n, (e_us - p0) // iv)
        if first < stop:
            spans.append((first, stop, shift.agents))
    if problems:
        raise ValidationError(problems, what="the roster")
    diff = [0] * (n + 1)
    for first, stop, agents in spans:
        diff[first] += agents
        diff[stop] -= agents
    staffed: list[int] = []
    running = 0
    for i in range(n):
        running += diff[i]
        staffed.append(running)
    required = plan.agents
    shortfalls = tuple(
        Shortfall(
            index=i,
            start=row.start,
            end=row.end,
            required=required[i],
            staffed=staffed[i],
            missing=required[i] - staffed[i],
            rule="SLA-10" if staffed[i] == 0 else "SLA-9",
        )
        for i, row in enumerate(plan.intervals)
        if staffed[i] < required[i]
    )
    return RosterCheck(required=required, staffed=tuple(staffed), shortfalls=shortfalls)
