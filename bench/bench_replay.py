"""Benchmark: what-if replay of synthetic tickets under the default policy.

Targets: replay at most 30 µs of CPU per ticket with generation included (a million
tickets in 30 s in one process), ``compare`` at most 1.7 times ``replay``, memory flat
in the number of tickets. CPU time (``time.process_time``) is the main figure, best
of ``--repeat`` runs (the machine is shared); wall time is printed beside it. Every
measure runs with the garbage collector on, as in a host's process, and the two
measures of each ratio run in turn (``replay``, ``compare``, ``replay``, ...), so
that a slow spell of the machine falls on both.
Measured in the same run:

- generating the tickets alone (``generate_tickets``: the input's own cost);
- ``replay`` of the generated stream (generation included, aggregation included),
  per ticket and extrapolated to one million;
- ``replay`` over tickets generated beforehand (the library's own cost);
- ``replay_tickets``: every ticket's full outcome (SLA report with deadlines and
  ``next_check_at``, violations) instead of the counts;
- ``compare`` of two policies (both replays, the stream read once), with and
  without generation, and its ratio to ``replay``;
- the per-stage split of ``replay``: generation, record parse, workflow fold, SLA
  evaluation, follow-up check (FU-2 and FU-3 included), the glue between the parts,
  and counting;
- peak traced memory of ``replay`` for two stream lengths (flat means equal).

No peer library replays complaint policies, so there is no peer row; the rows
above are the comparison. ``--full`` runs the million.

Run: ``python bench/bench_replay.py`` (about a minute) or ``--full``.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tracemalloc

import complaintflow as cf
from _timing import best, build_name, in_turn

START = cf.parse_instant("2025-03-03T00:00:00+08:00")
#: The targets: replay's CPU µs a ticket, generation included, and compare / replay.
REPLAY_LIMIT_US = 30.0
COMPARE_LIMIT = 1.7


def what_if(policy: cf.Policy) -> cf.Policy:
    """The policy ``compare`` sets against ``policy``: a two-day FU-4 window and a
    one-business-day reply."""
    return policy.with_({"followup.window.within": "2 calendar days",
                         "sla.targets[reply].within": "1 business day"})  # fmt: skip


def tickets(n: int, days: int) -> object:
    return cf.synthetic.generate_tickets(n, seed=2026, start=START, days=days)


def stages(
    ready: list[dict[str, object]], policy: cf.Policy, now: object, repeat: int
) -> list[tuple[str, float]]:
    """CPU seconds of each stage of ``replay`` over ``ready``, best of ``repeat``: each
    stage is run alone over the previous stage's results (the library's private
    steps, in the order ``replay`` runs them). The glue is the rest of reading a
    record through every part (``analyse`` less the stages), counting the rest of
    ``replay`` (``replay`` less ``analyse``). The inputs held for the split are
    frozen out of the garbage collector's reach while it runs (``gc.freeze``, a host
    decision: a streamed replay holds no records), so that full collections walking
    them are not charged to a stage."""
    from complaintflow.policy import _replay as r
    from complaintflow.sla._internal import run_clocks

    run = r._Run(policy, now)  # type: ignore[arg-type]
    parsed = [r._Ticket(run, rec) for rec in ready]
    folded = [run._workflow(t, []) for t in parsed]
    gc.collect()
    gc.freeze()

    def parse() -> None:
        for rec in ready:
            r._Ticket(run, rec)

    def fold() -> None:
        for t in parsed:
            run._workflow(t, [])

    def sla() -> None:
        cp, now_us = run.cp_counts, run.now_us
        for t in parsed:
            run_clocks(cp, t.ticket_id, t.pairs, now_us, t.attributes, True)

    def followups() -> None:
        now_us = run.now_us
        for t, (_, resolved) in zip(parsed, folded, strict=True):
            vip = t.attributes.get("tier", "").upper() == "VIP"
            attempts: list[object] = []
            if t.followups:
                customer = r._customer(t, vip, now_us)
                attempts = run._attempts(t)  # type: ignore[assignment]
                run._followup_violations(customer, attempts, resolved)  # type: ignore[arg-type]
            if vip and resolved is not None:
                run._fu2_violation(t, attempts, resolved)  # type: ignore[arg-type]
            if resolved is not None:
                run._fu3_violations(t, attempts, resolved)  # type: ignore[arg-type]

    def analyse() -> None:
        cp = run.cp_counts
        for rec in ready:
            run.analyse(rec, cp)

    try:
        whole = best(lambda: cf.policy.replay(ready, policy, now=now), repeat, gc_off=False).cpu  # type: ignore[arg-type]
        read = best(analyse, repeat, gc_off=False).cpu
        out = [(name, best(fn, repeat, gc_off=False).cpu) for name, fn in
               (("record parse", parse), ("workflow fold", fold), ("SLA evaluation", sla),
                ("follow-up check", followups))]  # fmt: skip
    finally:
        gc.unfreeze()
    out.append(("glue between the parts", read - sum(x for _, x in out)))
    out.append(("counting", whole - read))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50_000, help="tickets (default 50,000)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--full", action="store_true", help="replay 1,000,000 tickets")
    args = parser.parse_args(argv)
    n = 1_000_000 if args.full else args.n
    repeat = 1 if args.full else args.repeat
    days = 365  # n tickets spread over one year of the 2025-2026 official calendar
    now = START.add(days=days)
    policy = cf.default_policy()
    variant = what_if(policy)

    print(f"replay benchmark: {n:,} synthetic tickets over {days} days, default policy, "
          f"CPU and wall time, best of {repeat}; {build_name()} build")  # fmt: skip
    gen = best(lambda: sum(1 for _ in tickets(n, days)), repeat, gc_off=False)
    # Each ratio's two measures run in turn, best of the same number of runs, with the
    # garbage collector on as in a host's process.
    streamed = in_turn(
        {
            "replay": lambda: cf.policy.replay(tickets(n, days), policy, now=now),
            "compare": lambda: cf.policy.compare(tickets(n, days), policy, variant, now=now),
        },
        repeat,
        gc_off=False,
    )
    full, cmp_full = streamed["replay"], streamed["compare"]
    report = full.result
    assert isinstance(report, cf.policy.ReplayReport)
    m = min(n, 50_000)
    ready = list(tickets(m, days))
    held = in_turn(
        {
            "replay": lambda: cf.policy.replay(ready, policy, now=now),
            "compare": lambda: cf.policy.compare(ready, policy, variant, now=now),
        },
        repeat,
        gc_off=False,
    )
    own, cmp_ready = held["replay"], held["compare"]
    outcomes = best(
        lambda: sum(1 for _ in cf.policy.replay_tickets(ready[: m // 5], policy, now=now)),
        repeat,
        gc_off=False,
    )

    rows = [
        ("generate_tickets alone", gen, n),
        ("replay (generation included)", full, n),
        ("compare of two policies (generation included)", cmp_full, n),
        ("replay of tickets generated beforehand", own, m),
        ("compare of tickets generated beforehand", cmp_ready, m),
        ("replay_tickets (full per-ticket outcomes)", outcomes, m // 5),
    ]
    print(f"{'measure':48} {'tickets':>9} {'CPU s':>7} {'wall s':>7} {'CPU µs/t':>9} "
          f"{'wall µs/t':>9} {'1M CPU s':>8}")  # fmt: skip
    for name, (cpu, wall), count in rows:
        per, wper = cpu / count * 1e6, wall / count * 1e6
        print(f"{name:48} {count:>9,} {cpu:>7.2f} {wall:>7.2f} {per:>9.1f} {wper:>9.1f} "
              f"{per:>8.1f}")  # fmt: skip

    print(f"\nwhere replay spends its CPU time ({m:,} tickets generated beforehand, best of "
          f"{repeat}; generation from the stream above):")  # fmt: skip
    split = [("generation", gen.cpu / n * m), *stages(ready, policy, now, repeat)]
    total = sum(x for _, x in split)
    for name, seconds in split:
        print(f"  {name:34} {seconds / m * 1e6:>6.1f} µs/ticket {seconds / total:>6.1%}")
    print(f"  {'total':34} {total / m * 1e6:>6.1f} µs/ticket")

    summary = report.summary()
    print(f"\nreport: {summary}")
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
    per_ticket = full.cpu / n * 1e6
    ratio_full, ratio_ready = cmp_full.cpu / full.cpu, cmp_ready.cpu / own.cpu
    print(f"target: replay <= {REPLAY_LIMIT_US:g} µs/ticket CPU, generation included "
          f"(1M in <= {REPLAY_LIMIT_US:g} s): {per_ticket:.1f} µs "
          f"({'met' if per_ticket <= REPLAY_LIMIT_US else 'NOT met'})")  # fmt: skip
    print(f"target: compare <= {COMPARE_LIMIT}x replay: {ratio_full:.2f}x with generation, "
          f"{ratio_ready:.2f}x on tickets generated beforehand "
          f"({'met' if max(ratio_full, ratio_ready) <= COMPARE_LIMIT else 'NOT met'})")  # fmt: skip
    return 0 if not report.failed_tickets else 1


if __name__ == "__main__":
    sys.exit(main())
