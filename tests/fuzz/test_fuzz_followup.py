"""Fuzz targets of the follow-up part: the policy parser, the gate and the planner."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow import followup
from complaintflow.followup import (
    Agent,
    Appointment,
    Attempt,
    Channel,
    Customer,
    DueFollowup,
    FollowupPolicy,
    OptOut,
    Outcome,
    Purpose,
)
from fuzz_strategies import instant_inputs, instants, junk, maybe_mutated
from fuzzing import attempt, run
from strategies import FOLLOWUP_ZONES, followup_policies, followup_questions

_DATA = followup.default_data()


@given(maybe_mutated(_DATA, 4))
def test_followup_policy_from_dict(data: object) -> None:
    out = run(lambda: FollowupPolicy.from_dict(data))  # type: ignore[arg-type]
    if out.kind == "ok":
        policy = out.value
        c = Customer("c1", "Asia/Shanghai", phones=["1"])
        at = cf.parse_instant("2026-05-02T12:30:00+08:00")
        run(lambda: followup.decide(policy, c, Purpose.SERVICE, at, triggered_at=at))
        run(lambda: followup.next_allowed(policy, c, Purpose.MARKETING, at))


def _policy_or_default(data: object) -> FollowupPolicy:
    try:
        return FollowupPolicy.from_dict(data)  # type: ignore[arg-type]
    except cf.ComplaintflowError:
        return followup.default()


#: Policies: the default, small random ones, and bent ones that still parse.
policies = st.one_of(
    st.builds(followup.default),
    followup_policies(),
    maybe_mutated(_DATA, 2).map(_policy_or_default),
    st.integers(1, 10**9).map(lambda n: FollowupPolicy.from_dict({**_DATA, "horizon_days": n})),
)

_enum_like = st.one_of(
    st.sampled_from(list(Purpose)),
    st.sampled_from(list(Channel)),
    st.sampled_from(["service", "marketing", "phone", "sms", "x"]),
    junk,
)
_numbers = st.one_of(
    st.lists(st.sampled_from(["p1", "p2", "13800000000"]), max_size=2),
    st.lists(junk, max_size=2),
    junk,
)


@st.composite
def _customers(draw: st.DrawFn) -> object:
    """A customer built from bent parts, or the library's refusal's stand-in."""
    zone = draw(st.one_of(st.sampled_from([*FOLLOWUP_ZONES, "Asia/Kolkata", "UTC"]), junk))
    opt_outs = draw(
        st.lists(
            st.builds(lambda at, c, p: (at, c, p), instant_inputs, _enum_like, _enum_like),
            max_size=2,
        )
    )
    appointments = draw(st.lists(st.tuples(instant_inputs, instant_inputs), max_size=2))

    def build() -> Customer:
        return Customer(
            draw(st.one_of(st.just("c1"), junk)),
            zone,  # type: ignore[arg-type]
            vip=draw(st.one_of(st.booleans(), junk)),
            phones=draw(_numbers),
            sms=draw(_numbers),
            opt_outs=[OptOut(at, c, p) for at, c, p in opt_outs],  # type: ignore[arg-type]
            appointments=[Appointment(a, b) for a, b in appointments],  # type: ignore[arg-type]
        )

    built = attempt(build)
    return (
        built
        if built is not None
        else draw(
            st.one_of(junk, st.just(Customer("c1", "Asia/Shanghai", phones=["p1"], sms=["p1"])))
        )
    )


@st.composite
def _histories(draw: st.DrawFn) -> object:
    def build() -> list[Attempt]:
        return [
            Attempt(at, channel, number, outcome)  # type: ignore[arg-type]
            for at, channel, number, outcome in draw(
                st.lists(
                    st.tuples(
                        instant_inputs,
                        st.one_of(st.sampled_from(list(Channel)), junk),
                        st.one_of(st.none(), st.sampled_from(["p1", "p2"]), junk),
                        st.one_of(st.sampled_from(list(Outcome)), junk),
                    ),
                    max_size=3,
                )
            )
        ]

    built = attempt(build)
    return built if built is not None else draw(st.one_of(st.just([]), junk))


_questions = st.tuples(
    policies,
    _customers(),
    _enum_like,
    st.one_of(instants, instant_inputs),
    _histories(),
    st.one_of(st.none(), instant_inputs),
    st.one_of(st.none(), _enum_like),
    st.one_of(st.none(), st.sampled_from(["p1", "p2", "zz"]), junk),
)


@given(_questions)
def test_followup_decide(q: tuple[object, ...]) -> None:
    policy, customer, purpose, at, history, trigger, channel, number = q
    out = run(
        lambda: followup.decide(
            policy,
            customer,
            purpose,
            at,
            history,  # type: ignore[arg-type]
            triggered_at=trigger,
            channel=channel,
            number=number,
        )
    )  # type: ignore[arg-type]
    if out.kind == "ok":
        d = out.value
        if d.allowed:
            assert d.retry_at == at  # an allowed contact's retry instant is the instant asked
            assert not d.refusals
        else:
            assert d.refusals


@given(_questions, st.one_of(st.none(), instant_inputs))
def test_followup_next_allowed(q: tuple[object, ...], until: object) -> None:
    policy, customer, purpose, at, history, trigger, channel, number = q
    out = run(
        lambda: followup.next_allowed(
            policy,
            customer,
            purpose,
            at,
            history,  # type: ignore[arg-type]
            triggered_at=trigger,
            channel=channel,  # type: ignore[arg-type]
            number=number,
            until=until,
        )
    )  # type: ignore[arg-type]
    if out.kind == "ok" and out.value.at is not None and isinstance(at, dt.datetime):
        assert out.value.at >= at


@given(followup_policies(), followup_questions())
def test_followup_decide_valid_questions(policy: FollowupPolicy, q: tuple[object, ...]) -> None:
    """Valid questions near DST changes: the gate answers, and a retry is itself allowed."""
    customer, purpose, at, history, trigger = q
    out = run(lambda: followup.decide(policy, customer, purpose, at, history, triggered_at=trigger))  # type: ignore[arg-type]
    if out.kind == "ok" and out.value.retry_at is not None:
        again = run(
            lambda: followup.decide(
                policy,
                customer,
                purpose,
                out.value.retry_at,  # type: ignore[arg-type]
                history,
                triggered_at=trigger,
            )
        )  # type: ignore[arg-type]
        if again.kind == "ok":
            assert again.value.allowed, (out.value, again.value)


_SHIFT = {"timezone": "Asia/Shanghai", "hours": {"daily": ["09:00-17:00"]}}


@st.composite
def _agents(draw: st.DrawFn) -> object:
    def build() -> Agent:
        return Agent(
            draw(st.one_of(st.sampled_from(["a1", "a2"]), junk)),
            cf.BusinessCalendar.from_dict(_SHIFT) if draw(st.integers(0, 5)) else draw(junk),
            draw(st.one_of(st.just(frozenset()), st.just(["a"]), junk)),
            draw(st.one_of(st.integers(1, 3), st.integers(-1, 10**6), junk)),
            draw(st.one_of(st.integers(0, 2), junk)),
        )

    built = attempt(build)
    return built if built is not None else draw(junk)


@st.composite
def _due(draw: st.DrawFn) -> object:
    customer = draw(_customers())

    def build() -> DueFollowup:
        return DueFollowup(
            draw(st.one_of(st.sampled_from(["k1", "k2", "k3"]), junk)),
            customer,  # type: ignore[arg-type]
            draw(st.one_of(instants, instant_inputs)),
            draw(_enum_like),
            draw(st.one_of(st.none(), st.just("a"), junk)),
            draw(_histories()),
        )

    built = attempt(build)
    return built if built is not None else draw(junk)


@given(
    policies,
    st.lists(_due(), max_size=4),
    st.lists(_agents(), max_size=3),
    st.one_of(instants, instant_inputs),
    st.one_of(instants, instant_inputs),
    st.one_of(st.booleans(), junk),
)
def test_followup_plan(
    policy: FollowupPolicy,
    due: list[object],
    agents: list[object],
    start: object,
    end: object,
    late_ok: object,
) -> None:
    out = run(lambda: followup.plan(policy, due, agents, start=start, end=end, late_ok=late_ok))  # type: ignore[arg-type]
    if out.kind == "ok":
        p = out.value
        assert len(p.assignments) + len(p.unplanned) == len(due)


@given(
    instant_inputs,
    instant_inputs,
    _enum_like,
    _enum_like,
    st.one_of(st.text(max_size=3), junk),
    st.one_of(st.sampled_from(FOLLOWUP_ZONES), junk),
    _numbers,
    st.one_of(st.booleans(), junk),
)
def test_followup_values(
    a: object,
    b: object,
    e1: object,
    e2: object,
    text: object,
    zone: object,
    numbers: object,
    flag: object,
) -> None:
    """The value constructors refuse bad parts with library errors."""
    run(lambda: OptOut(a, e1, e2))  # type: ignore[arg-type]
    run(lambda: Appointment(a, b, e1))  # type: ignore[arg-type]
    run(lambda: Attempt(a, e1, text, e2))  # type: ignore[arg-type]
    run(lambda: Customer(text, zone, flag, numbers, numbers))  # type: ignore[arg-type]
    shift = cf.BusinessCalendar.from_dict(_SHIFT)
    run(lambda: Agent(text, shift, numbers, e1, e2))  # type: ignore[arg-type]
    c = Customer("c1", "Asia/Shanghai")
    run(lambda: DueFollowup(text, c, a, e1, text, numbers))  # type: ignore[arg-type]
