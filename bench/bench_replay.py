"""Benchmark: what-if replay of synthetic tickets under the default policy.

Target: a million tickets in under 60 s in one process, memory flat in the number
of tickets. Measured in the same run:

- generating the tickets alone (``generate_tickets``: the input's own cost);
- ``replay`` of the generated stream (generation included, aggregation included),
  per ticket and extrapolated to one million;
- ``replay`` over tickets generated beforehand (the library's own cost);
- ``replay_tickets``: every ticket's full outcome (SLA report with deadlines and
  ``next_check_at``, violations) instead of the counts;
- ``compare`` of two policies (both replays, the stream read once);
- peak traced memory of ``replay`` for two stream lengths (flat means equal).

No peer library replays complaint policies, so there is no peer row; the rows
above are the comparison. ``--full`` runs the million.

Run: ``python bench/bench_replay.py`` (about a minute) or ``--full``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc

import complaintflow as cf

START = cf.parse_instant("2025-03-03T00:00:00+08:00")


def tickets(n: int, days: int) -> object:
    return cf.synthetic.generate_tickets(n, seed=2026, start=START, days=days)


def timed(fn: object) -> float:
    gc.collect()
    t = time.perf_counter()
    fn()  # type: ignore[operator]
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=100_000, help="tickets (default 100,000)")
    parser.add_argument("--full", action="store_true", help="replay 1,000,000 tickets")
    args = parser.parse_args(argv)
    n = 1_000_000 if args.full else args.n
    days = 365  # n tickets spread over one year of the 2025-2026 official calendar
    now = START.add(days=days)
    policy = cf.default_policy()
    variant = policy.with_({"followup.window.within": "2 calendar days",
                            "sla.targets[reply].within": "1 business day"})  # fmt: skip

    print(f"replay benchmark: {n:,} synthetic tickets over {days} days, default policy")
    gen = timed(lambda: sum(1 for _ in tickets(n, days)))
    result: dict[str, cf.policy.ReplayReport] = {}
    full = timed(
        lambda: result.setdefault("r", cf.policy.replay(tickets(n, days), policy, now=now))
    )
    report = result["r"]
    m = min(n, 100_000)
    ready = list(tickets(m, days))
    own = timed(lambda: cf.policy.replay(ready, policy, now=now))
    outcomes = timed(
        lambda: sum(1 for _ in cf.policy.replay_tickets(ready[: m // 5], policy, now=now))
    )
    cmp = timed(lambda: cf.policy.compare(ready[: m // 5], policy, variant, now=now))

    rows = [
        ("generate_tickets alone", gen, n),
        ("replay (generation included)", full, n),
        ("replay of tickets generated beforehand", own, m),
        ("replay_tickets (full per-ticket outcomes)", outcomes, m // 5),
        ("compare of two policies (per ticket, both)", cmp, m // 5),
    ]
    print(f"{'measure':46} {'tickets':>9} {'s':>8} {'µs/ticket':>10} {'1M in s':>8}")
    for name, seconds, count in rows:
        per = seconds / count * 1e6
        print(f"{name:46} {count:>9,} {seconds:>8.2f} {per:>10.1f} {per:>8.1f}")

    summary = report.summary()
    print(f"report: {summary}")
    if report.failed_tickets:
        print(f"FAILED tickets: {report.failed}")

    sizes = (2_000, 20_000, 100_000) if args.full else (2_000, 20_000)
    peaks = []
    for size in sizes:
        tracemalloc.start()
        cf.policy.replay(tickets(size, days), policy, now=now)
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    print(
        "memory (tracemalloc peak): "
        + ", ".join(f"{s:,} tickets {p / 1024:,.0f} KiB" for s, p in zip(sizes, peaks, strict=True))
    )
    per_million = full / n * 1e6
    print(f"target: 1M tickets < 60 s in one process: {per_million:.1f} s "
          f"({'met' if per_million < 60 else 'NOT met'})")  # fmt: skip
    return 0 if not report.failed_tickets else 1


if __name__ == "__main__":
    sys.exit(main())
