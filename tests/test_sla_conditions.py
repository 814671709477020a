"""Conditions on event payload fields and ticket attributes, cancel conditions and
retroactive starts of SLA targets."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow._time import from_us, get_timezone
from problems import assert_problem
from strategies import sla_histories, sla_policies

TZ = get_timezone("Asia/Shanghai")
T0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
PUBLIC = {"event": "public", "eq": True}


def at(us: int) -> dt.datetime:
    return from_us(us, TZ)


def t(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def first_response(**changes: object) -> cf.sla.SlaPolicy:
    data: dict[str, object] = {
        "name": "first_response", "rule": "SLA-3", "within": "4 business hours",
        "calendar": "24x7", "start": ["accept"],
        "stop": [{"kind": "reply", "when": PUBLIC}],
    }  # fmt: skip
    data.update(changes)
    return cf.sla.SlaPolicy.from_dict({"targets": [data], "kinds": ["note"]})


# -- (a) conditions ---------------------------------------------------------------------


def test_only_a_public_reply_stops_first_response() -> None:
    policy = first_response()
    log = [
        cf.Event("accept", t(0)),
        cf.Event("reply", t(30), {"public": False}),
        cf.Event("reply", t(90), {"public": True}),
    ]
    s = cf.sla.evaluate(policy, log, now=t(120)).status("first_response")
    assert (s.state, s.stopped_at) == (cf.sla.TargetState.MET, t(90))
    s = cf.sla.evaluate(policy, log[:2], now=t(120)).status("first_response")
    assert s.state is cf.sla.TargetState.RUNNING
    # a reply without the field, or with 1 instead of true, is no public reply
    for payload in ({}, {"public": 1}, {"public": "true"}):
        log2 = [cf.Event("accept", t(0)), cf.Event("reply", t(30), payload)]
        assert cf.sla.evaluate(policy, log2, t(60)).status("first_response").stopped_us is None


def test_conditions_read_ticket_attributes_and_combine() -> None:
    field = {"all": [{"event": "team", "in": ["field", "install"]},
                     {"not": {"ticket": "tier", "eq": "vip"}},
                     {"any": [{"event": "minutes", "ge": 30},
                              {"event": "urgent", "present": True}]}]}  # fmt: skip
    policy = cf.sla.SlaPolicy.from_dict({"targets": [{
        "name": "dispatch", "rule": "SLA-2", "within": "1 business hour", "calendar": "24x7",
        "start": [{"kind": "transfer", "when": field}], "stop": ["dispatched"]}]})  # fmt: skip

    def started(payload: dict[str, object], attributes: dict[str, str] | None = None) -> bool:
        log = [cf.Event("transfer", t(0), payload)]
        report = cf.sla.evaluate(policy, log, now=t(10), attributes=attributes)
        return report.status("dispatch").start_us is not None

    assert started({"team": "field", "minutes": 45})
    assert started({"team": "install", "urgent": None})
    assert not started({"team": "desk", "minutes": 45})
    assert not started({"team": "field", "minutes": 10})
    assert not started({"team": "field", "minutes": 45}, {"tier": "vip"})
    assert started({"team": "field", "minutes": 45}, {"tier": "normal"})


def test_a_numeric_test_on_a_field_that_is_no_number_is_an_event_error() -> None:
    policy = first_response(stop=[{"kind": "reply", "when": {"event": "minutes", "lt": 5}}])
    log = [cf.Event("accept", t(0)), cf.Event("reply", t(1), {"minutes": "3"})]
    with pytest.raises(cf.errors.SlaEventError) as e:
        cf.sla.evaluate(policy, log, now=t(2), ticket="T1")
    assert (e.value.ticket, e.value.index, e.value.field) == ("T1", 1, "events[1].payload.minutes")


def test_every_problem_of_a_condition_is_reported_with_its_path() -> None:
    bad = {"all": [{"event": "public"}, {"ticket": "tier", "gt": 1}, {"event": "", "eq": [1]},
                   {"any": []}, {"not": {"event": "x", "eq": 1, "in": [1]}},
                   {"evnt": "x"}]}  # fmt: skip
    expected = [
        "targets[0].stop[0].when.all[0]: makes no test",
        "targets[0].stop[0].when.all[1].gt: ticket attributes are strings",
        "targets[0].stop[0].when.all[2].event: '' is not a field name",
        "targets[0].stop[0].when.all[2].eq: [1] is not a string, a number or true/false",
        "targets[0].stop[0].when.all[3].any: [] is not a non-empty list",
        "targets[0].stop[0].when.all[4].not: makes 2 tests ['eq', 'in']",
        "targets[0].stop[0].when.all[5].evnt: unknown key",
        "targets[0].stop[0].when.all[5]: names no field",
        "targets[0].stop[1].kind: 7 is not an event kind",
    ]
    with pytest.raises(cf.errors.ValidationError) as e:
        first_response(stop=[{"kind": "reply", "when": bad}, {"kind": 7, "when": PUBLIC}])
    got = [f"{p.path}: {p.message}" for p in e.value.problems]
    assert len(got) == len(expected)
    for line, want in zip(got, expected, strict=True):
        assert line.startswith(want)
    # direct construction reports the same problems, with the same paths inside the target
    with pytest.raises(cf.errors.ValidationError) as d:
        cf.sla.SlaTarget("x", "SLA-3", cf.Duration.parse("1 business hour"),
                         cf.calendars.default("24x7"), start=["a"],
                         stop=[{"kind": "reply", "when": bad}])  # fmt: skip
    paths = [p.path for p in d.value.problems]
    assert paths == [line.split(": ")[0].removeprefix("targets[0].") for line in expected[:-1]]


def test_conditions_are_bounded_in_size_and_depth() -> None:
    deep: dict[str, object] = PUBLIC
    for _ in range(20):
        deep = {"not": deep}
    with pytest.raises(cf.errors.ValidationError, match=r"tree\..*nested deeper than 16"):
        cf.sla.SlaCondition(deep)
    with pytest.raises(cf.errors.ValidationError, match="at most 256 are allowed"):
        cf.sla.SlaCondition({"any": [PUBLIC] * 300})


def test_a_condition_is_data_and_round_trips() -> None:
    c = cf.sla.SlaCondition({"any": [PUBLIC, {"ticket": "tier", "in": ["vip"]}]})
    assert cf.sla.SlaCondition(c.data) == c
    assert attrs.evolve(c) == c
    assert hash(c) == hash(cf.sla.SlaCondition(c.data))
    assert cf.from_data(cf.sla.SlaCondition, cf.to_data(c)) == c


def test_pairs_cannot_feed_a_policy_that_reads_payload_fields_to_a_counting_caller() -> None:
    from complaintflow.sla._internal import compiled, run_clocks

    policy = first_response()
    cp = compiled(policy)
    with pytest.raises(cf.errors.SlaEventError, match="payload fields"):
        run_clocks(cp, "T", [("accept", 0)], 1, None, True)
    # evaluate_many reads pairs as events without payload
    us = int(T0.timestamp()) * 1_000_000
    [r] = cf.sla.evaluate_many(policy, [("T", [("accept", us), ("reply", us + 1)])], now=t(5))
    assert r.status("first_response").state is cf.sla.TargetState.RUNNING


@given(sla_policies(), sla_histories(), st.data())
def test_a_conditional_stop_is_the_plain_stop_on_the_events_that_match(policy, events, data):
    """The stop ``x`` only when public: the same reports as the plain policy on a log
    whose other ``x`` events are replaced by a kind that drives no clock."""
    main = policy.target("main")
    guarded = attrs.evolve(
        policy, targets=[attrs.evolve(main, stop=[{"kind": "x", "when": PUBLIC}]),
                         *policy.targets[1:]],
    )  # fmt: skip
    flags = data.draw(st.lists(st.booleans(), min_size=len(events), max_size=len(events)))
    log = [cf.Event(k, at(u), {"public": f}) for (k, u), f in zip(events, flags, strict=True)]
    plain = [(k if k != "x" or f else "n", u) for (k, u), f in zip(events, flags, strict=True)]
    now = at(events[-1][1] + data.draw(st.integers(0, 3 * 86400)) * 1_000_000)
    assert outcome(guarded, log, now) == outcome(policy, plain, now)


def outcome(policy: cf.sla.SlaPolicy, events: list[object], now: dt.datetime) -> object:
    """The report, or the message of the event error."""
    try:
        return cf.sla.evaluate(policy, events, now, ticket="T")  # type: ignore[arg-type]
    except cf.errors.SlaEventError as e:
        return str(e)


# -- (b) cancel ------------------------------------------------------------------------------


def cancellable(policy: cf.sla.SlaPolicy) -> cf.sla.SlaPolicy:
    main = policy.target("main")
    return attrs.evolve(policy, targets=[attrs.evolve(main, cancel=["c"]), *policy.targets[1:]])


def test_a_cancel_ends_the_cycle_with_no_verdict() -> None:
    policy = first_response(
        cancel=["withdraw", {"kind": "note", "when": {"event": "status", "eq": "duplicate"}}]
    )
    log = [cf.Event("accept", t(0)), cf.Event("note", t(30), {"status": "duplicate"})]
    r = cf.sla.evaluate(policy, log, now=t(600))
    s = r.status("first_response")
    assert (s.state, s.stopped_at, r.next_check_at) == (cf.sla.TargetState.CANCELLED, t(30), None)
    [row] = cf.sla.aggregate([r])
    assert (row["cancelled"], row["met"], row["breached"], row["stopped"]) == (1, 0, 0, 0)
    assert row["compliance_rate"] is None
    # after the breach: still cancelled, the breach instant kept as a fact
    late = cf.sla.evaluate(policy, [log[0], cf.Event("withdraw", t(300))], now=t(600))
    s = late.status("first_response")
    assert (s.state, s.breached_at) == (cf.sla.TargetState.CANCELLED, t(240))
    # after the stop, or before the start: nothing
    done = [log[0], cf.Event("reply", t(10), {"public": True}), cf.Event("withdraw", t(20))]
    assert cf.sla.evaluate(policy, done, t(30)).status("first_response").state.value == "met"
    early = [cf.Event("withdraw", t(0)), cf.Event("accept", t(10))]
    assert cf.sla.evaluate(policy, early, t(20)).status("first_response").state.value == "running"


def test_a_cancel_kind_has_one_role_and_the_policy_format_knows_it() -> None:
    with pytest.raises(cf.errors.ValidationError, match="cancel: 'accept' is also a start kind"):
        first_response(cancel=["accept"])
    with pytest.raises(cf.errors.ValidationError, match=r"cancel\[0\]\.when"):
        first_response(cancel=[{"kind": "withdraw", "when": {"event": "x"}}])


def test_a_counting_caller_reads_a_cancelled_clock_as_cancelled() -> None:
    from complaintflow.sla._internal import compiled, run_clocks

    policy = first_response(cancel=["withdraw"], stop=["reply"])
    clocks, _ = run_clocks(compiled(policy), "T", [("accept", 0), ("withdraw", 1)], 2, None, True)
    [clock] = clocks
    assert clock is not None
    assert (clock.cancelled, clock.stopped, clock.breached) == (True, 1, None)


@given(sla_policies(), sla_histories(), st.data())
def test_a_cancelled_target_never_counts_as_met_or_breached(policy, events, data):
    policy = cancellable(policy)
    n = len(events)
    where = data.draw(st.lists(st.integers(0, n), max_size=3))
    log = list(events)
    for i in sorted(where, reverse=True):
        log.insert(i, ("c", log[min(i, n - 1)][1]))
    log.sort(key=lambda e: e[1])
    now = at(log[-1][1] + data.draw(st.integers(0, 3 * 86400)) * 1_000_000)
    try:
        report = cf.sla.evaluate(policy, log, now, ticket="T")
    except cf.errors.SlaEventError:
        return  # a stop before any start: the plain policy refuses it alike
    s = report.status("main")
    rows = {r["target"]: r for r in cf.sla.aggregate([report])}
    row = rows["main"]
    assert row["applicable"] == sum(
        row[k] for k in ("not_started", "running", "paused", "met", "breached", "cancelled")
    )
    if s.state is cf.sla.TargetState.CANCELLED:
        assert (row["met"], row["breached"], row["cancelled"], row["stopped"]) == (0, 0, 1, 0)
    assert s.earlier_breaches == sum(c.state is cf.sla.TargetState.BREACHED for c in s.cycles)
    cancelled = sum(c.state is cf.sla.TargetState.CANCELLED for c in s.cycles)
    assert row["cycles_met"] + row["cycles_breached"] + cancelled + row["cancelled"] <= s.cycle + 1
    # a cancel is the only difference: before the first one, the plain policy agrees
    first = next((u for k, u in log if k == "c"), None)
    if first is not None:
        head = [(k, u) for k, u in log if u < first]
        if head:
            assert cf.sla.evaluate(policy, head, at(first - 1), ticket="T") == cf.sla.evaluate(
                attrs.evolve(policy, targets=[attrs.evolve(policy.target("main"), cancel=()),
                                              *policy.targets[1:]]),
                head, at(first - 1), ticket="T",
            )  # fmt: skip


# -- (c) retroactive start -------------------------------------------------------------------


def urgent(retro: object = None) -> cf.sla.SlaPolicy:
    data: dict[str, object] = {
        "name": "urgent_reply", "rule": "SLA-8", "within": "2 business hours",
        "calendar": "24x7", "start": ["register"], "stop": ["reply"],
        "when": {"priority": "urgent"},
    }  # fmt: skip
    if retro is not None:
        data["retroactive_start"] = retro
    return cf.sla.SlaPolicy.from_dict({"targets": [data], "kinds": ["update"]})


def test_a_target_that_begins_to_apply_counts_from_the_earlier_event() -> None:
    log = [
        cf.Event("register", t(0), {"priority": "normal"}),
        cf.Event("update", t(60), {"priority": "urgent"}),
    ]
    plain = cf.sla.evaluate(urgent(), log, now=t(180)).status("urgent_reply")
    assert plain.state is cf.sla.TargetState.NOT_STARTED
    s = cf.sla.evaluate(urgent("register"), log, now=t(180)).status("urgent_reply")
    assert (s.state, s.start, s.breached_at) == (cf.sla.TargetState.BREACHED, t(0), t(120))
    assert [w for w, _ in s.warnings] == [0.5, 0.75]  # 0.5 reached at the change itself
    assert s.warnings[0][1] == t(60)
    # a condition on the candidate event: this register was not by phone
    cond = {"kind": "register", "when": {"ticket": "channel", "eq": "phone"}}
    s = cf.sla.evaluate(urgent(cond), log, now=t(180)).status("urgent_reply")
    assert s.state is cf.sla.TargetState.NOT_STARTED
    s = cf.sla.evaluate(urgent(cond), log, now=t(180), attributes={"channel": "phone"})
    assert s.status("urgent_reply").start == t(0)


def test_a_retroactive_start_is_checked_with_the_target() -> None:
    with pytest.raises(cf.errors.ValidationError) as e:
        cf.sla.SlaPolicy.from_dict({"targets": [
            {"name": "a", "rule": "SLA-8", "within": "1 business hour", "calendar": "24x7",
             "start": ["s"], "stop": ["x"], "retroactive_start": "s"},
            {"name": "b", "rule": "SLA-8", "within": "1 business hour", "calendar": "24x7",
             "start": ["s"], "stop": ["x"], "when": {"tier": "vip"},
             "retroactive_start": {"kind": "s", "when": {"event": "n", "lt": "1"}}},
        ]})  # fmt: skip
    assert [p.path for p in e.value.problems] == [
        "targets[0].retroactive_start",
        "targets[1].retroactive_start.when.lt",
    ]
    assert "never begins to apply" in e.value.problems[0].message


@given(sla_policies(), sla_histories(), st.data())
def test_a_retroactive_start_never_starts_later_than_the_plain_one(policy, events, data):
    main = attrs.evolve(policy.target("main"), when={"priority": "urgent"})
    plain = attrs.evolve(policy, targets=[main, *policy.targets[1:]], kinds=("n", "u", "d"))
    retro = attrs.evolve(
        plain, targets=[attrs.evolve(main, retroactive_start="s"), *policy.targets[1:]]
    )
    # re-prioritisations: to urgent (u) and back (d), at the times of some events
    marks = data.draw(st.lists(st.tuples(st.integers(0, len(events) - 1), st.booleans()),
                               max_size=4))  # fmt: skip
    log: list[tuple[object, ...]] = [(k, u) for k, u in events]
    for i, up in marks:
        kind, value = ("u", "urgent") if up else ("d", "normal")
        log.append((kind, events[i][1] + data.draw(st.integers(0, 600)) * 1_000_000,
                    {"priority": value}))  # fmt: skip
    log.sort(key=lambda e: e[1])
    now = at(log[-1][1] + data.draw(st.integers(0, 86400)) * 1_000_000)
    initial = {"priority": data.draw(st.sampled_from(["normal", "urgent"]))}
    try:
        a = main_status(cf.sla.evaluate(plain, log, now, ticket="T", attributes=initial))
    except cf.errors.SlaEventError:
        return
    b = main_status(cf.sla.evaluate(retro, log, now, ticket="T", attributes=initial))

    def first_start(s: cf.sla.TargetStatus | None) -> int | None:
        if s is None:
            return None
        return s.cycles[0].start_us if s.cycles else s.start_us

    if first_start(a) is not None:
        assert first_start(b) is not None
        assert first_start(b) <= first_start(a)
    if initial["priority"] == "urgent" and not marks:
        assert a == b  # a target that applies from the start: nothing retroactive


def main_status(report: cf.sla.SlaReport) -> cf.sla.TargetStatus | None:
    """The main target's status; ``None`` when it does not apply to the ticket now."""
    return next((s for s in report.targets if s.target == "main"), None)


def test_replay_counts_a_cancelled_cycle_apart() -> None:
    start = cf.parse_instant("2026-04-01T00:00:00+08:00")
    records = list(cf.synthetic.generate_tickets(60, start=start, seed=3))
    policy = cf.default_policy().with_({"sla.targets[reply].cancel": ["accept"]})
    now = start.add(days=30)
    report = cf.policy.replay(records, policy, now=now)
    assert report.failed == ()
    rows = [r for r in report.sla_records() if r["target"] == "reply"]
    assert sum(int(r["cancelled"]) for r in rows) > 0  # type: ignore[call-overload]
    assert report.summary()["sla_cancelled"] == sum(int(r["cancelled"]) for r in rows)  # type: ignore[call-overload]
    for r in rows:
        assert r["applicable"] == sum(
            r[k] for k in ("not_started", "running", "paused", "met", "breached", "cancelled")
        )


def test_a_condition_reads_a_ticket_attribute_an_event_changed() -> None:
    policy = first_response(stop=[{"kind": "reply", "when": {"ticket": "tier", "eq": "vip"}}])
    log = [
        cf.Event("accept", t(0)),
        cf.Event("reply", t(10)),
        cf.Event("note", t(20), {"tier": "vip"}),  # read as the ticket's attribute
        cf.Event("reply", t(30)),
    ]
    report = cf.sla.evaluate(policy, log, now=t(60))
    assert report.status("first_response").stopped_at == t(30)
    assert dict(report.attributes) == {"tier": "vip"}


@pytest.mark.parametrize(
    ("data", "path", "words"),
    [
        ({"all": [{"event": "a", "present": True}], "event": "b"}, "tree",
         "'all' cannot be combined with ['event']"),
        ({"any": "x"}, "tree.any", "is not a non-empty list of conditions"),
        ({"event": "a", "present": "yes"}, "tree.present", "is not true or false"),
        ({"event": "a", "lt": float("inf")}, "tree.lt", "is not a finite number"),
        ({"event": "a", "ge": "3"}, "tree.ge", "is not a finite number"),
        ({"event": "a", "eq": [1]}, "tree.eq", "is not a string, a number or true/false"),
        ({"ticket": "tier", "eq": 3}, "tree.eq", "is not a string (ticket attributes"),
        ({"event": "a", "in": []}, "tree.in", "is not a non-empty list of values"),
        ({"event": "a", "in": "ab"}, "tree.in", "is not a non-empty list of values"),
        ({"event": "a", "in": [1, {}]}, "tree.in[1]", "is not a value to compare with"),
        ({"ticket": "tier", "in": ["gold", 2]}, "tree.in[1]", "is not a value to compare with"),
        ({"event": "", "eq": 1}, "tree.event", "is not a field name"),
        ({"event": "a", "ticket": "b", "eq": 1}, "tree", "names both an event and a ticket"),
        ({"event": "a", "eq": 1, "gt": 0}, "tree", "makes 2 tests"),
        ({"event": "a", "eq": 1, "size": 2}, "tree.size", "unknown key"),
    ],
)  # fmt: skip
def test_a_bad_condition_is_refused_at_its_path(data: object, path: str, words: str) -> None:
    with pytest.raises(cf.ValidationError) as e:
        cf.sla.SlaCondition(data)
    assert_problem(e.value, path, words)


def test_a_parsed_tree_is_kept_and_a_bent_one_is_checked_again() -> None:
    c = cf.sla.SlaCondition({"not": {"event": "public", "eq": True}})
    assert c == cf.sla.SlaCondition(c.tree) == cf.sla.SlaCondition(c)
    assert c == attrs.evolve(c, tree=c.tree)
    with pytest.raises(cf.ValidationError):
        cf.sla.SlaCondition(("leaf", "event", "public", "eq", [1]))
    assert "SlaCondition({'not': {'event': 'public', 'eq': True}})" == repr(c)


def test_matches_names_the_payload_field_that_is_no_number() -> None:
    c = cf.sla.SlaCondition({"event": "minutes", "ge": 30})
    assert c.matches({"minutes": 45})
    assert not c.matches({"minutes": 5})
    with pytest.raises(cf.errors.SlaEventError) as e:
        c.matches({"minutes": "45"})
    assert "payload.minutes" == e.value.field


@pytest.mark.parametrize(
    ("payload", "attributes", "field"),
    [
        ("x", None, "payload"),
        ([], None, "payload"),
        ({}, "x", "attributes"),
        ({}, [], "attributes"),
        ({}, 0, "attributes"),
    ],
)
def test_matches_refuses_what_is_no_mapping(
    payload: object, attributes: object, field: str
) -> None:
    c = cf.sla.SlaCondition({"ticket": "tier", "eq": "VIP"})
    with pytest.raises(cf.errors.WrongTypeError) as e:
        c.matches(payload, attributes)  # type: ignore[arg-type]
    assert field == e.value.field
