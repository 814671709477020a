"""JSON Schemas (draft 2020-12) of the documents other backends exchange with the library.

The schema of a value type is generated from the same type annotations the
converter of `complaintflow.data` reads, leaf by leaf in the same forms, so
the two cannot drift apart; the documents with their own parser (events,
snapshots, effects, calendars, workflows, policies, policy histories) have their schema written
once here or taken from the policy schema, and a test checks every schema
against the parser: what the library writes validates, and what the parser
refuses for its shape (a wrong type, an unknown or missing key) the schema
refuses too. Constraints between values (a deadline after its start, a workflow
the policy defines) are the parser's alone.
"""

from __future__ import annotations

import copy
import datetime as _dt
import enum
import typing
from collections.abc import Mapping
from typing import Any

import attrs
import pendulum

from complaintflow._errors import UnknownNameError, WrongTypeError, problem_text
from complaintflow._json import JSON
from complaintflow.calendars import BusinessCalendar, Duration
from complaintflow.calendars._internal import WITHIN_PATTERN
from complaintflow.data._convert import MAX_ITEMS, _is_json_type, _is_union, is_pairs
from complaintflow.followup import Channel, Decision, Plan, Purpose
from complaintflow.policy import (
    Policy,
    PolicyHistory,
    ReplayReport,
    TicketOutcome,
    policy_json_schema,
)
from complaintflow.scripts import Finding, ScriptReport, Turn
from complaintflow.sla import SlaCondition
from complaintflow.workflows import SNAPSHOT_SCHEMA, Effect, Event, Snapshot, WorkflowDefinition

__all__ = ["SCHEMA_NAMES", "SCHEMA_VERSION", "json_schema", "schema_id"]

#: The version of every published schema; a change that refuses what an earlier
#: version accepted gets a new version (and a new ``$id``).
SCHEMA_VERSION = 1
_BASE = "https://complaintflow.readthedocs.io/schema"

#: An instant as the converter writes it: ISO 8601 with its offset (seconds too, as
#: old zone offsets have them), then optionally the IANA zone in brackets (RFC 9557).
INSTANT_PATTERN = (
    r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
    r"(Z|[+-]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?)(\[[A-Za-z0-9_+\-/]{1,64}\])?$"
)
_PLAIN_INSTANT = INSTANT_PATTERN.replace(r"(\[[A-Za-z0-9_+\-/]{1,64}\])?", "")
_DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
#: A ``timedelta`` as the converter writes it (ISO 8601: days, hours, minutes, seconds).
TIMEDELTA_PATTERN = (
    r"^-?P(?=\d|T\d)(\d{1,9}D)?(T(?=\d)(\d{1,12}H)?(\d{1,14}M)?(\d{1,15}(\.\d{1,6})?S)?)?$"
)
_STRING = {"type": "string"}
_NAME = {"type": "string", "minLength": 1}
_OBJECT = {"type": "object"}
#: The contact outcomes replay reads in a record (``tests/test_schemas.py`` checks
#: them against replay's reader, which keeps its own table for speed).
_OUTCOMES = ("reached", "refused", "failed", "no_answer", "busy")


def _instant(zoned: bool = True) -> dict[str, Any]:
    return {"type": "string", "pattern": INSTANT_PATTERN if zoned else _PLAIN_INSTANT}


def _closed(properties: dict[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _event() -> dict[str, Any]:
    return _closed(
        {"name": _NAME, "at": _instant(zoned=False), "payload": _OBJECT}, ("name", "at")
    ) | {"description": "An event of a ticket's history (Event.to_dict)."}


def _snapshot() -> dict[str, Any]:
    count = {"type": "integer", "minimum": 0}
    return _closed(
        {
            "schema": {"const": SNAPSHOT_SCHEMA},
            "workflow": _NAME,
            "version": count,
            "ticket_id": _NAME,
            "state": _NAME,
            "data": _OBJECT,
            "steps": count,
            "last_at": {"anyOf": [_instant(zoned=False), {"type": "null"}]},
        },
        ("schema", "workflow", "version", "ticket_id", "state", "data", "steps"),
    ) | {"description": "The state of one ticket in one workflow (Snapshot.to_dict)."}


def _effect() -> dict[str, Any]:
    return _closed(
        {
            "kind": _STRING,
            "rule": _STRING,
            "ticket_id": _STRING,
            "at": _instant(zoned=False),
            "payload": _OBJECT,
        },
        ("kind", "rule", "ticket_id", "at"),
    )


def _policy_part(*path: str) -> dict[str, Any]:
    node: Any = policy_json_schema()
    for key in path:
        node = node[key]
    return typing.cast(dict[str, Any], node)


def _policy() -> dict[str, Any]:
    schema = dict(policy_json_schema())
    for key in ("$schema", "$id"):
        schema.pop(key)
    return schema


def _policy_history() -> dict[str, Any]:
    """A policy history (`PolicyHistory.to_dict`): the policy format's sections
    inside each of its versions, with the instant the version took effect."""
    policy = _policy()
    sections = {k: v for k, v in policy["properties"].items() if k != "format"}
    version = _closed(
        {
            "effective_from": _instant(zoned=False)
            | {"description": "when the version took effect, with its UTC offset"},
            "changes": {
                "type": "object",
                "description": "dotted paths to values, applied to the version before "
                "(Policy.with_); instead of the policy's sections",
            },
            **sections,
        },
        ("effective_from",),
    )
    return _closed(
        {
            "format": policy["properties"]["format"],
            "name": _STRING,
            "versions": {
                "type": "array",
                "items": version,
                "minItems": 1,
                "maxItems": PolicyHistory.MAX_VERSIONS,
            },
        },
        ("format", "versions"),
    ) | {
        "description": "The versions of a policy, each in force from its effective_from "
        "(PolicyHistory.to_dict)."
    }


#: The documents that keep their own data form, by type: their schema.
_DOCUMENTED: dict[type, Any] = {
    Event: _event,
    Snapshot: _snapshot,
    Effect: _effect,
    BusinessCalendar: lambda: _policy_part("properties", "calendars", "additionalProperties"),
    WorkflowDefinition: lambda: _policy_part("properties", "workflows", "additionalProperties"),
    Policy: _policy,
    PolicyHistory: _policy_history,
    SlaCondition: lambda: _policy_part(
        "properties", "sla", "properties", "targets", "items", "properties", "stop", "items"
    )["oneOf"][1]["properties"]["when"],
}


class _Builder:
    """The schema of a type, with one ``$defs`` entry per attrs class it holds."""

    def __init__(self) -> None:
        self.defs: dict[str, Any] = {}

    def of(self, t: Any) -> dict[str, Any]:
        if t is str:
            return dict(_STRING)
        if t is bool:
            return {"type": "boolean"}
        if t is int:
            return {"type": "integer"}
        if t is float:
            return {"type": "number"}
        if t is type(None):
            return {"type": "null"}
        if t is object or _is_json_type(t):
            return {}
        if t in (_dt.datetime, pendulum.DateTime):
            return _instant()
        if t is _dt.date:
            return {"type": "string", "pattern": _DATE_PATTERN}
        if t is _dt.timedelta:
            return {"type": "string", "pattern": TIMEDELTA_PATTERN}
        if t is Duration:
            return {
                "anyOf": [
                    {"type": "string", "pattern": WITHIN_PATTERN},
                    _closed(
                        {
                            "kind": {"const": "calendar"},
                            "days": {"type": "integer"},
                            "micros": {"type": "integer"},
                        },
                        ("kind", "days", "micros"),
                    ),
                ]
            }
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return {"enum": [m.value for m in t]}
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin is typing.Literal:
            return {"enum": list(args)}
        if _is_union(t):
            return {"anyOf": [self.of(a) for a in args]}
        if is_pairs(t):
            value = self.of(typing.get_args(args[0])[1])
            return {
                "anyOf": [
                    {"type": "object", "additionalProperties": value},
                    {"type": "array", "items": self.of(args[0]), "maxItems": MAX_ITEMS},
                ]
            }
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            return {"type": "array", "items": self.of(args[0]), "maxItems": MAX_ITEMS}
        if origin is tuple:
            return {
                "type": "array",
                "prefixItems": [self.of(a) for a in args],
                "items": False,
                "minItems": len(args),
            }
        if origin in (frozenset, set, typing.AbstractSet):
            return {
                "type": "array",
                "items": self.of(args[0]),
                "uniqueItems": True,
                "maxItems": MAX_ITEMS,
            }
        if origin in (dict, Mapping):
            return {"type": "object", "additionalProperties": self.of(args[1]) if args else {}}
        if isinstance(t, type) and attrs.has(t):
            return self.ref(t)
        raise WrongTypeError(f"no JSON Schema for {problem_text(t)}", value=t)

    def ref(self, cls: type) -> dict[str, Any]:
        name = cls.__name__
        if name not in self.defs:
            self.defs[name] = {}  # placeholder: a class may hold itself
            documented = _DOCUMENTED.get(cls)
            self.defs[name] = documented() if documented else self.attrs_class(cls)
        return {"$ref": f"#/$defs/{name}"}

    def attrs_class(self, cls: type) -> dict[str, Any]:
        attrs.resolve_types(cls)
        fields = [a for a in attrs.fields(cls) if a.init]
        schema = _closed(
            {a.alias: self.of(a.type) for a in fields},
            tuple(a.alias for a in fields if a.default is attrs.NOTHING),
        )
        doc = (cls.__doc__ or "").strip().split("\n", 1)[0]
        return {"title": cls.__name__, "description": doc, **schema} if doc else schema


def _optional(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _ticket_record() -> dict[str, Any]:
    """The ticket record replay reads (``replay_tickets``): its keys and their shapes.

    Records are a host's export, so keys replay does not read are allowed; replay
    reads the policy's ``replay.attributes`` (by default ``tier``, ``category``,
    ``channel``, ``priority``) and the attributes that select SLA calendars as
    strings, and ``calendar`` as a calendar name of the SLA policy.
    """
    channels = {"enum": [c.value for c in Channel]}
    purposes = {"enum": [p.value for p in Purpose]}
    event = {
        "type": "object",
        "properties": {
            "name": _STRING,
            "at": _instant(zoned=False),
            "payload": _optional(_OBJECT),
        },
        "required": ["name", "at"],
    }
    followup = {
        "type": "object",
        "properties": {
            "at": _instant(zoned=False),
            "channel": channels,
            "purpose": purposes,
            "outcome": {"enum": list(_OUTCOMES)},
            "number": _optional(_NAME),
        },
        "required": ["at"],
    }
    opt_out = {
        "type": "object",
        "properties": {
            "at": _instant(zoned=False),
            "channel": _optional(channels),
            "purpose": _optional(purposes),
        },
        "required": ["at"],
    }
    customer = {
        "type": "object",
        "properties": {
            "id": _optional(_STRING),
            "timezone": _optional(_STRING),
            "numbers": _optional({"type": "array", "items": _NAME}),
            "opt_outs": _optional({"type": "array", "items": opt_out}),
        },
    }
    attribute = _optional(_STRING)
    return {
        "type": "object",
        "description": "A ticket record, the input of replay (one JSON object per line "
        "of a JSONL file): the ticket's events and follow-up calls as exported.",
        "properties": {
            "ticket_id": _NAME,
            "workflow": _NAME | {"description": "A workflow of the policy."},
            "events": {"type": "array", "items": event},
            "tier": attribute,
            "category": attribute,
            "channel": attribute,
            "priority": attribute,
            "calendar": _optional(_STRING)
            | {
                "description": "The ticket's own calendar: the name of one of the SLA "
                "policy's calendars, for the targets that select theirs per ticket."
            },
            "customer": _optional(customer),
            "followups": _optional({"type": "array", "items": followup}),
        },
        "required": ["ticket_id", "workflow", "events"],
    }


#: The published schemas: name to the value type (or the document) each describes.
_PUBLISHED: dict[str, Any] = {
    "decision": Decision,
    "event": Event,
    "finding": Finding,
    "plan": Plan,
    "policy": Policy,  # policy_json_schema(), at its own $id
    "policy-history": PolicyHistory,
    "replay-report": ReplayReport,
    "script-report": ScriptReport,
    "snapshot": Snapshot,
    "ticket-outcome": TicketOutcome,
    "ticket-record": _ticket_record,
    "transcript-turn": Turn,
}
#: The names of the published schemas, each at `schema_id`.
SCHEMA_NAMES = tuple(sorted(_PUBLISHED))
_TITLES = {"ticket-record": "complaintflow ticket record"}


def schema_id(name: str) -> str:
    """The stable ``$id`` of a published schema.

    Examples:
        >>> schema_id("decision")
        'https://complaintflow.readthedocs.io/schema/decision/v1.json'

    Raises:
        UnknownNameError: ``name`` is none of `SCHEMA_NAMES`.
    """
    if not isinstance(name, str) or name not in _PUBLISHED:
        raise UnknownNameError(
            f"name: {problem_text(name)} is not a schema name; known: {', '.join(SCHEMA_NAMES)}",
            field="name",
            value=name,
            known=SCHEMA_NAMES,
        )
    return f"{_BASE}/{name}/v{SCHEMA_VERSION}.json"


def json_schema(what: str | type) -> dict[str, JSON]:
    """The JSON Schema (draft 2020-12) of a published document or of any value type.

    Args:
        what: A name of `SCHEMA_NAMES` (``"ticket-record"``, ``"decision"``
            ...), or a public value type, whose schema describes what
            `complaintflow.data.to_data` writes for it.

    Raises:
        UnknownNameError: ``what`` is no published name.
        WrongTypeError: ``what`` is neither a name nor a value type.

    Examples:
        >>> import complaintflow as cf
        >>> s = cf.data.json_schema("decision")
        >>> s["$id"], s["$defs"]["Decision"]["required"][:2]
        ('https://complaintflow.readthedocs.io/schema/decision/v1.json', ['allowed', 'refusals'])
    """
    if isinstance(what, str):
        target = _PUBLISHED.get(what)
        if target is None:
            raise UnknownNameError(
                f"what: {problem_text(what)} is not a schema name; "
                f"known: {', '.join(SCHEMA_NAMES)}",
                field="what",
                value=what,
                known=SCHEMA_NAMES,
            )
        name = what
    elif isinstance(what, type) and attrs.has(what):
        target, name = what, what.__name__
    else:
        raise WrongTypeError(
            f"what: {problem_text(what)} is neither a schema name nor a value type",
            field="what",
            value=what,
        )
    if what == "policy":  # the policy format's own schema, versioned by the format
        return policy_json_schema()
    head: dict[str, Any] = {"$schema": "https://json-schema.org/draft/2020-12/schema"}
    if isinstance(what, str):
        head["$id"] = schema_id(name)
    head["x-schema-version"] = SCHEMA_VERSION
    if isinstance(target, type):
        builder = _Builder()
        root = builder.of(target)
        title = f"complaintflow {target.__name__}"
        body: dict[str, Any] = {"title": title, **root, "$defs": builder.defs}
    else:
        body = {"title": _TITLES.get(name, name), **target()}
    return typing.cast(dict[str, JSON], copy.deepcopy(head | body))
