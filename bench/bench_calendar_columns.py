"""Benchmark: the column forms of ``elapsed_many`` / ``add_many`` against the list forms.

The same random pairs (seeded; starts over 600 days of the 2025-2026 official China
calendar, spans up to 30 days, durations up to 20 business days) go through:

- the list form: Python lists of integer epoch seconds in, a list out;
- the column form: int64 numpy arrays in, an int64 array out;
- the column form on pandas Series (a Series out, on the input's index).

At 10,000, 100,000 and 1,000,000 pairs (``--sizes``), best of ``--repeat`` for every
form, CPU and wall time (``bench/_timing.py``), ns per pair and the ratio list/column.
Every answer of the column forms is compared with the list form's (exit status 1 on
any disagreement); the list form is itself checked against the scalar forms by the
test suite.

Run: ``python bench/bench_calendar_columns.py`` (needs numpy and pandas, the
``bench`` extra).
"""

from __future__ import annotations

import argparse

import complaintflow as cf
from _timing import best

T0 = 1_735_660_800  # 2025-01-01T00:00:00+08:00


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        import numpy as np
        import pandas as pd
    except ImportError:
        print("numpy and pandas are not installed (the bench extra); skipped")
        return 0
    cal = cf.calendars.default("china", years=[2025, 2026])
    cal.elapsed_many([T0], [T0 + 1])  # build the index before timing
    rng = np.random.default_rng(2026)
    status = 0
    print("column forms (int64 arrays, pandas Series) against the list form; best of "
          f"{args.repeat}, CPU and wall time, ns per pair")  # fmt: skip
    print(f"{'operation':<13} {'pairs':>10} | {'list CPU':>9} {'wall':>9} | "
          f"{'array CPU':>9} {'wall':>9} | {'Series CPU':>10} {'wall':>9} | "
          f"{'list/array':>10}")  # fmt: skip
    for n in args.sizes:
        starts = T0 + rng.integers(0, 600 * 86_400, n)
        ends = starts + rng.integers(0, 30 * 86_400, n)
        durations = rng.integers(0, 20 * 27_000, n)
        index = pd.RangeIndex(n)
        for name, other in (("elapsed_many", ends), ("add_many", durations)):
            method = getattr(cal, name)
            a, b = starts.tolist(), other.tolist()
            sa, sb = pd.Series(starts, index=index), pd.Series(other, index=index)
            lst = best(lambda: method(a, b), args.repeat)  # noqa: B023
            arr = best(lambda: method(starts, other), args.repeat)  # noqa: B023
            ser = best(lambda: method(sa, sb), args.repeat)  # noqa: B023
            listed, column, series = lst.result, arr.result, ser.result
            list_cpu, list_wall, arr_cpu, arr_wall = lst.cpu, lst.wall, arr.cpu, arr.wall
            ser_cpu, ser_wall = ser.cpu, ser.wall
            if listed != column.tolist() or listed != series.tolist():
                print(f"{name}: the column form disagrees with the list form at {n:,} pairs")
                status = 1
            ns = 1e9 / n
            print(f"{name:<13} {n:>10,} | {list_cpu * ns:>9.0f} {list_wall * ns:>9.0f} | "
                  f"{arr_cpu * ns:>9.1f} {arr_wall * ns:>9.1f} | {ser_cpu * ns:>10.1f} "
                  f"{ser_wall * ns:>9.1f} | {list_cpu / arr_cpu:>9.1f}x")  # fmt: skip
    print("disagreements with the list form: " + ("none" if status == 0 else "SOME"))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
