"""Benchmark: the FLOW-9 statistics fold against replay alone and an exact-list fold.

Measured in the same run, over tickets generated beforehand, at sizes 10x apart,
best of ``--repeat`` runs for every row, CPU (``process_time``) and wall time
(``bench/_timing.py``):

- ``replay_tickets``: every ticket's outcome, counted and dropped (the replay the
  statistics stand on);
- ``statistics``: the mergeable aggregate (replay, the second read of each record
  for its accepted events, the fold into segments and sketches);
- a minimal exact fold: ``replay_tickets`` plus a plain loop that keeps every
  cycle time in a list per segment and sorts the lists at the end (exact
  quantiles, memory growing with the tickets: what the sketch replaces);
- the peak traced memory of ``statistics`` at both sizes (bounded by the segments,
  not the tickets).

Run: ``python bench/bench_statistics.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import tracemalloc

import complaintflow as cf
from _timing import best

START = cf.parse_instant("2026-03-02T00:00:00+08:00")
DAYS = 30
NOW = START.add(days=DAYS + 14)
RESOLVING = {"confirm", "conclude", "close", "answer", "forward"}


def exact_fold(records: list[dict[str, object]], policy: cf.Policy) -> dict[object, list[float]]:
    """Cycle times per (workflow, type, channel) in exact sorted lists."""
    lists: dict[object, list[float]] = {}
    outcomes = cf.policy.replay_tickets(records, policy, now=NOW)
    for record, outcome in zip(records, outcomes, strict=True):
        if outcome.error is not None:
            continue
        events = record["events"]
        assert isinstance(events, list)
        times = [dt.datetime.fromisoformat(e["at"]) for e in events]
        ends = [t for e, t in zip(events, times, strict=True) if e["name"] in RESOLVING]
        if ends:
            key = (record["workflow"], record.get("category"), record.get("channel"))
            lists.setdefault(key, []).append((ends[0] - min(times)).total_seconds())
    for values in lists.values():
        values.sort()
    return lists


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per row (best of)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000])
    args = parser.parse_args(argv)
    policy = cf.default_policy()
    print(f"statistics benchmark: synthetic tickets over {DAYS} days, default policy")
    print(f"best of {args.repeat}")
    print(f"{'tickets':>8} {'what':<28} {'CPU s':>8} {'wall s':>8} {'CPU µs/ticket':>13}")
    for n in args.sizes:
        records = list(cf.synthetic.generate_tickets(n, seed=2026, start=START, days=DAYS))
        rows = {
            "replay_tickets": lambda r=records: sum(
                1 for _ in cf.policy.replay_tickets(r, policy, now=NOW)
            ),
            "statistics": lambda r=records: cf.policy.statistics(r, policy, now=NOW),
            "exact lists (minimal)": lambda r=records: exact_fold(r, policy),
        }
        for name, fn in rows.items():
            t = best(fn, args.repeat, gc_off=False)
            print(f"{n:>8,} {name:<28} {t.cpu:>8.3f} {t.wall:>8.3f} {t.cpu / n * 1e6:>13.1f}")
        tracemalloc.start()
        stats = cf.policy.statistics(records, policy, now=NOW)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f"{n:>8,} {'statistics peak memory':<28} {peak / 1e6:>8.1f} MB "
              f"({len(stats.segments)} segments)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
