"""The exception tree of complaintflow.

Theory of operation
-------------------
Every error the library raises on purpose is a `ComplaintflowError`. Each
subclass also subclasses the builtin a caller would naturally catch
(``ValueError`` for bad values, ``TypeError`` for values of the wrong type), so
``except ValueError`` keeps working in code that does not know us.

Errors carry data, not only text: the offending ``field`` (a dotted path such
as ``hours.mon-fri[1]``), the ``value`` that was refused, and the ``rule`` ID of
``DOMAIN.md`` where a source rule is involved. The message always says what is
allowed, so the reader knows what to change.

Validation of plain-data definitions (calendars, policies, workflows) never stops
at the first problem: it collects `Problem` records and raises one
`ValidationError` that lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import attrs

__all__ = [
    "CalendarCoverageError",
    "CalendarError",
    "ComplaintflowError",
    "DurationError",
    "DurationTypeError",
    "EventNotAllowedError",
    "EventOrderError",
    "FollowupError",
    "GuardFailedError",
    "MissingDependencyError",
    "NaiveDatetimeError",
    "NaiveEventError",
    "NeverOpensError",
    "OutOfRangeError",
    "PeriodEndedError",
    "Problem",
    "SegmentMismatchError",
    "SlaEventError",
    "SnapshotMismatchError",
    "StaffingError",
    "StaffingLimitError",
    "StaffingTypeError",
    "TimestampError",
    "TranscriptError",
    "TranscriptTypeError",
    "UnknownCalendarError",
    "UnknownNameError",
    "UnknownPackError",
    "UnknownRuleError",
    "UnknownTimezoneError",
    "UnstableQueueError",
    "ValidationError",
    "WorkflowError",
    "WrongTypeError",
]


class ComplaintflowError(Exception):
    """Base class of every error complaintflow raises on purpose.

    Attributes:
        field: Dotted path of the offending field, or ``None``.
        value: The refused value (``None`` when there is none to show).
        rule: The ``DOMAIN.md`` rule ID involved, or ``None``.

    Examples:
        >>> try:
        ...     raise ComplaintflowError("bad", field="hours", value="x")
        ... except ComplaintflowError as e:
        ...     (e.field, e.value)
        ('hours', 'x')
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: object = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.rule = rule

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from its attributes, not by calling the class again: a subclass's
        # constructor takes keyword-only arguments that ``args`` does not hold. So an
        # error raised in a worker process (Dask, multiprocessing) reaches the caller
        # whole.
        return (_restore, (type(self), self.args, dict(vars(self))))


def _restore(
    cls: type[ComplaintflowError], args: tuple[object, ...], state: dict[str, object]
) -> ComplaintflowError:
    """Unpickle an error: `ComplaintflowError.__reduce__`."""
    err = cls.__new__(cls, *args)
    err.args = args
    vars(err).update(state)
    return err


@attrs.frozen
class Problem:
    """One problem found while validating plain data.

    Attributes:
        path: Where the problem is, e.g. ``"hours.mon-fri[1]"``.
        message: What is wrong, naming the value.
        hint: What would be accepted instead, or ``None``.
    """

    path: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}: {self.message}" if self.path else self.message
        return f"{text}; {self.hint}" if self.hint else text


class ValidationError(ComplaintflowError, ValueError):
    """Plain data could not be turned into a definition; lists every problem.

    Attributes:
        problems: Every `Problem` found, in the order of the input.

    Examples:
        >>> err = ValidationError([Problem("timezone", "'Mars/Base' is unknown")])
        >>> print(err)
        1 problem:
          - timezone: 'Mars/Base' is unknown
    """

    def __init__(self, problems: Iterable[Problem], *, what: str | None = None) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''}"
        if what:
            head += f" in {what}"
        lines = [head + ":"] + [f"  - {p}" for p in self.problems]
        first = self.problems[0] if self.problems else None
        super().__init__("\n".join(lines), field=first.path if first else None)


class NaiveDatetimeError(ComplaintflowError, ValueError):
    """A datetime without a time zone was given where an instant is needed."""


class UnknownTimezoneError(ComplaintflowError, ValueError):
    """A time-zone name is not a known IANA zone."""


class TimestampError(ComplaintflowError, ValueError):
    """A text meant as an instant is not an ISO 8601 timestamp."""


class WrongTypeError(ComplaintflowError, TypeError):
    """A value is of a type the library cannot use.

    ``field`` names the argument or attribute, ``value`` holds what was given,
    and the message names the type expected.

    Examples:
        >>> import complaintflow as cf
        >>> try:
        ...     cf.parse_instant(20261123)
        ... except TypeError as e:
        ...     (e.field, e.value)
        ('at', 20261123)
    """


class OutOfRangeError(ComplaintflowError, ValueError):
    """A number or an instant lies outside the range its argument allows.

    The message says the range: for calendars, instants from 1900-01-01T00:00:00Z up
    to 2200-01-01T00:00:00Z (an answer that would lie after it is refused too).
    """


class UnknownNameError(ComplaintflowError, KeyError):
    """A name is not one of those a value holds (an SLA policy's or a report's targets).

    It is a ``KeyError`` because it is a failed look-up by name, so ``except
    KeyError`` keeps working.

    Attributes:
        value: The name that was asked for.
        known: The names that would have been found, in their order.

    Examples:
        >>> import complaintflow as cf
        >>> try:
        ...     cf.sla.default(office=cf.calendars.default("24x7")).target("replies")
        ... except KeyError as e:
        ...     (e.field, e.value, e.known[:2])
        ('name', 'replies', ('answer', 'dispatch'))
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: object = None,
        known: Iterable[str] = (),
        rule: str | None = None,
    ) -> None:
        super().__init__(message, field=field, value=value, rule=rule)
        self.known: tuple[str, ...] = tuple(known)


class DurationError(ComplaintflowError, ValueError):
    """A duration is malformed, negative where it must not be, or of the wrong kind."""


class DurationTypeError(DurationError, WrongTypeError):
    """A duration is not a ``datetime.timedelta`` (a bare number has no unit).

    It is a ``TypeError`` (a `WrongTypeError`) and, as before, a
    `DurationError` (a ``ValueError``), so handlers written for either
    keep working.
    """


class CalendarError(ComplaintflowError, ValueError):
    """A business-calendar operation cannot be answered as asked."""


class CalendarCoverageError(CalendarError):
    """An instant lies outside the dates a calendar's holiday data covers.

    Raised rather than extrapolating: a deadline computed on a guessed holiday
    schedule would be wrong without anyone noticing.
    """


class NeverOpensError(CalendarError):
    """The calendar has no open time left in which to place a deadline.

    Either its weekly hours are empty and its last special opening has passed, or
    it does not open again before the end of the supported range of instants.
    """


class FollowupError(ComplaintflowError, ValueError):
    """A follow-up question cannot be answered as asked (FU-1 to FU-13).

    Raised for inconsistent inputs such as a contact history that lies after the
    decision instant, a number the customer does not have, or two due follow-ups
    for one customer in a single plan.
    """


class TranscriptError(ComplaintflowError, ValueError):
    """A transcript turn holds a value no check can use.

    An unknown speaker, a negative or non-finite time, a turn that ends before
    it starts, or a turn without times under a rule that limits by seconds.
    ``field`` names the turn field (``turns[3]`` when the turn is known) and
    ``rule`` the rule involved, if any.
    """


class TranscriptTypeError(ComplaintflowError, TypeError):
    """A transcript, a turn, or a turn's text or time is of the wrong type."""


class MissingDependencyError(ComplaintflowError, ImportError):
    """An optional dependency a rule needs is not installed; the message names the extra.

    Raised when a check meets a rule that needs it (a word-matched phrase needs
    the jieba segmenter: ``pip install 'complaintflow[words]'``), never at import
    time and never by a rule that does not need it.
    """


class UnknownPackError(ComplaintflowError, ValueError):
    """No default script pack has the requested name."""


class UnknownRuleError(ComplaintflowError, KeyError):
    """A rule ID is not one of ``DOMAIN.md``; the message suggests the closest IDs.

    It is a ``KeyError`` because it is a failed look-up in the rule book
    (`complaintflow.rules.RULES`); ``field`` names the argument and ``value``
    holds the refused ID.

    Examples:
        >>> from complaintflow.rules import rule
        >>> try:
        ...     rule("SLA 3")
        ... except KeyError as e:
        ...     (e.field, e.value, str(e))
        ('rule_id', 'SLA 3', "rule_id: 'SLA 3' is not a rule ID of DOMAIN.md; did you mean 'SLA-3'?")
    """  # noqa: E501


class WorkflowError(ComplaintflowError, ValueError):
    """A workflow step was refused; the snapshot is unchanged.

    Attributes:
        ticket: The ticket ID of the snapshot.
        state: The state the ticket was in.
        event: The name of the refused event, or ``None`` when no event was given
            (a question such as `allowed_events`).
        rule: The ``DOMAIN.md`` rule ID involved, or ``None``.
    """

    def __init__(
        self,
        message: str,
        *,
        ticket: str,
        state: str,
        event: str | None,
        rule: str | None = None,
        field: str | None = None,
        value: object = None,
    ) -> None:
        about = f"ticket {ticket!r} in state {state!r}"
        if event is not None:
            about += f", event {event!r}"
        super().__init__(
            f"{about}: {message}",
            field=field,
            value=value,
            rule=rule,
        )
        self.ticket = ticket
        self.state = state
        self.event = event


class EventNotAllowedError(WorkflowError):
    """The event is not accepted in the ticket's current state (or not known at all)."""


class GuardFailedError(WorkflowError):
    """Every transition for the event has a guard that failed.

    Attributes:
        reasons: One ``(guard, rule, message)`` triple per failed guard.
    """

    def __init__(
        self,
        message: str,
        *,
        ticket: str,
        state: str,
        event: str,
        reasons: tuple[tuple[str, str, str], ...],
    ) -> None:
        first = reasons[0] if reasons else ("", None, "")
        super().__init__(
            message, ticket=ticket, state=state, event=event, rule=first[1], field=first[0]
        )
        self.reasons = reasons


class PeriodEndedError(GuardFailedError):
    """The event may only come within a period that has ended (a reopen after the
    reopen period, FLOW-6): the refusal names the period and when it began.

    Attributes:
        period: The period, e.g. ``"30 calendar days"``.
        since: The instant it ran from (ISO 8601 text: the close time of a reopen).
    """

    def __init__(
        self,
        message: str,
        *,
        ticket: str,
        state: str,
        event: str,
        reasons: tuple[tuple[str, str, str], ...],
        period: str | None = None,
        since: str | None = None,
    ) -> None:
        super().__init__(message, ticket=ticket, state=state, event=event, reasons=reasons)
        self.period = period
        self.since = since


class SnapshotMismatchError(WorkflowError):
    """The snapshot belongs to another workflow, version or schema version."""


class EventOrderError(WorkflowError):
    """The event's timestamp is earlier than the last event applied to the ticket."""


class StaffingError(ComplaintflowError, ValueError):
    """A staffing question is asked with values that have no answer.

    Raised for zero or negative call volumes, agent counts, targets outside
    ``(0, 1)``, shrinkage outside ``[0, 1)`` and the like; ``field`` names the
    argument and the message says what is allowed.
    """


class StaffingTypeError(StaffingError, WrongTypeError):
    """A staffing argument is of the wrong type.

    A string or a ``bool`` where a number is expected, a float where a whole number
    of agents is, a plain value where a `Workload` or
    a `ServiceTarget` is. It is a ``TypeError`` (a
    `WrongTypeError`) and, as before, a `StaffingError` (a
    ``ValueError``), so handlers written for either keep working.
    """


class StaffingLimitError(StaffingError, OutOfRangeError):
    """A staffing input lies beyond the sizes the staffing functions accept.

    The limits (agents, traffic, the Erlang A series length, a forecast's length
    and total traffic) are documented in ``docs/staffing.md``; inside them every
    call is exact and fast, outside them it is refused before any work is done.

    Attributes:
        limit: The largest value allowed (a number, or a ``timedelta``).

    Examples:
        >>> e = StaffingLimitError("agents: too many", field="agents", value=10**9, limit=10**6)
        >>> (e.field, e.value, e.limit, isinstance(e, ValueError))
        ('agents', 1000000000, 1000000, True)
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: object = None,
        limit: object = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message, field=field, value=value, rule=rule)
        self.limit = limit


class UnstableQueueError(StaffingError):
    """The offered traffic is at or above the agent count: Erlang C has no steady state.

    With ``agents <= traffic`` the queue grows without bound, so no service level,
    waiting probability or answer time exists. Add agents (the message says how
    many are needed at least) or model abandonment with Erlang A.
    """


def wrong_type(field: str, expected: str, value: object) -> WrongTypeError:
    """The `WrongTypeError` for ``value`` given as ``field`` where ``expected`` is.

    Examples:
        >>> str(wrong_type("due[3]", "a DueFollowup", None))
        'due[3]: expected a DueFollowup, got NoneType None'
    """
    return WrongTypeError(
        f"{field}: expected {expected}, got {type(value).__name__} {problem_text(value)}",
        field=field,
        value=value,
    )


def items_of(
    value: object, field: str, kind: type | tuple[type, ...], what: str
) -> tuple[Any, ...]:
    """The items of a list given as ``field``, each a ``kind`` (an attrs converter's
    check for values built directly): a string, bytes, a mapping or a non-iterable
    is no list, and nothing is guessed from one.

    Raises:
        WrongTypeError: Naming ``field``, or ``field[i]`` for a wrong item.

    Examples:
        >>> items_of(["a"], "start", str, "event kinds")
        ('a',)
        >>> items_of("accept", "start", str, "event kinds")
        Traceback (most recent call last):
        ...
        complaintflow.errors.WrongTypeError: start: expected a list of event kinds, got str 'accept'
    """
    if isinstance(value, str | bytes | bytearray | Mapping) or not isinstance(value, Iterable):
        raise wrong_type(field, f"a list of {what}", value)
    out = tuple(value)
    for i, item in enumerate(out):
        if not isinstance(item, kind) or (isinstance(item, bool) and bool not in _kinds(kind)):
            raise wrong_type(f"{field}[{i}]", f"one of {what}", item)
    return out


def mapping_of(
    value: object, field: str, kind: type | tuple[type, ...], what: str
) -> dict[str, Any]:
    """A copy of a mapping given as ``field``, of string keys to ``kind`` values.

    Raises:
        WrongTypeError: Naming ``field``, or ``field.key`` for a wrong key or value.
    """
    if not isinstance(value, Mapping):
        raise wrong_type(field, f"a mapping of name to {what}", value)
    out = dict(value)
    for k, v in out.items():
        if not isinstance(k, str):
            raise wrong_type(f"{field}.{problem_text(k)}", "a string key", k)
        if not isinstance(v, kind):
            raise wrong_type(f"{field}.{k}", f"one of {what}", v)
    return out


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def problem_text(value: object) -> str:
    """Render a refused value for a message: ``repr`` cut to a readable length.

    An int too long for ``str()`` (more digits than ``sys.get_int_max_str_digits()``
    allows) is described by its size instead of raising ``ValueError``.

    Examples:
        >>> problem_text(10**5000)
        '<an int of 16,610 bits>'
    """
    try:
        text = repr(value)
    except ValueError:
        if not isinstance(value, int):
            raise
        text = f"<an int of {value.bit_length():,} bits>"
    return text if len(text) <= 80 else text[:77] + "..."


class SlaEventError(ComplaintflowError, ValueError):
    """A ticket's event history cannot be evaluated as given.

    Raised for events out of time order, unknown event kinds, a stop before a
    start, two events of one instant that set an attribute to different
    values, and a due date the ticket gives that is missing or not an ISO 8601
    instant with its UTC offset (``field`` names the payload field or attribute).

    Attributes:
        ticket: The ticket's identifier (``None`` when the host gave none).
        index: Position of the offending event in the input.

    Examples:
        >>> e = SlaEventError("stop before start", ticket="T1", index=3, rule="SLA-2")
        >>> (e.ticket, e.index, e.rule)
        ('T1', 3, 'SLA-2')
    """

    def __init__(
        self,
        message: str,
        *,
        ticket: object = None,
        index: int | None = None,
        field: str | None = None,
        value: object = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message, field=field, value=value, rule=rule)
        self.ticket = ticket
        self.index = index


class NaiveEventError(SlaEventError, NaiveDatetimeError):
    """An event's time (or ``now``) has no time zone; names the ticket and event."""


class UnknownCalendarError(SlaEventError):
    """A ticket names a calendar its SLA policy does not have.

    Raised when a ticket's calendar-selecting attribute (``calendar_by``), or the
    calendar passed with it, names none of the policy's ``calendars``.

    Attributes:
        known: The calendar names the policy has, sorted.

    Examples:
        >>> e = UnknownCalendarError("no calendar 'mars'", ticket="T1",
        ...                          field="attributes.region", value="mars", known=["beijing"])
        >>> (e.ticket, e.field, e.value, e.known)
        ('T1', 'attributes.region', 'mars', ('beijing',))
    """

    def __init__(
        self,
        message: str,
        *,
        ticket: object = None,
        field: str | None = None,
        value: object = None,
        known: Iterable[str] = (),
    ) -> None:
        super().__init__(message, ticket=ticket, field=field, value=value)
        self.known: tuple[str, ...] = tuple(known)


class SegmentMismatchError(ComplaintflowError, ValueError):
    """Two results segmented by different attributes cannot be merged or compared.

    Raised when merging SLA tallies or replay reports, or comparing two policies,
    whose segments (``by``, ``replay.segment_by``) differ; ``value`` holds the
    other side's segmentation.
    """


# Report the public module, so tracebacks, reprs, doctests and pickles name
# ``complaintflow.errors.ValidationError`` and not this private module.
for _name in __all__:
    globals()[_name].__module__ = "complaintflow.errors"
del _name
