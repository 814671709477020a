"""Hypothesis strategies shared by the test modules, one section per part."""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import strategies as st

# ---------------------------------------------------------------------------------
# Follow-ups (complaintflow.followup)
# ---------------------------------------------------------------------------------
from complaintflow.followup import (
    Appointment,
    Attempt,
    Channel,
    Customer,
    FollowupPolicy,
    OptOut,
    Outcome,
    Purpose,
)

#: Zones with spring-forward and autumn-fold days (and one without DST).
FOLLOWUP_ZONES = ("Asia/Shanghai", "America/New_York", "Europe/London")
#: Days around the 2026 DST changes of those zones, and an ordinary day.
FOLLOWUP_DAYS = (
    dt.date(2026, 3, 7),  # New York springs forward on the 8th
    dt.date(2026, 3, 28),  # London springs forward on the 29th
    dt.date(2026, 10, 24),  # London falls back on the 25th
    dt.date(2026, 10, 31),  # New York falls back on 1 November
    dt.date(2026, 5, 16),  # Telecom Day is the 17th
)
#: Allowed-window sets, including boundaries inside DST gaps and folds.
FOLLOWUP_WINDOWS = (
    ["08:00-12:00", "14:00-21:00"],
    ["01:30-02:30", "09:00-10:00"],
    ["00:30-01:30", "02:15-05:00"],
    ["22:00-02:00"],
    ["10:00-10:30", "10:45-11:00"],
)


@st.composite
def followup_policies(draw: st.DrawFn) -> FollowupPolicy:
    """Small random policies: windows, caps with either day rule, fallback, window."""
    hours = {
        "service": {"hours": {"daily": draw(st.sampled_from(FOLLOWUP_WINDOWS))}},
        "marketing": {"hours": {"mon-fri": draw(st.sampled_from(FOLLOWUP_WINDOWS))}},
    }
    caps = []
    for _ in range(draw(st.integers(0, 2))):
        cap: dict[str, object] = {
            "max_attempts": draw(st.integers(1, 3)),
            "per_days": draw(st.integers(1, 2)),
            "day": draw(st.sampled_from(["rolling", "local_date"])),
            "scope": draw(st.sampled_from(["customer", "number"])),
        }
        if draw(st.booleans()):
            cap["min_gap"] = draw(st.sampled_from(["30 calendar minutes", "3 calendar hours"]))
        caps.append(cap)
    within = draw(st.sampled_from(["3 calendar days", "20 calendar hours", "2 business days"]))
    return FollowupPolicy.from_dict(
        {
            "hours": hours,
            "caps": caps,
            "window": {"within": within},
            "fallback": {"sms_after_failed_calls": draw(st.integers(1, 3))},
            "horizon_days": 30,
        }
    )


def _instant(tz: str, day: dt.date, minutes: int, second: int = 0) -> pendulum.DateTime:
    start = pendulum.datetime(day.year, day.month, day.day, tz=tz)
    return start.add(minutes=minutes, seconds=second)  # exact time: always a real instant


@st.composite
def followup_questions(
    draw: st.DrawFn,
) -> tuple[Customer, Purpose, pendulum.DateTime, list[Attempt], pendulum.DateTime | None]:
    """A customer, a purpose, an instant near a DST change, a history before it and
    an optional trigger."""
    tz = draw(st.sampled_from(FOLLOWUP_ZONES))
    day = draw(st.sampled_from(FOLLOWUP_DAYS))
    at = _instant(tz, day, draw(st.integers(0, 3 * 24 * 60)), draw(st.sampled_from([0, 0, 17])))
    history = []
    for _ in range(draw(st.integers(0, 4))):
        back = draw(st.integers(1, 3 * 24 * 60))
        history.append(
            Attempt(
                at.subtract(minutes=back),
                draw(st.sampled_from(list(Channel))),
                draw(st.sampled_from([None, "p1", "p2"])),
                draw(st.sampled_from(list(Outcome))),
            )
        )
    opt_outs = []
    if draw(st.integers(0, 3)) == 0:
        opt_outs.append(
            OptOut(
                at.add(minutes=draw(st.integers(-600, 3 * 24 * 60))),
                draw(st.sampled_from([None, *Channel])),
                draw(st.sampled_from([None, *Purpose])),
            )
        )
    appointments = []
    if draw(st.integers(0, 3)) == 0:
        begin = at.add(minutes=draw(st.integers(-60, 2 * 24 * 60)))
        appointments.append(Appointment(begin, begin.add(minutes=draw(st.integers(1, 90)))))
    customer = Customer(
        "c1",
        tz,
        phones=draw(st.sampled_from([["p1", "p2"], ["p1"], []])),
        sms=draw(st.sampled_from([["p1"], []])),
        opt_outs=opt_outs,
        appointments=appointments,
    )
    purpose = draw(st.sampled_from([Purpose.SERVICE, Purpose.SERVICE, Purpose.MARKETING]))
    trigger = None
    if draw(st.booleans()):
        trigger = at.subtract(minutes=draw(st.integers(0, 2 * 24 * 60)))
    return customer, purpose, at, history, trigger


#: Zones whose service hours fall at different Shanghai times (+0, +1, -2:30 h).
PLAN_ZONES = ("Asia/Shanghai", "Asia/Tokyo", "Asia/Kolkata")


@st.composite
def small_plans(
    draw: st.DrawFn, tight: bool = False
) -> tuple[FollowupPolicy, list, list, pendulum.DateTime]:
    """Small planning problems: a few agents and follow-ups over a 4-hour horizon.

    ``tight``: VIPs only, one agent with one call an hour, a three-day window, so
    that VIPs compete for the few agent-hours their zones allow.
    """
    from complaintflow.calendars import BusinessCalendar
    from complaintflow.followup import Agent, DueFollowup

    start = pendulum.datetime(2026, 5, 6, 8, tz="Asia/Shanghai")
    policy = FollowupPolicy.from_dict(
        {
            "hours": {"service": {"hours": {"daily": draw(st.sampled_from(PLAN_WINDOWS))}}},
            "window": {
                "within": "3 calendar days"
                if tight
                else draw(st.sampled_from(["2 calendar hours", "3 calendar days"]))
            },
            "caps": [],
        }
    )
    agents = []
    for i in range(1 if tight else draw(st.integers(1, 2))):
        first = 8 if tight else draw(st.integers(8, 11))
        last = draw(st.integers(first + 1, 12))
        shift = BusinessCalendar.from_dict(
            {"timezone": "Asia/Shanghai", "hours": {"daily": [f"{first:02d}:00-{last:02d}:00"]}}
        )
        skills = draw(st.sampled_from([frozenset(), frozenset({"a"}), frozenset({"a", "b"})]))
        agents.append(
            Agent(f"a{i}", shift, skills, draw(st.sampled_from([1, 1, 2])), draw(st.integers(0, 1)))
            if not tight
            else Agent(f"a{i}", shift, capacity_per_hour=1)
        )
    due = []
    for i in range(draw(st.integers(1, 7))):
        customer = Customer(
            f"c{i}",
            draw(st.sampled_from(PLAN_ZONES)),
            vip=tight or draw(st.integers(0, 3)) > 0,  # mostly VIPs: they compete for units
            phones=draw(st.sampled_from([["1"], ["1"], ["1"], []])),
            opt_outs=[OptOut(start.subtract(hours=1))] if draw(st.integers(0, 6)) == 0 else [],
        )
        trigger = start.subtract(minutes=draw(st.integers(0, 120)))
        skill = None if tight else draw(st.sampled_from([None, None, "a", "b"]))
        due.append(DueFollowup(f"k{i}", customer, trigger, skill=skill))
    return policy, due, agents, start


PLAN_WINDOWS = (
    ["08:00-12:00", "14:00-21:00"],
    ["09:00-10:00", "11:30-12:00"],
    ["07:00-09:30"],
    ["07:00-09:30"],
    ["10:00-20:00"],
)
