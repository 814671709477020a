"""Fuzz target of the direct constructors of every public value class.

The parsers (``from_dict``, ``from_toml``...) have their own targets; a host may as
well build the values itself. For every attrs class a facade exports (the parts'
``__all__`` and the root's), ``ctor_examples`` holds one valid instance; each test
here rebuilds it with ONE constructor argument replaced, and asserts the harness
promise (a return, or a well-formed ``ComplaintflowError`` naming the field, within
the budget). The input classes, those a host builds, must also refuse what they
cannot use instead of guessing: :data:`MUST_REFUSE` lists, field by field, the kinds
of wrong value each must refuse (a string where a list belongs, a wrong item inside
a list, a non-bool for a bool).

A new public attrs class fails :func:`test_every_public_attrs_class_has_an_example`
until it is added to ``ctor_examples.EXAMPLES`` (and, if a host builds it, to
``INPUTS`` and :data:`MUST_REFUSE`).
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import math
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


def _seq_of(items: dict[str, object]) -> dict[str, object]:
    return {**SEQ, **items}


_STRS, _NUMS, _OBJS = _seq_of(STR_ITEMS), _seq_of(NUM_ITEMS), _seq_of(OBJ_ITEMS)
_DATES = _seq_of({"None-item": [None], "str-item": ["2026-01-01"],
                  "datetime-item": [dt.datetime(2026, 1, 1, tzinfo=dt.UTC)]})  # fmt: skip

#: For each input class, the fields that must refuse each kind of wrong value.
MUST_REFUSE: dict[type[Any], dict[str, dict[str, object]]] = {
    cf.BusinessCalendar: {
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
    },
    cf.Duration: {},
    cf.Event: {"payload": MAP},
    cf.Policy: {"calendars": MAP, "workflows": MAP, "scripts": MAP},
    sla.Escalation: {},  # checked with its target (SlaTarget.escalations)
    sla.SlaOverride: {},  # checked with its policy (SlaPolicy.overrides)
    sla.SlaCondition: {"tree": {**SEQ, "list": [["a"]], "tuple": ("leaf", "event")}},
    sla.SlaTrigger: {
        "kind": {"None": None, "int": 3, "empty": "", "list": ["a"]},
        "when": {**SEQ, "bad-test": {"event": "x", "lt": "1"}},
    },
    sla.SlaPolicy: {"targets": _OBJS, "overrides": _OBJS, "precedence": _STRS, "kinds": _STRS},
    sla.SlaTarget: {
        **dict.fromkeys(("start", "stop", "pause", "resume", "reset", "cancel", "see_also"), _STRS),
        "retroactive_start": {"int": 3, "empty": "", "list": ["s"], "bad-when": {"kind": "s"}},
        "warnings": _NUMS,
        "escalations": _OBJS,
        "new_cycle_on_start": BOOL,
    },
    workflows.Condition: {},
    workflows.EffectSpec: {"include": _STRS, "params": MAP},
    workflows.Guard: {"fields": _STRS},
    workflows.TransitionSpec: {"guards": _STRS, "effects": _OBJS, "assign": MAP, "collect": MAP},
    workflows.WorkflowDefinition: {
        "terminal": _STRS,
        "transitions": _OBJS,
        "states": MAP,
        "events": MAP,
        "guards": MAP,
    },
    followup.Agent: {"skills": _STRS},
    followup.Appointment: {},
    followup.Attempt: {},
    followup.Campaign: {},
    followup.ChannelFallback: {},
    followup.ContactHours: {},
    followup.ContactWindow: {},
    followup.Customer: {
        "phones": _STRS,
        "sms": _STRS,
        "opt_outs": _OBJS,
        "appointments": _OBJS,
        "vip": BOOL,
    },
    followup.DueFollowup: {"history": _OBJS},
    followup.FollowupPolicy: {},
    followup.FrequencyCap: {},
    followup.OptOut: {},
    scripts.ConditionalRule: {"when": _STRS, "unless": _STRS},
    scripts.ForbiddenRule: {"phrases": _STRS, "allowed": _STRS, "a_not_a": BOOL},
    scripts.OrderedRule: {"before": _STRS, "after": _STRS},
    scripts.ProximityRule: {"phrases": _STRS, "near": _STRS, "require": BOOL},
    scripts.RequiredRule: {"phrases": _STRS},
    scripts.TimingRule: {},
    scripts.ScriptPack: {"rules": _OBJS},
    scripts.Transcript: {"turns": _OBJS},
    scripts.Turn: {},
    scripts.Window: {},
    staffing.IntervalForecast: {"calls": _NUMS},
    staffing.ServiceTarget: {},
    staffing.Shift: {},
    staffing.Workload: {},
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
    # Built by their from_dict, which checks them; the constructors do not yet.
    cf_policy.Satisfaction: {},
    cf_policy.StatisticsDimension: {},
    cf_policy.StatisticsSettings: {},
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
    },
}

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
    out = run(_rebuild(cls, name, value), known=False)
    assert out.kind == "error", f"{cls.__qualname__}({name}={value!r}) was accepted: {out.value!r}"
    error = out.error
    assert isinstance(error, cf.ComplaintflowError)
    where = [p.path for p in error.problems] if isinstance(error, cf.ValidationError) else []
    named = [str(error.field), *where]
    assert any(name in n for n in named), f"{name} not named by {error!r}"
