"""Staffing invariants as Hypothesis properties.

Monotonicity is checked with a slack of 1e-12: the figures are floats, and once a
service level is within a few ulps of 1 the last bit may wobble. A real violation
of monotonicity is many orders of magnitude larger.

Why Erlang A's *virtual* service level is never below Erlang C's (same traffic,
agents and target): both queues are birth-death chains with the same arrival rate;
in every state the M/M/n+M chain leaves at least as fast (``n + k r >= n``), so its
stationary queue length is stochastically smaller. A caller who finds ``k`` waiting
waits, in M/M/n+M, a sum of exponentials with rates ``n + j r >= n`` (``j = 0..k``),
which is stochastically smaller than Erlang C's sum of ``k + 1`` exponentials of rate
``n``; that sum grows with ``k``. Hence ``P(V_A > T) <= P(V_C > T)``. The share
*answered* within ``T`` does not enjoy this (an impatient caller who hangs up at 5 s
is a miss Erlang C would have counted as answered at 12 s); it is only bounded by the
virtual service level, which is checked too.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from fractions import Fraction

import pendulum
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintflow.errors import UnstableQueueError
from complaintflow.staffing import (
    IntervalForecast,
    Rounding,
    ServiceTarget,
    Shift,
    Workload,
    check_roster,
    erlang_a,
    erlang_c,
    plan_staffing,
    required_agents,
    required_agents_erlang_a,
)
from strategies import (
    staffing_answer_times,
    staffing_patience,
    staffing_targets,
    staffing_workloads,
)

SLACK = 1e-12


def _first_stable(w: Workload) -> int:
    """The first agent count above the traffic, skipping one within a hair of it
    (whose average wait overflows a timedelta; tested in test_staffing.py)."""
    first = math.floor(w.traffic) + 1
    return first + 1 if first - w.traffic < 1e-6 else first


def _stable_range(w: Workload, count: int) -> range:
    first = _first_stable(w)
    return range(first, first + count)


@given(staffing_workloads(), staffing_answer_times, st.integers(min_value=0, max_value=60))
def test_erlang_c_figures_are_probabilities(w: Workload, t: dt.timedelta, extra: int) -> None:
    n = _first_stable(w) + extra
    r = erlang_c(w, n, answer_within=t)
    assert 0.0 <= r.probability_of_waiting <= 1.0
    assert 0.0 <= r.service_level <= 1.0
    assert 1.0 - r.probability_of_waiting <= r.service_level + SLACK  # no-wait calls are in
    assert r.average_speed_of_answer >= dt.timedelta(0)
    assert 0.0 < r.occupancy < 1.0


@given(staffing_workloads(), staffing_answer_times)
def test_erlang_c_is_monotone_in_agents(w: Workload, t: dt.timedelta) -> None:
    rows = [erlang_c(w, n, answer_within=t) for n in _stable_range(w, 12)]
    for lo, hi in itertools.pairwise(rows):
        assert lo.service_level <= hi.service_level + SLACK
        assert hi.probability_of_waiting <= lo.probability_of_waiting + SLACK
        assert hi.average_speed_of_answer <= lo.average_speed_of_answer


@given(staffing_workloads(max_traffic=4000.0), staffing_targets())
def test_required_agents_is_minimal(w: Workload, target: ServiceTarget) -> None:
    req = required_agents(w, target)
    n = req.productive_agents

    def meets(k: int) -> bool:
        if k <= w.traffic:
            return False
        try:
            r = erlang_c(w, k, answer_within=target.answer_within)
        except UnstableQueueError:  # stable by a hair: a wait beyond any target
            return False
        if r.service_level < target.service_level:
            return False
        if (
            target.max_occupancy is not None
            and Fraction(k) * Fraction(repr(target.max_occupancy)) < w.exact_traffic()
        ):
            return False
        asa = target.max_average_speed_of_answer
        return asa is None or r.average_speed_of_answer <= asa

    assert meets(n)
    assert not meets(n - 1)
    assert n - 1 < req.fractional_agents <= n
    keep = 1 - Fraction(repr(target.shrinkage))
    if target.rounding is Rounding.UP:
        assert req.agents * keep >= n
        assert (req.agents - 1) * keep < n
    assert abs(req.agents - n / keep) <= 1
    assert req.figures == erlang_c(w, n, answer_within=target.answer_within)


def _erlang_a_workloads() -> st.SearchStrategy[Workload]:
    return staffing_workloads(max_traffic=40.0)


@settings(max_examples=60)
@given(
    _erlang_a_workloads(),
    staffing_patience,
    staffing_answer_times,
    st.integers(min_value=0, max_value=30),
)
def test_erlang_a_figures_and_bounds(
    w: Workload, patience: dt.timedelta, t: dt.timedelta, extra: int
) -> None:
    n = max(1, math.floor(w.traffic) - 10 + extra)  # overloaded agent counts included
    a = erlang_a(w, n, patience, answer_within=t)
    for share in (a.probability_of_waiting, a.service_level, a.virtual_service_level):
        assert -SLACK <= share <= 1.0 + SLACK
    assert 0.0 <= a.abandonment <= a.probability_of_waiting + SLACK
    assert a.service_level <= a.virtual_service_level + SLACK
    assert a.service_level <= 1.0 - a.abandonment + SLACK
    assert a.occupancy <= 1.0 + SLACK
    # Little's law on the queue: abandonment rate = E[queue] / patience.
    wait_s, patience_s = a.average_wait.total_seconds(), patience.total_seconds()
    assert math.isclose(a.abandonment, wait_s / patience_s, rel_tol=1e-5, abs_tol=1e-6)
    if n > w.traffic:
        c = erlang_c(w, n, answer_within=t)
        assert c.service_level <= a.virtual_service_level + SLACK
        assert a.probability_of_waiting <= c.probability_of_waiting + SLACK


@settings(max_examples=40)
@given(_erlang_a_workloads(), staffing_patience, staffing_answer_times)
def test_erlang_a_is_monotone_in_agents(
    w: Workload, patience: dt.timedelta, t: dt.timedelta
) -> None:
    start = max(1, math.floor(w.traffic) - 5)
    rows = [erlang_a(w, n, patience, answer_within=t) for n in range(start, start + 10)]
    for lo, hi in itertools.pairwise(rows):
        assert lo.service_level <= hi.service_level + SLACK
        assert lo.virtual_service_level <= hi.virtual_service_level + SLACK
        assert hi.abandonment <= lo.abandonment + SLACK
        assert hi.average_speed_of_answer <= lo.average_speed_of_answer + dt.timedelta(
            microseconds=1
        )


@settings(max_examples=40)
@given(_erlang_a_workloads(), staffing_patience, staffing_answer_times, st.floats(0.05, 0.99))
def test_required_agents_erlang_a_is_minimal(
    w: Workload, patience: dt.timedelta, t: dt.timedelta, level: float
) -> None:
    target = ServiceTarget(service_level=level, answer_within=t)
    req = required_agents_erlang_a(w, patience, target)
    n = req.productive_agents
    assert erlang_a(w, n, patience, answer_within=t).service_level >= level
    if n > 1:
        assert erlang_a(w, n - 1, patience, answer_within=t).service_level < level
    assert n - 1 < req.fractional_agents <= n


@settings(max_examples=50)
@given(
    st.lists(st.integers(min_value=0, max_value=80), min_size=1, max_size=12),
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=12),
            st.integers(min_value=1, max_value=12),
            st.integers(min_value=1, max_value=5),
        ),
        max_size=6,
    ),
)
def test_roster_counts_match_a_brute_force_count(
    calls: list[int], spans: list[tuple[int, int, int]]
) -> None:
    n = len(calls)
    forecast = IntervalForecast(
        pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai"),
        dt.timedelta(minutes=30),
        calls,
        dt.timedelta(minutes=3),
    )
    plan = plan_staffing(forecast)
    shifts = [Shift(a, min(n, a + length), k) for a, length, k in spans if a < n]
    check = check_roster(plan, shifts)
    expected = [sum(s.agents for s in shifts if s.start <= i < s.end) for i in range(n)]  # type: ignore[operator]
    assert expected == list(check.staffed)
    assert [i for i in range(n) if expected[i] < plan.agents[i]] == [
        s.index for s in check.shortfalls
    ]
    for s in check.shortfalls:
        assert ("SLA-10" if s.staffed == 0 else "SLA-9") == s.rule
    for row in plan.intervals:
        assert row.agents >= plan.minimum_agents
        if row.calls:
            w = Workload(row.calls, forecast.interval, forecast.handle_time)
            assert required_agents(w).agents <= row.agents
