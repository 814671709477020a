"""SLA clocks: targets driven by a ticket's events, warnings, breaches and escalations.

Theory of operation
-------------------
An `SlaPolicy` holds `SlaTarget` values: a budget (a `Duration`) on a calendar, and
the event names that start, pause, resume, stop, reset and cancel its clock (each
optionally an `SlaTrigger`: the kind with an `SlaCondition` on the event's payload
and the ticket's attributes, as data), with warning levels and `Escalation` effects.
A ticket may carry its own calendar, named by an attribute (``calendar_by``) or
passed with it, out of the policy's named ``calendars``.
`evaluate` is a pure function of the policy, the ticket's log of `Event` values (the
same log the workflow step reads) and ``now``: it answers each target's state,
deadline, warnings and breach, the effects due, and ``next_check_at``, the one
instant a host should look again. Events after ``now`` are checked but not applied,
so evaluating a past ``now`` gives what a live system saw then. `evaluate_many`
streams many tickets with flat memory; `aggregate` and `SlaTally` make the FLOW-9
figures, mergeable across chunks. `default` holds the time limits of ``DOMAIN.md``
§3 (SLA-1 to SLA-7) with their rule IDs.

Examples:
    >>> import complaintflow as cf
    >>> t = lambda s: cf.parse_instant(f"2026-11-{s}+08:00")
    >>> log = [cf.Event("register", t("20T17:00"))]
    >>> status = cf.sla.evaluate(cf.default_policy().sla, log, now=t("23T10:00")).status("reply")
    >>> status.state.value, status.deadline.isoformat()
    ('running', '2026-11-24T18:00:00+08:00')
"""

from complaintflow._event import Event
from complaintflow.sla._aggregate import QuantileSketch, SlaTally, aggregate
from complaintflow.sla._condition import SlaCondition
from complaintflow.sla._defaults import default_data
from complaintflow.sla._definition import Escalation, SlaOverride, SlaTarget, SlaTrigger
from complaintflow.sla._evaluate import evaluate, evaluate_many
from complaintflow.sla._policy import SlaPolicy, default
from complaintflow.sla._report import SlaCycle, SlaEffect, SlaReport, TargetState, TargetStatus

__all__ = [
    "Escalation",
    "Event",
    "QuantileSketch",
    "SlaCondition",
    "SlaCycle",
    "SlaEffect",
    "SlaOverride",
    "SlaPolicy",
    "SlaReport",
    "SlaTally",
    "SlaTarget",
    "SlaTrigger",
    "TargetState",
    "TargetStatus",
    "aggregate",
    "default",
    "default_data",
    "evaluate",
    "evaluate_many",
]
