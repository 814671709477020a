"""Benchmark of what-if replay over SLA policies with conditional triggers, cancels and
retroactive starts: what they cost, and that the policies without them cost the same.

Synthetic tickets (generated beforehand, so the input's own cost is left out; every
``notify`` event carries a ``public`` flag, true for complaints that came in on social
media), replayed at two sizes ten times apart under

- the default policy (*plain*), by ``replay``, ``compare`` with a variant that changes
  a budget (both runs read each record once) and ``replay_tickets``;
- a conditional stop: the reply clock (SLA-3) stopped by a ``notify`` only when
  ``public`` is true; the events then go to the clocks with their payloads;
- a plain cancel: ``link_incident`` cancels the reply clock (the events still go as
  kinds and times);
- a conditional cancel: an ``investigate`` whose ``problem_kind`` is ``quality``
  cancels it (payloads read);
- a retroactive start: an urgent-reply target (``when = {priority = "urgent"}``)
  that counts from the registration (payloads read, for the re-prioritisations).

CPU time (``time.process_time``) and wall time (``time.perf_counter``), best of
``--repeat``. ``--against SRC`` times the plain measures in fresh processes under
another source tree (e.g. the source before these features) and under this one,
alternately, so both are measured in the same run on the same machine.

Run: ``python bench/bench_replay_features.py [--against OLD_SRC] [--repeat N]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import pathlib
import subprocess
import sys
import time
from collections.abc import Callable

import complaintflow as cf

START = cf.parse_instant("2025-03-03T00:00:00+08:00")
DAYS = 60
NOW = START.add(days=DAYS + 10)
SIZES = (2_000, 20_000)
REPLY_STOPS = ["reject", "review", "conclude"]


def tickets(n: int) -> list[dict[str, object]]:
    out = list(cf.synthetic.generate_tickets(n, seed=2026, start=START, days=DAYS))
    for record in out:
        for event in record["events"]:  # type: ignore[attr-defined]
            if event["name"] == "notify":
                event["payload"]["public"] = record["channel"] == "social_media"
    return out


def policies(plain_only: bool) -> dict[str, cf.Policy]:
    plain = cf.default_policy()
    out = {"plain": plain}
    if plain_only:
        return out
    public = {"kind": "notify", "when": {"event": "public", "eq": True}}
    quality = {"kind": "investigate", "when": {"event": "problem_kind", "eq": "quality"}}
    out["conditional stop"] = plain.with_({"sla.targets[reply].stop": [*REPLY_STOPS, public]})
    out["plain cancel"] = plain.with_({"sla.targets[reply].cancel": ["link_incident"]})
    out["conditional cancel"] = plain.with_({"sla.targets[reply].cancel": [quality]})
    data = plain.to_dict()
    data["sla"]["targets"].append(  # type: ignore[index]
        {"name": "urgent_reply", "rule": "SLA-8", "within": "4 business hours",
         "calendar": "office", "start": ["register"], "stop": ["notify", "reject"],
         "when": {"priority": ["urgent"]}, "retroactive_start": "register"}
    )  # fmt: skip
    out["retroactive start"] = cf.Policy.from_dict(data)
    return out


def _timed(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Best CPU and best wall seconds of ``fn`` over ``repeat`` runs."""
    cpu = wall = float("inf")
    for _ in range(repeat):
        gc.collect()
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    return cpu, wall


def measure(repeat: int, plain_only: bool) -> dict[str, list[float]]:
    """``{label: [cpu_small, wall_small, cpu_large, wall_large]}`` in µs per ticket."""
    ready = {n: tickets(n) for n in SIZES}
    out: dict[str, list[float]] = {}
    for name, policy in policies(plain_only).items():
        report = cf.policy.replay(ready[SIZES[0]], policy, now=NOW)
        if report.failed_tickets:
            raise SystemExit(f"{name}: failed tickets {report.failed}")
        forms: dict[str, Callable[[list[dict[str, object]]], object]] = {
            "replay": lambda t, p=policy: cf.policy.replay(t, p, now=NOW),
        }
        if name == "plain":
            variant = policy.with_({"sla.targets[reply].within": "1 business day"})
            forms["compare"] = lambda t, p=policy, v=variant: cf.policy.compare(t, p, v, now=NOW)
            forms["replay_tickets"] = lambda t, p=policy: sum(
                1 for _ in cf.policy.replay_tickets(t, p, now=NOW)
            )
        for form, run in forms.items():
            row: list[float] = []
            for n in SIZES:
                cpu, wall = _timed(lambda run=run, t=ready[n]: run(t), repeat)
                row += [cpu / n * 1e6, wall / n * 1e6]
            out[f"{name}, {form}"] = row
    return out


def _table(rows: dict[str, list[float]]) -> None:
    a, b = SIZES
    heads = [f"CPU {a:,}", f"wall {a:,}", f"CPU {b:,}", f"wall {b:,}"]
    print(f"{'µs per ticket':<44}" + "".join(f"{h:>12}" for h in heads))
    print("-" * 92)
    for label, row in rows.items():
        print(f"{label:<44}" + "".join(f"{v:>12.1f}" for v in row))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--against", help="another source tree to time the plain policy under")
    parser.add_argument("--rounds", type=int, default=3, help="alternations with --against")
    parser.add_argument("--plain-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.json:
        print(json.dumps(measure(args.repeat, args.plain_only)))
        return 0
    if args.against:
        here = str(pathlib.Path(cf.__file__).resolve().parent.parent)
        best: dict[str, dict[str, list[float]]] = {}
        cmd = [sys.executable, __file__, "--json", "--plain-only", "--repeat", str(args.repeat)]
        for _ in range(args.rounds):
            for tree in (args.against, here):
                env = {**os.environ, "PYTHONPATH": tree}
                done = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True)
                for label, row in json.loads(done.stdout).items():
                    old = best.setdefault(tree, {}).get(label)
                    best[tree][label] = (
                        row if old is None else [min(x, y) for x, y in zip(old, row, strict=True)]
                    )
        rows = {}
        for label in best[here]:
            rows[f"{label} (against)"] = best[args.against][label]
            rows[f"{label} (this tree)"] = best[here][label]
        print(f"plain policy, best of {args.rounds} alternating processes x {args.repeat} runs")
        _table(rows)
        print()
    print(f"this tree, every policy, best of {args.repeat}")
    _table(measure(args.repeat, False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
