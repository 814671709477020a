"""The converter's refusals and rarer forms, each with its message and path.

``test_data.py`` round-trips every reachable value; here each leaf, collection and
document hook of ``data/_convert.py`` meets the data it must refuse (a zone that is
not the offset's, an impossible date, a timedelta too long to hold, a key that is no
string, a list too long) and the forms only some values take (condition pairs given
as a list or with a repeated name, a calendar duration of days and time).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
import pytest

import complaintflow as cf
from complaintflow import followup, rules, sla, staffing, workflows
from complaintflow.data import MAX_ITEMS, from_data, json_schema, to_data
from complaintflow.errors import UnknownNameError, ValidationError, WrongTypeError
from ctor_examples import example


def _problems(cls: type[Any], data: object) -> list[tuple[str, str]]:
    with pytest.raises(ValidationError) as info:
        from_data(cls, data)
    return [(p.path, p.message) for p in info.value.problems]


def _attempt(at: object) -> dict[str, object]:
    return {"at": at, "channel": "phone", "number": "138", "outcome": "failed"}


def test_an_instant_in_brackets_names_a_known_zone_whose_offset_it_has() -> None:
    back = from_data(followup.Attempt, _attempt("2026-03-02T09:00:00+08:00[Asia/Shanghai]"))
    assert back.at.utcoffset() == dt.timedelta(hours=8)
    assert to_data(back)["at"] == "2026-03-02T09:00:00+08:00[Asia/Shanghai]"  # type: ignore[index]
    [(path, message)] = _problems(
        followup.Attempt, _attempt("2026-03-02T09:00:00+08:00[Mars/Base]")
    )
    assert path == "at"
    assert "Mars/Base" in message
    [(path, message)] = _problems(
        followup.Attempt, _attempt("2026-03-02T09:00:00+09:00[Asia/Shanghai]")
    )
    assert (path, message) == (
        "at",
        "'2026-03-02T09:00:00+09:00[Asia/Shanghai]': the offset is not Asia/Shanghai's at "
        "that time",
    )


def test_a_date_is_a_real_day_in_iso_8601() -> None:
    good = from_data(followup.Campaign, {"name": "Telecom Day", "dates": ["2026-05-17"]})
    assert good.dates == frozenset({dt.date(2026, 5, 17)})
    problems = _problems(followup.Campaign, {"name": "x", "dates": ["2026-02-30", "2026-5-17"]})
    assert problems == [
        ("dates[0]", "'2026-02-30' is not an ISO 8601 date"),
        ("dates[1]", "'2026-5-17' is not an ISO 8601 date"),
    ]


def test_a_timedelta_too_long_for_python_is_refused_not_raised() -> None:
    data = to_data(example(staffing.Workload))
    assert isinstance(data, dict)
    problems = _problems(staffing.Workload, {**data, "interval": "P999999999DT999999H"})
    assert problems == [
        ("interval", "'P999999999DT999999H' is longer than a timedelta can hold"),
    ]


def test_a_mapping_field_refuses_a_list_a_key_that_is_no_string_and_a_wrong_value() -> None:
    base = {"kind": "notify", "rule": "FLOW-12"}
    assert from_data(workflows.EffectSpec, {**base, "each": {"ticket": "linked"}}).each == {
        "ticket": "linked"
    }
    assert _problems(workflows.EffectSpec, {**base, "each": ["linked"]}) == [
        ("each", "['linked'] is not an object")
    ]
    assert _problems(workflows.EffectSpec, {**base, "each": {1: "linked", "b": 2}}) == [
        ("each", "key 1 is not a string"),
        ("each.b", "2 is not a string"),
    ]


def test_a_json_value_refuses_nan() -> None:
    problems = _problems(workflows.Condition, {"field": "f", "op": "==", "value": float("nan")})
    assert problems == [("value", "nan is not JSON-compatible")]


def test_a_list_longer_than_the_limit_is_refused_before_its_items_are_read() -> None:
    data = to_data(example(followup.Agent))
    assert isinstance(data, dict)
    problems = _problems(followup.Agent, {**data, "skills": [None] * (MAX_ITEMS + 1)})
    assert problems == [("skills", f"a list of {MAX_ITEMS + 1} items is too long")]


def test_condition_pairs_come_back_from_an_object_or_a_list_and_keep_a_repeated_name() -> None:
    once = sla.SlaOverride("reply", {"tier": ["vip"]})
    assert to_data(once)["when"] == {"tier": ["vip"]}  # type: ignore[index]
    listed = {"target": "reply", "when": [["tier", ["vip"]]]}
    assert from_data(sla.SlaOverride, listed) == once
    twice = sla.SlaOverride("reply", [("tier", ("vip",)), ("tier", ("gold",))])
    data = to_data(twice)
    assert data["when"] == [["tier", ["gold"]], ["tier", ["vip"]]]  # type: ignore[index]
    assert from_data(sla.SlaOverride, data) == twice


def test_null_is_refused_where_a_union_does_not_allow_it() -> None:
    data = to_data(example(sla.SlaTarget))
    assert isinstance(data, dict)
    assert ("start[0]", "null is not allowed here") in _problems(
        sla.SlaTarget, {**data, "start": [None]}
    )


def test_a_wrong_value_for_a_nullable_union_names_every_choice() -> None:
    data = to_data(example(followup.NextAllowed))
    assert isinstance(data, dict)
    [(path, message)] = _problems(followup.NextAllowed, {**data, "at": 3})
    assert path == "at"
    assert message.startswith("3 is not ")
    assert message.endswith(" or null")


def test_an_effect_lists_each_wrong_field() -> None:
    effect = example(workflows.Effect)
    assert from_data(workflows.Effect, to_data(effect)) == effect
    problems = _problems(
        workflows.Effect,
        {"kind": 1, "rule": "IN-3", "ticket_id": "T1", "at": "2026-03-02T09:00:00+08:00",
         "payload": [1], "extra": 0},
    )  # fmt: skip
    assert problems == [
        ("extra", "unknown key 'extra'"),
        ("kind", "1 is not a string"),
        ("payload", "[1] is not a JSON object"),
    ]


def test_a_calendar_duration_of_days_and_time_round_trips_as_an_object() -> None:
    both = cf.Duration.calendar(days=1, hours=2)
    data = to_data(both)
    assert data == {"kind": "calendar", "days": 1, "micros": 7_200_000_000}
    assert from_data(cf.Duration, data) == both
    with pytest.raises(ValidationError, match="is not a duration"):
        from_data(cf.Duration, {**data, "kind": "business time"})


def test_a_field_typed_object_holding_a_library_value_is_written_in_its_data_form() -> None:
    report = attrs.evolve(example(sla.SlaReport), ticket=dt.date(2026, 3, 2))
    assert to_data(report)["ticket"] == "2026-03-02"  # type: ignore[index]


def test_a_value_nested_deeper_than_json_allows_is_refused_when_written() -> None:
    deep: object = 1
    for _ in range(40):
        deep = [deep]
    value = attrs.evolve(rules.defaults()[0].default, value=deep)
    with pytest.raises(WrongTypeError, match="nested deeper than 32 levels"):
        to_data(value)


def test_a_list_of_values_is_written_item_by_item() -> None:
    spans = [cf.Duration.parse("2 business days"), cf.Duration.parse("3 calendar days")]
    assert to_data(spans) == ["2 business days", "3 calendar days"]


def test_json_schema_names_what_it_does_not_know() -> None:
    with pytest.raises(UnknownNameError) as info:
        json_schema("decisions")
    assert info.value.field == "what"
    assert "decision" in info.value.known
    with pytest.raises(WrongTypeError, match="neither a schema name nor a value type"):
        json_schema(3)  # type: ignore[arg-type]
