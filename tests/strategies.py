"""Hypothesis strategies shared by the test modules, one headed section per part."""

from __future__ import annotations

from hypothesis import strategies as st

import complaintflow as cf

# ---------------------------------------------------------------------------------
# SLA (complaintflow.sla)
# ---------------------------------------------------------------------------------

#: An office calendar with a lunch break and a holiday, without a coverage limit.
SLA_OFFICE = cf.BusinessCalendar.from_dict(
    {
        "timezone": "Asia/Shanghai",
        "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"]},
        "holidays": ["2026-11-11"],
    }
)
#: Monday 2026-11-02 00:00 +08:00 in epoch µs: the start of every generated history.
SLA_T0 = 1_793_548_800_000_000
US_PER_S = 1_000_000
#: Event kinds of the generated policy: start, stop, pause, resume, reset, a second
#: target's stop, and a kind that drives no clock.
SLA_KINDS = ("s", "x", "p", "r", "z", "x2", "n")

sla_durations = st.one_of(
    st.integers(60, 20 * 3600).map(lambda s: cf.Duration.business(seconds=s)),
    st.integers(1, 3).map(cf.Duration.business_days),
    st.integers(3600, 3 * 86400).map(lambda s: cf.Duration.calendar(seconds=s)),
    st.integers(1, 3).map(lambda d: cf.Duration.calendar(days=d)),
)


@st.composite
def sla_policies(draw: st.DrawFn) -> cf.SlaPolicy:
    """A policy with a target on the office calendar and one on real time."""
    main = cf.SlaTarget(
        "main", "SLA-3", draw(sla_durations), SLA_OFFICE,
        start=("s",), stop=("x",), pause=("p",), resume=("r",), reset=("z",),
        escalations=(cf.Escalation(1.0, "notify_supervisor", "FLOW-6"),
                     cf.Escalation(1.5, "escalate", "FLOW-6")),
    )  # fmt: skip
    other = cf.SlaTarget(
        "other", "SLA-7", draw(sla_durations), cf.BusinessCalendar.always_open(),
        start=("s",), stop=("x2",), pause=("p",), resume=("r",), warnings=(0.25,),
    )  # fmt: skip
    return cf.SlaPolicy([main, other], kinds=("n",))


@st.composite
def sla_histories(draw: st.DrawFn, max_events: int = 12) -> list[tuple[str, int]]:
    """Time-ordered ``(kind, at_us)`` events starting with a start, often sharing instants.

    Times are whole minutes over about ten days so that closed hours, the lunch
    break, a weekend and a holiday all occur.
    """
    n = draw(st.integers(0, max_events))
    minutes = sorted(draw(st.lists(st.integers(0, 14 * 24 * 60), min_size=n, max_size=n)))
    if n and draw(st.booleans()):  # make equal timestamps likely
        minutes = [minutes[0] + (m - minutes[0]) // 240 * 240 for m in minutes]
    first = draw(st.integers(0, 3 * 24 * 60))
    kinds = draw(st.lists(st.sampled_from(SLA_KINDS), min_size=n, max_size=n))
    events = [("s", SLA_T0 + first * 60 * US_PER_S)]
    events += [
        (k, SLA_T0 + (first + m) * 60 * US_PER_S) for k, m in zip(kinds, minutes, strict=True)
    ]
    return events
