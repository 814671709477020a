"""Business calendars, durations and deadlines.

See :class:`BusinessCalendar` for open hours, holidays and make-up working days
(调休), and :class:`Duration` for the three meanings of "within 2 days".
"""

from complaintflow._time import parse_instant
from complaintflow.calendars._definition import BusinessCalendar, official_china_years
from complaintflow.calendars._duration import Duration, DurationKind

__all__ = [
    "BusinessCalendar",
    "Duration",
    "DurationKind",
    "official_china_years",
    "parse_instant",
]
