"""Follow-up scheduling (回访): 一免三保, opt-outs, caps, appointments, balanced assignment.

Theory of operation
-------------------
A `FollowupPolicy` composes rule values, each with its rule ID: contact
hours per purpose in the customer's zone (FU-1, FU-10), the return-visit window
(FU-4), frequency caps (FU-11), the phone-then-SMS fallback (FU-5) and campaign
days (FU-7). `decide` answers "may we contact this `Customer` for this
purpose at this instant?" with a `Decision` listing every refusing rule and
the exact instant it would be allowed again; `next_allowed` searches for that
instant. Opt-outs (FU-9, FU-12) and appointments the customer chose (FU-13) travel
with the customer; past `Attempt` values feed the caps and the fallback.
`plan` spreads a batch of due return visits over a team of `Agent`
values, VIPs first (FU-2), balanced against each agent's capacity (FU-8), and
lists every case it could not place with the reason. `default` is the policy
of ``DOMAIN.md`` §4.

Examples:
    >>> import pendulum
    >>> from complaintflow import followup
    >>> alice = followup.Customer("C-1", timezone="Asia/Shanghai", phones=["13800000000"])
    >>> lunch = pendulum.datetime(2026, 5, 6, 12, 30, tz="Asia/Shanghai")
    >>> d = followup.decide(followup.default(), alice, followup.Purpose.SERVICE, lunch)
    >>> d.allowed, [r.rule_id for r in d.refusals], d.retry_at.isoformat()
    (False, ['FU-1'], '2026-05-06T14:00:00+08:00')
"""

from complaintflow.followup._defaults import default_data
from complaintflow.followup._definition import (
    Appointment,
    Attempt,
    Campaign,
    CapScope,
    Channel,
    ChannelFallback,
    ContactHours,
    ContactWindow,
    Customer,
    DayRule,
    FrequencyCap,
    OptOut,
    Outcome,
    Purpose,
)
from complaintflow.followup._outcome import Decision, NextAllowed, Refusal, TraceEntry
from complaintflow.followup._plan import (
    Agent,
    AgentLoad,
    Assignment,
    DueFollowup,
    Plan,
    PlanSummary,
    Unplanned,
    UnplannedKind,
    plan,
)
from complaintflow.followup._policy import FollowupPolicy, default
from complaintflow.followup._query import decide, next_allowed

__all__ = [
    "Agent",
    "AgentLoad",
    "Appointment",
    "Assignment",
    "Attempt",
    "Campaign",
    "CapScope",
    "Channel",
    "ChannelFallback",
    "ContactHours",
    "ContactWindow",
    "Customer",
    "DayRule",
    "Decision",
    "DueFollowup",
    "FollowupPolicy",
    "FrequencyCap",
    "NextAllowed",
    "OptOut",
    "Outcome",
    "Plan",
    "PlanSummary",
    "Purpose",
    "Refusal",
    "TraceEntry",
    "Unplanned",
    "UnplannedKind",
    "decide",
    "default",
    "default_data",
    "next_allowed",
    "plan",
]
