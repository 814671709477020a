"""Staffing for the answer-time rule (SLA-1) at peak load (SLA-9) and across the day (SLA-10).

Erlang C and Erlang A figures and agent requirements
(`required_agents`, `required_agents_erlang_a`), an interval plan from a
forecast (`plan_staffing`) and a roster check against it
(`check_roster`). Durations are ``timedelta`` values, results are frozen
values, and the rounding of head counts is explicit.

Examples:
    >>> from datetime import timedelta
    >>> from complaintflow.staffing import Workload, required_agents
    >>> required_agents(Workload(110, timedelta(hours=1), timedelta(minutes=3))).agents
    9
"""

from complaintflow.staffing._defaults import SLA9_BUSY_DAY
from complaintflow.staffing._plan import (
    IntervalForecast,
    IntervalRequirement,
    RosterCheck,
    Shift,
    Shortfall,
    StaffingPlan,
    check_roster,
    plan_staffing,
)
from complaintflow.staffing._queue import (
    ErlangAResult,
    ErlangCResult,
    Rounding,
    ServiceTarget,
    StaffingRequirement,
    Workload,
    erlang_a,
    erlang_c,
    required_agents,
    required_agents_erlang_a,
)

__all__ = [  # noqa: RUF022  (plain sorted(), which tests/test_exports.py checks)
    "ErlangAResult",
    "ErlangCResult",
    "IntervalForecast",
    "IntervalRequirement",
    "RosterCheck",
    "Rounding",
    "SLA9_BUSY_DAY",
    "ServiceTarget",
    "Shift",
    "Shortfall",
    "StaffingPlan",
    "StaffingRequirement",
    "Workload",
    "check_roster",
    "erlang_a",
    "erlang_c",
    "plan_staffing",
    "required_agents",
    "required_agents_erlang_a",
]
