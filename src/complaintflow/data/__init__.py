"""Every value of the library as JSON-compatible plain data, and back.

Theory of operation
-------------------
`to_data` turns any public value (a decision, a plan, a replay report, an
SLA report, a snapshot, a policy ...) into plain data that ``json.dumps`` writes
as it is; `from_data` turns such data back into a value of a named type,
through the type's own constructor, so every check the library makes on its
values runs on data too. ``from_data(type(x), to_data(x)) == x`` for every public
value type, which a property test checks type by type.

The forms are the same everywhere (see ``docs/data.md``): instants are ISO 8601
text with their UTC offset, dates ``YYYY-MM-DD``, ``timedelta`` values ISO 8601
durations (``"PT20S"``), durations on a calendar their text (``"2 business
hours"``), enums their value, frozensets sorted lists, tuples lists; events,
snapshots, effects, calendars, workflows, policies and policy histories keep the
data form their ``to_dict`` documents.

`json_schema` gives the JSON Schema of each document other backends exchange
(`SCHEMA_NAMES`: the ticket record replay reads, events, snapshots, transcript
turns, and decisions, plans, findings, script reports, replay reports and ticket
outcomes), generated from the same annotations the converter reads, each at a
stable ``$id`` (`schema_id`) with `SCHEMA_VERSION`.

Bad data raises one `complaintflow.errors.ValidationError` listing every
problem with its path (``targets[0].within: ...``); types are checked exactly
(``"12"`` is no integer, ``1`` no boolean, a string no list).

Examples:
    >>> import datetime as dt, json
    >>> import complaintflow as cf
    >>> w = cf.staffing.Workload(110, dt.timedelta(hours=1), dt.timedelta(seconds=180))
    >>> data = cf.to_data(cf.staffing.required_agents(w))
    >>> data["agents"], data["figures"]["answer_within"]
    (9, 'PT15S')
    >>> cf.from_data(cf.staffing.StaffingRequirement, json.loads(json.dumps(data))).agents
    9
    >>> cf.from_data(cf.staffing.Workload, {"calls": "110", "interval": "1 hour"})
    ... # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    complaintflow.errors.ValidationError: 3 problems in Workload:
      - calls: '110' is not a finite number
      - interval: '1 hour' is not an ISO 8601 duration; use days, hours, ...
      - handle_time: missing; this key is required
"""

from complaintflow.data._convert import MAX_ITEMS, from_data, timedelta_text, to_data
from complaintflow.data._schema import SCHEMA_NAMES, SCHEMA_VERSION, json_schema, schema_id

__all__ = [
    "MAX_ITEMS",
    "SCHEMA_NAMES",
    "SCHEMA_VERSION",
    "from_data",
    "json_schema",
    "schema_id",
    "timedelta_text",
    "to_data",
]
