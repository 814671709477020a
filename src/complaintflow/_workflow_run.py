"""Running workflows: events, snapshots, effects and the pure step.

Theory of operation
-------------------
A ticket's state is a :class:`Snapshot`: which workflow (name and version), the
ticket ID, the current state, the data accumulated from event payloads, how many
events were applied and the time of the last one. The host owns the clock and the
database: it builds an :class:`Event` with the time it happened and calls
:func:`transition`, which returns a *new* snapshot and the :class:`Effect` values
the host should perform (acknowledge the customer, notify a department, schedule a
return visit, escalate). Nothing is performed here and nothing is mutated.

A step either applies completely or raises a typed
:class:`~complaintflow.errors.WorkflowError` naming the ticket, state, event and rule
ID; the caller's snapshot is untouched because snapshots are immutable. Since a step
is a pure function of (definition, snapshot, event), the snapshot is a fold of the
event log: :func:`replay_events` rebuilds it exactly, so a host may store only events.

The hot path reads the compiled table of the definition (one dict look-up per
event, guard closures, no datetime arithmetic: event times are compared as integer
epoch microseconds computed once when the event is built). Snapshots and events keep
their data in private dicts and hand out read-only views.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import cast

import attrs

from complaintflow._errors import (
    ComplaintflowError,
    EventNotAllowedError,
    EventOrderError,
    GuardFailedError,
    Problem,
    SnapshotMismatchError,
    ValidationError,
    WorkflowError,
    problem_text,
)
from complaintflow._time import require_aware, to_us
from complaintflow._workflow_def import (
    JSON,
    SNAPSHOT_SCHEMA,
    EffectSpec,
    WorkflowDefinition,
    _Candidate,
    _is_json,
)

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_new = object.__new__
_set = object.__setattr__


def _json_payload(value: object) -> dict[str, JSON]:
    if not isinstance(value, Mapping):
        raise TypeError(f"payload: expected a mapping of field to JSON value, got {value!r}")
    out = dict(value)
    bad = [
        Problem(
            f"payload.{k}",
            f"{problem_text(v)} is not JSON-compatible",
            "use str, int, float, bool, None, and lists and str-keyed dicts of them",
        )
        for k, v in out.items()
        if not isinstance(k, str) or not _is_json(v)
    ]
    if bad:
        raise ValidationError(bad, what="payload")
    return out


def _iso(us: int) -> str:
    return (_EPOCH + _dt.timedelta(microseconds=us)).isoformat()


def _parse_instant(value: object, field: str, problems: list[Problem]) -> _dt.datetime | None:
    if isinstance(value, str):
        try:
            parsed = _dt.datetime.fromisoformat(value)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.utcoffset() is not None:
            return parsed
    problems.append(Problem(field, f"{problem_text(value)} is not an ISO 8601 time with offset"))
    return None


@attrs.frozen(eq=False)
class Event:
    """Something that happened to a ticket, at a time the host gives.

    Attributes:
        name: The event name, as declared by the workflow (e.g. ``"register"``).
        at: When it happened: a timezone-aware datetime.
        payload: Field values it carries (JSON-compatible); a read-only view.

    Examples:
        >>> import pendulum
        >>> e = Event("register", pendulum.datetime(2026, 3, 2, 9, tz="Asia/Shanghai"),
        ...           {"complainant": "王女士"})
        >>> Event.from_dict(e.to_dict()) == e
        True
    """

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    at: _dt.datetime
    _payload: dict[str, JSON] = attrs.field(factory=dict, converter=_json_payload, alias="payload")
    _at_us: int = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        _set(self, "_at_us", to_us(self.at, "event.at"))

    @property
    def payload(self) -> Mapping[str, JSON]:
        """The payload, read-only."""
        return MappingProxyType(self._payload)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Event):
            return NotImplemented
        return (self.name, self._at_us, self._payload) == (other.name, other._at_us, other._payload)

    def __hash__(self) -> int:
        return hash((self.name, self._at_us))

    def to_dict(self) -> dict[str, JSON]:
        """A JSON-compatible dict (``at`` as ISO 8601 with its UTC offset)."""
        return {"name": self.name, "at": self.at.isoformat(), "payload": _copy(self._payload)}

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Event:
        """Rebuild an event from :meth:`to_dict` output.

        Raises:
            ValidationError: Listing every problem.

        Examples:
            >>> Event.from_dict({"name": "close", "at": "2026-03-02T09:00:00+08:00"}).name
            'close'
        """
        problems: list[Problem] = []
        if not isinstance(data, Mapping):
            raise ValidationError([Problem("", f"{problem_text(data)} is not a mapping")])
        for extra in sorted(set(data) - {"name", "at", "payload"}, key=str):
            problems.append(Problem(str(extra), f"unknown key {extra!r}"))
        name = data.get("name")
        if not isinstance(name, str) or not name:
            problems.append(Problem("name", f"{problem_text(name)} is not an event name"))
        at = _parse_instant(data.get("at"), "at", problems)
        payload = data.get("payload", {})
        if not isinstance(payload, dict) or not _is_json(payload):
            problems.append(Problem("payload", f"{problem_text(payload)} is not a JSON object"))
        if problems:
            raise ValidationError(problems, what="event")
        assert isinstance(name, str)
        assert at is not None
        assert isinstance(payload, dict)
        return cls(name, at, payload)


@attrs.frozen(eq=False, init=False, weakref_slot=False)
class Snapshot:
    """The state of one ticket in one workflow; build the first with :func:`start`.

    Attributes:
        workflow: The workflow's name.
        version: The workflow's version.
        ticket_id: The ticket.
        state: The current state.
        data: Fields accumulated from event payloads and ``assign``; read-only.
        steps: How many events were applied (the length of the log).
        last_at_us: Epoch microseconds of the last event, or ``None``.
        schema: The snapshot schema version (:data:`SNAPSHOT_SCHEMA`).

    Examples:
        >>> from complaintflow.workflows import shipped, start
        >>> s = start(shipped("inquiry"), "T-1")
        >>> (s.state, s.steps, Snapshot.from_dict(s.to_dict()) == s)
        ('received', 0, True)
    """

    # (workflow, version, schema), shared by every snapshot of a definition: one
    # slot instead of three, and an identity check on the hot path.
    _origin: tuple[str, int, int]
    ticket_id: str
    state: str
    _data: dict[str, JSON]
    steps: int
    last_at_us: int | None

    def __init__(
        self,
        workflow: str,
        version: int,
        ticket_id: str,
        state: str,
        data: Mapping[str, JSON],
        steps: int = 0,
        last_at_us: int | None = None,
        schema: int = SNAPSHOT_SCHEMA,
    ) -> None:
        for name, value, kind in (
            ("workflow", workflow, str),
            ("ticket_id", ticket_id, str),
            ("state", state, str),
            ("version", version, int),
            ("steps", steps, int),
            ("schema", schema, int),
        ):
            if not isinstance(value, kind) or isinstance(value, bool):
                raise TypeError(f"snapshot.{name}: expected {kind.__name__}, got {value!r}")
        if last_at_us is not None and not isinstance(last_at_us, int):
            raise TypeError(f"snapshot.last_at_us: expected int or None, got {last_at_us!r}")
        self.__attrs_init__(
            (workflow, version, schema), ticket_id, state, _json_payload(data), steps, last_at_us
        )

    @property
    def workflow(self) -> str:
        """The workflow's name."""
        return self._origin[0]

    @property
    def version(self) -> int:
        """The workflow's version."""
        return self._origin[1]

    @property
    def schema(self) -> int:
        """The snapshot schema version."""
        return self._origin[2]

    @property
    def data(self) -> Mapping[str, JSON]:
        """The accumulated data, read-only."""
        return MappingProxyType(self._data)

    @property
    def last_at(self) -> _dt.datetime | None:
        """The time of the last event, in UTC, or ``None`` before the first."""
        us = self.last_at_us
        return None if us is None else _EPOCH + _dt.timedelta(microseconds=us)

    def _key(self) -> tuple[object, ...]:
        return (self._origin, self.ticket_id, self.state, self._data, self.steps, self.last_at_us)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Snapshot):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.ticket_id, self.state, self.steps, self.last_at_us))

    def to_dict(self) -> dict[str, JSON]:
        """A JSON-compatible dict that :meth:`from_dict` turns back into an equal snapshot."""
        return {
            "schema": self.schema,
            "workflow": self.workflow,
            "version": self.version,
            "ticket_id": self.ticket_id,
            "state": self.state,
            "data": _copy(self._data),
            "steps": self.steps,
            "last_at": None if self.last_at_us is None else _iso(self.last_at_us),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Snapshot:
        """Rebuild a snapshot from :meth:`to_dict` output.

        Raises:
            ValidationError: Listing every problem (including an unknown ``schema``).

        Examples:
            >>> Snapshot.from_dict({"schema": 0})  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            complaintflow._errors.ValidationError: 7 problems in snapshot:
              - schema: schema 0 is not supported; ...
        """
        if not isinstance(data, Mapping):
            raise ValidationError([Problem("", f"{problem_text(data)} is not a mapping")])
        problems: list[Problem] = []
        schema = data.get("schema")
        if schema != SNAPSHOT_SCHEMA:
            problems.append(
                Problem(
                    "schema",
                    f"schema {problem_text(schema)} is not supported",
                    f"this library reads schema {SNAPSHOT_SCHEMA}",
                )
            )
        known = {"schema", "workflow", "version", "ticket_id", "state", "data", "steps", "last_at"}
        for extra in sorted(set(data) - known, key=str):
            problems.append(Problem(str(extra), f"unknown key {extra!r}"))
        for key in ("workflow", "ticket_id", "state"):
            if not isinstance(data.get(key), str) or not data.get(key):
                problems.append(Problem(key, f"{problem_text(data.get(key))} is not a name"))
        for key in ("version", "steps"):
            v = data.get(key)
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                problems.append(Problem(key, f"{problem_text(v)} is not a non-negative integer"))
        payload = data.get("data")
        if not isinstance(payload, dict) or not _is_json(payload):
            problems.append(Problem("data", f"{problem_text(payload)} is not a JSON object"))
        last = data.get("last_at")
        last_us = None
        if last is not None:
            parsed = _parse_instant(last, "last_at", problems)
            last_us = None if parsed is None else to_us(parsed, "last_at")
        if problems:
            raise ValidationError(problems, what="snapshot")
        version, steps = data["version"], data["steps"]
        assert isinstance(version, int)
        assert isinstance(steps, int)
        assert isinstance(payload, dict)
        return cls(
            str(data["workflow"]),
            version,
            str(data["ticket_id"]),
            str(data["state"]),
            _copy(payload),
            steps,
            last_us,
            SNAPSHOT_SCHEMA,
        )


@attrs.frozen(eq=False, init=False, weakref_slot=False)
class Effect:
    """Something the host should do, returned by a step, never performed by it.

    Attributes:
        kind: ``"acknowledge"`` (IN-3), ``"notify_department"`` (FLOW-2),
            ``"schedule_return_visit"`` (FLOW-8), ``"escalate"`` (FLOW-6),
            ``"notify_result"`` (FLOW-7), or a host's own kind.
        rule: The ``DOMAIN.md`` rule ID it implements.
        ticket_id: The ticket.
        at: The time of the event that caused it (SLA clocks start here).
        payload: Constant parameters of the definition plus the data fields it
            includes; read-only.

    Examples:
        >>> import pendulum
        >>> e = Effect("escalate", "FLOW-6", "T-1", pendulum.datetime(2026, 3, 2), {})
        >>> e.to_dict()["at"]
        '2026-03-02T00:00:00+00:00'
    """

    # Three slots, not five: (kind, rule) is shared with the definition and
    # (ticket_id, at) with the other effects of the same step.
    _what: tuple[str, str]
    _context: tuple[str, _dt.datetime]
    _payload: dict[str, JSON]

    def __init__(
        self, kind: str, rule: str, ticket_id: str, at: _dt.datetime, payload: Mapping[str, JSON]
    ) -> None:
        for name, value in (("kind", kind), ("rule", rule), ("ticket_id", ticket_id)):
            if not isinstance(value, str):
                raise TypeError(f"effect.{name}: expected str, got {value!r}")
        require_aware(at, "effect.at")
        self.__attrs_init__((kind, rule), (ticket_id, at), _json_payload(payload))

    @property
    def kind(self) -> str:
        """What the host should do."""
        return self._what[0]

    @property
    def rule(self) -> str:
        """The ``DOMAIN.md`` rule ID it implements."""
        return self._what[1]

    @property
    def ticket_id(self) -> str:
        """The ticket."""
        return self._context[0]

    @property
    def at(self) -> _dt.datetime:
        """The time of the event that caused it."""
        return self._context[1]

    @property
    def payload(self) -> Mapping[str, JSON]:
        """The payload, read-only."""
        return MappingProxyType(self._payload)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Effect):
            return NotImplemented
        return (self._what, self._context, self._payload) == (
            other._what,
            other._context,
            other._payload,
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.rule, self.ticket_id))

    def to_dict(self) -> dict[str, JSON]:
        """A JSON-compatible dict."""
        return {
            "kind": self.kind,
            "rule": self.rule,
            "ticket_id": self.ticket_id,
            "at": self.at.isoformat(),
            "payload": _copy(self._payload),
        }


@attrs.frozen
class Reason:
    """Why a guard refused an event.

    Attributes:
        guard: The guard's name.
        rule: The rule ID it implements.
        message: What is missing or wrong.

    Examples:
        >>> Reason("intake", "IN-1", "missing required field 'contact' (IN-1)").rule
        'IN-1'
    """

    guard: str
    rule: str
    message: str


@attrs.frozen
class Verdict:
    """The answer of :func:`can`: may this event be applied now, and if not, why.

    Attributes:
        allowed: Whether :func:`transition` would accept the event.
        event: The event name.
        state: The ticket's current state.
        target: The state the ticket would enter, or ``None``.
        reasons: The failed guards (empty when allowed), in candidate order.
        message: A summary when refused for another reason than guards.

    Examples:
        >>> bool(Verdict(False, "close", "received", message="not allowed here"))
        False
    """

    allowed: bool
    event: str
    state: str
    target: str | None = None
    reasons: tuple[Reason, ...] = ()
    message: str = ""

    def __bool__(self) -> bool:
        return self.allowed


# Slot setters for building snapshots and effects on the hot path without the
# generated __init__ (whose converters re-validate data that is already checked).
# Writing through the slot descriptor is the cheapest legal way past a frozen class.
_Setter = Callable[[object, object], None]
_s_origin, _s_ticket, _s_state, _s_data, _s_steps, _s_last = (
    cast(_Setter, Snapshot.__dict__[name].__set__)
    for name in ("_origin", "ticket_id", "state", "_data", "steps", "last_at_us")
)
_e_what, _e_context, _e_payload = (
    cast(_Setter, Effect.__dict__[name].__set__) for name in ("_what", "_context", "_payload")
)
_v_name, _v_at, _v_payload, _v_at_us = (
    cast(_Setter, Event.__dict__[name].__set__) for name in ("name", "at", "_payload", "_at_us")
)


def event_from_parts(name: str, at: _dt.datetime, at_us: int, payload: Mapping[str, JSON]) -> Event:
    """An :class:`Event` from parts the caller has already checked (replay's hot path).

    ``at`` must be aware and ``at_us`` its epoch microseconds; ``payload`` must be
    JSON-compatible plain data (as records read from JSON are). Nothing is re-checked.
    """
    event = _new(Event)
    _v_name(event, name)
    _v_at(event, at)
    _v_payload(event, dict(payload))
    _v_at_us(event, at_us)
    return event


def _copy(value: dict[str, JSON]) -> dict[str, JSON]:
    out: dict[str, JSON] = {}
    for k, v in value.items():
        out[k] = _copy(v) if isinstance(v, dict) else _copy_list(v) if isinstance(v, list) else v
    return out


def _copy_list(value: list[JSON]) -> list[JSON]:
    return [
        _copy(v) if isinstance(v, dict) else _copy_list(v) if isinstance(v, list) else v
        for v in value
    ]


def start(definition: WorkflowDefinition, ticket_id: str) -> Snapshot:
    """The snapshot of a new ticket: the initial state, no data, no events.

    Examples:
        >>> from complaintflow.workflows import shipped
        >>> start(shipped("complaint"), "T-1").state
        'received'
    """
    if not isinstance(ticket_id, str) or not ticket_id:
        raise TypeError(f"ticket_id: expected a non-empty string, got {ticket_id!r}")
    snap = _new(Snapshot)
    _s_origin(snap, definition._origin)  # shared, so transition's identity check hits
    _s_ticket(snap, ticket_id)
    _s_state(snap, definition.initial)
    _s_data(snap, {})
    _s_steps(snap, 0)
    _s_last(snap, None)
    return snap


def _mismatch(definition: WorkflowDefinition, snapshot: Snapshot, event: Event) -> None:
    if not isinstance(snapshot, Snapshot):
        raise TypeError(f"snapshot: expected a Snapshot, got {type(snapshot).__name__}")
    if not isinstance(event, Event):
        raise TypeError(f"event: expected an Event, got {type(event).__name__}")
    wanted = (definition.name, definition.version, SNAPSHOT_SCHEMA)
    got = (snapshot.workflow, snapshot.version, snapshot.schema)
    if got != wanted:
        raise SnapshotMismatchError(
            f"the snapshot is of workflow {got[0]!r} version {got[1]} schema {got[2]}, "
            f"the definition is {wanted[0]!r} version {wanted[1]} schema {wanted[2]}; "
            "migrate the snapshot or replay its events with this definition",
            ticket=snapshot.ticket_id,
            state=snapshot.state,
            event=event.name,
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
        SnapshotMismatchError: The snapshot belongs to another workflow or version.
        EventOrderError: The event is earlier than the last one applied.
        EventNotAllowedError: No transition for this event in this state.
        GuardFailedError: Every candidate transition has a failing guard.

    Examples:
        >>> import pendulum
        >>> from complaintflow.workflows import shipped, start
        >>> wf = shipped("suggestion")
        >>> at = pendulum.datetime(2026, 3, 2, 10, tz="Asia/Shanghai")
        >>> s, effects = transition(wf, start(wf, "S-7"),
        ...     Event("record", at, {"contact": "138...", "content": "延长营业时间"}))
        >>> s.state, [e.kind for e in effects]
        ('recorded', ['acknowledge'])
    """
    return _step(definition, snapshot, event, True)


def advance(definition: WorkflowDefinition, snapshot: Snapshot, event: Event) -> Snapshot:
    """:func:`transition` without building the effects (for replay, which drops them)."""
    return _step(definition, snapshot, event, False)[0]


def _step(
    definition: WorkflowDefinition, snapshot: Snapshot, event: Event, with_effects: bool
) -> tuple[Snapshot, tuple[Effect, ...]]:
    origin = snapshot._origin
    if (origin is not definition._origin and origin != definition._origin) or type(
        event
    ) is not Event:
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
    payload = event._payload
    data = snapshot._data
    view = {**data, **payload}
    fired = _passing(candidates, view, payload, data)
    if fired is not None:
        target, _checks, effects, assign, collect, spec = fired
        if assign:
            view.update(assign)
        if collect:
            problem = _collect(view, data, payload, collect)
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
        if not effects or not with_effects:
            return new, ()
        context = (snapshot.ticket_id, event.at)
        return new, tuple([_effect(e, context, view) for e in effects])
    # Slow path, only when refusing: find each candidate's first failing guard again.
    # Two candidates may fail on the same shared guard: say it once.
    reasons = tuple(
        dict.fromkeys(
            next(
                (g, r, why(view, payload, data) or "")
                for g, r, test, why in cand[1]
                if not test(view, payload, data)
            )
            for cand in candidates
        )
    )
    raise GuardFailedError(
        "refused: " + "; ".join(f"guard {g!r} {why}" for g, _r, why in reasons),
        ticket=snapshot.ticket_id,
        state=state,
        event=event.name,
        reasons=reasons,
    )


def _passing(
    candidates: tuple[_Candidate, ...],
    view: dict[str, JSON],
    payload: Mapping[str, JSON],
    data: dict[str, JSON],
) -> _Candidate | None:
    """The first candidate transition whose guards all pass, or ``None``."""
    for candidate in candidates:
        for guarded in candidate[1]:
            if not guarded[2](view, payload, data):
                break
        else:
            return candidate
    return None


def _collect(
    view: dict[str, JSON],
    data: dict[str, JSON],
    payload: Mapping[str, JSON],
    collect: dict[str, str],
) -> str | None:
    """Append payload values to lists in ``view``; the problem text if a field is no list."""
    for list_field, payload_field in collect.items():
        if payload_field in payload:
            before = view.get(list_field) if list_field in payload else data.get(list_field)
            if before is not None and not isinstance(before, list):
                return (
                    f"data field {list_field!r} holds {problem_text(before)}, not a list, "
                    f"so {payload_field!r} cannot be collected into it"
                )
            items = [*before] if before else []
            items.append(payload[payload_field])
            view[list_field] = items
    return None


def _effect(spec: EffectSpec, context: tuple[str, _dt.datetime], view: dict[str, JSON]) -> Effect:
    payload = dict(spec.params)
    for f in spec.include:
        if f in view:
            payload[f] = view[f]
    eff = _new(Effect)
    _e_what(eff, spec._what)
    _e_context(eff, context)
    _e_payload(eff, payload)
    return eff


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
    """Would :func:`transition` accept this event now? With the reasons if not.

    Examples:
        >>> import pendulum
        >>> from complaintflow.workflows import shipped, start
        >>> wf = shipped("complaint")
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
) -> tuple[str, ...]:
    """The events whose guards pass now, given a payload (default: none).

    :meth:`WorkflowDefinition.accepts` lists the events the state accepts at all;
    this narrows them to those a payload would get through.

    Examples:
        >>> from complaintflow.workflows import shipped, start
        >>> wf = shipped("inquiry")
        >>> s = start(wf, "Q-1")
        >>> wf.accepts(s.state)
        ('answer', 'transfer')
        >>> allowed_events(wf, s, {"contact": "010...", "question": "资费",
        ...                        "department": "计费中心", "expected_wait": "2 hours"})
        ('transfer',)
    """
    data = snapshot._data
    pl = dict(payload or {})
    view = {**data, **pl}
    out = []
    for event in definition.accepts(snapshot.state):
        for _t, checks, _e, _a, _c, _s in definition._table[(snapshot.state, event)]:
            if all(test(view, pl, data) for _n, _r, test, _why in checks):
                out.append(event)
                break
    return tuple(out)


def replay_events(
    definition: WorkflowDefinition, ticket_id: str, events: Iterable[Event]
) -> Snapshot:
    """Rebuild a ticket's snapshot from its event log (a fold of :func:`transition`).

    Raises:
        WorkflowError: The first event that cannot be applied, as :func:`transition`.

    Examples:
        >>> import pendulum
        >>> from complaintflow.workflows import shipped
        >>> at = pendulum.datetime(2026, 3, 2, 10, tz="Asia/Shanghai")
        >>> log = [Event("record", at, {"contact": "138...", "content": "加开窗口"}),
        ...        Event("forward", at, {"department": "营业厅"})]
        >>> replay_events(shipped("suggestion"), "S-1", log).state
        'forwarded'
    """
    return fold(definition, ticket_id, map(_parts, events))


def _parts(event: Event) -> tuple[str, int, _dt.datetime, Mapping[str, JSON]]:
    if not isinstance(event, Event):
        raise TypeError(f"event: expected an Event, got {type(event).__name__}")
    return event.name, event._at_us, event.at, event._payload


def fold(
    definition: WorkflowDefinition,
    ticket_id: str,
    parts: Iterable[tuple[str, int, _dt.datetime, Mapping[str, JSON]]],
    refused: list[tuple[int, ComplaintflowError]] | None = None,
) -> Snapshot:
    """The fold of :func:`transition` over events given as ``(name, at_us, at, payload)``.

    The snapshots and effects in between are never built. Anything unusual (no
    transition, a failing guard, an event out of order, a collect conflict) goes
    through :func:`transition` itself, so errors are exactly the live ones (a
    property test checks fold == live). Without ``refused`` the first error is
    raised; with a ``refused`` list, each refused event's position and error are
    appended to it and the event is skipped, as a host that validated on the way
    in would have refused it (what-if replay does this).
    Parts must be checked already: ``at`` aware, ``at_us`` its epoch µs, ``payload``
    JSON-compatible plain data.
    """
    first = start(definition, ticket_id)
    table = definition._table
    state, data, steps, last = first.state, first._data, 0, None
    for i, (name, at_us, at, payload) in enumerate(parts):
        candidates = table.get((state, name))
        if candidates is not None and (last is None or at_us >= last):
            view = {**data, **payload}
            fired = _passing(candidates, view, payload, data)
            if fired is not None:
                target, _checks, _effects, assign, collect, _spec = fired
                if assign:
                    view.update(assign)
                if not collect or _collect(view, data, payload, collect) is None:
                    state, data, steps, last = target, view, steps + 1, at_us
                    continue
        try:  # the slow path: transition() raises the live error
            transition(
                definition,
                _snapshot(first, state, data, steps, last),
                event_from_parts(name, at, at_us, payload),
            )
        except ComplaintflowError as e:
            if refused is None:
                raise
            refused.append((i, e))
            continue
        raise AssertionError("unreachable: transition() refused above")  # pragma: no cover
    return _snapshot(first, state, data, steps, last)


def _snapshot(
    like: Snapshot, state: str, data: dict[str, JSON], steps: int, last: int | None
) -> Snapshot:
    new = _new(Snapshot)
    _s_origin(new, like._origin)
    _s_ticket(new, like.ticket_id)
    _s_state(new, state)
    _s_data(new, data)
    _s_steps(new, steps)
    _s_last(new, last)
    return new
