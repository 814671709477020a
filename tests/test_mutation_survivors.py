"""Tests of behaviour that sampled mutants showed untested (see ``docs/testing.md``).

Each test names the mutant it was written against (mutmut 3's name, from
``fuzz/mutation_sample.py``) and states the real behaviour the mutant broke without
any test noticing.
"""

from __future__ import annotations

import datetime as dt

import pendulum
import pytest

from complaintflow import staffing
from complaintflow.calendars import BusinessCalendar
from complaintflow.errors import (
    CalendarCoverageError,
    CalendarError,
    EventOrderError,
    GuardFailedError,
    SnapshotMismatchError,
    WorkflowError,
)
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
    """``xǁCalendarIndexǁadd_many__mutmut_20`` misnamed the field."""
    with pytest.raises(CalendarError) as e:
        BusinessCalendar.from_dict(_ALWAYS).add_many([0], [-1])
    assert "duration" == e.value.field
