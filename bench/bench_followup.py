"""Benchmark: follow-up decisions and planning, against proactive-gate.

Run ``python bench/bench_followup.py`` (``--quick`` for a smaller plan). Prints
CPU µs per operation with wall µs beside it (best of ``--repeat`` runs for both
libraries, ``bench/_timing.py``) and, where the peer has an equivalent, the CPU
ratio peer/ours; the plan is timed best of ``--plan-repeat``.

Peer: ``proactive-gate`` (the pure notification gate the issue names). Its
equivalent of our ``decide`` is ``Gate.evaluate`` with consent, quiet hours and a
daily budget over an in-memory store; it has no equivalent of ``next_allowed``
over holidays or of batch planning, so those rows have no ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable

import pendulum

from _timing import best
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


def _per_op(fn: Callable[[], object], number: int, repeat: int) -> tuple[float, float]:
    """CPU and wall µs per call, best of ``repeat`` runs of ``number`` calls (after
    one untimed call)."""
    return best(fn, repeat, number, warm=True).us()


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


def bench_ours(number: int, repeat: int) -> dict[str, tuple[float, float]]:
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
            repeat,
        ),
        "decide (refused, with retry_at)": _per_op(
            lambda: decide(policy, customer, Purpose.SERVICE, rest, history, triggered_at=trigger),
            number,
            repeat,
        ),
        "next_allowed (rest hours + holidays)": _per_op(
            lambda: next_allowed(policy, customer, Purpose.MARKETING, evening, history),
            number,
            repeat,
        ),
    }


def bench_peer(number: int, repeat: int) -> dict[str, tuple[float, float]] | str:
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
        "decide (allowed)": _per_op(lambda: gate.evaluate(ok), number, repeat),
        "decide (refused, with retry_at)": _per_op(lambda: gate.evaluate(quiet), number, repeat),
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


def bench_plan(n_due: int, n_agents: int, repeat: int) -> tuple[float, float, str]:
    """Best CPU and wall seconds of ``plan`` and a note on the plan."""
    policy, due, agents, start = _plan_inputs(n_due, n_agents)
    end = start.add(days=3)
    timing = best(lambda: plan(policy, due, agents, start=start, end=end), repeat, gc_off=False)
    s = timing.result.summary
    note = (
        f"planned {s.planned}/{s.total}, VIP coverage {s.vip_coverage:.1%}, "
        f"within window {s.within_window:.1%}"
    )
    return timing.cpu, timing.wall, note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller plan and fewer calls")
    parser.add_argument("--repeat", type=int, default=5, help="best of N for each operation")
    parser.add_argument("--plan-repeat", type=int, default=3, help="best of N for the plan")
    args = parser.parse_args(argv)
    number = 2_000 if args.quick else 20_000
    ours = bench_ours(number, args.repeat)
    peer = bench_peer(number, args.repeat)
    print(f"CPU µs per call (wall beside it), best of {args.repeat} for both libraries")
    print(f"{'operation':40} {'complaintflow µs':>17} {'wall':>7} {'proactive-gate µs':>18} "
          f"{'wall':>7} {'ratio':>6}")  # fmt: skip
    for name, (us, wall) in ours.items():
        if isinstance(peer, dict) and name in peer:
            p_us, p_wall = peer[name]
            print(f"{name:40} {us:17.1f} {wall:7.1f} {p_us:18.1f} {p_wall:7.1f} {p_us / us:6.2f}")
        else:
            print(f"{name:40} {us:17.1f} {wall:7.1f} {'n/a':>18} {'':>7} {'':>6}")
    if isinstance(peer, str):
        print(peer)
    n_due, n_agents = (10_000, 20) if args.quick else (100_000, 200)
    cpu, wall, note = bench_plan(n_due, n_agents, args.plan_repeat)
    print(f"plan {n_due} follow-ups / {n_agents} agents / 3 days, best of {args.plan_repeat}: "
          f"CPU {cpu:.2f} s (wall {wall:.2f} s; {note})")  # fmt: skip
    print("ratio = proactive-gate CPU time / complaintflow CPU time (above 1: we are faster)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
