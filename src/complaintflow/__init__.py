"""complaintflow: complaint-workflow rules for service hotlines, as pure functions.

The library does no I/O and reads no clock: host applications pass events and
``now``; complaintflow answers with new state, deadlines and effects as data.

Everything public is re-exported here from the public submodules, whose
``__all__`` lists are the single source of truth (a test checks that the API
reference documents exactly these names):

- :mod:`complaintflow.errors`: the exception tree.
- :mod:`complaintflow.workflows`: workflow definitions checked when built, the pure
  ``transition`` step, replay, and the shipped complaint/inquiry/suggestion/incident
  workflows.

Example:
    >>> import complaintflow as cf
    >>> issubclass(cf.ValidationError, ValueError)
    True
"""

from complaintflow.errors import *  # noqa: F403  (re-export; checked by tests/test_exports.py)
from complaintflow.errors import __all__ as _errors_all
from complaintflow.workflows import *  # noqa: F403  (re-export; checked by tests/test_exports.py)
from complaintflow.workflows import __all__ as _workflows_all

__all__ = sorted({*_errors_all, *_workflows_all})
