"""Fuzz targets of the workflows part and the one event type: parsers and the pure step."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.workflows import Snapshot, WorkflowDefinition
from fuzz_strategies import (
    deep_junk,
    instant_inputs,
    instants,
    iso_texts,
    junk,
    maybe_mutated,
    mutated,
)
from fuzzing import attempt, run
from strategies import definition_data, payloads

_SHIPPED = list(cf.workflows.DEFAULT_NAMES)

#: Workflow data: shipped and random valid definitions, bent.
workflow_data = st.one_of(
    st.sampled_from(_SHIPPED).map(cf.workflows.default_data).flatmap(lambda d: mutated(d, 4)),
    definition_data().flatmap(lambda d: maybe_mutated(d, 3)),
)


@given(workflow_data)
def test_workflow_definition_from_dict(data: object) -> None:
    out = run(lambda: WorkflowDefinition.from_dict(data))  # type: ignore[arg-type]
    if out.kind == "ok":
        wf = out.value
        assert wf == WorkflowDefinition.from_dict(wf.to_dict())
        run(lambda: cf.workflows.to_mermaid(wf))
        run(lambda: cf.workflows.shortest_paths(wf))
        snap = cf.workflows.start(wf, "T-1")
        run(lambda: cf.workflows.allowed_events(wf, snap))


definitions = st.one_of(
    st.sampled_from(_SHIPPED).map(cf.workflows.default),
    definition_data().map(WorkflowDefinition.from_dict),
)

_payload_junk = st.one_of(
    st.dictionaries(st.text(max_size=4), deep_junk, max_size=3),
    st.dictionaries(st.sampled_from(["a", "b", "c", "tier", "category"]), junk, max_size=3),
)


@st.composite
def _event_for(draw: st.DrawFn, wf: WorkflowDefinition) -> object:
    """An event of the definition with a fitting or junk payload, or something else."""
    name = draw(st.one_of(st.sampled_from(sorted(wf.events)), st.text(max_size=4)))
    at = draw(instants)
    payload = draw(st.one_of(payloads(wf, name), _payload_junk))
    event = attempt(lambda: cf.Event(name, at, payload))
    if event is not None and draw(st.integers(0, 9)):
        return event
    built = st.builds(lambda at: attempt(lambda: cf.Event(name, at)), instants)
    return draw(st.one_of(junk, built))


@st.composite
def _snapshots(draw: st.DrawFn, wf: WorkflowDefinition) -> object:
    """A fresh snapshot, one rebuilt from bent plain data, or something else."""
    snap = cf.workflows.start(wf, "T-1")
    kind = draw(st.sampled_from(["start", "start", "bent", "junk"]))
    if kind == "start":
        return snap
    if kind == "bent":
        data = snap.to_dict()
        data["state"] = draw(st.one_of(st.sampled_from(sorted(wf.states)), st.text(max_size=3)))
        data["last_at"] = draw(
            st.one_of(st.none(), iso_texts, instants.map(lambda d: d.isoformat()))
        )
        bent = draw(mutated(data, 1))
        return attempt(lambda: Snapshot.from_dict(bent)) or snap
    return draw(junk)


@given(st.data(), definitions)
def test_workflow_transition(data: st.DataObject, wf: WorkflowDefinition) -> None:
    """A host's loop: apply events one by one, keeping each accepted step's snapshot."""
    snap = data.draw(_snapshots(wf))
    for _ in range(data.draw(st.integers(1, 6))):
        event = data.draw(_event_for(wf))
        run(lambda s=snap, e=event: cf.workflows.can(wf, s, e))  # type: ignore[misc]
        out = run(lambda s=snap, e=event: cf.workflows.transition(wf, s, e))  # type: ignore[misc]
        if out.kind == "ok":
            new, effects = out.value
            assert isinstance(new, Snapshot)
            run(lambda fx=effects: [e.to_dict() for e in fx])  # type: ignore[misc]
            back = run(lambda s=new: s.to_dict())  # type: ignore[misc]
            if back.kind == "ok":
                assert new == Snapshot.from_dict(back.value)
            snap = new
    payload = data.draw(st.one_of(st.none(), _payload_junk, junk))
    run(lambda: cf.workflows.allowed_events(wf, snap, payload))  # type: ignore[arg-type]


@given(
    definitions,
    st.one_of(st.text(max_size=3), junk),
    st.lists(
        st.one_of(
            st.builds(  # an instant a UTC datetime cannot hold makes no Event: None instead
                lambda name, at: attempt(lambda: cf.Event(name, at)),
                st.text(min_size=1, max_size=6),
                instants,
            ),
            junk,
        ),
        max_size=4,
    ),
)
def test_workflow_replay_events(wf: WorkflowDefinition, ticket: object, log: list[object]) -> None:
    run(lambda: cf.workflows.replay_events(wf, ticket, log))  # type: ignore[arg-type]


_EVENT_DATA = cf.Event(
    "register", cf.parse_instant("2026-03-02T09:00:00+08:00"), {"complainant": "王女士", "n": [1]}
).to_dict()


@given(
    st.one_of(
        maybe_mutated(_EVENT_DATA, 3),
        st.fixed_dictionaries({"name": st.text(max_size=4), "at": iso_texts}),
    )
)
def test_event_from_dict(data: object) -> None:
    out = run(lambda: cf.Event.from_dict(data))  # type: ignore[arg-type]
    if out.kind == "ok":
        assert out.value == cf.Event.from_dict(out.value.to_dict())


@given(st.one_of(st.text(max_size=4), junk), instant_inputs, st.one_of(_payload_junk, deep_junk))
def test_event_init(name: object, at: object, payload: object) -> None:
    out = run(lambda: cf.Event(name, at, payload))  # type: ignore[arg-type]
    if out.kind == "ok":
        run(lambda: cf.Event.from_dict(out.value.to_dict()))


_SNAPSHOT_DATA = cf.workflows.start(cf.workflows.default("complaint"), "T-1").to_dict()
_SNAPSHOT_DATA["last_at"] = "2026-03-02T09:00:00+08:00"


@given(
    st.one_of(
        maybe_mutated(_SNAPSHOT_DATA, 3),
        st.builds(lambda t: {**_SNAPSHOT_DATA, "last_at": t}, iso_texts),
    )
)
def test_snapshot_from_dict(data: object) -> None:
    out = run(lambda: Snapshot.from_dict(data))  # type: ignore[arg-type]
    if out.kind == "ok":
        snap = out.value
        back = run(lambda: snap.to_dict())
        if back.kind == "ok":
            assert snap == Snapshot.from_dict(back.value)
        run(lambda: snap.last_at)
        wf = cf.workflows.default("complaint")
        at = cf.parse_instant("0001-01-01T00:00:00+14:00")  # an event refuses it
        run(lambda: cf.workflows.transition(wf, snap, cf.Event("register", at)))
