"""Tests of behaviour that sampled mutants showed untested (see ``docs/testing.md``).

Each test names the mutant it was written against (mutmut 3's name, from
``fuzz/mutation_sample.py``) and states the real behaviour the mutant broke without
any test noticing.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

import complaintflow as cf
from complaintflow import followup, scripts, staffing
from complaintflow.calendars import BusinessCalendar, Duration
from complaintflow.errors import (
    CalendarCoverageError,
    DurationError,
    EventNotAllowedError,
    EventOrderError,
    FollowupError,
    GuardFailedError,
    NeverOpensError,
    OutOfRangeError,
    SnapshotMismatchError,
    TranscriptError,
    TranscriptTypeError,
    ValidationError,
    WorkflowError,
    WrongTypeError,
)
from complaintflow.followup import (
    Agent,
    Attempt,
    Customer,
    DueFollowup,
    OptOut,
    Purpose,
    UnplannedKind,
)
from complaintflow.scripts import Transcript, Turn, validate_transcript
from complaintflow.sla import Escalation, SlaOverride, SlaPolicy, SlaTarget, evaluate
from complaintflow.workflows import (
    Event,
    Snapshot,
    WorkflowDefinition,
    allowed_events,
    can,
    start,
    transition,
)

# -- staffing/_erlang.py -------------------------------------------------------------------


def test_erlang_a_with_far_more_agents_than_callers_abandons_nothing() -> None:
    """Erlang B underflows to zero here, and the early answer must say "no abandonment"
    (mutant ``x_erlang_a__mutmut_11`` answered abandonment 1.0)."""
    quiet = staffing.Workload(1, dt.timedelta(hours=1), dt.timedelta(minutes=3))
    r = staffing.erlang_a(quiet, 400, dt.timedelta(minutes=2))
    assert 0.0 == r.abandonment
    assert 0.0 == r.probability_of_waiting
    assert 1.0 == r.service_level
    assert dt.timedelta(0) == r.average_wait


def test_erlang_a_on_a_hopelessly_overloaded_queue_stays_finite() -> None:
    """500 Erlangs on 10 agents: the series terms pass 1e200 and are rescaled; nearly
    every caller beyond the agents' capacity hangs up, so abandonment is 1 - 10/500
    (mutant ``x_erlang_a__mutmut_73`` scaled up instead of down and got NaN)."""
    flood = staffing.Workload(10_000, dt.timedelta(hours=1), dt.timedelta(minutes=3))
    r = staffing.erlang_a(flood, 10, dt.timedelta(minutes=10))
    assert 1.0 - 10 / 500 == pytest.approx(r.abandonment, abs=1e-9)
    assert 1.0 == pytest.approx(r.probability_of_waiting)
    assert 1.0 == pytest.approx(r.occupancy)
    assert dt.timedelta(seconds=588) == pytest.approx(r.average_wait, abs=dt.timedelta(seconds=1))


@pytest.mark.parametrize("agents", [8, 9, 12])
@pytest.mark.parametrize("seconds", [1, 5, 15, 60])
def test_erlang_a_with_a_century_of_patience_is_erlang_c(agents: int, seconds: int) -> None:
    """Nobody abandons in a century: the service level and the virtual one are Erlang
    C's for every answer time, short ones too, where a waiting caller is mostly still
    waiting and the share is summed from its tail (``x__share__mutmut_30`` started
    that tail from a wrong term)."""
    load = staffing.Workload(110, dt.timedelta(hours=1), dt.timedelta(minutes=3))
    within = dt.timedelta(seconds=seconds)
    c = staffing.erlang_c(load, agents, answer_within=within)
    a = staffing.erlang_a(load, agents, dt.timedelta(days=36_500), answer_within=within)
    assert c.service_level == pytest.approx(a.service_level, abs=1e-6)
    assert c.service_level == pytest.approx(a.virtual_service_level, abs=1e-6)


# -- workflows/_transition.py ------------------------------------------------------------

_NOTES = WorkflowDefinition.from_dict(
    {
        "name": "notes",
        "version": 2,
        "initial": "open",
        "terminal": ["done"],
        "states": ["open", "done"],
        "events": ["note", "finish"],
        "guards": {
            "owner_known": {"kind": "required", "rule": "FLOW-2", "fields": ["owner"],
                            "on": "data"},
        },
        "transitions": [
            {"source": "open", "event": "note", "target": "open", "collect": {"notes": "note"}},
            {"source": "open", "event": "finish", "target": "done", "guards": ["owner_known"]},
        ],
    }
)  # fmt: skip
T = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai")


def _step(snap: Snapshot, name: str, payload: dict[str, object], minutes: int = 0) -> Snapshot:
    return transition(_NOTES, snap, Event(name, T.add(minutes=minutes), payload))[0]  # type: ignore[arg-type]


def test_collect_appends_to_the_list_the_same_payload_brings() -> None:
    """``x__collect__mutmut_5`` dropped the payload's own list and kept only the new item."""
    snap = _step(start(_NOTES, "N-1"), "note", {"notes": ["from the form"], "note": "called"})
    assert ["from the form", "called"] == list(snap.data["notes"])  # type: ignore[arg-type]


def test_collect_into_a_field_that_is_no_list_names_what_it_holds() -> None:
    """``x__collect__mutmut_11`` showed None instead of the value in the way."""
    snap = _step(start(_NOTES, "N-1"), "note", {"notes": "scribbled"})
    with pytest.raises(WorkflowError, match=r"holds 'scribbled', not a list") as e:
        _step(snap, "note", {"note": "called"}, 1)
    assert "data.notes" == e.value.field


def test_guards_on_data_read_the_snapshot_when_refusing_and_listing() -> None:
    """A guard ``on: data`` ignores the payload; the refusal's reasons and
    ``allowed_events`` evaluate it on the snapshot's data (``x__step__mutmut_149``,
    ``x_allowed_events__mutmut_11`` passed no data)."""
    snap = start(_NOTES, "N-1")
    with pytest.raises(GuardFailedError) as e:
        _step(snap, "finish", {"owner": "王专员"})
    assert [("owner_known", "FLOW-2", "missing required field 'owner' (FLOW-2)")] == list(
        e.value.reasons
    )
    assert ("note",) == allowed_events(_NOTES, snap)
    owned = _step(snap, "note", {"owner": "王专员"})
    assert ("note", "finish") == allowed_events(_NOTES, owned)


def test_a_snapshot_of_another_version_is_refused_naming_both() -> None:
    """``x__mismatch__mutmut_19/20/30``: the error's state and event, and the versions."""
    old = Snapshot("notes", 3, "N-1", "open", {})  # version 3, schema 1: told apart
    with pytest.raises(SnapshotMismatchError) as e:
        transition(_NOTES, old, Event("finish", T))
    assert ("open", "finish") == (e.value.state, e.value.event)
    assert "workflow 'notes' version 3 schema 1" in str(e.value)
    assert "'notes' version 2 schema 1" in str(e.value)


def test_an_event_earlier_than_the_last_is_refused_with_the_reason() -> None:
    """``x__step__mutmut_28`` lost the message, ``x__step__mutmut_47`` the field."""
    snap = _step(start(_NOTES, "N-1"), "note", {"note": "called"}, 10)
    with pytest.raises(EventOrderError) as e:
        _step(snap, "note", {"note": "again"}, 0)
    assert "event.at" == e.value.field
    assert "is earlier than the last event" in str(e.value)


def test_can_names_the_event_it_refuses() -> None:
    """``x_can__mutmut_18`` returned a refusal without the event's name."""
    verdict = can(_NOTES, start(_NOTES, "N-1"), Event("finish", T))
    assert (False, "finish", "open") == (verdict.allowed, verdict.event, verdict.state)
    assert ["owner_known"] == [r.guard for r in verdict.reasons]


def test_an_event_the_state_does_not_take_names_the_event_field() -> None:
    """``x__not_allowed__mutmut_39`` misnamed the field."""
    done = _step(_step(start(_NOTES, "N-1"), "note", {"owner": "王专员"}), "finish", {}, 1)
    with pytest.raises(EventNotAllowedError) as e:
        _step(done, "note", {"note": "late"}, 2)
    assert ("event.name", "note") == (e.value.field, e.value.value)


def test_allowed_events_refuses_a_snapshot_of_another_version_naming_both() -> None:
    """``x_allowed_events__mutmut_8`` passed no definition to the mismatch error."""
    old = Snapshot("notes", 3, "N-1", "open", {})
    with pytest.raises(SnapshotMismatchError) as e:
        allowed_events(_NOTES, old)
    assert "workflow 'notes' version 3 schema 1" in str(e.value)
    assert "'notes' version 2 schema 1" in str(e.value)


# -- calendars/_index.py ---------------------------------------------------------------

_OFFICE = {"timezone": "Asia/Shanghai", "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"]}}
_ALWAYS = {"timezone": "Asia/Shanghai", "hours": {"daily": ["00:00-24:00"]}}
JUNE = pendulum.datetime(2026, 6, 1, 9, tz="Asia/Shanghai")  # a Monday


def test_add_runs_on_into_the_years_after_the_first_built_ones() -> None:
    """The index is built for the start's year first and extended a year at a time
    (``xǁCalendarIndexǁ_extend_forward__mutmut_8/27`` broke the extension): 3,000
    business hours of a 7.5-hour weekday are 400 weekdays: 80 weeks, to Friday 10
    December 2027."""
    office = BusinessCalendar.from_dict(_OFFICE)
    deadline = office.add(JUNE, "3000 business hours")
    assert pendulum.datetime(2027, 12, 10, 18, tz="Asia/Shanghai") == deadline
    assert dt.timedelta(hours=3000) == office.elapsed(JUNE, deadline)


def test_business_days_run_on_into_the_next_years() -> None:
    """``xǁCalendarIndexǁadd_business_days__mutmut_26`` broke counting past the built
    years: 300 weekdays after Monday 1 June 2026 end on Monday 26 July 2027."""
    office = BusinessCalendar.from_dict(_OFFICE)
    assert pendulum.datetime(2027, 7, 26, 18, tz="Asia/Shanghai") == office.add(
        JUNE, "300 business days"
    )


def test_next_open_looks_into_the_next_years() -> None:
    """A desk open one day in 2027 only: from 2026 the next opening is that day
    (``xǁCalendarIndexǁnext_open__mutmut_18`` broke the extension)."""
    cal = BusinessCalendar.from_dict(
        {"timezone": "Asia/Shanghai", "hours": {}, "special": {"2027-03-05": ["09:00-10:00"]}}
    )
    assert pendulum.datetime(2027, 3, 5, 9, tz="Asia/Shanghai") == cal.next_open(JUNE)


def test_coverage_is_decided_by_the_local_date() -> None:
    """1 a.m. on 1 January 2027 in Shanghai is still 2026 in UTC, but outside a 2026
    calendar, and the error says how to widen it (``xǁCalendarIndexǁstate_for__mutmut_9``
    took the UTC date, ``_coverage_error__mutmut_9`` changed the advice)."""
    office = BusinessCalendar.from_dict(
        {**_OFFICE, "valid_from": "2026-01-01", "valid_until": "2026-12-31"}
    )
    with pytest.raises(CalendarCoverageError, match=r"or widen valid_from/valid_until$"):
        office.is_open(pendulum.datetime(2027, 1, 1, 1, tz="Asia/Shanghai"))
    assert not office.is_open(pendulum.datetime(2026, 12, 31, 23, tz="Asia/Shanghai"))


@pytest.mark.parametrize("data", [_OFFICE, _ALWAYS], ids=["office", "24x7"])
def test_batch_forms_agree_with_the_single_forms_across_years(data: dict[str, object]) -> None:
    """``add_many`` from inside the index's first open period
    (``xǁCalendarIndexǁadd_many__mutmut_48`` dropped the offset into it) and
    ``elapsed_many`` over pairs in years the first pair's index does not cover
    (``xǁCalendarIndexǁelapsed_many__mutmut_29``)."""
    single, batch = BusinessCalendar.from_dict(data), BusinessCalendar.from_dict(data)
    starts = [JUNE.add(days=d, hours=h).int_timestamp for d, h in ((0, 1), (400, 3), (2, 30))]
    ends = [s + 86_400 * 500 for s in starts]
    durations = [3600, 15, 86_400]
    # (a fresh calendar for the batch: one whose index covers every pair already
    # would never look a pair's years up)
    assert [single.elapsed_s(a, b) for a, b in zip(starts, ends, strict=True)] == (
        batch.elapsed_many(starts, ends)
    )
    fresh = BusinessCalendar.from_dict(data)
    assert [
        single.add_s(s, f"{d} business seconds") for s, d in zip(starts, durations, strict=True)
    ] == fresh.add_many(starts, durations)


def test_add_many_refuses_a_negative_duration_naming_it() -> None:
    """``xǁCalendarIndexǁadd_many__mutmut_20`` misnamed the field, ``_26`` dropped the
    value."""
    with pytest.raises(DurationError) as e:
        BusinessCalendar.from_dict(_ALWAYS).add_many([0], [-1])
    assert ("durations[0]", -1) == (e.value.field, e.value.value)


_END_US = 7_258_118_400_000_000  # 2200-01-01T00:00:00Z, the end of the supported range
_UTC_OFFICE = {"timezone": "UTC", "hours": {"mon-fri": ["09:00-17:00"]}}


def _us(text: str) -> int:
    return int(pendulum.parse(text).timestamp()) * 1_000_000  # type: ignore[union-attr]


def test_business_days_past_the_range_name_the_duration() -> None:
    """Business days that would end past the supported range name the duration (the
    business-day path of the index, next to ``business_day_at``, whose own field
    mutant ``_81`` is still a survivor: see the testing page)."""
    office = BusinessCalendar.from_dict(_UTC_OFFICE)
    with pytest.raises(OutOfRangeError) as e:
        office.add(pendulum.datetime(2199, 12, 30, 10, tz="UTC"), "5 business days")
    assert "duration" == e.value.field


def test_open_time_counts_on_across_the_years_the_index_is_extended_by() -> None:
    """A 24x7 desk's open period runs on over each New Year the index is extended past:
    three years from 1 June 2026 are 1,096 days of open time, both ways, and from
    any start inside them (written for ``xǁ_Stateǁthen__mutmut_82``, which miscounts
    the open time after a join; it survives this case, see the testing page)."""
    always = BusinessCalendar.from_dict(_ALWAYS)
    end = always.add(JUNE, f"{1096 * 24} business hours")
    assert pendulum.datetime(2029, 6, 1, 9, tz="Asia/Shanghai") == end
    assert dt.timedelta(days=1096) == always.elapsed(JUNE, end)
    assert end == always.add(JUNE.add(days=400), f"{696 * 24} business hours")


@pytest.mark.parametrize(
    ("data", "call", "error", "field", "value", "says"),
    [
        # an instant outside the supported range: the index's own queries name ``at``
        # (``is_open__mutmut_7``, ``next_close__mutmut_6``)
        (_UTC_OFFICE, lambda i: i.is_open(_END_US), OutOfRangeError, "at", _END_US, "at: "),
        (_UTC_OFFICE, lambda i: i.next_close(_END_US), OutOfRangeError, "at", _END_US, "at: "),
        # outside the calendar's own dates: the instant is the value
        # (``_coverage_error__mutmut_6``)
        ({**_UTC_OFFICE, "valid_until": "2026-12-31"},
         lambda i: i.is_open(_us("2027-01-02T10:00:00Z")), CalendarCoverageError, "at",
         _us("2027-01-02T10:00:00Z"), "2027-01-02 lies outside the dates"),
        # after the last open period of the calendar's dates, the next close is past
        # them (``next_close__mutmut_46`` read past the periods: IndexError)
        ({**_UTC_OFFICE, "valid_until": "2026-12-31"},
         lambda i: i.next_close(_us("2026-12-31T18:00:00Z")), CalendarCoverageError, "at",
         "2026-12-31", "the answer lies outside the dates"),
        # an answer past the range says so (``_extend_forward__mutmut_26`` lost "the
        # answer"), and a calendar with no opening before the range's end says that
        # (``_never_opens__mutmut_9`` changed the text)
        (_ALWAYS, lambda i: i.add(_END_US - 3_600_000_000, 7_200_000_000), OutOfRangeError,
         "duration", 7_200_000_000, "duration: the answer would lie after 2200-01-01"),
        (_UTC_OFFICE, lambda i: i.add(_us("2199-12-30T10:00:00Z"), 360_000_000_000),
         OutOfRangeError, "duration", 360_000_000_000,
         "duration: the answer would lie after 2200-01-01"),
        (_UTC_OFFICE, lambda i: i.next_open(_us("2199-12-31T20:00:00Z")), NeverOpensError,
         "hours", None, "before 2200-01-01T00:00:00Z, the end of the supported range of "
         "instants"),
    ],
    ids=["is_open", "next_close", "coverage", "next_close_past_dates", "beyond", "beyond_years",
         "never"],
)  # fmt: skip
def test_the_epoch_index_names_what_lies_outside_its_range(
    data: dict[str, object],
    call: object,
    error: type[Exception],
    field: str,
    value: object,
    says: str,
) -> None:
    """The epoch index (`BusinessCalendar.epoch_index`, for engines built on calendars)
    refuses what lies outside the supported range or the calendar's dates with the
    library's error, its field, its value and a message that says which."""
    index = BusinessCalendar.from_dict(data).epoch_index()
    with pytest.raises(error) as e:
        call(index)  # type: ignore[operator]
    assert (field, value) == (e.value.field, e.value.value)  # type: ignore[attr-defined]
    assert says in str(e.value)


# -- followup/_decide.py -------------------------------------------------------------

SH = "Asia/Shanghai"
RESOLVED = pendulum.datetime(2026, 5, 4, 10, tz=SH)  # a Monday; service hours 08-12, 14-21
CALLER = Customer("c1", SH, phones=["13800000001"], sms=["13800000001"])


def _trace(d: object) -> dict[str, tuple[str, bool]]:
    return {t.check: (t.rule_id, t.passed) for t in d.trace}  # type: ignore[attr-defined]


def test_decide_refuses_a_policy_that_is_no_policy_naming_it() -> None:
    """``x__compile__mutmut_7`` dropped the refused value."""
    with pytest.raises(WrongTypeError) as e:
        followup.decide("default", CALLER, Purpose.SERVICE, RESOLVED)  # type: ignore[arg-type]
    assert ("policy", "default") == (e.value.field, e.value.value)


def test_at_the_instant_the_window_closes_the_window_is_why_nothing_is_left() -> None:
    """The FU-4 window is half-open: at its closing instant it is closed, and no
    retry exists because of it, not because of the horizon or of an opt-out that
    only starts after the horizon (``_default_earliest__mutmut_30`` took the closing
    instant as open, ``earliest__mutmut_40`` blamed the far opt-out)."""
    closes = RESOLVED.add(days=3)  # "3 calendar days", at 10:00: inside service hours
    far = Customer("c1", SH, phones=["1"], opt_outs=[OptOut(closes.add(days=500))])
    for customer in (CALLER, far):
        d = followup.decide(followup.default(), customer, Purpose.SERVICE, closes,
                            triggered_at=RESOLVED)  # fmt: skip
        assert not d.allowed
        assert None is d.retry_at
        assert d.no_retry is not None
        assert "FU-4" == d.no_retry.rule_id
        assert ("FU-4", False) == _trace(d)["window"]


def test_an_opening_at_the_instant_the_window_closes_is_no_retry() -> None:
    """Resolved at 14:00, the window closes at 14:00 three days later, exactly when
    the lunch break ends: from 12:30 that day nothing is left, and 14:00 is not
    offered (``_default_earliest__mutmut_30`` offered it, outside the window)."""
    resolved = RESOLVED.add(hours=4)  # Monday 14:00
    lunch = resolved.add(days=3).subtract(minutes=90)  # Thursday 12:30
    d = followup.decide(followup.default(), CALLER, Purpose.SERVICE, lunch,
                        triggered_at=resolved)  # fmt: skip
    assert None is d.retry_at
    assert d.no_retry is not None
    assert "FU-4" == d.no_retry.rule_id


def test_the_trace_records_each_refusing_check_as_failed_with_its_rule() -> None:
    """``check__mutmut_147/186`` wrote the hours rule as None and a refusing cap as
    passed."""
    lunch = RESOLVED.add(hours=2, minutes=30)  # 12:30: rest hours (FU-1)
    history = [Attempt(lunch.subtract(minutes=m)) for m in (30, 60, 90)]
    d = followup.decide(followup.default(), CALLER, Purpose.SERVICE, lunch, history)
    assert {"FU-1", "FU-11"} <= {r.rule_id for r in d.refusals}
    assert ("FU-1", False) == _trace(d)["hours"]
    assert ("FU-11", False) == _trace(d)["caps"]


def test_each_refusal_says_why_in_the_reason_and_in_the_trace() -> None:
    """At 12:30 after three calls: the rest time is named (``refusals__mutmut_149``
    garbled it) and the next attempt is given in the customer's local time
    (``refusals__mutmut_174`` gave UTC); a special visit off a campaign day says so
    (``refusals__mutmut_105``) and is traced as failed (``refusals__mutmut_113``); a
    customer without numbers is traced as refused on the channel
    (``refusals__mutmut_12``)."""
    lunch = RESOLVED.add(hours=2, minutes=30)
    history = [Attempt(lunch.subtract(minutes=m)) for m in (30, 60, 90)]
    d = followup.decide(followup.default(), CALLER, Purpose.SERVICE, lunch, history)
    why = {r.rule_id: r.reason for r in d.refusals}
    assert "Mon 12:30 local is outside contact hours (the customer's rest time)" == why["FU-1"]
    assert why["FU-11"].endswith(": next attempt from 2026-05-05 11:00 +08:00")
    special = followup.decide(followup.default(), CALLER, Purpose.SPECIAL, RESOLVED)
    reason = "special visits happen on campaign days only"
    assert [("FU-7", reason)] == [(r.rule_id, r.reason) for r in special.refusals]
    assert [("FU-7", False, reason)] == [
        (t.rule_id, t.passed, t.detail) for t in special.trace if t.check == "campaign"
    ]
    mute = followup.decide(followup.default(), Customer("c2", SH), Purpose.SERVICE, RESOLVED)
    assert [("FU-5", False, "the customer has no phone or SMS number")] == [
        (t.rule_id, t.passed, t.detail) for t in mute.trace if t.check == "channel"
    ]


def test_contact_hours_that_never_open_again_name_their_rule() -> None:
    """Service hours on one past day only: no retry, because of the contact-hours rule
    (``_default_earliest__mutmut_23`` lost the rule)."""
    data = cf.to_data(followup.default())
    data["hours"][0]["calendar"] = {  # type: ignore[index]
        "timezone": "UTC", "hours": {}, "special": {"2026-01-01": ["09:00-10:00"]}
    }  # fmt: skip
    policy = cf.from_data(followup.FollowupPolicy, data)
    d = followup.decide(policy, CALLER, Purpose.SERVICE, RESOLVED)
    assert (None, "FU-1", "the contact hours never open again") == (
        d.retry_at, d.no_retry.rule_id if d.no_retry else None,
        d.no_retry.reason if d.no_retry else None,
    )  # fmt: skip


def test_a_number_that_is_not_the_customers_names_its_rule() -> None:
    """``_channel__mutmut_36/44`` dropped or garbled the rule."""
    with pytest.raises(FollowupError) as e:
        followup.decide(followup.default(), CALLER, Purpose.SERVICE, RESOLVED, number="999")
    assert ("number", "999", "FU-5") == (e.value.field, e.value.value, e.value.rule)


# -- sla/_clock.py ---------------------------------------------------------------------

_WEEKDAYS = {"timezone": "Asia/Shanghai", "hours": {"mon-fri": ["09:00-18:00"]}}


def _hour_policy(cal: BusinessCalendar) -> SlaPolicy:
    """One business hour from ``s`` to ``x``, paused by ``p``, escalated at the breach."""
    return SlaPolicy(
        [SlaTarget("t", "SLA-2", Duration.business(hours=1), cal, start=("s",), stop=("x",),
                   pause=("p",), resume=("r",),
                   escalations=(Escalation(1.0, "notify_supervisor", "FLOW-6"),))]
    )  # fmt: skip


def _sh(*args: int) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz="Asia/Shanghai")


def test_a_breach_before_a_later_pause_is_dated_at_the_breach() -> None:
    """Started 10:00 with one hour: breached at 11:00, whatever pauses come after it
    (``x__reach__mutmut_11`` walked past the pause); the escalation carries its level
    (``xǁClockǁstatus__mutmut_24`` dropped it)."""
    policy = _hour_policy(BusinessCalendar.from_dict(_ALWAYS))
    log = [Event("s", _sh(2026, 3, 2, 10)), Event("p", _sh(2026, 3, 2, 12)),
           Event("r", _sh(2026, 3, 2, 13)), Event("x", _sh(2026, 3, 2, 14))]  # fmt: skip
    report = evaluate(policy, log, now=_sh(2026, 3, 2, 15))
    assert _sh(2026, 3, 2, 11) == report.status("t").breached_at
    assert [("notify_supervisor", 1.0)] == [(e.effect, e.level) for e in report.effects]


def test_a_policy_reused_for_an_earlier_ticket_counts_from_its_own_days() -> None:
    """A compiled policy keeps its calendar index between tickets. A ticket in March
    2028 builds it from 1 January 2028 (a Saturday); tickets started on Sunday 2 January
    and on Friday 31 December 2027 must not be answered from that index's edge
    (``xǁVariantǁadd__mutmut_24`` was a microsecond late before the first opening,
    ``xǁVariantǁ_refresh__mutmut_9`` took the day before the index for inside it)."""
    policy = _hour_policy(BusinessCalendar.from_dict(_WEEKDAYS))
    evaluate(policy, [Event("s", _sh(2028, 3, 1, 10))], now=_sh(2028, 3, 1, 10, 30))
    for started, due in (((2028, 1, 2, 12), (2028, 1, 3, 10)),
                         ((2027, 12, 31, 12), (2027, 12, 31, 13))):  # fmt: skip
        report = evaluate(policy, [Event("s", _sh(*started))], now=_sh(*started))
        assert _sh(*due) == report.status("t").deadline


def test_calendar_days_keep_the_wall_time_across_a_dst_change() -> None:
    """One calendar day from Saturday noon before the spring-forward in New York ends
    at Sunday noon, 23 hours later (``xǁVariantǁbudget__mutmut_41`` broke the zone's
    wall-time add)."""
    ny = BusinessCalendar.from_dict(
        {"timezone": "America/New_York", "hours": {"daily": ["00:00-24:00"]}}
    )
    policy = SlaPolicy([SlaTarget("t", "SLA-7", Duration.calendar(days=1), ny, start=("s",),
                                  stop=("x",))])  # fmt: skip
    start = pendulum.datetime(2026, 3, 7, 12, tz="America/New_York")
    report = evaluate(policy, [Event("s", start)], now=start)
    deadline = report.status("t").deadline
    assert pendulum.datetime(2026, 3, 8, 12, tz="America/New_York") == deadline
    assert dt.timedelta(hours=23) == deadline - start


# -- followup/_plan.py -----------------------------------------------------------------

_SHIFT = BusinessCalendar.from_dict({"timezone": SH, "hours": {"daily": ["09:00-17:00"]}})
T0 = pendulum.datetime(2026, 5, 4, 8, tz=SH)


def test_plan_balances_agents_by_load_per_capacity() -> None:
    """The docstring's team: two contacts an hour for a1, one for a2, a VIP first
    (``xǁ_Plannerǁ_apply_path__mutmut_33`` subtracted the assigned contacts)."""
    team = [Agent("a1", _SHIFT, capacity_per_hour=2), Agent("a2", _SHIFT, capacity_per_hour=1)]
    due = [DueFollowup(f"case{i}", Customer(f"c{i}", SH, vip=i == 2,
                                            phones=[f"1380000000{i}"]), T0)
           for i in range(4)]  # fmt: skip
    p = followup.plan(followup.default(), due, team, start=T0, end=T0.add(days=1))
    assert [("case1", "a1", "09:00"), ("case2", "a1", "09:00"), ("case0", "a2", "09:00"),
            ("case3", "a1", "10:00")] == [
        (a.case_id, a.agent_id, a.at.format("HH:mm")) for a in p.assignments
    ]  # fmt: skip
    assert [("a1", 3), ("a2", 1)] == [(x.agent_id, x.assigned) for x in p.summary.loads]


def test_plan_reports_why_each_follow_up_is_unplanned_and_counts_them() -> None:
    """An opt-out from the very start of the plan (``_pieces__mutmut_15`` let it
    through at equality) and a skill no agent has (``_pieces__mutmut_70`` lost the
    reason); the summary counts both kinds (``_summary__mutmut_29/43``)."""
    team = [Agent("a1", _SHIFT)]
    due = [
        DueFollowup("k1", Customer("c1", SH, phones=["1"], opt_outs=[OptOut(T0)]), T0),
        DueFollowup("k2", Customer("c2", SH, phones=["2"]), T0, skill="billing"),
        DueFollowup("k3", Customer("c3", SH, phones=["3"]), T0),
    ]
    p = followup.plan(followup.default(), due, team, start=T0, end=T0.add(days=1))
    why = {u.case_id: (u.kind, u.rule_id, u.reason) for u in p.unplanned}
    assert UnplannedKind.OPTED_OUT == why["k1"][0]
    assert (UnplannedKind.NO_SKILLED_AGENT, "FU-8", "no agent has the skill 'billing'") == why["k2"]
    assert ["k3"] == [a.case_id for a in p.assignments]
    assert ((UnplannedKind.OPTED_OUT, 1), (UnplannedKind.NO_SKILLED_AGENT, 1)) == tuple(
        sorted(p.summary.unplanned_by_kind, key=lambda kv: kv[0].value, reverse=True)
    )


def test_plan_inputs_are_checked_with_their_fields() -> None:
    """Duplicate case ids, and parts of the wrong type, name the field and value
    (``_check_unique__mutmut_16/18``, ``_is_customer__mutmut_3``, ``_history__mutmut_7``)."""
    c = Customer("c1", SH, phones=["1"])
    twice = [DueFollowup("k1", c, T0), DueFollowup("k1", Customer("c2", SH), T0)]
    with pytest.raises(FollowupError) as e:
        followup.plan(followup.default(), twice, [], start=T0, end=T0.add(days=1))
    assert ("case_id", "k1") == (e.value.field, e.value.value)
    with pytest.raises(WrongTypeError) as w:
        DueFollowup("k1", "c1", T0)  # type: ignore[arg-type]
    assert "customer" == w.value.field
    with pytest.raises(WrongTypeError) as h:
        DueFollowup("k1", c, T0, history="none")  # type: ignore[arg-type]
    assert "history" == h.value.field


def test_plan_arguments_name_their_field_rule_and_value() -> None:
    """A team that is no sequence names ``agents`` (``x__check_items__mutmut_16``); a
    capacity under one names its rule (``x__positive__mutmut_15``); a shift that is no
    calendar names its value, and the example in the message builds a shift calendar
    (``x__shift__mutmut_4/13``)."""
    with pytest.raises(WrongTypeError) as team:
        followup.plan(followup.default(), [], "a1", start=T0, end=T0.add(days=1))  # type: ignore[arg-type]
    assert ("agents", "a1") == (team.value.field, team.value.value)
    with pytest.raises(FollowupError) as capacity:
        Agent("a1", _SHIFT, capacity_per_hour=0)
    assert ("capacity_per_hour", 0, "FU-8") == (
        capacity.value.field, capacity.value.value, capacity.value.rule
    )  # fmt: skip
    with pytest.raises(FollowupError) as shift:
        Agent("a1", "9-18")  # type: ignore[arg-type]
    assert ("shift", "9-18", "FU-8") == (shift.value.field, shift.value.value, shift.value.rule)
    example = str(shift.value).split("e.g. ", 1)[1]
    built = eval(example, {"BusinessCalendar": BusinessCalendar})  # the message's own example
    assert isinstance(built, BusinessCalendar)
    assert built.is_open(pendulum.datetime(2026, 5, 4, 10, tz=SH))


def test_plan_skips_an_agent_hour_whose_allowed_part_misses_the_shift() -> None:
    """Agent-hours from 13:30; calls allowed from 14:00 (FU-1); the shift is 13:00-13:50
    and 14:40-18:00, sixty contacts an hour (capacity is pro rata of the shift time in
    an agent-hour, so each of these has some). The first agent-hour has shift time,
    but not in its allowed part (14:00-14:30): the call goes to the next agent-hour,
    at 14:40, until its end at
    15:30. ``_best_slot__mutmut_53`` gave up on the whole allowed piece there (nothing
    planned); ``_best_slot__mutmut_45`` took the first agent-hour anyway, at 14:40
    "until" 14:30."""
    split = BusinessCalendar.from_dict(
        {"timezone": SH, "hours": {"daily": ["13:00-13:50", "14:40-18:00"]}}
    )
    at = pendulum.datetime(2026, 5, 4, 13, 30, tz=SH)
    due = [DueFollowup("k1", Customer("c1", SH, phones=["1"]), at)]
    team = [Agent("a1", split, capacity_per_hour=60)]
    p = followup.plan(followup.default(), due, team, start=at, end=at.add(hours=5))
    assert [("k1", "14:40", "15:30")] == [
        (a.case_id, a.at.format("HH:mm"), a.until.format("HH:mm")) for a in p.assignments
    ]


def test_plan_says_the_horizon_ends_before_the_deadline() -> None:
    """One contact an hour, two calls, one hour of shift in the horizon: the second is
    left without capacity, and its FU-4 deadline lies past the horizon, so the reason
    names the end of the horizon (``xǁ_Plannerǁ_place__mutmut_30`` printed the deadline
    instead)."""
    team = [Agent("a1", _SHIFT, capacity_per_hour=1)]
    due = [DueFollowup(f"k{i}", Customer(f"c{i}", SH, phones=[str(i)]), T0) for i in (1, 2)]
    p = followup.plan(followup.default(), due, team, start=T0, end=T0.add(hours=2))
    assert ["k1"] == [a.case_id for a in p.assignments]
    assert [
        (
            "k2",
            UnplannedKind.NO_CAPACITY,
            "FU-8",
            "no agent has free capacity at an allowed time before the deadline "
            "(end of the horizon)",
        )
    ] == [(u.case_id, u.kind, u.rule_id, u.reason) for u in p.unplanned]


def test_a_shorter_budget_from_an_override_dates_the_deadline_before_the_pause() -> None:
    """Three hours from 10:00, paused 12:00-13:00; at 13:30 the ticket turns VIP and
    its budget is two hours: used up at 12:00, before the pause, so that is the
    deadline, and the breach is noticed at 13:30 (``x__reach__mutmut_11`` walked past
    the pause and dated it 13:00)."""
    cal = BusinessCalendar.from_dict(_ALWAYS)
    target = SlaTarget("t", "SLA-2", Duration.business(hours=3), cal, start=("s",),
                       stop=("x",), pause=("p",), resume=("r",))  # fmt: skip
    vip = SlaOverride("t", {"tier": "vip"}, within=Duration.business(hours=2))
    policy = SlaPolicy([target], overrides=[vip], kinds=("u",))
    log = [
        Event("s", _sh(2026, 3, 2, 10)),
        Event("p", _sh(2026, 3, 2, 12)),
        Event("r", _sh(2026, 3, 2, 13)),
        Event("u", _sh(2026, 3, 2, 13, 30), {"tier": "vip"}),
    ]
    status = evaluate(policy, log, now=_sh(2026, 3, 2, 14)).status("t")
    assert (_sh(2026, 3, 2, 12), _sh(2026, 3, 2, 13, 30)) == (status.deadline, status.breached_at)


# -- scripts/_check.py -------------------------------------------------------------------


def test_a_transcript_of_the_wrong_type_is_refused_naming_what_is_accepted() -> None:
    """``x__as_turns__mutmut_4/11`` lost the field and the class names of the message;
    ``xǁTranscriptǁ__attrs_post_init____mutmut_3/4`` the field and value of a list."""
    with pytest.raises(TranscriptTypeError, match="a Transcript, a sequence of Turn or a str") as e:
        scripts.validate_transcript(scripts.default(), 42)  # type: ignore[arg-type]
    assert ("transcript", 42) == (e.value.field, e.value.value)
    turns = [Turn("agent", "您好")]
    with pytest.raises(TranscriptTypeError) as t:
        Transcript(turns)  # type: ignore[arg-type]
    assert ("turns", turns) == (t.value.field, t.value.value)


def test_from_records_reports_each_bad_turn_with_its_reason() -> None:
    """``xǁTranscriptǁfrom_records__mutmut_72`` kept the path and lost the reason."""
    with pytest.raises(ValidationError) as e:
        Transcript.from_records([{"speaker": "agent", "text": 1}])
    (problem,) = e.value.problems
    assert "turns[0].text" == problem.path
    assert problem.message.startswith("turn text must be a string")


def test_a_timing_finding_names_its_turn_without_a_span() -> None:
    """15 s of silence before the agent's turn: the finding names that turn and
    nothing inside it (the silence twin of ``x__timing__mutmut_140``, which the overlap
    test below kills)."""
    pack = scripts.ScriptPack("t", (scripts.TimingRule("quiet", "silence", 10.0),))
    (finding,) = validate_transcript(
        pack, [Turn("customer", "喂", 0, 1), Turn("agent", "您好", 16, 17)]
    ).findings
    assert (1, None, None, None, 15.0) == (
        finding.turn, finding.start, finding.end, finding.excerpt, finding.seconds
    )  # fmt: skip


def test_a_window_in_seconds_over_a_turn_without_times_names_its_times() -> None:
    """``x__window_turns__mutmut_23`` dropped the value: the turn's missing times."""
    greet = scripts.RequiredRule("greet", ("您好",), window=scripts.Window(first_seconds=10))
    with pytest.raises(TranscriptError) as e:
        validate_transcript(scripts.ScriptPack("w", (greet,)), [Turn("agent", "您好")])
    assert ("turns[0]", (None, None)) == (e.value.field, e.value.value)


def test_findings_are_capped_per_turn_and_the_rest_counted() -> None:
    """A promise said 150 times in one turn next to 一定: the first FINDINGS_MAX (100)
    proximity findings are kept and the other 50 counted as omitted
    (``x__first_per_turn__mutmut_16`` kept them all)."""
    near = scripts.ProximityRule("p", ("保证",), ("一定",), within=3)
    (result,) = validate_transcript(scripts.ScriptPack("f", (near,)), "一定保证，" * 150).results
    assert (100, 50) == (len(result.findings), result.omitted)


def test_conditional_and_proximity_results_carry_their_kind_and_phrase() -> None:
    """A complaint without an apology: the conditional result keeps its kind
    (``x__conditional__mutmut_98`` lost it); a complaint without a reply in the next
    turn: the proximity finding in turns keeps its phrase (``x__proximity__mutmut_93``
    lost it)."""
    when = scripts.ConditionalRule("c", ("投诉",), (("抱歉",),))
    reply = scripts.ProximityRule(
        "p", ("投诉",), ("处理",), within=1, unit="turns", side="after", require=True,
        speaker="customer", near_speaker="agent",
    )  # fmt: skip
    said = [Turn("customer", "我要投诉"), Turn("agent", "好的")]
    report = validate_transcript(scripts.ScriptPack("k", (when, reply)), said)
    assert [("c", "conditional", "fail"), ("p", "proximity", "fail")] == [
        (r.rule_id, r.kind, r.status) for r in report.results
    ]
    assert [("p", 0, "投诉")] == [
        (f.rule_id, f.turn, f.phrase) for f in report.findings if f.rule_id == "p"
    ]


def test_an_overlap_finding_names_its_turn_without_a_span() -> None:
    """The customer starts 2 s before the agent finishes: the overlap finding names the
    customer's turn and nothing inside it (``x__timing__mutmut_140`` gave it a span)."""
    pack = scripts.ScriptPack("o", (scripts.TimingRule("over", "overlap", 1.0, speaker=None),))
    said = [Turn("agent", "您好，请讲", 0, 5), Turn("customer", "我要投诉", 3, 6)]
    (finding,) = validate_transcript(pack, said).findings
    assert (1, None, None, None, 2.0) == (
        finding.turn, finding.start, finding.end, finding.excerpt, finding.seconds
    )  # fmt: skip


def test_a_slot_near_in_turns_counts_in_its_own_turn_only() -> None:
    """A reply needs a time within one turn after the complaint: a time said two turns
    later does not count (``x__proximity__mutmut_54`` looked the slot up without its
    turn)."""
    rule = scripts.ProximityRule(
        "t", ("投诉",), ("{time}",), within=1, unit="turns", side="after", require=True,
        speaker="customer", near_speaker="agent",
    )  # fmt: skip
    pack = scripts.ScriptPack("t", (rule,))
    on_time = [Turn("customer", "我要投诉"), Turn("agent", "明天15:30给您回电")]
    late = [Turn("customer", "我要投诉"), Turn("agent", "好的"), Turn("agent", "明天15:30给您回电")]
    assert validate_transcript(pack, on_time).passed
    assert not validate_transcript(pack, late).passed


def test_a_combined_condition_follows_a_ticket_attribute_a_payload_changes() -> None:
    """A dispatch clock starts on a transfer to the field team of a ticket that is not
    VIP; an earlier event's payload made the ticket VIP, so it does not start. The
    ticket attributes a condition reads are found inside ``all``/``any``/``not``
    (``x__fields__mutmut_22`` found none there, and the change went unseen)."""
    when = {"all": [{"event": "team", "eq": "field"}, {"not": {"ticket": "tier", "eq": "vip"}}]}
    policy = SlaPolicy.from_dict({"targets": [{
        "name": "dispatch", "rule": "SLA-2", "within": "1 business hour", "calendar": "24x7",
        "start": [{"kind": "transfer", "when": when}], "stop": ["dispatched"]}]})  # fmt: skip
    t0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai")
    plain = [Event("transfer", t0.add(minutes=1), {"team": "field"})]
    made_vip = [Event("transfer", t0, {"tier": "vip"}), *plain]
    assert evaluate(policy, plain, now=t0.add(minutes=5)).status("dispatch").start_us is not None
    assert evaluate(policy, made_vip, now=t0.add(minutes=5)).status("dispatch").start_us is None
