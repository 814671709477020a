"""Hypothesis strategies shared by the test modules, one headed section per part."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from complaintflow.workflows import JSON, Event, TransitionSpec, WorkflowDefinition

# ---------------------------------------------------------------------------
# workflows
# ---------------------------------------------------------------------------

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def satisfying_payload(definition: WorkflowDefinition, spec: TransitionSpec) -> dict[str, JSON]:
    """A payload that passes every guard of ``spec`` (and its ``when`` conditions)."""
    payload: dict[str, JSON] = {}
    for name in spec.guards:
        guard = definition.guards[name]
        if guard.kind == "required":
            for f in guard.fields if guard.match == "all" else guard.fields[:1]:
                payload.setdefault(f, f"{f}-value")
        else:
            assert guard.test is not None
            test = guard.test
            if test.op == "==":
                payload[test.field] = test.value
            elif test.op == "in":
                assert isinstance(test.value, list)
                payload[test.field] = test.value[0]
            else:
                payload[test.field] = "__other__"
    return payload


def field_names(definition: WorkflowDefinition) -> list[str]:
    """Every field any guard of the definition looks at."""
    names: set[str] = set()
    for g in definition.guards.values():
        names.update(g.fields)
        if g.test is not None:
            names.add(g.test.field)
        if g.when is not None:
            names.add(g.when.field)
    return sorted(names)


@st.composite
def payloads(draw: st.DrawFn, definition: WorkflowDefinition, event: str) -> dict[str, JSON]:
    """A payload for ``event``: often one that satisfies some candidate, else random."""
    candidates = [t for t in definition.transitions if t.event == event]
    if candidates and draw(st.booleans()):
        spec = draw(st.sampled_from(candidates))
        base = satisfying_payload(definition, spec)
        drop = draw(st.sets(st.sampled_from(sorted(base)))) if base else set()
        return {k: v for k, v in base.items() if k not in drop}
    names = field_names(definition) or ["x"]
    values: st.SearchStrategy[JSON] = st.one_of(
        st.none(),
        st.just(""),
        st.text(max_size=3),
        st.integers(-2, 2),
        st.just("VIP"),
        st.just("network"),
        st.just("quality"),
        st.just("service"),
    )
    return draw(st.dictionaries(st.sampled_from(names), values, max_size=4))


@st.composite
def event_logs(draw: st.DrawFn, definition: WorkflowDefinition, max_size: int = 12) -> list[Event]:
    """Random (not necessarily valid) events in non-decreasing time order."""
    names = [*sorted(definition.events), "no_such_event"]
    n = draw(st.integers(0, max_size))
    at = T0
    out = []
    for _ in range(n):
        name = draw(st.sampled_from(names))
        at = at + dt.timedelta(minutes=draw(st.integers(0, 600)))
        out.append(Event(name, at, draw(payloads(definition, name))))
    return out


@st.composite
def definition_data(draw: st.DrawFn) -> dict[str, Any]:
    """Plain data of a random *valid* workflow: a chain to the terminal plus guarded extras."""
    n = draw(st.integers(2, 6))
    states = [f"s{i}" for i in range(n)]
    guard_pool: dict[str, Any] = {
        "need_a": {"kind": "required", "rule": "IN-1", "fields": ["a"]},
        "need_a_or_b": {
            "kind": "required",
            "rule": "FLOW-5",
            "fields": ["a", "b"],
            "match": "any",
            "on": "payload",
        },
        "b_is_one": {"kind": "predicate", "rule": "FLOW-3", "field": "b", "op": "==", "value": 1},
        "c_in": {
            "kind": "predicate",
            "rule": "FU-2",
            "field": "c",
            "op": "in",
            "value": [1, 2],
            "when": {"field": "a", "op": "!=", "value": None},
        },
    }
    events = ["go", "hop", "poke"]
    extras = []
    for _ in range(draw(st.integers(0, 6))):
        extras.append(
            {
                "source": draw(st.sampled_from(states[:-1])),
                "event": draw(st.sampled_from(events)),
                "target": draw(st.sampled_from(states)),
                "guards": draw(
                    st.lists(
                        st.sampled_from(sorted(guard_pool)), min_size=1, max_size=2, unique=True
                    )
                ),
                "assign": draw(st.sampled_from([{}, {"flag": True}])),
            }
        )
    chain = [
        {"source": states[i], "event": "go", "target": states[i + 1], "rule": "FLOW-1"}
        for i in range(n - 1)
    ]
    transitions = extras + chain
    used_guards = {g for t in transitions for g in t.get("guards", [])}
    used_events = {t["event"] for t in transitions}
    return {
        "name": "random",
        "version": draw(st.integers(1, 3)),
        "initial": states[0],
        "terminal": [states[-1]],
        "states": {s: {"rule": "FLOW-6"} for s in states},
        "events": sorted(used_events),
        "guards": {k: v for k, v in guard_pool.items() if k in used_guards},
        "transitions": transitions,
    }
