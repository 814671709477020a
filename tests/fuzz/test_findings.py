"""Regression tests of the fuzz findings: each the shrunk input of one escape or hang.

Every test states the promise (returns, or raises a well-formed ``ComplaintflowError``,
within a budget) on the input the fuzzer shrank to, and is ``xfail(strict=True)``
until the finding is fixed: then it XPASSes, which fails the suite, and whoever fixed
it removes the marker here and the finding's entry from ``KNOWN`` in
``tests/fuzzing.py`` (which lets the fuzz targets run past the finding meanwhile).

The IDs are those of ``KNOWN`` and of ``docs/testing.md``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
from collections.abc import Callable
from typing import Any

import attrs
import pendulum
import pytest

import complaintflow as cf
from complaintflow import followup, scripts, staffing
from complaintflow._time import to_us
from complaintflow.calendars import BusinessCalendar
from fuzzing import run

UTC = dt.UTC
T0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai")
MAX = dt.datetime.max.replace(tzinfo=UTC)
MIN_PLUS_14 = dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=14)))
ALWAYS = {"timezone": "Asia/Shanghai", "hours": {"mon-sun": ["00:00-24:00"]}}
WORKLOAD = staffing.Workload(110, dt.timedelta(hours=1), dt.timedelta(seconds=180))


def xfail(finding: str, why: str) -> pytest.MarkDecorator:
    return pytest.mark.xfail(strict=True, raises=AssertionError, reason=f"{finding}: {why}")


def keeps_promise(call: Callable[[], Any], budget: float = 1.0) -> None:
    """``call()`` returns or raises a well-formed library error within ``budget`` s."""
    run(call, budget=budget, known=False)


# -- calendars ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: cf.calendars.default("24x7").is_open(MAX),
        lambda: cf.calendars.default("24x7").is_open(MIN_PLUS_14),
        lambda: BusinessCalendar.from_dict(ALWAYS).elapsed(
            MAX.replace(tzinfo=dt.timezone(dt.timedelta(minutes=1))), MAX
        ),
        lambda: cf.sla.evaluate(
            cf.sla.SlaPolicy(
                [
                    cf.sla.SlaTarget(
                        "main",
                        "SLA-3",
                        cf.Duration.business_days(2),
                        BusinessCalendar.from_dict(ALWAYS),
                        start=("s",),
                        stop=("x",),
                    )
                ]
            ),
            [("s", 1_793_548_800_000_000)],
            MAX,
        ),
    ],
    ids=["is_open-max", "is_open-min", "elapsed-max", "sla-evaluate-now-max"],
)
def test_f1_instants_at_the_ends_of_the_datetime_range(call: Callable[[], Any]) -> None:
    keeps_promise(call)


@pytest.mark.parametrize(
    "data",
    [
        {"timezone": "UTC", "holidays": ["9999-12-31"]},
        {"timezone": "UTC", "special": {"9999-12-31": []}},
        {"timezone": "UTC", "special": {"0001-01-01": []}},
        {"timezone": "UTC", "workdays": ["9999-12-31"], "workday_hours": ["09:00-10:00"]},
    ],
    ids=["holiday-9999", "special-9999", "special-0001", "workday-9999"],
)
def test_f2_calendar_dates_at_the_ends_of_the_date_range(data: dict[str, object]) -> None:
    keeps_promise(lambda: BusinessCalendar.from_dict(data))


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: cal.add(T0, "3000000 calendar days"),
        lambda cal: cal.add(
            MAX.replace(tzinfo=dt.timezone(dt.timedelta(minutes=1))), "0.000001 calendar seconds"
        ),
        lambda cal: cal.add_s(-62135596801, "1 calendar day"),
    ],
    ids=["3e6-days", "max-plus-1us", "add_s-before-year-1"],
)
def test_f3_calendar_time_past_the_ends(call: Callable[[BusinessCalendar], Any]) -> None:
    cal = BusinessCalendar.from_dict(ALWAYS)
    keeps_promise(lambda: call(cal))


@pytest.mark.parametrize(
    ("data", "start", "duration"),
    [
        (
            {"timezone": "Asia/Shanghai", "hours": {}, "special": {"2026-03-05": ["09:00-10:00"]}},
            dt.datetime(1950, 1, 1, tzinfo=UTC),
            "0.000001 business seconds",
        ),
        (
            {"timezone": "Asia/Shanghai", "hours": {"mon-fri": ["09:00-18:00"]}},
            T0,
            "9999999 business hours",
        ),
    ],
    ids=["special-day-76-years-ahead", "office-beyond-2199"],
)
def test_f4_searching_forward_for_years(
    data: dict[str, object], start: dt.datetime, duration: str
) -> None:
    cal = BusinessCalendar.from_dict(data)
    keeps_promise(lambda: cal.add(start, duration))


def test_f5_elapsed_over_a_century_and_a_half() -> None:
    """The first query over a long span builds the index for all of it: 1970 to 2117
    must stay well inside the default per-call budget (the growth is measured by
    ``bench/bench_scaling.py``, not here)."""
    cal = BusinessCalendar.from_dict(ALWAYS)
    keeps_promise(lambda: cal.elapsed_s(0, 4_653_686_235))


@pytest.mark.parametrize("unit", ["business hours", "business days"])
def test_f6_str_of_a_huge_duration(unit: str) -> None:
    keeps_promise(lambda: str(cf.Duration.parse(f"{'9' * 4300} {unit}")))


# -- the event type and workflows --------------------------------------------------------


def test_f7_event_name_that_is_no_string() -> None:
    keeps_promise(lambda: cf.Event(None, T0))  # type: ignore[arg-type]


_TINY_WORKFLOW = {
    "name": "x",
    "version": 1,
    "initial": "a",
    "terminal": ["b"],
    "states": ["a", "b"],
    "events": ["go"],
    "transitions": [{"source": "a", "event": "go", "target": "b"}],
}


@pytest.mark.parametrize(
    "change",
    [{"transitions": [{"source": ["a"], "event": "go", "target": "b"}]}, {"initial": []}],
    ids=["transition-source-list", "initial-list"],
)
def test_f8_workflow_names_that_are_lists(change: dict[str, object]) -> None:
    data = {**_TINY_WORKFLOW, **change}
    keeps_promise(lambda: cf.workflows.WorkflowDefinition.from_dict(data))


@pytest.mark.parametrize(
    ("snapshot", "payload"), [("start", 1), (None, None)], ids=["payload-int", "snapshot-none"]
)
def test_f9_allowed_events_with_wrong_types(snapshot: object, payload: object) -> None:
    wf = cf.workflows.default("complaint")
    snap = cf.workflows.start(wf, "T-1") if snapshot == "start" else snapshot
    keeps_promise(lambda: cf.workflows.allowed_events(wf, snap, payload))  # type: ignore[arg-type]


# -- SLA -----------------------------------------------------------------------------------


@pytest.mark.parametrize("attributes", [1, "0"])
def test_f11_sla_attributes_that_are_no_mapping(attributes: object) -> None:
    policy = cf.sla.default(office=BusinessCalendar.from_dict(ALWAYS))
    keeps_promise(
        lambda: cf.sla.evaluate(
            policy, [], dt.datetime(2000, 1, 1, tzinfo=UTC), attributes=attributes
        )
    )  # type: ignore[arg-type]


# -- follow-ups ----------------------------------------------------------------------------


def test_f12_customer_phones_none() -> None:
    keeps_promise(lambda: followup.Customer("c1", "UTC", phones=None))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("due", "agents"), [([], [None]), ([None], [])], ids=["agent-none", "due-none"]
)
def test_f13_plan_with_items_of_the_wrong_type(due: list[object], agents: list[object]) -> None:
    start = dt.datetime(2000, 1, 1, tzinfo=UTC)
    keeps_promise(
        lambda: followup.plan(
            followup.default(),
            due,
            agents,
            start=start,  # type: ignore[arg-type]
            end=start + dt.timedelta(microseconds=1),
        )
    )


# -- scripts -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [{None: None}, {"": None, None: None}, {0: None}],
    ids=["key-none", "keys-mixed", "key-int"],
)
def test_f14_script_pack_keys_that_are_no_strings(data: dict[object, object]) -> None:
    keeps_promise(lambda: scripts.ScriptPack.from_dict(data))  # type: ignore[arg-type]


def test_f15_transcript_records_none() -> None:
    keeps_promise(lambda: scripts.Transcript.from_records(None))  # type: ignore[arg-type]


@pytest.mark.parametrize("text", [None, b"bytes"])
def test_f16_normalize_text_not_a_str(text: object) -> None:
    keeps_promise(lambda: scripts.normalize_text(text))  # type: ignore[arg-type]


# -- staffing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: staffing.erlang_c(None, 5),
        lambda: staffing.erlang_a(None, 5, dt.timedelta(minutes=2)),
        lambda: staffing.required_agents(None),
        lambda: staffing.required_agents_erlang_a(None, dt.timedelta(minutes=2)),
    ],
    ids=["erlang_c", "erlang_a", "required_agents", "required_agents_erlang_a"],
)
def test_f17_workload_none(call: Callable[[], Any]) -> None:
    keeps_promise(call)


def test_f18_forecast_calls_none() -> None:
    keeps_promise(
        lambda: staffing.IntervalForecast(
            T0,
            dt.timedelta(seconds=1),
            None,  # type: ignore[arg-type]
            dt.timedelta(seconds=1),
        )
    )


# -- policies ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda: cf.Policy.from_toml(None),
        lambda: cf.Policy.from_toml(b"bytes"),
        lambda: cf.default_policy().with_(None),
    ],
    ids=["from_toml-none", "from_toml-bytes", "with_"],
)
def test_f21_policy_arguments_none(call: Callable[[], Any]) -> None:
    keeps_promise(call)


# -- found in the second round (after the first findings were tolerated) ------------------


@pytest.mark.parametrize("attribute", ["to_dict", "last_at"])
def test_f10_snapshot_last_at_in_year_1(attribute: str) -> None:
    data = cf.workflows.start(cf.workflows.default("complaint"), "T-1").to_dict()

    def call() -> object:
        snap = cf.workflows.Snapshot.from_dict({**data, "last_at": "0001-01-01T00:00:00+14:00"})
        return snap.to_dict() if attribute == "to_dict" else snap.last_at

    keeps_promise(call)


def test_f19_erlang_c_on_infinite_traffic() -> None:
    keeps_promise(
        lambda: staffing.erlang_c(
            staffing.Workload(1e308, dt.timedelta(microseconds=1), dt.timedelta.max), 5
        )
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda: staffing.required_agents(
            staffing.Workload(100, dt.timedelta(microseconds=1), dt.timedelta(seconds=1))
        ),
        lambda: staffing.required_agents_erlang_a(
            staffing.Workload(2_000_000, dt.timedelta(seconds=1), dt.timedelta(seconds=1)),
            dt.timedelta(seconds=1),
        ),
        lambda: staffing.erlang_c(WORKLOAD, 10**9),
        lambda: staffing.required_agents(
            staffing.Workload(1e308, dt.timedelta(microseconds=1), dt.timedelta.max)
        ),
    ],
    ids=[
        "required_agents-1e8-erlangs",
        "erlang_a-2e6-erlangs",
        "erlang_c-1e9-agents",
        "required_agents-inf-erlangs",
    ],
)
def test_f20_staffing_searches_without_bound(call: Callable[[], Any]) -> None:
    keeps_promise(call)


@pytest.mark.parametrize("bad", [[], {0: "accept"}], ids=["empty-list", "dict"])
def test_f23_evaluate_many_event_that_is_no_tuple(bad: object) -> None:
    policy = cf.sla.default(office=BusinessCalendar.from_dict(ALWAYS))
    at = dt.datetime(2000, 1, 1, tzinfo=UTC)
    keeps_promise(
        lambda: list(cf.sla.evaluate_many(policy, [(None, [bad, cf.Event("accept", at)])], now=at))
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: cal.elapsed_s(None, 0),
        lambda cal: cal.add_s(None, "1 business hour"),
        lambda cal: cal.elapsed_many([None], [0]),
        lambda cal: cal.add_many([0], [None]),
    ],
    ids=["elapsed_s", "add_s", "elapsed_many", "add_many"],
)
def test_f24_epoch_forms_with_none(call: Callable[[BusinessCalendar], Any]) -> None:
    cal = BusinessCalendar.from_dict(ALWAYS)
    keeps_promise(lambda: call(cal))


@pytest.mark.parametrize("section", ["calendars", "workflows", "scripts"])
def test_f25_policy_section_names_that_are_no_strings(section: str) -> None:
    data = {"format": 1, section: {1: {}, "a": {}}}
    keeps_promise(lambda: cf.Policy.from_dict(data))


# -- replay: a bad record must fail alone --------------------------------------------------

_YEAR_1 = {
    "ticket_id": "T-1",
    "workflow": "complaint",
    "events": [{"name": "register", "at": "0001-01-01T00:00:00+14:00", "payload": {}}],
}


@pytest.mark.parametrize("entry", ["replay_tickets", "replay", "compare"])
def test_f26_a_record_in_year_1_fails_alone(entry: str) -> None:
    policy = cf.default_policy()
    now = pendulum.datetime(2026, 3, 5, tz="Asia/Shanghai")
    good = next(cf.synthetic.generate_tickets(1, seed=11, start=now.subtract(days=3), days=2))
    records = [_YEAR_1, good]
    calls = {
        "replay_tickets": lambda: list(cf.policy.replay_tickets(records, policy, now=now)),
        "replay": lambda: cf.policy.replay(records, policy, now=now),
        "compare": lambda: cf.policy.compare(records, policy, policy, now=now),
    }
    keeps_promise(calls[entry], budget=5.0)


def test_f27_agent_skills_that_are_lists() -> None:
    shift = BusinessCalendar.from_dict(
        {"timezone": "Asia/Shanghai", "hours": {"daily": ["09:00-17:00"]}}
    )
    keeps_promise(lambda: followup.Agent("a1", shift, [[]]))  # type: ignore[list-item]


def test_f28_synthetic_period_of_a_million_days() -> None:
    start = pendulum.datetime(2025, 1, 1, 8, tz="Asia/Shanghai")
    keeps_promise(
        lambda: next(cf.synthetic.generate_tickets(0, seed=0, start=start, days=1_000_000), None)
    )


# -- found by hand: direct construction of the SLA values ----------------------------------

_TARGET = {
    "name": "reply",
    "rule": "SLA-3",
    "within": cf.Duration.parse("5 business days"),
    "calendar": BusinessCalendar.from_dict(ALWAYS),
    "start": ["accept"],
    "stop": ["reply"],
}


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"warnings": [[0.5]]}, "warnings[0]"),  # raised: unhashable type: 'list'
        ({"see_also": None}, "see_also"),  # raised: 'NoneType' object is not iterable
        ({"start": None}, "start"),
        ({"start": "accept"}, "start"),  # was split into characters
        ({"see_also": [None]}, "see_also[0]"),  # was accepted
        ({"when": 5}, "when"),
        ({"escalations": None}, "escalations"),
    ],
    ids=["warnings-nested", "see_also-none", "start-none", "start-str", "see_also-item",
         "when-int", "escalations-none"],
)  # fmt: skip
def test_f29_sla_target_built_with_wrong_types(change: dict[str, object], path: str) -> None:
    keeps_promise(lambda: cf.sla.SlaTarget(**{**_TARGET, **change}))  # type: ignore[arg-type]
    with pytest.raises(cf.ValidationError) as e:
        cf.sla.SlaTarget(**{**_TARGET, **change})  # type: ignore[arg-type]
    assert [path] == [p.path for p in e.value.problems]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"targets": None}, "targets"),
        ({"precedence": "tier"}, "precedence"),
        ({"kinds": [None]}, "kinds[0]"),
        ({"overrides": [None]}, "overrides[0]"),
    ],
    ids=["targets-none", "precedence-str", "kinds-item", "override-none"],
)  # fmt: skip
def test_f29_sla_policy_built_with_wrong_types(change: dict[str, object], path: str) -> None:
    args = {"targets": [cf.sla.SlaTarget(**_TARGET)], **change}  # type: ignore[arg-type]
    keeps_promise(lambda: cf.sla.SlaPolicy(**args))  # type: ignore[arg-type]
    with pytest.raises(cf.ValidationError) as e:
        cf.sla.SlaPolicy(**args)  # type: ignore[arg-type]
    assert path in [p.path for p in e.value.problems]


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: cf.sla.SlaOverride([1], {"tier": "vip"}), "target"),  # type: ignore[arg-type]
        (lambda: cf.sla.SlaOverride("reply", 3), "when"),  # type: ignore[arg-type]
        (lambda: cf.sla.SlaOverride("reply", {"tier": "vip"}, escalations=[3]), "escalations[0]"),  # type: ignore[list-item]
    ],
    ids=["target", "when", "escalations"],
)
def test_f29_an_sla_override_built_with_wrong_types(make: Callable[[], Any], path: str) -> None:
    # refused when built (it was refused only inside a policy, naming overrides[i])
    assert [path] == _error_names(make)


def test_f29_an_override_takes_a_list_of_warnings() -> None:
    o = cf.sla.SlaOverride("reply", {"tier": "vip"}, warnings=[0.5])  # type: ignore[arg-type]
    assert (0.5,) == o.warnings
    cf.sla.SlaPolicy([cf.sla.SlaTarget(**_TARGET)], overrides=[o])  # type: ignore[arg-type]


# -- found by the constructor target (test_fuzz_constructors.py) ---------------------------


def _error_names(call: Callable[[], Any]) -> list[str]:
    """The field, or every problem path, of the library error ``call()`` raises."""
    keeps_promise(call)
    with pytest.raises(cf.ComplaintflowError) as e:
        call()
    if isinstance(e.value, cf.ValidationError):
        return [p.path for p in e.value.problems]
    return [str(e.value.field)]


_WEEK = [((9 * 3600, 17 * 3600),)] * 5 + [(), ()]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"holidays": None}, "holidays"),  # raised: Value after * must be an iterable
        ({"holidays": ["2026-10-01"]}, "holidays[0]"),  # raised: '>' not supported
        ({"special": [None]}, "special[0]"),  # raised: cannot convert dictionary update
        ({"valid_from": "2026-01-01"}, "valid_from"),  # raised: '>' not supported
        ({"weekly": None}, "weekly"),  # raised: 'NoneType' object is not iterable
        ({"weekly": "09:00-17:00"}, "weekly"),  # was accepted
        ({"weekly": _WEEK[:6]}, "weekly"),  # six days: was accepted
        ({"weekly": [((1, "x"),)] * 7}, "weekly[0][0]"),  # was accepted
        ({"workday_hours": "09:00-17:00"}, "workday_hours"),  # was accepted
        ({"name": 5}, "name"),  # was accepted
    ],
    ids=["holidays-none", "holidays-str-item", "special-none-item", "valid_from-str",
         "weekly-none", "weekly-str", "weekly-six-days", "weekly-bad-interval",
         "workday_hours-str", "name-int"],
)  # fmt: skip
def test_f30_business_calendar_built_with_wrong_types(change: dict[str, object], path: str) -> None:
    args: dict[str, Any] = {"timezone": "Asia/Shanghai", "weekly": _WEEK, **change}
    assert path == _error_names(lambda: BusinessCalendar(**args))[0]


def test_f30_a_calendar_built_from_lists_holds_tuples() -> None:
    cal = BusinessCalendar("Asia/Shanghai", [list(map(list, d)) for d in _WEEK])  # type: ignore[misc]
    assert tuple(_WEEK) == cal.weekly
    assert cal == BusinessCalendar.from_dict(
        {"timezone": "Asia/Shanghai", "hours": {"mon-fri": ["09:00-17:00"]}}
    )


@pytest.mark.parametrize("field", ["calendars", "workflows", "scripts"])
def test_f31_policy_mappings_that_are_none(field: str) -> None:
    p = cf.default_policy()
    args = {a.alias: getattr(p, a.name) for a in attrs.fields(type(p))}
    assert [field] == _error_names(lambda: type(p)(**{**args, field: None}))  # raised: TypeError


_SPEC = cf.workflows.TransitionSpec("a", "go", "b")


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: cf.workflows.TransitionSpec("a", "go", "b", guards=None), "guards"),
        (lambda: cf.workflows.TransitionSpec("a", "go", "b", guards="intake"), "guards"),
        (lambda: cf.workflows.TransitionSpec("a", "go", "b", effects=[None]), "effects[0]"),
        (lambda: cf.workflows.TransitionSpec("a", "go", "b", assign=None), "assign"),
        (lambda: cf.workflows.TransitionSpec("a", "go", "b", collect=[["a", "b"]]), "collect"),
        (lambda: cf.workflows.EffectSpec("notify", "FLOW-2", params=None), "params"),
        (lambda: cf.workflows.EffectSpec("notify", "FLOW-2", include="reply"), "include"),
        (lambda: cf.workflows.Guard("g", "required", "IN-1", fields=[1]), "fields[0]"),
        (lambda: cf.workflows.WorkflowDefinition("w", 1, "a", None, {}, {}, {}, []), "terminal"),
        (lambda: cf.workflows.WorkflowDefinition("w", 1, "a", [], None, {}, {}, []), "states"),
        (lambda: cf.workflows.WorkflowDefinition("w", 1, "a", [], {"a": {}}, {}, [], []),
         "guards"),
        (lambda: cf.workflows.WorkflowDefinition("w", 1, "a", [], {"a": {}}, {}, {}, None),
         "transitions"),
    ],
    ids=["guards-none", "guards-str", "effects-none-item", "assign-none", "collect-list",
         "params-none", "include-str", "fields-int-item", "terminal-none", "states-none",
         "guards-list", "transitions-none"],
)  # fmt: skip
def test_f32_workflow_specs_built_with_wrong_types(call: Callable[[], Any], path: str) -> None:
    assert [path] == _error_names(call)  # raised TypeError or AttributeError, or split a str


def test_f32_workflow_definition_naming_undeclared_states() -> None:
    meta: dict[str, dict[str, object]] = {"a": {}, "b": {}}
    names = _error_names(
        lambda: cf.workflows.WorkflowDefinition("w", 1, "z", ["y"], meta, {}, {}, [_SPEC])
    )  # raised: KeyError 'a' (the transition's source was no declared state)
    assert ["initial", "terminal", "transitions[0].event"] == names


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: followup.ChannelFallback(None), "sms_after_failed_calls"),  # type: ignore[arg-type]
        (lambda: followup.ChannelFallback(True), "sms_after_failed_calls"),
        (lambda: followup.FrequencyCap(max_attempts="3"), "max_attempts"),  # type: ignore[arg-type]
        (lambda: followup.FrequencyCap(max_attempts=math.nan), "max_attempts"),  # type: ignore[arg-type]
        (lambda: followup.FrequencyCap(per_days=None), "per_days"),  # type: ignore[arg-type]
        (lambda: followup.FrequencyCap(min_gap="2 hours"), "min_gap"),  # type: ignore[arg-type]
    ],
    ids=["fallback-none", "fallback-bool", "cap-str", "cap-nan", "per_days-none",
         "min_gap-str"],
)  # fmt: skip
def test_f33_followup_rules_built_with_wrong_types(call: Callable[[], Any], path: str) -> None:
    assert [path] == _error_names(call)  # raised TypeError/AttributeError, or NaN was accepted


@pytest.mark.parametrize(
    ("field", "value", "path"),
    [("phones", "138", "phones"), ("sms", [None], "sms[0]")],
)
def test_f34_customer_numbers_name_their_field(field: str, value: object, path: str) -> None:
    assert [path] == _error_names(lambda: followup.Customer("c1", "UTC", **{field: value}))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"hourly": None}, "hourly"),  # raised: 'NoneType' object is not iterable
        ({"workflows": None}, "workflows"),  # raised: 'NoneType' object is not iterable
        ({"channels": "phone"}, "channels"),  # was split into characters
        ({"workflows": [(["complaint"], 1.0)]}, "workflows[0]"),  # raised: unhashable type
    ],
    ids=["hourly-none", "workflows-none", "channels-str", "workflows-list-name"],
)
def test_f35_synthetic_profile_built_with_wrong_types(change: dict[str, object], path: str) -> None:
    assert path in _error_names(lambda: cf.synthetic.SyntheticProfile(**change))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "call",
    [
        lambda: cf.policy.ReplaySettings(segment_by="tier"),  # type: ignore[arg-type]
        lambda: cf.policy.ReplaySettings(segment_by=[None]),  # type: ignore[list-item]
        lambda: staffing.IntervalForecast(
            T0, dt.timedelta(minutes=30), b"\x01\x02", dt.timedelta(seconds=60)
        ),
    ],
    ids=["replay-settings-str", "replay-settings-none-item", "forecast-calls-bytes"],
)
def test_f36_sequences_that_were_guessed(call: Callable[[], Any]) -> None:
    """A string was split into one-character names, ``None`` kept as a name, bytes read
    as call counts: each is refused now."""
    names = _error_names(call)
    assert names[0].split("[")[0] in {"segment_by", "calls"}


def test_f37_an_event_rebuilt_from_its_own_payload() -> None:
    e = cf.Event("register", T0, {"n": [1, {"k": [2]}]})
    assert e == attrs.evolve(e)  # raised: ValidationError, (1, ...) is not JSON-compatible
    assert e == cf.Event(e.name, e.at, e.payload)
    with pytest.raises(cf.ValidationError):
        cf.Event("register", T0, {"n": (1, 2)})  # a tuple given by the host is still refused


# -- found reading the parsers: a UTC offset under a second ------------------------------

_FRACTION = "2026-01-01T00:00:00+00:00:00.000001"  # Python 3.11 reads this as UTC
_ONE_US = dt.timedelta(microseconds=1)


def test_f38_an_offset_under_a_second_is_read_exactly_not_dropped() -> None:
    assert _ONE_US == cf.Event.from_dict({"name": "register", "at": _FRACTION}).at.utcoffset()
    # parse_instant gives a pendulum time, whose fixed offsets are whole seconds: the
    # same instant, shown at +00:00
    exact = to_us(dt.datetime(2026, 1, 1, tzinfo=dt.timezone(_ONE_US)), "at")
    assert exact == to_us(cf.parse_instant(_FRACTION), "at")
    assert exact + 2 == to_us(cf.parse_instant(_FRACTION.replace("+", "-")), "at")
    # an offset in whole seconds (local mean time of 1900, say) is read as before
    assert cf.parse_instant("1900-06-01T12:00:00+08:05:43").utcoffset() == dt.timedelta(
        hours=8, minutes=5, seconds=43
    )


@pytest.mark.parametrize(
    "start",
    [
        dt.datetime(1, 1, 1, tzinfo=dt.timezone(dt.timedelta(minutes=1))),
        dt.datetime(9999, 12, 31, 23, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
    ],
    ids=["year-1-east", "year-9999-west"],
)
def test_f39_synthetic_start_at_the_edge_of_the_years(start: dt.datetime) -> None:
    """Found by the deep run: the period check converted ``start`` to China time
    before guarding, and raised ``OverflowError`` at the ends of the years."""
    keeps_promise(lambda: next(cf.synthetic.generate_tickets(0, seed=0, start=start), None))
    with pytest.raises(cf.ValidationError) as e:
        next(cf.synthetic.generate_tickets(0, seed=0, start=start), None)
    assert ["start"] == [p.path for p in e.value.problems]


# -- found auditing the direct constructors, field by field ------------------------------


def test_f40_an_enum_given_as_its_value_string_is_that_member() -> None:
    """``day="rolling"`` was kept as a string, and the cap then read as the local-date
    rule; ``ContactHours("service", ...)`` was never found by ``hours_for``."""
    tz = dt.timezone(dt.timedelta(hours=8))
    times = [to_us(T0.subtract(hours=1), "t"), to_us(T0, "t")]
    as_text = followup.FrequencyCap(2, day="rolling")  # type: ignore[arg-type]
    assert as_text == followup.FrequencyCap(2, day=followup.DayRule.ROLLING)
    assert as_text.threshold(times, tz) == times[0] + 86_400_000_000
    assert as_text.describe().startswith("at most 2 attempts per rolling 24 hours")
    hours = followup.ContactHours("service", cf.calendars.default("24x7"))  # type: ignore[arg-type]
    policy = attrs.evolve(followup.default(), hours=(hours,))
    assert policy.hours_for(followup.Purpose.SERVICE) is hours
    assert ["day"] == _error_names(lambda: followup.FrequencyCap(day="Rolling"))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: cf.workflows.Guard("g", "predicate", "IN-1"), "test"),
        (lambda: cf.workflows.Guard("g", "within", "IN-1", since="closed_at"), "period"),
        (lambda: cf.workflows.Guard("g", "requried", "IN-1", fields=("a",)), "kind"),
        (lambda: cf.workflows.Guard("g", "required", "IN-1"), "fields"),
    ],
    ids=["predicate-without-test", "within-without-period", "unknown-kind", "no-fields"],
)
def test_f41_a_guard_holds_what_its_kind_reads(make: Callable[[], Any], path: str) -> None:
    """Built directly, these guards were accepted, and ``check`` raised AssertionError."""
    assert [path] == _error_names(make)


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: followup.Campaign("x", yearly="0517"), "yearly"),  # type: ignore[arg-type]
        (lambda: followup.Campaign("x", yearly=[(2, 30)]), "yearly[0]"),
        (lambda: attrs.evolve(followup.default(), hours=None), "hours"),
        (lambda: attrs.evolve(followup.default(), window="3 days"), "window"),
    ],
    ids=["yearly-str", "yearly-no-such-day", "hours-none", "window-str"],
)
def test_f42_followup_values_built_directly(make: Callable[[], Any], path: str) -> None:
    """``next_day`` raised ValueError on a string ``yearly``; ``hours_for`` TypeError on
    ``hours=None``."""
    assert [path] == _error_names(make)


@pytest.mark.parametrize(
    ("make", "path"),
    [
        (lambda: cf.policy.StatisticsSettings(percentiles=None), "percentiles"),  # type: ignore[arg-type]
        (lambda: cf.policy.StatisticsDimension("x"), "field"),
        (lambda: cf.policy.StatisticsDimension("x", events=("accept",)), "x.payload"),
    ],
    ids=["percentiles-none", "no-source", "events-without-payload"],
)
def test_f43_statistics_settings_built_directly(make: Callable[[], Any], path: str) -> None:
    """``percentiles=None`` raised TypeError in ``policy.statistics``; a dimension with no
    source was accepted and counted every ticket under ``None``."""
    assert [path] == _error_names(make)


def test_f44_fractional_agents_stay_above_one_fewer_than_needed() -> None:
    """A service level of 1e-226 on one Erlang: two agents needed, and the fractional
    figure interpolated from the stability bound came out as exactly 1.0, outside its
    documented ``(productive_agents - 1, productive_agents]`` (found by the deep run)."""
    w = staffing.Workload(1.0, dt.timedelta(seconds=1), dt.timedelta(seconds=1))
    target = staffing.ServiceTarget(9.345403131472539e-227, dt.timedelta(seconds=1))
    req = staffing.required_agents(w, target)
    assert 2 == req.productive_agents
    assert 1.0 < req.fractional_agents <= 2.0


def test_f45_erlang_a_on_a_subnormal_traffic() -> None:
    """5e-324 calls a second: the given-a-wait sums both underflowed to zero and
    `erlang_a` (and `required_agents_erlang_a`) raised ZeroDivisionError (found by
    the deep run)."""
    w = staffing.Workload(5e-324, dt.timedelta(seconds=1), dt.timedelta(seconds=1))
    second = dt.timedelta(seconds=1)
    r = staffing.erlang_a(w, 1, second, answer_within=second)
    assert 1.0 == r.service_level
    assert 0.0 == r.abandonment
    target = staffing.ServiceTarget(0.5, second)
    assert 1 == staffing.required_agents_erlang_a(w, second, target).productive_agents


# -- found by the call target (test_fuzz_calls.py): junk in one argument of a call --------

_WF = cf.workflows.default("complaint")
_REGISTER = cf.Event(
    "register",
    T0,
    {"complainant": "王", "contact": "138", "channel": "phone", "content": "断网",
     "category": "billing"},
)  # fmt: skip


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: cf.workflows.start(None, "T1"), "definition"),  # type: ignore[arg-type]
        (lambda: cf.workflows.transition(None, cf.workflows.start(_WF, "T1"), _REGISTER),
         "definition"),  # type: ignore[arg-type]
        (lambda: cf.workflows.can("complaint", cf.workflows.start(_WF, "T1"), _REGISTER),
         "definition"),  # type: ignore[arg-type]
        (lambda: cf.workflows.allowed_events(None, cf.workflows.start(_WF, "T1")), "definition"),  # type: ignore[arg-type]
        (lambda: cf.workflows.replay_events(None, "T1", []), "definition"),  # type: ignore[arg-type]
        (lambda: cf.workflows.replay_events(_WF, "T1", None), "events"),  # type: ignore[arg-type]
        (lambda: cf.workflows.shortest_paths(None), "definition"),  # type: ignore[arg-type]
        (lambda: cf.workflows.transition_paths("complaint"), "definition"),  # type: ignore[arg-type]
        (lambda: cf.workflows.to_mermaid(None), "definition"),  # type: ignore[arg-type]
        (lambda: cf.workflows.WorkflowMachine(None), "definition"),  # type: ignore[arg-type]
    ],
    ids=["start", "transition", "can", "allowed_events", "replay_events", "replay_events-events",
         "shortest_paths", "transition_paths", "to_mermaid", "machine"],
)  # fmt: skip
def test_f46_workflow_functions_given_no_definition(call: Callable[[], Any], path: str) -> None:
    """Each raised AttributeError (``'NoneType' object has no attribute '_origin'``),
    ``replay_events`` TypeError for events that are no list."""
    assert [path] == _error_names(call)


_MACHINE = cf.workflows.WorkflowMachine(_WF)
_GUARD = next(
    g for d in cf.default_policy().workflows.values() for g in d.guards.values() if g.test
)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: _WF.accepts(["received"]), "state"),  # type: ignore[arg-type]
        (lambda: _WF.candidates("received", {"a": 1}), "event"),  # type: ignore[arg-type]
        (lambda: _MACHINE.next_state(None, "register", {}, {}), "state"),  # type: ignore[arg-type]
        (lambda: _MACHINE.next_state("received", [["x"]], {}, {}), "event"),  # type: ignore[arg-type]
        (lambda: _MACHINE.next_state("received", "register", "abc", {}), "data"),  # type: ignore[arg-type]
        (lambda: _MACHINE.next_state("received", "register", {}, None), "payload"),  # type: ignore[arg-type]
        (lambda: _MACHINE.bind(None), "snapshot"),  # type: ignore[arg-type]
        (lambda: _MACHINE.bind(cf.workflows.start(_WF, "T1"), "print"), "on_effect"),  # type: ignore[arg-type]
        (lambda: cf.workflows.to_mermaid(_WF, exclude_events=None), "exclude_events"),  # type: ignore[arg-type]
        (lambda: cf.workflows.to_mermaid(_WF, title=b"x"), "title"),  # type: ignore[arg-type]
        (lambda: _GUARD.test.holds(None), "view"),  # type: ignore[union-attr, arg-type]
        (lambda: _GUARD.check(None, {}), "data"),  # type: ignore[arg-type]
        (lambda: _GUARD.check({}, "abc"), "payload"),  # type: ignore[arg-type]
        (lambda: _GUARD.check({}, {}, "0"), "at_us"),  # type: ignore[arg-type]
    ],
    ids=["accepts", "candidates", "next_state-state", "next_state-event", "next_state-data",
         "next_state-payload", "bind-snapshot", "bind-on_effect", "mermaid-exclude",
         "mermaid-title", "holds", "check-data", "check-payload", "check-at_us"],
)  # fmt: skip
def test_f47_workflow_methods_given_the_wrong_type(call: Callable[[], Any], path: str) -> None:
    """Unhashable ``TypeError`` from the look-ups, ``ValueError`` from ``transitions``
    for a state ``None``, ``AttributeError`` binding ``None``; a title ``b"x"`` raised
    TypeError, an empty one was read as absent, a non-callable ``on_effect`` accepted."""
    assert [path] == _error_names(call)


def test_f47_next_state_of_an_undeclared_state_is_none() -> None:
    assert _MACHINE.next_state("", "register", {}, {}) is None  # ValueError from transitions


_SLA = cf.default_policy().sla
_NOW = pendulum.datetime(2026, 3, 3, tz="Asia/Shanghai")


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: cf.sla.evaluate(None, [], _NOW), "policy"),  # type: ignore[arg-type]
        (lambda: list(cf.sla.evaluate_many("sla", [], _NOW)), "policy"),  # type: ignore[arg-type]
        (lambda: cf.sla.evaluate(_SLA, None, _NOW), "events"),  # type: ignore[arg-type]
        (lambda: list(cf.sla.evaluate_many(_SLA, None, _NOW)), "tickets"),  # type: ignore[arg-type]
        (lambda: list(cf.sla.evaluate_many(_SLA, [("T1", math.nan)], _NOW)), "events"),
        (lambda: list(cf.sla.evaluate_many(_SLA, [("T1", [], [])], _NOW)), "attributes"),
        (lambda: list(cf.sla.evaluate_many(_SLA, [("T1", [], 0)], _NOW)), "attributes"),
    ],
    ids=["evaluate-policy", "evaluate_many-policy", "evaluate-events", "evaluate_many-tickets",
         "evaluate_many-events", "attributes-empty-list", "attributes-zero"],
)  # fmt: skip
def test_f48_sla_evaluation_given_the_wrong_type(call: Callable[[], Any], path: str) -> None:
    """``AttributeError`` for a policy that is no `SlaPolicy`, ``TypeError`` for events
    or tickets that are no list; ``evaluate_many`` read attributes ``[]``, ``0`` or
    ``""`` as none (``evaluate`` refused them)."""
    assert [path] == _error_names(call)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: cf.sla.SlaOverride("reply", {"tier": "vip"}).matches(None), "attributes"),  # type: ignore[arg-type]
        (lambda: _SLA.targets[0].kinds(None), "role"),  # type: ignore[arg-type]
        (lambda: _SLA.targets[0].kinds("see_also"), "role"),
        (lambda: _SLA.effective("reply", None), "attributes"),  # type: ignore[arg-type]
        (lambda: cf.sla.default(office=""), "office"),  # type: ignore[arg-type]
        (lambda: cf.sla.default(hotline=0), "hotline"),  # type: ignore[arg-type]
    ],
    ids=["override-matches", "kinds-none", "kinds-no-role", "effective-none", "default-office",
         "default-hotline"],
)  # fmt: skip
def test_f49_sla_methods_given_the_wrong_type(call: Callable[[], Any], path: str) -> None:
    """``SlaOverride.matches(None)`` raised AttributeError, ``kinds`` TypeError or
    AttributeError (``"see_also"`` was read as a role); ``effective`` took any
    attributes when no override or calendar read them; ``sla.default`` read a falsy
    ``office`` or ``hotline`` as omitted."""
    assert [path] == _error_names(call)


_FU = cf.default_policy().followup
_CUSTOMER = followup.Customer("c1", "UTC", phones=["138"], sms=["139"])
_OPT_OUT = followup.OptOut(T0, followup.Channel.SMS)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: followup.Attempt.from_us(None), "at_us"),  # type: ignore[arg-type]
        (lambda: followup.Attempt.from_us(2**100), "at_us"),
        (lambda: _FU.campaigns[0].next_day("2026-01-01"), "day"),  # type: ignore[arg-type]
        (lambda: _FU.campaigns[0].next_day(T0), "day"),
        (lambda: _FU.hours[0].index_for(["UTC"]), "timezone"),  # type: ignore[arg-type]
        (lambda: _FU.hours_for(None), "purpose"),  # type: ignore[arg-type]
        (lambda: _FU.caps[0].threshold(None, dt.UTC), "times"),  # type: ignore[arg-type]
        (lambda: _FU.caps[0].threshold("abc", dt.UTC), "times"),  # type: ignore[arg-type]
        (lambda: _FU.caps[0].threshold([0], "UTC"), "tz"),  # type: ignore[arg-type]
        (lambda: _CUSTOMER.numbers(None), "channel"),  # type: ignore[arg-type]
        (lambda: _OPT_OUT.covers("fax", followup.Purpose.SERVICE), "channel"),  # type: ignore[arg-type]
        (lambda: _OPT_OUT.covers(followup.Channel.SMS, 3), "purpose"),  # type: ignore[arg-type]
    ],
    ids=["from_us-none", "from_us-huge", "next_day-str", "next_day-datetime", "index_for",
         "hours_for", "threshold-none", "threshold-str", "threshold-tz", "numbers",
         "covers-channel", "covers-purpose"],
)  # fmt: skip
def test_f50_followup_methods_given_the_wrong_type(call: Callable[[], Any], path: str) -> None:
    """Raw ``TypeError``, ``AttributeError`` or ``OverflowError`` escaped; ``numbers``
    and ``covers`` answered for a channel or purpose that is none (``numbers(None)``
    gave the SMS numbers)."""
    assert [path] == _error_names(call)


@pytest.mark.parametrize("index", [None, "abc", 1.0])
def test_f51_forecast_boundary_of_an_index_that_is_no_int(index: object) -> None:
    """``None`` raised TypeError; ``"abc"`` repeated the text by the interval's
    microseconds (35 s, and gigabytes) before ``TypeError``."""
    forecast = staffing.IntervalForecast(
        T0, dt.timedelta(minutes=30), [1.0, 2.0], dt.timedelta(seconds=60)
    )
    assert ["index"] == _error_names(lambda: forecast.boundary(index))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "call",
    [cf.default_policy, cf.calendars.default_data, cf.policy.default_data],
    ids=["default_policy", "calendars.default_data", "policy.default_data"],
)
@pytest.mark.parametrize("years", [[[2026]], math.nan, "2026", [True]], ids=repr)
def test_f52_default_data_of_years_that_are_no_list(
    call: Callable[[object], Any], years: object
) -> None:
    """Unhashable or not-iterable ``TypeError``; ``default_data`` split a string into its
    digits and kept ``True`` as a year."""
    assert _error_names(lambda: call(years))[0].startswith("years")


_CAL = cf.calendars.default("24x7")


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: cf.Duration.parse("3 dayz", None), "field"),  # type: ignore[arg-type]
        (lambda: cf.parse_instant("zz", b"x"), "field"),  # type: ignore[arg-type]
        (lambda: _CAL.add_many([0, 1], b"ab"), "durations"),  # type: ignore[arg-type]
        (lambda: _CAL.elapsed_many(b"ab", [0, 1]), "starts"),  # type: ignore[arg-type]
    ],
    ids=["duration-field", "instant-field", "add_many-bytes", "elapsed_many-bytes"],
)
def test_f53_field_names_and_columns_of_the_wrong_type(call: Callable[[], Any], path: str) -> None:
    """A ``field`` that is no string gave an error naming no field (malformed); bytes
    were read as a column of integer seconds (``b"ab"`` as 97 and 98)."""
    assert [path] == _error_names(call)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: cf.data.timedelta_text(None), "value"),  # type: ignore[arg-type]
        (lambda: cf.data.schema_id(None), "name"),  # type: ignore[arg-type]
        (lambda: cf.data.schema_id("no-such-schema"), "name"),
        (lambda: next(cf.synthetic.generate_tickets(1, seed=1, start=T0, calendar="office")),
         "calendar"),  # type: ignore[arg-type]
        (lambda: followup.plan(_FU, [], [], start=T0, end=T0.add(days=1), late_ok="no"),
         "late_ok"),  # type: ignore[arg-type]
        (lambda: staffing.check_roster(
            staffing.plan_staffing(
                staffing.IntervalForecast(T0, dt.timedelta(hours=1), [5.0], dt.timedelta(minutes=3))
            ),
            "",
        ), "shifts"),  # type: ignore[arg-type]
    ],
    ids=["timedelta_text", "schema_id-none", "schema_id-unknown", "generate_tickets-calendar",
         "plan-late_ok", "check_roster-empty-str"],
)  # fmt: skip
def test_f54_arguments_of_the_wrong_type(call: Callable[[], Any], path: str) -> None:
    """``timedelta_text(None)`` raised TypeError, ``generate_tickets`` AttributeError for
    a calendar given by name; ``schema_id`` made an ``$id`` of anything, ``plan`` read
    ``late_ok`` by truthiness and ``check_roster`` took ``""`` as no shifts."""
    assert [path] == _error_names(call)


_STATS = cf.policy.statistics(
    list(cf.synthetic.generate_tickets(3, seed=1, start=T0, days=1)),
    cf.default_policy(),
    now=T0.add(days=3),
)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: _STATS.records(math.nan), "by"),  # type: ignore[arg-type]
        (lambda: _STATS.sla_records(2**100), "by"),  # type: ignore[arg-type]
        (lambda: cf.policy.ReplayReport(("tier",)).merge(None), "other"),  # type: ignore[arg-type]
    ],
    ids=["records-by", "sla_records-by", "report-merge"],
)
def test_f55_report_methods_given_the_wrong_type(call: Callable[[], Any], path: str) -> None:
    """``records(by=nan)`` raised TypeError, ``ReplayReport.merge(None)`` AttributeError."""
    assert [path] == _error_names(call)


_REPORT = cf.sla.evaluate(_SLA, [cf.Event("register", T0)], _NOW, ticket="T1")


@pytest.mark.parametrize(
    "call",
    [
        lambda: cf.sla.QuantileSketch.of(None),
        lambda: cf.sla.QuantileSketch.of([1.0]).merge(None),
        lambda: cf.sla.QuantileSketch.of([1.0]).quantile(None),
        lambda: cf.sla.SlaTally.of(None),
        lambda: cf.sla.SlaTally.of([_REPORT], by=[["tier"]]),
        lambda: cf.sla.SlaTally.of([_REPORT]).merge(None),
        lambda: cf.sla.aggregate([_REPORT], tally="tally"),
        lambda: cf.sla.QuantileSketch.of([1.0]).quantile(True),
        lambda: cf.sla.QuantileSketch.of([1.0]).quantile(decimal.Decimal("NaN")),
        lambda: cf.sla.SlaTally.of("reports"),
        lambda: cf.sla.SlaTally.of([_REPORT], by="tier"),
    ],
    ids=["sketch-of", "sketch-merge", "quantile", "tally-of", "tally-by", "tally-merge",
         "aggregate-tally", "quantile-bool", "quantile-decimal", "tally-of-str", "tally-by-str"],
)  # fmt: skip
def test_f56_sla_tallies_given_the_wrong_type(call: Callable[[], Any]) -> None:
    """``TypeError``, ``AttributeError`` (and ``decimal.InvalidOperation`` for
    ``quantile(Decimal("NaN"))``) from ``sla/_aggregate.py``; a string taken as the
    reports, or split into segment names."""
    with pytest.raises(cf.errors.WrongTypeError):
        call()


@pytest.mark.parametrize(
    "tickets",
    ["abc", b"ab", {"ticket_id": "T1", "workflow": "complaint", "events": []}],
    ids=["str", "bytes", "one-record"],
)
def test_f57_replay_tickets_that_are_no_list(tickets: object) -> None:
    """``replay`` counts three failed records for ``"abc"`` (or for one record given
    alone: its keys), ``statistics`` counts nothing; the argument check of
    ``policy/_replay.py`` (``ticket_stream``) took any iterable."""
    for call in (cf.policy.replay, cf.policy.statistics):
        with pytest.raises(cf.errors.WrongTypeError) as e:
            call(tickets, cf.default_policy(), now=_NOW)  # type: ignore[arg-type]
        assert "tickets" == e.value.field
