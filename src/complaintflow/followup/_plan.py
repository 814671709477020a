"""Planning a batch of return visits over a team of agents (FU-2, FU-6, FU-8).

Theory of operation
-------------------
Time is cut into *agent-hours* (`complaintflow.followup._hours`): hour
buckets counted from the plan's ``start``. An agent offers ``capacity_per_hour``
contacts in each bucket, pro rata (rounded down) for the part of the bucket their
shift covers; their current ``load`` occupies their earliest units first.

Each due follow-up is compiled once into the decision gate of
`complaintflow.followup._decide` and asked for its *allowed pieces*: the instants in
the planning horizon and before its deadline at which `decide` would say
yes. Agents with the same shift calendar and skills form a group; a piece
intersected with a group's shift gives the buckets where that group could make
the call. A union-find "next bucket with free capacity" per group skips full
buckets in near-constant time, and a lazy heap per (group, bucket) yields the
least-loaded agent, where load is ``(load + assigned) / capacity_per_hour``
(FU-8: shares proportional to ability).

Order: VIPs first (FU-2), then by deadline, then by case id, so the result does
not depend on input order. Greedy earliest-deadline placement can strand a VIP
whose only slots an earlier VIP took; every VIP left without capacity is then
retried with augmenting paths over the VIPs' possible (agent, bucket) units, a
maximum bipartite matching, so whenever all VIPs can be covered, they are
(`complaintflow.followup._cover`: a search that fails marks what it proved
unreachable, so VIP demand far over capacity stays linear). Only then are the
other follow-ups placed, greedily.

A planned contact's ``at`` is the earliest instant of its agent-hour at which
the contact is allowed and the agent is on shift; ``until`` ends that allowed
piece. Every case ends in ``assignments`` or in ``unplanned`` with a reason.

`plan` checks its arguments and runs a ``_Planner``, one method per phase:
VIPs and their augmenting paths (FU-2), the others by deadline (FU-8), the late
pass (``late_ok``), then the result.
"""

from __future__ import annotations

import datetime as _dt
import enum
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence

import attrs
import pendulum

from complaintflow._errors import FollowupError, WrongTypeError, problem_text, wrong_type
from complaintflow._time import to_us
from complaintflow.calendars import BusinessCalendar
from complaintflow.followup._cover import _Cover, _Node, _Path, _Unit
from complaintflow.followup._decide import _NEVER, _fmt, _Gate, _instant, _us
from complaintflow.followup._definition import (
    Attempt,
    Channel,
    Customer,
    Purpose,
    _items,
    _optional_text,
    _text,
    as_enum,
)
from complaintflow.followup._hours import (
    HOUR_US,
    _allowed_pieces,
    _build_groups,
    _Group,
    _intersect,
    _merged,
    _units,
)
from complaintflow.followup._policy import FollowupPolicy

__all__ = [
    "Agent",
    "AgentLoad",
    "Assignment",
    "DueFollowup",
    "Plan",
    "PlanSummary",
    "Unplanned",
    "UnplannedKind",
    "plan",
]


def _shift(inst: object, attribute: attrs.Attribute[BusinessCalendar], value: object) -> None:
    if not isinstance(value, BusinessCalendar):
        raise FollowupError(
            f"shift: {value!r} is not a BusinessCalendar; every agent needs a shift calendar, "
            "e.g. BusinessCalendar.from_dict({'timezone': 'Asia/Shanghai', "
            "'hours': {'mon-fri': ['09:00-18:00']}})",
            field="shift",
            value=value,
            rule="FU-8",
        )


def _positive(inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise FollowupError(
            f"{attribute.name}: {value!r} must be a whole number of at least 1",
            field=attribute.name,
            value=value,
            rule="FU-8",
        )


def _not_negative(inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise FollowupError(
            f"{attribute.name}: {value!r} must be a whole number of at least 0",
            field=attribute.name,
            value=value,
        )


def _skills(value: object) -> frozenset[str]:
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise WrongTypeError(
            f"skills: expected a set of skill names, got {problem_text(value)}",
            field="skills", value=value,
        )  # fmt: skip
    items = list(value)
    bad = [s for s in items if not isinstance(s, str) or not s]
    if bad:
        raise WrongTypeError(
            f"skills: {bad[0]!r} is not a skill name", field="skills", value=bad[0]
        )  # fmt: skip
    return frozenset(items)


def _is_customer(inst: object, attribute: attrs.Attribute[Customer], value: object) -> None:
    if not isinstance(value, Customer):
        raise WrongTypeError(
            f"customer: expected a Customer, got {problem_text(value)}",
            field="customer", value=value,
        )  # fmt: skip


def _aware(inst: object, attribute: attrs.Attribute[_dt.datetime], value: object) -> None:
    to_us(value, attribute.name)


def _due_purpose(value: object) -> Purpose:
    return as_enum(Purpose, value, "purpose")


def _history(value: object) -> tuple[Attempt, ...]:
    return _items(value, Attempt, "history")


@attrs.frozen
class Agent:
    """A specialist who makes return visits (FU-8).

    Attributes:
        id: Stable identifier (ties are broken by it).
        shift: When the agent works; required.
        skills: Skills the agent has; a follow-up needing a skill goes only to
            agents that have it.
        capacity_per_hour: Contacts per hour on shift (the agent's ability).
        load: Contacts already queued for the agent; they take its earliest units
            and count in the balance.

    Examples:
        >>> Agent("a1", shift=None)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        complaintflow.errors.FollowupError: shift: None is not a BusinessCalendar; every agent needs a shift calendar, ...
    """  # noqa: E501

    id: str = attrs.field(validator=_text)
    shift: BusinessCalendar = attrs.field(validator=_shift)
    skills: frozenset[str] = attrs.field(default=frozenset(), converter=_skills)
    capacity_per_hour: int = attrs.field(default=10, validator=_positive)
    load: int = attrs.field(default=0, validator=_not_negative)


@attrs.frozen
class DueFollowup:
    """One due return visit (or other contact) to plan.

    Attributes:
        case_id: Stable identifier of the case.
        customer: Who to contact.
        triggered_at: The event that opens the FU-4 window (the resolution).
        purpose: Why (service return visit by default).
        skill: The skill an agent needs, or ``None``.
        history: Earlier attempts to this customer (before the plan's start).
    """

    case_id: str = attrs.field(validator=_text)
    customer: Customer = attrs.field(validator=_is_customer)
    triggered_at: _dt.datetime = attrs.field(validator=_aware)
    purpose: Purpose = attrs.field(default=Purpose.SERVICE, converter=_due_purpose)
    skill: str | None = attrs.field(default=None, validator=_optional_text)
    history: tuple[Attempt, ...] = attrs.field(default=(), converter=_history)


@attrs.frozen
class Assignment:
    """A planned contact: who calls whom, when, on which channel.

    Attributes:
        case_id: The case.
        customer_id: The customer.
        agent_id: The agent.
        at: The planned instant: allowed for the customer, on the agent's shift.
        until: The end of the allowed piece of that agent-hour starting at ``at``.
        channel: The channel (FU-5).
        number: The number.
        vip: Whether the customer is a VIP (FU-2).
        late: Planned after the FU-4 window (only with ``late_ok``).
    """

    case_id: str
    customer_id: str
    agent_id: str
    at: pendulum.DateTime
    until: pendulum.DateTime
    channel: Channel
    number: str
    vip: bool
    late: bool = False


class UnplannedKind(enum.Enum):
    """Why a follow-up is not in the plan."""

    NO_CHANNEL = "no reachable channel"
    OPTED_OUT = "opted out"
    NO_ALLOWED_SLOT = "no allowed slot"
    NO_SKILLED_AGENT = "no agent with the skill"
    NO_CAPACITY = "no capacity before the deadline"


@attrs.frozen
class Unplanned:
    """A follow-up the plan could not place, and why (nothing is dropped silently).

    Attributes:
        case_id: The case.
        customer_id: The customer.
        vip: A VIP left unplanned breaks FU-2 and is listed in the summary.
        kind: The category of the reason.
        rule_id: The rule that blocked it.
        reason: A human-readable explanation.
    """

    case_id: str
    customer_id: str
    vip: bool
    kind: UnplannedKind
    rule_id: str
    reason: str


@attrs.frozen
class AgentLoad:
    """One agent's share of the plan (FU-8).

    Attributes:
        agent_id: The agent.
        capacity: Contact units in the horizon.
        load: Contacts already queued before planning.
        assigned: Contacts this plan added.
        per_capacity: ``(load + assigned) / capacity_per_hour``, the balanced figure.
    """

    agent_id: str
    capacity: int
    load: int
    assigned: int
    per_capacity: float


@attrs.frozen
class PlanSummary:
    """Figures of a plan.

    Attributes:
        total: Follow-ups given.
        planned: Follow-ups planned.
        vip_total: VIP follow-ups given.
        vip_planned: VIP follow-ups planned.
        vip_coverage: ``vip_planned / vip_total`` (1.0 without VIPs); FU-2 wants 1.0.
        within_window: Share of all follow-ups planned inside their FU-4 window.
        unplanned_by_kind: Counts of unplanned follow-ups per reason.
        loads: Per agent, sorted by agent id.
    """

    total: int
    planned: int
    vip_total: int
    vip_planned: int
    vip_coverage: float
    within_window: float
    unplanned_by_kind: tuple[tuple[UnplannedKind, int], ...]
    loads: tuple[AgentLoad, ...]


@attrs.frozen
class Plan:
    """The result of `plan`.

    Attributes:
        assignments: Planned contacts, sorted by time, agent and case.
        unplanned: The rest, sorted by case id, each with its reason.
        summary: Coverage and load figures.
    """

    assignments: tuple[Assignment, ...]
    unplanned: tuple[Unplanned, ...]
    summary: PlanSummary


# -- the planner ----------------------------------------------------------------------


class _Case:
    __slots__ = ("due", "gate", "idx", "key", "w1")

    def __init__(self, idx: int, due: DueFollowup, gate: _Gate, key: tuple[bool, int, str]):
        self.idx, self.due, self.gate, self.key = idx, due, gate, key
        self.w1 = gate.w1


def plan(
    policy: FollowupPolicy,
    due: Sequence[DueFollowup],
    agents: Sequence[Agent],
    *,
    start: _dt.datetime,
    end: _dt.datetime,
    late_ok: bool = False,
) -> Plan:
    """Assign each due follow-up to an agent and an allowed time (FU-2, FU-6, FU-8).

    VIPs first (and, whenever possible, all of them), then by deadline; each
    contact goes to the least-loaded skilled agent relative to capacity. The
    result is a pure function of the inputs, whatever their order.

    Args:
        policy: The follow-up policy (rest hours, window, caps, opt-outs...).
        due: The follow-ups to plan; one per customer.
        agents: The team.
        start: The planning instant (the histories lie before it).
        end: The end of the planning horizon (exclusive).
        late_ok: Also plan follow-ups whose window cannot be met, after it
            (marked ``late``); by default they are reported unplanned.

    Raises:
        WrongTypeError: ``policy``, ``due`` or ``agents`` (or one of their items)
            is not of the type above; the field names the item. ``late_ok`` is no
            bool.
        FollowupError: Duplicate case, customer or agent ids, or ``end`` not
            after ``start``.

    Examples:
        >>> import pendulum
        >>> from complaintflow.calendars import BusinessCalendar
        >>> shift = BusinessCalendar.from_dict(
        ...     {"timezone": "Asia/Shanghai", "hours": {"daily": ["09:00-17:00"]}})
        >>> team = [Agent("a1", shift, capacity_per_hour=2), Agent("a2", shift, capacity_per_hour=1)]
        >>> t0 = pendulum.datetime(2026, 5, 4, 8, tz="Asia/Shanghai")
        >>> due = [DueFollowup(f"case{i}", Customer(f"c{i}", "Asia/Shanghai", vip=i == 2,
        ...                                          phones=["1380000000%d" % i]), t0)
        ...        for i in range(4)]
        >>> from complaintflow import followup
        >>> p = plan(followup.default(), due, team, start=t0, end=t0.add(days=1))
        >>> for a in p.assignments:
        ...     print(a.case_id, a.agent_id, a.at.format("HH:mm"), *(["VIP"] if a.vip else []))
        case1 a1 09:00
        case2 a1 09:00 VIP
        case0 a2 09:00
        case3 a1 10:00
        >>> p.summary.vip_coverage
        1.0
    """  # noqa: E501
    s_us, e_us = _us(start, "start"), _us(end, "end")
    if e_us <= s_us:
        raise FollowupError(
            f"end: {end.isoformat()} is not after start {start.isoformat()}",
            field="end",
            value=end,
        )
    _check_items(policy, due, agents)
    if not isinstance(late_ok, bool):
        raise wrong_type("late_ok", "True or False", late_ok)
    _check_unique([d.case_id for d in due], "case_id")
    _check_unique([d.customer.id for d in due], "customer.id")
    _check_unique([a.id for a in agents], "agent.id")
    planner = _Planner(policy, due, agents, s_us, e_us)
    planner.place_vips()
    planner.place_others()
    if late_ok:
        planner.place_late()
    return planner.result()


_Slot = tuple[float, int, int, int, int, int]  # (agent's load, bucket, group, agent, at, until)


class _Planner:
    """One run of `plan`: the team's free capacity, the cases, where each stands.

    The phases run in this order: `place_vips` (FU-2), `place_others`
    (FU-8), `place_late` (only with ``late_ok``), then `result`. Each
    case ends in ``placed`` or in ``pending`` with the reason it is not placed.
    """

    __slots__ = (
        "assigned",
        "by_skill",
        "cases",
        "cover",
        "e_us",
        "groups",
        "groups_of",
        "holders",
        "pending",
        "placed",
        "ratio",
        "s_us",
        "team",
    )

    def __init__(
        self,
        policy: FollowupPolicy,
        due: Sequence[DueFollowup],
        agents: Sequence[Agent],
        s_us: int,
        e_us: int,
    ) -> None:
        self.s_us, self.e_us = s_us, e_us
        self.team = team = sorted(agents, key=lambda a: a.id)
        nb = -(-(e_us - s_us) // HOUR_US)
        self.groups = _build_groups(team, s_us, e_us, nb)
        self.groups_of = {i: g for g in self.groups for i in g.agents}
        self.by_skill: dict[str | None, list[tuple[int, _Group]]] = {}
        self.ratio = [a.load / a.capacity_per_hour for a in team]
        self.assigned = [0] * len(team)
        self.cases = self._compile(policy, due)
        self.placed: dict[int, _Unit] = {}
        self.holders: dict[tuple[int, int], list[int]] = {}  # (agent, bucket) -> VIP cases
        self.pending: dict[int, Unplanned] = {}  # case -> why it is not placed (yet)
        self.cover = _Cover(self.groups, nb, self.holders, self._nodes)

    def _compile(self, policy: FollowupPolicy, due: Sequence[DueFollowup]) -> list[_Case]:
        """Each follow-up's decision gate, once; in plan order: VIPs first (FU-2),
        then by deadline, then by case id (so input order does not matter)."""
        s_us = self.s_us
        cases: list[_Case] = []
        for d in due:
            trig = _us(d.triggered_at, "triggered_at")
            gate = _Gate(policy, d.customer, d.purpose, s_us, d.history, trig, None, None)
            cases.append(_Case(0, d, gate, (not d.customer.vip, gate.w1, d.case_id)))
        cases.sort(key=lambda c: c.key)
        for k, c in enumerate(cases):
            c.idx = k
        return cases

    # -- the phases -------------------------------------------------------------------

    def place_vips(self) -> None:
        """FU-2: every VIP, whenever the team's capacity can cover them all.

        Greedy earliest-deadline placement first; a VIP it leaves without capacity
        (an earlier VIP took its only units) is retried by `_augment`.
        """
        stranded: list[_Case] = []
        for c in self.cases:
            if not c.due.customer.vip:
                continue
            if not self._place(c, False) and self.pending[c.idx].kind is UnplannedKind.NO_CAPACITY:
                stranded.append(c)
        for c in stranded:
            self._augment(c)

    def place_others(self) -> None:
        """FU-8: the other follow-ups, greedily, by deadline."""
        for c in self.cases:
            if not c.due.customer.vip:
                self._place(c, False)

    def place_late(self) -> None:
        """``late_ok``: the follow-ups whose FU-4 window cannot be met, after it."""
        pending = self.pending
        late_kinds = (UnplannedKind.NO_ALLOWED_SLOT, UnplannedKind.NO_CAPACITY)
        for c in self.cases:
            if c.idx in pending and pending[c.idx].kind in late_kinds:
                self._place(c, True)

    # -- one case ---------------------------------------------------------------------

    def _place(self, c: _Case, late: bool) -> bool:
        """Place one case in its best slot, or record why it cannot be placed.

        FU-13: a time the customer chose wins over the default schedule.
        """
        pieces = self._pieces(c, late)
        if pieces is None:
            return False
        skill, best = c.due.skill, None
        chosen = _intersect(pieces, *_merged(c.gate.appointments)) if c.gate.appointments else []
        if chosen:
            best = self._best_slot(skill, chosen)
        if best is None:
            best = self._best_slot(skill, pieces)
        if best is None:
            deadline = (
                f" ({_fmt(c.w1, c.gate.tz)})" if c.w1 < self.e_us else " (end of the horizon)"
            )
            self._reject(
                c,
                UnplannedKind.NO_CAPACITY,
                "FU-8",
                f"no agent has free capacity at an allowed time before the deadline{deadline}",
            )
            return False
        _, f, _, agent, at, until = best
        self._take(c, agent, f, at, until)
        return True

    def _pieces(self, c: _Case, late: bool) -> list[tuple[int, int]] | None:
        """The case's allowed pieces in the horizon, or ``None`` with the reason recorded.

        A case is unplaceable without a channel (FU-5), after an opt-out (FU-9,
        FU-12), without an allowed instant (the first rule that blocks them all),
        or without an agent who has its skill (FU-8). ``late`` lifts the FU-4
        window's end.
        """
        gate, s_us, e_us = c.gate, self.s_us, self.e_us
        if gate.channel_refusal is not None:
            self._reject(c, UnplannedKind.NO_CHANNEL, "FU-5", gate.channel_refusal)
            return None
        if gate.opt_out is not None and gate.opt_out_us <= s_us:
            o = gate.opt_out
            reason = f"opted out from {_fmt(o.at_us, gate.tz)}"
            self._reject(c, UnplannedKind.OPTED_OUT, o.rule, reason)
            return None
        saved = gate.w1
        if late:
            gate.w1 = _NEVER
        try:
            pieces = _allowed_pieces(gate, s_us, e_us)
        finally:
            gate.w1 = saved
        if not pieces:
            _, why = gate.earliest(s_us, e_us)
            text = why[0] if why else None
            self._reject(
                c,
                UnplannedKind.NO_ALLOWED_SLOT,
                text.rule_id if text else gate.hours_rule,
                text.reason if text else "no allowed instant inside the planning horizon",
            )
            return None
        if not self._eligible(c.due.skill):
            reason = f"no agent has the skill {c.due.skill!r}"
            self._reject(c, UnplannedKind.NO_SKILLED_AGENT, "FU-8", reason)
            return None
        return pieces

    def _eligible(self, skill: str | None) -> list[tuple[int, _Group]]:
        """FU-8: the groups (with their index) whose agents have ``skill``."""
        found = self.by_skill.get(skill)
        if found is None:
            found = [
                (gi, g) for gi, g in enumerate(self.groups) if skill is None or skill in g.skills
            ]
            self.by_skill[skill] = found
        return found

    def _best_slot(self, skill: str | None, pieces: list[tuple[int, int]]) -> _Slot | None:
        """FU-8: the least-loaded skilled agent, relative to capacity, in the earliest
        agent-hour of ``pieces`` with free capacity and on the agent's shift."""
        s_us, ratio = self.s_us, self.ratio
        best: _Slot | None = None
        for gi, g in self._eligible(skill):
            starts, ends, n_pieces = g.starts, g.ends, len(g.starts)
            found = False
            for a, b in pieces:
                f = g.find((a - s_us) // HOUR_US)
                last = (b - 1 - s_us) // HOUR_US
                while f <= last:
                    bucket = s_us + f * HOUR_US
                    lo, hi = max(a, bucket), min(b, bucket + HOUR_US)
                    j = bisect_right(starts, lo) - 1  # the agent's shift in [lo, hi)
                    if j < 0 or lo >= ends[j]:
                        j += 1
                        if j >= n_pieces or starts[j] >= hi:
                            f = g.find(f + 1)
                            continue
                        lo = starts[j]
                    agent = g.top(f, ratio)
                    if agent is None:
                        f = g.find(f)
                        continue
                    cand = (ratio[agent], f, gi, agent, lo, min(hi, ends[j]))
                    if best is None or cand < best:
                        best = cand
                    found = True
                    break
                if found:
                    break
        return best

    def _take(self, c: _Case, agent: int, f: int, at: int, until: int) -> None:
        """One unit of ``agent``'s capacity in bucket ``f`` goes to case ``c`` (FU-8 load)."""
        g = self.groups_of[agent]
        g.cap[agent][f] -= 1
        g.free[f] -= 1
        assigned, a = self.assigned, self.team[agent]
        assigned[agent] += 1
        self.ratio[agent] = (a.load + assigned[agent]) / a.capacity_per_hour
        self.placed[c.idx] = (agent, f, at, until)
        self.pending.pop(c.idx, None)
        if c.due.customer.vip:
            self.holders.setdefault((agent, f), []).append(c.idx)

    def _reject(self, c: _Case, kind: UnplannedKind, rule: str, reason: str) -> None:
        """Record why case ``c`` is not placed (a later phase may still place it)."""
        d = c.due
        self.pending[c.idx] = Unplanned(
            d.case_id, d.customer.id, d.customer.vip, kind, rule, reason
        )

    # -- covering every VIP (FU-2) ----------------------------------------------------

    def _nodes(self, idx: int) -> list[_Node]:
        """Every (group, bucket) VIP case ``idx`` could take, with its ``at`` and
        ``until``, in group then bucket order."""
        c = self.cases[idx]
        s_us, skill = self.s_us, c.due.skill
        out: list[_Node] = []
        pieces = _allowed_pieces(c.gate, s_us, self.e_us)
        for gi, g in enumerate(self.groups):
            if skill is not None and skill not in g.skills:
                continue
            last = -1
            for a, b in _intersect(pieces, g.starts, g.ends):
                f = (a - s_us) // HOUR_US
                if f <= last:
                    f = last + 1
                last = (b - 1 - s_us) // HOUR_US
                bucket = s_us + f * HOUR_US
                while f <= last:
                    nxt = bucket + HOUR_US
                    out.append((gi, f, a if a > bucket else bucket, b if b < nxt else nxt))
                    f, bucket = f + 1, nxt
        return out

    def _augment(self, v: _Case) -> bool:
        """FU-2: place the stranded VIP ``v`` by an augmenting path, if there is one."""
        path = self.cover.augment(v.idx)
        if path is None:
            return False
        self._move(path)
        return True

    def _move(self, path: _Path) -> None:
        """Apply an augmenting path: its first VIP takes the free unit, each VIP the
        unit of the one before it; the loads follow (FU-8). Only the free unit's
        agent gains a contact (the others swap theirs), so only its ratio changes."""
        i, f, _, _ = path[0][1]
        g = self.groups_of[i]
        g.cap[i][f] -= 1
        g.free[f] -= 1
        self.assigned[i] += 1
        a = self.team[i]
        self.ratio[i] = (a.load + self.assigned[i]) / a.capacity_per_hour
        placed, holders, pending = self.placed, self.holders, self.pending
        for idx, unit in path:
            old = placed.get(idx)
            placed[idx] = unit
            pending.pop(idx, None)
            holders.setdefault((unit[0], unit[1]), []).append(idx)
            if old is not None:
                holders[(old[0], old[1])].remove(idx)

    # -- the result -------------------------------------------------------------------

    def result(self) -> Plan:
        """Assignments by time, agent and case; the unplaced by case id; the figures."""
        unplanned = sorted(self.pending.values(), key=lambda u: u.case_id)
        assignments = self._assignments()
        on_time = sum(1 for a in assignments if not a.late)
        return Plan(assignments, tuple(unplanned), self._summary(unplanned, on_time))

    def _assignments(self) -> tuple[Assignment, ...]:
        team, cases = self.team, self.cases
        rows = []
        for idx, (i, _, at, until) in self.placed.items():
            c = cases[idx]
            gate = c.gate
            assert gate.channel is not None
            assert gate.number is not None
            assignment = Assignment(
                c.due.case_id,
                c.due.customer.id,
                team[i].id,
                _instant(at, gate.tz),
                _instant(until, gate.tz),
                gate.channel,
                gate.number,
                c.due.customer.vip,
                at >= c.w1,
            )
            rows.append((at, team[i].id, c.due.case_id, assignment))
        rows.sort(key=lambda x: x[:3])
        return tuple(a for *_, a in rows)

    def _summary(self, unplanned: list[Unplanned], on_time: int) -> PlanSummary:
        """FU-2 coverage, FU-4 share within the window, FU-8 loads."""
        team, cases, placed, assigned, ratio = (
            self.team, self.cases, self.placed, self.assigned, self.ratio
        )  # fmt: skip
        units = _units(self.groups, len(team))
        loads = tuple(
            AgentLoad(a.id, units[k], a.load, assigned[k], ratio[k]) for k, a in enumerate(team)
        )
        vip_total = sum(1 for c in cases if c.due.customer.vip)
        vip_planned = sum(1 for c in cases if c.due.customer.vip and c.idx in placed)
        kinds: dict[UnplannedKind, int] = {}
        for u in unplanned:
            kinds[u.kind] = kinds.get(u.kind, 0) + 1
        return PlanSummary(
            total=len(cases),
            planned=len(placed),
            vip_total=vip_total,
            vip_planned=vip_planned,
            vip_coverage=vip_planned / vip_total if vip_total else 1.0,
            within_window=on_time / len(cases) if cases else 1.0,
            unplanned_by_kind=tuple(sorted(kinds.items(), key=lambda kv: kv[0].value)),
            loads=loads,
        )


def _check_items(
    policy: FollowupPolicy, due: Sequence[DueFollowup], agents: Sequence[Agent]
) -> None:
    """Refuse arguments of the wrong type before any of their attributes is read."""
    if not isinstance(policy, FollowupPolicy):
        raise wrong_type("policy", "a FollowupPolicy", policy)
    checks: tuple[tuple[str, object, type], ...] = (
        ("due", due, DueFollowup),
        ("agents", agents, Agent),
    )
    for field, items, kind in checks:
        if isinstance(items, (str, bytes)) or not isinstance(items, Sequence):
            raise wrong_type(field, f"a sequence of {kind.__name__}", items)
        for i, item in enumerate(items):
            if not isinstance(item, kind):
                raise wrong_type(f"{field}[{i}]", f"a {kind.__name__}", item)


def _check_unique(ids: list[str], field: str) -> None:
    seen: set[str] = set()
    for x in ids:
        if x in seen:
            hint = (
                "plan one follow-up per customer per batch (FU-6): merge the cases"
                if field == "customer.id"
                else "ids must be unique"
            )
            raise FollowupError(f"{field}: {x!r} appears twice; {hint}", field=field, value=x)
        seen.add(x)
