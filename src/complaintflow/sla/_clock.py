"""The SLA clock machinery: a policy compiled for evaluation, and one target's clock.

Theory of operation
-------------------
`Compiled` is built once per policy (and cached on it): event kinds map
to ``(target, role)`` pairs, and each target's effective parameters for a
combination of the attributes that matter to it are a `Variant`, built on
first use and shared by every ticket. A variant carries the clock: the
calendar's `CalendarIndex` for business time and
business days, or real time for calendar durations. Its ``elapsed`` and ``add``
run the index's binary searches inline on its current immutable state.

A `Clock` is the mutable state of one target during one evaluation. It
keeps the clock time used (``e``), the running segment's start (``run_from``),
the pauses of the cycle (kept for recomputation after an attribute change), and
the pending levels (warnings, the breach, escalations) with the threshold of the
next one in clock time (``due``: one product per level crossed; a business-days
budget differs with every start, so a table of thresholds per budget would rarely
be reused). The instant the next level is reached is computed lazily: most clocks
stop long before their first level, and then a segment costs one ``elapsed``.
"""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from fractions import Fraction
from functools import lru_cache
from typing import Any

from complaintflow._errors import DurationError
from complaintflow._time import from_us, get_timezone, to_us
from complaintflow.calendars import BusinessCalendar, DurationKind
from complaintflow.calendars._internal import CalendarIndex
from complaintflow.sla._condition import Predicate, compile_condition
from complaintflow.sla._definition import (
    ROLES,
    Escalation,
    SlaTarget,
    SlaTrigger,
    calendar_attribute,
)
from complaintflow.sla._policy import SlaPolicy
from complaintflow.sla._report import SlaCycle, SlaEffect, TargetState, TargetStatus

#: The due dates a cycle's start read, by ``(source, field)``: epoch µs, or the
#: error that reading it met (raised when a variant needs it).
Given = Mapping[tuple[str, str], "int | Exception"]

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_DAY_US = 86_400_000_000
#: Role codes, in the order they apply to one target at one instant.
RANK = {role: i for i, role in enumerate(ROLES)}
RESET, START, RESUME, PAUSE, STOP, CANCEL = range(6)
#: Not a clock role: the event is a retroactive start's candidate (its time is kept).
RETRO = 6
_WARNING, _BREACH, _ESCALATION = range(3)
_NOT_STARTED, _RUNNING, _PAUSED, _MET, _BREACHED_STATE, _CANCELLED = TargetState


class Variant:
    """A target's effective parameters for one combination of attributes."""

    __slots__ = (
        "_closes", "_same", "again", "all_levels", "applies", "by", "days", "due", "first_ord",
        "hi", "idx", "kind", "levels", "lo", "micros", "st", "stable", "target", "tz",
    )  # fmt: skip

    def __init__(self, target: SlaTarget, applies: bool, breach_only: bool = False) -> None:
        self.target = target
        self.applies = applies
        #: A start after the stop opens a new cycle.
        self.again = target.new_cycle_on_start
        d = target.within
        self.kind = d.kind
        self.micros, self.days = d.micros, d.days
        cal = target.calendar
        self.tz = cal.tz
        #: "N business days by HH:MM": the time of day in seconds (else ``None``).
        self.by = None if d.by is None else d.by.hour * 3600 + d.by.minute * 60
        #: A due date the ticket gives: ``(source, field)`` (else ``None``).
        self.due = None if d.source is None else (d.source, str(d.field))
        real = d.kind is DurationKind.CALENDAR or d.kind is DurationKind.DUE_FIELD
        self.idx: CalendarIndex | None = None if real else cal.epoch_index()
        self.st: Any = None
        self.first_ord = 0
        #: From when the zone's UTC offset never changes: calendar days are plain adds.
        self.stable = _stable_since(cal.timezone) if d.kind is DurationKind.CALENDAR else None
        self.lo, self.hi = 1, 0  # an empty range: the first query refreshes
        levels: list[tuple[Fraction, int, tuple[object, ...], object]] = [
            (Fraction(1), _BREACH, ("b",), None)
        ]
        for w in () if breach_only else target.warnings:
            levels.append((Fraction(w), _WARNING, ("w", w), w))
        for e in () if breach_only else target.escalations:
            levels.append((Fraction(e.level), _ESCALATION, ("e", e.level, e.effect, e.rule), e))
        levels.sort(key=lambda x: (x[0], x[1]))
        self.levels = tuple(
            (f.numerator, f.denominator, code, key, payload) for f, code, key, payload in levels
        )
        self.all_levels = tuple(range(len(self.levels)))
        self._closes: dict[int, int] = {}
        #: "Same business day by": the time on the first business day from a date, and on the next.
        self._same: dict[int, tuple[int, int]] = {}

    def threshold(self, budget: int, level: int) -> int:
        """Clock time at which ``level`` is reached (rounded up to the µs)."""
        n, d, _, _, _ = self.levels[level]
        return -(-budget * n // d)

    def budget(self, start: int, given: Given | None = None) -> tuple[int, int | None]:
        """The budget of a cycle starting at ``start``, in clock time, and the
        deadline if the cycle is never paused (``None`` when not known for free).

        ``given``: the due dates the cycle's start read (for a due date the ticket
        gives; raised here if it could not be read)."""
        kind = self.kind
        if kind is DurationKind.BUSINESS_TIME:
            return self.micros, None
        by_day = kind is DurationKind.BUSINESS_DAYS_BY
        if kind is DurationKind.BUSINESS_DAYS or (by_day and self.days):
            idx = self.idx
            assert idx is not None
            if self.lo <= start < self.hi:  # the close of the N-th business day, by local date
                st = self.st
                day = bisect_right(st.day_starts, start) + self.first_ord
                close = self._closes.get(day)
                if close is None:
                    if len(self._closes) > 4096:
                        self._closes.clear()
                    close = self._closes[day] = self._business_deadline(idx, start)
            else:
                close = self._business_deadline(idx, start)
            return self.elapsed(start, close), close
        if by_day:  # the same business day: by the start's time of day too
            idx = self.idx
            assert idx is not None
            assert self.by is not None
            if self.lo <= start < self.hi:  # that time of the day and of the next, by date
                day = bisect_right(self.st.day_starts, start) + self.first_ord
                pair = self._same.get(day)
                if pair is None:
                    if len(self._same) > 4096:
                        self._same.clear()
                    pair = self._same[day] = (
                        idx.business_day_at(start, 0, self.by),
                        idx.business_day_at(start, 1, self.by),
                    )
                close = pair[0] if pair[0] > start else pair[1]
            else:
                close = idx.add_business_days_by(start, 0, self.by)
            close = self._open_by(idx, close)
            return self.elapsed(start, close), close
        if kind is DurationKind.DUE_FIELD:
            assert self.due is not None
            if given is None:  # pragma: no cover - a start reads the dates of its target
                raise AssertionError("a due date the ticket gives, read at no start")
            at = given[self.due]
            if isinstance(at, Exception):
                raise at
            end = max(at, start)  # due at or before the start: breached at the start
            return end - start, end
        if self.days:
            # The same wall time N days later: a plain add while the UTC offset is fixed.
            stable = self.stable
            if stable is not None and start >= stable:
                end = start + self.days * _DAY_US
            else:
                end = to_us(from_us(start, self.tz).add(days=self.days), "deadline")
        else:
            end = start
        return end - start + self.micros, end + self.micros

    def _business_deadline(self, idx: CalendarIndex, start: int) -> int:
        """The deadline of N business days (N >= 1), by the start's local date alone."""
        if self.by is None:
            return idx.add_business_days(start, self.days)
        return self._open_by(idx, idx.add_business_days_by(start, self.days, self.by))

    def _open_by(self, idx: CalendarIndex, at: int) -> int:
        """``at``, a time-of-day deadline, if the calendar is open just before it.

        Only then does the open time up to it run out at it, so that a pause (which
        moves the deadline to where the open time left runs out) keeps its meaning.
        """
        if idx.is_open(at - 1):
            return at
        t = self.target
        day = from_us(at, self.tz)
        raise DurationError(
            f"within: {t.within} of target {t.name!r} ({t.rule}) falls on "
            f"{day.date().isoformat()} at {day:%H:%M}, when its calendar is not open (or "
            "just opens); give a time of day inside the open hours, or a closing time",
            field="within",
            value=str(t.within),
            rule=t.rule,
        )

    # The two clock operations, inlined on the index's current state (an
    # immutable snapshot); anything outside it goes through the index itself.

    def _refresh(self, t: int) -> None:
        idx = self.idx
        assert idx is not None
        st = self.st = idx.state_for(t)
        self.first_ord = st.first.toordinal() - 1
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
        starts, ends, cum, ce = st.starts, st.ends, st.cum, st.cum_end
        # Open time before an instant: all of its interval once past the end, else a part.
        i = bisect_right(starts, a) - 1
        oa = 0 if i < 0 else (ce[i] if a >= ends[i] else cum[i] + a - starts[i])
        j = bisect_right(starts, b) - 1
        return (0 if j < 0 else (ce[j] if b >= ends[j] else cum[j] + b - starts[j])) - oa

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
            target = d + (0 if i < 0 else (ce[i] if a >= st.ends[i] else cum[i] + a - starts[i]))
            if ce and ce[-1] >= target:
                j = bisect_left(ce, target)
                return starts[j] + (target - cum[j])
        result = idx.add(a, d)
        self._refresh(a)
        return result


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


class Compiled:
    """A policy compiled for evaluation.

    ``breach_only``: the variants carry the breach level alone, without warnings
    and escalations. A clock's state, breach, stop and clock time do not depend
    on the other levels (each level is crossed on its own), so counts of outcomes
    (what-if replay) are the same at a fraction of the cost; the warnings and
    effects of such clocks are empty.
    """

    __slots__ = (
        "_policy", "attribute_keys", "breach_only", "cache", "cancels", "dues", "event_fields",
        "fixed", "guards", "kind_roles", "names", "reads_dues", "relevant", "rules",
        "targets", "unstarted",
    )  # fmt: skip

    def __init__(self, policy: SlaPolicy, breach_only: bool = False) -> None:
        self.breach_only = breach_only
        self.targets = policy.targets
        self.names = tuple(t.name for t in policy.targets)
        self.rules = tuple(t.rule for t in policy.targets)
        roles: dict[str, list[tuple[int, int]]] = {k: [] for k in policy.kinds}
        guards: dict[str, list[tuple[int, int, Predicate]]] = {}
        fields: set[str] = set()
        read: set[str] = set()  # ticket attributes the conditions read
        for k, t in enumerate(policy.targets):
            for role in ROLES:
                for item in getattr(t, role):
                    if isinstance(item, SlaTrigger):  # compiled here, once per policy
                        roles.setdefault(item.kind, [])
                        pred = compile_condition(item.when.tree)
                        guards.setdefault(item.kind, []).append((k, RANK[role], pred))
                        fields.update(_fields(item.when.tree, "event"))
                        read.update(_fields(item.when.tree, "ticket"))
                    else:
                        roles.setdefault(item, []).append((k, RANK[role]))
            retro = t.retroactive_start
            if isinstance(retro, SlaTrigger):
                roles.setdefault(retro.kind, [])
                pred = compile_condition(retro.when.tree)
                guards.setdefault(retro.kind, []).append((k, RETRO, pred))
                fields.update(_fields(retro.when.tree, "event"))
                read.update(_fields(retro.when.tree, "ticket"))
            elif retro is not None:
                roles.setdefault(retro, []).append((k, RETRO))
        #: Per target, the due dates its cycles read at their start: ``(source, field)``
        #: of its own and its overrides' budgets that the ticket gives.
        self.dues = tuple(_dues(policy, t) for t in policy.targets)
        self.reads_dues = any(self.dues)
        read.update(f for due in self.dues for s, f in due if s == "ticket")
        self.kind_roles = {kind: tuple(v) for kind, v in roles.items()}
        #: Conditional roles by event kind: ``(target, role, predicate)``; ``None``
        #: when the policy has none (the evaluation loop then never looks).
        self.guards = {kind: tuple(v) for kind, v in guards.items()} or None
        #: The event payload fields the conditions read.
        self.event_fields = frozenset(fields)
        #: Some target can be cancelled.
        self.cancels = any(t.cancel for t in policy.targets)
        relevant: list[tuple[str, ...]] = []
        for t in policy.targets:
            keys = {key for key, _ in t.when}
            for o in policy.overrides:
                if o.target == t.name:
                    keys.update(key for key, _ in o.when)
            by = calendar_attribute(t, policy.calendar_by)
            if by is not None:  # the attribute that names the ticket's calendar
                keys.add(by)
            relevant.append(tuple(sorted(keys)))
        self.relevant = tuple(relevant)
        #: The ticket attributes any target or override reads (event payload fields).
        self.attribute_keys = frozenset(key for keys in relevant for key in keys) | read
        #: The one variant of each target that no attribute changes (else None).
        self.fixed: list[Variant | None] = [None] * len(relevant)
        self.cache: dict[tuple[int, tuple[str | None, ...]], Variant] = {}
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

    def variant(self, k: int, attributes: Mapping[str, str]) -> Variant:
        relevant = self.relevant[k]
        if not relevant:
            fixed = self.cache.get((k, ()))
            if fixed is not None:
                return fixed
        key = (k, tuple([attributes.get(a) for a in relevant]))  # a list: no generator frame
        v = self.cache.get(key)
        if v is None:
            attrs_now = {
                a: x for a, x in zip(self.relevant[k], key[1], strict=True) if x is not None
            }
            base = self.targets[k]
            applies = all(attrs_now.get(a) in allowed for a, allowed in base.when)
            v = Variant(self._policy.effective(base.name, attrs_now), applies, self.breach_only)
            if len(self.cache) < VARIANTS_KEPT or not relevant:
                self.cache[key] = v
            if not relevant:
                self.fixed[k] = v
        return v


def _dues(policy: SlaPolicy, target: SlaTarget) -> tuple[tuple[str, str], ...]:
    """The ``(source, field)`` due dates ``target`` or an override of it reads."""
    withins = [target.within, *(o.within for o in policy.overrides if o.target == target.name)]
    found = {(d.source, str(d.field)) for d in withins if d is not None and d.source is not None}
    return tuple(sorted(found))


def _fields(tree: tuple[object, ...], source: str) -> set[str]:
    """The fields of ``source`` (``"event"`` or ``"ticket"``) a condition tree reads."""
    if tree[0] == "leaf":
        return {str(tree[2])} if tree[1] == source else set()
    if tree[0] == "not":
        return _fields(tree[1], source)  # type: ignore[arg-type]
    return {f for sub in tree[1] for f in _fields(sub, source)}  # type: ignore[attr-defined]


#: How many variants (a target under one set of the attribute values its overrides
#: and conditions read) a compilation keeps; past them a variant is built anew for
#: each clock, so a numeric attribute with a new value on every ticket costs time,
#: not memory.
VARIANTS_KEPT = 4096
#: How many calendars passed with tickets a policy keeps its compilation for.
TICKET_CALENDARS_KEPT = 64


def compiled(policy: SlaPolicy, breach_only: bool = False, calendar: object = None) -> Compiled:
    """The policy compiled (built once per policy and form, kept on the policy).

    ``calendar``: the calendar passed with a ticket (a name or a calendar): the
    compilation of ``policy.for_calendar(calendar)``, kept for the first
    `TICKET_CALENDARS_KEPT` calendars (built anew past them).
    """
    forms = policy._compiled
    if forms is None:
        forms = {}
        object.__setattr__(policy, "_compiled", forms)
    assert isinstance(forms, dict)
    if calendar is not None:
        if not isinstance(calendar, str | BusinessCalendar):
            policy.for_calendar(calendar)  # type: ignore[arg-type]  # raises WrongTypeError
        key = ("calendar", calendar)
        derived = forms.get(key)
        if derived is None:
            derived = policy.for_calendar(calendar)  # type: ignore[arg-type]
            if len(forms) < TICKET_CALENDARS_KEPT + 2:
                forms[key] = derived
        return compiled(derived, breach_only)
    c = forms.get(breach_only)
    if c is None:
        c = forms[breach_only] = Compiled(policy, breach_only)
    assert isinstance(c, Compiled)
    return c


# -- one target's clock -------------------------------------------------------------


class Clock:
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
    cancelled = False
    #: The latest event at or before now that a retroactive start would start at.
    retro_at: int | None = None
    #: For a target whose budget the ticket may give: what reads the due dates at a
    #: start (set by the evaluation), what the cycle's start read, and what the
    #: retroactive start's event would give.
    ctx: Any = None
    given: Given | None = None
    retro_given: Given | None = None
    cycle = 0
    earlier = 0
    e = 0
    budget = 0
    p = 0
    memo_e = 0
    start: int | None = None
    stopped: int | None = None
    breached: int | None = None
    reached: int | None = None
    run_from: int | None = None
    pause_from: int | None = None
    nx: int | None = None
    d0: int | None = None
    memo_t: int | None = None
    due = 0  # clock time at which level pend[p] is reached (while p < len(pend))
    pend: Sequence[int] = ()
    #: Closed pauses ``(from, to)`` of the cycle: a list once the first one closes,
    #: appended in place (a tuple rebuilt per resume made many pauses quadratic).
    pauses: Sequence[tuple[int, int]] = ()
    warn: tuple[tuple[float, int], ...] = ()
    effects: tuple[tuple[Escalation, int, int], ...] = ()
    #: Finished cycles (``SlaCycle`` values), oldest first; kept across resets.
    history: tuple[SlaCycle, ...] = ()
    #: Keys of the levels crossed before the last change of parameters; those
    #: crossed since are ``pend[:p]``.
    crossed: frozenset[tuple[object, ...]] = frozenset()

    def __init__(self, k: int, v: Variant) -> None:
        self.k, self.v = k, v

    def _add_pause(self, a: int, b: int) -> None:
        pauses = self.pauses
        if type(pauses) is list:
            pauses.append((a, b))
        else:
            self.pauses = [*pauses, (a, b)]

    def _reset_cycle(self) -> None:
        # The defaults are read from a new clock, not from the class: a compiled
        # build's class holds descriptors there. Resets are rare (a reset event).
        blank = Clock(self.k, self.v)
        for name in CYCLE_FIELDS:
            setattr(self, name, getattr(blank, name))

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
        need = self.due - self.e
        if need <= 0:
            self.nx = rf
        elif self.d0 is not None and self.v.levels[li][2] == _BREACH:
            self.nx = self.d0
        else:
            self.nx = self.v.add(rf, need)
        self.lazy = False

    def _cross(self, at: int) -> None:
        _, _, code, _, payload = self.v.levels[self.pend[self.p]]
        p = self.p = self.p + 1
        if p < len(self.pend):
            self.due = self.v.threshold(self.budget, self.pend[p])
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
                if self.due > self._et(t):
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
        while self.p < len(self.pend) and self.due <= self.e:
            self._cross(t)

    def begin(self, t: int, given: Given | None = None) -> None:
        v = self.v
        self.started = True
        self.start = t
        if self.ctx is not None:  # the due dates this cycle's start gives
            self.given = given if given is not None else self.ctx.read(self.k)
        b, d0 = v.budget(t, self.given)
        self.budget = b
        self.pend = v.all_levels
        self.due = v.threshold(b, 0)
        if self.held:
            self.pause_from = t
        else:
            self.d0 = d0
            self.run_from = t
            self.lazy = True  # every level is pending: the next one is found when needed

    def _halt(self, t: int) -> None:
        """Stop the running segment at ``t``, recording the levels reached before."""
        rf = self.run_from
        assert rf is not None
        e_t = self.e if rf == t else self.e + self.v.elapsed(rf, t)
        if not self.lazy or self.due <= e_t:
            self.memo_t, self.memo_e = t, e_t
            self.advance(t, False)
        self.e = e_t
        self.run_from = self.nx = self.memo_t = None
        self.lazy = False

    def pause(self, t: int) -> None:
        """Hold the clock; a running one stops counting. Levels reached exactly at
        ``t`` are recorded by ``check(t)`` once every event of the instant is applied."""
        self.held = True
        if self.run_from is not None:
            self._halt(t)
            self.d0 = None
            self.pause_from = t

    def resume(self, t: int) -> None:
        self.held = False
        if self.pause_from is not None:
            self._add_pause(self.pause_from, t)
            self.pause_from = None
            self.run_from = t
            self._next()

    def stop(self, t: int) -> None:
        if self.stopped is not None:
            return
        if self.run_from is not None:
            self._halt(t)
        elif self.pause_from is not None:
            self._add_pause(self.pause_from, t)
            self.pause_from = None
        self.stopped = t

    def cancel(self, t: int) -> None:
        """End the open cycle at ``t`` with no verdict; nothing before a start or after a stop."""
        if self.started and self.stopped is None:
            self.stop(t)
            self.cancelled = True

    def restart(self, t: int) -> None:
        """A new cycle from ``t``; the current one is kept in ``history``."""
        if self.started:
            self.history = (*self.history, self._finished(t))
            if self.cancelled:
                # Written on the instance only when set: one more attribute on every
                # clock's instance dict would outgrow CPython's key-sharing dicts.
                self.cancelled = False
            else:
                self.earlier += self.breached is not None
            self.cycle += 1
            self._reset_cycle()
        self.begin(t)

    def _finished(self, t: int) -> SlaCycle:
        """The current cycle as it ends at ``t`` (by a reset, or after its stop)."""
        v = self.v
        start = self.start
        assert start is not None
        stopped = self.stopped
        state: TargetState | None
        if stopped is not None:
            used, end = self.e, stopped
            if self.cancelled:
                state = _CANCELLED
            else:
                state = _BREACHED_STATE if self.breached is not None else _MET
            deadline = self._deadline()
        else:  # discarded by a reset: a deadline only if it came
            used = self._et(t) if self.run_from is not None else self.e
            end = t
            state = _BREACHED_STATE if self.breached is not None else None
            deadline = self.reached
        paused = sum(v.elapsed(a, b) for a, b in self.pauses)
        if self.pause_from is not None:
            paused += v.elapsed(self.pause_from, end)
        return SlaCycle(
            self.cycle, state, start, stopped, None if stopped is not None else t,
            self.breached, used, paused, self.budget, deadline, v.target.calendar.timezone,
        )  # fmt: skip

    def _deadline(self) -> int | None:
        """When the cycle's budget runs (or ran) out; ``None`` while paused with budget left.

        A budget used up exactly by a stop at the deadline has no breach (a stop at
        the deadline meets the target): the deadline is the stop itself.
        """
        anchor = self.run_from if self.run_from is not None else self.stopped
        left = self.budget - self.e
        if left <= 0:
            return self.reached if self.reached is not None else anchor
        if anchor is None:
            return None
        return self.d0 if self.d0 is not None else self.v.add(anchor, left)

    def change(self, t: int, v: Variant) -> None:
        """New parameters at ``t``: recompute from the original start, pauses kept."""
        if self.stopped is not None:
            return  # parameters freeze at the stop
        old, self.v = self.v, v
        if not self.started:
            if v.applies and not old.applies and self.retro_at is not None:
                # The levels up to t are recorded by check(t).
                self.begin(self.retro_at, self.retro_given)
            return
        crossed = self.crossed = self.crossed | {old.levels[li][3] for li in self.pend[: self.p]}
        start = self.start
        assert start is not None
        b = self.budget = v.budget(start, self.given)[0]
        e = v.elapsed(start, t) - sum(v.elapsed(a, c) for a, c in self.pauses)
        if self.pause_from is not None:
            e -= v.elapsed(self.pause_from, t)
        self.e = e
        self.d0 = self.memo_t = None
        self.pend = [i for i, lv in enumerate(v.levels) if lv[3] not in crossed]
        self.p = 0
        if self.pend:
            self.due = v.threshold(b, self.pend[0])
        self.reached = _reach(v, start, self.pauses, self.pause_from, b) if e >= b else None
        if self.run_from is not None:
            self.run_from = t
            self._next()  # a level already due resolves to t: recorded after the events

    def status(self, now: int, ticket: object, rule: str, name: str, tz: str) -> TargetStatus:
        rf = self.run_from
        e = self.e if rf is None else self._et(now)
        deadline: int | None = None
        if not self.started:
            state = _NOT_STARTED
        else:
            if self.cancelled:
                state = _CANCELLED
            elif self.breached is not None:
                state = _BREACHED_STATE
            elif self.stopped is not None:
                state = _MET
            elif self.held:
                state = _PAUSED
            else:
                state = _RUNNING
            deadline = self._deadline()
        effects = (
            tuple(
                SlaEffect(esc.effect, name, esc.rule or rule, esc.level, at, cycle, ticket, tz)
                for esc, at, cycle in self.effects
            )
            if self.effects
            else ()
        )
        return TargetStatus(
            name, rule, state, self.start, deadline, e, self.budget, self.stopped,
            self.breached, self.warn, effects, self.cycle, self.earlier, tz, self.history,
        )  # fmt: skip

    def next_change(self, now: int) -> int | None:
        if self.run_from is None:
            return None
        if self.lazy:
            self._resolve()
        return self.nx


CYCLE_FIELDS = (
    "start", "stopped", "breached", "reached", "run_from", "pause_from", "nx", "d0", "memo_t",
    "memo_e", "lazy", "pauses", "e", "budget", "p", "due", "pend", "warn", "crossed",
)  # fmt: skip


def _reach(
    v: Variant, start: int, pauses: Sequence[tuple[int, int]], pause_from: int | None, amount: int
) -> int:
    """The instant the clock time since ``start``, pauses excluded, reaches ``amount``."""
    acc, s = 0, start
    for a, b in (*pauses, *(((pause_from, pause_from),) if pause_from is not None else ())):
        part = v.elapsed(s, a)
        if acc + part >= amount:
            break
        acc, s = acc + part, b
    return v.add(s, amount - acc)
