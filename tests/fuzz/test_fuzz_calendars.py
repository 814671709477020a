"""Fuzz targets of the calendars part and the kernel's instants and durations.

Each target feeds one public entry point adversarial input through
:func:`fuzzing.run`: it must return, or raise a well-formed ``ComplaintflowError``,
within the per-call budget. Where a call returns, the cheap promises of its answer
are checked too (round trips, ``elapsed(a, add(a, d)) == d``).
"""

from __future__ import annotations

import datetime as dt

import pendulum
from hypothesis import given
from hypothesis import strategies as st

import complaintflow as cf
from complaintflow.calendars import BusinessCalendar, Duration, DurationKind
from fuzz_strategies import (
    date_texts,
    deep_junk,
    duration_texts,
    epoch_us,
    instant_inputs,
    instants,
    interval_texts,
    iso_texts,
    junk,
    maybe_mutated,
)
from fuzzing import attempt, run
from strategies import WINDOW_STARTS, ZONES, calendar_data

NEAR = pendulum.datetime(2026, 3, 4, 10, tz="Asia/Shanghai")

_day_specs = st.sampled_from(
    [
        "mon",
        "mon-fri",
        "fri-mon",
        "sat,sun",
        "daily",
        "mon-sun",
        "tue",
        "Mon",
        "mon-",
        "xyz",
        "",
        "mon,mon",
    ]
)

#: Calendar data around the valid shape, with bent dates, intervals and day specs.
bent_calendar_data = st.fixed_dictionaries(
    {
        "timezone": st.one_of(
            st.sampled_from(ZONES),
            st.sampled_from(["+08:00", "Mars/Base", "", "utc", "EST5EDT"]),
            junk,
        )
    },
    optional={
        "hours": st.one_of(
            st.dictionaries(_day_specs, st.lists(interval_texts, max_size=3), max_size=3), junk
        ),
        "holidays": st.one_of(st.lists(date_texts, max_size=3), junk),
        "workdays": st.one_of(st.lists(date_texts, max_size=3), junk),
        "workday_hours": st.one_of(st.lists(interval_texts, max_size=2), junk),
        "special": st.one_of(
            st.dictionaries(date_texts, st.lists(interval_texts, max_size=2), max_size=3), junk
        ),
        "valid_from": st.one_of(date_texts, junk),
        "valid_until": st.one_of(date_texts, junk),
        "name": st.one_of(st.text(max_size=5), junk),
        "default": st.one_of(st.sampled_from(["china", "24x7"]), junk),
        "years": st.one_of(st.lists(st.integers(1990, 2030), max_size=3), junk),
    },
)

_calendar_inputs = st.one_of(
    bent_calendar_data,
    st.sampled_from(WINDOW_STARTS).flatmap(lambda w: calendar_data(w)).flatmap(maybe_mutated),
    deep_junk,
)


def _probe(cal: BusinessCalendar) -> None:
    """The queries a host makes first; each may refuse with a library error."""
    run(lambda: cal.is_open(NEAR))
    run(lambda: cal.next_open(NEAR))
    run(lambda: cal.next_close(NEAR))
    run(lambda: cal.add(NEAR, "8 business hours"))
    run(lambda: cal.add(NEAR, "2 business days"))


@given(_calendar_inputs)
def test_business_calendar_from_dict(data: object) -> None:
    out = run(lambda: BusinessCalendar.from_dict(data))  # type: ignore[arg-type]
    if out.kind == "ok":
        cal = out.value
        assert cal == BusinessCalendar.from_dict(cal.to_dict())
        _probe(cal)


_years = st.one_of(
    st.lists(st.integers(2015, 2027), max_size=4),
    st.lists(st.integers(-5, 10_000), max_size=3),
    st.just(range(2024, 2027)),
    junk,
)


@given(
    name=st.one_of(st.sampled_from(["china", "24x7", "China", ""]), junk),
    years=st.one_of(st.none(), _years),
    hours=st.one_of(
        st.none(),
        st.dictionaries(_day_specs, st.lists(interval_texts, max_size=2), max_size=2),
        junk,
    ),
    timezone=st.one_of(st.none(), st.sampled_from(ZONES), junk),
    workday_hours=st.one_of(st.none(), st.lists(interval_texts, max_size=2), junk),
    allow_unofficial=st.one_of(st.booleans(), junk),
)
def test_calendars_default(
    name: object,
    years: object,
    hours: object,
    timezone: object,
    workday_hours: object,
    allow_unofficial: object,
) -> None:
    out = run(
        lambda: cf.calendars.default(
            name,  # type: ignore[arg-type]
            years=years,  # type: ignore[arg-type]
            hours=hours,  # type: ignore[arg-type]
            timezone=timezone,  # type: ignore[arg-type]
            workday_hours=workday_hours,  # type: ignore[arg-type]
            allow_unofficial=allow_unofficial,  # type: ignore[arg-type]
        )
    )
    if out.kind == "ok":
        _probe(out.value)


_CALENDARS = [
    cf.calendars.default("24x7").to_dict(),
    cf.calendars.default("china", years=[2026]).to_dict(),
    {"timezone": "UTC", "hours": {"sun": ["10:00-10:01"]}},
    {"timezone": "Asia/Shanghai", "hours": {}, "special": {"2026-03-05": ["09:00-10:00"]}},
]

#: Calendars to query: random valid ones and a few shipped or nearly closed ones. Each
#: is built afresh, so that an example does not inherit the index an earlier one built
#: (a slow call must be slow every time, or it cannot be shrunk).
calendars = st.one_of(
    st.sampled_from(_CALENDARS),
    st.sampled_from(WINDOW_STARTS).flatmap(lambda w: calendar_data(w)),
).map(BusinessCalendar.from_dict)

#: Durations of every kind and size, as values or as text.
_any_durations = st.one_of(
    st.integers(1, 2**70).map(
        lambda us: attempt(lambda: Duration(DurationKind.BUSINESS_TIME, micros=us))
    ),
    st.integers(1, 200 * 3600).map(lambda s: attempt(lambda: Duration.business(seconds=s))),
    st.integers(1, 10**7).map(lambda n: attempt(lambda: Duration.business_days(n))),
    st.integers(1, 40).map(lambda n: attempt(lambda: Duration.business_days(n))),
    st.tuples(st.integers(0, 10**7), st.integers(0, 2**64))
    .filter(any)
    .map(lambda t: attempt(lambda: Duration(DurationKind.CALENDAR, days=t[0], micros=t[1]))),
    st.tuples(st.integers(0, 30), st.integers(0, 10**11))
    .filter(any)
    .map(lambda t: attempt(lambda: Duration(DurationKind.CALENDAR, days=t[0], micros=t[1]))),
    duration_texts,
    junk,
)
#: Built through ``attempt``: sizes past the documented limit are refused when built.
durations = _any_durations.filter(lambda d: d is not None)


@given(calendars, st.one_of(instants, instant_inputs), durations)
def test_business_calendar_add(cal: BusinessCalendar, start: object, duration: object) -> None:
    out = run(lambda: cal.add(start, duration))  # type: ignore[arg-type]
    if out.kind != "ok":
        return
    deadline = out.value
    assert isinstance(deadline, pendulum.DateTime)
    assert deadline.tzinfo is not None
    assert isinstance(start, dt.datetime)
    d = Duration.parse(duration)
    assert deadline >= start
    if d.kind is DurationKind.BUSINESS_TIME:
        used = run(lambda: cal.elapsed(start, deadline))
        if used.kind == "ok":
            assert d.micros == used.value // dt.timedelta(microseconds=1)


@given(calendars, st.one_of(instants, instant_inputs), st.one_of(instants, instant_inputs))
def test_business_calendar_elapsed(cal: BusinessCalendar, a: object, b: object) -> None:
    out = run(lambda: cal.elapsed(a, b))  # type: ignore[arg-type]
    if out.kind == "ok":
        assert isinstance(a, dt.datetime)
        assert isinstance(b, dt.datetime)
        # the real time between them: aware datetimes of one zone subtract wall-clock
        # times, an hour off across a daylight-saving change
        assert dt.timedelta(0) <= out.value <= b.astimezone(dt.UTC) - a.astimezone(dt.UTC)


@given(
    calendars,
    st.one_of(epoch_us.map(lambda us: us // 1_000_000), junk),
    st.one_of(epoch_us.map(lambda us: us // 1_000_000), junk),
    durations,
)
def test_business_calendar_epoch_forms(
    cal: BusinessCalendar, a: object, b: object, duration: object
) -> None:
    """``add_s``, ``elapsed_s`` and the batch forms take integer epoch seconds."""
    run(lambda: cal.add_s(a, duration))  # type: ignore[arg-type]
    run(lambda: cal.elapsed_s(a, b))  # type: ignore[arg-type]
    run(lambda: cal.elapsed_many([a], [b]))  # type: ignore[list-item]
    run(lambda: cal.add_many([a], [b]))  # type: ignore[list-item]


@given(st.one_of(duration_texts, junk))
def test_duration_parse(text: object) -> None:
    out = run(lambda: Duration.parse(text))
    if out.kind == "ok":
        d = out.value
        text_form = run(lambda: str(d))
        if text_form.kind == "ok":
            assert d == Duration.parse(text_form.value)
        back = run(lambda: d.to_data())
        if back.kind == "ok":
            assert d == Duration.parse(back.value)


@given(st.one_of(iso_texts, instant_inputs))
def test_parse_instant(text: object) -> None:
    out = run(lambda: cf.parse_instant(text))
    if out.kind == "ok":
        parsed = out.value
        assert isinstance(parsed, pendulum.DateTime)
        assert parsed.utcoffset() is not None
        if isinstance(text, str):
            assert parsed == dt.datetime.fromisoformat(text)


def _columns() -> st.SearchStrategy[object]:
    """numpy arrays and pandas Series of every kind of dtype, values at their edges."""
    np = __import__("numpy")
    pd = __import__("pandas")
    values = st.lists(
        st.one_of(epoch_us.map(lambda us: us // 1_000_000), st.integers(-(2**63), 2**63 - 1)),
        max_size=12,
    )
    dtypes = st.sampled_from(["int64", "int32", "uint64", "float64", "bool", "object", "<M8[s]"])

    def build(xs: list[int], dtype: str, series: bool, nan: bool) -> object:
        try:
            arr = np.array(xs, dtype=dtype)
        except (OverflowError, ValueError, TypeError):
            arr = np.array(xs, dtype=object)
        if nan and arr.dtype.kind == "f" and arr.size:
            arr[0] = np.nan
        return pd.Series(arr) if series else arr

    return st.builds(build, values, dtypes, st.booleans(), st.booleans())


@given(calendars, st.one_of(_columns(), junk), st.one_of(_columns(), junk))
def test_business_calendar_column_forms(cal: BusinessCalendar, a: object, b: object) -> None:
    """The column forms of ``elapsed_many`` / ``add_many``: arrays and Series of any dtype."""
    run(lambda: cal.elapsed_many(a, b))  # type: ignore[call-overload]
    run(lambda: cal.add_many(a, b))  # type: ignore[call-overload]
