"""The column forms of ``elapsed_many`` and ``add_many``: numpy arrays and pandas Series.

Theory of operation
-------------------
`BusinessCalendar.elapsed_many` and `BusinessCalendar.add_many` send a
numpy array or a pandas Series here (told apart by the module of their type, so
numpy is imported only when a caller already holds one: it is no dependency of
complaintflow). The answer is the list form's, computed with a few whole-column
numpy operations on the same `CalendarIndex`:

1. each column is checked once: one dimension, an integer dtype (epoch seconds,
   durations in seconds), no missing values; then every value's range, and
   ``ends >= starts`` or ``0 <= durations <= limit``, as boolean masks;
2. the index state is grown to cover the smallest and largest instant (states are
   runs of consecutive dates, so it covers everything between) and, for ``add``,
   the largest cumulative target;
3. ``open_before`` is one ``searchsorted`` over the interval starts; ``add`` one
   more, ``side="left"``, over the cumulative ends (exactly the scalar rule).

Errors. When a mask finds a bad value, or growing the index fails (outside the
calendar's dates, beyond the supported range), the list form is run on the
columns up to and including the first bad pair, so the error is the list form's
own: the same type and message, naming the field and the index (``ends[17]``).
Object columns (Python integers of any size) go to the list form whole.

Output: an ``int64`` array, or a Series on the input's index when a Series came in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from complaintflow._errors import CalendarError, ComplaintflowError, WrongTypeError
from complaintflow.calendars._duration import MAX_MICROS as MAX_DURATION_US
from complaintflow.calendars._index import END_US, FIRST_US, US, CalendarIndex

__all__ = ["add_many", "elapsed_many"]

Ints = npt.NDArray[np.int64]
#: The supported range of instants in epoch seconds: ``[FIRST_S, END_S)``.
FIRST_S, END_S = FIRST_US // US, END_US // US
MAX_DURATION_S = MAX_DURATION_US // US
_INT64_MAX = 2**63 - 1

#: The list forms, ``(starts, others) -> list[int]`` on Python integers.
ListForm = Callable[[Sequence[int], Sequence[int]], list[int]]


class _Column:
    """One input column: int64 ``values``, or ``None`` when it must go to the list form.

    ``raw`` is what the list form is given: the input itself, or for a list, tuple
    or other iterable beside an array, its values as a list.
    """

    __slots__ = ("index", "raw", "size", "values")

    def __init__(self, value: object, field: str) -> None:
        self.index: Any = None  # the pandas index of a Series
        self.values: Ints | None = None
        self.raw: Any = value
        self.size: int | None = None
        if not hasattr(value, "dtype"):  # not an array or a Series (the caller saw one)
            if type(value).__module__.partition(".")[0] in ("numpy", "pandas"):
                raise WrongTypeError(
                    f"{field}: expected a one-dimensional column (an array or a Series), "
                    f"got a {type(value).__name__}",
                    field=field,
                    value=type(value).__name__,
                )
            if isinstance(value, Iterable) and not isinstance(value, str | bytes):
                self.raw = list(value)
                self.size = len(self.raw)
                try:  # integers go fast; anything else to the list form, which names it
                    listed = np.asarray(self.raw)
                except (ValueError, TypeError, OverflowError):
                    return
                if listed.ndim == 1 and listed.dtype.kind == "i":
                    self.values = listed.astype(np.int64, copy=False)
            return
        series: Any = value
        if type(value).__module__.partition(".")[0] == "pandas":
            self.index = series.index
            missing = np.asarray(series.isna())
            if missing.ndim == 1 and missing.any():
                raise _missing(field, int(np.flatnonzero(missing)[0]))
            kind = getattr(series.dtype, "kind", "O")
            if kind == "M":  # also an aware dtype, which to_numpy() would make objects
                raise _wrong_dtype(field, series.dtype, kind)
            value = (
                series.to_numpy(dtype=np.int64)
                if kind == "i"
                else series.to_numpy(dtype=np.uint64)
                if kind == "u"
                else series.to_numpy()
            )
        array: npt.NDArray[Any] = value  # type: ignore[assignment]
        if array.ndim != 1:
            raise WrongTypeError(
                f"{field}: expected a one-dimensional column, got an array of shape {array.shape}",
                field=field,
                value=array.shape,
            )
        self.size = int(array.size)
        kind = array.dtype.kind
        if kind == "f" and np.isnan(array).any():
            raise _missing(field, int(np.flatnonzero(np.isnan(array))[0]))
        if kind == "i" or (kind == "u" and (array.size == 0 or array.max() <= _INT64_MAX)):
            self.values = array.astype(np.int64, copy=False)
        elif kind in "uO":  # beyond int64, or Python integers: the list form
            self.raw = array.tolist()
        else:
            raise _wrong_dtype(field, array.dtype, kind)

    def as_list(self) -> Any:
        """The column for the list form: Python integers, or the input as it came."""
        return self.values.tolist() if self.values is not None else self.raw


def _wrong_dtype(field: str, dtype: object, kind: str) -> WrongTypeError:
    hint = (
        "; cast it with .astype('int64') if its values are whole"
        if kind == "f"
        else "; for datetimes give epoch seconds, e.g. series.dt.as_unit('s').astype('int64') "
        "for an aware Series (a numpy datetime64 has no time zone)"
        if kind == "M"
        else ""
    )
    return WrongTypeError(
        f"{field}: expected integer seconds (an integer dtype such as int64), got a "
        f"{dtype} column{hint}",
        field=field,
        value=str(dtype),
    )


def _missing(field: str, i: int) -> WrongTypeError:
    return WrongTypeError(
        f"{field}[{i}]: a missing value (NaN, NaT or NA); expected integer seconds: drop "
        "or fill the missing values first",
        field=f"{field}[{i}]",
        value=None,
    )


def _output(values: Ints, a: _Column, b: _Column, raw: tuple[object, object]) -> Any:
    """``values`` as an int64 array, or as a Series on the first Series' index."""
    for column, value in zip((a, b), raw, strict=True):
        if column.index is not None:
            series: Any = type(value)
            return series(values, index=column.index)
    return values


def _fallback(list_form: ListForm, a: list[int], b: list[int], upto: int | None) -> None:
    """The list form on the pairs up to ``upto`` (all if ``None``), to raise its error."""
    stop = None if upto is None else upto + 1
    list_form(a[:stop], b[:stop])
    raise CalendarError(  # pragma: no cover - the masks only flag what the list form refuses
        f"the column form found a bad value at {upto} that the list form accepts",
        field="starts",
        value=upto,
    )


def _lengths(a: _Column, b: _Column, other: str, what: str) -> None:
    na, nb = a.size, b.size
    if na is not None and nb is not None and na != nb:
        raise CalendarError(
            f"{other}: {nb} {what} for {na} starts; give one "
            + ("end per start" if other == "ends" else "per start"),
            field=other,
            value=nb,
        )


class _Arrays:
    """A state's interval lists as int64 arrays."""

    __slots__ = ("base", "cum", "cum_end", "ends", "starts")

    def __init__(self, state: Any) -> None:
        self.starts: Ints = np.asarray(state.starts, dtype=np.int64)
        self.ends: Ints = np.asarray(state.ends, dtype=np.int64)
        self.cum: Ints = np.asarray(state.cum, dtype=np.int64)
        self.cum_end: Ints = np.asarray(state.cum_end, dtype=np.int64)
        self.base = int(state.base)

    def open_before(self, t: Ints) -> Ints:
        """Open time before each instant of ``t``, from the state's origin."""
        if self.starts.size == 0:
            return np.full(t.shape, self.base, dtype=np.int64)
        i = search(self.starts, t, "right") - 1
        j = np.maximum(i, 0)
        s = self.starts[j]
        inside = self.cum[j] + np.minimum(t - s, self.ends[j] - s)
        return np.where(i < 0, self.base, inside)


#: Grid cells for `search`, and the most elements of the table one cell may hold.
_CELLS = 1 << 16
_MOST_PER_CELL = 8


def search(table: Ints, t: Ints, side: Literal["left", "right"]) -> Ints:
    """``np.searchsorted(table, t, side)`` for unsorted ``t``, by a grid over ``t``'s range.

    A binary search per query misses the branch predictor at every level; here a
    grid of up to ``_CELLS`` equal cells (one per two queries at most) over
    ``[t.min(), t.max()]`` holds the answer at each cell's left edge (one sorted
    search of the edges), and each query steps forward from its cell's answer past
    the few table elements inside the cell: at most ``_MOST_PER_CELL`` vector
    steps, else a plain searchsorted.
    """
    if t.size < 1024 or table.size == 0:
        return np.searchsorted(table, t, side=side)
    cells = min(_CELLS, t.size // 2)  # (a grid no finer than the queries pays off)
    lo = int(t.min())
    width = (int(t.max()) - lo) // cells + 1
    edges = lo + width * np.arange(cells + 1, dtype=np.int64)
    first = np.searchsorted(table, edges, side=side)
    steps = int((first[1:] - first[:-1]).max())
    if steps > _MOST_PER_CELL:
        return np.searchsorted(table, t, side=side)
    found = first[(t - lo) // width]
    after = np.append(table, np.iinfo(np.int64).max)  # the element after the last: never passed
    for _ in range(steps):
        if side == "right":
            found += after[found] <= t
        else:
            found += after[found] < t
    return found


def _first(mask: npt.NDArray[np.bool_]) -> int | None:
    return int(np.argmax(mask)) if mask.any() else None


def elapsed_many(index: CalendarIndex, starts: object, ends: object, list_form: ListForm) -> Any:
    """Business seconds between pairs of epoch seconds, column-wise."""
    raw = (starts, ends)
    a, b = _Column(starts, "starts"), _Column(ends, "ends")
    _lengths(a, b, "ends", "ends")
    if a.values is None or b.values is None:
        return _output(np.asarray(list_form(a.as_list(), b.as_list()), dtype=np.int64), a, b, raw)
    x, y = a.values, b.values
    if x.size == 0:
        return _output(np.zeros(0, dtype=np.int64), a, b, raw)
    bad = (x < FIRST_S) | (x >= END_S) | (y < FIRST_S) | (y >= END_S) | (y < x)
    first_bad = _first(bad)
    if first_bad is not None:
        _fallback(list_form, a.as_list(), b.as_list(), first_bad)
    xu, yu = x * US, y * US
    lo, hi = int(xu.min()), int(yu.max())
    try:
        index.state_for(lo, "starts")
        state = index.state_for(hi, "ends")
    except ComplaintflowError:  # outside the calendar's dates
        state = None
    if state is None:  # the list form names the first pair it cannot answer
        _fallback(list_form, a.as_list(), b.as_list(), None)
    arrays = _Arrays(state)
    out = (arrays.open_before(yu) - arrays.open_before(xu)) // US
    return _output(out, a, b, raw)


def add_many(index: CalendarIndex, starts: object, durations: object, list_form: ListForm) -> Any:
    """Deadlines after business seconds from epoch seconds, column-wise."""
    raw = (starts, durations)
    a, d = _Column(starts, "starts"), _Column(durations, "durations")
    _lengths(a, d, "durations", "durations")
    if a.values is None or d.values is None:
        return _output(
            np.asarray(list_form(a.as_list(), d.as_list()), dtype=np.int64),
            a,
            d,
            raw,
        )
    x, dx = a.values, d.values
    if x.size == 0:
        return _output(np.zeros(0, dtype=np.int64), a, d, raw)
    bad = (x < FIRST_S) | (x >= END_S) | (dx < 0) | (dx > MAX_DURATION_S)
    first_bad = _first(bad)
    if first_bad is not None:
        _fallback(list_form, a.as_list(), d.as_list(), first_bad)
    xu, du = x * US, dx * US
    try:
        index.state_for(int(xu.min()), "starts")
        state = index.state_for(int(xu.max()), "starts")
        target = np.where(du > 0, _Arrays(state).open_before(xu) + du, np.iinfo(np.int64).min)
        k = int(np.argmax(target))
        if du[k] > 0:  # (zero durations stay in place and need no open time)
            state = index._extend_for_target(state, int(xu[k]), int(target[k]), int(du[k]))
    except ComplaintflowError:  # outside the dates, no open time left, beyond the range
        state = None
    if state is None:  # the list form names the first pair it cannot answer
        _fallback(list_form, a.as_list(), d.as_list(), None)
    arrays = _Arrays(state)  # (re-read: growing may rebuild the counts from a new origin)
    target = arrays.open_before(xu) + du
    j = search(arrays.cum_end, target, "left")
    j = np.minimum(j, max(arrays.cum_end.size - 1, 0))
    if arrays.starts.size:
        result = np.where(du == 0, xu, arrays.starts[j] + (target - arrays.cum[j]))
    else:  # no open time at all: only zero durations got this far
        result = xu
    beyond = _first(result >= END_US)
    if beyond is not None:
        _fallback(list_form, a.as_list(), d.as_list(), beyond)
    return _output(result // US, a, d, raw)
