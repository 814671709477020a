"""The JSON Schema of the policy format, generated from the parsers' own constants.

Theory of operation
-------------------
Other backends and editors validate policy files with a JSON Schema; the library
validates them with its parsers. To keep the two from drifting, the schema is built
here from the constants the parsers use (their key lists, the duration grammar, the
shipped workflow and default pack names), and a test feeds the same documents to
both. The schema checks the *shape* (keys, types, spellings of durations and
intervals); the parsers also check meaning (overlaps, unknown calendars, guards).
"""

from __future__ import annotations

from typing import Any

from complaintflow._json import JSON
from complaintflow.calendars._internal import CALENDAR_KEYS, DURATION_PATTERN, WITHIN_PATTERN
from complaintflow.calendars._internal import DEFAULT_KEYS as _DEFAULT_KEYS
from complaintflow.followup import Purpose
from complaintflow.followup._internal import CAP_KEYS
from complaintflow.policy._defaults import FORMAT_VERSION
from complaintflow.policy._definition import REPLAY_KEYS, SECTIONS
from complaintflow.scripts import KINDS as RULE_KINDS
from complaintflow.scripts import MATCH_MODES
from complaintflow.scripts._defaults import DEFAULT_NAMES as PACK_NAMES
from complaintflow.sla._internal import CONDITION_COMBINATORS, CONDITION_OPERATORS, TRIGGER_KEYS
from complaintflow.sla._internal import OVERRIDE_KEYS as _OVERRIDE_KEYS
from complaintflow.sla._internal import POLICY_KEYS as _POLICY_KEYS
from complaintflow.sla._internal import TARGET_KEYS as _TARGET_KEYS
from complaintflow.workflows._defaults import DEFAULT_NAMES as WORKFLOW_NAMES

__all__ = ["policy_json_schema"]

_SCHEMA_ID = "https://complaintflow.readthedocs.io/schema/policy/v{version}.json"
_INTERVAL = r"^\d{1,2}:\d{2}(:\d{2})?-\d{1,2}:\d{2}(:\d{2})?$"
_DATE = r"^\d{4}-\d{2}-\d{2}$"
_DAY_SPEC = (
    r"^(daily|(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?"
    r"(,(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?)*)$"
)


def _strings(description: str, pattern: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"type": "string"}
    if pattern:
        item["pattern"] = pattern
    return {"type": "array", "items": item, "description": description}


def _duration(description: str) -> dict[str, Any]:
    # The parser lower-cases before matching; the schema accepts the canonical form.
    return {"type": "string", "pattern": DURATION_PATTERN.pattern, "description": description}


def _closed(properties: dict[str, Any], keys: tuple[str, ...] | list[str]) -> dict[str, Any]:
    """An object whose keys are exactly the parser's keys."""
    missing = [k for k in keys if k not in properties]
    for key in missing:
        properties[key] = {}
    return {
        "type": "object",
        "properties": {k: properties[k] for k in keys},
        "additionalProperties": False,
    }


_INTERVALS = _strings(
    "intervals 'HH:MM-HH:MM'; an end before the start crosses midnight", _INTERVAL
)
_HOURS = {
    "type": "object",
    "description": "day spec ('mon-fri', 'sat,sun', 'daily') to intervals",
    "propertyNames": {"pattern": _DAY_SPEC},
    "additionalProperties": _INTERVALS,
}


def _calendar_data() -> dict[str, Any]:
    return _closed(
        {
            "name": {"type": "string"},
            "timezone": {"type": "string", "description": "IANA zone, e.g. 'Asia/Shanghai'"},
            "hours": _HOURS,
            "holidays": _strings("closed dates 'YYYY-MM-DD'", _DATE),
            "workdays": _strings("make-up working days (调休) 'YYYY-MM-DD'", _DATE),
            "workday_hours": _INTERVALS,
            "special": {
                "type": "object",
                "propertyNames": {"pattern": _DATE},
                "additionalProperties": _INTERVALS,
            },
            "valid_from": {"type": "string", "pattern": _DATE},
            "valid_until": {"type": "string", "pattern": _DATE},
        },
        CALENDAR_KEYS,
    ) | {"required": ["timezone"]}


def _calendar_entry() -> dict[str, Any]:
    china = _closed(
        {
            "default": {"const": "china"},
            "years": {"type": "array", "items": {"type": "integer"}, "minItems": 1},
            "hours": _HOURS,
            "timezone": {"type": "string"},
            "workday_hours": _INTERVALS,
            "allow_unofficial": {"type": "boolean"},
        },
        _DEFAULT_KEYS["china"],
    ) | {"required": ["default", "years"]}
    always = _closed(
        {"default": {"const": "24x7"}, "timezone": {"type": "string"}}, _DEFAULT_KEYS["24x7"]
    ) | {"required": ["default"]}
    return {"oneOf": [_calendar_data(), china, always]}


_CONDITION_ID = "https://complaintflow.readthedocs.io/schema/sla-condition/v{version}.json"


def sla_condition_schema() -> dict[str, Any]:
    """The schema of an SLA condition: a leaf test or an all/any/not combination.

    Its own resource (``$id``), so that its recursive ``{"$ref": "#"}`` resolves
    wherever it is embedded.
    """
    value = {"type": ["string", "number", "boolean"]}
    numeric = ("lt", "le", "gt", "ge")
    tests: dict[str, dict[str, Any]] = {
        "eq": value,
        "in": {"type": "array", "items": value, "minItems": 1},
        **{op: {"type": "number"} for op in numeric},
        "present": {"type": "boolean"},
    }
    assert tuple(tests) == CONDITION_OPERATORS
    event = _closed(
        {"event": {"type": "string", "minLength": 1, "description": "an event payload field"},
         **tests},
        ("event", *CONDITION_OPERATORS),
    ) | {"required": ["event"], "minProperties": 2, "maxProperties": 2}  # fmt: skip
    string = {"type": "string"}
    ticket = _closed(
        {
            "ticket": {"type": "string", "minLength": 1, "description": "a ticket attribute"},
            "eq": string,
            "in": {"type": "array", "items": string, "minItems": 1},
            "present": {"type": "boolean"},
        },
        ("ticket", "eq", "in", "present"),
    ) | {"required": ["ticket"], "minProperties": 2, "maxProperties": 2}
    combined = []
    for op in CONDITION_COMBINATORS:
        inner = (
            {"$ref": "#"}
            if op == "not"
            else {"type": "array", "items": {"$ref": "#"}, "minItems": 1}
        )
        combined.append(_closed({op: inner}, (op,)) | {"required": [op]})
    return {
        "$id": _CONDITION_ID.format(version=FORMAT_VERSION),
        "description": "a test on an event payload field or a ticket attribute, "
        "or an all/any/not combination of tests",
        "oneOf": [event, ticket, *combined],
    }


def _sla() -> dict[str, Any]:
    escalation = _closed(
        {
            "level": {"type": "number", "exclusiveMinimum": 0},
            "effect": {"type": "string"},
            "rule": {"type": "string"},
        },
        ("level", "effect", "rule"),
    )
    condition = {
        "type": "object",
        "description": "attribute to allowed values, e.g. {tier = ['VIP']}",
        "additionalProperties": {
            "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]
        },
    }
    trigger = _closed(
        {"kind": {"type": "string"}, "when": sla_condition_schema()}, TRIGGER_KEYS
    ) | {"required": list(TRIGGER_KEYS)}

    def roles(description: str) -> dict[str, Any]:
        return {
            "type": "array",
            "items": {"oneOf": [{"type": "string"}, trigger]},
            "description": description
            + "; an item is a kind or {kind, when} (a conditional trigger)",
        }

    common = {
        "name": {"type": "string"},
        "rule": {"type": "string", "description": "the DOMAIN.md rule ID, e.g. 'SLA-3'"},
        "within": {
            "type": "string",
            "pattern": WITHIN_PATTERN,
            "description": "e.g. '2 business days', '8 business hours', '3 calendar days', "
            "'next business day by 16:00', 'end of the 2nd business day', "
            "'due at event field promised_at'",
        },
        "calendar": {"type": "string", "description": "a calendar name of the policy"},
        "start": roles("events that start the clock"),
        "stop": roles("events that stop it"),
        "pause": roles("events that pause it"),
        "resume": roles("events that resume it"),
        "reset": roles("events that start a new cycle"),
        "cancel": roles("events that cancel the cycle: neither met nor breached"),
        "warnings": {"type": "array", "items": {"type": "number"}},
        "escalations": {"type": "array", "items": escalation},
        "when": condition,
        "see_also": _strings("related rule IDs"),
        "new_cycle_on_start": {
            "type": "boolean",
            "description": "a start after the stop opens a new cycle (a reply owed again)",
        },
        "retroactive_start": {
            "oneOf": [{"type": "string"}, trigger],
            "description": "for a target with when that begins to apply mid-ticket: the "
            "event (kind or {kind, when}) whose latest occurrence it starts at",
        },
        "target": {"type": "string", "description": "the target an override changes"},
        "calendar_by": {
            "oneOf": [{"type": "string", "minLength": 1}, {"const": False}],
            "description": "the ticket attribute whose value names the target's calendar "
            "(one of the policy's calendars); false keeps the target's calendar",
        },
    }
    target = _closed(dict(common), _TARGET_KEYS) | {
        "required": ["name", "rule", "within", "calendar", "start", "stop"]
    }
    override = _closed(dict(common), _OVERRIDE_KEYS) | {"required": ["target", "when"]}
    return _closed(
        {
            "name": {"type": "string"},
            "targets": {"type": "array", "items": target},
            "overrides": {"type": "array", "items": override},
            "precedence": _strings("attributes, strongest first"),
            "kinds": _strings("further known event kinds"),
            "calendars": {"type": "object", "additionalProperties": _calendar_data()},
            "calendar_by": {
                "type": "string",
                "minLength": 1,
                "description": "the ticket attribute whose value names the calendar of every "
                "target without its own calendar_by",
            },
            "calendar_fallback": {
                "type": "boolean",
                "description": "a value naming no calendar keeps the target's calendar "
                "(else it is the ticket's error)",
            },
        },
        _POLICY_KEYS,
    )


def _followup() -> dict[str, Any]:
    hours_data = {
        "type": "object",
        "description": "calendar data without timezone (the customer's zone is used)",
    }
    cap = _closed(
        {
            "max_attempts": {"type": "integer", "minimum": 1},
            "per_days": {"type": "integer", "minimum": 1},
            "day": {"enum": ["rolling", "local_date"]},
            "min_gap": _duration("e.g. '2 calendar hours'"),
            "scope": {"enum": ["customer", "number"]},
            "channels": _strings("channels the cap counts"),
        },
        CAP_KEYS,
    )
    campaign = _closed(
        {
            "name": {"type": "string"},
            "dates": _strings("'MM-DD' every year or 'YYYY-MM-DD'"),
            "ranges": {"type": "array", "items": _strings("[first, last]", _DATE)},
        },
        ("name", "dates", "ranges"),
    )
    return _closed(
        {
            "hours": _closed({p.value: hours_data for p in Purpose}, [p.value for p in Purpose]),
            "window": _closed(
                {"within": _duration("e.g. '3 calendar days' (FU-4)"), "calendar": hours_data},
                ("within", "calendar"),
            ),
            "caps": {"type": "array", "items": cap},
            "fallback": _closed(
                {"sms_after_failed_calls": {"type": "integer", "minimum": 1}},
                ("sms_after_failed_calls",),
            ),
            "campaigns": {"type": "array", "items": campaign},
            "horizon_days": {"type": "integer", "minimum": 1},
        },
        ("hours", "window", "caps", "fallback", "campaigns", "horizon_days"),
    )


def policy_json_schema() -> dict[str, JSON]:
    """The JSON Schema (draft 2020-12) of the policy format, for other backends and editors.

    Examples:
        >>> schema = policy_json_schema()
        >>> schema["properties"]["format"]
        {'const': 1}
        >>> sorted(schema["properties"]) == sorted(SECTIONS)
        True
    """
    workflow = {
        "oneOf": [
            _closed({"default": {"enum": sorted(WORKFLOW_NAMES)}}, ("default",))
            | {"required": ["default"]},
            _closed(
                {
                    "name": {"type": "string"},
                    "version": {"type": ["integer", "string"]},
                    "initial": {"type": "string"},
                    "terminal": _strings("terminal states"),
                    "states": {"type": ["array", "object"]},
                    "events": {"type": ["array", "object"]},
                    "guards": {"type": "object"},
                    "transitions": {"type": "array", "items": {"type": "object"}},
                },
                (
                    "events",
                    "guards",
                    "initial",
                    "name",
                    "states",
                    "terminal",
                    "transitions",
                    "version",
                ),
            ),
        ]
    }
    pack = {
        "oneOf": [
            _closed({"default": {"enum": list(PACK_NAMES)}}, ("default",))
            | {"required": ["default"]},
            _closed(
                {
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "rules": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "string"},
                                "kind": {
                                    "enum": list(RULE_KINDS),
                                    "description": "the rule kind; the other keys are the "
                                    "fields of its class (docs/scripts.md)",
                                },
                                "match": {
                                    "enum": list(MATCH_MODES),
                                    "description": "how phrases sit in a turn "
                                    "(forbidden, conditional, proximity rules)",
                                },
                            },
                            "required": ["id", "kind"],
                        },
                    },
                },
                ("name", "description", "rules"),
            ),
        ]
    }
    replay = _closed({key: _strings(key.replace("_", " ")) for key in REPLAY_KEYS}, REPLAY_KEYS)
    body = _closed(
        {
            "format": {"const": FORMAT_VERSION},
            "name": {"type": "string"},
            "calendars": {"type": "object", "additionalProperties": _calendar_entry()},
            "sla": _sla(),
            "workflows": {"type": "object", "additionalProperties": workflow},
            "followup": _followup(),
            "scripts": {"type": "object", "additionalProperties": pack},
            "replay": replay,
        },
        SECTIONS,
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": _SCHEMA_ID.format(version=FORMAT_VERSION),
        "title": "complaintflow policy",
        "description": "A complaintflow policy: calendars, SLA targets, workflows, "
        "follow-up rules and script packs (see docs/policy.md).",
        **body,
        "required": ["format"],
    }
