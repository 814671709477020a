"""Business calendars, durations and deadlines.

See :class:`BusinessCalendar` for open hours, holidays and make-up working days
(调休), and :class:`Duration` for the three meanings of "within 2 days".
"""

from complaintflow._time import parse_instant
from complaintflow.calendars._defaults import DEFAULT_NAMES, default_data
from complaintflow.calendars._definition import BusinessCalendar, default, official_china_years
from complaintflow.calendars._duration import Duration, DurationKind

__all__ = [  # noqa: RUF022  (plain sorted(), which tests/test_exports.py checks)
    "BusinessCalendar",
    "DEFAULT_NAMES",
    "Duration",
    "DurationKind",
    "default",
    "default_data",
    "official_china_years",
    "parse_instant",
]
