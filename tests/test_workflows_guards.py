"""Every guard kind, ``when`` condition, ``assign``, ``collect`` and ``include`` path of the step.

Also the step's refusal texts and the views ``allowed_events`` and a lenient fold read.

Each case builds a one-guard workflow and asks four parties the same question (the
compiled step, ``can``, ``Guard.check`` and the ``transitions`` machine), so a wrong
comparison, view or default in any of the compiled forms fails here. Written to kill
the mutants of ``_spec.py`` and ``_transition.py`` that the shipped workflows'
tests left alive.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from complaintflow import ComplaintflowError
from complaintflow._time import to_us
from complaintflow.errors import (
    EventOrderError,
    GuardFailedError,
    SnapshotMismatchError,
    WorkflowError,
)
from complaintflow.workflows import (
    Condition,
    Event,
    Guard,
    Snapshot,
    TransitionSpec,
    WorkflowDefinition,
    WorkflowMachine,
    allowed_events,
    can,
    transition,
)
from complaintflow.workflows._transition import fold_state
from strategies import T0


def lab(
    guard: dict[str, Any] | None = None,
    *,
    assign: dict[str, Any] | None = None,
    collect: dict[str, str] | None = None,
    effects: list[dict[str, Any]] | None = None,
) -> WorkflowDefinition:
    """A workflow whose ``go`` self-loop on ``a`` carries what is under test."""
    go: dict[str, Any] = {"source": "a", "event": "go", "target": "a"}
    if guard is not None:
        go["guards"] = ["g"]
    for key, value in (("assign", assign), ("collect", collect), ("effects", effects)):
        if value is not None:
            go[key] = value
    return WorkflowDefinition.from_dict(
        {
            "name": "lab",
            "version": 1,
            "initial": "a",
            "terminal": ["z"],
            "states": ["a", "z"],
            "events": ["go", "seed", "finish"],
            "guards": {} if guard is None else {"g": {"rule": "IN-1", **guard}},
            "transitions": [
                go,
                {"source": "a", "event": "seed", "target": "a"},  # data for the fold
                {"source": "a", "event": "finish", "target": "z"},
            ],
        }
    )


def at(data: dict[str, Any]) -> Snapshot:
    return Snapshot("lab", 1, "L-1", "a", data)


def passes(guard: dict[str, Any], data: dict[str, Any], payload: dict[str, Any]) -> bool:
    """Whether ``go`` gets through; every party must give the same answer.

    The step, ``can`` and ``Guard.check`` see frozen data (tuples); the lenient fold
    sees the plain lists of its parts, as replay does.
    """
    wf = lab(guard)
    snap = at(data)
    us = to_us(T0, "at")
    refused: list[tuple[int, ComplaintflowError]] = []
    fold_state(wf, "L-1", [("seed", us, T0, data), ("go", us, T0, payload)], refused)
    folded = [i for i, _ in refused] == []
    try:
        transition(wf, snap, Event("go", T0, payload))
        live = True
    except GuardFailedError:
        live = False
    assert live == can(wf, snap, Event("go", T0, payload)).allowed
    assert live == (wf.guards["g"].check(snap.data, payload) is None)
    assert live == (WorkflowMachine(wf).next_state("a", "go", snap.data, payload) == "a")
    assert live == folded
    return live


REQUIRED = {"kind": "required", "fields": ["x", "y"]}
ANY = {"kind": "required", "fields": ["x", "y"], "match": "any"}


def when(op: str, value: Any) -> dict[str, Any]:
    return {"kind": "required", "fields": ["x"], "when": {"field": "k", "op": op, "value": value}}


def pred(op: str, value: Any, **extra: Any) -> dict[str, Any]:
    return {"kind": "predicate", "field": "t", "op": op, "value": value, **extra}


CASES: list[tuple[str, dict[str, Any], dict[str, Any], dict[str, Any], bool]] = [
    # required, all fields, on the merged view
    ("all: data and payload together", REQUIRED, {"x": 1}, {"y": 2}, True),
    ("all: one missing", REQUIRED, {"x": 1}, {}, False),
    ("all: empty text is missing", REQUIRED, {"x": 1}, {"y": ""}, False),
    ("all: None is missing", REQUIRED, {"x": 1}, {"y": None}, False),
    ("all: 0 is present", REQUIRED, {"x": 0}, {"y": 0}, True),
    ("all: False is present", REQUIRED, {"x": False}, {"y": False}, True),
    ("all: an empty list is present", REQUIRED, {"x": []}, {"y": []}, True),
    ("all: the payload hides data", REQUIRED, {"x": 1, "y": 1}, {"y": ""}, False),
    # on one view only
    ("all on payload: data does not count", {**REQUIRED, "on": "payload"}, {"x": 1, "y": 1},
     {"x": 1}, False),
    ("all on payload", {**REQUIRED, "on": "payload"}, {}, {"x": 1, "y": 1}, True),
    ("all on data", {**REQUIRED, "on": "data"}, {"x": 1, "y": 1}, {}, True),
    ("all on data: the payload does not count", {**REQUIRED, "on": "data"}, {"x": 1},
     {"y": 1}, False),
    # required, any field
    ("any: one is enough", ANY, {}, {"y": 1}, True),
    ("any: none", ANY, {}, {}, False),
    ("any: empty and None are missing", ANY, {}, {"x": "", "y": None}, False),
    ("any: 0 is present", ANY, {}, {"x": "", "y": 0}, True),
    ("any on payload: data does not count", {**ANY, "on": "payload"}, {"x": 1}, {}, False),
    ("any on data", {**ANY, "on": "data"}, {"y": 1}, {}, True),
    # when: the guard applies only where the condition holds (on the merged view)
    ("when ==: applies", when("==", "v"), {}, {"k": "v"}, False),
    ("when ==: applies and met", when("==", "v"), {}, {"k": "v", "x": 1}, True),
    ("when ==: does not apply", when("==", "v"), {}, {"k": "w"}, True),
    ("when ==: missing field does not apply", when("==", "v"), {}, {}, True),
    ("when !=: applies", when("!=", "v"), {}, {"k": "w"}, False),
    ("when !=: does not apply", when("!=", "v"), {}, {"k": "v"}, True),
    ("when !=: missing field does not apply", when("!=", "v"), {}, {}, True),
    ("when in: applies", when("in", ["v", "u"]), {}, {"k": "u"}, False),
    ("when in: does not apply", when("in", ["v", "u"]), {}, {"k": "q"}, True),
    ("when not in: applies", when("not in", ["v", "u"]), {}, {"k": "q"}, False),
    ("when not in: does not apply", when("not in", ["v", "u"]), {}, {"k": "v"}, True),
    ("when not in: missing field does not apply", when("not in", ["v"]), {}, {}, True),
    ("when reads data too", when("==", "v"), {"k": "v"}, {}, False),
    ("when reads the merged view, the guard its own",
     {**when("==", "v"), "on": "payload"}, {"k": "v", "x": 1}, {}, False),
    # predicates
    ("== holds", pred("==", "VIP"), {}, {"t": "VIP"}, True),
    ("== fails", pred("==", "VIP"), {}, {"t": "vip"}, False),
    ("== missing", pred("==", "VIP"), {}, {}, False),
    ("== None is a value", pred("==", None), {}, {"t": None}, True),
    ("== None, missing", pred("==", None), {}, {}, False),
    ("!= holds", pred("!=", "VIP"), {}, {"t": "x"}, True),
    ("!= fails", pred("!=", "VIP"), {}, {"t": "VIP"}, False),
    ("!= missing never holds", pred("!=", "VIP"), {}, {}, False),
    ("in holds", pred("in", ["a", "b"]), {}, {"t": "b"}, True),
    ("in fails", pred("in", ["a", "b"]), {}, {"t": "c"}, False),
    ("in missing", pred("in", ["a", "b"]), {}, {}, False),
    ("not in holds", pred("not in", ["a", "b"]), {}, {"t": "c"}, True),
    ("not in fails", pred("not in", ["a", "b"]), {}, {"t": "a"}, False),
    ("not in missing never holds", pred("not in", ["a", "b"]), {}, {}, False),
    ("on data", pred("==", 1, on="data"), {"t": 1}, {"t": 2}, True),
    ("on data: the payload does not count", pred("==", 1, on="data"), {"t": 2}, {"t": 1},
     False),
    ("on payload", pred("==", 1, on="payload"), {}, {"t": 1}, True),
    ("on payload: data does not count", pred("==", 1, on="payload"), {"t": 1}, {}, False),
    ("merged: the payload wins", pred("==", 1), {"t": 2}, {"t": 1}, True),
    ("merged: data counts", pred("==", 1), {"t": 1}, {}, True),
    ("predicate when: does not apply",
     pred("==", "VIP", when={"field": "c", "op": "==", "value": "x"}), {}, {"c": "y"}, True),
    ("predicate when: applies",
     pred("==", "VIP", when={"field": "c", "op": "==", "value": "x"}), {}, {"c": "x", "t": "n"},
     False),
    # nested values: a list compared whole, lists among the options
    ("== a list, from the payload", pred("==", [1, 2]), {}, {"t": [1, 2]}, True),
    ("== a list, kept in the data", pred("==", [1, 2]), {"t": [1, 2]}, {}, True),
    ("== a list, another order", pred("==", [1, 2]), {}, {"t": [2, 1]}, False),
    ("== a dict", pred("==", {"k": [1]}), {"t": {"k": [1]}}, {}, True),
    ("!= a list", pred("!=", [1, 2]), {}, {"t": [1]}, True),
    ("!= the same list", pred("!=", [1, 2]), {"t": [1, 2]}, {}, False),
    ("in: a list among the options", pred("in", [[1], 2]), {}, {"t": [1]}, True),
    ("in: a scalar among them", pred("in", [[1], 2]), {"t": 2}, {}, True),
    ("in: not there", pred("in", [[1], 2]), {}, {"t": [2]}, False),
    ("not in: a list among the options", pred("not in", [[1], 2]), {"t": [1]}, {}, False),
    ("not in: not there", pred("not in", [[1], 2]), {}, {"t": [2]}, True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("guard", "data", "payload", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_each_guard_option_decides_as_specified(
    guard: dict[str, Any], data: dict[str, Any], payload: dict[str, Any], expected: bool
) -> None:
    assert expected == passes(guard, data, payload)


@pytest.mark.parametrize(
    ("guard", "payload", "message"),
    [
        (REQUIRED, {}, "missing required fields 'x', 'y' (IN-1)"),
        (REQUIRED, {"x": 1, "y": ""}, "missing required field 'y' (IN-1)"),
        (ANY, {"x": None}, "needs one of the fields 'x', 'y' (IN-1)"),
        (pred("==", "VIP"), {"t": "vip"}, "needs t == 'VIP', got 'vip' (IN-1)"),
        (pred("==", "VIP"), {}, "needs t == 'VIP', got missing (IN-1)"),
        (pred("in", ["a", "b"]), {"t": "c"}, "needs t in ['a', 'b'], got 'c' (IN-1)"),
        (pred("==", [1]), {"t": [2]}, "needs t == [1], got [2] (IN-1)"),
        ({**REQUIRED, "on": "data"}, {"x": 1, "y": 1}, "missing required fields 'x', 'y'"),
    ],
)
def test_a_refusal_names_what_is_missing_or_wrong(
    guard: dict[str, Any], payload: dict[str, Any], message: str
) -> None:
    wf = lab(guard)
    with pytest.raises(GuardFailedError) as info:
        transition(wf, at({}), Event("go", T0, payload))
    assert [("g", "IN-1")] == [(g, r) for g, r, _ in info.value.reasons]
    assert info.value.reasons[0][2].startswith(message)
    assert wf.guards["g"].check({}, payload) == info.value.reasons[0][2]
    assert f"guard 'g' {info.value.reasons[0][2]}" in str(info.value)


def test_condition_holds_never_on_a_missing_field() -> None:
    for op, value in (("==", None), ("!=", 1), ("in", [None]), ("not in", [1])):
        assert not Condition("t", op, value).holds({})
    assert Condition("t", "in", "ab").holds({"t": "ab"})  # a scalar is one option,
    assert not Condition("t", "in", "ab").holds({"t": "a"})  # not a string to search
    assert Condition("t", "not in", "ab").holds({"t": "a"})


def test_a_guard_built_by_hand_on_one_scalar_option_tests_that_option() -> None:
    guard = Guard("g", "predicate", "IN-1", test=Condition("t", "in", "ab"))
    wf = WorkflowDefinition(
        "lab", 1, "a", {"z"}, {"a": {}, "z": {}}, {"go": {}, "finish": {}}, {"g": guard},
        [TransitionSpec("a", "go", "a", ("g",)), TransitionSpec("a", "finish", "z")],
    )  # fmt: skip
    assert "a" == transition(wf, at({}), Event("go", T0, {"t": "ab"}))[0].state
    with pytest.raises(GuardFailedError, match="needs t in 'ab', got 'a'"):
        transition(wf, at({}), Event("go", T0, {"t": "a"}))


def go(wf: WorkflowDefinition, data: dict[str, Any], payload: dict[str, Any]) -> Snapshot:
    return transition(wf, at(data), Event("go", T0, payload))[0]


def test_assign_merges_constants_over_the_payload() -> None:
    wf = lab(assign={"flag": True, "tags": ["a", {"b": [1]}]})
    snap = go(wf, {"kept": 1}, {"flag": False, "other": 2})
    assert {"kept": 1, "flag": True, "other": 2, "tags": ["a", {"b": [1]}]} == (
        snap.to_dict()["data"]
    )
    assert ("a", {"b": (1,)}) == snap.data["tags"]


def test_collect_appends_the_payload_field_to_a_list_in_the_data() -> None:
    wf = lab(collect={"items": "a"})
    one = go(wf, {}, {"a": 1})
    assert (1,) == one.data["items"]
    two = transition(wf, one, Event("go", T0, {"a": [2]}))[0]
    assert (1, (2,)) == two.data["items"]
    assert [1, [2]] == two.to_dict()["data"]["items"]  # type: ignore[index]
    assert (1,) == one.data["items"]  # the older snapshot keeps its own tuple
    untouched = go(wf, {"items": [5]}, {"b": 1})
    assert (5,) == untouched.data["items"]
    assert "a" not in untouched.data
    assert (0, 1) == go(wf, {"items": [9]}, {"items": [0], "a": 1}).data["items"]
    assert (1,) == go(wf, {"items": None}, {"a": 1}).data["items"]
    assert (1,) == go(wf, {"items": []}, {"a": 1}).data["items"]


@pytest.mark.parametrize(
    ("data", "payload"),
    [({"items": "T-0"}, {"a": 1}), ({}, {"items": "T-0", "a": 1}), ({"items": {"k": 1}}, {"a": 1})],
)
def test_collecting_into_what_is_no_list_is_refused(
    data: dict[str, Any], payload: dict[str, Any]
) -> None:
    wf = lab(collect={"items": "a"})
    with pytest.raises(WorkflowError) as info:
        go(wf, data, payload)
    assert ("data.items", "a", "go") == (info.value.field, info.value.state, info.value.event)
    assert "L-1" == info.value.ticket
    held = repr(data.get("items", payload.get("items")))
    assert str(info.value).endswith(
        f"data field 'items' holds {held}, not a list, so 'a' cannot be collected into it"
    )


def test_collect_appends_to_the_list_as_payload_and_assign_left_it() -> None:
    wf = lab(assign={"items": ["A"]}, collect={"items": "a"})
    assert ("A", 1) == go(wf, {"items": [5]}, {"a": 1}).data["items"]
    assert ("A", 1) == go(wf, {"items": [5]}, {"items": [0], "a": 1}).data["items"]
    assert ("A",) == go(wf, {"items": [5]}, {}).data["items"]


def test_include_copies_present_fields_of_the_merged_data_over_the_params() -> None:
    wf = lab(
        assign={"flag": True},
        effects=[
            {
                "kind": "tell",
                "rule": "IN-3",
                "params": {"p": 1, "a": "param", "n": ["x"]},
                "include": ["a", "d", "flag", "absent"],
            },
            {"kind": "log", "rule": "IN-7"},
        ],
    )
    snap, effects = transition(wf, at({"d": "from data"}), Event("go", T0, {"a": [1]}))
    assert [("tell", "IN-3"), ("log", "IN-7")] == [(e.kind, e.rule) for e in effects]
    assert {"p": 1, "a": [1], "n": ["x"], "d": "from data", "flag": True} == (
        effects[0].to_dict()["payload"]
    )
    assert {} == effects[1].to_dict()["payload"]
    assert all(("L-1", T0) == (e.ticket_id, e.at) for e in effects)
    assert snap.data["a"] is effects[0].payload["a"]  # one frozen tuple, shared safely


def test_events_at_the_same_instant_apply_in_order_and_earlier_ones_do_not() -> None:
    wf = lab()
    snap = go(wf, {}, {})
    same = transition(wf, snap, Event("go", snap.last_at or T0, {}))[0]
    assert 2 == same.steps
    with pytest.raises(WorkflowError, match="earlier than the last event"):
        transition(wf, same, Event("go", T0 - dt.timedelta(microseconds=1), {}))


def test_allowed_events_tests_each_view_as_the_step_does() -> None:
    wf = lab({"kind": "required", "fields": ["x"], "on": "data"})
    assert ("go", "seed", "finish") == allowed_events(wf, at({"x": 1}), {})
    assert ("seed", "finish") == allowed_events(wf, at({}), {"x": 1})
    wf = lab({"kind": "required", "fields": ["x"], "on": "payload"})
    assert ("seed", "finish") == allowed_events(wf, at({"x": 1}), {})
    assert ("go", "seed", "finish") == allowed_events(wf, at({}), {"x": 1})
    wf = lab({"kind": "required", "fields": ["x", "y"]})  # the merged view
    assert ("go", "seed", "finish") == allowed_events(wf, at({"x": 1}), {"y": 2})
    assert ("seed", "finish") == allowed_events(wf, at({"x": 1}), {"y": ""})


def test_a_refused_event_in_a_lenient_fold_names_the_ticket() -> None:
    wf = lab({"kind": "required", "fields": ["x"]})
    parts = [("go", to_us(T0, "at"), T0, {}), ("go", to_us(T0, "at"), T0, {"x": 1})]
    refused: list[tuple[int, ComplaintflowError]] = []
    assert "a" == fold_state(wf, "L-7", parts, refused)
    assert [(0, "L-7", "IN-1")] == [(i, e.ticket, e.rule) for i, e in refused]  # type: ignore[attr-defined]


def test_a_lenient_fold_refuses_an_event_out_of_order_as_the_step_does() -> None:
    wf = lab()
    late, early = T0 + dt.timedelta(hours=1), T0
    parts = [("go", to_us(late, "at"), late, {}), ("go", to_us(early, "at"), early, {})]
    refused: list[tuple[int, ComplaintflowError]] = []
    fold_state(wf, "L-1", parts, refused)
    snap = transition(wf, at({}), Event("go", late, {}))[0]
    with pytest.raises(EventOrderError) as live:
        transition(wf, snap, Event("go", early, {}))
    assert [(1, str(live.value))] == [(i, str(e)) for i, e in refused]


def test_order_and_mismatch_errors_say_what_to_do() -> None:
    wf = lab()
    snap = transition(wf, at({}), Event("go", T0 + dt.timedelta(hours=1), {}))[0]
    with pytest.raises(EventOrderError) as order:
        transition(wf, snap, Event("go", T0, {}))
    assert str(order.value).endswith(
        "the event at 2026-03-02T09:00:00+08:00 is earlier than the last event at "
        "2026-03-02T02:00:00+00:00; events must be applied in time order"
    )
    assert ("event.at", T0) == (order.value.field, order.value.value)
    assert ("L-1", "a", "go") == (order.value.ticket, order.value.state, order.value.event)
    other = Snapshot("lab", 2, "L-1", "a", {})
    with pytest.raises(SnapshotMismatchError) as mismatch:
        transition(wf, other, Event("go", T0, {}))
    assert str(mismatch.value).endswith(
        "the snapshot is of workflow 'lab' version 2 schema 1, the definition is 'lab' "
        "version 1 schema 1; migrate the snapshot or replay its events with this definition"
    )
    assert ("snapshot.workflow", ("lab", 2, 1)) == (mismatch.value.field, mismatch.value.value)
    assert ("L-1", "a", "go") == (mismatch.value.ticket, mismatch.value.state, mismatch.value.event)


def test_every_refusing_candidate_is_named_in_the_message() -> None:
    wf = WorkflowDefinition.from_dict(
        {
            "name": "two", "version": 1, "initial": "a", "terminal": ["b", "c"],
            "states": ["a", "b", "c"], "events": ["go"],
            "guards": {
                "gb": {"kind": "required", "rule": "IN-1", "fields": ["x"]},
                "gc": {"kind": "predicate", "rule": "IN-2", "field": "y", "op": "==", "value": 1},
            },
            "transitions": [
                {"source": "a", "event": "go", "target": "b", "guards": ["gb"]},
                {"source": "a", "event": "go", "target": "c", "guards": ["gc"]},
            ],
        }
    )  # fmt: skip
    snap = Snapshot("two", 1, "T-2", "a", {})
    with pytest.raises(GuardFailedError) as info:
        transition(wf, snap, Event("go", T0, {"y": 2}))
    assert str(info.value).endswith(
        "refused: guard 'gb' missing required field 'x' (IN-1); "
        "guard 'gc' needs y == 1, got 2 (IN-2)"
    )
    assert "c" == transition(wf, snap, Event("go", T0, {"y": 1}))[0].state
