"""SLA evaluation: a ticket's events and ``now`` in, per-target clock status out.

Theory of operation
-------------------
Evaluation is a pure function of the policy, the ticket's events and ``now``.
Events after ``now`` are checked (kind, order, time zone) but not applied, so
evaluating a past ``now`` over a complete log gives exactly what a live
evaluation at that instant gave (policy replay relies on this).

Events are processed one *instant* at a time. At an instant:

1. every clock first advances to it: levels reached strictly before it are
   recorded at the exact instant they were reached (``CalendarIndex.add``);
2. attribute changes of the instant are applied; a target whose effective
   parameters change is recomputed from its original start, with the paused
   time of the cycle kept (elapsed time = open time since start minus open
   time in pauses, measured on the new calendar);
3. the clock roles of the instant are applied to each target in the fixed order
   **reset, start, resume, pause, stop** (then input position). The input order of
   events that share an instant therefore does not matter;
4. levels whose threshold the elapsed time has now reached are recorded at this
   instant (so a stop at the deadline meets the target; a pause at the deadline
   does not save it).

Pause and resume set a *hold*: the clock runs when it is started, not stopped
and not held; repeating a pause or a resume changes nothing; a target started
while held starts paused. A breach is final: the clock keeps running after it
(for time-to-stop and later escalation levels) until a stop. A stop is final
too; only a reset opens a new cycle. Parameters freeze at the stop.

Business days are turned into business time when a cycle starts: the budget is
the open time from the start to the close of the N-th business day after it.
A pause therefore shifts a business-days deadline by exactly the open time that
was paused. Calendar durations run on real time (a paused hour extends them by
an hour); their budget is the real time from the start to the same wall time N
days later.

All of this runs on integer epoch microseconds and the calendar's
:class:`~complaintflow._calindex.CalendarIndex`; datetimes appear only at the
edges (:func:`evaluate` and the properties of the result values).
"""

from __future__ import annotations

import datetime as _dt
import enum
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

import attrs
import pendulum

from complaintflow._calindex import CalendarIndex
from complaintflow._duration import DurationKind
from complaintflow._errors import (
    NaiveDatetimeError,
    NaiveEventError,
    SlaEventError,
    UnknownTimezoneError,
)
from complaintflow._sladef import ROLES, Escalation, SlaPolicy, SlaTarget, TicketEvent
from complaintflow._time import from_us, get_timezone, to_us

__all__ = [
    "Effect",
    "SlaReport",
    "TargetState",
    "TargetStatus",
    "evaluate",
    "evaluate_many",
]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_DAY_US = 86_400_000_000
_RANK = {role: i for i, role in enumerate(ROLES)}
_RESET, _START, _RESUME, _PAUSE, _STOP = range(5)
_WARNING, _BREACH, _ESCALATION = range(3)


class TargetState(enum.Enum):
    """Where a target's clock stands."""

    NOT_STARTED = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"


def _zone(name: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    if name[:1] in "+-":
        sign = -1 if name[0] == "-" else 1
        hours, minutes = name[1:].split(":")
        return pendulum.FixedTimezone(sign * (int(hours) * 3600 + int(minutes) * 60))
    return get_timezone(name)


def _dt_or_none(us: int | None, tz: str) -> pendulum.DateTime | None:
    return None if us is None else from_us(us, _zone(tz))


@attrs.frozen
class Effect:
    """Something the host should do because a target crossed an escalation level.

    Attributes:
        effect: What to do, e.g. ``"notify_supervisor"``.
        target: The target's name.
        rule: The rule ID of the escalation (or of the target when it has none).
        level: The level crossed (fraction of the budget).
        at_us: When it became due, epoch µs (see :attr:`at`).
        cycle: The clock cycle (0 until a reset).
        ticket: The ticket's identifier as given to the evaluation.
        timezone: Zone for :attr:`at`.

    Examples:
        >>> e = Effect("notify_supervisor", "reply", "FLOW-6", 1.0, 0, 0, "T1", "UTC")
        >>> e.at.isoformat()
        '1970-01-01T00:00:00+00:00'
    """

    effect: str
    target: str
    rule: str
    level: float
    at_us: int
    cycle: int
    ticket: object
    timezone: str

    @property
    def at(self) -> pendulum.DateTime:
        """When the effect became due."""
        return from_us(self.at_us, _zone(self.timezone))


@attrs.frozen
class TargetStatus:
    """One target's clock at ``now``. Integer fields are epoch or duration µs.

    Attributes:
        target: The target's name.
        rule: Its rule ID.
        state: Not started, running, paused, met or breached.
        start_us: Start of the current cycle.
        deadline_us: When the budget runs out (is or was reached): ``None`` before
            the start and while paused (the deadline moves with the pause).
        elapsed_us: Clock time used in this cycle (business time on the
            calendar, or real time for calendar durations), pauses excluded.
        budget_us: The cycle's budget in the same clock time (0 before the start).
        stopped_us: When a stop ended the cycle.
        breached_us: When the budget ran out without a stop.
        warnings_us: ``(level, instant)`` of each warning level crossed.
        effects: Escalation effects of every cycle, in time order.
        cycle: Number of resets that restarted the clock.
        earlier_breaches: Breaches of earlier cycles.
        timezone: Zone of the target's calendar, for the datetime properties.

    Examples:
        >>> import complaintflow as cf
        >>> policy = cf.default_policy(cf.BusinessCalendar.china(years=[2026]))
        >>> t0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
        >>> report = cf.evaluate(policy, [cf.TicketEvent("assigned", t0)],
        ...                      now=cf.parse_instant("2026-11-23T09:45:00+08:00"))
        >>> s = report.status("dispatch")
        >>> (s.state.value, s.remaining, s.fraction_used, s.deadline.isoformat())
        ('running', datetime.timedelta(seconds=900), 0.75, '2026-11-23T10:00:00+08:00')
        >>> [(level, at.format("HH:mm")) for level, at in s.warnings]
        [(0.5, '09:30'), (0.75, '09:45')]
    """

    target: str
    rule: str
    state: TargetState
    start_us: int | None
    deadline_us: int | None
    elapsed_us: int
    budget_us: int
    stopped_us: int | None
    breached_us: int | None
    warnings_us: tuple[tuple[float, int], ...]
    effects: tuple[Effect, ...]
    cycle: int
    earlier_breaches: int
    timezone: str

    @property
    def start(self) -> pendulum.DateTime | None:
        """Start of the current cycle."""
        return _dt_or_none(self.start_us, self.timezone)

    @property
    def deadline(self) -> pendulum.DateTime | None:
        """When the budget runs out (see ``deadline_us``)."""
        return _dt_or_none(self.deadline_us, self.timezone)

    @property
    def stopped_at(self) -> pendulum.DateTime | None:
        """When a stop ended the cycle."""
        return _dt_or_none(self.stopped_us, self.timezone)

    @property
    def breached_at(self) -> pendulum.DateTime | None:
        """When the budget ran out without a stop."""
        return _dt_or_none(self.breached_us, self.timezone)

    @property
    def elapsed(self) -> _dt.timedelta:
        """Clock time used, pauses excluded."""
        return _dt.timedelta(microseconds=self.elapsed_us)

    @property
    def remaining(self) -> _dt.timedelta:
        """Clock time left; negative once breached."""
        return _dt.timedelta(microseconds=self.budget_us - self.elapsed_us)

    @property
    def fraction_used(self) -> float:
        """Elapsed over budget (0 before the start; above 1 once overdue)."""
        return self.elapsed_us / self.budget_us if self.budget_us else 0.0

    @property
    def warnings(self) -> tuple[tuple[float, pendulum.DateTime], ...]:
        """``(level, instant)`` of each warning level crossed."""
        tz = _zone(self.timezone)
        return tuple((level, from_us(at, tz)) for level, at in self.warnings_us)


@attrs.frozen
class SlaReport:
    """Every applicable target of one ticket at ``now``, and when to look again.

    Attributes:
        ticket: The ticket's identifier as given.
        now_us: The evaluation instant, epoch µs.
        targets: One :class:`TargetStatus` per applicable target, in policy order.
        attributes: The ticket's attributes at ``now``.
        next_check_us: The next instant anything about the ticket's SLA changes
            (a warning, breach or escalation, or a calendar opening when a running
            clock waits for it), or ``None`` when only a new event can change it.
        timezone: Zone of ``now`` as given, for the datetime properties.

    Examples:
        >>> import complaintflow as cf
        >>> policy = cf.default_policy(cf.BusinessCalendar.china(years=[2026]))
        >>> t0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
        >>> r = cf.evaluate(policy, [cf.TicketEvent("assigned", t0)], now=t0, ticket="T1")
        >>> r.next_check_at.isoformat()  # the 50% warning of SLA-2
        '2026-11-23T09:30:00+08:00'
    """

    ticket: object
    now_us: int
    targets: tuple[TargetStatus, ...]
    attributes: tuple[tuple[str, str], ...]
    next_check_us: int | None
    timezone: str

    @property
    def now(self) -> pendulum.DateTime:
        """The evaluation instant."""
        return from_us(self.now_us, _zone(self.timezone))

    @property
    def next_check_at(self) -> pendulum.DateTime | None:
        """When the host should evaluate again (set one timer; never poll)."""
        return _dt_or_none(self.next_check_us, self.timezone)

    @property
    def effects(self) -> tuple[Effect, ...]:
        """Every escalation effect of every target, by time then policy order."""
        out = [e for s in self.targets for e in s.effects]
        return tuple(sorted(out, key=lambda e: e.at_us))

    def status(self, target: str) -> TargetStatus:
        """The status of the target called ``target``.

        Raises:
            KeyError: The target does not apply to this ticket.
        """
        for s in self.targets:
            if s.target == target:
                return s
        raise KeyError(
            f"target {target!r} does not apply to ticket {self.ticket!r}; "
            f"it has {[s.target for s in self.targets]}"
        )

    def to_records(self) -> list[dict[str, object]]:
        """One flat dict per target: ``pandas.DataFrame(report.to_records())`` works as is.

        Examples:
            >>> import complaintflow as cf
            >>> p = cf.default_policy(cf.BusinessCalendar.always_open())
            >>> t0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
            >>> r = cf.evaluate(p, [cf.TicketEvent("assigned", t0)], now=t0, ticket="T1")
            >>> r.to_records()[0]["state"], r.to_records()[0]["deadline"]
            ('running', '2026-11-23T10:00:00+08:00')
        """
        attributes = dict(self.attributes)
        rows: list[dict[str, object]] = []
        for s in self.targets:
            deadline = s.deadline
            rows.append(
                {
                    "ticket": self.ticket,
                    "target": s.target,
                    "rule": s.rule,
                    "state": s.state.value,
                    "cycle": s.cycle,
                    "deadline": None if deadline is None else deadline.isoformat(),
                    "elapsed_s": s.elapsed_us / 1e6,
                    "remaining_s": (s.budget_us - s.elapsed_us) / 1e6,
                    "fraction_used": s.fraction_used,
                    "breached": s.breached_us is not None,
                    "warnings": len(s.warnings_us),
                    "effects": len(s.effects),
                    **attributes,
                }
            )
        return rows


# -- compiled policy --------------------------------------------------------------


class _Variant:
    """A target's effective parameters for one combination of attributes."""

    __slots__ = (
        "_thr", "all_levels", "applies", "days", "hi", "idx", "kind", "levels", "lo", "micros",
        "st", "target", "tz",
    )  # fmt: skip

    def __init__(self, target: SlaTarget, applies: bool) -> None:
        self.target = target
        self.applies = applies
        d = target.within
        self.kind = d.kind
        self.micros, self.days = d.micros, d.days
        cal = target.calendar
        self.tz = cal.tz
        self.idx: CalendarIndex | None = (
            None if d.kind is DurationKind.CALENDAR else cal.epoch_index()
        )
        self.st: Any = None
        self.lo, self.hi = 1, 0  # an empty range: the first query refreshes
        levels: list[tuple[Fraction, int, tuple[object, ...], object]] = [
            (Fraction(1), _BREACH, ("b",), None)
        ]
        for w in target.warnings:
            levels.append((Fraction(w), _WARNING, ("w", w), w))
        for e in target.escalations:
            levels.append((Fraction(e.level), _ESCALATION, ("e", e.level, e.effect, e.rule), e))
        levels.sort(key=lambda x: (x[0], x[1]))
        self.levels = tuple(
            (f.numerator, f.denominator, code, key, payload) for f, code, key, payload in levels
        )
        self.all_levels = tuple(range(len(self.levels)))
        self._thr: dict[int, list[int]] = {}

    def thresholds(self, budget: int) -> list[int]:
        """Clock time at which each level is reached (rounded up to the µs)."""
        thr = self._thr.get(budget)
        if thr is None:
            if len(self._thr) > 256:
                self._thr.clear()
            thr = self._thr[budget] = [-(-budget * n // d) for n, d, _, _, _ in self.levels]
        return thr

    def budget(self, start: int) -> tuple[int, int | None]:
        """The budget of a cycle starting at ``start``, in clock time, and the
        deadline if the cycle is never paused (``None`` when not known for free)."""
        if self.kind is DurationKind.BUSINESS_TIME:
            return self.micros, None
        if self.kind is DurationKind.BUSINESS_DAYS:
            idx = self.idx
            assert idx is not None
            close = idx.add_business_days(start, self.days)
            return self.elapsed(start, close), close
        if self.days:
            # The same wall time N days later: a plain add while the UTC offset is fixed.
            stable = _stable_since(self.tz.name)
            if stable is not None and start >= stable:
                end = start + self.days * _DAY_US
            else:
                end = to_us(from_us(start, self.tz).add(days=self.days), "deadline")
        else:
            end = start
        return end - start + self.micros, end + self.micros

    # The two clock operations, inlined on the index's current state (an
    # immutable snapshot); anything outside it goes through the index itself.

    def _refresh(self, t: int) -> None:
        idx = self.idx
        assert idx is not None
        st = self.st = idx.state_for(t)
        self.lo, self.hi = st.lo_us + _DAY_US, st.hi_us - _DAY_US

    def elapsed(self, a: int, b: int) -> int:
        """Clock time in ``[a, b)``."""
        idx = self.idx
        if idx is None:
            return b - a
        if not (self.lo <= a and b < self.hi):
            result = idx.elapsed(a, b)
            self._refresh(b)
            return result
        st = self.st
        starts, ends, cum = st.starts, st.ends, st.cum
        i = bisect_right(starts, a) - 1
        oa = 0 if i < 0 else cum[i] + min(a - starts[i], ends[i] - starts[i])
        j = bisect_right(starts, b) - 1
        return (0 if j < 0 else cum[j] + min(b - starts[j], ends[j] - starts[j])) - oa

    def add(self, a: int, d: int) -> int:
        """The first instant at which ``d`` of clock time has passed after ``a``."""
        idx = self.idx
        if idx is None or d == 0:
            return a + d
        if self.lo <= a < self.hi:
            st = self.st
            starts: list[int] = st.starts
            cum: list[int] = st.cum
            ce: list[int] = st.cum_end
            i = bisect_right(starts, a) - 1
            target = d + (0 if i < 0 else cum[i] + min(a - starts[i], st.ends[i] - starts[i]))
            if ce and ce[-1] >= target:
                j = bisect_left(ce, target)
                return starts[j] + (target - cum[j])
        result = idx.add(a, d)
        self._refresh(a)
        return result

    def opens(self, t: int) -> int | None:
        """The next opening after ``t`` when the calendar is closed at ``t``."""
        idx = self.idx
        if idx is None:
            return None
        o = idx.next_open(t)
        return o if o > t else None


@lru_cache(maxsize=64)
def _stable_since(zone: str) -> int | None:
    """The first instant from which ``zone`` never changes its UTC offset (up to
    2100, sampled monthly), or ``None`` if it still changes then."""
    tz = get_timezone(zone)

    def offset(year: int, month: int) -> _dt.timedelta | None:
        return _dt.datetime(year, month, 1, tzinfo=_dt.UTC).astimezone(tz).utcoffset()

    last = offset(2100, 1)
    if offset(2099, 7) != last:
        return None
    year, month = 2100, 1
    while year > 1970:
        py, pm = (year, month - 1) if month > 1 else (year - 1, 12)
        if offset(py, pm) != last:
            break
        year, month = py, pm
    return to_us(_dt.datetime(year, month, 1, tzinfo=_dt.UTC), "since")


class _Compiled:
    __slots__ = (
        "_policy", "cache", "kind_roles", "names", "relevant", "rules", "targets", "tzs",
        "unstarted",
    )  # fmt: skip

    def __init__(self, policy: SlaPolicy) -> None:
        self.targets = policy.targets
        self.names = tuple(t.name for t in policy.targets)
        self.rules = tuple(t.rule for t in policy.targets)
        self.tzs = tuple(t.calendar.timezone for t in policy.targets)
        roles: dict[str, list[tuple[int, int]]] = {k: [] for k in policy.kinds}
        for k, t in enumerate(policy.targets):
            for kind, role in t.roles().items():
                roles.setdefault(kind, []).append((k, _RANK[role]))
        self.kind_roles = {kind: tuple(v) for kind, v in roles.items()}
        relevant: list[tuple[str, ...]] = []
        for t in policy.targets:
            keys = {key for key, _ in t.when}
            for o in policy.overrides:
                if o.target == t.name:
                    keys.update(key for key, _ in o.when)
            relevant.append(tuple(sorted(keys)))
        self.relevant = tuple(relevant)
        self.cache: dict[tuple[int, tuple[str | None, ...]], _Variant] = {}
        self._policy = policy
        self.unstarted = tuple(
            TargetStatus(
                t.name,
                t.rule,
                TargetState.NOT_STARTED,
                None,
                None,
                0,
                0,
                None,
                None,
                (),
                (),
                0,
                0,
                t.calendar.timezone,
            )
            for t in policy.targets
        )

    def variant(self, k: int, attributes: Mapping[str, str]) -> _Variant:
        relevant = self.relevant[k]
        if not relevant:
            fixed = self.cache.get((k, ()))
            if fixed is not None:
                return fixed
        key = (k, tuple(attributes.get(a) for a in relevant))
        v = self.cache.get(key)
        if v is None:
            attrs_now = {
                a: x for a, x in zip(self.relevant[k], key[1], strict=True) if x is not None
            }
            base = self.targets[k]
            applies = all(attrs_now.get(a) in allowed for a, allowed in base.when)
            v = _Variant(self._policy.effective(base.name, attrs_now), applies)
            self.cache[key] = v
        return v


def _compiled(policy: SlaPolicy) -> _Compiled:
    c = policy._compiled
    if c is None:
        c = _Compiled(policy)
        object.__setattr__(policy, "_compiled", c)
    assert isinstance(c, _Compiled)
    return c


# -- one target's clock -------------------------------------------------------------


class _Clock:
    """One target's clock over one ticket: mutable, local to one evaluation.

    ``e`` is the clock time used up to ``run_from`` (running) or in total
    (paused, stopped). While running, the instant the next pending level is
    reached is computed only when needed (``lazy``), since most tickets stop
    their clocks long before: one ``elapsed`` per segment then suffices.
    """

    # Class-level defaults: a new clock writes only what it changes (most
    # targets of a ticket see one or two events), and a reset restores them.
    started = False
    held = False
    lazy = False
    cycle = earlier = 0
    e = budget = p = memo_e = 0
    start: int | None = None
    stopped: int | None = None
    breached: int | None = None
    reached: int | None = None
    run_from: int | None = None
    pause_from: int | None = None
    nx: int | None = None
    d0: int | None = None
    memo_t: int | None = None
    thr: Sequence[int] = ()
    pend: Sequence[int] = ()
    pauses: tuple[tuple[int, int], ...] = ()
    warn: tuple[tuple[float, int], ...] = ()
    effects: tuple[tuple[Escalation, int, int], ...] = ()
    crossed: frozenset[tuple[object, ...]] = frozenset()

    def __init__(self, k: int, v: _Variant) -> None:
        self.k, self.v = k, v

    def _reset_cycle(self) -> None:
        for name in _CYCLE_FIELDS:
            setattr(self, name, getattr(_Clock, name))

    def _et(self, t: int) -> int:
        """Clock time used up to ``t`` while running (memoised for one instant)."""
        if self.memo_t == t:
            return self.memo_e
        rf = self.run_from
        assert rf is not None
        if rf == t:
            return self.e
        e = self.memo_e = self.e + self.v.elapsed(rf, t)
        self.memo_t = t
        return e

    def _next(self) -> None:
        self.nx = None
        self.lazy = self.run_from is not None and self.p < len(self.pend)

    def _resolve(self) -> None:
        rf = self.run_from
        assert rf is not None
        li = self.pend[self.p]
        need = self.thr[li] - self.e
        if need <= 0:
            self.nx = rf
        elif self.d0 is not None and self.v.levels[li][2] == _BREACH:
            self.nx = self.d0
        else:
            self.nx = self.v.add(rf, need)
        self.lazy = False

    def _cross(self, at: int) -> None:
        _, _, code, key, payload = self.v.levels[self.pend[self.p]]
        self.p += 1
        self.crossed = self.crossed | {key}
        if code == _BREACH:
            self.breached = at
            if self.reached is None:
                self.reached = at
        elif code == _WARNING:
            self.warn = (*self.warn, (payload, at))  # type: ignore[arg-type]
        else:
            self.effects = (*self.effects, (payload, at, self.cycle))  # type: ignore[arg-type]

    def advance(self, t: int, inclusive: bool) -> None:
        """Record the levels reached before ``t`` (or at ``t`` when inclusive)."""
        while True:
            if self.lazy:
                if self.thr[self.pend[self.p]] > self._et(t):
                    return
                self._resolve()
            nx = self.nx
            if nx is None or nx > t or (nx == t and not inclusive):
                return
            self._cross(nx)
            self._next()

    def check(self, t: int) -> None:
        """Record the levels reached at ``t`` once its events are applied."""
        if not self.started or self.stopped is not None:
            return
        if self.run_from is not None:
            self.advance(t, True)
            return
        while self.p < len(self.pend) and self.thr[self.pend[self.p]] <= self.e:
            self._cross(t)

    def begin(self, t: int) -> None:
        v = self.v
        self.started = True
        self.start = t
        b, self.d0 = v.budget(t)
        self.budget = b
        self.thr = v.thresholds(b)
        self.pend = v.all_levels
        if self.held:
            self.pause_from = t
            self.d0 = None
        else:
            self.run_from = t
            self._next()

    def pause(self, t: int) -> None:
        self.held = True
        if self.run_from is not None:
            self.e = self._et(t)
            self.run_from = self.nx = self.d0 = self.memo_t = None
            self.lazy = False
            self.pause_from = t

    def resume(self, t: int) -> None:
        self.held = False
        if self.pause_from is not None:
            self.pauses = (*self.pauses, (self.pause_from, t))
            self.pause_from = None
            self.run_from = t
            self._next()

    def stop(self, t: int) -> None:
        if self.stopped is not None:
            return
        if self.run_from is not None:
            self.e = self._et(t)
            self.run_from = self.nx = self.memo_t = None
            self.lazy = False
        elif self.pause_from is not None:
            self.pauses = (*self.pauses, (self.pause_from, t))
            self.pause_from = None
        self.stopped = t

    def restart(self, t: int) -> None:
        if self.started:
            self.earlier += self.breached is not None
            self.cycle += 1
            self._reset_cycle()
        self.begin(t)

    def change(self, t: int, v: _Variant) -> None:
        """New parameters at ``t``: recompute from the original start, pauses kept."""
        if self.stopped is not None:
            return  # parameters freeze at the stop
        self.v = v
        if not self.started:
            return
        start = self.start
        assert start is not None
        b = self.budget = v.budget(start)[0]
        e = v.elapsed(start, t) - sum(v.elapsed(a, c) for a, c in self.pauses)
        if self.pause_from is not None:
            e -= v.elapsed(self.pause_from, t)
        self.e = e
        self.d0 = self.memo_t = None
        self.thr = v.thresholds(b)
        self.pend = [i for i, lv in enumerate(v.levels) if lv[3] not in self.crossed]
        self.p = 0
        self.reached = _reach(v, start, self.pauses, self.pause_from, b) if e >= b else None
        if self.run_from is not None:
            self.run_from = t
            self._next()  # a level already due resolves to t: recorded after the events

    def status(self, now: int, ticket: object, rule: str, name: str, tz: str) -> TargetStatus:
        rf = self.run_from
        e = self.e if rf is None else self._et(now)
        deadline: int | None = None
        if not self.started:
            state = TargetState.NOT_STARTED
        else:
            if self.breached is not None:
                state = TargetState.BREACHED
            elif self.stopped is not None:
                state = TargetState.MET
            elif self.held:
                state = TargetState.PAUSED
            else:
                state = TargetState.RUNNING
            anchor = rf if rf is not None else self.stopped
            if anchor is not None:
                left = self.budget - self.e
                if left <= 0:
                    deadline = self.reached
                else:
                    deadline = self.d0 if self.d0 is not None else self.v.add(anchor, left)
        effects = (
            tuple(
                Effect(esc.effect, name, esc.rule or rule, esc.level, at, cycle, ticket, tz)
                for esc, at, cycle in self.effects
            )
            if self.effects
            else ()
        )
        return TargetStatus(
            name, rule, state, self.start, deadline, e, self.budget, self.stopped,
            self.breached, self.warn, effects, self.cycle, self.earlier, tz,
        )  # fmt: skip

    def next_change(self, now: int) -> int | None:
        if self.run_from is None:
            return None
        if self.lazy:
            self._resolve()
        best = self.nx
        opens = self.v.opens(now)
        if opens is not None and (best is None or opens < best):
            best = opens
        return best


_CYCLE_FIELDS = (
    "start", "stopped", "breached", "reached", "run_from", "pause_from", "nx", "d0", "memo_t",
    "memo_e", "lazy", "pauses", "e", "budget", "p", "thr", "pend", "warn", "crossed",
)  # fmt: skip


def _reach(
    v: _Variant, start: int, pauses: Sequence[tuple[int, int]], pause_from: int | None, amount: int
) -> int:
    """The instant the clock time since ``start``, pauses excluded, reaches ``amount``."""
    acc, s = 0, start
    for a, b in (*pauses, *(((pause_from, pause_from),) if pause_from is not None else ())):
        part = v.elapsed(s, a)
        if acc + part >= amount:
            break
        acc, s = acc + part, b
    return v.add(s, amount - acc)


# -- the evaluation loop ------------------------------------------------------------

Event = tuple[str, int, Mapping[str, str] | None]
#: What the public functions accept as one event.
EventInput = TicketEvent | tuple[str, int] | tuple[str, int, Mapping[str, str]]


def _order_error(ticket: object, i: int, kind: str, t: int, last: int) -> SlaEventError:
    return SlaEventError(
        f"ticket {ticket!r}: event {i} ({kind!r}) at {t} µs is earlier than event "
        f"{i - 1} at {last} µs; pass the events in time order",
        ticket=ticket, index=i, field=f"events[{i}].at", value=t,
    )  # fmt: skip


def _kind_error(ticket: object, i: int, kind: object, known: Iterable[str]) -> SlaEventError:
    return SlaEventError(
        f"ticket {ticket!r}: event {i} has the unknown kind {kind!r}; the policy knows "
        f"{sorted(known)} (add it to the policy's kinds if it drives no clock)",
        ticket=ticket, index=i, field=f"events[{i}].kind", value=kind,
    )  # fmt: skip


def _stop_error(cp: _Compiled, ticket: object, g: int, kind: str, k: int) -> SlaEventError:
    return SlaEventError(
        f"ticket {ticket!r}: event {g} ({kind!r}) stops target {cp.names[k]!r} "
        f"({cp.rules[k]}) before any start; its start kinds are {list(cp.targets[k].start)}",
        ticket=ticket, index=g, field=f"events[{g}].kind", value=kind, rule=cp.rules[k],
    )  # fmt: skip


def _apply(clock: _Clock, role: int, t: int, cp: _Compiled, ticket: object, g: int, kind: str) -> None:
    """Apply one clock role at ``t``.

    Levels are recorded lazily: before a change of the clock's running state
    (they are a function of the start, the pauses and the parameters, which the
    change would alter), and at the end. Only a pause can make a level due at
    the instant itself (its clock stops with the threshold reached exactly).
    """
    if role == _START:
        if not clock.started and clock.v.applies:
            clock.begin(t)
    elif role == _STOP:
        if clock.started:
            if clock.stopped is None:
                if clock.run_from is not None:
                    clock.advance(t, False)
                clock.stop(t)
        elif clock.v.applies:
            raise _stop_error(cp, ticket, g, kind, clock.k)
    elif role == _PAUSE:
        if clock.run_from is not None:
            clock.advance(t, False)
            clock.pause(t)
            clock.check(t)
        else:
            clock.held = True
    elif role == _RESUME:
        clock.resume(t)
    elif clock.v.applies or clock.started:  # reset
        if clock.run_from is not None:
            clock.advance(t, False)
        clock.restart(t)


def _run(
    cp: _Compiled,
    ticket: object,
    events: Sequence[Event] | Sequence[tuple[str, int]],
    now: int,
    initial: Mapping[str, str] | None,
    pairs: bool = False,
) -> tuple[list[_Clock | None], dict[str, str]]:
    """Apply the events at or before ``now``; check the form of all of them.

    ``pairs``: the events are ``(kind, at_us)`` pairs without attribute changes.
    """
    attributes: dict[str, str] = dict(initial) if initial else {}
    clocks: list[_Clock | None] = [None] * len(cp.targets)
    kind_roles = cp.kind_roles
    n = len(events)
    i = 0
    last = events[0][1] if n else 0
    while i < n:
        ev = events[i]
        kind, t = ev[0], ev[1]
        changes = None if pairs else ev[2]  # type: ignore[misc]
        if t < last:
            raise _order_error(ticket, i, kind, t, last)
        last = t
        roles = kind_roles.get(kind)
        if roles is None:
            raise _kind_error(ticket, i, kind, kind_roles)
        end = i + 1
        while end < n and events[end][1] == t:
            end += 1
        if t > now:
            for g in range(i + 1, end):
                if events[g][0] not in kind_roles:
                    raise _kind_error(ticket, g, events[g][0], kind_roles)
            i = end
            continue
        if end == i + 1 and not changes:
            # The common case: one event at its instant, no attribute changes.
            for k, role in roles:
                clock = clocks[k]
                if clock is None:
                    clock = clocks[k] = _Clock(k, cp.variant(k, attributes))
                if role == _START:  # the commonest role, inline
                    if not clock.started and clock.v.applies:
                        clock.begin(t)
                else:
                    _apply(clock, role, t, cp, ticket, i, kind)
            i = end
            continue
        # Several events share the instant, or attributes change.
        touched: dict[int, _Clock] = {}
        new: dict[str, tuple[str, int]] = {}
        work: list[tuple[int, int, int]] = []
        for g in range(i, end):
            kind_g = events[g][0]
            changes_g = None if pairs else events[g][2]  # type: ignore[misc]
            roles_g = kind_roles.get(kind_g)
            if roles_g is None:
                raise _kind_error(ticket, g, kind_g, kind_roles)
            work.extend((k, role, g) for k, role in roles_g)
            for key, value in (changes_g or {}).items():
                if key in new and new[key][0] != value:
                    raise SlaEventError(
                        f"ticket {ticket!r}: events {new[key][1]} and {g} at the same instant "
                        f"set {key!r} to {new[key][0]!r} and {value!r}; which holds is "
                        "undecidable, so give them different times or one value",
                        ticket=ticket, index=g, field=f"events[{g}].attributes.{key}",
                        value=value,
                    )  # fmt: skip
                new[key] = (value, g)
        if new:
            attributes.update((key, value) for key, (value, _) in new.items())
            for k, clock in enumerate(clocks):
                if clock is not None and any(key in new for key in cp.relevant[k]):
                    v = cp.variant(k, attributes)
                    if v is not clock.v:
                        clock.advance(t, False)
                        clock.change(t, v)
                        touched[k] = clock
        work.sort()  # per target: reset, start, resume, pause, stop; then input position
        for k, role, g in work:
            clock = clocks[k]
            if clock is None:
                clock = clocks[k] = _Clock(k, cp.variant(k, attributes))
            if k not in touched:
                clock.advance(t, False)
                touched[k] = clock
            _apply(clock, role, t, cp, ticket, g, events[g][0])
        for clock in touched.values():
            clock.check(t)
        i = end
    for clock in clocks:
        if clock is not None and clock.run_from is not None:
            clock.advance(now, True)
    return clocks, attributes


def _report(
    cp: _Compiled,
    ticket: object,
    clocks: list[_Clock | None],
    attributes: dict[str, str],
    now: int,
    tz: str,
) -> SlaReport:
    statuses = []
    nxt: int | None = None
    for k, clock in enumerate(clocks):
        if clock is None or not clock.started:
            v = cp.variant(k, attributes)
            if v.applies:
                statuses.append(cp.unstarted[k])
            continue
        statuses.append(clock.status(now, ticket, cp.rules[k], cp.names[k], cp.tzs[k]))
        if clock.run_from is not None:
            x = clock.next_change(now)
            if x is not None and (nxt is None or x < nxt):
                nxt = x
    return SlaReport(ticket, now, tuple(statuses), tuple(sorted(attributes.items())), nxt, tz)


def _now_us(now: object, ticket: object) -> tuple[int, str]:
    try:
        us = to_us(now, "now")
    except NaiveDatetimeError as e:
        raise NaiveEventError(
            f"ticket {ticket!r}: {e.message}", ticket=ticket, field="now", value=now
        ) from None
    assert isinstance(now, _dt.datetime)
    name = getattr(now.tzinfo, "name", None) or getattr(now.tzinfo, "key", None)
    if isinstance(name, str) and name[:1] not in "+-":
        try:
            get_timezone(name)
        except UnknownTimezoneError:
            name = None
    if not isinstance(name, str) or not name:
        offset = now.utcoffset()
        assert offset is not None
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        name = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return us, name


def _normalise(events: Iterable[object], ticket: object) -> list[Event]:
    out: list[Event] = []
    for i, ev in enumerate(events):
        kind: object
        at: object
        changes: object
        if isinstance(ev, TicketEvent):
            kind, at, changes = ev.kind, ev.at, (dict(ev.attributes) if ev.attributes else None)
        elif isinstance(ev, tuple) and len(ev) in (2, 3):
            kind, at = ev[0], ev[1]
            changes = ev[2] if len(ev) == 3 else None
        else:
            raise SlaEventError(
                f"ticket {ticket!r}: event {i} is {type(ev).__name__}; pass TicketEvent values "
                "or (kind, at_us[, attributes]) tuples",
                ticket=ticket, index=i, field=f"events[{i}]", value=ev,
            )  # fmt: skip
        if not isinstance(kind, str):
            raise SlaEventError(
                f"ticket {ticket!r}: event {i}: the kind {kind!r} is not a string",
                ticket=ticket, index=i, field=f"events[{i}].kind", value=kind,
            )  # fmt: skip
        if changes is not None and not isinstance(changes, Mapping):
            raise SlaEventError(
                f"ticket {ticket!r}: event {i}: attributes {changes!r} are not a mapping",
                ticket=ticket, index=i, field=f"events[{i}].attributes", value=changes,
            )  # fmt: skip
        if isinstance(at, int) and not isinstance(at, bool):
            at_us = at
        else:
            try:
                at_us = to_us(at, f"events[{i}].at")
            except NaiveDatetimeError as e:
                raise NaiveEventError(
                    f"ticket {ticket!r}: event {i}: {e.message}",
                    ticket=ticket, index=i, field=f"events[{i}].at", value=at,
                ) from None  # fmt: skip
            except TypeError:
                raise SlaEventError(
                    f"ticket {ticket!r}: event {i}: {at!r} is not a time; give an aware "
                    "datetime or integer epoch microseconds",
                    ticket=ticket, index=i, field=f"events[{i}].at", value=at,
                ) from None  # fmt: skip
        out.append((kind, at_us, changes))
    return out


def evaluate(
    policy: SlaPolicy,
    events: Iterable[EventInput],
    now: _dt.datetime,
    *,
    ticket: object = None,
    attributes: Mapping[str, str] | None = None,
) -> SlaReport:
    """The SLA status of one ticket at ``now``.

    Args:
        policy: The SLA policy.
        events: The ticket's events in time order: :class:`TicketEvent` values, or
            ``(kind, at_us)`` / ``(kind, at_us, attributes)`` tuples with integer
            epoch microseconds. Events after ``now`` are checked, not applied.
        now: The evaluation instant (aware).
        ticket: The ticket's identifier, carried into errors, effects and reports.
        attributes: The ticket's attributes before its first event.

    Returns:
        An :class:`SlaReport`.

    Raises:
        SlaEventError: Events out of order, an unknown kind, a stop before a start,
            conflicting attribute values at one instant; names ticket and index.
        NaiveEventError: An event time or ``now`` without a time zone.

    Examples:
        >>> import complaintflow as cf
        >>> office = cf.BusinessCalendar.china(years=[2026])
        >>> policy = cf.default_policy(office)
        >>> t = lambda s: cf.parse_instant(f"2026-11-{s}+08:00")
        >>> events = [cf.TicketEvent("accepted", t("20T17:00")),
        ...           cf.TicketEvent("awaiting_customer", t("23T10:00")),
        ...           cf.TicketEvent("customer_responded", t("24T10:00"))]
        >>> s = cf.evaluate(policy, events, now=t("24T10:00")).status("reply")
        >>> s.state.value, s.deadline.isoformat()  # Tue 18:00 + the 7.5 open hours paused
        ('running', '2026-11-25T18:00:00+08:00')
    """
    now_us, tz = _now_us(now, ticket)
    cp = _compiled(policy)
    norm = _normalise(events, ticket)
    clocks, attrs_now = _run(cp, ticket, norm, now_us, attributes)
    return _report(cp, ticket, clocks, attrs_now, now_us, tz)


def evaluate_many(
    policy: SlaPolicy,
    tickets: Iterable[
        tuple[object, Sequence[EventInput]] | tuple[object, Sequence[EventInput], Mapping[str, str]]
    ],
    now: _dt.datetime,
) -> Iterator[SlaReport]:
    """Evaluate many tickets at one ``now``, lazily: memory stays flat.

    Each item is ``(ticket_id, events)`` or ``(ticket_id, events, attributes)``;
    events as for :func:`evaluate`, fastest as ``(kind, at_us)`` tuples.

    Examples:
        >>> import complaintflow as cf
        >>> p = cf.default_policy(cf.BusinessCalendar.always_open())
        >>> t0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
        >>> us = 1795395600000000  # t0 in epoch µs
        >>> rows = cf.evaluate_many(p, [("T1", [("assigned", us)]), ("T2", [])], now=t0)
        >>> [(r.ticket, [s.state.value for s in r.targets]) for r in rows]
        [('T1', ['running', 'not started', 'not started', 'not started', 'not started']), ('T2', ['not started', 'not started', 'not started', 'not started', 'not started'])]
    """  # noqa: E501
    now_us, tz = _now_us(now, None)
    cp = _compiled(policy)
    for item in tickets:
        ticket, events = item[0], item[1]
        initial = item[2] if len(item) > 2 else None
        pairs = True
        for ev in events:  # the fast form: (kind, at_us) pairs, used as they are
            if type(ev) is not tuple or len(ev) != 2 or type(ev[1]) is not int:
                pairs = False
                break
        norm = events if pairs else _normalise(events, ticket)
        clocks, attrs_now = _run(cp, ticket, norm, now_us, initial, pairs)  # type: ignore[arg-type]
        yield _report(cp, ticket, clocks, attrs_now, now_us, tz)
