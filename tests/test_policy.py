"""Policy bundles: building, validation, variants, differences, round trips."""

from __future__ import annotations

import copy
import datetime as dt
import enum
import pickle
import re
import types
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.errors import ValidationError, WrongTypeError
from complaintflow.scripts._defaults import default_data as pack_data
from complaintflow.workflows._defaults import default_data as workflow_data
from strategies import junk_values, value_paths

BASE = cf.default_policy()

#: Changes a notebook user makes, each valid on its own.
VARIANTS: list[dict[str, object]] = [
    {"followup.window.within": "2 calendar days"},
    {"sla.targets[reply].within": "3 business days"},
    {"sla.targets[dispatch].within": "2 business hours"},
    {"followup.caps": [{"max_attempts": 2, "min_gap": "4 calendar hours"}]},
    {"followup.fallback.sms_after_failed_calls": 3},
    {"calendars.office.hours": {"mon-sat": ["09:00-12:00", "13:30-18:00"]}},
    {"name": "variant"},
    {"replay.segment_by": ["tier"]},
]


def test_default_policy_carries_the_source_rule_ids() -> None:
    rules = [t.rule for t in BASE.sla.targets]
    assert ["SLA-1", "SLA-2", "SLA-3", "SLA-5", "SLA-6", "SLA-7"] == rules
    assert "FU-4" == BASE.followup.window.rule
    assert {"SC-1", "SC-2", "SC-6"} <= set(BASE.scripts["zh_CN"].rule_ids())


def test_default_sla_targets_run_on_workflow_events() -> None:
    events = {e for wf in BASE.workflows.values() for e in wf.events}
    # SLA-1 and SLA-7 are measured on telephony and account-management events that a
    # host sends besides the ticket workflow; everything else runs on workflow events.
    external = {"call_offered", "call_answered", "customer_assigned", "customer_contacted"}
    for target in BASE.sla.targets:
        used = {*target.start, *target.stop, *target.pause, *target.resume, *target.reset}
        assert used <= events | external, target.name


def test_every_problem_of_every_section_at_once() -> None:
    data = cf.policy.default_data()
    data["calendrs"] = {}
    data["calendars"]["office"]["years"] = "2026"
    data["sla"]["targets"][2]["within"] = "3 dayz"
    data["followup"]["window"]["within"] = "2 dayz"
    data["workflows"]["complaint"] = {"default": "complain"}
    data["scripts"]["zh_CN"] = {"default": "zh_TW"}
    data["replay"]["segment_by"] = "tier"
    with pytest.raises(ValidationError) as info:
        cf.Policy.from_dict(data)
    paths = [p.path for p in info.value.problems]
    assert [
        "calendrs",
        "calendars.office.years",
        "workflows.complaint.default",
        "sla.targets[2].within",
        "followup.window.within",
        "scripts.zh_CN.default",
        "replay.segment_by",
    ] == [p for p in paths if not p.startswith("sla.targets[") or p.endswith("within")]
    assert "did you mean 'calendars'?" == info.value.problems[0].hint
    by_path = {p.path: p for p in info.value.problems}
    assert "is not a duration" in by_path["sla.targets[2].within"].message


def test_format_version_is_required() -> None:
    with pytest.raises(ValidationError, match="set format = 1"):
        cf.Policy.from_dict({})
    with pytest.raises(ValidationError, match="format"):
        cf.Policy.from_dict({"format": 2})


def test_malformed_toml_is_a_typed_error() -> None:
    with pytest.raises(ValidationError, match="malformed TOML"):
        cf.Policy.from_toml("format = 1\n[sla\n")


def test_toml_and_dict_forms_agree() -> None:
    text = """
format = 1
[followup.window]
within = "2 calendar days"
"""
    assert cf.Policy.from_dict(
        {"format": 1, "followup": {"window": {"within": "2 calendar days"}}}
    ) == cf.Policy.from_toml(text)


def test_with_reports_bad_paths() -> None:
    with pytest.raises(ValidationError) as info:
        BASE.with_({"sla.targets[replyy].within": "1 business day", "nope.x": 1})
    messages = [str(p) for p in info.value.problems]
    assert any("no item named 'replyy'" in m for m in messages)
    assert any(m.startswith("nope.x: no such section") for m in messages)


def test_with_validates_the_changed_policy() -> None:
    with pytest.raises(ValidationError, match=r"sla\.targets\[1\]\.within"):
        BASE.with_({"sla.targets[dispatch].within": "1 hour"})


@given(st.lists(st.sampled_from(VARIANTS), max_size=3))
@settings(max_examples=25)
def test_round_trips_and_pickles(changes: list[dict[str, object]]) -> None:
    merged: dict[str, object] = {}
    for change in changes:
        merged.update(change)
    p = BASE.with_(merged) if merged else BASE
    assert p == cf.Policy.from_dict(p.to_dict())
    assert p == pickle.loads(pickle.dumps(p))
    assert hash(p) == hash(cf.Policy.from_dict(p.to_dict()))


@given(st.sampled_from(VARIANTS), st.sampled_from(VARIANTS))
@settings(max_examples=30)
def test_diff_is_empty_exactly_when_equal(
    a_change: dict[str, object], b_change: dict[str, object]
) -> None:
    a, b = BASE.with_(a_change), BASE.with_(b_change)
    assert () == a.diff(a)
    assert (a == b) == (a.diff(b) == ())
    assert [c.text for c in a.diff(b)] == [c.text for c in a.diff(b)]  # deterministic


def test_diff_speaks_of_rules() -> None:
    changed = BASE.with_(
        {
            "sla.targets[reply].within": "3 business days",
            "followup.window.within": "2 calendar days",
            "calendars.office.hours": {"mon-sat": ["09:00-12:00", "13:30-18:00"]},
        }
    )
    changes = BASE.diff(changed)
    assert {("sla", "SLA-3"), ("followup", "FU-4")} <= {(c.section, c.rule) for c in changes}
    assert any(c.section == "calendars" and "hours" in c.text for c in changes)
    records = [c.to_record() for c in changes]
    assert all(set(r) == {"section", "item", "rule", "before", "after", "text"} for r in records)


def test_diff_ignores_defaults_written_out() -> None:
    explicit: dict[str, Any] = cf.policy.default_data()
    implicit = {"format": 1}
    assert () == cf.Policy.from_dict(explicit).diff(cf.Policy.from_dict(implicit))


def test_policy_data_must_be_json_compatible() -> None:
    data = cf.policy.default_data()
    data["name"] = "ok"
    data["replay"]["segment_by"] = ["tier"]
    assert cf.Policy.from_dict(data).replay.segment_by == ("tier",)


_DEFAULT_DATA = cf.default_policy().to_dict()


@settings(max_examples=100)
@given(st.data())
def test_any_value_anywhere_is_a_validation_error_or_a_policy(data: st.DataObject) -> None:
    """Policies report problems; they never crash on what a hand-edited file holds."""
    broken = copy.deepcopy(_DEFAULT_DATA)
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(value_paths(broken)))
        holder: Any = broken
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = data.draw(junk_values)
    problems: list[Any] = []
    try:
        policy = cf.Policy.from_dict(broken)
    except ValidationError as e:
        problems = list(e.problems)
    else:
        assert cf.Policy.from_dict(policy.to_dict()) == policy
        return
    assert problems
    assert all(p.path and p.message for p in problems)


#: The default data with every section written out in full, so that a change can
#: reach every table the parsers read.
_FULL_DATA: dict[str, Any] = cf.policy.default_data()
_FULL_DATA["workflows"]["complaint"] = workflow_data("complaint")
_FULL_DATA["scripts"]["zh_CN"] = pack_data("zh_CN")
_FULL_DATA["calendars"]["desk"] = {
    "timezone": "Asia/Shanghai",
    "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"]},
    "holidays": ["2026-10-01"],
    "workdays": ["2026-10-10"],
    "workday_hours": ["09:00-17:00"],
}


def _tables(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every table (dict) in plain data, the top level included."""
    out = [path] if isinstance(value, dict) else []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(
        value, list) else ()  # fmt: skip
    for k, v in items:
        out += _tables(v, (*path, k))
    return out


@pytest.mark.parametrize("path", _tables(_FULL_DATA), ids=lambda p: ".".join(map(str, p)) or "top")
def test_a_key_that_is_not_a_string_is_one_problem_at_its_table(path: tuple[Any, ...]) -> None:
    data = copy.deepcopy(_FULL_DATA)
    holder: Any = data
    for key in path:
        holder = holder[key]
    holder[1] = "x"  # keys of mixed types: sorted() of them raises TypeError
    with pytest.raises(ValidationError) as info:
        cf.Policy.from_dict(data)
    expected = "key 1 is not a string"
    assert [expected] == [p.message for p in info.value.problems if p.message == expected]
    assert all(p.path and p.message for p in info.value.problems)


@pytest.mark.parametrize(
    ("text", "kind"), [(None, "NoneType"), (b"format = 1", "bytes"), (1, "int")]
)
def test_toml_that_is_not_text_is_a_wrong_type_naming_text(text: object, kind: str) -> None:
    with pytest.raises(WrongTypeError) as info:
        cf.Policy.from_toml(text)  # type: ignore[arg-type]
    assert ("text", text) == (info.value.field, info.value.value)
    assert str(info.value).startswith(f"text: expected TOML text (a str), got {kind}")
    assert isinstance(info.value, TypeError)


def test_toml_nested_too_deeply_is_malformed_toml() -> None:
    with pytest.raises(ValidationError, match="malformed TOML"):
        cf.Policy.from_toml("format = 1\nname = " + "[" * 5000 + "]" * 5000)


_DATED = """
format = 1
[calendars]
office = { default = "china", years = [2025, 2026] }
hotline = { default = "24x7" }
[calendars.desk]
timezone = "Asia/Shanghai"
hours = { mon-fri = ["09:00-12:00", "13:30-18:00"] }
holidays = [2026-10-01, 2026-10-02]
workdays = [2026-10-10]
valid_until = 2026-12-31
"""


def test_toml_dates_are_read_as_their_iso_text() -> None:
    p = cf.Policy.from_toml(_DATED)
    desk = p.to_dict()["calendars"]["desk"]  # type: ignore[index, call-overload]
    assert ["2026-10-01", "2026-10-02"] == desk["holidays"]
    assert "2026-12-31" == desk["valid_until"]
    quoted = _DATED.replace("2026-10-01, 2026-10-02", '"2026-10-01", "2026-10-02"')
    quoted = quoted.replace("[2026-10-10]", '["2026-10-10"]')
    quoted = quoted.replace("= 2026-12-31", '= "2026-12-31"')
    assert cf.Policy.from_toml(quoted) == p
    assert p == cf.Policy.from_dict(p.to_dict()) == pickle.loads(pickle.dumps(p))
    assert dt.date(2026, 10, 1) in p.calendars["desk"].holidays
    python: Any = p.to_dict()
    python["calendars"]["desk"]["holidays"] = [dt.date(2026, 10, 1), dt.date(2026, 10, 2)]
    assert cf.Policy.from_dict(python) == p


def test_a_toml_date_where_no_date_belongs_is_refused_at_its_path() -> None:
    with pytest.raises(ValidationError) as info:
        cf.Policy.from_toml("format = 1\n[followup.window]\nwithin = 2026-10-01T09:00:00+08:00\n")
    [problem] = info.value.problems
    assert "followup.window.within" == problem.path
    assert "'2026-10-01T09:00:00+08:00' is not a duration" in problem.message


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("replay", "return_visit_events"), b"", "b'' (bytes) is not plain data"),
        (("name",), float("nan"), "name: nan is not a string"),
        (("sla", "targets", 0, "when"), {"tier": {"VIP"}}, "{'VIP'} is not a list of names"),
    ],
)
def test_values_that_are_not_plain_data_are_refused_at_their_path(
    path: tuple[Any, ...], value: object, message: str
) -> None:
    data = copy.deepcopy(_FULL_DATA)
    holder: Any = data
    for key in path[:-1]:
        holder = holder[key]
    holder[path[-1]] = value
    with pytest.raises(ValidationError) as info:
        cf.Policy.from_dict(data)
    [problem] = info.value.problems  # the section's own words, if it has any, else ours
    assert message in str(problem)
    assert problem.path.startswith(".".join(map(str, path)).replace(".0", "[0]"))


def test_with_refuses_paths_that_are_not_text() -> None:
    with pytest.raises(ValidationError) as info:
        BASE.with_({1: "x", "name": "ok"})  # type: ignore[dict-item]
    assert ["1"] == [p.path for p in info.value.problems]
    with pytest.raises(WrongTypeError, match="changes: expected a mapping"):
        BASE.with_([("name", "x")])  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["calendars", "workflows", "scripts"])
def test_the_shared_default_policy_s_mappings_are_read_only(name: str) -> None:
    mapping: Any = getattr(cf.default_policy(), name)
    first = next(iter(mapping))
    with pytest.raises(TypeError):
        mapping["extra"] = mapping[first]
    with pytest.raises(TypeError):
        del mapping[first]
    for method in ("pop", "popitem", "clear", "update", "setdefault"):
        with pytest.raises(AttributeError):
            getattr(mapping, method)
    assert first in getattr(cf.default_policy(), name)


def test_changing_what_default_policy_returns_changes_nothing_for_the_next_caller() -> None:
    p = cf.default_policy()
    with pytest.raises(AttributeError):  # a read-only mapping has no pop
        p.workflows.pop("complaint")  # type: ignore[attr-defined]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.workflows = {}  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.replay.segment_by = ()  # type: ignore[misc]
    data: Any = p.to_dict()
    data["sla"]["targets"].clear()
    data.clear()
    again = cf.default_policy()
    assert again is p
    assert "complaint" in again.workflows
    assert again.to_dict() == cf.Policy.from_dict(cf.policy.default_data()).to_dict()


def test_a_policy_keeps_copies_of_the_mappings_it_was_built_with() -> None:
    calendars = dict(BASE.calendars)
    p = attrs.evolve(BASE, calendars=calendars)
    calendars.clear()
    assert sorted(BASE.calendars) == sorted(p.calendars)
    assert isinstance(p.calendars, types.MappingProxyType)
    assert p == BASE
    assert hash(p) == hash(BASE)
    restored = pickle.loads(pickle.dumps(p))
    assert restored == p
    assert isinstance(restored.workflows, types.MappingProxyType)
    assert copy.deepcopy(p) == p


#: Mutable values reachable from the default policy that their own parts own (the
#: policy hands them out as built): known, listed, and not to grow.
_OWNED_ELSEWHERE = {
    "scripts[].compiled.roles[]",  # scripts: a compiled pack's lookup tables
    "scripts[].compiled.roles[][]",
    "workflows[].events",  # workflows: the definitions' plain dicts and lists
    "workflows[].events[]",
    "workflows[].guards",
    "workflows[].guards[].test.value",
    "workflows[].states",
    "workflows[].states[]",
    "workflows[].transitions[].assign",
    "workflows[].transitions[].collect",
    "workflows[].transitions[].effects[].params",
    "workflows[].transitions[].effects[].params[]",
}
_SCALARS = (str, bytes, int, float, type(None), enum.Enum, dt.date, dt.time, dt.timedelta)


def _mutables(value: object, path: str, seen: frozenset[int], out: set[str]) -> None:
    """Where a dict, list or set is reachable through public attributes and items."""
    if isinstance(value, _SCALARS) or id(value) in seen or isinstance(value, type):
        return
    seen = seen | {id(value)}
    if isinstance(value, dict | list | set | bytearray):
        out.add(re.sub(r"\[[^\]]*\]", "[]", path))
    if isinstance(value, dict | types.MappingProxyType):
        for k, v in value.items():
            _mutables(v, f"{path}[{k!r}]", seen, out)
    elif isinstance(value, list | tuple | set | frozenset):
        for i, v in enumerate(value):
            _mutables(v, f"{path}[{i}]", seen, out)
    elif not callable(value) or attrs.has(type(value)):
        names = {f.name for f in attrs.fields(type(value))} if attrs.has(type(value)) else set()
        for cls in type(value).__mro__:
            names |= set(getattr(cls, "__slots__", ()))
        names |= set(getattr(value, "__dict__", {}))
        for name in sorted(n for n in names if not n.startswith("_")):
            _mutables(getattr(value, name, None), f"{path}.{name}" if path else name, seen, out)


def test_nothing_the_policy_part_owns_in_the_default_policy_is_mutable() -> None:
    found: set[str] = set()
    _mutables(cf.default_policy(), "", frozenset(), found)
    assert set() == found - _OWNED_ELSEWHERE
