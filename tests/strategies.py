"""Hypothesis strategies shared by the test modules, one section per part."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

# ---------------------------------------------------------------------------------
# Staffing (complaintflow.staffing)
# ---------------------------------------------------------------------------------
from complaintflow.staffing import Rounding, ServiceTarget, Workload

#: Interval lengths planners use.
STAFFING_INTERVALS = (dt.timedelta(minutes=15), dt.timedelta(minutes=30), dt.timedelta(hours=1))


@st.composite
def staffing_workloads(draw: st.DrawFn, max_traffic: float = 400.0) -> Workload:
    """A workload of at most ``max_traffic`` Erlangs: calls, interval, handle time."""
    interval = draw(st.sampled_from(STAFFING_INTERVALS))
    handle = dt.timedelta(seconds=draw(st.integers(min_value=20, max_value=1800)))
    max_calls = max_traffic * interval / handle
    calls = draw(
        st.one_of(
            st.integers(min_value=1, max_value=max(1, int(max_calls))),
            st.floats(min_value=0.05, max_value=max(0.05, max_calls)),
        )
    )
    return Workload(calls, interval, handle)


#: Answer-time targets from "no wait" to two minutes, at whole seconds.
staffing_answer_times = st.integers(min_value=0, max_value=120).map(
    lambda s: dt.timedelta(seconds=s)
)

#: Mean caller patience from 5 seconds to an hour.
staffing_patience = st.integers(min_value=5, max_value=3600).map(lambda s: dt.timedelta(seconds=s))

#: Target service levels strictly between 0 and 1.
staffing_levels = st.floats(min_value=0.05, max_value=0.99)


@st.composite
def staffing_targets(draw: st.DrawFn) -> ServiceTarget:
    """A service target with optional occupancy and answer-speed ceilings and shrinkage."""
    asa = draw(st.none() | st.integers(min_value=1, max_value=300))
    return ServiceTarget(
        service_level=draw(staffing_levels),
        answer_within=draw(staffing_answer_times),
        max_occupancy=draw(st.none() | st.floats(min_value=0.5, max_value=1.0)),
        max_average_speed_of_answer=None if asa is None else dt.timedelta(seconds=asa),
        shrinkage=draw(st.sampled_from([0.0, 0.1, 0.25, 0.3, 0.35, 0.5])),
        rounding=draw(st.sampled_from(Rounding)),
    )
