"""The exception tree of complaintflow.

Theory of operation
-------------------
Every error the library raises on purpose is a :class:`ComplaintflowError`. Each
subclass also subclasses the builtin a caller would naturally catch
(``ValueError`` for bad values, ``TypeError`` for values of the wrong type), so
``except ValueError`` keeps working in code that does not know us.

Errors carry data, not only text: the offending ``field`` (a dotted path such
as ``hours.mon-fri[1]``), the ``value`` that was refused, and the ``rule`` ID of
``DOMAIN.md`` where a source rule is involved. The message always says what is
allowed, so the reader knows what to change.

Validation of plain-data definitions (calendars, policies, workflows) never stops
at the first problem: it collects :class:`Problem` records and raises one
:class:`ValidationError` that lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

__all__ = [
    "CalendarCoverageError",
    "CalendarError",
    "ComplaintflowError",
    "DurationError",
    "NaiveDatetimeError",
    "NaiveEventError",
    "NeverOpensError",
    "Problem",
    "SlaEventError",
    "UnknownTimezoneError",
    "ValidationError",
]


class ComplaintflowError(Exception):
    """Base class of every error complaintflow raises on purpose.

    Attributes:
        field: Dotted path of the offending field, or ``None``.
        value: The refused value (``None`` when there is none to show).
        rule: The ``DOMAIN.md`` rule ID involved, or ``None``.

    Example:
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
        problems: Every :class:`Problem` found, in the order of the input.

    Example:
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


class DurationError(ComplaintflowError, ValueError):
    """A duration is malformed, negative where it must not be, or of the wrong kind."""


class CalendarError(ComplaintflowError, ValueError):
    """A business-calendar operation cannot be answered as asked."""


class CalendarCoverageError(CalendarError):
    """An instant lies outside the dates a calendar's holiday data covers.

    Raised rather than extrapolating: a deadline computed on a guessed holiday
    schedule would be wrong without anyone noticing.
    """


class NeverOpensError(CalendarError):
    """The calendar has no open time left in which to place a deadline."""


def problem_text(value: object) -> str:
    """Render a refused value for a message: ``repr`` cut to a readable length."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


class SlaEventError(ComplaintflowError, ValueError):
    """A ticket's event history cannot be evaluated as given.

    Raised for events out of time order, unknown event kinds, a stop before a
    start, and two events of one instant that set an attribute to different
    values.

    Attributes:
        ticket: The ticket's identifier (``None`` when the host gave none).
        index: Position of the offending event in the input.

    Example:
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
