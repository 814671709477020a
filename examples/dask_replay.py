"""Scale a replay out on Dask, and check that the parts add up to the whole.

Run with ``python examples/dask_replay.py`` (needs the ``examples`` extra:
``pip install "complaintflow[examples]"`` brings ``dask[distributed]``).

A year of a national hotline's tickets does not fit one process's patience. Three
properties of complaintflow make the replay partition:

- policies, ticket records and reports are plain, picklable values, and replay is a
  pure function of them, so any worker process can run any partition;
- a ``ReplayReport`` is *mergeable*: the reports of the parts, merged in any order
  (``a.merge(b)`` or ``a + b``), equal the report of the whole;
- ``generate_tickets(..., part=(k, parts))`` generates partition ``k`` of ``parts``
  on its own, in time proportional to its share, and the partitions chained in
  order are one export of ``n`` tickets.

Here a local cluster of two worker processes replays 40,000 synthetic tickets in
eight partitions. Only the partition number goes in (and the policy, about 2 KB
pickled) and only the partition's report comes back; each worker generates its
own tickets. With a real export, the partition would be a file (one Parquet or
JSON-lines file of whole tickets) read inside the worker: see "Scaling out with
Dask" in docs/policy.md, which also shows the same code on an existing cluster.

The example then replays the same tickets in this process and asserts that the
merged report equals the single-process one. Examples read no clock (their output
is the same on every run), so the speed-up is measured by ``bench/bench_dask.py``:
the same partitions on the same cluster against one process, best of N, with the
cluster's start-up reported apart.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterator

import dask
import dask.bag as db
from dask.distributed import Client, LocalCluster

import complaintflow as cf

N_TICKETS = 40_000
PARTS = 8
SEED = 2026
START = cf.parse_instant("2026-03-02T00:00:00+08:00")
DAYS = 42  # six weeks at about 950 contacts a day
NOW = START.add(days=DAYS)
POLICY = cf.default_policy()


def tickets(k: int) -> Iterator[dict[str, cf.workflows.JSON]]:
    """Partition ``k`` of the seeded stream (the same in every process)."""
    return cf.synthetic.generate_tickets(
        N_TICKETS, seed=SEED, start=START, days=DAYS, part=(k, PARTS)
    )


def replay_part(k: int) -> cf.policy.ReplayReport:
    """Runs in a worker process: generate partition ``k`` and replay it."""
    return cf.policy.replay(tickets(k), POLICY, now=NOW)


def main() -> None:
    # Workers that run long pure-Python tasks: no statistical profiler (it samples the
    # task's stack every 10 ms, taking the GIL each time), slower event-loop checks.
    dask.config.set(
        {
            "distributed.worker.profile.enabled": False,
            "distributed.admin.tick.interval": "1s",
            "distributed.admin.system-monitor.interval": "5s",
        }
    )
    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        print(f"cluster: {len(client.scheduler_info()['workers'])} worker processes")
        bag = db.from_sequence(range(PARTS), npartitions=PARTS)
        # map: one report per partition; fold: merge them (in the cluster) into one
        combined: cf.policy.ReplayReport = bag.map(replay_part).fold(operator.add).compute()
    print(f"Dask: {PARTS} partitions of {N_TICKETS // PARTS:,} tickets, each generated and "
          "replayed in a worker, merged")  # fmt: skip

    chained = itertools.chain.from_iterable(tickets(k) for k in range(PARTS))
    single = cf.policy.replay(chained, POLICY, now=NOW)  # the same tickets, in this process

    assert combined == single, "the merged report differs from the single-process one"
    print("the merged report equals the single-process report: True")

    s = combined.summary()
    print(
        f"\n{s['tickets']:,} tickets, {s['failed']} not evaluable; SLA clocks: "
        f"{s['sla_met']:,} met, {s['sla_breached']:,} breached "
        f"({s['sla_compliance']:.1%} compliance); {s['violations']:,} rule violations"
    )
    states = sorted(combined.state_records(), key=lambda r: -int(r["count"]))
    print("most common states: " + ", ".join(
        f"{r['workflow']}/{r['state']} {r['count']:,}" for r in states[:4]
    ))  # fmt: skip


if __name__ == "__main__":  # worker processes import this file; only the parent runs main
    main()
