"""Follow-up scheduling: 一免三保, opt-outs, caps, appointments, balanced assignment.

See :func:`decide` and :func:`next_allowed` for single contacts, :func:`plan` for
a batch of due return visits over a team of agents (FU-1 to FU-13, SLA-6).
"""

from complaintflow.followup._decide import (
    Decision,
    NextAllowed,
    Refusal,
    TraceEntry,
    decide,
    next_allowed,
)
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
