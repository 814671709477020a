"""Fuzz targets of the staffing part: the Erlang formulas and the interval planner."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from complaintflow import staffing
from complaintflow.staffing import IntervalForecast, Rounding, ServiceTarget, Workload
from fuzz_strategies import edge_numbers, instant_inputs, instants, junk
from fuzzing import attempt, run

#: Durations from a microsecond to ``timedelta.max``, and things that are not one.
timedeltas = st.one_of(
    st.integers(1, 3600).map(lambda s: dt.timedelta(seconds=s)),
    st.timedeltas(min_value=dt.timedelta(0)),
    st.sampled_from(
        [dt.timedelta(0), dt.timedelta(microseconds=1), dt.timedelta.max, dt.timedelta(days=-1)]
    ),
    junk,
)
_calls = st.one_of(st.floats(0.01, 500), st.integers(1, 500), edge_numbers, junk)
_shares = st.one_of(st.floats(0.01, 0.99), edge_numbers, junk)


@st.composite
def workloads(draw: st.DrawFn) -> object:
    """A workload of any size the constructor accepts, or the stand-in of a refused one."""
    calls, interval, handle = draw(_calls), draw(timedeltas), draw(timedeltas)
    built = attempt(lambda: Workload(calls, interval, handle))  # type: ignore[arg-type]
    if built is not None:
        return built
    return draw(
        st.one_of(junk, st.just(Workload(110, dt.timedelta(hours=1), dt.timedelta(seconds=180))))
    )


@st.composite
def targets(draw: st.DrawFn) -> object:
    def build() -> ServiceTarget:
        return ServiceTarget(
            service_level=draw(_shares),
            answer_within=draw(timedeltas),
            max_occupancy=draw(st.one_of(st.none(), _shares)),
            max_average_speed_of_answer=draw(st.one_of(st.none(), timedeltas)),
            shrinkage=draw(st.one_of(st.sampled_from([0.0, 0.3]), _shares)),
            rounding=draw(st.one_of(st.sampled_from(list(Rounding)), junk)),
        )

    built = attempt(build)
    return built if built is not None else draw(st.one_of(st.none(), junk))


_agents = st.one_of(st.integers(1, 200), st.integers(-2, 10**7), edge_numbers, junk)


@given(
    _calls,
    timedeltas,
    timedeltas,
    _shares,
    timedeltas,
    st.one_of(st.none(), _shares),
    st.one_of(st.none(), timedeltas),
    _shares,
    st.one_of(st.sampled_from(list(Rounding)), junk),
)
def test_staffing_values(
    calls: object,
    interval: object,
    handle: object,
    level: object,
    within: object,
    occupancy: object,
    asa: object,
    shrinkage: object,
    rounding: object,
) -> None:
    """The value constructors refuse bad parts with library errors."""
    out = run(lambda: Workload(calls, interval, handle))  # type: ignore[arg-type]
    if out.kind == "ok":
        run(lambda: out.value.exact_traffic())
    run(lambda: ServiceTarget(level, within, occupancy, asa, shrinkage, rounding))  # type: ignore[arg-type]


@given(workloads(), _agents, timedeltas)
def test_erlang_c(workload: object, agents: object, answer_within: object) -> None:
    out = run(lambda: staffing.erlang_c(workload, agents, answer_within=answer_within))  # type: ignore[arg-type]
    if out.kind == "ok":
        r = out.value
        assert 0.0 <= r.service_level <= 1.0 or math.isnan(r.service_level)
        assert 0.0 <= r.probability_of_waiting <= 1.0


@given(workloads(), _agents, timedeltas, timedeltas)
def test_erlang_a(workload: object, agents: object, patience: object, within: object) -> None:
    out = run(lambda: staffing.erlang_a(workload, agents, patience, answer_within=within))  # type: ignore[arg-type]
    if out.kind == "ok":
        r = out.value
        for share in (r.service_level, r.abandonment, r.probability_of_waiting):
            assert -1e-9 <= share <= 1.0 + 1e-9, r


@given(workloads(), targets())
def test_required_agents(workload: object, target: object) -> None:
    out = run(lambda: staffing.required_agents(workload, target))  # type: ignore[arg-type]
    if out.kind == "ok":
        req = out.value
        assert req.productive_agents >= 1
        assert req.productive_agents - 1 < req.fractional_agents <= req.productive_agents + 1e-9


@given(workloads(), timedeltas, targets())
def test_required_agents_erlang_a(workload: object, patience: object, target: object) -> None:
    run(lambda: staffing.required_agents_erlang_a(workload, patience, target))  # type: ignore[arg-type]


@given(
    st.one_of(instants, instant_inputs),
    timedeltas,
    st.one_of(st.lists(_calls, max_size=6), junk),
    timedeltas,
    targets(),
    st.one_of(st.integers(-1, 3), junk),
    st.one_of(st.none(), timedeltas),
)
def test_plan_staffing(
    start: object,
    interval: object,
    calls: object,
    handle: object,
    target: object,
    minimum: object,
    patience: object,
) -> None:
    forecast = run(lambda: IntervalForecast(start, interval, calls, handle))  # type: ignore[arg-type]
    if forecast.kind != "ok":
        return
    out = run(
        lambda: staffing.plan_staffing(
            forecast.value,
            target,
            minimum_agents=minimum,  # type: ignore[arg-type]
            patience=patience,
        )
    )  # type: ignore[arg-type]
    if out.kind == "ok":
        plan = out.value
        assert len(plan.intervals) == len(forecast.value.calls)
        run(lambda: [(i.start, i.end) for i in plan.intervals])
