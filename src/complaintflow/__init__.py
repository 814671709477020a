"""complaintflow: complaint-workflow rules for service hotlines, as pure functions.

The library does no I/O and reads no clock: host applications pass events and
``now``; complaintflow answers with new state, deadlines and effects as data.

Everything public is re-exported here from the public submodules, whose
``__all__`` lists are the single source of truth (a test checks that the API
reference documents exactly these names):

- :mod:`complaintflow.errors`: the exception tree.
- :mod:`complaintflow.staffing`: Erlang C and Erlang A staffing, interval plans and
  roster checks for the answer-time rule (SLA-1, SLA-9, SLA-10).

Example:
    >>> import complaintflow as cf
    >>> issubclass(cf.ValidationError, ValueError)
    True
"""

from complaintflow.errors import *  # noqa: F403  (re-export; checked by tests/test_exports.py)
from complaintflow.errors import __all__ as _errors_all
from complaintflow.staffing import *  # noqa: F403  (re-export; checked by tests/test_exports.py)
from complaintflow.staffing import __all__ as _staffing_all

__all__ = sorted({*_errors_all, *_staffing_all})
