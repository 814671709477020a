"""Policy bundles and what-if replay.

A :class:`Policy` holds calendars, SLA targets, workflows, follow-up rules and
script packs as one versioned plain-data document; :func:`replay` runs a stream of
ticket records under it, :func:`compare` runs them under two.
"""

from complaintflow.policy._defaults import FORMAT_VERSION, default_data
from complaintflow.policy._definition import Policy, ReplaySettings, default
from complaintflow.policy._diff import PolicyChange
from complaintflow.policy._replay import compare, replay, replay_tickets
from complaintflow.policy._report import ReplayReport, TicketOutcome, Violation
from complaintflow.policy._schema import policy_json_schema

__all__ = [
    "FORMAT_VERSION",
    "Policy",
    "PolicyChange",
    "ReplayReport",
    "ReplaySettings",
    "TicketOutcome",
    "Violation",
    "compare",
    "default",
    "default_data",
    "policy_json_schema",
    "replay",
    "replay_tickets",
]
