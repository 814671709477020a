"""Reading workflow data: every problem at once; graph checks; shortest paths.

Theory of operation
-------------------
`read` walks the plain data once, collecting a `Problem` (with its
path, e.g. ``transitions[3].guards[0]``) for every bad shape, unknown name or rule
ID, instead of stopping at the first. Well-placed edges (declared source, event and
target) are kept even when their guards or effects are bad, so the graph checks
still run: states unreachable from the initial state, states that cannot reach a
terminal state (dead ends named as such), declared events and guards nobody uses,
and an unguarded transition that shadows a later one for the same state and event.
If anything was found, one `ValidationError` lists it all.

The breadth-first searches here also give the model-based tests their paths
(`shortest_paths`, `transition_paths`, the XState ``getShortestPaths``
idea).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, TypeGuard

from complaintflow._errors import ComplaintflowError, Problem, ValidationError, problem_text
from complaintflow._json import JSON, is_json
from complaintflow.calendars import Duration, DurationKind
from complaintflow.workflows._spec import (
    _KINDS,
    _MATCHES,
    _NAME,
    _OPS,
    _RULE,
    _SOURCES,
    Condition,
    EffectSpec,
    Guard,
    TransitionSpec,
)

if TYPE_CHECKING:
    from complaintflow.workflows._definition import WorkflowDefinition

_PERIOD_HINT = "a within guard's period is calendar time, e.g. '30 calendar days'"


def read(cls: type[WorkflowDefinition], data: Mapping[str, object]) -> WorkflowDefinition:
    """Build ``cls`` from plain data or raise one ``ValidationError`` listing all problems."""
    return _Reader(cls, data).build()


class _Reader:
    """Reads plain data into a definition, collecting every problem on the way."""

    def __init__(self, cls: type[WorkflowDefinition], data: Mapping[str, object]) -> None:
        self.cls = cls
        self.data = data
        self.problems: list[Problem] = []
        self.edges: list[tuple[str, str, str]] = []

    def bad(self, path: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Problem(path, message, hint))

    def name(self, value: object, path: str, what: str) -> str | None:
        if isinstance(value, str) and _NAME.match(value):
            return value
        self.bad(path, f"{what} {problem_text(value)} is not a valid name", "use lower_snake_case")
        return None

    def rule(self, value: object, path: str, *, required: bool) -> str | None:
        if value is None and not required:
            return None
        if isinstance(value, str) and _RULE.match(value):
            return value
        self.bad(
            path, f"rule {problem_text(value)} is not a rule ID", 'use a DOMAIN.md ID like "FLOW-2"'
        )
        return None

    def names(self, value: object, path: str, what: str) -> tuple[str, ...]:
        if not isinstance(value, list | tuple):
            self.bad(path, f"expected a list of {what} names, got {problem_text(value)}")
            return ()
        out = [self.name(v, f"{path}[{i}]", what) for i, v in enumerate(value)]
        return tuple(v for v in out if v is not None)

    def meta(self, value: object, path: str, what: str) -> dict[str, dict[str, JSON]]:
        """States or events: a list of names or a mapping name -> {rule, description}."""
        out: dict[str, dict[str, JSON]] = {}
        if isinstance(value, list | tuple):
            for n in self.names(value, path, what):
                out[n] = {}
            return out
        if not isinstance(value, Mapping) or not value:
            self.bad(path, f"expected a non-empty list or mapping of {what}s")
            return out
        for key, info in value.items():
            state_name = self.name(key, f"{path}.{key}", what)
            if state_name is None:
                continue
            if not isinstance(info, Mapping) or set(info) - {"rule", "description"}:
                self.bad(
                    f"{path}.{key}",
                    f"{problem_text(info)} is not a {what} description",
                    'use {"rule": "FLOW-2", "description": "..."}',
                )
                continue
            self.rule(info.get("rule"), f"{path}.{key}.rule", required=False)
            desc = info.get("description", "")
            if not isinstance(desc, str):
                self.bad(f"{path}.{key}.description", "description must be text")
            out[state_name] = {k: v for k, v in info.items() if k in ("rule", "description")}
        return out

    def condition(self, value: object, path: str) -> Condition | None:
        if not isinstance(value, Mapping) or set(value) != {"field", "op", "value"}:
            self.bad(
                path, f"{problem_text(value)} is not a condition", 'use {"field", "op", "value"}'
            )
            return None
        return self.test(value, path)

    def test(self, value: Mapping[str, object], path: str) -> Condition | None:
        fld = self.name(value.get("field"), f"{path}.field", "field")
        op = value.get("op")
        val = value.get("value")
        ok = fld is not None
        if op not in _OPS:
            self.bad(f"{path}.op", f"operator {problem_text(op)} is unknown", f"use one of {_OPS}")
            ok = False
        if op in ("in", "not in") and not isinstance(val, list):
            self.bad(f"{path}.value", f"{op!r} needs a list, got {problem_text(val)}")
            ok = False
        if not is_json(val):
            self.bad(f"{path}.value", f"{problem_text(val)} is not JSON-compatible")
            ok = False
        if not ok or fld is None or not isinstance(op, str):
            return None
        return Condition(fld, op, val)  # val checked by is_json

    def guard(self, key: str, spec: object, path: str) -> Guard | None:
        if not isinstance(spec, Mapping):
            self.bad(path, f"{problem_text(spec)} is not a guard", 'use {"kind": ..., "rule": ...}')
            return None
        kind = spec.get("kind")
        allowed = {"kind", "rule", "on", "when", "description"}
        allowed |= (
            {"fields", "match"} if kind == "required"
            else {"since", "period"} if kind == "within"
            else {"field", "op", "value"}
        )  # fmt: skip
        for extra in sorted(set(spec) - allowed, key=str):
            self.bad(f"{path}.{extra}", f"unknown key {extra!r} for a {kind} guard")
        rule = self.rule(spec.get("rule"), f"{path}.rule", required=True)
        on = spec.get("on", "merged")
        if on not in _SOURCES:
            self.bad(f"{path}.on", f"{problem_text(on)} is not a view", f"use one of {_SOURCES}")
        when = None
        if "when" in spec:
            when = self.condition(spec["when"], f"{path}.when")
        desc = spec.get("description", "")
        if not isinstance(desc, str):
            self.bad(f"{path}.description", "description must be text")
            desc = ""
        if kind == "required":
            fields = self.names(spec.get("fields"), f"{path}.fields", "field")
            if not fields:
                self.bad(f"{path}.fields", "a required guard needs at least one field")
            match = spec.get("match", "all")
            if match not in _MATCHES:
                self.bad(f"{path}.match", f"{problem_text(match)} is unknown", "use 'all' or 'any'")
            if rule is None or not fields or match not in _MATCHES or on not in _SOURCES:
                return None
            return Guard(
                key,
                "required",
                rule,
                fields=fields,
                match=str(match),
                on=str(on),
                when=when,
                description=desc,
            )
        if kind == "within":
            since = self.name(spec.get("since"), f"{path}.since", "field")
            period = self.period(spec.get("period"), f"{path}.period")
            if rule is None or since is None or period is None or on not in _SOURCES:
                return None
            return Guard(
                key, "within", rule, on=str(on), when=when, description=desc,
                since=since, period=period,
            )  # fmt: skip
        if kind == "predicate":
            test = self.test(spec, path)
            if rule is None or test is None or on not in _SOURCES:
                return None
            return Guard(key, "predicate", rule, test=test, on=str(on), when=when, description=desc)
        self.bad(f"{path}.kind", f"guard kind {problem_text(kind)} is unknown", f"use {_KINDS}")
        return None

    def name_map(self, value: object, path: str, what: str, hint: str) -> dict[str, str] | None:
        """A mapping of names to names (``collect``, ``each``), or ``None`` if it is not."""
        if isinstance(value, dict) and all(
            isinstance(k, str) and _NAME.match(k) and isinstance(v, str) and _NAME.match(v)
            for k, v in value.items()
        ):
            return value
        self.bad(path, f"{problem_text(value)} is not a mapping of {what}", hint)
        return None

    def period(self, value: object, path: str) -> Duration | None:
        """A ``within`` guard's period: a calendar duration (real time, no calendar)."""
        try:
            period = Duration.parse(value, "period")
        except ComplaintflowError as e:
            self.bad(path, str(e), _PERIOD_HINT)
            return None
        if period.kind is not DurationKind.CALENDAR:
            self.bad(path, f"{str(period)!r} is not calendar time", _PERIOD_HINT)
            return None
        return period

    def effect(self, spec: object, path: str) -> EffectSpec | None:
        if not isinstance(spec, Mapping):
            self.bad(
                path, f"{problem_text(spec)} is not an effect", 'use {"kind": ..., "rule": ...}'
            )
            return None
        for extra in sorted(set(spec) - {"kind", "rule", "params", "include", "each"}, key=str):
            self.bad(f"{path}.{extra}", f"unknown key {extra!r} for an effect")
        each = self.name_map(
            spec.get("each", {}), f"{path}.each", "payload key to list field",
            'use {"ticket": "linked_tickets"}',
        )  # fmt: skip
        kind = self.name(spec.get("kind"), f"{path}.kind", "effect kind")
        rule = self.rule(spec.get("rule"), f"{path}.rule", required=True)
        params = spec.get("params", {})
        if not isinstance(params, dict) or not is_json(params):
            self.bad(f"{path}.params", f"{problem_text(params)} is not a JSON object")
            params = None
        include = self.names(spec.get("include", []), f"{path}.include", "field")
        if kind is None or rule is None or params is None or each is None:
            return None
        return EffectSpec(kind, rule, params=dict(params), include=include, each=dict(each))

    def build(self) -> WorkflowDefinition:
        d = self.data
        if not isinstance(d, Mapping):
            raise ValidationError([Problem("", f"{problem_text(d)} is not a mapping")])
        known = {
            "name",
            "version",
            "initial",
            "terminal",
            "states",
            "events",
            "guards",
            "transitions",
        }
        for extra in sorted(set(d) - known, key=str):
            self.bad(str(extra), f"unknown key {extra!r}", f"use {sorted(known)}")
        name = self.name(d.get("name"), "name", "workflow")
        version = d.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            self.bad("version", f"version {problem_text(version)} is not a positive integer")
        states = self.meta(d.get("states"), "states", "state")
        events = self.meta(d.get("events"), "events", "event")
        initial = d.get("initial")
        if not _declared(initial, states):
            self.bad("initial", f"initial state {problem_text(initial)} is not a declared state")
        terminal = self.names(d.get("terminal", []), "terminal", "state")
        for i, t in enumerate(terminal):
            if t not in states:
                self.bad(f"terminal[{i}]", f"terminal state {t!r} is not a declared state")
        guards: dict[str, Guard] = {}
        raw_guards = d.get("guards", {})
        if not isinstance(raw_guards, Mapping):
            self.bad("guards", "expected a mapping of guard name to guard")
            raw_guards = {}
        declared_guards = set()
        for key, spec in raw_guards.items():
            n = self.name(key, f"guards.{key}", "guard")
            if n is None:
                continue
            declared_guards.add(n)
            g = self.guard(n, spec, f"guards.{key}")
            if g is not None:
                guards[n] = g
        timed = {  # declared as within guards, even if bad (they are reported there)
            str(k)
            for k, g in raw_guards.items()
            if isinstance(g, Mapping) and g.get("kind") == "within"
        }
        transitions = self.transitions(
            d.get("transitions"), states, events, declared_guards, set(terminal), timed
        )
        used_guards = {g for t in transitions for g in t.guards}
        for unused in sorted(declared_guards - used_guards):
            self.bad(
                f"guards.{unused}",
                f"guard {unused!r} is declared but no transition uses it",
                "remove it or add it to a transition",
            )
        if _declared(initial, states):
            self.graph(states, events, initial, set(terminal), self.edges)
        if self.problems:
            raise ValidationError(self.problems, what=f"workflow {name or d.get('name')!r}")
        assert name is not None
        assert isinstance(version, int)
        assert isinstance(initial, str)
        return self.cls(
            name, version, initial, frozenset(terminal), states, events, guards, tuple(transitions)
        )

    def transitions(
        self,
        raw: object,
        states: Mapping[str, object],
        events: Mapping[str, object],
        guards: set[str],
        terminal: set[str],
        timed: Collection[str] = (),
    ) -> list[TransitionSpec]:
        out: list[TransitionSpec] = []
        if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
            self.bad("transitions", "expected a non-empty list of transitions")
            return out
        seen_unguarded: dict[tuple[str, str], int] = {}
        allowed = {
            "source", "event", "target", "guards", "effects", "assign", "collect", "rule",
            "stamp",
        }  # fmt: skip
        for i, spec in enumerate(raw):
            path = f"transitions[{i}]"
            if not isinstance(spec, Mapping):
                self.bad(path, f"{problem_text(spec)} is not a transition")
                continue
            for extra in sorted(set(spec) - allowed, key=str):
                self.bad(f"{path}.{extra}", f"unknown key {extra!r}", f"use {sorted(allowed)}")
            ok = True
            for key, pool, what in (
                ("source", states, "state"),
                ("target", states, "state"),
                ("event", events, "event"),
            ):
                value = spec.get(key)
                if not _declared(value, pool):
                    self.bad(
                        f"{path}.{key}",
                        f"{what} {problem_text(value)} is not declared",
                        f"declare it under {what}s",
                    )
                    ok = False
            source, event = spec.get("source"), spec.get("event")
            if ok:  # the graph checks see every well-placed edge, even if its guards are bad
                self.edges.append((str(source), str(event), str(spec["target"])))
            names = self.names(spec.get("guards", []), f"{path}.guards", "guard")
            if _declared(source, terminal) and not any(g in timed for g in names):
                self.bad(
                    f"{path}.source",
                    f"terminal state {source!r} cannot have transitions",
                    "only a transition with a 'within' guard (a period after the state "
                    "was entered, such as a reopen) may leave a terminal state",
                )
            for j, g in enumerate(names):
                if g not in guards:
                    self.bad(
                        f"{path}.guards[{j}]",
                        f"guard {g!r} is not declared",
                        f"declared guards: {sorted(guards)}",
                    )
                    ok = False
            effects_raw = spec.get("effects", [])
            effects: list[EffectSpec] = []
            if not isinstance(effects_raw, list):
                self.bad(f"{path}.effects", "expected a list of effects")
                ok = False
            else:
                for j, e in enumerate(effects_raw):
                    eff = self.effect(e, f"{path}.effects[{j}]")
                    ok = ok and eff is not None
                    if eff is not None:
                        effects.append(eff)
            assign = spec.get("assign", {})
            if not isinstance(assign, dict) or not is_json(assign):
                self.bad(f"{path}.assign", f"{problem_text(assign)} is not a JSON object")
                ok = False
            collect = self.name_map(
                spec.get("collect", {}), f"{path}.collect", "list field to payload field",
                'use {"linked": "ticket"}',
            )  # fmt: skip
            ok = ok and collect is not None
            rule = self.rule(spec.get("rule"), f"{path}.rule", required=False)
            if spec.get("rule") is not None and rule is None:
                ok = False
            stamp = spec.get("stamp")
            if stamp is not None and self.name(stamp, f"{path}.stamp", "field") is None:
                ok = False
            if not ok:
                continue
            assert isinstance(source, str)
            assert isinstance(event, str)
            assert isinstance(assign, dict)
            assert isinstance(collect, dict)
            pair = (source, event)
            if pair in seen_unguarded:
                self.bad(
                    path,
                    f"unreachable: transitions[{seen_unguarded[pair]}] for state "
                    f"{source!r} and event {event!r} has no guards and always fires first",
                    "give the earlier transition a guard, or remove one",
                )
            elif not names:
                seen_unguarded[pair] = i
            out.append(
                TransitionSpec(
                    source,
                    event,
                    str(spec["target"]),
                    names,
                    tuple(effects),
                    dict(assign),
                    dict(collect),
                    rule,
                    None if stamp is None else str(stamp),
                )
            )
        return out

    def graph(
        self,
        states: Mapping[str, object],
        events: Mapping[str, object],
        initial: str,
        terminal: set[str],
        edges: list[tuple[str, str, str]],
    ) -> None:
        forward: dict[str, set[str]] = {s: set() for s in states}
        backward: dict[str, set[str]] = {s: set() for s in states}
        for source, _event, target in edges:
            forward[source].add(target)
            backward[target].add(source)
        reach = _closure({initial}, forward)
        for s in states:
            if s not in reach:
                self.bad(
                    f"states.{s}",
                    f"state {s!r} is unreachable from the initial state "
                    f"{initial!r}; add a transition into it or remove it",
                )
        finishing = _closure(terminal, backward)
        for s in states:
            if s in terminal or s not in reach or s in finishing:
                continue
            exits = forward[s] - {s}
            what = (
                "is a dead end (no transition leaves it)"
                if not exits
                else ("cannot reach a terminal state")
            )
            self.bad(
                f"states.{s}",
                f"state {s!r} {what}",
                "add a transition towards a terminal state, or mark it terminal",
            )
        used = {event for _source, event, _target in edges}
        for e in events:
            if e not in used:
                self.bad(
                    f"events.{e}",
                    f"event {e!r} is declared but no transition uses it",
                    "remove it or add a transition for it",
                )


def _declared(value: object, names: Collection[str]) -> TypeGuard[str]:
    """Whether ``value`` is one of ``names``; never hashes it (a list or dict is no name)."""
    return isinstance(value, str) and value in names


def _closure(start: set[str], edges: Mapping[str, set[str]]) -> set[str]:
    seen = set(start)
    todo = deque(start)
    while todo:
        for nxt in edges.get(todo.popleft(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


_Key = tuple[str, tuple[tuple[str, str], ...]]


def _search(
    definition: WorkflowDefinition,
) -> tuple[dict[str, tuple[TransitionSpec, ...]], list[tuple[TransitionSpec, ...]]]:
    """Breadth-first over (state, assigned data): first paths to states and transitions.

    Data values are compared by their ``repr`` (assigned values are JSON). A
    transition no path reaches with its data guards holding gets the path to its
    source with guards ignored, so every transition has a path.
    """
    start: _Key = (definition.initial, ())
    reached: dict[_Key, tuple[TransitionSpec, ...]] = {start: ()}
    to_state: dict[str, tuple[TransitionSpec, ...]] = {definition.initial: ()}
    best: dict[int, tuple[TransitionSpec, ...]] = {}
    todo = deque([start])
    while todo:
        key = todo.popleft()
        state, assigned = key
        data = dict(assigned)  # field to the repr of its assigned value
        for i, spec in enumerate(definition.transitions):
            if spec.source != state or not _data_guards_hold(definition, spec, data):
                continue
            path = (*reached[key], spec)
            best.setdefault(i, path)
            to_state.setdefault(spec.target, path)
            merged = dict(assigned)
            merged.update((k, repr(v)) for k, v in spec.assign.items())
            nxt: _Key = (spec.target, tuple(sorted(merged.items())))
            if nxt not in reached:
                reached[nxt] = path
                todo.append(nxt)
    loose: dict[str, tuple[TransitionSpec, ...]] = {definition.initial: ()}
    plain = deque([definition.initial])
    while plain:  # guards ignored: for what the data-aware search cannot reach
        state = plain.popleft()
        for spec in definition.transitions:
            if spec.source == state and spec.target not in loose:
                loose[spec.target] = (*loose[state], spec)
                plain.append(spec.target)
    for state, path in loose.items():
        to_state.setdefault(state, path)
    paths = [best.get(i, (*to_state[t.source], t)) for i, t in enumerate(definition.transitions)]
    return to_state, paths


def _data_guards_hold(
    definition: WorkflowDefinition, spec: TransitionSpec, data: Mapping[str, str]
) -> bool:
    """Whether the transition's equality guards on the ticket's data hold for ``data``."""
    for name in spec.guards:
        g = definition.guards[name]
        if g.kind != "predicate" or g.on != "data" or g.test is None:
            continue
        if g.test.op == "==" and data.get(g.test.field) != repr(g.test.value):
            return False
        if g.test.op == "!=" and data.get(g.test.field) == repr(g.test.value):
            return False
    return True
