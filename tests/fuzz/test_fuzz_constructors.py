"""Fuzz target of the direct constructors of every public value class.

The parsers (``from_dict``, ``from_toml``...) have their own targets; a host may as
well build the values itself. For every attrs class a facade exports (the parts'
``__all__`` and the root's), ``ctor_examples`` holds one valid instance; each test
here rebuilds it with ONE constructor argument replaced, and asserts the harness
promise (a return, or a well-formed ``ComplaintflowError`` naming the field, within
the budget). The input classes, those a host builds, must also refuse what they
cannot use instead of guessing: :data:`MUST_REFUSE` lists, field by field, the kinds
of wrong value each must refuse (a string where a list belongs, a wrong item inside
a list, a non-bool for a bool, ``None`` for a value that is not optional, an empty
name, NaN, a naive instant, an unknown enum string). Every argument of an input
class has rows, or a reason in :data:`ACCEPTS`.

A new public attrs class fails :func:`test_every_public_attrs_class_has_an_example`
until it is added to ``ctor_examples.EXAMPLES`` (and, if a host builds it, to
``INPUTS`` and :data:`MUST_REFUSE`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import math
import numbers
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow import followup, scripts, sla, staffing, synthetic, workflows
from complaintflow import policy as cf_policy
from ctor_examples import EXAMPLES, INPUTS, arguments, example
from fuzz_strategies import deep_junk, junk
from fuzzing import run

PARTS = ("calendars", "sla", "workflows", "followup", "scripts", "staffing", "policy",
         "rules", "synthetic")  # fmt: skip


def _public_attrs_classes() -> set[type[Any]]:
    found: set[type[Any]] = set()
    for module in [cf, *(importlib.import_module(f"complaintflow.{p}") for p in PARTS)]:
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and attrs.has(value):
                found.add(value)
    return found


CLASSES = sorted(EXAMPLES, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def test_every_public_attrs_class_has_an_example() -> None:
    public = _public_attrs_classes()
    missing = sorted(c.__qualname__ for c in public - set(EXAMPLES))
    assert not missing, f"public attrs classes without an example in ctor_examples: {missing}"
    assert set(EXAMPLES) == public, sorted(c.__qualname__ for c in set(EXAMPLES) - public)
    assert INPUTS <= public
    assert set(MUST_REFUSE) == INPUTS, sorted(c.__qualname__ for c in INPUTS ^ set(MUST_REFUSE))


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_the_example_rebuilds_from_its_arguments(cls: type[Any]) -> None:
    assert example(cls) == cls(**arguments(cls))


#: Values every argument is tried with, besides the fuzzer's.
TARGETED: dict[str, object] = {
    "None": None, "str": "abc", "empty-str": "", "bytes": b"ab", "list-of-lists": [["x"]],
    "dict": {"a": 1}, "list-of-dicts": [{"a": 1}], "list-of-None": [None], "int-list": [1],
    "nan": math.nan, "inf": -math.inf, "huge": 2**100, "negative": -1, "bool": True,
    "naive": dt.datetime(2026, 3, 2, 9), "object": object(), "set": {"x"},
}  # fmt: skip


def _rebuild(cls: type[Any], name: str, value: object) -> Callable[[], Any]:
    kwargs = {**arguments(cls), name: value}
    return lambda: cls(**kwargs)


@pytest.mark.parametrize("cls", CLASSES, ids=lambda c: c.__qualname__)
def test_targeted_junk_in_one_argument(cls: type[Any]) -> None:
    for name in arguments(cls):
        for label, value in TARGETED.items():
            try:
                run(_rebuild(cls, name, value), known=False)
            except AssertionError as e:
                raise AssertionError(f"{cls.__qualname__}({name}=<{label}>): {e}") from e


def _part(cls: type[Any]) -> str:
    module = cls.__module__.split(".")
    return module[1] if len(module) > 2 else "kernel"


#: The classes by part: one fuzz target a part keeps the default run short.
BY_PART = {p: [c for c in CLASSES if _part(c) == p] for p in sorted({_part(c) for c in CLASSES})}


@pytest.mark.parametrize("part", sorted(BY_PART))
@given(data=st.data())
def test_fuzzed_junk_in_one_argument(part: str, data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from(BY_PART[part]), label="class")
    name = data.draw(st.sampled_from(list(arguments(cls))), label="argument")
    value = data.draw(st.one_of(junk, deep_junk, st.lists(junk, max_size=3)), label="value")
    run(_rebuild(cls, name, value))


# -- input classes refuse, and guess nothing -------------------------------------------------

#: Kinds of wrong value, by what the field holds.
SEQ = {"str": "abc", "bytes": b"ab", "None": None, "int": 3, "dict": {"a": "b"}}
STR_ITEMS = {"None-item": [None], "int-item": [1], "list-item": [["x"]], "bytes-item": [b"x"]}
NUM_ITEMS = {"None-item": [None], "str-item": ["0.5"], "list-item": [[0.5]]}
OBJ_ITEMS = {"None-item": [None], "str-item": ["x"], "dict-item": [{"a": 1}]}
BOOL = {"int": 1, "str": "true", "None": None}
MAP = {"None": None, "str": "abc", "list": [["a", "b"]]}
NAIVE = dt.datetime(2026, 3, 2, 9)
#: A name: no ``None``, no other type, not empty.
TEXT = {"None": None, "int": 3, "empty": "", "bytes": b"x"}
#: Free text, empty allowed (a description, a message whose default is ``""``).
ANY_TEXT = {"None": None, "int": 3, "bytes": b"x"}
#: An optional name: ``None`` or a non-empty string.
OPT_TEXT = {"int": 3, "empty": "", "bytes": b"x"}
#: An optional label: ``None`` or any string.
LABEL = {"int": 3, "bytes": b"x"}
INT = {"None": None, "bool": True, "float": 2.0, "str": "2"}
OPT_INT = {"bool": True, "float": 2.0, "str": "2"}
REAL = {"None": None, "bool": True, "str": "0.5", "nan": math.nan, "inf": math.inf}
OPT_REAL = {"bool": True, "str": "0.5", "nan": math.nan, "inf": math.inf}
#: An enum: the member or its exact value string, nothing else.
ENUM = {"None": None, "unknown": "no such member", "int": 1}
OPT_ENUM = {"unknown": "no such member", "int": 1}
INSTANT = {"None": None, "naive": NAIVE, "str": "2026-03-02T09:00:00+08:00"}
DELTA = {"None": None, "int": 3, "str": "3 minutes"}
OPT_DELTA = {"int": 3, "str": "3 minutes"}
#: A nested value (a calendar, a Duration, a Condition...): nothing else stands for it.
VALUE = {"None": None, "str": "x", "int": 3, "dict": {"a": 1}}
OPT_VALUE = {"str": "x", "int": 3, "dict": {"a": 1}}
#: JSON-compatible plain data: no NaN, no bytes, no objects.
JSON_VALUE = {"nan": math.nan, "bytes": b"x", "object": object(), "naive": NAIVE, "set": {"x"}}
#: SLA attribute conditions: a mapping or a list of pairs.
CONDITIONS = {k: v for k, v in SEQ.items() if k != "dict"}


def _seq_of(items: dict[str, object]) -> dict[str, object]:
    return {**SEQ, **items}


def _optional(kinds: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in kinds.items() if v is not None}


_STRS, _NUMS, _OBJS = _seq_of(STR_ITEMS), _seq_of(NUM_ITEMS), _seq_of(OBJ_ITEMS)
_DATES = _seq_of({"None-item": [None], "str-item": ["2026-01-01"],
                  "datetime-item": [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)]})  # fmt: skip
_RULE_BASE = {"id": TEXT, "rule": OPT_TEXT, "speaker": OPT_TEXT, "severity": TEXT, "weight": REAL,
              "message": ANY_TEXT}  # fmt: skip


@attrs.frozen
class Alone:
    """A row tried as the only argument (``Window`` takes exactly one of its fields)."""

    value: object


_WINDOW_FIELD = {
    "bool": Alone(True), "str": Alone("2"), "nan": Alone(math.nan), "zero": Alone(0),
    "negative": Alone(-1), "inf": Alone(math.inf),
}  # fmt: skip

#: For each input class, the fields that must refuse each kind of wrong value. Every
#: argument of every input class has rows here, or a reason in :data:`ACCEPTS`.
MUST_REFUSE: dict[type[Any], dict[str, dict[str, object]]] = {
    cf.BusinessCalendar: {
        "timezone": {**TEXT, "unknown": "Mars/Base"},
        "weekly": {
            **SEQ,
            "six-days": [()] * 6,
            "str-days": ["09:00-17:00"] * 7,
            "bad-interval": [((1, "x"),)] * 7,
            "None-day": [None] * 7,
        },
        "holidays": _DATES,
        "workdays": _DATES,
        "special": {**SEQ, "None-item": [None], "str-item": ["2026-01-01"]},
        "workday_hours": {
            **{k: v for k, v in SEQ.items() if v is not None},
            "None-item": [None],
            "str-item": ["09:00-17:00"],
        },
        "valid_from": {"str": "2026-01-01", "datetime": dt.datetime(2026, 1, 1), "int": 1},
        "valid_until": {"str": "2026-01-01", "datetime": dt.datetime(2026, 1, 1), "int": 1},
        "name": LABEL,
    },
    cf.Duration: {
        "kind": {**ENUM, "near-miss": "Business days"},
        "micros": {**INT, "negative": -1},
        "days": {**INT, "negative": -1, "huge": 10**9},
        # the example is business time: a time of day or a due-date field is refused
        # there, and of their own kinds when malformed (tests/test_sla_relative.py)
        "by": {"int": 3, "str": "16:00"},
        "source": {"int": 3, "str": "event"},
        "field": {"int": 3, "empty": ""},
    },
    cf.Event: {"name": TEXT, "at": INSTANT, "payload": MAP},
    cf.Policy: {
        "name": TEXT,
        "calendars": MAP,
        "sla": VALUE,
        "workflows": MAP,
        "followup": VALUE,
        "scripts": MAP,
        "replay": VALUE,
        "data": {**TEXT, "not-json": "{", "list": "[]"},
    },
    sla.Escalation: {"level": {**REAL, "zero": 0.0}, "effect": TEXT, "rule": OPT_TEXT},
    sla.SlaOverride: {
        "target": TEXT,
        "when": CONDITIONS,
        "within": OPT_VALUE,
        "calendar": OPT_VALUE,
        "warnings": {**_optional(_NUMS), "above-one": [1.5]},
        "escalations": _optional(_OBJS),
    },
    sla.SlaCondition: {"tree": {**SEQ, "list": [["a"]], "tuple": ("leaf", "event")}},
    sla.SlaTrigger: {
        "kind": {"None": None, "int": 3, "empty": "", "list": ["a"]},
        "when": {**SEQ, "bad-test": {"event": "x", "lt": "1"}},
    },
    sla.SlaPolicy: {
        "targets": _OBJS,
        "overrides": _OBJS,
        "precedence": _STRS,
        "kinds": _STRS,
        "name": OPT_TEXT,
        "calendars": MAP,
        "calendar_by": OPT_TEXT,
        "calendar_fallback": BOOL,
    },
    sla.SlaTarget: {
        "name": TEXT,
        "rule": TEXT,
        "within": VALUE,
        "calendar": VALUE,
        **dict.fromkeys(("start", "stop", "pause", "resume", "reset", "cancel", "see_also"), _STRS),
        "retroactive_start": {"int": 3, "empty": "", "list": ["s"], "bad-when": {"kind": "s"}},
        "warnings": _NUMS,
        "escalations": _OBJS,
        "when": {**CONDITIONS, "empty-str": ""},
        "new_cycle_on_start": BOOL,
        "calendar_by": {**OPT_TEXT, "True": True},  # False keeps the target's calendar
    },
    workflows.Condition: {
        "field": TEXT,
        "op": {**TEXT, "unknown": "~"},
        "value": JSON_VALUE,
    },
    workflows.EffectSpec: {
        "kind": TEXT,
        "rule": TEXT,
        "include": _STRS,
        "params": {**MAP, "nan-value": {"a": math.nan}},
        "each": MAP,
    },
    workflows.Guard: {
        "name": TEXT,
        "kind": {**TEXT, "unknown": "sometimes"},
        "rule": TEXT,
        "fields": _STRS,
        "match": {**TEXT, "unknown": "most"},
        "test": VALUE,
        "on": {**TEXT, "unknown": "ticket"},
        "when": OPT_VALUE,
        "description": ANY_TEXT,
        "since": ANY_TEXT,
        "period": OPT_VALUE,
    },
    workflows.TransitionSpec: {
        "source": TEXT,
        "event": TEXT,
        "target": TEXT,
        "guards": _STRS,
        "effects": _OBJS,
        "assign": {**MAP, "object-value": {"a": object()}},
        "collect": MAP,
        "rule": OPT_TEXT,
        "stamp": OPT_TEXT,
    },
    workflows.WorkflowDefinition: {
        "name": TEXT,
        "version": {**INT, "zero": 0, "negative": -1},
        "initial": {**TEXT, "undeclared": "nowhere"},
        "terminal": _STRS,
        "transitions": _OBJS,
        "states": MAP,
        "events": MAP,
        "guards": MAP,
    },
    followup.Agent: {
        "id": TEXT,
        "shift": VALUE,
        "skills": _STRS,
        "capacity_per_hour": INT,
        "load": INT,
    },
    followup.Appointment: {"start": INSTANT, "end": INSTANT, "purpose": OPT_ENUM},
    followup.Attempt: {"at": INSTANT, "channel": ENUM, "number": OPT_TEXT, "outcome": ENUM},
    followup.Campaign: {
        "name": TEXT,
        "yearly": {**_STRS, "no-such-day": [(2, 30)], "month-13": [(13, 1)], "triple": [(1, 1, 1)]},
        "dates": {**_DATES, "datetime-item": [dt.datetime(2026, 5, 17, tzinfo=dt.UTC)]},
        "ranges": {**_STRS, "reversed": [(dt.date(2026, 5, 2), dt.date(2026, 5, 1))]},
        "rule": TEXT,
    },
    followup.ChannelFallback: {"sms_after_failed_calls": {**INT, "zero": 0}, "rule": TEXT},
    followup.ContactHours: {"purpose": ENUM, "calendar": VALUE, "rule": TEXT},
    followup.ContactWindow: {"within": VALUE, "calendar": OPT_VALUE, "rule": TEXT},
    followup.Customer: {
        "id": TEXT,
        "timezone": {**TEXT, "unknown": "Mars/Base"},
        "phones": _STRS,
        "sms": _STRS,
        "opt_outs": _OBJS,
        "appointments": _OBJS,
        "vip": BOOL,
    },
    followup.DueFollowup: {
        "case_id": TEXT,
        "customer": VALUE,
        "triggered_at": INSTANT,
        "purpose": ENUM,
        "skill": OPT_TEXT,
        "history": _OBJS,
    },
    followup.FollowupPolicy: {
        "hours": _OBJS,
        "window": VALUE,
        "caps": _OBJS,
        "fallback": VALUE,
        "campaigns": _OBJS,
        "horizon_days": {**INT, "zero": 0},
    },
    followup.FrequencyCap: {
        "max_attempts": {**OPT_INT, "zero": 0},
        "per_days": {**INT, "zero": 0},
        "day": ENUM,
        "min_gap": {**OPT_VALUE, "business": cf.Duration.parse("1 business hour")},
        "scope": ENUM,
        "channels": {**_STRS, "unknown-item": ["fax"]},
        "rule": TEXT,
    },
    followup.OptOut: {"at": INSTANT, "channel": OPT_ENUM, "purpose": OPT_ENUM},
    scripts.ConditionalRule: {
        **_RULE_BASE,
        "when": _STRS,
        "unless": _STRS,
        "then": _NUMS,
        "when_speaker": OPT_TEXT,
        "within_turns": OPT_INT,
        "match": TEXT,
    },
    scripts.ForbiddenRule: {
        **_RULE_BASE,
        "phrases": _STRS,
        "allowed": _STRS,
        "a_not_a": BOOL,
        "match": TEXT,
        "negation": INT,
    },
    scripts.OrderedRule: {
        **{k: v for k, v in _RULE_BASE.items() if k != "speaker"},
        "before": _STRS,
        "after": _STRS,
        "before_speaker": OPT_TEXT,
        "after_speaker": OPT_TEXT,
    },
    scripts.ProximityRule: {
        **_RULE_BASE,
        "phrases": _STRS,
        "near": _STRS,
        "require": BOOL,
        "within": INT,
        "unit": TEXT,
        "side": TEXT,
        "near_speaker": OPT_TEXT,
        "match": TEXT,
    },
    scripts.RequiredRule: {**_RULE_BASE, "phrases": _STRS, "window": OPT_VALUE},
    scripts.TimingRule: {**_RULE_BASE, "measure": TEXT, "limit": REAL},
    scripts.ScriptPack: {"name": TEXT, "description": ANY_TEXT, "rules": _OBJS},
    scripts.Transcript: {"turns": _OBJS},
    scripts.Turn: {"speaker": TEXT, "text": ANY_TEXT, "start": OPT_REAL, "end": OPT_REAL},
    scripts.Window: dict.fromkeys(
        ("first_turns", "last_turns", "first_seconds", "last_seconds"), _WINDOW_FIELD
    ),
    staffing.IntervalForecast: {
        "start": INSTANT,
        "interval": DELTA,
        "calls": _NUMS,
        "handle_time": DELTA,
    },
    staffing.ServiceTarget: {
        "service_level": REAL,
        "answer_within": DELTA,
        "max_occupancy": OPT_REAL,
        "max_average_speed_of_answer": OPT_DELTA,
        "shrinkage": REAL,
        "rounding": ENUM,
    },
    staffing.Shift: {"start": INSTANT, "end": INSTANT, "agents": INT, "label": ANY_TEXT},
    staffing.Workload: {"calls": REAL, "interval": DELTA, "handle_time": DELTA},
    cf_policy.PolicyHistory: {"versions": _OBJS, "name": {"None": None, "int": 3, "list": ["a"]}},
    cf_policy.PolicyVersion: {
        "effective_from": {
            "str": "2026-01-01T00:00:00+08:00",
            "naive": dt.datetime(2026, 1, 1),
            "int": 1,
            "None": None,
        },
        "policy": MAP,
    },
    cf_policy.ReplaySettings: dict.fromkeys(
        ("segment_by", "attributes", "resolved_events", "return_visit_events"), _STRS
    ),
    cf_policy.Satisfaction: {
        "events": _STRS,
        "payload": TEXT,
        "levels": {**_STRS, "repeated": ["a", "a"]},
        "satisfied": {**_STRS, "not-a-level": ["delighted"]},
        "unrated": _STRS,
    },
    cf_policy.StatisticsDimension: {
        "name": TEXT,
        "field": {**OPT_TEXT, "second-source": "category"},
        "events": _STRS,
        "payload": {**OPT_TEXT, "without-events": "department"},
        "pick": {**TEXT, "unknown": "middle"},
        "opened": {**OPT_TEXT, "unknown": "hour"},
    },
    cf_policy.StatisticsSettings: {
        "dimensions": _OBJS,
        **dict.fromkeys(("resolved_events", "reopen_events", "handoff_events"), _STRS),
        "satisfaction": VALUE,
        "percentiles": {**_NUMS, "zero": [0], "repeated": [50, 50], "empty": []},
        "timezone": {**TEXT, "unknown": "Mars/Base"},
        "max_segments": {**INT, "zero": 0, "too-many": 10**8},
    },
    synthetic.SyntheticProfile: {
        "hourly": _NUMS,
        **{
            f: {**SEQ, "None-item": [None], "str-item": ["x"]}
            for f in (
                "workflows",
                "complaint_categories",
                "inquiry_categories",
                "suggestion_categories",
                "channels",
            )
        },
        "customers": INT,
        **{
            a.alias: {**REAL, "above-one": 1.5, "negative": -0.1}
            for a in attrs.fields(synthetic.SyntheticProfile)
            if a.alias == "vip_share" or a.alias.startswith("p_")
        },
    },
}

#: Arguments of input classes that take any value of their type, with the reason. A
#: field listed here needs no rows in :data:`MUST_REFUSE`; none does today.
ACCEPTS: dict[type[Any], dict[str, str]] = {}


def test_every_argument_of_an_input_class_has_rows_or_a_reason() -> None:
    missing, both = [], []
    for cls in sorted(INPUTS, key=lambda c: c.__qualname__):
        rows, reasons = MUST_REFUSE.get(cls, {}), ACCEPTS.get(cls, {})
        for name in inspect.signature(cls).parameters:
            if name in rows and name in reasons:
                both.append(f"{cls.__qualname__}.{name}")
            elif not rows.get(name) and not reasons.get(name):
                missing.append(f"{cls.__qualname__}.{name}")
        stale = (set(rows) | set(reasons)) - set(inspect.signature(cls).parameters)
        assert not stale, f"{cls.__qualname__}: no such arguments {sorted(stale)}"
    assert not missing, f"arguments with no MUST_REFUSE rows and no ACCEPTS reason: {missing}"
    assert not both, f"arguments with rows and a reason to accept anything: {both}"


def _kind(value: object) -> str:
    """What a stored value is, as far as a field's promise goes."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, numbers.Real):
        return "number"  # the staffing values take any real (Fraction too), exactly
    if isinstance(value, dt.datetime):
        return "instant"
    return "None" if value is None else type(value).__name__


#: Arguments whose value may be of any kind of plain data.
ANY_KIND = {(workflows.Condition, "value")}
_INPUT_CLASSES = sorted(INPUTS, key=lambda c: c.__qualname__)


@given(data=st.data())
def test_an_input_class_keeps_no_value_of_another_kind(data: st.DataObject) -> None:
    """What a constructor accepts in place of the example's value is of the same kind
    (converted: a list to a tuple, a value string to its enum member), or ``None`` where
    the field is optional, or text where an optional field holds text: never junk kept."""
    cls = data.draw(st.sampled_from(_INPUT_CLASSES), label="class")
    name = data.draw(st.sampled_from(list(arguments(cls))), label="argument")
    value = data.draw(st.one_of(junk, deep_junk, st.lists(junk, max_size=3)), label="value")
    try:
        built = cls(**{**arguments(cls), name: value})
    except cf.ComplaintflowError:
        return
    field = {a.alias: a for a in attrs.fields(cls)}[name]
    kept, was = getattr(built, field.name), getattr(example(cls), field.name)
    optional = "None" in str(field.type)
    assert (
        (cls, name) in ANY_KIND
        or _kind(kept) == _kind(was)
        or (kept is None and optional)
        or (was is None and optional and isinstance(kept, str) and "str" in str(field.type))
        or (kept is False and "Literal[False]" in str(field.type))  # SlaTarget.calendar_by
    ), f"{cls.__qualname__}({name}={value!r}) kept {kept!r}"


_CASES = [
    pytest.param(cls, name, value, id=f"{cls.__qualname__}.{name}-{label}")
    for cls, fields in MUST_REFUSE.items()
    for name, values in fields.items()
    for label, value in values.items()
]


@pytest.mark.parametrize(("cls", "name", "value"), _CASES)
def test_input_classes_refuse_what_they_cannot_use(
    cls: type[Any], name: str, value: object
) -> None:
    assert name in inspect.signature(cls).parameters
    if isinstance(value, Alone):
        alone = value.value
        out = run(lambda: cls(**{name: alone}), known=False)
    else:
        out = run(_rebuild(cls, name, value), known=False)
    assert out.kind == "error", f"{cls.__qualname__}({name}={value!r}) was accepted: {out.value!r}"
    error = out.error
    assert isinstance(error, cf.ComplaintflowError)
    where = [p.path for p in error.problems] if isinstance(error, cf.ValidationError) else []
    named = [str(error.field), *where]
    assert any(name in n for n in named), f"{name} not named by {error!r}"
