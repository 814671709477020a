"""SLA evaluation: a ticket's events and ``now`` in, per-target clock status out.

Theory of operation
-------------------
Evaluation is a pure function of the policy, the ticket's events and ``now``.
Events after ``now`` are checked (kind, order, time zone) but not applied, so
evaluating a past ``now`` over a complete log gives exactly what a live
evaluation at that instant gave (policy replay relies on this).

Events are processed one *instant* at a time. At an instant:

1. every clock first advances to it: levels reached strictly before it are
   recorded at the exact instant they were reached (``CalendarIndex.add``);
2. attribute changes of the instant are applied; a target whose effective
   parameters change is recomputed from its original start, with the paused
   time of the cycle kept (elapsed time = open time since start minus open
   time in pauses, measured on the new calendar);
3. the clock roles of the instant are applied to each target in the fixed order
   **reset, start, resume, pause, stop, cancel** (then input position). The
   input order of events that share an instant therefore does not matter (a
   stop and a cancel at one instant: the stop wins);
4. levels whose threshold the elapsed time has now reached are recorded at this
   instant (so a stop at the deadline meets the target; a pause at the deadline
   does not save it).

Pause and resume set a *hold*: the clock runs when it is started, not stopped
and not held; repeating a pause or a resume changes nothing; a target started
while held starts paused. A breach is final: the clock keeps running after it
(for time-to-stop and later escalation levels) until a stop. A stop is final
too; only a reset opens a new cycle. Parameters freeze at the stop.

Business days are turned into business time when a cycle starts: the budget is
the open time from the start to the close of the N-th business day after it.
A pause therefore shifts a business-days deadline by exactly the open time that
was paused. Calendar durations run on real time (a paused hour extends them by
an hour); their budget is the real time from the start to the same wall time N
days later. "N business days by HH:MM" is turned into business time like business
days (the open time up to that local time of the N-th business day, which must be
open time). A due date the ticket gives is read when the cycle starts (the
starting event's payload field, or the ticket attribute then) and runs on real
time, like calendar durations.

All of this runs on integer epoch microseconds and the calendar's
`CalendarIndex`; datetimes appear only at the
edges (`evaluate` and the properties of the result values).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, cast

import attrs

from complaintflow._errors import (
    NaiveDatetimeError,
    NaiveEventError,
    SlaEventError,
    UnknownCalendarError,
    UnknownTimezoneError,
    WrongTypeError,
    problem_text,
    wrong_type,
)
from complaintflow._event import Event
from complaintflow._time import fromiso, get_timezone, to_us
from complaintflow.calendars import BusinessCalendar
from complaintflow.calendars._internal import END_US, RANGE_TEXT
from complaintflow.sla._clock import (
    CANCEL,
    PAUSE,
    RESUME,
    RETRO,
    START,
    STOP,
    Clock,
    Compiled,
    compiled,
)
from complaintflow.sla._condition import NotANumber, Predicate
from complaintflow.sla._policy import SlaPolicy
from complaintflow.sla._report import SlaReport

__all__ = ["evaluate", "evaluate_many"]

_Norm = tuple[str, int, Mapping[str, str] | None]
#: What the public functions accept as one event: an `Event`, or
#: the fast forms ``(name, at_us)`` and ``(name, at_us, attributes)``.
EventInput = Event | tuple[str, int] | tuple[str, int, Mapping[str, str]]


class _NotPairs(Exception):
    """Raised by ``run_clocks`` in pairs mode at an event that is not a ``(kind, at_us)`` pair."""


def _order_error(ticket: object, i: int, kind: str, t: int, last: int) -> SlaEventError:
    return SlaEventError(
        f"ticket {ticket!r}: event {i} ({kind!r}) at {t} µs is earlier than event "
        f"{i - 1} at {last} µs; pass the events in time order",
        ticket=ticket, index=i, field=f"events[{i}].at", value=t,
    )  # fmt: skip


def _kind_error(ticket: object, i: int, kind: object, known: Iterable[str]) -> SlaEventError:
    return SlaEventError(
        f"ticket {ticket!r}: event {i} has the unknown kind {kind!r}; the policy knows "
        f"{sorted(known)} (add it to the policy's kinds if it drives no clock)",
        ticket=ticket, index=i, field=f"events[{i}].kind", value=kind,
    )  # fmt: skip


def _stop_error(cp: Compiled, ticket: object, g: int, kind: str, k: int) -> SlaEventError:
    return SlaEventError(
        f"ticket {ticket!r}: event {g} ({kind!r}) stops target {cp.names[k]!r} "
        f"({cp.rules[k]}) before any start; its start kinds are {cp.targets[k].kinds('start')}",
        ticket=ticket, index=g, field=f"events[{g}].kind", value=kind, rule=cp.rules[k],
    )  # fmt: skip


def _apply(
    clock: Clock,
    role: int,
    t: int,
    cp: Compiled,
    ticket: object,
    g: int,
    kind: str,
    single: bool = True,
) -> None:
    """Apply one clock role at ``t``.

    Levels are recorded lazily: before a change of the clock's running state
    (they are a function of the start, the pauses and the parameters, which the
    change would alter), and at the end. Only a pause can make a level due at
    the instant itself (its clock stops with the threshold reached exactly).
    """
    if role == START:
        if not clock.started:
            if clock.v.applies:
                clock.begin(t)
        elif clock.stopped is not None and clock.v.again and clock.v.applies:
            clock.restart(t)  # a new cycle after the stop
    elif role == STOP:
        if clock.started:
            clock.stop(t)
        elif clock.v.applies:
            raise _stop_error(cp, ticket, g, kind, clock.k)
    elif role == PAUSE:
        clock.pause(t)
        if single:  # the instant's only event: levels reached at it are due now
            clock.check(t)
    elif role == RESUME:
        clock.resume(t)
    elif role == CANCEL:
        clock.cancel(t)
    elif role == RETRO:
        clock.retro_at = t
        if clock.ctx is not None:
            clock.retro_given = clock.ctx.read(clock.k)
    elif clock.v.applies or clock.started:  # reset
        if clock.run_from is not None:
            clock.advance(t, False)
        clock.restart(t)


_NO_FIELDS: Mapping[str, object] = {}
_ABSENT = object()
_DUE_HINT = "give an ISO 8601 instant with its UTC offset, e.g. '2026-11-24T16:00:00+08:00'"


class _Starts:
    """Reads the due dates a ticket gives when a cycle starts: from the payload of
    the event being applied (``g``, kept current by the evaluation loop) or from
    the ticket's attributes as they are then."""

    __slots__ = ("attributes", "cp", "events", "g", "payloads", "ticket")

    def __init__(
        self,
        cp: Compiled,
        ticket: object,
        attributes: Mapping[str, str],
        events: Sequence[_Norm] | Sequence[tuple[str, int]],
        payloads: Sequence[Mapping[str, object]] | None,
    ) -> None:
        self.cp, self.ticket, self.attributes = cp, ticket, attributes
        self.events, self.payloads, self.g = events, payloads, 0

    def read(self, k: int) -> dict[tuple[str, str], int | Exception]:
        return {(source, name): self._one(k, source, name) for source, name in self.cp.dues[k]}

    def _one(self, k: int, source: str, name: str) -> int | Exception:
        """The instant in field ``name`` of ``source``, or the error that names it."""
        g, ticket, kind = self.g, self.ticket, self.events[self.g][0]
        if source == "event":
            value = (self.payloads[g] if self.payloads is not None else _NO_FIELDS).get(name)
            path, where = f"events[{g}].payload.{name}", f"payload field {name!r}"
        else:
            value = self.attributes.get(name)
            path, where = f"attributes.{name}", f"attribute {name!r}"
        head = (
            f"ticket {ticket!r}: event {g} ({kind!r}) starts target "
            f"{self.cp.names[k]!r}, whose deadline is the {source}'s {where}"
        )
        if value is None:
            return SlaEventError(
                f"{head}, which is missing; {_DUE_HINT}",
                ticket=ticket, index=g, field=path, value=None, rule=self.cp.rules[k],
            )  # fmt: skip
        try:
            when = fromiso(value) if isinstance(value, str) else value
            due = to_us(when, path)
        except NaiveDatetimeError:
            return NaiveEventError(
                f"{head}: {problem_text(value)} has no UTC offset (a wall time is not an "
                f"instant); {_DUE_HINT}",
                ticket=ticket, index=g, field=path, value=value, rule=self.cp.rules[k],
            )  # fmt: skip
        except (ValueError, TypeError) as e:  # not ISO 8601, no datetime, beyond the years
            return SlaEventError(
                f"{head}: {problem_text(value)} is not an instant ({e}); {_DUE_HINT}",
                ticket=ticket, index=g, field=path, value=value, rule=self.cp.rules[k],
            )  # fmt: skip
        if due >= END_US:  # a pause could move it past the years a datetime holds
            return SlaEventError(
                f"{head}: {problem_text(value)} lies past the supported range of deadlines "
                f"({RANGE_TEXT}); {_DUE_HINT}",
                ticket=ticket, index=g, field=path, value=value, rule=self.cp.rules[k],
            )  # fmt: skip
        return due


def _guarded(
    roles: tuple[tuple[int, int], ...],
    guards: tuple[tuple[int, int, Predicate], ...],
    payload: Mapping[str, object],
    attributes: Mapping[str, str],
    ticket: object,
    g: int,
    kind: str,
) -> tuple[tuple[int, int], ...]:
    """The roles of event ``g`` with its conditional ones whose conditions hold,
    in target order (the order the plain roles are in)."""
    try:
        extra = [(k, role) for k, role, pred in guards if pred(payload, attributes)]
    except NotANumber as e:
        raise SlaEventError(
            f"ticket {ticket!r}: event {g} ({kind!r}): payload field {e.field!r} is "
            f"{problem_text(e.value)}; the SLA policy compares it with a number, so give one",
            ticket=ticket, index=g, field=f"events[{g}].payload.{e.field}", value=e.value,
        ) from None  # fmt: skip
    if not extra:
        return roles
    return tuple(sorted((*roles, *extra)))


def _pairs_refused(cp: Compiled, ticket: object) -> SlaEventError:
    fields = sorted(cp.event_fields)
    return SlaEventError(
        f"ticket {ticket!r}: the SLA policy's conditions read the event payload fields "
        f"{fields}, which (kind, at_us) events do not carry; pass the events with their "
        "payloads (Event values, or (kind, at_us, fields) tuples)",
        ticket=ticket, field="events", value=fields,
    )  # fmt: skip


def run_clocks(
    cp: Compiled,
    ticket: object,
    events: Sequence[_Norm] | Sequence[tuple[str, int]],
    now: int,
    initial: Mapping[str, str] | None,
    pairs: bool = False,
    payloads: Sequence[Mapping[str, object]] | None = None,
    direct: bool = False,
) -> tuple[list[Clock | None], dict[str, str]]:
    """Apply the events at or before ``now``; check the form of all of them.

    ``pairs``: the events are ``(kind, at_us)`` pairs without attribute changes.
    ``payloads``: each event's payload fields, for a policy with conditions on them.
    ``direct``: the caller takes pairs that carry no payload as they are (the
    conditions then find no payload field); else pairs of a policy whose conditions
    read payload fields are refused (they carry none: see `payload_events`).
    The loop reads one instant at a time (see the module docstring): the common
    instant, one event without attribute changes, is applied inline;
    `_run_instant` applies the others.
    """
    guards = cp.guards
    if pairs and not direct and guards is not None and cp.event_fields:
        raise _pairs_refused(cp, ticket)
    attributes: dict[str, str] = dict(initial) if initial else {}
    starts = _Starts(cp, ticket, attributes, events, payloads) if cp.reads_dues else None
    clocks: list[Clock | None] = [None] * len(cp.targets)
    kind_roles = cp.kind_roles
    fixed = cp.fixed
    n = len(events)
    i = 0
    last = events[0][1] if n else 0
    while i < n:
        ev = events[i]
        if pairs:
            if type(ev) is not tuple or len(ev) != 2 or type(ev[1]) is not int:
                raise _NotPairs
            kind, t = ev
            changes = None
        else:
            kind, t, changes = ev  # type: ignore[misc]
        if t < last:
            raise _order_error(ticket, i, kind, t, last)
        last = t
        roles = kind_roles.get(kind)
        if roles is None:
            raise _kind_error(ticket, i, kind, kind_roles)
        end = i + 1
        while end < n and events[end][1] == t:
            end += 1
        if t > now:  # checked, not applied
            _check_kinds(ticket, events, i + 1, end, kind_roles)
        elif end == i + 1 and not changes:
            if guards is not None and kind in guards:
                payload = payloads[i] if payloads is not None else _NO_FIELDS
                roles = _guarded(roles, guards[kind], payload, attributes, ticket, i, kind)
            if starts is not None:
                starts.g = i
            for k, role in roles:
                clock = clocks[k]
                if clock is None:
                    clock = clocks[k] = Clock(k, fixed[k] or cp.variant(k, attributes))
                    if starts is not None and cp.dues[k]:
                        clock.ctx = starts
                if role == START:  # the commonest roles, inline
                    if not clock.started:
                        if clock.v.applies:
                            clock.begin(t)
                    elif clock.stopped is not None and clock.v.again and clock.v.applies:
                        clock.restart(t)
                elif role == STOP and clock.started:
                    clock.stop(t)
                else:
                    _apply(clock, role, t, cp, ticket, i, kind)
        else:
            _run_instant(cp, ticket, events, i, end, clocks, attributes, pairs, payloads, starts)
        i = end
    for clock in clocks:
        if clock is not None and clock.run_from is not None:
            clock.advance(now, True)
    return clocks, attributes


def _check_kinds(
    ticket: object,
    events: Sequence[_Norm] | Sequence[tuple[str, int]],
    i: int,
    end: int,
    kind_roles: Mapping[str, object],
) -> None:
    """Events ``i:end`` lie after ``now``: not applied, but their kinds must be known."""
    for g in range(i, end):
        if events[g][0] not in kind_roles:
            raise _kind_error(ticket, g, events[g][0], kind_roles)


def _run_instant(
    cp: Compiled,
    ticket: object,
    events: Sequence[_Norm] | Sequence[tuple[str, int]],
    i: int,
    end: int,
    clocks: list[Clock | None],
    attributes: dict[str, str],
    pairs: bool,
    payloads: Sequence[Mapping[str, object]] | None = None,
    starts: _Starts | None = None,
) -> None:
    """Apply events ``i:end``, which share one instant or change attributes.

    Steps 2-4 of the module docstring: the attribute changes first, then each
    target's roles in the fixed order, then the levels due at the instant.
    Conditions read the attributes as they are after the instant's changes.
    """
    t = events[i][1]
    work, new = _instant_work(cp, ticket, events, i, end, pairs)
    touched: dict[int, Clock] = {}
    if new:
        attributes.update(new)
        _change_variants(cp, clocks, attributes, new, t, touched)
    guards = cp.guards
    if guards is not None:
        for g in range(i, end):
            kind_g = events[g][0]
            if kind_g in guards:
                payload = payloads[g] if payloads is not None else _NO_FIELDS
                extra = _guarded((), guards[kind_g], payload, attributes, ticket, g, kind_g)
                work.extend((k, role, g) for k, role in extra)
    work.sort()  # per target: reset, start, resume, pause, stop, cancel; then input position
    for k, role, g in work:
        clock = clocks[k]
        if clock is None:
            clock = clocks[k] = Clock(k, cp.variant(k, attributes))
            if starts is not None and cp.dues[k]:
                clock.ctx = starts
        if k not in touched:
            clock.advance(t, False)
            touched[k] = clock
        if starts is not None:
            starts.g = g
        _apply(clock, role, t, cp, ticket, g, events[g][0], False)
    for clock in touched.values():
        clock.check(t)


def _instant_work(
    cp: Compiled,
    ticket: object,
    events: Sequence[_Norm] | Sequence[tuple[str, int]],
    i: int,
    end: int,
    pairs: bool,
) -> tuple[list[tuple[int, int, int]], dict[str, str]]:
    """The ``(target, role, event)`` triples of events ``i:end`` and the attribute
    values they set; two events of one instant may not set one key two ways."""
    kind_roles = cp.kind_roles
    # Values are strings, or an aware datetime where an event field gives a due instant.
    setters: dict[str, tuple[Any, int]] = {}
    work: list[tuple[int, int, int]] = []
    for g in range(i, end):
        kind_g = events[g][0]
        changes_g = None if pairs else events[g][2]  # type: ignore[misc]
        roles_g = kind_roles.get(kind_g)
        if roles_g is None:
            raise _kind_error(ticket, g, kind_g, kind_roles)
        work.extend((k, role, g) for k, role in roles_g)
        for key, value in (changes_g or {}).items():
            if key in setters and setters[key][0] != value:
                raise SlaEventError(
                    f"ticket {ticket!r}: events {setters[key][1]} and {g} at the same instant "
                    f"set {key!r} to {setters[key][0]!r} and {value!r}; which holds is "
                    "undecidable, so give them different times or one value",
                    ticket=ticket, index=g, field=f"events[{g}].attributes.{key}",
                    value=value,
                )  # fmt: skip
            setters[key] = (value, g)
    return work, {key: value for key, (value, _) in setters.items()}


def _change_variants(
    cp: Compiled,
    clocks: list[Clock | None],
    attributes: Mapping[str, str],
    new: Mapping[str, str],
    t: int,
    touched: dict[int, Clock],
) -> None:
    """Recompute each running target whose parameters the ``new`` attribute values
    change, from its original start (step 2 of the module docstring)."""
    for k, clock in enumerate(clocks):
        if clock is not None and any(key in new for key in cp.relevant[k]):
            v = cp.variant(k, attributes)
            if v is not clock.v:
                clock.advance(t, False)
                clock.change(t, v)
                touched[k] = clock


def report_of_clocks(
    cp: Compiled,
    ticket: object,
    clocks: list[Clock | None],
    attributes: dict[str, str],
    now: int,
    tz: str,
) -> SlaReport:
    statuses = []
    nxt: int | None = None
    fixed = cp.fixed
    for k, clock in enumerate(clocks):
        if clock is None or not clock.started:
            v = fixed[k] or cp.variant(k, attributes)  # most targets: no lookup key to build
            if v.applies:
                status = cp.unstarted[k]
                zone = v.target.calendar.timezone
                statuses.append(
                    status if zone == status.timezone else attrs.evolve(status, timezone=zone)
                )
            continue
        zone = clock.v.target.calendar.timezone  # a ticket's calendar may have its own
        statuses.append(clock.status(now, ticket, cp.rules[k], cp.names[k], zone))
        if clock.run_from is not None:
            x = clock.next_change(now)
            if x is not None and (nxt is None or x < nxt):
                nxt = x
    pairs = tuple(sorted(attributes.items())) if attributes else ()
    return SlaReport(ticket, now, tuple(statuses), pairs, nxt, tz)


def now_and_zone(now: object, ticket: object) -> tuple[int, str]:
    try:
        us = to_us(now, "now")
    except NaiveDatetimeError as e:
        raise NaiveEventError(
            f"ticket {ticket!r}: {e.message}", ticket=ticket, field="now", value=now
        ) from None
    assert isinstance(now, _dt.datetime)
    name = getattr(now.tzinfo, "name", None) or getattr(now.tzinfo, "key", None)
    if isinstance(name, str) and name[:1] not in "+-":
        try:
            get_timezone(name)
        except UnknownTimezoneError:
            name = None
    if not isinstance(name, str) or not name:
        offset = now.utcoffset()
        assert offset is not None
        minutes = int(offset.total_seconds()) // 60
        sign = "-" if minutes < 0 else "+"
        name = f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return us, name


def _payload_attributes(
    name: str, payload: Mapping[str, object], keys: frozenset[str], ticket: object, i: int
) -> dict[str, str] | None:
    """The payload fields the policy reads as ticket attributes; each must be a string."""
    out: dict[str, str] | None = None
    for key, value in payload.items():
        if key in keys:
            if not isinstance(value, str):
                raise SlaEventError(
                    f"ticket {ticket!r}: event {i} ({name!r}): payload field {key!r} is "
                    f"{value!r}; the SLA policy reads it as a ticket attribute, so give a string",
                    ticket=ticket, index=i, field=f"events[{i}].payload.{key}", value=value,
                )  # fmt: skip
            if out is None:
                out = {}
            out[key] = value
    return out


def payload_events(
    events: Sequence[tuple[str, int, Mapping[str, object]]],
    keys: frozenset[str],
    ticket: object,
    initial: Mapping[str, str] | None,
) -> tuple[list[_Norm], list[Mapping[str, object]]]:
    """``(kind, at_us, payload)`` events read as `evaluate` reads `Event` values: the
    events with the attribute changes their payloads make (the fields in ``keys``),
    and the payloads, for `run_clocks` (what-if replay of a policy that reads them).

    A payload that sets an attribute to the value it already has (a registration
    repeating the record's channel) changes nothing, so it is passed as no change and
    its event takes the loop's fast path; not at an instant another event shares,
    where two values for one attribute must still be refused.

    Raises:
        SlaEventError: A payload field read as a ticket attribute is not a string.
    """
    norm: list[_Norm] = []
    payloads: list[Mapping[str, object]] = []
    now: dict[str, str] = dict(initial) if initial else {}
    last = len(events) - 1
    ordered = sorted(keys)  # the few keys the policy reads, not the payload's many fields
    for i, (kind, at, payload) in enumerate(events):
        changes: dict[str, str] | None = None
        if ordered and payload:
            if (i and events[i - 1][1] == at) or (i < last and events[i + 1][1] == at):
                # a shared instant: every value, in the payload's order, as evaluate
                # reads them, so that a conflict is refused naming the same field
                changes = _payload_attributes(kind, payload, keys, ticket, i)
                if changes:
                    now.update(changes)
            else:
                for key in ordered:
                    value = payload.get(key, _ABSENT)
                    if value is _ABSENT:
                        continue
                    if not isinstance(value, str):  # refused as evaluate refuses it:
                        _payload_attributes(kind, payload, keys, ticket, i)  # raises
                        continue  # pragma: no cover
                    if now.get(key) != value:
                        if changes is None:
                            changes = {}
                        changes[key] = now[key] = value
        norm.append((kind, at, changes))
        payloads.append(payload)
    return norm, payloads


def _normalise(
    events: Iterable[object],
    ticket: object,
    keys: frozenset[str],
    payloads: list[Mapping[str, object]] | None = None,
) -> list[_Norm]:
    """The events as ``(kind, at_us, attribute changes)``; ``payloads``, when given,
    receives each event's payload fields (an `Event`'s payload, a tuple's mapping)."""
    if isinstance(events, str | bytes | Mapping) or not isinstance(events, Iterable):
        raise SlaEventError(
            f"ticket {ticket!r}: events {problem_text(events)} are not a list of events",
            ticket=ticket, field="events", value=events,
        )  # fmt: skip
    out: list[_Norm] = []
    for i, ev in enumerate(events):
        kind: object
        at: object
        changes: object
        if isinstance(ev, Event):
            kind, at = ev.name, ev.at
            changes = _payload_attributes(ev.name, ev._payload, keys, ticket, i) if keys else None
        elif isinstance(ev, tuple) and len(ev) in (2, 3):
            kind, at = ev[0], ev[1]
            changes = ev[2] if len(ev) == 3 else None
        else:
            raise SlaEventError(
                f"ticket {ticket!r}: event {i} is {type(ev).__name__}; pass Event values "
                "or (name, at_us[, attributes]) tuples",
                ticket=ticket, index=i, field=f"events[{i}]", value=ev,
            )  # fmt: skip
        if not isinstance(kind, str):
            raise SlaEventError(
                f"ticket {ticket!r}: event {i}: the kind {kind!r} is not a string",
                ticket=ticket, index=i, field=f"events[{i}].kind", value=kind,
            )  # fmt: skip
        if changes is not None and not isinstance(changes, Mapping):
            raise SlaEventError(
                f"ticket {ticket!r}: event {i}: attributes {changes!r} are not a mapping",
                ticket=ticket, index=i, field=f"events[{i}].attributes", value=changes,
            )  # fmt: skip
        if isinstance(at, int) and not isinstance(at, bool):
            at_us = at
        else:
            try:
                at_us = to_us(at, f"events[{i}].at")
            except NaiveDatetimeError as e:
                raise NaiveEventError(
                    f"ticket {ticket!r}: event {i}: {e.message}",
                    ticket=ticket, index=i, field=f"events[{i}].at", value=at,
                ) from None  # fmt: skip
            except TypeError:
                raise SlaEventError(
                    f"ticket {ticket!r}: event {i}: {at!r} is not a time; give an aware "
                    "datetime or integer epoch microseconds",
                    ticket=ticket, index=i, field=f"events[{i}].at", value=at,
                ) from None  # fmt: skip
        out.append((kind, at_us, changes))
        if payloads is not None:
            fields = ev._payload if isinstance(ev, Event) else changes
            payloads.append(fields if isinstance(fields, Mapping) else _NO_FIELDS)
    return out


def _check_policy(policy: object) -> None:
    if not isinstance(policy, SlaPolicy):
        raise wrong_type("policy", "an SlaPolicy", policy)


def _check_attributes(attributes: object, ticket: object) -> None:
    """The ticket's initial attributes: ``None`` or a mapping of strings to strings."""
    if attributes is None:
        return
    if not isinstance(attributes, Mapping):
        raise SlaEventError(
            f"ticket {ticket!r}: attributes {attributes!r} are not a mapping of attribute "
            "to value",
            ticket=ticket, field="attributes", value=attributes,
        )  # fmt: skip
    for key, value in attributes.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise SlaEventError(
                f"ticket {ticket!r}: attribute {key!r} = {value!r}; give strings for both",
                ticket=ticket, field=f"attributes.{key}", value=value,
            )  # fmt: skip


def evaluate(
    policy: SlaPolicy,
    events: Iterable[EventInput],
    now: _dt.datetime,
    *,
    ticket: object = None,
    attributes: Mapping[str, str] | None = None,
    calendar: str | BusinessCalendar | None = None,
) -> SlaReport:
    """The SLA status of one ticket at ``now``.

    Args:
        policy: The SLA policy.
        events: The ticket's log in time order: `Event` values
            (the same log the workflow step reads; the payload fields that a
            target or override conditions on are read as ticket attributes), or
            ``(name, at_us)`` / ``(name, at_us, attributes)`` tuples with integer
            epoch microseconds. Events after ``now`` are checked, not applied.
        now: The evaluation instant (aware).
        ticket: The ticket's identifier, carried into errors, effects and reports.
        attributes: The ticket's attributes before its first event.
        calendar: The ticket's calendar, a name of the policy's ``calendars`` or a
            `BusinessCalendar`: every target that selects its calendar per ticket
            (`SlaPolicy.selecting`) counts on it, whatever the attributes say.

    Returns:
        An `SlaReport`.

    Raises:
        SlaEventError: Events out of order, an unknown kind, a stop before a start,
            conflicting attribute values at one instant; names ticket and index.
        NaiveEventError: An event time or ``now`` without a time zone.
        UnknownCalendarError: The selecting attribute, or ``calendar``, names no
            calendar of the policy (names the field, the value and the calendars).
        WrongTypeError: ``policy`` is no `SlaPolicy`.

    Examples:
        >>> import complaintflow as cf
        >>> policy = cf.default_policy().sla  # knows every event of the shipped workflows
        >>> t = lambda s: cf.parse_instant(f"2026-11-{s}+08:00")
        >>> log = [cf.Event("register", t("20T17:00"), {"complainant": "王女士"}),
        ...        cf.Event("accept", t("23T09:00"))]
        >>> s = cf.sla.evaluate(policy, log, now=t("23T10:00")).status("reply")
        >>> s.state.value, s.deadline.isoformat(), s.fraction_used  # Fri 17:00 + 2 business days
        ('running', '2026-11-24T18:00:00+08:00', 0.125)
    """
    _check_policy(policy)
    now_us, tz = now_and_zone(now, ticket)
    _check_attributes(attributes, ticket)
    try:
        cp = compiled(policy) if calendar is None else compiled(policy, False, calendar)
        payloads: list[Mapping[str, object]] | None = (
            [] if cp.guards is not None or cp.reads_dues else None
        )
        norm = _normalise(events, ticket, cp.attribute_keys, payloads)
        clocks, attrs_now = run_clocks(cp, ticket, norm, now_us, attributes, False, payloads)
        return report_of_clocks(cp, ticket, clocks, attrs_now, now_us, tz)
    except UnknownCalendarError as e:
        raise for_ticket(e, ticket) from None


def for_ticket(e: UnknownCalendarError, ticket: object) -> UnknownCalendarError:
    """The error of a ticket's unknown calendar, naming the ticket."""
    if e.ticket is not None or ticket is None:
        return e
    return UnknownCalendarError(
        f"ticket {ticket!r}: {e.message}", ticket=ticket, field=e.field, value=e.value,
        known=e.known,
    )  # fmt: skip


def evaluate_many(
    policy: SlaPolicy,
    tickets: Iterable[
        tuple[object, Sequence[EventInput]]
        | tuple[object, Sequence[EventInput], Mapping[str, str]]
        | tuple[object, Sequence[EventInput], Mapping[str, str], str | BusinessCalendar | None]
    ],
    now: _dt.datetime,
) -> Iterator[SlaReport]:
    """Evaluate many tickets at one ``now``, lazily: memory stays flat.

    Each item is ``(ticket_id, events)``, ``(ticket_id, events, attributes)`` or
    ``(ticket_id, events, attributes, calendar)``; events as for `evaluate`,
    fastest as ``(kind, at_us)`` tuples; ``calendar`` (or ``None``) as for
    `evaluate`.

    Examples:
        >>> import complaintflow as cf
        >>> p = cf.sla.default(office=cf.calendars.default("24x7"))
        >>> t0 = cf.parse_instant("2026-11-23T09:00:00+08:00")
        >>> us = 1795395600000000  # t0 in epoch µs
        >>> rows = cf.sla.evaluate_many(p, [("T1", [("accept", us)]), ("T2", [])], now=t0)
        >>> [(r.ticket, [s.state.value for s in r.targets]) for r in rows]
        [('T1', ['running', 'not started', 'not started', 'not started', 'not started']), ('T2', ['not started', 'not started', 'not started', 'not started', 'not started'])]
    """  # noqa: E501
    _check_policy(policy)
    now_us, tz = now_and_zone(now, None)
    cp = compiled(policy)
    if isinstance(tickets, str | bytes | Mapping) or not isinstance(tickets, Iterable):
        raise wrong_type("tickets", "a list of (ticket_id, events, ...) tuples", tickets)
    # Each item is read as an object: its shape is checked here, with an error
    # naming it (a compiled build would otherwise check the annotation first).
    items: Iterable[object] = tickets
    for n, item in enumerate(items):
        parts: object = item
        size = len(parts) if isinstance(parts, (tuple, list)) else 0
        calendar: object = None
        if size == 2:
            ticket, events = cast("tuple[object, Sequence[EventInput]]", parts)
            initial = None
        elif size in (3, 4):
            whole = cast("tuple[object, ...]", parts)
            ticket, events, initial = cast(
                "tuple[object, Sequence[EventInput], Mapping[str, str]]", whole[:3]
            )
            if size == 4:
                calendar = whole[3]
        else:
            raise WrongTypeError(
                f"tickets[{n}]: expected a (ticket_id, events), (ticket_id, events, "
                f"attributes) or (ticket_id, events, attributes, calendar) tuple, got "
                f"{type(item).__name__} {problem_text(item)}",
                field=f"tickets[{n}]",
                value=item,
            )
        if initial is not None:
            _check_attributes(initial, ticket)
        try:
            tcp = cp if calendar is None else compiled(policy, False, calendar)
            try:  # the fast form first: (kind, at_us) pairs, used as they are
                pairs = cast("Sequence[tuple[str, int]]", events)
                clocks, attrs_now = run_clocks(
                    tcp, ticket, pairs, now_us, initial, True, None, True
                )
            except (_NotPairs, TypeError, LookupError):  # Event values, attributes, bad input
                payloads: list[Mapping[str, object]] | None = (
                    [] if tcp.guards is not None or tcp.reads_dues else None
                )
                norm = _normalise(events, ticket, tcp.attribute_keys, payloads)
                clocks, attrs_now = run_clocks(tcp, ticket, norm, now_us, initial, False, payloads)
            report = report_of_clocks(tcp, ticket, clocks, attrs_now, now_us, tz)
        except UnknownCalendarError as e:
            raise for_ticket(e, ticket) from None
        yield report
