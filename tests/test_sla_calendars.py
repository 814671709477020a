"""Per-ticket calendars: a ticket's attribute (``calendar_by``), or the calendar passed
with it, chooses the calendar of the targets that select theirs per ticket."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow._time import from_us, get_timezone
from complaintflow.policy._report import report_of
from strategies import SLA_OFFICE, SLA_T0, US_PER_S, sla_histories, sla_policies

TZ = get_timezone("Asia/Shanghai")
#: A regional office with other holidays and hours.
SOUTH = cf.BusinessCalendar.from_dict(
    {
        "timezone": "Asia/Shanghai",
        "hours": {"mon-fri": ["08:00-12:00", "14:30-17:30"]},
        "holidays": ["2026-11-03", "2026-11-04"],
    }
)
#: A customer in another time zone.
LONDON = cf.BusinessCalendar.from_dict(
    {"timezone": "Europe/London", "hours": {"mon-fri": ["09:00-17:00"]}}
)
CALENDARS = {"office": SLA_OFFICE, "south": SOUTH, "london": LONDON}


def at(us: int) -> dt.datetime:
    return from_us(us, TZ)


def selecting(policy: cf.sla.SlaPolicy, **changes: Any) -> cf.sla.SlaPolicy:
    """``policy`` with its ``main`` target selecting its calendar by ``region``."""
    changes = {"calendar_by": "region"} | changes
    return attrs.evolve(
        policy, calendars=CALENDARS, targets=[
            attrs.evolve(t, calendar_by=None if t.name == "main" else False)
            for t in policy.targets
        ], **changes,
    )  # fmt: skip


def direct(policy: cf.sla.SlaPolicy, calendar: cf.BusinessCalendar) -> cf.sla.SlaPolicy:
    """``policy`` with its ``main`` target on ``calendar`` itself."""
    return attrs.evolve(
        policy,
        targets=[
            attrs.evolve(t, calendar=calendar) if t.name == "main" else t for t in policy.targets
        ],
    )


def _policy(**changes: Any) -> cf.sla.SlaPolicy:
    target = cf.sla.SlaTarget(
        "main", "SLA-3", cf.Duration.parse("4 business hours"), SLA_OFFICE,
        start=("s",), stop=("x",),
    )  # fmt: skip
    hotline = cf.sla.SlaTarget(
        "answer", "SLA-1", cf.Duration.parse("15 business seconds"),
        cf.calendars.default("24x7"), start=("ring",), stop=("pick",), calendar_by=False,
    )  # fmt: skip
    return cf.sla.SlaPolicy(
        [target, hotline], calendars=CALENDARS, calendar_by="region", kinds=("n",), **changes
    )


MONDAY_10 = SLA_T0 + 10 * 3600 * US_PER_S  # Mon 2026-11-02 10:00 +08:00
LOG = [("s", MONDAY_10)]
NOW = at(SLA_T0 + 6 * 86400 * US_PER_S)


def deadline(report: cf.sla.SlaReport) -> str:
    d = report.status("main").deadline
    assert d is not None
    return d.isoformat()


# -- examples -------------------------------------------------------------------------


def test_the_attribute_names_the_calendar() -> None:
    p = _policy()
    plain = cf.sla.evaluate(p, LOG, NOW)
    south = cf.sla.evaluate(p, LOG, NOW, attributes={"region": "south"})
    london = cf.sla.evaluate(p, LOG, NOW, attributes={"region": "london"})
    assert deadline(plain) == "2026-11-02T15:30:00+08:00"  # lunch 12:00-13:30
    # Mon 10:00-12:00 and 14:30-16:30 in the south's hours.
    assert deadline(south) == "2026-11-02T16:30:00+08:00"
    # 10:00 in Shanghai is 02:00 in London, which opens at 09:00: four hours later is 13:00.
    assert deadline(london) == "2026-11-02T13:00:00+00:00"
    assert london.status("main").timezone == "Europe/London"


def test_a_target_that_opts_out_keeps_its_calendar() -> None:
    p = _policy()
    assert p.selecting() == ("main",)
    assert p.effective("answer", {"region": "london"}).calendar == cf.calendars.default("24x7")


def test_an_unknown_value_is_the_tickets_error_naming_field_value_and_calendars() -> None:
    with pytest.raises(cf.errors.UnknownCalendarError) as info:
        cf.sla.evaluate(_policy(), LOG, NOW, ticket="T9", attributes={"region": "mars"})
    e = info.value
    assert (e.ticket, e.field, e.value, e.known) == (
        "T9", "attributes.region", "mars", ("london", "office", "south")
    )  # fmt: skip
    for part in ("'mars'", "'south'", "T9"):
        assert part in str(e)


def test_an_unknown_value_set_by_an_event_is_the_tickets_error() -> None:
    events = [*LOG, ("n", MONDAY_10 + 60 * US_PER_S, {"region": "mars"})]
    with pytest.raises(cf.errors.UnknownCalendarError, match=r"attributes\.region"):
        cf.sla.evaluate(_policy(), events, NOW, ticket="T1")


def test_the_fallback_keeps_the_targets_calendar_only_when_the_policy_says_so() -> None:
    p = _policy(calendar_fallback=True)
    report = cf.sla.evaluate(p, LOG, NOW, attributes={"region": "mars"})
    assert deadline(report) == deadline(cf.sla.evaluate(p, LOG, NOW))


def test_an_attribute_change_moves_a_running_clock_to_the_new_calendar() -> None:
    events = [*LOG, ("n", MONDAY_10 + 3600 * US_PER_S, {"region": "south"})]
    moved = cf.sla.evaluate(_policy(), events, NOW)
    # Recomputed from the start on the new calendar, as for an override's calendar.
    assert deadline(moved) == "2026-11-02T16:30:00+08:00"


def test_a_calendar_passed_with_the_ticket_wins_over_the_attribute() -> None:
    p = _policy()
    by_name = cf.sla.evaluate(p, LOG, NOW, attributes={"region": "south"}, calendar="london")
    by_object = cf.sla.evaluate(p, LOG, NOW, attributes={"region": "mars"}, calendar=LONDON)
    assert deadline(by_name) == deadline(by_object) == "2026-11-02T13:00:00+00:00"


def test_an_overrides_calendar_wins_over_the_tickets() -> None:
    always = cf.calendars.default("24x7")
    p = _policy(
        overrides=[cf.sla.SlaOverride("main", {"tier": "vip"}, calendar=always)],
        precedence=("tier",),
    )
    vip = {"region": "south", "tier": "vip"}
    for report in (
        cf.sla.evaluate(p, LOG, NOW, attributes=vip),
        cf.sla.evaluate(p, LOG, NOW, attributes=vip, calendar="london"),
    ):
        assert deadline(report) == "2026-11-02T14:00:00+08:00"


def test_a_calendar_passed_to_a_policy_that_selects_none_is_refused() -> None:
    p = cf.sla.SlaPolicy(_policy().targets[:1])
    with pytest.raises(cf.errors.UnknownCalendarError, match="no target of the SLA policy"):
        cf.sla.evaluate(p, LOG, NOW, ticket="T1", calendar=LONDON)
    with pytest.raises(cf.errors.UnknownCalendarError) as info:
        cf.sla.evaluate(_policy(), LOG, NOW, ticket="T1", calendar="mars")
    assert (info.value.ticket, info.value.field, info.value.value) == ("T1", "calendar", "mars")
    with pytest.raises(cf.errors.WrongTypeError, match="calendar"):
        cf.sla.evaluate(_policy(), LOG, NOW, calendar=["london"])  # type: ignore[arg-type]


def test_evaluate_many_takes_a_calendar_with_each_ticket_and_tallies_by_region() -> None:
    p = _policy()
    reports = list(
        cf.sla.evaluate_many(
            p, [("A", LOG, {"region": "south"}), ("B", LOG, {}, "london"), ("C", LOG)], NOW
        )
    )
    assert [deadline(r) for r in reports] == [
        "2026-11-02T16:30:00+08:00", "2026-11-02T13:00:00+00:00", "2026-11-02T15:30:00+08:00"
    ]  # fmt: skip
    rows = cf.sla.aggregate(reports, by=["region"])
    assert {(r["target"], r["region"]) for r in rows} >= {("main", "south"), ("main", None)}
    with pytest.raises(cf.errors.UnknownCalendarError, match="ticket 'D'"):
        list(cf.sla.evaluate_many(p, [("D", LOG, {"region": "mars"})], NOW))


# -- the policy format -------------------------------------------------------------------

_TARGET = {
    "name": "main", "rule": "SLA-3", "within": "4 business hours", "calendar": "office",
    "start": ["s"], "stop": ["x"],
}  # fmt: skip


def _data(**sla: Any) -> dict[str, Any]:
    data = cf.policy.default_data()
    data["calendars"]["south"] = {
        "timezone": "Asia/Shanghai",
        "hours": {"mon-fri": ["08:00-12:00", "14:30-17:30"]},
    }
    data["sla"] |= sla
    return data


def test_a_bundle_selects_among_its_calendars_by_name() -> None:
    data = _data(calendar_by="region")
    data["sla"]["targets"][0]["calendar_by"] = False  # the hotline answers everywhere
    policy = cf.policy.Policy.from_dict(data)
    assert "answer" not in policy.sla.selecting()
    assert {"south", "office", "hotline", "24x7"} <= set(policy.sla.calendars)
    assert cf.policy.Policy.from_toml(policy.to_toml()) == policy
    reply = policy.sla.effective("reply", {"region": "south"})
    assert reply.calendar == policy.calendars["south"]
    with pytest.raises(TypeError):
        policy.sla.calendars["x"] = SOUTH  # type: ignore[index]


def test_every_problem_of_the_calendar_selection_is_reported_with_its_path() -> None:
    data = _data(calendar_by=3, calendar_fallback="yes")
    data["sla"]["targets"][1]["calendar_by"] = ""
    with pytest.raises(cf.errors.ValidationError) as info:
        cf.policy.Policy.from_dict(data)
    paths = {p.path for p in info.value.problems}
    assert {"sla.calendar_by", "sla.calendar_fallback", "sla.targets[1].calendar_by"} <= paths
    with pytest.raises(cf.errors.ValidationError, match="calendar_fallback: is set, but no"):
        cf.sla.SlaPolicy.from_dict({"targets": [_TARGET], "calendar_fallback": True},
                                   calendars={"office": SLA_OFFICE})  # fmt: skip
    with pytest.raises(cf.errors.ValidationError, match="calendars: names no calendar"):
        attrs.evolve(_policy(), calendars={})


def test_the_schema_knows_the_new_keys() -> None:
    schema = cf.policy.policy_json_schema()
    sla = schema["properties"]["sla"]  # type: ignore[index]
    assert {"calendar_by", "calendar_fallback"} <= set(sla["properties"])  # type: ignore[index]
    target = sla["properties"]["targets"]["items"]  # type: ignore[index]
    assert "calendar_by" in target["properties"]  # type: ignore[index]
    record = cf.data.json_schema("ticket-record")
    assert "calendar" in record["properties"]  # type: ignore[operator]


# -- replay -----------------------------------------------------------------------------


def _records(n: int) -> list[dict[str, Any]]:
    start = cf.parse_instant("2026-03-02T00:00:00+08:00")
    records = list(cf.synthetic.generate_tickets(n, seed=5, start=start, days=2))
    regions = ["south", "office", None]
    for i, r in enumerate(records):
        if regions[i % 3] is not None:
            r["region"] = regions[i % 3]
    return records


REPLAY_NOW = cf.parse_instant("2026-03-09T00:00:00+08:00")


def _bundle() -> cf.policy.Policy:
    data = _data(calendar_by="region")
    data["sla"]["targets"][0]["calendar_by"] = False
    return cf.policy.Policy.from_dict(data)


def test_replay_selects_calendars_by_attribute_and_counts_as_the_outcomes_do() -> None:
    policy, records = _bundle(), _records(60)
    outcomes = list(cf.policy.replay_tickets(records, policy, now=REPLAY_NOW))
    assert all(o.error is None for o in outcomes)
    report = cf.policy.replay(records, policy, now=REPLAY_NOW)
    assert report == report_of(outcomes, policy.replay.segment_by)
    plain = cf.policy.replay(_records(60), cf.default_policy(), now=REPLAY_NOW)
    assert report != plain  # the southern office's hours change the verdicts


def test_a_record_names_its_calendar_and_a_bad_name_fails_that_ticket_only() -> None:
    policy = _bundle()
    records = _records(6)
    records[0]["calendar"] = "south"
    records[1]["calendar"] = "mars"
    records[2]["region"] = "atlantis"
    records[3]["calendar"] = 7
    outcomes = list(cf.policy.replay_tickets(records, policy, now=REPLAY_NOW))
    assert outcomes[0].error is None
    errors = [str(o.error) for o in outcomes[1:4]]
    assert errors[0].startswith("calendar: 'mars' names no calendar"), errors[0]
    assert errors[1].startswith("region: 'atlantis' names no calendar"), errors[1]
    assert errors[2].startswith("calendar: 7 is not the name"), errors[2]
    report = cf.policy.replay(records, policy, now=REPLAY_NOW)
    assert dict(report.failed) == {("calendar",): 2, ("region",): 1}
    assert report == report_of(outcomes, policy.replay.segment_by)
    rows = cf.policy.compare(records, policy, cf.default_policy(), now=REPLAY_NOW)
    assert rows


def test_a_record_calendar_equals_the_attribute_that_names_it() -> None:
    policy = _bundle()
    by_attr, by_name = _records(30), _records(30)
    for a, b in zip(by_attr, by_name, strict=True):
        a["region"] = "south"
        b.pop("region", None)
        b["calendar"] = "south"
    ta = list(cf.policy.replay_tickets(by_attr, policy, now=REPLAY_NOW))
    tb = list(cf.policy.replay_tickets(by_name, policy, now=REPLAY_NOW))
    assert [o.sla.targets for o in ta] == [o.sla.targets for o in tb]  # type: ignore[union-attr]


# -- properties ---------------------------------------------------------------------------

regions = st.sampled_from(sorted(CALENDARS))


def outcome(fn: Any) -> object:
    """The report ``fn`` gives, or the error it raises (a deadline at a time of day
    outside a calendar's open hours is refused for the ticket on that calendar)."""
    try:
        return fn()
    except cf.errors.ComplaintflowError as e:
        return (type(e), str(e))


@settings(max_examples=60)
@given(sla_policies(), sla_histories(), regions, st.integers(0, 5 * 86400))
def test_selecting_a_calendar_gives_the_report_of_the_target_on_it(policy, events, region, s):
    now = at(events[-1][1] + s * US_PER_S)
    chosen = outcome(
        lambda: cf.sla.evaluate(selecting(policy), events, now, attributes={"region": region})
    )
    plain = outcome(lambda: cf.sla.evaluate(direct(policy, CALENDARS[region]), events, now,
                                            attributes={"region": region}))  # fmt: skip
    assert chosen == plain


@settings(max_examples=60)
@given(sla_policies(), sla_histories(), regions, regions, st.integers(0, 5 * 86400))
def test_a_calendar_passed_with_the_ticket_equals_the_attribute_naming_it(
    policy, events, region, other, s
):
    now = at(events[-1][1] + s * US_PER_S)
    p = selecting(policy)
    by_attr = outcome(lambda: cf.sla.evaluate(p, events, now, attributes={"region": region}))
    passed = outcome(
        lambda: cf.sla.evaluate(p, events, now, attributes={"region": other}, calendar=region)
    )
    if isinstance(passed, tuple):
        assert passed == by_attr
    else:
        assert passed.targets == by_attr.targets  # type: ignore[attr-defined]
    many = outcome(
        lambda: next(cf.sla.evaluate_many(p, [(None, events, {"region": other}, region)], now))
    )
    assert many == passed


@settings(max_examples=60)
@given(sla_policies(), sla_histories(), regions, st.integers(0, 5 * 86400))
def test_a_policy_without_the_feature_is_unchanged(policy, events, region, s):
    now = at(events[-1][1] + s * US_PER_S)
    attributes = {"region": region}
    before = outcome(lambda: cf.sla.evaluate(policy, events, now, attributes=attributes))
    with_names = attrs.evolve(policy, calendars=CALENDARS)  # named, but nothing selects
    assert (
        outcome(lambda: cf.sla.evaluate(with_names, events, now, attributes=attributes)) == before
    )
    opted_out = selecting(policy, calendar_by=None)
    assert outcome(lambda: cf.sla.evaluate(opted_out, events, now, attributes=attributes)) == before


def test_diff_says_what_changed_in_the_calendar_selection() -> None:
    a = _bundle()
    b = a.with_({"sla.calendar_by": "province", "sla.targets[reply].calendar_by": False})
    texts = [str(c) for c in a.diff(b)]
    assert "SLA calendar_by changed from 'region' to 'province'" in texts
    assert "SLA target reply (SLA-3): calendar_by changed from None to false" in texts


@settings(max_examples=10, deadline=None)
@given(st.lists(st.sampled_from(["south", "office", "24x7", None, "mars"]), min_size=12,
                max_size=12), st.lists(st.sampled_from([None, "south", "hotline", "x"]),
                                       min_size=12, max_size=12))  # fmt: skip
def test_replay_counts_what_the_outcomes_say_whatever_the_calendars(regions_, names):
    policy, records = _bundle(), _records(12)
    for r, region, name in zip(records, regions_, names, strict=True):
        if region is not None:
            r["region"] = region
        if name is not None:
            r["calendar"] = name
    outcomes = list(cf.policy.replay_tickets(records, policy, now=REPLAY_NOW))
    assert cf.policy.replay(records, policy, now=REPLAY_NOW) == report_of(
        outcomes, policy.replay.segment_by
    )
    for o, region, name in zip(outcomes, regions_, names, strict=True):
        bad = name == "x" or (name is None and region == "mars")
        assert (o.error is not None) == bad, o.error


def test_a_policy_with_named_calendars_pickles_whole() -> None:
    assert pickle.loads(pickle.dumps(cf.default_policy().sla)) == cf.default_policy().sla
    policy = _policy(calendar_fallback=True)
    again = pickle.loads(pickle.dumps(policy))
    assert again == policy
    assert again.calendars == CALENDARS
    region = {"region": "south"}
    assert cf.sla.evaluate(again, LOG, NOW, attributes=region) == cf.sla.evaluate(
        policy, LOG, NOW, attributes=region
    )


@settings(max_examples=40)
@given(sla_policies(), sla_histories(), st.text(min_size=1, max_size=8), st.integers(0, 86400))
def test_the_fallback_counts_an_unknown_value_as_no_value(policy, events, value, s):
    now = at(events[-1][1] + s * US_PER_S)
    p = selecting(policy, calendar_fallback=True)
    assume(value not in CALENDARS)
    got = cf.sla.evaluate(p, events, now, attributes={"region": value})
    assert got.targets == cf.sla.evaluate(p, events, now).targets
    with pytest.raises(cf.errors.UnknownCalendarError):
        cf.sla.evaluate(selecting(policy), events, now, attributes={"region": value})


def test_the_default_policy_selects_no_calendar() -> None:
    sla = cf.default_policy().sla
    assert sla.selecting() == ()
    assert dict(sla.calendars) == {}
    assert sla.calendar_by is None
    assert sla.calendar_fallback is False


def test_compare_and_histories_read_the_calendar_attribute_of_the_side_that_selects() -> None:
    """A side whose SLA policy selects calendars by an attribute the other side's
    replay does not read still reads it: a record is shared between the two sides
    only when both read the same fields."""
    d = cf.default_policy().to_dict()
    d["calendars"]["london"] = {
        "timezone": "Europe/London", "hours": {"mon-sun": ["00:00-24:00"]},
        "valid_from": "2026-01-01", "valid_until": "2026-12-31",
    }  # fmt: skip
    plain = cf.Policy.from_dict(d)
    d["sla"]["calendar_by"] = "region"  # not one of replay.fields
    regional = cf.Policy.from_dict(d)
    start = cf.parse_instant("2026-03-02T00:00:00+08:00")
    records = list(cf.synthetic.generate_tickets(40, seed=3, start=start, days=2))
    for r in records:
        r["region"] = "london"
    now = start.add(days=6)
    alone = {
        r["target"]: (r["met"], r["breached"])
        for r in cf.policy.replay(records, regional, now=now).sla_records()
    }
    rows = cf.policy.compare(records, plain, regional, now=now)
    assert alone == {r["target"]: (r["met_b"], r["breached_b"]) for r in rows if "target" in r}
    history = cf.policy.PolicyHistory(
        [(start.subtract(days=30), plain), (start.subtract(days=1), regional)]
    )
    judged = list(cf.policy.replay_tickets(records[:3], history, now=now))
    assert [o.sla for o in judged] == [
        o.sla for o in cf.policy.replay_tickets(records[:3], regional, now=now)
    ]
