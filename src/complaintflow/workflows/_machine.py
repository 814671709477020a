"""The same definition as a ``transitions`` machine: cross-checks, Mermaid, callbacks.

Theory of operation
-------------------
`WorkflowMachine` builds one ``transitions.Machine`` per *definition*
(``model=None``, ``auto_transitions=False``) from the same data the compiled table
comes from. Guards become ``transitions`` conditions that call the same compiled
checks, and candidates are added in declaration order, so "first transition whose
conditions pass" means the same thing on both sides; a property test drives both
with random event sequences and asserts they agree.

It serves three purposes and no more:

- checking: `WorkflowMachine.next_state` answers "where would this event
  go?" through ``transitions`` alone, for tests and audits;
- rendering: `to_mermaid` draws the state diagram with ``transitions``'
  Mermaid engine (``GraphMachine(graph_engine="mermaid")``), so the docs are
  generated, never hand-drawn;
- an object-style API: `WorkflowMachine.bind` attaches a
  `TicketObject` as a ``transitions`` model, for hosts that like
  ``on_enter_<state>`` callbacks. ``add_model`` is O(n) in the number of models
  and a model costs kilobytes, so this is for a handful of live tickets (a UI
  session), never for batch work: batch work uses `transition` and
  `replay_events`. Even here, the step itself is the pure `transition`;
  ``transitions`` only moves the model and runs the callbacks.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Collection, Mapping

from transitions import EventData, Machine
from transitions.extensions import GraphMachine

from complaintflow._errors import WorkflowError, WrongTypeError, items_of, wrong_type
from complaintflow._event import Event
from complaintflow._json import JSON
from complaintflow._time import to_us
from complaintflow.workflows._definition import WorkflowDefinition, check_definition
from complaintflow.workflows._spec import Test
from complaintflow.workflows._transition import can, transition
from complaintflow.workflows._values import Effect, Snapshot, Verdict

_Cond = Callable[[EventData], bool]


def _condition(name: str, test: Test) -> _Cond:
    def cond(event_data: EventData) -> bool:
        kw = event_data.kwargs
        return test(kw["view"], kw["payload"], kw["data"], kw.get("at_us", 0))

    cond.__name__ = name
    return cond


def _states(definition: WorkflowDefinition) -> list[dict[str, object]]:
    return [{"name": s, "final": s in definition.terminal} for s in definition.states]


class _Scratch:
    """The single model `WorkflowMachine.next_state` moves around."""

    state: str
    trigger: Callable[..., bool]


class TicketObject:
    """One ticket as a mutable object driven by a ``transitions`` machine.

    Built by `WorkflowMachine.bind`; see there. ``state`` and the
    ``trigger``/``may_<event>``/``is_<state>`` methods are added by ``transitions``.

    Attributes:
        snapshot: The ticket's current immutable snapshot.
        state: The current state (kept equal to ``snapshot.state``).

    Examples:
        >>> from complaintflow.workflows import default, start
        >>> wm = WorkflowMachine(default("inquiry"))
        >>> ticket = wm.bind(start(wm.definition, "Q-1"))
        >>> ticket.state, ticket.is_received()
        ('received', True)
        >>> ticket.release()
    """

    state: str
    trigger: Callable[..., bool]

    def __init__(
        self,
        owner: WorkflowMachine,
        snapshot: Snapshot,
        on_effect: Callable[[Effect], object] | None,
    ) -> None:
        self.snapshot: Snapshot = snapshot
        self._owner = owner
        self._on_effect = on_effect

    def fire(self, event: Event) -> tuple[Effect, ...]:
        """Apply ``event``: pure step first, then ``transitions`` runs the callbacks.

        Callbacks receive ``EventData`` whose ``kwargs`` hold ``event``,
        ``snapshot`` (the new one) and ``effects``. Each effect is then passed
        to ``on_effect``. A refused event raises before anything changes.

        Raises:
            WorkflowError: As `transition`.
        """
        old = self.snapshot
        new, effects = transition(self._owner.definition, old, event)
        payload = dict(event.payload)
        data = dict(old.data)
        moved = self.trigger(
            event.name,
            view={**data, **payload},
            payload=payload,
            data=data,
            at_us=event._at_us,
            event=event,
            snapshot=new,
            effects=effects,
        )
        if not moved or self.state != new.state:  # pragma: no cover - guarded by property tests
            raise WorkflowError(
                f"transitions moved to {self.state!r}, the compiled table to {new.state!r}",
                ticket=old.ticket_id,
                state=old.state,
                event=event.name,
            )
        self.snapshot = new
        if self._on_effect is not None:
            for effect in effects:
                self._on_effect(effect)
        return effects

    def may(self, event: Event) -> Verdict:
        """Whether `fire` would accept ``event`` (see `can`)."""
        return can(self._owner.definition, self.snapshot, event)

    def release(self) -> None:
        """Detach from the machine (``remove_model``); the object is then inert."""
        self._owner.machine.remove_model(self)


class WorkflowMachine:
    """A ``transitions`` machine built from a `WorkflowDefinition`.

    Args:
        definition: The workflow.

    Examples:
        >>> from complaintflow.workflows import default
        >>> wm = WorkflowMachine(default("inquiry"))
        >>> wm.next_state("received", "answer", {}, {"caller": "w", "contact": "x",
        ...                                          "question": "y", "answer": "z"})
        'answered'
        >>> sorted(wm.machine.get_triggers("transferred"))
        ['answer', 'convert', 'reassign', 'track']
    """

    def __init__(self, definition: WorkflowDefinition) -> None:
        self.definition: WorkflowDefinition = check_definition(definition)
        conditions = {
            name: _condition(name, test)
            for (_s, _e), cands in definition._table.items()
            for cand in cands
            for name, _rule, test, _why in cand[1]
        }
        self.machine: Machine = Machine(
            model=None,
            states=_states(definition),
            initial=definition.initial,
            transitions=[
                {
                    "trigger": t.event,
                    "source": t.source,
                    "dest": t.target,
                    "conditions": [conditions[g] for g in t.guards],
                }
                for t in definition.transitions
            ],
            auto_transitions=False,
            send_event=True,
            name=definition.name,
        )
        self._scratch = _Scratch()
        self.machine.add_model(self._scratch)

    def next_state(
        self,
        state: str,
        event: str,
        data: Mapping[str, JSON],
        payload: Mapping[str, JSON],
        at: datetime.datetime | None = None,
    ) -> str | None:
        """Where ``transitions`` takes ``state`` on ``event``; ``None`` if refused.

        Refused means: no transition for the event in this state, or every
        candidate's conditions failed. ``at`` is the event's time, which a
        ``within`` guard (a reopen period) reads; without it, the epoch. A state the
        workflow does not declare has no transitions.

        Raises:
            WrongTypeError: ``state`` or ``event`` is no string, ``data`` or
                ``payload`` no mapping.
        """
        if not isinstance(state, str):
            raise wrong_type("state", "a state name", state)
        if not isinstance(event, str):
            raise wrong_type("event", "an event name", event)
        for name, value in (("data", data), ("payload", payload)):
            if not isinstance(value, Mapping):
                raise wrong_type(name, "a mapping", value)
        if state not in self.definition.states:
            return None
        if event not in self.machine.events or not self.machine.get_transitions(event, state):
            return None
        self.machine.set_state(state, model=self._scratch)
        pl, dt = dict(payload), dict(data)
        at_us = 0 if at is None else to_us(at, "at")
        moved = self._scratch.trigger(event, view={**dt, **pl}, payload=pl, data=dt, at_us=at_us)
        return self._scratch.state if moved else None

    def bind(
        self, snapshot: Snapshot, on_effect: Callable[[Effect], object] | None = None
    ) -> TicketObject:
        """Attach one ticket as a ``transitions`` model, for callback-style hosts.

        Register callbacks on `machine` (e.g.
        ``wm.machine.on_enter_resolved(callback)``); they receive ``EventData``.

        Examples:
            >>> import pendulum
            >>> from complaintflow.workflows import Event, default, start
            >>> wm = WorkflowMachine(default("suggestion"))
            >>> seen = []
            >>> t = wm.bind(start(wm.definition, "S-1"), on_effect=seen.append)
            >>> t.fire(Event("record", pendulum.datetime(2026, 3, 2),
            ...              {"caller": "w", "contact": "x", "content": "y"})) == tuple(seen)
            True
            >>> t.state, t.snapshot.state
            ('recorded', 'recorded')
            >>> t.release()

        Raises:
            WrongTypeError: ``snapshot`` is no `Snapshot` of this workflow, or
                ``on_effect`` neither a callable nor ``None``.
        """
        if not isinstance(snapshot, Snapshot):
            raise wrong_type("snapshot", "a Snapshot", snapshot)
        if on_effect is not None and not callable(on_effect):
            raise wrong_type("on_effect", "a callable or None", on_effect)
        if snapshot.workflow != self.definition.name:
            raise WrongTypeError(
                f"snapshot.workflow: a snapshot of workflow {snapshot.workflow!r} cannot bind "
                f"to a machine of {self.definition.name!r}; bind snapshots of "
                f"{self.definition.name!r} only",
                field="snapshot.workflow",
                value=snapshot.workflow,
            )
        obj = TicketObject(self, snapshot, on_effect)
        self.machine.add_model(obj, initial=snapshot.state)
        return obj


def to_mermaid(
    definition: WorkflowDefinition,
    *,
    exclude_events: Collection[str] = (),
    title: str | None = None,
) -> str:
    """A Mermaid ``stateDiagram-v2`` of the workflow, drawn by ``transitions``.

    Edges are labelled ``event [guard & guard]``; terminal states get an arrow
    to ``[*]``. The text ``transitions`` produces is normalised in three small
    ways: the title becomes YAML front matter (``title: ...``), ``Class`` lines use
    Mermaid's lower-case ``class`` keyword, and no state is styled as "current".

    Args:
        definition: The workflow.
        exclude_events: Events left out (e.g. the self-loops every open state
            has), to keep large diagrams readable.
        title: The diagram title (default: the workflow's name and version).

    Examples:
        >>> from complaintflow.workflows import default
        >>> print(to_mermaid(default("suggestion")).splitlines()[-3])
          recorded --> forwarded: forward [department]

    Raises:
        WrongTypeError: ``definition`` is no `WorkflowDefinition`, ``exclude_events``
            no list of event names, or ``title`` neither a non-empty string nor ``None``.
    """
    check_definition(definition)
    excluded = frozenset(items_of(exclude_events, "exclude_events", str, "event names"))
    if title is not None and (not isinstance(title, str) or not title):
        raise wrong_type("title", "a non-empty string or None", title)
    title_text = f"{definition.name} v{definition.version}" if title is None else title
    machine = GraphMachine(
        states=_states(definition),
        initial=definition.initial,
        transitions=[
            {"trigger": t.event, "source": t.source, "dest": t.target, "conditions": list(t.guards)}
            for t in definition.transitions
            if t.event not in excluded
        ],
        auto_transitions=False,
        graph_engine="mermaid",
        show_conditions=True,
        title=title_text,
    )
    source: str = machine.get_graph().draw(None)
    lines = []
    for line in source.splitlines():
        line = line.rstrip()
        if line == title_text:  # transitions writes a bare title; Mermaid wants YAML
            line = f"title: {title_text}"
        elif line.lstrip().startswith("Class "):  # Mermaid's keyword is lower-case
            name, style = line.split()[1:3]
            style = "s_default" if style == "s_active" else style  # no "current" state
            line = f"  class {name} {style}"
        lines.append(line)
    lines += [f"  {s} --> [*]" for s in definition.states if s in definition.terminal]
    return "\n".join(lines) + "\n"
