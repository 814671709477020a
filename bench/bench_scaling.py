"""Benchmark: how each hot path's cost grows with its work, at sizes a factor of 10 apart.

For every public hot path the same work is timed at three sizes (events per ticket,
turns per transcript, years of calendar, follow-ups per plan with VIP demand below
and above capacity, tickets per replay, events per workflow log) and the cost per
unit is printed with the growth ratio of each size to the smallest. A linear path
keeps a ratio near 1; a ratio that keeps growing with the size is a superlinear path,
which is a bug. Times are CPU time (``time.process_time``), the main figure because
the machines are shared, with wall time beside it, best of ``--repeat`` runs after
one untimed call (``bench/_timing.py``), with the garbage collector left on: its
scans of a growing heap are part of how a path's cost grows. ``--quick`` runs the
two smaller sizes only.

    python bench/bench_scaling.py            # every path, three sizes
    python bench/bench_scaling.py --quick    # two sizes, for a smoke test
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence

import complaintflow as cf
from _timing import best
from complaintflow._time import to_us

US = 1_000_000
SH = "Asia/Shanghai"


# -- the paths -------------------------------------------------------------------------


def sla_pauses(n: int) -> tuple[Callable[[], object], int]:
    """SLA evaluation of one ticket with ``n`` pause/resume pairs (events per ticket)."""
    target = cf.sla.SlaTarget(
        "reply", "SLA-3", cf.Duration.parse("3 calendar days"), cf.calendars.default("24x7"),
        start=("s",), stop=("x",), pause=("p",), resume=("r",),
    )  # fmt: skip
    policy = cf.sla.SlaPolicy([target])
    t0 = to_us(cf.parse_instant("2026-01-05T00:00:00+08:00"), "t0")
    events = [("s", t0)]
    for i in range(n):
        events += [("p", t0 + (2 * i + 1) * US), ("r", t0 + (2 * i + 2) * US)]
    now = cf.parse_instant("2026-02-05T00:00:00+08:00")
    return (lambda: cf.sla.evaluate(policy, events, now)), len(events)


def calendar_years(n: int) -> tuple[Callable[[], object], int]:
    """Business-time ``add`` from a start in each of ``n`` years, in time order (the
    index extends year by year)."""
    data = {"timezone": SH, "hours": {"mon-fri": ["09:00-12:00", "13:30-18:00"]}}
    starts = [cf.parse_instant(f"{2030 + y}-03-02T10:00:00+08:00") for y in range(n)]
    eight = cf.Duration.parse("8 business hours")

    def run() -> None:
        cal = cf.BusinessCalendar.from_dict(data)  # a fresh index each run
        for start in starts:
            cal.add(start, eight)

    return run, n


def script_turns(n: int) -> tuple[Callable[[], object], int]:
    """A transcript of ``n`` turns, each agent turn holding a forbidden phrase's
    characters inside an allowed phrase (an allow-list exception per turn)."""
    pack = cf.scripts.default("zh_CN")
    turns = [cf.scripts.Turn("agent", "您好，我是中国联通的客服代表。")]
    for i in range(n - 2):
        if i % 2:
            turns.append(cf.scripts.Turn("customer", "我的宽带不行驶了吗？信号不行。"))
        else:
            turns.append(cf.scripts.Turn("agent", "这个不行驶的提示是系统的，我们马上处理。"))
    turns.append(cf.scripts.Turn("agent", "感谢您的来电，祝您生活愉快，再见！"))
    return (lambda: cf.scripts.validate_transcript(pack, turns)), len(turns)


def _plan_case(n: int, vip_share: float, agents: int) -> tuple[Callable[[], object], int]:
    start = cf.parse_instant("2026-05-06T08:00:00+08:00")
    shift = cf.BusinessCalendar.from_dict(
        {"timezone": SH, "hours": {"daily": ["08:00-12:00", "14:00-21:00"]}}
    )
    team = [cf.followup.Agent(f"A{i:03d}", shift, capacity_per_hour=4) for i in range(agents)]
    vips = int(n * vip_share)
    due = [
        cf.followup.DueFollowup(
            f"K{i:06d}",
            cf.followup.Customer(f"C{i:06d}", SH, vip=i < vips, phones=[f"138{i:08d}"]),
            start - dt.timedelta(hours=1 + i % 40),
        )
        for i in range(n)
    ]
    end = start + dt.timedelta(days=3)
    policy = cf.followup.default()
    return (lambda: cf.followup.plan(policy, due, team, start=start, end=end)), n


def plan_vips_fit(n: int) -> tuple[Callable[[], object], int]:
    """``plan`` of ``n`` due follow-ups, 10 % VIPs, capacity above demand."""
    return _plan_case(n, 0.1, max(2, n // 100))


def plan_vips_over(n: int) -> tuple[Callable[[], object], int]:
    """``plan`` of ``n`` due follow-ups over ``n / 500`` agents, all VIPs, demand about
    four times the capacity (100,000 over 200 agents at the largest size)."""
    return _plan_case(n, 1.0, max(1, n // 500))


def replay_tickets(n: int) -> tuple[Callable[[], object], int]:
    """``replay`` of ``n`` pre-generated synthetic tickets under the default policy."""
    start = cf.parse_instant("2026-03-02T00:00:00+08:00")
    tickets = list(cf.synthetic.generate_tickets(n, seed=5, start=start, days=3))
    policy = cf.default_policy()
    now = start + dt.timedelta(days=10)
    return (lambda: cf.policy.replay(tickets, policy, now=now)), n


def workflow_log(n: int) -> tuple[Callable[[], object], int]:
    """``replay_events`` of one complaint log with ``n`` progress reports."""
    wf = cf.workflows.default("complaint")
    at = cf.parse_instant("2026-03-02T09:00:00+08:00")
    intake = {"complainant": "王女士", "contact": "138", "channel": "phone",
              "content": "x", "category": "billing"}  # fmt: skip
    log = [
        cf.Event("register", at, intake),
        cf.Event("accept", at, {"department": "计费中心"}),
        cf.Event("investigate", at, {"owner": "张工", "problem_kind": "service"}),
    ]
    log += [cf.Event("report_progress", at, {"progress": "处理中"}) for _ in range(n)]
    return (lambda: cf.workflows.replay_events(wf, "T", log)), len(log)


#: Limits in CPU seconds for the largest size of a path (the others have none).
LIMITS = {"plan, VIPs over capacity": 10.0}

#: name, unit, the three sizes, the case builder
PATHS: Sequence[
    tuple[str, str, tuple[int, int, int], Callable[[int], tuple[Callable[[], object], int]]]
] = (
    ("SLA evaluate, pauses per ticket", "event", (10, 100, 1000), sla_pauses),
    ("calendar add, years of index", "year", (1, 10, 100), calendar_years),
    ("script check, turns per transcript", "turn", (100, 1000, 10000), script_turns),
    ("plan, VIPs fit", "follow-up", (1000, 10000, 100000), plan_vips_fit),
    ("plan, VIPs over capacity", "follow-up", (1000, 10000, 100000), plan_vips_over),
    ("replay, tickets", "ticket", (200, 2000, 20000), replay_tickets),
    ("workflow replay_events, log length", "event", (10, 100, 1000), workflow_log),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--quick", action="store_true", help="the two smaller sizes only")
    parser.add_argument("--only", default="", help="run the paths whose name contains this")
    args = parser.parse_args(argv)
    print(f"best of {args.repeat}; growth in CPU time")
    print(f"{'path':<38} {'size':>8} {'CPU µs/unit':>12} {'wall':>10} {'growth':>8}")
    for name, unit, sizes, build in PATHS:
        if args.only and args.only not in name:
            continue
        base: float | None = None
        for size in sizes[:2] if args.quick else sizes:
            fn, units = build(size)
            per_unit, wall = best(fn, args.repeat, warm=True, gc_off=False).us(units)
            base = per_unit if base is None else base
            ratio = per_unit / base if base else float("nan")
            print(f"{name:<38} {size:>8,} {per_unit:>12.2f} {wall:>10.2f} {ratio:>7.2f}x   "
                  f"per {unit}")  # fmt: skip
            limit = LIMITS.get(name)
            if limit is not None and size == sizes[-1]:
                seconds = per_unit * units / 1e6
                verdict = "met" if seconds < limit else "NOT met"
                print(f"{'':<38} {'':>8} {seconds:>11.2f}s  limit {limit:.0f} s CPU: {verdict}")
    print("\ngrowth: cost per unit at this size over the smallest size (1.00x is linear)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
