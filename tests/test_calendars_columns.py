"""The column forms of elapsed_many / add_many: numpy arrays and pandas Series.

The property: on any calendar, anywhere in the supported range, with columns long
enough to take the grid search (and bad values mixed in now and then), the column
form gives exactly the scalar forms' answers, or raises exactly the list form's
error (type, field and message).
"""

from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from complaintflow.calendars import BusinessCalendar, Duration, default
from complaintflow.errors import (
    CalendarCoverageError,
    CalendarError,
    ComplaintflowError,
    DurationError,
    OutOfRangeError,
    ValidationError,
    WrongTypeError,
)

from .strategies import any_calendar

np = pytest.importorskip("numpy")
pd = pytest.importorskip("pandas")

FIRST_S, END_S = -2_208_988_800, 7_258_118_400
CHINA = default("china", years=[2025, 2026])
T0 = 1_735_660_800  # 2025-01-01T00:00:00+08:00


def _outcome(call: Any) -> tuple[str, Any]:
    try:
        got = call()
        return "ok", got.tolist() if hasattr(got, "tolist") else got
    except ComplaintflowError as e:
        return type(e).__name__, (e.field, str(e))


def _calendar(data: dict[str, Any]) -> BusinessCalendar:
    try:
        return BusinessCalendar.from_dict(data)
    except ValidationError:
        assume(False)
        raise  # pragma: no cover


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    calendar=any_calendar(),
    seed=st.integers(0, 2**32 - 1),
    n=st.sampled_from([1, 7, 1100, 2000]),
    spread=st.sampled_from([3_600, 86_400 * 20, 86_400 * 800]),
    bad=st.sampled_from([None, "range", "order", "duration"]),
)
def test_columns_agree_with_the_scalar_forms_or_raise_the_list_forms_error(
    calendar: tuple[dict[str, Any], int], seed: int, n: int, spread: int, bad: str | None
) -> None:
    data, t_us = calendar
    cal = _calendar(data)
    rng = np.random.default_rng(seed)
    t = t_us // 1_000_000
    starts = np.clip(t + rng.integers(-spread, spread, n), FIRST_S, END_S - 1)
    ends = np.clip(starts + rng.integers(0, spread, n), FIRST_S, END_S - 1)
    durations = rng.integers(0, max(1, spread // 4), n)
    durations[rng.random(n) < 0.1] = 0
    if bad is not None:
        k = int(rng.integers(0, n))
        if bad == "range":
            starts[k] = END_S + 5
        elif bad == "order":
            ends[k] = starts[k] - 1
        else:
            durations[k] = -3
    a, b, d = starts.tolist(), ends.tolist(), durations.tolist()

    got = _outcome(lambda: cal.elapsed_many(starts, ends))
    assert _outcome(lambda: cal.elapsed_many(a, b)) == got
    if got[0] == "ok":
        scalar = [cal.elapsed_s(x, y) for x, y in zip(a[:100], b[:100], strict=True)]
        assert scalar == got[1][:100]

    got = _outcome(lambda: cal.add_many(starts, durations))
    assert _outcome(lambda: cal.add_many(a, d)) == got
    if got[0] == "ok":
        scalar = [  # (the scalar form refuses a zero duration; the batch forms keep the start)
            cal.add_s(x, Duration.business(seconds=s)) if s else x
            for x, s in zip(a[:100], d[:100], strict=True)
        ]
        assert scalar == got[1][:100]


def _pairs(n: int) -> tuple[Any, Any, Any]:
    rng = np.random.default_rng(7)
    starts = T0 + rng.integers(0, 700 * 86_400, n)
    return starts, starts + rng.integers(0, 30 * 86_400, n), rng.integers(0, 20 * 27_000, n)


def test_arrays_in_arrays_out_equal_to_the_list_form() -> None:
    starts, ends, durations = _pairs(5_000)
    got = CHINA.elapsed_many(starts, ends)
    assert type(got) is np.ndarray
    assert np.int64 == got.dtype
    assert CHINA.elapsed_many(starts.tolist(), ends.tolist()) == got.tolist()
    deadlines = CHINA.add_many(starts.astype(np.int32), durations.astype(np.uint32))
    assert CHINA.add_many(starts.tolist(), durations.tolist()) == deadlines.tolist()


def test_a_series_comes_back_as_a_series_on_its_index() -> None:
    starts, ends, durations = _pairs(2_000)
    index = pd.Index([f"T{i}" for i in range(2_000)], name="ticket")
    got = CHINA.add_many(pd.Series(starts, index=index), durations)
    assert isinstance(got, pd.Series)
    assert got.index.equals(index)
    assert CHINA.add_many(starts.tolist(), durations.tolist()) == got.tolist()
    nullable = pd.Series(ends, index=index, dtype="Int64")
    assert CHINA.elapsed_many(starts, nullable).index.equals(index)


def test_a_list_beside_an_array_is_read_as_a_column() -> None:
    always = default("24x7")
    assert [5, 30] == always.elapsed_many(np.array([0, 10]), [5, 40]).tolist()
    assert [15, 7] == always.add_many((x for x in [0, 7]), np.array([15, 0])).tolist()
    with pytest.raises(WrongTypeError) as info:
        always.elapsed_many(np.array([0, 1]), [2, "3"])
    assert "ends[1]" == info.value.field
    with pytest.raises(WrongTypeError) as info:
        always.elapsed_many(np.array([0]), 5)
    assert "ends" == info.value.field


def test_empty_columns() -> None:
    empty = np.array([], dtype=np.int64)
    assert [] == CHINA.elapsed_many(empty, empty).tolist()
    assert [] == CHINA.add_many(empty, []).tolist()


@pytest.mark.parametrize(
    ("column", "field", "text"),
    [
        (np.array([T0, np.nan, T0]), "starts[1]", "starts[1]: a missing value (NaN, NaT or NA)"),
        (pd.Series([T0, None, T0], dtype="Int64"), "starts[1]", "starts[1]: a missing value"),
        (pd.Series([T0, T0, np.nan]), "starts[2]", "starts[2]: a missing value"),
        (np.array([T0, T0, T0], dtype=float), "starts",
         "starts: expected integer seconds (an integer dtype such as int64), got a float64 "
         "column; cast it with .astype('int64') if its values are whole"),
        (np.array(["2025-01-01"] * 3, dtype="datetime64[s]"), "starts",
         "for datetimes give epoch seconds"),
        (pd.Series(pd.to_datetime([T0] * 3, unit="s", utc=True)), "starts",
         "column; for datetimes give epoch seconds, e.g. series.dt.as_unit('s')"),
        (np.array([True, False, True]), "starts", "got a bool column"),
        (np.array([[T0, T0, T0]]), "starts", "expected a one-dimensional column"),
        (pd.DataFrame({"a": [T0] * 3}), "starts", "got a DataFrame"),
    ],
)  # fmt: skip
def test_bad_columns_are_wrong_types_naming_the_field_or_the_index(
    column: Any, field: str, text: str
) -> None:
    for call in (
        lambda: CHINA.elapsed_many(column, np.array([T0 + 1] * 3)),
        lambda: CHINA.add_many(column, np.array([1, 2, 3])),
    ):
        with pytest.raises(WrongTypeError) as info:
            call()
        assert field == info.value.field
        assert text in str(info.value)


@pytest.mark.parametrize(
    ("call", "error", "field"),
    [
        (lambda: CHINA.elapsed_many(np.array([T0, 10**13]), np.array([T0, 10**13])),
         OutOfRangeError, "starts[1]"),
        (lambda: CHINA.elapsed_many(np.array([T0, T0]), np.array([T0, T0 - 1])),
         CalendarError, "ends[1]"),
        (lambda: CHINA.add_many(np.array([T0, T0, T0]), np.array([1, 2, -1])),
         DurationError, "durations[2]"),
        (lambda: CHINA.add_many(np.array([T0, T0]), np.array([1, 2**62], dtype=np.uint64)),
         DurationError, "durations[1]"),
        (lambda: CHINA.add_many(np.array([T0, 2**64 - 1], dtype=np.uint64), np.array([1, 1])),
         OutOfRangeError, "starts[1]"),
        (lambda: CHINA.elapsed_many(np.array([T0, 0]), np.array([T0, 1])),
         CalendarCoverageError, "starts[1]"),
        (lambda: CHINA.elapsed_many(np.array([T0, T0]), np.array([T0])),
         CalendarError, "ends"),
        (lambda: CHINA.add_many(pd.Series([T0]), [1, 2]), CalendarError, "durations"),
    ],
)  # fmt: skip
def test_bad_values_raise_the_list_forms_error(call: Any, error: type, field: str) -> None:
    with pytest.raises(error) as info:
        call()
    assert field == info.value.field  # type: ignore[attr-defined]


def test_a_deadline_beyond_the_calendars_years_is_the_list_forms_error() -> None:
    late = T0 + 700 * 86_400
    with pytest.raises(CalendarCoverageError) as column:
        CHINA.add_many(np.array([T0, late]), np.array([1, 400 * 27_000]))
    with pytest.raises(CalendarCoverageError) as listed:
        CHINA.add_many([T0, late], [1, 400 * 27_000])
    assert str(listed.value) == str(column.value)


def test_object_columns_of_big_integers_take_the_list_form() -> None:
    column = np.array([T0, 2**70], dtype=object)
    with pytest.raises(OutOfRangeError) as info:
        CHINA.elapsed_many(column, column)
    assert "starts[1]" == info.value.field
    ok = np.array([T0, T0 + 1], dtype=object)
    assert [0, 0] == CHINA.elapsed_many(ok, ok).tolist()


def test_numpy_is_imported_only_for_columns() -> None:
    code = (
        "import sys, complaintflow as cf\n"
        "cal = cf.calendars.default('24x7')\n"
        "assert cal.elapsed_many([0], [5]) == [5] and cal.add_many([0], [5]) == [5]\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'pandas')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "[]\n" == out
