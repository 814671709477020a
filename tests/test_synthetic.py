"""Tests of complaintflow.synthetic: format, validity, determinism, shape, laziness."""

from __future__ import annotations

import collections
import datetime as dt
import itertools
import tracemalloc
from collections.abc import Generator
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from complaintflow import calendars
from complaintflow.errors import (
    CalendarCoverageError,
    NaiveDatetimeError,
    ValidationError,
    WrongTypeError,
)
from complaintflow.staffing import SLA9_BUSY_DAY
from complaintflow.synthetic import (
    WORKFLOWS,
    SyntheticProfile,
    generate_tickets,
)
from complaintflow.workflows import CATEGORIES, JSON, Event, default, replay_events
from tests.strategies import synthetic_seeds, synthetic_starts

Rec = dict[str, Any]  # a generated record, read loosely in tests

CST = dt.timezone(dt.timedelta(hours=8))
START = dt.datetime(2026, 3, 2, tzinfo=CST)  # a Monday
END = START + dt.timedelta(days=30)
DAYS = 30  # of the shared sample: long enough for late return visits to show
CAL = calendars.default("china", years=[2026])
CHANNELS = {"phone", "sms", "email", "online_form", "letter", "social_media", "walk_in"}
KEYS = [
    "ticket_id",
    "workflow",
    "tier",
    "priority",
    "category",
    "channel",
    "customer",
    "events",
    "followups",
]
#: Steps taken by the back office, in the calendar's business hours.
BACK_OFFICE = {"accept", "reject", "investigate", "propose", "approve", "review", "forward"}


def _at(text: JSON) -> dt.datetime:
    assert isinstance(text, str)
    return dt.datetime.fromisoformat(text)


def check_record(rec: Rec, start: dt.datetime, end: dt.datetime) -> str:
    """Assert everything the record format promises; return the replayed state."""
    assert KEYS == list(rec)
    assert rec["workflow"] in WORKFLOWS
    assert rec["tier"] in {"VIP", "regular"}
    assert rec["priority"] in {"urgent", "normal"}
    assert rec["category"] in CATEGORIES
    assert rec["channel"] in CHANNELS
    customer = rec["customer"]
    assert isinstance(customer, dict)
    assert ["id", "timezone", "numbers", "opt_outs"] == list(customer)
    numbers = customer["numbers"]
    assert isinstance(numbers, list)
    assert numbers
    assert all(isinstance(x, str) and x.startswith("+86") and len(x) == 14 for x in numbers)
    opt_outs = customer["opt_outs"]
    assert isinstance(opt_outs, list)
    for o in opt_outs:
        assert isinstance(o, dict)
        assert o["purpose"] == "marketing"
        assert _at(o["at"]) < start
    events, followups = rec["events"], rec["followups"]
    assert isinstance(events, list)
    assert isinstance(followups, list)
    assert events, "every ticket has at least its first event"
    times = [_at(e["at"]) for e in events if isinstance(e, dict)]
    calls = [_at(f["at"]) for f in followups if isinstance(f, dict)]
    for t in times + calls:
        assert t.utcoffset() == dt.timedelta(hours=8)
        assert start <= t < end
    assert sorted(times) == times
    assert sorted(calls) == calls
    for f in followups:
        assert isinstance(f, dict)
        assert f["channel"] in {"phone", "sms"}
        assert f["purpose"] in {"service", "marketing"}
        assert f["outcome"] in {"reached", "no_answer", "busy", "refused"}
        assert f["number"] in numbers
    assert isinstance(rec["ticket_id"], str)
    wf = default(str(rec["workflow"]))
    log = [Event.from_dict(e) for e in events if isinstance(e, dict)]
    return replay_events(wf, rec["ticket_id"], log).state


@pytest.fixture(scope="module")
def sample() -> list[Rec]:
    return list(generate_tickets(5000, seed=2026, start=START, days=DAYS))


def test_every_record_has_the_format_and_replays(sample: list[Rec]) -> None:
    states = collections.Counter((rec["workflow"], check_record(rec, START, END)) for rec in sample)
    assert 5000 == sum(states.values())
    assert {"complaint", "inquiry", "suggestion"} <= {wf for wf, _s in states}


def test_ticket_ids_are_unique_ordered_and_padded(sample: list[Rec]) -> None:
    ids = [rec["ticket_id"] for rec in sample]
    assert [f"T2026-{i:06d}" for i in range(1, 5001)] == ids


def test_arrivals_are_in_ticket_order(sample: list[Rec]) -> None:
    firsts = [_at(rec["events"][0]["at"]) for rec in sample]
    assert sorted(firsts) == firsts


def test_same_seed_same_records_different_seed_different() -> None:
    a = list(generate_tickets(300, seed=5, start=START))
    b = list(generate_tickets(300, seed=5, start=START))
    c = list(generate_tickets(300, seed=6, start=START))
    a5 = list(generate_tickets(30, seed=5, start=START))
    assert a5 != list(generate_tickets(30, seed=-5, start=START))  # not abs(seed)
    assert a == b
    assert a != c


def test_records_are_fresh_objects() -> None:
    a, b = list(generate_tickets(2, seed=5, start=START))
    again = list(generate_tickets(2, seed=5, start=START))
    a["events"][0]["payload"]["content"] = "changed"
    assert again[0] != a
    assert a["customer"] is not b["customer"]


def test_hourly_arrivals_peak_at_the_profile_peak_with_sla9_volumes() -> None:
    days = 20
    n = 922 * days
    hours: collections.Counter[tuple[int, int]] = collections.Counter()
    for rec in generate_tickets(n, seed=11, start=START):
        at = _at(rec["events"][0]["at"])
        hours[(at - START).days, at.hour] += 1
    by_hour = collections.Counter()
    for (_d, h), count in hours.items():
        by_hour[h] += count
    assert SyntheticProfile().peak_hour == by_hour.most_common(1)[0][0] == 10
    assert 100 <= by_hour[10] / days <= 120  # SLA-9: 110 in the busiest hour
    assert 0 < by_hour[3] / days < 10  # SLA-10: nights are quiet, not empty
    assert days == len({d for d, _h in hours})


def test_vip_share_holds_on_a_large_sample() -> None:
    for share in (0.08, 0.3):
        recs = generate_tickets(20_000, seed=3, start=START, vip_share=share)
        vips = sum(rec["tier"] == "VIP" for rec in recs)
        assert share == pytest.approx(vips / 20_000, abs=0.015)


def test_it_is_a_lazy_generator_with_flat_memory() -> None:
    gen = generate_tickets(10_000_000, seed=1, start=START, days=300)
    # A generator (in a compiled build, the compiler's own generator type).
    assert isinstance(gen, Generator)
    assert iter(gen) is gen
    tracemalloc.start()
    try:
        first = list(itertools.islice(gen, 10))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [f"T2026-{i:08d}" for i in range(1, 11)] == [r["ticket_id"] for r in first]
    assert peak < 5_000_000  # ten million precomputed records would take gigabytes


def test_a_prefix_does_not_depend_on_how_far_one_reads() -> None:
    full = list(generate_tickets(50, seed=9, start=START))
    assert full[:10] == list(itertools.islice(generate_tickets(50, seed=9, start=START), 10))


def test_back_office_steps_are_in_business_hours(sample: list[Rec]) -> None:
    checked = 0
    for rec in sample:
        for e in rec["events"]:
            if e["name"] in BACK_OFFICE and rec["workflow"] != "inquiry":
                at = _at(e["at"])
                assert CAL.is_open(at) or CAL.is_open(at - dt.timedelta(seconds=1)), e
                checked += 1
    assert checked > 1000


def _business_days(a: dt.datetime, b: dt.datetime) -> float:
    return CAL.elapsed(a, b).total_seconds() / 27_000  # 7.5 open hours a day


def test_it_leaves_work_for_the_rules(sample: list[Rec]) -> None:
    """SLA-3 breaches, FU-2 gaps, late and rest-hour visits, FU-11 and FU-12 cases."""
    open_at_end = slow = vip_unvisited = late = rest = quick = 0
    for rec in sample:
        events: list[Rec] = rec["events"]
        names = [e["name"] for e in events]
        state = check_record(rec, START, END)
        open_at_end += state not in {"closed", "answered", "forwarded"}
        if "notify" in names:
            reg, told = _at(events[0]["at"]), _at(events[names.index("notify")]["at"])
            slow += _business_days(reg, told) > 2
        if rec["tier"] == "VIP" and "record_return_visit" not in names:
            vip_unvisited += state == "resolved"  # FU-2 gap: left open without a visit
        calls = [f for f in rec["followups"] if f["purpose"] == "service"]
        if calls:
            first = _at(calls[0]["at"])
            resolved = max(_at(e["at"]) for e in events if e["name"] in {"confirm", "conclude"})
            late += (first - resolved) > dt.timedelta(days=3)
            hours = [_at(c["at"]).hour for c in calls]
            rest += any(not (9 <= h < 12 or 14 <= h < 20) for h in hours)
        times = [_at(f["at"]) for f in rec["followups"]]
        quick += any(b - a < dt.timedelta(minutes=20) for a, b in itertools.pairwise(times))
    assert open_at_end > 50
    assert slow > 20
    assert vip_unvisited >= 1
    assert late > 20
    assert rest > 20
    assert quick > 5


def test_marketing_calls_reach_some_opted_out_customers() -> None:
    hits = 0
    for rec in generate_tickets(20_000, seed=4, start=START):
        customer: Rec = rec["customer"]
        if customer["opt_outs"] and any(f["purpose"] == "marketing" for f in rec["followups"]):
            hits += 1
    assert hits > 5


def test_network_complaints_carry_the_in6_fields_and_urgency(
    sample: list[Rec],
) -> None:
    network = [r for r in sample if r["workflow"] == "complaint" and r["category"] == "network"]
    assert len(network) > 300
    for rec in network:
        payload = rec["events"][0]["payload"]
        assert {"location", "signal", "handset_model", "failure", "since"} <= set(payload)
        assert (rec["priority"] == "urgent") == ("无服务" in payload["failure"])
    urgent = sum(r["priority"] == "urgent" for r in network) / len(network)
    assert 0.1 < urgent < 0.3  # p_urgent = 0.2 (SLA-8)


def test_a_recurring_customer_looks_the_same_in_every_ticket() -> None:
    seen: dict[JSON, Rec] = {}
    tiers: dict[JSON, JSON] = {}
    profile = SyntheticProfile(customers=50)
    for rec in generate_tickets(500, seed=8, start=START, profile=profile):
        customer: Rec = rec["customer"]
        assert seen.setdefault(customer["id"], customer) == customer
        assert tiers.setdefault(customer["id"], rec["tier"]) == rec["tier"]
    assert len(seen) <= 50


def test_default_days_follow_the_daily_volume() -> None:
    recs = list(generate_tickets(922 * 2, seed=1, start=START))
    last = _at(recs[-1]["events"][0]["at"])
    assert START + dt.timedelta(days=1) < last < START + dt.timedelta(days=2)


def test_zero_tickets() -> None:
    assert [] == list(generate_tickets(0, seed=1, start=START))


def test_workflow_mix_can_be_restricted() -> None:
    profile = SyntheticProfile(workflows={"incident": 1.0})
    recs = list(generate_tickets(20, seed=1, start=START, profile=profile))
    assert {"incident"} == {r["workflow"] for r in recs}
    assert {"urgent"} == {r["priority"] for r in recs}


def test_bad_arguments_are_all_reported() -> None:
    with pytest.raises(ValidationError) as info:
        generate_tickets(-1, seed=1, start=START, days=0, vip_share=1.5)
    assert ["n", "days", "vip_share"] == [p.path for p in info.value.problems]


def test_bad_types_and_naive_start() -> None:
    with pytest.raises(NaiveDatetimeError):
        generate_tickets(1, seed=1, start=dt.datetime(2026, 3, 2))
    with pytest.raises(TypeError, match="seed"):
        generate_tickets(1, seed="1", start=START)
    with pytest.raises(TypeError, match="n: expected an integer"):
        generate_tickets(1.0, seed=1, start=START)
    with pytest.raises(TypeError, match="profile"):
        generate_tickets(1, seed=1, start=START, profile={})


@pytest.mark.parametrize(
    ("kwargs", "field", "value", "message"),
    [
        ({"seed": "1"}, "seed", "1", "seed: expected an integer, got str '1'"),
        ({"n": 1.0}, "n", 1.0, "n: expected an integer, got float 1.0"),
        ({"n": True}, "n", True, "n: expected an integer, got bool True"),
        ({"days": 2.5}, "days", 2.5, "days: expected an integer or None, got float 2.5"),
        (
            {"profile": {}},
            "profile",
            {},
            "profile: expected a SyntheticProfile or None, got dict {}",
        ),
    ],
)
def test_wrong_types_name_the_argument_the_value_and_the_type_expected(
    kwargs: dict[str, Any], field: str, value: object, message: str
) -> None:
    arguments: dict[str, Any] = {"n": 1, "seed": 1, "start": START, **kwargs}
    with pytest.raises(WrongTypeError) as info:
        generate_tickets(**arguments)
    assert (field, value, message) == (info.value.field, info.value.value, str(info.value))


def test_errors_come_at_the_call_not_at_the_first_record() -> None:
    with pytest.raises(CalendarCoverageError):
        generate_tickets(10, seed=1, start=dt.datetime(2026, 12, 30, tzinfo=CST), days=5)


def test_a_custom_calendar_covers_other_periods() -> None:
    cal = calendars.default("24x7")
    start = dt.datetime(2031, 5, 1, tzinfo=CST)
    recs = list(generate_tickets(200, seed=1, start=start, days=2, calendar=cal))
    for rec in recs:
        check_record(rec, start, start + dt.timedelta(days=2))


def test_profile_reports_every_problem() -> None:
    with pytest.raises(ValidationError) as info:
        SyntheticProfile(
            hourly=(1.0,) * 23,
            workflows={"complaint": -1.0, "ticket": 1.0},
            channels={},
            customers=0,
            p_slow=float("nan"),
        )
    assert [
        "hourly",
        "workflows.complaint",
        "workflows.ticket",
        "channels",
        "customers",
        "p_slow",
    ] == [p.path for p in info.value.problems]


def test_profile_defaults_implement_sla9() -> None:
    p = SyntheticProfile()
    assert (922, 110, 10) == (p.daily_volume, max(p.hourly), p.peak_hour)
    assert SLA9_BUSY_DAY == p.hourly
    assert p == attrs.evolve(p)
    assert hash(p) == hash(SyntheticProfile())


# -- properties -----------------------------------------------------------------------


@settings(max_examples=40)
@given(seed=synthetic_seeds, start=synthetic_starts, n=st.integers(0, 40), days=st.integers(1, 4))
def test_any_seed_gives_valid_ordered_records(
    seed: int, start: dt.datetime, n: int, days: int
) -> None:
    recs = list(generate_tickets(n, seed=seed, start=start, days=days))
    assert n == len(recs)
    # days of 24 hours: in UTC, for aware arithmetic in a zone with daylight saving
    # adds wall-clock days (95 hours across New York's spring change)
    end = start.astimezone(dt.UTC) + dt.timedelta(days=days)
    firsts = []
    for rec in recs:
        check_record(rec, start, end)
        firsts.append(_at(rec["events"][0]["at"]))
    assert sorted(firsts) == firsts
    assert len({r["ticket_id"] for r in recs}) == n


@settings(max_examples=25)
@given(seed=synthetic_seeds, n=st.integers(1, 30))
def test_any_seed_is_reproducible(seed: int, n: int) -> None:
    assert list(generate_tickets(n, seed=seed, start=START)) == list(
        generate_tickets(n, seed=seed, start=START)
    )


# -- limits ---------------------------------------------------------------------------

#: A calendar without holiday data: any period of the supported years is covered.
ALWAYS = calendars.default("24x7")


@pytest.mark.parametrize(
    ("kwargs", "line"),
    [
        ({"n": 10**9 + 1, "days": 1},
         "n: 1000000001; use at most 1,000,000,000 tickets in one call (the limit)"),
        ({"n": 10**12},
         "n: 1000000000000; use at most 1,000,000,000 tickets in one call (the limit)"),
        ({"n": 10**8},
         "n: 100000000 tickets at 922 a day take 108,460 days; "
         "pass days= (at most 3,660, the limit) or fewer tickets"),
        ({"n": 10**6, "days": 3661},
         "days: 3661; use a period of at most 3,660 days (the limit)"),
        ({"n": 1, "days": 10**30},
         "days: 1000000000000000000000000000000; use a period of at most 3,660 days (the limit)"),
        ({"n": 1, "seed": 2**128},
         "seed: 340282366920938463463374607431768211456; use a seed of at most 128 bits "
         "(-2**128 < seed < 2**128, the limit), e.g. uuid.uuid4().int"),
        ({"n": 1, "seed": -(2**128)},
         "seed: -340282366920938463463374607431768211456; use a seed of at most 128 bits "
         "(-2**128 < seed < 2**128, the limit), e.g. uuid.uuid4().int"),
        ({"n": 1, "seed": 7**(10**5)},
         "seed: an integer of 280,736 bits; use a seed of at most 128 bits "
         "(-2**128 < seed < 2**128, the limit), e.g. uuid.uuid4().int"),
        ({"n": 1, "days": 3000, "start": dt.datetime(9999, 1, 1, tzinfo=dt.UTC),
          "calendar": ALWAYS},
         "start: 9999-01-01 00:00:00+00:00 with days=3000 runs past the year 9999; "
         "start earlier or pass fewer days"),
        ({"n": 1, "start": dt.datetime(1, 3, 1, tzinfo=dt.UTC), "calendar": ALWAYS},
         "start: 0001-03-01 00:00:00+00:00 with days=1 runs past the year 1; "
         "start later (opt-outs reach 401 days back)"),
    ],
)  # fmt: skip
def test_limits_are_refused_up_front_naming_field_value_and_limit(
    kwargs: dict[str, Any], line: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from complaintflow.synthetic import _generate

    def no_work(*args: object) -> None:
        raise AssertionError("the period's tables were built before refusing")

    monkeypatch.setattr(_generate, "_Plan", no_work)
    arguments: dict[str, Any] = {"seed": 1, "start": START, **kwargs}
    with pytest.raises(ValidationError) as info:
        generate_tickets(**arguments)
    assert [line] == [str(p) for p in info.value.problems]


def test_the_limits_themselves_are_allowed() -> None:
    assert next(generate_tickets(10**9, seed=2**128 - 1, start=START, days=1))
    assert next(generate_tickets(1, seed=-(2**128 - 1), start=START))
    start = dt.datetime(2031, 1, 1, tzinfo=CST)
    assert list(generate_tickets(2, seed=1, start=start, days=3660, calendar=ALWAYS))


def test_flow8_every_generated_complaint_closes_after_its_recorded_return_visit(
    sample: list[Rec],
) -> None:
    """Replay closes generated complaints: each close follows a return visit recorded
    reached or unreachable (FU-3), an unreachable one after the calls it made."""
    closed = unreachable = 0
    for rec in sample:
        if rec["workflow"] != "complaint":
            continue
        names = [e["name"] for e in rec["events"]]
        if "close" not in names or ("reject" in names and "dispute" not in names):
            continue
        closed += 1
        [visit] = [e for e in rec["events"] if e["name"] == "record_return_visit"]
        assert names.index("record_return_visit") < names.index("close")
        outcome = visit["payload"]["visit_outcome"]
        assert outcome in ("reached", "unreachable")
        if outcome == "unreachable":
            unreachable += 1
            calls = [f for f in rec["followups"] if f["purpose"] == "service"]
            assert visit["payload"]["attempts"] == len(calls)
            assert all(f["outcome"] not in ("reached", "refused") for f in calls)
    assert closed > 100
    assert unreachable > 5


# -- partitions -----------------------------------------------------------------------


def _partitions(n: int, parts: int, order: range | None = None, **kw: Any) -> list[list[Rec]]:
    ks = range(parts) if order is None else order
    return [list(generate_tickets(n, part=(k, parts), **kw)) for k in ks]


@settings(max_examples=25)
@given(seed=synthetic_seeds, n=st.integers(0, 60))
def test_one_partition_is_the_unpartitioned_stream(seed: int, n: int) -> None:
    assert list(generate_tickets(n, seed=seed, start=START)) == list(
        generate_tickets(n, seed=seed, start=START, part=(0, 1))
    )


@settings(max_examples=40, deadline=None)
@given(
    seed=synthetic_seeds,
    start=synthetic_starts,
    n=st.integers(0, 80),
    days=st.integers(1, 4),
    parts=st.integers(1, 12),
)
def test_partitions_chained_in_order_are_one_valid_export(
    seed: int, start: dt.datetime, n: int, days: int, parts: int
) -> None:
    kw: dict[str, Any] = {"seed": seed, "start": start, "days": days}
    chunks = _partitions(n, parts, **kw)
    # each partition is computed on its own: generating them backwards changes nothing
    assert chunks == _partitions(n, parts, range(parts - 1, -1, -1), **kw)[::-1]
    assert [(k + 1) * n // parts - k * n // parts for k in range(parts)] == [len(c) for c in chunks]
    chained = [rec for chunk in chunks for rec in chunk]
    whole = list(generate_tickets(n, **kw))
    assert [r["ticket_id"] for r in whole] == [r["ticket_id"] for r in chained]
    end = start.astimezone(dt.UTC) + dt.timedelta(days=days)  # days of 24 hours
    firsts = [_at(r["events"][0]["at"]) for r in chained]
    assert sorted(firsts) == firsts
    customers: dict[str, JSON] = {}
    for rec in chained:
        check_record(rec, start, end)
        assert customers.setdefault(rec["customer"]["id"], rec["customer"]) == rec["customer"]


@settings(max_examples=15, deadline=None)
@given(seed=synthetic_seeds, n=st.integers(0, 60), parts=st.integers(1, 6))
def test_the_workers_reports_merge_into_the_report_of_the_chained_stream(
    seed: int, n: int, parts: int
) -> None:
    from complaintflow import default_policy
    from complaintflow.policy import replay

    kw: dict[str, Any] = {"seed": seed, "start": START, "days": 2}
    now = START + dt.timedelta(days=2)
    policy = default_policy()
    reports = [
        replay(generate_tickets(n, part=(k, parts), **kw), policy, now=now) for k in range(parts)
    ]
    merged = reports[0]
    for report in reports[1:]:
        merged = merged + report
    chained = itertools.chain.from_iterable(
        generate_tickets(n, part=(k, parts), **kw) for k in range(parts)
    )
    assert replay(chained, policy, now=now) == merged


def test_partitions_keep_the_arrival_density() -> None:
    by_hour = [collections.Counter[int](), collections.Counter[int]()]
    for which, parts in enumerate((1, 16)):
        for chunk in _partitions(30_000, parts, seed=9, start=START, days=7):
            by_hour[which].update(_at(r["events"][0]["at"]).hour for r in chunk)
    for hour in range(24):  # counts of ~100 to ~3,600 per hour: within 5 sigma
        a, b = by_hour[0][hour], by_hour[1][hour]
        assert abs(a - b) <= 5 * (a + b) ** 0.5, (hour, a, b)


def test_the_last_of_many_partitions_is_quick_and_small() -> None:
    last = list(generate_tickets(10**6, seed=1, start=START, days=300, part=(99_999, 100_000)))
    assert ["T2026-0999991", "T2026-1000000"] == [last[0]["ticket_id"], last[-1]["ticket_id"]]
    assert 10 == len(last)


@pytest.mark.parametrize(
    ("part", "line"),
    [
        ((0, 0), "part: parts=0; use 1 to 100,000 partitions"),
        ((0, 100_001), "part: parts=100001; use 1 to 100,000 partitions"),
        ((3, 3), "part: k=3; use a partition from 0 to 2"),
        ((-1, 3), "part: k=-1; use a partition from 0 to 2"),
    ],
)
def test_bad_partitions_are_refused_naming_the_limit(part: tuple[int, int], line: str) -> None:
    with pytest.raises(ValidationError) as info:
        generate_tickets(10, seed=1, start=START, part=part)
    assert [line] == [str(p) for p in info.value.problems]


@pytest.mark.parametrize("part", [[0, 2], (0,), (0, 1, 2), (0.0, 2), (True, 2), "0/2"])
def test_a_partition_that_is_not_a_pair_of_integers_is_a_wrong_type(part: object) -> None:
    with pytest.raises(WrongTypeError) as info:
        generate_tickets(10, seed=1, start=START, part=part)  # type: ignore[arg-type]
    assert "part" == info.value.field
    assert "expected None or a pair of integers (k, parts)" in str(info.value)
