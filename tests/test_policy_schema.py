"""The generated JSON Schema agrees with the parsers, and its docs are current."""

from __future__ import annotations

import copy
import importlib.util
import json
import pathlib
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest

import complaintflow as cf
from complaintflow.errors import ValidationError

DOCS = pathlib.Path(__file__).resolve().parent.parent / "docs"
SCHEMA = cf.policy.policy_json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"followup.window.within": "2 calendar days"},
        {"sla.targets[reply].within": "3 business days"},
        {"sla.targets[reply].within": "next business day by 16:00"},
        {"sla.targets[reply].within": "same business day by 17:00"},
        {"sla.targets[reply].within": "end of the 2nd business day"},
        {"sla.targets[reply].within": "due at event field promised_at"},
        {"sla.targets[reply].within": "due at ticket attribute promised_at"},
        {"calendars.office": {"timezone": "Asia/Shanghai", "hours": {"mon-fri": ["09:00-18:00"]},
                              "holidays": ["2026-10-01"], "workdays": ["2026-10-10"]}},
        {"followup.caps": [{"max_attempts": 2, "day": "local_date", "scope": "number"}]},
    ],
)  # fmt: skip
def test_policies_the_parser_accepts_validate(changes: dict[str, object]) -> None:
    data = cf.default_policy().with_(changes).to_dict() if changes else cf.policy.default_data()
    assert [] == [e.message for e in VALIDATOR.iter_errors(data)]


def _mutations() -> list[tuple[str, Callable[[dict[str, Any]], None]]]:
    def set_(path: list[Any], value: object) -> Callable[[dict[str, Any]], None]:
        def apply(d: dict[str, Any]) -> None:
            node = d
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value

        return apply

    return [
        ("unknown section", set_(["scirpts"], {})),
        ("format", set_(["format"], 2)),
        ("bad duration", set_(["sla", "targets", 2, "within"], "3 dayz")),
        ("bad due field", set_(["sla", "targets", 2, "within"], "due at event field 9x")),
        ("due field in a window", set_(["followup", "window", "within"], "due at event field x")),
        ("unknown target key", set_(["sla", "targets", 0, "withn"], "1 business hour")),
        ("bad interval", set_(["calendars", "office", "hours"], {"mon-fri": ["9-5"]})),
        ("bad day spec", set_(["calendars", "office", "hours"], {"someday": ["09:00-10:00"]})),
        ("unknown preset key", set_(["calendars", "hotline", "zone"], "UTC")),
        ("unknown cap key", set_(["followup", "caps", 0, "max"], 3)),
        ("bad cap day", set_(["followup", "caps", 0, "day"], "weekly")),
        ("unknown shipped", set_(["workflows", "complaint"], {"shipped": "complain"})),
        ("unknown pack", set_(["scripts", "zh_CN"], {"default": "zh_TW"})),
        ("unknown replay key", set_(["replay", "segments"], ["tier"])),
    ]


@pytest.mark.parametrize(("what", "mutate"), _mutations(), ids=[m[0] for m in _mutations()])
def test_shape_errors_are_caught_by_both(
    what: str, mutate: Callable[[dict[str, Any]], None]
) -> None:
    data = copy.deepcopy(cf.policy.default_data())
    mutate(data)
    assert list(VALIDATOR.iter_errors(data)), what
    with pytest.raises(ValidationError):
        cf.Policy.from_dict(data)


def test_the_schema_is_plain_json() -> None:
    assert SCHEMA == json.loads(json.dumps(SCHEMA))


def test_the_format_reference_is_generated_and_current() -> None:
    spec = importlib.util.spec_from_file_location(
        "gen_policy_format", DOCS / "gen_policy_format.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    page, schema = module.render()
    assert page == (DOCS / "policy-format.md").read_text(encoding="utf-8"), (
        "run python docs/gen_policy_format.py"
    )
    assert schema == (DOCS / "assets" / "policy.schema.json").read_text(encoding="utf-8")
