"""Benchmark of values as data: ``cf.to_data`` / ``cf.from_data`` and the command line.

Measures, in one run, CPU and wall time (best of N for every row, ``bench/_timing.py``;
the CPU time of a subprocess is the child's) at sizes 10x apart:

- ``cf.to_data`` of replay outcomes (each a ticket with its SLA report: targets,
  cycles, effects, violations) against the minimal hand-written form of the same
  values, ``TicketOutcome.to_record`` (a flat row: less data, no nesting), and
  against ``json.dumps`` of the result, the cost any writer pays after;
- ``cf.from_data`` of the same data back into outcomes (every constructor and
  validator runs);
- the command line, ``complaintflow replay`` over a JSON Lines file in a
  subprocess, against ``cf.policy.replay`` in process over the same records (the
  difference is start-up, JSON parsing and writing).

Run: ``python bench/bench_data.py [--n N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import subprocess
import sys
import tempfile
from collections.abc import Callable

import pendulum

import complaintflow as cf
from _timing import best, children_cpu

START = pendulum.datetime(2026, 3, 2, tz="Asia/Shanghai")
NOW = START.add(days=10)
SRC = pathlib.Path(__file__).resolve().parent.parent / "src"


def run_child(args: list[str]) -> None:
    """Run the command line in a subprocess, its output dropped."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, env=env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=1000, help="the smaller size (tickets)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    policy = cf.default_policy()
    print(f"best of {args.repeat}; a subprocess's CPU is the child's, from os.times")
    print(f"{'what':44} {'tickets':>8} {'CPU s':>8} {'wall s':>8} {'CPU µs/ticket':>13}")
    for n in (args.n, args.n * 10):
        tickets = list(cf.synthetic.generate_tickets(n, seed=1, start=START, days=5))
        outcomes = list(cf.policy.replay_tickets(tickets, policy, now=NOW))
        data = [cf.to_data(o) for o in outcomes]
        rows: list[tuple[str, Callable[[], object]]] = [
            ("cf.to_data(outcome)", lambda o=outcomes: [cf.to_data(x) for x in o]),
            ("outcome.to_record() (flat row, minimal)",
             lambda o=outcomes: [x.to_record() for x in o]),
            ("json.dumps of cf.to_data's result", lambda d=data: [json.dumps(x) for x in d]),
            ("cf.from_data(TicketOutcome, data)",
             lambda d=data: [cf.from_data(cf.policy.TicketOutcome, x) for x in d]),
            ("cf.policy.replay in process", lambda t=tickets: cf.policy.replay(t, policy, now=NOW)),
        ]  # fmt: skip
        for name, fn in rows:
            t = best(fn, args.repeat)
            print(f"{name:44} {n:>8} {t.cpu:>8.3f} {t.wall:>8.3f} {t.cpu / n * 1e6:>13.1f}")
        with tempfile.TemporaryDirectory() as folder:
            path = pathlib.Path(folder) / "tickets.jsonl"
            path.write_text("".join(json.dumps(t) + "\n" for t in tickets), encoding="utf-8")
            command = [sys.executable, "-m", "complaintflow", "replay", "--now", NOW.isoformat(),
                       str(path)]  # fmt: skip
            t = best(lambda c=command: run_child(c), args.repeat, cpu=children_cpu)
            print(f"{'complaintflow replay (subprocess)':44} {n:>8} {t.cpu:>8.3f} {t.wall:>8.3f} "
                  f"{t.cpu / n * 1e6:>13.1f}")  # fmt: skip
            startup = [sys.executable, "-m", "complaintflow", "--version"]
            t = best(lambda c=startup: run_child(c), args.repeat, cpu=children_cpu)
            print(f"{'complaintflow --version (start-up)':44} {'':>8} {t.cpu:>8.3f} {t.wall:>8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
