"""Planning return visits over agents: VIPs, balance, reasons, determinism."""

from __future__ import annotations

import datetime as dt
from collections import Counter, deque

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintflow import calendars, followup
from complaintflow._time import to_us
from complaintflow.calendars import BusinessCalendar
from complaintflow.errors import FollowupError
from complaintflow.followup import (
    Agent,
    Customer,
    DueFollowup,
    FollowupPolicy,
    OptOut,
    Plan,
    Purpose,
    UnplannedKind,
    decide,
    plan,
)
from complaintflow.followup._plan import _Path, _Planner
from tests.strategies import crowded_plans, small_plans

SH = "Asia/Shanghai"
START = pendulum.datetime(2026, 5, 6, 8, tz=SH)
DAY_SHIFT = BusinessCalendar.from_dict({"timezone": SH, "hours": {"daily": ["09:00-17:00"]}})
POLICY = followup.default()


def _due(i: int, *, vip: bool = False, zone: str = SH, **kw: object) -> DueFollowup:
    customer = Customer(f"c{i}", zone, vip=vip, phones=[f"1380000{i:04d}"])
    return DueFollowup(f"k{i:03d}", customer, START.subtract(hours=1), **kw)  # type: ignore[arg-type]


def test_load_is_proportional_to_capacity_fu8() -> None:
    # 09:00-12:00 and 14:00-17:00 are both on shift and outside rest hours: 18 units a day.
    agents = [
        Agent("fast", DAY_SHIFT, capacity_per_hour=2),
        Agent("slow", DAY_SHIFT, capacity_per_hour=1),
    ]
    p = plan(POLICY, [_due(i) for i in range(12)], agents, start=START, end=START.add(days=1))
    counts = Counter(a.agent_id for a in p.assignments)
    assert (8, 4) == (counts["fast"], counts["slow"])
    loads = {x.agent_id: x for x in p.summary.loads}
    assert loads["fast"].per_capacity == loads["slow"].per_capacity == 4.0


def test_current_load_counts_and_takes_the_earliest_units() -> None:
    agents = [
        Agent("busy", DAY_SHIFT, capacity_per_hour=2, load=4),
        Agent("idle", DAY_SHIFT, capacity_per_hour=2),
    ]
    p = plan(POLICY, [_due(i) for i in range(4)], agents, start=START, end=START.add(hours=4))
    assert ["idle"] * 4 == [a.agent_id for a in p.assignments]
    assert {"busy": 2, "idle": 6} == {x.agent_id: x.capacity for x in p.summary.loads}


def test_vips_first_then_deadline() -> None:
    agents = [Agent("a", DAY_SHIFT, capacity_per_hour=1)]
    due = [
        _due(1),
        DueFollowup("k002", Customer("c2", SH, phones=["2"]), START.subtract(days=2)),  # due soon
        _due(3, vip=True),
    ]
    p = plan(POLICY, due, agents, start=START, end=START.add(hours=3))
    assert ["k003", "k002"] == [a.case_id for a in p.assignments]
    assert [("k001", UnplannedKind.NO_CAPACITY)] == [(u.case_id, u.kind) for u in p.unplanned]


def test_augmenting_path_keeps_every_vip_fu2() -> None:
    # Both VIPs have the same deadline; k1 sorts first and greedily takes 08:00, the only
    # slot the Tokyo customer can use (its 08:00-10:00 is 07:00-09:00 in Shanghai).
    shift = BusinessCalendar.from_dict({"timezone": SH, "hours": {"daily": ["08:00-10:00"]}})
    policy = FollowupPolicy.from_dict(
        {"hours": {"service": {"hours": {"daily": ["08:00-10:00"]}}}, "caps": []}
    )
    trigger = START.subtract(hours=1)
    due = [
        DueFollowup("k1", Customer("x", SH, vip=True, phones=["1"]), trigger),
        DueFollowup("k2", Customer("y", "Asia/Tokyo", vip=True, phones=["2"]), trigger),
    ]
    p = plan(
        policy, due, [Agent("a", shift, capacity_per_hour=1)], start=START, end=START.add(hours=2)
    )
    assert [("k2", "08:00"), ("k1", "09:00")] == [
        (a.case_id, a.at.in_timezone(SH).format("HH:mm")) for a in p.assignments
    ]
    assert 1.0 == p.summary.vip_coverage


def test_every_case_is_planned_or_explained() -> None:
    agents = [Agent("a", DAY_SHIFT, {"broadband"}, capacity_per_hour=1)]
    due = [
        _due(1),
        DueFollowup("k002", Customer("c2", SH), START),  # no number
        DueFollowup(
            "k003",
            Customer("c3", SH, phones=["3"], opt_outs=[OptOut(START.subtract(days=1))]),
            START,
        ),
        _due(4, skill="iptv"),
        DueFollowup(
            "k005", Customer("c5", SH, phones=["5"]), START.subtract(days=5)
        ),  # window over
        _due(6, vip=True),
    ]
    p = plan(POLICY, due, agents, start=START, end=START.add(hours=3))
    got = {u.case_id: (u.kind, u.rule_id) for u in p.unplanned}
    assert {
        "k002": (UnplannedKind.NO_CHANNEL, "FU-5"),
        "k003": (UnplannedKind.OPTED_OUT, "FU-9"),
        "k004": (UnplannedKind.NO_SKILLED_AGENT, "FU-8"),
        "k005": (UnplannedKind.NO_ALLOWED_SLOT, "FU-4"),
    } == got
    assert ["k006", "k001"] == [a.case_id for a in p.assignments]
    s = p.summary
    assert (6, 2, 1, 1, 1.0) == (s.total, s.planned, s.vip_total, s.vip_planned, s.vip_coverage)
    assert 2 / 6 == s.within_window


def test_late_ok_plans_after_the_window() -> None:
    due = [DueFollowup("k1", Customer("c", SH, phones=["1"]), START.subtract(days=5))]
    agents = [Agent("a", DAY_SHIFT)]
    assert 0 == plan(POLICY, due, agents, start=START, end=START.add(hours=3)).summary.planned
    p = plan(POLICY, due, agents, start=START, end=START.add(hours=3), late_ok=True)
    (a,) = p.assignments
    assert (True, 0.0, "09:00") == (a.late, p.summary.within_window, a.at.format("HH:mm"))


def test_appointment_wins_over_default_slot() -> None:
    from complaintflow.followup import Appointment

    always = calendars.default("24x7", timezone=SH)
    slot = Appointment(START.add(hours=4, minutes=30), START.add(hours=5))  # 12:30, rest time
    chosen = Customer("c", SH, phones=["1"], appointments=[slot])
    plain = Customer("d", SH, phones=["2"])
    due = [DueFollowup(f"k{i}", c, START.subtract(hours=1)) for i, c in enumerate([chosen, plain])]
    p = plan(POLICY, due, [Agent("a", always)], start=START, end=START.add(hours=8))
    assert [("k1", "08:00"), ("k0", "12:30")] == [
        (a.case_id, a.at.format("HH:mm")) for a in p.assignments
    ]


def test_appointment_out_of_reach_falls_back_to_the_default_schedule() -> None:
    from complaintflow.followup import Appointment

    slot = Appointment(START.add(hours=4, minutes=30), START.add(hours=5))  # after the horizon
    chosen = Customer("c", SH, phones=["1"], appointments=[slot])
    due = [DueFollowup("k", chosen, START.subtract(hours=1))]
    p = plan(
        POLICY,
        due,
        [Agent("a", DAY_SHIFT, capacity_per_hour=1)],
        start=START,
        end=START.add(hours=3),
    )
    assert ["09:00"] == [a.at.format("HH:mm") for a in p.assignments]


def test_bad_input_is_typed() -> None:
    with pytest.raises(FollowupError, match="needs a shift"):
        Agent("a", None)  # type: ignore[arg-type]
    with pytest.raises(FollowupError, match="at least 1"):
        Agent("a", DAY_SHIFT, capacity_per_hour=0)
    with pytest.raises(FollowupError, match="at least 0"):
        Agent("a", DAY_SHIFT, load=-1)
    with pytest.raises(FollowupError, match="one follow-up per customer"):
        plan(
            POLICY,
            [_due(1), DueFollowup("other", _due(1).customer, START)],
            [],
            start=START,
            end=START.add(hours=1),
        )
    with pytest.raises(FollowupError, match="case_id"):
        plan(POLICY, [_due(1), _due(1)], [], start=START, end=START.add(hours=1))
    with pytest.raises(FollowupError, match="not after start"):
        plan(POLICY, [], [], start=START, end=START)


def test_no_agents_leaves_everything_unplanned_with_reasons() -> None:
    p = plan(POLICY, [_due(1, vip=True)], [], start=START, end=START.add(hours=1))
    assert [UnplannedKind.NO_SKILLED_AGENT] == [u.kind for u in p.unplanned]
    assert 0.0 == p.summary.vip_coverage


# -- properties -------------------------------------------------------------------


def _check_plan(policy: FollowupPolicy, due: list, agents: list, start, end, p: Plan) -> None:  # type: ignore[no-untyped-def]
    by_case = {d.case_id: d for d in due}
    team = {a.id: a for a in agents}
    assert sorted(by_case) == sorted(
        [a.case_id for a in p.assignments] + [u.case_id for u in p.unplanned]
    )
    per_hour: Counter[tuple[str, int]] = Counter()
    for a in p.assignments:
        d = by_case[a.case_id]
        decision = decide(
            policy, d.customer, d.purpose, a.at, d.history, triggered_at=d.triggered_at
        )
        assert decision.allowed, (a, decision.refusals)
        assert team[a.agent_id].shift.is_open(a.at)
        assert start <= a.at < a.until <= end
        assert d.skill is None or d.skill in team[a.agent_id].skills
        per_hour[(a.agent_id, int((a.at - start).total_seconds()) // 3600)] += 1
    for (agent_id, hour), n in per_hour.items():
        agent = team[agent_id]
        bucket = start.add(hours=hour)
        open_s = sum(
            (e - s).total_seconds()
            for s, e in agent.shift.open_intervals(bucket, bucket.add(hours=1))
        )
        assert n <= agent.capacity_per_hour * open_s // 3600


def _units(agents: list, start, n_buckets: int) -> dict[tuple[int, int], int]:  # type: ignore[no-untyped-def]
    units = {}
    for i, a in enumerate(agents):
        load = a.load
        for b in range(n_buckets):
            bucket = start.add(hours=b)
            open_s = sum(
                (e - s).total_seconds()
                for s, e in a.shift.open_intervals(bucket, bucket.add(hours=1))
            )
            cap = int(a.capacity_per_hour * open_s // 3600)
            used = min(load, cap)
            load -= used
            units[(i, b)] = cap - used
    return units


def _brute_force_vips(policy: FollowupPolicy, due: list, agents: list, start, end) -> int:  # type: ignore[no-untyped-def]
    """Most VIPs any assignment can cover (exhaustive; minute grid for feasibility)."""
    n_buckets = int((end - start).total_seconds()) // 3600
    units = _units(agents, start, n_buckets)
    vips = [d for d in due if d.customer.vip]
    options = []
    for d in vips:
        opts = []
        for i, a in enumerate(agents):
            if d.skill is not None and d.skill not in a.skills:
                continue
            for b in range(n_buckets):
                for m in range(60):
                    t = start.add(hours=b, minutes=m)
                    if (
                        a.shift.is_open(t)
                        and decide(
                            policy, d.customer, d.purpose, t, triggered_at=d.triggered_at
                        ).allowed
                    ):
                        opts.append((i, b))
                        break
        options.append(opts)

    def best(k: int) -> int:
        if k == len(vips):
            return 0
        top = best(k + 1)  # leave VIP k out
        for unit in options[k]:
            if units[unit] > 0:
                units[unit] -= 1
                top = max(top, 1 + best(k + 1))
                units[unit] += 1
        return top

    return best(0)


@settings(max_examples=60)
@given(st.one_of(small_plans(), small_plans(tight=True)))
def test_planner_covers_all_vips_whenever_possible(problem) -> None:  # type: ignore[no-untyped-def]
    policy, due, agents, start = problem
    end = start.add(hours=4)
    p = plan(policy, due, agents, start=start, end=end)
    _check_plan(policy, due, agents, start, end, p)
    assert _brute_force_vips(policy, due, agents, start, end) == p.summary.vip_planned


@settings(max_examples=30)
@given(small_plans(), st.randoms(use_true_random=False))
def test_plan_is_a_pure_function_of_its_inputs(problem, rnd) -> None:  # type: ignore[no-untyped-def]
    policy, due, agents, start = problem
    end = start.add(hours=4)
    first = plan(policy, due, agents, start=start, end=end)
    due2, agents2 = list(due), list(agents)
    rnd.shuffle(due2)
    rnd.shuffle(agents2)
    assert first == plan(policy, due2, agents2, start=start, end=end)


def test_planned_contacts_respect_caps_from_history() -> None:
    from complaintflow.followup import Attempt

    history = [Attempt(START.subtract(minutes=30))]  # min gap 2 h: not before 09:30
    due = [
        DueFollowup("k", Customer("c", SH, phones=["1"]), START.subtract(hours=1), history=history)
    ]
    p = plan(POLICY, due, [Agent("a", DAY_SHIFT)], start=START, end=START.add(hours=4))
    assert "09:30" == p.assignments[0].at.format("HH:mm")


def test_special_purpose_plans_on_campaign_days_only() -> None:
    telecom_day = pendulum.datetime(2026, 5, 16, 20, tz=SH)
    due = [DueFollowup("k", Customer("c", SH, phones=["1"]), telecom_day, purpose=Purpose.SPECIAL)]
    p = plan(
        POLICY,
        due,
        [Agent("a", calendars.default("24x7", timezone=SH))],
        start=telecom_day,
        end=telecom_day.add(days=1),
    )
    assert pendulum.datetime(2026, 5, 17, 8, tz=SH) == p.assignments[0].at
    assert dt.timedelta(hours=1) == p.assignments[0].until - p.assignments[0].at


# -- the VIP search against the textbook one ---------------------------------------


class _UnitByUnit(_Planner):
    """The planner with the textbook augmenting-path search: one (agent, bucket) unit
    at a time, a fresh breadth-first search for every stranded VIP, nothing carried
    from one search to the next. Quadratic, and the reference for the node search."""

    __slots__ = ()

    def _units_of(self, idx: int) -> list[tuple[int, int, int, int]]:
        return [
            (i, f, at, until)
            for gi, f, at, until in self._nodes(idx)
            for i in self.groups[gi].agents
        ]

    def _augment(self, v) -> bool:  # type: ignore[no-untyped-def]
        parent: dict[int, tuple[int, tuple[int, int, int, int]] | None] = {v.idx: None}
        queue = deque([v.idx])
        while queue:
            u = queue.popleft()
            own = self.placed.get(u)
            for unit in self._units_of(u):
                i, f = unit[0], unit[1]
                if own is not None and (own[0], own[1]) == (i, f):
                    continue
                if self.groups_of[i].cap[i][f] > 0:
                    path: _Path = [(u, unit)]
                    link = parent[u]
                    while link is not None:
                        path.append(link)
                        link = parent[link[0]]
                    self._move(path)
                    return True
                for h in self.holders.get((i, f), ()):
                    if h not in parent:
                        parent[h] = (u, unit)
                        queue.append(h)
        return False


def _planned_by(cls: type[_Planner], policy, due, agents, start, end, late_ok: bool) -> Plan:  # type: ignore[no-untyped-def]
    planner = cls(policy, due, agents, to_us(start, "start"), to_us(end, "end"))
    planner.place_vips()
    planner.place_others()
    if late_ok:
        planner.place_late()
    return planner.result()


@settings(max_examples=150)
@given(crowded_plans(), st.booleans())
def test_the_node_search_finds_the_paths_the_unit_search_finds(problem, late_ok) -> None:  # type: ignore[no-untyped-def]
    """FU-2: searching a group's bucket at once, and skipping what a failed search
    proved dead, gives exactly the plan of the textbook unit-by-unit search."""
    policy, due, agents, start, end = problem
    expected = _planned_by(_UnitByUnit, policy, due, agents, start, end, late_ok)
    assert expected == plan(policy, due, agents, start=start, end=end, late_ok=late_ok)


@settings(max_examples=100)
@given(crowded_plans(), st.booleans())
def test_each_agents_balance_ratio_is_its_load_and_contacts_over_capacity(problem, late_ok) -> None:  # type: ignore[no-untyped-def]
    """FU-8: after every phase (VIPs moved along augmenting paths included), the ratio
    the planner balances by is each agent's load plus its planned contacts, over its
    capacity, and the contacts are those the plan gives it."""
    policy, due, agents, start, end = problem
    planner = _Planner(policy, due, agents, to_us(start, "start"), to_us(end, "end"))
    phases = [planner.place_vips, planner.place_others]
    for phase in [*phases, planner.place_late] if late_ok else phases:
        phase()
        held = Counter(agent for agent, *_ in planner.placed.values())
        for k, a in enumerate(agents):
            assert held[k] == planner.assigned[k]
            assert (a.load + planner.assigned[k]) / a.capacity_per_hour == planner.ratio[k]


@settings(max_examples=100)
@given(crowded_plans())
def test_no_agent_hour_is_overbooked_when_vips_exceed_capacity(problem) -> None:  # type: ignore[no-untyped-def]
    """FU-8: however crowded, no agent-hour takes more contacts than its capacity,
    every planned contact is allowed, and every follow-up is planned or explained."""
    policy, due, agents, start, end = problem
    p = plan(policy, due, agents, start=start, end=end)
    _check_plan(policy, due, agents, start, end, p)
    for u in p.unplanned:
        assert u.reason
        assert u.rule_id
    assert p.summary.vip_planned + sum(1 for u in p.unplanned if u.vip) == p.summary.vip_total


def test_vips_over_capacity_each_unplaced_one_says_why() -> None:
    """Ten VIPs, one agent with two contacts an hour for two hours: four planned,
    the six others reported with no capacity before their deadline (FU-2, FU-8)."""
    team = [Agent("a", DAY_SHIFT, capacity_per_hour=2)]
    due = [_due(i, vip=True) for i in range(10)]
    p = plan(POLICY, due, team, start=START.add(hours=1), end=START.add(hours=3))
    assert (4, 10) == (p.summary.vip_planned, p.summary.vip_total)
    assert 6 == len(p.unplanned)
    for u in p.unplanned:
        assert u.vip
        assert (UnplannedKind.NO_CAPACITY, "FU-8") == (u.kind, u.rule_id)
        assert u.reason.startswith("no agent has free capacity at an allowed time")
