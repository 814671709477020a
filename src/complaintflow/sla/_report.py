"""SLA results: per-target status, effects and the ticket's report.

Theory of operation
-------------------
Results are frozen values whose fields are integers (epoch microseconds for
instants, microseconds of clock time for durations): the evaluation produces
them without touching a datetime. The friendly forms (``deadline``, ``elapsed``,
``next_check_at``, ...) are properties that convert on access, in the zone of the
target's calendar (or of ``now`` for the report). ``records`` flattens a report
into plain dicts for ``pandas.DataFrame``.
"""

from __future__ import annotations

import datetime as _dt
import enum

import attrs
import pendulum

from complaintflow._errors import UnknownNameError
from complaintflow._time import from_us, get_timezone

__all__ = ["SlaCycle", "SlaEffect", "SlaReport", "TargetState", "TargetStatus"]


class TargetState(enum.Enum):
    """Where a target's clock stands; met, breached and cancelled are final for a cycle.

    Examples:
        >>> TargetState("breached") is TargetState.BREACHED
        True
    """

    NOT_STARTED = "not started"
    RUNNING = "running"
    PAUSED = "paused"
    MET = "met"
    BREACHED = "breached"
    #: The target no longer applies: a cancel event ended its cycle, which is
    #: neither met nor breached.
    CANCELLED = "cancelled"


def _zone(name: str) -> pendulum.Timezone | pendulum.FixedTimezone:
    if name[:1] in "+-":
        sign = -1 if name[0] == "-" else 1
        hours, minutes = name[1:].split(":")
        return pendulum.FixedTimezone(sign * (int(hours) * 3600 + int(minutes) * 60))
    return get_timezone(name)


def _dt_or_none(us: int | None, tz: str) -> pendulum.DateTime | None:
    return None if us is None else from_us(us, _zone(tz))


@attrs.frozen
class SlaEffect:
    """Something the host should do because a target crossed an escalation level.

    Attributes:
        effect: What to do, e.g. ``"notify_supervisor"``.
        target: The target's name.
        rule: The rule ID of the escalation (or of the target when it has none).
        level: The level crossed (fraction of the budget).
        at_us: When it became due, epoch µs (see `at`).
        cycle: The clock cycle (0 until a reset).
        ticket: The ticket's identifier as given to the evaluation.
        timezone: Zone for `at`.

    Examples:
        >>> e = SlaEffect("notify_supervisor", "reply", "FLOW-6", 1.0, 0, 0, "T1", "UTC")
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
class SlaCycle:
    """One finished cycle of a target's clock: kept when a reset or a new start ends it.

    Like Jira Service Management's completed cycles: a review answered twelve days
    late stays a breached cycle even after the next cycle is met.

    Attributes:
        index: 0 for the first cycle, then 1, 2, ...
        state: Its verdict: ``MET`` or ``BREACHED``; ``None`` when a reset
            discarded it before it stopped or breached (``reset_us`` says when).
        start_us: When the cycle started.
        stopped_us: Its stop, or ``None`` when a reset ended it first.
        reset_us: The reset that ended it, or ``None`` when it had stopped.
        breached_us: When its budget ran out without a stop, or ``None``.
        used_us: Clock time it used, pauses excluded.
        paused_us: Clock time it spent paused.
        budget_us: Its budget in the same clock time.
        deadline_us: When its budget ran out, or for a cycle that stopped with
            budget left when it would have; ``None`` for a cycle a reset
            discarded before its budget ran out.
        timezone: Zone of the target's calendar, for the datetime properties.
    """

    index: int
    state: TargetState | None
    start_us: int
    stopped_us: int | None
    reset_us: int | None
    breached_us: int | None
    used_us: int
    paused_us: int
    budget_us: int
    deadline_us: int | None
    timezone: str

    @property
    def start(self) -> pendulum.DateTime:
        """When the cycle started."""
        return from_us(self.start_us, _zone(self.timezone))

    @property
    def stopped_at(self) -> pendulum.DateTime | None:
        """When it stopped, if it did."""
        return _dt_or_none(self.stopped_us, self.timezone)

    @property
    def deadline(self) -> pendulum.DateTime | None:
        """When its budget ran out (or would have)."""
        return _dt_or_none(self.deadline_us, self.timezone)

    @property
    def used(self) -> _dt.timedelta:
        """Clock time used, pauses excluded."""
        return _dt.timedelta(microseconds=self.used_us)

    @property
    def paused(self) -> _dt.timedelta:
        """Clock time spent paused."""
        return _dt.timedelta(microseconds=self.paused_us)

    def to_record(self) -> dict[str, object]:
        """A flat dict of plain values (instants as ISO 8601)."""
        stopped, reset = self.stopped_at, _dt_or_none(self.reset_us, self.timezone)
        return {
            "cycle": self.index,
            "state": None if self.state is None else self.state.value,
            "start": self.start.isoformat(),
            "stopped": None if stopped is None else stopped.isoformat(),
            "reset": None if reset is None else reset.isoformat(),
            "breached": self.breached_us is not None,
            "used_s": self.used_us / 1e6,
            "paused_s": self.paused_us / 1e6,
            "budget_s": self.budget_us / 1e6,
            "deadline": None if self.deadline is None else self.deadline.isoformat(),
        }


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
        cycle: How many earlier cycles there were (0 in the first cycle).
        earlier_breaches: Breaches of earlier cycles.
        timezone: Zone of the target's calendar, for the datetime properties.
        cycles: The earlier cycles, oldest first (`SlaCycle`); this status
            is the current one.

    Examples:
        >>> import complaintflow as cf
        >>> policy = cf.sla.default(office=cf.calendars.default("china", years=[2026]))
        >>> t0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
        >>> report = cf.sla.evaluate(policy, [cf.Event("accept", t0)],
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
    effects: tuple[SlaEffect, ...]
    cycle: int
    earlier_breaches: int
    timezone: str
    cycles: tuple[SlaCycle, ...] = ()

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
        targets: One `TargetStatus` per applicable target, in policy order.
        attributes: The ticket's attributes at ``now``.
        next_check_us: The next instant a verdict changes: a warning, breach or
            escalation is due (exact: never a wake-up at which nothing changes,
            such as the calendar's opening), or ``None`` when only a new event can
            change anything.
        timezone: Zone of ``now`` as given, for the datetime properties.

    Examples:
        >>> import complaintflow as cf
        >>> policy = cf.sla.default(office=cf.calendars.default("china", years=[2026]))
        >>> t0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
        >>> r = cf.sla.evaluate(policy, [cf.Event("accept", t0)], now=t0, ticket="T1")
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
    def effects(self) -> tuple[SlaEffect, ...]:
        """Every escalation effect of every target, by time then policy order."""
        out = [e for s in self.targets for e in s.effects]
        return tuple(sorted(out, key=lambda e: e.at_us))

    def status(self, target: str) -> TargetStatus:
        """The status of the target called ``target``.

        Raises:
            UnknownNameError: The target does not apply to this ticket (a ``KeyError``;
                the message lists those that do).

        Examples:
            >>> import complaintflow as cf
            >>> p = cf.sla.default(office=cf.calendars.default("24x7"))
            >>> r = cf.sla.evaluate(p, [], cf.parse_instant("2026-11-23T09:00:00+08:00"))
            >>> r.status("reply").state
            <TargetState.NOT_STARTED: 'not started'>
            >>> r.status("answer")  # SLA-1 applies to phone tickets only
            Traceback (most recent call last):
            ...
            complaintflow.errors.UnknownNameError: target: 'answer' does not apply to ticket None; it has ['dispatch', 'reply', 'investigation', 'return_visit', 'first_contact']
        """  # noqa: E501
        for s in self.targets:
            if s.target == target:
                return s
        known = [s.target for s in self.targets]
        raise UnknownNameError(
            f"target: {target!r} does not apply to ticket {self.ticket!r}; it has {known}",
            field="target",
            value=target,
            known=known,
        )

    def records(self) -> list[dict[str, object]]:
        """One flat dict per target: ``pandas.DataFrame(report.records())`` works as is.

        Examples:
            >>> import complaintflow as cf
            >>> p = cf.sla.default(office=cf.calendars.default("24x7"))
            >>> t0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
            >>> r = cf.sla.evaluate(p, [cf.Event("accept", t0)], now=t0, ticket="T1")
            >>> r.records()[0]["state"], r.records()[0]["deadline"]
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
