"""Synthetic ticket histories: seeded, realistic host exports for examples and benchmarks.

`generate_tickets` streams plain records (event logs that replay under the
shipped workflows, customers, follow-up calls) whose arrivals follow the SLA-9 busy
day of the source hotline; `SyntheticProfile` holds the shape: hourly volumes,
IN-5 categories, IN-2 channels, VIP share and the branch probabilities.

Examples:
    >>> import datetime as dt
    >>> from complaintflow.synthetic import SyntheticProfile, generate_tickets
    >>> start = dt.datetime(2026, 3, 2, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    >>> first = next(generate_tickets(1000, seed=1, start=start))
    >>> first["ticket_id"], first["events"][0]["at"][:10]
    ('T2026-000001', '2026-03-02')
"""

from complaintflow.synthetic._generate import generate_tickets
from complaintflow.synthetic._profile import WORKFLOWS, SyntheticProfile

__all__ = [  # noqa: RUF022  (plain sorted(), which tests/test_exports.py checks)
    "SyntheticProfile",
    "WORKFLOWS",
    "generate_tickets",
]
