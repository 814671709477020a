"""Workflows: definitions checked when built, the pure step, replay, shipped workflows."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from collections.abc import Callable
from typing import Any

import pendulum
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow._time import to_us
from complaintflow.errors import (
    EventNotAllowedError,
    EventOrderError,
    GuardFailedError,
    SnapshotMismatchError,
    ValidationError,
    WorkflowError,
    WrongTypeError,
)
from complaintflow.workflows import (
    DEFAULT_NAMES,
    Effect,
    Event,
    Snapshot,
    WorkflowDefinition,
    WorkflowMachine,
    allowed_events,
    can,
    default,
    default_data,
    replay_events,
    shortest_paths,
    start,
    transition,
    transition_paths,
)
from complaintflow.workflows._transition import fold, fold_state
from strategies import (
    T0,
    definition_data,
    event_logs,
    junk_values,
    satisfying_payload,
    value_paths,
)

H = dt.timedelta(hours=1)
#: Every rule ID of DOMAIN.md §1-6 (the IDs a default may cite).
DOMAIN_IDS = (
    {f"IN-{i}" for i in range(1, 9)}
    | {f"FLOW-{i}" for i in range(1, 13)}
    | {f"SLA-{i}" for i in range(1, 11)}
    | {f"FU-{i}" for i in range(1, 14)}
)
INTAKE = {"complainant": "王女士", "contact": "138", "channel": "phone", "content": "多扣费"}
NETWORK = {
    "location": "宿城区 幸福路 3 栋",
    "signal": "weak",
    "handset_model": "X1",
    "failure": "calling",
    "since": "2026-03-01",
    "other_handset_tried": False,
}


def ev(name: str, hours: float = 0, **payload: cf.workflows.JSON) -> Event:
    return Event(name, T0 + hours * H, payload)


def run(wf: WorkflowDefinition, *events: Event, ticket: str = "T-1") -> Snapshot:
    return replay_events(wf, ticket, events)


def minimal_data() -> dict[str, object]:
    return {
        "name": "mini",
        "version": 1,
        "initial": "a",
        "terminal": ["z"],
        "states": ["a", "z"],
        "events": ["go"],
        "transitions": [{"source": "a", "event": "go", "target": "z"}],
    }


def walk(wf: WorkflowDefinition, path: tuple[cf.workflows.TransitionSpec, ...]) -> Snapshot:
    """Drive a path with payloads that satisfy each transition's guards."""
    snap = start(wf, "T-path")
    for i, spec in enumerate(path):
        snap, _ = transition(wf, snap, ev(spec.event, i, **satisfying_payload(wf, spec)))
        assert spec.target == snap.state, (spec, snap.state)
    return snap


def assert_unchanged_by(wf: WorkflowDefinition, snap: Snapshot, event: Event) -> WorkflowError:
    before = snap.to_dict()
    with pytest.raises(WorkflowError) as info:
        transition(wf, snap, event)
    assert before == snap.to_dict()
    return info.value


# --- the shipped definitions -------------------------------------------------------


@pytest.mark.parametrize("name", DEFAULT_NAMES)
def test_shipped_round_trip_through_plain_data(name: str) -> None:
    wf = default(name)
    assert wf == WorkflowDefinition.from_dict(json.loads(json.dumps(wf.to_dict())))
    assert default_data(name) is not default_data(name)


@pytest.mark.parametrize("name", DEFAULT_NAMES)
def test_every_shipped_guard_effect_state_and_transition_cites_a_domain_rule(name: str) -> None:
    wf = default(name)
    cited = [g.rule for g in wf.guards.values()]
    cited += [e.rule for t in wf.transitions for e in t.effects]
    cited += [str(t.rule) for t in wf.transitions]
    cited += [str(s.get("rule")) for s in wf.states.values()]
    assert set() == set(cited) - DOMAIN_IDS


def test_complaint_covers_the_lifecycle_rules() -> None:
    wf = default("complaint")
    cited = {t.rule for t in wf.transitions} | {g.rule for g in wf.guards.values()}
    cited |= {e.rule for t in wf.transitions for e in t.effects}
    want = {f"FLOW-{i}" for i in (1, 2, 3, 4, 5, 6, 7, 8, 11, 12)}
    want |= {"IN-1", "IN-2", "IN-3", "IN-6", "IN-8"}
    assert set() == want - cited - {"FU-3"}
    assert {"FU-3"} <= cited  # FU-2 (every VIP) is within FLOW-8 (every complaint)


def test_reassign_and_link_incident_from_every_open_complaint_state() -> None:
    wf = default("complaint")
    for state in wf.states:
        accepted = set(wf.accepts(state))
        open_moves = {"reassign", "link_incident", "incident_resolved", "report_to_police"}
        assert (state in wf.terminal) == (open_moves - accepted != set())


def test_shipped_unknown_name_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError, match="complaint"):
        default("praise")


# --- model-based: shortest paths to every state and every transition ---------------

PATH_CASES = [(n, s) for n in DEFAULT_NAMES for s in shortest_paths(default(n))]
TRANSITION_CASES = [(n, i) for n in DEFAULT_NAMES for i in range(len(default(n).transitions))]


@pytest.mark.parametrize(("name", "state"), PATH_CASES, ids=[f"{n}:{s}" for n, s in PATH_CASES])
def test_shortest_path_reaches_every_state(name: str, state: str) -> None:
    wf = default(name)
    assert state == walk(wf, shortest_paths(wf)[state]).state


def test_shortest_paths_cover_every_state() -> None:
    for name in DEFAULT_NAMES:
        assert sorted(default(name).states) == sorted(shortest_paths(default(name)))


@pytest.mark.parametrize(("name", "index"), TRANSITION_CASES)
def test_every_transition_fires_on_its_shortest_path(name: str, index: int) -> None:
    wf = default(name)
    path = transition_paths(wf)[index]
    assert wf.transitions[index] is path[-1]
    assert wf.transitions[index].target == walk(wf, path).state


# --- type-specific guards (IN-6, FLOW-5/6, FU-2) -----------------------------------


def test_network_complaint_needs_the_in6_fields() -> None:
    wf = default("complaint")
    snap = start(wf, "T-9")
    err = assert_unchanged_by(wf, snap, ev("register", **INTAKE, category="network"))
    assert isinstance(err, GuardFailedError)
    assert ("T-9", "received", "register", "IN-6") == (err.ticket, err.state, err.event, err.rule)
    assert "location" in str(err)
    done, _ = transition(wf, snap, ev("register", **INTAKE, category="network", **NETWORK))
    assert "registered" == done.state
    billing, _ = transition(wf, snap, ev("register", **INTAKE, category="billing"))
    assert "registered" == billing.state


def test_registration_needs_the_in1_form() -> None:
    wf = default("complaint")
    err = assert_unchanged_by(wf, start(wf, "T-1"), ev("register", contact="138"))
    assert "IN-1" == err.rule


def _resolved(tier: str) -> Snapshot:
    wf = default("complaint")
    return run(
        wf,
        ev("register", 0, **INTAKE, category="billing", tier=tier),
        ev("accept", 1, department="计费中心"),
        ev("investigate", 2, owner="张工", problem_kind="service"),
        ev("propose", 3, solutions=["refund", "apology"]),
        ev("approve", 4, approved_by="李主管", chosen_solution="refund"),
        ev("notify", 5),
        ev("confirm", 6, confirmed_by="王女士"),
    )


REACHED = {"visit_outcome": "reached", "visit_result": "已解决", "satisfaction": "satisfied"}


@pytest.mark.parametrize("tier", ["VIP", "ordinary"])
def test_flow8_a_handled_complaint_closes_only_with_its_return_visit_recorded(tier: str) -> None:
    # FLOW-8: every handled complaint gets a return visit; FU-2 (every VIP) follows.
    wf = default("complaint")
    resolved = _resolved(tier)
    err = assert_unchanged_by(wf, resolved, ev("close", 7))
    assert isinstance(err, EventNotAllowedError)  # 'resolved' closes only via the visit
    assert "record_return_visit" in str(err)
    scheduled, effects = transition(wf, resolved, ev("schedule_return_visit", 7))
    assert [("schedule_return_visit", "FLOW-8")] == [(e.kind, e.rule) for e in effects]
    assert "FU-4" == effects[0].payload["policy_rule"]
    assert_unchanged_by(wf, scheduled, ev("close", 8))  # scheduled is not done
    visited, _ = transition(wf, scheduled, ev("record_return_visit", 8, **REACHED))
    closed, _ = transition(wf, visited, ev("close", 9))
    assert ("closed", "2026-03-02T18:00:00+08:00") == (closed.state, closed.data["closed_at"])


def test_fu3_a_return_visit_is_recorded_reached_or_unreachable_as_such() -> None:
    wf = default("complaint")
    resolved = _resolved("ordinary")
    err = assert_unchanged_by(
        wf, resolved, ev("record_return_visit", 7, visit_result="ok", satisfaction="satisfied")
    )  # the outcome must be named
    assert {("visit_reached", "FU-3"), ("visit_unreachable", "FU-3")} == {
        (g, r)
        for g, r, _ in err.reasons  # type: ignore[attr-defined]
    }
    err = assert_unchanged_by(
        wf, resolved, ev("record_return_visit", 7, visit_outcome="reached", visit_result="ok")
    )
    assert "missing required field 'satisfaction' (FU-3)" in str(err)
    err = assert_unchanged_by(
        wf, resolved, ev("record_return_visit", 7, visit_outcome="unreachable")
    )
    assert "missing required field 'attempts' (FU-3)" in str(err)
    unreachable, _ = transition(
        wf, resolved, ev("record_return_visit", 7, visit_outcome="unreachable", attempts=3)
    )
    assert ("return_visited", 3) == (unreachable.state, unreachable.data["attempts"])
    assert "closed" == transition(wf, unreachable, ev("close", 8))[0].state


def test_closing_needs_confirmation_or_a_review_outcome() -> None:
    wf = default("complaint")
    invalid = run(wf, ev("register", 0, **INTAKE), ev("reject", 1, reply="政策如此"))
    err = assert_unchanged_by(wf, invalid, ev("close", 2))
    assert ("FLOW-5", "confirmed_or_reviewed") == (err.rule, err.field)
    assert "closed" == transition(wf, invalid, ev("close", 2, confirmed_by="王女士"))[0].state


def test_unsatisfied_customer_goes_through_review_second_review_and_escalation() -> None:
    wf = default("complaint")
    snap = run(
        wf,
        ev("register", 0, **INTAKE),
        ev("accept", 1, department="客服"),
        ev("investigate", 2, owner="赵", problem_kind="quality"),
        ev("propose", 3, solutions=["repair"]),
        ev("approve", 4, approved_by="主管", chosen_solution="repair"),
        ev("notify", 5),
        ev("dissatisfied", 6),
        ev("review", 7, review_outcome="partial refund"),
        ev("dissatisfied", 8),
        ev("review", 9, review_outcome="upheld"),
    )
    assert "second_reviewed" == snap.state
    escalated, effects = transition(wf, snap, ev("escalate", 10, escalated_to="省公司"))
    assert [("escalate", "FLOW-6"), ("notify_result", "FLOW-7")] == [
        (e.kind, e.rule) for e in effects
    ]
    assert "the regulator" in effects[1].payload["remedies"]  # type: ignore[operator]
    resolved, _ = transition(wf, escalated, ev("conclude", 11, review_outcome="compensated"))
    visited, _ = transition(wf, resolved, ev("record_return_visit", 12, **REACHED))
    assert "closed" == transition(wf, visited, ev("close", 13))[0].state


def test_quality_and_service_problems_route_to_different_owners() -> None:
    wf = default("complaint")
    accepted = run(wf, ev("register", 0, **INTAKE), ev("accept", 1, department="d"))
    q = transition(wf, accepted, ev("investigate", 2, owner="o", problem_kind="quality"))[0]
    s = transition(wf, accepted, ev("investigate", 2, owner="o", problem_kind="service"))[0]
    assert ("investigating_quality", "investigating_service") == (q.state, s.state)
    err = assert_unchanged_by(wf, accepted, ev("investigate", 2, owner="o", problem_kind="x"))
    assert isinstance(err, GuardFailedError)
    assert [("quality_problem", "FLOW-3"), ("service_problem", "FLOW-3")] == [
        (g, r) for g, r, _m in err.reasons
    ]


# --- effects -----------------------------------------------------------------------


def test_registration_acknowledges_with_ticket_and_deadline_rule() -> None:
    wf = default("complaint")
    at = pendulum.datetime(2026, 3, 2, 9, 30, tz="Asia/Shanghai")
    _, effects = transition(wf, start(wf, "T-7"), Event("register", at, INTAKE))
    expected = Effect(
        "acknowledge",
        "IN-3",
        "T-7",
        at,
        {"deadline_rule": "SLA-3", "contact": "138", "channel": "phone"},
    )
    assert (expected,) == effects
    assert json.loads(json.dumps(effects[0].to_dict())) == effects[0].to_dict()


def test_acceptance_notifies_the_responsible_department() -> None:
    wf = default("complaint")
    _, effects = transition(
        wf, run(wf, ev("register", 0, **INTAKE)), ev("accept", 1, department="D")
    )
    assert [("notify_department", "FLOW-2", "D")] == [
        (e.kind, e.rule, e.payload["department"]) for e in effects
    ]


def test_incident_links_many_complaints_and_resolves_them_together() -> None:
    wf = default("incident")
    snap = run(
        wf,
        ev("report", 0, incident_kind="outage", scope="宿城区", description="基站故障"),
        ev("link_complaint", 1, ticket="T-1"),
        ev("start_plan", 2, plan="EP-3"),
        ev("link_complaint", 3, ticket="T-2"),
        ev("inform", 4, message="抢修中"),
    )
    assert ("T-1", "T-2") == snap.data["linked_tickets"]  # frozen: a tuple
    assert ["T-1", "T-2"] == snap.to_dict()["data"]["linked_tickets"]  # type: ignore[index]
    _, effects = transition(wf, snap, ev("recover", 5, cause="power"))
    resolving = [e for e in effects if e.kind == "resolve_linked"]
    assert [("T-1", "incident_resolved", "power", "FLOW-12")] * 1 + [
        ("T-2", "incident_resolved", "power", "FLOW-12")
    ] == [(e.payload["ticket"], e.payload["event"], e.payload["cause"], e.rule) for e in resolving]
    [broadcast] = [e for e in effects if e.kind == "notify_customers"]
    assert ["T-1", "T-2"] == broadcast.to_dict()["payload"]["linked_tickets"]  # type: ignore[index]


def test_in7_an_inquiry_without_the_caller_s_name_is_refused() -> None:
    wf = default("inquiry")
    err = assert_unchanged_by(wf, start(wf, "Q"), ev("answer", 0, contact="c", question="q",
                                                     answer="a"))  # fmt: skip
    assert "IN-7" == err.rule
    assert "duty_log" in str(err)


def test_in4_triage_converts_an_inquiry_to_a_complaint_with_its_history() -> None:
    wf = default("inquiry")
    snap, effects = transition(wf, start(wf, "Q"), ev(
        "transfer", 0, caller="李先生", contact="138", question="为何多扣费", channel="phone",
        department="计费中心", expected_wait="2 business days"))  # fmt: skip
    snap, effects = transition(wf, snap, ev("convert", 1, content="多扣月租，要求退费"))
    assert "converted" == snap.state
    [opened] = effects
    assert ("open_complaint", "IN-4") == (opened.kind, opened.rule)
    assert {
        "workflow": "complaint",
        "caller": "李先生",
        "contact": "138",
        "channel": "phone",
        "question": "为何多扣费",
        "content": "多扣月租，要求退费",
    }.items() <= opened.payload.items()


def test_inquiry_general_and_complex() -> None:
    wf = default("inquiry")
    general = run(wf, ev("answer", 0, caller="李先生", contact="c", question="q", answer="a"))
    assert "answered" == general.state
    snap, effects = transition(
        wf,
        start(wf, "Q"),
        ev(
            "transfer",
            0,
            caller="李先生",
            contact="c",
            question="q",
            department="d",
            expected_wait="2h",
        ),
    )
    assert "transferred" == snap.state
    assert "2h" == effects[1].payload["expected_wait"]


# --- refusals: typed, precise, nothing half-applied --------------------------------


def test_event_not_allowed_names_ticket_state_event_and_what_is_allowed() -> None:
    wf = default("complaint")
    err = assert_unchanged_by(wf, start(wf, "T-3"), ev("close"))
    assert isinstance(err, EventNotAllowedError)
    assert ("T-3", "received", "close", "IN-1") == (err.ticket, err.state, err.event, err.rule)
    assert "register" in str(err)


def test_unknown_event_is_refused() -> None:
    wf = default("complaint")
    err = assert_unchanged_by(wf, start(wf, "T-3"), ev("teleport"))
    assert isinstance(err, EventNotAllowedError)
    assert "not an event of this workflow" in str(err)


def test_events_out_of_time_order_are_refused() -> None:
    wf = default("complaint")
    snap = run(wf, ev("register", 5, **INTAKE))
    err = assert_unchanged_by(wf, snap, ev("accept", 4, department="d"))
    assert isinstance(err, EventOrderError)
    assert "registered" == err.state
    assert "accepted" == transition(wf, snap, ev("accept", 5, department="d"))[0].state


def test_snapshot_of_another_workflow_or_version_or_schema_is_refused() -> None:
    wf = default("complaint")
    other = start(default("inquiry"), "T-1")
    assert isinstance(assert_unchanged_by(wf, other, ev("register")), SnapshotMismatchError)
    data = start(wf, "T-1").to_dict()
    old = Snapshot.from_dict({**data, "version": 2})
    assert isinstance(assert_unchanged_by(wf, old, ev("register")), SnapshotMismatchError)
    with pytest.raises(ValidationError, match="schema"):
        Snapshot.from_dict({**data, "schema": 2})


def test_can_explains_and_allowed_events_filter_by_payload() -> None:
    wf = default("complaint")
    snap = start(wf, "T-1")
    verdict = can(wf, snap, ev("register", **INTAKE, category="network"))
    assert (False, "network_intake", "IN-6") == (
        verdict.allowed,
        verdict.reasons[0].guard,
        verdict.reasons[0].rule,
    )
    ok = can(wf, snap, ev("register", **INTAKE))
    assert (True, "registered") == (bool(ok), ok.target)
    assert (
        "register", "report_to_police", "reassign", "link_incident", "incident_resolved"
    ) == wf.accepts("received")  # fmt: skip
    assert ("register",) == allowed_events(wf, snap, INTAKE)
    assert () == allowed_events(wf, snap)
    assert not can(wf, snap, ev("close")).allowed


# --- checked when built: every problem at once -------------------------------------


def problems(data: dict[str, object]) -> list[str]:
    with pytest.raises(ValidationError) as info:
        WorkflowDefinition.from_dict(data)
    return [str(p) for p in info.value.problems]


def test_minimal_definition_builds() -> None:
    assert ("go",) == WorkflowDefinition.from_dict(minimal_data()).accepts("a")


def test_graph_problems_are_all_reported() -> None:
    data = minimal_data()
    data["states"] = ["a", "b", "c", "island", "z"]
    data["events"] = ["go", "loop", "unused"]
    data["transitions"] = [
        {"source": "a", "event": "go", "target": "z"},
        {"source": "a", "event": "loop", "target": "b"},
        {"source": "b", "event": "loop", "target": "c"},
        {"source": "c", "event": "loop", "target": "b"},
    ]
    found = problems(data)
    assert 4 == len(found), found
    assert any(p.startswith("states.island: state 'island' is unreachable") for p in found)
    assert any(p.startswith("states.b: state 'b' cannot reach a terminal state") for p in found)
    assert any(p.startswith("states.c: state 'c' cannot reach a terminal state") for p in found)
    assert any(p.startswith("events.unused:") for p in found)


def test_dead_end_is_reported() -> None:
    data = minimal_data()
    data["states"] = ["a", "b", "z"]
    data["transitions"] = [
        {"source": "a", "event": "go", "target": "z"},
        {"source": "a", "event": "go", "target": "b", "guards": []},
    ]
    found = problems(data)
    assert any("states.b: state 'b' is a dead end" in p for p in found)
    assert any(p.startswith("transitions[1]: unreachable: transitions[0]") for p in found)


def test_shape_problems_are_all_reported_with_paths() -> None:
    data = minimal_data()
    data["initial"] = "nowhere"
    data["version"] = 0
    data["guards"] = {
        "g1": {"kind": "required", "rule": "FLOW-2"},
        "g2": {"kind": "magic", "rule": "IN-1"},
        "g3": {"kind": "predicate", "rule": "bad", "field": "x", "op": "~", "value": 1},
    }
    data["transitions"] = [
        {"source": "a", "event": "go", "target": "mars", "guards": ["g1", "nope"]},
        {"source": "z", "event": "go", "target": "a", "effects": [{"kind": "x"}]},
    ]
    paths = {p.split(":")[0] for p in problems(data)}
    expected = {
        "version",
        "initial",
        "guards.g1.fields",
        "guards.g2.kind",
        "guards.g3.rule",
        "guards.g3.op",
        "transitions[0].target",
        "transitions[0].guards[1]",
        "transitions[1].source",
        "transitions[1].effects[0].rule",
    }
    assert set() == expected - paths, paths


def test_unused_guard_and_unknown_keys_are_reported() -> None:
    data = minimal_data()
    data["guards"] = {"spare": {"kind": "required", "rule": "IN-1", "fields": ["a"]}}
    data["colour"] = "red"
    paths = {p.split(":")[0] for p in problems(data)}
    assert {"guards.spare", "colour"} == paths


#: Where a name belongs in a definition, as (path to it, path the problem names).
NAME_PLACES = [
    (("states", 1), "states[1]"),
    (("events", 0), "events[0]"),
    (("initial",), "initial"),
    (("terminal", 0), "terminal[0]"),
    (("transitions", 0, "source"), "transitions[0].source"),
    (("transitions", 0, "target"), "transitions[0].target"),
    (("transitions", 0, "event"), "transitions[0].event"),
    (("transitions", 0, "guards", 0), "transitions[0].guards[0]"),
    (("transitions", 0, "effects", 0, "kind"), "transitions[0].effects[0].kind"),
    (("transitions", 0, "effects", 0, "include", 0), "transitions[0].effects[0].include[0]"),
    (("guards", "need_x", "fields", 0), "guards.need_x.fields[0]"),
    (("guards", "need_x", "when", "field"), "guards.need_x.when.field"),
]


def guarded_data() -> dict[str, object]:
    """:func:`minimal_data` with a guard (and its ``when``) and an effect that includes a field."""
    data = minimal_data()
    data["guards"] = {
        "need_x": {
            "kind": "required",
            "rule": "IN-1",
            "fields": ["x"],
            "when": {"field": "y", "op": "==", "value": 1},
        }
    }
    data["transitions"] = [
        {
            "source": "a",
            "event": "go",
            "target": "z",
            "guards": ["need_x"],
            "effects": [{"kind": "tell", "rule": "IN-3", "include": ["x"]}],
        }
    ]
    return data


@pytest.mark.parametrize("junk", [["a"], {"a": 1}], ids=["list", "dict"])
@pytest.mark.parametrize(("where", "path"), NAME_PLACES, ids=[p for _, p in NAME_PLACES])
def test_a_list_or_dict_where_a_name_belongs_is_a_problem_with_its_path(
    where: tuple[str | int, ...], path: str, junk: object
) -> None:
    data = guarded_data()
    data["states"] = ["a", "z"]
    holder: Any = data
    for key in where[:-1]:
        holder = holder[key]
    holder[where[-1]] = junk
    data["version"] = 0  # another problem: every problem is reported at once
    found = problems(data)
    assert any(p.startswith(f"{path}: ") for p in found), found
    assert any(p.startswith("version: ") for p in found), found


_SHIPPED_DATA = {name: default_data(name) for name in DEFAULT_NAMES}


@settings(max_examples=150)
@given(st.sampled_from(DEFAULT_NAMES), st.data())
def test_any_value_anywhere_is_a_validation_error_or_a_definition(
    name: str, data: st.DataObject
) -> None:
    """The reader reports problems with their paths; it never raises anything else."""
    broken = copy.deepcopy(_SHIPPED_DATA[name])
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(value_paths(broken)))
        holder: Any = broken
        for key in path[:-1]:
            holder = holder[key]
        holder[path[-1]] = data.draw(junk_values)
    found: list[cf.errors.Problem] = []
    try:
        wf = WorkflowDefinition.from_dict(broken)
    except ValidationError as e:
        found = list(e.problems)
    else:
        assert wf == WorkflowDefinition.from_dict(wf.to_dict())
        return
    assert found
    assert all(p.path and p.message for p in found)


def test_validation_error_is_a_value_error_naming_the_workflow() -> None:
    with pytest.raises(ValueError, match="in workflow 'mini'"):
        WorkflowDefinition.from_dict({**minimal_data(), "initial": "q"})


# --- properties ----------------------------------------------------------------------


def drive(wf: WorkflowDefinition, log: list[Event]) -> tuple[Snapshot, list[Event]]:
    """Apply each event; keep the accepted ones. Refusals must not change anything."""
    snap, accepted = start(wf, "T-prop"), []
    for event in log:
        before = snap.to_dict()
        verdict = can(wf, snap, event)
        try:
            new, _ = transition(wf, snap, event)
        except WorkflowError:
            assert not verdict.allowed
            assert before == snap.to_dict()
            continue
        assert verdict.allowed
        assert verdict.target == new.state
        assert before == snap.to_dict()
        snap = new
        accepted.append(event)
    return snap, accepted


@pytest.mark.parametrize("name", DEFAULT_NAMES)
@given(data=st.data())
def test_replaying_the_log_gives_the_live_snapshot(name: str, data: st.DataObject) -> None:
    wf = default(name)
    live, accepted = drive(wf, data.draw(event_logs(wf)))
    assert live == replay_events(wf, "T-prop", accepted)
    assert len(accepted) == live.steps


@pytest.mark.parametrize("name", DEFAULT_NAMES)
@given(data=st.data())
def test_lenient_fold_skips_exactly_the_events_the_live_desk_refuses(
    name: str, data: st.DataObject
) -> None:
    """What-if replay folds a whole log, reporting and skipping refused events."""
    wf = default(name)
    log = data.draw(event_logs(wf))
    live, accepted = drive(wf, log)
    parts = [(e.name, to_us(e.at, "at"), e.at, e.payload) for e in log]
    errors: list[tuple[int, cf.ComplaintflowError]] = []
    folded = fold(wf, "T-prop", parts, errors)
    assert live == folded
    assert live.state == fold_state(wf, "T-prop", parts, [])
    kept = [i for i in range(len(log)) if i not in {j for j, _ in errors}]
    assert accepted == [log[i] for i in kept]


@pytest.mark.parametrize("name", DEFAULT_NAMES)
@given(data=st.data())
def test_snapshot_and_event_dicts_round_trip_through_json(name: str, data: st.DataObject) -> None:
    wf = default(name)
    log = data.draw(event_logs(wf))
    live, _ = drive(wf, log)
    wire = json.loads(json.dumps(live.to_dict()))
    assert live == Snapshot.from_dict(wire)
    assert live.to_dict() == Snapshot.from_dict(wire).to_dict()
    for event in log:
        assert event == Event.from_dict(json.loads(json.dumps(event.to_dict())))


def machine_agrees(wf: WorkflowDefinition, log: list[Event]) -> None:
    machine = WorkflowMachine(wf)
    snap = start(wf, "T-m")
    for event in log:
        expected = machine.next_state(snap.state, event.name, snap.data, event.payload, event.at)
        try:
            new, _ = transition(wf, snap, event)
        except (EventNotAllowedError, GuardFailedError):
            assert expected is None
            continue
        assert expected == new.state
        snap = new


@pytest.mark.parametrize("name", DEFAULT_NAMES)
@given(data=st.data())
def test_compiled_table_and_transitions_machine_agree(name: str, data: st.DataObject) -> None:
    wf = default(name)
    machine_agrees(wf, data.draw(event_logs(wf, max_size=20)))


@given(data=st.data())
def test_random_definitions_round_trip_and_agree_with_transitions(data: st.DataObject) -> None:
    raw = data.draw(definition_data())
    wf = WorkflowDefinition.from_dict(copy.deepcopy(raw))
    assert wf == WorkflowDefinition.from_dict(wf.to_dict())
    machine_agrees(wf, data.draw(event_logs(wf)))
    for state in wf.states:
        assert sorted(wf.accepts(state)) == sorted(WorkflowMachine(wf).machine.get_triggers(state))


@given(st.integers(0, 10**6), st.sampled_from(["Asia/Shanghai", "UTC", "America/New_York"]))
def test_event_time_round_trips_to_the_microsecond(us: int, zone: str) -> None:
    at = pendulum.datetime(2026, 1, 1, tz=zone).add(microseconds=us)
    wf = default("suggestion")
    snap, _ = transition(
        wf,
        start(wf, "S"),
        Event("record", at, {"caller": "李先生", "contact": "c", "content": "x"}),
    )
    assert at == snap.last_at
    assert snap == Snapshot.from_dict(snap.to_dict())


def test_event_payload_must_be_json_and_time_aware() -> None:
    with pytest.raises(ValueError, match="JSON"):
        Event("x", T0, {"when": T0})  # type: ignore[dict-item]
    with pytest.raises(cf.errors.NaiveDatetimeError):
        Event("x", dt.datetime(2026, 1, 1))
    with pytest.raises(ValidationError) as info:
        Event.from_dict({"name": "", "at": "yesterday", "payload": [], "x": 1})
    assert 4 == len(info.value.problems)


_SUGGESTION = default("suggestion")
_S1 = start(_SUGGESTION, "S-1")


@pytest.mark.parametrize(
    ("call", "field", "value", "message"),
    [
        (
            lambda: start(_SUGGESTION, ""),
            "ticket_id",
            "",
            "ticket_id: expected a non-empty string, got ''",
        ),
        (
            lambda: transition(_SUGGESTION, _S1.to_dict(), ev("record")),
            "snapshot",
            _S1.to_dict(),
            "snapshot: expected a Snapshot, got dict {",
        ),
        (
            lambda: transition(_SUGGESTION, _S1, "record"),
            "event",
            "record",
            "event: expected an Event, got str 'record'",
        ),
        (
            lambda: replay_events(_SUGGESTION, "S-1", ["record"]),
            "event",
            "record",
            "event: expected an Event, got str 'record'",
        ),
        (
            lambda: Event("record", T0, ["contact"]),
            "payload",
            ["contact"],
            "payload: expected a mapping of field to JSON value, got ['contact']",
        ),
        (
            lambda: Snapshot("suggestion", "1", "S-1", "received", {}),
            "snapshot.version",
            "1",
            "snapshot.version: expected int, got '1'",
        ),
        (
            lambda: Snapshot("suggestion", 1, "S-1", "received", {}, last_at_us=1.5),
            "snapshot.last_at_us",
            1.5,
            "snapshot.last_at_us: expected int or None, got 1.5",
        ),
        (
            lambda: Effect("escalate", 6, "T-1", T0, {}),
            "effect.rule",
            6,
            "effect.rule: expected str, got 6",
        ),
        (
            lambda: WorkflowMachine(default("inquiry")).bind(_S1),
            "snapshot.workflow",
            "suggestion",
            "snapshot.workflow: a snapshot of workflow 'suggestion' cannot bind to a machine "
            "of 'inquiry'; bind snapshots of 'inquiry' only",
        ),
    ],
    ids=[
        "start",
        "transition-snapshot",
        "transition-event",
        "replay-event",
        "payload",
        "snapshot-field",
        "snapshot-last",
        "effect",
        "bind",
    ],
)
def test_wrong_types_name_the_field_the_value_and_the_type_expected(
    call: Callable[[], object], field: str, value: object, message: str
) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert WrongTypeError is type(info.value)
    assert (field, value) == (info.value.field, info.value.value)
    assert str(info.value).startswith(message)


def test_snapshots_and_events_are_frozen_and_read_only() -> None:
    wf = default("suggestion")
    snap = start(wf, "S")
    with pytest.raises(AttributeError):
        snap.state = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        snap.data["x"] = 1  # type: ignore[index]
    event = ev("record", contact="c")
    with pytest.raises(TypeError):
        event.payload["contact"] = "d"  # type: ignore[index]


def test_workflow_error_message_names_everything() -> None:
    wf = default("complaint")
    with pytest.raises(GuardFailedError) as info:
        transition(wf, start(wf, "T-42"), ev("register"))
    assert re.match(
        r"ticket 'T-42' in state 'received', event 'register': refused: guard 'intake'",
        str(info.value),
    )


# --- the object-style adapter ------------------------------------------------------


def test_bound_ticket_runs_callbacks_and_effects() -> None:
    wm = WorkflowMachine(default("complaint"))
    entered: list[str] = []
    wm.machine.on_enter_registered(
        lambda event_data: entered.append(event_data.kwargs["snapshot"].ticket_id)
    )
    effects: list[Effect] = []
    ticket = wm.bind(start(wm.definition, "T-5"), on_effect=effects.append)
    with pytest.raises(GuardFailedError):
        ticket.fire(ev("register"))
    assert ("received", []) == (ticket.state, entered)
    ticket.fire(ev("register", **INTAKE))
    assert ("registered", "registered", ["T-5"]) == (ticket.state, ticket.snapshot.state, entered)
    assert ["acknowledge"] == [e.kind for e in effects]
    assert ticket.may(ev("accept", department="d")).allowed
    ticket.release()
    assert ticket not in wm.machine.models


@pytest.mark.parametrize(
    ("bad", "error", "state"),
    [
        (ev("close", 2), EventNotAllowedError, "accepted"),
        (ev("investigate", 2, owner="o"), GuardFailedError, "accepted"),
        (ev("investigate", 0.5, owner="o", problem_kind="quality"), EventOrderError, "accepted"),
    ],
)
def test_replay_refuses_a_bad_log_exactly_as_the_live_step(
    bad: Event, error: type[WorkflowError], state: str
) -> None:
    wf = default("complaint")
    good = [ev("register", 0, **INTAKE), ev("accept", 1, department="d")]
    with pytest.raises(error) as live:
        transition(wf, replay_events(wf, "T-1", good), bad)
    with pytest.raises(error) as replayed:
        replay_events(wf, "T-1", [*good, bad, ev("close", 9)])
    assert (state, str(live.value)) == (replayed.value.state, str(replayed.value))


def test_collecting_into_a_field_that_is_not_a_list_is_refused_not_overwritten() -> None:
    wf = default("incident")
    report = ev("report", 0, incident_kind="outage", scope="s", description="d", linked_tickets="T")
    link = ev("link_complaint", 1, ticket="T-1")
    err = assert_unchanged_by(wf, run(wf, report), link)
    assert ("FLOW-12", "data.linked_tickets") == (err.rule, err.field)
    with pytest.raises(WorkflowError, match="not a list"):
        replay_events(wf, "T-1", [report, link])


def test_unknown_channel_is_refused_at_registration() -> None:
    wf = default("complaint")
    err = assert_unchanged_by(wf, start(wf, "T-1"), ev("register", **{**INTAKE, "channel": "fax"}))
    assert ("IN-2", "known_channel") == (err.rule, err.field)


def test_legal_matters_are_reported_to_the_police_from_any_open_state() -> None:
    wf = default("complaint")
    snap = run(wf, ev("register", 0, **INTAKE))
    same, effects = transition(wf, snap, ev("report_to_police", 1, legal_matter="fraud"))
    assert ("registered", [("report_to_police", "IN-8")]) == (
        same.state,
        [(e.kind, e.rule) for e in effects],
    )


def test_a_guard_shared_by_two_candidates_is_reported_once() -> None:

    wf = default("complaint")
    t0 = pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai")
    snapshot = start(wf, "T-dup")
    snapshot, _ = transition(wf, snapshot, Event("register", t0, {
        "complainant": "王女士", "contact": "138", "channel": "phone", "content": "话费",
        "category": "billing"}))  # fmt: skip
    snapshot, _ = transition(wf, snapshot, Event("accept", t0, {"department": "billing"}))
    with pytest.raises(GuardFailedError) as info:
        transition(wf, snapshot, Event("investigate", t0, {}))
    assert 1 == str(info.value).count("guard 'owner'")
    assert 1 == len(info.value.reasons)
