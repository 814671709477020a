"""Every public value goes to JSON-compatible data and back: ``cf.to_data`` / ``cf.from_data``.

The values are real: each root below is a library call driven by Hypothesis
(a replay of synthetic tickets, a follow-up decision near a DST change, a plan,
a staffing plan, a transcript check ...), and every attrs value reachable from
a root is round-tripped on its own. A meta-test enumerates the public value types
from each part's ``__all__`` and fails when one is reached by no root, so a new
public type cannot ship without a round trip.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import enum
import json
from collections.abc import Mapping

import attrs
import hypothesis.strategies as st
import pendulum
import pytest
from hypothesis import HealthCheck, given, settings

import complaintflow as cf
from complaintflow import followup, policy, scripts, staffing, synthetic, workflows
from complaintflow._time import get_timezone, zone_names
from strategies import (
    followup_policies,
    followup_questions,
    sla_policies,
    small_plans,
    staffing_targets,
    staffing_workloads,
    value_paths,
)

PARTS = ("calendars", "sla", "workflows", "followup", "scripts", "staffing", "policy", "rules",
         "synthetic")  # fmt: skip
#: Public classes that are not values (a running machine, a protocol for hosts).
NOT_VALUES = {workflows.WorkflowMachine, workflows.TicketObject}


def public_value_types() -> set[type]:
    out: set[type] = set()
    for part in PARTS:
        module = getattr(cf, part)
        for name in module.__all__:
            obj = getattr(module, name)
            if isinstance(obj, type) and (attrs.has(obj) or issubclass(obj, enum.Enum)):
                out.add(obj)
    return out - NOT_VALUES


def reachable(value: object, seen: dict[type, list[object]], depth: int = 0) -> None:
    """Every attrs value and enum member inside ``value``, by type."""
    if depth > 12:
        return
    if isinstance(value, enum.Enum):
        seen.setdefault(type(value), []).append(value)
        return
    if attrs.has(type(value)):
        seen.setdefault(type(value), []).append(value)
        for a in attrs.fields(type(value)):
            if a.init:  # what the value was built from; derived caches are not data
                reachable(getattr(value, a.name), seen, depth + 1)
        return
    if isinstance(value, Mapping):
        for v in value.values():
            reachable(v, seen, depth + 1)
    elif isinstance(value, tuple | list | frozenset):
        for v in value:
            reachable(v, seen, depth + 1)


START = pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai")
_ERLANG_A = staffing.ServiceTarget()


def _replay(seed: int) -> list[object]:
    p = cf.default_policy()
    tickets = list(synthetic.generate_tickets(8, seed=seed, start=START, days=2))
    outcomes = list(policy.replay_tickets(tickets, p, now=START.add(days=4)))
    report = policy.replay(tickets, p, now=START.add(days=4))
    tally = cf.sla.aggregate([o.sla for o in outcomes if o.sla is not None], by=("tier",))
    events = [cf.Event.from_dict(e) for e in tickets[0]["events"]]
    definition = p.workflows[tickets[0]["workflow"]]
    snap = workflows.start(definition, "T-1")
    found = [p, outcomes, report, tally, events, snap, p.replay]
    for e in events:
        verdict = workflows.can(definition, snap, e)
        found.append(verdict)
        if verdict.allowed:
            snap, effects = workflows.transition(definition, snap, e)
            found += [snap, effects]
    bad = cf.Event("no_such_event", START, {})
    found.append(workflows.can(definition, snap, bad))
    b = p.with_({"sla.targets[reply].within": "1 business day"})
    found.append(p.diff(b))
    return found


def _followup(question: tuple, fpolicy: followup.FollowupPolicy) -> list[object]:
    customer, purpose, at, history, trigger = question
    return [
        fpolicy,
        customer,
        history,
        followup.decide(fpolicy, customer, purpose, at, history, triggered_at=trigger),
        followup.next_allowed(fpolicy, customer, purpose, at, history, triggered_at=trigger),
    ]


def _plan(problem: tuple) -> list[object]:
    fpolicy, due, agents, start = problem
    return [due, agents, followup.plan(fpolicy, due, agents, start=start, end=start.add(hours=4))]


def _staffing(workload: staffing.Workload, target: staffing.ServiceTarget) -> list[object]:
    found: list[object] = [workload, target]
    try:
        found.append(staffing.required_agents(workload, target))
        found.append(staffing.required_agents_erlang_a(workload, dt.timedelta(minutes=3), target))
    except cf.ComplaintflowError:
        pass
    forecast = staffing.IntervalForecast(
        START, dt.timedelta(hours=1), [12, 40, 0], dt.timedelta(minutes=3)
    )
    plan = staffing.plan_staffing(forecast)
    found += [plan, staffing.check_roster(plan, [staffing.Shift(0, 1, agents=2, label="early")])]
    found.append(staffing.erlang_c(workload, 200))
    found.append(staffing.erlang_a(workload, 200, dt.timedelta(minutes=2)))
    return found


def _scripts(pack_name: str, turns: list[tuple[str, str]]) -> list[object]:
    pack = scripts.default(pack_name)
    transcript = scripts.Transcript.from_records(  # with times, for the timed packs
        [{"speaker": s, "text": t, "start": 5 * i, "end": 5 * i + 4}
         for i, (s, t) in enumerate(turns)]
    )  # fmt: skip
    return [pack, transcript, scripts.validate_transcript(pack, transcript),
            scripts.normalize_text(turns[0][1] if turns else ""),
            scripts.find_personal_data("张先生，手机13800138000")]  # fmt: skip


def _rules() -> list[object]:
    return [list(cf.rules.RULES.values()), cf.rules.defaults(), cf.rules.implementations(),
            synthetic.SyntheticProfile()]  # fmt: skip


def _fixed() -> list[object]:
    """Values the small drawn roots rarely reach: a busy replay, a plan, a roster."""
    tickets = list(synthetic.generate_tickets(300, seed=1, start=START, days=5))
    outcomes = list(policy.replay_tickets(tickets, cf.default_policy(), now=START.add(days=8)))
    busy = [o for o in outcomes if o.violations or (o.sla and any(t.cycles for t in o.sla.targets))]
    shift = cf.BusinessCalendar.from_dict(
        {"timezone": "Asia/Shanghai", "hours": {"daily": ["09:00-17:00"]}}
    )
    t0 = pendulum.datetime(2026, 5, 4, 8, tz="Asia/Shanghai")
    history = [
        followup.Attempt(
            t0.subtract(days=1), followup.Channel.PHONE, "138", followup.Outcome.FAILED
        )
    ]
    due = [
        followup.DueFollowup(
            f"case{i}",
            followup.Customer(f"c{i}", "Asia/Shanghai", vip=i == 2, phones=[f"1380000000{i}"]),
            t0,
            history=history,
        )
        for i in range(4)
    ]
    team = [followup.Agent("a1", shift, capacity_per_hour=2)]
    plan = followup.plan(followup.default(), due, team, start=t0, end=t0.add(days=1))
    override = cf.sla.SlaOverride("reply", {"tier": "VIP"}, within=cf.Duration.business_days(1))
    transcript = scripts.Transcript.from_records(
        [{"speaker": "agent", "text": "您好，请问有什么可以帮您", "start": 0.0, "end": 2.5}]
    )
    shifts = [staffing.Shift(0, 8, agents=2), staffing.Shift(START, START.add(hours=8), agents=1)]
    complaint = workflows.default("complaint")
    guarded = next(t for t in complaint.transitions if t.guards and t.source == complaint.initial)
    refused = workflows.can(
        complaint, workflows.start(complaint, "T-9"), cf.Event(guarded.event, START, {})
    )
    stats = policy.statistics(tickets, cf.default_policy(), now=START.add(days=8))
    trigger = cf.sla.SlaTrigger(
        "reply",
        {"any": [{"event": "public", "eq": True}, {"not": {"ticket": "tier", "in": ["VIP"]}}]},
    )
    versions = policy.PolicyHistory([(START.subtract(days=30), cf.default_policy())]).with_version(
        START.add(days=2), {"sla.targets[reply].within": "1 business day"}
    )
    by_version = policy.replay(tickets[:60], versions, now=START.add(days=8))
    judged = list(policy.replay_tickets(tickets[:5], versions, now=START.add(days=8)))
    return [busy, plan, override, transcript, shifts, history, refused, stats,
            policy.StatisticsSettings(), trigger, versions, by_version, judged]  # fmt: skip


turn_texts = st.sampled_from(
    [
        "您好，这里是客服中心，工号1234",
        "请问还有什么可以帮您",
        "你们就是骗子",
        "我要投诉！",
        "好的，谢谢",
    ]
)
transcripts = st.lists(st.tuples(st.sampled_from(["agent", "customer"]), turn_texts), max_size=6)

ROOTS: dict[str, st.SearchStrategy[list[object]]] = {
    "replay": st.integers(0, 10_000).map(_replay),
    "followup": st.builds(_followup, followup_questions(), followup_policies()),
    "plan": small_plans().map(_plan),
    "staffing": st.builds(_staffing, staffing_workloads(max_traffic=150.0), staffing_targets()),
    "scripts": st.builds(_scripts, st.sampled_from(scripts.DEFAULT_NAMES), transcripts),
    "sla": sla_policies().map(lambda p: [p]),
    "rules": st.just(None).map(lambda _: _rules()),
    "fixed": st.just(None).map(lambda _: _fixed()),
}


def same(a: object, b: object) -> bool:
    """``a == b``, except that instants are the same when their UTC time, offset and zone
    name are: Python calls a time in a DST fold unequal to itself under another
    ``tzinfo`` object of the same zone (PEP 495)."""
    if isinstance(a, dt.datetime) and isinstance(b, dt.datetime):
        key = lambda t: (t.timestamp(), t.utcoffset(), getattr(t.tzinfo, "key", None))  # noqa: E731
        return key(a) == key(b)
    if type(a) is not type(b):
        return False
    if attrs.has(type(a)):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in attrs.fields(type(a)))
    if isinstance(a, Mapping):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)  # type: ignore[attr-defined]
    if isinstance(a, tuple | list):
        return len(a) == len(b) and all(map(same, a, b))  # type: ignore[arg-type]
    return a == b


def check_round_trip(value: object) -> None:
    data = cf.to_data(value)
    assert json.loads(json.dumps(data)) == data  # plain JSON, nothing lost in writing it
    back = cf.from_data(type(value), data)
    assert back == value or same(back, value)
    assert cf.to_data(back) == data


@pytest.mark.parametrize("root", sorted(ROOTS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_reachable_value_round_trips(root: str, data: st.DataObject) -> None:
    seen: dict[type, list[object]] = {}
    reachable(data.draw(ROOTS[root]), seen)
    for values in seen.values():
        for value in values[:20]:
            check_round_trip(value)


@settings(max_examples=1, deadline=None)
@given(st.data())
def test_every_public_value_type_is_reached_by_a_root(data: st.DataObject) -> None:
    seen: dict[type, list[object]] = {}
    for name in sorted(ROOTS):
        for _ in range(4):
            reachable(data.draw(ROOTS[name]), seen)
    missing = sorted(t.__qualname__ for t in public_value_types() - set(seen))
    assert [] == missing


# -- the leaves ------------------------------------------------------------------------


@given(st.timedeltas())
def test_timedeltas_round_trip_as_iso_8601_durations(value: dt.timedelta) -> None:
    text = cf.data.timedelta_text(value)
    assert text.startswith(("P", "-P"))
    assert value == cf.from_data(dt.timedelta, text)


@pytest.mark.parametrize("text", ["P\uff11D", "PT\u0663H", "PT1\uff10M"])
def test_a_timedelta_is_written_in_ascii_digits(text: str) -> None:
    with pytest.raises(cf.ValidationError):
        cf.from_data(dt.timedelta, text)


#: Zones of the bundled database (a host's own names, such as ``posix/UTC``, are read
#: as their offset only).
zones = st.sampled_from(sorted(zone_names())).map(get_timezone)


@given(st.datetimes(timezones=zones, allow_imaginary=False))
def test_instants_keep_their_offset(value: dt.datetime) -> None:
    text = cf.to_data(value)
    assert isinstance(text, str)
    back = cf.from_data(dt.datetime, text)
    assert same(back, value)
    assert back.utcoffset() == value.utcoffset()


# -- bad data ------------------------------------------------------------------------


def test_bad_data_lists_every_problem_with_its_path() -> None:
    data = cf.to_data(staffing.Workload(110, dt.timedelta(hours=1), dt.timedelta(seconds=180)))
    assert isinstance(data, dict)
    bad = {**data, "calls": "110", "interval": "1 hour", "extra": 1}
    with pytest.raises(cf.ValidationError) as e:
        cf.from_data(staffing.Workload, bad)
    paths = sorted(p.path for p in e.value.problems)
    assert ["calls", "extra", "interval"] == paths


def test_nested_problems_name_the_whole_path() -> None:
    forecast = staffing.IntervalForecast(
        START, dt.timedelta(hours=1), [12, 40, 0], dt.timedelta(minutes=3)
    )
    report = cf.to_data(staffing.plan_staffing(forecast))
    assert isinstance(report, dict)
    report["intervals"][1]["agents"] = True
    report["intervals"][2]["start"] = "2026-03-02T11:00:00"  # naive
    with pytest.raises(cf.ValidationError) as e:
        cf.from_data(staffing.StaffingPlan, report)
    paths = [p.path for p in e.value.problems]
    assert ["intervals[1].agents", "intervals[2].start"] == paths
    assert "no UTC offset" in str(e.value)


@pytest.mark.parametrize(
    ("cls", "data"),
    [
        (followup.Decision, None),
        (followup.Decision, "yes"),
        (followup.Decision, {}),
        (followup.Decision, {"allowed": 1}),
        (followup.Customer, {"id": "c", "timezone": "Mars/Base"}),
        (followup.Customer, {"id": "c", "timezone": "Asia/Shanghai", "phones": "138"}),
        (policy.Policy, {"format": 9}),
        (workflows.Snapshot, []),
        (cf.Event, {"name": "x", "at": "2026-03-02T09:00:00"}),
        (staffing.Workload, {"calls": 1e400, "interval": "PT1H", "handle_time": "PT1M"}),
        (staffing.Workload, {"calls": 1, "interval": "P9999999999D", "handle_time": "PT1M"}),
        (followup.Campaign, {"name": "x", "dates": ["2026-01-01", "2026-01-01"]}),
        (scripts.Finding, {"rule_id": 3}),
    ],
)
def test_bad_data_raises_a_validation_error_and_nothing_else(cls: type, data: object) -> None:
    with pytest.raises(cf.ValidationError) as e:
        cf.from_data(cls, data)
    assert e.value.problems


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=3),
    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(max_size=3), c, max_size=3),
    max_leaves=12,
)


VALUE_TYPES = sorted(public_value_types(), key=lambda t: t.__qualname__)


@pytest.mark.parametrize("cls", VALUE_TYPES, ids=lambda t: t.__qualname__)
@given(junk)
@settings(max_examples=25, deadline=None)
def test_junk_is_refused_with_a_validation_error(cls: type, junk: object) -> None:
    """Any JSON at all: a value, or a ValidationError; never a raw error from cattrs."""
    with contextlib.suppress(cf.ValidationError):
        cf.from_data(cls, junk)


@pytest.mark.parametrize("root", sorted(ROOTS))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_data_broken_anywhere_is_a_validation_error(root: str, data: st.DataObject) -> None:
    """Real data with junk at one to three places: a value or a ValidationError whose
    every problem has a message, never a raw error."""
    seen: dict[type, list[object]] = {}
    reachable(data.draw(ROOTS[root]), seen)
    cls = data.draw(st.sampled_from(sorted(seen, key=lambda t: t.__qualname__)))
    doc = copy.deepcopy(cf.to_data(data.draw(st.sampled_from(seen[cls]))))
    for _ in range(data.draw(st.integers(1, 3))):
        paths = value_paths(doc)
        if not paths:
            break
        path = data.draw(st.sampled_from(paths))
        holder = doc
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = data.draw(junk)
    problems: tuple[cf.Problem, ...] = ()
    try:
        cf.from_data(cls, doc)
    except cf.ValidationError as e:
        problems = e.problems or (cf.Problem("", ""),)
    assert all(p.message for p in problems)


def test_to_data_refuses_what_is_no_library_value() -> None:
    with pytest.raises(cf.errors.WrongTypeError):
        cf.to_data(object())
    with pytest.raises(cf.errors.WrongTypeError):
        cf.from_data(dict, {})


def test_version() -> None:
    assert isinstance(cf.__version__, str)
    assert cf.__version__[0].isdigit()
