"""Policy input errors: every problem at once, at its path, typed, and bounded."""

from __future__ import annotations

import threading

import pytest

import complaintflow as cf
from complaintflow._json import MAX_DEPTH
from complaintflow.errors import ValidationError, WrongTypeError

BASE = cf.default_policy()
HUGE = 10**5000  # too long for str(): a message must not try to print it


def problems(call: object) -> dict[str, str]:
    assert callable(call)
    with pytest.raises(ValidationError) as info:
        call()
    return {p.path: p.message for p in info.value.problems}


def test_data_that_is_not_a_table() -> None:
    assert {"": "42 is not a table"} == problems(lambda: cf.Policy.from_dict(42))  # type: ignore[arg-type]


def test_every_section_of_the_wrong_shape_at_once() -> None:
    found = problems(
        lambda: cf.Policy.from_dict(
            {
                "format": 1,
                "name": 3,
                "calendars": [],
                "workflows": "complaint",
                "sla": [],
                "followup": 5,
                "scripts": [],
                "replay": [],
            }
        )
    )
    assert {
        "name": "3 is not a string",
        "calendars": "[] is not a table",
        "workflows": "'complaint' is not a table",
        "sla": "[] is not a table",
        "followup": "5 is not a mapping",
        "scripts": "[] is not a table",
        "replay": "[] is not a table",
    } == found


def test_huge_numbers_are_reported_not_raised() -> None:
    """An int too long to print is a problem like any other, never a ValueError."""
    assert {"": "<an int of 16,610 bits> is not a table"} == problems(
        lambda: cf.Policy.from_dict(HUGE)  # type: ignore[arg-type]
    )
    found = problems(
        lambda: cf.Policy.from_dict(
            {"format": HUGE, "name": HUGE, "sla": HUGE, "replay": {"segment_by": HUGE}}
        )
    )
    assert {
        "format": "<an int of 16,610 bits> is not a policy format this library reads",
        "name": "<an int of 16,610 bits> is not a string",
        "sla": "<an int of 16,610 bits> is not a table",
        "replay.segment_by": "<an int of 16,610 bits> is not a list of names",
    } == found
    found = problems(lambda: cf.Policy.from_dict({"format": 1, "replay": {HUGE: 1}}))
    assert {"replay.<an int of 16,610 bits>": "key <an int of 16,610 bits> is not a string"} == (
        found
    )
    with pytest.raises(ValidationError, match="is not a dotted path"):
        BASE.with_({HUGE: 1})  # type: ignore[dict-item]


def test_data_nested_too_deeply_is_one_problem_where_it_is_read() -> None:
    """The depth limit is checked first; the section's own problem at the same place
    is reported, not a second one for every level inside it."""
    deep: object = "x"
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    found = problems(lambda: cf.Policy.from_dict({"format": 1, "replay": {"spare": deep}}))
    assert {"replay.spare": "unknown key"} == found
    found = problems(lambda: cf.Policy.from_dict({"format": 1, "name": deep}))
    assert ["name"] == list(found)


def test_a_shipped_name_that_does_not_exist() -> None:
    found = problems(
        lambda: cf.Policy.from_dict(
            {"format": 1, "workflows": {"w": {"default": "complain"}}, "scripts": {"x": 5}}
        )
    )
    assert "'complain' is not a shipped workflow" == found["workflows.w.default"]
    assert "5 is not a table" == found["scripts.x"]


def test_a_calendar_years_beyond_the_official_schedule() -> None:
    """A calendars error that is not a validation error is still a problem at its path."""
    found = problems(
        lambda: cf.Policy.from_dict(
            {"format": 1, "calendars": {"office": {"default": "china", "years": [1800]}}}
        )
    )
    assert "official schedule for [1800]" in found["calendars.office.years"]


def test_every_workflow_event_is_a_known_sla_kind_whatever_kinds_declares() -> None:
    data = cf.policy.default_data()
    data["sla"]["kinds"] = "call_transferred"  # one name, as the SLA part reads it
    p = cf.Policy.from_dict(data)
    events = {e for wf in p.workflows.values() for e in wf.events}
    assert events | {"call_transferred"} <= p.sla.known_kinds()
    data["sla"]["kinds"] = ["call_transferred"]
    assert p.sla.kinds == cf.Policy.from_dict(data).sla.kinds


def test_declared_sla_kinds_that_are_not_names_are_reported_not_converted() -> None:
    data = cf.policy.default_data()
    data["sla"]["kinds"] = [5, "call_transferred"]
    assert {"sla.kinds": "[5, 'call_transferred'] is not a list of names"} == problems(
        lambda: cf.Policy.from_dict(data)
    )


def test_replay_names_of_the_wrong_shape() -> None:
    found = problems(
        lambda: cf.Policy.from_dict(
            {"format": 1, "replay": {"segment_by": "tier", "attributes": ["tier", ""]}}
        )
    )
    assert {
        "replay.segment_by": "'tier' is not a list of names",
        "replay.attributes": "'' is not a name",
    } == found


def test_a_partial_replay_section_keeps_the_other_defaults() -> None:
    p = cf.Policy.from_dict({"format": 1, "replay": {"segment_by": ["tier"]}})
    assert ("tier",) == p.replay.segment_by
    assert BASE.replay.attributes == p.replay.attributes


# -- with_ --------------------------------------------------------------------------


def test_every_bad_path_at_once() -> None:
    found = problems(
        lambda: BASE.with_(
            {
                "sla..within": 1,
                "sla.targets[reply]x": 1,
                "name.first": 1,
                "followup.nope.x": 1,
                "followup.window[x].within": 1,
                "nope": 1,
                "replay.segment_by": threading.Lock(),
                3: 1,  # type: ignore[dict-item]
            }
        )
    )
    assert {
        "sla..within": "is not a dotted path",
        "sla.targets[reply]x": "is not a dotted path",
        "name.first": "'first' is inside a value that is not a table",
        "followup.nope.x": (
            "no key 'nope' here; known: campaigns, caps, fallback, horizon_days, hours, window"
        ),
        "followup.window[x].within": "'window' is not a list of named items",
        "nope": "no such section",
        "replay.segment_by": "cannot be copied (TypeError: cannot pickle '_thread.lock' object)",
        "3": "3 is not a dotted path (a string)",
    } == found


def test_with_fills_a_missing_section_from_the_defaults() -> None:
    bare = cf.Policy.from_dict({"format": 1})
    p = bare.with_({"followup.window.within": "2 calendar days"})
    assert "2 calendar days" == str(p.followup.window.within)
    assert BASE.followup.caps == p.followup.caps
    assert {"format", "followup"} == set(p.to_dict())


def test_with_replaces_a_named_item_whole() -> None:
    reply = {
        "name": "reply",
        "rule": "SLA-3",
        "within": "1 business day",
        "calendar": "office",
        "start": ["register"],
        "stop": ["notify"],
    }
    p = BASE.with_({"sla.targets[reply]": reply})
    assert ("1 business day", ("register",), ()) == (
        str(p.sla.target("reply").within),
        p.sla.target("reply").start,
        p.sla.target("reply").pause,
    )


def test_with_takes_only_a_mapping() -> None:
    with pytest.raises(WrongTypeError, match="changes: expected a mapping"):
        BASE.with_([("name", "x")])  # type: ignore[arg-type]


def test_a_policy_equals_only_policies() -> None:
    assert BASE != BASE.to_dict()
    assert BASE == cf.Policy.from_dict(BASE.to_dict())
