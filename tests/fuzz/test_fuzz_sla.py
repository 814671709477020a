"""Fuzz targets of the SLA part: the policy parser and the clocks over arbitrary events."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.sla import SlaPolicy
from fuzz_strategies import (
    deep_junk,
    epoch_us,
    instant_inputs,
    instants,
    junk,
    maybe_mutated,
    mutated,
)
from fuzzing import attempt, run
from strategies import SLA_KINDS, SLA_OFFICE, sla_histories

_CALENDAR_DATA = {
    "office": {"timezone": "Asia/Shanghai", "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"]}},
    "hotline": {"default": "24x7"},
}


def _calendars() -> dict[str, cf.BusinessCalendar]:
    """The two calendars the default SLA data names, built afresh (no shared index)."""
    return {k: cf.BusinessCalendar.from_dict(v) for k, v in _CALENDAR_DATA.items()}


_SLA_DATA = cf.sla.default_data()
_WITH_CALENDARS = {**_SLA_DATA, "calendars": _CALENDAR_DATA}


@given(
    st.one_of(maybe_mutated(_SLA_DATA, 4), maybe_mutated(_WITH_CALENDARS, 4)),
    st.booleans(),
)
def test_sla_policy_from_dict(data: object, given_calendars: bool) -> None:
    calendars = _calendars() if given_calendars else None
    out = run(lambda: SlaPolicy.from_dict(data, calendars=calendars))  # type: ignore[arg-type]
    if out.kind == "ok":
        policy = out.value
        now = cf.parse_instant("2026-03-04T10:00:00+08:00")
        run(lambda: cf.sla.evaluate(policy, [], now=now))


def _default_sla() -> SlaPolicy:
    return SlaPolicy.from_dict(_SLA_DATA, calendars=_calendars())


def _test_sla() -> SlaPolicy:
    """The two-target policy of ``tests/strategies.py`` on a fresh office calendar."""
    office = cf.BusinessCalendar.from_dict(SLA_OFFICE.to_dict())
    main = cf.sla.SlaTarget(
        "main",
        "SLA-3",
        cf.Duration.business_days(2),
        office,
        start=("s",),
        stop=("x",),
        pause=("p",),
        resume=("r",),
        reset=("z",),
    )
    other = cf.sla.SlaTarget(
        "other",
        "SLA-7",
        cf.Duration.calendar(days=1),
        cf.calendars.default("24x7"),
        start=("s",),
        stop=("x2",),
        pause=("p",),
        resume=("r",),
        warnings=(0.25,),
        new_cycle_on_start=True,
    )
    return SlaPolicy([main, other], kinds=("n",))


policies = st.sampled_from([_default_sla, _test_sla]).map(lambda build: build())

_DEFAULT_KINDS = sorted(_default_sla().known_kinds())
_names = st.one_of(st.sampled_from([*_DEFAULT_KINDS, *SLA_KINDS]), st.text(max_size=4), junk)
_payloads = st.one_of(
    st.dictionaries(
        st.sampled_from(["channel", "tier", "priority", "category", "x"]),
        st.one_of(st.sampled_from(["phone", "vip", "VIP", "high", ""]), junk),
        max_size=3,
    ),
    st.just({}),
)


@st.composite
def _events(draw: st.DrawFn) -> object:
    """One event as evaluate takes it, or something that is not one."""
    kind = draw(st.sampled_from(["event", "event", "pair", "triple", "junk"]))
    if kind == "event":
        at = draw(instants)
        payload = draw(_payloads)
        name = draw(_names)
        return attempt(lambda: cf.Event(name, at, payload)) or (name, at)
    if kind == "pair":
        return (draw(_names), draw(st.one_of(epoch_us, instant_inputs)))
    if kind == "triple":
        return (draw(_names), draw(epoch_us), draw(st.one_of(_payloads, junk)))
    return draw(deep_junk)


def _when(ev: object) -> int:
    if isinstance(ev, cf.Event):
        return ev._at_us
    if isinstance(ev, tuple) and len(ev) > 1:
        at = ev[1]
        if isinstance(at, int):
            return at
        if isinstance(at, dt.datetime) and at.utcoffset() is not None:
            return (at - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
    return 0


@st.composite
def event_logs(draw: st.DrawFn) -> list[object]:
    """Arbitrary logs; half of them in time order, so the clocks run rather than refuse."""
    events = draw(st.lists(_events(), max_size=8))
    if draw(st.booleans()):
        events.sort(key=_when)
    return events


_NOW = st.one_of(instants, instant_inputs)
_attributes = st.one_of(st.none(), _payloads, junk)


@given(policies, event_logs(), _NOW, st.one_of(st.none(), junk), _attributes)
def test_sla_evaluate(
    policy: SlaPolicy, events: list[object], now: object, ticket: object, attributes: object
) -> None:
    out = run(
        lambda: cf.sla.evaluate(policy, events, now, ticket=ticket, attributes=attributes)  # type: ignore[arg-type]
    )
    if out.kind == "ok":
        report = out.value
        run(lambda: report.records())
        run(lambda: [s.deadline for s in report.targets])
        run(lambda: report.next_check_at)


@given(
    policies,
    st.lists(st.tuples(st.one_of(st.text(max_size=3), junk), event_logs()), max_size=3),
    _NOW,
)
def test_sla_evaluate_many(policy: SlaPolicy, tickets: list[object], now: object) -> None:
    run(lambda: list(cf.sla.evaluate_many(policy, tickets, now)))  # type: ignore[arg-type]


@given(sla_histories().flatmap(lambda h: mutated(h, 2)), _NOW)
def test_sla_evaluate_bent_histories(history: list[object], now: object) -> None:
    """Valid ``(kind, at_us)`` histories with a few values bent."""
    policy = _test_sla()
    run(lambda: cf.sla.evaluate(policy, history, now))  # type: ignore[arg-type]
