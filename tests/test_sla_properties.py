"""The invariants of issue 3, as Hypothesis properties (complaintflow.sla)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow._time import from_us, get_timezone
from complaintflow.sla._clock import compiled
from complaintflow.sla._evaluate import run_clocks
from complaintflow.sla._internal import Counting, tally
from strategies import (
    SLA_OFFICE,
    SLA_T0,
    US_PER_S,
    segment_values,
    sla_durations,
    sla_histories,
    sla_policies,
)

TZ = get_timezone("Asia/Shanghai")


def at(us: int) -> dt.datetime:
    return from_us(us, TZ)


def ev(policy: cf.sla.SlaPolicy, events: list[tuple[str, int]], now_us: int) -> cf.sla.SlaReport:
    return cf.sla.evaluate(policy, events, at(now_us), ticket="T")


def observable(status: cf.sla.TargetStatus) -> tuple[object, ...]:
    """What must not change between ``now`` and ``next_check_at``."""
    return (status.state, status.warnings_us, status.breached_us, status.effects, status.cycle)


@given(sla_policies(), sla_histories(), st.integers(1, 5 * 86400))
def test_a_clock_paused_for_a_whole_period_gains_nothing(policy, events, later_s):
    pause_at = events[-1][1] + 60 * US_PER_S
    paused = [*events, ("p", pause_at)]
    before = ev(policy, paused, pause_at)
    after = ev(policy, paused, pause_at + later_s * US_PER_S)
    for a, b in zip(before.targets, after.targets, strict=True):
        assert a.elapsed_us == b.elapsed_us
        if a.state is cf.sla.TargetState.PAUSED:
            assert a == b


def _closed_windows(start_us: int, end_us: int) -> list[tuple[int, int]]:
    """Closed periods of the office calendar between two instants."""
    opens = SLA_OFFICE.open_intervals(at(start_us), at(end_us))
    edges = [start_us]
    for s, e in opens:
        edges += [int(s.timestamp() * US_PER_S), int(e.timestamp() * US_PER_S)]
    edges.append(end_us)
    return [(edges[i], edges[i + 1]) for i in range(0, len(edges), 2) if edges[i] < edges[i + 1]]


@given(sla_policies(), sla_histories(), st.data())
def test_pause_and_resume_inside_closed_hours_change_nothing(policy, events, data):
    # Calendar durations run on real time: their clock has no closed hours.
    assume(policy.target("main").within.kind is not cf.calendars.DurationKind.CALENDAR)
    start, end = events[0][1], events[-1][1] + 2 * 86400 * US_PER_S
    windows = _closed_windows(start, end)
    assume(windows)
    lo, hi = data.draw(st.sampled_from(windows))
    assume(hi - lo >= 2)
    # Strictly after the pause: at one instant a resume is applied before a pause.
    x = data.draw(st.integers(lo, hi - 1))
    y = data.draw(st.integers(x + 1, hi))
    # The inserted pair must not interfere with the history's own pauses.
    # (At one instant a pause is applied after a resume, so it wins.)
    assume(not any(kind in ("p", "r") and x <= t <= y for kind, t in events))
    last_hold: dict[int, bool] = {}
    for kind, t in events:
        if t < x and kind in ("p", "r"):
            last_hold[t] = last_hold.get(t, False) or kind == "p"
    assume(not (last_hold and last_hold[max(last_hold)]))
    merged = sorted([*events, ("p", x), ("r", y)], key=lambda e: e[1])
    now = max(y, events[-1][1]) + data.draw(st.integers(0, 3 * 86400)) * US_PER_S
    plain, with_pause = ev(policy, events, now), ev(policy, merged, now)
    main_plain, main_paused = plain.status("main"), with_pause.status("main")
    assert main_plain == main_paused


@given(sla_policies(), sla_histories(), st.data())
def test_met_and_breached_are_exclusive_and_final(policy, events, data):
    stops = [i for i, (kind, _) in enumerate(events) if kind == "x"]
    assume(stops)
    cut = stops[0] + 1
    head = events[:cut]
    t_stop = head[-1][1]
    first = ev(policy, head, t_stop).status("main")
    assert first.state in (cf.sla.TargetState.MET, cf.sla.TargetState.BREACHED)
    assert (first.state is cf.sla.TargetState.BREACHED) == (first.breached_us is not None)
    later = [(k, t) for k, t in events[cut:] if k != "z" and t > t_stop]
    now = (later[-1][1] if later else t_stop) + data.draw(st.integers(0, 86400)) * US_PER_S
    second = ev(policy, head + later, now).status("main")
    assert first == second


@given(sla_policies(), sla_histories(), st.data())
def test_live_evaluation_equals_replay_on_every_prefix(policy, events, data):
    for k in range(1, len(events) + 1):
        last = events[k - 1][1]
        nxt = events[k][1] if k < len(events) else last + 4 * 86400 * US_PER_S
        if nxt == last:
            continue  # not a prefix a live system can see: the same instant continues
        t = data.draw(st.integers(last, nxt - 1))
        assert ev(policy, events[:k], t) == ev(policy, events, t)


@settings(max_examples=60)
@given(sla_policies(), sla_histories(), st.data())
def test_nothing_changes_before_next_check_at(policy, events, data):
    now = events[-1][1] + data.draw(st.integers(0, 3 * 86400)) * US_PER_S
    report = ev(policy, events, now)
    nxt = report.next_check_us
    if nxt is None:
        horizon = now + 30 * 86400 * US_PER_S
    else:
        assert nxt > now
        horizon = nxt
    for u in data.draw(st.lists(st.integers(now + 1, max(now + 1, horizon - 1)), max_size=4)):
        if u >= horizon:
            continue
        between = ev(policy, events, u)
        assert [observable(s) for s in report.targets] == [observable(s) for s in between.targets]


@given(sla_policies(), sla_histories(), st.integers(0, 3 * 86400))
def test_something_changes_at_next_check_at(policy, events, later_s):
    # next_check_at is exact: the instant a warning, breach or escalation is due,
    # never a wake-up at which nothing a host acts on changes (a calendar opening).
    now = events[-1][1] + later_s * US_PER_S
    report = ev(policy, events, now)
    nxt = report.next_check_us
    if nxt is None:
        return
    at_next = ev(policy, events, nxt)
    assert [observable(s) for s in report.targets] != [observable(s) for s in at_next.targets]


@given(sla_policies(), sla_histories(), st.randoms(use_true_random=False), st.integers(0, 86400))
def test_input_order_of_equal_timestamps_does_not_matter(policy, events, rnd, later_s):
    shuffled = list(events)
    rnd.shuffle(shuffled)
    shuffled.sort(key=lambda e: e[1])  # stable: equal instants keep the shuffled order
    now = events[-1][1] + later_s * US_PER_S
    assert ev(policy, events, now) == ev(policy, shuffled, now)


@given(sla_policies(), st.lists(sla_histories(max_events=6), max_size=5), st.integers(0, 86400))
def test_batch_form_equals_one_by_one(policy, histories, later_s):
    now = SLA_T0 + 20 * 86400 * US_PER_S + later_s * US_PER_S
    tickets = [(i, h) for i, h in enumerate(histories)]
    batch = list(cf.sla.evaluate_many(policy, tickets, at(now)))
    one_by_one = [cf.sla.evaluate(policy, h, at(now), ticket=i) for i, h in tickets]
    assert one_by_one == batch


@given(sla_policies(), st.lists(sla_histories(max_events=6), max_size=8), st.integers(0, 8))
def test_tallies_of_parts_merge_into_the_tally_of_the_whole(policy, histories, cut):
    now = at(SLA_T0 + 20 * 86400 * US_PER_S)
    tickets = [(i, h, {"tier": "vip" if i % 2 else "normal"}) for i, h in enumerate(histories)]
    whole = cf.sla.SlaTally.of(cf.sla.evaluate_many(policy, tickets, now), by=["tier"])
    a = cf.sla.SlaTally.of(cf.sla.evaluate_many(policy, tickets[:cut], now), by=["tier"])
    b = cf.sla.SlaTally.of(cf.sla.evaluate_many(policy, tickets[cut:], now), by=["tier"])
    assert whole == a.merge(b)


@given(sla_policies(), sla_histories(), st.data())
def test_recomputing_from_the_start_with_pauses_kept_matches_the_running_clock(
    policy, events, data
):
    # An override that changes nothing still forces a recomputation from the original
    # start at the change: it must land exactly where the running clock was.
    same = cf.sla.SlaOverride("main", {"tier": "vip"}, within=policy.target("main").within)
    recomputing = attrs.evolve(policy, overrides=[same])
    at_us = data.draw(st.integers(events[0][1], events[-1][1] + 86400 * US_PER_S))
    update = ("u", at_us, {"tier": "vip"})
    with_update = sorted([(k, t, None) for k, t in events] + [update], key=lambda e: e[1])
    now = max(at_us, events[-1][1]) + data.draw(st.integers(0, 2 * 86400)) * US_PER_S
    recomputing = attrs.evolve(recomputing, kinds=("n", "u"))
    plain = ev(policy, events, now).status("main")
    changed = ev(recomputing, with_update, now).status("main")
    assert plain == changed


@given(sla_policies(), sla_histories(), sla_durations, st.data())
def test_the_counting_form_keeps_every_clock_outcome(policy, events, other_budget, data):
    """Replay counts with a breach-only compilation: every clock's state, stop,
    breach, clock time and earlier breaches must equal the full evaluation's,
    also when an attribute change mid-ticket recomputes a target."""
    policy = attrs.evolve(
        policy,
        overrides=(cf.sla.SlaOverride("main", {"priority": "high"}, within=other_budget),),
    )
    instants = sorted({t for _, t in events})
    values = data.draw(st.lists(st.sampled_from(["high", "normal", None]),
                                min_size=len(instants), max_size=len(instants)))  # fmt: skip
    at_instant = dict(zip(instants, values, strict=True))
    # One value per instant: events sharing an instant may not disagree.
    history = [
        (kind, t, None if at_instant[t] is None else {"priority": at_instant[t]})
        for kind, t in events
    ]
    now = events[-1][1] + data.draw(st.integers(0, 5 * 86400)) * US_PER_S
    outcomes = []
    for breach_only in (False, True):
        cp = compiled(policy, breach_only)
        clocks, _ = run_clocks(cp, "T", history, now, {"priority": "normal"})
        outcomes.append(
            [
                None if c is None else (c.started, c.held, c.stopped, c.breached, c.e, c.earlier)
                for c in clocks
            ]
        )
    assert outcomes[0] == outcomes[1]


#: Tallies counted with arbitrary segment values: ``(segment, target, state)`` triples.
_cells = st.lists(
    st.tuples(segment_values, st.sampled_from(["main", "other"]), st.integers(1, 5)), max_size=6
)


def _tally(cells: list[tuple[object, str, int]]) -> cf.sla.SlaTally:
    counting = Counting(("tier",))
    for segment, target, state in cells:
        cell = counting.cell((target, segment), "SLA-3")  # type: ignore[arg-type]
        cell.count(state, 0, 1_000_000, state >= 4)
    return tally(counting)


@settings(max_examples=200)
@given(_cells, _cells, _cells)
def test_tally_merge_is_commutative_and_associative_whatever_the_segment_values(
    x: list[Any], y: list[Any], z: list[Any]
) -> None:
    """None and "None" stay apart, values of different types never fail to sort."""
    a, b, c = _tally(x), _tally(y), _tally(z)
    assert a.merge(b) == b.merge(a)
    assert repr(a.merge(b)) == repr(b.merge(a))
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    assert len(x) + len(y) == sum(r["applicable"] for r in a.merge(b).records())


def test_tally_cells_of_one_target_named_by_two_rules_merge_alike_in_either_order() -> None:
    a = Counting(("tier",))
    a.cell(("main", "VIP"), "SLA-3").count(4, 0, 0, True)
    b = Counting(("tier",))
    b.cell(("main", "VIP"), "SLA-3b").count(5, 0, 0, False)
    assert tally(a).merge(tally(b)) == tally(b).merge(tally(a))
