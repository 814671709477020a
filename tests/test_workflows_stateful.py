"""Stateful model-based test: a Hypothesis rule machine drives each shipped workflow.

Rules fire valid events (built from the definition's guards), random events and
late events; invariants check that the snapshot is always the fold of the
accepted log and that refusals change nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from complaintflow.errors import EventOrderError, WorkflowError
from complaintflow.workflows import (
    DEFAULT_NAMES,
    Event,
    Snapshot,
    WorkflowDefinition,
    default,
    replay_events,
    start,
    transition,
)
from strategies import T0, payloads, satisfying_payload


class WorkflowRun(RuleBasedStateMachine):
    definition: WorkflowDefinition

    def __init__(self) -> None:
        super().__init__()
        self.snapshot: Snapshot = start(self.definition, "T-sm")
        self.log: list[Event] = []
        self.now = T0

    def _apply(self, event: Event) -> bool:
        before = self.snapshot.to_dict()
        try:
            new, effects = transition(self.definition, self.snapshot, event)
        except WorkflowError:
            assert before == self.snapshot.to_dict()
            return False
        assert all(e.ticket_id == "T-sm" and e.at == event.at for e in effects)
        self.snapshot = new
        self.log.append(event)
        return True

    @rule(data=st.data(), minutes=st.integers(0, 300))
    def fire_a_valid_event(self, data: st.DataObject, minutes: int) -> None:
        accepted = self.definition.accepts(self.snapshot.state)
        if not accepted:
            return
        event = data.draw(st.sampled_from(accepted))
        spec = data.draw(st.sampled_from(self.definition.candidates(self.snapshot.state, event)))
        self.now += dt.timedelta(minutes=minutes)
        targets = {c.target for c in self.definition.candidates(self.snapshot.state, event)}
        if self._apply(Event(event, self.now, satisfying_payload(self.definition, spec))):
            assert self.snapshot.state in targets

    @rule(data=st.data(), minutes=st.integers(0, 300))
    def fire_any_event(self, data: st.DataObject, minutes: int) -> None:
        name = data.draw(st.sampled_from([*sorted(self.definition.events), "bogus"]))
        self.now += dt.timedelta(minutes=minutes)
        self._apply(Event(name, self.now, data.draw(payloads(self.definition, name))))

    @rule(minutes=st.integers(1, 300))
    def fire_a_late_event(self, minutes: int) -> None:
        if not self.log:
            return
        late = Event(self.log[-1].name, self.log[-1].at - dt.timedelta(minutes=minutes), {})
        before = self.snapshot
        with pytest.raises(EventOrderError) as info:
            transition(self.definition, self.snapshot, late)
        assert ("T-sm", self.snapshot.state) == (info.value.ticket, info.value.state)
        assert before == self.snapshot

    @invariant()
    def snapshot_is_the_fold_of_the_log(self) -> None:
        assert replay_events(self.definition, "T-sm", self.log) == self.snapshot
        assert len(self.log) == self.snapshot.steps

    @invariant()
    def snapshot_round_trips(self) -> None:
        assert Snapshot.from_dict(self.snapshot.to_dict()) == self.snapshot

    @invariant()
    def terminal_states_accept_only_timed_exits(self) -> None:
        # A terminal state is left only within a period (a reopen, FLOW-6): every
        # event it accepts has a ``within`` guard on each candidate.
        wf, state = self.definition, self.snapshot.state
        assert state in wf.states
        if state in wf.terminal:
            for event in wf.accepts(state):
                for spec in wf.candidates(state, event):
                    assert any(wf.guards[g].kind == "within" for g in spec.guards), spec
        else:
            assert wf.accepts(state) != ()


for _name in DEFAULT_NAMES:
    _cls = type(f"{_name.title()}Run", (WorkflowRun,), {"definition": default(_name)})
    _case = _cls.TestCase
    _case.settings = settings(max_examples=25, stateful_step_count=20)
    globals()[f"Test{_name.title()}Run"] = _case
del _name, _cls, _case
