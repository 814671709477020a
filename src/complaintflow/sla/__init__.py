"""SLA clocks: targets, policies, evaluation of a ticket's events, aggregates.

See :func:`evaluate` for one ticket, :func:`evaluate_many` for a stream of
tickets, :func:`default` for the time limits of ``DOMAIN.md`` §3 with
their rule IDs, and :func:`aggregate` for FLOW-9 reporting.
"""

from complaintflow._event import Event
from complaintflow.sla._aggregate import QuantileSketch, SlaTally, aggregate
from complaintflow.sla._defaults import default_data
from complaintflow.sla._definition import Escalation, SlaOverride, SlaTarget
from complaintflow.sla._evaluate import evaluate, evaluate_many
from complaintflow.sla._policy import SlaPolicy, default
from complaintflow.sla._report import SlaEffect, SlaReport, TargetState, TargetStatus

__all__ = [
    "Escalation",
    "Event",
    "QuantileSketch",
    "SlaEffect",
    "SlaOverride",
    "SlaPolicy",
    "SlaReport",
    "SlaTally",
    "SlaTarget",
    "TargetState",
    "TargetStatus",
    "aggregate",
    "default",
    "default_data",
    "evaluate",
    "evaluate_many",
]
