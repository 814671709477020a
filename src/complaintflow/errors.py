"""Public exception tree: every error complaintflow raises on purpose.

See :class:`ComplaintflowError`. Each subclass also subclasses the builtin a
caller would catch (``ValueError`` or ``TypeError``) and carries the offending
``field``, ``value`` and ``rule``.
"""

from complaintflow._errors import (
    CalendarCoverageError,
    CalendarError,
    ComplaintflowError,
    DurationError,
    EventNotAllowedError,
    EventOrderError,
    FollowupError,
    GuardFailedError,
    NaiveDatetimeError,
    NaiveEventError,
    NeverOpensError,
    Problem,
    SlaEventError,
    SnapshotMismatchError,
    StaffingError,
    TranscriptError,
    TranscriptTypeError,
    UnknownPackError,
    UnknownRuleError,
    UnknownTimezoneError,
    UnstableQueueError,
    ValidationError,
    WorkflowError,
)

__all__ = [
    "CalendarCoverageError",
    "CalendarError",
    "ComplaintflowError",
    "DurationError",
    "EventNotAllowedError",
    "EventOrderError",
    "FollowupError",
    "GuardFailedError",
    "NaiveDatetimeError",
    "NaiveEventError",
    "NeverOpensError",
    "Problem",
    "SlaEventError",
    "SnapshotMismatchError",
    "StaffingError",
    "TranscriptError",
    "TranscriptTypeError",
    "UnknownPackError",
    "UnknownRuleError",
    "UnknownTimezoneError",
    "UnstableQueueError",
    "ValidationError",
    "WorkflowError",
]
