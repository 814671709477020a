"""Benchmark: synthetic ticket histories per second, and what they cost downstream.

Run ``python bench/bench_synthetic.py`` (about 20 s). The issue names no peer
library for the generator, so in the same run it measures, for the same records:

- ``generate_tickets`` consumed and dropped (records/s; target >= 50,000, floor
  20,000, because the replay benchmark generates a million tickets);
- the random draws alone: one ``random.Random`` call per draw the generator makes
  (the floor of any seeded generator of this much variety);
- ``json.dumps`` of each record (what writing the export to a file would add);
- ``Event.from_dict`` + ``replay_events`` of each record under its shipped workflow (the
  downstream cost per ticket the replay pays for parsing and folding);
- peak traced memory while generating ``n / 200`` and ``n / 20`` tickets over the
  same 30-day period (flat in ``n``; the period's tables grow with ``days``).

Every row is CPU time (the machine is shared) with wall time beside it, best of
``--repeat`` runs for every row (``bench/_timing.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import random
import sys
import tracemalloc

from _timing import best
from complaintflow.synthetic import generate_tickets
from complaintflow.workflows import Event, default, replay_events

START = dt.datetime(2024, 3, 4, tzinfo=dt.timezone(dt.timedelta(hours=8)))
TARGET_PER_S = 50_000
FLOOR_PER_S = 20_000
DRAWS_PER_TICKET = 20  # measured: about 19 rng.random() calls per ticket on average


def run_generate(n: int, days: int | None = None) -> None:
    for _rec in generate_tickets(n, seed=1, start=START, days=days):
        pass


def run_draws(n: int) -> None:
    r = random.Random(1).random
    for _ in range(n * DRAWS_PER_TICKET):
        r()


def peak_memory(n: int, days: int) -> int:
    tracemalloc.start()
    try:
        run_generate(n, days)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("-n", type=int, default=200_000, help="tickets to generate per run")
    parser.add_argument("--repeat", type=int, default=3, help="runs; the best is reported")
    args = parser.parse_args(argv)
    n = args.n
    print(f"complaintflow synthetic benchmark: CPython {platform.python_version()}, "
          f"{platform.machine()}; n = {n:,}, best of {args.repeat}")  # fmt: skip
    print("peer libraries: none generates complaint histories; same-run context figures below\n")

    repeat = args.repeat
    gen = best(lambda: run_generate(n), repeat)
    draws = best(lambda: run_draws(n), repeat)
    sample = list(generate_tickets(min(n, 50_000), seed=1, start=START))
    m = len(sample)
    dumps = best(lambda: [json.dumps(r, ensure_ascii=False) for r in sample], repeat)
    defs = {name: default(name) for name in ("complaint", "inquiry", "suggestion", "incident")}

    def replay_all() -> None:
        for rec in sample:
            events = [Event.from_dict(e) for e in rec["events"]]  # type: ignore[union-attr,arg-type]
            replay_events(defs[str(rec["workflow"])], str(rec["ticket_id"]), events)

    rep = best(replay_all, repeat)
    events = sum(len(r["events"]) for r in sample)  # type: ignore[arg-type]

    per = gen.cpu / n
    rows = [
        ("generate_tickets (consumed, dropped)", gen, n),
        (f"random draws only ({DRAWS_PER_TICKET} per ticket)", draws, n),
        ("json.dumps of the record", dumps, m),
        ("Event.from_dict + replay_events of the record", rep, m),
    ]
    print(f"{'per ticket':46s} {'CPU µs':>8s} {'wall µs':>8s} {'vs generate (CPU)':>18s}")
    for name, t, count in rows:
        cpu_us, wall_us = t.us(count)
        print(f"{name:46s} {cpu_us:8.2f} {wall_us:8.2f} {t.cpu / count / per:17.2f}x")
    rate = n / gen.cpu
    verdict = "met" if rate >= TARGET_PER_S else ("floor met" if rate >= FLOOR_PER_S else "MISSED")
    print(f"\ngenerate_tickets: {rate:,.0f} tickets/s CPU ({n / gen.wall:,.0f}/s wall; "
          f"{events / m:.1f} events/ticket); target >= {TARGET_PER_S:,}/s, floor "
          f"{FLOOR_PER_S:,}/s: {verdict}")  # fmt: skip
    print(f"1,000,000 tickets (extrapolated): {per * 1e6:.1f} s CPU to generate "
          f"({gen.wall / n * 1e6:.1f} s wall)")  # fmt: skip
    k = max(n // 20, 100)  # tracemalloc slows Python down about tenfold
    small, large = peak_memory(k // 10, 30), peak_memory(k, 30)
    print(f"peak traced memory over a 30-day period, {k // 10:,} / {k:,} tickets: "
          f"{small / 1e6:.2f} MB / {large / 1e6:.2f} MB")  # fmt: skip
    return 0 if rate >= FLOOR_PER_S else 1


if __name__ == "__main__":
    sys.exit(main())
