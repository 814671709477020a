"""Business calendars: properties over any calendar data, in any zone, anywhere in the range.

Each property draws calendar data in a zone of the bundled database (half the time
one with a hard history: a skipped date, gaps and folds over midnight, UTC+14) and
instants anywhere in the supported range (1900-01-01 up to 2200-01-01 UTC). The
default run is bounded; raise COMPLAINTFLOW_CALENDAR_EXAMPLES for a soak.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.resources
import os
import pathlib
import time
import zoneinfo
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from complaintflow import _time
from complaintflow.calendars import BusinessCalendar, Duration
from complaintflow.errors import ComplaintflowError, ValidationError

from .strategies import END_US, any_calendar, business_micros, iana_zones, whole_days

#: Examples per property in the default run.
EXAMPLES = int(os.environ.get("COMPLAINTFLOW_CALENDAR_EXAMPLES", "25"))
#: CPU seconds one call may take at most: the whole supported range builds in about
#: half a second, so this only fails for a call that searches without bound.
BUDGET_S = 3.0
_UTC_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _calendar(data: dict[str, Any]) -> BusinessCalendar:
    try:
        return BusinessCalendar.from_dict(data)
    except ValidationError:  # e.g. a night shift that overlaps a make-up day's hours
        assume(False)
        raise  # pragma: no cover - assume(False) does not return


def _instant(us: int) -> dt.datetime:
    return _UTC_EPOCH + dt.timedelta(microseconds=us)


@settings(max_examples=EXAMPLES, deadline=None)
@given(any_calendar(), st.integers(0, 200 * 86_400_000_000), business_micros, whole_days)
def test_every_call_answers_or_raises_a_typed_error_in_time(
    calendar: tuple[dict[str, Any], int], span: int, micros: int, days: int
) -> None:
    data, t = calendar
    cal = _calendar(data)
    a = _instant(t)
    b = _instant(min(t + span, END_US - 1))
    calls: list[Callable[[], object]] = [
        lambda: cal.is_open(a),
        lambda: cal.next_open(a),
        lambda: cal.next_close(a),
        lambda: cal.elapsed(a, b),
        lambda: cal.open_intervals(a, _instant(min(t + span // 50, END_US - 1))),
        lambda: cal.add(a, Duration.business(micros=micros)),
        lambda: cal.add(a, Duration.business_days(days)),
        lambda: cal.add(a, Duration.calendar(days=days, micros=micros)),
        lambda: cal.add_s(t // 1_000_000, Duration.business(seconds=max(micros // 10**6, 1))),
        lambda: cal.elapsed_many([t // 1_000_000], [(t + span) // 1_000_000]),
    ]
    for call in calls:
        start = time.process_time()
        with contextlib.suppress(ComplaintflowError):  # anything else fails the test
            call()
        assert time.process_time() - start < BUDGET_S


@settings(max_examples=EXAMPLES, deadline=None)
@given(any_calendar(), business_micros)
def test_a_deadline_uses_up_exactly_its_duration_and_lies_in_open_time(
    calendar: tuple[dict[str, Any], int], d: int
) -> None:
    data, t = calendar
    index = _calendar(data).epoch_index()
    try:
        deadline = index.add(t, d)
    except ComplaintflowError:  # no open time left, or the deadline beyond the range
        assume(False)
        return
    assert d == index.elapsed(t, deadline)
    assert t < deadline
    assert index.is_open(deadline - 1)  # open up to the deadline: never in closed hours
    assert deadline == index.add(t, d)  # and the same again from the grown index


@settings(max_examples=EXAMPLES, deadline=None)
@given(any_calendar(), st.integers(1, 30))
def test_business_days_end_at_a_close_after_the_start_day(
    calendar: tuple[dict[str, Any], int], n: int
) -> None:
    data, t = calendar
    cal = _calendar(data)
    try:
        deadline = cal.add(_instant(t), Duration.business_days(n))
    except ComplaintflowError:
        assume(False)
        return
    index = cal.epoch_index()
    us = _time.to_us(deadline, "deadline")
    assert us > t
    assert index.is_open(us - 1)  # the close of an open date, never in closed hours


# --------------------------------------------------------------------------------------
# Results do not depend on the host's zone files
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wrong_zone_files(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A zone directory in which every zone has another zone's data."""
    root = tmp_path_factory.mktemp("wrong-tzpath")
    database = importlib.resources.files("tzdata").joinpath("zoneinfo")
    zones = iana_zones()
    for name, other in zip(zones, zones[7:] + zones[:7], strict=True):
        target = root.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(database.joinpath(*other.split("/")).read_bytes())
    return root


@contextlib.contextmanager
def _host_zone_files(path: pathlib.Path) -> Iterator[None]:
    """What PYTHONTZPATH=path does to zoneinfo, in this process and for the duration."""
    zoneinfo.reset_tzpath([str(path)])
    zoneinfo.ZoneInfo.clear_cache()
    _time._zone.cache_clear()  # so that complaintflow looks every zone up again
    try:
        yield
    finally:
        zoneinfo.reset_tzpath()
        zoneinfo.ZoneInfo.clear_cache()
        _time._zone.cache_clear()


def _answers(data: dict[str, Any], t: int, d: int) -> list[object]:
    cal = _calendar(data)
    a = _instant(t)
    out: list[object] = []
    for call in (
        lambda: cal.is_open(a),
        lambda: cal.next_open(a).timestamp(),
        lambda: cal.add(a, Duration.business(micros=d)).isoformat(),
        lambda: cal.add(a, Duration.calendar(days=2)).isoformat(),
        lambda: cal.add(a, Duration.business_days(1)).isoformat(),
        lambda: cal.elapsed(a, _instant(min(t + d, END_US - 1))),
    ):
        try:
            out.append(call())
        except ComplaintflowError as e:
            out.append((type(e).__name__, e.field))
    return out


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],  # the files never change
)
@given(any_calendar(), st.integers(1, 400 * 3_600_000_000))
def test_results_are_the_same_whatever_the_hosts_zone_files_say(
    wrong_zone_files: pathlib.Path, calendar: tuple[dict[str, Any], int], d: int
) -> None:
    data, t = calendar
    honest = _answers(data, t, d)
    with _host_zone_files(wrong_zone_files):
        assert zoneinfo.ZoneInfo("Asia/Shanghai").key == "Asia/Shanghai"
        assert honest == _answers(data, t, d)


def test_the_wrong_zone_files_do_mislead_zoneinfo(wrong_zone_files: pathlib.Path) -> None:
    winter = dt.datetime(2026, 1, 15, 12)
    honest = zoneinfo.ZoneInfo("Asia/Shanghai").utcoffset(winter)
    with _host_zone_files(wrong_zone_files):
        assert honest != zoneinfo.ZoneInfo("Asia/Shanghai").utcoffset(winter)
        assert honest == _time.get_timezone("Asia/Shanghai").utcoffset(winter)
