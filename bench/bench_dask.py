"""Benchmark: replay on a local Dask cluster of two worker processes against one process.

The tickets are ``generate_tickets(n, ..., part=(k, parts))`` for ``k`` in
``range(parts)``: each worker generates and replays whole partitions, so only the
partition number goes in and only the partition's report comes back (the policy is
scattered to the workers once). One process replays the same partitions chained in
order, and the merged report must equal its report (exit status 1 if not).

The workers run with :data:`QUIET` (no statistical profiler, slower event-loop
checks; ``--dask-defaults`` runs them without it, to compare). Measured in the
same run, best of ``--repeat`` for each row:

- start-up, apart: the ``LocalCluster`` of 2 worker processes (1 thread each), the
  client, and a warm-up partition on each worker (imports, calendars);
- one process: wall and CPU time of the replay (generation included), each the
  best of the runs (``bench/_timing.py``, the collector left on as in the workers);
- Dask: wall time from submitting to the merged report; the CPU time each worker
  process spent (read in the workers before and after, so Dask's own work in the
  worker counts) and this process's CPU time;
- a minimal peer, ``multiprocessing`` (a forked pool of 2 processes, the partitions
  handed out one at a time): wall time and speed-up, for what two processes give on
  this machine at the moment without Dask;
- the speed-up in wall time, and the CPU-bound speed-up, one process's CPU over the
  busier worker's CPU: what the wall-time speed-up is on two idle cores (the
  scheduler hands partitions to whichever worker is free, so on a loaded machine
  one worker may take more of them; the wall-time figure is then lower, and the
  CPU figures say why).

Run: ``python bench/bench_dask.py`` (10,000 and 100,000 tickets, about a minute of
CPU) or ``-n 20000 200000``. Needs the ``examples`` extra (``dask[distributed]``).
"""

from __future__ import annotations

import argparse
import functools
import itertools
import multiprocessing
import operator
import time
from collections.abc import Iterator

import complaintflow as cf
from _timing import best

SEED = 2026
START = cf.parse_instant("2025-03-03T00:00:00+08:00")
DAYS = 365  # n tickets over one year of the 2025-2026 official calendar
NOW = START.add(days=DAYS)
#: Dask settings for workers that run long pure-Python tasks: no statistical profiler
#: (a thread that samples the task's stack every 10 ms, taking the GIL each time) and
#: slower event-loop and system checks (``--dask-defaults`` compares).
QUIET = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
}


def tickets(n: int, k: int, parts: int) -> Iterator[dict[str, cf.workflows.JSON]]:
    return cf.synthetic.generate_tickets(n, seed=SEED, start=START, days=DAYS, part=(k, parts))


def replay_part(n: int, k: int, parts: int, policy: cf.policy.Policy) -> cf.policy.ReplayReport:
    """One task: generate partition ``k`` in the worker and replay it."""
    return cf.policy.replay(tickets(n, k, parts), policy, now=NOW)


def single(n: int, parts: int, policy: cf.policy.Policy) -> cf.policy.ReplayReport:
    chained = itertools.chain.from_iterable(tickets(n, k, parts) for k in range(parts))
    return cf.policy.replay(chained, policy, now=NOW)


def _pool_part(job: tuple[int, int, int]) -> cf.policy.ReplayReport:
    n, k, parts = job
    return replay_part(n, k, parts, _POLICY)


_POLICY = cf.default_policy()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, nargs="+", default=[10_000, 100_000], help="tickets")
    parser.add_argument("--parts", type=int, default=16, help="partitions (default 16)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument(
        "--dask-defaults", action="store_true", help="run the workers without QUIET"
    )
    args = parser.parse_args(argv)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        print("dask[distributed] is not installed (the examples extra); skipped")
        return 0

    policy = cf.default_policy()
    parts, repeat = args.parts, args.repeat
    print(f"Dask replay: {parts} partitions on a LocalCluster of 2 worker processes "
          f"(1 thread each) against one process; best of {repeat}; worker settings: "
          f"{'Dask defaults' if args.dask_defaults else 'QUIET'}")  # fmt: skip
    import dask

    if not args.dask_defaults:
        dask.config.set(QUIET)
    started = time.perf_counter()
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    status = 0
    with cluster, Client(cluster) as client:
        shared = client.scatter(policy, broadcast=True)
        client.run(replay_part, 1_000, parts - 1, parts, policy)  # warm up every worker
        print(f"start-up (cluster, client, warm-up on each worker): "
              f"{time.perf_counter() - started:.2f} s wall, reported apart\n")  # fmt: skip
        single(1_000, parts, policy)  # warm up this process the same way

        pool = multiprocessing.get_context("fork").Pool(2)
        pool.map(_pool_part, [(1_000, parts - 1, parts)] * 2)  # warm up
        print(f"{'tickets':>9} | {'one process':>21} | {'Dask, 2 workers':>38} | "
              f"{'speed-up':>17} | {'multiprocessing, 2':>18}")  # fmt: skip
        print(f"{'':>9} | {'wall s':>10} {'CPU s':>10} | {'wall s':>10} "
              f"{'worker CPU s':>16} {'own CPU':>10} | {'wall':>7} {'CPU-bound':>9} | "
              f"{'wall s':>8} {'speed-up':>9}")  # fmt: skip
        for n in args.n:
            one = best(lambda n=n: single(n, parts, policy), repeat, gc_off=False)
            expected = one.result
            best_dask = (float("inf"), (float("inf"),), 0.0)
            for _ in range(repeat):
                before = client.run(time.process_time)
                w, c = time.perf_counter(), time.process_time()
                futures = client.map(
                    replay_part, [n] * parts, range(parts), [parts] * parts, policy=shared,
                    pure=False,
                )  # fmt: skip
                reports = client.gather(futures)
                merged = functools.reduce(operator.add, reports)
                wall, own = time.perf_counter() - w, time.process_time() - c
                after = client.run(time.process_time)
                workers = tuple(sorted(after[a] - before[a] for a in after))
                if merged != expected:
                    print(f"{n:>9,} | the merged report differs from the single-process one")
                    status = 1
                best_dask = min(best_dask, (wall, workers, own))
            best_pool = float("inf")
            for _ in range(repeat):
                w = time.perf_counter()
                jobs = [(n, k, parts) for k in range(parts)]
                merged = functools.reduce(operator.add, pool.imap_unordered(_pool_part, jobs))
                best_pool = min(best_pool, time.perf_counter() - w)
                if merged != expected:
                    print(f"{n:>9,} | the pool's merged report differs")
                    status = 1
            wall, workers, own = best_dask
            cpu_bound = one.cpu / max(workers)
            print(f"{n:>9,} | {one.wall:>10.2f} {one.cpu:>10.2f} | {wall:>10.2f} "
                  f"{' + '.join(f'{x:.2f}' for x in workers):>16} {own:>10.2f} | "
                  f"{one.wall / wall:>6.2f}x {cpu_bound:>8.2f}x | {best_pool:>8.2f} "
                  f"{one.wall / best_pool:>8.2f}x")  # fmt: skip
        pool.close()
        pool.join()
    print("\nthe merged reports equal the single-process reports: " + str(status == 0))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
