"""SLA cycles as first-class values: every finished cycle is kept with its verdict.

A reply owed again after each review (FLOW-6, SLA-3) is a target whose start after
the stop opens a new cycle (``new_cycle_on_start``); a reset discards the running
cycle and opens a new one. Either way the finished cycle stays in the status's
``cycles``, like Jira Service Management's completed cycles, so a review answered
twelve days late is not read as "met, cycle 0".
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow._time import from_us, get_timezone
from strategies import SLA_OFFICE, US_PER_S, sla_histories, sla_policies

S = cf.sla.TargetState


def t(text: str) -> dt.datetime:
    """An instant in November 2026, Beijing time: ``t("02T09:00")``."""
    return cf.parse_instant(f"2026-11-{text}+08:00")


def reply_policy(again: bool) -> cf.sla.SlaPolicy:
    target = cf.sla.SlaTarget(
        "reply", "SLA-3", cf.Duration.parse("2 business days"), SLA_OFFICE,
        start=("register", "dissatisfied"), stop=("notify", "review"),
        pause=("await_customer",), resume=("customer_responded",), reset=("reopen",),
        new_cycle_on_start=again,
    )  # fmt: skip
    return cf.sla.SlaPolicy([target])


REVIEW_LATE = [
    cf.Event("register", t("02T09:00")),
    cf.Event("notify", t("03T10:00")),  # met: a day after
    cf.Event("dissatisfied", t("04T10:00")),  # FLOW-6: a review owes a new reply
    cf.Event("review", t("20T10:00")),  # twelve business days later
]


def test_flow6_a_review_answered_late_is_a_breached_second_cycle() -> None:
    s = cf.sla.evaluate(reply_policy(True), REVIEW_LATE, now=t("25T10:00")).status("reply")
    assert (S.BREACHED, 1, 0) == (s.state, s.cycle, s.earlier_breaches)
    assert s.start == t("04T10:00")
    [first] = s.cycles
    assert (0, S.MET, None) == (first.index, first.state, first.reset_us)
    assert (t("02T09:00"), t("03T10:00")) == (first.start, first.stopped_at)
    assert first.deadline == t("04T18:00")
    assert 8.5 * 3600 == first.used.total_seconds()  # Mon 09-12, 13:30-18, Tue 09-10


def test_without_new_cycles_a_start_after_the_stop_changes_nothing() -> None:
    s = cf.sla.evaluate(reply_policy(False), REVIEW_LATE, now=t("25T10:00")).status("reply")
    assert (S.MET, 0, ()) == (s.state, s.cycle, s.cycles)


def test_a_reset_keeps_the_discarded_cycle_with_its_pause() -> None:
    log = [
        cf.Event("register", t("02T09:00")),
        cf.Event("await_customer", t("02T10:00")),
        cf.Event("customer_responded", t("02T11:00")),
        cf.Event("reopen", t("02T12:00")),
    ]
    s = cf.sla.evaluate(reply_policy(False), log, now=t("02T12:00")).status("reply")
    [first] = s.cycles
    assert (None, None, t("02T12:00").timestamp()) == (
        first.state, first.stopped_us, first.reset_us / US_PER_S
    )  # fmt: skip
    assert (2 * 3600, 3600) == (first.used.total_seconds(), first.paused.total_seconds())
    assert first.to_record()["reset"] == "2026-11-02T12:00:00+08:00"


def test_zendesk_next_reply_time_is_a_new_cycle_after_each_customer_message() -> None:
    # Zendesk's "next reply time": every customer message owes a new agent reply.
    target = cf.sla.SlaTarget(
        "next_reply", "SLA-3", cf.Duration.parse("4 business hours"), SLA_OFFICE,
        start=("customer_message",), stop=("agent_reply",), new_cycle_on_start=True,
    )  # fmt: skip
    log = [
        cf.Event("customer_message", t("02T09:00")),
        cf.Event("agent_reply", t("02T10:00")),
        cf.Event("customer_message", t("02T11:00")),
        cf.Event("agent_reply", t("03T11:00")),
        cf.Event("customer_message", t("03T15:00")),
    ]
    s = cf.sla.evaluate(cf.sla.SlaPolicy([target]), log, now=t("03T16:00")).status("next_reply")
    assert [S.MET, S.BREACHED] == [c.state for c in s.cycles]
    assert (S.RUNNING, 2) == (s.state, s.cycle)


def test_new_cycle_on_start_must_be_a_bool() -> None:
    with pytest.raises(cf.ValidationError, match="new_cycle_on_start"):
        attrs.evolve(reply_policy(False).targets[0], new_cycle_on_start="yes")
    with pytest.raises(cf.ValidationError) as info:
        cf.sla.SlaPolicy.from_dict({"targets": [{
            "name": "r", "rule": "SLA-3", "within": "2 business days", "calendar": "24x7",
            "start": ["a"], "stop": ["b"], "new_cycle_on_start": 1}]})  # fmt: skip
    assert ["targets[0].new_cycle_on_start"] == [p.path for p in info.value.problems]


@given(sla_policies(), sla_histories(), st.booleans())
def test_cycles_are_counted_ordered_and_agree_with_the_counters(policy, events, again) -> None:
    main = attrs.evolve(policy.target("main"), new_cycle_on_start=again)
    policy = attrs.evolve(policy, targets=[main, policy.target("other")])
    now = events[-1][1] + 86400 * US_PER_S
    for s in cf.sla.evaluate(policy, events, _at(now)).targets:
        assert len(s.cycles) == s.cycle
        assert sum(c.state is S.BREACHED for c in s.cycles) == s.earlier_breaches
        assert [c.index for c in s.cycles] == list(range(s.cycle))
        ends = [c.stopped_us if c.reset_us is None else c.reset_us for c in s.cycles]
        starts = [c.start_us for c in s.cycles] + ([s.start_us] if s.start_us is not None else [])
        for i, end in enumerate(ends):
            assert end is not None
            assert starts[i] <= end <= starts[i + 1]
        for c in s.cycles:
            assert 0 <= c.used_us
            assert 0 <= c.paused_us
            assert (c.state is S.BREACHED) == (c.breached_us is not None)


def _at(us: int) -> dt.datetime:
    return from_us(us, get_timezone("Asia/Shanghai"))
