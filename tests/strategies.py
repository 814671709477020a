"""Hypothesis strategies shared by the test modules, one section per part."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

# --------------------------------------------------------------------------------------
# Calendars
# --------------------------------------------------------------------------------------

#: Zones with and without DST, with 30-minute DST (Lord Howe), a historical midnight
#: change (Sao Paulo until 2019), a half-hour offset (Kolkata) and a southern one.
ZONES = [
    "Asia/Shanghai",
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Australia/Sydney",
    "UTC",
]

#: Windows that contain DST changes in several of the zones above.
WINDOW_STARTS = [
    dt.date(2026, 3, 6),  # US spring forward 2026-03-08
    dt.date(2026, 3, 27),  # EU spring forward 2026-03-29
    dt.date(2026, 4, 3),  # Sydney / Lord Howe fall back 2026-04-05
    dt.date(2026, 10, 2),  # Sydney / Lord Howe spring forward 2026-10-04
    dt.date(2026, 10, 23),  # EU fall back 2026-10-25
    dt.date(2026, 10, 30),  # US fall back 2026-11-01
    dt.date(2018, 11, 2),  # Sao Paulo spring forward at midnight 2018-11-04
    dt.date(2026, 6, 10),  # no change anywhere
]


def _hhmm(minutes: int) -> str:
    return "24:00" if minutes == 1440 else f"{minutes // 60:02d}:{minutes % 60:02d}"


@st.composite
def day_hours(draw: st.DrawFn, night: bool) -> list[str]:
    """One day's intervals: daytime ones within 06:00-22:00, maybe a night shift."""
    marks = draw(
        st.lists(st.integers(24, 88), min_size=0, max_size=6, unique=True).map(sorted)
    )  # quarter hours 06:00..22:00
    marks = marks[: len(marks) // 2 * 2]
    out = [f"{_hhmm(a * 15)}-{_hhmm(b * 15)}" for a, b in zip(marks[::2], marks[1::2], strict=True)]
    if night and draw(st.booleans()):
        start = draw(st.integers(88, 95)) * 15  # 22:00..23:45
        end = draw(st.integers(1, 24)) * 15  # 00:15..06:00 next day
        out.append(f"{_hhmm(start)}-{_hhmm(end)}")
    return out


@st.composite
def calendar_data(draw: st.DrawFn, window: dt.date | None = None) -> dict[str, Any]:
    """Plain calendar data: random weekly hours, night shifts, holidays, make-up days."""
    zone = draw(st.sampled_from(ZONES))
    always = draw(st.integers(0, 9)) == 0
    hours: dict[str, list[str]]
    if always:
        hours = {"daily": ["00:00-24:00"]}
    else:
        names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
        night = draw(st.booleans())
        hours = {}
        for name in names:
            value = draw(day_hours(night))
            if value:
                hours[name] = value
    data: dict[str, Any] = {"timezone": zone, "hours": hours}
    if window is not None:
        days = [window + dt.timedelta(days=k) for k in range(-1, 8)]
        chosen = draw(st.lists(st.sampled_from(days), unique=True, max_size=4))
        split = draw(st.integers(0, len(chosen)))
        holidays, workdays = chosen[:split], chosen[split:]
        data["holidays"] = [d.isoformat() for d in holidays]
        data["workdays"] = [d.isoformat() for d in workdays]
        data["workday_hours"] = draw(day_hours(night=False))
    return data
