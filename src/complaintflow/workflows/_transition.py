"""Running workflows: the pure step, the checks that explain it, and folds of a log.

Theory of operation
-------------------
A ticket's state is a `Snapshot` (the values live in
`complaintflow.workflows._values`). The host owns the clock and the
database: it builds an `Event` with the time it happened and calls
`transition`, which returns a *new* snapshot and the `Effect` values
the host should perform (acknowledge the customer, notify a department, schedule a
return visit, escalate). Nothing is performed here and nothing is mutated.

A step either applies completely or raises a typed
`WorkflowError` naming the ticket, state, event and rule
ID; the caller's snapshot is untouched because snapshots are immutable. Since a step
is a pure function of (definition, snapshot, event), the snapshot is a fold of the
event log: `replay_events` rebuilds it exactly, so a host may store only events.

The hot path reads the compiled table of the definition (one dict look-up per
event, guard closures, no datetime arithmetic: event times are compared as integer
epoch microseconds computed once when the event is built). Snapshots and events keep
their data in private dicts and hand out read-only views.

A snapshot's data and an effect's payload share nothing changeable with the event
or the definition: the lists and dicts of an event's payload are frozen (copied
into tuples and read-only views) when it is applied, and everything else they hold
(scalars, a definition's frozen parameters and assignments) cannot be changed, so
it is shared as it is. A payload of scalars, the usual case, costs one scan.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping

from complaintflow._errors import (
    ComplaintflowError,
    EventNotAllowedError,
    EventOrderError,
    GuardFailedError,
    PeriodEndedError,
    SnapshotMismatchError,
    WorkflowError,
    WrongTypeError,
    problem_text,
    wrong_type,
)
from complaintflow._event import Event
from complaintflow._json import JSON
from complaintflow._time import to_us
from complaintflow.workflows._definition import (
    SNAPSHOT_SCHEMA,
    WorkflowDefinition,
    _Candidate,
    check_definition,
)
from complaintflow.workflows._frozen import (
    SCALAR_TYPES,
    FrozenJSON,
    freeze_value,
    frozen_values,
    plain,
)
from complaintflow.workflows._spec import EffectSpec
from complaintflow.workflows._values import (
    Effect,
    Reason,
    Snapshot,
    Verdict,
    _e_context,
    _e_payload,
    _e_what,
    _frozen_data,
    _iso,
    _new,
    _s_data,
    _s_last,
    _s_origin,
    _s_state,
    _s_steps,
    _s_ticket,
    event_from_parts,
    start,
)

#: A fold's data: frozen values and, until the fold ends, the parts' plain ones.
_Unfrozen = dict[str, "JSON | FrozenJSON"]
_SEQUENCES = (tuple, list)  # a list kept in the data: frozen, or plain inside a fold


def _not_an_event(value: object) -> WrongTypeError:
    return WrongTypeError(
        f"event: expected an Event, got {type(value).__name__} {problem_text(value)}",
        field="event",
        value=value,
    )


#: For `_mismatch` when a question has no event (`allowed_events`).
_NO_EVENT = object()


def _mismatch(definition: WorkflowDefinition, snapshot: Snapshot, event: object) -> None:
    """Raise the error for a definition, snapshot (or event) the step cannot use."""
    check_definition(definition)
    if not isinstance(snapshot, Snapshot):
        raise wrong_type("snapshot", "a Snapshot", snapshot)
    if event is not _NO_EVENT and not isinstance(event, Event):
        raise _not_an_event(event)
    wanted = (definition.name, definition.version, SNAPSHOT_SCHEMA)
    got = (snapshot.workflow, snapshot.version, snapshot.schema)
    if got != wanted:
        raise SnapshotMismatchError(
            f"the snapshot is of workflow {got[0]!r} version {got[1]} schema {got[2]}, "
            f"the definition is {wanted[0]!r} version {wanted[1]} schema {wanted[2]}; "
            "migrate the snapshot or replay its events with this definition",
            ticket=snapshot.ticket_id,
            state=snapshot.state,
            event=event.name if isinstance(event, Event) else None,
            field="snapshot.workflow",
            value=got,
        )


def _order(snapshot: Snapshot, event: Event) -> str | None:
    last = snapshot.last_at_us
    if last is not None and event._at_us < last:
        return (
            f"the event at {event.at.isoformat()} is earlier than the last event "
            f"at {_iso(last)}; events must be applied in time order"
        )
    return None


def transition(
    definition: WorkflowDefinition, snapshot: Snapshot, event: Event
) -> tuple[Snapshot, tuple[Effect, ...]]:
    """Apply one event: the new snapshot and the effects to perform.

    The first transition for ``(snapshot.state, event.name)`` whose guards all
    pass fires; its ``assign`` values and the event payload are merged into the
    data. The input snapshot is never changed.

    Args:
        definition: The workflow.
        snapshot: The ticket's current snapshot (same workflow, version, schema).
        event: The event, not earlier than the last one applied.

    Returns:
        ``(new_snapshot, effects)``.

    Raises:
        WrongTypeError: ``definition``, ``snapshot`` or ``event`` is of another type.
        SnapshotMismatchError: The snapshot belongs to another workflow or version.
        EventOrderError: The event is earlier than the last one applied.
        EventNotAllowedError: No transition for this event in this state.
        GuardFailedError: Every candidate transition has a failing guard.

    Examples:
        >>> import pendulum
        >>> from complaintflow.workflows import default, start
        >>> wf = default("suggestion")
        >>> at = pendulum.datetime(2026, 3, 2, 10, tz="Asia/Shanghai")
        >>> intake = {"caller": "王女士", "contact": "138...", "content": "延长营业时间"}
        >>> s, effects = transition(wf, start(wf, "S-7"), Event("record", at, intake))
        >>> s.state, [e.kind for e in effects]
        ('recorded', ['acknowledge'])
    """
    if (
        type(snapshot) is not Snapshot
        or type(event) is not Event
        or type(definition) is not WorkflowDefinition
    ):
        _mismatch(definition, snapshot, event)  # before reading a slot it may not have
    origin = snapshot._origin
    if origin is not definition._origin and origin != definition._origin:
        _mismatch(definition, snapshot, event)
    state = snapshot.state
    last = snapshot.last_at_us
    at_us = event._at_us
    if last is not None and at_us < last:
        raise EventOrderError(
            _order(snapshot, event) or "",
            ticket=snapshot.ticket_id,
            state=state,
            event=event.name,
            field="event.at",
            value=event.at,
        )
    candidates = definition._table.get((state, event.name))
    if candidates is None:
        raise _not_allowed(definition, snapshot, event)
    payload: Mapping[str, FrozenJSON] = event._payload  # type: ignore[assignment]
    for value in payload.values():  # frozen_values, inlined: scalars are merged as they are
        if type(value) not in SCALAR_TYPES:
            payload = frozen_values(event._payload)
            break
    data = snapshot._data
    view = {**data, **payload}
    for fired in candidates:  # the first candidate whose guards all pass (_passing, inlined)
        for guarded in fired[1]:
            if not guarded[2](view, payload, data, at_us):
                break
        else:
            break
    else:
        fired = None
    if fired is not None:
        target, _checks, effects, assign, collect, spec = fired
        if assign:
            view.update(assign)
        if spec.stamp is not None:
            view[spec.stamp] = event.at.isoformat()
        if collect:
            problem = _collect(view, payload, collect)
            if problem is not None:
                raise WorkflowError(
                    problem,
                    ticket=snapshot.ticket_id,
                    state=state,
                    event=event.name,
                    rule=spec.rule,
                    field=f"data.{next(iter(collect))}",
                )
        new = _new(Snapshot)
        _s_origin(new, origin)
        _s_ticket(new, snapshot.ticket_id)
        _s_state(new, target)
        _s_data(new, view)
        _s_steps(new, snapshot.steps + 1)
        _s_last(new, at_us)
        if not effects:
            return new, ()
        context = (snapshot.ticket_id, event.at)
        out: list[Effect] = []
        for effect_spec in effects:  # inlined: a call per effect is a tenth of the step
            # params is the MappingProxyType its converter made: copy() is a plain dict
            # (of frozen values, shared safely), several times faster than dict(view).
            effect_payload = effect_spec.params.copy()  # type: ignore[attr-defined]
            for f in effect_spec.include:
                if f in view:
                    effect_payload[f] = view[f]
            if effect_spec._pairs:
                out.extend(_each(effect_spec, effect_payload, view, context))
                continue
            eff = _new(Effect)
            _e_what(eff, effect_spec._what)
            _e_context(eff, context)
            _e_payload(eff, effect_payload)
            out.append(eff)
        return new, tuple(out)
    # Slow path, only when refusing: find each candidate's first failing guard again.
    # Two candidates may fail on the same shared guard: say it once.
    reasons = tuple(
        dict.fromkeys(
            next(
                (g, r, why(view, payload, data, at_us) or "")
                for g, r, test, why in cand[1]
                if not test(view, payload, data, at_us)
            )
            for cand in candidates
        )
    )
    message = "refused: " + "; ".join(f"guard {g!r} {why}" for g, _r, why in reasons)
    ended = _period_ended(definition, reasons, view, payload, data)
    if ended is not None:
        raise PeriodEndedError(
            message,
            ticket=snapshot.ticket_id,
            state=state,
            event=event.name,
            reasons=reasons,
            period=ended[0],
            since=ended[1],
        )
    raise GuardFailedError(
        message,
        ticket=snapshot.ticket_id,
        state=state,
        event=event.name,
        reasons=reasons,
    )


def _period_ended(
    definition: WorkflowDefinition,
    reasons: tuple[tuple[str, str, str], ...],
    view: Mapping[str, object],
    payload: Mapping[str, object],
    data: Mapping[str, object],
) -> tuple[str, str] | None:
    """The period and its start when a refusal is a ``within`` guard's period that
    ended (or never started), else ``None``."""
    for name, _rule, _why in reasons:
        g = definition.guards[name]
        if g.kind == "within":
            src = view if g.on == "merged" else payload if g.on == "payload" else data
            since = src.get(g.since)
            if isinstance(since, str):
                return str(g.period), since
    return None


def _each(
    spec: EffectSpec,
    base: dict[str, FrozenJSON],
    view: Mapping[str, FrozenJSON],
    context: tuple[str, _dt.datetime],
) -> Iterator[Effect]:
    """One effect per item of the list field(s) ``spec.each`` names, the item under
    its payload key (several lists: zipped, the shortest deciding); none if empty."""
    keys = tuple(k for k, _ in spec._pairs)
    lists = []
    for _key, field in spec._pairs:
        items = view.get(field)
        lists.append(items if isinstance(items, _SEQUENCES) else ())
    for items in zip(*lists, strict=False):
        payload = base.copy()
        payload.update(zip(keys, items, strict=True))
        eff = _new(Effect)
        _e_what(eff, spec._what)
        _e_context(eff, context)
        _e_payload(eff, payload)
        yield eff


def _passing(
    candidates: tuple[_Candidate, ...],
    view: dict[str, FrozenJSON],
    payload: Mapping[str, FrozenJSON],
    data: dict[str, FrozenJSON],
    at_us: int,
) -> _Candidate | None:
    """The first candidate transition whose guards all pass, or ``None``."""
    for candidate in candidates:
        for guarded in candidate[1]:
            if not guarded[2](view, payload, data, at_us):
                break
        else:
            return candidate
    return None


def _collect(
    view: dict[str, FrozenJSON],
    payload: Mapping[str, FrozenJSON],
    collect: dict[str, str],
) -> str | None:
    """Append payload values to lists (tuples) in ``view``; the problem if a field is no list.

    The list is the field as the payload and ``assign`` left it in ``view``.
    """
    for list_field, payload_field in collect.items():
        if payload_field in payload:
            before = view.get(list_field)
            if before is not None and not isinstance(before, _SEQUENCES):
                return (
                    f"data field {list_field!r} holds {problem_text(plain(before))}, not a list, "
                    f"so {payload_field!r} cannot be collected into it"
                )
            view[list_field] = (
                (*before, payload[payload_field]) if before else (payload[payload_field],)
            )
    return None


def _not_allowed(
    definition: WorkflowDefinition, snapshot: Snapshot, event: Event
) -> EventNotAllowedError:
    accepted = definition.accepts(snapshot.state)
    known = event.name in definition.events
    what = "is not allowed in this state" if known else "is not an event of this workflow"
    return EventNotAllowedError(
        f"{what}; allowed here: {', '.join(accepted) or 'nothing (terminal state)'}",
        ticket=snapshot.ticket_id,
        state=snapshot.state,
        event=event.name,
        rule=definition.states.get(snapshot.state, {}).get("rule"),  # type: ignore[arg-type]
        field="event.name",
        value=event.name,
    )


def can(definition: WorkflowDefinition, snapshot: Snapshot, event: Event) -> Verdict:
    """Would `transition` accept this event now? With the reasons if not.

    Examples:
        >>> import pendulum
        >>> from complaintflow.workflows import default, start
        >>> wf = default("complaint")
        >>> v = can(wf, start(wf, "T-1"), Event("register", pendulum.datetime(2026, 3, 2),
        ...         {"complainant": "李先生", "contact": "139...", "channel": "phone",
        ...          "content": "无信号", "category": "network"}))
        >>> v.allowed, v.reasons[0].rule
        (False, 'IN-6')
    """
    try:
        target = transition(definition, snapshot, event)[0].state
    except GuardFailedError as err:
        reasons = tuple(Reason(g, r, m) for g, r, m in err.reasons)
        return Verdict(False, event.name, snapshot.state, reasons=reasons, message=str(err))
    except (EventNotAllowedError, EventOrderError, SnapshotMismatchError) as err:
        return Verdict(False, event.name, snapshot.state, message=str(err))
    return Verdict(True, event.name, snapshot.state, target=target)


def allowed_events(
    definition: WorkflowDefinition,
    snapshot: Snapshot,
    payload: Mapping[str, JSON] | None = None,
    *,
    at: _dt.datetime | None = None,
) -> tuple[str, ...]:
    """The events whose guards pass now, given a payload (default: none).

    `WorkflowDefinition.accepts` lists the events the state accepts at all;
    this narrows them to those a payload would get through. ``at`` is the instant
    a ``within`` guard (a reopen period) is judged at; without it, the time of the
    snapshot's last event (the earliest an event may come).

    Raises:
        WrongTypeError: ``definition`` is no `WorkflowDefinition`, ``snapshot`` no
            `Snapshot`, or ``payload`` no mapping.
        SnapshotMismatchError: The snapshot belongs to another workflow or version.
        ValidationError: A payload value is not JSON-compatible (every one named).

    Examples:
        >>> from complaintflow.workflows import default, start
        >>> wf = default("inquiry")
        >>> s = start(wf, "Q-1")
        >>> wf.accepts(s.state)
        ('answer', 'convert', 'transfer')
        >>> allowed_events(wf, s, {"caller": "李先生", "contact": "010...", "question": "资费",
        ...                        "department": "计费中心", "expected_wait": "2 hours"})
        ('transfer',)
    """
    if (
        type(definition) is not WorkflowDefinition
        or type(snapshot) is not Snapshot
        or snapshot._origin != definition._origin
    ):
        _mismatch(definition, snapshot, _NO_EVENT)
    pl: Mapping[str, FrozenJSON] = {} if payload is None else _frozen_data(payload)
    data = snapshot._data
    view = {**data, **pl}
    at_us = (snapshot.last_at_us or 0) if at is None else to_us(at, "at")
    out = []
    for event in definition.accepts(snapshot.state):
        for _t, checks, _e, _a, _c, _s in definition._table[(snapshot.state, event)]:
            if all(test(view, pl, data, at_us) for _n, _r, test, _why in checks):
                out.append(event)
                break
    return tuple(out)


def fold(
    definition: WorkflowDefinition,
    ticket_id: str,
    parts: Iterable[tuple[str, int, _dt.datetime, Mapping[str, JSON]]],
    refused: list[tuple[int, ComplaintflowError]] | None = None,
) -> Snapshot:
    """The fold of `transition` over events given as ``(name, at_us, at, payload)``.

    The snapshots and effects in between are never built. Anything unusual (no
    transition, a failing guard, an event out of order, a collect conflict) goes
    through `transition` itself, so errors are exactly the live ones (a
    property test checks fold == live). Without ``refused`` the first error is
    raised; with a ``refused`` list, each refused event's position and error are
    appended to it and the event is skipped, as a host that validated on the way
    in would have refused it (what-if replay does this).
    Parts must be checked already: ``at`` aware, ``at_us`` its epoch µs, ``payload``
    JSON-compatible plain data.
    """
    state, data, steps, last = _fold(definition, ticket_id, parts, refused)
    return _snapshot(start(definition, ticket_id), state, data, steps, last)


def fold_state(
    definition: WorkflowDefinition,
    ticket_id: str,
    parts: Iterable[tuple[str, int, _dt.datetime, Mapping[str, JSON]]],
    refused: list[tuple[int, ComplaintflowError]],
) -> str:
    """The state `fold` reaches, without building a snapshot (replay's hot path:
    ``ticket_id`` must already be a non-empty string)."""
    return _fold(definition, ticket_id, parts, refused)[0]


def _fold(
    definition: WorkflowDefinition,
    ticket_id: str,
    parts: Iterable[tuple[str, int, _dt.datetime, Mapping[str, JSON]]],
    refused: list[tuple[int, ComplaintflowError]] | None,
) -> tuple[str, _Unfrozen, int, int | None]:
    """The fold; its data may still hold the parts' own lists and dicts (plain), which
    no guard tells from frozen ones: `_snapshot` freezes them, once, at the end."""
    table, quick = definition._table, definition._quick
    data: _Unfrozen = {}
    state, steps, last = definition.initial, 0, None
    for i, (name, at_us, at, raw) in enumerate(parts):
        key = (state, name)
        move = quick.get(key)
        if move is not None and (move[2] or not data) and (last is None or at_us >= last):
            # Guards that read the payload alone, or any guards while the data is empty
            # (the merged view is then the payload): the data is this fold's own, so
            # the payload goes into it in place instead of into a merged copy.
            for test in move[1]:
                if not test(raw, raw, data, at_us):
                    break
            else:
                data.update(raw)
                state, steps, last = move[0], steps + 1, at_us
                continue
        candidates = table.get(key)
        if candidates is not None and (last is None or at_us >= last):
            view = {**data, **raw}
            fired = _passing(candidates, view, raw, data, at_us)  # type: ignore[arg-type]
            if fired is not None:
                target, _checks, _effects, assign, collect, spec = fired
                if assign:
                    view.update(assign)
                if spec.stamp is not None:
                    view[spec.stamp] = at.isoformat()
                if not collect or _collect(view, raw, collect) is None:  # type: ignore[arg-type]
                    state, data, steps, last = target, view, steps + 1, at_us
                    continue
        try:  # the slow path: transition() raises the live error
            now = _snapshot(start(definition, ticket_id), state, data, steps, last)
            transition(definition, now, event_from_parts(name, at, at_us, raw))
        except ComplaintflowError as e:
            if refused is None:
                raise
            refused.append((i, e))
            continue
        raise AssertionError("unreachable: transition() refused above")  # pragma: no cover
    return state, data, steps, last


def _snapshot(
    like: Snapshot, state: str, data: _Unfrozen, steps: int, last: int | None
) -> Snapshot:
    """A snapshot of a fold's data (private to the fold, so frozen in place)."""
    for k in [k for k, v in data.items() if type(v) not in SCALAR_TYPES]:
        data[k] = freeze_value(data[k])
    new = _new(Snapshot)
    _s_origin(new, like._origin)
    _s_ticket(new, like.ticket_id)
    _s_state(new, state)
    _s_data(new, data)
    _s_steps(new, steps)
    _s_last(new, last)
    return new
