"""Workflow values: events, snapshots, effects and verdicts.

Theory of operation
-------------------
A ticket's state is a `Snapshot`: which workflow (name and version), the
ticket ID, the current state, the data accumulated from event payloads, how many
events were applied and the time of the last one. An `Event` is what
happened, with its time (aware; kept as integer epoch microseconds too, computed
once) and its JSON payload; an `Effect` is what the host should do; a
`Verdict` answers "may this event happen now" with the reasons. All are
frozen: snapshots and effects keep their data in private dicts of frozen values
(`._frozen`: nested lists as tuples, nested dicts as read-only views) and
hand out read-only views, so nothing read from one can change it, another
ticket's values or the definition; they round-trip through plain dicts
(``to_dict``/``from_dict``), which hold lists and dicts again.

The step functions (`complaintflow.workflows._transition`) build new values through
the slot setters below rather than the validating constructors, which public
callers still get; `start`, the snapshot of a new ticket, is built the same way.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import cast

import attrs

from complaintflow._errors import (
    OutOfRangeError,
    Problem,
    ValidationError,
    WrongTypeError,
    problem_text,
)
from complaintflow._event import Event, _json_payload, parse_iso_instant
from complaintflow._json import JSON, is_json
from complaintflow._time import UTC_MAX_US, UTC_MIN_US, require_aware, to_us
from complaintflow.workflows._definition import (
    SNAPSHOT_SCHEMA,
    WorkflowDefinition,
    check_definition,
)
from complaintflow.workflows._frozen import FrozenJSON, freeze_value, plain

_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_new = object.__new__
_set = object.__setattr__


def _iso(us: int) -> str:
    return (_EPOCH + _dt.timedelta(microseconds=us)).isoformat()


def _frozen_data(value: object) -> dict[str, FrozenJSON]:
    """Checked JSON (plain, or frozen as read from another value), frozen afresh."""
    if isinstance(value, Mapping):
        value = {k: plain(v) for k, v in value.items()}
    return {k: freeze_value(v) for k, v in _json_payload(value).items()}


@attrs.frozen(eq=False, init=False, weakref_slot=False)
class Snapshot:
    """The state of one ticket in one workflow; build the first with `start`.

    Attributes:
        workflow: The workflow's name.
        version: The workflow's version.
        ticket_id: The ticket.
        state: The current state.
        data: Fields accumulated from event payloads and ``assign``; read-only,
            nested lists as tuples (``to_dict`` gives lists).
        steps: How many events were applied (the length of the log).
        last_at_us: Epoch microseconds of the last event, or ``None``.
        schema: The snapshot schema version (`SNAPSHOT_SCHEMA`).

    Examples:
        >>> from complaintflow.workflows import default, start
        >>> s = start(default("inquiry"), "T-1")
        >>> (s.state, s.steps, Snapshot.from_dict(s.to_dict()) == s)
        ('received', 0, True)
    """

    # (workflow, version, schema), shared by every snapshot of a definition: one
    # slot instead of three, and an identity check on the hot path.
    _origin: tuple[str, int, int]
    ticket_id: str
    state: str
    _data: dict[str, FrozenJSON]
    steps: int
    last_at_us: int | None

    def __init__(
        self,
        workflow: str,
        version: int,
        ticket_id: str,
        state: str,
        data: Mapping[str, JSON | FrozenJSON],
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
                raise WrongTypeError(
                    f"snapshot.{name}: expected {kind.__name__}, got {problem_text(value)}",
                    field=f"snapshot.{name}",
                    value=value,
                )
        if last_at_us is not None and (
            not isinstance(last_at_us, int) or isinstance(last_at_us, bool)
        ):
            raise WrongTypeError(
                f"snapshot.last_at_us: expected int or None, got {problem_text(last_at_us)}",
                field="snapshot.last_at_us",
                value=last_at_us,
            )
        if last_at_us is not None and not UTC_MIN_US <= last_at_us <= UTC_MAX_US:
            raise OutOfRangeError(
                f"snapshot.last_at_us: {last_at_us} µs after 1970-01-01T00:00:00Z is beyond "
                "the years 1-9999 in UTC, which a datetime can hold",
                field="snapshot.last_at_us",
                value=last_at_us,
            )
        self.__attrs_init__(
            (workflow, version, schema), ticket_id, state, _frozen_data(data), steps,
            last_at_us,
        )  # fmt: skip

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
    def data(self) -> Mapping[str, FrozenJSON]:
        """The accumulated data, deeply read-only."""
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
        """A JSON-compatible dict that `from_dict` turns back into an equal snapshot."""
        return {
            "schema": self.schema,
            "workflow": self.workflow,
            "version": self.version,
            "ticket_id": self.ticket_id,
            "state": self.state,
            "data": {k: plain(v) for k, v in self._data.items()},
            "steps": self.steps,
            "last_at": None if self.last_at_us is None else _iso(self.last_at_us),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> Snapshot:
        """Rebuild a snapshot from `to_dict` output.

        Raises:
            ValidationError: Listing every problem (including an unknown ``schema``).

        Examples:
            >>> Snapshot.from_dict({"schema": 0})  # doctest: +ELLIPSIS
            Traceback (most recent call last):
            ...
            complaintflow.errors.ValidationError: 7 problems in snapshot:
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
        if not isinstance(payload, dict) or not is_json(payload):
            problems.append(Problem("data", f"{problem_text(payload)} is not a JSON object"))
        last = data.get("last_at")
        last_us = None
        if last is not None:
            parsed = parse_iso_instant(last, "last_at", problems)
            try:
                last_us = None if parsed is None else to_us(parsed, "last_at")
            except OutOfRangeError as err:
                problems.append(Problem("last_at", str(err).removeprefix("last_at: ")))
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
            payload,
            steps,
            last_us,
            SNAPSHOT_SCHEMA,
        )

    def __reduce__(self) -> tuple[type[Snapshot], tuple[object, ...]]:
        # Read-only views do not pickle: rebuild from plain data.
        return (
            Snapshot,
            (self.workflow, self.version, self.ticket_id, self.state,
             {k: plain(v) for k, v in self._data.items()}, self.steps, self.last_at_us,
             self.schema),
        )  # fmt: skip


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
            includes; deeply read-only, nested lists as tuples (``to_dict`` gives
            lists).

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
    _payload: dict[str, FrozenJSON]

    def __init__(
        self,
        kind: str,
        rule: str,
        ticket_id: str,
        at: _dt.datetime,
        payload: Mapping[str, JSON | FrozenJSON],
    ) -> None:
        for name, value in (("kind", kind), ("rule", rule), ("ticket_id", ticket_id)):
            if not isinstance(value, str):
                raise WrongTypeError(
                    f"effect.{name}: expected str, got {problem_text(value)}",
                    field=f"effect.{name}",
                    value=value,
                )
        require_aware(at, "effect.at")
        self.__attrs_init__((kind, rule), (ticket_id, at), _frozen_data(payload))

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
    def payload(self) -> Mapping[str, FrozenJSON]:
        """The payload, deeply read-only."""
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
            "payload": {k: plain(v) for k, v in self._payload.items()},
        }

    def __reduce__(self) -> tuple[type[Effect], tuple[object, ...]]:
        # Read-only views do not pickle: rebuild from plain data.
        payload = {k: plain(v) for k, v in self._payload.items()}
        return (Effect, (self.kind, self.rule, self.ticket_id, self.at, payload))


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
    """The answer of `can`: may this event be applied now, and if not, why.

    Attributes:
        allowed: Whether `transition` would accept the event.
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
    """An `Event` from parts the caller has already checked (replay's hot path).

    ``at`` must be aware and ``at_us`` its epoch microseconds; ``payload`` must be
    JSON-compatible plain data (as records read from JSON are). Nothing is re-checked.
    """
    event = _new(Event)
    _v_name(event, name)
    _v_at(event, at)
    _v_payload(event, dict(payload))
    _v_at_us(event, at_us)
    return event


def start(definition: WorkflowDefinition, ticket_id: str) -> Snapshot:
    """The snapshot of a new ticket: the initial state, no data, no events.

    Examples:
        >>> from complaintflow.workflows import default
        >>> start(default("complaint"), "T-1").state
        'received'
    """
    check_definition(definition)
    check_ticket_id(ticket_id)
    snap = _new(Snapshot)
    _s_origin(snap, definition._origin)  # shared, so transition's identity check hits
    _s_ticket(snap, ticket_id)
    _s_state(snap, definition.initial)
    _s_data(snap, {})
    _s_steps(snap, 0)
    _s_last(snap, None)
    return snap


def check_ticket_id(ticket_id: object) -> None:
    """Raise `WrongTypeError` unless ``ticket_id`` is a non-empty string."""
    if not isinstance(ticket_id, str) or not ticket_id:
        raise WrongTypeError(
            f"ticket_id: expected a non-empty string, got {problem_text(ticket_id)}",
            field="ticket_id",
            value=ticket_id,
        )
