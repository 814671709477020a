"""Instants at the edges: typed errors for bad input, and one zone database on every host."""

from __future__ import annotations

import datetime as dt
import pathlib
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow._time import get_timezone, require_aware, to_us, zone_names
from complaintflow.errors import (
    ComplaintflowError,
    TimestampError,
    UnknownTimezoneError,
    ValidationError,
    WrongTypeError,
)


def test_a_value_that_is_not_a_datetime_is_a_wrong_type() -> None:
    with pytest.raises(TypeError) as info:
        require_aware("2026-11-23T09:00:00+08:00", "start")
    assert WrongTypeError is type(info.value)
    assert ("start", "2026-11-23T09:00:00+08:00") == (info.value.field, info.value.value)
    expected = "start: expected a timezone-aware datetime, got str '2026-11-23T09:00:00+08:00'"
    assert expected == str(info.value)


def test_parse_instant_refuses_what_is_not_a_string_or_datetime() -> None:
    with pytest.raises(TypeError) as info:
        cf.parse_instant(20261123, "opened")
    assert WrongTypeError is type(info.value)
    assert ("opened", 20261123) == (info.value.field, info.value.value)
    assert "opened: expected an ISO 8601 string or an aware datetime, got int 20261123" == str(
        info.value
    )


def test_parse_instant_refuses_text_that_is_not_iso_8601() -> None:
    with pytest.raises(TimestampError) as info:
        cf.parse_instant("yesterday")
    assert isinstance(info.value, ValueError)
    assert ("at", "yesterday") == (info.value.field, info.value.value)
    expected = "at: 'yesterday' is not an ISO 8601 timestamp; use e.g. '2026-11-23T09:30:00+08:00'"
    assert expected == str(info.value)


def test_a_fixed_offset_is_not_a_zone() -> None:
    with pytest.raises(UnknownTimezoneError, match="28800 is a fixed UTC offset; use an IANA name"):
        get_timezone(28800)


# --------------------------------------------------------------------------------------
# One zone database: the bundled tzdata, whatever the host has
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["localtime", "posixrules", "right/UTC", "posix/Asia/Shanghai", "Factory", "Asia",
     "/usr/share/zoneinfo/Asia/Shanghai", "Asia/../Asia/Shanghai", "../../etc/passwd",
     "Asia/Shanghai\x00", "zone.tab", "tzdata.zi", "a" * 300, "Asia/" + "x" * 5000,
     "Asia/Shänghai", "亚洲/上海", "utc", "+08:00", "UTC+8", ""],
)  # fmt: skip
def test_only_iana_zone_names_are_accepted(name: str) -> None:
    with pytest.raises(UnknownTimezoneError) as info:
        get_timezone(name, "customer.timezone")
    assert ("customer.timezone", name) == (info.value.field, info.value.value)
    assert str(info.value).startswith("customer.timezone: ")
    assert len(str(info.value)) < 200  # a 5,000-character name is cut in the message
    with pytest.raises(ValidationError) as bad:
        cf.BusinessCalendar.from_dict({"timezone": name, "hours": {}})
    assert ["timezone"] == [p.path for p in bad.value.problems]


def test_a_misspelt_zone_gets_a_suggestion() -> None:
    with pytest.raises(UnknownTimezoneError, match="did you mean 'UTC'"):
        get_timezone("utc")
    with pytest.raises(UnknownTimezoneError, match="did you mean 'Asia/Shanghai'"):
        get_timezone("Asia/Shangai")


@pytest.mark.parametrize("name", ["Asia/Shanghai", "UTC", "Etc/GMT-8", "US/Eastern", "EST5EDT"])
def test_every_name_of_the_iana_database_is_a_zone(name: str) -> None:
    assert name == get_timezone(name).name
    assert name in zone_names()


def test_the_zone_list_is_the_bundled_databases() -> None:
    import importlib.resources

    listing = importlib.resources.files("tzdata").joinpath("zones").read_text("utf-8")
    assert set(listing.split()) - {"Factory"} == zone_names()


def test_zones_come_from_the_bundled_database_and_pickle_with_their_data() -> None:
    import pickle

    zone = get_timezone("Asia/Shanghai")
    assert zone is get_timezone("Asia/Shanghai")  # read once
    copy = pickle.loads(pickle.dumps(zone))
    assert zone == copy
    assert dt.timedelta(hours=8) == copy.utcoffset(dt.datetime(2026, 1, 1))


def test_parse_instant_keeps_the_instant_and_uses_the_bundled_zone() -> None:
    utc = cf.parse_instant("2026-03-02T01:00:00Z")
    assert "UTC" == utc.timezone_name
    assert get_timezone("UTC") is utc.tzinfo
    host = dt.datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=zoneinfo.ZoneInfo("America/New_York"))
    got = cf.parse_instant(host)
    assert get_timezone("America/New_York") is got.tzinfo
    assert host.timestamp() == got.timestamp()
    assert 1 == got.fold


#: Results that depend on zone data, computed in a fresh interpreter (see below).
_ZONE_PROBE = """
import json, zoneinfo, datetime as dt
import complaintflow as cf
cal = cf.calendars.default("china", years=[2026])
ny = cf.BusinessCalendar.from_dict(
    {"timezone": "America/New_York", "hours": {"daily": ["01:00-04:00"]}}
)
start = cf.parse_instant("2026-09-30T08:00:00Z")
host = zoneinfo.ZoneInfo("Asia/Shanghai").utcoffset(dt.datetime(2026, 1, 1)).total_seconds()
print(json.dumps({
    "host_shanghai_offset": host,
    "utc": cf.parse_instant("2026-03-02T01:00:00Z").isoformat(),
    "deadline": cal.add(start, "16 business hours").isoformat(),
    "days": cal.add(start, "2 calendar days").isoformat(),
    "open": cal.is_open(start),
    "ny": ny.elapsed_s(1772870400, 1773129600),
    "ny_open": ny.next_open(start).isoformat(),
}))
"""


def _probe(env: dict[str, str]) -> dict[str, object]:
    import json
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _ZONE_PROBE], env=env, capture_output=True, text=True,
        check=True, timeout=120,
    )  # fmt: skip
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_results_do_not_depend_on_the_hosts_zone_files(tmp_path: pathlib.Path) -> None:
    """PYTHONTZPATH pointing at wrong zone files changes zoneinfo, not complaintflow."""
    import importlib.resources
    import os

    wrong = {"Asia/Shanghai": "America/New_York", "UTC": "Asia/Tokyo",
             "America/New_York": "Asia/Kolkata"}  # fmt: skip
    database = importlib.resources.files("tzdata").joinpath("zoneinfo")
    for name, other in wrong.items():
        target = tmp_path.joinpath(*name.split("/"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(database.joinpath(*other.split("/")).read_bytes())
    src = str(pathlib.Path(cf.__file__).resolve().parent.parent)  # the one under test
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([src, os.environ.get("PYTHONPATH", "")])}
    honest = _probe({k: v for k, v in env.items() if k != "PYTHONTZPATH"})
    bogus = _probe({**env, "PYTHONTZPATH": str(tmp_path)})
    assert 8 * 3600 == honest.pop("host_shanghai_offset")
    assert -5 * 3600 == bogus.pop("host_shanghai_offset")  # the bogus files do bite zoneinfo
    assert honest == bogus
    assert "2026-03-02T01:00:00+00:00" == honest["utc"]
    assert "2026-10-09T17:00:00+08:00" == honest["deadline"]


def test_parse_instant_keeps_a_fixed_offset_and_its_wall_time() -> None:
    assert "0001-01-01T00:00:00+14:00" == cf.parse_instant("0001-01-01T00:00:00+14:00").isoformat()
    assert "9999-12-31T23:59:59-14:00" == cf.parse_instant("9999-12-31T23:59:59-14:00").isoformat()
    odd = "2026-01-01T00:00:00+05:30:00.500000"  # an offset with a fraction of a second
    assert to_us(dt.datetime.fromisoformat(odd), "x") == to_us(cf.parse_instant(odd), "x")


@given(
    st.datetimes(timezones=st.timezones())
    | st.datetimes(
        timezones=st.builds(
            dt.timezone,
            st.timedeltas(min_value=-dt.timedelta(hours=23), max_value=dt.timedelta(hours=23)),
        )
    )
)
def test_parse_instant_keeps_the_instant_of_any_aware_datetime(value: dt.datetime) -> None:
    try:
        parsed = cf.parse_instant(value)
    except ComplaintflowError:  # an instant beyond the years 1-9999 in UTC
        return
    assert to_us(value, "value") == to_us(parsed, "parsed")
