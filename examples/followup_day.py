# %% [markdown]
# # A day of return visits (FU-1 to FU-13)
#
# Ask whether a customer may be called, see which rules refuse and when to retry;
# then plan the day's due return visits over a small team and read the summary.

# %%
import pendulum

from complaintflow import followup
from complaintflow.calendars import BusinessCalendar
from complaintflow.followup import (
    Agent,
    Appointment,
    Attempt,
    Customer,
    DueFollowup,
    OptOut,
    Purpose,
    decide,
    next_allowed,
    plan,
)

TZ = "Asia/Shanghai"
policy = followup.default()
resolved = pendulum.datetime(2026, 5, 5, 18, tz=TZ)
wang = Customer("wang", TZ, vip=True, phones=["13800000001"], sms=["13800000001"])

# %% [markdown]
# One question: a call in the lunch rest, after a failed call this morning.

# %%
lunch = pendulum.datetime(2026, 5, 6, 12, 30, tz=TZ)
d = decide(policy, wang, Purpose.SERVICE, lunch, [Attempt(lunch.subtract(hours=3))],
           triggered_at=resolved)  # fmt: skip
print("allowed:", d.allowed, "retry at:", d.retry_at)
for entry in d.trace:
    verdict = "pass" if entry.passed else "REFUSED"
    print(f"  {entry.rule_id:6} {entry.check:8} {verdict:8} {entry.detail}")

# %% [markdown]
# A customer in New York, asked at 22:00 local: rest hours end at 08:00 there.

# %%
ny = Customer("smith", "America/New_York", phones=["+12125550100"])
late = pendulum.datetime(2026, 3, 7, 22, tz="America/New_York")
print("New York:", next_allowed(policy, ny, Purpose.SERVICE, late).at)

# %% [markdown]
# The day's plan: three agents, ten due follow-ups, one opted out, one with an
# appointment in the lunch rest.

# %%
shift = BusinessCalendar.from_dict({"timezone": TZ, "hours": {"daily": ["09:00-18:00"]}})
team = [
    Agent("li", shift, {"broadband"}, capacity_per_hour=2),
    Agent("zhao", shift, {"broadband", "iptv"}, capacity_per_hour=1, load=2),
]
start = pendulum.datetime(2026, 5, 6, 8, tz=TZ)
due = []
for i in range(10):
    customer = Customer(f"c{i}", TZ, vip=i % 5 == 0, phones=[f"1390000000{i}"])
    if i == 3:
        customer = Customer("c3", TZ, phones=["13900000003"], opt_outs=[OptOut(resolved)])
    if i == 4:
        slot = Appointment(start.add(hours=4, minutes=30), start.add(hours=5))
        customer = Customer("c4", TZ, phones=["13900000004"], appointments=[slot])
    skill = "iptv" if i % 4 == 1 else "broadband"
    due.append(DueFollowup(f"case{i}", customer, resolved.add(hours=i), skill=skill))
p = plan(policy, due, team, start=start, end=start.add(days=1))
for a in p.assignments:
    print(a.at.format("HH:mm"), a.agent_id, a.case_id, *(["VIP"] if a.vip else []))
for u in p.unplanned:
    print("unplanned", u.case_id, u.rule_id, u.reason)
s = p.summary
print(f"VIP coverage {s.vip_coverage:.0%}, within window {s.within_window:.0%}")
for load in s.loads:
    print(f"  {load.agent_id}: {load.load} queued + {load.assigned} planned, "
          f"{load.per_capacity:.1f} per unit of hourly capacity")  # fmt: skip
