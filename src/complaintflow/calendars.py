"""Business calendars, durations and deadlines.

See :class:`BusinessCalendar` for open hours, holidays and make-up working days
(调休), and :class:`Duration` for the three meanings of "within 2 days".
"""

from complaintflow._calendar import BusinessCalendar, official_china_years
from complaintflow._duration import Duration, DurationKind
from complaintflow._time import parse_instant

__all__ = [
    "BusinessCalendar",
    "Duration",
    "DurationKind",
    "official_china_years",
    "parse_instant",
]
