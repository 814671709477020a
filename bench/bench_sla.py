"""Benchmark of the SLA engine.

A ticket with four targets (SLA-2 dispatch, SLA-3 reply, SLA-5 investigation,
SLA-6 return visit) and ten events, on the official China calendar of 2026.

Measures, in one run:

- µs per ticket on the batch form (``evaluate_many`` over ``(kind, at_us)`` pairs)
  and on the edge form (``evaluate`` over ``Event`` datetimes);
- N tickets streamed from an iterator through ``evaluate_many`` and tallied
  (``SlaTally.of``), extrapolated to one million (``--full`` runs the million);
- memory: the tracemalloc peak for 10k and 100k tickets from an iterator.

Every time is CPU time (the machine is shared) with wall time beside it, best of
``--repeat`` runs (``bench/_timing.py``); the million is timed once.

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
import tracemalloc
from collections.abc import Iterator

import attrs

import complaintflow as cf
from _timing import Timing, best
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


def per_ticket_batch(
    policy: cf.sla.SlaPolicy, now: object, n: int, repeat: int
) -> tuple[float, float]:
    """CPU and wall µs per ticket of the batch form."""
    data = list(tickets(n))

    def run() -> None:
        for _ in cf.sla.evaluate_many(policy, data, now):  # type: ignore[arg-type]
            pass

    return best(run, repeat).us(n)


def per_ticket_edge(
    policy: cf.sla.SlaPolicy, now: object, n: int, repeat: int
) -> tuple[float, float]:
    """CPU and wall µs per ticket of the edge form."""
    tz = cf.calendars.default("24x7").tz
    data = [
        (i, [cf.Event(kind, from_us(at, tz)) for kind, at in events]) for i, events in tickets(n)
    ]

    def run() -> None:
        for i, events in data:
            cf.sla.evaluate(policy, events, now, ticket=i)  # type: ignore[arg-type]

    return best(run, repeat).us(n)


def pooled(n: int, pool: list[tuple[int, list[tuple[str, int]]]]) -> Iterator[tuple[int, list]]:
    """``n`` tickets drawn in turn from a pool: an iterator that costs the host nothing."""
    size = len(pool)
    for i in range(n):
        yield i, pool[i % size][1]


def stream(
    policy: cf.sla.SlaPolicy, now: object, n: int, repeat: int
) -> tuple[Timing[None], Timing[cf.sla.SlaTally], Timing[cf.sla.SlaTally]]:
    """Seconds for ``n`` tickets from an iterator: evaluated only, evaluated and
    tallied (both from a pool, which costs the host nothing), and generated on the
    fly, evaluated and tallied (the generator's cost included)."""
    pool = list(tickets(10_000))

    def engine() -> None:
        for _ in cf.sla.evaluate_many(policy, pooled(n, pool), now):  # type: ignore[arg-type]
            pass

    def tallied() -> cf.sla.SlaTally:
        return cf.sla.SlaTally.of(cf.sla.evaluate_many(policy, pooled(n, pool), now))  # type: ignore[arg-type]

    def generated() -> cf.sla.SlaTally:
        return cf.sla.SlaTally.of(cf.sla.evaluate_many(policy, tickets(n), now))  # type: ignore[arg-type]

    return best(engine, repeat), best(tallied, repeat), best(generated, repeat)


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
    parser.add_argument("--repeat", type=int, default=3, help="best of N for every time")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke test")
    args = parser.parse_args(argv)
    policy = build_policy()
    now = cf.parse_instant("2026-12-20T12:00:00+08:00")
    n_stream = 1_000_000 if args.full else (5_000 if args.quick else args.n)
    n_unit = 2_000 if args.quick else 20_000
    mem_sizes = (1_000, 10_000) if args.quick else (10_000, 100_000)

    list(cf.sla.evaluate_many(policy, tickets(200), now))  # build the calendar index once
    batch_us, batch_wall = per_ticket_batch(policy, now, n_unit, args.repeat)
    edge_us, edge_wall = per_ticket_edge(policy, now, n_unit // 4, args.repeat)
    engine, tallied, generated = stream(policy, now, n_stream, 1 if args.full else args.repeat)
    tally = tallied.result
    per_million = 1_000_000 / n_stream
    peaks = [peak_memory(policy, now, n) for n in mem_sizes]

    print(f"SLA engine: {len(TARGETS)} targets, {len(SCRIPT)} events per ticket "
          f"(Python {sys.version.split()[0]}); CPU and wall time, best of "
          f"{1 if args.full else args.repeat}")  # fmt: skip
    print()
    print(f"{'measure':<56}{'CPU':>10}{'wall':>10}{'target':>10}")
    print("-" * 86)

    def line(label: str, cpu: float, wall: float, target: str = "", digits: int = 1) -> None:
        print(f"{label:<56}{cpu:>10.{digits}f}{wall:>10.{digits}f}{target:>10}")

    line("batch form, µs per ticket (evaluate_many)", batch_us, batch_wall, "<= 30")
    line("batch form x 1M tickets, s (evaluation only)", batch_us, batch_wall, "< 30")
    line("edge form, µs per ticket (evaluate, datetimes)", edge_us, edge_wall)
    print(f"{'edge / batch (CPU)':<56}{edge_us / batch_us:>9.2f}x")
    extrapolated = "measured" if n_stream == 1_000_000 else "extrapolated"
    line(f"stream {n_stream:,} tickets (iterator), evaluate, s", engine.cpu, engine.wall, "", 2)
    line(f"1M tickets (iterator), evaluate, s ({extrapolated})", engine.cpu * per_million,
         engine.wall * per_million, "< 30")  # fmt: skip
    line("  same + SlaTally of all reports, s", tallied.cpu * per_million,
         tallied.wall * per_million)  # fmt: skip
    line("  same + tickets generated on the fly, s", generated.cpu * per_million,
         generated.wall * per_million)  # fmt: skip
    for n, peak in zip(mem_sizes, peaks, strict=True):
        print(f"{f'tracemalloc peak, {n:,} tickets from an iterator, KiB':<56}"
              f"{peak / 1024:>10.0f}")  # fmt: skip
    print(f"{'memory ratio (x10 tickets)':<56}{peaks[1] / peaks[0]:>9.2f}x{'':>10}{'flat':>10}")
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
