"""Workflow definitions: plain data in, a checked and compiled machine out.

Theory of operation
-------------------
A workflow is *data*: states, declared events, named guards and transitions
``{source, event, target, guards, effects, assign}``. `WorkflowDefinition.from_dict`
reads that data, checks all of it and raises one `ValidationError` that lists
every problem (bad shapes, unknown names, unreachable states, states that cannot
reach a terminal state, events no state accepts, unguarded transitions that shadow
others). ``to_dict`` gives the same data back, so a definition round-trips.

Guards are declarative, never Python callables, so a definition can be stored,
diffed and rendered. Three kinds exist: ``required`` (fields present, all or any),
``predicate`` (``field op value`` with ``==``, ``!=``, ``in``, ``not in``), each with
an optional ``when`` condition that limits where the guard applies (IN-6 fields only
for network complaints). Every guard and effect carries a ``DOMAIN.md`` rule ID.

When a definition is built it is also *compiled*: a dict keyed by ``(state,
event)`` holding, in declaration order, the candidate transitions with their guards
turned into small closures. The first candidate whose guards all pass fires, the
same "first match" rule the ``transitions`` library uses; a property test checks
that both agree. Anything not in the table is invalid (h2's ``_transitions``).

A definition is deeply immutable and hashable (``hash`` consistent with ``==``):
``states``, ``events`` and ``guards`` are read-only views of frozen copies, the parts
are frozen specs (see ``_spec``), so a shipped definition, built once and cached,
is the same for every ticket whatever a caller does with what it reads. The
compiled table is private and holds plain dicts of frozen values for the hot path.

The parts (guards, conditions, effects, transitions) are in ``_spec``; reading and
checking plain data lives in ``_check``; frozen data in ``_frozen``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

import attrs

from complaintflow._errors import (
    Problem,
    ValidationError,
    items_of,
    mapping_of,
    problem_text,
    wrong_type,
)
from complaintflow._json import JSON
from complaintflow.workflows._check import _search, read
from complaintflow.workflows._frozen import FrozenJSON, freeze_mapping, plain
from complaintflow.workflows._guards import compile_test
from complaintflow.workflows._spec import (
    Check,
    EffectSpec,
    Guard,
    Test,
    TransitionSpec,
    compile_guard,
)

SNAPSHOT_SCHEMA = 1
"""The version of the snapshot dict format written by ``Snapshot.to_dict``."""

# A compiled candidate: (target, guard checks, effect specs, assign, collect, spec).
# ``assign`` and ``collect`` are private plain dicts (of frozen values): a dict
# updates another several times faster than a read-only view does.
_Guarded = tuple[str, str, Test, Check]  # (guard name, rule, fast test, explanation)
_Candidate = tuple[
    str,
    tuple[_Guarded, ...],
    tuple[EffectSpec, ...],
    dict[str, FrozenJSON],
    dict[str, str],
    TransitionSpec,
]
_Meta = Mapping[str, Mapping[str, FrozenJSON]]


def _frozen_meta(value: Mapping[str, Mapping[str, object]], field: str) -> _Meta:
    checked = mapping_of(value, field, Mapping, "mappings of metadata")
    return MappingProxyType({k: freeze_mapping(v) for k, v in checked.items()})


def _states(value: Mapping[str, Mapping[str, object]]) -> _Meta:
    return _frozen_meta(value, "states")


def _events(value: Mapping[str, Mapping[str, object]]) -> _Meta:
    return _frozen_meta(value, "events")


def _frozen_guards(value: Mapping[str, Guard]) -> Mapping[str, Guard]:
    return MappingProxyType(mapping_of(value, "guards", Guard, "Guard values"))


def _name_set(value: Iterable[str]) -> frozenset[str]:
    return frozenset(items_of(value, "terminal", str, "state names"))


def _transition_specs(value: Iterable[TransitionSpec]) -> tuple[TransitionSpec, ...]:
    return items_of(value, "transitions", TransitionSpec, "TransitionSpec values")


def _check_references(d: WorkflowDefinition) -> None:
    """A definition built directly (``from_dict`` checks much more): its scalars have
    their types, and every state, event and guard it names is declared."""
    problems: list[Problem] = []
    for name, kind in (("name", str), ("version", int), ("initial", str)):
        value = getattr(d, name)
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(Problem(name, f"{problem_text(value)} is not a {kind.__name__}"))
        elif value == "":
            problems.append(Problem(name, "'' is not a name"))
    if type(d.version) is int and d.version < 1:
        problems.append(Problem("version", f"{d.version} is not a positive version"))
    if isinstance(d.initial, str) and d.initial not in d.states:
        problems.append(Problem("initial", f"{d.initial!r} is not a declared state"))
    problems += [
        Problem("terminal", f"{s!r} is not a declared state")
        for s in sorted(d.terminal)
        if s not in d.states
    ]
    for i, t in enumerate(d.transitions):
        for role, name, declared in (("source", t.source, d.states), ("target", t.target, d.states),
                                     ("event", t.event, d.events)):  # fmt: skip
            if not isinstance(name, str) or name not in declared:
                problems.append(
                    Problem(f"transitions[{i}].{role}", f"{problem_text(name)} is not declared")
                )
        problems += [
            Problem(f"transitions[{i}].guards", f"{g!r} is not a declared guard")
            for g in t.guards
            if g not in d.guards
        ]
    if problems:
        raise ValidationError(problems, what="workflow definition")


@attrs.frozen
class WorkflowDefinition:
    """An immutable, checked workflow: build it with `from_dict`.

    Attributes:
        name: The workflow's name (snapshots record it).
        version: An integer version (snapshots record it).
        initial: The state a new ticket starts in.
        terminal: The terminal states (no transition leaves them).
        states: State name to ``{"rule": ..., "description": ...}`` data
            (read-only views).
        events: Event name to ``{"rule": ..., "description": ...}`` data
            (read-only views).
        guards: The named guards (a read-only view).
        transitions: The transitions, in declaration order (first match wins).

    Examples:
        >>> wf = WorkflowDefinition.from_dict({
        ...     "name": "demo", "version": 1, "initial": "open", "terminal": ["done"],
        ...     "states": ["open", "done"], "events": ["finish"],
        ...     "transitions": [{"source": "open", "event": "finish", "target": "done"}],
        ... })
        >>> wf.accepts("open")
        ('finish',)
    """

    name: str
    version: int
    initial: str
    terminal: frozenset[str] = attrs.field(converter=_name_set)
    # Read-only views are compared by ``==`` but have no hash; what they hold is
    # named again by the transitions, which are hashed.
    states: _Meta = attrs.field(converter=_states, hash=False)
    events: _Meta = attrs.field(converter=_events, hash=False)
    guards: Mapping[str, Guard] = attrs.field(converter=_frozen_guards, hash=False)
    transitions: tuple[TransitionSpec, ...] = attrs.field(converter=_transition_specs)
    _table: dict[tuple[str, str], tuple[_Candidate, ...]] = attrs.field(
        init=False, eq=False, repr=False
    )
    #: The moves a fold may make without a merged view: ``(state, event)`` with one
    #: candidate that assigns, collects and stamps nothing, to ``(target, fast tests,
    #: whether its guards read the payload alone)`` (no ``when``, no period; else the
    #: move is quick only while the data is empty, when the merged view is the payload).
    _quick: dict[tuple[str, str], tuple[str, tuple[Test, ...], bool]] = attrs.field(
        init=False, eq=False, repr=False
    )
    _accepts: dict[str, tuple[str, ...]] = attrs.field(init=False, eq=False, repr=False)
    _origin: tuple[str, int, int] = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _check_references(self)
        table: dict[tuple[str, str], list[_Candidate]] = {}
        compiled = {
            name: (name, g.rule, compile_test(g), compile_guard(g))
            for name, g in self.guards.items()
        }
        for t in self.transitions:
            checks = tuple(compiled[g] for g in t.guards)
            table.setdefault((t.source, t.event), []).append(
                (t.target, checks, t.effects, dict(t.assign), dict(t.collect), t)
            )
        accepts: dict[str, list[str]] = {s: [] for s in self.states}
        for source, event in table:
            accepts[source].append(event)
        object.__setattr__(self, "_table", {k: tuple(v) for k, v in table.items()})
        quick = {}
        for key, candidates in table.items():
            if len(candidates) != 1:
                continue
            target, checks, _effects, assign, collect, spec = candidates[0]
            if assign or collect or spec.stamp is not None:
                continue
            guards = [self.guards[name] for name, _rule, _test, _check in checks]
            alone = all(g.on == "payload" and g.when is None and g.kind != "within" for g in guards)
            quick[key] = (target, tuple(test for _name, _rule, test, _check in checks), alone)
        object.__setattr__(self, "_quick", quick)
        object.__setattr__(self, "_accepts", {k: tuple(v) for k, v in accepts.items()})
        object.__setattr__(self, "_origin", (self.name, self.version, SNAPSHOT_SCHEMA))

    def accepts(self, state: str) -> tuple[str, ...]:
        """The events with at least one transition out of ``state`` (guards not evaluated).

        Examples:
            >>> from complaintflow.workflows import default
            >>> default("suggestion").accepts("recorded")
            ('forward',)
        """
        if not isinstance(state, str):
            raise wrong_type("state", "a state name", state)
        return self._accepts.get(state, ())

    def candidates(self, state: str, event: str) -> tuple[TransitionSpec, ...]:
        """The transitions for ``(state, event)`` in the order they are tried.

        Examples:
            >>> from complaintflow.workflows import default
            >>> tuple(t.target for t in default("complaint").candidates("accepted", "investigate"))
            ('investigating_quality', 'investigating_service')
        """
        if not isinstance(state, str):
            raise wrong_type("state", "a state name", state)
        if not isinstance(event, str):
            raise wrong_type("event", "an event name", event)
        return tuple(c[5] for c in self._table.get((state, event), ()))

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> WorkflowDefinition:
        """Build and check a definition from plain data; report every problem at once.

        Args:
            data: ``name``, ``version``, ``initial``, ``terminal``, ``states``,
                ``events``, ``guards`` (optional) and ``transitions`` (see the
                narrative docs for the format).

        Returns:
            The checked, compiled definition.

        Raises:
            ValidationError: Listing every problem with its path.

        Examples:
            >>> WorkflowDefinition.from_dict({"name": "x", "version": 1, "initial": "a",
            ...     "terminal": [], "states": ["a", "b"], "events": ["go", "idle"],
            ...     "transitions": [{"source": "a", "event": "go", "target": "a"}]})
            ... # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            complaintflow.errors.ValidationError: 3 problems in workflow 'x':
              - states.b: state 'b' is unreachable from the initial state 'a'; ...
              - states.a: state 'a' is a dead end (no transition leaves it); ...
              - events.idle: event 'idle' is declared but no transition uses it; ...
        """
        return read(cls, data)

    def to_dict(self) -> dict[str, JSON]:
        """The plain data this definition was built from (normalised).

        Examples:
            >>> from complaintflow.workflows import default
            >>> wf = default("inquiry")
            >>> WorkflowDefinition.from_dict(wf.to_dict()) == wf
            True
        """
        return {
            "name": self.name,
            "version": self.version,
            "initial": self.initial,
            "terminal": list[JSON](sorted(self.terminal)),
            "states": {k: plain(v) for k, v in self.states.items()},
            "events": {k: plain(v) for k, v in self.events.items()},
            "guards": {k: g.to_dict() for k, g in self.guards.items()},
            "transitions": [t.to_dict() for t in self.transitions],
        }

    def __reduce__(self) -> tuple[type[WorkflowDefinition], tuple[object, ...]]:
        # Read-only views and the compiled closures do not pickle: rebuild.
        return (
            WorkflowDefinition,
            (self.name, self.version, self.initial, self.terminal,
             {k: plain(v) for k, v in self.states.items()},
             {k: plain(v) for k, v in self.events.items()},
             dict(self.guards), self.transitions),
        )  # fmt: skip


def check_definition(value: object) -> WorkflowDefinition:
    """``value``, a `WorkflowDefinition` given as ``definition``.

    Raises:
        WrongTypeError: ``value`` is anything else.
    """
    if not isinstance(value, WorkflowDefinition):
        raise wrong_type("definition", "a WorkflowDefinition", value)
    return value


def shortest_paths(definition: WorkflowDefinition) -> dict[str, tuple[TransitionSpec, ...]]:
    """The shortest transition path from the initial state to every state.

    The XState ``getShortestPaths`` idea: tests can walk each path to prove every
    state is reachable with real events. Payload guards are assumed satisfiable (a
    walker supplies the fields); predicate guards on the ticket's data
    (``on: "data"``) are followed, with the data the path's ``assign`` values set.

    Examples:
        >>> from complaintflow.workflows import default
        >>> tuple(t.event for t in shortest_paths(default("inquiry"))["answered"])
        ('answer',)

    Raises:
        WrongTypeError: ``definition`` is no `WorkflowDefinition`.
    """
    return _search(check_definition(definition))[0]


def transition_paths(definition: WorkflowDefinition) -> list[tuple[TransitionSpec, ...]]:
    """For every transition, the shortest path that ends by taking it.

    Found like `shortest_paths`: a transition that depends on where the
    ticket came from (the return from a wait for the customer) is reached through
    a path that really sets it.

    Examples:
        >>> from complaintflow.workflows import default
        >>> wf = default("suggestion")
        >>> len(transition_paths(wf)) == len(wf.transitions)
        True
        >>> wf = default("complaint")
        >>> i = next(i for i, t in enumerate(wf.transitions)
        ...          if t.event == "customer_responded" and t.target == "in_review")
        >>> [t.event for t in transition_paths(wf)[i]][-3:]
        ['dispute', 'await_customer', 'customer_responded']
    """
    return _search(check_definition(definition))[1]
