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
import random
from fractions import Fraction

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from budget import within
from complaintflow.errors import StaffingLimitError, UnstableQueueError, ValidationError
from complaintflow.staffing import (
    ErlangAResult,
    IntervalForecast,
    Rounding,
    ServiceTarget,
    Shift,
    Workload,
    _erlang,
    check_roster,
    erlang_a,
    erlang_c,
    plan_staffing,
    required_agents,
    required_agents_erlang_a,
)
from complaintflow.staffing._erlang import MAX_AGENTS, MAX_SERIES_TERMS, MAX_TRAFFIC
from complaintflow.staffing._plan import MAX_INTERVALS, MAX_PLAN_TRAFFIC
from strategies import (
    log_uniform_floats,
    staffing_agents_near,
    staffing_answer_times,
    staffing_any_answer_times,
    staffing_any_handle_times,
    staffing_any_patience,
    staffing_any_targets,
    staffing_any_workloads,
    staffing_patience,
    staffing_targets,
    staffing_workloads,
)

PEAK = Workload(110, dt.timedelta(hours=1), dt.timedelta(minutes=3))  # SLA-9's peak hour

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


# --------------------------------------------------------------------------- the limits
#
# Inside the documented limits (docs/staffing.md) every call returns within a CPU
# budget, every share it reports is a probability, and the agent searches are
# minimal and monotone; beyond them every call is refused at once with the typed
# error naming the field and the limit. Strategies reach the limits themselves
# (a million agents, 100,000 Erlangs, an occupancy ceiling of traffic / 10**6,
# patience from a millisecond to ten days, answer times up to timedelta.max).

#: CPU seconds one call may take: generous on a shared machine; the limits keep the
#: slowest calls (Erlang A searches at 100,000 Erlangs) near a third of it.
BUDGET_S = 0.5


def _probability(value: float) -> bool:
    """In [0, 1], and not the negative zero a rounded difference can leave."""
    return 0.0 <= value <= 1.0 and math.copysign(1.0, value) == 1.0


def _more(w: Workload, factor: float) -> Workload:
    """``w`` with ``factor`` times the calls (examples beyond the limit are skipped)."""
    try:
        more = Workload(w.calls * factor, w.interval, w.handle_time)
    except StaffingLimitError:
        assume(False)
        raise  # pragma: no cover - assume(False) does not return
    assert more.traffic >= w.traffic
    return more


def _meets_c(w: Workload, target: ServiceTarget, k: int) -> bool:
    """Whether ``k`` agents meet every part of ``target`` under Erlang C.

    The answer speed is compared unrounded, as the search does: the reported
    ``timedelta`` is rounded to a microsecond, which matters for ceilings of a few.
    """
    if k <= w.traffic:
        return False
    try:
        r = erlang_c(w, k, answer_within=target.answer_within)
    except UnstableQueueError:  # stable by a hair: a wait beyond any target
        return False
    occupancy = target.max_occupancy
    if occupancy is not None and Fraction(k) * Fraction(repr(occupancy)) < w.exact_traffic():
        return False
    asa = target.max_average_speed_of_answer
    if asa is None:
        return r.service_level >= target.service_level
    handle_s = w.handle_time / dt.timedelta(seconds=1)
    t = target.answer_within / w.handle_time
    asa_s = _erlang.erlang_c(k, w.traffic, t)[2] * handle_s
    return r.service_level >= target.service_level and asa_s <= asa / dt.timedelta(seconds=1)


@settings(max_examples=60)
@given(st.data())
def test_erlang_c_inside_the_limits(data: st.DataObject) -> None:
    w = data.draw(staffing_any_workloads())
    n = data.draw(staffing_agents_near(w.traffic))
    assume(n > w.traffic)
    t = data.draw(staffing_any_answer_times)
    with within(BUDGET_S):
        try:
            r = erlang_c(w, n, answer_within=t)
        except UnstableQueueError:  # a hair above the traffic (tested in test_staffing.py)
            return
    assert all(_probability(v) for v in (r.service_level, r.probability_of_waiting, r.occupancy))
    assert r.average_speed_of_answer >= dt.timedelta(0)


@settings(max_examples=60)
@given(
    staffing_any_workloads(),
    st.data(),
    staffing_any_patience,
    staffing_any_answer_times,
)
def test_erlang_a_inside_the_limits(
    w: Workload, data: st.DataObject, patience: dt.timedelta, t: dt.timedelta
) -> None:
    n = data.draw(staffing_agents_near(w.traffic))
    terms = _erlang.series_terms(n, w.traffic, w.handle_time / patience)
    refused: StaffingLimitError | None = None
    with within(BUDGET_S):
        try:
            a = erlang_a(w, n, patience, answer_within=t)
        except StaffingLimitError as e:
            refused = e
    if refused is not None:  # only beyond the documented limit
        assert terms > MAX_SERIES_TERMS
        assert ("patience", MAX_SERIES_TERMS) == (refused.field, refused.limit)
        return
    assert terms <= MAX_SERIES_TERMS
    shares = (a.service_level, a.virtual_service_level, a.probability_of_waiting)
    assert all(_probability(v) for v in (*shares, a.abandonment, a.occupancy))
    assert a.service_level <= a.virtual_service_level * (1 + SLACK) + 1e-300
    assert a.abandonment <= a.probability_of_waiting * (1 + SLACK)
    assert a.average_speed_of_answer >= dt.timedelta(0) <= a.average_wait


@settings(max_examples=200)
@given(
    log_uniform_floats(1e-6, MAX_TRAFFIC),
    log_uniform_floats(1.0, float(MAX_AGENTS)),
    log_uniform_floats(1e-6, 1e6),
    st.one_of(st.just(0.0), log_uniform_floats(1e-6, 1e6)),
)
def test_erlang_a_sums_no_more_terms_than_its_bound(
    traffic: float, agents: float, r: float, t: float
) -> None:
    # The operation count behind the limit: the series Erlang A sums is never longer
    # than series_terms, the bound the public functions check before calling in.
    n = round(agents)
    bound = _erlang.series_terms(n, traffic, r)
    assume(bound <= MAX_SERIES_TERMS)
    pw, sl, vsl, ab, asa, wait, occupancy, terms = _erlang.erlang_a(n, traffic, r, t)
    assert terms <= bound
    assert all(_probability(v) for v in (pw, sl, vsl, ab, occupancy))
    assert asa >= 0.0 <= wait


@settings(max_examples=40)
@given(staffing_any_workloads(), st.data(), st.floats(1.0, 3.0))
def test_required_agents_inside_the_limits_is_bounded_minimal_and_monotone(
    w: Workload, data: st.DataObject, factor: float
) -> None:
    target = data.draw(staffing_any_targets(w.traffic))
    with within(BUDGET_S):
        req = required_agents(w, target)
    n = req.productive_agents
    assert n <= MAX_AGENTS
    assert _meets_c(w, target, n)
    assert not _meets_c(w, target, n - 1)
    fig = req.figures
    assert all(_probability(v) for v in (fig.service_level, fig.probability_of_waiting))
    more = _more(w, factor)
    occupancy = target.max_occupancy
    assume(occupancy is None or occupancy >= more.traffic / MAX_AGENTS * (1 + 1e-9))
    with within(BUDGET_S):
        assert n <= required_agents(more, target).productive_agents


@settings(max_examples=30)
@given(staffing_any_workloads(), st.data(), staffing_any_patience, st.floats(1.0, 3.0))
def test_required_agents_erlang_a_inside_the_limits(
    w: Workload, data: st.DataObject, patience: dt.timedelta, factor: float
) -> None:
    target = data.draw(staffing_any_targets(w.traffic))
    refused: StaffingLimitError | None = None
    with within(BUDGET_S):
        try:
            req = required_agents_erlang_a(w, patience, target)
        except StaffingLimitError as e:
            refused = e
    if refused is not None:  # callers so patient that a series would be too long
        assert "patience" == refused.field
        return
    n = req.productive_agents
    fig = req.figures
    assert isinstance(fig, ErlangAResult)
    shares = (fig.service_level, fig.virtual_service_level, fig.probability_of_waiting)
    assert all(_probability(v) for v in (*shares, fig.abandonment, fig.occupancy))
    assert fig.service_level >= target.service_level
    if n > 1:
        below = erlang_a(w, n - 1, patience, answer_within=target.answer_within)
        asa = target.max_average_speed_of_answer
        occupancy = target.max_occupancy
        assert (
            below.service_level < target.service_level
            or (occupancy is not None and below.occupancy > occupancy)
            or (asa is not None and below.average_speed_of_answer > asa)
        )
    more = _more(w, factor)
    occupancy = target.max_occupancy
    assume(occupancy is None or occupancy >= more.traffic / MAX_AGENTS * (1 + 1e-9))
    with within(BUDGET_S):
        try:
            bigger = required_agents_erlang_a(more, patience, target)
        except StaffingLimitError:
            return
    assert n <= bigger.productive_agents


@settings(max_examples=4)
@given(st.data())
def test_plans_inside_the_limits_are_bounded(data: st.DataObject) -> None:
    # Distinct float counts, so no interval shares another's search (Hypothesis
    # draws lists of at most 8,192 items: the counts come from a drawn seed). With a
    # patience, the plan's Erlang A work is metered: it returns or is refused, in time.
    length = data.draw(st.one_of(st.just(MAX_INTERVALS), st.integers(1, MAX_INTERVALS)))
    interval = dt.timedelta(minutes=data.draw(st.sampled_from([1, 15, 30, 60])))
    handle = dt.timedelta(minutes=3)
    most = MAX_PLAN_TRAFFIC / length * interval.total_seconds() / handle.total_seconds()
    rng = random.Random(data.draw(st.integers(0, 2**32)))
    calls = [rng.uniform(0.0, min(most, 40.0)) for _ in range(length)]
    forecast = IntervalForecast(pendulum.datetime(2026, 3, 2, tz="UTC"), interval, calls, handle)
    patience = data.draw(st.none() | staffing_any_patience)
    with within(4 * BUDGET_S):  # up to 10,080 requirement searches
        try:
            plan = plan_staffing(forecast, patience=patience)
        except StaffingLimitError as e:
            refused = e
        else:
            refused = None
    if refused is None:
        assert length == len(plan.intervals)
    else:
        assert (patience, "patience") == (refused.value, refused.field)


@settings(max_examples=30)
@given(st.integers(MAX_AGENTS + 1, 10**18))
def test_agent_counts_beyond_the_limit_are_refused(agents: int) -> None:
    with within(BUDGET_S):
        for call in (
            lambda: erlang_c(PEAK, agents),
            lambda: erlang_a(PEAK, agents, dt.timedelta(minutes=2)),
        ):
            with pytest.raises(StaffingLimitError) as e:
                call()
            assert ("agents", agents, MAX_AGENTS) == (e.value.field, e.value.value, e.value.limit)


@settings(max_examples=30)
@given(
    st.one_of(
        log_uniform_floats(MAX_TRAFFIC * (1 + 1e-9), 1e300),
        st.integers(400, 10_000).map(lambda e: 10**e // 7),
    ),
    staffing_any_handle_times,
)
def test_traffic_beyond_the_limit_is_refused(traffic: float, handle: dt.timedelta) -> None:
    hour = dt.timedelta(hours=1)
    calls = traffic * (hour / handle) if isinstance(traffic, float) else traffic
    assume(calls > 0)
    with within(BUDGET_S), pytest.raises(StaffingLimitError) as e:
        Workload(calls, hour, handle)
    assert ("calls", MAX_TRAFFIC) == (e.value.field, e.value.limit)


@settings(max_examples=30)
@given(staffing_any_workloads(), log_uniform_floats(1 + 1e-6, 1e12))
def test_occupancy_ceilings_beyond_the_limit_are_refused(w: Workload, factor: float) -> None:
    occupancy = w.traffic / (MAX_AGENTS * factor)
    assume(0.0 < occupancy <= 1.0)
    target = ServiceTarget(max_occupancy=occupancy)
    with within(BUDGET_S):
        for call in (
            lambda: required_agents(w, target),
            lambda: required_agents_erlang_a(w, dt.timedelta(minutes=2), target),
        ):
            with pytest.raises(StaffingLimitError) as e:
                call()
            assert ("max_occupancy", occupancy) == (e.value.field, e.value.value)


@settings(max_examples=30)
@given(staffing_any_workloads(), st.data())
def test_erlang_a_series_beyond_the_limit_are_refused(w: Workload, data: st.DataObject) -> None:
    # Patience from just beyond the longest the series allows for n agents, n at or
    # below the traffic (the terms grow with the traffic's excess over n).
    n = data.draw(st.integers(1, max(1, math.ceil(w.traffic))))
    handle_s = w.handle_time / dt.timedelta(seconds=1)
    assume(w.traffic / n > 1.01 or w.traffic > 1e4)
    longest = handle_s * MAX_SERIES_TERMS / max(w.traffic - n, 1e-9 * w.traffic)
    factor = data.draw(log_uniform_floats(1.01, 1e6))
    assume(longest * factor < dt.timedelta.max.total_seconds() / 2)
    patience = dt.timedelta(seconds=longest * factor)
    assume(_erlang.series_terms(n, w.traffic, w.handle_time / patience) > MAX_SERIES_TERMS)
    with within(BUDGET_S), pytest.raises(StaffingLimitError) as e:
        erlang_a(w, n, patience)
    assert ("patience", patience, MAX_SERIES_TERMS) == (e.value.field, e.value.value, e.value.limit)


@settings(max_examples=10)
@given(st.integers(MAX_INTERVALS + 1, MAX_INTERVALS + 3000), st.integers(0, 3))
def test_forecasts_beyond_the_limits_are_refused(length: int, bad: int) -> None:
    start = pendulum.datetime(2026, 3, 2, tz="UTC")
    minute, handle = dt.timedelta(minutes=1), dt.timedelta(minutes=3)
    with within(BUDGET_S), pytest.raises(ValidationError) as e:
        IntervalForecast(start, minute, [1.0] * length, handle)
    assert ["calls"] == [p.path for p in e.value.problems]
    calls = [1.0] * 4
    calls[bad] = MAX_TRAFFIC * 2 / 3  # 3 minutes each in one minute: twice the limit
    with within(BUDGET_S), pytest.raises(ValidationError) as e:
        IntervalForecast(start, minute, calls, handle)
    assert [f"calls[{bad}]"] == [p.path for p in e.value.problems]
