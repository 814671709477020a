"""Business calendars: examples, bad input, and properties against a slow oracle."""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.resources
import itertools
import os
import pickle
import time
import zoneinfo
from typing import Any

import pendulum
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow import calendars
from complaintflow.calendars import BusinessCalendar, Duration, DurationKind
from complaintflow.calendars._internal import CalendarIndex
from complaintflow.errors import (
    CalendarCoverageError,
    CalendarError,
    DurationError,
    NaiveDatetimeError,
    NeverOpensError,
    OutOfRangeError,
    UnknownTimezoneError,
    ValidationError,
    WrongTypeError,
)

from .strategies import END_US, FIRST_US, WINDOW_STARTS, any_calendar, calendar_data, iana_zones

SH = "Asia/Shanghai"
OFFICE: dict[str, Any] = {
    "timezone": SH,
    "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"]},
}


def at(*args: int, tz: str = SH) -> pendulum.DateTime:
    return pendulum.datetime(*args, tz=tz)


def office(**extra: Any) -> BusinessCalendar:
    return BusinessCalendar.from_dict({**OFFICE, **extra})


# --------------------------------------------------------------------------------------
# Examples: the three meanings of "within 2 days"
# --------------------------------------------------------------------------------------


def test_business_time_skips_lunch_nights_and_weekends() -> None:
    cal = office()
    friday_1700 = at(2026, 11, 20, 17, 0)
    assert at(2026, 11, 23, 10, 0) == cal.add(friday_1700, "2 business hours")
    assert at(2026, 11, 23, 14, 0) == cal.add(at(2026, 11, 23, 11, 30), "1 business hour")


def test_business_days_end_at_the_close_of_the_nth_day_after_the_start_day() -> None:
    cal = office()
    # Started Monday morning: Tuesday is day 1, Wednesday day 2.
    assert at(2026, 11, 25, 18, 0) == cal.add(at(2026, 11, 23, 9, 5), "2 business days")
    # Started Saturday (closed): Monday is day 1, Tuesday day 2.
    assert at(2026, 11, 24, 18, 0) == cal.add(at(2026, 11, 21, 10, 0), "2 business days")


def test_calendar_days_keep_wall_time_across_dst() -> None:
    cal = calendars.default("24x7", timezone="America/New_York")
    start = at(2026, 3, 7, 12, 0, tz="America/New_York")
    assert at(2026, 3, 9, 12, 0, tz="America/New_York") == cal.add(start, "2 calendar days")
    # 48 calendar hours are exact elapsed time: the spring-forward hour is lost.
    assert at(2026, 3, 9, 13, 0, tz="America/New_York") == cal.add(start, "48 calendar hours")


def test_make_up_working_day_opens_a_saturday() -> None:
    cal = office(holidays=["2026-10-01"], workdays=["2026-10-10"])
    saturday = at(2026, 10, 10, 10, 0)
    assert cal.is_open(saturday)
    assert [("09:00", "12:00"), ("13:30", "18:00")] == cal.hours_on(dt.date(2026, 10, 10))
    assert not cal.is_open(at(2026, 10, 1, 10, 0))
    assert not cal.is_open(at(2026, 10, 17, 10, 0))  # an ordinary Saturday


def test_special_hours_replace_a_day() -> None:
    cal = office(special={"2026-12-31": ["09:00-12:00"], "2026-12-30": []})
    assert not cal.is_open(at(2026, 12, 31, 14, 0))
    assert cal.is_open(at(2026, 12, 31, 11, 0))
    assert not cal.is_open(at(2026, 12, 30, 10, 0))


def test_night_shift_belongs_to_the_day_it_starts() -> None:
    cal = BusinessCalendar.from_dict({"timezone": SH, "hours": {"fri": ["22:00-06:00"]}})
    assert cal.is_open(at(2026, 11, 21, 5, 59))  # Saturday morning, Friday's shift
    assert not cal.is_open(at(2026, 11, 21, 6, 0))
    assert not cal.is_open(at(2026, 11, 20, 5, 0))  # Friday morning: Thursday has none
    assert dt.timedelta(hours=8) == cal.elapsed(at(2026, 11, 20), at(2026, 11, 22))


def test_next_open_and_close() -> None:
    cal = office()
    assert at(2026, 11, 23, 13, 30) == cal.next_open(at(2026, 11, 23, 12, 15))
    assert at(2026, 11, 23, 10, 0) == cal.next_open(at(2026, 11, 23, 10, 0))
    assert at(2026, 11, 23, 12, 0) == cal.next_close(at(2026, 11, 23, 10, 0))
    assert at(2026, 11, 23, 18, 0) == cal.next_close(at(2026, 11, 23, 12, 30))
    assert cf.calendars.default("24x7").next_close(at(2026, 1, 1)) is None


def test_next_close_of_always_open_calendar_with_a_holiday() -> None:
    cal = BusinessCalendar.from_dict(
        {"timezone": SH, "hours": {"daily": ["00:00-24:00"]}, "holidays": ["2026-12-25"]}
    )
    assert at(2026, 12, 25) == cal.next_close(at(2026, 12, 1, 8, 0))
    assert cal.next_close(at(2026, 12, 26, 8, 0)) is None


def test_open_intervals_are_clipped_and_joined() -> None:
    cal = BusinessCalendar.from_dict(
        {"timezone": SH, "hours": {"mon": ["08:00-24:00"], "tue": ["00:00-10:00"]}}
    )
    got = cal.open_intervals(at(2026, 11, 23, 9, 0), at(2026, 11, 24, 9, 0))
    assert [(at(2026, 11, 23, 9, 0), at(2026, 11, 24, 9, 0))] == got


def test_results_are_pendulum_datetimes_in_the_calendar_zone() -> None:
    cal = office()
    result = cal.add(dt.datetime(2026, 11, 23, 1, 0, tzinfo=dt.UTC), "1 business hour")
    assert isinstance(result, pendulum.DateTime)
    assert SH == result.timezone_name
    assert at(2026, 11, 23, 10, 0) == result


def test_epoch_forms_match_the_datetime_forms() -> None:
    cal = office(holidays=["2026-10-01"])
    a, b = at(2026, 9, 30, 10, 0), at(2026, 10, 9, 15, 0)
    assert cal.elapsed(a, b).total_seconds() == cal.elapsed_s(a.int_timestamp, b.int_timestamp)
    assert [cal.elapsed_s(a.int_timestamp, b.int_timestamp)] == cal.elapsed_many(
        [a.int_timestamp], [b.int_timestamp]
    )
    deadline = cal.add(a, "20 business hours")
    assert deadline.int_timestamp == cal.add_s(a.int_timestamp, "20 business hours")
    assert [deadline.int_timestamp] == cal.add_many([a.int_timestamp], [20 * 3600])


def test_calendars_pickle_and_compare_by_value() -> None:
    cal = office(holidays=["2026-10-01"])
    cal.add(at(2026, 9, 30), "3 business days")  # builds the index
    copy = pickle.loads(pickle.dumps(cal))
    assert cal == copy
    assert hash(cal) == hash(copy)
    assert cal.add(at(2026, 9, 30), "3 business days") == copy.add(
        at(2026, 9, 30), "3 business days"
    )


def test_round_trip_through_plain_data() -> None:
    cal = BusinessCalendar.from_dict(
        {
            "name": "hotline",
            "timezone": SH,
            "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"], "sat": ["22:00-06:00"]},
            "holidays": ["2026-10-01"],
            "workdays": ["2026-10-10"],
            "workday_hours": ["09:00-17:00"],
            "special": {"2026-12-31": ["09:00-12:00"]},
            "valid_from": "2026-01-01",
            "valid_until": "2026-12-31",
        }
    )
    assert cal == BusinessCalendar.from_dict(cal.to_dict())
    china = calendars.default("china", years=[2025, 2026])
    assert china == BusinessCalendar.from_dict(china.to_dict())


# --------------------------------------------------------------------------------------
# The official China calendar
# --------------------------------------------------------------------------------------


def test_china_2026_spring_festival_and_make_up_days() -> None:
    cal = calendars.default("china", years=[2026])
    assert cal.is_open(at(2026, 2, 14, 10, 0))  # Saturday, make-up day
    assert cal.is_open(at(2026, 2, 28, 10, 0))  # Saturday, make-up day
    for day in range(16, 24):
        assert not cal.is_open(at(2026, 2, day, 10, 0)), day
    # Friday 13 Feb 17:00 + 2 business hours: 1 h Friday, 1 h on the working Saturday.
    assert at(2026, 2, 14, 10, 0) == cal.add(at(2026, 2, 13, 17, 0), "2 business hours")


def test_china_refuses_unpublished_years() -> None:
    _first, last = cf.calendars.official_china_years()
    with pytest.raises(CalendarCoverageError) as info:
        calendars.default("china", years=[last + 1])
    assert info.value.field == "years"
    assert [last + 1] == info.value.value
    guessed = calendars.default("china", years=[last + 1], allow_unofficial=True)
    assert not guessed.workdays  # the guess has no make-up days: that is why it is opt-in


def test_china_calendar_refuses_to_answer_outside_its_years() -> None:
    cal = calendars.default("china", years=[2026])
    with pytest.raises(CalendarCoverageError):
        cal.is_open(at(2027, 3, 1, 10, 0))
    with pytest.raises(CalendarCoverageError):
        cal.add(at(2026, 12, 30, 10, 0), "10 business days")
    with pytest.raises(CalendarError, match="contiguous"):
        calendars.default("china", years=[2024, 2026])


# --------------------------------------------------------------------------------------
# DST: wall-time membership, exact at both transitions
# --------------------------------------------------------------------------------------

NY = "America/New_York"


def test_spring_forward_gap_opens_nothing() -> None:
    cal = BusinessCalendar.from_dict({"timezone": NY, "hours": {"sun": ["01:00-04:00"]}})
    day = (at(2026, 3, 8, tz=NY), at(2026, 3, 9, tz=NY))
    assert dt.timedelta(hours=2) == cal.elapsed(*day)  # 02:00-03:00 does not exist
    assert at(2026, 3, 8, 3, 0, tz=NY) == cal.add(
        at(2026, 3, 8, 1, 30, tz=NY), "30 business minutes"
    )


def test_autumn_fold_is_open_both_times() -> None:
    cal = BusinessCalendar.from_dict({"timezone": NY, "hours": {"sun": ["00:00-01:30"]}})
    day = (at(2026, 11, 1, tz=NY), at(2026, 11, 2, tz=NY))
    # 00:00-01:30 EDT, then the clock goes back and 01:00-01:30 EST is open again.
    assert dt.timedelta(hours=2) == cal.elapsed(*day)
    pieces = cal.open_intervals(*day)
    assert 2 == len(pieces)
    assert dt.timedelta(minutes=30) == pieces[1][1] - pieces[1][0]


def test_midnight_that_does_not_exist() -> None:
    # Sao Paulo sprang forward at 00:00 on 2018-11-04: the day began at 01:00.
    zone = "America/Sao_Paulo"
    cal = BusinessCalendar.from_dict({"timezone": zone, "hours": {"daily": ["00:00-24:00"]}})
    start = at(2018, 11, 3, 12, 0, tz=zone)
    assert dt.timedelta(hours=47) == cal.elapsed(start, start.add(hours=47))
    assert cal.next_close(start) is None


# --------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------


def test_naive_datetimes_are_refused() -> None:
    cal = office()
    with pytest.raises(NaiveDatetimeError) as info:
        cal.add(dt.datetime(2026, 11, 23, 9), "1 business hour")
    assert "start" == info.value.field
    with pytest.raises(NaiveDatetimeError):
        cal.is_open(dt.datetime(2026, 11, 23, 9))
    with pytest.raises(NaiveDatetimeError):
        cf.parse_instant("2026-11-23T09:00:00")


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(ValidationError) as info:
        BusinessCalendar.from_dict(
            {
                "timezone": "Asia/Shangai",
                "hours": {
                    "mon-fri": ["09:00-12:00", "11:00-13:00"],
                    "fri": ["09:00-10:00"],
                    "sat": ["25:00-26:00", "10:00-10:00"],
                    "someday": ["09:00-10:00"],
                },
                "holidays": ["2026-10-01", "2026-13-01"],
                "workdays": ["2026-10-01"],
                "hollidays": [],
            }
        )
    paths = [p.path for p in info.value.problems]
    assert [
        "hollidays",
        "timezone",
        "hours.mon-fri",
        "hours.fri",
        "hours.sat[0]",
        "hours.sat[1]",
        "hours.someday",
        "holidays[1]",
        "workdays",
    ] == paths
    assert "did you mean 'holidays'?" == info.value.problems[0].hint
    assert isinstance(info.value, ValueError)


def test_overlapping_night_shift_is_refused() -> None:
    with pytest.raises(ValidationError, match="overlaps"):
        BusinessCalendar.from_dict(
            {"timezone": SH, "hours": {"sun": ["22:00-07:00"], "mon": ["06:00-12:00"]}}
        )
    with pytest.raises(ValidationError, match="overlaps"):
        BusinessCalendar.from_dict(
            {
                "timezone": SH,
                "hours": {"mon": ["06:00-12:00"]},
                "special": {"2026-11-22": ["22:00-07:00"]},
            }
        )


def test_ambiguous_make_up_hours_must_be_given() -> None:
    with pytest.raises(ValidationError, match="workday_hours"):
        BusinessCalendar.from_dict(
            {
                "timezone": SH,
                "hours": {"mon-thu": ["09:00-18:00"], "fri": ["09:00-16:00"]},
                "workdays": ["2026-10-10"],
            }
        )


def test_unknown_time_zone_is_typed() -> None:
    with pytest.raises(UnknownTimezoneError):
        BusinessCalendar(timezone="Nowhere/Land", weekly=((),) * 7)


def test_end_before_start_is_refused() -> None:
    cal = office()
    with pytest.raises(CalendarError) as info:
        cal.elapsed(at(2026, 11, 24), at(2026, 11, 23))
    assert "end" == info.value.field
    with pytest.raises(CalendarError):
        cal.elapsed_many([10], [5])


def test_a_calendar_that_never_opens_cannot_place_a_deadline() -> None:
    never = BusinessCalendar.from_dict({"timezone": SH, "hours": {}})
    with pytest.raises(NeverOpensError):
        never.add(at(2026, 11, 23), "1 business hour")
    once = BusinessCalendar.from_dict(
        {"timezone": SH, "hours": {}, "special": {"2026-11-24": ["09:00-10:00"]}}
    )
    assert at(2026, 11, 24, 9, 30) == once.add(at(2026, 11, 23), "30 business minutes")
    with pytest.raises(NeverOpensError):
        once.add(at(2026, 11, 23), "2 business hours")


@pytest.mark.parametrize(
    "bad",
    ["3 dayz", "2 days", "1.5 business days", "0 business hours", "-1 business hours",
     "2 business weeks", "", 3, dt.timedelta(hours=1)],
)  # fmt: skip
def test_durations_must_say_their_clock(bad: object) -> None:
    with pytest.raises(DurationError):
        Duration.parse(bad)


def test_duration_text_round_trips() -> None:
    for text in ["2 business days", "8 business hours", "90 business minutes",
                 "15 calendar seconds", "3 calendar days", "1 business hour"]:  # fmt: skip
        assert text == str(Duration.parse(text))
    assert DurationKind.CALENDAR == Duration.parse("1 calendar week").kind
    assert 7 == Duration.parse("1 calendar week").days


# --------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------

OFFICE_CAL = office(holidays=["2026-10-01", "2026-10-02", "2026-10-05"], workdays=["2026-10-10"])
T0 = at(2026, 1, 1).int_timestamp * 1_000_000
YEAR_US = 366 * 86_400 * 1_000_000
instants = st.integers(T0, T0 + YEAR_US)
durations = st.integers(0, 400 * 3_600 * 1_000_000)


@given(instants, durations)
def test_elapsed_inverts_add(start: int, d: int) -> None:
    index = OFFICE_CAL.epoch_index()
    assert d == index.elapsed(start, index.add(start, d))


@given(instants, st.integers(1, 400 * 3_600 * 1_000_000))
def test_deadline_lies_in_open_time_or_at_a_close(start: int, d: int) -> None:
    index = OFFICE_CAL.epoch_index()
    deadline = index.add(start, d)
    assert deadline > start
    assert index.is_open(deadline - 1)  # the last microsecond before it was open


@given(instants, instants, durations, durations)
def test_add_is_monotonic(a: int, b: int, d: int, e: int) -> None:
    index = OFFICE_CAL.epoch_index()
    (a, b), (d, e) = sorted((a, b)), sorted((d, e))
    assert index.add(a, d) <= index.add(b, d)
    assert index.add(a, d) <= index.add(a, e)


@given(st.lists(instants, min_size=3, max_size=3).map(sorted))
def test_elapsed_is_additive(points: list[int]) -> None:
    a, b, c = points
    index = OFFICE_CAL.epoch_index()
    assert index.elapsed(a, c) == index.elapsed(a, b) + index.elapsed(b, c)


@given(st.datetimes(min_value=dt.datetime(2026, 1, 1), max_value=dt.datetime(2026, 12, 1),
                    timezones=st.sampled_from([zoneinfo.ZoneInfo(SH), dt.UTC])),
       st.integers(0, 100 * 3600))  # fmt: skip
def test_datetime_api_agrees_with_itself(start: dt.datetime, seconds: int) -> None:
    deadline = OFFICE_CAL.add(start, Duration.business(seconds=seconds) if seconds else
                              Duration.calendar(seconds=0, micros=1))  # fmt: skip
    if seconds:
        assert dt.timedelta(seconds=seconds) == OFFICE_CAL.elapsed(start, deadline)


#: Raise for a long soak, e.g. COMPLAINTFLOW_ORACLE_EXAMPLES=2000 (CI uses the default).
ORACLE_EXAMPLES = int(os.environ.get("COMPLAINTFLOW_ORACLE_EXAMPLES", "60"))


def bundled_zone(name: str) -> zoneinfo.ZoneInfo:
    """The zone from the tzdata package, as the library reads it (not the host's files)."""
    path = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/"))
    with path.open("rb") as data:
        return zoneinfo.ZoneInfo.from_file(data, key=name)


def _oracle(data: dict[str, Any]) -> tuple[zoneinfo.ZoneInfo, Any]:
    """An independent model: is the wall time of a UTC minute inside the hours?"""
    from complaintflow.calendars._hours import parse_weekly

    tz = bundled_zone(data["timezone"])
    weekly = parse_weekly(data["hours"], "hours", [])
    holidays = {dt.date.fromisoformat(d) for d in data.get("holidays", [])}
    workdays = {dt.date.fromisoformat(d) for d in data.get("workdays", [])}
    special = {dt.date.fromisoformat(d): h for d, h in data.get("special", {}).items()}

    def seconds(text: str) -> int:
        h, m = text.split(":")
        return int(h) * 3600 + int(m) * 60

    def parsed(texts: list[str]) -> list[tuple[int, int]]:
        out = []
        for text in texts:
            s, e = (seconds(x) for x in text.split("-"))
            out.append((s, e if e > s else e + 86400))
        return out

    def hours_of(day: dt.date) -> list[tuple[int, int]]:
        if day in special:
            return parsed(special[day])
        if day in holidays:
            return []
        if day in workdays:
            return parsed(data.get("workday_hours", []))
        return list(weekly[day.weekday()])

    def is_open(epoch_s: int) -> bool:
        local = dt.datetime.fromtimestamp(epoch_s, tz)
        tod = local.hour * 3600 + local.minute * 60 + local.second
        today, yesterday = local.date(), local.date() - dt.timedelta(days=1)
        return any(s <= tod < e for s, e in hours_of(today)) or any(
            s <= tod + 86400 < e for s, e in hours_of(yesterday)
        )

    return tz, is_open


@settings(max_examples=ORACLE_EXAMPLES)
@given(st.sampled_from(WINDOW_STARTS).flatmap(lambda w: st.tuples(st.just(w), calendar_data(w))),
       st.integers(0, 4 * 1440), st.integers(0, 3 * 1440))  # fmt: skip
def test_index_agrees_with_minute_by_minute_oracle(
    window_and_data: tuple[dt.date, dict[str, Any]], offset_min: int, span_min: int
) -> None:
    window, data = window_and_data
    try:
        cal = BusinessCalendar.from_dict(data)
    except ValidationError:  # pragma: no cover - the strategy builds valid data
        assume(False)
        return
    tz, is_open = _oracle(data)
    base = int(dt.datetime(window.year, window.month, window.day, tzinfo=tz).timestamp())
    a = base + offset_min * 60
    b = a + span_min * 60
    expected = sum(60 for m in range(a, b, 60) if is_open(m))
    assert expected == cal.elapsed_s(a, b)
    assert is_open(a) == cal.epoch_index().is_open(a * 1_000_000)
    if 0 < expected:
        d = expected // 2 or 60
        deadline = cal.add_s(a, Duration.business(seconds=d))
        assert d == cal.elapsed_s(a, deadline)
        assert is_open(deadline - 60) or is_open(deadline - 1)


@settings(max_examples=ORACLE_EXAMPLES)
@given(any_calendar(hard=True), st.integers(0, 4 * 1440), st.integers(0, 3 * 1440))
def test_index_agrees_with_the_oracle_in_zones_with_a_hard_history(
    calendar: tuple[dict[str, Any], int], offset_min: int, span_min: int
) -> None:
    data, t = calendar
    try:
        cal = BusinessCalendar.from_dict(data)
    except ValidationError:
        assume(False)
        return
    tz, is_open = _oracle(data)
    local = dt.datetime.fromtimestamp(t // 1_000_000, tz)
    base = int(local.replace(hour=0, minute=0, second=0).timestamp())  # a local midnight
    a = base + offset_min * 60
    b = min(a + span_min * 60, END_US // 1_000_000 - 60)
    assume(FIRST_US // 1_000_000 <= a <= b)
    expected = sum(60 for m in range(a, b, 60) if is_open(m))
    assert expected == cal.elapsed_s(a, b)
    assert is_open(a) == cal.epoch_index().is_open(a * 1_000_000)


# --------------------------------------------------------------------------------------
# Skipped dates, gaps and folds
# --------------------------------------------------------------------------------------

APIA = "Pacific/Apia"  # skipped Friday 2011-12-30: 23:59:59 -10:00 on the 29th, then 00:00 +14:00


def test_a_skipped_date_opens_nothing_and_is_not_a_business_day() -> None:
    cal = BusinessCalendar.from_dict({"timezone": APIA, "hours": {"daily": ["09:00-17:00"]}})
    week = (at(2011, 12, 26, tz=APIA), at(2012, 1, 2, tz=APIA))
    assert dt.timedelta(hours=8 * 6) == cal.elapsed(*week)  # seven dates, one never happened
    assert at(2011, 12, 31, 10, 0, tz=APIA) == cal.add(
        at(2011, 12, 29, 16, 0, tz=APIA), "2 business hours"
    )
    assert at(2011, 12, 31, 17, 0, tz=APIA) == cal.add(
        at(2011, 12, 29, 10, 0, tz=APIA), "1 business day"
    )
    assert at(2011, 12, 31, 9, 0, tz=APIA) == cal.next_open(at(2011, 12, 29, 18, 0, tz=APIA))
    assert at(2011, 12, 29, 17, 0, tz=APIA) == cal.next_close(at(2011, 12, 29, 12, 0, tz=APIA))
    assert ("09:00", "17:00") == cal.hours_on(dt.date(2011, 12, 30))[0]  # hours, never lived


def test_night_shifts_around_a_skipped_date() -> None:
    # Thursday's shift runs into the skipped Friday: only 22:00-24:00 of it happens.
    # Friday's shift runs into Saturday morning, which happens: 00:00-06:00 is open.
    cal = BusinessCalendar.from_dict(
        {"timezone": APIA, "hours": {"thu": ["22:00-06:00"], "fri": ["22:00-06:00"]}}
    )
    week = (at(2011, 12, 26, tz=APIA), at(2012, 1, 2, tz=APIA))
    assert [
        (at(2011, 12, 29, 22, 0, tz=APIA), at(2011, 12, 31, 6, 0, tz=APIA)),
    ] == cal.open_intervals(*week)
    assert dt.timedelta(hours=8) == cal.elapsed(*week)  # 2 h on Thursday, 6 h "of Friday"


def test_hours_that_fall_into_a_gap_open_nothing() -> None:
    # New York springs forward on Sunday 2026-03-08: 02:00-03:00 never happens.
    cal = BusinessCalendar.from_dict(
        {"timezone": NY, "hours": {"daily": ["02:15-02:45", "10:00-11:00"]}}
    )
    sunday = (at(2026, 3, 8, tz=NY), at(2026, 3, 9, tz=NY))
    assert dt.timedelta(hours=1) == cal.elapsed(*sunday)
    assert at(2026, 3, 8, 10, 0, tz=NY) == cal.next_open(at(2026, 3, 8, 1, 59, tz=NY))
    only_gap = BusinessCalendar.from_dict({"timezone": NY, "hours": {"daily": ["02:00-03:00"]}})
    # The 8th has no open time, so it is no business day: day 1 after the 7th is the 9th.
    assert at(2026, 3, 9, 3, 0, tz=NY) == only_gap.add(at(2026, 3, 7, 12, tz=NY), "1 business day")
    straddle = BusinessCalendar.from_dict(
        {"timezone": NY, "hours": {"sun": ["01:30-02:30", "02:30-03:30"]}}
    )
    assert dt.timedelta(hours=1) == straddle.elapsed(*sunday)  # 01:30-02:00 and 03:00-03:30
    assert [(at(2026, 3, 8, 1, 30, tz=NY), at(2026, 3, 8, 3, 30, tz=NY))] == (
        straddle.open_intervals(*sunday)
    )


def test_touching_hours_in_a_fold_stay_in_time_order() -> None:
    # New York falls back on Sunday 2026-11-01: 01:00-02:00 happens twice. Both intervals
    # have a piece in each pass, and the index must keep them in time order.
    cal = BusinessCalendar.from_dict(
        {"timezone": NY, "hours": {"sun": ["00:30-01:30", "01:30-03:00"]}}
    )
    sunday = (at(2026, 11, 1, tz=NY), at(2026, 11, 2, tz=NY))
    first_0115 = pendulum.datetime(2026, 11, 1, 1, 15, tz=NY, fold=0)  # EDT
    second_0115 = pendulum.datetime(2026, 11, 1, 1, 15, tz=NY, fold=1)  # EST
    assert dt.timedelta(hours=1) == second_0115 - first_0115
    assert [(at(2026, 11, 1, 0, 30, tz=NY), at(2026, 11, 1, 3, 0, tz=NY))] == (
        cal.open_intervals(*sunday)
    )
    assert dt.timedelta(hours=3, minutes=30) == cal.elapsed(*sunday)
    assert dt.timedelta(hours=1) == cal.elapsed(first_0115, second_0115)
    assert cal.is_open(second_0115)
    # (An aware datetime in a fold never equals one in another tzinfo object, so
    # compare the instants.)
    assert second_0115.timestamp() == cal.add(first_0115, "1 business hour").timestamp()
    assert at(2026, 11, 1, 3, 0, tz=NY) == cal.next_close(first_0115)


# --------------------------------------------------------------------------------------
# The supported range of instants and the longest duration
# --------------------------------------------------------------------------------------

UTC = dt.UTC
ALWAYS = calendars.default("24x7", timezone="UTC")
FIRST = dt.datetime(1900, 1, 1, tzinfo=UTC)
END = dt.datetime(2200, 1, 1, tzinfo=UTC)
TINY = dt.timedelta(microseconds=1)


@pytest.mark.parametrize(
    "when",
    [dt.datetime(1, 1, 1, tzinfo=UTC), FIRST - TINY, END, dt.datetime(9999, 12, 31, 23, tzinfo=UTC),
     pendulum.datetime(9999, 12, 31, 23, tz="Pacific/Kiritimati"),
     pendulum.datetime(1, 1, 1, tz="America/Adak")],
)  # fmt: skip
def test_instants_outside_the_supported_range_are_refused(when: dt.datetime) -> None:
    cal = office()
    inside = at(2026, 11, 23, 10)
    span, side = ((when, inside), "start") if when < inside else ((inside, when), "end")
    calls: list[tuple[str, Any]] = [
        ("at", lambda: cal.is_open(when)),
        ("at", lambda: cal.next_open(when)),
        ("at", lambda: cal.next_close(when)),
        ("start", lambda: cal.add(when, "1 business hour")),
        ("start", lambda: cal.add(when, "1 calendar day")),
        ("start", lambda: cal.add(when, "1 business day")),
        (side, lambda: cal.elapsed(*span)),
        (side, lambda: cal.open_intervals(*span)),
    ]
    for field, call in calls:
        with pytest.raises(OutOfRangeError) as info:
            call()
        assert (field, when) == (info.value.field, info.value.value)
        assert "1900-01-01T00:00:00Z up to 2200-01-01T00:00:00Z (exclusive)" in str(info.value)


def test_the_edges_of_the_supported_range() -> None:
    assert ALWAYS.is_open(FIRST)
    assert ALWAYS.is_open(END - TINY)
    assert END - TINY == ALWAYS.add(END - 2 * TINY, Duration.business(micros=1))
    last_day = dt.datetime(2199, 12, 31, tzinfo=UTC)
    assert dt.timedelta(days=109_572) == ALWAYS.elapsed(FIRST, last_day)
    # The last instant is Wednesday 2200-01-01 13:59:59.999999 in Kiritimati (+14:00).
    kiritimati = BusinessCalendar.from_dict({**OFFICE, "timezone": "Pacific/Kiritimati"})
    assert kiritimati.is_open(END - TINY)
    assert END - TINY == kiritimati.open_intervals(END - dt.timedelta(minutes=1), END - TINY)[0][1]


@pytest.mark.parametrize(
    ("duration", "field"),
    [("1 calendar day", "duration"), ("13 business hours", "duration"),
     ("1 business day", "duration"), ("12 calendar hours", "duration")],
)  # fmt: skip
def test_answers_beyond_the_supported_range_are_refused(duration: str, field: str) -> None:
    late = dt.datetime(2199, 12, 31, 12, tzinfo=UTC)
    with pytest.raises(OutOfRangeError) as info:
        ALWAYS.add(late, duration)
    assert (field, Duration.parse(duration).micros or Duration.parse(duration).days) in {
        (info.value.field, info.value.value),
        (info.value.field, getattr(info.value.value, "micros", None)),
        (info.value.field, getattr(info.value.value, "days", None)),
    }
    assert "2200-01-01T00:00:00Z" in str(info.value)
    with pytest.raises(OutOfRangeError):
        ALWAYS.add_s(int(late.timestamp()), duration)


def test_a_calendar_with_no_opening_left_in_the_range_never_opens() -> None:
    sundays = BusinessCalendar.from_dict({"timezone": "UTC", "hours": {"sun": ["09:00-10:00"]}})
    tuesday = dt.datetime(2199, 12, 31, 8, tzinfo=UTC)  # the next Sunday is in 2200
    with pytest.raises(NeverOpensError):
        sundays.next_open(tuesday)
    with pytest.raises(NeverOpensError):
        sundays.add(tuesday, "1 business minute")
    with pytest.raises(NeverOpensError):
        sundays.add(tuesday, "1 business day")


@pytest.mark.parametrize(
    ("call", "field", "value"),
    [(lambda c: c.add_s(10**15, "1 business hour"), "start", 10**15),
     (lambda c: c.add_s(-(10**12), "1 business hour"), "start", -(10**12)),
     (lambda c: c.elapsed_s(0, 10**15), "end", 10**15),
     (lambda c: c.elapsed_many([0, 0], [1, 10**15]), "ends[1]", 10**15),
     (lambda c: c.add_many([0, 10**15], [1, 1]), "starts[1]", 10**15)],
)  # fmt: skip
def test_epoch_seconds_outside_the_range_are_refused(call: Any, field: str, value: int) -> None:
    """The value is the one given, in seconds, in the error and in its message, in
    the batch forms as in the single ones."""
    with pytest.raises(OutOfRangeError) as info:
        call(office())
    assert (field, value) == (info.value.field, info.value.value)
    assert f"{field}: {value} (epoch seconds) is outside" in str(info.value)


_ALWAYS = BusinessCalendar.from_dict({"timezone": "UTC", "hours": {"daily": ["00:00-24:00"]}})


@pytest.mark.parametrize(
    ("call", "error", "field", "value", "says"),
    [(lambda c: c.add_many([0], [-1]), DurationError, "durations[0]", -1,
      "durations[0]: -1 s is not a duration from 0 to 9504000000 s (110,000 days)"),
     (lambda c: _ALWAYS.add_many([7_258_118_400 - 3600], [7200]), OutOfRangeError,
      "durations[0]", 7200, "durations[0]: the answer would lie after 2200-01-01"),
     (lambda c: c.add_many([0, 1_798_884_000], [1, 1]), CalendarCoverageError, "starts[1]",
      1_798_884_000, "2027-01-02 lies outside the dates this calendar covers"),
     (lambda c: c.elapsed_many([1_798_884_000], [1_798_884_001]), CalendarCoverageError,
      "starts[0]", 1_798_884_000, "2027-01-02 lies outside the dates this calendar covers")],
    ids=["negative", "beyond", "coverage", "coverage_elapsed"],
)  # fmt: skip
def test_the_batch_forms_name_the_item_and_its_value_in_seconds(
    call: Any, error: type[Exception], field: str, value: int, says: str
) -> None:
    """The epoch-second batch forms run on the µs index; what they refuse is named by
    the item and the value the caller gave, in seconds (a 24x7 calendar up to the end
    of 2026, and one without an end for the answer past the supported range)."""
    cal = BusinessCalendar.from_dict(
        {"timezone": "UTC", "hours": {"daily": ["00:00-24:00"]}, "valid_until": "2026-12-31"}
    )
    with pytest.raises(error) as info:
        call(cal)
    assert (field, value) == (info.value.field, info.value.value)  # type: ignore[attr-defined]
    assert says in str(info.value)


@pytest.mark.parametrize(
    ("call", "field"),
    [(lambda c: c.add_s(1.5, "1 business hour"), "start"),
     (lambda c: c.add_s("0", "1 business hour"), "start"),
     (lambda c: c.elapsed_s(0, None), "end"),
     (lambda c: c.elapsed_many([0, "1"], [1, 2]), "starts[1]"),
     (lambda c: c.add_many([0], [1.0]), "durations[0]"),
     (lambda c: c.add_many(5, [1]), "starts"),
     (lambda c: c.elapsed_many([0], "1"), "ends"),
     (lambda c: c.hours_on("2026-11-23"), "day"),
     (lambda c: c.hours_on(at(2026, 11, 23)), "day")],
)  # fmt: skip
def test_values_of_the_wrong_type_are_typed_errors(call: Any, field: str) -> None:
    with pytest.raises(WrongTypeError) as info:
        call(office())
    assert field == info.value.field


def test_columns_of_different_lengths_are_refused() -> None:
    with pytest.raises(CalendarError) as info:
        office().elapsed_many([0, 1], [2])
    assert "ends" == info.value.field
    with pytest.raises(CalendarError) as info:
        office().add_many([0], [1, 2])
    assert "durations" == info.value.field
    with pytest.raises(DurationError) as bad:
        office().add_many([0, 0], [1, 10**12])
    assert "durations[1]" == bad.value.field


@pytest.mark.parametrize(
    "make",
    [lambda: Duration(DurationKind.BUSINESS_TIME, micros=1.5e-200),  # type: ignore[arg-type]
     lambda: Duration(DurationKind.BUSINESS_TIME, micros=True),
     lambda: Duration(DurationKind.CALENDAR, days=1.0),  # type: ignore[arg-type]
     lambda: Duration("Business time", micros=1),  # type: ignore[arg-type]
     lambda: Duration(1, micros=1),  # type: ignore[arg-type]
     lambda: Duration.business(hours=1.5),  # type: ignore[arg-type]
     lambda: Duration.business(hours=True),
     lambda: Duration.business(hours=2, minutes=-30),
     lambda: Duration.business_days(True),
     lambda: Duration.calendar(days=10**9),
     lambda: Duration.business(hours=2_640_001),
     lambda: Duration.business_days(110_001),
     lambda: Duration.parse("1000000000 calendar days"),
     lambda: Duration.parse("2640001 business hours"),
     lambda: Duration.parse("9" * 400 + " business seconds"),
     lambda: Duration.parse("15715 calendar weeks")],
)  # fmt: skip
def test_durations_are_whole_numbers_up_to_the_longest(make: Any) -> None:
    with pytest.raises(DurationError) as info:
        make()
    assert info.value.field in {"duration", "kind", "hours", "minutes", "days", "micros"}
    assert len(str(info.value)) < 300


def test_a_duration_built_directly_takes_its_kind_as_the_enum_or_its_exact_value() -> None:
    assert Duration("business days", days=2) == Duration.business_days(2)  # type: ignore[arg-type]
    with pytest.raises(DurationError, match="'Business days' is unknown; use a DurationKind"):
        Duration("Business days", days=2)  # type: ignore[arg-type]
    for bad, field in (({"micros": -1}, "micros"), ({"days": -1}, "days"),
                       ({"days": True}, "days"), ({"micros": 1.0}, "micros")):  # fmt: skip
        with pytest.raises(DurationError) as info:
            Duration(DurationKind.CALENDAR, **bad)  # type: ignore[arg-type]
        assert info.value.field == field


def test_the_longest_duration_is_accepted() -> None:
    assert 110_000 == Duration.calendar(days=110_000).days
    assert 110_000 == Duration.business_days(110_000).days
    assert Duration.business(hours=2_640_000) == Duration.parse("2640000 business hours")
    assert 110_000 == Duration.parse("110000 calendar days").days
    assert 15_714 * 7 == Duration.parse("15714 calendar weeks").days


# --------------------------------------------------------------------------------------
# Growing the index: each date built once, every call bounded
# --------------------------------------------------------------------------------------


def _us(year: int, month: int = 6, day: int = 1, hour: int = 0) -> int:
    return int(dt.datetime(year, month, day, hour, tzinfo=UTC).timestamp()) * 1_000_000


def _counting_index(zone: str = SH) -> tuple[CalendarIndex, list[dt.date]]:
    """An index over the office hours whose schedule records every date it is asked for."""
    built: list[dt.date] = []
    hours = OFFICE_CAL.epoch_index().schedule

    def schedule(day: dt.date) -> Any:
        built.append(day)
        return hours(day)

    tz = cf.BusinessCalendar.from_dict({**OFFICE, "timezone": zone}).tz
    index = CalendarIndex(
        tz, schedule, valid_from=None, valid_until=None, never_after=None, last_explicit=None
    )
    return index, built


def test_growing_the_index_builds_each_date_once() -> None:
    index, built = _counting_index()
    for year in range(2000, 2050):  # year by year, as a replay walking through time does
        index.is_open(_us(year))
    index.is_open(_us(1990))  # backwards
    index.add(_us(2100), 3_600_000_000)  # a jump forwards
    index.add(_us(2120, 12, 30), 400 * 3_600_000_000)  # a search forwards
    assert len(built) == len(set(built))  # no date was built twice
    first, last = min(built), max(built)
    assert (last - first).days + 1 == len(built)  # and the dates held are contiguous
    assert dt.date(1989, 1, 1) <= first <= dt.date(1990, 1, 1)
    assert dt.date(2121, 1, 1) <= last <= dt.date(2125, 12, 31)


def _cpu_seconds(call: Any) -> float:
    start = time.process_time()
    with contextlib.suppress(OutOfRangeError, NeverOpensError):
        call()
    return time.process_time() - start


#: CPU seconds any single call may take at most (measured: 0.2-0.6 s for these).
BUDGET_S = 3.0


@pytest.mark.parametrize(
    "call",
    [
        # The whole range at once: a query at one end, then at the other.
        lambda c: (c.is_open(dt.datetime(1900, 1, 1, tzinfo=UTC)),
                   c.is_open(dt.datetime(2199, 12, 31, 23, tzinfo=UTC))),
        # A few hundred business hours from far in the future, after 2026 was built.
        lambda c: (c.is_open(at(2026, 1, 1)), c.add(at(2190, 12, 20), "300 business hours")),
        # Searches that run to the end of the range.
        lambda c: c.add(at(2026, 1, 1), "110000 business days"),
        lambda c: c.add(dt.datetime(1900, 1, 1, tzinfo=UTC), "2640000 business hours"),
        lambda c: c.elapsed(dt.datetime(1900, 1, 1, tzinfo=UTC), dt.datetime(2199, 12, 31,
                                                                             tzinfo=UTC)),
    ],
)  # fmt: skip
def test_the_longest_calls_are_bounded(call: Any) -> None:
    cal = BusinessCalendar.from_dict(
        {
            "timezone": NY,
            "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"], "sat": ["22:00-06:00"]},
        }
    )
    assert _cpu_seconds(lambda: call(cal)) < BUDGET_S


def test_a_calendar_that_stops_opening_says_so_quickly() -> None:
    once = BusinessCalendar.from_dict(
        {"timezone": SH, "hours": {}, "special": {"2190-06-01": ["09:00-10:00"]}}
    )
    start = dt.datetime(1900, 1, 1, tzinfo=UTC)
    with pytest.raises(NeverOpensError):
        once.add(start, "2 business hours")
    assert _cpu_seconds(lambda: once.add(start, "2 business hours")) < BUDGET_S
    never = BusinessCalendar.from_dict({"timezone": SH, "hours": {}})
    assert _cpu_seconds(lambda: never.next_open(start)) < 0.5


# --------------------------------------------------------------------------------------
# Answers do not depend on what the index already holds
# --------------------------------------------------------------------------------------


def test_answers_after_the_index_grew_forwards_and_backwards() -> None:
    grown = office(holidays=["2025-01-01", "2025-01-02", "2025-01-03"])
    grown.is_open(at(2026, 6, 1))  # holds 2026 only
    # Forwards into 2027: Thursday 31 Dec 17:00 + 2 h = Friday 1 Jan 10:00.
    assert at(2027, 1, 1, 10, 0) == grown.add(at(2026, 12, 31, 17, 0), "2 business hours")
    assert at(2027, 1, 5, 18, 0) == grown.add(at(2026, 12, 31, 17, 0), "3 business days")
    # Backwards into 2025 (the open-time counts now start before 2026).
    assert dt.timedelta(hours=7.5 * 2 + 1) == grown.elapsed(at(2025, 12, 30, 9), at(2026, 1, 1, 10))
    # Before the first open interval of the whole index (1-3 Jan 2025 are holidays).
    closed = at(2025, 1, 3, 12)
    assert dt.timedelta(hours=7.5) == grown.elapsed(closed, at(2025, 1, 7))
    assert at(2025, 1, 6, 10, 0) == grown.add(closed, "1 business hour")
    s, e = closed.int_timestamp, at(2025, 1, 7).int_timestamp
    assert [7.5 * 3600] == grown.elapsed_many([s], [e])
    assert [at(2025, 1, 6, 10, 0).int_timestamp] == grown.add_many([s], [3600])
    # The same answers from a calendar that never held anything else.
    for start, end in [(at(2026, 12, 31, 17), at(2027, 1, 4, 12)), (closed, at(2026, 1, 2))]:
        fresh = office(holidays=["2025-01-01", "2025-01-02", "2025-01-03"])
        assert fresh.elapsed(start, end) == grown.elapsed(start, end)
        assert fresh.open_intervals(start, end) == grown.open_intervals(start, end)


def test_open_time_that_runs_over_new_year_is_one_period_whichever_year_came_first() -> None:
    for order in ([2026, 2025], [2025, 2026]):
        cal = calendars.default("24x7", timezone=SH)
        for year in order:
            cal.is_open(at(year, 6, 1))
        span = (at(2025, 12, 31, 20), at(2026, 1, 1, 4))
        assert [span] == cal.open_intervals(*span)
        assert dt.timedelta(hours=8) == cal.elapsed(*span)
        assert at(2026, 1, 1, 4) == cal.add(span[0], "8 business hours")


@given(st.lists(st.integers(2015, 2035), min_size=1, max_size=4),
       st.lists(st.tuples(st.integers(0, 3 * 366 * 86_400), st.integers(0, 60 * 86_400)),
                min_size=1, max_size=5))  # fmt: skip
@settings(max_examples=20)
def test_answers_do_not_depend_on_which_years_were_built_first(
    warm: list[int], queries: list[tuple[int, int]]
) -> None:
    data = {**OFFICE, "hours": {**OFFICE["hours"], "sat": ["22:00-06:00"]}}
    grown, base = BusinessCalendar.from_dict(data), at(2024, 1, 1).int_timestamp
    for year in warm:
        grown.is_open(at(year, 7, 1))
    starts = [base + offset for offset, _ in queries]
    ends = [s + span for s, (_, span) in zip(starts, queries, strict=True)]
    fresh = [BusinessCalendar.from_dict(data) for _ in queries]
    assert [f.elapsed_s(s, e) for f, s, e in zip(fresh, starts, ends, strict=True)] == (
        grown.elapsed_many(starts, ends)
    )
    spans = [e - s for s, e in zip(starts, ends, strict=True)]
    assert [f.add_s(s, Duration.business(seconds=d)) if d else s
            for f, s, d in zip(fresh, starts, spans, strict=True)] == (
        grown.add_many(starts, spans)
    )  # fmt: skip


def test_add_many_moves_between_years_and_keeps_zero_durations_in_place() -> None:
    cal = office()
    saturday, monday = at(2026, 11, 21, 10), at(2030, 1, 7, 11)  # closed, open
    starts = [saturday, monday, saturday, at(1995, 3, 1, 17), monday]
    seconds = [0, 0, 3600, 5400, 7200]
    got = cal.add_many([s.int_timestamp for s in starts], seconds)
    expected = [
        saturday,
        monday,
        at(2026, 11, 23, 10),
        at(1995, 3, 2, 9, 30),
        at(2030, 1, 7, 14, 30),
    ]
    assert [e.int_timestamp for e in expected] == got
    # The single forms agree; a zero duration is "now", even in closed time.
    for start, secs, want in zip(starts, seconds, got, strict=True):
        if secs:
            assert want == cal.add_s(start.int_timestamp, Duration.business(seconds=secs))
    closed_us = saturday.int_timestamp * 1_000_000
    assert closed_us == cal.epoch_index().add(closed_us, 0)


def test_elapsed_many_spans_years_not_yet_built() -> None:
    cal = office()
    pairs = [(at(2026, 12, 31, 17), at(2027, 1, 1, 10)), (at(2031, 6, 2, 9), at(2031, 6, 2, 10)),
             (at(2026, 12, 31, 17), at(2032, 1, 2, 10))]  # fmt: skip
    got = cal.elapsed_many([a.int_timestamp for a, _ in pairs], [b.int_timestamp for _, b in pairs])
    assert [
        2 * 3600,
        3600,
        cal.elapsed_s(pairs[2][0].int_timestamp, pairs[2][1].int_timestamp),
    ] == got
    assert office().elapsed_s(pairs[2][0].int_timestamp, pairs[2][1].int_timestamp) == got[2]


def test_a_night_shift_over_a_dst_change() -> None:
    cal = BusinessCalendar.from_dict({"timezone": NY, "hours": {"sat": ["22:00-06:00"]}})
    spring = (at(2026, 3, 7, tz=NY), at(2026, 3, 9, tz=NY))  # 02:00 Sunday becomes 03:00
    fall = (at(2026, 10, 31, tz=NY), at(2026, 11, 2, tz=NY))  # 02:00 Sunday becomes 01:00
    assert dt.timedelta(hours=7) == cal.elapsed(*spring)
    assert dt.timedelta(hours=9) == cal.elapsed(*fall)


def test_a_gap_over_midnight_moves_the_start_of_the_date() -> None:
    # Toronto, 1919-03-31: 23:30 EST became 00:30 EDT, so the 31st began at 00:30.
    toronto = "America/Toronto"
    cal = BusinessCalendar.from_dict({"timezone": toronto, "hours": {"daily": ["00:00-01:00"]}})
    first = dt.datetime(1919, 3, 31, 4, 30, tzinfo=UTC)  # 00:30 EDT
    assert [(first, first + dt.timedelta(minutes=30))] == cal.open_intervals(
        first - dt.timedelta(hours=2), first + dt.timedelta(hours=2)
    )
    # 00:45 on the 31st is on the 31st: one business day later is the close of 1 April.
    start = first + dt.timedelta(minutes=15)
    assert at(1919, 4, 1, 1, 0, tz=toronto) == cal.add(start, "1 business day")


def test_a_long_search_adds_years_in_growing_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    from complaintflow.calendars import _index

    runs: list[tuple[dt.date, dt.date]] = []
    build = _index.build

    def counting(tz: Any, schedule: Any, first: dt.date, last: dt.date) -> Any:
        runs.append((first, last))
        return build(tz, schedule, first, last)

    monkeypatch.setattr(_index, "build", counting)
    cal = office()
    cal.add(at(2026, 6, 1), "20000 business hours")  # about eleven years of office hours
    assert len(runs) <= 5  # 2026, then 1, 2, 4 and 8 more years
    assert [] == [r for r in runs if r[1] > dt.date(2042, 12, 31)]


# --------------------------------------------------------------------------------------
# Calendar days in a zone with daylight saving
# --------------------------------------------------------------------------------------


def test_calendar_days_are_wall_clock_days_in_the_calendars_zone() -> None:
    cal = BusinessCalendar.from_dict({"timezone": NY, "hours": {"daily": ["09:00-17:00"]}})
    # Given in UTC, counted in New York: 12:00 EST + 2 days = 12:00 EDT, 47 hours later.
    start = dt.datetime(2026, 3, 7, 17, tzinfo=UTC)
    deadline = cal.add(start, "2 calendar days")
    assert at(2026, 3, 9, 12, 0, tz=NY) == deadline
    assert dt.timedelta(hours=47) == deadline - start
    assert 47 * 3600 == cal.add_s(int(start.timestamp()), "2 calendar days") - int(
        start.timestamp()
    )
    # Days keep the wall time; the exact part is added after them.
    assert at(2026, 3, 8, 13, 0, tz=NY) == cal.add(
        at(2026, 3, 7, 12, tz=NY), Duration.calendar(days=1, hours=1)
    )
    assert at(2026, 3, 8, 14, 0, tz=NY) == cal.add(at(2026, 3, 7, 12, tz=NY), "25 calendar hours")


def test_calendar_days_into_a_gap_or_a_fold() -> None:
    cal = BusinessCalendar.from_dict({"timezone": NY, "hours": {"daily": ["09:00-17:00"]}})
    # 02:30 on 8 March never happens: the deadline moves forward by the gap.
    assert at(2026, 3, 8, 3, 30, tz=NY) == cal.add(at(2026, 3, 7, 2, 30, tz=NY), "1 calendar day")
    # 01:30 on 1 November happens twice: the deadline is the second (EST).
    got = cal.add(at(2026, 10, 31, 1, 30, tz=NY), "1 calendar day")
    assert dt.timedelta(hours=-5) == got.utcoffset()
    assert pendulum.datetime(2026, 11, 1, 6, 30, tz="UTC").timestamp() == got.timestamp()
    # A skipped date is passed over: one and two days from 29 December 2011 in Apia.
    apia = BusinessCalendar.from_dict({"timezone": APIA, "hours": {"daily": ["09:00-17:00"]}})
    start = at(2011, 12, 29, 10, tz=APIA)
    assert at(2011, 12, 31, 10, tz=APIA) == apia.add(start, "1 calendar day")
    assert at(2011, 12, 31, 10, tz=APIA) == apia.add(start, "2 calendar days")


def test_dates_at_the_ends_of_the_date_type_are_data_like_any_other() -> None:
    # (their neighbours do not exist, so there is no night shift to check against them)
    night, morning = ["22:00-06:00"], ["09:00-10:00"]
    for data in [
        {"timezone": SH, "hours": {}, "holidays": ["9999-12-31"]},
        {"timezone": SH, "hours": {"mon": morning}, "special": {"9999-12-31": night}},
        {"timezone": SH, "hours": {"sun": night}, "special": {"0001-01-01": morning}},
    ]:
        cal = BusinessCalendar.from_dict(data)
        assert cal == BusinessCalendar.from_dict(cal.to_dict())
    with pytest.raises(CalendarCoverageError, match=r"covers \(from 9999-12-31\)"):
        office(valid_from="9999-12-31").is_open(at(2026, 11, 23, 10))


def _offset_changes(name: str) -> list[tuple[int, int, int]]:
    """``(instant_s, before, after)`` for each UTC-offset change in a zone's TZif data."""
    import struct

    data = importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/")).read_bytes()
    counts = struct.unpack(">6l", data[20:44])  # the version 1 block, to skip it
    skip = 44 + counts[3] * 5 + counts[4] * 6 + counts[5] + counts[2] * 8 + counts[1] + counts[0]
    _, _, _, n_times, n_types, _ = struct.unpack(">6l", data[skip + 20 : skip + 44])
    at = skip + 44
    times = struct.unpack(f">{n_times}q", data[at : at + 8 * n_times])
    kinds = data[at + 8 * n_times : at + 9 * n_times]
    at += 9 * n_times
    offsets = [struct.unpack(">l", data[at + 6 * i : at + 6 * i + 4])[0] for i in range(n_types)]
    out, before = [], offsets[0]
    for t, kind in zip(times, kinds, strict=True):
        if offsets[kind] != before:
            out.append((t, before, offsets[kind]))
        before = offsets[kind]
    return out


def test_no_zone_changes_its_offset_and_back_within_two_days() -> None:
    """The index's fast path reads a date's offset at three midnights only (see _wall)."""
    apia = _offset_changes("Pacific/Apia")  # the reader reads: Samoa's jump is there
    assert (1_325_239_200, -10 * 3600, 14 * 3600) in apia
    found = []
    for name in iana_zones():
        changes = _offset_changes(name)
        for (t1, before, _), (t2, _, after) in itertools.pairwise(changes):
            if t2 - t1 < 2 * 86_400 and after == before:
                found.append((name, t1))
    assert [] == found


DURATION_TEXTS = ["2 business days", "8 business hours", "1.5 business hours",
                  "3 calendar days", "1 calendar week", "next business day by 16:00",
                  "2 business days by 09:30", "same business day by 17:00",
                  "end of the 2nd business day", "due at event field promised_at",
                  "due at ticket attribute Promised_At"]  # fmt: skip
#: Characters Python's ``str.isdigit``/``\s``/``lower`` read like ASCII ones.
LOOKALIKES = {"2": ["\uff12", "\u0662", "\u0968"], "1": ["\uff11", "\u0661"], "3": ["\u0663"],
              " ": ["\u3000", "\u00a0", "\u2003"], "k": ["\u212a"], "s": ["\u017f"]}  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "\uff12 business days",
        "\u0663 calendar days",
        "2\u3000business days",
        "2\u00a0business hours",
        "\uff11 business day by 16:00",
        "end of the \uff12nd business day",
        "2 business wee\u212a",
        "2 bu\u017finess days",
    ],
)
def test_a_duration_is_written_in_ascii(text: str) -> None:
    with pytest.raises(DurationError) as e:
        Duration.parse(text)
    assert "ASCII" in str(e.value)


@given(st.sampled_from(DURATION_TEXTS), st.data())
def test_every_duration_the_parser_reads_the_schema_pattern_reads_in_lower_case(
    text: str, data: st.DataObject
) -> None:
    """The schemas give the canonical spelling; the parser reads the same forms in any
    case, and nothing else (no digits, spaces or letters of other scripts)."""
    import re

    from complaintflow.calendars._internal import WITHIN_PATTERN

    chars = list(text)
    for i in data.draw(st.lists(st.integers(0, len(chars) - 1), max_size=3)):
        options = [chars[i].upper(), chars[i].lower(), *LOOKALIKES.get(chars[i].lower(), [])]
        chars[i] = data.draw(st.sampled_from(options))
    bent = "".join(chars)
    try:
        Duration.parse(bent)
    except DurationError:
        assert not bent.isascii()
        return
    assert bent.isascii()
    words = bent.split(" ")
    if words[0].lower() == "due":  # the field name is kept as written, the rest folded
        canonical = " ".join([*(w.lower() for w in words[:-1]), words[-1]])
    else:
        canonical = bent.lower()
    assert re.fullmatch(WITHIN_PATTERN, canonical, re.ASCII)


@pytest.mark.parametrize("hours", ["\uff10\uff19:00-17:00", "09:00-1\u0667:00", "09:\uff130-17:00"])
def test_open_hours_are_written_in_ascii_digits(hours: str) -> None:
    with pytest.raises(cf.ValidationError) as e:
        BusinessCalendar.from_dict({"timezone": "Asia/Shanghai", "hours": {"mon": [hours]}})
    assert ["hours.mon[0]"] == [p.path for p in e.value.problems]
