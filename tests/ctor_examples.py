"""One valid instance of every public attrs class, for the constructor fuzz target.

Input classes (what a host builds) come from the shipped defaults or are written
here; result classes come from a real call of the library. :data:`EXAMPLES` maps a
class to a function that makes the instance, and :data:`INPUTS` names the input
classes; ````tests/fuzz/test_fuzz_constructors.py`` replaces one init field at a time.
"""

from __future__ import annotations

import datetime as dt
import functools
import inspect
from collections.abc import Callable
from typing import Any

import pendulum

import complaintflow as cf
from complaintflow import followup, policy, rules, scripts, sla, staffing, synthetic, workflows

__all__ = ["EXAMPLES", "INPUTS", "arguments", "example"]

T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai")


@functools.cache
def _policy() -> cf.Policy:
    return cf.default_policy()


def _rule(kind: type[Any]) -> Any:
    return next(r for pack in _policy().scripts.values() for r in pack.rules if type(r) is kind)


@functools.cache
def _workflow() -> workflows.WorkflowDefinition:
    return _policy().workflows["complaint"]


@functools.cache
def _guard_with_test() -> workflows.Guard:
    return next(g for d in _policy().workflows.values() for g in d.guards.values() if g.test)


@functools.cache
def _sla_report() -> sla.SlaReport:
    office = _policy().calendars["office"]
    target = sla.SlaTarget(
        "dispatch", "SLA-2", cf.Duration.parse("1 business hour"), office,
        start=["assigned"], stop=["dispatched"], reset=["reopened"],
        escalations=[sla.Escalation(0.75, "contact_customer", "SLA-2")],
    )  # fmt: skip
    events = [
        cf.Event("assigned", T0),
        cf.Event("reopened", T0.add(hours=3)),
        cf.Event("dispatched", T0.add(hours=5)),
    ]
    return sla.evaluate(sla.SlaPolicy([target]), events, T0.add(hours=6), ticket="T1")


@functools.cache
def _tally() -> sla.SlaTally:
    return sla.SlaTally.of([_sla_report()], by=["tier"])


@functools.cache
def _customer() -> followup.Customer:
    return followup.Customer(
        "c1", "Asia/Shanghai", vip=True, phones=["13800000000"], sms=["13800000000"],
        opt_outs=[followup.OptOut(T0.subtract(days=9), followup.Channel.SMS,
                                  followup.Purpose.MARKETING)],
        appointments=[followup.Appointment(T0.add(days=1), T0.add(days=1, hours=1))],
    )  # fmt: skip


def _attempt() -> followup.Attempt:
    return followup.Attempt(T0.subtract(hours=2), followup.Channel.PHONE, "13800000000")


def _due() -> followup.DueFollowup:
    return followup.DueFollowup("k1", _customer(), T0.subtract(hours=3), history=[_attempt()])


def _agent() -> followup.Agent:
    return followup.Agent("a1", _policy().calendars["office"], ["billing"], 4, 1)


@functools.cache
def _decision() -> followup.Decision:
    return followup.decide(
        _policy().followup, _customer(), followup.Purpose.SERVICE, T0.add(hours=14),
        [_attempt()], triggered_at=T0.subtract(hours=3),
    )  # fmt: skip


@functools.cache
def _plan() -> followup.Plan:
    unreachable = followup.DueFollowup("k2", followup.Customer("c2", "UTC"), T0)
    return followup.plan(
        _policy().followup, [_due(), unreachable], [_agent()],
        start=T0, end=T0.add(days=1),
    )  # fmt: skip


def _transcript() -> scripts.Transcript:
    return scripts.Transcript.from_records(
        [
            {"speaker": "agent", "text": "您好，工号1234为您服务", "start": 0.0, "end": 3.5},
            {"speaker": "customer", "text": "我的宽带断了", "start": 4.0, "end": 6.0},
        ]
    )


@functools.cache
def _script_report() -> scripts.ScriptReport:
    return scripts.validate_transcript(_policy().scripts["zh_CN_timed"], _transcript())


def _finding() -> scripts.Finding:
    return next(f for r in _script_report().results for f in r.findings)


def _workload() -> staffing.Workload:
    return staffing.Workload(110, dt.timedelta(hours=1), dt.timedelta(seconds=180))


def _forecast() -> staffing.IntervalForecast:
    return staffing.IntervalForecast(
        T0, dt.timedelta(minutes=30), [40.0, 120.0, 0.0], dt.timedelta(seconds=200)
    )


@functools.cache
def _staffing_plan() -> staffing.StaffingPlan:
    return staffing.plan_staffing(_forecast(), patience=dt.timedelta(minutes=2))


def _shift() -> staffing.Shift:
    return staffing.Shift(T0, T0.add(hours=1), agents=3, label="day")


@functools.cache
def _roster() -> staffing.RosterCheck:
    return staffing.check_roster(_staffing_plan(), [_shift()])


@functools.cache
def _tickets() -> tuple[dict[str, Any], ...]:
    return tuple(synthetic.generate_tickets(200, seed=3, start=T0, days=3))


@functools.cache
def _outcomes() -> tuple[policy.TicketOutcome, ...]:
    return tuple(policy.replay_tickets(_tickets(), _policy(), now=T0.add(days=5)))


@functools.cache
def _history() -> policy.PolicyHistory:
    return policy.PolicyHistory([(T0.subtract(days=30), _policy())]).with_version(
        T0.add(days=1), {"sla.targets[reply].within": "1 business day"}
    )


def _violation() -> policy.Violation:
    return next(v for o in _outcomes() for v in o.violations)


def _change() -> policy.PolicyChange:
    other = _policy().with_({"sla.targets[reply].within": "3 business days"})
    return _policy().diff(other)[0]


def _snapshot() -> workflows.Snapshot:
    return workflows.start(_workflow(), "T1")


@functools.cache
def _moved() -> tuple[workflows.Snapshot, tuple[workflows.Effect, ...]]:
    payload = {"complainant": "王", "contact": "138", "channel": "phone", "content": "断网",
               "category": "billing"}  # fmt: skip
    return workflows.transition(_workflow(), _snapshot(), cf.Event("register", T0, payload))


@functools.cache
def _refused() -> workflows.Verdict:
    return workflows.can(_workflow(), _snapshot(), cf.Event("register", T0))


#: The class's one valid instance, by class.
EXAMPLES: dict[type[Any], Callable[[], Any]] = {
    # -- root and calendars: inputs
    cf.BusinessCalendar: lambda: _policy().calendars["office"],
    cf.Duration: lambda: cf.Duration.parse("2 business days"),
    cf.Event: lambda: cf.Event("register", T0, {"channel": "phone", "n": [1, 2]}),
    cf.Policy: _policy,
    cf.Problem: lambda: cf.Problem("a.b", "is wrong", "use c"),
    # -- sla
    sla.Escalation: lambda: sla.Escalation(0.75, "contact_customer", "SLA-2"),
    sla.SlaOverride: lambda: sla.SlaOverride(
        "reply",
        {"tier": ["vip"]},
        cf.Duration.parse("1 business day"),
        _policy().calendars["office"],
        [0.5],
        [sla.Escalation(0.9, "notify")],
    ),
    sla.SlaCondition: lambda: sla.SlaCondition(
        {"all": [{"event": "public", "eq": True}, {"not": {"ticket": "tier", "in": ["vip"]}}]}
    ),
    sla.SlaTrigger: lambda: sla.SlaTrigger("reply", {"event": "minutes", "ge": 30}),
    sla.SlaPolicy: lambda: _policy().sla,
    sla.SlaTarget: lambda: _policy().sla.targets[0],
    sla.QuantileSketch: lambda: sla.QuantileSketch.of([1.0, 2.0, 0.0, 30.0]),
    sla.SlaCycle: lambda: _sla_report().targets[0].cycles[0],
    sla.SlaEffect: lambda: _sla_report().effects[0],
    sla.SlaReport: _sla_report,
    sla.SlaTally: _tally,
    sla.TargetStatus: lambda: _sla_report().targets[0],
    # -- workflows
    workflows.Condition: lambda: _guard_with_test().test,
    workflows.EffectSpec: lambda: _workflow().transitions[0].effects[0],
    workflows.Guard: _guard_with_test,
    workflows.TransitionSpec: lambda: _workflow().transitions[0],
    workflows.WorkflowDefinition: _workflow,
    workflows.Effect: lambda: _moved()[1][0],
    workflows.Reason: lambda: _refused().reasons[0],
    workflows.Snapshot: lambda: _moved()[0],
    workflows.Verdict: _refused,
    # -- followup
    followup.Agent: _agent,
    followup.Appointment: lambda: _customer().appointments[0],
    followup.Attempt: _attempt,
    followup.Campaign: lambda: _policy().followup.campaigns[0],
    followup.ChannelFallback: lambda: _policy().followup.fallback,
    followup.ContactHours: lambda: _policy().followup.hours[0],
    followup.ContactWindow: lambda: _policy().followup.window,
    followup.Customer: _customer,
    followup.DueFollowup: _due,
    followup.FollowupPolicy: lambda: _policy().followup,
    followup.FrequencyCap: lambda: _policy().followup.caps[0],
    followup.OptOut: lambda: _customer().opt_outs[0],
    followup.AgentLoad: lambda: _plan().summary.loads[0],
    followup.Assignment: lambda: _plan().assignments[0],
    followup.Decision: _decision,
    followup.NextAllowed: lambda: followup.next_allowed(
        _policy().followup, _customer(), followup.Purpose.SERVICE, T0.replace(hour=3)
    ),
    followup.Plan: _plan,
    followup.PlanSummary: lambda: _plan().summary,
    followup.Refusal: lambda: _decision().refusals[0],
    followup.TraceEntry: lambda: _decision().trace[0],
    followup.Unplanned: lambda: _plan().unplanned[0],
    # -- scripts
    scripts.ConditionalRule: lambda: _rule(scripts.ConditionalRule),
    scripts.ForbiddenRule: lambda: _rule(scripts.ForbiddenRule),
    scripts.OrderedRule: lambda: _rule(scripts.OrderedRule),
    scripts.ProximityRule: lambda: _rule(scripts.ProximityRule),
    scripts.RequiredRule: lambda: _rule(scripts.RequiredRule),
    scripts.TimingRule: lambda: _rule(scripts.TimingRule),
    scripts.ScriptPack: lambda: _policy().scripts["zh_CN_timed"],
    scripts.Transcript: _transcript,
    scripts.Turn: lambda: _transcript().turns[0],
    scripts.Window: lambda: scripts.Window(first_turns=2),
    scripts.Finding: _finding,
    scripts.NormalizedText: lambda: scripts.normalize_text("臺灣１２３"),
    scripts.PersonalData: lambda: scripts.find_personal_data("电话13812345678")[0],
    scripts.RuleResult: lambda: _script_report().results[0],
    scripts.ScriptReport: _script_report,
    # -- staffing
    staffing.IntervalForecast: _forecast,
    staffing.ServiceTarget: lambda: staffing.ServiceTarget(
        0.8,
        dt.timedelta(seconds=20),
        0.9,
        dt.timedelta(seconds=30),
        0.3,
        staffing.Rounding.UP,
    ),
    staffing.Shift: _shift,
    staffing.Workload: _workload,
    staffing.ErlangAResult: lambda: staffing.erlang_a(_workload(), 8, dt.timedelta(minutes=1)),
    staffing.ErlangCResult: lambda: staffing.erlang_c(_workload(), 8),
    staffing.IntervalRequirement: lambda: _staffing_plan().intervals[0],
    staffing.RosterCheck: _roster,
    staffing.Shortfall: lambda: _roster().shortfalls[0],
    staffing.StaffingPlan: _staffing_plan,
    staffing.StaffingRequirement: lambda: staffing.required_agents(_workload()),
    # -- policy
    policy.PolicyHistory: lambda: _history(),
    policy.PolicyVersion: lambda: _history().versions[1],
    policy.ReplaySettings: lambda: _policy().replay,
    policy.PolicyChange: _change,
    policy.ReplayReport: lambda: policy.replay(_tickets(), _policy(), now=T0.add(days=5)),
    policy.TicketOutcome: lambda: next(o for o in _outcomes() if o.violations),
    policy.Violation: _violation,
    policy.StatisticsSettings: policy.StatisticsSettings,
    policy.StatisticsDimension: lambda: policy.StatisticsSettings().dimensions[0],
    policy.Satisfaction: lambda: policy.StatisticsSettings().satisfaction,
    policy.Flow9Statistics: lambda: policy.statistics(_tickets(), _policy(), now=T0.add(days=5)),
    # -- rules
    rules.Default: lambda: rules.defaults()[0].default,
    rules.DefaultEntry: lambda: rules.defaults()[0],
    rules.Implementation: lambda: rules.implementations()[0],
    rules.Rule: lambda: rules.rule("SLA-3"),
    # -- synthetic
    synthetic.SyntheticProfile: synthetic.SyntheticProfile,
}

#: The classes a host builds: they refuse what they cannot use, and guess nothing.
#: The others are records of results; a constructor of those may take anything.
INPUTS: frozenset[type[Any]] = frozenset(
    {
        cf.BusinessCalendar, cf.Duration, cf.Event, cf.Policy,
        sla.Escalation, sla.SlaCondition, sla.SlaOverride, sla.SlaPolicy, sla.SlaTarget,
        sla.SlaTrigger,
        workflows.Condition, workflows.EffectSpec, workflows.Guard, workflows.TransitionSpec,
        workflows.WorkflowDefinition,
        followup.Agent, followup.Appointment, followup.Attempt, followup.Campaign,
        followup.ChannelFallback, followup.ContactHours, followup.ContactWindow,
        followup.Customer, followup.DueFollowup, followup.FollowupPolicy,
        followup.FrequencyCap, followup.OptOut,
        scripts.ConditionalRule, scripts.ForbiddenRule, scripts.OrderedRule,
        scripts.ProximityRule, scripts.RequiredRule, scripts.TimingRule, scripts.ScriptPack,
        scripts.Transcript, scripts.Turn, scripts.Window,
        staffing.IntervalForecast, staffing.ServiceTarget, staffing.Shift, staffing.Workload,
        policy.PolicyHistory, policy.PolicyVersion, policy.ReplaySettings, policy.Satisfaction,
        policy.StatisticsDimension,
        policy.StatisticsSettings,
        synthetic.SyntheticProfile,
    }
)  # fmt: skip


@functools.cache
def example(cls: type[Any]) -> Any:
    """The valid instance of ``cls``."""
    return EXAMPLES[cls]()


def arguments(cls: type[Any]) -> dict[str, Any]:
    """The keyword arguments that rebuild :func:`example` of ``cls``: each parameter of
    the constructor, read from the attribute of that name (or of its private field)."""
    value = example(cls)
    out = {}
    for name in inspect.signature(cls).parameters:
        out[name] = getattr(value, name) if hasattr(value, name) else getattr(value, f"_{name}")
    return out
