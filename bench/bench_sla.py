"""Benchmark of the SLA engine.

A ticket with four targets (SLA-2 dispatch, SLA-3 reply, SLA-5 investigation,
SLA-6 return visit) and ten events, on the official China calendar of 2026.

Measures, in one run:

- µs per ticket on the batch form (``evaluate_many`` over ``(kind, at_us)`` pairs)
  and on the edge form (``evaluate`` over ``Event`` datetimes);
- N tickets streamed from an iterator through ``evaluate_many`` and tallied
  (``SlaTally.of``), extrapolated to one million (``--full`` runs the million);
- memory: the tracemalloc peak for 10k and 100k tickets from an iterator.

There are no peer libraries to compare against: none of the Python packages we
know computes SLA clocks (start/pause/resume/stop/reset, warnings, breaches,
``next_check_at``) from a ticket's event history on a business calendar. The
business-time peers (businesstime, business-duration, businesstimedelta) are
compared with the calendar itself by the calendar benchmark.

Run: ``python bench/bench_sla.py [--full] [--n N]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from collections.abc import Iterator

import attrs

import complaintflow as cf
from complaintflow._time import from_us, to_us

US = 1_000_000
TARGETS = ("dispatch", "reply", "investigation", "return_visit")
#: Events of the shipped complaint workflow and minutes after registration: a ticket
#: that touches all four clocks, pauses two of them and opens a second reply cycle.
SCRIPT = (
    ("register", 0),
    ("accept", 20),
    ("await_customer", 90),
    ("investigate", 100),
    ("customer_responded", 300),
    ("propose", 1500),
    ("notify", 1560),
    ("dissatisfied", 1580),
    ("confirm", 1600),
    ("record_return_visit", 3000),
)
TICKET_TARGET_US = 30.0
MILLION_TARGET_S = 30.0


def build_policy() -> cf.sla.SlaPolicy:
    office = cf.calendars.default("china", years=[2026])
    full = cf.sla.default(office=office)
    return attrs.evolve(full, targets=[full.target(name) for name in TARGETS])


def tickets(n: int, seed: int = 7) -> Iterator[tuple[int, list[tuple[str, int]]]]:
    """``n`` tickets registered at random minutes between January and November 2026."""
    rnd = random.Random(seed)
    base = to_us(cf.parse_instant("2026-01-05T00:00:00+08:00"), "base")
    span_min = 320 * 24 * 60
    for i in range(n):
        start = base + rnd.randrange(span_min) * 60 * US
        jitter = rnd.randrange(0, 120)
        yield i, [(kind, start + (m + (jitter if m else 0)) * 60 * US) for kind, m in SCRIPT]


def per_ticket_batch(policy: cf.sla.SlaPolicy, now: object, n: int) -> float:
    data = list(tickets(n))
    start = time.perf_counter()
    for _ in cf.sla.evaluate_many(policy, data, now):  # type: ignore[arg-type]
        pass
    return (time.perf_counter() - start) / n * 1e6


def per_ticket_edge(policy: cf.sla.SlaPolicy, now: object, n: int) -> float:
    tz = cf.calendars.default("24x7").tz
    data = [
        (i, [cf.Event(kind, from_us(at, tz)) for kind, at in events]) for i, events in tickets(n)
    ]
    start = time.perf_counter()
    for i, events in data:
        cf.sla.evaluate(policy, events, now, ticket=i)  # type: ignore[arg-type]
    return (time.perf_counter() - start) / n * 1e6


def pooled(n: int, pool: list[tuple[int, list[tuple[str, int]]]]) -> Iterator[tuple[int, list]]:
    """``n`` tickets drawn in turn from a pool: an iterator that costs the host nothing."""
    size = len(pool)
    for i in range(n):
        yield i, pool[i % size][1]


def stream(
    policy: cf.sla.SlaPolicy, now: object, n: int
) -> tuple[float, float, float, cf.sla.SlaTally]:
    """Seconds for ``n`` tickets from an iterator: evaluated only, evaluated and
    tallied (both from a pool, which costs the host nothing), and generated on the
    fly, evaluated and tallied (the generator's cost included)."""
    pool = list(tickets(10_000))
    start = time.perf_counter()
    for _ in cf.sla.evaluate_many(policy, pooled(n, pool), now):  # type: ignore[arg-type]
        pass
    engine = time.perf_counter() - start
    start = time.perf_counter()
    tally = cf.sla.SlaTally.of(cf.sla.evaluate_many(policy, pooled(n, pool), now))  # type: ignore[arg-type]
    tallied = time.perf_counter() - start
    start = time.perf_counter()
    cf.sla.SlaTally.of(cf.sla.evaluate_many(policy, tickets(n), now))  # type: ignore[arg-type]
    return engine, tallied, time.perf_counter() - start, tally


def peak_memory(policy: cf.sla.SlaPolicy, now: object, n: int) -> int:
    tracemalloc.start()
    tracemalloc.reset_peak()
    cf.sla.SlaTally.of(cf.sla.evaluate_many(policy, tickets(n), now))  # type: ignore[arg-type]
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="stream one million tickets")
    parser.add_argument("--n", type=int, default=100_000, help="tickets streamed (default 100k)")
    parser.add_argument("--repeat", type=int, default=3, help="repetitions of the µs figures")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    args = parser.parse_args(argv)
    policy = build_policy()
    now = cf.parse_instant("2026-12-20T12:00:00+08:00")
    n_stream = 1_000_000 if args.full else (5_000 if args.quick else args.n)
    n_unit = 2_000 if args.quick else 20_000
    mem_sizes = (1_000, 10_000) if args.quick else (10_000, 100_000)

    list(cf.sla.evaluate_many(policy, tickets(200), now))  # build the calendar index once
    batch_us = min(per_ticket_batch(policy, now, n_unit) for _ in range(args.repeat))
    edge_us = per_ticket_edge(policy, now, n_unit // 4)
    seconds, tallied, generated, tally = stream(policy, now, n_stream)
    per_million = 1_000_000 / n_stream
    peaks = [peak_memory(policy, now, n) for n in mem_sizes]

    print(f"SLA engine: {len(TARGETS)} targets, {len(SCRIPT)} events per ticket "
          f"(Python {sys.version.split()[0]})")  # fmt: skip
    print()
    print(f"{'measure':<52}{'value':>14}{'target':>12}")
    print("-" * 78)
    print(f"{'batch form, µs per ticket (evaluate_many)':<52}{batch_us:>14.1f}"
          f"{'<= 30':>12}")  # fmt: skip
    print(f"{'batch form x 1M tickets, s (evaluation only)':<52}{batch_us:>14.1f}"
          f"{'< 30':>12}")  # fmt: skip
    print(f"{'edge form, µs per ticket (evaluate, datetimes)':<52}{edge_us:>14.1f}{'':>12}")
    print(f"{'edge / batch':<52}{edge_us / batch_us:>13.2f}x{'':>12}")
    extrapolated = "measured" if n_stream == 1_000_000 else "extrapolated"
    label = f"stream {n_stream:,} tickets (iterator), evaluate, s"
    print(f"{label:<52}{seconds:>14.2f}{'':>12}")
    label = f"1M tickets (iterator), evaluate, s ({extrapolated})"
    print(f"{label:<52}{seconds * per_million:>14.1f}{'< 30':>12}")
    label = "  same + SlaTally of all reports, s"
    print(f"{label:<52}{tallied * per_million:>14.1f}{'':>12}")
    label = "  same + tickets generated on the fly, s"
    print(f"{label:<52}{generated * per_million:>14.1f}{'':>12}")
    for n, peak in zip(mem_sizes, peaks, strict=True):
        print(f"{f'tracemalloc peak, {n:,} tickets from an iterator, KiB':<52}"
              f"{peak / 1024:>14.0f}{'':>12}")  # fmt: skip
    print(f"{'memory ratio (x10 tickets)':<52}{peaks[1] / peaks[0]:>13.2f}x{'flat':>12}")
    print()
    print("Peers: none. No Python library we know evaluates SLA clocks from a ticket's")
    print("event history on a business calendar, so there is nothing to compare in the")
    print("same run; business-time arithmetic itself is the calendar benchmark's subject.")
    dispatch = next(r for r in tally.records() if r["target"] == "dispatch")
    print(f"(sanity: dispatch compliance {dispatch['compliance_rate']:.3f} over "
          f"{dispatch['applicable']:,} tickets)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
