"""The four shipped workflows, as plain data: complaint, inquiry, suggestion, incident.

Theory of operation
-------------------
Each workflow below is an ordinary dict in the format
`from_dict` reads, so it doubles as
the reference example for hosts writing their own. Every state, event, guard,
transition and effect names the ``DOMAIN.md`` rule it implements (IN-*, FLOW-*,
FU-2, FU-3). Deadlines are not computed here: the acknowledgement carries the
rule of the promised deadline (``SLA-3``) and the event time, and the SLA module
turns them into an instant.

The dicts are built once at import and never handed out: `default_data`
returns a deep copy, so a host cannot change the library's defaults by accident.
"""

from __future__ import annotations

import copy

from complaintflow._default import Default
from complaintflow._errors import Problem, ValidationError, problem_text
from complaintflow._json import JSON
from complaintflow.workflows._definition import WorkflowDefinition

_Data = dict[str, JSON]


def _req(rule: str, *fields: str, on: str = "merged", match: str = "all", **extra: JSON) -> _Data:
    out: _Data = {"kind": "required", "rule": rule, "fields": list(fields)}
    if on != "merged":
        out["on"] = on
    if match != "all":
        out["match"] = match
    out.update(extra)
    return out


def _eff(
    kind: str, rule: str, *include: str, each: dict[str, JSON] | None = None, **params: JSON
) -> _Data:
    out: _Data = {"kind": kind, "rule": rule}
    if params:
        out["params"] = dict(params)
    if include:
        out["include"] = list(include)
    if each:
        out["each"] = each
    return out


def _t(
    source: str,
    event: str,
    target: str,
    rule: str,
    *guards: str,
    effects: list[JSON] | None = None,
    **extra: JSON,
) -> _Data:
    out: _Data = {"source": source, "event": event, "target": target, "rule": rule}
    if guards:
        out["guards"] = list(guards)
    if effects:
        out["effects"] = effects
    out.update(extra)
    return out


def _open_state_transitions(states: list[str], *, police: bool = False) -> list[JSON]:
    """FLOW-11 re-assignment and FLOW-12 incident linking (and IN-8) from every open state."""
    out: list[JSON] = []
    for s in states:
        if police:
            out.append(
                _t(s, "report_to_police", s, "IN-8", "legal_matter", effects=[
                    _eff("report_to_police", "IN-8", "legal_matter", "complainant", "content"),
                ])
            )  # fmt: skip
        out.append(
            _t(
                s,
                "reassign",
                s,
                "FLOW-11",
                "reassignment",
                effects=[
                    _eff("notify_department", "FLOW-11", "department", "reassign_reason"),
                    _eff("notify_customer", "FLOW-11", "department", about="reassigned"),
                ],
            )
        )
        out.append(
            _t(
                s,
                "link_incident",
                s,
                "FLOW-12",
                "incident_ref",
                effects=[
                    _eff("link_incident", "FLOW-12", "incident_id"),
                ],
            )
        )
        if police:  # complaints: the incident's resolution moves each linked one on
            out.append(
                _t(s, "incident_resolved", s, "FLOW-12", "incident_cause", effects=[
                    _eff("notify_customer", "FLOW-12", "incident_id", "cause",
                         about="incident resolved"),
                ])
            )  # fmt: skip
    return out


#: IN-2: the channels a contact may come through.
CATEGORIES = (
    "network",
    "billing",
    "information_security",
    "after_sales",
    "marketing_harassment",
    "service_attitude",
    "product",
    "service_mode",
    "facilities",
    "number_resources",
)
"""IN-5: the complaint types seen in the sources, as a ticket's ``category``."""

CHANNELS = ("phone", "sms", "email", "online_form", "letter", "social_media", "walk_in")

_REMEDIES: JSON = ["second review", "escalation to a higher level", "the regulator"]

REOPEN_WITHIN = Default(
    "workflows.complaint.guards.reopen_period.period", "30 calendar days", "FLOW-6",
    "a closed complaint whose fault comes back may be reopened for 30 days after it "
    "closed (house default: the rule book's closed loop names no period); later, a new "
    "complaint is registered",
)  # fmt: skip
#: What a reopen clears, so that the next close needs a new confirmation or review
#: outcome and a new return visit (the earlier ones stay in the event log).
_CLEARED_ON_REOPEN: dict[str, JSON] = dict.fromkeys(
    (
        "confirmed_by", "review_outcome", "visit_outcome", "visit_result", "satisfaction",
        "attempts", "return_visit_scheduled",
    ),
    None,
)  # fmt: skip

_COMPLAINT_STATES: dict[str, JSON] = {
    "received": {"rule": "IN-1", "description": "contact taken, form being filled"},
    "registered": {"rule": "IN-3", "description": "registered; ticket number and deadline given"},
    "answered_invalid": {"rule": "FLOW-2", "description": "judged unjustified, answered tactfully"},
    "accepted": {"rule": "FLOW-2", "description": "justified; responsible department named"},
    "investigating_quality": {"rule": "FLOW-3", "description": "repair/quality: technical owner"},
    "investigating_service": {"rule": "FLOW-3", "description": "service: specialist/supervisor"},
    "solution_proposed": {"rule": "FLOW-4", "description": "alternative plans proposed"},
    "solution_approved": {"rule": "FLOW-4", "description": "a supervisor picked one plan"},
    "customer_notified": {"rule": "FLOW-5", "description": "customer told of the solution"},
    "in_review": {"rule": "FLOW-6", "description": "customer not satisfied: review (复审)"},
    "reviewed": {"rule": "FLOW-6", "description": "review outcome told to the customer"},
    "in_second_review": {"rule": "FLOW-6", "description": "still not satisfied: second review"},
    "second_reviewed": {"rule": "FLOW-6", "description": "second review outcome told"},
    "escalated": {"rule": "FLOW-7", "description": "higher level or regulator; remedies told"},
    "awaiting_customer": {
        "rule": "FLOW-3",
        "description": "waiting for the customer's answer; the reply clocks are paused",
    },
    "resolved": {"rule": "FLOW-5", "description": "customer confirmed or review concluded"},
    "return_visited": {"rule": "FU-3", "description": "return visit (回访) recorded"},
    "closed": {
        "rule": "FLOW-6",
        "description": "closed loop (闭环); may be reopened within the reopen period",
    },
}
_COMPLAINT_OPEN = [s for s in _COMPLAINT_STATES if s != "closed"]
#: The states in which the desk may wait for the customer's answer (FLOW-3: the
#: customer owes information during the investigation or a review).
_WAITING_STATES = (
    "accepted", "investigating_quality", "investigating_service", "in_review",
    "in_second_review",
)  # fmt: skip


def _escalation(source: str) -> _Data:
    """FLOW-6: after a review, escalation to a higher level; the result names the
    remedies still open (FLOW-7)."""
    return _t(
        source, "escalate", "escalated", "FLOW-6", "escalation_target",
        effects=[
            _eff("escalate", "FLOW-6", "escalated_to", "review_outcome"),
            _eff("notify_result", "FLOW-7", "escalated_to", remedies=_REMEDIES),
        ],
    )  # fmt: skip


def _waiting_transitions() -> list[JSON]:
    """``await_customer`` from a working state, ``customer_responded`` back to it.

    The state the ticket waited in is kept in the data (``waiting_from``), so the
    answer returns the ticket where it was; the SLA defaults pause the reply and
    investigation clocks on these events.
    """
    out: list[JSON] = []
    for s in _WAITING_STATES:
        out.append(
            _t(s, "await_customer", "awaiting_customer", "FLOW-3", "question_for_customer",
               assign={"waiting_from": s},
               effects=[_eff("notify_customer", "FLOW-3", "question", about="question")])
        )  # fmt: skip
        out.append(_t("awaiting_customer", "customer_responded", s, "FLOW-3", f"waiting_from_{s}"))
    return out


COMPLAINT: _Data = {
    "name": "complaint",
    "version": 1,
    "initial": "received",
    "terminal": ["closed"],
    "states": _COMPLAINT_STATES,
    "events": {
        "register": {"rule": "FLOW-1"},
        "reject": {"rule": "FLOW-2"},
        "dispute": {"rule": "FLOW-6"},
        "accept": {"rule": "FLOW-2"},
        "investigate": {"rule": "FLOW-3"},
        "report_progress": {"rule": "FLOW-3"},
        "propose": {"rule": "FLOW-4"},
        "approve": {"rule": "FLOW-4"},
        "notify": {"rule": "FLOW-5"},
        "confirm": {"rule": "FLOW-5"},
        "dissatisfied": {"rule": "FLOW-6"},
        "review": {"rule": "FLOW-6"},
        "escalate": {"rule": "FLOW-6"},
        "conclude": {"rule": "FLOW-7"},
        "schedule_return_visit": {"rule": "FLOW-8"},
        "record_return_visit": {"rule": "FU-3"},
        "close": {"rule": "FLOW-6"},
        "reopen": {"rule": "FLOW-6"},
        "await_customer": {"rule": "FLOW-3"},
        "customer_responded": {"rule": "FLOW-3"},
        "reassign": {"rule": "FLOW-11"},
        "link_incident": {"rule": "FLOW-12"},
        "incident_resolved": {"rule": "FLOW-12"},
        "report_to_police": {"rule": "IN-8"},
    },
    "guards": {
        "intake": _req(
            "IN-1",
            "complainant",
            "contact",
            "channel",
            "content",
            description="registration form: complainant, contact, channel, content",
        ),
        "network_intake": _req(
            "IN-6",
            "location",
            "signal",
            "handset_model",
            "failure",
            "since",
            "other_handset_tried",
            when={"field": "category", "op": "==", "value": "network"},
            description="network complaints: location, signal, handset, failure, since when",
        ),
        "tactful_reply": _req("FLOW-2", "reply", on="payload"),
        "department": _req("FLOW-2", "department", on="payload"),
        "owner": _req("FLOW-3", "owner", on="payload"),
        "quality_problem": {
            "kind": "predicate",
            "rule": "FLOW-3",
            "field": "problem_kind",
            "op": "==",
            "value": "quality",
        },
        "service_problem": {
            "kind": "predicate",
            "rule": "FLOW-3",
            "field": "problem_kind",
            "op": "==",
            "value": "service",
        },
        "progress_note": _req("FLOW-3", "progress", on="payload"),
        "solutions": _req("FLOW-4", "solutions", on="payload"),
        "supervisor_approval": _req("FLOW-4", "approved_by", "chosen_solution", on="payload"),
        "confirmation": _req("FLOW-5", "confirmed_by", on="payload"),
        "review_outcome": _req("FLOW-6", "review_outcome", on="payload"),
        "escalation_target": _req("FLOW-6", "escalated_to", on="payload"),
        "visit_reached": {
            "kind": "predicate",
            "rule": "FU-3",
            "field": "visit_outcome",
            "op": "==",
            "value": "reached",
            "on": "payload",
            "description": "the return visit reached the customer",
        },
        "visit_unreachable": {
            "kind": "predicate",
            "rule": "FU-3",
            "field": "visit_outcome",
            "op": "==",
            "value": "unreachable",
            "on": "payload",
            "description": "the customer could not be reached for the return visit",
        },
        "return_visit_record": _req(
            "FU-3",
            "visit_result",
            "satisfaction",
            on="payload",
            description="a return visit is recorded with its result and the satisfaction",
        ),
        "unreachable_record": _req(
            "FU-3",
            "attempts",
            on="payload",
            description="an unreachable customer is recorded with the attempts made "
            "(replay checks them against the follow-up policy)",
        ),
        "reopen_period": {
            "kind": "within",
            "rule": "FLOW-6",
            "since": "closed_at",
            "period": str(REOPEN_WITHIN.value),
            "on": "data",
            "description": "a complaint reopens only within the reopen period after it closed",
        },
        "reopen_reason": _req("FLOW-6", "reopen_reason", on="payload"),
        "confirmed_or_reviewed": _req(
            "FLOW-5",
            "confirmed_by",
            "review_outcome",
            match="any",
            description="closing needs the customer's confirmation or a review outcome",
        ),
        "reassignment": _req("FLOW-11", "department", "reassign_reason", on="payload"),
        "incident_ref": _req("FLOW-12", "incident_id", on="payload"),
        "incident_cause": _req(
            "FLOW-12",
            "incident_id",
            "cause",
            on="payload",
            description="the incident that was resolved, and its cause",
        ),
        "known_channel": {
            "kind": "predicate",
            "rule": "IN-2",
            "field": "channel",
            "op": "in",
            "value": list(CHANNELS),
            "description": "the contact came through a channel the hotline runs",
        },
        "legal_matter": _req("IN-8", "legal_matter", on="payload"),
        "question_for_customer": _req("FLOW-3", "question", on="payload"),
        **{
            f"waiting_from_{s}": {
                "kind": "predicate",
                "rule": "FLOW-3",
                "field": "waiting_from",
                "op": "==",
                "value": s,
                "on": "data",
                "description": f"the ticket was waiting for the customer in {s}",
            }
            for s in _WAITING_STATES
        },
    },
    "transitions": [
        _t(
            "received",
            "register",
            "registered",
            "FLOW-1",
            "intake",
            "known_channel",
            "network_intake",
            effects=[
                _eff("acknowledge", "IN-3", "contact", "channel", deadline_rule="SLA-3"),
            ],
        ),
        _t(
            "registered",
            "reject",
            "answered_invalid",
            "FLOW-2",
            "tactful_reply",
            effects=[
                _eff("notify_customer", "FLOW-2", "reply", about="judgement"),
            ],
        ),
        _t("answered_invalid", "dispute", "in_review", "FLOW-6"),
        _t(
            "answered_invalid",
            "close",
            "closed",
            "FLOW-2",
            "confirmed_or_reviewed",
            stamp="closed_at",
        ),
        _t(
            "registered",
            "accept",
            "accepted",
            "FLOW-2",
            "department",
            effects=[
                _eff("notify_department", "FLOW-2", "department", "category", "content"),
            ],
        ),
        _t(
            "accepted",
            "investigate",
            "investigating_quality",
            "FLOW-3",
            "owner",
            "quality_problem",
            effects=[_eff("assign_owner", "FLOW-3", "owner", "problem_kind")],
        ),
        _t(
            "accepted",
            "investigate",
            "investigating_service",
            "FLOW-3",
            "owner",
            "service_problem",
            effects=[_eff("assign_owner", "FLOW-3", "owner", "problem_kind")],
        ),
        *[
            _t(
                s,
                "report_progress",
                s,
                "FLOW-3",
                "progress_note",
                effects=[_eff("notify_customer", "FLOW-3", "progress", about="progress")],
            )
            for s in ("investigating_quality", "investigating_service")
        ],
        *[
            _t(s, "propose", "solution_proposed", "FLOW-4", "solutions")
            for s in ("investigating_quality", "investigating_service")
        ],
        _t("solution_proposed", "approve", "solution_approved", "FLOW-4", "supervisor_approval"),
        _t(
            "solution_approved",
            "notify",
            "customer_notified",
            "FLOW-5",
            effects=[
                _eff("notify_result", "FLOW-5", "chosen_solution", remedies=_REMEDIES),
            ],
        ),
        _t("customer_notified", "confirm", "resolved", "FLOW-5", "confirmation"),
        _t("customer_notified", "dissatisfied", "in_review", "FLOW-6"),
        _t(
            "in_review",
            "review",
            "reviewed",
            "FLOW-6",
            "review_outcome",
            effects=[
                _eff("notify_result", "FLOW-6", "review_outcome", remedies=_REMEDIES),
            ],
        ),
        _t("reviewed", "confirm", "resolved", "FLOW-5", "confirmation"),
        _t("reviewed", "dissatisfied", "in_second_review", "FLOW-6"),
        _escalation("reviewed"),
        _t(
            "in_second_review",
            "review",
            "second_reviewed",
            "FLOW-6",
            "review_outcome",
            effects=[
                _eff("notify_result", "FLOW-6", "review_outcome", remedies=_REMEDIES),
            ],
        ),
        _t("second_reviewed", "confirm", "resolved", "FLOW-5", "confirmation"),
        _escalation("second_reviewed"),
        _t(
            "escalated",
            "conclude",
            "resolved",
            "FLOW-7",
            "review_outcome",
            effects=[
                _eff("notify_result", "FLOW-7", "review_outcome", remedies=_REMEDIES),
            ],
        ),
        _t(
            "resolved",
            "schedule_return_visit",
            "resolved",
            "FLOW-8",
            assign={"return_visit_scheduled": True},
            effects=[
                _eff("schedule_return_visit", "FLOW-8", "contact", "tier", policy_rule="FU-4"),
            ],
        ),
        _t(
            "resolved",
            "record_return_visit",
            "return_visited",
            "FU-3",
            "visit_reached",
            "return_visit_record",
        ),
        _t(
            "resolved",
            "record_return_visit",
            "return_visited",
            "FU-3",
            "visit_unreachable",
            "unreachable_record",
        ),
        _t(
            "return_visited",
            "close",
            "closed",
            "FLOW-8",
            "confirmed_or_reviewed",
            stamp="closed_at",
        ),
        _t(
            "closed",
            "reopen",
            "registered",
            "FLOW-6",
            "reopen_period",
            "reopen_reason",
            assign=_CLEARED_ON_REOPEN,
            collect={"reopen_reasons": "reopen_reason"},
            effects=[
                _eff(
                    "acknowledge",
                    "IN-3",
                    "contact",
                    "channel",
                    "reopen_reason",
                    deadline_rule="SLA-3",
                )
            ],
        ),
        *_waiting_transitions(),
        *_open_state_transitions(_COMPLAINT_OPEN, police=True),
    ],
}

INQUIRY: _Data = {
    "name": "inquiry",
    "version": 1,
    "initial": "received",
    "terminal": ["answered", "converted"],
    "states": {
        "received": {"rule": "IN-1", "description": "inquiry taken"},
        "transferred": {"rule": "IN-4", "description": "complex: with a department, tracked"},
        "answered": {"rule": "IN-4", "description": "answered (on the spot or after transfer)"},
        "converted": {"rule": "IN-4", "description": "triage found a complaint: one was opened"},
    },
    "events": {
        "answer": {"rule": "IN-4"},
        "transfer": {"rule": "IN-4"},
        "track": {"rule": "IN-4"},
        "reassign": {"rule": "FLOW-11"},
        "convert": {"rule": "IN-4"},
    },
    "guards": {
        "intake": _req("IN-1", "contact", "question"),
        "duty_log": _req(
            "IN-7",
            "caller",
            "contact",
            description="the duty log names the caller and how to reach them",
        ),
        "complaint_content": _req(
            "IN-4",
            "content",
            on="payload",
            description="what the complaint is, in the caller's words",
        ),
        "answer_given": _req("IN-4", "answer", on="payload"),
        "transfer_details": _req("IN-4", "department", "expected_wait", on="payload"),
        "tracking_note": _req("IN-4", "note", on="payload"),
        "reassignment": _req("FLOW-11", "department", "reassign_reason", on="payload"),
    },
    "transitions": [
        _t("received", "answer", "answered", "IN-4", "intake", "duty_log", "answer_given"),
        *[
            _t(
                s,
                "convert",
                "converted",
                "IN-4",
                *(("intake", "duty_log") if s == "received" else ()),
                "complaint_content",
                effects=[
                    _eff(
                        "open_complaint",
                        "IN-4",
                        "caller",
                        "contact",
                        "channel",
                        "category",
                        "tier",
                        "question",
                        "content",
                        workflow="complaint",
                    )
                ],
            )
            for s in ("received", "transferred")
        ],
        _t(
            "received",
            "transfer",
            "transferred",
            "IN-4",
            "intake",
            "duty_log",
            "transfer_details",
            effects=[
                _eff("notify_department", "IN-4", "department", "question"),
                _eff("notify_customer", "IN-4", "expected_wait", about="expected wait"),
            ],
        ),
        _t("transferred", "track", "transferred", "IN-4", "tracking_note"),
        _t(
            "transferred",
            "reassign",
            "transferred",
            "FLOW-11",
            "reassignment",
            effects=[
                _eff("notify_department", "FLOW-11", "department", "reassign_reason"),
                _eff("notify_customer", "FLOW-11", "department", about="reassigned"),
            ],
        ),
        _t(
            "transferred",
            "answer",
            "answered",
            "IN-4",
            "answer_given",
            effects=[
                _eff("notify_result", "IN-4", "answer"),
            ],
        ),
    ],
}

SUGGESTION: _Data = {
    "name": "suggestion",
    "version": 1,
    "initial": "received",
    "terminal": ["forwarded"],
    "states": {
        "received": {"rule": "IN-1"},
        "recorded": {"rule": "IN-4", "description": "suggestion recorded"},
        "forwarded": {"rule": "IN-4", "description": "forwarded to the department"},
    },
    "events": {"record": {"rule": "IN-4"}, "forward": {"rule": "IN-4"}},
    "guards": {
        "intake": _req("IN-1", "contact", "content"),
        "duty_log": _req(
            "IN-7",
            "caller",
            "contact",
            description="the duty log names the caller and how to reach them",
        ),
        "department": _req("IN-4", "department", on="payload"),
    },
    "transitions": [
        _t(
            "received",
            "record",
            "recorded",
            "IN-4",
            "intake",
            "duty_log",
            effects=[
                _eff("acknowledge", "IN-4", "contact"),
            ],
        ),
        _t(
            "recorded",
            "forward",
            "forwarded",
            "IN-4",
            "department",
            effects=[
                _eff("notify_department", "IN-4", "department", "content"),
            ],
        ),
    ],
}

INCIDENT: _Data = {
    "name": "incident",
    "version": 1,
    "initial": "detected",
    "terminal": ["closed"],
    "states": {
        "detected": {"rule": "FLOW-12", "description": "outage or wave of complaints noticed"},
        "reported": {"rule": "FLOW-12", "description": "reported upward"},
        "plan_active": {"rule": "FLOW-12", "description": "emergency plan running"},
        "recovered": {"rule": "FLOW-12", "description": "cause fixed; linked tickets resolved"},
        "closed": {"rule": "FLOW-12", "description": "everything recorded (IN-7)"},
    },
    "events": {
        "report": {"rule": "FLOW-12"},
        "start_plan": {"rule": "FLOW-12"},
        "inform": {"rule": "FLOW-12"},
        "link_complaint": {"rule": "FLOW-12"},
        "recover": {"rule": "FLOW-12"},
        "close": {"rule": "IN-7"},
    },
    "guards": {
        "incident_intake": _req("FLOW-12", "incident_kind", "scope", "description"),
        "plan": _req("FLOW-12", "plan", on="payload"),
        "message": _req("FLOW-12", "message", on="payload"),
        "complaint_ref": _req("FLOW-12", "ticket", on="payload"),
        "cause": _req("FLOW-12", "cause", on="payload"),
        "summary": _req("IN-7", "summary", on="payload"),
    },
    "transitions": [
        _t(
            "detected",
            "report",
            "reported",
            "FLOW-12",
            "incident_intake",
            effects=[
                _eff("escalate", "FLOW-12", "incident_kind", "scope", to="upper level"),
            ],
        ),
        _t(
            "reported",
            "start_plan",
            "plan_active",
            "FLOW-12",
            "plan",
            effects=[
                _eff("start_emergency_plan", "FLOW-12", "plan", "scope"),
            ],
        ),
        *[
            _t(
                s,
                "link_complaint",
                s,
                "FLOW-12",
                "complaint_ref",
                collect={"linked_tickets": "ticket"},
            )
            for s in ("reported", "plan_active")
        ],
        _t(
            "plan_active",
            "inform",
            "plan_active",
            "FLOW-12",
            "message",
            effects=[
                _eff("notify_customers", "FLOW-12", "message", "scope", "linked_tickets"),
                _eff(
                    "notify_linked",
                    "FLOW-12",
                    "message",
                    about="incident update",
                    each={"ticket": "linked_tickets"},
                ),
            ],
        ),
        _t(
            "plan_active",
            "recover",
            "recovered",
            "FLOW-12",
            "cause",
            effects=[
                _eff(
                    "resolve_linked",
                    "FLOW-12",
                    "cause",
                    event="incident_resolved",
                    each={"ticket": "linked_tickets"},
                ),
                _eff("notify_customers", "FLOW-12", "cause", "linked_tickets", about="recovered"),
            ],
        ),
        _t("recovered", "close", "closed", "IN-7", "summary"),
    ],
}

_DATA: dict[str, _Data] = {
    "complaint": COMPLAINT,
    "incident": INCIDENT,
    "inquiry": INQUIRY,
    "suggestion": SUGGESTION,
}
_BUILT: dict[str, WorkflowDefinition] = {}

#: The names of the shipped workflows.
DEFAULT_NAMES = tuple(sorted(_DATA))

#: Every default of this part (one per shipped workflow), for the rule map and the docs.
DEFAULTS = (
    Default("workflows.complaint", COMPLAINT, "FLOW-1",
            "the closed complaint loop: acceptance to return visit and close (FLOW-1 to FLOW-8)"),
    REOPEN_WITHIN,
    Default("workflows.incident", INCIDENT, "FLOW-12",
            "an incident: many complaints with one cause, reported upward and tracked"),
    Default("workflows.inquiry", INQUIRY, "IN-4",
            "an inquiry: answered on the spot, or transferred with the expected wait"),
    Default("workflows.suggestion", SUGGESTION, "IN-4",
            "a suggestion: recorded and forwarded to the department"),
)  # fmt: skip


def default_data(name: str) -> dict[str, JSON]:
    """A fresh copy of a shipped workflow's plain data, to read or adapt.

    Examples:
        >>> d = default_data("suggestion")
        >>> d["initial"], len(d["transitions"])
        ('received', 2)
    """
    if not isinstance(name, str) or name not in _DATA:
        raise ValidationError(
            [
                Problem(
                    "name",
                    f"no shipped workflow {problem_text(name)}",
                    f"choose one of {DEFAULT_NAMES}",
                )
            ]
        )
    return copy.deepcopy(_DATA[name])


def default(name: str) -> WorkflowDefinition:
    """A shipped workflow definition: ``complaint``, ``incident``, ``inquiry``, ``suggestion``.

    Built once and cached; the same names are the ``default`` key of a policy's
    workflow entries (``{"default": "complaint"}``).

    Examples:
        >>> default("complaint").initial
        'received'
    """
    built = _BUILT.get(name) if isinstance(name, str) else None
    if built is None:
        built = _BUILT[name] = WorkflowDefinition.from_dict(default_data(name))
    return built
