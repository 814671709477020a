"""Replay of SLA policies with conditional triggers, cancels and retroactive starts.

Replay reads each event's payload when the policy's clocks do, so its verdicts are
`sla.evaluate`'s over the same events as `Event` values, and its counts are those of
`SlaTally` over those reports. Generated tickets, with payload fields written into
their events at random (a ``public`` flag and ``minutes`` on notices, re-priorities
on any event after the first), random instants.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.policy._report import report_of
from complaintflow.workflows import Event

POLICY = cf.default_policy()
START = cf.parse_instant("2026-03-02T00:00:00+08:00")
FIELDS = POLICY.replay.fields
BY = POLICY.replay.segment_by
REPLY_STOPS = ["reject", "review", "conclude"]


def policy_with(**targets: dict[str, Any]) -> cf.Policy:
    """The default policy with SLA targets changed (a name) or added (a new name)."""
    data = POLICY.to_dict()
    have = {t["name"]: t for t in data["sla"]["targets"]}
    for name, changes in targets.items():
        if name in have:
            have[name].update(changes)
        else:
            data["sla"]["targets"].append({"name": name, **changes})
    return cf.Policy.from_dict(data)


#: Only a public notice stops the reply clock (SLA-3).
PUBLIC_ONLY = policy_with(
    reply={"stop": [*REPLY_STOPS, {"kind": "notify", "when": {"event": "public", "eq": True}}]}
)
#: A notice stops it when it came within half an hour, or is public (a numeric test first).
QUICK_OR_PUBLIC = policy_with(
    reply={
        "stop": [
            *REPLY_STOPS,
            {
                "kind": "notify",
                "when": {"any": [{"event": "minutes", "le": 30}, {"event": "public", "eq": True}]},
            },
        ]
    }
)
#: A reassignment cancels the reply and the investigation; so does a quality finding.
CANCELS = policy_with(
    reply={
        "cancel": [
            "reassign",
            {"kind": "investigate", "when": {"event": "problem_kind", "eq": "quality"}},
        ]
    },
    investigation={"cancel": ["reassign"]},
)
#: A plain cancel: the events go as (kind, at_us) pairs, no payload read.
PLAIN_CANCEL = policy_with(reply={"cancel": ["reassign", "link_incident"]})
URGENT = {
    "rule": "SLA-8", "within": "4 business hours", "calendar": "office",
    "start": ["register"], "stop": ["notify", "reject"], "when": {"priority": ["urgent"]},
}  # fmt: skip
#: An urgent reply target that counts from the registration when a ticket turns urgent.
RETRO = policy_with(urgent_reply={**URGENT, "retroactive_start": "register"})
#: The same target without the retroactive start (no conditions either: replay reads
#: the record's attributes and no payload, the fast path).
PLAIN_URGENT = policy_with(urgent_reply=URGENT)
#: Everything at once, conditions on payload fields and ticket attributes included.
ALL = policy_with(
    reply={
        "stop": [*REPLY_STOPS, {"kind": "notify", "when": {"event": "public", "eq": True}}],
        "cancel": ["reassign"],
    },
    urgent_reply={
        **URGENT,
        "retroactive_start": {"kind": "register", "when": {"ticket": "tier", "in": ["VIP"]}},
    },
)
FEATURED = [PUBLIC_ONLY, QUICK_OR_PUBLIC, CANCELS, PLAIN_CANCEL, RETRO, ALL]
#: Policies whose clocks read no payload field: their tickets take the payload path
#: only when a payload changes an attribute they read (a re-prioritised complaint).
PLAIN = [POLICY, PLAIN_URGENT]
#: Complaints mostly, a third reassigned: notices, reassignments and investigations.
PROFILE = cf.synthetic.SyntheticProfile(
    workflows={"complaint": 0.8, "inquiry": 0.2}, p_reassign=0.3, p_invalid=0.2
)


def make_records(seed: int, n: int, salt: int, numbers: bool = True) -> list[dict[str, Any]]:
    """Generated tickets with payload fields a condition reads written into some
    events (chosen by a generator seeded with ``salt``)."""
    r = random.Random(salt)
    out = list(cf.synthetic.generate_tickets(n, seed=seed, start=START, days=5, profile=PROFILE))
    for record in out:
        for i, event in enumerate(record["events"]):
            payload = event.setdefault("payload", {})
            if event["name"] == "notify":
                flag = r.choice([None, True, False])
                if flag is not None:
                    payload["public"] = flag
                if numbers and r.random() < 0.5:
                    payload["minutes"] = r.choice([r.randint(0, 90), r.uniform(0, 90)])
            if i and r.random() < 0.1:  # re-prioritised on the way
                payload["priority"] = r.choice(["urgent", "normal"])
    return out


#: The seed of the generator, the number of tickets, the seed of the payload fields.
RECIPES = st.tuples(st.integers(0, 2**32 - 1), st.integers(1, 12), st.integers(0, 2**32 - 1))


def attributes_of(record: dict[str, Any]) -> dict[str, str]:
    return {k: record[k] for k in FIELDS if isinstance(record.get(k), str)}


def live_report(record: dict[str, Any], policy: cf.Policy, now: dt.datetime) -> cf.sla.SlaReport:
    """`sla.evaluate` over the record's events up to ``now`` as `Event` values."""
    seen = [e for e in (Event.from_dict(raw) for raw in record["events"]) if e.at <= now]
    return cf.sla.evaluate(
        policy.sla, seen, now, ticket=record["ticket_id"], attributes=attributes_of(record)
    )


def counted(rows: list[dict[str, object]], side: str = "") -> dict[tuple[object, ...], tuple]:
    """Per target and segment: met, breached and cancelled (of one side of `compare`)."""
    return {
        (r["target"], *(r[b] for b in BY)): tuple(r[f"{f}{side}"] for f in
                                                  ("met", "breached", "cancelled"))
        for r in rows
        if "target" in r
    }  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(RECIPES, st.integers(0, 8 * 24 * 60), st.sampled_from([*FEATURED, *PLAIN]))
def test_replay_of_a_featured_policy_equals_evaluate_over_the_same_events(
    recipe: tuple[int, int, int], minutes: int, policy: cf.Policy
) -> None:
    tickets = make_records(*recipe)
    now = START.add(minutes=minutes)
    outcomes = list(cf.policy.replay_tickets(tickets, policy, now=now))
    reports = []
    for record, outcome in zip(tickets, outcomes, strict=True):
        try:
            report = live_report(record, policy, now)
        except cf.errors.SlaEventError as e:  # e.g. a stop of a target not started
            refused = f"sla: {e}"
        else:
            refused = None
        if refused is not None:
            assert outcome.error == refused
            continue
        assert outcome.error is None, outcome.error
        assert outcome.sla == report
        reports.append(report)
    replayed = cf.policy.replay(tickets, policy, now=now)
    # the counting fast path, the outcomes' report and the SLA tally agree
    assert replayed == report_of(outcomes, BY)
    assert replayed.sla == cf.sla.SlaTally.of(reports, BY)
    # compare: the same counts on its side of the policy, each record read once
    rows = cf.policy.compare(tickets, POLICY, policy, now=now)
    plain = counted(cf.policy.replay(tickets, POLICY, now=now).sla_records())
    for side, alone in (("_a", plain), ("_b", counted(replayed.sla_records()))):
        both = counted(rows, side)  # a target or segment only the other side has: zeros
        assert {k: v for k, v in both.items() if k in alone} == alone
        assert all(v == (0, 0, 0) for k, v in both.items() if k not in alone)
    assert [r for r in rows if "failed" in r] == [
        {"failed": key, "count_a": 0, "count_b": n, "count_delta": n}
        for (key,), n in replayed.failed
    ]


@settings(max_examples=30, deadline=None)
@given(RECIPES, st.integers(0, 8 * 24 * 60))
def test_a_cancelled_cycle_never_counts_as_met_or_breached(
    recipe: tuple[int, int, int], minutes: int
) -> None:
    tickets = make_records(*recipe)
    now = START.add(minutes=minutes)
    outcomes = list(cf.policy.replay_tickets(tickets, CANCELS, now=now))
    states: dict[str, dict[cf.sla.TargetState, int]] = {}
    for outcome in outcomes:
        assert outcome.sla is not None
        row = outcome.to_record()
        for s in outcome.sla.targets:
            tally = states.setdefault(s.target, dict.fromkeys(cf.sla.TargetState, 0))
            tally[s.state] += 1
            if s.state is cf.sla.TargetState.CANCELLED:
                assert s.target not in str(row["breached_targets"]).split(",")
    report = cf.policy.replay(tickets, CANCELS, now=now)
    totals: dict[str, dict[str, int]] = {}
    for r in report.sla_records():
        t = totals.setdefault(str(r["target"]), dict.fromkeys(("met", "breached", "cancelled"), 0))
        for f in t:
            t[f] += int(r[f])  # type: ignore[call-overload]
        assert r["applicable"] == sum(
            r[k] for k in ("not_started", "running", "paused", "met", "breached", "cancelled")
        )
    for target, t in totals.items():
        by_state = states.get(target, dict.fromkeys(cf.sla.TargetState, 0))
        assert t["met"] == by_state[cf.sla.TargetState.MET]
        assert t["breached"] == by_state[cf.sla.TargetState.BREACHED]
        assert t["cancelled"] == by_state[cf.sla.TargetState.CANCELLED]
    summary = report.summary()
    assert summary["sla_cancelled"] == sum(t["cancelled"] for t in totals.values())


def first_start(report: cf.sla.SlaReport | None, target: str) -> int | None:
    s = next((x for x in report.targets if x.target == target), None) if report else None
    if s is None or s.start_us is None:
        return None
    return s.cycles[0].start_us if s.cycles else s.start_us


@settings(max_examples=30, deadline=None)
@given(RECIPES, st.integers(0, 8 * 24 * 60))
def test_a_retroactive_start_in_replay_never_starts_later_than_the_plain_one(
    recipe: tuple[int, int, int], minutes: int
) -> None:
    tickets = make_records(*recipe)
    now = START.add(minutes=minutes)
    retro = cf.policy.replay_tickets(tickets, RETRO, now=now)
    for record, b in zip(tickets, retro, strict=True):
        try:  # the plain target over the same events, payloads read
            a = live_report(record, PLAIN_URGENT, now)
        except cf.errors.SlaEventError:
            continue  # a stop before any start: the plain target refuses the log
        sa, sb = first_start(a, "urgent_reply"), first_start(b.sla, "urgent_reply")
        if sa is not None:
            assert sb is not None
            assert sb <= sa


def test_a_ticket_that_turns_urgent_counts_from_its_registration_in_replay() -> None:
    record = next(
        r
        for r in cf.synthetic.generate_tickets(20, seed=1, start=START, profile=PROFILE)
        if [e["name"] for e in r["events"][:2]] == ["register", "accept"]
    )
    record["priority"] = "normal"
    record["events"][0]["payload"]["priority"] = "normal"
    record["events"][1]["payload"]["priority"] = "urgent"  # the next event re-prioritises
    now = START.add(days=5)
    [plain] = cf.policy.replay_tickets([record], PLAIN_URGENT, now=now)
    [retro] = cf.policy.replay_tickets([record], RETRO, now=now)
    register = cf.parse_instant(record["events"][0]["at"])
    assert retro.sla is not None
    assert retro.sla.status("urgent_reply").start == register
    # Without the retroactive start the target waits for a register that never
    # comes, and its stop is refused: as `sla.evaluate` refuses it, since replay
    # follows the payload's change of an attribute the policy reads.
    with pytest.raises(cf.errors.SlaEventError) as refused:
        live_report(record, PLAIN_URGENT, now)
    assert plain.error == f"sla: {refused.value}"
    assert "before any start" in plain.error
    assert dict(retro.sla.attributes)["priority"] == "urgent"
    assert dict(retro.attributes)["priority"] == "normal"  # segments: the record's


@settings(max_examples=25, deadline=None)
@given(RECIPES, st.data())
def test_a_payload_field_that_is_no_number_fails_that_ticket_alone(
    recipe: tuple[int, int, int], data: st.DataObject
) -> None:
    tickets = make_records(*recipe, numbers=False)
    notices = [
        (k, i)
        for k, r in enumerate(tickets)
        for i, e in enumerate(r["events"])
        if e["name"] == "notify"
    ]
    if not notices:
        return
    k, i = data.draw(st.sampled_from(notices))
    bad = data.draw(st.sampled_from(["30", True, None, [1], {"m": 1}]))
    broken = copy.deepcopy(tickets)
    broken[k]["events"][i]["payload"]["minutes"] = bad
    now = START.add(days=8)
    outcomes = list(cf.policy.replay_tickets(broken, QUICK_OR_PUBLIC, now=now))
    field = f"events[{i}].payload.minutes"
    error = outcomes[k].error
    assert error is not None
    assert error.startswith(f"{field}: ")
    assert "number" in error
    # the other tickets: as if the broken one were not there
    others = [t for j, t in enumerate(broken) if j != k]
    rest = list(cf.policy.replay_tickets(others, QUICK_OR_PUBLIC, now=now))
    assert [o for j, o in enumerate(outcomes) if j != k] == rest
    # counted alike under the field's name in replay, replay_tickets and compare
    report = cf.policy.replay(broken, QUICK_OR_PUBLIC, now=now)
    assert report.failed == (((field,), 1),)
    assert report == report_of(outcomes, BY)
    assert report.sla == cf.policy.replay(others, QUICK_OR_PUBLIC, now=now).sla
    rows = cf.policy.compare(broken, POLICY, QUICK_OR_PUBLIC, now=now)
    assert [r for r in rows if "failed" in r] == [
        {"failed": field, "count_a": 0, "count_b": 1, "count_delta": 1}
    ]
    b_side = counted(report.sla_records())
    assert {k: v for k, v in counted(rows, "_b").items() if k in b_side} == b_side


def test_the_field_is_named_by_its_index_in_the_record() -> None:
    """Events after ``now`` are skipped wherever they stand in the record; the failed
    field is named by its place in the record, not among the events read."""
    [record] = cf.synthetic.generate_tickets(1, seed=2, start=START, profile=PROFILE)
    first = record["events"][0]
    now = cf.parse_instant(first["at"]).add(hours=1)
    later = {"name": "track", "at": now.add(days=1).isoformat(), "payload": {}}
    notice = {"name": "notify", "at": now.isoformat(), "payload": {"minutes": "ten"}}
    record["events"] = [first, later, notice]
    [outcome] = cf.policy.replay_tickets([record], QUICK_OR_PUBLIC, now=now)
    assert outcome.error is not None
    assert outcome.error.startswith("events[2].payload.minutes: payload field 'minutes' is 'ten'")
    report = cf.policy.replay([record], QUICK_OR_PUBLIC, now=now)
    assert report.failed == ((("events[2].payload.minutes",), 1),)


def test_a_payload_attribute_that_is_no_string_fails_the_ticket_with_the_field() -> None:
    [record] = cf.synthetic.generate_tickets(1, seed=4, start=START)
    record["events"][-1]["payload"]["priority"] = 3
    i = len(record["events"]) - 1
    now = START.add(days=8)
    [outcome] = cf.policy.replay_tickets([record], RETRO, now=now)
    assert outcome.error is not None
    assert outcome.error.startswith(f"events[{i}].payload.priority: ")
    # a policy that reads no payloads keeps the record's attributes and never looks
    [plain] = cf.policy.replay_tickets([record], POLICY, now=now)
    assert plain.error is None


@pytest.mark.parametrize(
    ("policy", "reads"),
    [(POLICY, False), (PLAIN_CANCEL, False), (PLAIN_URGENT, False), (PUBLIC_ONLY, True),
     (CANCELS, True), (RETRO, True)],
)  # fmt: skip
def test_only_a_policy_that_reads_payloads_gets_them(policy: cf.Policy, reads: bool) -> None:
    from complaintflow.policy._replay import _Run

    assert _Run(policy, START).payloads is reads


def test_two_values_for_one_attribute_at_one_instant_are_refused_as_evaluate_refuses_them() -> None:
    """A payload repeating the attribute's value is no change, except at an instant
    another event shares: there the conflict must still be seen."""
    [record] = cf.synthetic.generate_tickets(1, seed=2, start=START, profile=PROFILE)
    first = dict(record["events"][0])
    first["payload"] = {**first["payload"], "priority": "normal"}
    record["priority"] = "normal"
    same = {"name": "track", "at": first["at"], "payload": {"priority": "urgent"}}
    record["events"] = [first, same]
    now = cf.parse_instant(first["at"]).add(hours=1)
    with pytest.raises(cf.errors.SlaEventError) as e:
        live_report(record, RETRO, now)
    [outcome] = cf.policy.replay_tickets([record], RETRO, now=now)
    assert outcome.error == f"sla: {e.value}"
    # one event later: the second value holds, and the target starts from the first
    same["at"] = cf.parse_instant(first["at"]).add(minutes=1).isoformat()
    [outcome] = cf.policy.replay_tickets([record], RETRO, now=now)
    assert outcome.sla == live_report(record, RETRO, now)
    assert outcome.sla is not None
    assert outcome.sla.status("urgent_reply").start == cf.parse_instant(first["at"])
