"""Benchmark: follow-up decisions and planning, against proactive-gate.

Run ``python bench/bench_followup.py`` (``--quick`` for a smaller plan). Prints
µs per operation and, where the peer has an equivalent, the ratio peer/ours.

Peer: ``proactive-gate`` (the pure notification gate the issue names). Its
equivalent of our ``decide`` is ``Gate.evaluate`` with consent, quiet hours and a
daily budget over an in-memory store; it has no equivalent of ``next_allowed``
over holidays or of batch planning, so those rows have no ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import time
from collections.abc import Callable

import pendulum

from complaintflow import calendars
from complaintflow.calendars import BusinessCalendar
from complaintflow.followup import (
    Agent,
    Attempt,
    Customer,
    DueFollowup,
    FollowupPolicy,
    Purpose,
    decide,
    next_allowed,
    plan,
)

TZ = "Asia/Shanghai"


def _per_op(fn: Callable[[], object], number: int, repeat: int = 5) -> float:
    """Best of ``repeat`` runs, in CPU µs per call (the machine is shared)."""
    fn()
    best = float("inf")
    for _ in range(repeat):
        gc.disable()
        t0 = time.process_time()
        for _ in range(number):
            fn()
        best = min(best, time.process_time() - t0)
        gc.enable()
    return best / number * 1e6


def _policy() -> FollowupPolicy:
    china = calendars.default("china", years=[2026]).to_dict()
    return FollowupPolicy.from_dict(
        {
            "hours": {
                "service": {"hours": {"daily": ["08:00-12:00", "14:00-21:00"]}},
                "marketing": {
                    "hours": {"mon-fri": ["09:00-12:00", "14:00-18:00"]},
                    "holidays": china["holidays"],
                    "workdays": china["workdays"],
                },
            }
        }
    )


def bench_ours(number: int) -> dict[str, float]:
    policy = _policy()
    customer = Customer("c1", TZ, phones=["13800000000"], sms=["13800000000"])
    history = [Attempt(pendulum.datetime(2026, 9, 29, 9, tz=TZ))]
    trigger = pendulum.datetime(2026, 9, 28, 16, tz=TZ)
    ok = pendulum.datetime(2026, 9, 29, 15, tz=TZ)
    rest = pendulum.datetime(2026, 9, 29, 12, 30, tz=TZ)
    evening = pendulum.datetime(2026, 9, 30, 19, tz=TZ)  # then National Day holidays
    assert decide(policy, customer, Purpose.SERVICE, ok, history, triggered_at=trigger).allowed
    refused = decide(policy, customer, Purpose.SERVICE, rest, history, triggered_at=trigger)
    if refused.retry_at is None or refused.retry_at.hour != 14:
        raise RuntimeError(f"unexpected decision {refused}")
    nxt = next_allowed(policy, customer, Purpose.MARKETING, evening, history)
    if nxt.at is None or nxt.at.isoformat() != "2026-10-08T09:00:00+08:00":
        raise RuntimeError(f"unexpected answer {nxt}")
    return {
        "decide (allowed)": _per_op(
            lambda: decide(policy, customer, Purpose.SERVICE, ok, history, triggered_at=trigger),
            number,
        ),
        "decide (refused, with retry_at)": _per_op(
            lambda: decide(policy, customer, Purpose.SERVICE, rest, history, triggered_at=trigger),
            number,
        ),
        "next_allowed (rest hours + holidays)": _per_op(
            lambda: next_allowed(policy, customer, Purpose.MARKETING, evening, history), number
        ),
    }


def bench_peer(number: int) -> dict[str, float] | str:
    try:
        from proactive_gate import Candidate, EvaluateInput, Gate, MemoryStore, UserState
        from proactive_gate.checks import Consent, DailyBudget, QuietHours
    except ImportError:
        return "proactive-gate is not installed (pip install -e '.[bench]'); no peer figures"
    gate = Gate([Consent(), QuietHours(), DailyBudget(limit=3)], MemoryStore())
    user = UserState.from_dict(
        {
            "id": "u1",
            "consent": True,
            "timezone": TZ,
            "quietHours": {"start": "21:00", "end": "08:00"},
        }
    )
    cand = Candidate(id="c1", type="followup", priority="normal", surfaces=("phone",))
    ok = EvaluateInput(user, cand, dt.datetime(2026, 9, 29, 7, 0, tzinfo=dt.UTC))
    quiet = EvaluateInput(user, cand, dt.datetime(2026, 9, 29, 14, 0, tzinfo=dt.UTC))
    assert gate.evaluate(ok).allowed
    assert not gate.evaluate(quiet).allowed
    return {
        "decide (allowed)": _per_op(lambda: gate.evaluate(ok), number),
        "decide (refused, with retry_at)": _per_op(lambda: gate.evaluate(quiet), number),
    }


def _plan_inputs(
    n_due: int, n_agents: int
) -> tuple[FollowupPolicy, list[DueFollowup], list[Agent], pendulum.DateTime]:
    policy = _policy()
    start = pendulum.datetime(2026, 11, 23, 8, tz=TZ)
    shifts = [
        BusinessCalendar.from_dict({"timezone": TZ, "hours": {"daily": h}})
        for h in (["08:00-16:00"], ["13:00-21:00"], ["09:00-12:00", "14:00-18:00"])
    ]
    skills = [frozenset({"broadband"}), frozenset({"mobile"}), frozenset({"broadband", "mobile"})]
    agents = [
        Agent(
            f"a{i:03d}",
            shifts[i % 3],
            skills[(i // 3) % 3],
            capacity_per_hour=15 + i % 11,
            load=i % 5,
        )
        for i in range(n_agents)
    ]
    zones = [TZ, TZ, TZ, "Asia/Urumqi", "Asia/Hong_Kong"]
    due = []
    for i in range(n_due):
        customer = Customer(
            f"c{i:06d}", zones[i % 5], vip=i % 20 == 0, phones=[f"138{i:08d}"], sms=[f"138{i:08d}"]
        )
        trig = start.subtract(hours=i % 48)
        due.append(
            DueFollowup(f"k{i:06d}", customer, trig, skill=(None, "broadband", "mobile")[i % 3])
        )
    return policy, due, agents, start


def bench_plan(n_due: int, n_agents: int) -> tuple[float, str]:
    policy, due, agents, start = _plan_inputs(n_due, n_agents)
    t0, c0 = time.perf_counter(), time.process_time()
    result = plan(policy, due, agents, start=start, end=start.add(days=3))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    s = result.summary
    note = (
        f"wall {wall:.2f} s; planned {s.planned}/{s.total}, VIP coverage {s.vip_coverage:.1%}, "
        f"within window {s.within_window:.1%}"
    )
    return cpu, note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller plan and fewer repeats")
    args = parser.parse_args(argv)
    number = 2_000 if args.quick else 20_000
    ours = bench_ours(number)
    peer = bench_peer(number)
    print("CPU µs per call, best of 5")
    print(f"{'operation':40} {'complaintflow µs':>17} {'proactive-gate µs':>18} {'ratio':>6}")
    for name, us in ours.items():
        if isinstance(peer, dict) and name in peer:
            print(f"{name:40} {us:17.1f} {peer[name]:18.1f} {peer[name] / us:6.2f}")
        else:
            print(f"{name:40} {us:17.1f} {'n/a':>18} {'':>6}")
    if isinstance(peer, str):
        print(peer)
    n_due, n_agents = (10_000, 20) if args.quick else (100_000, 200)
    seconds, note = bench_plan(n_due, n_agents)
    print(f"plan {n_due} follow-ups / {n_agents} agents / 3 days: CPU {seconds:.2f} s ({note})")
    print("ratio = proactive-gate time / complaintflow time (above 1: we are faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
