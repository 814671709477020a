"""The sla part's internal interface: what other parts of complaintflow may use.

Not public API: these names may change in any release. They are the fast paths
and parser tables that other parts need (replay's counting loop, the policy's JSON
Schema), named here once so that no other part reaches into this part's private
modules; a test (``tests/test_layering.py``) enforces it.
"""

from complaintflow.sla._aggregate import tally
from complaintflow.sla._clock import Clock, Compiled, compiled
from complaintflow.sla._condition import COMBINATORS as CONDITION_COMBINATORS
from complaintflow.sla._condition import MAX_DEPTH as CONDITION_MAX_DEPTH
from complaintflow.sla._condition import OPERATORS as CONDITION_OPERATORS
from complaintflow.sla._counting import STATE_INDEX, CellCounts, Counting
from complaintflow.sla._definition import _TRIGGER_KEYS as TRIGGER_KEYS
from complaintflow.sla._definition import calendar_attribute
from complaintflow.sla._evaluate import now_and_zone, payload_events, report_of_clocks, run_clocks
from complaintflow.sla._parse import _OVERRIDE_KEYS as OVERRIDE_KEYS
from complaintflow.sla._parse import _POLICY_KEYS as POLICY_KEYS
from complaintflow.sla._parse import _TARGET_KEYS as TARGET_KEYS

__all__ = [
    "CONDITION_COMBINATORS",
    "CONDITION_MAX_DEPTH",
    "CONDITION_OPERATORS",
    "OVERRIDE_KEYS",
    "POLICY_KEYS",
    "STATE_INDEX",
    "TARGET_KEYS",
    "TRIGGER_KEYS",
    "CellCounts",
    "Clock",
    "Compiled",
    "Counting",
    "calendar_attribute",
    "compiled",
    "now_and_zone",
    "payload_events",
    "report_of_clocks",
    "run_clocks",
    "tally",
]
