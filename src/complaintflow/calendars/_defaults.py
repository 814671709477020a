"""The calendars' shipped defaults: the back office's hours and years, the 24x7 hotline.

Each value is a `Default`, written here once;
`default` builds the two named calendar kinds (``"china"``, the official
calendar with make-up working days, and ``"24x7"``), and `default_data` is
the ``calendars`` section of the default policy.
"""

from __future__ import annotations

from collections.abc import Iterable

from complaintflow._default import TIMEZONE, Default
from complaintflow._errors import items_of
from complaintflow._json import JSON

__all__ = [
    "ALWAYS_OPEN_HOURS",
    "DEFAULTS",
    "DEFAULT_NAMES",
    "HOTLINE",
    "OFFICE_HOURS",
    "OFFICE_YEARS",
    "default_data",
]

#: The weekly hours of the back office, and of the ``china`` calendar unless given.
OFFICE_HOURS = Default(
    "calendars.office.hours", {"mon-fri": ["09:00-12:00", "13:30-18:00"]}, None,
    "the back office's weekly hours, a lunch break included; holidays and make-up "
    "working days come from the official calendar",
)  # fmt: skip
#: The years the default office calendar covers.
OFFICE_YEARS = Default(
    "calendars.office.years", [2025, 2026], None,
    "the years whose official schedule the default office calendar covers",
)  # fmt: skip
#: The hotline's calendar: open around the clock (SLA-10).
HOTLINE = Default(
    "calendars.hotline", {"default": "24x7", "timezone": TIMEZONE.value}, "SLA-10",
    "the hotline runs 24 hours a day in rotating shifts",
)  # fmt: skip

#: What the ``24x7`` calendar is open: every hour of every day.
ALWAYS_OPEN_HOURS = Default(
    "calendars.hotline.hours", {"daily": ["00:00-24:00"]}, None,
    "what a '24x7' calendar is open: every hour of every day",
)  # fmt: skip

#: Every default of this part, for the rule map and the generated docs.
DEFAULTS = (OFFICE_HOURS, OFFICE_YEARS, HOTLINE, ALWAYS_OPEN_HOURS)
#: The calendar kinds `complaintflow.calendars.default` builds.
DEFAULT_NAMES = ("24x7", "china")


def default_data(years: Iterable[int] | None = None) -> dict[str, JSON]:
    """The ``calendars`` section of the default policy: ``office`` and ``hotline``.

    Args:
        years: The years the office calendar covers; `OFFICE_YEARS` if omitted.

    Examples:
        >>> default_data([2026])["office"]
        {'default': 'china', 'years': [2026], 'hours': {'mon-fri': ['09:00-12:00', '13:30-18:00']}}

    Raises:
        WrongTypeError: ``years`` is no list of integers.
    """
    listed = None if years is None else items_of(years, "years", int, "years (integers)")
    span: JSON = OFFICE_YEARS.data() if listed is None else sorted(set(listed))
    office: dict[str, JSON] = {"default": "china", "years": span, "hours": OFFICE_HOURS.data()}
    return {"office": office, "hotline": HOTLINE.data()}
