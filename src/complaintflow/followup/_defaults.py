"""The follow-up part's shipped defaults (FU-1, FU-4, FU-5, FU-7, FU-10, FU-11).

Each value is one `Default`, written here once.
The parser fills a missing section or key from these, the values' own defaults
(``ContactWindow()``, ``ChannelFallback()``) read them, and `default_data`
is the ``followup`` section of the default policy.
"""

from __future__ import annotations

from complaintflow._default import RETURN_VISIT_WITHIN, Default
from complaintflow._json import JSON

__all__ = [
    "CAMPAIGNS",
    "CAPS",
    "DEFAULTS",
    "FALLBACK_AFTER",
    "HORIZON_DAYS",
    "MARKETING_HOURS",
    "SERVICE_HOURS",
    "WINDOW",
    "default_data",
]

SERVICE_HOURS = Default(
    "followup.hours.service", {"hours": {"daily": ["08:00-12:00", "14:00-21:00"]}}, "FU-1",
    "no calls in the customer's rest time: 12:00-14:00 and 21:00-08:00 are closed "
    "(special visits use these hours too)",
)  # fmt: skip
MARKETING_HOURS = Default(
    "followup.hours.marketing", {"hours": {"mon-fri": ["09:00-12:00", "14:00-18:00"]}},
    "FU-10", "marketing calls only in working time",
)  # fmt: skip
#: The return-visit window (FU-4), shared with SLA-6: defined in the kernel.
WINDOW = RETURN_VISIT_WITHIN
CAPS = Default(
    "followup.caps", [{"max_attempts": 3, "min_gap": "2 calendar hours"}], "FU-11",
    "no frequent repeated calls: at most 3 attempts per rolling day, 2 hours apart, "
    "per customer",
)  # fmt: skip
FALLBACK_AFTER = Default(
    "followup.fallback.sms_after_failed_calls", 2, "FU-5",
    "phone first, SMS after two failed calls",
)  # fmt: skip
CAMPAIGNS = Default(
    "followup.campaigns",
    [
        {"name": "New Year's Day", "dates": ["01-01"]},
        {"name": "Telecom Day", "dates": ["05-17"]},
        {"name": "National Day", "dates": ["10-01"]},
    ],
    "FU-7", "special visits at festivals and on Telecom Day (17 May)",
)  # fmt: skip
HORIZON_DAYS = Default(
    "followup.horizon_days", 400, None,
    "how far ahead the next allowed contact is searched when nothing else bounds it",
)  # fmt: skip

#: Every default of this part, for the rule map and the generated docs.
DEFAULTS = (SERVICE_HOURS, MARKETING_HOURS, WINDOW, CAPS, FALLBACK_AFTER, CAMPAIGNS, HORIZON_DAYS)


def default_data() -> dict[str, JSON]:
    """The ``followup`` section of the default policy, as fresh plain data.

    Examples:
        >>> default_data()["window"], default_data()["fallback"]
        ({'within': '3 calendar days'}, {'sms_after_failed_calls': 2})
    """
    return {
        "hours": {"service": SERVICE_HOURS.data(), "marketing": MARKETING_HOURS.data()},
        "window": {"within": WINDOW.data()},
        "caps": CAPS.data(),
        "fallback": {"sms_after_failed_calls": FALLBACK_AFTER.data()},
        "campaigns": CAMPAIGNS.data(),
        "horizon_days": HORIZON_DAYS.data(),
    }
