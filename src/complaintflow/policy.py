"""Policy bundles and what-if replay.

A :class:`Policy` holds calendars, SLA targets, workflows, follow-up rules and
script packs as one versioned plain-data document; :func:`replay` runs a stream of
ticket records under it, :func:`compare` runs them under two.
"""

from complaintflow._policy import (
    FORMAT_VERSION,
    Policy,
    PolicyChange,
    ReplaySettings,
    default_policy,
    default_policy_data,
)
from complaintflow._policy_schema import policy_json_schema
from complaintflow._replay import compare, replay, replay_tickets
from complaintflow._replay_report import ReplayReport, TicketOutcome, Violation

__all__ = [
    "FORMAT_VERSION",
    "Policy",
    "PolicyChange",
    "ReplayReport",
    "ReplaySettings",
    "TicketOutcome",
    "Violation",
    "compare",
    "default_policy",
    "default_policy_data",
    "policy_json_schema",
    "replay",
    "replay_tickets",
]
