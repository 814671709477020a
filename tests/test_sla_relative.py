"""Deadlines at a time of day and due dates the ticket gives (complaintflow.sla)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow._time import from_us, get_timezone
from complaintflow.calendars import Duration, DurationKind
from strategies import SLA_OFFICE, SLA_T0, US_PER_S, sla_office_times

TZ = get_timezone("Asia/Shanghai")
H = 3600 * US_PER_S


def t(s: str) -> dt.datetime:
    return cf.parse_instant(f"2026-11-{s}+08:00")


def reply(within: str | Duration, calendar: cf.BusinessCalendar = SLA_OFFICE, **kw: object):
    target = cf.sla.SlaTarget(
        "reply", "SLA-3", Duration.parse(within), calendar,
        start=("s",), stop=("x",), pause=("p",), resume=("r",), **kw,
    )  # fmt: skip
    return cf.sla.SlaPolicy([target], kinds=("n", "u"))


# -- the grammar ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("1 business day by 16:00", "1 business day by 16:00"),
        ("next business day by 16:00", "1 business day by 16:00"),
        ("Next Business Day By 9:05", "1 business day by 09:05"),
        ("same business day by 17:00", "same business day by 17:00"),
        ("0 business days by 17:00", "same business day by 17:00"),
        ("3 business days by 23:59", "3 business days by 23:59"),
        ("end of the 1st business day", "1 business day"),
        ("end of the 2nd business day", "2 business days"),
        ("end of the 3rd business day", "3 business days"),
        ("end of the 11th business day", "11 business days"),
        ("end of the 22nd business day", "22 business days"),
        ("due at event field promised_at", "due at event field promised_at"),
        ("DUE AT TICKET ATTRIBUTE Promised.At-2", "due at ticket attribute Promised.At-2"),
    ],
)
def test_the_relative_forms_and_their_canonical_text(text: str, canonical: str) -> None:
    d = Duration.parse(text)
    assert canonical == str(d) == d.to_data()
    assert d == Duration.parse(canonical)


def test_end_of_the_nth_business_day_is_n_business_days() -> None:
    for n in (1, 2, 5, 21, 112):
        suffix = {1: "st", 2: "nd", 21: "st", 112: "th"}.get(n, "th")
        assert Duration.business_days(n) == Duration.parse(f"end of the {n}{suffix} business day")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("end of the 2th business day", "write the 2nd business day"),
        ("end of the 12nd business day", "write the 12th business day"),
        ("end of the 0th business day", "no 0th business day"),
        ("end of the second business day", "not an ordinal"),
        ("end of the 999999999th business day", "the longest"),
        ("1 business day by 24:00", "from 00:00 to 23:59"),
        ("1 business day by 16:60", "from 00:00 to 23:59"),
        ("1 business day by 16", "HH:MM"),
        ("1 business day by noon", "HH:MM"),
        ("next business days by 16:00", "write 'next business day by 16:00'"),
        ("9999999 business days by 16:00", "the longest"),
        ("9" * 5000 + " business days by 16:00", "the longest"),
        ("due at event field", "not a relative duration"),
        ("due at event field 9lives", "not a field name"),
        ("due at ticket attribute " + "x" * 65, "not a field name"),
        ("due from field promised_at", "not a relative duration"),
        ("by 16:00", "not a relative duration"),
        ("next week", "not a relative duration"),
    ],
)
def test_every_bad_relative_form_is_a_duration_error(text: str, says: str) -> None:
    with pytest.raises(cf.errors.DurationError) as e:
        Duration.parse(text, "within")
    assert says in str(e.value)
    assert e.value.field == "within"
    assert e.value.value == text


def test_values_are_checked_when_built() -> None:
    with pytest.raises(cf.errors.DurationError, match="whole minutes"):
        Duration.business_days(1, by=dt.time(16, 0, 30))
    with pytest.raises(cf.errors.DurationError, match="local time"):
        Duration.business_days(1, by=dt.time(16, tzinfo=dt.UTC))
    with pytest.raises(cf.errors.DurationError, match="belongs to business days only"):
        Duration(DurationKind.CALENDAR, days=1, by=dt.time(16))
    with pytest.raises(cf.errors.DurationError, match="not one of"):
        Duration.due_at("customer", "promised_at")
    with pytest.raises(cf.errors.DurationError, match="not a field name"):
        Duration.due_at("event", "")
    with pytest.raises(cf.errors.DurationError, match="no amount"):
        Duration(DurationKind.DUE_FIELD, days=1, source="event", field="x")
    with pytest.raises(cf.errors.DurationError, match="positive"):
        Duration.business_days(0)


_relative = st.one_of(
    st.builds(
        Duration.business_days,
        st.integers(0, 110_000),
        by=st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)),
    ),
    st.builds(
        Duration.due_at,
        st.sampled_from(["event", "ticket"]),
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,63}", fullmatch=True),
    ),
)


@given(_relative)
def test_parse_of_str_is_the_duration(d: Duration) -> None:
    assert d == Duration.parse(str(d)) == Duration.parse(d.to_data())
    assert d == cf.data.from_data(Duration, cf.data.to_data(d))


# -- deadlines at a time of day ----------------------------------------------------------


def test_next_business_day_by_16_and_the_same_business_day() -> None:
    policy = reply("next business day by 16:00")
    s = cf.sla.evaluate(policy, [("s", int(t("20T17:00").timestamp() * US_PER_S))], t("23T10:00"))
    assert s.status("reply").deadline.isoformat() == "2026-11-23T16:00:00+08:00"  # Friday -> Monday
    same = reply("same business day by 17:00")
    us = lambda s: int(t(s).timestamp() * US_PER_S)  # noqa: E731
    cases = {
        "23T09:00": "2026-11-23T17:00:00+08:00",  # a business day, before 17:00: that day
        "23T17:00": "2026-11-24T17:00:00+08:00",  # at 17:00: the next business day
        "23T20:00": "2026-11-24T17:00:00+08:00",
        "21T10:00": "2026-11-23T17:00:00+08:00",  # a Saturday: the next business day
        "10T18:30": "2026-11-12T17:00:00+08:00",  # the day before the 11th (a holiday)
    }
    for start, deadline in cases.items():
        s = cf.sla.evaluate(same, [("s", us(start))], t("24T20:00")).status("reply")
        assert deadline == s.deadline.isoformat(), start


def test_the_budget_is_the_open_time_to_the_deadline_and_a_pause_extends_it() -> None:
    policy = reply("1 business day by 16:00", warnings=(0.5,))
    us = lambda s: int(t(s).timestamp() * US_PER_S)  # noqa: E731
    start = us("23T10:00")  # Monday; due Tuesday 16:00
    s = cf.sla.evaluate(policy, [("s", start)], t("23T10:00")).status("reply")
    # Monday 10:00-12:00 and 13:30-18:00, Tuesday 09:00-12:00 and 13:30-16:00.
    assert s.budget_us == (2 + 4.5 + 3 + 2.5) * H
    # Half of 12 open hours: Monday 17:30.
    late = cf.sla.evaluate(policy, [("s", start)], t("24T17:00")).status("reply")
    assert [from_us(w, TZ).isoformat() for _, w in late.warnings_us] == [
        "2026-11-23T17:30:00+08:00"
    ]
    assert late.breached_at.isoformat() == "2026-11-24T16:00:00+08:00"
    # One open hour paused on Monday: due an open hour later, Tuesday 17:00.
    paused = [("s", start), ("p", us("23T11:00")), ("r", us("23T12:00"))]
    s = cf.sla.evaluate(policy, paused, t("23T13:00")).status("reply")
    assert s.deadline.isoformat() == "2026-11-24T17:00:00+08:00"
    # A pause inside closed hours changes nothing.
    night = [("s", start), ("p", us("23T19:00")), ("r", us("24T08:00"))]
    s = cf.sla.evaluate(policy, night, t("24T09:00")).status("reply")
    assert s.deadline.isoformat() == "2026-11-24T16:00:00+08:00"


@pytest.mark.parametrize("at", ["08:00", "09:00", "12:30", "13:30", "19:00"])
def test_a_deadline_at_a_closed_time_is_refused(at: str) -> None:
    policy = reply(f"next business day by {at}")
    with pytest.raises(cf.errors.DurationError) as e:
        cf.sla.evaluate(policy, [("s", SLA_T0 + 10 * H)], from_us(SLA_T0 + 11 * H, TZ))
    assert e.value.field == "within"
    assert e.value.rule == "SLA-3"
    assert f"2026-11-03 at {at}" in str(e.value)
    # A closing time is fine: the open time runs out then.
    fine = reply("next business day by 12:00")
    s = cf.sla.evaluate(fine, [("s", SLA_T0 + 10 * H)], from_us(SLA_T0 + 11 * H, TZ))
    assert s.status("reply").deadline.isoformat() == "2026-11-03T12:00:00+08:00"


def test_calendars_add_the_time_of_day_form_and_refuse_a_due_date() -> None:
    assert SLA_OFFICE.add(t("20T17:00"), "next business day by 08:00").isoformat() == (
        "2026-11-23T08:00:00+08:00"  # a calendar gives the wall time, open or not
    )
    with pytest.raises(cf.errors.DurationError, match="read from a ticket"):
        SLA_OFFICE.add(t("20T17:00"), "due at event field promised_at")


def test_a_time_in_a_dst_gap_is_the_end_of_the_gap() -> None:
    berlin = cf.BusinessCalendar.from_dict(
        {"timezone": "Europe/Berlin", "hours": {"mon-sun": ["00:00-24:00"]}}
    )
    saturday = cf.parse_instant("2026-03-28T12:00:00+01:00")
    assert berlin.add(saturday, "next business day by 02:30").isoformat() == (
        "2026-03-29T03:00:00+02:00"
    )


def _business_days_after(day: dt.date, until: dt.date) -> int:
    """Business days of `SLA_OFFICE` in ``(day, until]``."""
    n, d = 0, day
    while d < until:
        d += dt.timedelta(days=1)
        n += bool(SLA_OFFICE.hours_on(d))
    return n


@given(st.integers(0, 30 * 24 * 60), st.integers(0, 6), sla_office_times)
def test_a_time_of_day_deadline_is_that_time_on_the_right_business_day(minute, n, by):
    start = SLA_T0 + minute * 60 * US_PER_S
    policy = reply(Duration.business_days(n, by=by))
    s = cf.sla.evaluate(policy, [("s", start)], from_us(start, TZ)).status("reply")
    deadline = s.deadline
    assert deadline.time() == by
    assert SLA_OFFICE.hours_on(deadline.date())  # a business day
    assert s.deadline_us > start
    begun = from_us(start, TZ)
    count = _business_days_after(begun.date(), deadline.date())
    if n:
        assert count == n
    else:  # the start day when it is a business day before the time, else the next
        same_day = bool(SLA_OFFICE.hours_on(begun.date())) and begun.time() < by
        assert count == (0 if same_day else 1)
    # The budget is the open time up to the deadline, and the deadline the calendar's.
    assert s.budget_us == SLA_OFFICE.elapsed(begun, deadline) // dt.timedelta(microseconds=1)
    assert deadline == SLA_OFFICE.add(begun, Duration.business_days(n, by=by))


# -- due dates the ticket gives --------------------------------------------------------


def test_a_due_date_from_the_start_event_or_a_ticket_attribute() -> None:
    log = [
        cf.Event("s", t("23T10:00"), {"promised_at": "2026-11-24T09:30:00+08:00"}),
        cf.Event("n", t("23T11:00")),
    ]
    s = cf.sla.evaluate(reply("due at event field promised_at"), log, t("23T12:00"))
    assert s.status("reply").deadline.isoformat() == "2026-11-24T09:30:00+08:00"
    assert s.status("reply").budget_us == 23.5 * H  # real time
    by_ticket = reply("due at ticket attribute callback")
    attrs0 = {"callback": "2026-11-23T06:00:00Z"}
    s = cf.sla.evaluate(by_ticket, log, t("23T12:00"), attributes=attrs0).status("reply")
    assert s.deadline.isoformat() == "2026-11-23T14:00:00+08:00"
    assert s.breached_at is None
    # An aware datetime in a tuple event's fields is an instant too.
    us = int(t("23T10:00").timestamp() * US_PER_S)
    aware = [("s", us, {"promised_at": t("23T11:00")})]
    s = cf.sla.evaluate(reply("due at event field promised_at"), aware, t("23T12:00"))
    assert s.status("reply").breached_at.isoformat() == "2026-11-23T11:00:00+08:00"


def test_a_due_date_in_the_past_breaches_at_the_start() -> None:
    log = [cf.Event("s", t("23T10:00"), {"promised_at": "2026-11-22T10:00:00+08:00"})]
    s = cf.sla.evaluate(reply("due at event field promised_at"), log, t("23T12:00"))
    assert s.status("reply").breached_at.isoformat() == "2026-11-23T10:00:00+08:00"
    assert s.status("reply").deadline.isoformat() == "2026-11-23T10:00:00+08:00"


def test_a_pause_extends_a_due_date_by_its_real_length() -> None:
    log = [
        cf.Event("s", t("23T10:00"), {"promised_at": "2026-11-23T20:00:00+08:00"}),
        cf.Event("p", t("23T11:00")),
        cf.Event("r", t("23T13:00")),
    ]
    s = cf.sla.evaluate(reply("due at event field promised_at"), log, t("23T14:00"))
    assert s.status("reply").deadline.isoformat() == "2026-11-23T22:00:00+08:00"


@pytest.mark.parametrize(
    ("payload", "error", "says"),
    [
        ({}, cf.errors.SlaEventError, "which is missing"),
        ({"promised_at": "2026-11-24T09:30:00"}, cf.errors.NaiveEventError, "no UTC offset"),
        ({"promised_at": "tomorrow"}, cf.errors.SlaEventError, "not an instant"),
        ({"promised_at": 1795395600}, cf.errors.SlaEventError, "not an instant"),
        ({"promised_at": "99999-01-01T00:00:00+08:00"}, cf.errors.SlaEventError, "not an instant"),
    ],
)
def test_a_due_date_that_cannot_be_read_names_the_field(payload, error, says) -> None:
    log = [cf.Event("n", t("23T09:00")), cf.Event("s", t("23T10:00"), payload)]
    with pytest.raises(error) as e:
        cf.sla.evaluate(reply("due at event field promised_at"), log, t("23T12:00"), ticket="T7")
    assert says in str(e.value)
    assert e.value.field == "events[1].payload.promised_at"
    assert (e.value.ticket, e.value.index, e.value.rule) == ("T7", 1, "SLA-3")
    with pytest.raises(cf.errors.SlaEventError) as e:
        cf.sla.evaluate(reply("due at ticket attribute callback"), log, t("23T12:00"))
    assert e.value.field == "attributes.callback"


def test_a_due_date_is_read_only_by_a_start_that_starts_a_cycle() -> None:
    # The second start of a running clock starts nothing: its missing field is no error.
    log = [
        cf.Event("s", t("23T10:00"), {"promised_at": "2026-11-24T09:30:00+08:00"}),
        cf.Event("s", t("23T11:00")),
    ]
    s = cf.sla.evaluate(reply("due at event field promised_at"), log, t("23T12:00"))
    assert s.status("reply").deadline.isoformat() == "2026-11-24T09:30:00+08:00"


def test_an_override_can_give_the_due_date_mid_ticket() -> None:
    base = reply("2 business days")
    policy = attrs.evolve(
        base,
        overrides=(
            cf.sla.SlaOverride(
                "reply", {"tier": "vip"}, within=Duration.parse("due at ticket attribute due")
            ),
        ),
    )
    log = [
        ("s", int(t("23T10:00").timestamp() * US_PER_S)),
        ("u", int(t("23T11:00").timestamp() * US_PER_S), {"tier": "vip"}),
    ]
    attributes = {"due": "2026-11-23T15:00:00+08:00"}
    s = cf.sla.evaluate(policy, log, t("23T12:00"), attributes=attributes).status("reply")
    assert s.deadline.isoformat() == "2026-11-23T15:00:00+08:00"


def test_the_fast_pairs_form_has_no_payload_to_read() -> None:
    policy = reply("due at event field promised_at")
    start = int(t("23T10:00").timestamp() * US_PER_S)
    with pytest.raises(cf.errors.SlaEventError, match="missing"):
        list(cf.sla.evaluate_many(policy, [("T1", [("s", start)])], t("23T12:00")))
    fine = [("T1", [("s", start, {"promised_at": "2026-11-23T11:00:00+08:00"})])]
    (report,) = cf.sla.evaluate_many(policy, fine, t("23T12:00"))
    assert report.status("reply").breached_at.isoformat() == "2026-11-23T11:00:00+08:00"


@given(
    st.integers(0, 20 * 24 * 60),
    st.integers(1, 40 * 24 * 60),
    st.sampled_from(["+08:00", "Z", "-05:00"]),
)
def test_a_ticket_with_a_due_date_reports_it(minute, ahead_min, offset):
    start = SLA_T0 + minute * 60 * US_PER_S
    due = from_us(start + ahead_min * 60 * US_PER_S, get_timezone("UTC"))
    text = due.astimezone(
        dt.timezone(dt.timedelta(hours={"+08:00": 8, "Z": 0, "-05:00": -5}[offset]))
    )
    log = [("s", start, {"promised_at": text.isoformat()})]
    for now in (start, start + ahead_min * 30 * US_PER_S, start + ahead_min * 120 * US_PER_S):
        policy = reply("due at event field promised_at", warnings=())
        report = cf.sla.evaluate(policy, log, from_us(now, TZ))
        s = report.status("reply")
        assert s.deadline == due
        assert s.budget_us == ahead_min * 60 * US_PER_S
        if now >= start + ahead_min * 60 * US_PER_S:
            assert s.breached_at == due
        else:
            assert s.breached_at is None
            assert report.next_check_at == due


# -- replay -------------------------------------------------------------------------------


def test_replay_fails_a_ticket_whose_due_date_cannot_be_read_and_counts_it() -> None:
    start = cf.parse_instant("2026-03-02T00:00:00+08:00")
    tickets = list(cf.synthetic.generate_tickets(30, seed=3, start=start, days=1))
    policy = cf.default_policy().with_(
        {"sla.targets[reply].within": "due at event field promised_at"}
    )
    bad = set()
    for i, record in enumerate(tickets):
        for event in record["events"]:
            if event["name"] == "register":
                value = "2026-03-04T12:00:00+08:00" if i % 3 else "2026-03-04T12:00:00"
                if i % 3 == 0:
                    bad.add(record["ticket_id"])
                event["payload"] = {**(event.get("payload") or {}), "promised_at": value}
    now = start.add(days=3)
    report = cf.policy.replay(tickets, policy, now=now)
    assert report.failed_tickets == len(bad)
    assert dict(report.failed) == {("sla",): len(bad)}
    outcomes = {o.ticket_id: o for o in cf.policy.replay_tickets(tickets, policy, now=now)}
    assert {k for k, o in outcomes.items() if o.error is not None} == bad
    for k in bad:
        assert "promised_at" in outcomes[k].error
        assert "no UTC offset" in outcomes[k].error
    good = [o for k, o in outcomes.items() if k not in bad and o.sla is not None]
    started = [o.sla.status("reply") for o in good if o.sla.status("reply").start_us]
    assert started
    assert all(s.deadline.isoformat() == "2026-03-04T12:00:00+08:00" for s in started)


# -- follow-up windows ----------------------------------------------------------------


def test_a_follow_up_window_refuses_the_deadline_kinds() -> None:
    for text in ("next business day by 16:00", "due at ticket attribute x"):
        with pytest.raises(cf.errors.FollowupError, match="not a window length"):
            cf.followup.ContactWindow(Duration.parse(text))
        with pytest.raises(cf.errors.ValidationError, match=r"window\.within"):
            cf.default_policy().with_({"followup.window.within": text})


# -- policy files ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "within",
    [
        "next business day by 16:00",
        "same business day by 17:00",
        "end of the 2nd business day",
        "due at event field promised_at",
        "due at ticket attribute promised_at",
    ],
)
def test_policy_files_carry_the_new_forms(within: str) -> None:
    policy = cf.default_policy().with_({"sla.targets[reply].within": within})
    back = cf.Policy.from_toml(policy.to_toml())
    assert back.sla.target("reply").within == Duration.parse(within)
    assert back == policy


def test_a_retroactive_start_reads_the_due_date_of_the_event_it_starts_at() -> None:
    target = cf.sla.SlaTarget(
        "reply", "SLA-3", Duration.parse("due at event field promised_at"), SLA_OFFICE,
        start=("s",), stop=("x",), when={"tier": "vip"}, retroactive_start="s",
    )  # fmt: skip
    policy = cf.sla.SlaPolicy([target], kinds=("u",))
    us = lambda s: int(t(s).timestamp() * US_PER_S)  # noqa: E731
    log = [
        ("s", us("23T10:00"), {"promised_at": "2026-11-23T15:00:00+08:00"}),
        ("u", us("23T11:00"), {"tier": "vip"}),
    ]
    s = cf.sla.evaluate(policy, log, t("23T12:00")).status("reply")
    assert s.start.isoformat() == "2026-11-23T10:00:00+08:00"
    assert s.deadline.isoformat() == "2026-11-23T15:00:00+08:00"


def test_a_due_date_past_the_supported_range_fails_the_ticket_with_the_field() -> None:
    """A due date in year 9999 and a pause would put the deadline past the years a
    datetime holds: refused with the field named, as every deadline past 2200 is."""
    office = cf.calendars.default("24x7")
    target = cf.sla.SlaTarget(
        "m", "SLA-3", cf.Duration.parse("due at event field d"), office,
        start=("s",), stop=("x",), pause=("p",), resume=("r",),
    )  # fmt: skip
    start = cf.parse_instant("2026-11-02T10:00:00+08:00")
    events = [
        cf.Event("s", start, {"d": "9999-12-31T12:00:00+00:00"}),
        cf.Event("p", start.add(days=1)),
        cf.Event("r", start.add(days=2)),
    ]
    with pytest.raises(cf.errors.SlaEventError) as e:
        cf.sla.evaluate(cf.sla.SlaPolicy([target]), events, start.add(days=3))
    assert "events[0].payload.d" == e.value.field
    assert "supported range" in str(e.value)
