"""Business calendars, durations and deadlines: when the desk is open, and "within 2 days".

Theory of operation
-------------------
A `BusinessCalendar` is a frozen value built from plain data: weekly open
hours (lunch breaks and night shifts included), holidays, make-up working days
(调休) and special days, in one IANA zone. `default` builds the two shipped
kinds: ``"china"``, the State Council's official calendar for the years asked for,
and ``"24x7"``, the around-the-clock hotline (SLA-10). A `Duration` says which
of the three meanings of "within 2 days" is meant: business time, business days or
calendar time. ``calendar.add(start, duration)`` gives the deadline and
``calendar.elapsed(a, b)`` the business time between two instants; both run on a
precomputed index of open intervals in integer epoch microseconds, so their cost is
O(log n) whatever the span. Instants are aware datetimes at the edges
(`parse_instant`); a naive one is refused.

Examples:
    >>> from complaintflow import calendars
    >>> office = calendars.default("china", years=[2026])
    >>> friday = calendars.parse_instant("2026-09-30T17:00:00+08:00")  # before Golden Week
    >>> office.add(friday, calendars.Duration.parse("2 business hours")).isoformat()
    '2026-10-08T10:00:00+08:00'
"""

from complaintflow._time import parse_instant
from complaintflow.calendars._defaults import DEFAULT_NAMES, default_data
from complaintflow.calendars._definition import (
    BusinessCalendar,
    Column,
    default,
    official_china_years,
)
from complaintflow.calendars._duration import Duration, DurationKind

__all__ = [  # noqa: RUF022  (plain sorted(), which tests/test_exports.py checks)
    "BusinessCalendar",
    "Column",
    "DEFAULT_NAMES",
    "Duration",
    "DurationKind",
    "default",
    "default_data",
    "official_china_years",
    "parse_instant",
]
