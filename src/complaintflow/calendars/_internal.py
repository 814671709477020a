"""The calendars part's internal interface: what other parts of complaintflow may use.

Not public API: these names may change in any release. They are the fast paths
and parser tables that other parts need (replay's counting loop, the policy's JSON
Schema), named here once so that no other part reaches into this part's private
modules; a test (``tests/test_layering.py``) enforces it.
"""

from complaintflow.calendars._definition import _DEFAULT_KEYS as DEFAULT_KEYS
from complaintflow.calendars._definition import _KEYS as CALENDAR_KEYS
from complaintflow.calendars._definition import parse_date
from complaintflow.calendars._duration import _PATTERN as DURATION_PATTERN
from complaintflow.calendars._duration import WITHIN_PATTERN
from complaintflow.calendars._hours import DAY
from complaintflow.calendars._index import (
    DAY_US,
    END_US,
    RANGE_TEXT,
    US,
    CalendarIndex,
    wall_interval_to_instants,
)

__all__ = [
    "CALENDAR_KEYS",
    "DAY",
    "DAY_US",
    "DEFAULT_KEYS",
    "DURATION_PATTERN",
    "END_US",
    "RANGE_TEXT",
    "US",
    "WITHIN_PATTERN",
    "CalendarIndex",
    "parse_date",
    "wall_interval_to_instants",
]
