"""Workflow values are deeply immutable: nothing a caller reads can change later results.

Definitions (shipped and user-built), their specs, snapshots and effects hold frozen
data (read-only views, tuples); ``hash`` agrees with ``==``; ``to_dict`` hands out
plain data that is the caller's to change; an effect or snapshot shares nothing
changeable with the definition or the event it came from.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.workflows import (
    DEFAULT_NAMES,
    Condition,
    Effect,
    EffectSpec,
    Event,
    Guard,
    Snapshot,
    TransitionSpec,
    WorkflowDefinition,
    default,
    replay_events,
    start,
    transition,
)
from complaintflow.workflows._transition import fold, fold_state
from strategies import T0, definition_data, event_logs

INTAKE = {"complainant": "王女士", "contact": "138", "channel": "phone", "content": "多扣费"}


def _at(hours: int) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def _escalated() -> tuple[Snapshot, tuple[Effect, ...]]:
    """A complaint up to its escalation: the effects carry the FLOW-7 remedies list."""
    wf = default("complaint")
    log = [
        Event("register", _at(0), INTAKE),
        Event("accept", _at(1), {"department": "客服"}),
        Event("investigate", _at(2), {"owner": "赵", "problem_kind": "quality"}),
        Event("propose", _at(3), {"solutions": ["repair"]}),
        Event("approve", _at(4), {"approved_by": "主管", "chosen_solution": "repair"}),
        Event("notify", _at(5)),
        Event("dissatisfied", _at(6)),
        Event("review", _at(7), {"review_outcome": "partial refund"}),
        Event("dissatisfied", _at(8)),
        Event("review", _at(9), {"review_outcome": "upheld"}),
    ]
    snap = replay_events(wf, "T-esc", log)
    return transition(wf, snap, Event("escalate", _at(10), {"escalated_to": "省公司"}))


def _remedies_spec() -> EffectSpec:
    wf = default("complaint")
    return next(
        e for t in wf.transitions for e in t.effects if e.kind == "notify_result" and e.params
    )


# --- the fuzz findings, one by one ---------------------------------------------------


def test_an_effect_s_params_cannot_be_changed_for_every_later_ticket() -> None:
    spec = _remedies_spec()
    with pytest.raises(TypeError):
        spec.params["extra"] = 1  # type: ignore[index]
    with pytest.raises(AttributeError):
        spec.params["remedies"].append("bribe")  # type: ignore[union-attr]
    _, effects = _escalated()
    with pytest.raises(TypeError):
        effects[1].payload["extra"] = 1  # type: ignore[index]
    with pytest.raises(AttributeError):
        effects[1].payload["remedies"].append("bribe")  # type: ignore[union-attr]
    _, again = _escalated()
    assert ["second review", "escalation to a higher level", "the regulator"] == (
        again[1].to_dict()["payload"]["remedies"]  # type: ignore[index]
    )
    assert "extra" not in again[1].payload


@pytest.mark.parametrize("name", DEFAULT_NAMES)
def test_a_definition_s_mappings_are_read_only(name: str) -> None:
    wf = default(name)
    state = next(iter(wf.states))
    with pytest.raises(TypeError):
        wf.states[state]["rule"] = "FLOW-1"  # type: ignore[index]
    with pytest.raises(TypeError):
        wf.states["new"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        wf.events["new"] = {}  # type: ignore[index]
    with pytest.raises(TypeError):
        del wf.guards[next(iter(wf.guards))]  # type: ignore[attr-defined]
    for t in wf.transitions:
        with pytest.raises(TypeError):
            t.assign["x"] = 1  # type: ignore[index]
        with pytest.raises(TypeError):
            t.collect["x"] = "y"  # type: ignore[index]
        assert isinstance(t.guards, tuple)
        assert isinstance(t.effects, tuple)
    with pytest.raises(AttributeError):
        wf.initial = "x"  # type: ignore[misc]
    assert WorkflowDefinition.from_dict(cf.workflows.default_data(name)) == default(name)


@pytest.mark.parametrize("name", DEFAULT_NAMES)
def test_a_definition_hashes_consistently_with_equality(name: str) -> None:
    wf = default(name)
    rebuilt = WorkflowDefinition.from_dict(json.loads(json.dumps(wf.to_dict())))
    assert rebuilt == wf
    assert hash(rebuilt) == hash(wf)
    assert {wf: name}[rebuilt] == name
    for t, u in zip(wf.transitions, rebuilt.transitions, strict=True):
        assert hash(t) == hash(u)
        for e, f in zip(t.effects, u.effects, strict=True):
            assert hash(e) == hash(f)
    for g in wf.guards.values():
        assert hash(g) == hash(rebuilt.guards[g.name])


def test_specs_built_directly_are_frozen_copies_of_what_they_are_given() -> None:
    params: dict[str, Any] = {"remedies": ["review"], "nested": {"a": [1]}}
    spec = EffectSpec("notify_result", "FLOW-7", params, include=["x"])  # type: ignore[arg-type]
    params["remedies"].append("changed")
    params["nested"]["a"].append(2)
    params["new"] = 1
    assert {"remedies": ["review"], "nested": {"a": [1]}} == spec.to_dict()["params"]
    assert ("x",) == spec.include
    assign: dict[str, Any] = {"flags": ["a"]}
    collect = {"linked": "ticket"}
    t = TransitionSpec("a", "go", "b", ["g"], [spec], assign, collect)  # type: ignore[arg-type]
    assign["flags"].append("b")
    collect["other"] = "x"
    assert ({"flags": ["a"]}, {"linked": "ticket"}) == (
        t.to_dict()["assign"],
        t.to_dict()["collect"],
    )
    assert (("g",), (spec,)) == (t.guards, t.effects)
    options = ["phone", "sms"]
    cond = Condition("channel", "in", options)
    options.append("fax")
    assert ("phone", "sms") == cond.value
    assert not cond.holds({"channel": "fax"})
    g = Guard("g", "required", "IN-1", fields=["a"])  # type: ignore[arg-type]
    assert ("a",) == g.fields
    assert hash(t) == hash(TransitionSpec("a", "go", "b", ("g",), (spec,), {"flags": ["a"]}))


def test_to_dict_is_plain_data_the_caller_may_change() -> None:
    wf = default("complaint")
    data = wf.to_dict()
    assert json.loads(json.dumps(data)) == data
    for t in data["transitions"]:  # type: ignore[union-attr]
        for e in t.get("effects", []):  # type: ignore[union-attr]
            e.setdefault("params", {})["changed"] = True  # type: ignore[union-attr]
    data["states"]["received"]["rule"] = "FLOW-9"  # type: ignore[index]
    assert wf == WorkflowDefinition.from_dict(wf.to_dict())
    assert "changed" not in str(wf.to_dict())


def test_snapshot_data_shares_no_list_with_the_event_it_came_from() -> None:
    wf = default("complaint")
    snap = replay_events(
        wf,
        "T-1",
        [
            Event("register", _at(0), INTAKE),
            Event("accept", _at(1), {"department": "客服"}),
            Event("investigate", _at(2), {"owner": "赵", "problem_kind": "quality"}),
        ],
    )
    given = {"solutions": ["repair", {"steps": ["a"]}]}
    event = Event("propose", _at(3), given)
    new, _ = transition(wf, snap, event)
    given["solutions"].append("bribe")  # type: ignore[attr-defined]  # the caller's own list
    given["solutions"][1]["steps"].append("b")  # type: ignore[index]
    with pytest.raises(AttributeError):  # the event's payload is deeply read-only
        event.payload["solutions"].append("bribe")  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        event.payload["solutions"][1]["steps"] = ()  # type: ignore[index]
    assert {"solutions": ["repair", {"steps": ["a"]}]} == event.to_dict()["payload"]
    assert ["repair", {"steps": ["a"]}] == new.to_dict()["data"]["solutions"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        new.data["solutions"].append("x")  # type: ignore[union-attr]
    with pytest.raises(TypeError):
        new.data["solutions"][1]["steps"] = ()  # type: ignore[index]
    assert new == Snapshot.from_dict(json.loads(json.dumps(new.to_dict())))


def test_collected_lists_are_tuples_shared_with_no_one() -> None:
    wf = default("incident")
    report = Event("report", _at(0), {"incident_kind": "outage", "scope": "s", "description": "d"})
    snap = replay_events(wf, "I-1", [report, Event("link_complaint", _at(1), {"ticket": "T-1"})])
    linked = snap.data["linked_tickets"]
    after, _ = transition(wf, snap, Event("link_complaint", _at(2), {"ticket": "T-2"}))
    assert ("T-1",) == linked == snap.data["linked_tickets"]
    assert ("T-1", "T-2") == after.data["linked_tickets"]


def test_values_built_by_hand_take_plain_or_frozen_data() -> None:
    wf = default("incident")
    snap = replay_events(
        wf,
        "I-1",
        [
            Event("report", _at(0), {"incident_kind": "o", "scope": "s", "description": "d"}),
            Event("link_complaint", _at(1), {"ticket": "T-1"}),
        ],
    )
    copied = Snapshot(
        snap.workflow, snap.version, snap.ticket_id, snap.state, snap.data, snap.steps,
        snap.last_at_us,
    )  # fmt: skip
    assert copied == snap
    effect = Effect("tell", "FLOW-12", "I-1", T0, {"tickets": ["T-1"]})
    assert ("T-1",) == effect.payload["tickets"]
    assert effect == Effect("tell", "FLOW-12", "I-1", T0, effect.payload)
    with pytest.raises(cf.errors.ValidationError):
        Snapshot("w", 1, "t", "s", {"x": [{1: "not a str key"}]})


def test_everything_pickles_and_copies() -> None:
    snap, effects = _escalated()
    wf = default("complaint")
    for value in (snap, *effects, wf, *wf.transitions, *wf.guards.values(), _remedies_spec()):
        assert value == pickle.loads(pickle.dumps(value))
        assert value == copy.deepcopy(value)
        assert value == copy.copy(value)
    back = pickle.loads(pickle.dumps(wf))
    assert (
        transition(back, start(back, "T"), Event("register", T0, INTAKE))[0].state == "registered"
    )


# --- properties: nothing reachable can be changed, or changing it changes nothing ---

#: The public attributes of each value, walked to find everything a caller can reach.
PUBLIC: dict[type, tuple[str, ...]] = {
    WorkflowDefinition: (
        "name", "version", "initial", "terminal", "states", "events", "guards", "transitions",
    ),
    TransitionSpec: (
        "source", "event", "target", "guards", "effects", "assign", "collect", "rule",
    ),
    EffectSpec: ("kind", "rule", "params", "include"),
    Guard: ("name", "kind", "rule", "fields", "match", "test", "on", "when", "description"),
    Condition: ("field", "op", "value"),
    Snapshot: (
        "workflow", "version", "ticket_id", "state", "data", "steps", "last_at_us", "schema",
    ),
    Effect: ("kind", "rule", "ticket_id", "at", "payload"),
    Event: ("name", "at", "payload"),
}  # fmt: skip


def reachable(value: object, seen: set[int] | None = None) -> list[object]:
    """Every container and value reachable from ``value`` through public attributes."""
    seen = set() if seen is None else seen
    if id(value) in seen or isinstance(value, str | int | float | dt.datetime) or value is None:
        return []
    seen.add(id(value))
    out = [value]
    children: list[object] = []
    if type(value) in PUBLIC:
        children = [getattr(value, name) for name in PUBLIC[type(value)]]
    elif isinstance(value, Mapping):
        children = [*value.keys(), *value.values()]
    elif isinstance(value, list | tuple | frozenset | set):
        children = list(value)
    for child in children:
        out += reachable(child, seen)
    return out


def try_to_change(value: object) -> int:
    """Attempt every kind of change on ``value``; how many went through (none raised)."""
    changed = 0
    if type(value) in PUBLIC:
        attempts = [lambda n=n: setattr(value, n, None) for n in PUBLIC[type(value)]]
    elif isinstance(value, Mapping):
        key = next(iter(value), "x")
        attempts = [
            lambda: value.__setitem__("zz_new", 1),  # type: ignore[attr-defined]
            lambda: value.__setitem__(key, "changed"),  # type: ignore[attr-defined]
            lambda: value.__delitem__(key),  # type: ignore[attr-defined]
            lambda: value.clear(),  # type: ignore[attr-defined]
            lambda: value.update({"zz": 2}),  # type: ignore[attr-defined]
            lambda: value.setdefault("zz", 3),  # type: ignore[attr-defined]
        ]
    elif isinstance(value, list | tuple | frozenset | set):
        attempts = [
            lambda: value.append("changed"),  # type: ignore[union-attr]
            lambda: value.__setitem__(0, "changed"),  # type: ignore[union-attr]
            lambda: value.add("changed"),  # type: ignore[union-attr]
            lambda: value.clear(),  # type: ignore[union-attr]
        ]
    else:
        attempts = []
    for attempt in attempts:
        try:
            attempt()
        except (TypeError, AttributeError, IndexError, KeyError):
            continue
        changed += 1
    return changed


def outcome(wf: WorkflowDefinition, log: list[dict[str, Any]]) -> list[object]:
    """What driving a fresh ticket with fresh events built from ``log`` gives, as plain data."""
    snap, out = start(wf, "T-out"), []
    for record in log:
        try:
            snap, effects = transition(wf, snap, Event.from_dict(record))
        except cf.errors.WorkflowError as e:
            out.append(type(e).__name__)
            continue
        out.append((snap.to_dict(), [e.to_dict() for e in effects]))
    return out


def _definitions() -> st.SearchStrategy[WorkflowDefinition]:
    shipped = st.sampled_from(DEFAULT_NAMES).map(default)
    return st.one_of(shipped, definition_data().map(WorkflowDefinition.from_dict))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_changing_anything_reachable_raises_or_changes_no_later_result(
    data: st.DataObject,
) -> None:
    wf = data.draw(_definitions())
    events = data.draw(event_logs(wf))
    log = [e.to_dict() for e in events]
    expected = outcome(wf, log)
    plain_data = wf.to_dict()
    # Drive a live ticket with the very event objects, keeping what comes back.
    snap, kept = start(wf, "T-live"), []
    for event in events:
        try:
            snap, effects = transition(wf, snap, event)
        except cf.errors.WorkflowError:
            continue
        kept.append((snap, snap.to_dict(), effects, [e.to_dict() for e in effects]))
    values = reachable(wf)
    for s, _, effects, _ in kept:
        values += reachable(s) + [v for e in effects for v in reachable(e)]
    changed_frozen = 0
    for value in values:
        changed_frozen += try_to_change(value)
    assert 0 == changed_frozen  # definitions, snapshots and effects refuse every change
    for event in events:  # an event's nested lists are the kernel's (see _event.py) ...
        for value in reachable(event):
            try_to_change(value)
    for s, s_dict, effects, e_dicts in kept:  # ... and changing them changes no result
        assert s_dict == s.to_dict()
        assert e_dicts == [e.to_dict() for e in effects]
    assert plain_data == wf.to_dict()
    assert expected == outcome(wf, log)
    assert wf == WorkflowDefinition.from_dict(plain_data)
    assert hash(wf) == hash(WorkflowDefinition.from_dict(plain_data))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_hash_agrees_with_equality_for_every_value(data: st.DataObject) -> None:
    wf = data.draw(_definitions())
    twin = WorkflowDefinition.from_dict(json.loads(json.dumps(wf.to_dict())))
    assert (wf, hash(wf)) == (twin, hash(twin))
    parts = [*wf.transitions, *wf.guards.values()]
    parts += [e for t in wf.transitions for e in t.effects]
    parts += [c for g in wf.guards.values() for c in (g.test, g.when) if c is not None]
    for part in parts:
        again = pickle.loads(pickle.dumps(part))
        assert (part, hash(part)) == (again, hash(again))
    snap, accepted = start(wf, "T-h"), []
    for event in data.draw(event_logs(wf)):
        try:
            snap, effects = transition(wf, snap, event)
        except cf.errors.WorkflowError:
            continue
        accepted.append(event)
        for e in effects:
            rebuilt = Effect(e.kind, e.rule, e.ticket_id, e.at, e.to_dict()["payload"])  # type: ignore[arg-type]
            assert (e, hash(e)) == (rebuilt, hash(rebuilt))
    back = Snapshot.from_dict(json.loads(json.dumps(snap.to_dict())))
    assert (snap, hash(snap)) == (back, hash(back))
    assert snap == replay_events(wf, "T-h", accepted)


@settings(max_examples=80, deadline=None)
@given(data=st.data())
def test_a_fold_equals_the_live_steps_with_nested_payloads(data: st.DataObject) -> None:
    """The fold freezes its data once, at the end; the live step at every event."""
    wf = data.draw(_definitions())
    log = data.draw(event_logs(wf))
    snap, accepted = start(wf, "T-f"), []
    for event in log:
        try:
            snap, _ = transition(wf, snap, event)
        except cf.errors.WorkflowError:
            continue
        accepted.append(event)
    parts = [(e.name, e._at_us, e.at, e.payload) for e in log]
    refused: list[tuple[int, cf.ComplaintflowError]] = []
    assert snap == fold(wf, "T-f", parts, refused)
    assert snap.state == fold_state(wf, "T-f", parts, [])
    assert snap == replay_events(wf, "T-f", accepted)
    assert len(log) - len(accepted) == len(refused)


def _reachable_mutables(value: object) -> list[object]:
    if isinstance(value, list | dict | set):
        return [value]
    if isinstance(value, Mapping):
        return [m for v in value.values() for m in _reachable_mutables(v)]
    if isinstance(value, tuple):
        return [m for v in value for m in _reachable_mutables(v)]
    return []


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=3),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(max_size=4), _json_values, max_size=4))
def test_an_event_payload_is_deeply_read_only_and_its_own(payload: dict[str, Any]) -> None:
    before = json.loads(json.dumps(payload))
    event = Event("note", _at(0), payload)
    for v in payload.values():  # the caller changes what it passed in, everywhere
        if isinstance(v, list):
            v.append("changed")
        elif isinstance(v, dict):
            v["changed"] = 1
    assert [] == _reachable_mutables(event.payload)
    assert before == event.to_dict()["payload"]
    assert event == Event.from_dict(json.loads(json.dumps(event.to_dict())))
