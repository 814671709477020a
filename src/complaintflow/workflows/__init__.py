"""Workflows: the closed complaint loop as pure, checked state machines.

A `WorkflowDefinition` is built from plain data and checked when built
(every problem reported at once). A host drives a ticket with `Event`
values through the pure `transition`, which returns a new `Snapshot`
and `Effect` values to perform; `replay_events` rebuilds a snapshot from the
event log. Every value is deeply immutable: plain data inside one is
`FrozenJSON` (tuples for lists, read-only mappings), and ``to_dict`` gives
plain JSON back. The four shipped workflows (`shipped`) implement ``DOMAIN.md``
§1–2 (IN-1 to IN-8, FLOW-1 to FLOW-12, FU-2, FU-3). `WorkflowMachine` builds
the same definition as a ``transitions`` machine for cross-checks, Mermaid
diagrams (`to_mermaid`) and callback-style hosts.

Examples:
    >>> import pendulum
    >>> from complaintflow.workflows import Event, default, start, transition
    >>> wf = default("complaint")
    >>> at = pendulum.datetime(2026, 3, 2, 9, 30, tz="Asia/Shanghai")
    >>> snap, effects = transition(wf, start(wf, "T-100"), Event("register", at, {
    ...     "complainant": "王女士", "contact": "138...", "channel": "phone",
    ...     "content": "月租多扣费", "category": "billing"}))
    >>> snap.state, effects[0].kind, effects[0].rule, effects[0].payload["deadline_rule"]
    ('registered', 'acknowledge', 'IN-3', 'SLA-3')
"""

from complaintflow._event import Event
from complaintflow._json import JSON
from complaintflow.workflows._defaults import CATEGORIES, DEFAULT_NAMES, default, default_data
from complaintflow.workflows._definition import (
    SNAPSHOT_SCHEMA,
    WorkflowDefinition,
    shortest_paths,
    transition_paths,
)
from complaintflow.workflows._frozen import FrozenJSON
from complaintflow.workflows._log import replay_events
from complaintflow.workflows._machine import TicketObject, WorkflowMachine, to_mermaid
from complaintflow.workflows._spec import Condition, EffectSpec, Guard, TransitionSpec
from complaintflow.workflows._transition import allowed_events, can, transition
from complaintflow.workflows._values import Effect, Reason, Snapshot, Verdict, start

__all__ = [  # noqa: RUF022  (plain sorted(), which tests/test_exports.py checks)
    "CATEGORIES",
    "Condition",
    "DEFAULT_NAMES",
    "Effect",
    "EffectSpec",
    "Event",
    "FrozenJSON",
    "Guard",
    "JSON",
    "Reason",
    "SNAPSHOT_SCHEMA",
    "Snapshot",
    "TicketObject",
    "TransitionSpec",
    "Verdict",
    "WorkflowDefinition",
    "WorkflowMachine",
    "allowed_events",
    "can",
    "default",
    "default_data",
    "replay_events",
    "shortest_paths",
    "start",
    "to_mermaid",
    "transition",
    "transition_paths",
]
