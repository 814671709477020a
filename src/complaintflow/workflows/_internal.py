"""The workflows part's internal interface: what other parts of complaintflow may use.

Not public API: these names may change in any release. They are the fast paths
and parser tables that other parts need (replay's counting loop, the policy's JSON
Schema), named here once so that no other part reaches into this part's private
modules; a test (``tests/test_layering.py``) enforces it.
"""

from complaintflow.workflows._transition import fold_state

__all__ = [
    "fold_state",
]
