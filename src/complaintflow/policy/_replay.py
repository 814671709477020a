"""What-if replay: a stream of ticket records run under a policy.

Theory of operation
-------------------
A ticket record is the host's export (see `replay_tickets` for its keys).
Replay runs each ticket through every part of the policy, as of ``now``:

1. its **workflow**: the events are folded with the pure ``transition``; a refused
   event is a *violation* (with the guard's rule ID) and is skipped, as a host
   that validated on the way in would have refused it;
2. its **SLA targets**: the SLA engine's run over the same events (every event
   is a known kind), with the ticket's attributes (tier, category, ...); counting
   uses a breach-only compilation of the policy (warnings and escalations change
   no clock's state, stop, breach or clock time), full outcomes the full one. A
   policy with conditional triggers or a retroactive start gets each event with
   its payload, read as `sla.evaluate` reads an `Event`'s (the fields its
   conditions test, the attributes a payload changes); any other policy gets
   ``(kind, at_us)`` pairs, and the record's attributes hold throughout. A cycle
   a cancel ended counts as ``cancelled``, neither met nor breached;
3. its **follow-up attempts**: each is decided as it happened, with the attempts
   before it as history and the resolution as the window's trigger; a refusal is a
   violation with the follow-up rule's ID; a resolved VIP ticket whose window has
   passed without a return visit is an FU-2 violation; a return visit recorded as
   ``visit_outcome: "unreachable"`` before the follow-up policy's attempts (as many
   failed service calls inside the window as its tightest cap allows) is an FU-3
   violation.

Nothing made after ``now`` changes a verdict: events, follow-up calls and opt-outs
after ``now`` are read for their time only, and FU-2 asks for a return visit
among the visit events and calls up to ``now``. So replaying at a past ``now``
gives what a live system would have seen then, which a property test checks by
cutting records at ``now``. Tickets are read, evaluated and yielded (or counted)
one at a time: memory stays flat however many tickets stream through, and the
objects of a ticket die before the next is read, which keeps the garbage
collector's work small. `replay` counts straight from the SLA clocks
without building outcomes; a property test checks that it equals the report of
`replay_tickets`.

A ticket that cannot be evaluated is never dropped, and never stops the replay:
*any* exception raised while one ticket is read or evaluated (a missing field, a
naive timestamp, an unknown workflow, an instant no time zone can show, a deadline
past the calendar's coverage, or a builtin error from deep inside a part) becomes
that ticket's failure. Its reason starts with the field when it is known
(``events[3].at: ...``), else with the stage (``record``, ``sla``, ``events``,
``customer``, ``followups``), and the report counts it under that name. The SLA
report of an outcome asks the calendar for more than counting needs (each clock's
deadline and next check); so that `replay` fails exactly the tickets
`replay_tickets` fails, counting probes a target's calendar at ``now`` with
the longest amount a report could add (once per replay, when a started clock
first runs on it), and a ticket with a started clock on a calendar that fails the
probe (``now`` near or past its coverage) has its full report built, as
`replay_tickets` would.

The `ReplayReport` is *mergeable*: the reports of the parts of a ticket set,
merged in any order, equal the report of the whole, which is how a replay scales
out over processes or a Dask cluster.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as _dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from complaintflow._check import iterate
from complaintflow._default import TIMEZONE
from complaintflow._errors import (
    ComplaintflowError,
    SegmentMismatchError,
    SlaEventError,
    UnknownCalendarError,
    problem_text,
    wrong_type,
)
from complaintflow._time import ISO_PLAIN_MAX, NaiveStamp, fromiso, to_us
from complaintflow.calendars import DurationKind
from complaintflow.calendars._internal import DAY_US
from complaintflow.followup import Attempt, Channel, Customer, OptOut, Outcome, Purpose
from complaintflow.followup._internal import refusals_at
from complaintflow.policy._definition import Policy
from complaintflow.policy._history import PolicyHistory
from complaintflow.policy._report import (
    Counts,
    ReplayReport,
    TicketOutcome,
    Violation,
    comparison_records,
)
from complaintflow.sla import SlaReport, SlaTarget, TargetState
from complaintflow.sla._internal import (
    STATE_INDEX,
    Clock,
    Compiled,
    calendar_attribute,
    compiled,
    now_and_zone,
    payload_events,
    report_of_clocks,
    run_clocks,
)
from complaintflow.workflows._internal import fold_state

__all__ = ["compare", "read_tickets", "replay", "replay_tickets"]

_FROMISO = _dt.datetime.fromisoformat
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_EPOCH_ORDINAL = _EPOCH.toordinal()
#: The UTC offsets a replay remembers, by the parsed timestamps' time zones (a
#: record may spell any number of offsets: the memo is emptied when it is full).
_OFFSETS_KEPT = 64
#: The instants replay computes with (epoch µs): a day inside the years 1 to 9999 of
#: UTC on both sides, so that every time zone can show them (an offset is under a day).
_MIN_US = to_us(_dt.datetime(1, 1, 2, tzinfo=_dt.UTC), "min")
_MAX_US = to_us(_dt.datetime(9999, 12, 31, tzinfo=_dt.UTC), "max") - 1
#: Contact outcomes in records: a refusal is a reached call whose customer asked
#: for no more calls of that purpose (FU-9), which replay turns into an opt-out.
_OUTCOMES = {
    "reached": Outcome.REACHED,
    "refused": Outcome.REACHED,
    "failed": Outcome.FAILED,
    "no_answer": Outcome.FAILED,
    "busy": Outcome.FAILED,
}
_NO_PAYLOAD: Mapping[str, Any] = MappingProxyType({})
_NO_CALLS: tuple[()] = ()
_PURPOSES = {p.value: p for p in Purpose}
_CHANNELS = {c.value: c for c in Channel}
#: A contact in a violation: "phone service", "sms marketing", ..., by the record's
#: channel and purpose (strings: an enum member hashes in Python).
_CONTACTS = {(c.value, p.value): f"{c.value} {p.value}" for c in Channel for p in Purpose}
_RUNNING, _PAUSED, _MET, _BREACHED = (STATE_INDEX[s] for s in list(TargetState)[1:5])
_CANCELLED = STATE_INDEX[TargetState.CANCELLED]
_MET_STATE = TargetState.MET
_ZONE = str(TIMEZONE.value)


# -- reading records --------------------------------------------------------------------


class _TicketError(Exception):
    """Why one ticket cannot be evaluated: ``"<field or stage>: <reason>"``."""


def _reason(stage: str, e: Exception) -> str:
    """A failed ticket's reason for an error raised by a part, named by the stage."""
    if isinstance(e, ComplaintflowError):
        return f"{stage}: {e}"
    return f"{stage}: {type(e).__name__}: {e}"


def _out_of_range(field: str, value: object) -> _TicketError:
    return _TicketError(
        f"{field}: {value!r} lies outside 0001-01-02 to 9999-12-30 (UTC), "
        "the instants every time zone can show"
    )


def _instant(value: object, field: str) -> tuple[int, _dt.datetime]:
    """Epoch µs and the aware datetime of a record's timestamp."""
    try:  # the common case first: an ISO 8601 string with its offset
        if len(value) > ISO_PLAIN_MAX:  # type: ignore[arg-type]
            raise ValueError  # perhaps an offset under a second: fromiso
        when = _FROMISO(value)  # type: ignore[arg-type]
        d = when - _EPOCH  # exact, and cheaper than dividing by 1 µs
        return (d.days * 86_400 + d.seconds) * 1_000_000 + d.microseconds, when
    except (TypeError, ValueError):
        return _checked_instant(value, field)


def _offset_us(when: _dt.datetime, offsets: dict[object, int]) -> int:
    """The UTC offset of a timestamp ``fromisoformat`` parsed (a fixed-offset zone),
    in µs, remembered in ``offsets`` by its zone.

    Epoch µs are then the local date and time less the offset, which is exact and
    cheaper than subtracting two aware datetimes (each of which is asked its offset).

    Raises:
        NaiveStamp: The timestamp is naive (the caller's slow path names the field).
    """
    o = when.utcoffset()
    if o is None:
        raise NaiveStamp("naive timestamp")
    if len(offsets) >= _OFFSETS_KEPT:
        offsets.clear()
    off = offsets[when.tzinfo] = (o.days * 86_400 + o.seconds) * 1_000_000 + o.microseconds
    return off


def _epoch_us(when: _dt.datetime, offsets: dict[object, int]) -> int:
    """Epoch µs of a timestamp ``fromisoformat`` parsed (`_Ticket` has it inline).

    Raises:
        NaiveStamp: The timestamp is naive.
    """
    off = offsets.get(when.tzinfo)
    if off is None:
        off = _offset_us(when, offsets)
    return (
        ((when.toordinal() - _EPOCH_ORDINAL) * 86_400 + when.hour * 3600 + when.minute * 60
         + when.second) * 1_000_000 + when.microsecond - off
    )  # fmt: skip


def _checked_instant(value: object, field: str) -> tuple[int, _dt.datetime]:
    """`_instant` for anything but an aware ISO string: the error names the field."""
    if isinstance(value, str):
        try:
            parsed = fromiso(value)
        except ValueError:
            raise _TicketError(f"{field}: {value!r} is not an ISO 8601 timestamp") from None
    elif isinstance(value, _dt.datetime):
        parsed = value
    else:
        raise _TicketError(f"{field}: {value!r} is not a timestamp")
    if parsed.tzinfo is None:
        raise _TicketError(f"{field}: {value!r} has no UTC offset (naive timestamps are refused)")
    return to_us(parsed, field), parsed


def _choice(choices: Mapping[str, Any], value: object, field: str) -> Any:
    """The enum member called ``value`` (a dict lookup: the enum's call is slow)."""
    member = choices.get(value) if isinstance(value, str) else None
    if member is None:
        raise _TicketError(f"{field}: {value!r} is not one of {', '.join(choices)}")
    return member


def _list_field(record: Mapping[str, Any], key: str, field: str) -> list[Any]:
    """An optional list field (absent or ``None``: empty)."""
    value = record.get(key)
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise _TicketError(f"{field}: {value!r} is not a list")
    return list(value)


def _str_field(record: Mapping[str, Any], key: str, required: bool) -> str | None:
    value = record.get(key)
    if value is None or (required and value == ""):
        if required:
            raise _TicketError(f"{key}: missing")
        return None
    if not isinstance(value, str):
        raise _TicketError(f"{key}: {value!r} is not a string")
    return value


class _Run:
    """One replay's constants: the policy's parts looked up once, for one ``now``."""

    __slots__ = (
        "calendar_keys",
        "cp",
        "cp_counts",
        "fields",
        "followup",
        "hotline",
        "needed",
        "now_us",
        "offsets",
        "payloads",
        "policy",
        "probed",
        "read_keys",
        "resolving",
        "safe",
        "segment_by",
        "top_us",
        "tz",
        "visits",
        "window",
        "workflows",
    )

    def __init__(self, policy: Policy, now: _dt.datetime) -> None:
        to_us(now, "now")  # a naive ``now`` is refused with the field named
        self.now_us, self.tz = now_and_zone(now, None)
        #: The last instant a record's time is read at: ``now``, or the range's end.
        self.top_us = min(self.now_us, _MAX_US)
        self.policy = policy
        self.cp = compiled(policy.sla)
        #: Counting needs only each clock's state, breach and stop: no warnings or effects.
        self.cp_counts = compiled(policy.sla, breach_only=True)
        #: The clocks read the events' payloads: the policy has conditional triggers
        #: (on payload fields, or on attributes a payload changes) or a retroactive
        #: start (which fires when a payload changes the attributes). Else the events
        #: go as ``(kind, at_us)`` pairs and the record's attributes hold throughout.
        self.payloads = self.cp.guards is not None or any(
            t.retroactive_start is not None for t in policy.sla.targets
        )
        #: The attributes the clocks read (overrides, ``when``, calendars): a ticket
        #: whose payload gives one of them a value other than the record's takes the
        #: payload path too, so that its clocks follow the change as `sla.evaluate`'s.
        self.read_keys = tuple(sorted(self.cp.attribute_keys))
        self.workflows = policy.workflows
        #: The ticket attributes that select SLA calendars, read like the others.
        by = policy.sla.calendar_by
        keys = {calendar_attribute(t, by) for t in policy.sla.targets}
        self.calendar_keys = tuple(sorted(key for key in keys if key is not None))
        self.fields = tuple(sorted({*policy.replay.fields, *self.calendar_keys}))
        self.segment_by = policy.replay.segment_by
        self.resolving = frozenset(policy.replay.resolved_events)
        self.visits = frozenset(policy.replay.return_visit_events)
        self.followup = policy.followup
        self.window = policy.followup.window.within
        self.hotline = policy.calendars.get("hotline")
        #: FU-3: the failed calls a visit event recording the customer unreachable
        #: needs first (the follow-up policy's tightest cap).
        caps = policy.followup.caps
        self.needed: int = min(
            (c.max_attempts for c in caps if c.max_attempts is not None), default=1
        )
        #: The SLA variants of started clocks probed so far, and those that passed.
        self.probed: dict[object, bool] = {}
        self.safe: set[object] = set()
        #: The UTC offsets of the timestamps read, in µs, by zone (see `_offset_us`).
        self.offsets: dict[object, int] = {}

    def analyse(self, record: object, cp: Compiled, memo: _Memo | None = None) -> _Analysis:
        """Read a record and run it through every part of the policy.

        ``memo``: what another run with the same replay settings and workflows read
        of this record (`compare`); each stage taken from it is the stage this
        run would compute, so only what differs between the policies is run twice.

        Raises:
            _TicketError: The record cannot be read or a part raised anything at all;
                the reason names the field, or else the stage.
        """
        stage = "record"
        try:
            ticket = memo.ticket if memo is not None else None
            if ticket is None:
                ticket = _Ticket(self, record)
                if memo is not None:
                    memo.ticket = ticket
            if self.calendar_keys or ticket.calendar is not None:
                cp = self.form(ticket, cp.breach_only)
            stage = "sla"
            if self.payloads or (self.read_keys and self._changes_attributes(ticket)):
                clocks, attributes = self._payload_clocks(cp, ticket)
            else:
                # A budget the ticket gives reads the payloads of the events that start it.
                payloads = [e[3] for e in ticket.events] if cp.reads_dues else None
                clocks, attributes = run_clocks(
                    cp, ticket.ticket_id, ticket.pairs, self.now_us, ticket.attributes, True,
                    payloads,
                )  # fmt: skip
            stage = "events"
            folded = memo.fold if memo is not None else None
            if folded is None:
                violations: list[Violation] = []
                state, resolved = self._workflow(ticket, violations)
                if memo is not None:
                    memo.fold = (state, resolved, tuple(violations))
            else:
                state, resolved, refused = folded
                violations = list(refused)
            vip = ticket.attributes.get("tier", "").upper() == "VIP"
            attempts: Sequence[_Call] = _NO_CALLS
            if ticket.followups:
                stage = "customer"
                customer = memo.customer if memo is not None else None
                if customer is None:
                    customer = _customer(ticket, vip, self.now_us)
                    if memo is not None:
                        memo.customer = customer
                stage = "followups"
                read = memo.attempts if memo is not None else None
                attempts = self._attempts(ticket) if read is None else read
                if memo is not None:
                    memo.attempts = attempts
                violations += self._followup_violations(customer, attempts, resolved)
            if vip and resolved is not None:
                stage = "followups"
                fu2 = self._fu2_violation(ticket, attempts, resolved)
                if fu2 is not None:
                    violations.append(fu2)
            if resolved is not None:
                stage = "followups"
                violations += self._fu3_violations(ticket, attempts, resolved)
            if len(violations) > 1:
                violations.sort(key=lambda v: (v.at_us, v.kind, v.rule, v.event))
        except _TicketError:
            raise
        except Exception as e:  # bad data deep inside a part fails this ticket only
            raise _TicketError(_reason(stage, e)) from None
        return _Analysis(ticket, state, violations, clocks, attributes)

    def form(self, ticket: _Ticket, breach_only: bool) -> Compiled:
        """The compilation a ticket's clocks run on: the policy's, or with the calendar
        the record names (its ``calendar`` field).

        Raises:
            _TicketError: The record's ``calendar``, or an attribute that selects a
                calendar, names none of the SLA policy's calendars.
        """
        sla, name = self.policy.sla, ticket.calendar
        if name is None:
            for key in self.calendar_keys:
                value = ticket.attributes.get(key)
                if value is not None and value not in sla.calendars and not sla.calendar_fallback:
                    raise _TicketError(
                        f"{key}: {value!r} names no calendar of the SLA policy; use one of "
                        f"{sorted(sla.calendars)}"
                    )
            return self.cp_counts if breach_only else self.cp
        if type(name) is not str:
            raise _TicketError(f"calendar: {name!r} is not the name of a calendar")
        try:
            return compiled(sla, breach_only, name)
        except UnknownCalendarError as e:
            raise _TicketError(e.message) from None

    def _payload_clocks(
        self, cp: Compiled, ticket: _Ticket
    ) -> tuple[list[Clock | None], dict[str, str]]:
        """The clocks of a ticket run over its events with their payloads, as
        `sla.evaluate` runs them over `Event` values.

        Raises:
            _TicketError: A payload field is not what the policy reads it as (a number
                a condition compares, a string read as an attribute); the reason
                starts with the field, ``events[3].payload.minutes``.
        """
        tid = ticket.ticket_id
        try:
            norm, payloads = payload_events(
                [(e[0], e[1], e[3]) for e in ticket.events],
                cp.attribute_keys,
                tid,
                ticket.attributes,
            )
            return run_clocks(cp, tid, norm, self.now_us, ticket.attributes, False, payloads)
        except SlaEventError as e:
            g, field = e.index, e.field or ""
            if g is None or not field.startswith(f"events[{g}].payload."):
                raise
            name = field[len(f"events[{g}].payload.") :]
            message = e.message
            prefix = f"ticket {tid!r}: event {g} ({ticket.events[g][0]!r}): "
            if message.startswith(prefix):
                message = message[len(prefix) :]
            index = self._record_index(ticket, g)
            raise _TicketError(f"events[{index}].payload.{name}: {message}") from None

    def _changes_attributes(self, ticket: _Ticket) -> bool:
        """Whether a payload gives an attribute the clocks read a value other than the
        record's (if none does, the record's attributes hold throughout)."""
        keys, attributes = self.read_keys, ticket.attributes
        for e in ticket.events:
            payload = e[3]
            if payload:
                for key in keys:
                    if key in payload and payload[key] != attributes.get(key):
                        return True
        return False

    def _record_index(self, ticket: _Ticket, g: int) -> int:
        """The index in the record of the ``g``-th event read (events after ``now``
        are skipped wherever they stand)."""
        seen = -1
        for i, item in enumerate(ticket.record["events"]):
            if _instant(item.get("at"), f"events[{i}].at")[0] <= self.top_us:
                seen += 1
                if seen == g:
                    return i
        return g  # pragma: no cover - the record was read with these events

    def report(self, a: _Analysis) -> SlaReport:
        """The SLA report of an analysis made with the full compilation.

        Raises:
            _TicketError: A deadline or next check lies where the calendar cannot
                answer (past its coverage), or anything else went wrong.
        """
        try:
            cp = self.cp if a.ticket.calendar is None else self.form(a.ticket, False)
            return report_of_clocks(
                cp, a.ticket.ticket_id, a.clocks, a.attributes, self.now_us, self.tz
            )
        except Exception as e:
            raise _TicketError(_reason("sla", e)) from None

    def probe(self, clock: Clock) -> bool:
        """Whether the full report of a started clock surely needs nothing its calendar
        cannot answer (probed once per variant, when a started clock first holds it)."""
        v = clock.v
        ok = self.probed.get(v)
        if ok is None:
            ok = self.probed[v] = self._probe(v.target)
            if ok:
                self.safe.add(v)
        return ok

    def _probe(self, target: SlaTarget) -> bool:
        """Whether ``target``'s calendar answers at ``now`` for the longest amount of
        clock time a report can add to an instant up to ``now``.

        A report adds at most the clock's budget (a deadline) or its last level's
        share of it (the next warning or escalation) to an instant at or before
        ``now``; calendar arithmetic is monotone, so if ``now`` plus that amount and
        the next opening after ``now`` are inside the coverage, so is every instant
        the report asks for. A business day is bounded by three days of open time
        (a long day, a night shift spilling over, a DST change), generously.
        """
        d = target.within
        if d.kind is DurationKind.CALENDAR or d.kind is DurationKind.DUE_FIELD:
            return True  # real time: no calendar data is consulted
        try:  # any failure: the calendar cannot be trusted to answer, so not safe
            top = max(
                (Fraction(1), *map(Fraction, target.warnings),
                 *(Fraction(e.level) for e in target.escalations))
            )  # fmt: skip
            # "Same business day by" may reach the next one: one day more for a time of day.
            days = (d.days + (1 if d.by is None else 2)) * 3 * DAY_US
            budget = d.micros if d.kind is DurationKind.BUSINESS_TIME else days
            index = target.calendar.epoch_index()
            index.add(self.now_us, -(-budget * top.numerator // top.denominator))
            index.next_open(self.now_us)
        except Exception:
            return False
        return True

    def outcome(self, record: object, memo: _Memo | None = None) -> TicketOutcome:
        """The full outcome of one record (a failed one carries its reason).
        ``memo``: as for `analyse`."""
        try:
            a = self.analyse(record, self.cp, memo)
            report = self.report(a)
        except _TicketError as e:
            return _failed(record, str(e))
        t = a.ticket
        return TicketOutcome(
            t.ticket_id,
            t.workflow,
            tuple(sorted(t.attributes.items())),
            a.state,
            report,
            tuple(a.violations),
        )

    def count(self, record: object, into: Counts, memo: _Memo | None = None) -> None:
        """Add one record to the counts of a report, building no outcome (the fast
        path of `replay`; a property test checks it equals `report_of`
        over `replay_tickets`). ``memo``: as for `analyse`."""
        into.tickets += 1
        try:
            a = self.analyse(record, self.cp_counts, memo)
            safe = self.safe  # inline: this runs for every clock of every ticket
            for clock in a.clocks:
                # A calendar failing the probe (rare: ``now`` near its coverage's end):
                # build the full report, as replay_tickets does, to fail alike.
                if (
                    clock is not None
                    and clock.started
                    and clock.v not in safe
                    and not self.probe(clock)
                ):
                    self.report(self.analyse(record, self.cp))
                    break
        except _TicketError as e:
            into.failed[(str(e).split(":", 1)[0],)] += 1
            return
        attributes = a.ticket.attributes
        segment = tuple([attributes.get(b) for b in self.segment_by])
        into.states[(a.ticket.workflow, a.state)] += 1
        for v in a.violations:
            into.violations[(v.kind, v.rule, *segment)] += 1
        cp = self.cp_counts if a.ticket.calendar is None else self.form(a.ticket, True)
        now_attributes, fixed = a.attributes, cp.fixed
        row = into.rows.get(segment)
        if row is None:
            row = into.row(segment, cp.names, cp.rules)
        cells, unstarted = row
        for k, clock in enumerate(a.clocks):
            if clock is None or not clock.started:
                # Counted as a number per target and segment: one increment each.
                if (fixed[k] or cp.variant(k, now_attributes)).applies:
                    unstarted[k] += 1
                continue
            stopped = clock.stopped is not None
            if stopped and clock.cancelled:  # neither met nor breached, nor a stop
                state, stopped = _CANCELLED, False
            elif clock.breached is not None:
                state = _BREACHED
            elif stopped:
                state = _MET
            else:
                state = _PAUSED if clock.held else _RUNNING
            cycles = clock.cycle
            acc = cells[k]
            if acc is None:
                acc = cells[k] = into.sla.cell((cp.names[k], *segment), cp.rules[k])
            acc.count(
                state, clock.earlier, clock.e, stopped, cycles,
                sum(c.state is _MET_STATE for c in clock.history) if cycles else 0,
            )  # fmt: skip

    # -- the parts ------------------------------------------------------------------

    def _workflow(self, ticket: _Ticket, violations: list[Violation]) -> tuple[str, int | None]:
        """The state reached and when the ticket was first resolved (epoch µs)."""
        events = ticket.events
        refused: list[tuple[int, ComplaintflowError]] = []
        state = fold_state(ticket.definition, ticket.ticket_id, events, refused)
        for i, e in refused:
            name, at = events[i][0], events[i][1]
            violations.append(Violation("workflow", e.rule or "FLOW", at, name, str(e)))
        resolving = self.resolving
        if not refused:  # the common case: every event accepted
            for name, at in ticket.pairs:
                if name in resolving:
                    return state, at
            return state, None
        skipped = {i for i, _ in refused}
        for i, event in enumerate(events):
            if event[0] in resolving and i not in skipped:
                return state, event[1]
        return state, None

    def _attempts(self, ticket: _Ticket) -> list[_Call]:
        """The follow-up calls made up to ``now``, in time order (then record order):
        ``(at_us, index, at, record)``. Later calls are read for their time only."""
        attempts = []
        now_us, offsets = self.now_us, self.offsets
        for i, item in enumerate(ticket.followups):
            if type(item) is not dict and not isinstance(item, Mapping):
                raise _TicketError(f"followups[{i}]: not a mapping")
            raw_at = item.get("at")
            try:  # the field is named only on error
                if len(raw_at) > ISO_PLAIN_MAX:  # type: ignore[arg-type]
                    raise ValueError  # perhaps an offset under a second: fromiso
                when = _FROMISO(raw_at)  # type: ignore[arg-type]
                at = _epoch_us(when, offsets)
            except (TypeError, ValueError):
                at, when = _checked_instant(raw_at, f"followups[{i}].at")
            if at <= now_us:
                if not _MIN_US <= at <= _MAX_US:
                    raise _out_of_range(f"followups[{i}].at", raw_at)
                attempts.append((at, i, when, item))
        if len(attempts) > 1:
            attempts.sort(key=lambda a: (a[0], a[1]))
        return attempts

    def _followup_violations(
        self, customer: Customer, attempts: Sequence[_Call], resolved: int | None
    ) -> list[Violation]:
        out: list[Violation] = []
        history: list[Attempt] = []
        for at, i, when, item in attempts:
            # _choice inline for the common case: the field's name is built on error only.
            said_purpose = item.get("purpose", "service")
            said_channel = item.get("channel", "phone")
            purpose = _PURPOSES.get(said_purpose) if type(said_purpose) is str else None
            if purpose is None:
                purpose = _choice(_PURPOSES, said_purpose, f"followups[{i}].purpose")
            channel = _CHANNELS.get(said_channel) if type(said_channel) is str else None
            if channel is None:
                channel = _choice(_CHANNELS, said_channel, f"followups[{i}].channel")
            said = item.get("outcome", "reached")
            outcome = _OUTCOMES.get(said) if isinstance(said, str) else None
            if outcome is None:
                raise _TicketError(
                    f"followups[{i}].outcome: {said!r} is not one of {', '.join(_OUTCOMES)}"
                )
            number = item.get("number")
            if number is not None and (type(number) is not str or not number):
                raise _TicketError(
                    f"followups[{i}].number: {problem_text(number)} is not a non-empty string"
                )
            triggered = (
                resolved
                if resolved is not None and purpose is Purpose.SERVICE and resolved <= at
                else None
            )
            try:
                for refusal in refusals_at(
                    self.followup, customer, purpose, at, history, triggered, channel, number
                ):
                    what = _CONTACTS[said_channel, said_purpose]
                    out.append(Violation("followup", refusal.rule_id, at, what, refusal.reason))
                history.append(Attempt.checked(when, at, channel, number, outcome))
                if said == "refused":  # FU-9: "no more calls" takes effect at once
                    stop = OptOut(at=when, channel=None, purpose=purpose)
                    customer = attrs.evolve(customer, opt_outs=(*customer.opt_outs, stop))
            except Exception as e:
                raise _TicketError(_reason(f"followups[{i}]", e)) from None
        return out

    def _fu3_violations(
        self, ticket: _Ticket, attempts: Sequence[_Call], resolved_us: int
    ) -> list[Violation]:
        """FU-3: a return visit recorded as unreachable needs the follow-up policy's
        attempts first: as many failed service calls inside the window as its
        tightest cap allows (FU-11), made between the resolution and the record."""
        out: list[Violation] = []
        visits, hotline = self.visits, self.hotline
        end = None
        for event in ticket.events:  # unpacked only for a visit (the rare case)
            if event[0] not in visits or event[3].get("visit_outcome") != "unreachable":
                continue
            at = event[1]
            if hotline is None:  # pragma: no cover - the default policy has one
                return out
            if end is None:
                end = hotline._add_us(resolved_us, self.window)
            failed = sum(
                1
                for c_at, _i, _w, f in attempts
                if resolved_us <= c_at <= min(at, end)
                and f.get("purpose", "service") == "service"
                and _OUTCOMES.get(f.get("outcome", "reached")) is Outcome.FAILED
            )
            if failed < self.needed:
                out.append(
                    Violation(
                        "followup", "FU-3", at, "return_visit",
                        f"recorded unreachable after {failed} failed service call(s) inside "
                        f"the window of {self.window}; the follow-up policy makes "
                        f"{self.needed} first",
                    )
                )  # fmt: skip
        return out

    def _fu2_violation(
        self, ticket: _Ticket, attempts: Sequence[_Call], resolved_us: int
    ) -> Violation | None:
        """FU-2: a resolved VIP ticket without a return visit once the window passed;
        only visit events and calls up to ``now`` count (later ones were not known)."""
        visits = self.visits
        if any(event[0] in visits for event in ticket.events):  # events up to now only
            return None
        if any(
            f.get("purpose", "service") == "service" and f.get("outcome", "reached") == "reached"
            for _, _, _, f in attempts
        ):
            return None
        hotline = self.hotline
        if hotline is None:  # pragma: no cover - the default policy has one
            return None
        due = hotline._add_us(resolved_us, self.window)
        if self.now_us < due:
            return None
        return Violation(
            "followup",
            "FU-2",
            due,
            "return_visit",
            f"VIP ticket resolved without a return visit within {self.window}",
        )


class _Ticket:
    """A record read: its fields checked, its events up to ``now`` parsed."""

    __slots__ = (
        "attributes",
        "calendar",
        "customer",
        "definition",
        "events",
        "followups",
        "pairs",
        "record",
        "ticket_id",
        "workflow",
    )

    def __init__(self, run: _Run, record: object) -> None:
        if type(record) is not dict and not isinstance(record, Mapping):
            raise _TicketError(f"record: {type(record).__name__} is not a mapping")
        self.record = record
        ticket_id = _str_field(record, "ticket_id", True)
        workflow = _str_field(record, "workflow", True)
        assert ticket_id is not None
        assert workflow is not None
        self.ticket_id, self.workflow = ticket_id, workflow
        definition = run.workflows.get(workflow)
        if definition is None:
            raise _TicketError(
                f"workflow: {workflow!r} is not in the policy "
                f"(has {', '.join(sorted(run.workflows))})"
            )
        self.definition = definition
        attributes = {}
        for key in run.fields:
            value = record.get(key)
            if value is not None:
                if not isinstance(value, str):
                    raise _TicketError(f"{key}: {value!r} is not a string")
                attributes[key] = value
        self.attributes = attributes
        #: The calendar the record names for the ticket (checked by `_Run.form`).
        self.calendar = record.get("calendar")
        raw_events = record.get("events")
        if not isinstance(raw_events, list):
            raise _TicketError("events: missing or not a list")
        events: list[tuple[str, int, _dt.datetime, Mapping[str, Any]]] = []
        pairs: list[tuple[str, int]] = []
        parse, offsets = _FROMISO, run.offsets
        now_us = run.now_us
        lo, top = _MIN_US, run.top_us  # the instants an event is read at
        for i, item in enumerate(raw_events):
            if type(item) is not dict and not isinstance(item, Mapping):
                raise _TicketError(f"events[{i}]: not a mapping")
            name = item.get("name")
            if type(name) is not str:
                raise _TicketError(f"events[{i}].name: {name!r} is not a string")
            raw_at = item.get("at")
            try:  # _epoch_us inline: this loop runs for every event
                if len(raw_at) > ISO_PLAIN_MAX:  # type: ignore[arg-type]
                    raise ValueError  # perhaps an offset under a second: fromiso
                when = parse(raw_at)  # type: ignore[arg-type]
                off = offsets.get(when.tzinfo)
                if off is None:
                    off = _offset_us(when, offsets)
                at = (
                    ((when.toordinal() - _EPOCH_ORDINAL) * 86_400 + when.hour * 3600
                     + when.minute * 60 + when.second) * 1_000_000 + when.microsecond - off
                )  # fmt: skip
            except (TypeError, ValueError):
                at, when = _checked_instant(raw_at, f"events[{i}].at")
            if at <= top:
                if at < lo:
                    raise _out_of_range(f"events[{i}].at", raw_at)
                payload = item.get("payload")
                if payload is None:
                    payload = _NO_PAYLOAD
                if type(payload) is not dict and not isinstance(payload, Mapping):
                    raise _TicketError(f"events[{i}].payload: not a mapping")
                events.append((name, at, when, payload))
                pairs.append((name, at))
            elif at <= now_us:  # up to now, but no time zone can show it
                raise _out_of_range(f"events[{i}].at", raw_at)
        self.events = events
        self.pairs = pairs
        raw_followups = record.get("followups")
        if raw_followups is None:
            raw_followups = []
        elif not isinstance(raw_followups, list):
            raise _TicketError("followups: not a list")
        self.followups = raw_followups
        self.customer = record.get("customer")


#: A follow-up call read from a record: epoch µs, index in the record, the aware
#: datetime, the record's item.
_Call = tuple[int, int, _dt.datetime, Mapping[str, Any]]


class _Memo:
    """The stages of one record that do not depend on the SLA or follow-up policy
    (the record read, the workflow fold, the customer and the calls), kept by the
    first of two runs for the second (`compare`). A stage that raised is not
    kept: the second run computes it again and fails alike."""

    __slots__ = ("attempts", "customer", "fold", "ticket")

    def __init__(self) -> None:
        self.ticket: _Ticket | None = None
        self.fold: tuple[str, int | None, tuple[Violation, ...]] | None = None
        self.customer: Customer | None = None
        self.attempts: Sequence[_Call] | None = None


class _Analysis:
    __slots__ = ("attributes", "clocks", "state", "ticket", "violations")

    def __init__(
        self,
        ticket: _Ticket,
        state: str,
        violations: list[Violation],
        clocks: list[Clock | None],
        attributes: dict[str, str],
    ) -> None:
        self.ticket, self.state, self.violations = ticket, state, violations
        self.clocks, self.attributes = clocks, attributes


def _customer(ticket: _Ticket, vip: bool, now_us: int) -> Customer:
    """The record's customer, with the opt-outs made up to ``now`` (a later one was
    not known then: it is read for its time only)."""
    raw = ticket.customer
    if raw is None:
        raw = {}
    elif type(raw) is not dict and not isinstance(raw, Mapping):
        raise _TicketError(f"customer: {type(raw).__name__} is not a mapping")
    numbers = raw.get("numbers")
    if numbers is None:
        numbers = ()
    elif type(numbers) is not tuple:
        if not isinstance(numbers, list):
            numbers = tuple(_list_field(raw, "numbers", "customer.numbers"))
        numbers = tuple(numbers)
    for i, n in enumerate(numbers):
        if type(n) is not str or not n:
            raise _TicketError(f"customer.numbers[{i}]: {n!r} is not a number string")
    opt_outs = []
    for i, o in enumerate(_list_field(raw, "opt_outs", "customer.opt_outs")):
        if not isinstance(o, Mapping):
            raise _TicketError(f"customer.opt_outs[{i}]: not a mapping")
        channel, purpose = o.get("channel"), o.get("purpose")
        raw_at = o.get("at")
        at, when = _instant(raw_at, f"customer.opt_outs[{i}].at")
        if at > now_us:
            continue
        if at < _MIN_US:
            raise _out_of_range(f"customer.opt_outs[{i}].at", raw_at)
        opt_outs.append(
            OptOut.checked(
                when,
                at,
                _choice(_CHANNELS, channel, f"customer.opt_outs[{i}].channel")
                if channel is not None
                else None,
                _choice(_PURPOSES, purpose, f"customer.opt_outs[{i}].purpose")
                if purpose is not None
                else None,
            )
        )
    for key in ("id", "timezone"):
        value = raw.get(key)
        if value is not None and not isinstance(value, str):
            raise _TicketError(f"customer.{key}: {value!r} is not a string")
    return Customer.checked(
        str(raw.get("id", ticket.ticket_id)),
        str(raw.get("timezone", _ZONE)),
        vip,
        numbers,
        tuple(opt_outs),
    )


# -- replay -------------------------------------------------------------------------------


def _failed(record: object, reason: str) -> TicketOutcome:
    try:
        ticket = record.get("ticket_id") if isinstance(record, Mapping) else None
        workflow = record.get("workflow") if isinstance(record, Mapping) else None
    except Exception:  # a mapping that cannot even be read
        ticket = workflow = None
    return TicketOutcome(
        ticket if isinstance(ticket, str) else None,
        workflow if isinstance(workflow, str) else None,
        (),
        None,
        None,
        (),
        reason,
    )


# -- policy histories ---------------------------------------------------------------


def _reading(run: _Run, readers: list[_Run]) -> int:
    """The reading class of ``run`` among ``readers`` (added if new): runs that read a
    record alike (`_reads_alike`) share a `_Memo`."""
    for i, other in enumerate(readers):
        if _reads_alike(other, run):
            return i
    readers.append(run)
    return len(readers) - 1


def _reads_alike(a: _Run, b: _Run) -> bool:
    """Whether two runs read a record and fold it alike: the same replay settings and
    workflows, and the same fields read (the replay settings' and the attributes that
    select SLA calendars)."""
    return (
        a.policy.replay == b.policy.replay and a.workflows == b.workflows and (a.fields == b.fields)
    )


def _start_us(record: object, run: _Run) -> int:
    """The ticket's start (its earliest event up to ``now``; ``now`` if it has none),
    read without the rest of the record (when no run could read it whole).

    Raises:
        _TicketError: The record or its events cannot be read (as `_Ticket` says).
    """
    try:
        if not isinstance(record, Mapping):
            raise _TicketError(f"record: {type(record).__name__} is not a mapping")
        events = record.get("events")
        if not isinstance(events, list):
            raise _TicketError("events: missing or not a list")
        start = run.now_us
        for i, item in enumerate(events):
            if not isinstance(item, Mapping):
                raise _TicketError(f"events[{i}]: not a mapping")
            raw_at = item.get("at")
            at, _ = _instant(raw_at, f"events[{i}].at")
            if at <= run.top_us:
                if at < _MIN_US:
                    raise _out_of_range(f"events[{i}].at", raw_at)
                start = min(start, at)
        return start
    except _TicketError:
        raise
    except Exception as e:
        raise _TicketError(_reason("record", e)) from None


class _Judge:
    """The runs of a policy, or of each version of a `PolicyHistory`, for one
    ``now``; a record is judged wholly by the version in force at its ticket's start.

    The version is found from the record as read by the run of the version chosen
    last (tickets mostly come in time order); the run that judges it takes that
    reading when the two read alike (`_reading`), so a one-version history reads each
    record once, as a policy does.
    """

    __slots__ = ("first", "keys", "last", "readings", "runs", "segment_by", "starts")

    def __init__(self, judge: Policy | PolicyHistory, now: _dt.datetime, readers: list[_Run]):
        policies: list[Policy]
        #: Each version's ``effective_from`` in epoch µs, its key in reports, the
        #: first (``None`` for a policy: one run, no versions).
        self.starts: tuple[int, ...] | None
        self.keys: list[str | None]
        self.first: _dt.datetime | None
        if isinstance(judge, Policy):
            policies, self.starts, self.keys, self.first = [judge], None, [None], None
        else:
            policies = [v.policy for v in judge.versions]
            self.starts = judge.starts_us
            self.keys = [str(v.effective_from.isoformat()) for v in judge.versions]
            self.first = judge.versions[0].effective_from
        self.runs = [_Run(p, now) for p in policies]
        self.segment_by = policies[0].replay.segment_by
        self.readings = [_reading(run, readers) for run in self.runs]
        self.last = 0

    def pick(self, record: object, memos: dict[int, _Memo]) -> tuple[int, _Memo]:
        """The index of the run that judges ``record``, and its reading's memo.

        Raises:
            _TicketError: The ticket's start cannot be read, or is before the first
                version (stage ``version``).
        """
        k = 0 if self.starts is None else self._version(record, memos)
        reading = self.readings[k]
        memo = memos.get(reading)
        if memo is None:
            memo = memos[reading] = _Memo()
        return k, memo

    def _version(self, record: object, memos: dict[int, _Memo]) -> int:
        assert self.starts is not None
        run = self.runs[self.last]
        reading = self.readings[self.last]
        memo = memos.get(reading)
        if memo is None:
            memo = memos[reading] = _Memo()
            with contextlib.suppress(Exception):  # the judging run fails alike on it
                memo.ticket = _Ticket(run, record)
        ticket = memo.ticket
        if ticket is not None:
            start = min([at for _, at in ticket.pairs], default=run.now_us)
        else:
            start = _start_us(record, run)
        k = bisect.bisect_right(self.starts, start) - 1
        if k < 0:
            assert self.first is not None
            # An instant a day inside the years of UTC: every offset can show it.
            when = (_EPOCH + _dt.timedelta(microseconds=start)).astimezone(self.first.tzinfo)
            raise _TicketError(
                f"version: the ticket starts at {when.isoformat()}, "
                f"before the policy history's first version (in force from "
                f"{self.first.isoformat()})"
            )
        self.last = k
        return k

    def outcome(self, record: object) -> TicketOutcome:
        """The full outcome of one record, by the version that judges it."""
        try:
            k, memo = self.pick(record, {})
        except _TicketError as e:
            return _failed(record, str(e))
        out = self.runs[k].outcome(record, memo)
        key = self.keys[k]
        return out if key is None else attrs.evolve(out, version=key)

    def count(self, record: object, into: Counts, memos: dict[int, _Memo]) -> None:
        """Add one record to ``into``, counted by the version that judges it."""
        try:
            k, memo = self.pick(record, memos)
        except _TicketError as e:
            into.tickets += 1
            into.failed[(str(e).split(":", 1)[0],)] += 1
            return
        key = self.keys[k]
        if key is not None:
            into.versions[key] += 1
        self.runs[k].count(record, into, memo)


def replay_tickets(
    tickets: Iterable[Mapping[str, object]],
    policy: Policy | PolicyHistory,
    *,
    now: _dt.datetime,
) -> Iterator[TicketOutcome]:
    """Each ticket's outcome under ``policy`` as of ``now``, lazily, in input order.

    A ticket record has ``ticket_id``, ``workflow`` (a workflow of the policy),
    ``events`` (``{"name", "at", "payload"}``, ISO 8601 with offset), optional
    attributes (``tier``, ``category``, ``channel``, ``priority``, and those that
    select SLA calendars), ``calendar`` (the name of one of the SLA policy's
    calendars, for a ticket that carries its own: see `SlaPolicy.for_calendar`), ``customer``
    (``id``, ``timezone``, ``numbers``, ``opt_outs``) and ``followups``
    (``{"at", "channel", "purpose", "outcome", "number"}``).
    `generate_tickets` makes such records.

    Under a `PolicyHistory`, each ticket is judged wholly by the version in force at
    its start (its earliest event up to ``now``; ``now`` if it has none), and its
    outcome's ``version`` says which; a ticket that starts before the first version
    fails at the ``version`` stage.

    Examples:
        >>> import complaintflow as cf
        >>> start = cf.parse_instant("2026-03-02T00:00:00+08:00")
        >>> tickets = cf.synthetic.generate_tickets(50, seed=1, start=start, days=1)
        >>> outcomes = list(cf.policy.replay_tickets(tickets, cf.default_policy(),
        ...                                           now=start.add(days=1)))
        >>> len(outcomes), sum(o.error is not None for o in outcomes)
        (50, 0)
    """
    stream = ticket_stream(tickets, policy, histories=True)
    if isinstance(policy, PolicyHistory):
        judge = _Judge(policy, now, [])
        for record in stream:
            yield judge.outcome(record)
        return
    run = _Run(policy, now)
    for record in stream:
        yield run.outcome(record)


def replay(
    tickets: Iterable[Mapping[str, object]],
    policy: Policy | PolicyHistory,
    *,
    now: _dt.datetime,
) -> ReplayReport:
    """Run ticket records under ``policy`` and aggregate: memory flat in the tickets.

    ``policy`` may be a `PolicyHistory`: each ticket is judged wholly by the version
    in force at its start (see `replay_tickets`), and the report's ``versions`` say
    how many tickets each version judged.

    Returns:
        A mergeable `ReplayReport`; its ``sla_records()``,
        ``violation_records()`` and ``state_records()`` go straight into
        ``pandas.DataFrame``. Per-ticket outcomes: `replay_tickets`.

    Examples:
        >>> import complaintflow as cf
        >>> start = cf.parse_instant("2026-03-02T00:00:00+08:00")
        >>> tickets = list(cf.synthetic.generate_tickets(200, seed=7, start=start, days=1))
        >>> report = cf.policy.replay(tickets, cf.default_policy(), now=start.add(days=3))
        >>> report.tickets, report.failed_tickets
        (200, 0)

        The replies of tickets from noon on due in one business day:

        >>> base = cf.default_policy()
        >>> history = cf.policy.PolicyHistory([(start.subtract(years=1), base)]).with_version(
        ...     start.add(hours=12), {"sla.targets[reply].within": "1 business day"})
        >>> cf.policy.replay(tickets, history, now=start.add(days=3)).versions
        (('2025-03-02T00:00:00+08:00', 73), ('2026-03-02T12:00:00+08:00', 127))
    """
    stream = ticket_stream(tickets, policy, histories=True)
    if isinstance(policy, PolicyHistory):
        judge = _Judge(policy, now, [])
        counts = Counts(judge.segment_by)
        for record in stream:
            judge.count(record, counts, {})
        return counts.report()
    run = _Run(policy, now)
    counts = Counts(policy.replay.segment_by)
    for record in stream:
        run.count(record, counts)
    return counts.report()


def _segment_by(judge: Policy | PolicyHistory) -> tuple[str, ...]:
    policy = judge if isinstance(judge, Policy) else judge.versions[0].policy
    return policy.replay.segment_by


def compare(
    tickets: Iterable[Mapping[str, object]],
    a: Policy | PolicyHistory,
    b: Policy | PolicyHistory,
    *,
    now: _dt.datetime,
) -> list[dict[str, object]]:
    """Replay the same tickets (read once) under two policies; per-target differences.

    Either side may be a `PolicyHistory` ("the history as it was" against "the same
    change a month earlier", or against one policy): each ticket is judged by the
    version in force at its start, on each side (see `replay_tickets`).

    Returns:
        One record per SLA target and segment (it has a ``target``): met, breached,
        cancelled and compliance under ``a`` and ``b`` and the differences; then one per
        violated rule and segment (it has a ``kind``): ``count_a``, ``count_b``,
        ``count_delta``; then one per reason tickets failed for under either policy
        (it has ``failed``, the field or stage, as `ReplayReport.failed` counts
        them) with the same counts; then, when a side is a history, one per version
        (it has a ``version``, the instant the version took effect): the tickets it
        judged, ``tickets_a``, ``tickets_b``, ``tickets_delta``. The kinds have
        different fields: for pandas, give each its own frame (``[r for r in rows if
        "target" in r]`` and ``... "kind" in r``) and the counts stay integers.

    Raises:
        SegmentMismatchError: The policies' ``replay.segment_by`` differ.

    Examples:
        >>> import complaintflow as cf
        >>> start = cf.parse_instant("2026-03-02T00:00:00+08:00")
        >>> a = cf.default_policy()
        >>> b = a.with_({"sla.targets[reply].within": "1 business day"})
        >>> tickets = cf.synthetic.generate_tickets(300, seed=3, start=start, days=1)
        >>> rows = cf.policy.compare(tickets, a, b, now=start.add(days=10))
        >>> reply = [r for r in rows if r.get("target") == "reply"]
        >>> sum(r["breached_b"] for r in reply) >= sum(r["breached_a"] for r in reply)
        True
    """
    stream = ticket_stream(tickets, a, "a", histories=True)
    check_policy(b, "b", histories=True)
    seg_a, seg_b = _segment_by(a), _segment_by(b)
    if seg_a != seg_b:
        raise SegmentMismatchError(
            f"b.replay.segment_by: {seg_b} differs from a's "
            f"{seg_a}; compare policies that segment reports alike",
            field="b.replay.segment_by",
            value=seg_b,
        )
    counts_a, counts_b = Counts(seg_a), Counts(seg_b)
    if isinstance(a, PolicyHistory) or isinstance(b, PolicyHistory):
        # Each side's versions judge their tickets; runs that read alike share a memo.
        readers: list[_Run] = []
        judge_a, judge_b = _Judge(a, now, readers), _Judge(b, now, readers)
        for record in stream:
            memos: dict[int, _Memo] = {}
            judge_a.count(record, counts_a, memos)
            judge_b.count(record, counts_b, memos)
        return comparison_records(counts_a.report(), counts_b.report())
    run_a, run_b = _Run(a, now), _Run(b, now)
    if _reads_alike(run_a, run_b):
        # The same records read, the same folds: read and fold each record once.
        for record in stream:
            memo = _Memo()
            run_a.count(record, counts_a, memo)
            run_b.count(record, counts_b, memo)
    else:
        for record in stream:
            run_a.count(record, counts_a)
            run_b.count(record, counts_b)
    return comparison_records(counts_a.report(), counts_b.report())


def check_policy(value: object, field: str = "policy", histories: bool = False) -> None:
    """Refuse a ``policy`` argument that is no `Policy` (nor, with ``histories``, a
    `PolicyHistory`)."""
    if isinstance(value, Policy) or (histories and isinstance(value, PolicyHistory)):
        return
    raise wrong_type(field, "a Policy or a PolicyHistory" if histories else "a Policy", value)


def ticket_stream(
    tickets: Iterable[object], policy: object, field: str = "policy", histories: bool = False
) -> Iterator[object]:
    """An iterator over ``tickets``, after checking the arguments of a replay (a
    string, bytes or one record given alone is no iterable of records)."""
    check_policy(policy, field, histories)
    return iterate(tickets, "tickets", "an iterable of ticket records")


#: An event a ticket's workflow accepted: name, epoch µs, payload.
ReadEvent = tuple[str, int, Mapping[str, Any]]


def read_tickets(
    tickets: Iterable[object], policy: Policy, *, now: _dt.datetime
) -> Iterator[tuple[object, TicketOutcome, list[ReadEvent]]]:
    """Each record with its outcome and the events its workflow accepted up to ``now``.

    The statistics' view of a replay (internal): the outcome is exactly
    `replay_tickets`'s; for a ticket that did not fail, the record is read
    again and its workflow folded again to tell the events it accepted from those it
    refused (a refused event is a violation, and counts as nothing else).
    """
    run = _Run(policy, now)
    for record in tickets:
        outcome = run.outcome(record)
        if outcome.error is not None:
            yield record, outcome, []
            continue
        ticket = _Ticket(run, record)
        refused: list[tuple[int, ComplaintflowError]] = []
        fold_state(ticket.definition, ticket.ticket_id, ticket.events, refused)
        skipped = {i for i, _ in refused}
        accepted = [(e[0], e[1], e[3]) for i, e in enumerate(ticket.events) if i not in skipped]
        yield record, outcome, accepted
