"""The published JSON Schemas agree with the converter and the parsers, and the docs are current.

What the library writes validates against the schema of its type; what the parser
refuses for its shape (a wrong type at a leaf, an unknown key, a missing key) the
schema refuses too. The ticket-record schema is checked against replay's reader
the same way: every synthetic record validates, and a record replay cannot read
for its shape is refused by the schema.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import pathlib
from typing import Any

import attrs
import hypothesis.strategies as st
import jsonschema
import pendulum
import pytest
from hypothesis import HealthCheck, assume, given, settings

import complaintflow as cf
from strategies import value_paths
from test_data import ROOTS, public_value_types, reachable

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
START = pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai")
TICKETS = list(cf.synthetic.generate_tickets(300, seed=5, start=START, days=3))


def validator(what: str | type) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(cf.data.json_schema(what))


@pytest.mark.parametrize("name", cf.data.SCHEMA_NAMES)
def test_each_schema_is_valid_with_a_stable_id(name: str) -> None:
    schema = cf.data.json_schema(name)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert f"https://complaintflow.readthedocs.io/schema/{name}/v1.json" == schema["$id"]
    assert "invalid" not in json.dumps(schema)


def test_every_public_value_type_has_a_schema() -> None:
    for t in public_value_types():
        if attrs.has(t):
            jsonschema.Draft202012Validator.check_schema(cf.data.json_schema(t))


@pytest.mark.parametrize("root", sorted(ROOTS))
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_what_the_library_writes_validates(root: str, data: st.DataObject) -> None:
    seen: dict[type, list[object]] = {}
    reachable(data.draw(ROOTS[root]), seen)
    for t, values in seen.items():
        if not attrs.has(t):
            continue
        v = validator(t)
        for value in values[:5]:
            assert [] == [e.message for e in v.iter_errors(cf.to_data(value))], t


def _at(doc: Any, path: tuple[Any, ...]) -> Any:
    for key in path[:-1]:
        doc = doc[key]
    return doc


#: Documents whose schema checks only their outline (the policy schema's workflows):
#: their parser checks the rest, with every problem named.
SHALLOW = {cf.workflows.WorkflowDefinition, cf.Policy, cf.policy.PolicyHistory}

#: Replacements for a leaf that change its JSON type.
_OTHER_TYPE = {str: 12, int: "12", float: "1.5", bool: 1, type(None): [], list: "x", dict: "x"}


@pytest.mark.parametrize("root", ["replay", "followup", "plan", "scripts", "staffing"])
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_shape_the_parser_refuses_the_schema_refuses(root: str, data: st.DataObject) -> None:
    seen: dict[type, list[object]] = {}
    reachable(data.draw(ROOTS[root]), seen)
    types = sorted(
        (t for t in seen if attrs.has(t) and t not in SHALLOW), key=lambda t: t.__qualname__
    )
    t = data.draw(st.sampled_from(types))
    doc = cf.to_data(data.draw(st.sampled_from(seen[t])))
    leaves = value_paths(doc)
    how = data.draw(st.sampled_from(["retype", "unknown key", "drop key"]))
    broken = copy.deepcopy(doc)
    if how == "unknown key":
        objects = [p for p in [(), *leaves] if isinstance(_at(broken, (*p, None)), dict)]
        assume(objects)  # a duration's text has no keys
        path = data.draw(st.sampled_from(objects))
        _at(broken, (*path, None))["no_such_key"] = 1
    elif leaves:
        path = data.draw(st.sampled_from(leaves))
        parent = _at(broken, path)
        if how == "drop key" and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = _OTHER_TYPE[type(parent[path[-1]])]
    try:
        cf.from_data(t, broken)
        refused = False
    except cf.ValidationError:
        refused = True
    schema_refuses = not validator(t).is_valid(broken)
    if schema_refuses:  # the schema is never stricter than the parser...
        assert refused, (t, how, broken)
    # ... and refuses what the parser refuses for its shape; a dropped key with a
    # default, a free-form payload or a constraint between values is the parser's.
    if refused and how in ("retype", "unknown key"):
        free = how == "retype" and any(k in ("payload", "data", "ticket", "value") for k in path)
        assert schema_refuses or free, (t, how, broken)


# -- the ticket record ------------------------------------------------------------------

RECORD = validator("ticket-record")


def test_every_synthetic_record_validates() -> None:
    for record in TICKETS:
        assert [] == [e.message for e in RECORD.iter_errors(record)]


def _read_failure(record: object) -> str | None:
    """The field replay names when it cannot read ``record``, or ``None``."""
    (outcome,) = cf.policy.replay_tickets([record], cf.default_policy(), now=START.add(days=400))
    return None if outcome.error is None else outcome.error.split(":", 1)[0]


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("ticket_id",), None),
        (("ticket_id",), 7),
        (("events",), "x"),
        (("events", 0, "name"), 3),
        (("events", 0, "at"), "2026-03-02T09:00:00"),
        (("events", 0, "at"), "yesterday"),
        (("events", 0, "payload"), [1]),
        (("tier",), 1),
        (("events", 0, "payload"), []),
        (("events", 0, "payload"), 0),
        (("events", 0, "payload"), ""),
        (("followups",), {"at": 1}),
        (("followups",), {}),
        (("followups",), 0),
        (("followups",), ""),
        (("followups", 0, "number"), 13800000000),
        (("followups", 0, "number"), 0),
        (("followups", 0, "number"), ""),
        (("followups", 0, "channel"), "pigeon"),
        (("followups", 0, "purpose"), "gossip"),
        (("followups", 0, "outcome"), "maybe"),
        (("followups", 0, "at"), 5),
        (("customer",), "c"),
        (("customer", "numbers"), [""]),
        (("customer", "opt_outs"), [{"at": "never"}]),
        (("customer", "timezone"), 8),
    ],
)
def test_a_record_replay_cannot_read_the_schema_refuses(
    path: tuple[Any, ...], value: object
) -> None:
    record = copy.deepcopy(next(r for r in TICKETS if r.get("followups") and r.get("customer")))
    record.setdefault("customer", {}).setdefault("numbers", ["13800000000"])
    node: Any = record
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert _read_failure(record) is not None
    assert not RECORD.is_valid(record)


# -- the docs ---------------------------------------------------------------------------


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_schemas", DOCS / "gen_schemas.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_published_schemas_and_their_page_are_current() -> None:
    files = _generator().render()
    stale = [str(p) for p, text in files.items() if not p.is_file() or p.read_text("utf-8") != text]
    assert [] == stale, "run python docs/gen_schemas.py"


def test_the_record_schema_lists_the_outcomes_replay_reads() -> None:
    from complaintflow.policy import _replay

    schema = cf.data.json_schema("ticket-record")
    followup = schema["properties"]["followups"]["anyOf"][0]["items"]  # type: ignore[index, call-overload]
    assert sorted(_replay._OUTCOMES) == sorted(followup["properties"]["outcome"]["enum"])


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("events", 0, "payload"), [], "events[0].payload"),
        (("events", 0, "payload"), 0, "events[0].payload"),
        (("followups",), {}, "followups"),
        (("followups",), "", "followups"),
        (("followups", 0, "number"), 13800000000, "followups[0].number"),
        (("followups", 0, "number"), "", "followups[0].number"),
    ],
)
def test_an_empty_or_falsy_value_is_refused_by_its_field_not_read_as_absent(
    path: tuple[Any, ...], value: object, field: str
) -> None:
    record = copy.deepcopy(next(r for r in TICKETS if r.get("followups") and r.get("customer")))
    node: Any = record
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    assert field == _read_failure(record)
    node[path[-1]] = None  # absent: read as no payload, no calls, no number
    assert _read_failure(record) is None
