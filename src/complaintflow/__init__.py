"""complaintflow: complaint-workflow rules for service hotlines, as pure functions.

The library does no I/O and reads no clock: host applications pass events and
``now``; complaintflow answers with new state, deadlines and effects as data.

The root is a doorway: it holds the few names a newcomer needs first, and every
part is a subpackage reached through it (``cf.sla.evaluate``, ``cf.followup.plan``).

The names here, and why each is at the root:

- `Event`: the one event type of a ticket's history, read by every part.
- `default_policy` and `Policy`: every default of the library in one
  versioned plain-data document, the usual place to start.
- `BusinessCalendar`, `Duration` and `parse_instant`: every
  deadline is a duration on a calendar from an aware instant.
- `ComplaintflowError`, `ValidationError` and `Problem`: what
  bad input raises, and how every problem is reported (the whole tree lives in
  `complaintflow.errors`).
- `to_data` and `from_data`: any value as JSON-compatible data and back.
- ``__version__``: the installed distribution's version.

The parts:

- `complaintflow.calendars`: business calendars, durations, deadlines.
- `complaintflow.sla`: SLA clocks, targets, policies, reports and aggregates.
- `complaintflow.workflows`: workflow definitions checked when built, the pure
  ``transition`` step, replay of the event log, the shipped workflows.
- `complaintflow.followup`: return visits and outbound contacts: rest hours,
  windows, opt-outs, caps, appointments, channel fallback, balanced planning.
- `complaintflow.scripts`: script-phrase checks in Simplified and Traditional Chinese.
- `complaintflow.staffing`: Erlang C and Erlang A staffing for the answer-time rule.
- `complaintflow.policy`: policy bundles and what-if replay over ticket records.
- `complaintflow.rules`: the rule book of ``DOMAIN.md`` and where each rule lives.
- `complaintflow.synthetic`: seeded synthetic ticket histories.
- `complaintflow.data`: every value as plain data and back; JSON Schemas.
- `complaintflow.errors`: the exception tree.

Every part that ships a default spells it the same way: ``default(...)`` builds it,
``default_data(...)`` gives its plain data, and ``DEFAULT_NAMES`` lists the names
where a part ships several (``cf.workflows.default("complaint")``,
``cf.scripts.default("zh_CN")``, ``cf.calendars.default("china", years=[2026])``).

Examples:
    >>> import complaintflow as cf
    >>> cal = cf.calendars.default("china", years=[2026])
    >>> cal.add(cf.parse_instant("2026-09-30T17:00:00+08:00"), "2 business hours").isoformat()
    '2026-10-08T10:00:00+08:00'
    >>> cf.default_policy().sla.target("reply").rule
    'SLA-3'
    >>> issubclass(cf.ValidationError, ValueError)
    True
"""

from importlib import metadata as _metadata

from complaintflow import (
    calendars,
    data,
    errors,
    followup,
    policy,
    rules,
    scripts,
    sla,
    staffing,
    synthetic,
    workflows,
)
from complaintflow._event import Event
from complaintflow._time import parse_instant
from complaintflow.calendars import BusinessCalendar, Duration
from complaintflow.data import from_data, to_data
from complaintflow.errors import ComplaintflowError, Problem, ValidationError
from complaintflow.policy import Policy
from complaintflow.policy import default as default_policy

__all__ = [
    "BusinessCalendar",
    "ComplaintflowError",
    "Duration",
    "Event",
    "Policy",
    "Problem",
    "ValidationError",
    "__version__",
    "calendars",
    "data",
    "default_policy",
    "errors",
    "followup",
    "from_data",
    "parse_instant",
    "policy",
    "rules",
    "scripts",
    "sla",
    "staffing",
    "synthetic",
    "to_data",
    "workflows",
]

try:
    __version__: str = _metadata.version("complaintflow")
except _metadata.PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0.0.0+unknown"
