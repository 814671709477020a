"""Policy bundles and what-if replay: every part's settings in one document, and "what if?".

Theory of operation
-------------------
A `Policy` is one versioned plain-data document (a dict, or TOML text the
host has read) holding calendars, SLA targets, workflows, follow-up rules, script
packs and replay settings; the frozen values of every part are built from it and
every problem of every section is reported at once with its path. `default`
(``cf.default_policy``) composes the parts' own defaults; `Policy.with_`
derives a variant by dotted path and `Policy.diff` says what changed, rule by
rule. `replay` runs a stream of ticket records (the host's export) under a
policy at a ``now`` and returns a mergeable `ReplayReport` (so a replay can
be split across processes); `compare` runs the same stream under two
policies; `replay_tickets` yields each ticket's outcome. A `PolicyHistory` holds the
versions of a policy, each in force from an instant; replay and compare take one
wherever they take a policy and judge each ticket wholly by the version in force
at its start. A bad record fails
alone and is counted, never dropped. `statistics` folds a replay into the
supervisor's FLOW-9 figures (counts, cycle times, satisfaction, reopen and
first-contact rates, SLA breaches by any ticket dimension), a mergeable
`Flow9Statistics` read by `StatisticsSettings`.

Examples:
    >>> import complaintflow as cf
    >>> a = cf.default_policy()
    >>> b = a.with_({"followup.window.within": "2 calendar days"})
    >>> [str(change) for change in a.diff(b)]
    ['follow-up window (FU-4): within 3 calendar days became within 2 calendar days']
"""

from complaintflow.policy._defaults import FORMAT_VERSION, default_data
from complaintflow.policy._definition import Policy, ReplaySettings, default
from complaintflow.policy._diff import PolicyChange
from complaintflow.policy._history import PolicyHistory, PolicyVersion
from complaintflow.policy._replay import compare, replay, replay_tickets
from complaintflow.policy._report import ReplayReport, TicketOutcome, Violation
from complaintflow.policy._schema import policy_json_schema
from complaintflow.policy._statistics import Flow9Statistics, statistics
from complaintflow.policy._stats_settings import (
    Satisfaction,
    StatisticsDimension,
    StatisticsSettings,
)

__all__ = [
    "FORMAT_VERSION",
    "Flow9Statistics",
    "Policy",
    "PolicyChange",
    "PolicyHistory",
    "PolicyVersion",
    "ReplayReport",
    "ReplaySettings",
    "Satisfaction",
    "StatisticsDimension",
    "StatisticsSettings",
    "TicketOutcome",
    "Violation",
    "compare",
    "default",
    "default_data",
    "policy_json_schema",
    "replay",
    "replay_tickets",
    "statistics",
]
