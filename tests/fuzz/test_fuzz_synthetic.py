"""Fuzz target of the synthetic ticket generator: arguments at and beyond their edges."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from fuzz_strategies import edge_numbers, instant_inputs, instants, junk
from fuzzing import run
from strategies import synthetic_starts

_CALENDARS = [None, {"default": "24x7"}, {"timezone": "UTC", "hours": {"sat": ["10:00-10:30"]}}]


@given(
    n=st.one_of(st.integers(0, 20), st.integers(-5, 10**12), junk),
    seed=st.one_of(st.integers(), junk),
    start=st.one_of(synthetic_starts, instants, instant_inputs),
    days=st.one_of(st.none(), st.integers(1, 5), st.integers(-2, 10**9), edge_numbers, junk),
    vip_share=st.one_of(st.none(), st.floats(0, 1), edge_numbers, junk),
    calendar=st.sampled_from(_CALENDARS),
    part=st.one_of(
        st.none(),
        st.tuples(st.integers(-2, 40), st.integers(-1, 40)),
        st.tuples(st.integers(), st.integers(min_value=10**5 + 1)),  # beyond the limit
        st.tuples(junk, junk),
        junk,
    ),
)
def test_generate_tickets(
    n: object,
    seed: object,
    start: object,
    days: object,
    vip_share: object,
    calendar: object,
    part: object,
) -> None:
    cal = None if calendar is None else cf.BusinessCalendar.from_dict(calendar)  # type: ignore[arg-type]
    out = run(
        lambda: list(
            itertools.islice(
                cf.synthetic.generate_tickets(
                    n,
                    seed=seed,
                    start=start,
                    days=days,
                    vip_share=vip_share,
                    calendar=cal,  # type: ignore[arg-type]
                    part=part,  # type: ignore[arg-type]
                ),
                5,
            )
        )
    )
    if out.kind == "ok":
        for record in out.value:
            assert isinstance(record["ticket_id"], str)
            for e in record["events"]:
                cf.Event.from_dict(e)
