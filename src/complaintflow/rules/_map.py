"""Where each rule of ``DOMAIN.md`` is implemented, collected from the shipped defaults.

Theory of operation
-------------------
The library's defaults are data that carry rule IDs: the SLA default policy's
targets, escalations and ``see_also`` lists, the shipped workflows' states, guards,
transitions and effects (and the rule IDs in effect parameters), the default
follow-up policy's rule values, and the default script packs' rules.
`implementations` walks that data, so the map cannot drift from what the
library does: change a default and the map (and the generated ``docs/rules.md``)
changes with it.

A few rules are implemented by code rather than by a rule-ID'd value: SC-10 is
the text normalisation every script check runs, FU-8 the load balancing of the
planner, SLA-10 the always-open calendar. They are listed in `_CODE`, one
small table, each entry naming the public object that implements it (a test
checks that the object exists and is public); its detail text is computed from
the defaults where it quotes a figure. Rules nothing implements are in
`NOT_CHECKED` with the reason, never here.
"""

from __future__ import annotations

import datetime as _dt
import functools
import inspect
from collections.abc import Iterable, Iterator, Mapping

import attrs

from complaintflow import calendars
from complaintflow._default import RETURN_VISIT_WITHIN, TIMEZONE, Default
from complaintflow.calendars import BusinessCalendar, DurationKind
from complaintflow.calendars import _defaults as _calendar_defaults
from complaintflow.followup import FollowupPolicy, OptOut, Purpose
from complaintflow.followup import _defaults as _followup_defaults
from complaintflow.followup import default as default_followup
from complaintflow.rules._book import RULES, Rule, rule
from complaintflow.scripts import _defaults as _script_defaults
from complaintflow.scripts._defaults import DEFAULT_NAMES as PACK_NAMES
from complaintflow.scripts._defaults import default as default_pack
from complaintflow.sla import SlaPolicy, SlaTarget
from complaintflow.sla import _defaults as _sla_defaults
from complaintflow.sla import default as default_sla
from complaintflow.staffing import ServiceTarget, Workload, plan_staffing, required_agents
from complaintflow.staffing import _defaults as _staffing_defaults
from complaintflow.staffing._defaults import SLA9_BUSY_DAY
from complaintflow.workflows import Guard, WorkflowDefinition
from complaintflow.workflows import _defaults as _workflow_defaults
from complaintflow.workflows._defaults import CATEGORIES
from complaintflow.workflows._defaults import DEFAULT_NAMES as WORKFLOW_NAMES
from complaintflow.workflows._defaults import default as default_workflow

__all__ = ["PARTS", "DefaultEntry", "Implementation", "defaults", "implementations"]

#: The public modules an implementation can live in, in the order the docs list them.
PARTS = (
    "calendars",
    "sla",
    "workflows",
    "followup",
    "scripts",
    "staffing",
    "synthetic",
    "policy",
)


_DEFAULT_MODULES = (
    ("calendars", _calendar_defaults),
    ("sla", _sla_defaults),
    ("workflows", _workflow_defaults),
    ("followup", _followup_defaults),
    ("scripts", _script_defaults),
    ("staffing", _staffing_defaults),
)


@attrs.frozen
class DefaultEntry:
    """One shipped default with the part and the one module it is written in.

    Attributes:
        part: The part that owns it (``"sla"``, ``"followup"``, ...), or
            ``"kernel"`` for a figure several parts share.
        module: The module where the value is written, e.g.
            ``"complaintflow.sla._defaults"``.
        default: The `Default` itself: path, value,
            rule ID, why.

    Examples:
        >>> [e.module for e in defaults() if e.default.rule == "FU-4"]
        ['complaintflow._default']
    """

    part: str
    module: str
    default: Default


def defaults() -> tuple[DefaultEntry, ...]:
    """Every shipped default of the core parts, each with the one module it is written in.

    The rows of the generated defaults page; a test checks that no two entries
    share a path and that each default's literal is written nowhere else.

    Examples:
        >>> reply = [e for e in defaults() if e.default.path == "sla.targets[reply]"][0]
        >>> reply.module, reply.default.rule, reply.default.value["within"]
        ('complaintflow.sla._defaults', 'SLA-3', '2 business days')
    """
    out = [DefaultEntry("kernel", "complaintflow._default", d)
           for d in (TIMEZONE, RETURN_VISIT_WITHIN)]  # fmt: skip
    for part, module in _DEFAULT_MODULES:
        out.extend(DefaultEntry(part, module.__name__, d) for d in module.DEFAULTS
                   if d is not RETURN_VISIT_WITHIN)  # fmt: skip
    return tuple(out)


@attrs.frozen
class Implementation:
    """One place where a default of the library implements a rule.

    Attributes:
        rule_id: The ``DOMAIN.md`` rule ID, e.g. ``"SLA-3"``.
        part: The public module it lives in (``"sla"``, ``"workflows"``, ...).
        kind: What it is there: ``"target"``, ``"escalation"``, ``"see_also"``,
            ``"state"``, ``"guard"``, ``"transition"``, ``"effect"``,
            ``"contact_hours"``, ``"window"``, ``"cap"``, ``"fallback"``,
            ``"campaign"``, ``"opt_out"``, ``"script_rule"``, or ``"api"`` for a
            public function, class or constant that implements the rule in code.
        name: Its name within the part: a target (``"reply"``), a workflow item
            (``"complaint.intake"``), a script rule (``"zh_CN/greeting"``), or for
            ``"api"`` the public name (``"normalize_text"``).
        detail: What it does, in words.

    Examples:
        >>> i = Implementation("SLA-3", "sla", "target", "reply", "2 business days")
        >>> i.rule.title
        'Reply to a business complaint within 2 days'
    """

    rule_id: str
    part: str
    kind: str
    name: str
    detail: str

    @property
    def rule(self) -> Rule:
        """The `Rule` it implements (``RULES[rule_id]``)."""
        return rule(self.rule_id)


def implementations() -> list[Implementation]:
    """Every place a default of the library implements a rule, ordered like ``RULES``.

    Collected from the data of the shipped defaults (SLA default policy, shipped
    workflows, default follow-up policy, default script packs) plus the short
    table of rules implemented by code. The list is computed once and copied.

    Returns:
        The implementations, by rule in ``RULES`` order, then in walk order.

    Examples:
        >>> sla3 = [i for i in implementations() if i.rule_id == "SLA-3"]
        >>> (sla3[0].part, sla3[0].kind, sla3[0].name, sla3[0].detail)
        ('sla', 'target', 'reply', '2 business days on the office calendar, from register/dissatisfied/reopen to reject/notify/review/conclude')
        >>> sorted({i.part for i in implementations() if i.rule_id == "FU-2"})
        ['followup', 'policy']
    """  # noqa: E501
    return list(_all())


@functools.cache
def _all() -> tuple[Implementation, ...]:
    found = [
        *sla_implementations(_default_sla()),
        *workflow_implementations(default_workflow(name) for name in WORKFLOW_NAMES),
        *followup_implementations(default_followup()),
        *script_implementations(),
        *code_implementations(),
    ]
    order = {rid: i for i, rid in enumerate(RULES)}
    # Unknown IDs sort last rather than fail here; tests/test_rules.py refuses them.
    return tuple(sorted(found, key=lambda i: order.get(i.rule_id, len(order))))


def _default_sla() -> SlaPolicy:
    """The SLA part's default targets (what the default policy and replay use)."""
    return default_sla()


# -- SLA -------------------------------------------------------------------------


def _budget(t: SlaTarget, office: BusinessCalendar | None) -> str:
    if t.within.kind is DurationKind.CALENDAR or t.within.kind is DurationKind.DUE_FIELD:
        return f"{t.within}, real time"
    if t.calendar is office:
        where = "the office calendar"
    elif t.calendar == calendars.default("24x7", timezone=t.calendar.timezone):
        where = "the 24x7 hotline calendar"
    else:
        where = "its own calendar"
    return f"{t.within} on {where}"


def _condition(when: Iterable[tuple[str, tuple[str, ...]]]) -> str:
    return " and ".join(f"{key} in {'/'.join(values)}" for key, values in when)


def sla_implementations(policy: SlaPolicy) -> Iterator[Implementation]:
    """The rule IDs an SLA policy carries: targets, escalations, see_also, overrides."""
    office = _office(policy)
    targets = {t.name: t for t in policy.targets}
    for t in policy.targets:
        start, stop = "/".join(t.kinds("start")), "/".join(t.kinds("stop"))
        detail = f"{_budget(t, office)}, from {start} to {stop}"
        if t.when:
            detail += f", for tickets with {_condition(t.when)}"
        yield Implementation(t.rule, "sla", "target", t.name, detail)
        for esc in t.escalations:
            if esc.rule:
                yield Implementation(
                    esc.rule,
                    "sla",
                    "escalation",
                    f"{t.name}@{esc.level:g}",
                    f"{esc.effect} at {esc.level:.0%} of the {t.name} budget",
                )
        for other in t.see_also:
            yield Implementation(
                other, "sla", "see_also", t.name, f"the {t.name} target ({t.rule}) serves it too"
            )
    for o in policy.overrides:
        base = targets.get(o.target)
        if base is not None:
            changed = [
                f for f in ("within", "calendar", "warnings", "escalations") if getattr(o, f)
            ]
            what = f"within {o.within}" if o.within is not None else ", ".join(changed)
            yield Implementation(
                base.rule,
                "sla",
                "override",
                f"{o.target} when {_condition(o.when)}",
                f"{what} instead of the {o.target} target's own",
            )


def _office(policy: SlaPolicy) -> BusinessCalendar | None:
    """The calendar most targets share (the office calendar of the default policy)."""
    counts: dict[int, tuple[int, BusinessCalendar]] = {}
    for t in policy.targets:
        n, _ = counts.get(id(t.calendar), (0, t.calendar))
        counts[id(t.calendar)] = (n + 1, t.calendar)
    return max(counts.values(), key=lambda c: c[0])[1] if counts else None


# -- workflows ---------------------------------------------------------------------


def _guard_text(g: Guard) -> str:
    if g.kind == "required":
        joiner = " or " if g.match == "any" else ", "
        text = f"requires {joiner.join(g.fields)}"
    elif g.kind == "within":
        text = f"within {g.period} of {g.since}"
    elif g.test is not None:
        text = f"{g.test.field} {g.test.op} {g.test.value!r}"
    else:  # pragma: no cover - a built definition always has one of the three
        text = g.kind
    if g.when is not None:
        text += f" when {g.when.field} {g.when.op} {g.when.value!r}"
    return text


def _pairs(pairs: list[tuple[str, str]]) -> str:
    if len(pairs) > 2 and all(s == t for s, t in pairs):
        return f"a self-loop on {len(pairs)} states"
    return "; ".join(f"{s} → {t}" for s, t in pairs)


def workflow_implementations(
    definitions: Iterable[WorkflowDefinition],
) -> Iterator[Implementation]:
    """The rule IDs workflow definitions carry: states, guards, transitions, effects."""
    for wf in definitions:
        name = wf.name
        for state, data in wf.states.items():
            rid = data.get("rule")
            if isinstance(rid, str):
                text = data.get("description")
                detail = text if isinstance(text, str) and text else f"the {state} state"
                yield Implementation(rid, "workflows", "state", f"{name}.{state}", detail)
        for gname, g in wf.guards.items():
            yield Implementation(g.rule, "workflows", "guard", f"{name}.{gname}", _guard_text(g))
        moves: dict[tuple[str, str], list[tuple[str, str]]] = {}
        emitted: dict[tuple[str, str], list[str]] = {}
        params: dict[tuple[str, str, str], list[str]] = {}
        for t in wf.transitions:
            if t.rule is not None:
                moves.setdefault((t.rule, t.event), []).append((t.source, t.target))
            for e in t.effects:
                events = emitted.setdefault((e.rule, e.kind), [])
                if t.event not in events:
                    events.append(t.event)
                for key, value in e.params.items():
                    if isinstance(value, str) and value in RULES:
                        on = params.setdefault((value, e.kind, key), [])
                        if t.event not in on:
                            on.append(t.event)
        for (rid, event), pairs in moves.items():
            yield Implementation(rid, "workflows", "transition", f"{name}.{event}", _pairs(pairs))
        for (rid, kind), events in emitted.items():
            detail = f"effect emitted on {', '.join(events)}"
            yield Implementation(rid, "workflows", "effect", f"{name}.{kind}", detail)
        for (rid, kind, key), events in params.items():
            detail = f"the {kind} effect (on {', '.join(events)}) carries {key}={rid}"
            yield Implementation(rid, "workflows", "effect", f"{name}.{kind}", detail)


# -- follow-up -----------------------------------------------------------------------


def _hours_text(hours: object) -> str:
    if not isinstance(hours, Mapping):  # pragma: no cover - to_dict always gives a mapping
        return str(hours)
    return "; ".join(f"{days} {', '.join(spans)}" for days, spans in hours.items())


#: An instant for the opt-out values whose rule IDs are read (any instant will do).
_EPOCH = _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)


def followup_implementations(policy: FollowupPolicy) -> Iterator[Implementation]:
    """The rule IDs a follow-up policy and the opt-out values carry."""
    for h in policy.hours:
        hours = _hours_text(h.calendar.to_dict().get("hours", {}))
        detail = f"{h.purpose.value} contacts only {hours}, in the customer's zone"
        yield Implementation(h.rule, "followup", "contact_hours", h.purpose.value, detail)
    w = policy.window
    yield Implementation(
        w.rule, "followup", "window", "window", f"within {w.within} of the trigger"
    )
    for i, cap in enumerate(policy.caps):
        yield Implementation(cap.rule, "followup", "cap", f"caps[{i}]", cap.describe())
    fb = policy.fallback
    detail = f"phone first, SMS after {fb.sms_after_failed_calls} failed calls"
    yield Implementation(fb.rule, "followup", "fallback", "fallback", detail)
    for c in policy.campaigns:
        days = sorted(c.yearly)
        when = ", ".join(f"{m:02d}-{d:02d} every year" for m, d in days) or "campaign days"
        yield Implementation(c.rule, "followup", "campaign", c.name, f"special visits on {when}")
    for purpose, what in ((None, "any contact"), (Purpose.MARKETING, "marketing calls")):
        out = OptOut(_EPOCH, purpose=purpose)
        detail = f"an opt-out of {what} refuses every later one, with no retry"
        name = purpose.value if purpose else "all"
        yield Implementation(out.rule, "followup", "opt_out", name, detail)


# -- scripts ------------------------------------------------------------------------


def script_implementations() -> Iterator[Implementation]:
    """The rule IDs the rules of the default script packs carry."""
    for pack_name in PACK_NAMES:
        for r in default_pack(pack_name).rules:
            if r.rule:
                detail = f"{r.kind} rule ({r.severity})"
                if r.message:
                    detail += f": {r.message}"
                yield Implementation(
                    r.rule, "scripts", "script_rule", f"{pack_name}/{r.id}", detail
                )


# -- rules implemented by code --------------------------------------------------------


def code_implementations() -> list[Implementation]:
    """The rules implemented by code rather than by a rule-ID'd value (see `_CODE`)."""
    return [Implementation(rid, part, "api", name, detail) for rid, part, name, detail in _code()]


def _code() -> tuple[tuple[str, str, str, str], ...]:
    """(rule ID, part, public name, detail): the one table of rules implemented by code."""
    target = ServiceTarget()
    seconds = target.answer_within.total_seconds()
    peak = max(SLA9_BUSY_DAY)
    need = required_agents(
        Workload(peak, _dt.timedelta(hours=1), _dt.timedelta(minutes=3)), target
    ).agents
    floor = inspect.signature(plan_staffing).parameters["minimum_agents"].default
    return (
        ("IN-5", "workflows", "CATEGORIES",
         f"the {len(CATEGORIES)} complaint types as ticket categories: {', '.join(CATEGORIES)}"),
        ("IN-7", "workflows", "replay_events",
         "the event log the host stores for each ticket is its duty log; replay_events "
         "rebuilds the ticket's state from it"),
        ("FLOW-9", "policy", "ReplayReport",
         "what-if replay's mergeable report: SLA compliance per target and segment, "
         "violations per rule, tickets per workflow state"),
        ("FU-2", "policy", "replay_tickets",
         "a resolved VIP ticket whose return-visit window passed without a visit is an "
         "FU-2 violation"),
        ("FU-9", "policy", "replay_tickets",
         "a call the customer refused becomes an opt-out for that purpose from that "
         "instant: later calls of that purpose are violations"),
        ("FLOW-9", "sla", "aggregate",
         "compliance, breaches and time to stop per target and segment, as mergeable tallies"),
        ("SLA-1", "staffing", "ServiceTarget",
         f"default target: {target.service_level:.0%} of calls answered within {seconds:g} s"),
        ("SLA-9", "staffing", "required_agents",
         f"agents needed for a load at a target, e.g. {need} for the busiest hour's {peak:g} "
         "calls of 3 minutes at the default target"),
        ("SLA-9", "staffing", "check_roster",
         "an interval with fewer agents than its load needs is a Shortfall with rule SLA-9"),
        ("SLA-9", "staffing", "SLA9_BUSY_DAY",
         f"the source's busiest day: {sum(SLA9_BUSY_DAY):g} contacts, {peak:g} in the busiest "
         "hour"),
        ("SLA-10", "staffing", "plan_staffing",
         f"minimum_agents={floor} by default: every interval is staffed, quiet ones included"),
        ("SLA-10", "staffing", "check_roster",
         "an interval with nobody on is a Shortfall with rule SLA-10"),
        ("SLA-10", "calendars", "default",
         "the '24x7' calendar, open around the clock; the SLA default policy counts the "
         "SLA-1 answer time on it"),
        ("SLA-3", "calendars", "default",
         "the 'china' calendar: State Council holidays and make-up working days (调休) "
         "decide which days are the business days SLA-3 (and every office-calendar target) counts"),
        ("FU-2", "followup", "plan",
         "VIPs are planned first, then a maximum matching covers every VIP that can be covered"),
        ("FU-6", "followup", "plan",
         "a batch of due return visits spread over a team; every case is planned or listed "
         "with the reason"),
        ("FU-8", "followup", "plan",
         "each contact goes to the least-loaded agent relative to capacity_per_hour (shares "
         "proportional to ability)"),
        ("FU-13", "followup", "Appointment",
         "a time the customer chose wins over rest hours and the window; opt-outs and caps "
         "still apply"),
        ("SC-10", "scripts", "normalize_text",
         "every check folds Traditional to Simplified Chinese, width and case before matching"),
        ("Q-3", "scripts", "mask_personal_data",
         "ID-card and bank-account numbers (runs of 15 or more digits) masked in transcript "
         "text and finding excerpts before they are shown or exported; offsets are kept"),
        ("Q-4", "sla", "default",
         "partly: slow dispatch is the dispatch target's breach (SLA-2), whose "
         "contact_customer escalation at 75% prompts the proactive contact; no acceptance, "
         "no tracking and omissions are not flagged"),
    )  # fmt: skip
