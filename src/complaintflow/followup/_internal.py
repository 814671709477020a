"""The followup part's internal interface: what other parts of complaintflow may use.

Not public API: these names may change in any release. They are the fast paths
and parser tables that other parts need (replay's counting loop, the policy's JSON
Schema), named here once so that no other part reaches into this part's private
modules; a test (``tests/test_layering.py``) enforces it.
"""

from complaintflow.followup._decide import refusals_at
from complaintflow.followup._parse import CAP_KEYS

__all__ = [
    "CAP_KEYS",
    "refusals_at",
]
