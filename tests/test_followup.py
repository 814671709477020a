"""Follow-up decisions: rules, reasons, retry_at, DST (complaintflow.followup)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import attrs
import pendulum
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from complaintflow import followup
from complaintflow.errors import (
    ComplaintflowError,
    FollowupError,
    NaiveDatetimeError,
    UnknownTimezoneError,
)
from complaintflow.followup import (
    Appointment,
    Attempt,
    CapScope,
    Channel,
    Customer,
    DayRule,
    FollowupPolicy,
    FrequencyCap,
    OptOut,
    Outcome,
    Purpose,
    decide,
    next_allowed,
)
from tests.strategies import followup_policies, followup_questions

SH = "Asia/Shanghai"
NY = "America/New_York"
LON = "Europe/London"
POLICY = followup.default()
ALICE = Customer("alice", SH, phones=["13800000001"], sms=["13800000001"])


def sh(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=SH)


def utc(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="UTC")


def rules(decision: object) -> list[str]:
    return [r.rule_id for r in decision.refusals]  # type: ignore[attr-defined]


# -- rest hours (FU-1, FU-10) ---------------------------------------------------------


def test_lunch_rest_refused_until_afternoon() -> None:
    d = decide(POLICY, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 12, 30))
    assert (False, ["FU-1"]) == (d.allowed, rules(d))
    assert sh(2026, 5, 6, 14) == d.retry_at
    assert "rest time" in d.refusals[0].reason


def test_night_rest_moves_to_next_morning() -> None:
    d = decide(POLICY, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 21, 0))
    assert sh(2026, 5, 7, 8) == d.retry_at


def test_allowed_decision_returns_at_and_full_trace() -> None:
    at = sh(2026, 5, 6, 9, 15)
    d = decide(POLICY, ALICE, Purpose.SERVICE, at, triggered_at=sh(2026, 5, 5, 18))
    assert d.allowed
    assert at == d.retry_at
    assert ["FU-5", "FU-9", "FU-4", "FU-1", "FU-11"] == [e.rule_id for e in d.trace]
    assert all(e.passed for e in d.trace)
    assert (Channel.PHONE, "13800000001") == (d.channel, d.number)


def test_marketing_only_in_working_hours_fu10() -> None:
    saturday = sh(2026, 5, 9, 10)
    d = decide(POLICY, ALICE, Purpose.MARKETING, saturday)
    assert ["FU-10"] == rules(d)
    assert sh(2026, 5, 11, 9) == d.retry_at
    assert decide(POLICY, ALICE, Purpose.SERVICE, saturday).allowed


def test_marketing_skips_holidays_and_rest_hours() -> None:
    policy = FollowupPolicy.from_dict(
        {
            "hours": {
                "marketing": {
                    "hours": {"mon-fri": ["09:00-12:00", "14:00-18:00"]},
                    "holidays": [f"2026-10-0{i}" for i in range(1, 8)],
                    "workdays": ["2026-10-10"],
                }
            }
        }
    )
    got = next_allowed(policy, ALICE, Purpose.MARKETING, sh(2026, 9, 30, 19))
    assert sh(2026, 10, 8, 9) == got.at
    assert () == got.blocked_by


def test_per_date_exception_closes_a_day() -> None:
    policy = FollowupPolicy.from_dict(
        {"hours": {"service": {"hours": {"daily": ["08:00-21:00"]}, "special": {"2026-05-06": []}}}}
    )
    assert sh(2026, 5, 7, 8) == next_allowed(policy, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 9)).at


# -- opt-outs (FU-9, FU-12) -------------------------------------------------------------


def test_opt_out_effective_from_its_instant_fu9() -> None:
    c = attrs.evolve(ALICE, opt_outs=[OptOut(sh(2026, 5, 6, 10))])
    assert decide(POLICY, c, Purpose.SERVICE, sh(2026, 5, 6, 9, 59)).allowed
    d = decide(POLICY, c, Purpose.SERVICE, sh(2026, 5, 6, 10))
    assert (["FU-9"], None) == (rules(d), d.retry_at)
    assert d.no_retry is not None
    assert "FU-9" == d.no_retry.rule_id


def test_marketing_opt_out_does_not_stop_service_fu12() -> None:
    c = attrs.evolve(ALICE, opt_outs=[OptOut(sh(2026, 5, 1), purpose=Purpose.MARKETING)])
    at = sh(2026, 5, 6, 10)
    assert ["FU-12"] == rules(decide(POLICY, c, Purpose.MARKETING, at))
    assert decide(POLICY, c, Purpose.SERVICE, at).allowed


def test_opt_out_per_channel_leaves_sms() -> None:
    c = attrs.evolve(ALICE, opt_outs=[OptOut(sh(2026, 5, 1), channel=Channel.PHONE)])
    at = sh(2026, 5, 6, 10)
    assert ["FU-9"] == rules(decide(POLICY, c, Purpose.SERVICE, at))
    forced = decide(POLICY, c, Purpose.SERVICE, at, channel=Channel.SMS)
    assert ["FU-5"] == rules(forced)  # but FU-5 still wants a call first


def test_future_opt_out_bounds_next_allowed() -> None:
    c = attrs.evolve(ALICE, opt_outs=[OptOut(sh(2026, 5, 6, 13))])
    got = next_allowed(POLICY, c, Purpose.SERVICE, sh(2026, 5, 6, 12))
    assert got.at is None
    assert ["FU-9"] == [r.rule_id for r in got.blocked_by]


# -- frequency caps (FU-11) -------------------------------------------------------------


def _cap_policy(**cap: object) -> FollowupPolicy:
    return FollowupPolicy.from_dict(
        {"caps": [cap], "hours": {"service": {"hours": {"daily": ["00:00-24:00"]}}}}
    )


def test_rolling_day_vs_local_calendar_day() -> None:
    history = [Attempt(sh(2026, 5, 5, 20)), Attempt(sh(2026, 5, 5, 20, 30))]
    morning = sh(2026, 5, 6, 8)
    rolling = decide(
        _cap_policy(max_attempts=2, day="rolling"), ALICE, Purpose.SERVICE, morning, history
    )
    assert ["FU-11"] == rules(rolling)
    assert sh(2026, 5, 6, 20) == rolling.retry_at
    assert "rolling 24 hours" in rolling.refusals[0].reason
    local = decide(
        _cap_policy(max_attempts=2, day="local_date"), ALICE, Purpose.SERVICE, morning, history
    )
    assert local.allowed
    same_day = decide(
        _cap_policy(max_attempts=2, day="local_date"),
        ALICE,
        Purpose.SERVICE,
        sh(2026, 5, 5, 23),
        history,
    )
    assert sh(2026, 5, 6) == same_day.retry_at  # local midnight


def test_local_date_cap_resets_at_first_real_instant_of_the_day() -> None:
    # Some zones skip midnight; New York does not, so use a day in Havana? Keep to
    # New York: the reset is 00:00 local on both sides of a DST change.
    c = Customer("n", NY, phones=["1"])
    history = [Attempt(pendulum.datetime(2026, 3, 7, 23, tz=NY))]
    policy = _cap_policy(max_attempts=1, day="local_date")
    d = decide(policy, c, Purpose.SERVICE, pendulum.datetime(2026, 3, 7, 23, 30, tz=NY), history)
    assert pendulum.datetime(2026, 3, 8, tz=NY) == d.retry_at


def test_min_gap() -> None:
    history = [Attempt(sh(2026, 5, 6, 9))]
    d = decide(
        _cap_policy(min_gap="2 calendar hours"), ALICE, Purpose.SERVICE, sh(2026, 5, 6, 10), history
    )
    assert (["FU-11"], sh(2026, 5, 6, 11)) == (rules(d), d.retry_at)


def test_per_number_cap_counts_only_that_number() -> None:
    c = Customer("b", SH, phones=["home", "mobile"])
    history = [Attempt(sh(2026, 5, 6, 9), number="home")]
    policy = _cap_policy(max_attempts=1, scope="number")
    at = sh(2026, 5, 6, 10)
    assert ["FU-11"] == rules(decide(policy, c, Purpose.SERVICE, at, history))
    assert decide(policy, c, Purpose.SERVICE, at, history, number="mobile").allowed
    customer_wide = _cap_policy(max_attempts=1, scope="customer")
    assert not decide(customer_wide, c, Purpose.SERVICE, at, history, number="mobile").allowed


def test_cap_on_phone_only_ignores_sms() -> None:
    history = [Attempt(sh(2026, 5, 6, 9), channel=Channel.SMS)]
    policy = _cap_policy(max_attempts=1, channels=["phone"])
    assert decide(policy, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 10), history).allowed


def test_cap_on_sms_only_leaves_calls_alone() -> None:
    # A cap that does not cover the contact's channel is skipped, not merely filtered.
    history = [Attempt(sh(2026, 5, 6, 9), channel=Channel.SMS, outcome=Outcome.REACHED)]
    policy = _cap_policy(max_attempts=1, channels=["sms"])
    at = sh(2026, 5, 6, 10)
    assert decide(policy, ALICE, Purpose.SERVICE, at, history).allowed
    sms_only = Customer("s", SH, sms=["13800000002"])
    sms = decide(policy, sms_only, Purpose.SERVICE, at, history)
    assert (["FU-11"], sh(2026, 5, 7, 9)) == (rules(sms), sms.retry_at)


def test_zero_cap_is_refused() -> None:
    with pytest.raises(FollowupError, match="at least 1") as info:
        FrequencyCap(max_attempts=0)
    assert ("max_attempts", 0, "FU-11") == (info.value.field, info.value.value, info.value.rule)


def test_cap_describe_names_the_day_rule() -> None:
    cap = FrequencyCap(max_attempts=2, per_days=2, day=DayRule.LOCAL_DATE, scope=CapScope.NUMBER)
    assert "at most 2 attempts per 2 local calendar days (per number)" == cap.describe()


# -- channel fallback (FU-5) ------------------------------------------------------------


def test_sms_after_failed_calls() -> None:
    trigger = sh(2026, 5, 5, 18)
    history = [Attempt(sh(2026, 5, 6, 9)), Attempt(sh(2026, 5, 6, 11, 30))]
    at = sh(2026, 5, 6, 14)
    auto = decide(POLICY, ALICE, Purpose.SERVICE, at, history, triggered_at=trigger)
    assert (True, Channel.SMS) == (auto.allowed, auto.channel)
    phone = decide(
        POLICY, ALICE, Purpose.SERVICE, at, history, triggered_at=trigger, channel=Channel.PHONE
    )
    assert (["FU-5"], None) == (rules(phone), phone.retry_at)


def test_failed_calls_before_the_trigger_do_not_count() -> None:
    history = [Attempt(sh(2026, 5, 1, 9)), Attempt(sh(2026, 5, 1, 11))]
    d = decide(
        POLICY, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 9), history, triggered_at=sh(2026, 5, 5)
    )
    assert Channel.PHONE == d.channel


def test_reached_calls_do_not_count_as_failed() -> None:
    history = [Attempt(sh(2026, 5, 6, 9), outcome=Outcome.REACHED)] * 1
    history.append(Attempt(sh(2026, 5, 6, 11, 30), outcome=Outcome.REACHED))
    assert (
        Channel.PHONE == decide(POLICY, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 14), history).channel
    )


def test_forced_sms_without_an_sms_number_is_refused() -> None:
    c = Customer("p", SH, phones=["13800000009"])
    history = [Attempt(sh(2026, 5, 6, 9)), Attempt(sh(2026, 5, 6, 11, 30))]
    d = decide(POLICY, c, Purpose.SERVICE, sh(2026, 5, 6, 14), history, channel=Channel.SMS)
    assert (["FU-5"], None, None) == (rules(d), d.retry_at, d.number)
    assert "the customer has no sms number" == d.refusals[0].reason


def test_unreachable_customer_is_refused_for_good() -> None:
    d = decide(POLICY, Customer("x", SH), Purpose.SERVICE, sh(2026, 5, 6, 10))
    assert (["FU-5"], None, None) == (rules(d), d.retry_at, d.channel)
    assert "no phone or SMS number" in d.refusals[0].reason


# -- window (FU-4), appointments (FU-13), campaigns (FU-7) ---------------------------------


def test_window_closes_after_three_days() -> None:
    trigger = sh(2026, 5, 1, 10)
    last = decide(POLICY, ALICE, Purpose.SERVICE, sh(2026, 5, 4, 9, 59), triggered_at=trigger)
    assert last.allowed
    closed = decide(POLICY, ALICE, Purpose.SERVICE, sh(2026, 5, 4, 10), triggered_at=trigger)
    assert (["FU-4"], None) == (rules(closed), closed.retry_at)
    assert closed.no_retry is not None
    assert "FU-4" == closed.no_retry.rule_id


def test_window_rest_hours_leave_no_slot() -> None:
    trigger = sh(2026, 5, 1, 21, 30)
    policy = attrs.evolve(
        POLICY, window=attrs.evolve(POLICY.window, within=_dur("10 calendar hours"))
    )
    got = next_allowed(policy, ALICE, Purpose.SERVICE, trigger, triggered_at=trigger)
    assert got.at is None
    assert ["FU-4"] == [r.rule_id for r in got.blocked_by]


def _dur(text: str):  # type: ignore[no-untyped-def]
    from complaintflow.calendars import Duration

    return Duration.parse(text)


def test_window_in_business_days() -> None:
    policy = FollowupPolicy.from_dict({"window": {"within": "1 business days"}})
    trigger = sh(2026, 5, 6, 10)
    # Business days run on the service hours: the window ends at 21:00 the next day.
    assert decide(
        policy, ALICE, Purpose.SERVICE, sh(2026, 5, 7, 20, 59), triggered_at=trigger
    ).allowed
    assert ["FU-4"] == rules(
        decide(policy, ALICE, Purpose.SERVICE, sh(2026, 5, 8, 8), triggered_at=trigger)
    )


def test_window_in_business_hours() -> None:
    policy = FollowupPolicy.from_dict({"window": {"within": "4 business hours"}})
    trigger = sh(2026, 5, 6, 11)
    # One hour before the 12:00-14:00 rest, three after it: the window ends at 17:00.
    assert decide(
        policy, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 16, 59), triggered_at=trigger
    ).allowed
    closed = decide(policy, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 17), triggered_at=trigger)
    assert (["FU-4"], None) == (rules(closed), closed.retry_at)
    assert "closed at 2026-05-06 17:00 +08:00" in closed.refusals[0].reason


def test_calendar_day_window_keeps_wall_time_across_dst() -> None:
    c = Customer("n", NY, phones=["1"])
    policy = FollowupPolicy.from_dict({"hours": {"service": {"hours": {"daily": ["00:00-24:00"]}}}})
    trigger = pendulum.datetime(2026, 3, 7, 10, tz=NY)  # three days later is after the change
    inside = pendulum.datetime(2026, 3, 10, 9, 59, tz=NY)
    assert decide(policy, c, Purpose.SERVICE, inside, triggered_at=trigger).allowed
    end = pendulum.datetime(2026, 3, 10, 10, tz=NY)
    assert ["FU-4"] == rules(decide(policy, c, Purpose.SERVICE, end, triggered_at=trigger))
    assert dt.timedelta(hours=71) == end - trigger


def test_appointment_wins_over_rest_hours_fu13() -> None:
    slot = Appointment(sh(2026, 5, 6, 12, 30), sh(2026, 5, 6, 13))
    c = attrs.evolve(ALICE, appointments=[slot])
    d = decide(POLICY, c, Purpose.SERVICE, sh(2026, 5, 6, 12, 40))
    assert d.allowed
    assert "FU-13" in [e.rule_id for e in d.trace]
    assert (
        sh(2026, 5, 6, 12, 30)
        == next_allowed(POLICY, c, Purpose.SERVICE, sh(2026, 5, 6, 12, 10)).at
    )


def test_appointment_does_not_break_an_opt_out() -> None:
    slot = Appointment(sh(2026, 5, 6, 12, 30), sh(2026, 5, 6, 13))
    c = attrs.evolve(ALICE, appointments=[slot], opt_outs=[OptOut(sh(2026, 5, 6, 12))])
    assert ["FU-9"] == rules(decide(POLICY, c, Purpose.SERVICE, sh(2026, 5, 6, 12, 40)))


def test_appointment_outside_the_window_still_wins() -> None:
    slot = Appointment(sh(2026, 5, 9, 22), sh(2026, 5, 9, 22, 30))
    c = attrs.evolve(ALICE, appointments=[slot])
    trigger = sh(2026, 5, 1, 10)
    d = decide(POLICY, c, Purpose.SERVICE, sh(2026, 5, 8, 10), triggered_at=trigger)
    assert sh(2026, 5, 9, 22) == d.retry_at


def test_empty_appointment_is_refused() -> None:
    with pytest.raises(FollowupError, match="not after start"):
        Appointment(sh(2026, 5, 6, 13), sh(2026, 5, 6, 13))


def test_special_visits_only_on_campaign_days_fu7() -> None:
    assert decide(POLICY, ALICE, Purpose.SPECIAL, sh(2026, 5, 17, 10)).allowed  # Telecom Day
    d = decide(POLICY, ALICE, Purpose.SPECIAL, sh(2026, 5, 18, 10))
    assert ["FU-7"] == rules(d)
    assert sh(2026, 10, 1, 8) == d.retry_at  # National Day, at the start of service hours


def test_promotion_range_campaign() -> None:
    policy = FollowupPolicy.from_dict(
        {"campaigns": [{"name": "Double 11", "ranges": [["2026-11-01", "2026-11-11"]]}]}
    )
    assert sh(2026, 11, 1, 8) == next_allowed(policy, ALICE, Purpose.SPECIAL, sh(2026, 10, 20)).at
    assert decide(policy, ALICE, Purpose.SPECIAL, sh(2026, 11, 11, 20)).allowed
    got = next_allowed(policy, ALICE, Purpose.SPECIAL, sh(2026, 11, 12))
    assert (None, ["FU-7"]) == (got.at, [r.rule_id for r in got.blocked_by])


# -- DST: the first real instant after a window ends ----------------------------------------


def _night(window: list[str]) -> FollowupPolicy:
    return FollowupPolicy.from_dict(
        {"hours": {"service": {"hours": {"daily": window}}}, "caps": []}
    )


@pytest.mark.parametrize(
    ("zone", "day", "expected_utc"),
    [
        # New York springs forward 02:00 -> 03:00: 02:30 does not exist; the window opens
        # at the first real instant after it, 03:00 EDT (07:00 UTC).
        (NY, (2026, 3, 8), utc(2026, 3, 8, 7)),
        # London springs forward 01:00 -> 02:00: the window from 02:30 opens at 02:30 BST.
        (LON, (2026, 3, 29), utc(2026, 3, 29, 1, 30)),
        # Shanghai has no DST: 02:30 is 02:30.
        (SH, (2026, 3, 8), utc(2026, 3, 7, 18, 30)),
    ],
)
def test_spring_forward_window_start_in_the_gap(
    zone: str, day: tuple[int, int, int], expected_utc: pendulum.DateTime
) -> None:
    c = Customer("d", zone, phones=["1"])
    midnight = pendulum.datetime(*day, tz=zone)
    got = next_allowed(_night(["02:30-06:00"]), c, Purpose.SERVICE, midnight).at
    assert expected_utc == got
    assert decide(_night(["02:30-06:00"]), c, Purpose.SERVICE, got).allowed


def test_new_york_gap_start_is_the_transition_instant() -> None:
    c = Customer("d", NY, phones=["1"])
    got = next_allowed(
        _night(["02:30-06:00"]), c, Purpose.SERVICE, pendulum.datetime(2026, 3, 8, tz=NY)
    ).at
    assert got is not None
    assert "2026-03-08T03:00:00-04:00" == got.isoformat()
    before = utc(2026, 3, 8, 6, 59, 59)  # 01:59:59 EST: still rest time
    assert not decide(_night(["02:30-06:00"]), c, Purpose.SERVICE, before).allowed


def test_window_ending_in_the_gap_ends_at_the_transition() -> None:
    c = Customer("d", NY, phones=["1"])
    policy = _night(["01:00-02:30", "09:00-10:00"])
    # 01:59 EST is allowed; the next real instant is 03:00 EDT, past the window's end.
    assert decide(policy, c, Purpose.SERVICE, utc(2026, 3, 8, 6, 59)).allowed
    d = decide(policy, c, Purpose.SERVICE, utc(2026, 3, 8, 7))
    assert pendulum.datetime(2026, 3, 8, 9, tz=NY) == d.retry_at


@pytest.mark.parametrize(
    ("zone", "day", "first", "repeat_utc"),
    [
        # New York falls back 02:00 EDT -> 01:00 EST: 01:30 happens at 05:30 and 06:30 UTC.
        (NY, (2026, 11, 1), utc(2026, 11, 1, 5, 30), utc(2026, 11, 1, 6, 15)),
        # London falls back 02:00 BST -> 01:00 GMT: 01:30 happens at 00:30 and 01:30 UTC.
        (LON, (2026, 10, 25), utc(2026, 10, 25, 0, 30), utc(2026, 10, 25, 1, 15)),
    ],
)
def test_autumn_fold_first_occurrence_then_judged_again(
    zone: str,
    day: tuple[int, int, int],
    first: pendulum.DateTime,
    repeat_utc: pendulum.DateTime,
) -> None:
    c = Customer("d", zone, phones=["1"])
    policy = _night(["01:30-06:00"])
    midnight = pendulum.datetime(*day, tz=zone)
    got = next_allowed(policy, c, Purpose.SERVICE, midnight).at
    assert got is not None
    # Aware datetimes in a fold never compare equal across zones (PEP 495): compare instants.
    assert (first.timestamp(), 0) == (got.timestamp(), got.fold)
    # The repeated 01:15 is wall time before 01:30 again: rest time until the second 01:30.
    d = decide(policy, c, Purpose.SERVICE, repeat_utc)
    assert ["FU-1"] == rules(d)
    assert d.retry_at is not None
    assert (repeat_utc.add(minutes=15).timestamp(), 1) == (d.retry_at.timestamp(), d.retry_at.fold)
    assert "01:30" == d.retry_at.format("HH:mm")


def test_retry_at_is_in_the_customer_zone() -> None:
    c = Customer("d", LON, phones=["1"])
    d = decide(POLICY, c, Purpose.SERVICE, utc(2026, 5, 6, 11, 30))  # 12:30 BST
    assert d.retry_at is not None
    assert "2026-05-06T14:00:00+01:00" == d.retry_at.isoformat()


# -- bad input -----------------------------------------------------------------------------


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(NaiveDatetimeError):
        decide(POLICY, ALICE, Purpose.SERVICE, dt.datetime(2026, 5, 6, 10))


def test_unknown_zone_is_refused() -> None:
    with pytest.raises(UnknownTimezoneError):
        Customer("x", "Mars/Base")


def test_history_after_the_question_is_refused() -> None:
    with pytest.raises(FollowupError, match="after the question") as info:
        decide(POLICY, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 9), [Attempt(sh(2026, 5, 6, 10))])
    assert "history" == info.value.field


def test_foreign_number_is_refused() -> None:
    with pytest.raises(FollowupError, match="not one of the customer's"):
        decide(POLICY, ALICE, Purpose.SERVICE, sh(2026, 5, 6, 9), number="110")


def test_number_as_one_string_is_refused() -> None:
    with pytest.raises(FollowupError, match="one string"):
        Customer("x", SH, phones="13800000000")  # type: ignore[arg-type]


def test_missing_purpose_hours_is_a_typed_error() -> None:
    policy = attrs.evolve(POLICY, hours=POLICY.hours[:1])  # service only
    with pytest.raises(FollowupError, match="no contact hours for 'marketing'"):
        decide(policy, ALICE, Purpose.MARKETING, sh(2026, 5, 6, 9))


# -- properties ------------------------------------------------------------------------------


def _first(customer: Customer, channel: Channel) -> str | None:
    numbers = customer.numbers(channel)
    return numbers[0] if numbers else None


def _oracle(
    policy: FollowupPolicy,
    customer: Customer,
    purpose: Purpose,
    t: pendulum.DateTime,
    history: list[Attempt],
    trigger: pendulum.DateTime | None,
    channel: Channel,
    number: str,
) -> bool:
    """An independent, slow statement of the rules for the chosen channel and number."""
    if any(o.covers(channel, purpose) and t >= o.at for o in customer.opt_outs):
        return False
    local = t.in_timezone(customer.timezone)
    for cap in policy.caps:
        if channel not in cap.channels:
            continue
        times = [
            a.at
            for a in history
            if a.channel in cap.channels
            and (
                cap.scope is CapScope.CUSTOMER
                or (a.number if a.number is not None else _first(customer, a.channel)) == number
            )
        ]
        if cap.max_attempts is not None:
            if cap.day is DayRule.ROLLING:
                recent = [x for x in times if x > t - dt.timedelta(days=cap.per_days)]
            else:
                first = local.date() - dt.timedelta(days=cap.per_days - 1)
                recent = [x for x in times if x.in_timezone(customer.timezone).date() >= first]
            if len(recent) >= cap.max_attempts:
                return False
        gap = cap.min_gap
        if gap is not None and times and t - max(times) < dt.timedelta(microseconds=gap.micros):
            return False
    if any(a.start <= t < a.end for a in customer.appointments if a.purpose in (None, purpose)):
        return True
    if trigger is not None:
        if t < trigger:
            return False
        within = policy.window.within
        if within.kind.value == "calendar":
            end = trigger.in_timezone(customer.timezone).add(days=within.days)
            end = end.add(microseconds=within.micros)
            if t >= end:
                return False
    hours = policy.hours_for(purpose).calendar
    return attrs.evolve(hours, timezone=customer.timezone).is_open(t)


@settings(max_examples=60)
@given(followup_policies(), followup_questions())
def test_retry_at_is_allowed_and_nothing_earlier_is(policy, question) -> None:  # type: ignore[no-untyped-def]
    customer, purpose, at, history, trigger = question
    d = decide(policy, customer, purpose, at, history, triggered_at=trigger)
    event("allowed" if d.allowed else "retry" if d.retry_at else "never")
    if d.allowed:
        assert at == d.retry_at
        return
    if d.retry_at is None:
        assert d.no_retry is not None
        return
    retry = d.retry_at
    assert retry > at
    again = decide(policy, customer, purpose, retry, history, triggered_at=trigger)
    assert (True, ()) == (again.allowed, again.refusals)
    # Nothing earlier: the instant just before, and a grid of earlier instants.
    probes = {retry.subtract(microseconds=1)}
    step = max((retry - at) / 400, dt.timedelta(minutes=1))
    probe = at
    while probe < retry:
        probes.add(probe)
        probe = probe + step
    for p in sorted(probes):
        assert not decide(policy, customer, purpose, p, history, triggered_at=trigger).allowed, p


@settings(max_examples=60)
@given(followup_policies(), followup_questions(), st.integers(0, 2000))
def test_decide_agrees_with_an_independent_oracle(policy, question, minutes) -> None:  # type: ignore[no-untyped-def]
    customer, purpose, at, history, trigger = question
    t = at.add(minutes=minutes)
    d = decide(policy, customer, purpose, t, history, triggered_at=trigger)
    if d.channel is None or "FU-5" in rules(d):
        assert not d.allowed
        return
    assert d.number is not None
    expected = _oracle(policy, customer, purpose, t, history, trigger, d.channel, d.number)
    assert expected == d.allowed, d


@settings(max_examples=60)
@given(followup_policies(), followup_questions())
def test_next_allowed_is_never_in_rest_hours_or_after_opt_out(policy, question) -> None:  # type: ignore[no-untyped-def]
    customer, purpose, at, history, trigger = question
    got = next_allowed(policy, customer, purpose, at, history, triggered_at=trigger)
    if got.at is None:
        assert got.blocked_by
        return
    assert got.at >= at
    assert got.channel is not None
    assert got.number is not None
    assert _oracle(policy, customer, purpose, got.at, history, trigger, got.channel, got.number)


@settings(max_examples=60)
@given(followup_policies(), followup_questions(), st.integers(0, 2000))
def test_refusals_at_are_the_refusals_of_decide(policy, question, minutes) -> None:  # type: ignore[no-untyped-def]
    """Replay's hot path (no trace, no retry search) refuses exactly as `decide`."""
    from complaintflow._time import to_us
    from complaintflow.followup._internal import refusals_at

    customer, purpose, at, history, trigger = question
    t = at.add(minutes=minutes)
    d = decide(policy, customer, purpose, t, history, triggered_at=trigger)
    got = refusals_at(
        policy,
        customer,
        purpose,
        to_us(t, "at"),
        tuple(history),
        None if trigger is None else to_us(trigger, "trigger"),
        None,
        None,
    )
    assert list(d.refusals) == got


_NUMBER_LISTS = st.lists(st.sampled_from(["13800000001", "13900000002", "+8615000000003"]))


@given(
    st.sampled_from(["c1", "C000042", "", " "]),
    st.sampled_from([SH, NY, "Asia/Urumqi", "Mars/Base", "localtime"]),
    st.booleans(),
    _NUMBER_LISTS,
    st.lists(
        st.tuples(
            st.integers(-(10**15), 10**15),
            st.sampled_from([None, *Channel]),
            st.sampled_from([None, *Purpose]),
        ),
        max_size=3,
    ),
)
def test_checked_customers_and_opt_outs_equal_the_generated_ones(  # type: ignore[no-untyped-def]
    id, timezone, vip, numbers, opt_outs
) -> None:
    """``Customer.checked`` and ``OptOut.checked`` (replay's hot path) build the values
    the generated ``__init__`` builds, and refuse what it refuses, alike."""
    made = []
    for us, channel, purpose in opt_outs:
        at = dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=us)
        o = OptOut.checked(at, us, channel, purpose)
        full = OptOut(at, channel, purpose)
        assert (full, repr(full), full.at_us, hash(full)) == (o, repr(o), o.at_us, hash(o))
        made.append(o)

    def outcome(make: Callable[[], Customer]) -> object:
        try:
            c = make()
        except ComplaintflowError as e:
            return (type(e), str(e), e.field, e.value)
        return (c, repr(c), hash(c))

    full = outcome(lambda: Customer(id, timezone, vip, tuple(numbers), tuple(numbers), tuple(made)))
    assert full == outcome(lambda: Customer.checked(id, timezone, vip, tuple(numbers), tuple(made)))


_REASON_ZONES = (SH, NY, LON, "Europe/Amsterdam", "America/St_Johns", "Asia/Kolkata")


@given(
    st.integers(-62_135_596_800_000_000 + 2 * 86_400_000_000, 253_402_214_400_000_000),
    st.sampled_from(_REASON_ZONES),
)
def test_reason_times_are_the_formatted_local_time(t, zone) -> None:  # type: ignore[no-untyped-def]
    """The instants in refusal reasons (``_fmt``, ``_wall``, from tables) are the
    local date, time and offset (whole minutes, towards zero) of the format specs."""
    from complaintflow._time import get_timezone
    from complaintflow.followup._decide import _WEEKDAYS, _fmt, _wall

    tz = get_timezone(zone)
    x = (dt.datetime(1970, 1, 1, tzinfo=dt.UTC) + dt.timedelta(microseconds=t)).astimezone(tz)
    off = x.utcoffset() or dt.timedelta(0)
    minute = dt.timedelta(minutes=1)
    sign, mins = ("+", off // minute) if off >= dt.timedelta(0) else ("-", -off // minute)
    expected = (
        f"{x.year:04d}-{x.month:02d}-{x.day:02d} {x.hour:02d}:{x.minute:02d} "
        f"{sign}{mins // 60:02d}:{mins % 60:02d}"
    )
    assert expected == _fmt(t, tz)
    assert f"{_WEEKDAYS[x.weekday()]} {x.hour:02d}:{x.minute:02d}" == _wall(t, tz)
