"""Benchmark: workflow steps, batch replay and snapshot memory.

Run ``python bench/bench_workflows.py`` (about 30 s) or ``--full`` for the one
million ticket replay. In the same run it measures:

- a step with a ``transitions`` machine (the same definition and guard conditions,
  one reusable model, ``trigger`` per event);
- a plain dict-table step (``table[state, event]``, no guards, no data: the floor);
- our compiled ``transition`` (guards, data, effects, time-order check);
- ``replay`` of N ticket logs of ten events, extrapolated to one million;
- memory per live snapshot (tracemalloc over N replayed snapshots).

Events are built once and reused for every ticket: loading and parsing stored
events is the host's cost, not the library's. Every time is CPU time (the machine
is shared) with wall time beside it, best of ``--repeat`` runs for everyone
(``bench/_timing.py``); the ``--full`` million is replayed once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import sys
import tracemalloc

import transitions

from _timing import Timing, best
from complaintflow.workflows import (
    Event,
    Snapshot,
    WorkflowMachine,
    default,
    replay_events,
    start,
    transition,
)

T0 = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=8)))
H = dt.timedelta(hours=1)
INTAKE = {
    "complainant": "王女士",
    "contact": "138...",
    "channel": "phone",
    "content": "月租多扣费",
    "category": "billing",
    "tier": "VIP",
}
#: A ten-event complaint log: registration to closing, with four effects.
LOG = [
    Event("register", T0, INTAKE),
    Event("accept", T0 + H, {"department": "计费中心"}),
    Event("investigate", T0 + 2 * H, {"owner": "张工", "problem_kind": "service"}),
    Event("report_progress", T0 + 3 * H, {"progress": "核查账单"}),
    Event("propose", T0 + 4 * H, {"solutions": ["refund", "apology"]}),
    Event("approve", T0 + 5 * H, {"approved_by": "李主管", "chosen_solution": "refund"}),
    Event("notify", T0 + 6 * H),
    Event("confirm", T0 + 7 * H, {"confirmed_by": "王女士"}),
    Event(
        "record_return_visit",
        T0 + 8 * H,
        {"visit_outcome": "reached", "visit_result": "已退费", "satisfaction": "satisfied"},
    ),
    Event("close", T0 + 9 * H),
]
TARGET_US_PER_EVENT = 2.0
TARGET_REPLAY_1M_S = 20.0
TARGET_BYTES_PER_SNAPSHOT = 1024


def bench_compiled(loops: int, repeat: int) -> Timing[None]:
    wf = default("complaint")
    first = start(wf, "T-1")

    def one_log() -> None:
        snap = first
        for event in LOG:
            snap = transition(wf, snap, event)[0]

    return best(one_log, repeat, loops)


def bench_dict_table(loops: int, repeat: int) -> Timing[None]:
    wf = default("complaint")
    table = {(t.source, t.event): t.target for t in wf.transitions}
    names = [e.name for e in LOG]

    def step(state: str, event: str) -> str:
        return table[state, event]

    def one_log() -> None:
        state = "received"
        for name in names:
            state = step(state, name)

    return best(one_log, repeat, loops)


def bench_transitions(loops: int, repeat: int) -> Timing[None]:
    wf = default("complaint")
    machine = WorkflowMachine(wf).machine

    class Model:
        state: str

    model = Model()
    machine.add_model(model)
    prepared = []  # the guard views, precomputed: transitions keeps no ticket data
    snap = start(wf, "T-1")
    for event in LOG:
        payload, before = dict(event.payload), dict(snap.data)
        prepared.append((event.name, {**before, **payload}, payload, before))
        snap = transition(wf, snap, event)[0]

    def one_log() -> None:
        machine.set_state(wf.initial, model=model)
        for name, view, payload, before in prepared:
            model.trigger(name, view=view, payload=payload, data=before)  # type: ignore[attr-defined]

    one_log()
    assert model.state == "closed", model.state
    return best(one_log, repeat, loops)


def bench_replay(n: int, repeat: int) -> Timing[Snapshot]:
    wf = default("complaint")
    ids = [f"T-{i}" for i in range(n)]

    def run() -> Snapshot:
        last = None
        for ticket in ids:
            last = replay_events(wf, ticket, LOG)
        assert last is not None
        return last

    timing = best(run, repeat, gc_off=False)
    assert timing.result.state == "closed"
    return timing


def bench_memory(n: int) -> float:
    wf = default("complaint")
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    live = [replay_events(wf, f"T-{i}", LOG) for i in range(n)]
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    assert len(live) == n
    return (after - before) / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="replay 1,000,000 ticket logs")
    parser.add_argument("-n", type=int, default=200_000, help="ticket logs to replay")
    parser.add_argument("--loops", type=int, default=5_000, help="logs per step timing run")
    parser.add_argument("--repeat", type=int, default=5, help="best of N for every time")
    args = parser.parse_args(argv)
    n = 1_000_000 if args.full else args.n

    print(
        f"complaintflow workflows benchmark: CPython {platform.python_version()}, "
        f"transitions {transitions.__version__}, {platform.machine()}"
    )
    print(f"a ten-event complaint log ({', '.join(e.name for e in LOG)})\n")

    repeat = args.repeat
    compiled = bench_compiled(args.loops, repeat)
    table = bench_dict_table(args.loops, repeat)
    machine = bench_transitions(max(args.loops // 5, 200), repeat)
    rows = [
        ("transitions machine step (same guards)", machine),
        ("plain dict-table step (no guards/data)", table),
        ("complaintflow transition (compiled)", compiled),
    ]
    events = len(LOG)
    print(f"best of {repeat}, CPU time (wall time beside it)")
    print(f"{'step':42s} {'CPU µs/event':>13s} {'wall':>7s} {'vs compiled (CPU)':>18s}")
    for name, t in rows:
        cpu_us, wall_us = t.us(events)
        print(f"{name:42s} {cpu_us:13.2f} {wall_us:7.2f} {t.cpu / compiled.cpu:17.2f}x")
    ok_step = compiled.us(events)[0] <= TARGET_US_PER_EVENT
    print(f"target <= {TARGET_US_PER_EVENT} µs/event (CPU): {'met' if ok_step else 'MISSED'}\n")

    replayed = bench_replay(n, 1 if args.full else repeat)
    per_ticket, per_ticket_wall = replayed.cpu / n, replayed.wall / n
    projected = per_ticket * 1_000_000
    print(
        f"replay {n:,} ticket logs x {events} events: {replayed.cpu:.2f} s CPU "
        f"({replayed.wall:.2f} s wall); {per_ticket * 1e6:.1f} µs/ticket, "
        f"{per_ticket / events * 1e6:.2f} µs/event CPU ({per_ticket_wall * 1e6:.1f}, "
        f"{per_ticket_wall / events * 1e6:.2f} wall)"
    )
    label = "measured" if n == 1_000_000 else "extrapolated"
    ok_replay = projected < TARGET_REPLAY_1M_S
    print(
        f"1,000,000 tickets ({label}): {projected:.1f} s CPU ({per_ticket_wall * 1e6:.1f} s "
        f"wall); target < {TARGET_REPLAY_1M_S:.0f} s: {'met' if ok_replay else 'MISSED'}\n"
    )

    mem_n = min(n, 100_000)
    per_snapshot = bench_memory(mem_n)
    ok_mem = per_snapshot < TARGET_BYTES_PER_SNAPSHOT
    print(
        f"memory per live snapshot (tracemalloc, {mem_n:,} closed tickets with 14 data "
        f"fields): {per_snapshot:.0f} B; target < {TARGET_BYTES_PER_SNAPSHOT} B: "
        f"{'met' if ok_mem else 'MISSED'}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
