"""The SLA part's shipped defaults: the time limits of ``DOMAIN.md`` §3, with rule IDs.

Each target is one `Default`, written here once in
the policy format and in the shipped workflows' event names, so the log that
drives a complaint's workflow drives its clocks. `default_data` is the
``sla`` section of the default policy; `complaintflow.sla.default` builds it.

Why these meanings of "days": SLA-3's "2 days" is read as two business days of
the back office (the reply is owed by people who work office hours), SLA-6's
three days and SLA-7's week as calendar time (they count from the customer's
side). SLA-5's source prescribes no figure, so its five business days are a
house default to set per desk.
"""

from __future__ import annotations

from complaintflow._default import RETURN_VISIT_WITHIN, Default
from complaintflow._json import JSON

__all__ = [
    "ANSWER",
    "DEFAULTS",
    "DISPATCH",
    "FIRST_CONTACT",
    "INVESTIGATION",
    "NAME",
    "REPLY",
    "RETURN_VISIT",
    "default_data",
]

_SUPERVISOR = {"level": 1.0, "effect": "notify_supervisor", "rule": "FLOW-6"}
#: The shipped complaint workflow's wait for the customer (FLOW-3) holds the clocks.
_PAUSE, _RESUME = ["await_customer"], ["customer_responded"]
#: FLOW-12: while the incident a complaint is linked to is open, its investigation
#: waits on the incident's repair; the incident's resolution resumes it.
_INCIDENT_PAUSE, _INCIDENT_RESUME = ["link_incident"], ["incident_resolved"]

#: The label of the default SLA policy.
NAME = "default (DOMAIN.md §3)"

ANSWER = Default(
    "sla.targets[answer]",
    {
        "name": "answer", "rule": "SLA-1", "within": "15 business seconds",
        "calendar": "hotline", "start": ["call_offered"], "stop": ["call_answered"],
        "warnings": [], "when": {"channel": ["phone"]}, "see_also": ["SLA-9", "SLA-10"],
    },
    "SLA-1", "answer within three rings, taken as 15 seconds, around the clock",
)  # fmt: skip
DISPATCH = Default(
    "sla.targets[dispatch]",
    {
        "name": "dispatch", "rule": "SLA-2", "within": "1 business hour",
        "calendar": "office", "start": ["accept"], "stop": ["investigate"],
        "reset": ["reassign"], "new_cycle_on_start": True,
        "escalations": [
            {"level": 0.75, "effect": "contact_customer", "rule": "SLA-2"},
            {"level": 1.0, "effect": "notify_regional_office", "rule": "SLA-2"},
        ],
        "see_also": ["FLOW-11", "Q-4"],
    },
    "SLA-2", "dispatch within an hour of the assignment; a re-assignment starts again",
)  # fmt: skip
REPLY = Default(
    "sla.targets[reply]",
    {
        "name": "reply", "rule": "SLA-3", "within": "2 business days",
        "calendar": "office", "start": ["register", "dissatisfied", "reopen"],
        "stop": ["reject", "notify", "review", "conclude"],
        "pause": _PAUSE, "resume": _RESUME, "new_cycle_on_start": True,
        "escalations": [_SUPERVISOR, {"level": 1.5, "effect": "escalate", "rule": "FLOW-6"}],
        "see_also": ["IN-3", "SLA-4", "FLOW-6"],
    },
    "SLA-3", "a reply to the customer within two business days, owed again after each "
    "dissatisfied answer (a review cycle, FLOW-6) and after a reopen; paused while the "
    "customer owes an answer",
)  # fmt: skip
INVESTIGATION = Default(
    "sla.targets[investigation]",
    {
        "name": "investigation", "rule": "SLA-5", "within": "5 business days",
        "calendar": "office", "start": ["investigate"], "stop": ["propose"],
        "pause": _PAUSE + _INCIDENT_PAUSE, "resume": _RESUME + _INCIDENT_RESUME,
        "new_cycle_on_start": True, "escalations": [_SUPERVISOR], "see_also": ["FLOW-3", "FLOW-12"],
    },
    "SLA-5", "house default: the source asks for 'the prescribed time' and names no figure; "
    "paused while the customer owes an answer or a linked incident is open (FLOW-12)",
)  # fmt: skip
RETURN_VISIT = Default(
    "sla.targets[return_visit]",
    {
        "name": "return_visit", "rule": "SLA-6", "within": RETURN_VISIT_WITHIN.value,
        "calendar": "office", "start": ["confirm", "conclude"],
        "stop": ["record_return_visit"], "new_cycle_on_start": True,
        "escalations": [_SUPERVISOR],
        "see_also": ["FU-4", "FLOW-8"],
    },
    "SLA-6", "the return visit within three days (the follow-up window of FU-4)",
)  # fmt: skip
FIRST_CONTACT = Default(
    "sla.targets[first_contact]",
    {
        "name": "first_contact", "rule": "SLA-7", "within": "7 calendar days",
        "calendar": "office", "start": ["customer_assigned"], "stop": ["customer_contacted"],
    },
    "SLA-7", "a specialist contacts each newly assigned customer within a week",
)  # fmt: skip

#: Every default of this part, in the order of the policy's targets.
DEFAULTS = (ANSWER, DISPATCH, REPLY, INVESTIGATION, RETURN_VISIT, FIRST_CONTACT)


def default_data() -> dict[str, JSON]:
    """The ``sla`` section of the default policy, as fresh plain data.

    Calendars are named ``office`` and ``hotline``, as in the default policy.

    Examples:
        >>> [(t["name"], t["within"]) for t in default_data()["targets"]][:2]
        [('answer', '15 business seconds'), ('dispatch', '1 business hour')]
    """
    return {"name": NAME, "targets": [d.data() for d in DEFAULTS]}
