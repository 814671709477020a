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

One run on a shared 2-core machine under a load of about 9 (CPU µs per ticket, best
of 5 alternating processes x 3 runs; 2,000 / 20,000 tickets), against the source
before replay read payloads: plain ``replay`` 51.5 / 52.8 before, 52.1 / 52.1 after;
``compare`` 83.9 / 82.3 before, 84.9 / 83.9 after; ``replay_tickets`` 64.9 / 64.3
before, 64.8 / 63.6 after (within 2 %, the spread of repeated runs). The features,
this tree, in the same run (plain ``replay`` 51.4 / 57.9 there): a conditional stop
58.8 / 62.7, a plain cancel 55.1 / 64.3, a conditional cancel 61.1 / 60.7, a
retroactive start (one more target) 60.3 / 62.8: about 5 to 15 % over the plain
policy, where repeated runs of one policy differ by up to 10 %.
"""

from __future__ import annotations

import pathlib
import sys
from collections.abc import Callable

import complaintflow as cf

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import _alternate
from _timing import best

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
                cpu, wall = best(lambda run=run, t=ready[n]: run(t), repeat, gc_off=False)
                row += [cpu / n * 1e6, wall / n * 1e6]
            out[f"{name}, {form}"] = row
    return out


def main(argv: list[str] | None = None) -> int:
    return _alternate.main(argv, __doc__, __file__, measure, SIZES, 3, "every policy")


if __name__ == "__main__":
    sys.exit(main())
