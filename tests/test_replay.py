"""What-if replay: outcomes, violations, never dropping a ticket, mergeable reports."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import random
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.policy._report import Counts, comparison_records, report_of
from strategies import (
    broken_records,
    junk_values,
    segment_values,
    synthetic_seeds,
    value_paths,
)

POLICY = cf.default_policy()
START = cf.parse_instant("2026-03-02T00:00:00+08:00")
NOW = START.add(days=10)
TICKETS = list(cf.synthetic.generate_tickets(600, seed=5, start=START, days=10))


def vip_ticket(**changes: Any) -> dict[str, Any]:
    """A resolved VIP billing complaint, built by hand."""
    record: dict[str, Any] = {
        "ticket_id": "T-VIP",
        "workflow": "complaint",
        "tier": "VIP",
        "priority": "normal",
        "category": "billing",
        "channel": "phone",
        "customer": {"id": "C1", "timezone": "Asia/Shanghai", "numbers": ["+8613800000000"]},
        "events": [
            {"name": "register", "at": "2026-03-02T10:00:00+08:00", "payload": {
                "complainant": "王女士", "contact": "+8613800000000", "channel": "phone",
                "content": "话费多扣", "category": "billing", "tier": "VIP"}},
            {"name": "accept", "at": "2026-03-02T10:30:00+08:00",
             "payload": {"department": "billing"}},
            {"name": "investigate", "at": "2026-03-02T11:00:00+08:00",
             "payload": {"owner": "李工", "problem_kind": "service"}},
            {"name": "propose", "at": "2026-03-02T15:00:00+08:00",
             "payload": {"solutions": ["refund"]}},
            {"name": "approve", "at": "2026-03-02T16:00:00+08:00",
             "payload": {"chosen_solution": "refund", "approved_by": "张主管"}},
            {"name": "notify", "at": "2026-03-02T16:30:00+08:00", "payload": {}},
            {"name": "confirm", "at": "2026-03-02T17:00:00+08:00",
             "payload": {"confirmed_by": "王女士"}},
        ],
        "followups": [],
    }  # fmt: skip
    record.update(changes)
    return record


#: An opt-out on a channel that does not exist.
_FAX_OPT_OUT = {"channel": "fax", "at": "2026-01-01T00:00:00+08:00"}


def outcome_of(record: dict[str, Any], now: dt.datetime = NOW) -> cf.policy.TicketOutcome:
    [outcome] = list(cf.policy.replay_tickets([record], POLICY, now=now))
    return outcome


def test_hand_built_ticket_replays_cleanly_until_the_vip_window_passes() -> None:
    early = outcome_of(vip_ticket(), now=cf.parse_instant("2026-03-03T09:00:00+08:00"))
    assert early.error is None
    assert "resolved" == early.state
    assert () == early.violations
    late = outcome_of(vip_ticket())
    assert ["FU-2"] == [v.rule for v in late.violations]


def test_vip_return_visit_removes_the_fu2_violation() -> None:
    record = vip_ticket(
        followups=[{"at": "2026-03-03T10:00:00+08:00", "channel": "phone",
                    "purpose": "service", "outcome": "reached", "number": "+8613800000000"}]
    )  # fmt: skip
    assert () == outcome_of(record).violations


def test_contacts_in_rest_hours_and_after_refusal_are_violations() -> None:
    record = vip_ticket(
        followups=[
            {"at": "2026-03-03T13:00:00+08:00", "channel": "phone", "purpose": "service",
             "outcome": "reached", "number": "+8613800000000"},  # FU-1: 12:00-14:00 is rest
            {"at": "2026-03-04T10:00:00+08:00", "channel": "phone", "purpose": "marketing",
             "outcome": "refused", "number": "+8613800000000"},
            {"at": "2026-03-05T10:00:00+08:00", "channel": "phone", "purpose": "marketing",
             "outcome": "reached", "number": "+8613800000000"},  # after "no more calls"
        ]
    )  # fmt: skip
    rules = [v.rule for v in outcome_of(record).violations]
    assert "FU-1" == rules[0]
    assert any(r in ("FU-9", "FU-12") for r in rules[1:])


def test_refused_workflow_events_are_violations_with_the_guard_rule() -> None:
    record = vip_ticket()
    record["events"][0]["payload"].pop("contact")  # IN-1 requires the contact
    outcome = outcome_of(record)
    assert "received" == outcome.state
    assert outcome.violations[0].kind == "workflow"
    assert outcome.violations[0].rule == "IN-1"


def test_events_after_now_are_ignored() -> None:
    now = cf.parse_instant("2026-03-02T12:00:00+08:00")
    outcome = outcome_of(vip_ticket(), now=now)
    assert "investigating_service" == outcome.state
    assert outcome.sla is not None
    assert now == outcome.sla.now


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda r: r.pop("ticket_id"), "ticket_id"),
        (lambda r: r.update(ticket_id=""), "ticket_id"),
        (lambda r: r.update(workflow="repair"), "workflow"),
        (lambda r: r["events"][1].update(at="2026-03-02T10:30:00"), "events[1].at"),
        (lambda r: r["events"][1].update(at="yesterday"), "events[1].at"),
        (lambda r: r.update(events="none"), "events"),
        (lambda r: r.update(followups=[{"at": "2026-03-03T10:00:00+08:00",
                                        "outcome": "maybe"}]), "followups[0].outcome"),
        (lambda r: r.update(followups=[{"at": "2026-03-03T10:00:00+08:00",
                                        "purpose": "sales"}]), "followups[0].purpose"),
        (lambda r: r.update(followups=[{"at": "2026-03-03T10:00:00+08:00",
                                        "channel": "fax"}]), "followups[0].channel"),
        (lambda r: r.update(customer={**r["customer"], "opt_outs": [_FAX_OPT_OUT]},
                            followups=[{"at": "2026-03-03T10:00:00+08:00"}]),
         "customer.opt_outs[0].channel"),
    ],
)  # fmt: skip
def test_bad_records_are_reported_never_dropped(change: Any, reason: str) -> None:
    bad = vip_ticket()
    change(bad)
    outcomes = list(cf.policy.replay_tickets([vip_ticket(), bad, "not a record"], POLICY, now=NOW))
    assert 3 == len(outcomes)
    assert outcomes[0].error is None
    assert outcomes[1].error is not None
    assert outcomes[1].error.startswith(reason)
    assert outcomes[2].error is not None
    report = cf.policy.replay([vip_ticket(), bad], POLICY, now=NOW)
    assert (2, 1) == (report.tickets, report.failed_tickets)


def test_generated_tickets_all_evaluate() -> None:
    report = cf.policy.replay(TICKETS, POLICY, now=NOW)
    assert (600, 0) == (report.tickets, report.failed_tickets)
    summary = report.summary()
    assert summary["sla_breached"] > 0  # the generator plants late work
    assert summary["violations"] > 0  # ... and follow-up mistakes


def test_records_go_into_dataframes_as_they_are() -> None:
    pd = pytest.importorskip("pandas")
    report = cf.policy.replay(TICKETS[:100], POLICY, now=NOW)
    frame = pd.DataFrame(report.sla_records())
    assert {"target", "rule", "tier", "category", "met", "breached"} <= set(frame.columns)
    outcomes = pd.DataFrame(
        o.to_record() for o in cf.policy.replay_tickets(TICKETS[:50], POLICY, now=NOW)
    )
    assert 50 == len(outcomes)


@settings(max_examples=15)
@given(st.lists(st.integers(0, 599), min_size=0, max_size=5, unique=True).map(sorted),
       st.randoms(use_true_random=False))  # fmt: skip
def test_reports_of_parts_merge_into_the_report_of_the_whole(
    cuts: list[int], rng: random.Random
) -> None:
    whole = cf.policy.replay(TICKETS, POLICY, now=NOW)
    bounds = [0, *cuts, len(TICKETS)]
    parts = [cf.policy.replay(TICKETS[a:b], POLICY, now=NOW) for a, b in itertools.pairwise(bounds)]
    rng.shuffle(parts)
    merged = parts[0]
    for part in parts[1:]:
        merged = merged + part
    assert whole == merged


@settings(max_examples=10)
@given(st.sampled_from(TICKETS[:200]), st.integers(0, 10 * 24 * 60))
def test_replay_at_a_past_now_equals_replay_of_the_log_so_far(
    record: dict[str, Any], minutes: int
) -> None:
    now = START.add(minutes=minutes)
    cut = copy.deepcopy(record)
    cut["events"] = [e for e in record["events"] if cf.parse_instant(e["at"]) <= now]
    cut["followups"] = [f for f in record["followups"] if cf.parse_instant(f["at"]) <= now]
    live = outcome_of(cut, now)
    past = outcome_of(record, now)
    assert live == past


def test_replay_is_deterministic_and_order_free_in_its_report() -> None:
    shuffled = list(TICKETS)
    random.Random(3).shuffle(shuffled)
    assert cf.policy.replay(TICKETS, POLICY, now=NOW) == cf.policy.replay(shuffled, POLICY, now=NOW)


def test_compare_counts_the_breaches_a_stricter_target_adds() -> None:
    strict = POLICY.with_({"sla.targets[reply].within": "1 business day"})
    rows = cf.policy.compare(TICKETS, POLICY, strict, now=NOW)
    reply = [r for r in rows if r.get("target") == "reply"]
    assert sum(int(r["breached_delta"]) for r in reply) > 0
    assert all(int(r["breached_delta"]) >= 0 for r in reply)
    same = cf.policy.compare(TICKETS[:100], POLICY, POLICY, now=NOW)
    assert all(r.get("breached_delta", 0) == 0 and r.get("count_delta", 0) == 0 for r in same)


def test_policies_that_segment_reports_differently_are_not_compared() -> None:
    by_tier = POLICY.with_({"replay.segment_by": ["tier"]})
    with pytest.raises(cf.errors.SegmentMismatchError) as info:
        cf.policy.compare(TICKETS[:1], POLICY, by_tier, now=NOW)
    assert isinstance(info.value, ValueError)
    assert ("b.replay.segment_by", ("tier",)) == (info.value.field, info.value.value)
    assert (
        f"b.replay.segment_by: ('tier',) differs from a's {POLICY.replay.segment_by}; "
        "compare policies that segment reports alike"
    ) == str(info.value)


def test_reports_segmented_differently_do_not_merge() -> None:
    with pytest.raises(cf.errors.SegmentMismatchError) as info:
        cf.policy.ReplayReport(("tier",)).merge(cf.policy.ReplayReport(("tier", "category")))
    assert isinstance(info.value, ValueError)
    assert ("segment_by", ("tier", "category")) == (info.value.field, info.value.value)
    assert (
        "segment_by: cannot merge a report by ('tier',) with one by ('tier', 'category'); "
        "merge reports replayed with the same replay.segment_by"
    ) == str(info.value)


_BREAKS = (
    lambda r: r.pop("ticket_id"),
    lambda r: r.update(workflow="repair"),
    lambda r: r["events"][0].update(at="2026-03-02T10:30:00"),
    lambda r: r["events"][0].update(name="teleport"),
    lambda r: r["events"].reverse(),
    lambda r: r.update(followups=[{"at": "2026-03-03T10:00:00+08:00", "outcome": "maybe"}]),
    lambda r: r.update(tier="VIP"),
)


#: The default policy never pauses a clock; this one pauses the reply while approving.
PAUSING = POLICY.with_(
    {"sla.targets[reply].pause": ["approve"], "sla.targets[reply].resume": ["confirm"]}
)


@settings(max_examples=40)
@given(
    st.lists(st.tuples(st.sampled_from(TICKETS), st.sampled_from((None, *_BREAKS))), max_size=40),
    st.integers(0, 12 * 24 * 60),
    st.sampled_from((POLICY, PAUSING)),
)
def test_replay_counts_exactly_what_its_outcomes_report(
    picks: list[tuple[dict[str, Any], Any]], minutes: int, policy: cf.Policy
) -> None:
    """replay() counts without building outcomes; it must equal report_of(outcomes)."""
    records = []
    for record, brk in picks:
        record = copy.deepcopy(record)
        if brk is not None and record["events"]:
            brk(record)
        records.append(record)
    now = START.add(minutes=minutes)
    outcomes = cf.policy.replay_tickets(records, policy, now=now)
    expected = report_of(outcomes, policy.replay.segment_by)
    assert expected == cf.policy.replay(records, policy, now=now)


@pytest.mark.parametrize("policy", [POLICY, PAUSING], ids=["default", "pausing"])
def test_replay_counts_every_clock_state_as_its_outcomes_do(policy: cf.Policy) -> None:
    now = START.add(days=5)
    report = cf.policy.replay(TICKETS, policy, now=now)
    assert (
        report_of(cf.policy.replay_tickets(TICKETS, policy, now=now), policy.replay.segment_by)
        == report
    )
    states = {
        k for r in report.sla_records() for k in ("met", "breached", "running", "paused") if r[k]
    }
    assert states == (
        {"met", "breached", "running", "paused"}
        if policy is PAUSING
        else {"met", "breached", "running"}
    )


@settings(max_examples=150)
@given(st.sampled_from(TICKETS[:60]), st.data())
def test_replay_never_crashes_or_drops_whatever_a_record_holds(
    record: dict[str, Any], data: st.DataObject
) -> None:
    """Any value anywhere in a record: the ticket is evaluated or failed with a reason."""
    bad = copy.deepcopy(record)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(value_paths(bad)))
        holder = bad
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = data.draw(junk_values)
    outcomes = list(cf.policy.replay_tickets([record, bad], POLICY, now=NOW))
    assert 2 == len(outcomes)
    assert outcomes[0].error is None
    assert outcomes[1].error is None or outcomes[1].error.strip()
    report = cf.policy.replay([record, bad], POLICY, now=NOW)
    assert 2 == report.tickets
    assert (outcomes[1].error is not None) == (report.failed_tickets == 1)


#: The policies of the properties, by name (a policy's repr is long for a report).
POLICIES = {"default": POLICY, "pausing": PAUSING}

#: A VIP complaint accepted on the last day the default calendar covers (2026): at
#: ``END`` the next check of its SLA clocks lies in 2027, past the coverage.
LATE = vip_ticket(
    events=[{**e, "at": e["at"].replace("03-02", "12-31")} for e in vip_ticket()["events"][:2]]
)
END = cf.parse_instant("2026-12-31T23:00:00+08:00")
#: Midnight of 1 January of the year 1 at +01:00: 23:00 on the day before in UTC.
_YEAR_1 = "0001-01-01T00:00+01:00"


def failures(records: list[Any], policy: cf.Policy, now: dt.datetime) -> tuple[Any, ...]:
    """The failure counts of ``replay``, after checking the other two APIs run too."""
    cf.policy.compare(records, policy, policy, now=now)
    outcomes = list(cf.policy.replay_tickets(records, policy, now=now))
    report = cf.policy.replay(records, policy, now=now)
    assert report_of(outcomes, policy.replay.segment_by) == report
    return report.failed


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda r: r["events"][1].update(at=_YEAR_1), "events[1].at"),
        (lambda r: r.update(followups=[{"at": _YEAR_1}]), "followups[0].at"),
        (lambda r: r.update(customer={**r["customer"], "opt_outs": [{"at": _YEAR_1}]},
                            followups=[{"at": "2026-03-03T10:00:00+08:00"}]),
         "customer.opt_outs[0].at"),
        (lambda r: r.update(customer={**r["customer"], "timezone": "America/New_York",
                                      "opt_outs": [{"at": "0001-01-01T00:00:00+00:00"}]},
                            followups=[{"at": "2026-03-03T10:00:00+08:00"}]),
         "customer.opt_outs[0].at"),
    ],
)  # fmt: skip
def test_instants_no_time_zone_can_show_fail_only_their_ticket(change: Any, field: str) -> None:
    bad = vip_ticket()
    change(bad)
    outcomes = list(cf.policy.replay_tickets([vip_ticket(), bad], POLICY, now=NOW))
    assert outcomes[0].error is None
    assert outcomes[1].error is not None
    assert outcomes[1].error.startswith(f"{field}: '0001-01-01T00:00")
    assert "outside 0001-01-02 to 9999-12-30 (UTC)" in outcomes[1].error
    assert (((field,), 1),) == failures([vip_ticket(), bad], POLICY, NOW)


def test_a_next_check_past_the_calendar_coverage_fails_the_ticket_in_every_api() -> None:
    [outcome] = list(cf.policy.replay_tickets([LATE], POLICY, now=END))
    assert outcome.error is not None
    assert outcome.error.startswith("sla: the answer lies outside the dates this calendar covers")
    assert ((("sla",), 1),) == failures([LATE, vip_ticket()], POLICY, END)


def test_an_unexpected_error_deep_inside_fails_only_its_ticket(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever a part raises on bad data, the replay goes on and names the stage."""

    def broken(*args: object) -> object:
        raise KeyError("deep inside")

    # A method of a plain class the replay calls: patched alike in a compiled build,
    # whose modules call each other's functions directly.
    monkeypatch.setattr(cf.followup.Attempt, "checked", staticmethod(broken))
    record = vip_ticket(followups=[{"at": "2026-03-03T10:00:00+08:00"}])
    [outcome] = list(cf.policy.replay_tickets([record], POLICY, now=NOW))
    assert "followups[0]: KeyError: 'deep inside'" == outcome.error
    assert ((("followups[0]",), 1),) == failures([record, vip_ticket()], POLICY, NOW)


#: ``now`` inside the data, at the end of the default calendar's coverage, and past it.
NOWS = (NOW, cf.parse_instant("2026-12-31T20:00:00+08:00"), END,
        cf.parse_instant("2027-01-02T00:00:00+08:00"))  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(
    st.lists(broken_records(TICKETS[:80]), min_size=1, max_size=6),
    st.sampled_from(NOWS),
    st.sampled_from(sorted(POLICIES)),
)
def test_the_three_apis_agree_ticket_by_ticket_whatever_the_records_hold(
    records: list[Any], now: dt.datetime, name: str
) -> None:
    """Any record, any ``now``: never a raise; each ticket is counted alike by all three."""
    policy = POLICIES[name]
    outcomes = list(cf.policy.replay_tickets(records, policy, now=now))
    assert len(records) == len(outcomes)
    by = policy.replay.segment_by
    for record, outcome in zip(records, outcomes, strict=True):
        assert outcome.error is None or outcome.error.split(":", 1)[0].strip()
        assert report_of([outcome], by) == cf.policy.replay([record], policy, now=now)
    whole = cf.policy.replay(records, policy, now=now)
    assert report_of(outcomes, by) == whole
    assert comparison_records(whole, whole) == cf.policy.compare(records, policy, policy, now=now)


#: Differs from the default in the SLA and follow-up rules only: compare reads and
#: folds each record once for both.
STRICTER = POLICY.with_({"followup.window.within": "2 calendar days",
                         "sla.targets[reply].within": "1 business day"})  # fmt: skip


@settings(max_examples=100, deadline=None)
@given(
    st.lists(broken_records(TICKETS[:80]), min_size=1, max_size=6),
    st.sampled_from(NOWS),
    st.sampled_from([(POLICY, STRICTER), (STRICTER, POLICY), (POLICY, PAUSING)]),
)
def test_compare_equals_the_two_replays_whatever_the_records_hold(
    records: list[Any], now: dt.datetime, pair: tuple[cf.Policy, cf.Policy]
) -> None:
    """``compare`` reads and folds a record once when the policies read records alike;
    its records equal those of two separate replays, bad records included."""
    a, b = pair
    expected = comparison_records(
        cf.policy.replay(records, a, now=now), cf.policy.replay(records, b, now=now)
    )
    assert expected == cf.policy.compare(records, a, b, now=now)


#: One counted entry of a report: a segment value, a violated rule, an SLA state.
_entries = st.lists(
    st.tuples(segment_values, st.sampled_from(["FU-1", "FU-2"]), st.integers(1, 5)), max_size=6
)


def counted(entries: list[tuple[object, str, int]]) -> cf.policy.ReplayReport:
    """A report counted the way replay counts, with arbitrary segment values."""
    counts = Counts(("tier",))
    for segment, rule, state in entries:
        counts.tickets += 1
        counts.failed[(str(segment),)] += 1
        counts.states[("complaint", rule)] += 1
        counts.violations[("followup", rule, segment)] += 1  # type: ignore[index]
        cell = counts.sla.cell(("reply", segment), "SLA-3")  # type: ignore[arg-type]
        cell.count(state, 0, 60_000_000 * state, state >= 4)
    return counts.report()


def test_none_and_the_text_none_stay_apart_in_either_merge_order() -> None:
    a, b = counted([(None, "FU-2", 4)]), counted([("None", "FU-2", 5)])
    assert a.merge(b) == b.merge(a)
    assert [("followup", "FU-2", "None"), ("followup", "FU-2", None)] == [
        k for k, _ in a.merge(b).violations
    ]
    assert [("reply", "None"), ("reply", None)] == [k for k, _ in a.merge(b).sla.cells]


@settings(max_examples=200)
@given(_entries, _entries, _entries)
def test_merge_is_commutative_and_associative_whatever_the_segment_values(
    x: list[Any], y: list[Any], z: list[Any]
) -> None:
    a, b, c = counted(x), counted(y), counted(z)
    assert a.merge(b) == b.merge(a)
    assert a.merge(b).merge(c) == a.merge(b.merge(c))
    assert repr(a.merge(b)) == repr(b.merge(a))  # the same values, not only equal ones
    merged = a.merge(b).merge(c)
    assert merged.tickets == len(x) + len(y) + len(z)
    assert sum(n for _, n in merged.violations) == len(x) + len(y) + len(z)


def test_a_return_visit_after_now_does_not_hide_the_fu2_violation_of_now() -> None:
    """Resolved on 2 March, window of 3 days, the visit comes on the 10th: on the
    7th a live system saw a VIP without a return visit (FU-2)."""
    late_visit = {"at": "2026-03-10T10:00:00+08:00", "channel": "phone", "purpose": "service",
                  "outcome": "reached", "number": "+8613800000000"}  # fmt: skip
    now = cf.parse_instant("2026-03-07T12:00:00+08:00")
    record = vip_ticket(followups=[late_visit])
    assert ["FU-2"] == [v.rule for v in outcome_of(record, now).violations]
    # On the 12th the visit is known: late (FU-4), but made, so no FU-2.
    assert ["FU-4"] == [v.rule for v in outcome_of(record).violations]


def test_an_opt_out_after_now_is_not_known_at_now() -> None:
    call = {"at": "2026-03-04T10:00:00+08:00", "channel": "phone", "purpose": "marketing",
            "outcome": "reached", "number": "+8613800000000"}  # fmt: skip
    later = {"at": "2026-03-05T09:00:00+08:00", "purpose": "marketing"}
    record = vip_ticket(
        followups=[call], customer={**vip_ticket()["customer"], "opt_outs": [later]}
    )
    now = cf.parse_instant("2026-03-04T12:00:00+08:00")
    assert outcome_of(truncated(record, now), now) == outcome_of(record, now)
    junk_later = {**later, "channel": "fax"}  # not yet made at now: not read either
    record["customer"]["opt_outs"] = [junk_later]
    assert outcome_of(truncated(record, now), now) == outcome_of(record, now)


def truncated(record: dict[str, Any], now: dt.datetime) -> dict[str, Any]:
    """The record as a live system held it at ``now``: nothing made after it."""
    cut = copy.deepcopy(record)

    def before(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [x for x in items if dt.datetime.fromisoformat(x["at"]) <= now]

    cut["events"] = before(cut["events"])
    cut["followups"] = before(cut.get("followups") or [])
    customer = cut.get("customer") or {}
    if customer.get("opt_outs"):
        customer["opt_outs"] = before(customer["opt_outs"])
    return cut


#: Every VIP's return visit comes late (4 to 9 days after the resolution): the
#: window passes before the visit, which is when FU-2 is decided.
LATE_VISITS = attrs.evolve(cf.synthetic.SyntheticProfile(), p_late_visit=1.0, vip_share=1.0)


@settings(max_examples=80, deadline=None)
@given(
    synthetic_seeds,
    st.integers(1, 60),
    st.booleans(),
    st.booleans(),
    st.integers(0, 20 * 24 * 60),
    st.sampled_from(sorted(POLICIES)),
)
def test_only_what_happened_up_to_now_decides_a_past_replay(
    seed: int, n: int, late: bool, calls_only: bool, minutes: int, name: str
) -> None:
    """Replaying at a past ``now`` equals replaying the records cut at ``now``: no
    event, follow-up or opt-out after ``now`` changes a verdict.

    ``late``: every return visit comes after the FU-4 window; ``calls_only``: the
    host logs the visit calls but no visit events, so only the calls tell FU-2.
    """
    policy = POLICIES[name]
    profile = LATE_VISITS if late else None
    records = list(
        cf.synthetic.generate_tickets(n, seed=seed, start=START, days=10, profile=profile)
    )
    if calls_only:
        visits = set(policy.replay.return_visit_events)
        for r in records:
            r["events"] = [e for e in r["events"] if e["name"] not in visits]
    now = START.add(minutes=minutes)
    cut = [truncated(r, now) for r in records]
    assert list(cf.policy.replay_tickets(cut, policy, now=now)) == list(
        cf.policy.replay_tickets(records, policy, now=now)
    )
    assert cf.policy.replay(cut, policy, now=now) == cf.policy.replay(records, policy, now=now)


@settings(max_examples=300, deadline=None)
@given(
    st.datetimes(min_value=dt.datetime(1, 1, 3), max_value=dt.datetime(9999, 12, 29)),
    st.lists(st.integers(-86_399_999_999, 86_399_999_999), min_size=1, max_size=80),
)
def test_timestamps_are_read_as_their_exact_epoch_microseconds(
    local: dt.datetime, offsets_us: list[int]
) -> None:
    """Records' timestamps (events and follow-up calls) of any UTC offset are read as
    exactly the epoch µs of the instant they spell, an offset under a second too
    (which CPython 3.11's ``fromisoformat`` reads as UTC); the offsets a replay
    remembers stay bounded however many a record spells."""
    from complaintflow._time import to_us
    from complaintflow.policy import _replay

    run = _replay._Run(cf.default_policy(), cf.parse_instant("9999-12-30T00:00:00+00:00"))
    stamps = [local.replace(tzinfo=dt.timezone(dt.timedelta(microseconds=o))) for o in offsets_us]
    record = {
        "ticket_id": "T-1",
        "workflow": "suggestion",
        "events": [{"name": "record", "at": s.isoformat()} for s in stamps],
        "followups": [{"at": s.isoformat()} for s in stamps],
    }
    parsed = stamps
    ticket = _replay._Ticket(run, record)
    assert [e[1] for e in ticket.events] == [to_us(p, "at") for p in parsed]
    assert [e[2] for e in ticket.events] == parsed
    assert sorted(a[0] for a in run._attempts(ticket)) == sorted(to_us(p, "at") for p in parsed)
    assert len(run.offsets) <= _replay._OFFSETS_KEPT
