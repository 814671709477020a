"""The default policy, composed from the parts' defaults; and replay's own defaults.

Nothing here restates a part's default: `default_data` puts together the
``calendars``, ``sla``, ``followup`` sections the parts define in their own
``_defaults.py`` modules, and names the shipped workflows and script packs by
their ``default`` key. Only what belongs to replay itself (how it reads the
host's ticket records) is defined in this module.
"""

from __future__ import annotations

from collections.abc import Iterable

from complaintflow._default import Default
from complaintflow._json import JSON
from complaintflow.calendars import default_data as calendars_data
from complaintflow.followup import default_data as followup_data
from complaintflow.scripts import DEFAULT_NAMES as PACK_NAMES
from complaintflow.sla import default_data as sla_data
from complaintflow.workflows import DEFAULT_NAMES as WORKFLOW_NAMES

__all__ = [
    "ATTRIBUTES",
    "DEFAULTS",
    "FORMAT_VERSION",
    "NAME",
    "RESOLVED_EVENTS",
    "RETURN_VISIT_EVENTS",
    "SEGMENT_BY",
    "STATISTICS_DEFAULTS",
    "default_data",
]

#: The version of the policy format this library reads and writes.
FORMAT_VERSION = 1
#: The label of the default policy.
NAME = "default (DOMAIN.md)"

SEGMENT_BY = Default(
    "replay.segment_by", ["tier", "category"], "FLOW-9",
    "the report is broken down by customer tier and complaint type",
)  # fmt: skip
ATTRIBUTES = Default(
    "replay.attributes", ["priority", "tier", "category", "channel", "workflow"], None,
    "ticket fields given to the SLA policy as attributes (workflow: the record's workflow "
    "name, so a target can apply to complaints only)",
)  # fmt: skip
RESOLVED_EVENTS = Default(
    "replay.resolved_events", ["confirm", "conclude"], "FU-4",
    "the events that resolve a ticket open the return-visit window and make a VIP's "
    "return visit due (FU-2)",
    see_also=("FU-2",),
)  # fmt: skip
RETURN_VISIT_EVENTS = Default(
    "replay.return_visit_events", ["record_return_visit", "schedule_return_visit"], "FU-3",
    "the events that record or schedule the return visit",
)  # fmt: skip

#: Every default of this module, for the rule map and the docs.
DEFAULTS = (SEGMENT_BY, ATTRIBUTES, RESOLVED_EVENTS, RETURN_VISIT_EVENTS)

# -- the FLOW-9 statistics settings (``cf.policy.StatisticsSettings``) ------------------

STATS_DIMENSIONS = Default(
    "statistics.dimensions",
    {
        "month": {"opened": "month"},
        "workflow": {"field": "workflow"},
        "type": {"field": "category"},
        "cause": {"events": ["investigate"], "payload": "problem_kind"},
        "department": {
            "events": ["accept", "reassign", "transfer", "forward"],
            "payload": "department",
            "pick": "last",
        },
        "channel": {"field": "channel"},
        "agent": {"events": ["investigate"], "payload": "owner", "pick": "last"},
    },
    "FLOW-9",
    "the classification table's segments: month opened, workflow, type (IN-5), cause and "
    "responsible person (FLOW-3), the department that handled it last, the channel (IN-2)",
    see_also=("FLOW-3", "IN-5", "IN-2"),
)  # fmt: skip
STATS_RESOLVED_EVENTS = Default(
    "statistics.resolved_events", ["confirm", "conclude", "close", "answer", "forward"],
    "FLOW-9",
    "handling ends at the first of these: the customer confirms (FLOW-5), a review "
    "concludes (FLOW-7), the ticket closes (FLOW-2, FLOW-12), an inquiry is answered or a "
    "suggestion forwarded (IN-4)",
    see_also=("FLOW-5", "FLOW-7", "IN-4"),
)  # fmt: skip
STATS_REOPEN_EVENTS = Default(
    "statistics.reopen_events", ["reopen"], None,
    "an event that reopens a resolved ticket; counted only when the ticket's workflow "
    "accepts it",
)  # fmt: skip
STATS_HANDOFF_EVENTS = Default(
    "statistics.handoff_events",
    ["transfer", "accept", "investigate", "reassign", "dispute", "dissatisfied", "escalate"],
    None,
    "a ticket resolved before any of these (and never reopened) was resolved at first "
    "contact: no department, investigation, review or escalation was needed",
)  # fmt: skip
STATS_SATISFACTION = Default(
    "statistics.satisfaction",
    {
        "events": ["record_return_visit"],
        "payload": "satisfaction",
        "levels": ["satisfied", "basically_satisfied", "dissatisfied", "not_given"],
        "satisfied": ["satisfied", "basically_satisfied"],
        "unrated": ["not_given"],
    },
    "FU-3",
    "satisfaction is read from the return-visit record; the rate is satisfied or basically "
    "satisfied over the visits that gave a rating",
    see_also=("FLOW-9",),
)  # fmt: skip
STATS_PERCENTILES = Default(
    "statistics.percentiles", [50, 90], "FLOW-9",
    "the handling cycle time is reported as its median and 90th percentile",
)  # fmt: skip
STATS_MAX_SEGMENTS = Default(
    "statistics.max_segments", 50_000, None,
    "the most segments (distinct combinations of dimension values) one aggregate holds, "
    "which bounds its memory",
)  # fmt: skip

#: The statistics settings' defaults, for the docs.
STATISTICS_DEFAULTS = (
    STATS_DIMENSIONS, STATS_RESOLVED_EVENTS, STATS_REOPEN_EVENTS, STATS_HANDOFF_EVENTS,
    STATS_SATISFACTION, STATS_PERCENTILES, STATS_MAX_SEGMENTS,
)  # fmt: skip


def default_data(years: Iterable[int] | None = None) -> dict[str, JSON]:
    """The default policy as plain data: every part's defaults, each with its rule ID.

    The office calendar is the official China calendar for ``years`` (make-up
    working days included; the calendars part's default years if omitted); the
    hotline is 24x7 (SLA-10). SLA targets run on the events of the shipped
    workflows, so a ticket's event log drives both.

    Examples:
        >>> data = default_data()
        >>> [t["rule"] for t in data["sla"]["targets"]]
        ['SLA-1', 'SLA-2', 'SLA-3', 'SLA-5', 'SLA-6', 'SLA-7']
        >>> data["workflows"]["complaint"]
        {'default': 'complaint'}
    """
    return {
        "format": FORMAT_VERSION,
        "name": NAME,
        "calendars": calendars_data(years),
        "sla": sla_data(),
        "workflows": {name: {"default": name} for name in sorted(WORKFLOW_NAMES)},
        "followup": followup_data(),
        "scripts": {name: {"default": name} for name in PACK_NAMES},
        "replay": {d.path.split(".", 1)[1]: d.data() for d in DEFAULTS},
    }
