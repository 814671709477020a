"""Adversarial Hypothesis strategies for the fuzz suite (``tests/fuzz/``).

The strategies of ``tests/strategies.py`` make *valid* inputs, to state properties;
these make inputs a broken export, a hostile caller or a typo would: values of every
type, instants anywhere in years 1 to 9999 and in any offset, numbers at the edges of
their types, and plain data with junk spliced in at any path.
"""

from __future__ import annotations

import copy
import datetime as dt
import decimal
import fractions
import math
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from strategies import ZONES, junk_values, value_paths

# --------------------------------------------------------------------------------------
# Values of every type
# --------------------------------------------------------------------------------------

#: Numbers at the edges: huge and tiny, signed zeros, infinities, NaN, other number types.
edge_numbers = st.one_of(
    st.integers(),
    st.sampled_from([0, 1, -1, 2**31, 2**63, 2**64 + 1, 10**18, 10**30, -(10**30), 2**1000]),
    st.floats(),
    st.sampled_from(
        [0.0, -0.0, 1e-300, 5e-324, 1e300, 1.7976931348623157e308, math.inf, -math.inf, math.nan]
    ),
    st.sampled_from(
        [decimal.Decimal("1.5"), decimal.Decimal("NaN"), fractions.Fraction(1, 3), complex(1, 1)]
    ),
)

#: Objects no parser should expect (and must still refuse cleanly).
odd_objects = st.sampled_from(
    [
        b"bytes",
        bytearray(b"x"),
        {1, 2},
        frozenset(),
        (1, 2),
        (),
        object(),
        ...,
        int,
        print,
        range(3),
        memoryview(b"m"),
        dt.date(2026, 1, 1),
        dt.time(10),
        dt.timedelta(days=1),
        dt.datetime(2026, 1, 1),
        "\x00",
        "\ud800",
        " " * 3,
        "1" * 200,
    ]
)

#: Any single value: the shared junk, edge numbers and odd objects.
junk = st.one_of(junk_values, edge_numbers, odd_objects)

_keys = st.one_of(
    st.text(max_size=6),
    st.sampled_from(["name", "at", "hours", "timezone", "targets", ""]),
    st.integers(-2, 2),
    st.none(),
    st.booleans(),
    st.tuples(st.integers(0, 2)),
)

#: Nested plain-data-like values, with non-string keys, NaN and odd leaves.
deep_junk = st.recursive(
    junk,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(_keys, inner, max_size=4),
        st.tuples(inner, inner),
    ),
    max_leaves=12,
)


def deeply_nested(depth: int) -> Any:
    """A list nested ``depth`` deep (``[[[...]]]``), to probe recursion limits."""
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


# --------------------------------------------------------------------------------------
# Instants
# --------------------------------------------------------------------------------------

_FIXED = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
    lambda m: dt.timezone(dt.timedelta(minutes=m))
)
_ZONE_INFOS = st.sampled_from([ZoneInfo(z) for z in ZONES])
zones_any = st.one_of(_FIXED, _ZONE_INFOS, st.just(dt.UTC))

#: Aware datetimes: mostly near now, sometimes anywhere in years 1..9999, any offset.
instants = st.one_of(
    st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1), timezones=zones_any),
    st.datetimes(dt.datetime(2025, 6, 1), dt.datetime(2027, 6, 1), timezones=_ZONE_INFOS),
    st.datetimes(timezones=zones_any),
    st.sampled_from([dt.datetime.min, dt.datetime.max]).flatmap(  # noqa: DTZ901  (zoned below)
        lambda d: _FIXED.map(lambda tz: d.replace(tzinfo=tz))
    ),
)

#: Anything given where an instant is expected.
instant_inputs = st.one_of(instants, st.datetimes(), junk)

#: Pendulum-free epoch microseconds, from far past to far future and beyond.
epoch_us = st.one_of(
    st.integers(-(2**62), 2**62),
    st.integers(1_700_000_000_000_000, 1_900_000_000_000_000),
    st.sampled_from([0, -1, 253_402_300_799_999_999, -62_135_596_800_000_000, 2**100, -(2**100)]),
)


# --------------------------------------------------------------------------------------
# Texts in a grammar, bent
# --------------------------------------------------------------------------------------

_SPACE = st.sampled_from([" ", "  ", "\t", "\u3000", "", "\n"])
_NUMBER_TEXT = st.one_of(
    st.integers(0, 10**6).map(str),
    st.integers(0, 10**30).map(str),
    st.text("0123456789", min_size=1, max_size=30),
    st.tuples(
        st.text("0123456789", min_size=1, max_size=8),
        st.text("0123456789", min_size=1, max_size=12),
    ).map(".".join),
    st.sampled_from(
        [
            "0",
            "00",
            "-1",
            "+1",
            "1e3",
            "٣",
            "１",
            "1_000",
            ".5",
            "5.",
            "nan",
            "inf",
            "9" * 4400,
            "1." + "0" * 30 + "1",
        ]
    ),
)
_CLOCK = st.sampled_from(["business", "calendar", "Business", "CALENDAR", "busines", "wall", ""])
_UNIT = st.sampled_from(
    [
        "s",
        "sec",
        "secs",
        "second",
        "seconds",
        "min",
        "mins",
        "minute",
        "minutes",
        "h",
        "hr",
        "hrs",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "dayz",
        "µs",
        "",
    ]
)

_COUNT_TEXT = st.one_of(_NUMBER_TEXT, st.sampled_from(["next", "same", "Next", "SAME", "-1", ""]))
_HHMM_TEXT = st.one_of(
    st.tuples(st.integers(0, 30), st.integers(0, 70)).map(lambda t: f"{t[0]}:{t[1]:02d}"),
    st.tuples(_NUMBER_TEXT, _NUMBER_TEXT).map(":".join),
    st.sampled_from(["16", "noon", "16:00:00", "24:00", "9:5", "١٦:٠٠", ""]),
)
_BY_TEXT = st.tuples(
    _SPACE, _COUNT_TEXT, _SPACE, _CLOCK, _SPACE, st.sampled_from(["day", "days", "Days", "dayz"]),
    _SPACE, st.sampled_from(["by", "BY", "at", ""]), _SPACE, _HHMM_TEXT, _SPACE,
).map("".join)  # fmt: skip
_ORDINAL_TEXT = st.tuples(
    _NUMBER_TEXT, st.sampled_from(["st", "nd", "rd", "th", "TH", "", "x"])
).map("".join)
_END_TEXT = st.tuples(
    _SPACE, st.sampled_from(["end of the", "End Of The", "end of", "end the", "end"]), _SPACE,
    _ORDINAL_TEXT, _SPACE, st.sampled_from(["business day", "business days", "calendar day"]),
    _SPACE,
).map("".join)  # fmt: skip
_FIELD_TEXT = st.one_of(
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,70}", fullmatch=True), st.text(max_size=10)
)
_DUE_TEXT = st.tuples(
    _SPACE, st.sampled_from(["due at", "Due At", "due from", "due"]), _SPACE,
    st.sampled_from(["event field", "ticket attribute", "field", "ticket field", "EVENT FIELD"]),
    _SPACE, _FIELD_TEXT, _SPACE,
).map("".join)  # fmt: skip

#: Duration texts: ``<number> <clock> <unit>``, the relative forms (``N business days
#: by HH:MM``, ``end of the Nth business day``, ``due at event field NAME``) with
#: every part bent, or any text.
duration_texts = st.one_of(
    st.tuples(_SPACE, _NUMBER_TEXT, _SPACE, _CLOCK, _SPACE, _UNIT, _SPACE).map("".join),
    _BY_TEXT,
    _END_TEXT,
    _DUE_TEXT,
    st.text(max_size=20),
)


def _two(lo: int, hi: int) -> st.SearchStrategy[str]:
    return st.integers(lo, hi).map(lambda n: f"{n:02d}")


_DATE_TEXT = st.tuples(
    st.one_of(st.integers(0, 9999).map(lambda y: f"{y:04d}"), st.sampled_from(["99999", "-001"])),
    _two(0, 13),
    _two(0, 32),
).map("-".join)
_TIME_TEXT = st.tuples(_two(0, 25), _two(0, 61), _two(0, 61)).map(":".join)
_FRACTION = st.sampled_from(["", ".5", ".123456", ".1234567", ",5"])
_OFFSET = st.one_of(
    st.sampled_from(["", "Z", "z", "+08:00", "-05:00", "+00:00", "+14:00", "-12:00", "+0800"]),
    st.tuples(st.sampled_from("+-"), _two(0, 25), _two(0, 60)).map(
        lambda t: f"{t[0]}{t[1]}:{t[2]}"
    ),
)

#: ISO 8601-like timestamps with every part bent, or any text.
iso_texts = st.one_of(
    st.sampled_from(
        [
            "0001-01-01T00:00:00+14:00",
            "0001-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-14:00",
            "9999-12-31T23:59:59.999999+00:00",
        ]
    ),
    st.tuples(
        _DATE_TEXT, st.sampled_from(["T", " ", "t", "_"]), _TIME_TEXT, _FRACTION, _OFFSET
    ).map("".join),
    st.tuples(_DATE_TEXT, _OFFSET).map("".join),
    st.text(max_size=30),
)

#: Date texts as calendars take them (``YYYY-MM-DD``), bent, including years 1 and 9999.
date_texts = st.one_of(
    _DATE_TEXT,
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "2026-02-29"]),
)

_HHMM = st.one_of(
    st.tuples(_two(0, 25), _two(0, 61)).map(":".join),
    st.sampled_from(["24:00", "00:00", "23:59:59", "9", "9:00", "09:00:60", "", "24:01"]),
)
#: Interval texts ``HH:MM-HH:MM``, bent.
interval_texts = st.one_of(
    st.tuples(_HHMM, st.sampled_from(["-", "--", "~", ""]), _HHMM).map("".join),
    st.text(max_size=12),
)


# --------------------------------------------------------------------------------------
# Plain data with junk spliced in
# --------------------------------------------------------------------------------------


_UNCOPYABLE = object()


def _copy(value: Any) -> Any:
    """A deep copy, or ``_UNCOPYABLE`` where there is none (a memoryview inside)."""
    try:
        return copy.deepcopy(value)
    except TypeError:
        return _UNCOPYABLE


@st.composite
def mutated(draw: st.DrawFn, data: Any, max_changes: int = 3) -> Any:
    """A deep copy of ``data`` with up to ``max_changes`` edits at random paths.

    An edit replaces a value with junk, deletes a key or list item, adds an unknown
    key, or swaps a value for another value found elsewhere in the data (a valid value
    in the wrong place is the subtlest junk).
    """
    data = _copy(data)
    if data is _UNCOPYABLE:
        return draw(deep_junk)
    n = draw(st.integers(0, max_changes))
    for _ in range(n):
        paths = value_paths(data)
        if not paths:
            if isinstance(data, dict):
                data[draw(_keys)] = draw(deep_junk)
            continue
        path = draw(st.sampled_from(paths))
        holder = data
        for step in path[:-1]:
            holder = holder[step]
        last = path[-1]
        action = draw(st.sampled_from(["junk", "junk", "deep", "delete", "extra", "swap"]))
        if action == "junk":
            holder[last] = draw(junk)
        elif action == "deep":
            holder[last] = draw(deep_junk)
        elif action == "delete":
            del holder[last]
        elif action == "extra" and isinstance(holder, dict):
            holder[draw(_keys)] = draw(deep_junk)
        elif action == "swap":
            other = draw(st.sampled_from(paths))
            source: Any = data
            try:
                for step in other:
                    source = source[step]
            except (KeyError, IndexError, TypeError):
                continue
            duplicate = _copy(source)
            if duplicate is not _UNCOPYABLE:  # (the original itself could make a cycle)
                holder[last] = duplicate
    return data


def maybe_mutated(data: Any, max_changes: int = 3) -> st.SearchStrategy[Any]:
    """``data`` itself, mutated, or replaced by junk altogether."""
    return st.one_of(
        st.just(copy.deepcopy(data)),
        mutated(data, max_changes),
        mutated(data, max_changes),
        mutated(data, max_changes),
        deep_junk,
    )
