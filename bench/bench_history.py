"""Benchmark: replay and compare under a policy history against the same under a policy.

Target: replay under a history of one version costs what replay under its policy
costs (within the spread of repeated runs, a few per cent): the version is found
from the record as read for the version chosen last, so each record is still read
once. Measured in the same run, on tickets generated beforehand, for two sizes ten
times apart, CPU time (``time.process_time``) the main figure, best of
``--repeat`` runs (the machine is shared), wall time beside it:

- ``replay`` under the default policy, and under a one-version history of it;
- ``replay`` under a history of two and of four versions (each ticket judged by
  one version; the versions read records alike, so each record is still read once);
- ``compare`` of two policies, against ``compare`` of the history and the same
  history with its change a month earlier ("what if the change came earlier?").

The runs alternate (policy, history, policy, ...) so that a slow spell of the
shared machine falls on both. No peer library replays policy versions; the policy
rows are the comparison.

Run: ``python bench/bench_history.py`` (about a minute).
"""

from __future__ import annotations

import argparse
import datetime as dt
import typing
from collections.abc import Callable

import attrs

import complaintflow as cf
from _timing import in_turn

START = cf.parse_instant("2025-03-03T00:00:00+08:00")
DAYS = 365


def measures(
    ready: list[dict[str, object]],
    now: object,
    policy: cf.Policy,
    variant: cf.Policy,
    one: cf.policy.PolicyHistory,
    two: cf.policy.PolicyHistory,
    four: cf.policy.PolicyHistory,
    earlier: cf.policy.PolicyHistory,
) -> dict[str, Callable[[], object]]:
    """The measured calls over ``ready``, by name."""
    at = typing.cast(dt.datetime, now)
    return {
        "replay, policy": lambda: cf.policy.replay(ready, policy, now=at),
        "replay, history of 1 version": lambda: cf.policy.replay(ready, one, now=at),
        "replay, history of 2 versions": lambda: cf.policy.replay(ready, two, now=at),
        "replay, history of 4 versions": lambda: cf.policy.replay(ready, four, now=at),
        "compare, policy vs policy": lambda: cf.policy.compare(ready, policy, variant, now=at),
        "compare, history vs a month earlier": lambda: cf.policy.compare(
            ready, two, earlier, now=at
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 20_000])
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs")
    args = parser.parse_args(argv)
    now = START.add(days=DAYS)
    policy = cf.default_policy()
    one = cf.policy.PolicyHistory([(START.subtract(days=1), policy)])
    change = {"sla.targets[reply].within": "1 business day"}
    two = one.with_version(START.add(days=180), change)
    four = two.with_version(START.add(days=90), {"followup.window.within": "2 calendar days"})
    four = four.with_version(START.add(days=270), {"sla.targets[reply].within": "3 business days"})
    earlier = two.moved(1, two.versions[1].effective_from.subtract(months=1))
    variant = policy.with_(change)

    status = 0
    print(f"policy history benchmark: synthetic tickets over {DAYS} days, generated "
          f"beforehand; CPU and wall time, best of {args.repeat}")  # fmt: skip
    for n in args.sizes:
        ready = list(cf.synthetic.generate_tickets(n, seed=2026, start=START, days=DAYS))
        reports = {
            "policy": cf.policy.replay(ready, policy, now=now),
            "one": cf.policy.replay(ready, one, now=now),
        }
        if reports["policy"] != attrs.evolve(reports["one"], versions=()):
            print("DISAGREE: a one-version history does not replay as its policy")
            status = 1
        fns = measures(ready, now, policy, variant, one, two, four, earlier)
        times = in_turn(fns, args.repeat, gc_off=False)
        print(f"\n{n:,} tickets")
        print(f"  {'measure':38} {'CPU s':>7} {'wall s':>7} {'CPU µs/t':>9} {'wall µs/t':>9} "
              f"{'CPU vs policy':>13}")  # fmt: skip
        base = {
            "replay": times["replay, policy"].cpu,
            "compare": times["compare, policy vs policy"].cpu,
        }
        for name, (cpu, wall) in times.items():
            ratio = cpu / base[name.split(",")[0]]
            print(f"  {name:38} {cpu:>7.3f} {wall:>7.3f} {cpu / n * 1e6:>9.1f} "
                  f"{wall / n * 1e6:>9.1f} {ratio:>12.3f}x")  # fmt: skip
        r1 = times["replay, history of 1 version"].cpu / times["replay, policy"].cpu
        print(f"  target: a one-version history costs what its policy costs: {r1:.3f}x "
              f"({'met' if r1 <= 1.05 else 'NOT met'}, within 5 %)")  # fmt: skip
    return status


if __name__ == "__main__":
    raise SystemExit(main())
