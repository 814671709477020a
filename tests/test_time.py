"""Instants at the edges: wrong types and bad texts are refused with typed errors."""

from __future__ import annotations

import pytest

import complaintflow as cf
from complaintflow._time import _zone, require_aware
from complaintflow.errors import TimestampError, UnknownTimezoneError, WrongTypeError


def test_a_value_that_is_not_a_datetime_is_a_wrong_type() -> None:
    with pytest.raises(TypeError) as info:
        require_aware("2026-11-23T09:00:00+08:00", "start")
    assert WrongTypeError is type(info.value)
    assert ("start", "2026-11-23T09:00:00+08:00") == (info.value.field, info.value.value)
    expected = "start: expected a timezone-aware datetime, got str '2026-11-23T09:00:00+08:00'"
    assert expected == str(info.value)


def test_parse_instant_refuses_what_is_not_a_string_or_datetime() -> None:
    with pytest.raises(TypeError) as info:
        cf.parse_instant(20261123, "opened")
    assert WrongTypeError is type(info.value)
    assert ("opened", 20261123) == (info.value.field, info.value.value)
    assert "opened: expected an ISO 8601 string or an aware datetime, got int 20261123" == str(
        info.value
    )


def test_parse_instant_refuses_text_that_is_not_iso_8601() -> None:
    with pytest.raises(TimestampError) as info:
        cf.parse_instant("yesterday")
    assert isinstance(info.value, ValueError)
    assert ("at", "yesterday") == (info.value.field, info.value.value)
    expected = "at: 'yesterday' is not an ISO 8601 timestamp; use e.g. '2026-11-23T09:30:00+08:00'"
    assert expected == str(info.value)


def test_a_fixed_offset_is_not_a_zone() -> None:
    with pytest.raises(UnknownTimezoneError, match="28800 is a fixed UTC offset; use an IANA name"):
        _zone(28800)  # type: ignore[arg-type]
