"""complaintflow: complaint-workflow rules for service hotlines, as pure functions.

The library does no I/O and reads no clock: host applications pass events and
``now``; complaintflow answers with new state, deadlines and effects as data.

Everything public is re-exported here from the public submodules, whose
``__all__`` lists are the single source of truth (a test checks that the API
reference documents exactly these names):

- :mod:`complaintflow.calendars`: business calendars, durations, deadlines.
- :mod:`complaintflow.errors`: the exception tree.
- :mod:`complaintflow.sla`: SLA clocks, targets, policies, reports and aggregates.

Example:
    >>> import complaintflow as cf
    >>> cal = cf.BusinessCalendar.china(years=[2026])
    >>> cal.add(cf.parse_instant("2026-09-30T17:00:00+08:00"), "2 business hours").isoformat()
    '2026-10-08T10:00:00+08:00'
    >>> issubclass(cf.ValidationError, ValueError)
    True
"""

from complaintflow.calendars import *  # noqa: F403  (re-export; checked by tests/test_exports.py)
from complaintflow.calendars import __all__ as _calendars_all
from complaintflow.errors import *  # noqa: F403
from complaintflow.errors import __all__ as _errors_all
from complaintflow.sla import *  # noqa: F403
from complaintflow.sla import __all__ as _sla_all

__all__ = sorted({*_calendars_all, *_errors_all, *_sla_all})
