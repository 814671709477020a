"""Fuzz targets of policies and replay: parsers, and ticket records a broken export makes.

Replay's promise is the strongest of the library: a bad ticket record fails *alone*.
So besides "returns or raises a library error", the replay targets check that every
record yields one outcome, that the good records beside a bad one come out exactly
as they do on their own, and that the counted report agrees with the outcomes.
"""

from __future__ import annotations

import copy

from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.policy import Policy
from fuzz_strategies import (
    deep_junk,
    instant_inputs,
    instants,
    iso_texts,
    junk,
    maybe_mutated,
    mutated,
)
from fuzzing import run

_POLICY = cf.default_policy()
_POLICY_DATA = _POLICY.to_dict()
_START = cf.parse_instant("2026-03-02T00:00:00+08:00")
_NOW = _START.add(days=3)
#: A few realistic records; each example bends copies of them.
_RECORDS = list(cf.synthetic.generate_tickets(6, seed=11, start=_START, days=2))
_ALONE = {r["ticket_id"]: next(cf.policy.replay_tickets([r], _POLICY, now=_NOW)) for r in _RECORDS}


@given(maybe_mutated(_POLICY_DATA, 4))
def test_policy_from_dict(data: object) -> None:
    out = run(lambda: Policy.from_dict(data))  # type: ignore[arg-type]
    if out.kind == "ok":
        policy = out.value
        assert policy == Policy.from_dict(policy.to_dict())
        run(lambda: policy.diff(_POLICY))


_TOML_PIECES = [
    "format = 1\n",
    "format = 2\n",
    'name = "x"\n',
    "[sla]\n",
    "[[sla.targets]]\n",
    'name = "reply"\n',
    'within = "2 business days"\n',
    'within = "2 dayz"\n',
    'calendar = "office"\n',
    'start = ["register"]\n',
    'stop = ["notify"]\n',
    "[followup.window]\n",
    'within = "2 calendar days"\n',
    "[calendars.office]\n",
    'timezone = "Asia/Shanghai"\n',
    'hours = { mon-fri = ["09:00-18:00"] }\n',
    "horizon_days = 99999999999\n",
    "[followup]\n",
    "x = \n",
    "[[\n",
    "a.b.c = 1\n",
    "holidays = [1979-05-27]\n",
    "t = 1979-05-27T07:32:00-08:00\n",
    "n = nan\n",
    "i = inf\n",
]


@given(
    st.one_of(
        st.lists(st.sampled_from(_TOML_PIECES), max_size=10).map("".join),
        st.text(max_size=40),
        junk,
    )
)
def test_policy_from_toml(text: object) -> None:
    run(lambda: Policy.from_toml(text))  # type: ignore[arg-type]


@st.composite
def bent_records(draw: st.DrawFn) -> object:
    """A copy of a realistic record with junk spliced in, or extreme times, or junk."""
    record = copy.deepcopy(draw(st.sampled_from(_RECORDS)))
    kind = draw(st.sampled_from(["mutate", "mutate", "times", "junk"]))
    if kind == "junk":
        return draw(deep_junk)
    if kind == "times":
        for e in record["events"]:
            if draw(st.booleans()):
                e["at"] = draw(st.one_of(iso_texts, instants.map(lambda d: d.isoformat())))
        for f in record["followups"]:
            if draw(st.booleans()):
                f["at"] = draw(st.one_of(iso_texts, instants.map(lambda d: d.isoformat())))
        return record
    return draw(mutated(record, 3))


@given(st.lists(bent_records(), max_size=3), st.randoms(use_true_random=False))
def test_replay_tickets_bad_records_fail_alone(bad: list[object], random: object) -> None:
    records = [copy.deepcopy(r) for r in _RECORDS[:3]] + bad
    random.shuffle(records)  # type: ignore[attr-defined]
    out = run(lambda: list(cf.policy.replay_tickets(records, _POLICY, now=_NOW)))
    if out.kind != "ok":
        return
    outcomes = out.value
    assert len(records) == len(outcomes)
    for record, outcome in zip(records, outcomes, strict=True):
        if record in _RECORDS:
            assert _ALONE[record["ticket_id"]] == outcome  # type: ignore[index]


@given(st.lists(bent_records(), max_size=3), st.one_of(instants, instant_inputs))
def test_replay(bad: list[object], now: object) -> None:
    records = [copy.deepcopy(r) for r in _RECORDS[:2]] + bad
    out = run(lambda: cf.policy.replay(records, _POLICY, now=now))  # type: ignore[arg-type]
    if out.kind == "ok":
        report = out.value
        assert len(records) == report.tickets
        run(lambda: (report.sla_records(), report.violation_records(), report.summary()))


_B = _POLICY.with_({"sla.targets[reply].within": "1 business day"})


@given(st.lists(bent_records(), max_size=3), st.one_of(instants, instant_inputs))
def test_compare(bad: list[object], now: object) -> None:
    records = [copy.deepcopy(r) for r in _RECORDS[:2]] + bad
    run(lambda: cf.policy.compare(records, _POLICY, _B, now=now))  # type: ignore[arg-type]


@given(
    st.one_of(
        st.dictionaries(
            st.sampled_from(
                ["sla.targets[reply].within", "name", "followup.horizon_days", "x.y", ""]
            ),
            junk,
            max_size=2,
        ),
        junk,
    )
)
def test_policy_with(changes: object) -> None:
    run(lambda: _POLICY.with_(changes))  # type: ignore[arg-type]


@given(st.one_of(junk, st.just(_RECORDS[:1])), st.one_of(junk, st.just(_POLICY)))
def test_replay_entry_points_check_their_arguments(tickets: object, policy: object) -> None:
    """A ``tickets`` that is no iterable, or a policy that is no Policy, is refused
    with a typed error naming it, by every entry point alike."""
    calls = {
        "replay": lambda: cf.policy.replay(tickets, policy, now=_NOW),  # type: ignore[arg-type]
        "replay_tickets": lambda: list(cf.policy.replay_tickets(tickets, policy, now=_NOW)),  # type: ignore[arg-type]
        "compare": lambda: cf.policy.compare(tickets, policy, _B, now=_NOW),  # type: ignore[arg-type]
        "compare-b": lambda: cf.policy.compare(tickets, _POLICY, policy, now=_NOW),  # type: ignore[arg-type]
        "statistics": lambda: cf.policy.statistics(tickets, policy, now=_NOW),  # type: ignore[arg-type]
    }
    for call in calls.values():
        run(call)
