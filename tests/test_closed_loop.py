"""The closed loop of the shipped complaint workflow: reopen, return visits, incidents.

A closed complaint reopens within the reopen period (FLOW-6) and is refused after it
with a :class:`~complaintflow.errors.PeriodEndedError` naming the period and the close
time; its SLA clocks start new cycles and keep the earlier ones. An incident's update
and resolution yield one effect per linked complaint (FLOW-12), and the default
policy pauses a linked complaint's investigation clock while the incident is open.
"""

from __future__ import annotations

import datetime as dt
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.errors import GuardFailedError, PeriodEndedError, ValidationError
from complaintflow.workflows import Event, WorkflowDefinition, default, replay_events, transition
from complaintflow.workflows._defaults import REOPEN_WITHIN

WF = default("complaint")
SHANGHAI = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 2, 9, 0, tzinfo=SHANGHAI)  # a Monday
INTAKE = {"complainant": "王女士", "contact": "138", "channel": "phone", "content": "多扣费"}
REACHED = {"visit_outcome": "reached", "visit_result": "已解决", "satisfaction": "satisfied"}
PERIOD = cf.Duration.parse(REOPEN_WITHIN.value)  # type: ignore[arg-type]


def at(hours: float) -> dt.datetime:
    return T0 + dt.timedelta(hours=hours)


def closed_log(close_at: dt.datetime | None = None) -> list[Event]:
    """A complaint handled, visited and closed within the first day."""
    return [
        Event("register", at(0), INTAKE),
        Event("accept", at(1), {"department": "计费中心"}),
        Event("investigate", at(2), {"owner": "张工", "problem_kind": "service"}),
        Event("propose", at(3), {"solutions": ["退费"]}),
        Event("approve", at(4), {"approved_by": "李主管", "chosen_solution": "退费"}),
        Event("notify", at(5)),
        Event("confirm", at(6), {"confirmed_by": "王女士"}),
        Event("record_return_visit", at(7), REACHED),
        Event("close", close_at or at(8)),
    ]


def reopen(when: dt.datetime) -> Event:
    return Event("reopen", when, {"reopen_reason": "故障复现"})


def test_flow6_the_reopen_period_is_a_default_with_its_rule() -> None:
    assert ("30 calendar days", "FLOW-6") == (REOPEN_WITHIN.value, REOPEN_WITHIN.rule)
    guard = WF.guards["reopen_period"]
    assert ("within", "closed_at", PERIOD) == (guard.kind, guard.since, guard.period)
    assert REOPEN_WITHIN.path == "workflows.complaint.guards.reopen_period.period"


def test_flow6_a_policy_sets_another_reopen_period_and_the_diff_names_it() -> None:
    data = cf.workflows.default_data("complaint")
    data["guards"]["reopen_period"]["period"] = "15 calendar days"  # type: ignore[index]
    base = cf.default_policy()
    short = base.with_({"workflows.complaint": data})
    wf = short.workflows["complaint"]
    closed = replay_events(wf, "T-1", closed_log())
    with pytest.raises(PeriodEndedError) as info:
        transition(wf, closed, reopen(at(8) + dt.timedelta(days=16)))
    assert "15 calendar days" == info.value.period
    assert ["workflow complaint: guard reopen_period (FLOW-6) changed"] == [
        str(c) for c in base.diff(short)
    ]


def test_flow6_a_closed_complaint_reopens_within_the_period() -> None:
    closed = replay_events(WF, "T-1", closed_log())
    assert ("closed", at(8).isoformat()) == (closed.state, closed.data["closed_at"])
    last = at(8) + dt.timedelta(days=30)  # the period's last instant is inside it
    again, effects = transition(WF, closed, reopen(last))
    assert "registered" == again.state
    assert ("故障复现",) == again.data["reopen_reasons"]
    assert [("acknowledge", "IN-3", "SLA-3")] == [
        (e.kind, e.rule, e.payload["deadline_rule"]) for e in effects
    ]
    # The earlier outcome no longer closes it: a new confirmation and return visit.
    for field in ("confirmed_by", "visit_outcome", "visit_result", "satisfaction"):
        assert again.data[field] is None, field


def test_flow6_a_reopen_after_the_period_names_the_period_and_the_close_time() -> None:
    closed = replay_events(WF, "T-1", closed_log())
    late = at(8) + dt.timedelta(days=30, microseconds=1)
    with pytest.raises(PeriodEndedError) as info:
        transition(WF, closed, reopen(late))
    err = info.value
    assert isinstance(err, GuardFailedError)
    assert isinstance(err, ValueError)
    assert ("30 calendar days", at(8).isoformat()) == (err.period, err.since)
    assert ("FLOW-6", "reopen_period", "closed", "reopen") == (
        err.rule, err.field, err.state, err.event
    )  # fmt: skip
    assert (
        "ticket 'T-1' in state 'closed', event 'reopen': refused: guard 'reopen_period' "
        "the period of 30 calendar days since closed_at 2026-11-02T17:00:00+08:00 ended at "
        "2026-12-02T17:00:00+08:00; the event came at 2026-12-02T17:00:00.000001+08:00 "
        "(FLOW-6)"
    ) == str(err)
    assert not cf.workflows.can(WF, closed, reopen(late)).allowed
    assert () == cf.workflows.allowed_events(WF, closed, {"reopen_reason": "x"}, at=late)
    assert ("reopen",) == cf.workflows.allowed_events(WF, closed, {"reopen_reason": "x"})


def test_flow6_a_reopen_needs_its_reason() -> None:
    closed = replay_events(WF, "T-1", closed_log())
    with pytest.raises(GuardFailedError) as info:
        transition(WF, closed, Event("reopen", at(9)))
    assert not isinstance(info.value, PeriodEndedError)
    assert "reopen_reason" == info.value.field


@given(st.integers(0, 60 * 24 * 3600))
def test_flow6_reopen_is_allowed_exactly_within_the_period(seconds: int) -> None:
    closed = replay_events(WF, "T-1", closed_log())
    when = at(8) + dt.timedelta(seconds=seconds)
    inside = seconds <= 30 * 86400
    assert inside == cf.workflows.can(WF, closed, reopen(when)).allowed
    # The fold (replay) agrees with the live step either way.
    log = [*closed_log(), reopen(when)]
    refused: list[tuple[int, cf.ComplaintflowError]] = []
    state = cf.workflows._internal.fold_state(
        WF, "T-1", [(e.name, e._at_us, e.at, e.payload) for e in log], refused
    )
    assert ("registered" if inside else "closed") == state
    assert (not inside) == bool(refused)
    assert all(isinstance(e, PeriodEndedError) for _, e in refused)


@given(st.integers(0, 60 * 24 * 3600))
def test_flow6_the_transitions_machine_agrees_on_the_reopen_period(seconds: int) -> None:
    machine = cf.workflows.WorkflowMachine(WF)
    closed = replay_events(WF, "T-1", closed_log())
    event = reopen(at(8) + dt.timedelta(seconds=seconds))
    expected = "registered" if seconds <= 30 * 86400 else None
    assert expected == machine.next_state("closed", "reopen", closed.data, event.payload, event.at)


def test_flow6_sla_a_reopen_opens_new_cycles_and_keeps_the_earlier_ones() -> None:
    policy = cf.default_policy()
    log = [
        *closed_log(),
        reopen(at(24 * 7)),  # a week later, Monday 09:00
        Event("accept", at(24 * 7 + 1), {"department": "计费中心"}),
        Event("investigate", at(24 * 7 + 2), {"owner": "张工", "problem_kind": "service"}),
    ]
    assert "investigating_service" == replay_events(WF, "T-1", log).state
    report = cf.sla.evaluate(policy.sla, log, now=at(24 * 7 + 3))
    reply = report.status("reply")
    [first] = reply.cycles
    assert (1, cf.sla.TargetState.RUNNING, at(24 * 7)) == (reply.cycle, reply.state, reply.start)
    assert (cf.sla.TargetState.MET, at(0), at(5)) == (first.state, first.start, first.stopped_at)
    for name in ("dispatch", "investigation"):
        status = report.status(name)
        assert 1 == status.cycle, name
        assert [cf.sla.TargetState.MET] == [c.state for c in status.cycles], name


def test_flow6_reopened_complaint_closes_again_only_after_a_new_visit() -> None:
    log = [
        *closed_log(),
        reopen(at(30)),
        Event("accept", at(31), {"department": "计费中心"}),
        Event("investigate", at(32), {"owner": "张工", "problem_kind": "service"}),
        Event("propose", at(33), {"solutions": ["换机"]}),
        Event("approve", at(34), {"approved_by": "李主管", "chosen_solution": "换机"}),
        Event("notify", at(35)),
        Event("confirm", at(36), {"confirmed_by": "王女士"}),
    ]
    resolved = replay_events(WF, "T-1", log)
    with pytest.raises(cf.errors.EventNotAllowedError):
        transition(WF, resolved, Event("close", at(37)))
    visited, _ = transition(WF, resolved, Event("record_return_visit", at(37), REACHED))
    closed, _ = transition(WF, visited, Event("close", at(38)))
    assert at(38).isoformat() == closed.data["closed_at"]  # the period runs from here


# -- the within guard and the stamp, as workflow data -----------------------------------


def timed_data(**guard: object) -> dict[str, object]:
    return {
        "name": "timed", "version": 1, "initial": "open", "terminal": ["done"],
        "states": ["open", "done"], "events": ["finish", "again"],
        "guards": {"window": {"kind": "within", "rule": "FLOW-6", "since": "done_at",
                              "period": "2 calendar hours", **guard}},
        "transitions": [
            {"source": "open", "event": "finish", "target": "done", "stamp": "done_at"},
            {"source": "done", "event": "again", "target": "open", "guards": ["window"]},
        ],
    }  # fmt: skip


def test_a_within_guard_and_a_stamp_round_trip_through_plain_data() -> None:
    wf = WorkflowDefinition.from_dict(timed_data())
    assert wf == WorkflowDefinition.from_dict(wf.to_dict())
    assert wf == pickle.loads(pickle.dumps(wf))
    assert {"kind": "within", "rule": "FLOW-6", "since": "done_at",
            "period": "2 calendar hours"} == wf.to_dict()["guards"]["window"]  # fmt: skip
    assert "done_at" == wf.transitions[0].stamp


@pytest.mark.parametrize(
    ("change", "path", "says"),
    [
        ({"period": "2 business hours"}, "guards.window.period", "is not calendar time"),
        ({"period": "soon"}, "guards.window.period", "is not a duration"),
        ({"period": 3}, "guards.window.period", "expected a duration string"),
        ({"since": "Done At"}, "guards.window.since", "is not a valid name"),
        ({"fields": ["x"]}, "guards.window.fields", "unknown key"),
    ],
)
def test_a_bad_within_guard_is_a_problem_at_its_path(
    change: dict[str, object], path: str, says: str
) -> None:
    with pytest.raises(ValidationError) as info:
        WorkflowDefinition.from_dict(timed_data(**change))
    assert [path] == [p.path for p in info.value.problems]
    assert says in info.value.problems[0].message


def test_only_a_timed_transition_may_leave_a_terminal_state() -> None:
    data = timed_data()
    data["transitions"][1]["guards"] = []  # type: ignore[index]
    del data["guards"]
    with pytest.raises(ValidationError) as info:
        WorkflowDefinition.from_dict(data)
    [problem] = info.value.problems
    assert ("transitions[1].source", "terminal state 'done' cannot have transitions") == (
        problem.path, problem.message
    )  # fmt: skip
    assert "within" in (problem.hint or "")


def test_a_within_guard_without_its_instant_says_so() -> None:
    wf = WorkflowDefinition.from_dict(timed_data())
    guard = wf.guards["window"]
    assert "needs the instant 'done_at' recorded, got missing (FLOW-6)" == guard.check({}, {})
    assert guard.check({"done_at": "not a time"}, {}) is not None
    assert guard.check({"done_at": "2026-11-02T09:00:00"}, {}) is not None  # naive


# -- incidents (FLOW-12) ---------------------------------------------------------------

INCIDENT = default("incident")


def incident_with(tickets: list[str]) -> cf.workflows.Snapshot:
    log = [
        Event("report", at(0), {"incident_kind": "outage", "scope": "宿城区",
                                "description": "基站故障"}),
        Event("start_plan", at(1), {"plan": "EP-3"}),
        *(Event("link_complaint", at(2), {"ticket": t}) for t in tickets),
    ]  # fmt: skip
    return replay_events(INCIDENT, "INC-1", log)


@given(st.lists(st.from_regex(r"T-[0-9]{1,4}", fullmatch=True), max_size=12))
def test_flow12_an_incident_s_update_and_resolution_yield_one_effect_per_complaint(
    tickets: list[str],
) -> None:
    snap = incident_with(tickets)
    _, effects = transition(INCIDENT, snap, Event("inform", at(3), {"message": "抢修中"}))
    assert tickets == [e.payload["ticket"] for e in effects if e.kind == "notify_linked"]
    assert all(e.payload["message"] == "抢修中" for e in effects if e.kind == "notify_linked")
    _, effects = transition(INCIDENT, snap, Event("recover", at(4), {"cause": "电源故障"}))
    resolving = [e for e in effects if e.kind == "resolve_linked"]
    assert tickets == [e.payload["ticket"] for e in resolving]
    for e in resolving:
        assert ("incident_resolved", "电源故障", "FLOW-12") == (
            e.payload["event"], e.payload["cause"], e.rule
        )  # fmt: skip
        assert "INC-1" == e.ticket_id


def test_flow12_the_resolution_moves_each_linked_complaint_on() -> None:
    snap = replay_events(WF, "T-1", [Event("register", at(0), INTAKE)])
    snap, _ = transition(WF, snap, Event("link_incident", at(1), {"incident_id": "INC-1"}))
    moved, effects = transition(
        WF, snap, Event("incident_resolved", at(2), {"incident_id": "INC-1", "cause": "电源"})
    )
    assert "registered" == moved.state
    assert [("notify_customer", "FLOW-12", "incident resolved", "电源")] == [
        (e.kind, e.rule, e.payload["about"], e.payload["cause"]) for e in effects
    ]


def test_flow12_the_default_policy_pauses_a_linked_investigation_while_the_incident_is_open():
    policy = cf.default_policy()
    investigation = policy.sla.target("investigation")
    assert "link_incident" in investigation.pause
    assert "incident_resolved" in investigation.resume
    assert "link_incident" not in policy.sla.target("reply").pause  # a reply is still owed
    log = [
        Event("register", at(0), INTAKE),
        Event("accept", at(0.5), {"department": "网络部"}),
        Event("investigate", at(1), {"owner": "赵工", "problem_kind": "quality"}),
        Event("link_incident", at(2), {"incident_id": "INC-1"}),
    ]
    paused = cf.sla.evaluate(policy.sla, log, now=at(24 * 14)).status("investigation")
    assert cf.sla.TargetState.PAUSED == paused.state
    assert 3600 == paused.elapsed.total_seconds()  # 10:00 to 11:00 Monday, then held
    resumed = [*log, Event("incident_resolved", at(24), {"incident_id": "INC-1", "cause": "x"})]
    status = cf.sla.evaluate(policy.sla, resumed, now=at(25)).status("investigation")
    assert cf.sla.TargetState.RUNNING == status.state
    assert 2 * 3600 == status.elapsed.total_seconds()  # and Tuesday 09:00 to 10:00


def test_an_effect_for_each_item_round_trips_and_is_checked() -> None:
    spec = INCIDENT.transitions[-2].effects[0]
    assert {"ticket": "linked_tickets"} == dict(spec.each)
    assert spec == pickle.loads(pickle.dumps(spec))
    data = INCIDENT.to_dict()
    data["transitions"][-2]["effects"][0]["each"] = {"ticket": 3}  # type: ignore[index]
    with pytest.raises(ValidationError) as info:
        WorkflowDefinition.from_dict(data)
    each = f"transitions[{len(INCIDENT.transitions) - 2}].effects[0].each"
    assert each in [p.path for p in info.value.problems]


# -- replay: an unreachable return visit needs the follow-up policy's attempts (FU-3) ----


def unreachable_record(calls: list[tuple[str, str]]) -> dict[str, object]:
    """A complaint resolved on Monday 16:00, recorded unreachable on Wednesday."""
    log = closed_log()
    visit = {"visit_outcome": "unreachable", "attempts": len(calls)}
    events = [*log[:7], Event("record_return_visit", at(48), visit), Event("close", at(49))]
    return {
        "ticket_id": "T-1", "workflow": "complaint", "tier": "regular",
        "events": [e.to_dict() for e in events],
        "customer": {"numbers": ["+8613800000000"]},
        "followups": [{"at": when, "channel": "phone", "purpose": "service", "outcome": o,
                       "number": "+8613800000000"} for when, o in calls],
    }  # fmt: skip


@pytest.mark.parametrize(
    ("calls", "violations"),
    [
        (
            [
                ("2026-11-03T10:00:00+08:00", "no_answer"),
                ("2026-11-03T15:00:00+08:00", "busy"),
                ("2026-11-04T09:00:00+08:00", "no_answer"),
            ],
            [],
        ),
        (
            [("2026-11-03T10:00:00+08:00", "no_answer"), ("2026-11-03T15:00:00+08:00", "busy")],
            ["FU-3"],
        ),
        (
            [
                ("2026-11-03T10:00:00+08:00", "no_answer"),
                ("2026-11-03T15:00:00+08:00", "reached"),
                ("2026-11-04T09:00:00+08:00", "no_answer"),
            ],
            ["FU-3"],
        ),
    ],
    ids=["three failed calls", "two only", "one got through"],
)
def test_fu3_replay_checks_an_unreachable_visit_against_the_follow_up_policy(
    calls: list[tuple[str, str]], violations: list[str]
) -> None:
    now = at(24 * 10)
    [outcome] = cf.policy.replay_tickets([unreachable_record(calls)], cf.default_policy(), now=now)
    assert (None, "closed") == (outcome.error, outcome.state)
    assert violations == [v.rule for v in outcome.violations if v.rule == "FU-3"]
    if violations:
        [v] = [v for v in outcome.violations if v.rule == "FU-3"]
        assert "the follow-up policy makes 3 first" in v.detail
    report = cf.policy.replay([unreachable_record(calls)], cf.default_policy(), now=now)
    assert len(violations) == sum(n for (_k, rule, *_), n in report.violations if rule == "FU-3")
