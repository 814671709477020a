"""The FLOW-9 statistics settings refuse every bad value with its path and a reason.

Each row is one bad piece of plain data (or one bad constructor argument) and the
problem it must give; a row that stops being refused, or is refused under another
path, fails. The good forms round-trip through ``to_dict``.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.policy import StatisticsSettings
from complaintflow.policy._stats_settings import (
    MAX_NAMES,
    MAX_SEGMENTS_LIMIT,
    OPENED_UNITS,
    Satisfaction,
    StatisticsDimension,
    validate_names,
)
from problems import assert_problem

TOO_MANY = [f"e{i}" for i in range(MAX_NAMES + 1)]

#: (plain data, path of the problem, words of its text)
BAD_DATA: list[tuple[Any, str, str]] = [
    ({"dimensions": []}, "dimensions", "is not a table of dimensions"),
    ({"dimensions": {f"d{i}": {"field": "x"} for i in range(MAX_NAMES + 1)}},
     "dimensions", f"use at most {MAX_NAMES}"),
    ({"dimensions": {"": {"field": "x"}}}, "dimensions.", "is not a non-empty string"),
    ({"dimensions": {"a": {}}}, "dimensions.a", "has no source"),
    ({"dimensions": {"a": {"field": "x", "size": 1}}}, "dimensions.a.size", "unknown key"),
    ({"dimensions": {"a": {"opened": "hour"}}}, "dimensions.a.opened", "'hour' is not a unit"),
    ({"dimensions": {"a": {"events": ["x"]}}}, "dimensions.a.payload", "missing"),
    ({"dimensions": {"a": {"events": "x", "payload": "p"}}},
     "dimensions.a.events", "is not a list of names"),
    ({"dimensions": {"a": {"events": TOO_MANY, "payload": "p"}}},
     "dimensions.a.events", f"use at most {MAX_NAMES}"),
    ({"dimensions": {"a": {"events": ["x", ""], "payload": "p"}}},
     "dimensions.a.events[1]", "is not a non-empty string"),
    ({"dimensions": {"a": {"events": ["x"], "payload": "p", "pick": "middle"}}},
     "dimensions.a.pick", "'middle' is not first or last"),
    ({"resolved_events": "close"}, "resolved_events", "is not a list of names"),
    ({"reopen_events": [3]}, "reopen_events[0]", "3 is not a non-empty string"),
    ({"handoff_events": TOO_MANY}, "handoff_events", f"use at most {MAX_NAMES}"),
    ({"satisfaction": ["ok"]}, "satisfaction", "is not a table"),
    ({"satisfaction": {"scale": 5}}, "satisfaction.scale", "unknown key"),
    ({"satisfaction": {"payload": ""}}, "satisfaction.payload", "is not a non-empty string"),
    ({"satisfaction": {"levels": ["ok", "ok"], "satisfied": ["ok"], "unrated": []}},
     "satisfaction.levels", "repeats a level"),
    ({"satisfaction": {"levels": ["ok", "bad"], "satisfied": ["ok"], "unrated": ["ok"]}},
     "satisfaction.unrated", "shares a level with satisfied"),
    ({"percentiles": []}, "percentiles", "is not a list of 1 to"),
    ({"percentiles": "50"}, "percentiles", "is not a list of 1 to"),
    ({"percentiles": [50, True]}, "percentiles", "are not whole numbers from 1 to 100"),
    ({"percentiles": [50, 50]}, "percentiles", "repeats a percentile"),
    ({"timezone": "Mars/Base"}, "timezone", "Mars/Base"),
    ({"max_segments": MAX_SEGMENTS_LIMIT + 1}, "max_segments", "is not a whole number from 1"),
    ({"max_segments": 2.0}, "max_segments", "is not a whole number from 1"),
    ({"what": 1}, "what", "unknown key"),
]  # fmt: skip


@pytest.mark.parametrize(("data", "path", "words"), BAD_DATA)
def test_bad_plain_data_is_refused_at_its_path(data: Any, path: str, words: str) -> None:
    with pytest.raises(cf.ValidationError) as e:
        StatisticsSettings.from_dict(data)
    assert_problem(e.value, path, words)


def test_settings_that_are_no_table_are_refused() -> None:
    with pytest.raises(cf.ValidationError) as e:
        StatisticsSettings.from_dict(["dimensions"])  # type: ignore[arg-type]
    assert [""] == [p.path for p in e.value.problems]


def test_every_problem_of_one_table_is_reported_at_once() -> None:
    data: dict[str, Any] = {}
    for row, _, _ in BAD_DATA[-6:]:
        data.update(row)
    with pytest.raises(cf.ValidationError) as e:
        StatisticsSettings.from_dict(data)
    assert {"percentiles", "timezone", "max_segments", "what"} == {p.path for p in e.value.problems}


#: (constructor, keyword arguments, path of the problem)
BAD_VALUES: list[tuple[type, dict[str, Any], str]] = [
    (StatisticsDimension, {"name": "a"}, "field"),
    (StatisticsDimension, {"name": "a", "field": "x", "opened": "day"}, "field + opened"),
    (StatisticsDimension, {"name": "a", "events": ("x",)}, "a.payload"),
    (StatisticsDimension, {"name": "a", "field": "x", "payload": "p"}, "a.payload"),
    (StatisticsDimension, {"name": "a", "events": ("x", "")}, "events[1]"),
    (StatisticsDimension, {"name": "a", "events": tuple(TOO_MANY), "payload": "p"}, "events"),
    (Satisfaction, {"levels": ("ok", "ok")}, "levels"),
    (Satisfaction, {"satisfied": ("great",)}, "satisfied"),
    (Satisfaction, {"unrated": ("great",)}, "unrated"),
    (Satisfaction, {"unrated": ("satisfied",)}, "unrated"),
    (StatisticsSettings, {"dimensions": (StatisticsDimension("a", field="x"),) * 2},
     "dimensions[1]"),
    (StatisticsSettings, {"dimensions": tuple(StatisticsDimension(f"d{i}", field="x")
                                              for i in range(MAX_NAMES + 1))}, "dimensions"),
    (StatisticsSettings, {"max_segments": MAX_SEGMENTS_LIMIT + 1}, "max_segments"),
]  # fmt: skip


@pytest.mark.parametrize(("cls", "kwargs", "path"), BAD_VALUES)
def test_bad_values_are_refused_by_the_constructors(
    cls: type, kwargs: dict[str, Any], path: str
) -> None:
    if cls is Satisfaction:
        base = StatisticsSettings().satisfaction
        kwargs = {
            "events": base.events, "payload": base.payload, "levels": base.levels,
            "satisfied": base.satisfied, "unrated": base.unrated, **kwargs,
        }  # fmt: skip
    with pytest.raises(cf.ValidationError) as e:
        cls(**kwargs)
    assert path in [p.path for p in e.value.problems]


def test_only_dimension_names_are_accepted_as_names() -> None:
    s = StatisticsSettings.from_dict({"dimensions": {"type": {"field": "category"}}})
    validate_names(["type"], s)
    with pytest.raises(cf.ValidationError) as e:
        validate_names(["type", "channel"], s)
    assert "channel" in str(e.value)


NAMES = st.text("abcxyz_", min_size=1, max_size=6)


@st.composite
def dimensions(draw: st.DrawFn) -> dict[str, Any]:
    kind = draw(st.sampled_from(["field", "events", "opened"]))
    if kind == "field":
        return {"field": draw(NAMES)}
    if kind == "opened":
        return {"opened": draw(st.sampled_from(OPENED_UNITS))}
    return {
        "events": draw(st.lists(NAMES, min_size=1, max_size=3)),
        "payload": draw(NAMES),
        "pick": draw(st.sampled_from(["first", "last"])),
    }


@given(
    st.dictionaries(NAMES, dimensions(), max_size=4),
    st.lists(st.integers(1, 100), min_size=1, max_size=4, unique=True),
    st.integers(1, MAX_SEGMENTS_LIMIT),
)
def test_good_plain_data_round_trips(
    dims: dict[str, Any], percentiles: list[int], max_segments: int
) -> None:
    data = {"dimensions": dims, "percentiles": percentiles, "max_segments": max_segments}
    s = StatisticsSettings.from_dict(data)
    assert list(dims) == list(s.names)
    assert s == StatisticsSettings.from_dict(s.to_dict())
    assert tuple(percentiles) == s.percentiles
