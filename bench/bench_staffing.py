"""Benchmark: required agents under Erlang C, against pyworkforce, in one run.

Cases (80 % answered within 15 s, 180 s average handle time):

- small centre: SLA-9's busiest hour, 110 calls an hour (5.5 Erlangs; 9 agents);
- large centre: 66,660 calls an hour (3,333 Erlangs).

For each case and library the benchmark times the call a user makes and prints
CPU µs/op with wall µs/op beside it (best of the same number of repeats of a loop
sized to a time budget, for every library: ``bench/_timing.py``) and the CPU
ratio to complaintflow. complaintflow is timed twice: with the ``Workload`` and
``ServiceTarget`` built once (a plan reuses them) and with the ``Workload`` built in
the loop (like pyworkforce, whose ``ErlangC`` object holds the workload). Budgets
from the issue: at most 20 µs for the small centre, 10 ms for 3,333 Erlangs.

The answers are cross-checked: the agent counts must agree, and pyworkforce's
service level at its answer must match complaintflow's ``erlang_c`` at the same
count. pyworkforce 0.5.1 is what pip installs on Python 3.11 (its newest release
needs 3.12); if it is missing the peer rows say so.

Run: ``python bench/bench_staffing.py`` (about 10 s); ``--quick`` for a smoke run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import sys
from collections.abc import Callable

from _timing import best
from complaintflow.staffing import ServiceTarget, Workload, erlang_c, required_agents

try:
    from pyworkforce.queuing import ErlangC as PwfErlangC
except ImportError:  # pragma: no cover - reported in the output
    PwfErlangC = None

HOUR = dt.timedelta(hours=1)
AHT = dt.timedelta(seconds=180)
TARGET = ServiceTarget(service_level=0.8, answer_within=dt.timedelta(seconds=15))
CASES = (
    ("small centre (5.5 E)", 110, 20.0),
    ("3,333 Erlangs", 66_660, 10_000.0),
)


def best_us(fn: Callable[[], object], budget_s: float, repeats: int) -> tuple[float, float]:
    """Best CPU and wall µs/op over ``repeats`` loops, each sized to about ``budget_s``."""
    return best(fn, repeats, budget=budget_s).us()


def pyworkforce_version() -> str:
    try:
        from importlib.metadata import version

        return version("pyworkforce")
    except Exception:  # pragma: no cover - metadata missing
        return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short loops, for a smoke run")
    args = parser.parse_args(argv)
    budget_s, repeats = (0.02, 2) if args.quick else (0.4, 5)

    print(f"Python {platform.python_version()} on {platform.machine()}")
    if PwfErlangC is None:
        print("pyworkforce: NOT INSTALLED (pip install -e '.[bench]'); its rows are skipped")
    else:
        print(f"pyworkforce {pyworkforce_version()}")
    print()
    print(f"CPU µs/op, wall beside it; best of {repeats} for every library")
    header = (
        f"{'case':<22} {'library':<40} {'CPU µs/op':>10} {'wall':>9} {'ratio':>7} "
        f"{'agents':>7} {'SL':>8}"
    )
    print(header)
    print("-" * len(header))
    failures: list[str] = []
    for name, calls, limit_us in CASES:
        work = Workload(calls, HOUR, AHT)
        ours = required_agents(work, TARGET)
        n = ours.productive_agents
        sl = ours.figures.service_level
        t_ours, w_ours = best_us(lambda w=work: required_agents(w, TARGET), budget_s, repeats)
        t_ours_build, w_ours_build = best_us(
            lambda c=calls: required_agents(Workload(c, HOUR, AHT), TARGET), budget_s, repeats
        )
        print(
            f"{name:<22} {'complaintflow (workload reused)':<40} {t_ours:>10.1f} {w_ours:>9.1f} "
            f"{1:>7.2f}",
            end="",
        )
        print(f" {n:>7} {sl:>8.4f}")
        print(
            f"{'':<22} {'complaintflow (workload built)':<40} {t_ours_build:>10.1f} "
            f"{w_ours_build:>9.1f} {t_ours_build / t_ours:>7.2f}"
        )
        status = "ok" if t_ours_build <= limit_us else "OVER BUDGET"
        if PwfErlangC is not None:

            def pwf(c: int = calls, cls: type = PwfErlangC) -> dict[str, float]:
                erl = cls(transactions=c, aht=3, asa=15 / 60, interval=60)
                result: dict[str, float] = erl.required_positions(service_level=0.8)
                return result

            theirs = pwf()
            t_pwf, w_pwf = best_us(pwf, budget_s, repeats)
            n_pwf = int(theirs["raw_positions"])
            sl_pwf = float(theirs["service_level"])
            print(
                f"{'':<22} {'pyworkforce ErlangC.required_positions':<40} {t_pwf:>10.1f} "
                f"{w_pwf:>9.1f} {t_pwf / t_ours:>7.2f} {n_pwf:>7} {sl_pwf:>8.4f}"
            )
            ours_at = erlang_c(work, n_pwf).service_level
            if n_pwf != n:
                failures.append(f"{name}: pyworkforce says {n_pwf} agents, complaintflow {n}")
            if abs(ours_at - sl_pwf) > 1e-9:
                failures.append(f"{name}: service level at {n_pwf}: {sl_pwf} vs {ours_at}")
        print(f"{'':<22} budget {limit_us:g} µs CPU (workload built): {status}")
    print()
    if failures:
        print("CROSS-CHECK FAILED:")
        for f in failures:
            print("  " + f)
        return 1
    if PwfErlangC is not None:
        print("cross-check: agent counts and service levels agree with pyworkforce")
    return 0


if __name__ == "__main__":
    sys.exit(main())
