"""Business-calendar benchmark: complaintflow against its peers, checked by a slow oracle.

Theory of operation
-------------------
One run measures, side by side, ``elapsed(start, end)`` and ``add(start, duration)``
on the benchmark calendar (Asia/Shanghai, Mon-Fri 09:00-12:00 + 13:30-18:00, ten
real 2025-2026 public holidays) for:

- complaintflow's batch epoch form (``elapsed_many`` / ``add_many``), its single epoch
  form (``elapsed_s`` / ``add_s``) and its datetime form (``elapsed`` / ``add``);
- the peers ``businesstime``, ``business-duration``, ``businesstimedelta`` and pandas
  ``CustomBusinessHour``, through the operations each one offers.

Calendar "A" is the issue's calendar. ``businesstime`` and ``business-duration``
know a single open interval per day, so they cannot express the lunch break; every
implementation is therefore also run on calendar "B" (09:00-18:00, no lunch break,
same holidays), which all of them can express. The zone has had no DST since 1991,
so peers without time-zone support get naive local wall times, which is exact here.

Correctness is judged by an independent oracle written for this file only: a
minute-by-minute walk that converts every minute to local time with ``zoneinfo`` and
checks weekday, holiday and hours. It is slow (O(span)), so it runs on a sample:
short and medium random spans plus a few long pairs from the timed sample. All
endpoints are whole minutes, so a minute is either wholly open or wholly closed.

pandas has no "business time between two instants" operation and adds only whole
business hours; it rolls a deadline that lands exactly on a closing instant forward
to the next opening. Both answers describe the same business time, so such cases are
counted separately as "equivalent" rather than as disagreements.

Every implementation is timed alike (``bench/_timing.py``): CPU time
(``time.process_time``; the machine is shared) as the main figure with wall time
beside it, garbage collector off, best of ``--repeat`` runs for our forms and for
each peer. A peer is timed on a prefix of the calls sized from a probe of its first
20, so that one run takes about ``--peer-budget`` seconds of CPU (the ``n`` column).
The ratios to the fastest correct peer, in CPU time, are printed in every run.

Run ``python bench/bench_calendar.py --help`` for the knobs; the defaults keep a run
to a few minutes on two shared cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import platform
import random
import sys
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from _timing import best
from complaintflow.calendars import BusinessCalendar, Duration

TZ_NAME = "Asia/Shanghai"
TZ = zoneinfo.ZoneInfo(TZ_NAME)
#: Ten real public holidays (State Council schedule), all falling on weekdays.
HOLIDAYS = [
    "2025-01-01",  # New Year's Day
    "2025-01-29",  # Spring Festival
    "2025-04-04",  # Qingming
    "2025-05-01",  # Labour Day
    "2025-10-01",  # National Day
    "2026-01-01",  # New Year's Day
    "2026-02-17",  # Spring Festival
    "2026-05-01",  # Labour Day
    "2026-09-25",  # Mid-Autumn Festival
    "2026-10-01",  # National Day
]
HOLIDAY_DATES = [dt.date.fromisoformat(d) for d in HOLIDAYS]
#: Open hours as (start, end) minutes of the local day.
VARIANTS: dict[str, list[tuple[int, int]]] = {
    "A": [(9 * 60, 12 * 60), (13 * 60 + 30, 18 * 60)],
    "B": [(9 * 60, 18 * 60)],
}
VARIANT_TEXT = {"A": "09:00-12:00 + 13:30-18:00", "B": "09:00-18:00 (no lunch break)"}
LO = int(dt.datetime(2025, 1, 1, tzinfo=TZ).timestamp())
HI = int(dt.datetime(2027, 1, 1, tzinfo=TZ).timestamp())
MAX_DURATION_H = 1000  # add: random business durations from 1 minute to 1,000 business hours


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def make_calendar(variant: str) -> BusinessCalendar:
    hours = [f"{_hhmm(s)}-{_hhmm(e)}" for s, e in VARIANTS[variant]]
    return BusinessCalendar.from_dict(
        {"timezone": TZ_NAME, "hours": {"mon-fri": hours}, "holidays": HOLIDAYS}
    )


# -- the oracle ------------------------------------------------------------------------


class Oracle:
    """Minute-by-minute truth, independent of complaintflow's index."""

    def __init__(self, variant: str) -> None:
        self.hours = VARIANTS[variant]
        self.holidays = set(HOLIDAY_DATES)

    def open_minute(self, t: int) -> bool:
        """Is the whole minute starting at epoch second ``t`` open?"""
        local = dt.datetime.fromtimestamp(t, TZ)
        if local.weekday() >= 5 or local.date() in self.holidays:
            return False
        m = local.hour * 60 + local.minute
        return any(s <= m < e for s, e in self.hours)

    def elapsed(self, a: int, b: int) -> int:
        return 60 * sum(1 for t in range(a, b, 60) if self.open_minute(t))

    def add(self, a: int, d: int) -> int:
        """End of the ``d // 60``-th open minute at or after ``a``."""
        if d == 0:
            return a
        left, t = d // 60, a
        while True:
            if self.open_minute(t):
                left -= 1
                if left == 0:
                    return t + 60
            t += 60

    def closed_between(self, a: int, b: int) -> bool:
        """No open minute in ``[a, b)``: the same business time at both ends."""
        return not any(self.open_minute(t) for t in range(a, b, 60))


# -- the peers ---------------------------------------------------------------------------


def _naive(t: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(t, TZ).replace(tzinfo=None)


def _naive_to_epoch(x: dt.datetime) -> int:
    return int(x.replace(tzinfo=TZ).timestamp())


@dataclass
class Impl:
    """One implementation on one calendar variant."""

    name: str
    variant: str
    elapsed: Callable[..., int] | None = None
    add: Callable[..., int] | None = None
    #: Prepare an (a, b) or (a, d) pair outside the timed loop; the call gets the result.
    prep_elapsed: Callable[[int, int], tuple[object, ...]] | None = None
    prep_add: Callable[[int, int], tuple[object, ...]] | None = None
    whole_hours: bool = False  # add takes whole business hours only
    note: str = ""


def btd_holidays() -> set[dt.date]:
    """The holidays plus every Saturday of 2024-2030, for businesstimedelta.

    Its ``HolidayRule`` walks day by day to the next listed holiday and raises
    ``TypeError`` when none lies within five years, i.e. after the last one listed.
    Saturdays are closed anyway, so the calendar is unchanged; the walk stays short.
    """
    day = dt.date(2024, 1, 6)  # a Saturday
    out = set(HOLIDAY_DATES)
    while day.year <= 2030:
        out.add(day)
        day += dt.timedelta(days=7)
    return out


def peer_impls(variant: str, missing: list[str]) -> list[Impl]:
    impls: list[Impl] = []
    (o_start, _), (_, o_end) = VARIANTS[variant][0], VARIANTS[variant][-1]
    t_open = dt.time(o_start // 60, o_start % 60)
    t_close = dt.time(o_end // 60, o_end % 60)
    single = len(VARIANTS[variant]) == 1

    try:
        import businesstime
    except ImportError:
        missing.append("businesstime")
    else:
        if single:
            bt = businesstime.BusinessTime(
                business_hours=(t_open, t_close), holidays=list(HOLIDAY_DATES)
            )

            def bt_elapsed(x: dt.datetime, y: dt.datetime) -> int:
                hours: dt.timedelta = bt.businesstime_hours(x, y)
                return round(hours.total_seconds())

            impls.append(
                Impl(
                    "businesstime",
                    variant,
                    elapsed=bt_elapsed,
                    prep_elapsed=lambda a, b: (_naive(a), _naive(b)),
                    note="no add",
                )
            )

    try:
        from business_duration import businessDuration
    except ImportError:
        missing.append("business-duration")
    else:
        if single:

            def bd_elapsed(x: dt.datetime, y: dt.datetime) -> int:
                seconds: float = businessDuration(
                    x, y, starttime=t_open, endtime=t_close, holidaylist=HOLIDAY_DATES, unit="sec"
                )
                return round(seconds)

            impls.append(
                Impl(
                    "business-duration",
                    variant,
                    elapsed=bd_elapsed,
                    prep_elapsed=lambda a, b: (_naive(a), _naive(b)),
                    note="no add",
                )
            )

    try:
        import businesstimedelta as btd
        import pytz
    except ImportError:
        missing.append("businesstimedelta")
    else:
        ptz = pytz.timezone(TZ_NAME)
        day_start, day_end = VARIANTS[variant][0][0], VARIANTS[variant][-1][1]
        rules: list[object] = [
            btd.WorkDayRule(
                start_time=dt.time(day_start // 60, day_start % 60),
                end_time=dt.time(day_end // 60, day_end % 60),
                working_days=[0, 1, 2, 3, 4],
                tz=ptz,
            ),
            btd.HolidayRule(btd_holidays(), tz=ptz),
        ]
        for (_, gap_start), (gap_end, _) in zip(
            VARIANTS[variant], VARIANTS[variant][1:], strict=False
        ):
            rules.append(
                btd.LunchTimeRule(
                    start_time=dt.time(gap_start // 60, gap_start % 60),
                    end_time=dt.time(gap_end // 60, gap_end % 60),
                    working_days=[0, 1, 2, 3, 4],
                    tz=ptz,
                )
            )
        rule = btd.Rules(rules)

        def btd_aware(t: int) -> dt.datetime:
            aware: dt.datetime = ptz.localize(_naive(t))
            return aware

        def btd_elapsed(x: dt.datetime, y: dt.datetime) -> int:
            delta: dt.timedelta = rule.difference(x, y).timedelta
            return round(delta.total_seconds())

        def btd_add(x: dt.datetime, delta: Any) -> int:
            deadline: dt.datetime = delta + x
            return int(deadline.timestamp())

        impls.append(
            Impl(
                "businesstimedelta",
                variant,
                elapsed=btd_elapsed,
                add=btd_add,
                prep_elapsed=lambda a, b: (btd_aware(a), btd_aware(b)),
                prep_add=lambda a, d: (btd_aware(a), btd.BusinessTimeDelta(rule, seconds=d)),
            )
        )

    try:
        import pandas as pd
    except ImportError:
        missing.append("pandas")
    else:
        offsets: dict[int, object] = {}
        starts = [_hhmm(s) for s, _ in VARIANTS[variant]]
        ends = [_hhmm(e) for _, e in VARIANTS[variant]]

        def offset(hours: int) -> object:
            # Built outside the timed loop (generous to pandas): one offset per duration.
            if hours not in offsets:
                offsets[hours] = pd.offsets.CustomBusinessHour(
                    n=hours, start=starts, end=ends, holidays=HOLIDAY_DATES
                )
            return offsets[hours]

        def pd_add(x: Any, off: Any) -> int:
            return _naive_to_epoch((x + off).to_pydatetime())

        impls.append(
            Impl(
                "pandas CustomBusinessHour",
                variant,
                add=pd_add,
                prep_add=lambda a, d: (pd.Timestamp(_naive(a)), offset(d // 3600)),
                whole_hours=True,
                note="no elapsed; whole hours only",
            )
        )
    return impls


def our_impls(variant: str, cal: BusinessCalendar) -> list[Impl]:
    def dt_elapsed(x: dt.datetime, y: dt.datetime) -> int:
        return round(cal.elapsed(x, y).total_seconds())

    def dt_add(x: dt.datetime, d: Duration) -> int:
        return int(cal.add(x, d).timestamp())

    def aware(t: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(t, TZ)

    return [
        Impl(
            "complaintflow elapsed_s/add_s",
            variant,
            elapsed=cal.elapsed_s,
            add=cal.add_s,
            prep_elapsed=lambda a, b: (a, b),
            prep_add=lambda a, d: (a, Duration.business(seconds=d)),
        ),
        Impl(
            "complaintflow elapsed/add (datetime)",
            variant,
            elapsed=dt_elapsed,
            add=dt_add,
            prep_elapsed=lambda a, b: (aware(a), aware(b)),
            prep_add=lambda a, d: (aware(a), Duration.business(seconds=d)),
        ),
    ]


# -- measuring ---------------------------------------------------------------------------


@dataclass
class Row:
    variant: str
    op: str
    name: str
    n: int
    us: float
    #: Wall µs/op beside the CPU figure ``us``.
    wall: float
    wrong: int | None = None
    equivalent: int = 0
    #: Peers only: answers on the timed sample that differ from complaintflow's.
    differ: int | None = None
    checked: int = 0
    note: str = ""
    correct: bool = field(init=False, default=False)


def _each(fn: Callable[..., int], args: Sequence[tuple[object, ...]]) -> list[int]:
    return [fn(*a) for a in args]


def _guarded(fn: Callable[..., int], args: Sequence[tuple[object, ...]]) -> list[int | None]:
    out: list[int | None] = []
    append = out.append
    for a in args:
        try:
            append(fn(*a))
        except Exception:  # a peer that raises got the case wrong; keep timing the rest
            append(None)
    return out


#: Calls timed in a peer's probe, and at least in its runs.
PROBE = 20


def time_calls(
    fn: Callable[..., int], args: Sequence[tuple[object, ...]], budget: float, repeat: int
) -> tuple[float, float, list[int | None]]:
    """CPU and wall µs per call over a prefix of ``args`` and the answers, best of
    ``repeat`` runs, as for our forms. The prefix (the ``n`` column) is sized from a
    probe of the first :data:`PROBE` calls so that one run takes about ``budget`` s."""
    probe = best(partial(_guarded, fn, args[:PROBE]), repeat=1)
    per_call = max(probe.cpu / min(PROBE, len(args)), 1e-9)
    count = min(len(args), max(PROBE, int(budget / per_call)))
    t = best(partial(_guarded, fn, args[:count]), repeat)
    cpu_us, wall_us = t.us(count)
    return cpu_us, wall_us, t.result


def random_pairs(rng: random.Random, n: int) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for _ in range(n):
        a, b = sorted(rng.randrange(LO // 60, HI // 60) * 60 for _ in range(2))
        starts.append(a)
        ends.append(b)
    return starts, ends


def random_durations(rng: random.Random, n: int, max_hours: int) -> list[int]:
    return [rng.randrange(1, max_hours * 60 + 1) * 60 for _ in range(n)]


def log_uniform_minutes(rng: random.Random, max_minutes: int) -> int:
    return max(1, int(math.exp(rng.uniform(0, math.log(max_minutes)))))


#: Span, then CPU and wall µs/op of elapsed_many, elapsed_s, add_many and add_s.
Scale = tuple[
    str, tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]
]


def scaling(cal: BusinessCalendar, rng: random.Random, n: int, repeat: int) -> list[Scale]:
    """Our µs/op against span length (elapsed) and business duration (add)."""
    spans = [
        ("1 hour", 3600, 1),
        ("1 day", 86400, 7.5),
        ("1 month", 30 * 86400, 22 * 7.5),
        ("1 year", 365 * 86400, 250 * 7.5),
    ]
    out: list[Scale] = []
    year_2025 = int(dt.datetime(2026, 1, 1, tzinfo=TZ).timestamp())
    for label, span, business_h in spans:
        starts = [rng.randrange(LO // 60, year_2025 // 60) * 60 for _ in range(n)]
        ends = [a + span for a in starts]
        durations = [int(business_h * 3600)] * n
        dur = Duration.business(seconds=durations[0])
        cal.elapsed_many(starts, ends)
        cal.add_many(starts, durations)
        pairs = list(zip(starts, ends, strict=True))
        timings = (
            best(partial(cal.elapsed_many, starts, ends), repeat),
            best(partial(_each, cal.elapsed_s, pairs), repeat),
            best(partial(cal.add_many, starts, durations), repeat),
            best(partial(_each, cal.add_s, [(a, dur) for a in starts]), repeat),
        )
        out.append((label, *(t.us(n) for t in timings)))
    return out


# -- the run -----------------------------------------------------------------------------


def run(args: argparse.Namespace) -> int:
    rng = random.Random(args.seed)
    starts, ends = random_pairs(rng, args.pairs)
    durations = random_durations(rng, args.pairs, MAX_DURATION_H)

    # Oracle sample: short and medium spans (where the edge cases are) plus a few long
    # pairs from the timed sample.
    o_pairs = []
    for _ in range(args.oracle_n):
        a = rng.randrange(LO // 60, HI // 60) * 60
        o_pairs.append((a, a + 60 * log_uniform_minutes(rng, 45 * 24 * 60)))
    o_pairs += list(zip(starts[: args.oracle_long], ends[: args.oracle_long], strict=True))
    o_adds = []
    for _ in range(args.oracle_n):
        a = rng.randrange(LO // 60, HI // 60) * 60
        o_adds.append((a, 60 * log_uniform_minutes(rng, 300 * 60)))
    o_adds += list(zip(starts[: args.oracle_long], durations[: args.oracle_long], strict=True))

    rows: list[Row] = []
    missing: list[str] = []
    build_ms: dict[str, float] = {}
    t_oracle = 0.0
    for variant in ("A", "B"):

        def build(v: str = variant) -> BusinessCalendar:
            built = make_calendar(v)
            built.elapsed_many([LO], [HI])  # builds the lazy index for 2025-2026
            return built

        built = best(build, args.repeat)
        cal = built.result
        build_ms[variant] = built.cpu * 1e3
        oracle = Oracle(variant)

        def truths(o: Oracle = oracle) -> tuple[list[int], list[int], list[int]]:
            hours = [(a, max(1, d // 3600) * 3600) for a, d in o_adds]
            return (
                [o.elapsed(a, b) for a, b in o_pairs],
                [o.add(a, d) for a, d in o_adds],
                [o.add(a, d) for a, d in hours],
            )

        truth_t = best(truths, repeat=1)
        truth_e, truth_a, truth_h = truth_t.result
        hour_adds = [(a, max(1, d // 3600) * 3600) for a, d in o_adds]
        t_oracle += truth_t.cpu

        # Our batch form: every pair, best of several runs.
        n = len(starts)
        cal.add_many(starts, durations)  # warm: extends the index past 2026 once
        e_t = best(partial(cal.elapsed_many, starts, ends), args.repeat)
        a_t = best(partial(cal.add_many, starts, durations), args.repeat)
        got_e = cal.elapsed_many([a for a, _ in o_pairs], [b for _, b in o_pairs])
        got_a = cal.add_many([a for a, _ in o_adds], [d for _, d in o_adds])
        name = "complaintflow elapsed_many/add_many"
        for op, t, got, truth in (
            ("elapsed", e_t, got_e, truth_e),
            ("add", a_t, got_a, truth_a),
        ):
            us, wall = t.us(n)
            rows.append(
                Row(variant, op, name, n, us, wall, wrong=_count(got, truth), checked=len(truth))
            )

        for impl in our_impls(variant, cal) + peer_impls(variant, missing):
            ours = impl.name.startswith("complaintflow")
            count = n if ours else min(args.peer_n, n)
            budget = math.inf if ours else args.peer_budget
            for op in ("elapsed", "add"):
                fn = impl.elapsed if op == "elapsed" else impl.add
                prep = impl.prep_elapsed if op == "elapsed" else impl.prep_add
                if fn is None or prep is None:
                    continue
                if op == "elapsed":
                    timed = [prep(a, b) for a, b in zip(starts[:count], ends[:count], strict=True)]
                    cases, truth = o_pairs, truth_e
                else:
                    ds = durations[:count]
                    if impl.whole_hours:
                        ds = [max(1, d // 3600) * 3600 for d in ds]
                    timed = [prep(a, d) for a, d in zip(starts[:count], ds, strict=True)]
                    cases, truth = (hour_adds, truth_h) if impl.whole_hours else (o_adds, truth_a)
                if ours:
                    us, wall = best(partial(_each, fn, timed), args.repeat).us(count)
                    used = count
                    differ = None
                else:
                    us, wall, answers = time_calls(fn, timed, budget, args.repeat)
                    used = len(answers)
                    if op == "elapsed":
                        ref = cal.elapsed_many(starts[:used], ends[:used])
                        differ = _count(answers, ref)
                    else:
                        ref = cal.add_many(starts[:used], ds[:used])
                        differ = sum(
                            1
                            for g, r in zip(answers, ref, strict=True)
                            if g != r and not (g is not None and g > r and cal.elapsed_s(r, g) == 0)
                        )
                checked_answers = [_try(fn, prep(a, b)) for a, b in cases]
                row = Row(variant, op, impl.name, used, us, wall, note=impl.note, differ=differ)
                row.checked = len(truth)
                if op == "add":
                    row.wrong, row.equivalent = _count_add(checked_answers, truth, oracle)
                else:
                    row.wrong = _count(checked_answers, truth)
                rows.append(row)

    for row in rows:
        row.correct = row.wrong == 0
    scale = scaling(make_calendar("A"), random.Random(args.seed + 1), args.scale_n, args.repeat)
    report(rows, scale, build_ms, t_oracle, missing, args)
    ours_ok = all(r.wrong == 0 for r in rows if r.name.startswith("complaintflow"))
    return 0 if ours_ok else 1


def _try(fn: Callable[..., int], args: tuple[object, ...]) -> int | None:
    try:
        return fn(*args)
    except Exception:  # a peer that raises on a case simply got it wrong
        return None


def _count(got: Sequence[int | None], truth: Sequence[int]) -> int:
    return sum(1 for g, t in zip(got, truth, strict=True) if g != t)


def _count_add(got: Sequence[int | None], truth: Sequence[int], oracle: Oracle) -> tuple[int, int]:
    wrong = equivalent = 0
    for g, t in zip(got, truth, strict=True):
        if g == t:
            continue
        if g is not None and g > t and oracle.closed_between(t, g):
            equivalent += 1  # e.g. 18:00 reported as the next opening, 09:00
        else:
            wrong += 1
    return wrong, equivalent


# -- reporting ---------------------------------------------------------------------------


def report(
    rows: list[Row],
    scale: list[Scale],
    build_ms: dict[str, float],
    t_oracle: float,
    missing: list[str],
    args: argparse.Namespace,
) -> None:
    md = args.markdown
    print(f"# Business calendars: {TZ_NAME}, Mon-Fri, {len(HOLIDAYS)} holidays in 2025-2026")
    print(
        f"machine: {platform.machine()}, CPython {platform.python_version()}; "
        f"seed {args.seed}; {args.pairs} random pairs over 2025-2026 (whole minutes); "
        f"add durations 1 min to {MAX_DURATION_H} business hours"
    )
    print(
        f"CPU time (wall beside it), best of {args.repeat} for ours and for each peer; "
        f"peers timed on at most the first {args.peer_n} pairs, as many as take about "
        f"{args.peer_budget:g} s of CPU a run (n column); oracle: minute-by-minute walk over "
        f"{args.oracle_n} short/medium + {args.oracle_long} long cases per operation "
        f"({t_oracle:.1f} s CPU)"
    )
    if missing:
        print(f"NOT INSTALLED (not measured): {', '.join(missing)}")
    for variant in ("A", "B"):
        print()
        print(
            f"## Calendar {variant}: {VARIANT_TEXT[variant]} "
            f"(index build for 2025-2026: {build_ms[variant]:.0f} ms CPU)"
        )
        for op in ("elapsed", "add"):
            sel = [r for r in rows if r.variant == variant and r.op == op]
            batch = sel[0].us
            print()
            head = [
                "implementation",
                "n",
                "CPU µs/op",
                "wall",
                "× batch",
                "oracle: wrong",
                "≠ complaintflow",
                "note",
            ]
            body = []
            for r in sel:
                wrong = f"{r.wrong}/{r.checked}"
                if r.equivalent:
                    wrong += f" (+{r.equivalent} equivalent)"
                differ = "" if r.differ is None else f"{r.differ}/{r.n}"
                body.append(
                    [
                        r.name,
                        str(r.n),
                        f"{r.us:,.2f}",
                        f"{r.wall:,.2f}",
                        f"{r.us / batch:,.1f}",
                        wrong,
                        differ,
                        r.note,
                    ]
                )
            print(f"{op}:")
            _table(head, body, md)
            peers = [r for r in sel if not r.name.startswith("complaintflow")]
            good = [r for r in peers if r.correct]
            if good:
                best = min(good, key=lambda r: r.us)
                print(
                    f"-> {op} batch is {best.us / batch:,.0f}x faster than the fastest "
                    f"correct peer ({best.name}, {best.us:,.1f} µs/op)"
                )
            elif peers:
                print(f"-> no peer got every {op} case right on calendar {variant}")
            else:
                print(f"-> no installed peer offers {op} on calendar {variant}")
    print()
    print("## Scaling with span length (calendar A, CPU µs/op, wall in brackets)")
    head = ["span", "elapsed_many", "elapsed_s", "add_many", "add_s", "add duration"]
    business = ["1 h", "7.5 h", "165 h", "1,875 h"]
    body = [
        [label, *(f"{cpu:.2f} ({wall:.2f})" for cpu, wall in vals), f"{b} business"]
        for (label, *vals), b in zip(scale, business, strict=True)
    ]
    _table(head, body, md)
    print()
    print("## Targets")
    for op in ("elapsed", "add"):
        a_rows = [r for r in rows if r.variant == "A" and r.op == op]
        batch = a_rows[0].us
        single = a_rows[1].us
        good = [r for r in rows if r.op == op and r.correct and "complaintflow" not in r.name]
        ratio_note = "no correct peer measured"
        if good:
            best = min(good, key=lambda r: r.us)
            ours = next(
                r.us for r in rows if r.variant == best.variant and r.op == op
            )  # our batch on the peer's calendar
            ratio = best.us / ours
            ratio_note = (
                f"{ratio:,.0f}x vs {best.name} on calendar {best.variant} "
                f"({'met' if ratio >= 50 else 'NOT met'})"
            )
        print(
            f"{op}: batch {batch:.2f} µs/op, single {single:.2f} µs/op CPU "
            f"(<= 3 µs: {'met' if batch <= 3 else 'NOT met'}); >= 50x: {ratio_note}"
        )
    ours_wrong = sum(r.wrong or 0 for r in rows if r.name.startswith("complaintflow"))
    print(f"oracle disagreements, all complaintflow forms: {ours_wrong} (target 0)")


def _table(head: list[str], body: list[list[str]], markdown: bool) -> None:
    if markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "|".join("---" for _ in head) + "|")
        for line in body:
            print("| " + " | ".join(line) + " |")
        return
    widths = [max(len(x) for x in col) for col in zip(head, *body, strict=True)]
    for line in [head, *body]:
        cells = [
            c.ljust(w) if i in (0, len(line) - 1) else c.rjust(w)
            for i, (c, w) in enumerate(zip(line, widths, strict=True))
        ]
        print("  ".join(cells).rstrip())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=10_000, help="timed random pairs")
    parser.add_argument("--peer-n", type=int, default=300, help="pairs timed for each peer")
    parser.add_argument(
        "--peer-budget", type=float, default=1.0, help="CPU seconds per peer run, about"
    )
    parser.add_argument("--oracle-n", type=int, default=400, help="short/medium oracle cases")
    parser.add_argument("--oracle-long", type=int, default=4, help="long oracle cases")
    parser.add_argument("--scale-n", type=int, default=5_000, help="pairs per scaling row")
    parser.add_argument("--repeat", type=int, default=5, help="best of N for every form and peer")
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = parser.parse_args(argv)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
