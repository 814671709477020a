"""Replay is a faithful time machine: at a past ``now`` it shows what a live desk saw.

A live desk applies each event with :func:`~complaintflow.workflows.transition` as it
comes (refusing what its guards refuse) and asks :func:`~complaintflow.sla.evaluate`
for the clocks at ``now``. Replaying the whole record (events, follow-ups and opt-outs
made after ``now`` included) at ``now`` must give exactly that: the same state, the
same refusals and the same SLA report. Random generated tickets, random instants.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.errors import WorkflowError
from complaintflow.workflows import Event, start, transition

POLICY = cf.default_policy()
#: The what-if example's variant: a two-day window and return visit, a one-day reply.
VARIANT = POLICY.with_(
    {
        "followup.window.within": "2 calendar days",
        "sla.targets[return_visit].within": "2 calendar days",
        "sla.targets[reply].within": "1 business day",
    }
)
#: Conditional triggers and cancels: a notice stops the reply clock only when public
#: (generated notices carry no such flag, so none does), a quality finding cancels it,
#: and a reassignment cancels the investigation.
FEATURED = POLICY.with_(
    {
        "sla.targets[reply].stop": [
            "reject", "review", "conclude",
            {"kind": "notify", "when": {"event": "public", "eq": True}},
        ],
        "sla.targets[reply].cancel": [
            {"kind": "investigate", "when": {"event": "problem_kind", "eq": "quality"}}
        ],
        "sla.targets[investigation].cancel": ["reassign"],
    }
)  # fmt: skip
START = cf.parse_instant("2026-03-02T00:00:00+08:00")
FIELDS = POLICY.replay.fields


def live_desk(
    record: dict[str, Any], now: dt.datetime, policy: cf.Policy
) -> tuple[str, list[tuple[str, str]], Any]:
    """The state, the refusals ``(event, rule)`` and the SLA report a live system
    held at ``now``: each event applied as it came, nothing after ``now`` seen."""
    wf = policy.workflows[record["workflow"]]
    snap = start(wf, record["ticket_id"])
    seen: list[Event] = []
    refused: list[tuple[str, str]] = []
    for raw in record["events"]:
        event = Event.from_dict(raw)
        if event.at > now:
            break  # generated logs are in time order: the rest came later
        seen.append(event)
        try:
            snap, _ = transition(wf, snap, event)
        except WorkflowError as e:
            refused.append((event.name, e.rule or "FLOW"))
    attributes = {k: record[k] for k in FIELDS if isinstance(record.get(k), str)}
    report = cf.sla.evaluate(
        policy.sla, seen, now, ticket=record["ticket_id"], attributes=attributes
    )
    return snap.state, refused, report


@settings(max_examples=40, deadline=None)
@given(
    st.integers(0, 2**32 - 1),
    st.integers(1, 40),
    st.integers(0, 16 * 24 * 60),
    st.booleans(),
    st.sampled_from([POLICY, VARIANT, FEATURED]),
)
def test_replay_at_a_random_past_now_equals_the_live_fold_up_to_then(
    seed: int, n: int, minutes: int, late: bool, policy: cf.Policy
) -> None:
    profile = (
        cf.synthetic.SyntheticProfile(p_late_visit=1.0, p_invalid=0.3, p_dissatisfied=0.5)
        if late
        else None
    )
    records = list(
        cf.synthetic.generate_tickets(n, seed=seed, start=START, days=10, profile=profile)
    )
    now = START.add(minutes=minutes)
    for record, outcome in zip(
        records, cf.policy.replay_tickets(records, policy, now=now), strict=True
    ):
        assert outcome.error is None, outcome.error
        state, refused, report = live_desk(record, now, policy)
        assert state == outcome.state
        assert refused == [(v.event, v.rule) for v in outcome.violations if v.kind == "workflow"]
        assert report == outcome.sla
        assert report.next_check_at == outcome.sla.next_check_at


def observable(status: cf.sla.TargetStatus) -> tuple[object, ...]:
    """What a host acts on: must not change between ``now`` and ``next_check_at``."""
    return (status.state, status.warnings_us, status.breached_us, status.effects, status.cycle)


#: Complaints only, a third disputed or reviewed, some linked to incidents: clocks run.
COMPLAINTS = cf.synthetic.SyntheticProfile(
    workflows={"complaint": 1.0}, p_invalid=0.3, p_dissatisfied=0.4, p_link_incident=0.5
)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**32 - 1), st.integers(0, 6 * 24 * 60), st.data())
def test_next_check_at_is_exact_on_generated_tickets_under_the_default_policy(
    seed: int, minutes: int, data: st.DataObject
) -> None:
    """Nothing a host acts on changes strictly before ``next_check_at``; something
    changes at it (pauses for the customer and for incidents, review cycles, reopens
    and every default target included)."""
    [record] = cf.synthetic.generate_tickets(1, seed=seed, start=START, days=10, profile=COMPLAINTS)
    events = [Event.from_dict(e) for e in record["events"]]
    now = events[0].at + dt.timedelta(minutes=minutes)
    seen = [e for e in events if e.at <= now]
    attributes = {k: record[k] for k in FIELDS if isinstance(record.get(k), str)}

    def at(when: dt.datetime) -> list[tuple[object, ...]]:
        report = cf.sla.evaluate(POLICY.sla, seen, when, attributes=attributes)
        return [observable(s) for s in report.targets]

    report = cf.sla.evaluate(POLICY.sla, seen, now, attributes=attributes)
    nxt = report.next_check_at
    if nxt is None:
        return
    assert nxt > now
    span = int((nxt - now).total_seconds() * 1_000_000)
    if span > 1:
        between = now + dt.timedelta(microseconds=data.draw(st.integers(1, span - 1)))
        assert at(now) == at(between)
    assert at(now) != at(nxt)
