"""One valid call of every public callable, for the call fuzz target.

``tests/fuzz/test_fuzz_calls.py`` replaces one argument of each call at a time. Every
function a part's ``__all__`` (or the root's) exports, and every public method of
every public class taking an argument besides ``self``/``cls``, is named here as in
:func:`public_name`: ``"sla.evaluate"``, ``"default_policy"`` (the root's),
``"BusinessCalendar.add"``. :data:`EXAMPLES` maps a name to a function that makes a
:class:`Call` from shipped defaults or from real results of the library (the
instances of ``ctor_examples``); :data:`FORWARDS` gives the reason a callable has
none.
"""

from __future__ import annotations

import collections.abc
import datetime as dt
import functools
import importlib
import inspect
import itertools
from collections.abc import Callable
from typing import Any

import attrs

import complaintflow as cf
from complaintflow import (
    data,
    followup,
    policy,
    rules,
    scripts,
    sla,
    staffing,
    synthetic,
    workflows,
)
from complaintflow._time import to_us
from ctor_examples import T0, example

__all__ = ["EXAMPLES", "FORWARDS", "PARTS", "Call", "call_of", "public_callables", "public_name"]

#: The parts whose ``__all__`` is public, besides the root's.
PARTS = ("calendars", "sla", "workflows", "followup", "scripts", "staffing", "policy",
         "rules", "synthetic", "data")  # fmt: skip

#: Items of an iterator a call returns that are drawn (the rest are left unread).
DRAWN = 20


@attrs.frozen
class Call:
    """A callable and every one of its arguments, by name (defaults filled in)."""

    target: Callable[..., Any]
    arguments: dict[str, Any]

    def with_(self, name: str, value: object) -> Call:
        """The same call with argument ``name`` replaced by ``value``."""
        return Call(self.target, {**self.arguments, name: value})

    def __call__(self) -> Any:
        """Make the call; an iterator returned is drawn from (up to :data:`DRAWN` items)."""
        out = self.target(**self.arguments)
        if isinstance(out, collections.abc.Iterator):
            return list(itertools.islice(out, DRAWN))
        return out


def call(target: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Call:
    """The :class:`Call` of ``target(*args, **kwargs)``, each default made explicit."""
    signature = inspect.signature(target)
    kinds = {p.kind for p in signature.parameters.values()}
    assert not kinds & {inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD}
    assert inspect.Parameter.POSITIONAL_ONLY not in kinds
    bound = signature.bind(*args, **kwargs)
    bound.apply_defaults()
    return Call(target, dict(bound.arguments))


# -- what is public ------------------------------------------------------------------------


def _modules() -> list[Any]:
    return [cf, *(importlib.import_module(f"complaintflow.{p}") for p in PARTS)]


def public_name(module: Any, name: str) -> str:
    """``"sla.evaluate"`` for a part's function, ``"default_policy"`` for the root's."""
    return name if module is cf else f"{module.__name__.split('.', 1)[1]}.{name}"


def public_callables() -> dict[str, Callable[..., Any]]:
    """Every public function (under its first public name) and every public method,
    classmethod or staticmethod of a public class that takes an argument besides
    ``self``/``cls`` (as ``"Class.method"``), each the object to call (a method is
    given unbound)."""
    found: dict[str, Callable[..., Any]] = {}
    seen: set[int] = set()
    classes: dict[type[Any], None] = {}
    for module in _modules():
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type):
                classes[value] = None
            elif callable(value) and id(value) not in seen:
                seen.add(id(value))
                found[public_name(module, name)] = value
    for cls in classes:
        for name, raw in inspect.getmembers_static(cls):
            if name.startswith("_"):
                continue
            owner = next(b for b in cls.__mro__ if name in b.__dict__)
            if not owner.__module__.startswith("complaintflow"):
                continue  # Exception.add_note, Enum's machinery
            if isinstance(raw, staticmethod):
                function, bound = raw.__func__, 0
            elif isinstance(raw, classmethod):
                function, bound = raw.__func__, 1
            elif inspect.isfunction(raw):
                function, bound = raw, 1
            else:
                continue
            if len(inspect.signature(function).parameters) > bound:
                found[f"{cls.__qualname__}.{name}"] = function
    return found


# -- the examples ----------------------------------------------------------------------------


@functools.cache
def _policy() -> cf.Policy:
    return cf.default_policy()


def _office() -> cf.BusinessCalendar:
    return _policy().calendars["office"]


@functools.cache
def _tickets() -> tuple[dict[str, Any], ...]:
    return tuple(synthetic.generate_tickets(5, seed=3, start=T0, days=3))


@functools.cache
def _report() -> policy.ReplayReport:
    return policy.replay(_tickets(), _policy(), now=T0.add(days=5))


@functools.cache
def _statistics() -> policy.Flow9Statistics:
    return policy.statistics(_tickets(), _policy(), now=T0.add(days=5))


def _workflow() -> workflows.WorkflowDefinition:
    return example(workflows.WorkflowDefinition)


_PAYLOAD = {"complainant": "王", "contact": "138", "channel": "phone", "content": "断网",
            "category": "billing"}  # fmt: skip


def _register() -> cf.Event:
    return cf.Event("register", T0, _PAYLOAD)


def _events() -> list[cf.Event]:
    return [
        cf.Event("register", T0),
        cf.Event("accept", T0.add(hours=1)),
        cf.Event("await_customer", T0.add(hours=2)),
        cf.Event("customer_responded", T0.add(hours=5), {"public": True}),
        cf.Event("investigate", T0.add(hours=6)),
    ]


@functools.cache
def _machine() -> workflows.WorkflowMachine:
    return workflows.WorkflowMachine(_workflow())


def _ticket_object() -> workflows.TicketObject:
    return _machine().bind(workflows.start(_workflow(), "T1"))


@functools.cache
def _history() -> policy.PolicyHistory:
    return example(policy.PolicyHistory)


def _selecting_sla() -> sla.SlaPolicy:
    return attrs.evolve(_policy().sla, calendars=_policy().calendars, calendar_by="site")


def _sketch() -> sla.QuantileSketch:
    return example(sla.QuantileSketch)


def _at_us() -> int:
    return to_us(T0, "at")


_DATE = dt.date(2026, 3, 2)

#: One valid call of each public callable, by :func:`public_name`.
EXAMPLES: dict[str, Callable[[], Call]] = {
    # -- the root
    "default_policy": lambda: call(cf.default_policy, [2026]),
    "from_data": lambda: call(cf.from_data, cf.Event, cf.to_data(example(cf.Event))),
    "parse_instant": lambda: call(cf.parse_instant, "2026-03-02T09:00:00+08:00", "at"),
    "to_data": lambda: call(cf.to_data, example(cf.Event)),
    # -- calendars
    "calendars.default": lambda: call(
        cf.calendars.default,
        "china",
        years=[2026],
        hours={"mon-fri": ["09:00-17:00"]},
        timezone="Asia/Shanghai",
        workday_hours=["09:00-17:00"],
    ),
    "calendars.default_data": lambda: call(cf.calendars.default_data, [2026]),
    "calendars.official_china_years": lambda: call(cf.calendars.official_china_years),
    "BusinessCalendar.add": lambda: call(_office().add, T0, "2 business hours"),
    "BusinessCalendar.add_many": lambda: call(
        _office().add_many, [_at_us() // 10**6, _at_us() // 10**6 + 60], [3600, 60]
    ),
    "BusinessCalendar.add_s": lambda: call(_office().add_s, _at_us() // 10**6, "1 business hour"),
    "BusinessCalendar.elapsed": lambda: call(_office().elapsed, T0, T0.add(days=1)),
    "BusinessCalendar.elapsed_many": lambda: call(
        _office().elapsed_many, [_at_us() // 10**6], [_at_us() // 10**6 + 86_400]
    ),
    "BusinessCalendar.elapsed_s": lambda: call(
        _office().elapsed_s, _at_us() // 10**6, _at_us() // 10**6 + 86_400
    ),
    "BusinessCalendar.from_dict": lambda: call(
        cf.BusinessCalendar.from_dict, cf.calendars.default_data([2026])["office"]
    ),
    "BusinessCalendar.hours_on": lambda: call(_office().hours_on, _DATE),
    "BusinessCalendar.is_open": lambda: call(_office().is_open, T0),
    "BusinessCalendar.next_close": lambda: call(_office().next_close, T0),
    "BusinessCalendar.next_open": lambda: call(_office().next_open, T0.replace(hour=20)),
    "BusinessCalendar.open_intervals": lambda: call(_office().open_intervals, T0, T0.add(days=2)),
    "Duration.business": lambda: call(cf.Duration.business, hours=2, minutes=30, seconds=5),
    "Duration.business_days": lambda: call(cf.Duration.business_days, 2, dt.time(16)),
    "Duration.calendar": lambda: call(cf.Duration.calendar, days=1, hours=2),
    "Duration.due_at": lambda: call(cf.Duration.due_at, "event", "due"),
    "Duration.parse": lambda: call(cf.Duration.parse, "2 business days", "within"),
    # -- sla
    "sla.aggregate": lambda: call(
        sla.aggregate, [example(sla.SlaReport)], ["tier"], tally=example(sla.SlaTally)
    ),
    "sla.default": lambda: call(
        sla.default, office=_office(), hotline=_policy().calendars["hotline"]
    ),
    "sla.default_data": lambda: call(sla.default_data),
    "sla.evaluate": lambda: call(
        sla.evaluate,
        _selecting_sla(),
        _events(),
        T0.add(days=1),
        ticket="T1",
        attributes={"tier": "vip", "site": "office"},
        calendar=_office(),
    ),
    "sla.evaluate_many": lambda: call(
        sla.evaluate_many,
        _policy().sla,
        [("T1", _events()), ("T2", _events()[:1], {"tier": "vip"})],
        T0.add(days=1),
    ),
    "QuantileSketch.merge": lambda: call(_sketch().merge, sla.QuantileSketch.of([5.0, 7.5])),
    "QuantileSketch.of": lambda: call(sla.QuantileSketch.of, [1.0, 2.0, 30.0]),
    "QuantileSketch.quantile": lambda: call(_sketch().quantile, 0.5),
    "SlaCondition.matches": lambda: call(
        example(sla.SlaCondition).matches, {"public": True}, {"tier": "normal"}
    ),
    "SlaOverride.matches": lambda: call(example(sla.SlaOverride).matches, {"tier": "vip"}),
    "SlaPolicy.effective": lambda: call(_policy().sla.effective, "reply", {"tier": "vip"}),
    "SlaPolicy.for_calendar": lambda: call(_selecting_sla().for_calendar, "hotline"),
    "SlaPolicy.from_dict": lambda: call(
        sla.SlaPolicy.from_dict, sla.default_data(), calendars=_policy().calendars
    ),
    "SlaPolicy.target": lambda: call(_policy().sla.target, "reply"),
    "SlaReport.status": lambda: call(example(sla.SlaReport).status, "dispatch"),
    "SlaTally.merge": lambda: call(example(sla.SlaTally).merge, example(sla.SlaTally)),
    "SlaTally.of": lambda: call(sla.SlaTally.of, [example(sla.SlaReport)], ["tier"]),
    "SlaTarget.kinds": lambda: call(example(sla.SlaTarget).kinds, "stop"),
    # -- workflows
    "workflows.allowed_events": lambda: call(
        workflows.allowed_events, _workflow(), example(workflows.Snapshot), {"x": 1}, at=T0
    ),
    "workflows.can": lambda: call(
        workflows.can, _workflow(), workflows.start(_workflow(), "T1"), _register()
    ),
    "workflows.default": lambda: call(workflows.default, "complaint"),
    "workflows.default_data": lambda: call(workflows.default_data, "complaint"),
    "workflows.replay_events": lambda: call(
        workflows.replay_events, _workflow(), "T1", [_register()]
    ),
    "workflows.shortest_paths": lambda: call(workflows.shortest_paths, _workflow()),
    "workflows.start": lambda: call(workflows.start, _workflow(), "T1"),
    "workflows.to_mermaid": lambda: call(
        workflows.to_mermaid, _workflow(), exclude_events=["register"], title="complaint"
    ),
    "workflows.transition": lambda: call(
        workflows.transition, _workflow(), workflows.start(_workflow(), "T1"), _register()
    ),
    "workflows.transition_paths": lambda: call(
        workflows.transition_paths, workflows.default("suggestion")
    ),
    "Condition.holds": lambda: call(
        example(workflows.Condition).holds, {example(workflows.Condition).field: "x"}
    ),
    "Event.from_dict": lambda: call(cf.Event.from_dict, example(cf.Event).to_dict()),
    "Guard.check": lambda: call(
        example(workflows.Guard).check,
        dict(example(workflows.Snapshot).data),
        {"x": 1},
        _at_us(),
    ),
    "Snapshot.from_dict": lambda: call(
        workflows.Snapshot.from_dict, example(workflows.Snapshot).to_dict()
    ),
    "TicketObject.fire": lambda: call(_ticket_object().fire, _register()),
    "TicketObject.may": lambda: call(_ticket_object().may, _register()),
    "WorkflowDefinition.accepts": lambda: call(_workflow().accepts, _workflow().initial),
    "WorkflowDefinition.candidates": lambda: call(
        _workflow().candidates, _workflow().initial, "register"
    ),
    "WorkflowDefinition.from_dict": lambda: call(
        workflows.WorkflowDefinition.from_dict, workflows.default_data("complaint")
    ),
    "WorkflowMachine.bind": lambda: call(
        _machine().bind, workflows.start(_workflow(), "T1"), lambda effect: None
    ),
    "WorkflowMachine.next_state": lambda: call(
        _machine().next_state, _workflow().initial, "register", {}, _PAYLOAD, T0
    ),
    # -- followup
    "followup.decide": lambda: call(
        followup.decide,
        _policy().followup,
        example(followup.Customer),
        followup.Purpose.SERVICE,
        T0.add(hours=14),
        [example(followup.Attempt)],
        triggered_at=T0.subtract(hours=3),
        channel=followup.Channel.PHONE,
        number="13800000000",
    ),
    "followup.default": lambda: call(followup.default),
    "followup.default_data": lambda: call(followup.default_data),
    "followup.next_allowed": lambda: call(
        followup.next_allowed,
        _policy().followup,
        example(followup.Customer),
        followup.Purpose.SERVICE,
        T0.add(hours=13),
        [example(followup.Attempt)],
        triggered_at=T0.subtract(hours=3),
        channel=followup.Channel.PHONE,
        number="13800000000",
        until=T0.add(days=3),
    ),
    "followup.plan": lambda: call(
        followup.plan,
        _policy().followup,
        [example(followup.DueFollowup)],
        [example(followup.Agent)],
        start=T0,
        end=T0.add(days=1),
        late_ok=True,
    ),
    "Attempt.checked": lambda: call(
        followup.Attempt.checked,
        T0,
        _at_us(),
        followup.Channel.PHONE,
        "13800000000",
        followup.Outcome.FAILED,
    ),
    "Attempt.from_us": lambda: call(
        followup.Attempt.from_us,
        _at_us(),
        followup.Channel.SMS,
        "13800000000",
        followup.Outcome.FAILED,
    ),
    "Campaign.next_day": lambda: call(example(followup.Campaign).next_day, _DATE),
    "ContactHours.index_for": lambda: call(
        example(followup.ContactHours).index_for, "Asia/Shanghai"
    ),
    "Customer.checked": lambda: call(
        followup.Customer.checked,
        "c1",
        "Asia/Shanghai",
        True,
        ("13800000000",),
        (example(followup.OptOut),),
    ),
    "Customer.numbers": lambda: call(example(followup.Customer).numbers, followup.Channel.SMS),
    "FollowupPolicy.from_dict": lambda: call(
        followup.FollowupPolicy.from_dict, followup.default_data()
    ),
    "FollowupPolicy.hours_for": lambda: call(
        _policy().followup.hours_for, followup.Purpose.SERVICE
    ),
    "FrequencyCap.threshold": lambda: call(
        example(followup.FrequencyCap).threshold,
        [_at_us() - 3_600_000_000, _at_us()],
        T0.tzinfo,
    ),
    "OptOut.checked": lambda: call(
        followup.OptOut.checked, T0, _at_us(), followup.Channel.SMS, followup.Purpose.MARKETING
    ),
    "OptOut.covers": lambda: call(
        example(followup.OptOut).covers, followup.Channel.SMS, followup.Purpose.MARKETING
    ),
    # -- scripts
    "scripts.default": lambda: call(scripts.default, "zh_CN"),
    "scripts.default_data": lambda: call(scripts.default_data, "zh_CN"),
    "scripts.find_personal_data": lambda: call(scripts.find_personal_data, "电话13812345678"),
    "scripts.mask_personal_data": lambda: call(scripts.mask_personal_data, "电话13812345678"),
    "scripts.normalize_text": lambda: call(scripts.normalize_text, "臺灣１２３"),
    "scripts.validate_transcript": lambda: call(
        scripts.validate_transcript, _policy().scripts["zh_CN_timed"], example(scripts.Transcript)
    ),
    "NormalizedText.original_index": lambda: call(
        example(scripts.NormalizedText).original_index, 1
    ),
    "NormalizedText.original_span": lambda: call(
        example(scripts.NormalizedText).original_span, 0, 2
    ),
    "ScriptPack.from_dict": lambda: call(scripts.ScriptPack.from_dict, scripts.default_data("en")),
    "Transcript.from_records": lambda: call(
        scripts.Transcript.from_records,
        [{"speaker": "agent", "text": "您好", "start": 0.0, "end": 1.5}],
    ),
    "Transcript.from_text": lambda: call(
        scripts.Transcript.from_text, "agent: 您好\ncustomer: 我的宽带断了", "agent"
    ),
    # -- staffing
    "staffing.check_roster": lambda: call(
        staffing.check_roster, example(staffing.StaffingPlan), [example(staffing.Shift)]
    ),
    "staffing.erlang_a": lambda: call(
        staffing.erlang_a,
        example(staffing.Workload),
        8,
        dt.timedelta(minutes=1),
        answer_within=dt.timedelta(seconds=20),
    ),
    "staffing.erlang_c": lambda: call(
        staffing.erlang_c, example(staffing.Workload), 8, answer_within=dt.timedelta(seconds=20)
    ),
    "staffing.plan_staffing": lambda: call(
        staffing.plan_staffing,
        example(staffing.IntervalForecast),
        example(staffing.ServiceTarget),
        minimum_agents=2,
        patience=dt.timedelta(minutes=2),
    ),
    "staffing.required_agents": lambda: call(
        staffing.required_agents, example(staffing.Workload), example(staffing.ServiceTarget)
    ),
    "staffing.required_agents_erlang_a": lambda: call(
        staffing.required_agents_erlang_a,
        example(staffing.Workload),
        dt.timedelta(minutes=2),
        example(staffing.ServiceTarget),
    ),
    "IntervalForecast.boundary": lambda: call(example(staffing.IntervalForecast).boundary, 1),
    # -- policy
    "policy.compare": lambda: call(
        policy.compare, _tickets(), _policy(), _history(), now=T0.add(days=5)
    ),
    "policy.default_data": lambda: call(policy.default_data, [2026]),
    "policy.policy_json_schema": lambda: call(policy.policy_json_schema),
    "policy.replay": lambda: call(policy.replay, _tickets(), _policy(), now=T0.add(days=5)),
    "policy.replay_tickets": lambda: call(
        policy.replay_tickets, _tickets(), _history(), now=T0.add(days=5)
    ),
    "policy.statistics": lambda: call(
        policy.statistics,
        _tickets(),
        _policy(),
        now=T0.add(days=5),
        settings=policy.StatisticsSettings().to_dict(),
    ),
    "Flow9Statistics.merge": lambda: call(_statistics().merge, _statistics()),
    "Flow9Statistics.records": lambda: call(
        _statistics().records, ["workflow"], where={"workflow": "complaint"}
    ),
    "Flow9Statistics.sla_records": lambda: call(
        _statistics().sla_records, ["workflow"], where={"workflow": ["complaint", "inquiry"]}
    ),
    "Policy.diff": lambda: call(
        _policy().diff, _policy().with_({"sla.targets[reply].within": "3 business days"})
    ),
    "Policy.from_dict": lambda: call(cf.Policy.from_dict, policy.default_data([2026])),
    "Policy.from_toml": lambda: call(cf.Policy.from_toml, _policy().to_toml()),
    "Policy.with_": lambda: call(_policy().with_, {"sla.targets[reply].within": "3 business days"}),
    "PolicyHistory.from_dict": lambda: call(policy.PolicyHistory.from_dict, _history().to_dict()),
    "PolicyHistory.from_toml": lambda: call(policy.PolicyHistory.from_toml, _history().to_toml()),
    "PolicyHistory.moved": lambda: call(_history().moved, 1, T0.subtract(days=1)),
    "PolicyHistory.version_at": lambda: call(_history().version_at, T0),
    "PolicyHistory.with_version": lambda: call(
        _history().with_version, T0.add(days=9), {"followup.window.within": "2 calendar days"}
    ),
    "ReplayReport.merge": lambda: call(_report().merge, _report()),
    "StatisticsSettings.from_dict": lambda: call(
        policy.StatisticsSettings.from_dict, policy.StatisticsSettings().to_dict()
    ),
    # -- rules
    "rules.defaults": lambda: call(rules.defaults),
    "rules.implementations": lambda: call(rules.implementations),
    "rules.rule": lambda: call(rules.rule, "SLA-3"),
    # -- synthetic
    "synthetic.generate_tickets": lambda: call(
        synthetic.generate_tickets,
        3,
        seed=1,
        start=T0,
        days=2,
        vip_share=0.2,
        profile=synthetic.SyntheticProfile(),
        calendar=_office(),
        part=(0, 2),
    ),
    # -- data
    "data.json_schema": lambda: call(data.json_schema, "decision"),
    "data.schema_id": lambda: call(data.schema_id, "decision"),
    "data.timedelta_text": lambda: call(data.timedelta_text, dt.timedelta(minutes=90)),
}

#: Public callables without an example, and why.
FORWARDS: dict[str, str] = {}


def call_of(name: str) -> Call:
    """A fresh valid call of ``name`` (a ``TicketObject`` example is a new ticket)."""
    return EXAMPLES[name]()
