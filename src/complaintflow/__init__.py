"""complaintflow: complaint-workflow rules for service hotlines, as pure functions.

The library does no I/O and reads no clock: host applications pass events and
``now``; complaintflow answers with new state, deadlines and effects as data.

Everything public is re-exported here from the public submodules, whose
``__all__`` lists are the single source of truth (a test checks that the API
reference documents exactly these names):

- :mod:`complaintflow.calendars`: business calendars, durations, deadlines.
- :mod:`complaintflow.errors`: the exception tree.
- :mod:`complaintflow.followup`: return visits and outbound contacts: rest hours,
  windows, opt-outs, caps, appointments, channel fallback, balanced planning.
- :mod:`complaintflow.policy`: policy bundles (calendars, SLA targets, workflows,
  follow-up rules, script packs) and what-if replay over ticket records.
- :mod:`complaintflow.rules`: the rule book of ``DOMAIN.md`` (rule IDs, titles,
  sources) and where each rule is implemented.
- :mod:`complaintflow.scripts`: script-phrase checks (greetings, closings,
  apologies, 禁用语, promises) in Simplified and Traditional Chinese.
- :mod:`complaintflow.workflows`: workflow definitions checked when built, the pure
  ``transition`` step, replay, and the shipped complaint/inquiry/suggestion/incident
  workflows.
- :mod:`complaintflow.staffing`: Erlang C and Erlang A staffing, interval plans and
  roster checks for the answer-time rule (SLA-1, SLA-9, SLA-10).
- :mod:`complaintflow.sla`: SLA clocks, targets, policies, reports and aggregates.
- :mod:`complaintflow.synthetic`: seeded synthetic ticket histories (SLA-9 peak-hour
  volumes, IN-5 categories, VIP share) for examples, tests and benchmarks.

Examples:
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
from complaintflow.followup import *  # noqa: F403
from complaintflow.followup import __all__ as _followup_all
from complaintflow.policy import *  # noqa: F403
from complaintflow.policy import __all__ as _policy_all
from complaintflow.rules import *  # noqa: F403
from complaintflow.rules import __all__ as _rules_all
from complaintflow.scripts import *  # noqa: F403
from complaintflow.scripts import __all__ as _scripts_all
from complaintflow.sla import *  # noqa: F403
from complaintflow.sla import __all__ as _sla_all
from complaintflow.staffing import *  # noqa: F403
from complaintflow.staffing import __all__ as _staffing_all
from complaintflow.synthetic import *  # noqa: F403
from complaintflow.synthetic import __all__ as _synthetic_all
from complaintflow.workflows import *  # noqa: F403
from complaintflow.workflows import __all__ as _workflows_all

_PARTS = (_calendars_all, _errors_all, _followup_all, _policy_all, _rules_all, _scripts_all)
_MORE = (_sla_all, _staffing_all, _synthetic_all, _workflows_all)
__all__ = sorted({name for part in (*_PARTS, *_MORE) for name in part})
