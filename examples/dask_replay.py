"""Scale a replay out on Dask, and check that the parts add up to the whole.

Run with ``python examples/dask_replay.py`` (needs the ``examples`` extra:
``pip install "complaintflow[examples]"`` brings ``dask[distributed]``).

A year of a national hotline's tickets does not fit one process's patience. Two
properties of complaintflow make the replay partition:

- policies, ticket records and reports are plain, picklable values, and replay is a
  pure function of them, so any worker process can run any partition;
- a ``ReplayReport`` is *mergeable*: the reports of the parts, merged in any order
  (``a.merge(b)`` or ``a + b``), equal the report of the whole.

Here a local cluster of two worker processes replays 20,000 synthetic tickets in
eight partitions. Each partition is described by a small ``(first, stop)`` slice
of the seeded ticket stream and regenerates its own tickets inside the worker, so
nothing big is shipped: only the slice goes in (and the policy, about 2 KB pickled)
and only the partition's report comes back. With a real export, the slice would be
a file name (one JSON-lines or Parquet file per day) read inside the worker.

The example then replays the same tickets in this process and asserts that the
combined report equals the single-process one.
"""

from __future__ import annotations

import itertools
import operator

import dask.bag as db
from dask.distributed import Client, LocalCluster

import complaintflow as cf

N_TICKETS = 20_000
N_PARTITIONS = 8
SEED = 2026
START = cf.parse_instant("2026-03-02T00:00:00+08:00")
DAYS = 21  # three weeks at about 950 contacts a day
NOW = START.add(days=DAYS)
POLICY = cf.default_policy()


def tickets(
    first: int = 0, stop: int = N_TICKETS
) -> itertools.islice[dict[str, cf.workflows.JSON]]:
    """Tickets ``first`` to ``stop - 1`` of the seeded stream (the same on every worker)."""
    stream = cf.synthetic.generate_tickets(N_TICKETS, seed=SEED, start=START, days=DAYS)
    return itertools.islice(stream, first, stop)


def replay_slice(part: tuple[int, int]) -> cf.policy.ReplayReport:
    """Runs in a worker process: regenerate the slice's tickets and replay them."""
    first, stop = part
    return cf.policy.replay(tickets(first, stop), POLICY, now=NOW)


def main() -> None:
    size = -(-N_TICKETS // N_PARTITIONS)
    parts = [(i, min(i + size, N_TICKETS)) for i in range(0, N_TICKETS, size)]

    cluster = LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        print(f"cluster: {len(client.scheduler_info()['workers'])} worker processes")
        bag = db.from_sequence(parts, npartitions=len(parts))
        # map: one report per slice; fold: merge them (in the cluster) into one report
        combined: cf.policy.ReplayReport = bag.map(replay_slice).fold(operator.add).compute()
    print(f"Dask: {len(parts)} partitions of {size:,} tickets replayed and merged")

    single = cf.policy.replay(tickets(), POLICY, now=NOW)  # the same tickets, in this process

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
