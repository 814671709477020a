"""Quickstart: a synthetic day at a complaint hotline under the default policy.

Run with ``python examples/quickstart.py``. Everything is pure and seeded: the
tickets come from ``cf.synthetic.generate_tickets(seed=...)`` and every "now" is a given
instant, never the clock, so the output is the same on every run.

The tour, in the order a hotline lives it:

1. the day's tickets flow through the workflow; two are shown step by step with
   the effects each step asks the host to perform;
2. SLA clocks of a few open tickets at the end of the day, and when to look again
   (``next_check_at``);
3. a return-visit plan (``cf.followup.plan``) for the resolved complaints, over three agents;
4. script checks of three call transcripts, one in Traditional Chinese;
5. the day's report: ``cf.policy.replay`` summary, compliance per SLA target, violations;
6. a few deadlines on the official China calendar (make-up working days included).
"""

from __future__ import annotations

import collections

import complaintflow as cf

policy = cf.default_policy()  # every rule of DOMAIN.md, with its rule ID
monday = cf.parse_instant("2026-03-02T00:00:00+08:00")
end_of_day = monday.add(days=1)  # "now" for the whole tour: Tuesday 00:00
# SLA-9's busiest day: 922 contacts, 110 in the peak hour.
day = list(cf.synthetic.generate_tickets(922, seed=2026, start=monday, days=1))
# Each ticket's outcome as of Tuesday 00:00, lazily and in input order.
outcomes = list(cf.policy.replay_tickets(day, policy, now=end_of_day))


def heading(text: str) -> None:
    print(f"\n== {text}")


def attributes(ticket: dict[str, object]) -> dict[str, str]:
    """The ticket attributes SLA overrides may select on."""
    return {k: str(ticket[k]) for k in ("tier", "priority", "category", "channel")}


# -- 1. Tickets through the workflow -----------------------------------------------------
heading(f"1. {len(day)} contacts on Monday 2 March 2026; two of them step by step")
by_workflow = collections.Counter(str(t["workflow"]) for t in day)
print("   " + ", ".join(f"{n} {w}" for w, n in by_workflow.most_common()))
vip_complaint = next(
    t for t in day if t["tier"] == "VIP" and any(e["name"] == "confirm" for e in t["events"])
)
inquiry = next(t for t in day if t["workflow"] == "inquiry" and len(t["events"]) > 2)
for ticket in (vip_complaint, inquiry):
    definition = policy.workflows[ticket["workflow"]]
    snapshot = cf.workflows.start(definition, ticket["ticket_id"])
    print(f"\n   {ticket['ticket_id']} ({ticket['workflow']}, {ticket['tier']}, "
          f"{ticket['category']}, via {ticket['channel']})")  # fmt: skip
    for record in ticket["events"]:
        event = cf.Event.from_dict(record)
        snapshot, effects = cf.workflows.transition(definition, snapshot, event)
        todo = "; ".join(f"{e.kind} ({e.rule})" for e in effects) or "-"
        print(f"   {event.at:%H:%M} {event.name:<12} -> {snapshot.state:<22} effects: {todo}")
    accepted = definition.accepts(snapshot.state)
    allowed = cf.workflows.allowed_events(definition, snapshot)  # guards checked, no new payload
    if snapshot.state in definition.terminal:
        print("   next: nothing, the ticket is in a terminal state")
    else:
        print(f"   next: accepts {', '.join(accepted)}; allowed now: {', '.join(allowed)}")

# -- 2. SLA clocks of open tickets ---------------------------------------------------------
heading("2. SLA clocks of three open complaints at Tuesday 00:00")
open_states = ("accepted", "investigating_quality", "solution_proposed")
for state in open_states:
    ticket = next(t for t, o in zip(day, outcomes, strict=True) if o.state == state)
    events = [cf.Event(e["name"], cf.parse_instant(e["at"])) for e in ticket["events"]]
    report = cf.sla.evaluate(
        policy.sla, events, end_of_day, ticket=ticket["ticket_id"], attributes=attributes(ticket)
    )
    print(f"   {ticket['ticket_id']} ({state})")
    for status in report.targets:
        if status.state is cf.sla.TargetState.NOT_STARTED:
            continue
        if status.stopped_at is not None:
            when = f"stopped {status.stopped_at:%a %d %b %H:%M}"
        else:
            when = f"due {status.deadline:%a %d %b %H:%M}"
        print(f"     {status.rule:<6} {status.target:<14} {status.state.value:<8} {when}")
    when = report.next_check_at
    print(f"     next_check_at: {when:%a %d %b %H:%M}" if when else "     next_check_at: -")

# -- 3. Return visits for the resolved complaints ------------------------------------------
resolved = [t for t, o in zip(day, outcomes, strict=True) if o.state == "resolved"]
heading(f"3. Return-visit plan for Tuesday: {len(resolved)} resolved complaints, 3 agents")
due = []
for ticket in resolved:
    customer = ticket["customer"]
    confirmed = next(e["at"] for e in ticket["events"] if e["name"] in ("confirm", "conclude"))
    due.append(
        cf.followup.DueFollowup(
            ticket["ticket_id"],
            cf.followup.Customer(
                customer["id"],
                customer["timezone"],
                vip=ticket["tier"] == "VIP",
                phones=customer["numbers"],
                sms=customer["numbers"],
            ),
            triggered_at=cf.parse_instant(confirmed),
            skill="network" if ticket["category"] == "network" else None,
        )
    )
office = policy.calendars["office"]
team = [
    cf.followup.Agent("li", office, {"network"}, capacity_per_hour=3),
    cf.followup.Agent("wang", office, capacity_per_hour=2),
    cf.followup.Agent("zhao", office, {"network"}, capacity_per_hour=2, load=4),
]
tuesday = monday.add(days=1)
day_plan = cf.followup.plan(policy.followup, due, team, start=tuesday, end=tuesday.add(days=1))
for a in day_plan.assignments[:6]:
    vip = " VIP" if a.vip else ""
    print(f"   {a.at:%H:%M} {a.agent_id:<5} calls {a.case_id} by {a.channel.value}{vip}")
print(f"   ... {len(day_plan.assignments)} planned, {len(day_plan.unplanned)} unplanned")
s = day_plan.summary
print(
    f"   VIP coverage {s.vip_coverage:.0%} (FU-2 wants 100%), within window {s.within_window:.0%}"
)
for load in s.loads:
    print(f"   {load.agent_id:<5} {load.load} queued + {load.assigned} planned")

# -- 4. Script checks ----------------------------------------------------------------------
heading("4. Script checks (SC-1..SC-9) on three return-visit calls")


def transcript(*turns: tuple[str, str]) -> cf.scripts.Transcript:
    return cf.scripts.Transcript.from_records(
        [
            {"speaker": s, "text": t, "start": 2 * i, "end": 2 * i + 2}
            for i, (s, t) in enumerate(turns)
        ]
    )


good = transcript(
    ("agent", "您好，我是中国联通客服代表，请问您是王先生吗？"),
    ("customer", "是的。"),
    ("agent", "关于您反映的网速问题，请问您对处理结果满意吗？"),
    ("customer", "满意，谢谢。"),
    ("agent", "您对我们的服务还有什么意见或建议吗？"),
    ("customer", "没有了。"),
    ("agent", "感谢您的支持，再见。"),
)
poor_simplified = transcript(
    ("agent", "您好，我是中国联通的客服代表。你是王先生吗？"),
    ("customer", "不太满意，网速太慢了，我要投诉！"),
    ("agent", "不行，这个我们没办法，但我保证明天修好。"),
    ("agent", "感谢您的来电，再见。"),
)
poor_traditional = transcript(  # the same call, transcribed in Traditional Chinese
    ("agent", "您好，我是中國聯通的客服代表。你是王先生嗎？"),
    ("customer", "不太滿意，網速太慢了，我要投訴！"),
    ("agent", "不行，這個我們沒辦法，但我保證明天修好。"),
    ("agent", "感謝您的來電，再見。"),
)
pack = cf.scripts.default("zh_CN")
reports = {}
for name, call in [
    ("good", good),
    ("poor, simplified", poor_simplified),
    ("poor, traditional", poor_traditional),
]:
    reports[name] = r = cf.scripts.validate_transcript(pack, call)
    failed = sorted({f.rule for f in r.findings})
    print(f"   {name:<17} score {r.score:5.1f}  findings: {', '.join(failed) or 'none'}")
for f in reports["poor, traditional"].findings:
    print(f"     {f.rule} {f.severity:<8} turn {f.turn} {f.excerpt!r} (in the original text)")
same = [(x.rule_id, x.status) for x in reports["poor, simplified"].results] == [
    (x.rule_id, x.status) for x in reports["poor, traditional"].results
]
print(f"   Traditional judged like Simplified (SC-10): {same}")
assert same

# -- 5. The day's report -------------------------------------------------------------------
heading("5. The day's report (cf.policy.replay, as of Tuesday 00:00)")
report = cf.policy.replay(day, policy, now=end_of_day)
summary = report.summary()
print(f"   {summary['tickets']} tickets, {summary['failed']} not evaluable, "
      f"{summary['sla_met']} SLA clocks met, {summary['sla_breached']} breached, "
      f"{summary['violations']} rule violations")  # fmt: skip
# sla_records() has one row per target and segment (tier, category): add them up.
totals = {t.name: collections.Counter[str]() for t in policy.sla.targets}
for row in report.sla_records():
    for key in ("met", "breached", "running", "paused", "earlier_cycles", "cycles_breached"):
        totals[str(row["target"])][key] += int(row[key])
print(f"   {'rule':<6} {'target':<14} {'met':>5} {'breached':>8} {'running':>7}  compliance"
      "   earlier cycles (breached)")  # fmt: skip
for target in policy.sla.targets:
    n = totals[target.name]
    if not any(n.values()):
        print(f"   {target.rule:<6} {target.name:<14} never started (no such events in the export)")
        continue
    rate = f"{n['met'] / (n['met'] + n['breached']):.1%}" if n["met"] + n["breached"] else "-"
    running = n["running"] + n["paused"]
    counts = f"{n['met']:>5} {n['breached']:>8} {running:>7}"
    # Earlier cycles: a reply owed again after a dissatisfied answer (FLOW-6), a re-dispatch.
    cycles = f"{n['earlier_cycles']} ({n['cycles_breached'] - n['breached']})"
    print(f"   {target.rule:<6} {target.name:<14} {counts}  {rate:>10}   {cycles}")
violations = collections.Counter[str]()
for row in report.violation_records():
    violations[str(row["rule"])] += int(row["count"])
print("   violations: " + ", ".join(f"{rule} x{n}" for rule, n in sorted(violations.items())))

# -- 6. Deadlines on the official calendar -------------------------------------------------
heading("6. Deadlines on the official China calendar (2026)")
cases = [
    ("SLA-2", "dispatch", "2026-02-13T17:20:00+08:00", "1 business hour"),
    ("SLA-3", "reply", "2026-09-30T16:00:00+08:00", "2 business days"),
    ("SLA-6", "return visit", "2026-09-30T16:00:00+08:00", "3 calendar days"),
]
for rule, what, start_text, within in cases:
    start = cf.parse_instant(start_text)
    print(f"   {rule} {what:<13} from {start:%a %d %b %H:%M} + {within:<16} "
          f"-> {office.add(start, within):%a %d %b %H:%M}")  # fmt: skip
print("   (Sat 14 Feb is a make-up working day, 调休; 1-7 Oct is National Day)")
